"""Teams on PostgreSQL: two servers (two stores, each with its REST API) on one database share
accounts and tokens (a token made through one is accepted by the other; revoked, it is refused at
once by both), and a project made before accounts (schema 5) migrates with its authors intact.

Skipped without $WORKBENCH_TEST_POSTGRES_URL (run-tests.sh starts a local server and sets it).
Each test works in a schema of its own, dropped afterwards, so it never touches other tables of
that database."""

from __future__ import annotations

import os
import secrets
from urllib.parse import quote

import pytest

from workbench import service
from workbench.config import sample_report
from workbench.service import teams
from workbench.store import SCHEMA_VERSION, Store

URL = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(not URL, reason="no PostgreSQL server ($WORKBENCH_TEST_POSTGRES_URL is not set)"),
]

PASSWORD = "shared by two servers"


@pytest.fixture(autouse=True)
def _nobody_acts():
    teams.set_actor(None)
    yield
    teams.set_actor(None)


@pytest.fixture
def url():
    """The test database URL with a schema of this test's own first on the search path."""
    from sqlalchemy import create_engine, text

    schema = f"wb_teams_{secrets.token_hex(4)}"
    engine = create_engine(URL)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    joiner = "&" if "?" in URL else "?"
    yield f"{URL}{joiner}options={quote(f'-csearch_path={schema}')}"
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def test_two_servers_share_accounts_and_tokens(url):
    from fastapi.testclient import TestClient

    from workbench.ui.rest import build_api

    one, two = Store(url), Store(url)  # two servers on one database
    try:
        assert "users" in two.tables() and one.tables() == two.tables()
        service.import_document(one, sample_report())
        teams.add_user(one, "ada", "admin", PASSWORD)
        teams.add_user(two, "rui", "reviewer", PASSWORD)
        assert (
            [u["name"] for u in teams.list_users(one)] == ["ada", "rui"] == [u["name"] for u in teams.list_users(two)]
        )
        assert teams.verify_password(one, "rui", PASSWORD) and teams.verify_password(two, "ada", PASSWORD)

        token = teams.new_token(one, "rui")  # made through the first server
        assert teams.token_account(two, token) == teams.Actor("rui")
        apis = [TestClient(build_api(s)) for s in (one, two)]
        bearer = {"Authorization": f"Bearer {token}"}
        saved = apis[1].put(
            "/documents/1/segments/2", json={"target": "Saved through two", "base_revision": 0}, headers=bearer
        )
        assert saved.status_code == 200 and saved.json()["history"][-1]["author"] == "rui"
        assert apis[0].get("/documents/1/segments/2", headers=bearer).json()["target"] == "Saved through two"

        teams.set_role(two, "rui", "viewer")  # a role change through one server holds on the other at once
        refused = apis[0].put(
            "/documents/1/segments/2", json={"target": "As a viewer", "base_revision": 1}, headers=bearer
        )
        assert refused.status_code == 403
        teams.set_role(one, "rui", "reviewer")

        assert teams.revoke_tokens(two, "rui") == 1  # revoked through the second server
        for store, api in zip((one, two), apis, strict=True):
            with pytest.raises(teams.LoginRequired, match="not valid"):
                teams.token_account(store, token)
            answer = api.get("/documents", headers=bearer)
            assert answer.status_code == 401 and "not valid" in answer.json()["error"]
        with teams.acting_as("ada"):
            actions = [e["action"] for e in teams.audit_entries(one)]
        assert {"user add", "token add", "save", "user role", "token revoke"} <= set(actions)
        assert actions == [e["action"] for e in teams.audit_entries(two)]  # one trail
    finally:
        one.dispose()
        two.dispose()


def test_a_project_from_before_accounts_migrates_on_postgresql(url):
    from sqlalchemy import text

    store = Store(url)
    service.import_document(store, sample_report())
    service.save_review(store, 1, "Old text", "reviewed", "Wang Fang", 0, score=75)
    service.save_review(store, 2, "Other text", "translated", "Li Na", 0)
    later = ("assignments", "campaign_task_items", "campaign_annotations", "campaign_ratings", "campaign_items")
    later = (*later, "campaign_systems")
    with store.engine.begin() as connection:  # as a workbench before accounts left it: schema 5
        for table in (*later, "campaigns", "api_tokens", "audit_log", "users"):
            connection.execute(text(f"DROP TABLE {table}"))
        connection.execute(text("UPDATE meta SET value = '5' WHERE key = 'schema_version'"))
    store.dispose()

    store = Store(url)
    try:
        assert store.migrate() == SCHEMA_VERSION
        assert {"users", "api_tokens", "audit_log", "assignments", "campaigns"} <= set(store.tables())
        assert service.history(store, 1)[-1]["author"] == "Wang Fang"
        assert service.history(store, 2)[-1]["author"] == "Li Na"
        assert service.segment_detail(store, 1)["reviewer"] == "Wang Fang"
        teams.add_user(store, "wang", "reviewer", PASSWORD)
        with teams.acting_as("wang"):
            service.save_review(store, 1, "New text", "approved", "", 1)
        assert [h["author"] for h in service.history(store, 1)] == ["Wang Fang", "wang"]
    finally:
        store.dispose()

"""The REST API (/api/v1/) and `serve` with accounts: documents, a page of segments, one segment
with its history, a save with its base revision (409 when stale), bearer tokens, roles (403),
JSON errors, the OpenAPI schema; the app's login against the project's accounts."""

from __future__ import annotations

import logging
import shutil
import sqlite3

import httpx
import pytest
from fastapi.testclient import TestClient

from workbench import service
from workbench.service import teams
from workbench.store import Store
from workbench.ui import launch
from workbench.ui.common import free_port
from workbench.ui.rest import build_api

PASSWORD = "a long pass phrase"


@pytest.fixture(autouse=True)
def _no_actor_source():
    yield
    teams.set_actor_source(None)


def small_project(tmp_path, name="p.db") -> Store:
    store = Store(tmp_path / name)
    report = tmp_path / "r.txt"
    report.write_text("标题\n\n第一句话。第二句话。第三句话。\n", "utf-8")
    service.import_document(store, report)
    return store


@pytest.fixture
def solo(tmp_path):
    store = small_project(tmp_path)
    return store, TestClient(build_api(store))


def test_without_accounts_no_token_is_needed(solo):
    store, client = solo
    documents = client.get("/documents").json()["documents"]
    assert documents == [{"id": 1, "title": "标题", "segments": 4}]
    page = client.get("/documents/1/segments", params={"offset": 1, "limit": 2}).json()
    assert page["total"] == 4 and [s["number"] for s in page["segments"]] == [2, 3]
    assert set(page["segments"][0]) >= {"number", "source", "target", "status", "revision"}
    one = client.get("/documents/1/segments/2").json()
    assert one == {"number": 2, "source": "第一句话。", "target": "", "status": "new", "revision": 0, "history": []}

    saved = client.put(
        "/documents/1/segments/2",
        json={"target": "The first sentence.", "status": "reviewed", "base_revision": 0, "score": 80, "comment": "ok"},
    )
    assert saved.status_code == 200
    body = saved.json()
    assert body["revision"] == 1 and body["target"] == "The first sentence." and body["status"] == "reviewed"
    assert body["history"][0]["revision"] == 1 and body["history"][0]["target"] == "The first sentence."
    assert set(body["history"][0]) >= {"revision", "author", "time", "target"}
    assert service.segment_detail(store, 2)["score"] == 80


def test_a_stale_base_revision_is_409_with_the_current_segment(solo):
    store, client = solo
    assert client.put("/documents/1/segments/3", json={"target": "First", "base_revision": 0}).status_code == 200
    stale = client.put("/documents/1/segments/3", json={"target": "Second", "base_revision": 0})
    assert stale.status_code == 409
    body = stale.json()
    assert "changed by" in body["error"] and body["current"]["target"] == "First" and body["current"]["revision"] == 1
    assert service.segment_detail(store, 3)["target"] == "First"


@pytest.mark.parametrize(
    "method, path, body, status, message",
    [
        ("get", "/documents/9/segments/1", None, 404, "no document with id 9"),
        ("get", "/documents/1/segments/99", None, 404, "document 1 has no segment 99"),
        ("get", "/documents/1/segments?limit=0", None, 400, "limit"),
        ("put", "/documents/1/segments/2", {"target": "x"}, 400, "base_revision"),
        ("put", "/documents/1/segments/2", {"target": "x", "base_revision": 0, "status": "done"}, 400, "unknown"),
        ("put", "/documents/1/segments/2", {"target": "x", "base_revision": 0, "score": 101}, 400, "between 0 and 100"),
        ("put", "/documents/1/segments/2", {"target": "x", "base_revision": 0, "extra": 1}, 400, "extra"),
        ("get", "/nowhere", None, 404, "Not Found"),
    ],
)
def test_errors_are_json_with_a_message(solo, method, path, body, status, message):
    _, client = solo
    answer = client.request(method.upper(), path, json=body)
    assert answer.status_code == status and message in answer.json()["error"], answer.text
    assert set(answer.json()) == {"error"}


def test_the_openapi_schema(solo):
    _, client = solo
    schema = client.get("/openapi.json").json()
    assert {"/documents", "/documents/{document}/segments", "/documents/{document}/segments/{number}"} <= set(
        schema["paths"]
    )
    assert "put" in schema["paths"]["/documents/{document}/segments/{number}"]


@pytest.fixture(scope="module")
def team_template(tmp_path_factory):
    """A project with one account of each role and their tokens, made once per module (password
    hashing is slow on purpose); each test gets its own copy of the database file."""
    folder = tmp_path_factory.mktemp("team")
    store = small_project(folder)
    tokens = {}
    roles = [("ada", "admin"), ("tom", "translator"), ("rui", "reviewer"), ("ras", "rater"), ("vic", "viewer")]
    for name, role in roles:
        teams.add_user(store, name, role, PASSWORD)
        tokens[name] = teams.new_token(store, name)
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.dispose()
    return folder / "p.db", tokens


@pytest.fixture
def team(tmp_path, team_template):
    template, tokens = team_template
    shutil.copyfile(template, tmp_path / "p.db")
    store = Store(tmp_path / "p.db")
    return store, TestClient(build_api(store)), dict(tokens)


def tables(store: Store) -> dict:
    path = store.url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as raw:
        names = [r[0] for r in raw.execute("select name from sqlite_master where type='table'")]
        return {n: raw.execute(f"select * from {n}").fetchall() for n in names if n != "audit_log"}


SAVES = [
    # (account, body, allowed, the role a refusal names)
    ("ada", {"status": "approved", "score": 90}, True, None),
    ("rui", {"status": "approved", "score": 70, "comment": "good"}, True, None),
    ("rui", {"status": "rejected"}, True, None),
    ("tom", {"status": "translated"}, True, None),
    ("tom", {"status": "reviewed", "comment": "done"}, True, None),
    ("tom", {"status": "approved"}, False, "reviewer"),
    ("tom", {"score": 50}, False, "reviewer"),
    ("ras", {}, False, "translator or reviewer"),
    ("vic", {"status": "translated"}, False, "translator or reviewer"),
]


@pytest.mark.parametrize("who, extra, allowed, needed", SAVES)
def test_a_save_by_role(team, who, extra, allowed, needed):
    store, client, tokens = team
    before = tables(store)
    logged = len(teams.audit_entries(store))
    answer = client.put(
        "/documents/1/segments/2",
        json={"target": f"Saved by {who}", "base_revision": 0, **extra},
        headers={"Authorization": f"Bearer {tokens[who]}"},
    )
    if allowed:
        assert answer.status_code == 200, answer.text
        assert answer.json()["history"][-1]["author"] == who
        assert teams.audit_entries(store, user=who)[-1]["action"] in ("save", "approve", "reject")
    else:
        assert answer.status_code == 403
        assert answer.json()["error"].endswith(f"needs the role {needed}")
        assert tables(store) == before  # only the audit log may change
        trail = teams.audit_entries(store)
        assert len(trail) == logged + 1  # and it gains one line: who, what, the role needed
        assert trail[-1]["account"] == who and trail[-1]["what"] == f"refused: needs {needed}"


@pytest.mark.parametrize("who, code", [("ada", 200), ("tom", 200), ("rui", 200), ("vic", 200), ("ras", 403)])
def test_reading_by_role(team, who, code):
    store, client, tokens = team
    before, logged = tables(store), len(teams.audit_entries(store))
    answer = client.get("/documents/1/segments/2", headers={"Authorization": f"Bearer {tokens[who]}"})
    assert answer.status_code == code
    if code == 403:
        assert tables(store) == before
        trail = teams.audit_entries(store)
        assert len(trail) == logged + 1 and (trail[-1]["account"], trail[-1]["action"]) == (who, "read")
        assert trail[-1]["what"] == "refused: needs translator, reviewer or viewer"


@pytest.mark.parametrize(
    "header, message",
    [
        (None, "this project has accounts: send Authorization: Bearer TOKEN"),
        ("Basic abc", "malformed Authorization header"),
        ("Bearer nonsense", "malformed API token"),
        ("Bearer wb_" + "A" * 43, "not valid"),
    ],
)
def test_no_valid_token_is_401(team, header, message):
    store, client, _ = team
    before = tables(store)
    answer = client.put(
        "/documents/1/segments/2",
        json={"target": "x", "base_revision": 0},
        headers={"Authorization": header} if header else {},
    )
    assert answer.status_code == 401 and message in answer.json()["error"]
    assert "nonsense" not in answer.text
    assert tables(store) == before


def test_a_revoked_token_and_a_disabled_account_are_refused_at_once(team):
    store, client, tokens = team
    headers = {"Authorization": f"Bearer {tokens['rui']}"}
    assert client.get("/documents", headers=headers).status_code == 200
    teams.revoke_tokens(store, "rui")
    assert client.get("/documents", headers=headers).status_code == 401
    headers = {"Authorization": f"Bearer {tokens['tom']}"}
    teams.disable_user(store, "tom")
    assert client.get("/documents", headers=headers).status_code == 401


def test_a_role_change_takes_effect_at_once(team):
    store, client, tokens = team
    headers = {"Authorization": f"Bearer {tokens['vic']}"}
    body = {"target": "Now a translator", "base_revision": 0}
    assert client.put("/documents/1/segments/2", json=body, headers=headers).status_code == 403
    teams.set_role(store, "vic", "translator")
    assert client.put("/documents/1/segments/2", json=body, headers=headers).status_code == 200


def test_two_accounts_see_each_others_names_in_a_conflict(team):
    store, client, tokens = team
    first = client.put(
        "/documents/1/segments/2",
        json={"target": "Rui's text", "base_revision": 0},
        headers={"Authorization": f"Bearer {tokens['rui']}"},
    )
    assert first.status_code == 200
    second = client.put(
        "/documents/1/segments/2",
        json={"target": "Tom's text", "base_revision": 0},
        headers={"Authorization": f"Bearer {tokens['tom']}"},
    )
    assert second.status_code == 409 and "changed by rui" in second.json()["error"]
    assert second.json()["current"]["history"][-1]["author"] == "rui"


# ------------------------------------------------------------------------ a real server with accounts


@pytest.fixture
def team_server(tmp_path):
    store = small_project(tmp_path, "team.db")
    teams.add_user(store, "rui", "reviewer", PASSWORD)
    teams.add_user(store, "vic", "viewer", PASSWORD)
    token = teams.new_token(store, "rui")
    port = free_port()
    app = launch(tmp_path / "team.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}", store, token
    finally:
        app.close()
        teams.set_actor_source(None)


def test_serve_with_accounts_login_api_and_author(team_server, caplog):
    base, store, token = team_server
    caplog.set_level(logging.DEBUG)
    schema = httpx.get(f"{base}/api/v1/openapi.json", timeout=30)
    assert schema.status_code == 200 and "/documents" in schema.json()["paths"]
    assert httpx.get(f"{base}/api/v1/documents", timeout=30).status_code == 401
    foreign = httpx.get(
        f"{base}/api/v1/documents", headers={"Host": "evil.example", "Authorization": f"Bearer {token}"}, timeout=30
    )
    assert foreign.status_code == 400  # the Host check guards the API too
    cross_site = httpx.put(
        f"{base}/api/v1/documents/1/segments/2",
        json={"target": "From another site", "base_revision": 0},
        headers={"Origin": "https://evil.example", "Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert cross_site.status_code == 403 and service.segment_detail(store, 2)["target"] == ""
    answer = httpx.put(
        f"{base}/api/v1/documents/1/segments/2",
        json={"target": "Over the network", "base_revision": 0, "status": "approved"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 200 and answer.json()["history"][-1]["author"] == "rui"

    with httpx.Client(base_url=base, timeout=30) as browser:
        wrong = browser.post("/login", data={"username": "rui", "password": "Zq-guess-7731"})
        assert wrong.status_code == 400 and "Zq-guess-7731" not in wrong.text
        right = browser.post("/login", data={"username": "vic", "password": PASSWORD})
        assert right.status_code == 200 and right.json() == {"success": True}
        config = browser.get("/config").json()
        box = next(c for c in config["components"] if c.get("props", {}).get("elem_id") == "wb-reviewer")
        assert box["props"]["label"] == "Signed in as" and box["props"]["interactive"] is False
        # the viewer, through the app's own save endpoint, typing another name: refused by role
        sent = browser.post(
            "/gradio_api/call/save_segment", json={"data": [3, "by the viewer", "translated", None, "", "rui", None]}
        )
        result = browser.get(f"/gradio_api/call/save_segment/{sent.json()['event_id']}").text
        assert "vic (viewer) may not edit translations" in result
    assert service.segment_detail(store, 3)["target"] == ""
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "failed login for 'rui'" in logged
    for secret in ("Zq-guess-7731", PASSWORD, token):  # no password or token in the logs or the audit trail
        assert secret not in logged and secret not in teams.audit_csv(teams.audit_entries(store))
    actions = [(e["account"], e["action"]) for e in teams.audit_entries(store)]
    assert ("rui", "login failed") in actions and ("vic", "login") in actions and ("rui", "approve") in actions


def test_serve_with_accounts_the_signed_in_account_is_the_author(team_server):
    base, store, _ = team_server
    with httpx.Client(base_url=base, timeout=30) as browser:
        assert browser.post("/login", data={"username": "rui", "password": PASSWORD}).status_code == 200
        sent = browser.post(
            "/gradio_api/call/save_segment", json={"data": [3, "By Rui", "approved", 80, "", "someone else", 0]}
        )
        result = browser.get(f"/gradio_api/call/save_segment/{sent.json()['event_id']}").text
        assert '"saved": true' in result, result
    assert service.history(store, 3)[-1]["author"] == "rui"


def test_serve_auth_with_accounts_is_one_admin_for_the_run(tmp_path):
    store = small_project(tmp_path, "boss.db")
    teams.add_user(store, "tom", "translator", PASSWORD)
    port = free_port()
    db = tmp_path / "boss.db"
    app = launch(db, port=port, sample=None, prevent_thread_lock=True, quiet=True, auth=("boss", "s3"))
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as browser:
            assert browser.post("/login", data={"username": "boss", "password": "s3"}).json() == {"success": True}
            body = {"data": [2, "By the boss", "approved", None, "", "", 0]}
            sent = browser.post("/gradio_api/call/save_segment", json=body)
            result = browser.get(f"/gradio_api/call/save_segment/{sent.json()['event_id']}").text
            assert '"saved": true' in result, result
        assert service.history(store, 2)[-1]["author"] == "boss"
        assert [e["action"] for e in teams.audit_entries(store, user="boss")] == ["login", "approve"]
    finally:
        app.close()
        teams.set_actor_source(None)


def test_the_audit_tab_is_an_admins(tmp_path):
    """The app of a team's project has an Audit tab; its endpoint shows an admin the trail and
    refuses anyone else, naming the role."""
    store = small_project(tmp_path, "audit.db")
    teams.add_user(store, "ada", "admin", PASSWORD)
    teams.add_user(store, "tom", "translator", PASSWORD)
    port = free_port()
    app = launch(tmp_path / "audit.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)
    try:
        for who, expected in [("tom", "needs the role admin"), ("ada", "entries")]:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as browser:
                assert browser.post("/login", data={"username": who, "password": PASSWORD}).status_code == 200
                sent = browser.post("/gradio_api/call/audit", json={"data": ["", ""]})
                result = browser.get(f"/gradio_api/call/audit/{sent.json()['event_id']}").text
                assert expected in result, result
        assert "user add" in result and "login" in result
    finally:
        app.close()
        teams.set_actor_source(None)


def test_serve_auth_may_not_take_an_accounts_name(tmp_path):
    """--auth li:... beside an account li would make li an admin whatever password li signs in with."""
    from workbench.errors import WorkbenchError

    store = small_project(tmp_path, "clash.db")
    teams.add_user(store, "li", "translator", PASSWORD)
    with pytest.raises(WorkbenchError, match="the --auth user 'li' is also an account of this project"):
        launch(tmp_path / "clash.db", port=free_port(), sample=None, prevent_thread_lock=True, auth=("li", "x"))

"""A team on one PostgreSQL database: two `workbench serve` processes behave as one. A save on one
server is seen on the other, and a stale save there is refused as a conflict with the current text.
Needs WORKBENCH_TEST_POSTGRES_URL (run-tests.sh sets it); skipped without it."""

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from workbench import service
from workbench.config import sample_report
from workbench.store import Store
from workbench.ui.common import free_port

URL = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not URL, reason="no PostgreSQL server (run-tests.sh starts one when run as root)"),
]


def wait_until_up(server: subprocess.Popen, port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server on port {port} exited: {server.stderr.read().decode()[-1500:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the server on port {port} did not start")


@pytest.fixture
def two_servers(tmp_path):
    from sqlalchemy import create_engine, text

    engine = create_engine(URL)
    with engine.begin() as connection:  # a clean schema
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
    engine.dispose()
    store = Store(URL)
    service.import_document(store, sample_report())
    ports = [free_port(), free_port()]
    env = {**os.environ, "WORKBENCH_HOME": str(tmp_path / "home"), "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-c", "from workbench.cli import run; run()", "serve", "--project", URL, "--no-sample"]
    servers = [
        subprocess.Popen(command + ["--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 240
        for server, port in zip(servers, ports, strict=True):
            wait_until_up(server, port, deadline)
        yield store, ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        store.dispose()


def test_two_servers_on_one_database_behave_as_one(two_servers):
    from gradio_client import Client

    store, (port_a, port_b) = two_servers
    a = Client(f"http://127.0.0.1:{port_a}/", verbose=False)
    b = Client(f"http://127.0.0.1:{port_b}/", verbose=False)
    document = service.list_documents(store)[0]["id"]
    row = a.predict(document, 1, 10, "", api_name="/page_segments")["rows"][3]
    assert b.predict(document, 1, 10, "", api_name="/page_segments")["rows"][3] == row

    saved = a.predict(
        row["id"], "Saved on server A.", "reviewed", 80, "", "Li", row["revision"], api_name="/save_segment"
    )
    assert saved["saved"] and saved["revision"] == row["revision"] + 1
    seen = b.predict(document, 1, 10, "", api_name="/page_segments")["rows"][3]
    assert (seen["target"], seen["revision"], seen["status"]) == ("Saved on server A.", saved["revision"], "reviewed")

    # Wang on server B still has the page from before Li's save: refused, with Li's text
    stale = b.predict(
        row["id"], "Stale edit on B.", "reviewed", None, "", "Wang", row["revision"], api_name="/save_segment"
    )
    assert stale["saved"] is False and stale["conflict"] and stale["current_text"] == "Saved on server A."
    # after reloading, Wang's save on B goes through and A sees it, with both revisions in the history
    fresh = b.predict(
        row["id"], "Fixed on B.", "approved", None, "", "Wang", saved["revision"], api_name="/save_segment"
    )
    assert fresh["saved"] and fresh["revision"] == saved["revision"] + 1
    assert a.predict(document, 1, 10, "", api_name="/page_segments")["rows"][3]["target"] == "Fixed on B."
    authors = [h["author"] for h in service.history(store, row["id"])]
    assert "Li" in authors and "Wang" in authors


def test_two_servers_share_accounts_and_tokens(two_servers):
    """An account and a token made with one database are good on both servers; a token revoked
    while both run is refused by both on the next request; the author is the account."""
    import httpx

    from workbench.service import teams

    store, (port_a, port_b) = two_servers
    teams.add_user(store, "li", "reviewer", "pass phrase")
    teams.add_user(store, "wang", "viewer", "pass phrase")
    li, wang = teams.new_token(store, "li"), teams.new_token(store, "wang")
    a, b = f"http://127.0.0.1:{port_a}/api/v1", f"http://127.0.0.1:{port_b}/api/v1"
    document = service.list_documents(store)[0]["id"]
    saved = httpx.put(
        f"{a}/documents/{document}/segments/4",
        json={"target": "Saved through A.", "status": "approved", "base_revision": 0},
        headers={"Authorization": f"Bearer {li}"},
        timeout=30,
    )
    assert saved.status_code == 200 and saved.json()["history"][-1]["author"] == "li"
    seen = httpx.get(f"{b}/documents/{document}/segments/4", headers={"Authorization": f"Bearer {li}"}, timeout=30)
    assert seen.status_code == 200 and seen.json()["target"] == "Saved through A."
    refused = httpx.put(
        f"{b}/documents/{document}/segments/4",
        json={"target": "By a viewer", "base_revision": 1},
        headers={"Authorization": f"Bearer {wang}"},
        timeout=30,
    )
    assert refused.status_code == 403 and "needs the role" in refused.json()["error"]
    teams.revoke_tokens(store, "li")
    for base in (a, b):
        answer = httpx.get(f"{base}/documents", headers={"Authorization": f"Bearer {li}"}, timeout=30)
        assert answer.status_code == 401

"""The local server against the web pages its user visits: Host and Origin checks, no telemetry,
a login limit that slows guessing but lets the owner in."""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import httpx
import pytest

from workbench import service
from workbench.store import Store
from workbench.ui import launch, login
from workbench.ui.common import free_port
from workbench.ui.hosts import allowed_names, host_allowed, origin_allowed

SAVE = "/gradio_api/call/save_segment"


@pytest.fixture
def server(tmp_path):
    """A running app on a free loopback port over a one-document project; yields (base URL, port, store, segment)."""
    db = tmp_path / "safe.db"
    store = Store(db)
    report = tmp_path / "r.txt"
    report.write_text("标题\n\n第一句话。第二句话。\n", "utf-8")
    service.import_document(store, report)
    segment = service.review_page(store, service.list_documents(store)[0]["id"], 0, 10)[1][1]
    port = free_port()
    app = launch(db, port=port, sample=None, prevent_thread_lock=True, quiet=True, allowed_hosts=["workbench.example"])
    try:
        yield f"http://127.0.0.1:{port}", port, store, segment
    finally:
        app.close()


def save_body(segment: dict, text: str) -> dict:
    return {"data": [segment["id"], text, "reviewed", None, "", "attacker", None]}


def saved_text(store: Store, segment: dict) -> str:
    return service.segment_detail(store, segment["id"])["target"]


def finish(client: httpx.Client, answer: httpx.Response) -> str:
    """Read the result stream of a /gradio_api/call/... request that was accepted."""
    assert answer.status_code == 200, answer.text
    event = answer.json()["event_id"]
    return client.get(f"{SAVE}/{event}").text


def test_a_foreign_host_is_refused_on_every_route_and_nothing_is_saved(server):
    base, port, store, segment = server
    before = saved_text(store, segment)
    evil = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
    with httpx.Client(base_url=base, timeout=20) as client:
        named = client.post(SAVE, headers=evil, json=save_body(segment, "rebinding wrote this"))
        assert named.status_code == 400 and "host name" in named.text
        # Gradio's own routes: the queue, the config, uploads, files, and its CORS preflight
        config = client.get("/config").json()
        save = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "save_segment")
        join = client.post(
            "/gradio_api/queue/join",
            headers=evil,
            json={"data": save_body(segment, "rebinding wrote this")["data"], "fn_index": save, "session_hash": "x"},
        )
        assert join.status_code == 400
        assert client.get("/config", headers=evil).status_code == 400
        assert client.get("/gradio_api/info", headers={"Host": "evil.example"}).status_code == 400
        assert client.post("/gradio_api/upload", headers=evil, files={"files": ("a.txt", b"x")}).status_code == 400
        preflight = client.options(SAVE, headers={**evil, "Access-Control-Request-Method": "POST"})
        assert preflight.status_code == 400 and "access-control-allow-origin" not in preflight.headers
        # no Origin at all (curl, a script): judged by Host alone, still refused
        assert client.post(SAVE, headers={"Host": "evil.example"}, json=save_body(segment, "x")).status_code == 400
    assert saved_text(store, segment) == before


def test_a_foreign_origin_cannot_save_but_the_app_itself_can(server):
    base, port, store, segment = server
    before = saved_text(store, segment)
    with httpx.Client(base_url=base, timeout=20) as client:
        for origin in ("http://evil.example", "null", f"http://evil.example:{port}", "file://"):
            refused = client.post(SAVE, headers={"Origin": origin}, json=save_body(segment, "cross-site"))
            assert refused.status_code == 403, origin
        # reading is allowed from anywhere the Host allows (a GET changes nothing)
        assert client.get("/config", headers={"Origin": "http://evil.example"}).status_code == 200
        assert saved_text(store, segment) == before
        same_site = client.post(SAVE, headers={"Origin": f"http://localhost:{port}"}, json=save_body(segment, "ours"))
        assert '"saved": true' in finish(client, same_site).replace('"saved":true', '"saved": true')
    assert saved_text(store, segment) == "ours"


def test_an_allowed_host_behind_a_proxy_is_answered(server):
    base, _, store, segment = server
    proxied = {"Host": "workbench.example", "Origin": "https://workbench.example"}
    with httpx.Client(base_url=base, timeout=20) as client:
        assert client.get("/config", headers={"Host": "WorkBench.Example:443"}).status_code == 200
        finish(client, client.post(SAVE, headers=proxied, json=save_body(segment, "through the proxy")))
    assert saved_text(store, segment) == "through the proxy"


def test_config_reports_analytics_off(server):
    base, *_ = server
    config = httpx.get(base + "/config", timeout=20).json()
    assert config["analytics_enabled"] is False


def test_every_interface_without_a_name_is_refused_at_start(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_ALLOWED_HOSTS", raising=False)
    result = cli("serve", "--project", tmp_path / "p.db", "--host", "0.0.0.0", "--no-sample")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "--allowed-host" in result.stderr
    bad = cli("serve", "--project", tmp_path / "p.db", "--allowed-host", "http://x.example/", "--no-sample")
    assert bad.returncode == 2 and "not a host name" in bad.stderr


def test_host_and_origin_rules():
    names = allowed_names("127.0.0.1", ["workbench.example", "lan.example:8443"])
    for good in ("127.0.0.1:7860", "localhost", "[::1]:7860", "LOCALHOST.", "workbench.example", "lan.example:8443"):
        assert host_allowed(good, names), good
    for bad in ("evil.example", "127.0.0.1.evil.example", "lan.example:8444", "", None, "[::1", "a b"):
        assert not host_allowed(bad, names), bad
    assert origin_allowed("http://127.0.0.1:7860", names) and origin_allowed("https://workbench.example", names)
    assert origin_allowed("https://lan.example:8443", names) and not origin_allowed("http://lan.example", names)
    for bad in ("null", "http://evil.example", "chrome-extension://abc", "http://[::1", ""):
        assert not origin_allowed(bad, names), bad
    assert ("192.168.1.5", None) in allowed_names("192.168.1.5")  # --host NAME adds NAME
    assert ("lan.example", None) in allowed_names("0.0.0.0", ["lan.example"])


# --------------------------------------------------------------------------------------- login limit


def test_no_number_of_wrong_logins_locks_the_owner_out(monkeypatch):
    now = [1000.0]
    guard = login.LoginGuard(login.single_login("alice", "right"), login.LoginLimiter(clock=lambda: now[0]))
    slept: list[float] = []

    async def attempt(password: str, address: str) -> bool:
        token = login.client_address.set(address)
        try:
            return await guard.check("alice", password)
        finally:
            login.client_address.reset(token)

    async def no_sleep(seconds):
        slept.append(seconds)

    monkeypatch.setattr(login.asyncio, "sleep", no_sleep)
    for _ in range(1000):
        assert asyncio.run(attempt("wrong", "203.0.113.9")) is False
    assert len(slept) == 1000 - login.FREE_TRIES  # the first few cost nothing, every later one waits
    assert slept[:4] == [1.0, 2.0, 4.0, 8.0] and max(slept) == login.MAX_DELAY == 10.0
    slept.clear()
    assert asyncio.run(attempt("wrong", "198.51.100.7")) is False and slept == [10.0]  # the account is slowed too
    slept.clear()
    # the owner, from the attacker's address: never locked out, let in after at most 10 s
    assert asyncio.run(attempt("right", "203.0.113.9")) is True and slept == [login.MAX_DELAY]
    assert guard.limiter.admit("address 203.0.113.9", "account alice") == 0.0  # a right login clears the count


def test_parallel_wrong_logins_are_slowed_then_the_owner_gets_in(tmp_path, monkeypatch, caplog):
    """20 parallel wrong logins over HTTP: the later ones wait; the right password 2 s later is
    accepted (the real delays: at most 10 s, so well within 30 s)."""
    port = free_port()
    db = tmp_path / "auth.db"
    app = launch(db, port=port, sample=None, prevent_thread_lock=True, quiet=True, auth=("alice", "s3"))
    url = f"http://127.0.0.1:{port}/login"
    took: list[float] = []
    codes: list[int] = []

    def guess():
        started = time.perf_counter()
        codes.append(httpx.post(url, data={"username": "alice", "password": "guess"}, timeout=60).status_code)
        took.append(time.perf_counter() - started)

    try:
        with caplog.at_level(logging.WARNING, logger="workbench.login"):
            threads = [threading.Thread(target=guess) for _ in range(20)]
            for t in threads:
                t.start()
            time.sleep(2)
            started = time.perf_counter()
            owner = httpx.post(url, data={"username": "alice", "password": "s3"}, timeout=60)
            owner_took = time.perf_counter() - started
            for t in threads:
                t.join()
        assert owner.status_code == 200 and owner.json() == {"success": True}
        assert owner_took <= login.MAX_DELAY + 3 < 30
        assert codes == [400] * 20
        assert sorted(took)[-1] >= 8.0 and sorted(took)[0] < 1.0  # the later ones waited, the first did not
        failures = [r.getMessage() for r in caplog.records if r.name == "workbench.login"]
        assert len(failures) == 20 and all("from 127.0.0.1" in m for m in failures)
    finally:
        app.close()


# ------------------------------------------------------------------------------------ clear answers


def test_the_api_says_why_a_server_side_path_is_refused(server):
    base, *_ = server
    with httpx.Client(base_url=base, timeout=20) as client:
        body = {"data": [{"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}}, "", ""]}
        event = client.post("/gradio_api/call/import_document", json=body).json()["event_id"]
        stream = client.get(f"/gradio_api/call/import_document/{event}").text
    assert "event: error" in stream and '"error": null' not in stream
    assert "/etc/passwd" in stream and "not uploaded by a user" in stream


@pytest.mark.parametrize(
    "url, expected",
    [
        ("mysql://li:secret@localhost/reports", "mysql is not supported; a project is a SQLite file or a PostgreSQL"),
        ("postgresql://li:secret@127.0.0.1:1/reports", "Connection refused Is the server running"),
    ],
)
def test_a_database_problem_is_one_line_without_the_password(cli, url, expected):
    result = cli("documents", "--project", url)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert expected in result.stderr and "secret" not in result.stderr and "li:***@" in result.stderr


def test_a_csv_with_an_unclosed_quote_is_refused_naming_the_line(tmp_path, cli):
    report = tmp_path / "r.txt"
    report.write_text("标题\n\n第一句话。\n", "utf-8")
    db = tmp_path / "p.db"
    assert cli("import", report, "--project", db).returncode == 0
    back = tmp_path / "back.tsv"
    back.write_text('id\tsource\ttarget\n1\t标题\t"Unclosed\n2\t第一句话。\tFirst.\n', "utf-8")
    result = cli("merge", back, "--reviewer", "Li", "--project", db)
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"workbench: error: {back}, line 2: not a valid CSV file (a quote opened on this line is never closed)"
    )
    assert all(r.target == "" for r in service.export_rows(Store(db)))

"""Fault injection on the review save path: refused saves write nothing, racing saves end in one
save and one clean conflict (threads, two server processes on one SQLite file, PostgreSQL), a
server killed with SIGKILL mid-burst keeps every acknowledged save, saves run side by side."""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from gradio_client import Client

from workbench import service
from workbench.errors import ConflictError, WorkbenchError
from workbench.ingest import SourceText
from workbench.store import Assessment, Revision, Store
from workbench.ui.common import free_port

REPORT = "\n\n".join("".join(f"第{p}段第{s}句推进基层治理现代化。" for s in range(5)) for p in range(6))


def make_project(url) -> tuple[Store, list[int]]:
    store = Store(url)
    result = service.import_document(store, SourceText(REPORT, "utf-8", "report.txt"))
    total, rows = service.review_page(store, result.document_id, 0, 1000, checks=set())
    assert total == 30
    return store, [r["id"] for r in rows]


@pytest.fixture
def project(tmp_path):
    store, ids = make_project(tmp_path / "reliability.db")
    yield store, ids
    store.dispose()


def counts(store: Store, segment_id: int) -> tuple[int, int]:
    with store.session() as session:
        revisions = session.query(Revision).filter_by(segment_id=segment_id).count()
        assessments = session.query(Assessment).filter_by(segment_id=segment_id).count()
    return revisions, assessments


# ------------------------------------------------------------------ all or nothing


@pytest.mark.parametrize(
    "score, comment, errors, message",
    [
        (150, "", None, "the score must be between 0 and 100, not 150"),
        (float("inf"), "", None, "the score must be between 0 and 100, not inf"),
        ("lots", "", None, "the score must be a number from 0 to 100, not 'lots'"),
        (None, "ok\x1b[31m", None, "the comment holds a control character (U+001B at position 2)"),
        (None, "", [dict(category="grammar", severity="minor")], "unknown MQM category 'grammar'"),
        (None, "", [dict(category="style", severity="minor", start=0, end=999)], "the error span 0-999 is outside"),
    ],
)
def test_a_refused_save_writes_nothing(project, score, comment, errors, message):
    store, ids = project
    with pytest.raises(WorkbenchError, match="^" + re.escape(message)):
        service.save_review(
            store, ids[0], "A new post-edit.", "reviewed", "A", 0, score=score, comment=comment, errors=errors
        )
    assert counts(store, ids[0]) == (0, 0)
    # the retry with the same base revision is not a conflict with the reviewer's own text
    result = service.save_review(store, ids[0], "A new post-edit.", "reviewed", "A", 0, score=80)
    assert result["revision"] == 1 and counts(store, ids[0]) == (1, 1)


@pytest.mark.parametrize(
    "text, message",
    [
        ("bell\x07", "the translation holds a control character (U+0007 at position 4)"),
        ("nul\x00", "the translation holds a control character (U+0000 at position 3)"),
        ("escape \x1b", "the translation holds a control character (U+001B at position 7)"),
        ("half \ud800 pair", "the translation holds an invalid character (a lone surrogate, U+D800, at position 5)"),
    ],
)
def test_control_characters_and_lone_surrogates_are_refused(project, text, message):
    store, ids = project
    with pytest.raises(WorkbenchError) as caught:
        service.save_review(store, ids[1], text, "translated", "A", 0)
    assert str(caught.value).startswith(message)
    assert counts(store, ids[1]) == (0, 0)
    # tab, newline kept; a carriage return becomes a newline
    service.save_review(store, ids[1], "a\tb\r\nc", "translated", "A", 0)
    assert service.segment_detail(store, ids[1])["target"] == "a\tb\nc"


def test_score_is_stored_only_when_given(project):
    store, ids = project
    service.save_review(store, ids[2], "Text.", "reviewed", "A", 0)
    assert counts(store, ids[2]) == (1, 0)
    service.save_review(store, ids[2], "Text, scored.", "reviewed", "A", 1, score=64.6, comment="fine")
    detail = service.segment_detail(store, ids[2])
    assert (detail["score"], detail["comment"], detail["revision"]) == (65, "fine", 2)


def test_disk_full_during_a_save_is_one_clear_line_and_writes_nothing(project):
    """SQLite's page limit set to the file's size stands in for a full disk."""
    from sqlalchemy import event

    store, ids = project
    store.engine.dispose()
    event.listen(
        store.engine,
        "connect",
        lambda connection, _: connection.execute(
            "PRAGMA max_page_count = " + str(connection.execute("PRAGMA page_count").fetchone()[0])
        ),
    )
    with pytest.raises(WorkbenchError, match=r"the disk \(or the database's size limit\) is full; nothing was saved"):
        service.save_review(
            store, ids[3], "A long post-edit. " * 5000, "reviewed", "A", 0, score=90, comment="x" * 9000
        )
    fresh = Store(store.url)  # a new engine, without the page limit
    assert counts(fresh, ids[3]) == (0, 0) and service.segment_detail(fresh, ids[3])["target"] == ""
    fresh.dispose()


# ------------------------------------------------------------------ races


def race(save_a, save_b) -> list:
    """Run two saves at the same moment; their outcomes (a result dict or the exception)."""
    outcomes, barrier = [None, None], threading.Barrier(2)

    def run(i, save):
        barrier.wait()
        try:
            outcomes[i] = save()
        except Exception as exc:  # noqa: BLE001 - the test inspects whatever came out
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate((save_a, save_b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes


def assert_one_winner(store, segment_id, outcomes, texts):
    saved = [o for o in outcomes if isinstance(o, dict)]
    conflicts = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(saved) == 1 and len(conflicts) == 1, outcomes
    winner = texts[outcomes.index(saved[0])]
    assert conflicts[0].current_text == winner and conflicts[0].current_revision == 1
    assert service.segment_detail(store, segment_id)["target"] == winner
    assert counts(store, segment_id)[0] == 1


def racing_saves_end_in_one_save_and_one_conflict(store, ids):
    for segment_id in ids[:20]:
        texts = [f"A's post-edit of {segment_id}", f"B's post-edit of {segment_id}"]
        outcomes = race(
            *(
                lambda t=t, r=r, s=segment_id: service.save_review(store, s, t, "reviewed", r, 0, score=70)
                for t, r in zip(texts, "AB", strict=False)
            )
        )
        assert_one_winner(store, segment_id, outcomes, texts)


def test_racing_saves_in_threads(project):
    racing_saves_end_in_one_save_and_one_conflict(*project)


@pytest.mark.postgres
def test_racing_saves_on_postgresql():
    url = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("no PostgreSQL server (run-tests.sh starts one when run as root)")
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
    engine.dispose()
    store, ids = make_project(url)
    try:
        racing_saves_end_in_one_save_and_one_conflict(store, ids)
    finally:
        store.dispose()


def test_concurrent_saves_without_base_revision_all_land(project):
    """Merges and scripts save without a base revision: none is lost, each is one revision."""
    store, ids = project
    outcomes = race(
        lambda: service.save_review(store, ids[0], "first", "reviewed", "A"),
        lambda: service.save_review(store, ids[0], "second", "reviewed", "B"),
    )
    assert all(isinstance(o, dict) for o in outcomes), outcomes
    assert sorted(o["revision"] for o in outcomes) == [1, 2] and counts(store, ids[0])[0] == 2


# ------------------------------------------------------------------ two servers on one SQLite file


def start_server(db: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from workbench.cli import run; run()",
            "serve",
            "--no-sample",
            "--project",
            str(db),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except OSError:
            assert process.poll() is None, process.stderr.read()
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the server did not start in 90 s")


@pytest.fixture
def two_servers(tmp_path):
    db = tmp_path / "shared.db"
    store, ids = make_project(db)
    ports = [free_port(), free_port()]
    servers = [start_server(db, port) for port in ports]
    clients = [Client(f"http://127.0.0.1:{port}/", verbose=False) for port in ports]
    yield store, ids, servers, clients
    for server in servers:
        server.kill()
        server.wait(10)
    store.dispose()


def api_save(client, segment_id, text, base, reviewer):
    return client.predict(segment_id, text, "reviewed", None, "", reviewer, base, api_name="/save_segment")


def test_two_servers_on_one_sqlite_file(two_servers, tmp_path):
    store, ids, servers, clients = two_servers
    for segment_id in ids[:20]:
        texts = [f"server A text {segment_id}", f"server B text {segment_id}"]
        outcomes = race(
            *(lambda c=c, t=t, s=segment_id: api_save(c, s, t, 0, "A") for c, t in zip(clients, texts, strict=True))
        )
        assert all(isinstance(o, dict) for o in outcomes), outcomes  # no internal error
        saved = [o for o in outcomes if o["saved"]]
        refused = [o for o in outcomes if not o["saved"]]
        assert len(saved) == 1 and len(refused) == 1 and refused[0]["conflict"], outcomes
        assert refused[0]["current_text"] == texts[outcomes.index(saved[0])]

    # SIGKILL one server in the middle of a burst of saves: every acknowledged save is there
    acknowledged, stop = {}, threading.Event()

    def burst():
        for segment_id in ids[20:]:
            if stop.is_set():
                return
            try:
                result = api_save(clients[0], segment_id, f"burst {segment_id}", 0, "C")
            except Exception:  # noqa: BLE001 - the server was killed under us
                return
            if result.get("saved"):
                acknowledged[segment_id] = result["revision"]

    thread = threading.Thread(target=burst)
    thread.start()
    time.sleep(0.3)
    servers[0].send_signal(signal.SIGKILL)
    stop.set()
    thread.join(60)
    servers[0].wait(10)
    for segment_id, revision in acknowledged.items():
        detail = service.segment_detail(store, segment_id)
        assert (detail["target"], detail["revision"]) == (f"burst {segment_id}", revision)
    # the other server carries on, and the file is sound
    assert api_save(clients[1], ids[-1], "after the crash", service.segment_detail(store, ids[-1])["revision"], "B")[
        "saved"
    ]
    with sqlite3.connect(tmp_path / "shared.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# ------------------------------------------------------------------ saves run side by side


def test_save_events_run_concurrently(project, tmp_path, monkeypatch):
    """Five reviewers saving at once are served side by side, not queued one after another."""
    from workbench.ui import launch

    store, ids = project
    running, peak, lock = [0], [0], threading.Lock()
    real_save = service.save_review

    def slow_save(*args, **kwargs):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.5)
        try:
            return real_save(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(service, "save_review", slow_save)
    port = free_port()
    app = launch(tmp_path / "reliability.db", port=port, prevent_thread_lock=True, quiet=True)
    try:
        clients = [Client(f"http://127.0.0.1:{port}/", verbose=False) for _ in range(5)]
        results = [None] * 5
        barrier = threading.Barrier(5)

        def save(i):
            barrier.wait()
            results[i] = api_save(clients[i], ids[i], f"reviewer {i}", 0, f"R{i}")

        threads = [threading.Thread(target=save, args=(i,)) for i in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        app.close()
    assert all(r and r["saved"] for r in results), results
    assert peak[0] >= 3, f"at most {peak[0]} save(s) ran at once"

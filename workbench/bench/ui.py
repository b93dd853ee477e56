"""UI latency with a large project, measured through the app's own HTTP API (gradio_client).

Builds a project of ``segments`` segments (sentences of the sample report, repeated), with an
MT and a target for each, starts the app on a free local port, then times ``/page_segments``
(open a page of 50 segments, random pages) and ``/save_segment`` (save one edit, with its
base revision), and reports p50/p95 in milliseconds. Then, from another process over plain HTTP,
one reviewer saves alone (``save_p50_ms_1_client``) and ``clients`` reviewers (20 by default)
save different segments at the same time; it reports their p50/p95, the saves per second, and
how many acknowledged saves are not in the database (0).
"""

from __future__ import annotations

import contextlib
import io
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

from ..config import sample_report
from ..ingest import prepare_text
from .mt import machine


def _report_text(segments: int) -> str:
    sentences = [
        s.text
        for s in prepare_text(sample_report().read_text("utf-8")).segments
        if s.kind == "body" and s.text.endswith("。") and len(s.text) <= 150 and "；" not in s.text
    ]
    paragraphs, current = [], []
    for i in range(segments):
        current.append(sentences[i % len(sentences)])
        if len(current) == 10:
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    return "\n\n".join(paragraphs)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def _save_over_http(url: str, segment_id: int, text: str, base_revision: int, reviewer: str) -> dict:
    """One save through the queue's plain HTTP API, without gradio_client. Each reviewer keeps one
    session, as a browser tab (or a gradio_client) does."""
    import json
    import urllib.request

    body = json.dumps(
        {"data": [segment_id, text, "reviewed", None, "", reviewer, base_revision], "session_hash": f"bench-{reviewer}"}
    ).encode()
    request = urllib.request.Request(
        url + "gradio_api/call/save_segment", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        event_id = json.load(response)["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/save_segment/{event_id}", timeout=120) as response:
        lines = response.read().decode("utf-8").splitlines()
    data = [line[5:] for line in lines if line.startswith("data:")]
    return json.loads(data[-1])[0]


def _reviewers(url: str, jobs: list[tuple[int, int]], clients: int) -> dict:
    """``clients`` reviewers in threads, each saving its share of ``jobs`` (segment, base revision)."""
    latencies: list[float] = []
    acknowledged: dict[int, tuple[str, int]] = {}
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def reviewer(n: int) -> None:
        barrier.wait()
        for segment_id, base in jobs[n::clients]:
            text = f"Reviewer {n} post-edit of segment {segment_id}."
            t0 = time.perf_counter()
            saved = _save_over_http(url, segment_id, text, base, f"reviewer-{n}")
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                if saved.get("saved"):
                    acknowledged[segment_id] = (text, saved["revision"])

    started = time.perf_counter()
    threads = [threading.Thread(target=reviewer, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    seconds = time.perf_counter() - started
    return dict(latencies=latencies, seconds=seconds, acknowledged=list(acknowledged.items()))


def _concurrent_saves(
    url: str, revisions: dict[int, int], clients: int, saves_per_client: int, rng: random.Random
) -> dict:
    """``clients`` reviewers saving different segments at once, from another process (so that the
    clients do not compete with the server for this process's interpreter lock)."""
    import concurrent.futures
    import multiprocessing

    ids = rng.sample(sorted(revisions), min(len(revisions), clients * saves_per_client))
    jobs = [(i, revisions[i]) for i in ids]
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        result = pool.submit(_reviewers, url, jobs, clients).result(timeout=600)
    latencies = result["latencies"]
    return dict(
        p50=round(statistics.median(latencies), 1),
        p95=round(percentile(latencies, 95), 1),
        per_second=round(len(latencies) / result["seconds"], 1),
        count=len(latencies),
        acknowledged=dict(result["acknowledged"]),
    )


def run_ui_benchmark(
    segments: int = 5000,
    pages: int = 40,
    saves: int = 40,
    page_size: int = 50,
    seed: int = 0,
    clients: int = 20,
    saves_per_client: int = 10,
) -> dict:
    from gradio_client import Client

    from .. import service
    from ..ingest import SourceText
    from ..store import Store, Translation
    from ..ui import launch
    from ..ui.common import free_port

    folder = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    store = Store(folder / "bench.db")
    started = time.perf_counter()
    result = service.import_document(store, SourceText(_report_text(segments), "utf-8", "large-report.txt"))
    with store.session() as session:
        for t in session.query(Translation):
            t.mt_text = t.target = f"Machine translation of segment {t.segment_id}: the community-level organizations."
            t.status = "translated"
    build_seconds = time.perf_counter() - started
    port = free_port()
    app = launch(folder / "bench.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        rng = random.Random(seed)
        total_pages = -(-result.segments // page_size)
        client.predict(result.document_id, 1, page_size, "", api_name="/page_segments")  # warm-up
        page_ms, save_ms = [], []
        ids = []
        for _ in range(pages):
            page = rng.randint(1, total_pages)
            t0 = time.perf_counter()
            data = client.predict(result.document_id, page, page_size, "", api_name="/page_segments")
            page_ms.append((time.perf_counter() - t0) * 1000)
            assert len(data["rows"]) > 0
            ids.extend((r["id"], r["revision"]) for r in data["rows"])
        revisions = dict(ids)
        for i in range(saves):
            segment_id = rng.choice(list(revisions))
            t0 = time.perf_counter()
            saved = client.predict(
                segment_id,
                f"Post-edit number {i}.",
                "reviewed",
                None,
                "",
                "bench",
                revisions[segment_id],
                api_name="/save_segment",
            )
            save_ms.append((time.perf_counter() - t0) * 1000)
            assert saved["saved"], saved
            revisions[segment_id] = saved["revision"]
        alone = _concurrent_saves(f"http://127.0.0.1:{port}/", revisions, 1, 20, rng)
        for segment_id, (_, revision) in alone["acknowledged"].items():
            revisions[segment_id] = revision
        concurrent = _concurrent_saves(f"http://127.0.0.1:{port}/", revisions, clients, saves_per_client, rng)
        with store.session() as session:
            stored = {
                t.segment_id: (t.target, t.revision)
                for t in session.query(Translation).filter(Translation.segment_id.in_(list(concurrent["acknowledged"])))
            }
        lost = [i for i, ack in concurrent["acknowledged"].items() if stored.get(i) != ack]
    finally:
        with contextlib.redirect_stdout(io.StringIO()):  # gradio announces the close on stdout
            app.close()
    return {
        "segments": result.segments,
        "page_size": page_size,
        "page_p50_ms": round(statistics.median(page_ms), 1),
        "page_p95_ms": round(percentile(page_ms, 95), 1),
        "save_p50_ms": round(statistics.median(save_ms), 1),
        "save_p95_ms": round(percentile(save_ms, 95), 1),
        "pages_timed": len(page_ms),
        "saves_timed": len(save_ms),
        "save_p50_ms_1_client": alone["p50"],
        f"save_p50_ms_{clients}_clients": concurrent["p50"],
        f"save_p95_ms_{clients}_clients": concurrent["p95"],
        f"saves_per_s_{clients}_clients": concurrent["per_second"],
        f"saves_timed_{clients}_clients": concurrent["count"],
        "acknowledged_saves_lost": len(lost),
        "project_build_seconds": round(build_seconds, 1),
        "machine": machine(),
    }

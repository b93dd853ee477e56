"""UI latency with a large project, measured through the app's own HTTP API (gradio_client).

Builds a project of ``segments`` segments (sentences of the sample report, repeated), with an
MT and a target for each, starts the app on a free local port, then times ``/page_segments``
(open a page of 50 segments, random pages) and ``/save_segment`` (save one edit, with its
base revision), and reports p50/p95 in milliseconds. Then, from another process over plain HTTP,
one reviewer saves alone (``save_p50_ms_1_client``) and ``clients`` reviewers (20 by default)
save different segments at the same time; it reports their p50/p95, the saves per second, and
how many acknowledged saves are not in the database (0).

For scale, the same clients then run the same two requests per save against an empty handler on
the same web stack (uvicorn and FastAPI in this process, as Gradio runs): ``floor_*`` is what
this machine allows for one reviewer and for ``clients`` at once before any work is done.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import io
import multiprocessing
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


async def _call(client, name: str, data: list, reviewer: str):
    """One call through the queue's plain HTTP API (without gradio_client): join, then read the
    result's event stream. Each reviewer keeps one session and one connection, as a browser tab
    does."""
    import json

    response = await client.post(f"gradio_api/call/{name}", json={"data": data, "session_hash": f"bench-{reviewer}"})
    event_id = response.raise_for_status().json()["event_id"]
    response = await client.get(f"gradio_api/call/{name}/{event_id}")
    lines = [line[5:] for line in response.raise_for_status().text.splitlines() if line.startswith("data:")]
    return json.loads(lines[-1])[0]


async def _rest_save(client, document_id: int, number: int, text: str, base: int, reviewer: str) -> dict:
    """One save through the REST API (PUT /api/v1/documents/{document}/segments/{number})."""
    response = await client.put(
        f"api/v1/documents/{document_id}/segments/{number}",
        json={"target": text, "status": "reviewed", "base_revision": base, "author": reviewer},
    )
    if response.status_code != 200:
        return {"saved": False}
    return {"saved": True, "revision": response.json()["revision"]}


def _reviewers(
    url: str,
    document_id: int,
    jobs: list[tuple[int, int, int]],
    clients: int,
    route: str = "gradio",
    ready=None,
    go=None,
) -> dict:
    """``clients`` reviewers, each saving its share of ``jobs`` (segment, base revision, number in
    the document) one after the other, after opening a page of the document as a reviewer does;
    ``route``: through Gradio's queue (``gradio``) or the REST API (``rest``). They are coroutines
    on one event loop, not threads: threads would queue on this process's interpreter lock and
    add their own waits to the latencies measured."""
    import asyncio
    import gc

    import httpx

    gc.freeze()  # the imports are here to stay: the collector's full passes over them would pause the clients
    latencies: list[float] = []
    acknowledged: dict[int, tuple[str, int]] = {}

    async def reviewer(n: int, start: asyncio.Event) -> None:
        name = f"reviewer-{n}"
        async with httpx.AsyncClient(base_url=url, timeout=120) as client:
            await _call(client, "page_segments", [document_id, 1, 50, ""], name)  # the tab is open
            await start.wait()
            for segment_id, base, number in jobs[n::clients]:
                text = f"Reviewer {n} post-edit of segment {segment_id}."
                t0 = time.perf_counter()
                if route == "rest":
                    saved = await _rest_save(client, document_id, number, text, base, name)
                else:
                    data = [segment_id, text, "reviewed", None, "", name, base]
                    saved = await _call(client, "save_segment", data, name)
                latencies.append((time.perf_counter() - t0) * 1000)
                if saved.get("saved"):
                    acknowledged[segment_id] = (text, saved["revision"])

    async def everyone() -> float:
        start = asyncio.Event()
        tasks = [asyncio.create_task(reviewer(n, start)) for n in range(clients)]
        await asyncio.sleep(0.5)  # every reviewer has loaded the app
        if ready is not None:  # the server counts its CPU time from here: the saves, not the page loads
            ready.set()
            go.wait(60)
        started = time.perf_counter()
        start.set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=300)
        return time.perf_counter() - started

    seconds = asyncio.run(everyone())
    return dict(latencies=latencies, seconds=seconds, acknowledged=list(acknowledged.items()))


def _empty_server(port: int):
    """A server on the app's web stack whose calls do nothing: the two routes the clients call,
    answering at once. Returns the running uvicorn server (``should_exit = True`` stops it)."""
    import fastapi
    import uvicorn
    from fastapi.responses import PlainTextResponse

    app = fastapi.FastAPI()

    @app.post("/gradio_api/call/{name}")
    def join(name: str) -> dict:
        return {"event_id": "empty"}

    @app.get("/gradio_api/call/{name}/{event_id}")
    def result(name: str, event_id: str) -> PlainTextResponse:
        return PlainTextResponse('event: complete\ndata: [{"saved": true, "revision": 1}]\n\n')

    @app.put("/api/v1/documents/{document}/segments/{number}")
    def put(document: int, number: int) -> dict:
        return {"revision": 1}

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    gc.freeze()  # as the app does at launch
    for _ in range(500):  # bounded: 5 s
        if server.started:
            break
        time.sleep(0.01)
    return server


def _per_save(*runs: dict) -> float:
    saves = sum(r["count"] for r in runs)
    return round(sum(r["server_cpu_ms"] for r in runs) / saves, 2) if saves else 0.0


def _floor(reviewers, clients: int, saves_per_client: int) -> dict:
    """One reviewer and ``clients`` reviewers against the empty server (segment ids are dummies)."""
    from ..ui.common import free_port

    port = free_port()
    server = _empty_server(port)
    rng = random.Random(0)
    revisions = {i: 1 for i in range(clients * saves_per_client)}
    try:
        alone = _concurrent_saves(reviewers, f"http://127.0.0.1:{port}/", 1, revisions, 1, 20, rng)
        together = _concurrent_saves(
            reviewers, f"http://127.0.0.1:{port}/", 1, revisions, clients, saves_per_client, rng
        )
    finally:
        server.should_exit = True
    return {
        "floor_p50_ms_1_client": alone["p50"],
        f"floor_p50_ms_{clients}_clients": together["p50"],
        f"floor_p95_ms_{clients}_clients": together["p95"],
        f"floor_requests_per_s_{clients}_clients": together["per_second"],
    }


def _concurrent_saves(
    reviewers,
    url: str,
    document_id: int,
    revisions: dict[int, int],
    clients: int,
    saves_per_client: int,
    rng: random.Random,
    route: str = "gradio",
    numbers: dict[int, int] | None = None,
) -> dict:
    """``clients`` reviewers saving different segments at once, from the ``reviewers`` process (so
    that the clients do not compete with the server for this process's interpreter lock).
    ``server_cpu_ms``: the CPU time this process (the server, when it runs here) spent on the saves:
    from the moment every reviewer has opened its page (their page loads are not saves) to the end."""
    ids = rng.sample(sorted(revisions), min(len(revisions), clients * saves_per_client))
    jobs = [(i, revisions[i], (numbers or {}).get(i, i)) for i in ids]
    with multiprocessing.get_context("spawn").Manager() as manager:
        ready, go = manager.Event(), manager.Event()
        future = reviewers.submit(_reviewers, url, document_id, jobs, clients, route, ready, go)
        if not ready.wait(300):
            future.result(timeout=1)  # the reviewers failed before saving: their error
            raise RuntimeError("the reviewers did not get ready to save")
        cpu = time.process_time()
        go.set()
        result = future.result(timeout=600)
        server_cpu_ms = (time.process_time() - cpu) * 1000
    latencies = result["latencies"]
    return dict(
        server_cpu_ms=server_cpu_ms,
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
    context = multiprocessing.get_context("spawn")
    # one process of reviewers for every measurement, warmed by the first (browser tabs are warm)
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as reviewers:
        app = launch(folder / "bench.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)
        try:
            client = Client(f"http://127.0.0.1:{port}/", verbose=False)
            rng = random.Random(seed)
            total_pages = -(-result.segments // page_size)
            client.predict(result.document_id, 1, page_size, "", api_name="/page_segments")  # warm-up
            page_ms, save_ms = [], []
            ids = []
            numbers: dict[int, int] = {}  # segment id -> its number in the document (the REST API's)
            for _ in range(pages):
                page = rng.randint(1, total_pages)
                t0 = time.perf_counter()
                data = client.predict(result.document_id, page, page_size, "", api_name="/page_segments")
                page_ms.append((time.perf_counter() - t0) * 1000)
                assert len(data["rows"]) > 0
                ids.extend((r["id"], r["revision"]) for r in data["rows"])
                numbers.update((r["id"], r["position"]) for r in data["rows"])
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
            url = f"http://127.0.0.1:{port}/"
            alone = _concurrent_saves(reviewers, url, result.document_id, revisions, 1, 20, rng)
            for segment_id, (_, revision) in alone["acknowledged"].items():
                revisions[segment_id] = revision
            together = _concurrent_saves(reviewers, url, result.document_id, revisions, clients, saves_per_client, rng)
            for segment_id, (_, revision) in together["acknowledged"].items():
                revisions[segment_id] = revision
            # the same through the REST API: one reviewer, then CLIENTS at once
            rest = dict(route="rest", numbers=numbers)
            rest_alone = _concurrent_saves(reviewers, url, result.document_id, revisions, 1, 20, rng, **rest)
            for segment_id, (_, revision) in rest_alone["acknowledged"].items():
                revisions[segment_id] = revision
            rest_together = _concurrent_saves(
                reviewers, url, result.document_id, revisions, clients, saves_per_client, rng, **rest
            )
            # what each save acknowledged, the later runs' over the earlier ones' (a segment saved again)
            acknowledged = {**together["acknowledged"], **rest_alone["acknowledged"], **rest_together["acknowledged"]}
            with store.session() as session:
                stored = {
                    t.segment_id: (t.target, t.revision)
                    for t in session.query(Translation).filter(Translation.segment_id.in_(list(acknowledged)))
                }
            lost = [i for i, ack in acknowledged.items() if stored.get(i) != ack]
        finally:
            with contextlib.redirect_stdout(io.StringIO()):  # gradio announces the close on stdout
                app.close()
        floor = _floor(reviewers, clients, saves_per_client)
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
        f"save_p50_ms_{clients}_clients": together["p50"],
        f"save_p95_ms_{clients}_clients": together["p95"],
        f"saves_per_s_{clients}_clients": together["per_second"],
        f"saves_timed_{clients}_clients": together["count"],
        "rest_save_p50_ms": rest_alone["p50"],
        "rest_save_p95_ms": rest_alone["p95"],
        f"rest_save_p95_ms_{clients}_clients": rest_together["p95"],
        f"rest_saves_per_s_{clients}_clients": rest_together["per_second"],
        # the server's own CPU time (this process's) per save, over the 1-reviewer and CLIENTS runs
        "server_cpu_ms_per_save_gradio": _per_save(alone, together),
        "server_cpu_ms_per_save_rest": _per_save(rest_alone, rest_together),
        "acknowledged_saves_lost": len(lost),
        **floor,
        "project_build_seconds": round(build_seconds, 1),
        "machine": machine(),
    }

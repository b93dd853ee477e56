"""UI latency with a large project, measured through the app's own HTTP API (gradio_client).

Builds a project of ``segments`` segments (sentences of the sample report, repeated), with an
MT and a target for each, starts the app on a free local port, then times ``/page_segments``
(open a page of 50 segments, random pages) and ``/save_segment`` (save one edit, with its
base revision), and reports p50/p95 in milliseconds.
"""

from __future__ import annotations

import contextlib
import io
import random
import statistics
import tempfile
import time
from pathlib import Path

from ..config import sample_report
from ..ingest import prepare_text
from .mt import machine


def _report_text(segments: int) -> str:
    sentences = [s.text for s in prepare_text(sample_report().read_text("utf-8")).segments
                 if s.kind == "body" and s.text.endswith("。") and len(s.text) <= 150 and "；" not in s.text]
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


def run_ui_benchmark(segments: int = 5000, pages: int = 40, saves: int = 40, page_size: int = 50, seed: int = 0) -> dict:
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
            saved = client.predict(segment_id, f"Post-edit number {i}.", "reviewed", None, "", "bench",
                                   revisions[segment_id], api_name="/save_segment")
            save_ms.append((time.perf_counter() - t0) * 1000)
            assert saved["saved"], saved
            revisions[segment_id] = saved["revision"]
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
        "project_build_seconds": round(build_seconds, 1),
        "machine": machine(),
    }

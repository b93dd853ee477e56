"""Giant segments and giant translations: bounded at import, in pieces for MT, refused on save and merge."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import select

from workbench import service
from workbench.errors import WorkbenchError
from workbench.ingest import prepare_text
from workbench.segment import bound_segment
from workbench.store import Segment, Store

FIVE_MB_LINE = "无标点的长串" * (5 * 1024 * 1024 // 18)  # 5 MB of UTF-8, no stop, no space


def test_bound_segment_cuts_at_the_best_boundary_there_is():
    stops = "甲" * 1500 + "。" + "乙" * 1000
    assert bound_segment(stops, 2000) == ["甲" * 1500 + "。", "乙" * 1000]
    commas = "甲" * 1200 + "，" + "乙" * 1200 + "，" + "丙" * 100
    assert bound_segment(commas, 2000) == ["甲" * 1200 + "，", "乙" * 1200 + "，" + "丙" * 100]
    words = ("word " * 500).strip()
    pieces = bound_segment(words, 1000)
    assert all(p.endswith(" ") for p in pieces[:-1]) and "".join(pieces) == words
    plain = "中" * 4500
    assert [len(p) for p in bound_segment(plain, 2000)] == [2000, 2000, 500]
    accents = "e\u0301" * 1500  # never cut a letter from its combining accent
    assert all(not p[0] == "\u0301" for p in bound_segment(accents, 1001))
    assert bound_segment("短句。", 2000) == ["短句。"]


@pytest.mark.slow
def test_a_5_mb_line_imports_as_bounded_segments(cli, tmp_path):
    report = tmp_path / "huge.txt"
    report.write_text("标题\n\n" + FIVE_MB_LINE + "\n", "utf-8")
    db = tmp_path / "p.db"
    result = cli("import", report, "--project", db)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stdout.splitlines() if "longer than" in line]
    assert notes == [
        "  1 sentence longer than 2,000 characters split into segments of at most 2,000 ($WORKBENCH_MAX_SEGMENT_CHARS)"
    ]
    store = Store(db)
    document = service.list_documents(store)[0]["id"]
    total, rows = service.review_page(store, document, 0, 100_000)
    texts = [r["source"] for r in rows]
    assert total == len(texts) > 800 and max(map(len, texts)) == 2000
    assert "".join(texts[1:]) == FIVE_MB_LINE  # nothing lost


def test_the_segment_limit_is_a_setting(monkeypatch):
    monkeypatch.setenv("WORKBENCH_MAX_SEGMENT_CHARS", "500")
    prepared = prepare_text("中" * 1200 + "。")
    assert [len(s.text) for s in prepared.segments] == [500, 500, 201] and prepared.oversized == 1
    monkeypatch.setenv("WORKBENCH_MAX_SEGMENT_CHARS", "lots")
    with pytest.raises(WorkbenchError, match=r"\$WORKBENCH_MAX_SEGMENT_CHARS must be a whole number"):
        prepare_text("中。")


@pytest.mark.slow
def test_mt_never_receives_more_than_the_model_reads(tmp_path):
    """A model that reads 64 tokens: every input the engine is given has at most 64, and every
    character of the long segment was sent."""
    from workbench.mt import TranslateSettings, load_engine
    from workbench.mt.random_model import TINY, build_random_marian

    folder = build_random_marian(tmp_path / "short", {**TINY, "max_position_embeddings": 64}, num_beams=1, max_length=8)
    engine = load_engine("marian", str(folder), device="cpu")
    assert engine.max_input_tokens == 64
    given: list[str] = []
    real = engine.translate

    def recording(texts, settings, **kwargs):
        given.extend(texts)
        return real(texts, settings, **kwargs)

    engine.translate = recording
    store = Store(tmp_path / "p.db")
    report = tmp_path / "long.txt"
    report.write_text("标题\n\n短句。\n", "utf-8")
    document = service.import_document(store, report).document_id
    long_segment = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(2000))  # as long as import allows
    with store.session() as session:
        segment = session.scalars(select(Segment).where(Segment.document_id == document)).all()[-1]
        segment.source = long_segment
    done = service.translate_project(store, engine, TranslateSettings(beams=1, max_length=8))
    assert done.translated == 2
    longest = max(len(engine.tokenizer(t).input_ids) for t in given)
    assert longest <= engine.max_input_tokens
    assert long_segment in "".join(given)  # every character was sent, in order


# ------------------------------------------------------------------------------------ long targets


@pytest.fixture
def project(tmp_path):
    store = Store(tmp_path / "t.db")
    report = tmp_path / "r.txt"
    report.write_text("标题\n\n第一句话。第二句话。\n", "utf-8")
    service.import_document(store, report)
    rows = service.export_rows(store)
    return store, rows


def test_a_5_mb_target_is_refused_through_the_api(tmp_path, project):
    from workbench.ui import launch
    from workbench.ui.common import free_port

    store, rows = project
    port = free_port()
    app = launch(store.url, port=port, sample=None, prevent_thread_lock=True, quiet=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            body = {"data": [rows[1].id, "x" * 5_000_000, "reviewed", None, "", "Li", None]}
            event = client.post("/gradio_api/call/save_segment", json=body).json()["event_id"]
            stream = client.get(f"/gradio_api/call/save_segment/{event}").text
    finally:
        app.close()
    result = json.loads(stream.split("data:", 1)[1].strip())[0]
    assert result["saved"] is False and "5,000,000 characters" in result["message"]
    assert "$WORKBENCH_MAX_TARGET_CHARS" in result["message"]
    assert service.segment_detail(store, rows[1].id)["target"] == ""


def test_merge_refuses_an_over_long_target_naming_the_file_and_line(tmp_path, project, monkeypatch):
    store, rows = project
    monkeypatch.setenv("WORKBENCH_MAX_TARGET_CHARS", "1000")
    path = tmp_path / "back.tsv"
    path.write_text(
        f"id\tsource\ttarget\n{rows[0].id}\t{rows[0].source}\tTitle\n{rows[1].id}\t{rows[1].source}\t{'y' * 1001}\n",
        "utf-8",
    )
    with pytest.raises(WorkbenchError) as refused:
        service.merge_file(store, path, "Li")
    message = str(refused.value)
    assert message.startswith(f"{path}, line 3 (segment {rows[1].id}): the translation is 1,001 characters")
    assert [r.target for r in service.export_rows(store)] == [r.target for r in rows]  # nothing merged


def test_merge_of_a_bad_score_names_the_file_and_line(tmp_path, project):
    store, rows = project
    path = tmp_path / "badscore.tmx"
    service.save_edit(store, rows[0].id, "Title", "reviewed", "Li", 0)  # a TMX holds reviewed segments
    service.export_project(store, path, "tmx")
    text = path.read_text("utf-8")
    path.write_text(
        text.replace('<prop type="x-score"></prop>', "").replace("</tu>", '<prop type="x-score">999</prop></tu>', 1),
        "utf-8",
    )
    with pytest.raises(
        WorkbenchError, match=r"badscore\.tmx, line \d+ \(segment \d+\): the score must be between 0 and 100, not 999"
    ):
        service.merge_file(store, path, "Li")


def test_the_app_says_how_many_sentences_were_cut(tmp_path, monkeypatch):
    from workbench.ui.app import DocumentTab

    monkeypatch.setenv("WORKBENCH_MAX_SEGMENT_CHARS", "100")
    _, message = DocumentTab(Store(tmp_path / "p.db")).import_upload(None, "中" * 250 + "。短句。" + "文" * 150, "")
    assert "2 sentences longer than 100 characters split into segments of at most 100" in message

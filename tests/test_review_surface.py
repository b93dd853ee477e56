"""The review surface and the defects found trying it as a new user (issue 11), tested in process:
handlers of the tabs called as Gradio calls them, the service and the CLI."""

from __future__ import annotations

import zipfile
from pathlib import Path

import gradio as gr
import pytest

from workbench import service
from workbench.config import sample_report
from workbench.glossary import Term, TermMatcher
from workbench.ingest import SourceText
from workbench.store import STATUSES, Store


@pytest.fixture
def project(tmp_path):
    store = Store(tmp_path / "p.db")
    document = service.import_document(store, sample_report()).document_id
    return store, document


def review_tab(store):
    from workbench.ui.review_tab import ReviewTab

    tab = ReviewTab(store)
    with gr.Blocks():
        tab.build()
    return tab


def filters(document):
    return (document, "", "", False, ["glossary", "numbers"], 1, 50)


def test_a_save_without_a_score_stores_no_score(project):
    store, document = project
    tab = review_tab(store)
    segment = service.segment_at(store, document, 8)
    opened = tab._open(segment, filters(document))
    assert opened[tab.score] is None  # "not scored", not 50
    out = tab.save("stay", opened[tab.current], "First, an edit.", "reviewed", None, "", "Li", [], *filters(document))
    assert "Saved segment 8" in out[tab.message] and "not scored" in out[tab.message]
    detail = service.segment_detail(store, segment)
    assert detail["target"] == "First, an edit." and detail["score"] is None
    out = tab.save("next", out[tab.current], "First, an edit.", "reviewed", 85, "", "Li", [], *filters(document))
    assert service.segment_detail(store, segment)["score"] == 85
    assert out[tab.current]["position"] == 9  # Ctrl+Enter moves on


def test_ctrl_enter_marks_reviewed_and_the_approve_key_approves(project):
    store, document = project
    tab = review_tab(store)
    first = tab._open(service.segment_at(store, document, 1), filters(document))
    after = tab.save(
        "next", first[tab.current], "Title.", first[tab.current]["status"], None, "", "Li", [], *filters(document)
    )
    tab.save("approve", after[tab.current], "Subtitle.", "new", None, "", "Li", [], *filters(document))
    rows = {r["position"]: r for r in service.segment_rows(store, document, 0, 2)}
    assert (rows[1]["status"], rows[2]["status"]) == ("reviewed", "approved")


def test_go_to_box_is_text_read_as_a_number_and_a_word_gets_one_notice(project):
    """Issue 23: the "Go to #" box is a Textbox (Gradio 6's Number shows 0 when empty), empty at
    first with the placeholder "#"; the handler reads the number, refusing a word with one notice."""
    store, document = project
    tab = review_tab(store)
    box = tab.segment_number
    assert box.value == "" and box.placeholder == "#" and box.elem_id == "wb-segment-number"
    assert tab.go("20", *filters(document))[tab.current]["position"] == 20
    assert tab.go(" #7 ", *filters(document))[tab.current]["position"] == 7
    assert tab.go("\uff11\uff12", *filters(document))[tab.current]["position"] == 12  # full-width digits
    assert tab.go("", *filters(document))[tab.current]["position"] == 1
    said = tab.go("twelve", *filters(document))
    assert list(said) == [tab.message]  # nothing else changes
    assert (
        said[tab.message].replace("\\", "") == "\u26a0 \u201ctwelve\u201d is not a segment number: give one such as 12"
    )
    assert tab.go("2.5", *filters(document))[tab.message].startswith("\u26a0 \u201c2.5\u201d is not")
    assert tab.go("999", *filters(document)) == {tab.message: "\u26a0 there is no segment 999"}
    assert tab.go("0", *filters(document)) == {tab.message: "\u26a0 there is no segment 0"}


def test_a_conflict_notice_quotes_the_other_text_and_keeps_punctuation_single(project):
    store, document = project
    tab = review_tab(store)
    segment = service.segment_at(store, document, 3)
    opened = tab._open(segment, filters(document))
    service.save_review(store, segment, "Their text ends here.", None, "Wang", None)
    out = tab.save("stay", opened[tab.current], "Mine.", "reviewed", None, "", "Li", [], *filters(document))
    message = out[tab.message]
    assert message.startswith("\u26a0 Not saved") and "Their text ends here" in message and ".." not in message
    assert service.segment_detail(store, segment)["target"] == "Their text ends here."
    assert tab.target not in out  # the reviewer's own text stays in the editor


def test_notices_use_marks_every_font_has():
    from workbench.ui.common import notice

    for text in (notice("done"), notice("bad", ok=False)):
        assert "\u2705" not in text and "\ufe0f" not in text and all(ord(c) < 0x1F000 for c in text)


def test_error_spans_come_from_selection_offsets_and_follow_the_words(project):
    store, document = project
    tab = review_tab(store)
    target = "the words and the words again"
    out = tab.add_error("14,23", target, "fluency", "minor", "", [])
    assert out[tab.pending] == [dict(category="fluency", severity="minor", start=14, end=23, note="", text="the words")]
    assert "select the words" in tab.add_error("5,5", target, "fluency", "minor", "", [])[tab.message]
    moved = tab.relocate(out[tab.pending], "Now the words and the words again")
    assert moved == [dict(category="fluency", severity="minor", start=18, end=27, note="")]
    assert tab.relocate(out[tab.pending], "all gone") == []


def test_grid_rows_escape_user_text_and_show_status_scores_errors_and_one_badge_per_check():
    from workbench.ui.grid import grid_html

    rows = [
        dict(
            id=1,
            position=1,
            source="<b>源</b>",
            target="x <script>y</script> z",
            status="approved",
            flags=[dict(check="glossary", message="a"), dict(check="glossary", message="b")],
        )
    ]
    errors = [dict(category="accuracy", severity="major", start=2, end=10)]
    html = grid_html(rows, 1, {1: dict(score=70, errors=errors)})
    assert "<script>" not in html and "<b>" not in html and "&lt;b&gt;源" in html
    assert '<mark class="wb-err major" title="major accuracy">&lt;script&gt;</mark>' in html
    assert 'class="wb-st approved">approved<' in html and "DA 70" in html and "wb-current" in html
    assert html.count('class="wb-badge"') == 1


def test_one_qa_flag_per_distinct_term(project):
    from workbench.qa import run_checks

    matcher = TermMatcher([Term("村委", "village committee")])
    flags = run_checks("村委开会，村委决定。", "The committee met and decided.", matcher, {"glossary"})
    assert len(flags) == 1


def test_page_of_follows_the_filters(project):
    store, document = project
    assert service.page_of(store, document, 60, 25) == 3
    assert service.page_of(store, document, 60, 25, status="approved") is None


def test_restoring_a_clutter_line_keeps_the_title_lines(project, tmp_path):
    store, document = project
    removed = service.removed_lines(store, document)
    page_title = next(r for r in removed if r["rule"] == "page title with site suffix")
    service.restore_lines(store, document, [page_title["number"]])
    rows = service.segment_rows(store, document)
    assert rows[0]["source"] == page_title["text"] and rows[0]["kind"] == "body"
    assert [r["kind"] for r in rows[1:3]] == ["title", "title"]
    jsonl = tmp_path / "out.jsonl"
    service.export_project(store, jsonl, "jsonl", document_id=document)
    import json

    kinds = [json.loads(line).get("kind") for line in jsonl.read_text("utf-8").splitlines()]
    assert kinds[:3] == ["body", "title", "title"]


def test_pipe_mode_keeps_heading_and_item_numbers(cli, tmp_path, tiny_model):
    source = tmp_path / "in.txt"
    source.write_text("一、总体要求\n\n一是坚持党的领导。\n（二）工作措施\n", "utf-8")
    result = cli("translate", "--input", source, "--model", tiny_model, "--beams", "1", "--max-length", "8")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("I. ") and lines[1] == ""
    assert lines[2].startswith("First, ") and lines[3].startswith("(2) ")


def test_engines_are_loaded_once_and_installed_models_listed(tiny_model):
    from workbench.service import engines

    first = service.get_engine("marian", str(tiny_model))
    assert service.get_engine("marian", str(tiny_model) + "/") is first
    models = service.installed_models()
    assert models[0]["default"] and models[0]["name"] == "Helsinki-NLP/opus-mt-zh-en" and not models[0]["installed"]
    name = service.import_model(tiny_model, "test/tiny")
    assert name == "test/tiny" and any(m["name"] == "test/tiny" and m["installed"] for m in service.installed_models())
    assert engines.loaded_engines() == []  # an import forgets loaded engines


def test_translate_tab_offers_installed_models_and_one_run_at_a_time(project, tiny_model):
    from workbench.ui.app import TranslateTab

    store, document = project
    tab = TranslateTab(store)
    choices = tab.model_choices()
    assert choices[0] == ("Helsinki-NLP/opus-mt-zh-en (default, not installed)", "Helsinki-NLP/opus-mt-zh-en")
    tab._running = True
    assert "already running" in tab.translate(
        "marian", str(tiny_model), 1, "roman", False, document_id=document, progress=lambda *a, **k: None
    )
    tab._running = False
    other = service.import_document(store, SourceText("第一句。第二句。", "utf-8", "two.txt")).document_id
    done = tab.translate("marian", str(tiny_model), 1, "roman", False, document_id=other, progress=lambda *a, **k: None)
    assert "Translated 2 of 2 segments" in done  # only the chosen document


def test_statistics_axes_labels_and_order(project, tmp_path):
    from workbench.ui.statistics_tab import StatisticsTab

    store, document = project
    other = service.import_document(store, SourceText("第一句。第二句。", "utf-8", "two.txt")).document_id
    for doc in (document, other):
        segment = service.segment_at(store, doc, 1)
        with store.session() as session:
            from workbench.store import Translation

            session.query(Translation).filter_by(segment_id=segment).update({"mt_text": "machine text"})
        service.save_review(store, segment, "an edited text", "reviewed", "Li", None, score=70)
    summary, progress, scores, hter, mqm = StatisticsTab(store).compute(0)
    assert progress.sort == list(STATUSES) and progress.y_lim[0] == 0
    labels = [row[0] for row in hter.value["data"]]
    assert hter.y_lim == [0, 100] and sorted(labels) == ["report_zh_sample.txt #1", "two.txt #1"]
    assert scores.y_lim == [0, 4]  # two scored segments: whole-number ticks from 0, not 0.5 steps
    assert [row[1] for row in scores.value["data"]] == [0, 0, 0, 0, 0, 0, 0, 2, 0, 0]
    one = StatisticsTab(store).compute(other)
    assert "| segments | 2 |" in one[0]
    # each score's sacrebleu signature is shown, so the figures can be reproduced
    assert r"| sacrebleu signature, bleu | nrefs\:1\|case\:mixed\|eff\:no\|tok\:13a\|smooth\:exp\|version\:" in summary
    assert "sacrebleu signature, chrf" in summary and "sacrebleu signature, ter" in summary


def test_export_files_are_named_after_document_and_format(project):
    from workbench.formats.output import safe_file_name
    from workbench.ui.export_tab import ExportTab

    store, document = project
    service.import_document(store, SourceText("第一句。第二句。", "utf-8", "two.txt"))  # no title line: its name
    title = {d["id"]: d["title"] for d in service.list_documents(store)}[document]
    stem = safe_file_name(title)  # the report's title (and subtitle), not the upload's file name
    assert stem.startswith("加强基层组织建设-促进社") and "report_zh_sample" not in stem
    tab = ExportTab(store)
    path, message = tab.export("xlsx", "all", document, True)
    assert Path(path).name == f"{stem}-xlsx.xlsx" and "Exported 78 segments" in message
    first = service.segment_rows(store, document)[0]  # a TMX holds reviewed and approved segments
    service.save_edit(store, first["id"], "Strengthen community-level organizations", "approved", "Li", 0)
    path, message = tab.export("tmx", "all", 0, True)
    assert Path(path).name == "project-tmx.tmx" and "Exported 1 segments" in message
    path, message = tab.export("docx-en", "all", 0, True)
    with zipfile.ZipFile(path) as bundle:
        assert sorted(bundle.namelist()) == sorted([f"{stem}-docx-en.docx", "two-docx-en.docx"])


def test_document_view_starts_a_new_document_on_page_one(project):
    from workbench.ui.app import DocumentTab

    store, document = project
    tab = DocumentTab(store)
    assert tab.show(document, 2)[3]["value"] == 2
    assert tab.show_first(document)[3]["value"] == 1


def test_adjacent_segments_wrap_around(project):
    store, document = project
    last = len(service.segment_rows(store, document))
    assert service.adjacent(store, document, 5) == service.segment_at(store, document, 6)
    assert service.adjacent(store, document, 5, "previous") == service.segment_at(store, document, 4)
    assert service.adjacent(store, document, last) == service.segment_at(store, document, 1)
    assert service.adjacent(store, document, 1, "previous") == service.segment_at(store, document, last)

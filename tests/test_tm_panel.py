"""The translation memory panel and the Analysis tab: HTML is escaped, the handlers read and
write what the review editor needs, and in a real Chromium the panel (mounted in a small editor
like the Review tab's) shows matches and concordance hits, and an inserted match is saved as a
revision with origin "tm"."""

import os

import gradio as gr
import pytest
from test_tm import A1, A2, EN, NUMBER, add_document

from workbench import service
from workbench.store import Store
from workbench.ui.common import free_port
from workbench.ui.tm_panel import AnalysisTab, TmPanel, concordance_html, diff_html, matches_html

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def project(tmp_path):
    store = Store(tmp_path / "p.db")
    _, ids = add_document(store, "A", [A1, A2])
    for segment_id, source in zip(ids, [A1, A2], strict=True):
        service.save_edit(store, segment_id, EN[source], "reviewed", "Li", None)
    _, b = add_document(store, "B", [NUMBER])
    return store, b[0]


def test_user_text_is_escaped_everywhere():
    hostile = '<img src=x onerror="alert(1)">'
    html = matches_html(
        [
            dict(
                source=hostile,
                target=hostile,
                score=97,
                origin=f"import: {hostile}",
                document=hostile,
                author=hostile,
                when="2026-01-01T00:00:00",
                numbers_differ=[hostile],
                diff=[("equal", hostile), ("delete", hostile), ("insert", hostile)],
            )
        ]
    )
    assert "<img" not in html and html.count("&lt;img") == 8
    assert diff_html([("delete", "<b>"), ("insert", "&")]) == "<del>&lt;b&gt;</del><ins>&amp;</ins>"
    hits = concordance_html([dict(source="a<b>c", target="x", origin="review", side="source", spans=[(1, 4)])], "<b>")
    assert "<mark>&lt;b&gt;</mark>" in hits and "<b>" not in hits
    assert "&lt;script&gt;" in concordance_html([], "<script>")


def test_panel_handlers_show_matches_insert_and_search(project):
    store, segment = project
    panel = TmPanel(store)
    html, first, second, third, matches, origin, score = panel.refresh({"id": segment, "revision": 0})
    assert "97%" in html and "<ins>6</ins>" in html and "numbers not in the match: 216" in html
    assert first["visible"] and first["value"] == "Insert 1 (97%)" and not second["visible"] and not third["visible"]
    assert (origin, score) == ("edit", None)
    target, origin, score = panel.insert(0, matches)
    assert (target, origin, score) == (EN[A2], "tm", 97)
    service.save_edit(store, segment, target, "translated", "Wang", 0, origin=origin)
    assert service.history(store, segment)[-1]["origin"] == "tm"
    assert "<mark>党组织</mark>" in panel.search("党组织", "source")
    assert "<mark>Party</mark>" in panel.search("party", "target")
    assert panel.refresh(None)[0] == ""


def test_analysis_tab_table(project):
    store, _ = project
    rows, message = AnalysisTab(store).analyze(0)
    assert [r[0] for r in rows][:3] == ["Repetitions", "101% (same context)", "100%"]
    assert rows[-1][:2] == ["Total", 3] and "3 segments" in message


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (run-tests.sh installs it)")
def test_panel_in_a_browser_inserts_a_match_and_saves_it_as_tm(project, browser):
    store, segment = project
    panel = TmPanel(store)

    def open_segment(number):
        return {"id": int(number), "revision": 0}

    def save(current, target, origin):
        result = service.save_edit(store, current["id"], target, "reviewed", "Wang", current["revision"], origin=origin)
        return f"saved revision {result['revision']} ({origin})"

    with gr.Blocks() as demo:  # the Review tab's editor, reduced to what the panel needs
        current = gr.State(None)
        number = gr.Number(value=segment, precision=0, elem_id="number")
        open_button = gr.Button("Open", elem_id="open")
        target = gr.Textbox(label="Post-edit", elem_id="wb-target")
        panel.build(current, target)
        save_button = gr.Button("Save", elem_id="save")
        message = gr.Markdown(elem_id="message")
        open_button.click(open_segment, [number], [current])
        save_button.click(save, [current, target, panel.origin], [message])
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        page = browser.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"http://127.0.0.1:{port}/")
        page.locator("#open").click()
        page.locator("#wb-tm-matches").get_by_text("97%").wait_for()
        assert page.locator("#wb-tm-matches ins").first.inner_text() == "6"
        page.locator("#wb-tm-query textarea, #wb-tm-query input").first.fill("党组织")
        page.locator("#wb-tm-search").click()
        page.locator("#wb-tm-hits mark").first.wait_for()
        assert page.locator("#wb-tm-hits mark").first.inner_text() == "党组织"
        page.keyboard.press("Alt+1")  # the shortcut inserts the first match
        page.wait_for_function(f"document.querySelector('#wb-target textarea').value === {EN[A2]!r}")
        page.locator("#save").click()
        page.locator("#message").get_by_text("saved revision 1 (tm)").wait_for()
    finally:
        demo.close()
    history = service.history(store, segment)
    assert history[-1]["origin"] == "tm" and history[-1]["text"] == EN[A2]

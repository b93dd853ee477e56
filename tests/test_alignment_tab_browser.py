"""Alignment tab polish, in process and in a real browser: confidence with 2 decimals, a
negative bead number answered with a readable notice (the table left as it was, no "Error"
badges), and status lines that say what a correction did."""

import re

import pytest
from test_align import EN, ZH

from workbench import service
from workbench.store import Store
from workbench.ui.alignment_tab import AlignmentTab, edit_message
from workbench.ui.common import free_port


@pytest.fixture
def aligned_store(tmp_path):
    store = Store(tmp_path / "ui.db")
    (tmp_path / "zh.txt").write_text("\n\n".join(ZH), "utf-8")
    (tmp_path / "en.txt").write_text("\n".join(EN), "utf-8")
    doc = service.import_document(store, tmp_path / "zh.txt").document_id
    service.align_reference(store, doc, tmp_path / "en.txt", presplit=True)
    return store, doc, tmp_path / "ui.db"


def test_status_lines_say_what_a_correction_did():
    assert edit_message(5, "up", "tgt") == "Bead 5: moved its first English sentence to bead 4; saved."
    assert edit_message(5, "down", "src") == "Bead 5: moved its last Chinese sentence to bead 6; saved."
    assert edit_message(3, "merge") == "Bead 3: merged with bead 4; saved."
    assert edit_message(3, "confirm") == "Bead 3: confirmed; saved."
    assert not any("done" in edit_message(1, op) for op in ("merge", "split", "up", "down", "confirm", "unconfirm"))


def test_handlers_show_two_decimals_and_refuse_a_negative_bead(aligned_store):
    import gradio as gr

    store, doc, _ = aligned_store
    tab = AlignmentTab(store)
    shown, info = tab.table(doc, True)
    confidences = re.findall(r'<span class="wb-conf"[^>]*>([^<]*)</span>', shown)
    assert len(confidences) == 8 and all(re.fullmatch(r"[01]\.\d\d", c) for c in confidences), confidences
    before = service.bead_texts(store, doc)
    table, message, info = tab.edit(doc, -3, "confirm", "tgt", True)
    assert "there is no bead -3" in message and table == gr.update() and info == gr.update()
    assert service.bead_texts(store, doc) == before
    table, message, info = tab.edit(doc, 2, "confirm", "tgt", True)
    assert "Bead 2: confirmed; saved." in message.replace("\\", "") and service.bead_texts(store, doc)[1]["confirmed"]


def test_negative_bead_in_the_browser_gives_a_notice_and_keeps_the_table(aligned_store, browser):
    from workbench.ui import launch

    store, doc, path = aligned_store
    port = free_port()
    app = launch(path, port=port, sample=None, prevent_thread_lock=True, quiet=True)
    page = browser.new_page()
    try:
        page.set_default_timeout(60_000)
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_role("tab", name="Alignment").click()
        beads = page.locator("#wb-beads")
        beads.get_by_text(EN[0]).first.wait_for()
        shown = [c.strip() for c in beads.locator(".wb-conf").all_inner_texts()]
        assert len(shown) == 8 and all(re.fullmatch(r"[01]\.\d\d", c) for c in shown), shown  # 0.98, not 0.980000
        page.get_by_label("Bead (click a row)").fill("-3")
        page.get_by_role("button", name="Confirm", exact=True).click()
        page.locator("#wb-align-notice").get_by_text("there is no bead -3").wait_for()
        assert [c.strip() for c in beads.locator(".wb-conf").all_inner_texts()] == shown
        assert page.get_by_text("Error", exact=True).count() == 0
        page.get_by_label("Bead (click a row)").fill("2")
        page.get_by_role("button", name="Confirm", exact=True).click()
        page.locator("#wb-align-notice").get_by_text("Bead 2: confirmed; saved.").wait_for()
    finally:
        page.close()
        app.close()

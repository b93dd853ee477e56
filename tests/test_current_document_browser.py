"""One current document for the session: a report imported in the Document tab is the document
every tab opens on (also after a reload), and the Alignment tab's button names it."""

import pytest

from workbench.config import sample_report
from workbench.ui.common import free_port

REPORT = "关于推进乡村治理的报告\n\n一、健全村级组织体系。二、完善一事一议制度。\n"


def shown(page, elem_id: str) -> str:
    return page.locator(f"#{elem_id} input").first.input_value()


def wait_until_shows(page, elem_id: str, prefix: str) -> None:
    page.wait_for_function(
        "([id, prefix]) => ((document.querySelector('#' + id + ' input') || {}).value || '').startsWith(prefix)",
        arg=[elem_id, prefix],
    )


@pytest.mark.slow
def test_an_imported_document_is_current_in_every_tab_and_after_a_reload(tmp_path, browser):
    from workbench.ui import launch

    port = free_port()
    app = launch(tmp_path / "p.db", port=port, sample=sample_report(), prevent_thread_lock=True, quiet=True)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.set_default_timeout(60_000)
        page.goto(f"http://127.0.0.1:{port}/")
        assert shown(page, "wb-document").startswith("1: ")
        page.get_by_label("\u2026or paste the report").fill(REPORT)
        page.get_by_label("Title (optional)").fill("乡村治理")
        page.get_by_role("button", name="Import", exact=True).click()
        wait_until_shows(page, "wb-document", "2: ")
        page.get_by_role("tab", name="Review").click()
        wait_until_shows(page, "wb-review-document", "2: ")
        page.get_by_role("tab", name="Alignment").click()
        page.get_by_role("button", name="Align into 2: 乡村治理").wait_for()
        page.get_by_role("tab", name="Translate").click()
        wait_until_shows(page, "wb-translate-document", "2: ")
        page.reload()
        wait_until_shows(page, "wb-document", "2: ")
        page.get_by_role("tab", name="Review").click()
        wait_until_shows(page, "wb-review-document", "2: ")
    finally:
        page.close()
        app.close()

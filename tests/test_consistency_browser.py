"""In a real headless Chromium: the QA tab's consistency report opens a segment in the Review tab,
and the Review tab's "More filters" narrow the grid and say how many segments match."""

import os

import pytest
from test_consistency import PAIRS

from workbench import service
from workbench.service.review import apply_edit
from workbench.store import Store
from workbench.ui.common import free_port

pytestmark = pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian chromium is not installed")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from workbench.ui import launch

    folder = tmp_path_factory.mktemp("cons")
    report = folder / "report.txt"
    report.write_text("\n".join(s for s, _ in PAIRS) + "\n", encoding="utf-8")
    store = Store(folder / "p.db")
    doc = service.import_document(store, report).document_id
    rows = service.segment_rows(store, doc)
    with store.writing() as session:
        for row, (_, target) in zip(rows, PAIRS, strict=True):
            if target:
                apply_edit(session, row["id"], target, "translated", "", None, "mt")
    service.assess(store, rows[4]["id"], "Cy", 35)
    port = free_port()
    running = launch(folder / "p.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/", doc, {r["position"]: r["id"] for r in rows}
    running.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_a_consistency_entry_opens_its_segment_in_review(app, page):
    url, doc, ids = app
    page.goto(url)
    page.get_by_role("tab", name="QA and replace").click()
    page.locator("#wb-cons-check").click()
    button = page.locator(f'#wb-consistency button[data-segment="{ids[6]}"]')
    button.wait_for()
    assert page.locator("#wb-consistency button.wb-cons-open").count() == 7
    button.click()
    page.locator("#wb-grid tr.wb-current").wait_for()
    assert page.locator("#wb-grid tr.wb-current").get_attribute("data-id") == str(ids[6])
    assert "Grassroots" in page.locator("#wb-target textarea").input_value()
    assert page.get_by_role("tab", name="Review").get_attribute("aria-selected") == "true"


def test_more_filters_narrow_the_grid_and_count(app, page):
    url, doc, ids = app
    page.goto(url)
    page.get_by_role("tab", name="Review").click()
    page.locator("#wb-grid tr[data-id]").first.wait_for()
    assert page.locator("#wb-grid-info .wb-progress").count() == 1
    page.locator("#wb-more-filters input").check()
    page.locator("#wb-score-max input").fill("50")
    page.locator("#wb-score-max input").press("Enter")
    page.locator("#wb-grid-info").get_by_text("1 of 11 segments match").wait_for()
    assert page.locator("#wb-grid tr[data-id]").count() == 1
    assert page.locator("#wb-grid tr[data-id]").first.get_attribute("data-id") == str(ids[5])

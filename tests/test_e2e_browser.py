"""End to end in a real headless Chromium (Debian's chromium, driven by Playwright):
import the sample, translate with a tiny model, edit and score a segment, reload and see the
edit kept, export TMX. Screenshots of the Review and Statistics tabs go to tests/screenshots/."""

import os
from pathlib import Path

import pytest

from workbench import service
from workbench.config import sample_report
from workbench.store import Store
from workbench.ui.common import free_port

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).parent / "screenshots"

pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (run-tests.sh installs it)"
)


@pytest.fixture
def app_url(tmp_path, monkeypatch):
    from workbench.ui import launch

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    port = free_port()
    app = launch(tmp_path / "e2e.db", port=port, sample=None, prevent_thread_lock=True)
    yield f"http://127.0.0.1:{port}/", Store(tmp_path / "e2e.db")
    app.close()


def test_import_translate_review_reload_export(app_url, browser, tiny_model):
    url, store = app_url
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1500, "height": 1200})
    page.set_default_timeout(60_000)
    page.goto(url)

    # Document tab: upload the sample report
    page.locator("input[type=file]").first.set_input_files(str(sample_report()))
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Imported: \u201c加强基层组织建设").wait_for()
    page.locator("#wb-segments").get_by_text("一、近年来我区基层组织建设的工作成效").wait_for()

    # Translate tab: the tiny model, greedy
    page.get_by_role("tab", name="Translate").click()
    page.locator("#wb-model input").fill(str(tiny_model))  # a model folder; beams stay at 0: the model's own
    page.locator("#wb-model input").press("Enter")
    page.get_by_role("button", name="Translate untranslated segments").click()
    page.get_by_text("Translated 78 of 78 segments").wait_for(timeout=120_000)

    # Review tab: open segment 8, edit, score, save
    page.get_by_role("tab", name="Review").click()
    page.locator("#wb-grid").get_by_text("一是在条块结合中推进基层党建工作全面覆盖。").first.click()
    target = page.locator("#wb-target textarea")
    target.wait_for()
    page.wait_for_function("document.querySelector('#wb-target textarea').value.length > 0")
    edit = "First, Party building at the primary level now covers every village and community."
    target.fill(edit)
    page.locator("#wb-status").get_by_text("reviewed", exact=True).click()
    page.locator("#wb-score input[type=number]").fill("85")
    page.locator("#wb-score input[type=number]").press("Enter")
    page.locator("#wb-reviewer textarea, #wb-reviewer input").first.fill("Li Wei")
    page.locator("#wb-comment textarea, #wb-comment input").first.fill("covers the sense")
    page.locator("#wb-save").click()
    page.get_by_text("Saved segment 8").wait_for()
    page.screenshot(path=str(SHOTS / "review.png"), full_page=True)

    # reload the page: the edit is kept
    page.reload()
    page.get_by_role("tab", name="Review").click()
    page.locator("#wb-grid").get_by_text("一是在条块结合中推进基层党建工作全面覆盖。").first.click()
    page.wait_for_function(f"document.querySelector('#wb-target textarea').value === {edit!r}")
    # the reviewer's name came back from this browser's storage
    assert page.locator("#wb-reviewer textarea, #wb-reviewer input").first.input_value() == "Li Wei"
    detail = service.segment_detail(store, service.segment_at(store, service.list_documents(store)[0]["id"], 8))
    assert detail["target"] == edit and detail["status"] == "reviewed" and detail["score"] == 85
    assert detail["history"][-1]["author"] == "Li Wei"

    # "Save & next unreviewed" saves and moves on to segment 9
    page.locator("#wb-status").get_by_text("approved", exact=True).click()
    page.locator("#wb-save-unreviewed").click()
    page.get_by_text("Saved segment 8").wait_for()
    page.wait_for_function("document.querySelector('#wb-grid tr.wb-current')?.dataset.pos === '9'")

    # Statistics tab
    page.get_by_role("tab", name="Statistics").click()
    page.locator("#wb-stats-summary").get_by_text("mean 85.0 over 1 scored segments").wait_for()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SHOTS / "statistics.png"), full_page=True)

    # Export tab: TMX
    page.get_by_role("tab", name="Export").click()
    page.get_by_role("button", name="Export", exact=True).click()
    page.get_by_text("Exported 1 segments as TMX").wait_for()  # the one reviewed segment; then the MT drafts too
    page.locator("#wb-export-include-mt input[type=checkbox]").check()
    page.get_by_role("button", name="Export", exact=True).click()
    page.get_by_text("Exported 78 segments as TMX").wait_for()
    link = page.locator("#wb-export-file a").first
    link.wait_for()
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and edit in response.text() and "<tmx" in response.text()

"""The Translate tab's llm engine in a real headless Chromium: its settings appear with the engine,
a translation goes through a stand-in OpenAI-compatible server on 127.0.0.1, and a page opened
later shows the settings the project remembers (issue 26, item 3)."""

from __future__ import annotations

import os

import pytest

from workbench import service
from workbench.bench.llm import StandInServer
from workbench.store import Store
from workbench.ui.common import free_port

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed"),
]


@pytest.fixture
def llm_app(tmp_path, monkeypatch):
    from workbench.ui import launch

    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    report = tmp_path / "report.txt"
    report.write_text("坚持高质量发展。\n\n推进乡村振兴。\n\n加强生态保护。\n", encoding="utf-8")
    store = Store(tmp_path / "p.db")
    service.import_document(store, report)
    port = free_port()
    app = launch(tmp_path / "p.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)
    with StandInServer(0.0, reply="Translation: We keep to the plan.") as url:
        yield f"http://127.0.0.1:{port}/", url, store
    app.close()


def test_llm_settings_are_offered_used_and_remembered(llm_app, browser):
    url, endpoint, store = llm_app
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(url)
        page.get_by_role("tab", name="Translate").click()
        assert not page.locator("#wb-llm-endpoint").is_visible()  # only with the llm engine
        assert "hf: any transformers seq2seq model" in page.locator("#wb-engine").inner_text()
        page.locator("#wb-engine").get_by_label("llm").check()
        page.locator("#wb-llm-endpoint textarea, #wb-llm-endpoint input").first.fill("http://10.1.2.3:8000/v1")
        page.locator("#wb-llm-model textarea, #wb-llm-model input").first.fill("stand-in")
        page.locator("#wb-translate-go").click()
        page.locator("#wb-translate-notice").get_by_text("is not this machine").wait_for()
        page.locator("#wb-llm-endpoint textarea, #wb-llm-endpoint input").first.fill(endpoint)
        page.locator("#wb-translate-go").click()
        page.locator("#wb-translate-notice").get_by_text("Translated 3 of 3 segments with llm").wait_for()
        (document,) = service.list_documents(store)
        assert {r["mt"] for r in service.segment_rows(store, document["id"])} == {"We keep to the plan."}
        page.reload()
        page.get_by_role("tab", name="Translate").click()
        field = page.locator("#wb-llm-endpoint textarea, #wb-llm-endpoint input").first
        field.wait_for()
        assert field.input_value() == endpoint
        assert page.locator("#wb-llm-model textarea, #wb-llm-model input").first.input_value() == "stand-in"
        assert page.locator("#wb-engine").get_by_label("llm").is_checked()
    finally:
        context.close()

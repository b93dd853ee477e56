"""User text in notices is shown literally in a real Chromium: an <img>, a <form>, a Markdown
image or link in a report's title renders as text and fetches nothing."""

import http.server
import os
import threading

import pytest

from workbench.ui.common import escape_markdown, free_port, notice

CHROMIUM = "/usr/bin/chromium"


def test_notice_escapes_html_and_markdown():
    text = notice('<img src="http://h/x"> ![i](http://h/i) [a](http://h/a) *b* `c` # d | e www.h.org a@h.org', ok=False)
    assert "<" not in text and "&lt;img" in text
    assert r"!\[i\](http\://h/i)" in text and r"\[a\]" in text and r"\*b\*" in text and r"\`c\`" in text
    assert r"www\.h.org a\@h.org" in text
    assert escape_markdown("a & b") == "a &amp; b"


@pytest.fixture
def spy_server():
    """A local HTTP server that records every request made to it."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            requests.append(self.path)
            self.send_response(204)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (run-tests.sh installs it)")
def test_import_notice_shows_payloads_literally(tmp_path, spy_server, browser):
    from workbench.ui import launch

    spy, requests = spy_server
    title = (
        f'<img src="{spy}/img"> <form action="{spy}/form"><input name="q" value="go"></form> '
        f"![x]({spy}/markdown-image) [click]({spy}/link) www.example.org reviewer@example.org"
    )
    port = free_port()
    app = launch(tmp_path / "notices.db", port=port, prevent_thread_lock=True, quiet=True)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.set_default_timeout(60_000)
        fetched = []
        page.on("request", lambda r: fetched.append(r.url) if r.url.startswith(spy) else None)
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_label("\u2026or paste the report").fill("关于加强社区治理的意见\n\n坚持党的领导。")
        page.get_by_label("Title (optional)").fill(title)
        page.get_by_role("button", name="Import").click()
        shown = page.locator("#wb-notice")
        shown.get_by_text("Imported:").wait_for()
        text = shown.inner_text()
        assert '<img src="' in text and '<form action="' in text and f"![x]({spy}/markdown-image)" in text
        assert shown.locator("img, form, input, a").count() == 0
        page.wait_for_timeout(500)
    finally:
        app.close()
    assert fetched == [] and requests == []


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (run-tests.sh installs it)")
def test_conflict_notice_shows_the_other_reviewers_payload_literally(tmp_path, spy_server, browser):
    """Another reviewer saved HTML and Markdown as their translation; the conflict notice that
    quotes it shows it as text and fetches nothing."""
    from workbench import service
    from workbench.ingest import SourceText
    from workbench.store import Store
    from workbench.ui import launch

    spy, requests = spy_server
    store = Store(tmp_path / "conflict.db")
    document = service.import_document(store, SourceText("坚持党的领导。推进网格化管理。", "utf-8", "r.txt"))
    first = service.segment_rows(store, document.document_id)[0]["id"]
    payload = f'<img src="{spy}/img"><form action="{spy}/form"><input name="q"></form> ![x]({spy}/md)'
    port = free_port()
    app = launch(tmp_path / "conflict.db", port=port, prevent_thread_lock=True, quiet=True)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.set_default_timeout(60_000)
        fetched = []
        page.on("request", lambda r: fetched.append(r.url) if r.url.startswith(spy) else None)
        page.goto(f"http://127.0.0.1:{port}/")
        page.evaluate("localStorage.setItem('wb-reviewer', 'Li Wei')")
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_role("tab", name="Review").click()
        page.locator("#wb-grid tr[data-id]").first.wait_for()
        page.keyboard.press("Alt+ArrowDown")  # opens segment 1 at revision 0
        page.wait_for_function("document.activeElement === document.querySelector('#wb-target textarea')")
        service.save_review(store, first, payload, "reviewed", "Wang Fang", 0)  # someone else saves first
        page.keyboard.type("Uphold the leadership of the Party.")
        page.keyboard.press("Control+Enter")
        shown = page.locator("#wb-review-notice")
        shown.get_by_text("Not saved").wait_for()
        text = shown.inner_text()
        assert f'<img src="{spy}/img">' in text and f"![x]({spy}/md)" in text
        assert shown.locator("img, form, input, a").count() == 0
        page.wait_for_timeout(500)
    finally:
        app.close()
    assert fetched == [] and requests == []
    assert service.segment_detail(store, first)["target"] == payload  # the other reviewer's save stands

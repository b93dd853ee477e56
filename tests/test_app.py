"""The app opens on the sample report, listening on 127.0.0.1 only."""

import urllib.request

import pytest
from gradio_client import Client

from workbench.config import sample_report
from workbench.ui import launch
from workbench.ui.common import free_port
from workbench.ui.render import segments_by_paragraph


def test_segments_view_escapes_user_text_and_highlights_terms():
    html = segments_by_paragraph([dict(paragraph=1, kind="body", position=1, source="<script>alert(1)</script>&")])
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    from workbench.glossary import Term, TermMatcher

    matcher = TermMatcher([Term("两委", 'two <b>"committees"</b>', ("x&y",), ("two commissions",))])
    html = segments_by_paragraph([dict(paragraph=1, kind="body", position=1, source="村“两委”<i>关系</i>")], matcher)
    assert '<mark class="wb-term" title="two &lt;b&gt;&quot;committees&quot;&lt;/b&gt; (also: x&amp;y)' in html
    assert "&lt;i&gt;" in html and "<i>" not in html and ">“两委”</mark>" in html


def test_ctrl_c_stops_the_server_with_one_line(capsys):
    from workbench.ui.app import _serve_until_stopped

    class Server:
        closed = False

        @property
        def is_running(self):
            raise KeyboardInterrupt  # what Ctrl+C does to the waiting main thread

        def close(self):
            print("Closing server running on port: 1")  # Gradio's own line, kept out of the terminal
            self.closed = True

    server = Server()
    _serve_until_stopped(server)
    assert server.closed and capsys.readouterr().out == "Stopping the workbench.\n"


def test_a_port_in_use_is_named_in_one_line(tmp_path):
    """A second server on the same port ended in Gradio's OSError ("Cannot find empty port")."""
    import socket

    from workbench.errors import WorkbenchError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(WorkbenchError, match=f"port {port} on 127.0.0.1 is in use.*--port"):
            launch(tmp_path / "p.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)


@pytest.mark.slow
def test_app_serves_the_sample_on_localhost(tmp_path, tiny_model, monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    port = free_port()
    app = launch(tmp_path / "ui.db", port=port, sample=sample_report(), prevent_thread_lock=True)
    try:
        assert app.server_name == "127.0.0.1"
        # one line with the address; not Gradio's advice to make a public link (share=True)
        said = capsys.readouterr().out
        assert f"The workbench is open at http://127.0.0.1:{port}/ (Ctrl+C stops it)." in said
        assert "share" not in said
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read().decode()
        assert "Translation workbench" in page
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        pasted = "关于加强社区治理的意见\n\n一、总体要求\n\n坚持党的领导。推进网格化管理。"
        document, notice = client.predict(None, pasted, "", api_name="/import_document")
        assert "Imported" in notice and "4 segments" in notice
        bad, notice = client.predict(None, "", "", api_name="/import_document")
        assert "choose a file or paste a report" in notice
        missing = client.predict("marian", "", None, "roman", False, api_name="/translate")
        assert "Helsinki-NLP/opus-mt-zh-en is not installed" in missing and "workbench model import" in missing
        done = client.predict("ct2", str(tiny_model), 1, "roman", True, api_name="/translate")
        assert "Translated 82 of 82 segments with ct2" in done
        entry, table, message, summary = client.predict(
            None, "新名词", "new term", "", "", "", "", "", "mine", "", api_name="/save_term"
        )
        assert "Saved 新名词" in message and "**mine** (1 terms, priority 10)" in summary
        bad = client.predict(None, "", "x", "", "", "", "", "", "mine", "", api_name="/save_term")
        assert "needs both" in bad[2]
        path, message = client.predict("tbx", api_name="/export_glossary")
        assert "Exported" in message and open(path, encoding="utf-8").read().startswith("<?xml")
    finally:
        app.close()

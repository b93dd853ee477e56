"""The llm engine against a stand-in OpenAI-compatible server on 127.0.0.1 (written here)."""

from __future__ import annotations

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from workbench import service
from workbench.errors import WorkbenchError
from workbench.mt.llm import LLMEngine, SentenceContext, check_endpoint, clean_reply, is_loopback, looks_chinese
from workbench.store import Store

ENGLISH = {
    "坚持高质量发展。": "We will pursue high-quality development.",
    "推进乡村振兴。": "We will advance rural revitalization.",
    "加强生态保护。": "We will strengthen ecological protection.",
    "深化改革开放。": "We will deepen reform and opening up.",
}


class StandIn:
    """Answers chat completions; ``reply(body, n)`` gives (status, content) for the n-th request."""

    def __init__(self):
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.lock = threading.Lock()
        self.delay = 0.0
        self.reply = self.translate

    @staticmethod
    def source(body: dict) -> str:
        return body["messages"][0]["content"].strip().rsplit("\n", 1)[-1].strip()

    def translate(self, body, n):
        return 200, "Translation: " + ENGLISH.get(self.source(body), "We will do it.")

    def serve(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with stand_in.lock:
                    stand_in.requests.append(body)
                    stand_in.headers.append(dict(self.headers))
                    n = len(stand_in.requests)
                if stand_in.delay:
                    time.sleep(stand_in.delay)
                status, content = stand_in.reply(body, n)
                data = json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": content}}], "usage": {"total_tokens": 10}}
                ).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"


@pytest.fixture
def stand_in():
    server = StandIn()
    url = server.serve()
    server.url = url
    yield server
    server.server.shutdown()
    server.server.server_close()


def engine(stand_in, **options):
    return LLMEngine(endpoint=stand_in.url, model="stand-in", backoff=0.01, **options)


def test_loopback_is_decided_from_the_url_alone():
    assert all(is_loopback(h) for h in ("localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]"))
    assert not any(is_loopback(h) for h in ("10.0.0.1", "example.com", "localhost.example.com", "128.0.0.1"))
    assert check_endpoint("http://127.0.0.1:8000/v1/") == "http://127.0.0.1:8000/v1"
    with pytest.raises(WorkbenchError, match="--allow-remote"):
        check_endpoint("https://api.example.com/v1")
    assert check_endpoint("https://api.example.com/v1", allow_remote=True) == "https://api.example.com/v1"


def test_reply_cleaning_and_chinese_check():
    assert clean_reply(' Translation: "We will act." \n') == "We will act."
    assert looks_chinese("坚持高质量发展") and not looks_chinese("We will pursue 高 development.")


def test_prompt_holds_the_terms_tm_matches_and_previous_segments(stand_in):
    context = SentenceContext(
        tm=((87, "坚持发展。", "We will pursue development."),),
        previous=(("推进乡村振兴。", "Advance rural revitalization."),),
    )
    out = engine(stand_in).translate(
        ["坚持高质量发展。"], terms=[["high-quality development"]], avoid=[["high quality growth"]], context=[context]
    )
    assert out == ["We will pursue high-quality development."]
    prompt = stand_in.requests[0]["messages"][0]["content"]
    assert 'required: "high-quality development"' in prompt and 'forbidden: "high quality growth"' in prompt
    assert "87%: 坚持发展。 => We will pursue development." in prompt
    assert "推进乡村振兴。 => Advance rural revitalization." in prompt
    assert prompt.rstrip().endswith("坚持高质量发展。")


def test_missing_term_gets_exactly_one_follow_up_naming_it(stand_in):
    stand_in.reply = lambda body, n: (200, "We will pursue quality growth.")
    mt = engine(stand_in)
    out = mt.translate(["坚持高质量发展。"], terms=[["high-quality development"]])
    assert len(stand_in.requests) == 2  # the first request and one follow-up, no more
    follow_up = stand_in.requests[1]["messages"]
    assert follow_up[1] == {"role": "assistant", "content": "We will pursue quality growth."}
    assert '"high-quality development"' in follow_up[2]["content"]
    assert out == ["We will pursue quality growth."] and mt.term_failures == 1  # flagged, not passed


def test_rate_limits_and_timeouts_are_retried_and_bounded(stand_in):
    stand_in.reply = lambda body, n: (429, "") if n <= 2 else stand_in.translate(body, n)
    mt = engine(stand_in)
    assert mt.translate(["推进乡村振兴。"]) == ["We will advance rural revitalization."]
    assert len(stand_in.requests) == 3
    stand_in.requests.clear()
    stand_in.reply = lambda body, n: (429, "")
    assert mt.translate(["推进乡村振兴。"]) == [""] and mt.failed == ["推进乡村振兴。"]
    assert len(stand_in.requests) == 3  # three tries, then it gives up
    stand_in.requests.clear()
    stand_in.reply, stand_in.delay = stand_in.translate, 1.5
    slow = LLMEngine(endpoint=stand_in.url, model="stand-in", backoff=0.01, timeout=1, tries=2)
    started = time.perf_counter()
    assert slow.translate(["推进乡村振兴。"]) == [""]
    assert len(stand_in.requests) == 2 and time.perf_counter() - started < 5


def test_chinese_reply_is_retried_once_then_left_untranslated(stand_in):
    stand_in.reply = lambda body, n: (200, "坚持高质量发展。")
    mt = engine(stand_in)
    assert mt.translate(["坚持高质量发展。"]) == [""]
    assert len(stand_in.requests) == 2


def _project(tmp_path):
    store = Store(tmp_path / "p.db")
    (tmp_path / "report.txt").write_text("\n\n".join(ENGLISH), encoding="utf-8")
    service.import_document(store, tmp_path / "report.txt")
    return store


def test_failed_run_resumes_without_repeating_finished_segments(stand_in, tmp_path):
    store = _project(tmp_path)
    stand_in.reply = lambda body, n: (
        (500, "") if stand_in.source(body) == "推进乡村振兴。" else stand_in.translate(body, n)
    )
    settings = service.TranslateSettings(enforce_terms=True)
    first = service.translate_project(store, engine(stand_in), settings, glossary=[], tm_threshold=None)
    assert first.failed == 1 and first.translated == len(ENGLISH) - 1
    done = {s for b in stand_in.requests for s in [stand_in.source(b)]}
    stand_in.requests.clear()
    stand_in.reply = stand_in.translate
    second = service.translate_project(store, engine(stand_in), settings, glossary=[], tm_threshold=None)
    assert second.pending == 1 and second.translated == 1 and second.failed == 0
    assert [stand_in.source(b) for b in stand_in.requests] == ["推进乡村振兴。"]
    assert "推进乡村振兴。" in done


def test_remote_endpoint_refused_without_allow_remote(cli, tmp_path):
    (tmp_path / "report.txt").write_text("坚持高质量发展。\n", encoding="utf-8")
    assert cli("import", tmp_path / "report.txt").returncode == 0
    result = cli("translate", "--engine", "llm", "--endpoint", "http://10.1.2.3:8000/v1", "--model", "m")
    assert result.returncode == 2 and "--allow-remote" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_key_is_sent_but_never_logged_or_stored(cli, stand_in, tmp_path, caplog):
    secret = "sk-test-4f9a1c77e2"
    (tmp_path / "report.txt").write_text("\n\n".join(ENGLISH), encoding="utf-8")
    assert cli("import", tmp_path / "report.txt").returncode == 0
    (tmp_path / "key").write_text(secret + "\n")
    with caplog.at_level(logging.DEBUG):
        result = cli(
            "translate",
            "--engine",
            "llm",
            "--endpoint",
            stand_in.url,
            "--model",
            "m",
            "--api-key-file",
            tmp_path / "key",
        )
    assert result.returncode == 0, result.stderr
    assert "tokens" in result.stdout and f"translated {len(ENGLISH)} of {len(ENGLISH)}" in result.stdout
    assert all(h.get("Authorization") == f"Bearer {secret}" for h in stand_in.headers)
    assert secret not in result.stdout + result.stderr + caplog.text
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.name != "key":
            assert secret.encode() not in path.read_bytes(), path


def test_project_run_sends_tm_matches_and_approved_previous_segments(stand_in, tmp_path):
    store = Store(tmp_path / "p.db")
    lines = ["坚持高质量发展。", "推进乡村振兴。", "坚持推动高质量发展。"]
    (tmp_path / "report.txt").write_text("\n\n".join(lines), encoding="utf-8")
    doc = service.import_document(store, tmp_path / "report.txt").document_id
    rows = service.segment_rows(store, doc)
    approved = ["We will pursue high-quality development.", "Advance rural revitalization."]
    for row, english in zip(rows[:2], approved, strict=True):
        service.save_edit(store, row["id"], english, status="approved")
    report = service.translate_project(store, engine(stand_in), service.TranslateSettings(enforce_terms=True))
    assert report.translated == 3  # approved segments without MT get it too (their English stays)
    (prompt,) = [b["messages"][0]["content"] for b in stand_in.requests if StandIn.source(b) == lines[2]]
    assert "坚持高质量发展。 => We will pursue high-quality development." in prompt  # previous segment
    assert "推进乡村振兴。 => Advance rural revitalization." in prompt
    tm_part = prompt.split("Translation memory", 1)[1].split("The sentences before", 1)[0]
    assert "%: 坚持高质量发展。 => We will pursue high-quality development." in tm_part


def test_translate_tab_translates_with_the_llm_engine_and_remembers_its_settings(stand_in, tmp_path):
    """Issue 26, item 3: the Translate tab offers the llm engine with its settings, refuses a remote
    endpoint unless allowed (the CLI's rule), translates through the endpoint and remembers the
    settings for the project (a new tab on the same database shows them); the key stays in its file."""
    import gradio as gr

    from workbench.ui.app import TranslateTab

    store = _project(tmp_path)
    secret = "sk-tab-7c1d93e0"
    key_file = tmp_path / "key"
    key_file.write_text(secret + "\n")
    quiet = lambda *a, **k: None  # noqa: E731
    tab = TranslateTab(store)
    llm = dict(llm_model="stand-in", concurrency=2, timeout=30, api_key_file=str(key_file))

    refused = tab.translate("llm", "", 0, "roman", endpoint="http://10.1.2.3:8000/v1", **llm, progress=quiet)
    assert "10.1.2.3 is not this machine" in refused and "Allow an endpoint on another machine" in refused
    assert not stand_in.requests and service.engine_settings(store)["engine"] == "marian"  # nothing remembered

    done = tab.translate("llm", "", 0, "roman", endpoint=stand_in.url + "/", **llm, progress=quiet)
    assert f"Translated {len(ENGLISH)} of {len(ENGLISH)} segments with llm" in done, done
    (document,) = service.list_documents(store)
    rows = service.segment_rows(store, document["id"])
    assert {r["source"]: r["mt"] for r in rows} == ENGLISH  # the stand-in's translations, labels stripped
    assert len({StandIn.source(b) for b in stand_in.requests}) == len(ENGLISH)
    assert all(h.get("Authorization") == f"Bearer {secret}" for h in stand_in.headers)
    assert secret not in done

    saved = service.engine_settings(store)
    assert saved["engine"] == "llm" and saved["endpoint"] == stand_in.url and saved["llm_model"] == "stand-in"
    assert (saved["concurrency"], saved["timeout"], saved["api_key_file"]) == (2, 30.0, str(key_file))
    with gr.Blocks():
        again = TranslateTab(store)
        again.build()
    assert again.engine.value == "llm" and again.llm_group.visible
    assert again.endpoint.value == stand_in.url and again.llm_model.value == "stand-in"
    assert (again.concurrency.value, again.timeout.value, again.allow_remote.value) == (2, 30.0, False)
    assert again.api_key_file.value == str(key_file)
    shown = again.show_settings()  # what a page opened later gets (app.load)
    assert shown[0] == "llm" and shown[6] == stand_in.url and shown[-1]["visible"] is True
    for path in tmp_path.rglob("*"):  # the key is in its file only, never in the database
        if path.is_file() and path.name != "key":
            assert secret.encode() not in path.read_bytes(), path

    # a remote endpoint passes once allowed (the check only: nothing listens there)
    checked = service.check_engine_settings(
        dict(engine="llm", endpoint="http://10.1.2.3:8000/v1", llm_model="m", allow_remote=True)
    )
    assert checked["endpoint"] == "http://10.1.2.3:8000/v1"
    with pytest.raises(WorkbenchError, match="needs the model name"):
        service.save_engine_settings(store, dict(engine="llm", endpoint=stand_in.url))
    pasted = tab.translate(
        "llm", "", 0, "roman", endpoint=stand_in.url, **{**llm, "api_key_file": secret}, progress=quiet
    )
    assert "cannot be read" in pasted and secret not in pasted  # a key pasted in the path box is not echoed
    assert service.engine_settings(store)["llm_model"] == "stand-in"  # a refused change leaves the saved ones
    assert service.engine_settings(store)["api_key_file"] == str(key_file)

"""The ``llm`` engine's throughput against a stand-in OpenAI-compatible server on 127.0.0.1.

The stand-in answers every chat completion after a fixed delay (what a model server's time per
reply would be) with a fixed English sentence, so the numbers measure the engine itself: how many
requests per second it gets through with one request in flight, and with several. With a delay
of ``d`` seconds the ceiling is ``concurrency / d`` requests per second; the engine's own cost
per request (prompt, HTTP, reply check) is what keeps it below that.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: What the stand-in replies (English, so the engine's "still Chinese?" check passes).
REPLY = "Translation: We will pursue high-quality development."


class StandInServer:
    """An OpenAI-compatible ``/v1/chat/completions`` on 127.0.0.1 (a free port) that waits ``delay``
    seconds, then answers :data:`REPLY`. ``with StandInServer(0.1) as url: ...`` gives its base URL."""

    def __init__(self, delay: float = 0.1, reply: str = REPLY):
        self.delay, self.reply, self.requests = delay, reply, 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> str:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with stand_in._lock:
                    stand_in.requests += 1
                time.sleep(stand_in.delay)
                data = json.dumps(
                    {
                        "choices": [{"message": {"role": "assistant", "content": stand_in.reply}}],
                        "usage": {"total_tokens": 20},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def run_llm_benchmark(requests: int = 16, delay: float = 0.1, concurrencies: tuple[int, ...] = (1, 4)) -> dict:
    """Requests per second of the llm engine at each concurrency: ``requests`` distinct sentences
    (one request each, no follow-ups), the stand-in waiting ``delay`` seconds per request."""
    from ..mt.llm import LLMEngine

    sentences = [f"第{i + 1}条：坚持高质量发展。" for i in range(requests)]
    result: dict = {}
    with StandInServer(delay) as url:
        for concurrency in concurrencies:
            engine = LLMEngine(endpoint=url, model="stand-in", concurrency=concurrency, backoff=0.01)
            try:
                engine.translate(sentences[:concurrency])  # warm-up: connections and threads
                started = time.perf_counter()
                out = engine.translate(sentences)
                seconds = time.perf_counter() - started
            finally:
                engine.close()
            if not all(out):
                raise RuntimeError(f"the stand-in left {out.count('')} of {requests} requests unanswered")
            result[f"llm_requests_per_s_concurrency_{concurrency}"] = round(requests / seconds, 1)
    first, last = concurrencies[0], concurrencies[-1]
    result["llm_concurrency_speedup"] = round(
        result[f"llm_requests_per_s_concurrency_{last}"] / result[f"llm_requests_per_s_concurrency_{first}"], 2
    )
    result["llm_requests"] = requests
    result["llm_stand_in_delay_s"] = delay
    return result

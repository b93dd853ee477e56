"""The ``llm`` engine: chat completions on an OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp).

One request per sentence, up to ``concurrency`` in flight. The prompt (the template in
``workbench/data/llm_prompt.txt``, or the user's own with the placeholders ``{source}``,
``{terms}``, ``{tm}``, ``{context}``) carries the glossary terms found in the sentence with
their required and forbidden renderings, up to three translation-memory matches with their
score and the previous segments with their approved English.

After the reply the term check runs: a missing required rendering or a forbidden one present
sends one follow-up naming the problem. Timeouts, HTTP errors and 429 are retried a bounded
number of times with back-off; a sentence that still fails comes back as "" and is listed in
:attr:`LLMEngine.failed` (the project run leaves it untranslated for the next run).

Privacy: an endpoint whose host is not loopback is refused unless ``allow_remote``; the API key
is only sent in the Authorization header, never logged or stored.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import WorkbenchError
from .engine import TranslateSettings, file_fingerprint, pending, term_alternatives

DEFAULT_PROMPT = Path(__file__).resolve().parent.parent / "data" / "llm_prompt.txt"
PLACEHOLDERS = ("{source}", "{terms}", "{tm}", "{context}")
KEY_VARIABLE = "WORKBENCH_LLM_API_KEY"


@dataclass(frozen=True)
class SentenceContext:
    """What the engine may know about a sentence besides its text (engines that cannot use it ignore it).

    ``tm``: (score, Chinese, English) of translation-memory matches, best first;
    ``previous``: (Chinese, approved English) of the segments just before it, in order."""

    tm: tuple[tuple[int, str, str], ...] = ()
    previous: tuple[tuple[str, str], ...] = ()


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1, decided from the text alone (no DNS lookup)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint(url: str, allow_remote: bool = False, allow_hint: str = "add --allow-remote") -> str:
    """The endpoint without a trailing slash; WorkbenchError for a malformed or (unless allowed) remote one.
    ``allow_hint``: how the user allows a remote one (the app names its checkbox)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WorkbenchError(f"--endpoint {url!r} is not an http(s) URL such as http://127.0.0.1:11434/v1")
    if not allow_remote and not is_loopback(parts.hostname):
        raise WorkbenchError(
            f"--endpoint host {parts.hostname} is not this machine; policy documents stay local unless you {allow_hint}"
        )
    return url.strip().rstrip("/")


def read_api_key(key_file: Path | None = None) -> str | None:
    """The API key from ``key_file`` (first line) or $WORKBENCH_LLM_API_KEY; None when neither is given."""
    if key_file is not None:
        try:
            return Path(key_file).read_text(encoding="utf-8").strip().splitlines()[0].strip() or None
        except (OSError, UnicodeDecodeError, IndexError):
            raise WorkbenchError(f"{key_file}: cannot read the API key file") from None
    return os.environ.get(KEY_VARIABLE) or None


def read_prompt(path: Path | None = None) -> str:
    """The prompt template; one with neither ``{source}`` is refused."""
    try:
        text = Path(path or DEFAULT_PROMPT).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise WorkbenchError(f"{path}: cannot read the prompt file") from None
    if "{source}" not in text:
        raise WorkbenchError(f"{path}: the prompt has no {{source}} placeholder")
    return text


def prompt_version(template: str) -> str:
    return hashlib.sha256(template.encode()).hexdigest()[:12]


def fill_prompt(
    template: str,
    source: str,
    required: Sequence[str] = (),
    forbidden: Sequence[str] = (),
    context: SentenceContext | None = None,
) -> str:
    """The prompt for one sentence (plain replacement, so braces in the text are safe)."""
    context = context or SentenceContext()
    terms = [f'- required: "{t}"' for t in required] + [f'- forbidden: "{t}"' for t in forbidden]
    tm = [f"- {score}%: {zh} => {en}" for score, zh, en in context.tm[:3]]
    previous = [f"- {zh} => {en}" for zh, en in context.previous[-2:]]
    values = {
        "{terms}": "\n".join(terms) or "(none)",
        "{tm}": "\n".join(tm) or "(none)",
        "{context}": "\n".join(previous) or "(none)",
    }
    out = template
    for name, value in values.items():
        out = out.replace(name, value)
    return out.replace("{source}", source)


_LABEL = re.compile(r"^\s*(?:english\s+)?(?:translation|english|answer|output)\s*[:：]\s*", re.IGNORECASE)
_QUOTES = "\"'\u201c\u201d\u2018\u2019`"


def clean_reply(text: str) -> str:
    """The translation in a reply: without a label such as "Translation:", quotes and outer whitespace."""
    text = (text or "").strip()
    text = _LABEL.sub("", text).strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text


def looks_chinese(text: str) -> bool:
    """True when a third or more of the letters are Han characters (the reply was not translated)."""
    letters = [c for c in text if c.isalpha()]
    han = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    return bool(letters) and han * 3 >= len(letters)


def term_problems(text: str, required: Sequence[str], forbidden: Sequence[str]) -> list[str]:
    """One plain sentence per glossary problem of ``text`` (case-insensitive, article-free forms count)."""
    lowered = text.lower()
    problems = [
        f'it must contain "{t}"' for t in required if not any(form.lower() in lowered for form in term_alternatives(t))
    ]
    problems += [f'it must not contain "{t}"' for t in forbidden if t.strip() and t.lower() in lowered]
    return problems


class _Failed(Exception):
    pass


@dataclass
class LLMEngine:
    """See the module docstring. ``tries``: attempts per request; ``backoff``: first wait in seconds."""

    endpoint: str
    model: str
    api_key: str | None = None
    concurrency: int = 4
    timeout: float = 60.0
    prompt_file: Path | None = None
    allow_remote: bool = False
    tries: int = 3
    backoff: float = 1.0
    name: str = "llm"
    uses_context: bool = True  # translate_project sends TM matches and previous segments
    tokens_used: int = 0
    failed: list[str] = field(default_factory=list)  # sentences left untranslated in the last call
    term_failures: int = 0  # sentences whose glossary problems survived the follow-up
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self):
        import httpx

        self.endpoint = check_endpoint(self.endpoint, self.allow_remote)
        if not self.model.strip():
            raise WorkbenchError("--model: give the model name the endpoint serves (e.g. qwen2.5:7b)")
        self.template = read_prompt(self.prompt_file)
        self.prompt_version = prompt_version(self.template)
        self.device = urlsplit(self.endpoint).netloc
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        self._client = httpx.Client(timeout=self.timeout, headers=headers)

    def __repr__(self) -> str:  # the key never shows up in a log or traceback
        return f"LLMEngine(endpoint={self.endpoint!r}, model={self.model!r})"

    def fingerprint(self) -> str:
        return file_fingerprint("llm", self.endpoint, self.model, self.prompt_version)

    def close(self) -> None:
        self._client.close()

    def _post(self, messages: list[dict]) -> str:
        """The reply's message content; retried with back-off on timeouts, HTTP errors and 429."""
        import httpx

        body = {"model": self.model, "messages": messages, "temperature": 0}
        for attempt in range(self.tries):
            wait = self.backoff * 2**attempt
            try:
                response = self._client.post(f"{self.endpoint}/chat/completions", json=body)
                if response.status_code == 200:
                    data = response.json()
                    with self._lock:
                        self.tokens_used += int((data.get("usage") or {}).get("total_tokens") or 0)
                    return str(data["choices"][0]["message"]["content"] or "")
                if response.status_code == 429:
                    try:
                        wait = max(wait, min(float(response.headers.get("retry-after", 0)), 30.0))
                    except ValueError:
                        pass
            except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError):
                pass
            if attempt + 1 < self.tries:
                time.sleep(wait)
        raise _Failed

    def _ask(self, messages: list[dict]) -> str:
        """A cleaned translation; an empty or still-Chinese reply is asked for once more."""
        for _ in range(2):
            reply = clean_reply(self._post(messages))
            if reply and not looks_chinese(reply):
                return reply
        raise _Failed

    def translate_one(
        self, source: str, required: Sequence[str], forbidden: Sequence[str], context: SentenceContext | None
    ) -> str:
        messages = [{"role": "user", "content": fill_prompt(self.template, source, required, forbidden, context)}]
        text = self._ask(messages)
        problems = term_problems(text, required, forbidden)
        if problems:
            messages += [
                {"role": "assistant", "content": text},
                {
                    "role": "user",
                    "content": "Revise the translation: "
                    + "; ".join(problems)
                    + ". Reply with the corrected English translation only.",
                },
            ]
            try:
                text = self._ask(messages)
            except _Failed:
                pass  # keep the first reply; the glossary check flags it
            if term_problems(text, required, forbidden):
                with self._lock:
                    self.term_failures += 1
        return text

    def translate(
        self,
        sentences: Sequence[str],
        settings: TranslateSettings = TranslateSettings(),
        terms: Sequence[Sequence[str]] | None = None,
        avoid: Sequence[Sequence[str]] | None = None,
        context: Sequence[SentenceContext | None] | None = None,
    ) -> list[str]:
        sentences, results, todo = pending(sentences)
        self.failed = []

        def one(i: int) -> str:
            try:
                return self.translate_one(
                    sentences[i], terms[i] if terms else (), avoid[i] if avoid else (), context[i] if context else None
                )
            except _Failed:
                return ""

        with ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
            for i, text in zip(todo, pool.map(one, todo), strict=True):
                results[i] = text
                if not text:
                    self.failed.append(sentences[i])
        return results

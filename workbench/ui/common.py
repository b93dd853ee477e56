"""Small pieces every tab uses: the notice line and the document picker."""

from __future__ import annotations

import functools
import re
import socket
from html import escape

import gradio as gr

from .. import service
from ..errors import WorkbenchError

#: The Markdown punctuation that can start markup: links and images ([...]), emphasis, code,
#: headings, tables, strike-through, and the ":" and "@" of autolinked addresses. ``<``, ``>``
#: and ``&`` are HTML-escaped first.
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]#|~:@])")
#: A bare "www." is turned into a link too (GFM autolinks); so are "http:" and "a@b.org".
BARE_WWW = re.compile(r"(?i)\b(www)\.")


def escape_markdown(text: str) -> str:
    """``text`` shown literally in a gr.Markdown: HTML escaped (no live <img>, <form>, <a>) and
    Markdown punctuation backslash-escaped (no ![image](url), [link](url) or autolinked address)."""
    escaped = MARKDOWN_PUNCTUATION.sub(r"\\\1", escape(str(text), quote=False))
    return BARE_WWW.sub(r"\1\\.", escaped)


def notice(message: str, ok: bool = True) -> str:
    """A one-line notice for the page, its text shown literally (it often carries user text: a
    title, a file name, another reviewer's translation): a tick for success, a warning sign for a
    problem (plain text marks that every font has, not emoji that need an emoji font)."""
    return ("\u2713 " if ok else "\u26a0 ") + escape_markdown(message)


def shows_errors(outputs: int = 1, notice_at: int = 0):
    """Decorate a handler so that a WorkbenchError it raises becomes a warning notice at position
    ``notice_at`` of its ``outputs`` outputs, every other output left as it is. The handler itself
    then only says what happens when things go right."""

    def decorate(handler):
        @functools.wraps(handler)
        def run(*args, **kwargs):
            try:
                return handler(*args, **kwargs)
            except WorkbenchError as exc:
                message = notice(str(exc), ok=False)
                if outputs == 1:
                    return message
                return tuple(message if i == notice_at else gr.update() for i in range(outputs))

        return run

    return decorate


def undo_last(store, reviewer: str, kind: str) -> str:
    """Undo the last change step of ``kind`` (a merge, a replace) for the reviewer; the notice."""
    if not (reviewer or "").strip():
        return notice("enter your name as reviewer before undoing", ok=False)
    report = service.undo_step(store, "last", reviewer.strip(), kind=kind)
    kept = f"; {len(report.kept)} segments changed since were kept" if report.kept else ""
    return notice(f"Undid {kind} {report.step} ({report.description}): {report.restored} segments restored{kept}.")


def document_choices(store, role: str | None = "source") -> list[tuple[str, int]]:
    """(label, id) of the project's documents, optionally of one role; none for an account that
    may not read the project (a rater: their page is the Rate tab)."""
    try:
        documents = service.list_documents(store)
    except service.teams.RoleError:
        return []
    return [
        (f"{d['id']}: {d['title']}" + ("" if role else f" ({d['segments']} segments)"), d["id"])
        for d in documents
        if role is None or d["role"] == role
    ]


def refresh_choices(choices: list[tuple[str, int]], current=None, prefer_last: bool = True):
    """A dropdown update with fresh choices, keeping the current value when it still exists."""
    ids = [c[1] for c in choices]
    fallback = (ids[-1] if prefer_last else ids[0]) if ids else None
    return gr.update(choices=choices, value=current if current in ids else fallback)


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (for tests and benchmarks that start the app)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

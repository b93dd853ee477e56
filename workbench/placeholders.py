"""Inline codes as placeholders in segment text (pure functions, no XML).

Files from CAT tools carry formatting and markup inside a sentence as inline codes (XLIFF's
``<ph>``, ``<bpt>/<ept>``, ``<g>``, ``<x/>``, ``<pc>``, ``<sc>/<ec>``; TMX's ``<ph>``,
``<bpt>/<ept>``, ``<it>``). The workbench keeps each as a placeholder a reviewer can see and move:

- ``⟦1⟧`` a standalone code (a line break, an image, a field), or the start of a paired one;
- ``⟦/1⟧`` the end of the paired code ``1`` (``⟦1⟧bold⟦/1⟧``).

The number is the code's id in the file, so the source's and the target's codes correspond. QA
(:func:`code_problems`) flags a target whose codes are not those of its source; the XML writers
turn placeholders back into codes (:mod:`workbench.formats.inline`).
"""

from __future__ import annotations

import re
from collections import Counter

#: one placeholder: ⟦ID⟧ or ⟦/ID⟧ (ID: letters, digits, _ . -)
PLACEHOLDER = re.compile(r"⟦(/?)([A-Za-z0-9_.\-]{1,32})⟧")


def open_mark(code_id: str) -> str:
    return f"⟦{code_id}⟧"


def close_mark(code_id: str) -> str:
    return f"⟦/{code_id}⟧"


def has_codes(text: str) -> bool:
    return "⟦" in text and PLACEHOLDER.search(text) is not None


def codes(text: str) -> Counter[str]:
    """The placeholders of a text, counted (``⟦1⟧`` and ``⟦/1⟧`` apart)."""
    return Counter(m.group(0) for m in PLACEHOLDER.finditer(text))


def strip_codes(text: str) -> str:
    """The text without its placeholders (how a sentence with codes matches the same plain sentence)."""
    return PLACEHOLDER.sub("", text) if "⟦" in text else text


def code_problems(source: str, target: str) -> list[str]:
    """What is wrong with the target's codes against the source's: missing, extra, or a paired
    code closed before it opens. Empty when they agree (order may differ: word order does)."""
    if not target.strip() or not (has_codes(source) or has_codes(target)):
        return []
    want, have = codes(source), codes(target)
    problems = []
    missing = sorted((want - have).elements())
    extra = sorted((have - want).elements())
    if missing:
        problems.append(f"inline code missing in the target: {' '.join(missing)}")
    if extra:
        problems.append(f"inline code not in the source: {' '.join(extra)}")
    opened: set[str] = set()
    for m in PLACEHOLDER.finditer(target):
        if m.group(1):
            if m.group(2) not in opened and open_mark(m.group(2)) in have:
                problems.append(f"inline code {m.group(0)} closes before {open_mark(m.group(2))} opens")
        else:
            opened.add(m.group(2))
    return problems


def tokens(text: str) -> list[tuple[str, str]]:
    """The text as pieces: ("text", s), ("open", id), ("close", id), ("code", id) — a ``⟦id⟧``
    is "open" when a ``⟦/id⟧`` follows it in the text, else a standalone "code"."""
    pieces: list[tuple[str, str]] = []
    closes = Counter(m.group(2) for m in PLACEHOLDER.finditer(text) if m.group(1))
    at = 0
    for m in PLACEHOLDER.finditer(text):
        if m.start() > at:
            pieces.append(("text", text[at : m.start()]))
        code_id = m.group(2)
        if m.group(1):
            pieces.append(("close", code_id))
        elif closes[code_id] > 0 and text.find(close_mark(code_id), m.end()) >= 0:
            closes[code_id] -= 1
            pieces.append(("open", code_id))
        else:
            pieces.append(("code", code_id))
        at = m.end()
    if at < len(text):
        pieces.append(("text", text[at:]))
    return pieces

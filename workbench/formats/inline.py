"""Inline codes in and out of XLIFF 1.x, XLIFF 2.x and TMX segments, as the placeholders of
:mod:`workbench.placeholders` (``⟦1⟧``, ``⟦1⟧…⟦/1⟧``).

Read: the code elements become placeholders numbered by their id in the file; the native code
they wrap (``<bpt>&lt;b&gt;</bpt>``) is not text and is not kept; annotations (XLIFF ``<mrk>``,
``<sm>/<em>``, TMX ``<hi>``) keep their text and lose the marker; XLIFF 2.0 ``<cp hex>`` is the
character it names. Write: placeholders become the format's generic codes — XLIFF 2.0 ``<ph/>``,
``<sc/>``/``<ec/>``; XLIFF 1.2 ``<x/>``, ``<bx/>``/``<ex/>``; TMX ``<ph/>``, ``<bpt/>``/``<ept/>``
— so a file the workbench writes reads back with the same placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from ..placeholders import close_mark, has_codes, open_mark, tokens
from .safety import xml_text

# element local names → what they are, per dialect
_STANDALONE = {"x", "ph", "it", "ut"}  # XLIFF 1.2 x/ph/it, XLIFF 2.0 ph, TMX ph/it/ut
_BEGIN = {"bx", "bpt", "sc"}
_END = {"ex", "ept", "ec"}
_PAIRED = {"g", "pc"}  # a code that wraps its content
_ANNOTATION = {"mrk", "hi", "sm", "em"}  # keep the text, drop the marker (sm/em are empty)
_SKIP_TEXT = {"sub"}  # a sub-flow inside a native code


def _local(element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _id(element, counter: list[int], *names: str) -> str:
    for name in names:
        value = element.get(name)
        if value and re.fullmatch(r"[A-Za-z0-9_.\-]{1,32}", value):
            return value
    counter[0] += 1
    return f"c{counter[0]}"


def text_with_codes(element, on_marker: Callable[[str, Any, int], None] | None = None) -> str:
    """The text of a <source>, <target> or <seg> with its inline codes as placeholders.
    ``on_marker(event, element, position)`` hears of the annotations on the way — "sm" and "em"
    (XLIFF 2.0 start and end markers), "mrk" and "/mrk" around an XLIFF ``<mrk>`` — with the
    position in the returned text where each stands (how quality issues keep their spans)."""
    if element is None:
        return ""
    if len(element) == 0:
        return element.text or ""
    counter = [0]
    out: list[str] = []
    length = [0]

    def add(text: str | None) -> None:
        if text:
            out.append(text)
            length[0] += len(text)

    def walk(node) -> None:
        add(node.text)
        for child in node:
            name = _local(child)
            if name in _PAIRED:
                code = _id(child, counter, "id")
                add(open_mark(code))
                walk(child)
                add(close_mark(code))
            elif name in _BEGIN:
                add(open_mark(_id(child, counter, "rid", "id", "i", "x")))
            elif name in _END:
                add(close_mark(_id(child, counter, "startRef", "rid", "id", "i", "x")))
            elif name == "it":
                code = _id(child, counter, "id", "i", "x")
                add(close_mark(code) if child.get("pos") in ("close", "end") else open_mark(code))
            elif name in _STANDALONE:
                add(open_mark(_id(child, counter, "id", "x", "i")))
            elif name == "cp":
                try:
                    add(chr(int(child.get("hex") or "", 16)))
                except ValueError:
                    pass
            elif name in ("sm", "em"):
                if on_marker:
                    on_marker(name, child, length[0])
            elif name in _ANNOTATION:
                if on_marker:
                    on_marker(name, child, length[0])
                walk(child)
                if on_marker:
                    on_marker("/" + name, child, length[0])
            elif name not in _SKIP_TEXT and isinstance(child.tag, str):
                walk(child)  # an element we do not know: its text, not lost
            add(child.tail)

    walk(element)
    return "".join(out)


#: dialect → (standalone, begin, end) element factories: (local name, attribute for the id)
_CODES = {
    "xliff2": (("ph", "id"), ("sc", "id"), ("ec", "startRef")),
    "xliff12": (("x", "id"), ("bx", "id"), ("ex", "id")),
    "tmx": (("ph", "x"), ("bpt", "i"), ("ept", "i")),
}


def set_text_with_codes(element, text: str, dialect: str, namespace: str | None = None) -> None:
    """Put ``text`` into ``element``: plain text, or text and code elements where it has placeholders."""
    element.text = ""
    append_text(element, None, text, dialect, namespace)


def append_text(element, last, text: str, dialect: str, namespace: str | None = None, seen: dict | None = None):
    """Add ``text`` (with its placeholders as code elements) to ``element`` after its child ``last``
    (None: at its start); returns the new last child. ``seen`` counts ids across calls for one element."""
    if not text:
        return last
    if not has_codes(text):
        if last is None:
            element.text = (element.text or "") + xml_text(text)
        else:
            last.tail = (last.tail or "") + xml_text(text)
        return last
    standalone, begin, end = _CODES[dialect]
    seen = {} if seen is None else seen
    for kind, value in tokens(text):
        if kind == "text":
            last = append_text(element, last, value, dialect, namespace)
            continue
        name, attribute = {"code": standalone, "open": begin, "close": end}[kind]
        last = etree.SubElement(element, f"{{{namespace}}}{name}" if namespace else name)
        code_id = value
        if dialect == "xliff2" and kind in ("code", "open"):
            # ids are unique within a unit in XLIFF 2.0: a repeated placeholder gets a suffix
            seen[value] = seen.get(value, 0) + 1
            code_id = value if seen[value] == 1 else f"{value}-{seen[value]}"
        last.set(attribute, code_id)
        if dialect == "xliff12" and kind != "code":
            last.set("rid", value)
    return last

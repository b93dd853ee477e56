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


def text_with_codes(element) -> str:
    """The text of a <source>, <target> or <seg> with its inline codes as placeholders."""
    if element is None:
        return ""
    if len(element) == 0:
        return element.text or ""
    counter = [0]
    out: list[str] = []

    def walk(node) -> None:
        if node.text:
            out.append(node.text)
        for child in node:
            name = _local(child)
            if name in _PAIRED:
                code = _id(child, counter, "id")
                out.append(open_mark(code))
                walk(child)
                out.append(close_mark(code))
            elif name in _BEGIN:
                out.append(open_mark(_id(child, counter, "rid", "id", "i", "x")))
            elif name in _END:
                out.append(close_mark(_id(child, counter, "startRef", "rid", "id", "i", "x")))
            elif name == "it":
                code = _id(child, counter, "id", "i", "x")
                out.append(close_mark(code) if child.get("pos") in ("close", "end") else open_mark(code))
            elif name in _STANDALONE:
                out.append(open_mark(_id(child, counter, "id", "x", "i")))
            elif name == "cp":
                try:
                    out.append(chr(int(child.get("hex") or "", 16)))
                except ValueError:
                    pass
            elif name in _ANNOTATION:
                walk(child)
            elif name not in _SKIP_TEXT and isinstance(child.tag, str):
                walk(child)  # an element we do not know: its text, not lost
            if child.tail:
                out.append(child.tail)

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
    if not has_codes(text):
        element.text = xml_text(text)
        return
    standalone, begin, end = _CODES[dialect]
    element.text = ""
    last = None
    seen: dict[str, int] = {}
    for kind, value in tokens(text):
        if kind == "text":
            if last is None:
                element.text = (element.text or "") + xml_text(value)
            else:
                last.tail = (last.tail or "") + xml_text(value)
            continue
        name, attribute = {"code": standalone, "open": begin, "close": end}[kind]
        tag = f"{{{namespace}}}{name}" if namespace else name
        last = etree.SubElement(element, tag)
        code_id = value
        if dialect == "xliff2" and kind in ("code", "open"):
            # ids are unique within a unit in XLIFF 2.0: a repeated placeholder gets a suffix
            seen[value] = seen.get(value, 0) + 1
            code_id = value if seen[value] == 1 else f"{value}-{seen[value]}"
        last.set(attribute, code_id)
        if dialect == "xliff12" and kind != "code":
            last.set("rid", value)

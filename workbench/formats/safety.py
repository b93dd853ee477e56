"""Making exported text safe to open, and getting exactly the same text back on merge.

Formula guard: a spreadsheet cell that starts with = + - @ (or a tab or carriage return) would
be run as a formula, so the exporter puts an apostrophe in front. A text that itself starts with
an apostrophe gets one too, so the reader can always tell an added apostrophe (followed by a
formula character or another apostrophe) from a real one: ``'=x`` is written ``''=x`` and comes
back as ``'=x``; ``'quoted`` comes back unchanged whether or not it went through the exporter.
In XLSX the guard is the cell type instead (:func:`sheet_text`): a text cell holds ``=SUM(A1)``
as text, with no apostrophe for Excel or LibreOffice users to see; only a text that starts with
an apostrophe gets one more, so :func:`restore_formula` reads old and new sheets alike.

Characters no export format can hold (C0 control characters other than tab, newline and carriage
return; U+FFFE/U+FFFF; lone surrogates) are dropped on the way out, so an export never fails on
them: XML 1.0 forbids them and openpyxl refuses them (IllegalCharacterError).
"""

from __future__ import annotations

import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ADDED_QUOTE_BEFORE = "=+-@\t\r'"
# characters XML 1.0 and XLSX forbid, and lone surrogates (not encodable as UTF-8)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def neutralise_formula(value):
    """Prefix an apostrophe to a text cell that starts with = + - @ (or with an apostrophe, see above)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START + ("'",)):
        return "'" + value
    return value


def restore_formula(value):
    """Undo :func:`neutralise_formula`: drop the apostrophe only where the exporter added it."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in _ADDED_QUOTE_BEFORE:
        return value[1:]
    return value


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 (and XLSX) cannot hold."""
    return _XML_ILLEGAL.sub("", value or "")


def cell_text(value):
    """A spreadsheet cell: formula-guarded, without characters the format cannot hold."""
    return neutralise_formula(xml_text(value)) if isinstance(value, str) else value


def sheet_text(value):
    """An XLSX text cell's value (written with the string cell type, so never run as a formula):
    without characters the format cannot hold, and an apostrophe doubled at the start."""
    if not isinstance(value, str):
        return value
    value = xml_text(value)
    return "'" + value if value.startswith("'") else value

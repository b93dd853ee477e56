"""Making exported text safe to open."""

from __future__ import annotations

import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# characters XML 1.0 forbids (lxml refuses them); they are dropped from XML exports
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise_formula(value):
    """A spreadsheet cell that starts with = + - @ would be run as a formula: prefix an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def restore_formula(value):
    """Undo :func:`neutralise_formula` when a reviewed sheet comes back."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def xml_text(value: str) -> str:
    return _XML_ILLEGAL.sub("", value or "")

"""Whitespace clean-up of one line: the only rewriting the cleaner does.

Full-width spaces (U+3000), no-break spaces and tabs become ordinary spaces, runs of spaces
collapse to one, zero-width characters, stray byte-order marks and control characters (ESC,
BEL, NUL...; see :mod:`workbench.ingest.controls`) go, and the ends are trimmed. Letters and
punctuation are never changed.
"""

import re

from .controls import strip_controls

_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def normalize_line(text: str) -> str:
    return _SPACES.sub(" ", strip_controls(_INVISIBLE.sub("", text))).strip()

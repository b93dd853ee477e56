"""Control characters and broken Unicode in text that comes in.

A report may carry a stray ESC, BEL or NUL (a copy from a terminal, a broken converter); they
are invisible, break spreadsheet and XML exports, and never belong in a translation. They are
removed at import (tab and newline are kept: they separate cells and lines). A *lone surrogate*
(half of a UTF-16 pair, which JSON's ``\\ud800`` escapes can produce) is not text at all and
cannot be stored: it is refused with a message saying where it is.
"""

from __future__ import annotations

import re

from ..errors import InputError

#: C0 controls except tab and newline, DEL, and the C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """``text`` without control characters other than tab and newline (carriage returns go too)."""
    return CONTROL.sub("", text)


def check_unicode(text: str, where: str) -> str:
    """Return ``text``, or raise InputError if it holds a lone surrogate (``where`` names the field)."""
    match = _SURROGATE.search(text or "")
    if match:
        raise InputError(
            f"{where}: contains an invalid character (a lone UTF-16 surrogate, "
            f"U+{ord(match.group()):04X}, at character {match.start() + 1}); it is not valid Unicode text"
        )
    return text

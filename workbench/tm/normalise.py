"""Normalising a source sentence before it is compared, as CAT tools do.

Full-width and half-width forms are made one (NFKC), Chinese punctuation is mapped to its
ASCII counterpart, white space is dropped (it carries no meaning in Chinese) and Latin letters
are lower-cased. Numbers are taken out and replaced by one placeholder character, so that
``2023年`` and ``2024年`` differ only in their numbers: the edit distance sees the same
sentence and the number mismatch is penalised separately (and can be shown to the reviewer).
Inline-code placeholders (:mod:`workbench.placeholders`) are not part of the comparison.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from ..placeholders import strip_codes

#: stands for any number in normalised text (a private-use character no report contains)
NUMBER_MARK = "\ue000"

_PUNCTUATION = str.maketrans(
    {
        "。": ".",
        "、": ",",
        "，": ",",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "《": "<",
        "》": ">",
        "〈": "<",
        "〉": ">",
        "【": "[",
        "】": "]",
        "〔": "[",
        "〕": "]",
        "〖": "[",
        "〗": "]",
        "—": "-",
        "–": "-",
        "―": "-",
        "～": "~",
        "·": ".",
        "・": ".",
        "…": "...",
        "\u3000": " ",
    }
)
# 12, 1,000, 3.5, 35%: a thousands separator must be followed by exactly three digits
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?%?")
_SPACE = re.compile(r"\s+")


class Normalised(NamedTuple):
    text: str  # the comparable form, numbers replaced by NUMBER_MARK
    numbers: tuple[str, ...]  # the numbers, in order, without thousands separators


def normalise_source(text: str) -> Normalised:
    """The comparable form of ``text`` and the numbers it contains; inline-code placeholders
    (``⟦1⟧``) are left out, so a sentence with codes matches the same sentence without them."""
    folded = unicodedata.normalize("NFKC", strip_codes(text or "")).translate(_PUNCTUATION)
    numbers = tuple(m.group().replace(",", "") for m in _NUMBER.finditer(folded))
    comparable = _SPACE.sub("", _NUMBER.sub(NUMBER_MARK, folded)).lower()
    return Normalised(comparable, numbers)


def numbers_in(text: str) -> tuple[str, ...]:
    return normalise_source(text).numbers

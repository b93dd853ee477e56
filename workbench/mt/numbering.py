"""Headings and list items keep their numbering through MT.

The marker (一、 （一） 一是 1、 (1) ①) is cut off before translation, because the model
mistranslates or drops it, and an English marker is put back in front of the translation:

- 一、 → ``I.`` (``numbering="roman"``, the default) or ``1.`` (``"arabic"``)
- （一） / (一) → ``(1)``, 第一章 → ``Chapter 1``, 第一节 → ``Section 1``, 第一部分 → ``Part 1``
- 一是 → ``First,`` … ``Tenth,``; 其一、 → ``First,``
- 1、 1． 1. → ``1.``; （1） (1) 1） → ``(1)``; ① → ``(1)``
"""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ORDINALS = [
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
]
CN = "一二三四五六七八九十百零〇两"
_PATTERNS = [
    (re.compile(rf"^([{CN}]+)、\s*"), "heading"),
    (re.compile(rf"^[（(]([{CN}]+)[）)]\s*"), "paren"),
    (re.compile(rf"^第([{CN}\d]+)(章|节|部分|篇|编|条)\s*"), "chapter"),
    (re.compile(rf"^([{CN}])是\s*"), "ordinal"),
    (re.compile(rf"^其([{CN}])[、，,]\s*"), "ordinal"),
    (re.compile(r"^(\d{1,2})[、．.](?!\d)\s*"), "number"),
    (re.compile(r"^[（(](\d{1,2})[）)]\s*"), "paren_number"),
    (re.compile(r"^(\d{1,2})[）)]\s*"), "paren_number"),
    (re.compile(r"^([①-⑳])\s*"), "circled"),
]
_UNITS = {"章": "Chapter", "节": "Section", "部分": "Part", "篇": "Part", "编": "Part", "条": "Article"}


def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23, 一百零五 → 105; Arabic digits pass through."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = DIGITS.get(ch, 0)
    return total + current


def roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + letters, n - value
    return out


def split_marker(text: str, numbering: str = "roman") -> tuple[str, str]:
    """(English marker with its trailing space, rest of the text); ('', text) when there is none."""
    for pattern, kind in _PATTERNS:
        match = pattern.match(text)
        if not match or not text[match.end() :].strip():
            continue
        rest = text[match.end() :]
        value = match.group(1)
        if kind == "heading":
            n = chinese_number(value)
            return (f"{roman(n)}. " if numbering == "roman" else f"{n}. "), rest
        if kind == "paren":
            return f"({chinese_number(value)}) ", rest
        if kind == "chapter":
            return f"{_UNITS[match.group(2)]} {chinese_number(value)} ", rest
        if kind == "ordinal":
            n = chinese_number(value)
            return (f"{ORDINALS[n - 1]}, " if 0 < n <= len(ORDINALS) else f"{n}. "), rest
        if kind == "number":
            return f"{int(value)}. ", rest
        if kind == "paren_number":
            return f"({int(value)}) ", rest
        if kind == "circled":
            return f"({ord(value) - ord('①') + 1}) ", rest
    return "", text


def join_marker(marker: str, translation: str) -> str:
    """Put the English marker back; after "First," the translation continues in lower case."""
    if not marker:
        return translation
    if marker.endswith(", ") and len(translation) > 1 and translation[0].isupper() and translation[1].islower():
        translation = translation[0].lower() + translation[1:]
    return marker + translation.lstrip()

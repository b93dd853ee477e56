"""Sentence segmentation for Chinese source text and English target text.

Chinese: a sentence ends at 。！？ (full- or half-width), at …… and at a run of them; closing
quotes and brackets after the stop stay with the sentence (。” ！）); there is no split
inside 《》 or inside quotation marks. An unbalanced quote is ignored after
``MAX_QUOTE_SPAN`` characters, so one missing closing quote cannot swallow a paragraph.

Long sentences: the MT model degrades on very long input, so a sentence longer than
``SegmentOptions.max_chars`` (default 150 characters) is split after a semicolon
(``split_marks``, default ；;) at quote depth 0, into pieces as even as possible and never
shorter than ``min_piece`` characters. A piece still longer than twice ``max_chars`` is then
split the same way at commas (``fallback_marks``, default ，,). ``max_chars=0`` turns the rule
off.

Hard limit: whatever the rules above leave, no segment is longer than the hard limit given to
:func:`bound_segment` (``$WORKBENCH_MAX_SEGMENT_CHARS`` at import, default 2,000 characters; a
5 MB line without a stop would otherwise be one segment). An over-long one is cut at the last
sentence stop in the second half of the allowed length, else the last punctuation mark there,
else the last space, else at the limit itself (never before a combining mark).

English: a sentence ends at . ! ? followed by space and a capital, digit or opening quote,
except after abbreviations (Mr., Dr., No. 1, e.g., i.e., Art., Vol.), initials (J. R.),
heading and list markers at the start of a paragraph (II. Results, 3. Measures),
dotted acronyms (U.S., P.R.C.) that do not end the sentence, and inside decimals (3.5).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ZH_STOPS = "。！？!?"
CLOSERS = "”’」』）)》〉】]\"'"
OPEN_TO_CLOSE = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "〈": "〉", "（": "）", "(": ")", "【": "】"}
MAX_QUOTE_SPAN = 300


@dataclass(frozen=True)
class SegmentOptions:
    """How Chinese text is cut; see the module docstring."""

    max_chars: int = 150
    split_marks: str = "；;"
    fallback_marks: str = "，,"
    min_piece: int = 20


def _protected_positions(text: str) -> list[bool]:
    """True at every index that lies inside a matched pair of quotes, book-title marks or brackets."""
    inside = [False] * len(text)
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for i, ch in enumerate(text):
        if ch in OPEN_TO_CLOSE:
            stack.append((OPEN_TO_CLOSE[ch], i))
        elif stack and ch == stack[-1][0]:
            _, start = stack.pop()
            if i - start <= MAX_QUOTE_SPAN:
                for j in range(start + 1, i):
                    inside[j] = True
        elif ch in OPEN_TO_CLOSE.values():
            # a closer with no opener on top: drop unmatched openers above a matching one
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == ch:
                    _, start = stack[k]
                    del stack[k:]
                    if i - start <= MAX_QUOTE_SPAN:
                        for j in range(start + 1, i):
                            inside[j] = True
                    break
        elif ch == '"':
            if straight_open is None:
                straight_open = i
            else:
                if i - straight_open <= MAX_QUOTE_SPAN:
                    for j in range(straight_open + 1, i):
                        inside[j] = True
                straight_open = None
    return inside


def split_zh(text: str, options: SegmentOptions = SegmentOptions()) -> list[str]:
    """Split one Chinese paragraph into sentences; concatenating them gives ``text`` back."""
    if not text:
        return []
    inside = _protected_positions(text)
    cuts: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        is_stop = ch in ZH_STOPS or (ch == "…" and i + 1 < n and text[i + 1] == "…")
        if is_stop and not inside[i]:
            j = i + 1
            while j < n and (text[j] in ZH_STOPS or text[j] == "…"):
                j += 1
            while j < n and text[j] in CLOSERS:
                j += 1
            if j < n:
                cuts.append(j)
            i = j
            continue
        if is_stop and inside[i]:
            # a stop right before the closing quote that ends a quotation at depth 0: 他说：“好。”我走了。
            j = i + 1
            while j < n and (text[j] in ZH_STOPS or text[j] == "…"):
                j += 1
            k = j
            while k < n and text[k] in CLOSERS:
                k += 1
            if k > j and k < n and not inside[k - 1] and (k == n or not inside[k]):
                if text[k - 1] in '”’」』"' and text[k] not in "，,、；;：:":
                    cuts.append(k)
                    i = k
                    continue
        i += 1
    sentences = [text[a:b] for a, b in zip([0] + cuts, cuts + [n], strict=False) if text[a:b]]
    if options.max_chars:
        sentences = [piece for s in sentences for piece in split_long(s, options)]
    return sentences


def split_long(sentence: str, options: SegmentOptions = SegmentOptions()) -> list[str]:
    """Cut an over-long sentence after semicolons (then, if still far too long, commas)."""
    pieces = _split_at(sentence, options.split_marks, options)
    if options.fallback_marks:
        pieces = [
            q
            for p in pieces
            for q in (_split_at(p, options.fallback_marks, options) if len(p) > 2 * options.max_chars else [p])
        ]
    return pieces


def _split_at(sentence: str, split_marks: str, options: SegmentOptions) -> list[str]:
    """Cut ``sentence`` after ``split_marks`` into pieces close to ``max_chars`` each."""
    if len(sentence) <= options.max_chars:
        return [sentence]
    inside = _protected_positions(sentence)
    marks = [i + 1 for i, ch in enumerate(sentence) if ch in split_marks and not inside[i] and i + 1 < len(sentence)]
    marks = [m for m in marks if m >= options.min_piece and len(sentence) - m >= options.min_piece]
    if not marks:
        return [sentence]
    pieces = -(-len(sentence) // options.max_chars)  # how many pieces we aim for
    chosen: list[int] = []
    for k in range(1, pieces):
        target = len(sentence) * k / pieces
        best = min(marks, key=lambda m: abs(m - target))
        if best not in chosen and (not chosen or best > chosen[-1]):
            chosen.append(best)
    bounds = [0] + chosen + [len(sentence)]
    return [sentence[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


# ---------------------------------------------------------------- English

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sr",
    "jr",
    "st",
    "mt",
    "no",
    "nos",
    "vol",
    "vols",
    "art",
    "arts",
    "fig",
    "figs",
    "pp",
    "p",
    "ch",
    "chap",
    "sec",
    "para",
    "paras",
    "ed",
    "eds",
    "rev",
    "gen",
    "gov",
    "sen",
    "rep",
    "col",
    "lt",
    "capt",
    "cmdr",
    "sgt",
    "hon",
    "messrs",
    "mme",
    "co",
    "corp",
    "inc",
    "ltd",
    "dept",
    "univ",
    "assn",
    "bros",
    "approx",
    "est",
    "cf",
    "vs",
    "viz",
    "al",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
    "etc",
}
#: abbreviations that are followed by a number or name and never end a sentence before one
_BEFORE_NUMBER = set("no nos vol vols art arts fig figs pp p ch chs chap sec secs sect sects para paras".split())
_SENTENCE_STARTERS = {
    "The",
    "This",
    "These",
    "That",
    "Those",
    "It",
    "In",
    "On",
    "At",
    "As",
    "But",
    "And",
    "He",
    "She",
    "We",
    "They",
    "I",
    "There",
    "A",
    "An",
    "His",
    "Her",
    "Its",
    "Our",
    "Their",
    "After",
    "Before",
    "When",
    "While",
    "However",
    "Since",
    "For",
    "By",
    "From",
    "To",
    "With",
    "Yet",
    "So",
    "Then",
    "Now",
    "Meanwhile",
}
_EN_BREAK = re.compile(r"([.!?]+|\.\.\.|…)([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD = re.compile(r"[\"'“‘(\[]?([A-Za-z0-9]+)")


def _is_abbreviation(before: str, next_word: str) -> bool:
    if re.fullmatch(r"\s*(?:[IVXLC]+|\d{1,3}|[A-Za-z])", before):  # a list or heading marker: "II. Results"
        return True
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1)
    low = word.lower().rstrip(".")
    if low in _BEFORE_NUMBER:
        return next_word[:1].isdigit()
    if low in ("etc",):
        return False  # "etc." ends a sentence when a capital follows
    if low in ("a.m", "p.m"):  # "at 9 a.m. Beijing time" goes on, "at 9 a.m. The minister ..." does not
        return next_word not in _SENTENCE_STARTERS
    if low in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():  # an initial: J. R. R. Tolkien
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # U.S, P.R.C, e.g
        return next_word not in _SENTENCE_STARTERS
    return False


def ends_with_abbreviation(line: str, next_line: str) -> bool:
    """Whether the full stop ending ``line`` belongs to an abbreviation that does not end the
    sentence before ``next_line`` ("... led by Mr." / "Wang"; "Agreement No." / "1 on trade")."""
    line = line.rstrip()
    if not line.endswith("."):
        return False
    next_word = re.match(r"\S*", next_line.lstrip()).group(0).strip("\"'“‘(")
    return _is_abbreviation(line[:-1], next_word)


def split_en(text: str) -> list[str]:
    """Split one English paragraph into sentences (whitespace between them is dropped)."""
    sentences: list[str] = []
    start = 0
    for match in _EN_BREAK.finditer(text):
        end_of_sentence = match.end(2)
        # the last words before the stop are enough to tell an abbreviation; the whole sentence so
        # far would make a paragraph of many abbreviations ("Mr." ...) cost quadratic time
        before = text[max(start, match.start() - 100) : match.start()]
        next_word = _NEXT_WORD.match(text, match.end())
        if match.group(1) == "." and _is_abbreviation(before, next_word.group(1) if next_word else ""):
            continue
        sentence = text[start:end_of_sentence].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


_STRONG_STOPS = frozenset(ZH_STOPS + "；;.…")


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where the piece of ``text`` from ``start`` (at most ``limit`` long) ends: see the module docstring."""
    end = start + limit
    floor = start + max(1, limit // 2)
    for wanted in (
        lambda ch: ch in _STRONG_STOPS or ch in CLOSERS,
        lambda ch: unicodedata.category(ch).startswith("P"),
        str.isspace,
    ):
        for i in range(end, floor, -1):  # cut after text[i - 1]
            if wanted(text[i - 1]) and not unicodedata.combining(text[i]):
                return i
    while end > floor and unicodedata.combining(text[end]):
        end -= 1
    return end


def bound_segment(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at the best boundary there is;
    ``"".join(pieces) == text``. A text within the limit comes back whole."""
    if limit <= 0 or len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        cut = _cut_point(text, start, limit)
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def split_sentences(text: str, lang: str, options: SegmentOptions = SegmentOptions()) -> list[str]:
    return split_zh(text, options) if lang == "zh" else split_en(text)

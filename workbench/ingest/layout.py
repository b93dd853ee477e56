"""Layout of a report: repair lines broken inside a sentence and find the document's structure
(paragraph kinds: title, heading, item, toc, body). Alignment's use of structure as evidence is
:mod:`workbench.align.structure`.

Repair: a web page or a PDF often cuts a sentence with a paragraph or page break
(``大型安置小`` / ``区的服务管理中``). A Chinese line is joined to the next when it is prose (it
already holds sentence punctuation, or is long), does not end with sentence-final punctuation,
and the next line does not start a heading or list item. An English line (no Chinese characters)
is a hard wrap to join when it does not end a sentence (``.`` ``?`` ``!``, not an abbreviation
such as ``Mr.``) and either the next line goes on in lower case or, with no blank line between,
the line is about as long as the document's wrapped lines; so headings, titles and one paragraph
per line stay apart. A date line (``November 15, 2012``, ``（2012年11月15日）``) or a byline ending
in a date is never joined either way. Nothing else is rewritten.

Structure: each paragraph gets a kind.

- ``title``: the first paragraph when it is short and has no sentence-final punctuation, and a
  subtitle right after it that starts with a dash (``——在...``);
- ``heading``: 一、 二、, （一）, (一), 第一章/节/部分;
- ``item``: enumerated items 一是…, 1、 1. 1． (1) （1） 1） ①;
- ``toc``: a table of contents (:func:`toc_lines`): a line ``目录`` (``目 录``, ``目次``,
  ``Contents``, ``Table of Contents``) and the entries under it, each a paragraph of its own;
- ``body``: everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..segment import ends_with_abbreviation
from .clean import Line

CN_NUM = "一二三四五六七八九十百零〇两"
HEADING = re.compile(rf"^(?:[{CN_NUM}]+、|[（(][{CN_NUM}]+[）)]|第[{CN_NUM}\d]+[章节部分篇编条]|[IVX]+\.\s)")
ITEM = re.compile(
    rf"^(?:[{CN_NUM}]是|(?:第[{CN_NUM}]|其[{CN_NUM}])[，,、:：]|\d{{1,2}}[、．](?!\d)|\d{{1,2}}\.(?!\d)|[（(]\d{{1,2}}[）)]|\d{{1,2}}[）)]|[①-⑳])"
)
# a line ending like this finishes its sentence (an English full stop too, with its quotation mark)
FINAL = re.compile(r"(?:[。！？!?；;：:…”’」』）)》\]】]|\.[\"']?)\s*$")
PROSE_PUNCT = re.compile(r"[，,、；;。！？!?：:]")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the cleaned document: 1-based number, text, kind and the input lines it came from."""

    number: int
    text: str
    kind: str
    lines: tuple[int, ...]


TOC_HEAD = re.compile(r"^(?:目\s*录|目\s*次|(?:table\s+of\s+)?contents)\s*[:：]?$", re.IGNORECASE)
# an entry's page number at its end, after leader dots or spaces: "一、总体要求……3", "Foreword ..... 1"
_PAGE = re.compile(r"^(.*?\D)[\s.．·…_—–-]*(\d{1,4})$")
_LEADERS = re.compile(r"[\s.．·…_—–-]{2,}$")
MAX_TOC_ENTRIES = 400  # the longest contents read
# how many lines the search for headings further down may compare in one document (hostile input:
# thousands of contents lines cost no more than a few ordinary ones)
TOC_SEARCH_BUDGET = 2_000_000
_SENTENCE_END = re.compile(r"[。！？!?；;]")


def _toc_name(line: str) -> tuple[str, bool]:
    """(the entry's name without leader dots and page number, whether it had a page number)."""
    text = line.strip()
    page = _PAGE.match(text)
    if page:
        text = page.group(1)
    return _LEADERS.sub("", text).strip(), bool(page)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def toc_lines(texts: list[str]) -> set[int]:
    """Indices of the lines of ``texts`` that are a table of contents: a line ``目录`` (``目 录``,
    ``目次``, ``Contents``, ``Table of Contents``) and the entries right under it. An entry is a
    short line without sentence punctuation that ends in a page number (after leader dots or not)
    or names a heading found further down the document; the entries end at the first line that is
    not one, or that repeats an entry (the document's first heading after its contents). A
    contents line with fewer than two entries is left alone."""
    found: set[int] = set()
    nonblank = [k for k, t in enumerate(texts) if t.strip()]
    later: list[str] = [_squeeze(texts[k]) for k in nonblank]
    last = {t: q for q, t in enumerate(later)}  # where each line is seen last: an exact heading is a lookup
    budget = [TOC_SEARCH_BUDGET]  # lines compared in the search for headings that start with a name

    def further_down(key: str, q: int) -> bool:
        if last.get(key, -1) > q:
            return True
        end = min(len(later), q + 1 + max(budget[0], 0))
        for i in range(q + 1, end):
            if later[i].startswith(key):
                budget[0] -= i - q
                return True
        budget[0] -= end - q - 1
        return False

    for pos, k in enumerate(nonblank):
        if k in found or not TOC_HEAD.match(texts[k].strip()):
            continue
        entries: list[int] = []
        names: set[str] = set()
        for q in range(pos + 1, len(nonblank)):
            line = texts[nonblank[q]].strip()
            if len(line) > 80 or _SENTENCE_END.search(line):
                break
            name, paged = _toc_name(line)
            key = _squeeze(name)
            if len(key) < 2 or key in names:
                break
            # a heading further down: a later line that is the name, or starts with it
            if not paged and not further_down(key, q):
                break
            names.add(key)
            entries.append(nonblank[q])
            if len(entries) >= MAX_TOC_ENTRIES:
                break
        if len(entries) >= 2:
            found.update([k, *entries])
    return found


def starts_block(text: str) -> bool:
    return bool(HEADING.match(text) or ITEM.match(text))


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
# a line that is, or ends with, a date: "November 15, 2012", "5 March 2022", "（2012年11月15日）"
DATE_LINE = re.compile(
    r"(?:^|[,，]\s*)"  # the whole line, or the end of a byline after a comma
    rf"(?:{_MONTH}\s+(?:\d{{1,2}},?\s+)?\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
    rf"|[（(]?[\d〇零一二三四五六七八九]{{4}}\s*年[\d〇零一二三四五六七八九十]{{1,2}}\s*月(?:[\d〇零一二三四五六七八九十]{{1,3}}\s*日)?[）)]?)"
    r"\s*$"
)
EN_FINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
# a line ending in one of these words goes on in the next: "partners in" / "Écuador"
CONTINUES = re.compile(
    r"\b(?:the|a|an|of|in|on|at|to|for|with|by|from|into|and|or|but|as|that|which|who|whose|its|their|our|"
    r"his|her|this|these|those|is|are|was|were|be|been|has|have|had|will|would|shall|should|can|could|may|"
    r"must|not|than|between|among|under|over|through|within|without)\s*$",
    re.IGNORECASE,
)


def is_latin(line: str) -> bool:
    """An English (Latin-script) line: no Chinese characters or fullwidth punctuation."""
    return not _CJK.search(line)


def is_date_line(line: str) -> bool:
    """A date line or a byline ending in a date (short): it stands alone, never joined."""
    return len(line) <= 120 and bool(DATE_LINE.search(line))


def wrap_width(lines: list[Line]) -> float:
    """How long the document's full English lines are (the 90th percentile of their lengths);
    a hard-wrapped line is about this long, a heading is shorter."""
    lengths = sorted(len(line.text) for line in lines if is_latin(line.text))
    if len(lengths) < 5:
        return 60.0
    return float(lengths[int(0.9 * (len(lengths) - 1))])


class _Open:
    """The paragraph being put together: its lines and what the joining rules need to know of it,
    kept up to date line by line (so a paragraph of many thousand lines costs linear time)."""

    def __init__(self, line: Line, restored: frozenset[int] | set[int]):
        self.parts = [line.text]  # the lines with the separators between them
        self.tail = line.text  # the last line
        self.numbers = [line.number]
        self.head = line.text  # the first line: a heading or list marker, the paragraph's start
        marker = HEADING.match(line.text) or ITEM.match(line.text)
        # the 、 of "1、" is not prose punctuation
        self.prose = bool(PROSE_PUNCT.search(line.text[marker.end() :] if marker else line.text))
        self.length = len(line.text)
        self.latin = is_latin(line.text)
        self.restored = line.number in restored

    def text(self) -> str:
        return "".join(self.parts)

    def add(self, line: Line) -> None:
        separator = _separator(self.tail, line.text)
        self.parts += [separator, line.text]
        self.tail = line.text
        self.numbers.append(line.number)
        self.prose = self.prose or bool(PROSE_PUNCT.search(line.text))
        self.length += len(separator) + len(line.text)
        self.latin = self.latin and is_latin(line.text)


def _is_english_cut(tail: str, next_line: str, blank_between: bool, width: float) -> bool:
    if EN_FINAL.search(tail):  # a sentence ends here, unless it is an abbreviation's stop ("Mr." / "Wang")
        return ends_with_abbreviation(tail, next_line)
    if ITEM.match(next_line) or HEADING.match(next_line):
        return False
    if next_line[:1].islower() or CONTINUES.search(tail):
        return True
    if blank_between:
        return False
    return tail.rstrip().endswith(",") or len(tail) >= 0.7 * width


def _is_cut(paragraph: _Open, next_line: str, blank_between: bool, width: float) -> bool:
    if (paragraph.length <= 120 and is_date_line(paragraph.text())) or is_date_line(next_line):
        return False
    if paragraph.latin and is_latin(next_line):
        return _is_english_cut(paragraph.tail, next_line, blank_between, width)
    if FINAL.search(paragraph.tail) or starts_block(next_line):
        return False
    if HEADING.match(paragraph.head) and paragraph.length <= 40:  # a heading with a comma is still a heading
        return False
    if next_line.startswith("—"):
        return False
    return paragraph.prose or paragraph.length >= 60


def _separator(a: str, b: str) -> str:
    """Chinese lines join directly; Latin-script ones (English, numbers) with a space, except after
    a hyphen (``self-`` / ``governance``). Which one is told by the nearest letter or digit on each
    side, so ``the`` / ``“two basic points”`` and ``in`` / ``Écuador`` get their space and
    ``的`` / ``“两委”`` does not."""
    last = next((c for c in reversed(a) if c.isalnum()), "")
    first = next((c for c in b if c.isalnum()), "")
    if not last or not first or a.endswith("-") or _CJK.match(last) or _CJK.match(first):
        return ""
    return " "


def repair_lines(
    lines: list[Line], restored: frozenset[int] | set[int] = frozenset()
) -> list[tuple[str, tuple[int, ...]]]:
    """Join lines broken inside a sentence; return (text, input line numbers) per paragraph.

    A line the user restored stays a paragraph of its own: it was clutter to the cleaner, so it
    is not a piece of the sentence around it.
    """
    paragraphs: list[_Open] = []
    width = wrap_width(lines)
    for line in lines:
        current = paragraphs[-1] if paragraphs else None
        if (
            current is not None
            and not current.restored
            and line.number not in restored
            and _is_cut(current, line.text, line.number > current.numbers[-1] + 1, width)  # blank line between?
        ):
            current.add(line)
        else:
            paragraphs.append(_Open(line, restored))
    return [(p.text(), tuple(p.numbers)) for p in paragraphs]


def paragraph_kind(text: str) -> str:
    if HEADING.match(text):
        return "heading"
    if ITEM.match(text):
        return "item"
    return "body"


def find_paragraphs(lines: list[Line], restored: frozenset[int] | set[int] = frozenset()) -> list[Paragraph]:
    """Repair broken lines, then number the paragraphs and give each its kind (a table of
    contents, :func:`toc_lines`, is ``toc``, one paragraph per line).

    Lines in ``restored`` (brought back after the cleaner removed them) do not move the title:
    the title is found among the other paragraphs as if they were not there, so restoring the
    site's page title above it keeps the report's title lines labelled ``title``.
    """
    paragraphs: list[Paragraph] = []
    toc = {lines[k].number for k in toc_lines([line.text for line in lines])}
    # a contents line stands alone, as a restored one does: it is not a piece of a sentence
    repaired = repair_lines(lines, frozenset(restored) | toc)
    index = -1
    previous: Paragraph | None = None  # the last paragraph not made only of restored lines
    for text, numbers in repaired:
        kind = paragraph_kind(text)
        if toc and set(numbers) <= toc:  # the table of contents does not move the title either
            paragraphs.append(Paragraph(len(paragraphs) + 1, text, "toc", numbers))
            continue
        if restored and set(numbers) <= set(restored):
            paragraphs.append(Paragraph(len(paragraphs) + 1, text, kind, numbers))
            continue
        index += 1
        if kind == "body" and index <= 2:
            is_first = index == 0
            follows_title = previous is not None and previous.kind == "title"
            is_sentence = bool(re.search(r"[。！？!?]", text) or text.endswith("."))
            if is_first and len(text) <= 60 and not is_sentence:
                kind = "title"
            elif follows_title and re.match(r"^[—－\-]{1,2}", text) and not is_sentence:
                kind = "title"
        previous = Paragraph(len(paragraphs) + 1, text, kind, numbers)
        paragraphs.append(previous)
    return paragraphs

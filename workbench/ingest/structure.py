"""Repair lines broken inside a sentence and find the document's structure.

Repair: a web page or a PDF often cuts a sentence with a paragraph or page break
(``大型安置小`` / ``区的服务管理中``). A line is joined to the next when it is prose (it already
holds sentence punctuation, or is long), does not end with sentence-final punctuation, and the
next line does not start a heading or list item. Nothing else is rewritten.

Structure: each paragraph gets a kind.

- ``title``: the first paragraph when it is short and has no sentence-final punctuation, and a
  subtitle right after it that starts with a dash (``——在...``);
- ``heading``: 一、 二、, （一）, (一), 第一章/节/部分;
- ``item``: enumerated items 一是…, 1、 1. 1． (1) （1） 1） ①;
- ``body``: everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def starts_block(text: str) -> bool:
    return bool(HEADING.match(text) or ITEM.match(text))


def _is_cut(line: str, next_line: str) -> bool:
    if FINAL.search(line) or starts_block(next_line):
        return False
    if HEADING.match(line) and len(line) <= 40:  # a heading with a comma is still a heading
        return False
    if next_line.startswith("—"):
        return False
    marker = HEADING.match(line) or ITEM.match(line)
    text = line[marker.end() :] if marker else line  # the 、 of "1、" is not prose punctuation
    return bool(PROSE_PUNCT.search(text)) or len(line) >= 60


def _join(a: str, b: str) -> str:
    """Chinese lines join directly; Latin-script ones (English, numbers) with a space, except after
    a hyphen (``self-`` / ``governance``)."""
    end, start = a[-1:], b[:1]
    if end.isascii() and not end.isspace() and end != "-" and start.isascii() and (start.isalnum() or start in "\"'(["):
        return f"{a} {b}"
    return a + b


def repair_lines(
    lines: list[Line], restored: frozenset[int] | set[int] = frozenset()
) -> list[tuple[str, tuple[int, ...]]]:
    """Join lines broken inside a sentence; return (text, input line numbers) per paragraph.

    A line the user restored stays a paragraph of its own: it was clutter to the cleaner, so it
    is not a piece of the sentence around it.
    """
    out: list[tuple[str, tuple[int, ...]]] = []
    for line in lines:
        joinable = out and line.number not in restored and not set(out[-1][1]) & set(restored)
        if joinable and _is_cut(out[-1][0], line.text):
            text, numbers = out[-1]
            out[-1] = (_join(text, line.text), numbers + (line.number,))
        else:
            out.append((line.text, (line.number,)))
    return out


def paragraph_kind(text: str) -> str:
    if HEADING.match(text):
        return "heading"
    if ITEM.match(text):
        return "item"
    return "body"


def find_paragraphs(lines: list[Line], restored: frozenset[int] | set[int] = frozenset()) -> list[Paragraph]:
    """Repair broken lines, then number the paragraphs and give each its kind.

    Lines in ``restored`` (brought back after the cleaner removed them) do not move the title:
    the title is found among the other paragraphs as if they were not there, so restoring the
    site's page title above it keeps the report's title lines labelled ``title``.
    """
    paragraphs: list[Paragraph] = []
    repaired = repair_lines(lines, restored)
    index = -1
    for text, numbers in repaired:
        kind = paragraph_kind(text)
        if restored and set(numbers) <= set(restored):
            paragraphs.append(Paragraph(len(paragraphs) + 1, text, kind, numbers))
            continue
        index += 1
        if kind == "body":
            is_first = index == 0
            previous = [p for p in paragraphs if not set(p.lines) <= set(restored)]
            follows_title = bool(previous) and previous[-1].kind == "title" and index <= 2
            is_sentence = bool(re.search(r"[。！？!?]", text) or text.endswith("."))
            if is_first and len(text) <= 60 and not is_sentence:
                kind = "title"
            elif follows_title and re.match(r"^[—－\-]{1,2}", text) and not is_sentence:
                kind = "title"
        paragraphs.append(Paragraph(len(paragraphs) + 1, text, kind, numbers))
    return paragraphs

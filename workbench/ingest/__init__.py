"""From raw report to segments: read, decode, clean, repair, structure, segment.

``prepare_text`` is the pure pipeline (text in, paragraphs and segments out);
``read_source`` / ``source_from_bytes`` are the I/O edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..segment import SegmentOptions, split_sentences
from .clean import CleaningRules, Line, RemovedLine, clean_lines, load_rules
from .decode import MAX_BYTES, decode_bytes
from .readers import SourceText, read_source, source_from_bytes
from .structure import Paragraph, find_paragraphs

__all__ = [
    "CleaningRules",
    "Line",
    "RemovedLine",
    "Paragraph",
    "SegmentDraft",
    "Prepared",
    "SourceText",
    "MAX_BYTES",
    "decode_bytes",
    "load_rules",
    "prepare_text",
    "read_source",
    "source_from_bytes",
    "segment_paragraphs",
]


@dataclass(frozen=True)
class SegmentDraft:
    """A segment before it is stored: 1-based position, paragraph number, kind and text."""

    position: int
    paragraph: int
    kind: str
    text: str


@dataclass
class Prepared:
    paragraphs: list[Paragraph]
    segments: list[SegmentDraft]
    removed: list[RemovedLine] = field(default_factory=list)


def segment_paragraphs(
    paragraphs: list[Paragraph], lang: str = "zh", options: SegmentOptions = SegmentOptions()
) -> list[SegmentDraft]:
    """Cut paragraphs into segments. A heading or item paragraph's first sentence gets the
    paragraph's kind and the sentences after it are ``body``; every sentence of a title is ``title``."""
    drafts: list[SegmentDraft] = []
    for paragraph in paragraphs:
        for i, sentence in enumerate(split_sentences(paragraph.text, lang, options)):
            kind = paragraph.kind if (i == 0 or paragraph.kind == "title") else "body"
            drafts.append(SegmentDraft(len(drafts) + 1, paragraph.number, kind, sentence))
    return drafts


def prepare_text(
    text: str,
    lang: str = "zh",
    rules: CleaningRules | None = None,
    restore: frozenset[int] | set[int] = frozenset(),
    options: SegmentOptions = SegmentOptions(),
    clean: bool = True,
) -> Prepared:
    """Clean, repair, structure and segment a report's text (``clean=False`` skips the clutter rules)."""
    if clean:
        cleaned = clean_lines(text, rules or load_rules(), restore)
    else:
        cleaned = clean_lines(text, CleaningRules(()), restore)
    paragraphs = find_paragraphs(cleaned.kept, frozenset(restore))
    return Prepared(paragraphs, segment_paragraphs(paragraphs, lang, options), cleaned.removed)

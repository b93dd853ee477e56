"""From raw report to segments: read, decode, clean, repair, structure, segment.

``prepare_text`` is the pure pipeline (text in, paragraphs and segments out);
``read_source`` / ``source_from_bytes`` are the I/O edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import max_segment_chars
from ..segment import SegmentOptions, bound_segment, split_sentences
from .clean import CleaningRules, Line, RemovedLine, clean_lines, load_rules
from .decode import MAX_BYTES, decode_bytes
from .layout import Paragraph, find_paragraphs
from .readers import SourceText, read_source, source_from_bytes

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
    #: sentences longer than the hard limit, cut into several segments
    oversized: int = 0


def segment_paragraphs(
    paragraphs: list[Paragraph], lang: str = "zh", options: SegmentOptions = SegmentOptions(), limit: int = 0
) -> list[SegmentDraft]:
    """Cut paragraphs into segments. A heading or item paragraph's first sentence gets the
    paragraph's kind and the sentences after it are ``body``; every sentence of a title is ``title``;
    a table of contents entry (``toc``) is one segment.
    A sentence over ``limit`` characters (0: no limit) becomes several segments (:func:`bound_segment`)."""
    return _segments(paragraphs, lang, options, limit)[0]


def _segments(
    paragraphs: list[Paragraph], lang: str, options: SegmentOptions, limit: int
) -> tuple[list[SegmentDraft], int]:
    """(segments, how many sentences were over ``limit`` and cut)."""
    drafts: list[SegmentDraft] = []
    oversized = 0
    for paragraph in paragraphs:
        # a contents entry is one segment ("一、总体要求……3" is not cut at its leader dots)
        sentences = [paragraph.text] if paragraph.kind == "toc" else split_sentences(paragraph.text, lang, options)
        if limit and any(len(s) > limit for s in sentences):
            oversized += sum(1 for s in sentences if len(s) > limit)
            sentences = [piece for sentence in sentences for piece in bound_segment(sentence, limit)]
        for i, sentence in enumerate(sentences):
            kind = paragraph.kind if (i == 0 or paragraph.kind in ("title", "toc")) else "body"
            drafts.append(SegmentDraft(len(drafts) + 1, paragraph.number, kind, sentence))
    return drafts, oversized


def prepare_text(
    text: str,
    lang: str = "zh",
    rules: CleaningRules | None = None,
    restore: frozenset[int] | set[int] = frozenset(),
    options: SegmentOptions = SegmentOptions(),
    clean: bool = True,
    limit: int | None = None,
) -> Prepared:
    """Clean, repair, structure and segment a report's text (``clean=False`` skips the clutter rules).

    No segment is longer than ``limit`` characters (None: ``$WORKBENCH_MAX_SEGMENT_CHARS``, 2,000);
    ``Prepared.oversized`` says how many sentences were cut to keep to it."""
    if clean:
        cleaned = clean_lines(text, rules or load_rules(), restore)
    else:
        cleaned = clean_lines(text, CleaningRules(()), restore)
    paragraphs = find_paragraphs(cleaned.kept, frozenset(restore))
    segments, oversized = _segments(paragraphs, lang, options, max_segment_chars() if limit is None else limit)
    return Prepared(paragraphs, segments, cleaned.removed, oversized)

"""Sentence alignment of a Chinese document and its English translation."""

from .aligner import Alignment, AlignSettings, align_sentences, align_vectors
from .beads import AlignmentBead, format_bead, parse_beads
from .evaluate import score_alignments

__all__ = [
    "AlignSettings",
    "Alignment",
    "AlignmentBead",
    "align_sentences",
    "align_vectors",
    "format_bead",
    "parse_beads",
    "score_alignments",
]

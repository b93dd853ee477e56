"""Which project segment a unit of a reviewed file belongs to (a pure function, no database).

A unit is applied only where its source is the segment's source, compared in the form the
translation memory compares sources (:func:`workbench.tm.normalise.normalise_source`: width,
punctuation and spacing folded, numbers kept). The unit's id never decides alone: a file from
another tool, or for another project, numbers its units its own way. Where the source occurs in
the project more than once, the id picks the occurrence when it names one of them; otherwise the
unit is ambiguous and is applied to none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..tm.normalise import normalise_source

MATCHED, UNMATCHED, AMBIGUOUS = "matched", "unmatched", "ambiguous"


def source_key(text: str) -> tuple[str, tuple[str, ...]]:
    """The form in which two sources are the same sentence."""
    normalised = normalise_source(text)
    return normalised.text, normalised.numbers


@dataclass(frozen=True)
class Match:
    outcome: str  # MATCHED, UNMATCHED or AMBIGUOUS
    segment: int | None = None  # the segment id when matched
    candidates: tuple[int, ...] = ()  # the segments the source occurs in, when ambiguous


class SegmentIndex:
    """The project's segments by their source, for matching many units."""

    def __init__(self, segments: Iterable[tuple[int, str]]):
        self._by_key: dict[tuple[str, tuple[str, ...]], list[int]] = {}
        for segment_id, source in segments:
            self._by_key.setdefault(source_key(source), []).append(segment_id)

    def match(self, unit_id: int | None, source: str) -> Match:
        """Where a unit with this id and source goes."""
        if not (source or "").strip():
            return Match(UNMATCHED)
        candidates = self._by_key.get(source_key(source), [])
        if not candidates:
            return Match(UNMATCHED)
        if unit_id in candidates:
            return Match(MATCHED, unit_id)
        if len(candidates) == 1:
            return Match(MATCHED, candidates[0])
        return Match(AMBIGUOUS, candidates=tuple(candidates))

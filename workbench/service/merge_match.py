"""Which project segment a unit of a reviewed file belongs to (a pure function, no database).

A unit is applied only where its source is the segment's source, compared in the form the
translation memory compares sources (:func:`workbench.tm.normalise.normalise_source`: width,
punctuation and spacing folded, numbers kept). The unit's id never decides alone: a file from
another tool, or for another project, numbers its units its own way. Where the source occurs in
the project more than once, the id picks the occurrence when it names one of them, else the
context does: the sources of the units before and after it in the file against the sources
before and after each occurrence in its document (the OmegaT and Trados notion of context);
otherwise the unit is ambiguous and is applied to none.
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


Key = tuple[str, tuple[str, ...]]


class SegmentIndex:
    """The project's segments by their source, for matching many units. ``segments``: (id, source)
    in document order, ``documents`` of them one after the other (neighbours are within one)."""

    def __init__(self, segments: Iterable[tuple[int, str]] = (), documents: Iterable[Iterable[tuple[int, str]]] = ()):
        self._by_key: dict[Key, list[int]] = {}
        self._around: dict[int, tuple[Key | None, Key | None]] = {}
        for group in (segments, *documents):
            ordered = [(segment_id, source_key(source)) for segment_id, source in group]
            for i, (segment_id, key) in enumerate(ordered):
                self._by_key.setdefault(key, []).append(segment_id)
                self._around[segment_id] = (
                    ordered[i - 1][1] if i else None,
                    ordered[i + 1][1] if i + 1 < len(ordered) else None,
                )

    def match(self, unit_id: int | None, source: str, before: str | None = None, after: str | None = None) -> Match:
        """Where a unit with this id and source goes; ``before``/``after``: the sources of the units
        around it in its file, which pick among the occurrences of a repeated source."""
        if not (source or "").strip():
            return Match(UNMATCHED)
        candidates = self._by_key.get(source_key(source), [])
        if not candidates:
            return Match(UNMATCHED)
        if unit_id in candidates:
            return Match(MATCHED, unit_id)
        if len(candidates) == 1:
            return Match(MATCHED, candidates[0])
        wanted = (
            source_key(before) if before and before.strip() else None,
            source_key(after) if after and after.strip() else None,
        )
        if wanted != (None, None):
            agree = {
                c: sum(w is not None and w == have for w, have in zip(wanted, self._around[c], strict=True))
                for c in candidates
            }
            best = max(agree.values())
            chosen = [c for c, n in agree.items() if n == best]
            if best and len(chosen) == 1:
                return Match(MATCHED, chosen[0])
        return Match(AMBIGUOUS, candidates=tuple(candidates))

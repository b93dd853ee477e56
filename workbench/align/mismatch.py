"""Does an English file look like a translation of the Chinese it was aligned with?

Aligning the wrong English (another report, another chapter) still gives beads, but weak
ones: the confidence of a real translation's paired beads is high almost everywhere, while
unrelated texts pair at middling confidence, and many sentences are left without a partner.
:func:`mismatch` tells the two apart from the beads alone (a pure function); the service
refuses to keep such an English as the reference unless asked to align anyway.

Calibrated on real data (``../shared/align``, one sentence per line; the share of paired beads
under the floor, and of beads with an empty side)::

    right English (mac_dev 001-006, pol_dev)      under 0.6: 0.00-0.01   empty side: 0.00
    wrong English (another chapter or speech)     under 0.6: 0.49-0.97   empty side: 0.04-0.52
    the bundled sample with the pol_dev English   under 0.6: 0.49

so the limits below sit far from both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class ScoredBead(Protocol):
    """Anything with a bead's sentence ids and score (an :class:`~.beads.AlignmentBead`, a stored bead)."""

    @property
    def src(self) -> tuple[int, ...]: ...
    @property
    def tgt(self) -> tuple[int, ...]: ...
    @property
    def score(self) -> float: ...


#: A paired bead under this confidence is a weak pair.
CONFIDENCE_FLOOR = 0.6
#: Refuse when more than this share of the paired beads are weak ...
WEAK_SHARE = 0.3
#: ... or more than this share of all beads leave one side empty (sentences with no partner).
EMPTY_SHARE = 0.35
#: Fewer paired beads than this are too few to judge: never refused.
MIN_PAIRS = 10


def mismatch(beads: Sequence[ScoredBead]) -> str | None:
    """Why the beads look like an alignment of texts that do not translate each other (one
    clause, to follow "the English does not look like a translation of the document: "), or
    None when they look like a real translation (or are too few to tell)."""
    paired = [b for b in beads if b.src and b.tgt]
    if len(paired) < MIN_PAIRS:
        return None
    weak = sum(1 for b in paired if b.score < CONFIDENCE_FLOOR) / len(paired)
    empty = (len(beads) - len(paired)) / len(beads)
    if weak > WEAK_SHARE:
        return (
            f"{weak:.0%} of its {len(paired)} sentence pairs have a confidence under {CONFIDENCE_FLOOR:.1f} "
            f"(a real translation has almost none)"
        )
    if empty > EMPTY_SHARE:
        return f"{empty:.0%} of the beads pair a sentence with nothing (a real translation has few)"
    return None

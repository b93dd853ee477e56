"""Corrections a person makes to an alignment: pure functions from a bead list to a new one.

Beads stay in order and every sentence stays in exactly one bead. An edited bead becomes
``confirmed`` (a person decided it) with confidence 1.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class EditableBead:
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0
    confirmed: bool = False


def _check(beads: list[EditableBead], k: int) -> None:
    if not 0 <= k < len(beads):
        raise IndexError(f"there is no bead {k + 1} (the alignment has {len(beads)})")


def merge_with_next(beads: list[EditableBead], k: int) -> list[EditableBead]:
    _check(beads, k)
    _check(beads, k + 1)
    a, b = beads[k], beads[k + 1]
    return beads[:k] + [EditableBead(a.src + b.src, a.tgt + b.tgt, 1.0, True)] + beads[k + 2 :]


def split(beads: list[EditableBead], k: int) -> list[EditableBead]:
    """Cut the last sentence(s) off a bead into a bead of their own (a 1-1 becomes 1-0 and 0-1)."""
    _check(beads, k)
    b = beads[k]
    if len(b.src) > 1 and len(b.tgt) > 1:
        parts = [(b.src[:-1], b.tgt[:-1]), (b.src[-1:], b.tgt[-1:])]
    elif len(b.src) > 1:
        parts = [(b.src[:-1], b.tgt), (b.src[-1:], ())]
    elif len(b.tgt) > 1:
        parts = [(b.src, b.tgt[:-1]), ((), b.tgt[-1:])]
    elif b.src and b.tgt:
        parts = [(b.src, ()), ((), b.tgt)]
    else:
        raise ValueError("a bead with one sentence cannot be split")
    return beads[:k] + [EditableBead(s, t, 1.0, True) for s, t in parts] + beads[k + 1 :]


def move(beads: list[EditableBead], k: int, side: str, direction: str) -> list[EditableBead]:
    """Move a sentence of bead k to its neighbour: its last one to the next bead (``down``) or its
    first one to the previous bead (``up``); ``side`` is ``src`` or ``tgt``. Emptied beads vanish."""
    _check(beads, k)
    neighbour = k + 1 if direction == "down" else k - 1
    _check(beads, neighbour)
    here, there = beads[k], beads[neighbour]
    ids = getattr(here, side)
    if not ids:
        raise ValueError(f"bead {k + 1} has no {'Chinese' if side == 'src' else 'English'} sentence to move")
    if direction == "down":
        moved, kept = ids[-1:], ids[:-1]
        there = replace(there, **{side: moved + getattr(there, side)}, score=1.0, confirmed=True)
    else:
        moved, kept = ids[:1], ids[1:]
        there = replace(there, **{side: getattr(there, side) + moved}, score=1.0, confirmed=True)
    here = replace(here, **{side: kept}, score=1.0, confirmed=True)
    out = list(beads)
    out[k], out[neighbour] = here, there
    return [b for b in out if b.src or b.tgt]


def confirm(beads: list[EditableBead], k: int, confirmed: bool = True) -> list[EditableBead]:
    _check(beads, k)
    out = list(beads)
    out[k] = replace(out[k], confirmed=confirmed)
    return out

"""Beads: alignment links from source sentence ids to target sentence ids, and the bead format
``[0,1]:[0]`` (0-based line numbers; spaces after commas optional)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BEAD = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


@dataclass(frozen=True)
class AlignmentBead:
    """One link of an alignment: source sentence ids to target sentence ids, with its score (the
    stored, editable bead of a project is :class:`workbench.store.Bead`)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    def key(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        return self.src, self.tgt


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.split(r"[,\s]+", text.strip()) if x)


def parse_beads(text: str, name: str = "beads") -> list[AlignmentBead]:
    from ..errors import InputError

    beads = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _BEAD.match(line)
        if not match:
            raise InputError(f"{name}: line {n}: not a bead like [0,1]:[0] ({line.strip()[:40]!r})")
        beads.append(AlignmentBead(_ids(match.group(1)), _ids(match.group(2))))
    return beads


def format_bead(bead: AlignmentBead) -> str:
    return f"[{','.join(map(str, bead.src))}]:[{','.join(map(str, bead.tgt))}]"

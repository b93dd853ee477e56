"""Direct assessment: raw 0-100 scores and WMT's z-scores.

Each rater's scores are standardised by that rater's own mean and standard deviation
(population, ``ddof=0``; a rater whose scores are all equal gets z = 0), so a harsh and a lenient
rater count alike. A system's z-score is the mean over its segments of each segment's z
averaged over the raters who rated it; its raw score is the mean raw score in the same way.
Higher is better.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np


class DaRating(NamedTuple):
    system: str
    segment: object
    rater: str
    score: float


def z_scores(ratings: list[DaRating]) -> list[float]:
    """Each rating's z-score against its rater's own scores, in the order given."""
    by_rater: dict[str, list[float]] = defaultdict(list)
    for r in ratings:
        by_rater[r.rater].append(r.score)
    stats = {}
    for rater, scores in by_rater.items():
        values = np.asarray(scores, dtype=float)
        stats[rater] = (float(values.mean()), float(values.std(ddof=0)))
    out = []
    for r in ratings:
        mean, sd = stats[r.rater]
        out.append((r.score - mean) / sd if sd > 0 else 0.0)
    return out


@dataclass
class DaSystem:
    z: dict[tuple, float]  # (segment, rater) -> z
    raw: dict[tuple, float]  # (segment, rater) -> raw score

    @staticmethod
    def _by_segment(values: dict[tuple, float]) -> dict:
        sums: dict = defaultdict(list)
        for (segment, _), value in values.items():
            sums[segment].append(value)
        return {segment: float(np.mean(v)) for segment, v in sums.items()}

    def z_by_segment(self) -> dict:
        return self._by_segment(self.z)

    def raw_by_segment(self) -> dict:
        return self._by_segment(self.raw)


def da_systems(ratings: list[DaRating]) -> dict[str, DaSystem]:
    """Per system, each segment-rater pair's z-score and raw score (a pair rated twice, as a
    quality-control repeat, keeps the mean of its ratings)."""
    zs = z_scores(ratings)
    collected: dict[str, dict[tuple, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    for r, z in zip(ratings, zs, strict=True):
        collected[r.system][(r.segment, r.rater)].append((z, r.score))
    out = {}
    for system, pairs in collected.items():
        out[system] = DaSystem(
            z={k: float(np.mean([z for z, _ in v])) for k, v in pairs.items()},
            raw={k: float(np.mean([s for _, s in v])) for k, v in pairs.items()},
        )
    return out

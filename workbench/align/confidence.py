"""Bead confidence that means what it says: a bead with confidence 0.9 is right about 90% of the
time, so "confirm all above 0.9" in the Alignment tab is safe.

The dynamic program's score of a bead is not a probability (it mixes similarity, dictionary
share, length and size weights). A logistic model over a few bead features turns it into
one. Its coefficients were fitted on the first four MAC dev documents (``fit``, plain Newton
iterations) and checked on the two held-out ones and on pol_dev; ``workbench bench align
--json`` prints the reliability table (``calibration``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# fitted on MAC dev 001-004 with the default AlignSettings before the dialogue rules (refitted after
# them, the held-out log loss went from 0.2823 to 0.2827; see the README's reliability table):
# intercept, DP score, skipped, skipped sentence's nearest similarity, multi-sentence, its DP score.
# The aligner left no sentence out in those documents, so a 1-0 or 0-1 bead gets 0.45: unsure.
COEFFICIENTS = (-0.204, 4.867, 0.0, 0.0, -0.355, -0.701)


@dataclass(frozen=True)
class BeadFacts:
    score: float  # the dynamic program's score of the bead
    skipped: bool  # 1-0 or 0-1
    multi: bool  # more than one sentence on a side
    nearest: float  # a skipped sentence: its similarity to the nearest sentences of the other side


def features(facts: list[BeadFacts]) -> np.ndarray:
    rows = [
        [
            1.0,
            0.0 if f.skipped else f.score,
            float(f.skipped),
            f.nearest if f.skipped else 0.0,
            float(f.multi),
            f.score if f.multi else 0.0,
        ]
        for f in facts
    ]
    return np.array(rows, dtype=np.float64).reshape(-1, 6)


def confidence(facts: list[BeadFacts], coefficients=COEFFICIENTS) -> np.ndarray:
    """Probability that each bead is exactly right."""
    return 1.0 / (1.0 + np.exp(-(features(facts) @ np.asarray(coefficients))))


def fit(facts: list[BeadFacts], right: list[bool], l2: float = 1e-3, steps: int = 50) -> tuple[float, ...]:
    """Logistic regression coefficients (Newton's method with a small L2 penalty)."""
    x, y = features(facts), np.asarray(right, dtype=np.float64)
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + l2 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return tuple(round(float(v), 3) for v in w)


def reliability(
    probabilities: list[float], right: list[bool], edges: tuple[float, ...] = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0)
) -> list[dict]:
    """Per confidence bin: how many beads, their mean confidence, and the share that is right."""
    p, y = np.asarray(probabilities), np.asarray(right, dtype=np.float64)
    rows = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (p >= low) & ((p < high) if high < 1.0 else (p <= high))
        if inside.any():
            rows.append(
                dict(
                    bin=f"{low:.2f}-{high:.2f}",
                    beads=int(inside.sum()),
                    confidence=round(float(p[inside].mean()), 3),
                    right=round(float(y[inside].mean()), 3),
                )
            )
    return rows

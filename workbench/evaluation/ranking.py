"""Ranking systems as WMT does: a score with a 95% bootstrap confidence interval, pairwise
significance tests at p < 0.05, significance clusters and rank ranges (scipy.stats throughout).

Tests: for MQM paired bootstrap resampling (Koehn 2004) of the mean difference over the segments
both systems were rated on (each segment's score averaged over its raters; when two systems
share no segment, an unpaired bootstrap of their pair scores): the two-sided p-value is twice
the share of resampled differences on the other side of 0. For DA the Wilcoxon rank-sum test of
the systems' segment z-scores.

Clusters: systems are ordered best first, and a cluster ends after position i when every
system up to i is significantly better than every system after it; clusters are numbered from
1 (best). The rank range of a system runs from 1 + the number of systems significantly better
than it to N - the number of systems it is significantly better than.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

ALPHA = 0.05
#: The default seed of the bootstrap and permutation resampling: a rerun gives the same figures.
DEFAULT_SEED = 1
DEFAULT_RESAMPLES = 1000

TESTS = {
    "bootstrap": "paired bootstrap resampling of the mean segment score difference (scipy.stats.bootstrap)",
    "ranksums": "Wilcoxon rank-sum test of segment z-scores (scipy.stats.ranksums)",
}


@dataclass
class SystemSample:
    """A system as the ranking sees it: ``values`` whose mean is its score (and what the bootstrap
    resamples), ``n`` the rated segment-rater pairs behind it, ``by_segment`` what tests compare."""

    name: str
    values: np.ndarray
    n: int
    by_segment: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # copied into the system's result

    @property
    def score(self) -> float:
        return float(np.mean(self.values)) if len(self.values) else float("nan")


def bootstrap_ci(values: np.ndarray, seed: int = DEFAULT_SEED, resamples: int = DEFAULT_RESAMPLES) -> list[float]:
    """The 95% percentile bootstrap interval of the mean (scipy.stats.bootstrap)."""
    from scipy import stats

    values = np.asarray(values, dtype=float)
    if len(values) < 2 or np.all(values == values[0]):
        mean = float(values.mean()) if len(values) else float("nan")
        return [mean, mean]
    result = stats.bootstrap(
        (values,),
        np.mean,
        n_resamples=resamples,
        confidence_level=0.95,
        method="percentile",
        vectorized=True,
        batch=max(1, 5_000_000 // len(values)),
        rng=np.random.default_rng(seed),
    )
    return [float(result.confidence_interval.low), float(result.confidence_interval.high)]


def _mean_difference(x, y, axis=-1):
    return np.mean(x, axis=axis) - np.mean(y, axis=axis)


def _bootstrap_p(result, observed: float) -> float:
    """Two-sided p-value from a bootstrap distribution of a difference: twice the share of
    resamples on the other side of 0 from the observed difference (at most 1)."""
    distribution = np.asarray(result.bootstrap_distribution)
    if observed == 0:
        return 1.0
    beyond = float(np.mean(distribution <= 0) if observed > 0 else np.mean(distribution >= 0))
    return min(1.0, 2 * beyond)


def p_value(a: SystemSample, b: SystemSample, test: str, seed: int, resamples: int) -> float:
    """Two-sided p-value of the difference between two systems."""
    from scipy import stats

    if test == "ranksums":
        x, y = list(a.by_segment.values()), list(b.by_segment.values())
        if not x or not y:
            return 1.0
        return float(stats.ranksums(x, y).pvalue)
    common = [s for s in a.by_segment if s in b.by_segment]
    rng = np.random.default_rng(seed)
    if common:
        differences = np.array([a.by_segment[s] - b.by_segment[s] for s in common])
        if len(differences) < 2 or np.all(differences == differences[0]):
            return 1.0 if not differences.any() else 0.0
        result = stats.bootstrap(
            (differences,),
            np.mean,
            n_resamples=resamples,
            method="percentile",
            vectorized=True,
            batch=max(1, 5_000_000 // len(differences)),
            rng=rng,
        )
        return _bootstrap_p(result, float(differences.mean()))
    if len(a.values) < 2 or len(b.values) < 2:
        return 1.0
    result = stats.bootstrap(
        (a.values, b.values),
        _mean_difference,
        n_resamples=resamples,
        method="percentile",
        vectorized=True,
        batch=max(1, 5_000_000 // (len(a.values) + len(b.values))),
        rng=rng,
    )
    return _bootstrap_p(result, float(a.values.mean() - b.values.mean()))


def rank_systems(
    samples: list[SystemSample],
    higher_is_better: bool,
    test: str,
    seed: int = DEFAULT_SEED,
    resamples: int = DEFAULT_RESAMPLES,
) -> tuple[list[dict], dict]:
    """The systems best first, each ``{"system", "score", "n", "cluster", "ci", "rank", ...extra}``,
    and the pairwise p-values ``{"A|B": p}`` (A ranked above B)."""
    order = sorted(samples, key=lambda s: (-s.score if higher_is_better else s.score, s.name))
    count = len(order)
    better = [[False] * count for _ in range(count)]  # better[i][j]: order[i] significantly better than order[j]
    pvalues = {}
    for i in range(count):
        for j in range(i + 1, count):
            p = p_value(order[i], order[j], test, seed, resamples)
            pvalues[f"{order[i].name}|{order[j].name}"] = p
            if p < ALPHA and order[i].score != order[j].score:
                better[i][j] = True
    clusters, cluster = [], 1
    for i in range(count):
        clusters.append(cluster)
        if i + 1 < count and all(better[a][b] for a in range(i + 1) for b in range(i + 1, count)):
            cluster += 1
    out = []
    for i, s in enumerate(order):
        above = sum(better[a][i] for a in range(count))
        below = sum(better[i][b] for b in range(count))
        out.append(
            dict(
                system=s.name,
                score=s.score,
                n=s.n,
                cluster=clusters[i],
                ci=bootstrap_ci(s.values, seed, resamples),
                rank=[1 + above, count - below],
                **s.extra,
            )
        )
    return out, pvalues

"""A campaign's scores in one call: the protocol's system scores, ranking and rater agreement."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .agreement import krippendorff_alpha
from .da import DaRating, da_systems
from .mqm import DEFAULT_WEIGHTS, MqmError, MqmWeights, mqm_systems
from .ranking import DEFAULT_RESAMPLES, DEFAULT_SEED, TESTS, SystemSample, rank_systems


class Judgement(NamedTuple):
    """A rating as stored: the rater's 0-100 score (DA, ESA) and/or errors (MQM, ESA)."""

    system: str
    segment: object
    rater: str
    score: float | None = None
    errors: tuple[MqmError, ...] = ()


def score_campaign(
    protocol: str,
    judgements: list[Judgement],
    weights: MqmWeights = DEFAULT_WEIGHTS,
    seed: int = DEFAULT_SEED,
    resamples: int = DEFAULT_RESAMPLES,
) -> dict:
    """``{"protocol", "test", "systems": [...best first], "pvalues", "agreement", ...}``.

    ``mqm``: score = mean weighted errors per segment-rater pair (lower is better), per-category
    breakdown; ``da``: score = mean z-score, ``raw`` = mean raw score (higher is better); ``esa``:
    score = mean raw score and error counts (higher is better)."""
    if protocol == "mqm":
        return _mqm(judgements, weights, seed, resamples)
    if protocol in ("da", "esa", "sxs"):
        return _da(protocol, judgements, seed, resamples)
    raise ValueError(f"unknown protocol {protocol!r}")


def _mqm(judgements, weights, seed, resamples) -> dict:
    systems = mqm_systems(judgements, weights)  # a Judgement has what an MqmRating has
    samples = []
    for name, s in systems.items():
        n = len(s.pairs)
        categories = {
            c: {"errors": v["errors"], "points": v["points"], "per_pair": v["points"] / n}
            for c, v in sorted(s.categories.items(), key=lambda kv: (-kv[1]["points"], kv[0]))
        }
        samples.append(
            SystemSample(
                name,
                np.fromiter(s.pairs.values(), dtype=float, count=n),
                n,
                s.by_segment(),
                extra={"categories": categories, "severities": dict(sorted(s.severities.items()))},
            )
        )
    ranked, pvalues = rank_systems(samples, higher_is_better=False, test="bootstrap", seed=seed, resamples=resamples)
    pairs = {((name, seg), rater): v for name, s in systems.items() for (seg, rater), v in s.pairs.items()}
    return dict(
        protocol="mqm",
        test=TESTS["bootstrap"],
        seed=seed,
        weights=weights.as_dict(),
        systems=ranked,
        pvalues=pvalues,
        agreement=krippendorff_alpha(pairs, "interval"),
    )


def _da(protocol, judgements, seed, resamples) -> dict:
    rated = [DaRating(j.system, j.segment, j.rater, float(j.score)) for j in judgements if j.score is not None]
    systems = da_systems(rated)
    errors: dict[str, dict[str, int]] = {}
    for j in judgements:
        for e in j.errors:
            errors.setdefault(j.system, {}).setdefault(e.severity, 0)
            errors[j.system][e.severity] += 1
    samples = []
    use_z = protocol == "da"
    for name, s in systems.items():
        by_segment = s.z_by_segment() if use_z else s.raw_by_segment()
        raw = s.raw_by_segment()
        extra: dict[str, object] = {"raw": float(np.mean(list(raw.values())))}
        if not use_z:
            extra["z"] = float(np.mean(list(s.z_by_segment().values())))
        if protocol == "esa":
            extra["errors"] = dict(sorted(errors.get(name, {}).items()))
        samples.append(
            SystemSample(name, np.fromiter(by_segment.values(), dtype=float), len(s.z), by_segment, extra=extra)
        )
    ranked, pvalues = rank_systems(samples, higher_is_better=True, test="ranksums", seed=seed, resamples=resamples)
    values = {((j.system, j.segment), j.rater): float(j.score) for j in judgements if j.score is not None}
    return dict(
        protocol=protocol,
        test=TESTS["ranksums"] if use_z else TESTS["ranksums"].replace("z-scores", "scores"),
        seed=seed,
        systems=ranked,
        pvalues=pvalues,
        agreement=krippendorff_alpha(values, "interval"),
    )

"""MQM scores (Freitag et al. 2021, as Google's wmt-mqm-human-evaluation data is scored).

A segment-rater pair scores the sum of the weights of the errors the rater marked in the
segment (a No-error judgement scores 0); a system's MQM is the mean over its rated
segment-rater pairs, lower is better. The default weights are the published ones: Major 5,
Minor 1, Critical 25 (the project's own severity weights, :data:`workbench.metrics.SEVERITIES`),
Neutral 0, a Minor ``Fluency/Punctuation`` error 0.1 and a ``Non-translation`` 25 whatever its
severity.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError
from ..metrics import SEVERITIES

#: The severities an MQM annotation may have (lower case); ``no-error`` marks a judgement without errors.
MQM_SEVERITIES = ("critical", "major", "minor", "neutral", "no-error")
NO_ERROR = "no-error"
NON_TRANSLATION = "non-translation"


def canonical_severity(value: str) -> str | None:
    """``Major`` -> ``major``, ``No-error``/``no error`` -> ``no-error``; None for anything else."""
    key = " ".join(value.strip().lower().replace("_", " ").split()).replace("no error", "no-error")
    return key if key in MQM_SEVERITIES else None


@lru_cache(maxsize=4096)
def category_key(category: str) -> str:
    """How categories are compared: case and a trailing ``!`` (``Non-translation!``) ignored."""
    return category.strip().rstrip("!").strip().lower()


@dataclass(frozen=True)
class MqmWeights:
    """Weight of an error by severity, with per-category exceptions (category key -> severity -> weight)."""

    severity: dict[str, float]
    categories: dict[str, dict[str, float]] = field(default_factory=dict)

    def weight(self, category: str, severity: str) -> float:
        special = self.categories.get(category_key(category))
        if special is not None:
            if severity in special:
                return special[severity]
            if "*" in special:
                return special["*"]
        return self.severity.get(severity, 0.0)

    def as_dict(self) -> dict:
        return {"severity": dict(self.severity), "categories": {k: dict(v) for k, v in self.categories.items()}}


DEFAULT_WEIGHTS = MqmWeights(
    severity={**{k: float(v) for k, v in SEVERITIES.items()}, "neutral": 0.0, NO_ERROR: 0.0},
    categories={"fluency/punctuation": {"minor": 0.1}, NON_TRANSLATION: {"*": 25.0}},
)


def read_weights(path: str | Path) -> MqmWeights:
    """Weights from a TOML file: ``major = 5``, ``minor = 1`` at the top level (or in a ``[weights]``
    table), and per category ``"Fluency/Punctuation" = {minor = 0.1}`` (``"*"`` for every severity).
    What the file leaves out keeps the default."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the weights: {' '.join(str(exc).split())}") from None
    if isinstance(data.get("weights"), dict):
        data = data["weights"]
    severity = dict(DEFAULT_WEIGHTS.severity)
    categories = {k: dict(v) for k, v in DEFAULT_WEIGHTS.categories.items()}
    for key, value in data.items():
        if isinstance(value, dict):
            table = {}
            for sev, weight in value.items():
                name = "*" if sev == "*" else canonical_severity(sev)
                if name is None or not _number(weight):
                    raise InputError(f"{path}: {key}.{sev}: expected a severity (minor, major, critical) = a number")
                table[name] = float(weight)
            categories[category_key(key)] = {**categories.get(category_key(key), {}), **table}
        else:
            name = canonical_severity(key)
            if name is None or not _number(value):
                raise InputError(
                    f"{path}: {key} = {value!r}: expected a severity (minor, major, critical, neutral) = a number, "
                    'or a category table such as "Fluency/Punctuation" = {minor = 0.1}'
                )
            severity[name] = float(value)
    return MqmWeights(severity, categories)


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class MqmError(NamedTuple):
    category: str
    severity: str  # canonical: see MQM_SEVERITIES


class MqmRating(NamedTuple):
    """One rater's judgement of one system's segment: its errors (none: No-error)."""

    system: str
    segment: object  # any hashable key of the segment, the same for every system
    rater: str
    errors: tuple[MqmError, ...] = ()


def segment_score(errors, weights: MqmWeights = DEFAULT_WEIGHTS) -> float:
    """The weighted error points of one segment-rater pair."""
    return sum(weights.weight(e.category, e.severity) for e in errors if e.severity != NO_ERROR)


@dataclass
class MqmSystem:
    """What a system's MQM rests on: its pairs' scores, by segment, and per-category points."""

    pairs: dict[tuple, float]  # (segment, rater) -> score
    categories: dict[str, dict]  # category -> {"errors": n, "points": summed weight}
    severities: dict[str, int]

    def by_segment(self) -> dict:
        """Each segment's score, averaged over the raters who rated it (what paired tests compare)."""
        sums: dict = defaultdict(lambda: [0.0, 0])
        for (segment, _), value in self.pairs.items():
            sums[segment][0] += value
            sums[segment][1] += 1
        return {segment: total / count for segment, (total, count) in sums.items()}


def mqm_systems(ratings, weights: MqmWeights = DEFAULT_WEIGHTS) -> dict[str, MqmSystem]:
    """Per system: every rated segment-rater pair's score, and the errors per category.

    Several ratings of the same pair (a rater's errors of one segment given as separate
    judgements) add up into one pair."""
    out: dict[str, MqmSystem] = {}
    weight_of: dict[tuple[str, str], float] = {}  # (category, severity) -> weight, looked up once
    for r in ratings:
        system = out.get(r.system)
        if system is None:
            system = out[r.system] = MqmSystem({}, {}, {})
        points = 0.0
        for e in r.errors:
            if e.severity == NO_ERROR:
                continue
            weight = weight_of.get(e)
            if weight is None:
                weight = weight_of[e] = weights.weight(e.category, e.severity)
            points += weight
            c = system.categories.get(e.category)
            if c is None:
                c = system.categories[e.category] = {"errors": 0, "points": 0.0}
            c["errors"] += 1
            c["points"] += weight
            system.severities[e.severity] = system.severities.get(e.severity, 0) + 1
        key = (r.segment, r.rater)
        system.pairs[key] = system.pairs.get(key, 0.0) + points
    return out

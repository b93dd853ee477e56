"""LQA scorecard: a document's MQM errors per category and severity, penalty points per 1,000
source words, and pass or fail against a threshold. Pure functions; the service gathers the data.

Words of the Chinese source (:func:`source_words`): every Han character counts as one word (as
CAT tools count CJK text), and every run of Latin letters or digits as one more (``GDP``,
``2024``, ``12.5`` are one word each); punctuation and spaces are not counted.

Evaluated segments: those with an assessment or a review status (reviewed, approved, rejected);
the errors are those of each segment's latest assessment, and the penalty is
``sum(weight[severity] for each error)``; per 1,000 words it is divided by the source words of
the evaluated segments. Weights default to MQM's (minor 1, major 5, critical 25); the document
passes when its penalty per 1,000 words is at most the threshold (default 10).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .metrics import SEVERITIES

#: MQM weights by severity (minor 1, major 5, critical 25).
DEFAULT_WEIGHTS = dict(SEVERITIES)
#: Most penalty points per 1,000 source words for a pass, unless told otherwise.
DEFAULT_THRESHOLD = 10.0
_WORD = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]"  # one Han character
    r"|[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+(?:[.,'\u2019][A-Za-z0-9]+)*"  # a Latin word or number
)


def source_words(text: str) -> int:
    """Words of a Chinese text: each Han character, and each run of Latin letters or digits."""
    return len(_WORD.findall(text or ""))


@dataclass
class ScoredSegment:
    """One segment as the scorecard sees it: its source, whether it was evaluated and its errors."""

    id: int
    position: int
    source: str
    target: str
    evaluated: bool
    errors: list[dict] = field(default_factory=list)  # category, severity, start, end, note


@dataclass
class Scorecard:
    document: str
    segments: int  # in the document
    evaluated: int  # segments with an assessment or a review status
    words: int  # source words of the evaluated segments
    document_words: int  # source words of the whole document
    weights: dict[str, float]
    threshold: float
    counts: dict[str, dict[str, int]]  # category -> severity -> errors
    penalty: float
    per_1000: float | None  # None: nothing evaluated
    passed: bool
    errors: list[dict]  # every error, with its segment (id, position) and the words it marks

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def scorecard(
    document: str,
    segments: list[ScoredSegment],
    categories: tuple[str, ...],
    weights: dict[str, float] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Scorecard:
    """The scorecard of one document's ``segments`` (see the module's docstring for the rules)."""
    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    evaluated = [s for s in segments if s.evaluated or s.errors]
    counts = {c: dict.fromkeys(weights, 0) for c in categories}
    listed = []
    for s in evaluated:
        for e in s.errors:
            counts.setdefault(e["category"], dict.fromkeys(weights, 0))
            counts[e["category"]][e["severity"]] = counts[e["category"]].get(e["severity"], 0) + 1
            listed.append(
                dict(
                    segment=s.id,
                    position=s.position,
                    category=e["category"],
                    severity=e["severity"],
                    words=s.target[e.get("start", 0) : e.get("end", 0)],
                    note=e.get("note", "") or "",
                )
            )
    penalty = sum(weights.get(sev, 0) * n for by_severity in counts.values() for sev, n in by_severity.items())
    words = sum(source_words(s.source) for s in evaluated)
    per_1000 = round(penalty * 1000 / words, 2) if words else None
    return Scorecard(
        document=document,
        segments=len(segments),
        evaluated=len(evaluated),
        words=words,
        document_words=sum(source_words(s.source) for s in segments),
        weights=weights,
        threshold=threshold,
        counts=counts,
        penalty=penalty,
        per_1000=per_1000,
        passed=per_1000 is not None and per_1000 <= threshold,
        errors=listed,
    )


def read_weights(path: str | Path) -> dict[str, float]:
    """Severity weights from a small TOML or JSON file: ``minor = 1``, ``major = 5``,
    ``critical = 25`` (top level or in a ``[weights]`` table); a severity left out keeps MQM's weight."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such weights file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the weights file ({exc})") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
        raise InputError(f"{path}: not a valid {kind} weights file ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("weights"), dict):
        data = data["weights"]
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected severity = weight pairs (minor, major, critical)")
    weights = dict(DEFAULT_WEIGHTS)
    for key, value in data.items():
        if key not in DEFAULT_WEIGHTS:
            raise InputError(f"{path}: unknown severity {key!r}; use {', '.join(DEFAULT_WEIGHTS)}")
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 10_000:
            raise InputError(f"{path}: the weight of {key} must be a number from 0 to 10,000, not {value!r}")
        weights[key] = value
    return weights

"""Quality metrics of a project: MT against the final text (HTER) and against a reference.

BLEU, chrF and TER come from sacrebleu's metric objects (corpus level, and per segment for chrF
and TER); every result carries their signatures, as sacrebleu asks, so scores can be reproduced.
HTER is TER of the MT output against the post-edited final text, over segments whose target
a person has touched (status reviewed or approved, or a target that differs from the MT).
MQM: errors counted by category and severity, weighted minor 1, major 5, critical 25, and
scored per 1,000 words of the final English. Direct Assessment: the mean of each segment's
latest 0-100 score.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .errors import WorkbenchError

#: MQM error weights by severity (minor 1, major 5, critical 25): the one definition.
SEVERITIES = {"minor": 1, "major": 5, "critical": 25}
#: The MQM error categories a reviewer marks (the review editor, the files, the LQA scorecard).
MQM_CATEGORIES = ("terminology", "accuracy", "fluency", "style", "locale conventions")


def check_score(score) -> int | None:
    """A Direct Assessment score as an int 0-100, or None for "not scored"."""
    if score is None or score == "":
        return None
    try:
        value = float(score)
    except (TypeError, ValueError):
        raise WorkbenchError(f"the score must be a number from 0 to 100, not {score!r}") from None
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise WorkbenchError(f"the score must be between 0 and 100, not {score}")
    return int(round(value))


@lru_cache(maxsize=1)
def scorers() -> dict:
    """sacrebleu's metric objects with their default settings: BLEU (13a tokenisation, exp
    smoothing), chrF (n=6, beta=2) and TER. One instance each, so every score carries the same
    signature."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    metrics = {"bleu": BLEU(), "chrf": CHRF(), "ter": TER()}
    for metric in metrics.values():  # a signature needs the number of references: known after one score
        metric.corpus_score(["a"], [["a"]])
    return metrics


def signatures() -> dict[str, str]:
    """sacrebleu's signature of each metric (e.g. ``nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.5.1``),
    to be reported with the scores so that anyone can reproduce them."""
    return {name: str(scorers()[name].get_signature()) for name in ("bleu", "chrf", "ter")}


def corpus_scores(hypotheses: list[str], references: list[str]) -> dict:
    """BLEU, chrF and TER of ``hypotheses`` against one reference each; None when there is nothing."""
    if not hypotheses:
        return {"bleu": None, "chrf": None, "ter": None, "segments": 0}
    metric = scorers()
    return {
        "bleu": round(metric["bleu"].corpus_score(hypotheses, [references]).score, 2),
        "chrf": round(metric["chrf"].corpus_score(hypotheses, [references]).score, 2),
        "ter": round(metric["ter"].corpus_score(hypotheses, [references]).score, 2),
        "segments": len(hypotheses),
    }


def segment_ter(hypothesis: str, reference: str) -> float:
    return round(scorers()["ter"].sentence_score(hypothesis, [reference]).score, 2)


def segment_chrf(hypothesis: str, reference: str) -> float:
    return round(scorers()["chrf"].sentence_score(hypothesis, [reference]).score, 2)


@dataclass
class SegmentView:
    id: int
    document: str
    source: str
    mt: str
    target: str
    reference: str
    status: str
    score: int | None
    errors: list[tuple[str, str]]  # (category, severity)


def post_edited(s: SegmentView) -> bool:
    return bool(s.mt and s.target) and (s.status in ("reviewed", "approved") or s.target != s.mt)


def project_metrics(segments: list[SegmentView], term_accuracy: float | None = None) -> dict:
    """Everything the Statistics tab and ``workbench metrics`` show, as one dict."""
    edited = [s for s in segments if post_edited(s)]
    hter = corpus_scores([s.mt for s in edited], [s.target for s in edited])
    with_reference = [s for s in segments if s.reference and s.mt]
    reference = corpus_scores([s.mt for s in with_reference], [s.reference for s in with_reference])
    per_document: dict[str, dict] = {}
    for document in dict.fromkeys(s.document for s in segments):
        docs = [s for s in edited if s.document == document]
        per_document[document] = corpus_scores([s.mt for s in docs], [s.target for s in docs])
    per_segment = [dict(id=s.id, hter=segment_ter(s.mt, s.target), chrf=segment_chrf(s.mt, s.target)) for s in edited]
    scores = [s.score for s in segments if s.score is not None]
    errors = [e for s in segments for e in s.errors]
    words = sum(len((s.target or "").split()) for s in segments)
    penalty = sum(SEVERITIES.get(sev, 0) for _, sev in errors)
    return {
        "bleu": hter["bleu"],
        "chrf": hter["chrf"],
        "ter": hter["ter"],
        "hter_segments": hter["segments"],
        "reference": reference,
        "per_document": per_document,
        "per_segment": per_segment,
        "term_accuracy": term_accuracy,
        "progress": dict(Counter(s.status for s in segments)),
        "segments": len(segments),
        "da_mean": round(sum(scores) / len(scores), 2) if scores else None,
        "da_scored": len(scores),
        "mqm_errors": {f"{c}/{sev}": n for (c, sev), n in sorted(Counter(errors).items())},
        "mqm_by_category": dict(Counter(c for c, _ in errors)),
        "mqm_penalty": penalty,
        "mqm_per_1000_words": round(penalty * 1000 / words, 2) if words else None,
        "target_words": words,
        "signatures": signatures(),
    }

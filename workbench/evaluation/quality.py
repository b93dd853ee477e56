"""Quality control of raters and automatic metrics beside the human scores.

QC (as WMT DA does it): a rater passes the bad-reference check when their scores of the degraded
copies are significantly below their scores of the originals (one-sided Wilcoxon signed-rank
test on the pairs, p < 0.05; with fewer than :data:`MIN_BAD_PAIRS` pairs no such p can be
reached and the check is ``too few``, which is no failure); the repeat check passes when the
mean absolute difference between an item's two scores is within :data:`REPEAT_TOLERANCE` points.

Metrics: sacrebleu's BLEU, chrF and TER of each system against the reference (with their
signatures), and the system-level Pearson and Kendall correlation of each with the human score
(MQM negated, so that for every metric and protocol higher means better; TER negated too).
"""

from __future__ import annotations

import numpy as np

ALPHA = 0.05
MIN_BAD_PAIRS = 5
REPEAT_TOLERANCE = 10.0
MIN_SYSTEMS = 3  # a correlation of two points is always +-1


def rater_qc(judgements: list[dict], tolerance: float = REPEAT_TOLERANCE) -> dict[str, dict]:
    """``judgements``: {rater, kind (bad|repeat), score, original}. Per rater: {bad: {pairs,
    mean_drop, p, result}, repeats: {pairs, mean_difference, result}, passed}."""
    from scipy.stats import wilcoxon

    out: dict[str, dict] = {}
    for rater in sorted({j["rater"] for j in judgements}):
        mine = [j for j in judgements if j["rater"] == rater]
        bad = [(j["original"], j["score"]) for j in mine if j["kind"] == "bad"]
        repeats = [(j["original"], j["score"]) for j in mine if j["kind"] == "repeat"]
        bad_result: dict = {"pairs": len(bad), "mean_drop": None, "p": None, "result": "none"}
        if bad:
            drops = np.array([o - b for o, b in bad], dtype=float)
            bad_result["mean_drop"] = float(drops.mean())
            if len(bad) < MIN_BAD_PAIRS:
                bad_result["result"] = "too few"
            elif not drops.any():
                bad_result.update(p=1.0, result="fail")
            else:
                p = float(wilcoxon(drops, alternative="greater", zero_method="zsplit").pvalue)
                bad_result.update(p=p, result="pass" if p < ALPHA else "fail")
        repeat_result: dict = {"pairs": len(repeats), "mean_difference": None, "result": "none"}
        if repeats:
            diff = float(np.mean([abs(o - s) for o, s in repeats]))
            repeat_result.update(mean_difference=diff, result="pass" if diff <= tolerance else "fail")
        out[rater] = {
            "bad_references": bad_result,
            "repeats": repeat_result,
            "passed": bad_result["result"] != "fail" and repeat_result["result"] != "fail",
        }
    return out


def system_metrics(candidates: dict[str, list[tuple[str, str]]]) -> dict:
    """``{system: [(hypothesis, reference), ...]}`` -> {"systems": {system: {bleu, chrf, ter,
    segments}}, "signatures": {...}}: sacrebleu's corpus scores."""
    from ..metrics import corpus_scores, signatures

    systems = {}
    for name, pairs in candidates.items():
        pairs = [(h, r) for h, r in pairs if r.strip()]
        if pairs:
            systems[name] = corpus_scores([h for h, _ in pairs], [r for _, r in pairs])
    return {"systems": systems, "signatures": signatures() if systems else {}}


def correlations(human: dict[str, float], metrics: dict[str, dict], lower_is_better: bool) -> dict:
    """System-level Pearson and Kendall of each metric with the human score: {metric: {pearson,
    kendall, systems}}; None below :data:`MIN_SYSTEMS` systems."""
    from scipy.stats import kendalltau, pearsonr

    names = [s for s in human if s in metrics]
    out = {}
    for metric in ("bleu", "chrf", "ter"):
        entry: dict = {"systems": len(names), "pearson": None, "kendall": None}
        if len(names) >= MIN_SYSTEMS:
            h = np.array([-human[s] if lower_is_better else human[s] for s in names], dtype=float)
            m = np.array([-metrics[s][metric] if metric == "ter" else metrics[s][metric] for s in names], dtype=float)
            if np.ptp(h) > 0 and np.ptp(m) > 0:
                entry["pearson"] = float(pearsonr(h, m).statistic)
                entry["kendall"] = float(kendalltau(h, m).statistic)
        out[metric] = entry
    return out

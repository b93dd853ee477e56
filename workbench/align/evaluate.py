"""Strict and lax precision, recall and F1 of alignments (as in the Vecalign and Bertalign papers).

Documents are pooled. Beads empty on both sides are dropped; gold and test are sets of
(source ids, target ids). A test bead is a strict hit if it is exactly a gold bead, and a lax
hit if it is a strict hit or its target ids overlap the union of the gold target ids linked to
any of its source ids (so a bead with an empty side can only be a strict hit). Precision is
the share of test beads that hit; recall is the same computation with gold and test swapped,
after removing every bead with an empty side from both. F1 = 2PR/(P+R).
"""

from __future__ import annotations

from .beads import AlignmentBead

Key = tuple[int, tuple[int, ...], tuple[int, ...]]  # (document, source ids, target ids)


def _keys(documents: list[list[AlignmentBead]]) -> set[Key]:
    return {(d, b.src, b.tgt) for d, beads in enumerate(documents) for b in beads if b.src or b.tgt}


def _hits(test: set[Key], gold: set[Key]) -> tuple[int, int]:
    """(strict hits, lax hits) of the ``test`` beads against ``gold``."""
    linked: dict[tuple[int, int], set[int]] = {}
    for d, src, tgt in gold:
        for s in src:
            linked.setdefault((d, s), set()).update(tgt)
    strict = lax = 0
    for key in test:
        d, src, tgt = key
        if key in gold:
            strict += 1
            lax += 1
            continue
        targets = set().union(*(linked.get((d, s), set()) for s in src)) if src else set()
        if targets & set(tgt):
            lax += 1
    return strict, lax


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score_alignments(gold: list[list[AlignmentBead]], test: list[list[AlignmentBead]]) -> dict:
    """Strict and lax P/R/F1 of ``test`` against ``gold``; one list of beads per document."""
    if len(gold) != len(test):
        raise ValueError("gold and test must have the same number of documents")
    gold_keys, test_keys = _keys(gold), _keys(test)
    strict_p, lax_p = _hits(test_keys, gold_keys)
    full = lambda keys: {k for k in keys if k[1] and k[2]}  # noqa: E731
    gold_full, test_full = full(gold_keys), full(test_keys)
    strict_r, lax_r = _hits(gold_full, test_full)
    n_test, n_gold = max(1, len(test_keys)), max(1, len(gold_full))
    result = {}
    for name, p_hits, r_hits in (("strict", strict_p, strict_r), ("lax", lax_p, lax_r)):
        p, r = p_hits / n_test, r_hits / n_gold
        result[name] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4)}
    result["test_beads"], result["gold_beads"] = len(test_keys), len(gold_keys)
    return result

"""Align a Chinese document with its English translation, sentence by sentence.

Orchestrates :mod:`embed` and :mod:`dp`: embed every sentence once (a bead's multi-sentence
side is the normalised mean of its sentences' vectors), find 1-1 anchors, then run the banded
dynamic program with many bead shapes. Each bead gets a confidence in 0..1.

Known limit: an untranslated sentence (1-0) or an added one (0-1) is found between 1-1 beads,
but one right next to a multi-sentence bead can be absorbed into it, because sentence
embeddings give unrelated Chinese and English sentences a similarity of 0.15-0.2, close to
that of a weak true match.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from .beads import Bead
from .dp import anchors, band, banded_dp, bead_shapes, span_lengths, span_vectors, top_candidates


@dataclass
class AlignSettings:
    top_k: int = 3
    window: int = 6
    skip: float = -0.2
    max_total: int = 6
    max_side: int = 5
    size_weight: float = 0.15  # a bead's score is weighted by ((a + b) / 2) ** size_weight
    member_floor: float = 0.2  # each sentence of a multi-sentence side should reach this similarity
    member_weight: float = 0.5  # ... or the bead loses this much per unit of shortfall


@dataclass
class Alignment:
    beads: list[Bead]
    seconds: dict = field(default_factory=dict)


def _lengths(sentences: list[str]) -> np.ndarray:
    return np.array([max(1, len(s.replace(" ", ""))) for s in sentences], dtype=np.float64)


def align_vectors(src_vectors: np.ndarray, tgt_vectors: np.ndarray, src_sentences: list[str],
                  tgt_sentences: list[str], settings: AlignSettings = AlignSettings()) -> list[Bead]:
    n, m = len(src_sentences), len(tgt_sentences)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    src_len, tgt_len = _lengths(src_sentences), _lengths(tgt_sentences)
    char_ratio = tgt_len.sum() / src_len.sum()
    indices, scores = top_candidates(src_vectors, tgt_vectors, settings.top_k)
    path = anchors(indices, scores, m)
    lo, hi = band(path, n, m, settings.window)
    max_side = settings.max_side
    beads = banded_dp(span_vectors(src_vectors, max_side), span_vectors(tgt_vectors, max_side),
                      span_lengths(src_len, max_side), span_lengths(tgt_len, max_side), lo, hi,
                      bead_shapes(settings.max_total, max_side), settings.skip, char_ratio,
                      settings.size_weight, settings.member_floor, settings.member_weight)
    return [Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(max(0.0, min(1.0, score)), 4))
            for i0, i1, j0, j1, score in beads]


def align_sentences(src_sentences: list[str], tgt_sentences: list[str],
                    settings: AlignSettings = AlignSettings()) -> Alignment:
    from .embed import embed

    started = time.perf_counter()
    src_vectors, tgt_vectors = embed(src_sentences), embed(tgt_sentences)
    embedded = time.perf_counter()
    beads = align_vectors(src_vectors, tgt_vectors, src_sentences, tgt_sentences, settings)
    done = time.perf_counter()
    return Alignment(beads, {"embed": round(embedded - started, 3), "align": round(done - embedded, 3)})

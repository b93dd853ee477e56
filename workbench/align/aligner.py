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

from .beads import AlignmentBead
from .confidence import COEFFICIENTS, BeadFacts, confidence
from .dp import anchors, band, banded_dp, bead_shapes, span_lengths, span_vectors, top_candidates
from .lexical import Lexicon, chinese_tokens, drop_common, english_tokens, lexical_evidence
from .structure import document_structure


@dataclass(frozen=True)
class AlignSettings:
    top_k: int = 3
    window: int = 6
    skip: float = -0.25
    max_total: int = 6
    max_side: int = 5
    size_weight: float = 0.15  # a bead's score is weighted by ((a + b) / 2) ** size_weight
    member_floor: float = 0.2  # each sentence of a multi-sentence side should reach this similarity
    member_weight: float = 0.5  # ... or the bead loses this much per unit of shortfall
    lex_weight: float = 0.6  # weight of the dictionary share added to the embedding similarity (0: off)
    lex_prior: float = 0.2  # a sentence without content words counts as this share
    lex_common: float = 1.0  # English stems in more than this share of the sentences are no evidence
    length_power: float = 0.5  # the length penalty log2(1 + short/long) is raised to this power
    orphan_weight: float = 4.0  # a member sentence that resembles nothing on the other side loses this much
    orphan_floor: float = 0.04  # ... per unit its similarity plus dictionary share falls below this
    leak_weight: float = 0.15  # a bead whose edge sentences are translated just outside it loses this much
    margin_weight: float = 0.0  # subtract this times the bead's sentences' nearest-neighbour similarity
    margin_k: int = 4
    heading_weight: float = 0.1  # a heading paired with body text loses this much (0: off)
    paragraph_weight: float = 0.05  # a bead crossing a paragraph boundary loses this much, per side
    quote_weight: float = 0.1  # a bead with quoted speech on one side only loses this much (0: off)
    quote_cut_weight: float = 0.3  # a bead boundary inside an English quotation but not a Chinese one loses this much
    turn_weight: float = 0.05  # ... and this much per sentence opening a quotation that the other side lacks
    calibration: tuple | None = COEFFICIENTS  # confidence model (None: the raw score clipped to 0..1)


@dataclass
class Alignment:
    beads: list[AlignmentBead]
    seconds: dict = field(default_factory=dict)


def _lengths(sentences: list[str]) -> np.ndarray:
    return np.array([max(1, len(s.replace(" ", ""))) for s in sentences], dtype=np.float64)


def _baseline(source: np.ndarray, target: np.ndarray, k: int) -> np.ndarray:
    """Cumulative mean similarity of each source row to its k nearest target rows."""
    _, scores = top_candidates(source, target, k)
    return np.concatenate([[0.0], np.cumsum(scores.mean(axis=1))])


def align_vectors(
    src_vectors: np.ndarray,
    tgt_vectors: np.ndarray,
    src_sentences: list[str],
    tgt_sentences: list[str],
    settings: AlignSettings = AlignSettings(),
    lexicon: Lexicon | None = None,
    src_paragraphs: list[int] | None = None,
    tgt_paragraphs: list[int] | None = None,
    tokens: tuple[list, list] | None = None,
    facts_out: list | None = None,
) -> list[AlignmentBead]:
    """Beads for two sentence lists and their embeddings; ``lexicon`` (with ``lex_weight``) adds
    dictionary evidence, paragraph numbers (with ``paragraph_weight``) add paragraph evidence.
    ``tokens``: the sentences already tokenised for the lexicon (chinese_tokens, english_tokens);
    ``facts_out``: a list that receives each bead's raw facts (for fitting the confidence model)."""
    n, m = len(src_sentences), len(tgt_sentences)
    if n == 0 or m == 0:
        return [AlignmentBead((i,), ()) for i in range(n)] + [AlignmentBead((), (j,)) for j in range(m)]
    src_len, tgt_len = _lengths(src_sentences), _lengths(tgt_sentences)
    char_ratio = tgt_len.sum() / src_len.sum()
    indices, scores = top_candidates(src_vectors, tgt_vectors, settings.top_k)
    path = anchors(indices, scores, m)
    lo, hi = band(path, n, m, settings.window)
    max_side = settings.max_side
    evidence = None
    if settings.lex_weight and (lexicon is not None or tokens is not None):
        zh_tokens, en_tokens = tokens or (
            [chinese_tokens(s, lexicon) for s in src_sentences],
            [english_tokens(s) for s in tgt_sentences],
        )
        zh_tokens, en_tokens = drop_common(zh_tokens, en_tokens, settings.lex_common)
        evidence = lexical_evidence(zh_tokens, en_tokens, lo, hi, max_side, settings.lex_prior)
    baseline = None
    if settings.margin_weight:
        baseline = (
            _baseline(src_vectors, tgt_vectors, settings.margin_k),
            _baseline(tgt_vectors, src_vectors, settings.margin_k),
        )
    layout = None
    if (
        settings.heading_weight
        or settings.paragraph_weight
        or settings.quote_weight
        or settings.quote_cut_weight
        or settings.turn_weight
    ):
        layout = document_structure(
            src_sentences,
            tgt_sentences,
            src_paragraphs,
            tgt_paragraphs,
            settings.heading_weight,
            settings.paragraph_weight,
            settings.quote_weight,
            settings.quote_cut_weight,
            settings.turn_weight,
        )
    beads = banded_dp(
        span_vectors(src_vectors, max_side),
        span_vectors(tgt_vectors, max_side),
        span_lengths(src_len, max_side),
        span_lengths(tgt_len, max_side),
        lo,
        hi,
        bead_shapes(settings.max_total, max_side),
        settings.skip,
        char_ratio,
        settings.size_weight,
        settings.member_floor,
        settings.member_weight,
        evidence,
        settings.lex_weight,
        baseline,
        settings.margin_weight,
        layout,
        settings.leak_weight,
        settings.length_power,
        settings.orphan_weight,
        settings.orphan_floor,
    )
    facts = [_facts(bead, src_vectors, tgt_vectors) for bead in beads]
    probabilities = (
        confidence(facts, settings.calibration)
        if settings.calibration
        else [max(0.0, min(1.0, f.score)) for f in facts]
    )
    out = [
        AlignmentBead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(float(p), 4))
        for (i0, i1, j0, j1, _), p in zip(beads, probabilities, strict=True)
    ]
    if facts_out is not None:
        facts_out.extend(facts)
    return out


def _facts(bead: tuple, src_vectors: np.ndarray, tgt_vectors: np.ndarray) -> BeadFacts:
    i0, i1, j0, j1, score = bead
    if i1 > i0 and j1 > j0:
        return BeadFacts(float(score), False, (i1 - i0) + (j1 - j0) > 2, 0.0)
    if i1 > i0:  # an untranslated Chinese sentence: how close is the English around it?
        near = [float(src_vectors[i0] @ tgt_vectors[j]) for j in (j0 - 1, j0) if 0 <= j < len(tgt_vectors)]
    else:
        near = [float(tgt_vectors[j0] @ src_vectors[i]) for i in (i0 - 1, i0) if 0 <= i < len(src_vectors)]
    return BeadFacts(float(score), True, False, max(near, default=0.0))


def align_sentences(
    src_sentences: list[str],
    tgt_sentences: list[str],
    settings: AlignSettings = AlignSettings(),
    glossary: list[tuple[str, str]] = (),
    src_paragraphs: list[int] | None = None,
    tgt_paragraphs: list[int] | None = None,
) -> Alignment:
    """Embed, tokenise and align; ``glossary``: (Chinese, English) project terms added to CC-CEDICT."""
    from .embed import embed

    started = time.perf_counter()
    src_vectors, tgt_vectors = embed(src_sentences), embed(tgt_sentences)
    embedded = time.perf_counter()
    tokens = None
    if settings.lex_weight:
        from .lexicon import cedict, with_glossary

        lexicon = with_glossary(cedict(), list(glossary))
        tokens = ([chinese_tokens(s, lexicon) for s in src_sentences], [english_tokens(s) for s in tgt_sentences])
    tokenised = time.perf_counter()
    beads = align_vectors(
        src_vectors, tgt_vectors, src_sentences, tgt_sentences, settings, None, src_paragraphs, tgt_paragraphs, tokens
    )
    done = time.perf_counter()
    return Alignment(
        beads,
        {
            "embed": round(embedded - started, 3),
            "dictionary": round(tokenised - embedded, 3),
            "align": round(done - tokenised, 3),
        },
    )

"""Align again around the beads a person confirmed.

A person's confirmed beads (and the merges, splits and moves that confirmed them) are the best
evidence an alignment has, so aligning the same two texts again must not throw them away. They
stay as fixed anchors; each stretch of unconfirmed beads between two of them covers a contiguous
run of Chinese and of English sentences (beads keep every sentence once, in order), and only
those runs are aligned again, each on its own, then stitched back between the anchors. Every
sentence is embedded and tokenised once for the whole document; the runs use slices of that.
"""

from __future__ import annotations

from .aligner import AlignSettings, align_vectors
from .edit import EditableBead


def covers(beads: list[EditableBead], n: int, m: int) -> bool:
    """Whether ``beads`` hold every one of ``n`` Chinese and ``m`` English sentences once, in order
    (otherwise the texts changed since they were aligned and the beads cannot be anchors)."""
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    return src == list(range(n)) and tgt == list(range(m))


def unconfirmed_runs(beads: list[EditableBead]) -> list[tuple[int, int, tuple[int, ...], tuple[int, ...]]]:
    """(first bead, end bead, Chinese sentences, English sentences) of each stretch of unconfirmed
    beads, in order."""
    runs, k = [], 0
    while k < len(beads):
        if beads[k].confirmed:
            k += 1
            continue
        start = k
        while k < len(beads) and not beads[k].confirmed:
            k += 1
        stretch = beads[start:k]
        runs.append((start, k, tuple(i for b in stretch for i in b.src), tuple(j for b in stretch for j in b.tgt)))
    return runs


def realign_unconfirmed(
    src_sentences: list[str],
    tgt_sentences: list[str],
    beads: list[EditableBead],
    settings: AlignSettings = AlignSettings(),
    glossary: list[tuple[str, str]] | None = None,
    src_paragraphs: list[int] | None = None,
    tgt_paragraphs: list[int] | None = None,
) -> list[EditableBead]:
    """``beads`` with the confirmed ones kept as they are and every stretch of unconfirmed beads
    between them aligned again; ``beads`` must cover both sentence lists (see :func:`covers`)."""
    if not covers(beads, len(src_sentences), len(tgt_sentences)):
        raise ValueError("the beads do not cover the sentences once each, in order")
    runs = unconfirmed_runs(beads)
    if not runs:
        return list(beads)
    from .embed import embed

    src_vectors, tgt_vectors = embed(src_sentences), embed(tgt_sentences)
    tokens = None
    if settings.lex_weight:
        from .lexical import chinese_tokens, english_tokens
        from .lexicon import cedict, with_glossary

        lexicon = with_glossary(cedict(), list(glossary or []))
        tokens = ([chinese_tokens(s, lexicon) for s in src_sentences], [english_tokens(s) for s in tgt_sentences])
    out: list[EditableBead] = []
    done = 0
    for start, end, src, tgt in runs:
        out.extend(beads[done:start])
        done = end
        s0, s1 = (src[0], src[-1] + 1) if src else (0, 0)
        t0, t1 = (tgt[0], tgt[-1] + 1) if tgt else (0, 0)
        found = align_vectors(
            src_vectors[s0:s1],
            tgt_vectors[t0:t1],
            src_sentences[s0:s1],
            tgt_sentences[t0:t1],
            settings,
            None,
            src_paragraphs[s0:s1] if src_paragraphs is not None else None,
            tgt_paragraphs[t0:t1] if tgt_paragraphs is not None else None,
            (tokens[0][s0:s1], tokens[1][t0:t1]) if tokens is not None else None,
        )
        out.extend(
            EditableBead(tuple(i + s0 for i in b.src), tuple(j + t0 for j in b.tgt), b.score, False) for b in found
        )
    out.extend(beads[done:])
    return out

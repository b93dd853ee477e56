"""The numeric core of the aligner (the Bertalign approach), pure numpy, no I/O.

1. ``anchors``: for every source sentence the top-k target sentences by cosine similarity
   (computed in blocks, so memory stays linear), then the monotonic chain of 1-1 links with
   the highest total similarity (a weighted longest increasing subsequence, O(n k log m)).
2. ``band``: the path through the anchors, widened by ``window`` sentences each side.
3. ``banded_dp``: dynamic programming over the band only, with beads of several shapes
   (1-1, 1-2, 2-1, 2-2, 1-3, 3-1, ..., 1-0, 0-1). A bead scores the cosine similarity of its
   two sides times a length penalty; a skipped sentence scores ``skip``. Each row of the band
   is computed with vectorised numpy, so the Python work is O(rows x bead shapes).
"""

from __future__ import annotations

import numpy as np

NEG = -1e9


def normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(norms, 1e-9)


def span_vectors(vectors: np.ndarray, max_span: int) -> list[np.ndarray]:
    """``out[k][i]``: the normalised mean of ``vectors[i-k:i]`` (rows i < k are zero)."""
    n, d = vectors.shape
    cumulative = np.vstack([np.zeros((1, d), dtype=np.float64), np.cumsum(vectors, axis=0, dtype=np.float64)])
    out = [np.zeros((n + 1, d), dtype=np.float32)]
    for k in range(1, max_span + 1):
        spans = np.zeros((n + 1, d), dtype=np.float32)
        if n >= k:
            spans[k:] = normalise(cumulative[k:] - cumulative[:-k]).astype(np.float32)
        out.append(spans)
    return out


def span_lengths(lengths: np.ndarray, max_span: int) -> list[np.ndarray]:
    """``out[k][i]``: total length of items i-k .. i-1."""
    cumulative = np.concatenate([[0], np.cumsum(lengths)])
    out = [np.zeros(len(lengths) + 1)]
    for k in range(1, max_span + 1):
        spans = np.zeros(len(lengths) + 1)
        if len(lengths) >= k:
            spans[k:] = cumulative[k:] - cumulative[:-k]
        out.append(spans)
    return out


def top_candidates(source: np.ndarray, target: np.ndarray, k: int, block: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """(indices, similarities), each n x k: the k most similar target rows per source row."""
    k = min(k, len(target))
    indices = np.zeros((len(source), k), dtype=np.int64)
    scores = np.zeros((len(source), k), dtype=np.float32)
    for start in range(0, len(source), block):
        sims = source[start : start + block] @ target.T
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        indices[start : start + block] = part
        scores[start : start + block] = np.take_along_axis(sims, part, axis=1)
    return indices, scores


def anchors(indices: np.ndarray, scores: np.ndarray, m: int, threshold: float = 0.0) -> list[tuple[int, int]]:
    """The increasing chain of (source, target) candidate links with the highest total score."""
    size = m + 1
    tree_value = np.full(size + 1, -np.inf)
    tree_item = np.full(size + 1, -1, dtype=np.int64)
    items: list[tuple[int, int, float, int]] = []  # (i, j, total, previous item)

    def query(j: int) -> tuple[float, int]:  # best chain ending at a target < j
        best, item, pos = 0.0, -1, j
        while pos > 0:
            if tree_value[pos] > best:
                best, item = tree_value[pos], tree_item[pos]
            pos -= pos & -pos
        return best, item

    def update(j: int, value: float, item: int) -> None:
        pos = j + 1
        while pos <= size:
            if value > tree_value[pos]:
                tree_value[pos], tree_item[pos] = value, item
            pos += pos & -pos

    for i in range(len(indices)):
        pending = []
        for j, s in zip(indices[i], scores[i], strict=False):
            if s < threshold:
                continue
            best, previous = query(int(j))
            pending.append((int(j), best + float(s), previous, float(s)))
        for j, total, previous, _ in pending:
            items.append((i, j, total, previous))
            update(j, total, len(items) - 1)
    if not items:
        return []
    _, item = query(size)
    chain = []
    while item >= 0:
        i, j, _, previous = items[item]
        chain.append((i, j))
        item = previous
    return chain[::-1]


def band(path: list[tuple[int, int]], n: int, m: int, window: int) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi) per source position 0..n: the target range the DP may use, around the path."""
    points = [(0, 0)] + [(i + 0.5, j + 0.5) for i, j in path] + [(n, m)]
    xs, ys = zip(*sorted(set(points)), strict=False)
    centre = np.interp(np.arange(n + 1), xs, ys)
    lo = np.clip(np.floor(centre - window), 0, m).astype(np.int64)
    hi = np.clip(np.ceil(centre + window), 0, m).astype(np.int64)
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # keep the band connected and monotonic
    hi = np.maximum.accumulate(hi)
    lo[0], hi[-1] = 0, m
    for i in range(1, n + 1):  # consecutive rows overlap, so every 1-1 step stays inside
        lo[i] = min(lo[i], hi[i - 1])
    return lo, hi


def banded_dp(
    src_spans: list[np.ndarray],
    tgt_spans: list[np.ndarray],
    src_lengths: list[np.ndarray],
    tgt_lengths: list[np.ndarray],
    lo: np.ndarray,
    hi: np.ndarray,
    shapes: list[tuple[int, int]],
    skip: float,
    char_ratio: float,
    size_weight: float = 0.0,
    member_floor: float = 0.0,
    member_weight: float = 0.0,
    lexical=None,
    lex_weight: float = 0.0,
    baseline: tuple[np.ndarray, np.ndarray] | None = None,
    margin_weight: float = 0.0,
    structure=None,
    leak_weight: float = 0.0,
    length_power: float = 1.0,
    orphan_weight: float = 0.0,
    orphan_floor: float = 0.1,
) -> list[tuple[int, int, int, int, float]]:
    """Best monotonic segmentation into beads within the band.

    Returns beads as (i0, i1, j0, j1, score): source i0..i1-1 with target j0..j1-1.
    A bead's score is weighted by ``((a + b) / 2) ** size_weight``: summing one score per bead
    otherwise favours cutting a 2-2 bead into two 1-1 beads. Every sentence of a multi-sentence
    side must itself resemble the other side: the weakest one's similarity below
    ``member_floor`` costs ``member_weight`` times the shortfall (an untranslated sentence is then
    a 1-0 bead instead of being swallowed by its neighbour's bead).

    Optional evidence (all precomputed, so this stays pure numpy): ``lexical``
    (:class:`~workbench.align.lexical.LexicalEvidence`) adds ``lex_weight`` times the bead's
    dictionary share to its similarity, and to each member's; ``baseline`` (per-sentence mean
    similarity to its nearest other-language neighbours, cumulative) subtracts ``margin_weight``
    times the bead's mean baseline (margin scoring); ``structure``
    (:class:`~workbench.align.structure.Structure`) penalises heading/body mismatches and beads
    that cross a paragraph boundary. A member sentence that hardly resembles the other side at
    all (similarity plus dictionary share below ``orphan_floor``: an untranslated sentence) costs
    a further ``orphan_weight`` per unit of shortfall, so it becomes a 1-0 or 0-1 bead instead of
    joining its neighbour's multi-sentence bead.
    """
    n = len(lo) - 1
    rows: list[np.ndarray] = []
    choice: list[np.ndarray] = []
    gains: list[np.ndarray] = []
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        best = np.full(len(js), NEG)
        pick = np.full(len(js), -1, dtype=np.int64)
        gain = np.zeros(len(js))
        if i == 0:
            best[js == 0] = 0.0
        for index, (a, b) in enumerate(shapes):
            if (a, b) == (0, 1) or a > i:
                continue
            prev_j = js - b
            ok = (prev_j >= lo[i - a]) & (prev_j <= hi[i - a]) & (prev_j >= 0)
            if not ok.any():
                continue
            prev = np.full(len(js), NEG)
            prev[ok] = rows[i - a][prev_j[ok] - lo[i - a]]
            if a and b:
                valid = ok & (js >= b)
                score = np.full(len(js), NEG)
                jv = js[valid]
                cos = tgt_spans[b][jv] @ src_spans[a][i]
                if lexical is not None and lex_weight:
                    cos = cos + lex_weight * lexical.share(i, a, jv, b)
                if baseline is not None and margin_weight:
                    zh_base = (baseline[0][i] - baseline[0][i - a]) / a
                    en_base = (baseline[1][jv] - baseline[1][jv - b]) / b
                    cos = cos - margin_weight * 0.5 * (zh_base + en_base)
                src_len = src_lengths[a][i] * char_ratio
                tgt_len = tgt_lengths[b][jv]
                penalty = np.log2(1 + np.minimum(src_len, tgt_len) / np.maximum(np.maximum(src_len, tgt_len), 1e-9))
                value = cos * (penalty if length_power == 1.0 else penalty**length_power)
                lexical_members = lexical is not None and lex_weight
                if member_weight and a > 1:
                    members = [tgt_spans[b][jv] @ src_spans[1][i - k] for k in range(a)]
                    if lexical_members:
                        shares = [lexical.zh_member(i - k - 1, jv, b) for k in range(a)]
                        members = [c + lex_weight * share for c, share in zip(members, shares, strict=True)]
                    weakest = np.min(np.stack(members), axis=0)
                    value = value - member_weight * np.maximum(0.0, member_floor - weakest)
                    value = value - orphan_weight * np.maximum(0.0, orphan_floor - weakest)
                if member_weight and b > 1:
                    members = [tgt_spans[1][jv - k] @ src_spans[a][i] for k in range(b)]
                    if lexical_members:
                        shares = [lexical.en_member(jv - k - 1, i, a) for k in range(b)]
                        members = [c + lex_weight * share for c, share in zip(members, shares, strict=True)]
                    weakest = np.min(np.stack(members), axis=0)
                    value = value - member_weight * np.maximum(0.0, member_floor - weakest)
                    value = value - orphan_weight * np.maximum(0.0, orphan_floor - weakest)
                if lexical is not None and leak_weight:
                    value = value - leak_weight * lexical.leak(i, a, jv, b)
                if structure is not None:
                    value = value - structure.penalty(i, a, jv, b)
                score[valid] = value * ((a + b) / 2) ** size_weight
            else:  # 1-0: a source sentence left untranslated
                score = np.full(len(js), skip)
            total = prev + score
            better = total > best
            best[better], pick[better], gain[better] = total[better], index, score[better]
        # 0-1 beads chain along the row: best[j] = max(best[j], best[j-1] + skip)
        zero_one = shapes.index((0, 1)) if (0, 1) in shapes else -1
        if zero_one >= 0:
            for t in range(1, len(js)):
                if best[t - 1] + skip > best[t]:
                    best[t], pick[t], gain[t] = best[t - 1] + skip, zero_one, skip
        rows.append(best)
        choice.append(pick)
        gains.append(gain)
    # backtrack from (n, m)
    beads = []
    i, j = n, int(hi[n])
    while i > 0 or j > 0:
        t = j - lo[i]
        index = int(choice[i][t])
        if index < 0:
            raise RuntimeError("alignment band lost the path")
        a, b = shapes[index]
        beads.append((i - a, i, j - b, j, float(gains[i][t])))
        i, j = i - a, j - b
    return beads[::-1]


def bead_shapes(max_total: int = 5, max_side: int = 4) -> list[tuple[int, int]]:
    shapes = [(1, 0), (0, 1)]
    for a in range(1, max_side + 1):
        for b in range(1, max_side + 1):
            if a + b <= max_total:
                shapes.append((a, b))
    return shapes

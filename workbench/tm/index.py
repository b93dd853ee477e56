"""A character n-gram index over TM sources: finds fuzzy-match candidates without scoring
every unit.

Each normalised source is cut into character bigrams (with start and end marks, so a
one-character sentence has two). A query counts, per unit, the bigrams they share (numpy
``bincount`` over the posting lists); units whose length makes the wanted score impossible
are dropped, the best ``pool`` by shared-bigram ratio are scored exactly with rapidfuzz.
Exact normalised matches are found through a dictionary, so a 100% match is never missed.
Units are only ever added; the caller rebuilds the index when units are removed.
"""

from __future__ import annotations

from array import array

import numpy as np

from .match import score
from .normalise import Normalised, normalise


def bigrams(text: str) -> set[str]:
    padded = f"\x02{text}\x03"
    return {padded[i:i + 2] for i in range(len(padded) - 1)}


class NgramIndex:
    """Keys (TM unit ids) with their source sentences; ``search`` returns (key, score) best first."""

    def __init__(self) -> None:
        self.keys: list[int] = []
        self.sources: list[str] = []
        self.normalised: list[Normalised] = []
        self._gram_counts = array("i")
        self._lengths = array("i")
        self._postings: dict[str, array] = {}
        self._exact: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: int, source: str) -> None:
        position = len(self.keys)
        norm = normalise(source)
        grams = bigrams(norm.text)
        self.keys.append(key)
        self.sources.append(source)
        self.normalised.append(norm)
        self._gram_counts.append(len(grams))
        self._lengths.append(len(norm.text))
        for gram in grams:
            posting = self._postings.get(gram)
            if posting is None:
                self._postings[gram] = posting = array("i")
            posting.append(position)
        self._exact.setdefault(norm.text, []).append(position)

    def search(self, text: str, limit: int = 3, min_score: int = 50, pool: int = 64) -> list[tuple[int, int]]:
        """The best units for ``text``: (key, score) with score >= ``min_score``, at most ``limit``."""
        if not self.keys:
            return []
        query = normalise(text)
        found: dict[int, int] = {}
        for position in self._exact.get(query.text, ()):
            found[position] = score(text, self.sources[position], query, self.normalised[position])
        for position in self._candidates(query, min_score, pool):
            if position not in found:
                found[position] = score(text, self.sources[position], query, self.normalised[position], min_score)
        ranked = sorted(((s, p) for p, s in found.items() if s >= min_score), key=lambda sp: (-sp[0], sp[1]))
        return [(self.keys[p], s) for s, p in ranked[:limit]]

    def _candidates(self, query: Normalised, min_score: int, pool: int) -> list[int]:
        grams = bigrams(query.text)
        postings = [self._postings[g] for g in grams if g in self._postings]
        if not postings:
            return []
        n = len(self.keys)
        hits = np.concatenate([np.frombuffer(p, dtype=np.int32) for p in postings])
        shared = np.bincount(hits, minlength=n)
        lengths = np.frombuffer(self._lengths, dtype=np.int32)
        counts = np.frombuffer(self._gram_counts, dtype=np.int32)
        # an edit distance of at least |la - lb| must still leave min_score: |la - lb| <= (1 - t) * max(la, lb)
        q_len = len(query.text)
        slack = (1 - min_score / 100) * np.maximum(lengths, q_len)
        ratio = shared / np.maximum(counts, len(grams))
        ratio[(shared == 0) | (np.abs(lengths - q_len) > slack + 1e-9)] = 0
        if n > pool:
            best = np.argpartition(-ratio, pool)[:pool]
        else:
            best = np.arange(n)
        return [int(p) for p in best if ratio[p] > 0]

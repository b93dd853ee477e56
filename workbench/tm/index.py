"""A character n-gram index over TM sources: finds fuzzy-match candidates without scoring
every unit.

Each normalised source is cut into character bigrams (with start and end marks, so a
one-character sentence has two), each bigram a 42-bit integer of its two code points. The
posting lists are kept as one sorted array (CSR: bigram keys, offsets, unit positions) built
with numpy in one pass, plus a small dictionary for units added since, merged in when it
grows. A query looks up its bigrams, skips the very common ones when it has enough rarer ones
(they add time, not discrimination), counts the bigrams each unit shares, drops units whose
length makes the wanted score impossible, and scores the best ``pool`` exactly with
rapidfuzz. Exact normalised matches are found through a dictionary, so a 100% match is never
missed. Units are only ever added; the caller rebuilds the index when units are removed.
"""

from __future__ import annotations

from array import array

import numpy as np

from .match import score
from .normalise import Normalised, normalise_source

_START, _END = "\x02", "\x03"
MERGE_AT = 20_000  # units in the dictionary part before it is merged into the arrays


def gram_keys(text: str) -> np.ndarray:
    """The distinct bigram keys of a normalised text (with start and end marks)."""
    points = np.frombuffer(f"{_START}{text}{_END}".encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    return np.unique((points[:-1] << 21) | points[1:])


class NgramIndex:
    """Keys (TM unit ids) with their source sentences; ``search`` returns (key, score) best first."""

    def __init__(self) -> None:
        self.keys: list[int] = []
        self.sources: list[str] = []
        self.normalised: list[Normalised] = []
        self._lengths = array("i")
        self._exact: dict[str, list[int]] = {}
        # merged part: sorted bigram keys, offsets into _units, unit positions
        self._grams = np.zeros(0, dtype=np.int64)
        self._offsets = np.zeros(1, dtype=np.int64)
        self._units = np.zeros(0, dtype=np.int32)
        self._merged = 0  # units [0, _merged) are in the arrays
        self._recent: dict[int, list[int]] = {}  # bigram key -> positions >= _merged

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: int, source: str) -> None:
        self.add_many([(key, source)])

    def add_many(self, items) -> None:
        """Add (key, source) pairs; a large batch goes straight into the arrays."""
        first = len(self.keys)
        for key, source in items:
            norm = normalise_source(source)
            position = len(self.keys)
            self.keys.append(key)
            self.sources.append(source)
            self.normalised.append(norm)
            self._lengths.append(len(norm.text))
            self._exact.setdefault(norm.text, []).append(position)
        added = len(self.keys) - first
        if len(self.keys) - self._merged >= MERGE_AT or added >= 1000:
            self._merge()
        else:
            for position in range(first, len(self.keys)):
                for gram in gram_keys(self.normalised[position].text).tolist():
                    self._recent.setdefault(gram, []).append(position)

    def _merge(self) -> None:
        """Rebuild the arrays with every unit (vectorised: one string, one sort)."""
        start = self._merged
        texts = [f"{_START}{n.text}{_END}" for n in self.normalised[start:]]
        if not texts:
            return
        points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        owner = np.repeat(np.arange(start, len(self.keys), dtype=np.int64), [len(t) for t in texts])
        grams, owner = (points[:-1] << 21) | points[1:], owner[:-1]
        keep = points[:-1] != ord(_END)  # not the pair that crosses from one unit to the next
        grams, owner = grams[keep], owner[keep]
        old_grams = np.repeat(self._grams, np.diff(self._offsets))
        grams = np.concatenate([old_grams, grams])
        owner = np.concatenate([self._units.astype(np.int64), owner])
        order = np.lexsort((owner, grams))
        grams, owner = grams[order], owner[order]
        distinct = np.ones(len(grams), dtype=bool)
        distinct[1:] = (grams[1:] != grams[:-1]) | (owner[1:] != owner[:-1])
        grams, owner = grams[distinct], owner[distinct]
        boundaries = np.flatnonzero(np.concatenate([[True], grams[1:] != grams[:-1]]))
        self._grams = grams[boundaries]
        self._offsets = np.concatenate([boundaries, [len(grams)]]).astype(np.int64)
        self._units = owner.astype(np.int32)
        self._merged = len(self.keys)
        self._recent = {}

    def search(self, text: str, limit: int = 3, min_score: int = 50, pool: int = 48) -> list[tuple[int, int]]:
        """The best units for ``text``: (key, score) with score >= ``min_score``, at most ``limit``."""
        if not self.keys:
            return []
        query = normalise_source(text)
        found: dict[int, int] = {}
        for position in self._exact.get(query.text, ()):
            found[position] = score(text, self.sources[position], query, self.normalised[position])
        for position in self._candidates(query, min_score, pool):
            if position not in found:
                found[position] = score(text, self.sources[position], query, self.normalised[position], min_score)
        ranked = sorted(((s, p) for p, s in found.items() if s >= min_score), key=lambda sp: (-sp[0], sp[1]))
        return [(self.keys[p], s) for s, p in ranked[:limit]]

    def _postings(self, keys: np.ndarray) -> list[np.ndarray]:
        lists = []
        if len(self._grams):
            where = np.searchsorted(self._grams, keys)
            inside = where < len(self._grams)
            where, keys_in = where[inside], keys[inside]
            hit = self._grams[where] == keys_in
            for w in where[hit].tolist():
                lists.append(self._units[self._offsets[w] : self._offsets[w + 1]])
        for key in keys.tolist():
            recent = self._recent.get(key)
            if recent:
                lists.append(np.asarray(recent, dtype=np.int32))
        return lists

    def _candidates(self, query: Normalised, min_score: int, pool: int) -> np.ndarray:
        keys = gram_keys(query.text)
        lists = sorted(self._postings(keys), key=len)
        if not lists:
            return np.zeros(0, dtype=np.int64)
        # skip the commonest bigrams when at least half the query's (and four) rarer ones remain
        common = max(2000, len(self.keys) // 50)
        rare = [p for p in lists if len(p) <= common]
        used = rare if len(rare) >= max(4, len(lists) // 2) else lists[: max(4, len(lists) // 2)]
        candidates, shared = np.unique(np.concatenate(used), return_counts=True)
        lengths = np.frombuffer(self._lengths, dtype=np.int32)[candidates]
        q_len = len(query.text)
        # an edit distance of at least |la - lb| must still leave min_score: |la - lb| <= (1 - t) * max(la, lb)
        possible = np.abs(lengths - q_len) <= (1 - min_score / 100) * np.maximum(lengths, q_len) + 1e-9
        candidates, shared, lengths = candidates[possible], shared[possible], lengths[possible]
        if len(candidates) > pool:
            rank = shared * 4096 - np.abs(lengths - q_len)
            candidates = candidates[np.argpartition(-rank, pool)[:pool]]
        return candidates

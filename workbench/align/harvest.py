"""Glossary candidates from confirmed sentence pairs.

A Chinese word or phrase (2 to 6 characters) that recurs in confirmed pairs and is not in the
glossary is paired with the English word sequence (1 to 5 words) that co-occurs with it most
consistently, by the Dice coefficient over pairs: 2·both / (zh pairs + en pairs). Candidates
need at least ``min_pairs`` pairs and a Dice of at least ``min_dice``; a person decides.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
STOP = {"the", "a", "an", "of", "and", "to", "in", "on", "for", "is", "are", "was", "were", "be", "by", "with",
        "as", "at", "that", "this", "it", "its", "we", "our", "their", "they", "he", "she", "his", "her", "from", "or"}


@dataclass(frozen=True)
class Candidate:
    zh: str
    en: str
    pairs: int  # confirmed pairs with both
    dice: float


def _zh_ngrams(text: str, shortest: int = 2, longest: int = 6) -> set[str]:
    grams = set()
    for run in _HAN_RUN.findall(text):
        for n in range(shortest, longest + 1):
            for i in range(len(run) - n + 1):
                grams.add(run[i:i + n])
    return grams


def _en_ngrams(text: str, longest: int = 5) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    grams = set()
    for n in range(1, longest + 1):
        for i in range(len(words) - n + 1):
            gram = words[i:i + n]
            if gram[0] in STOP or gram[-1] in STOP:
                continue
            grams.add(" ".join(gram))
    return grams


def harvest(pairs: list[tuple[str, str]], known: set[str] = frozenset(), min_pairs: int = 2,
            min_dice: float = 0.6, limit: int = 100) -> list[Candidate]:
    zh_sets = [_zh_ngrams(zh) for zh, _ in pairs]
    en_sets = [_en_ngrams(en) for _, en in pairs]
    zh_count = Counter(g for s in zh_sets for g in s)
    en_count = Counter(g for s in en_sets for g in s)
    frequent = {g for g, c in zh_count.items() if c >= min_pairs and g not in known}
    # keep the longest Chinese n-grams: drop one that only ever occurs inside a longer frequent one
    frequent = {g for g in frequent if not any(g != h and g in h and zh_count[h] == zh_count[g] for h in frequent)}
    joint: dict[str, Counter] = {g: Counter() for g in frequent}
    for zs, es in zip(zh_sets, en_sets):
        for g in zs & frequent:
            joint[g].update(es)
    candidates = []
    for g, counter in joint.items():
        if not counter:
            continue
        scored = [(2 * both / (zh_count[g] + en_count[e]), both, e) for e, both in counter.items() if both >= min_pairs]
        if not scored:
            continue
        dice, both, english = max(scored, key=lambda x: (x[0], len(x[2].split()), x[1]))
        if dice >= min_dice:
            candidates.append(Candidate(g, english, both, round(dice, 3)))
    candidates.sort(key=lambda c: (-c.dice, -c.pairs, -len(c.zh)))
    return candidates[:limit]

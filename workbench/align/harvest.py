"""Glossary candidates from confirmed sentence pairs.

A Chinese word or phrase (2 to 6 characters) that recurs in confirmed pairs and is not in the
glossary is paired with the English word sequence (1 to 5 words) that co-occurs with it most
consistently, by the Dice coefficient over pairs: 2·both / (zh pairs + en pairs). Candidates
need at least ``min_pairs`` pairs and a Dice of at least ``min_dice``; a person decides.

Junk is filtered out before a person sees it: a Chinese candidate that starts or ends with a
function word (``的领导``, ``管理的``; told by longest-match segmentation when a dictionary is
given, so ``和平`` or ``对外开放`` stay), and an English side that is not a phrase (it never
crosses punctuation, and starts or ends with no function word nor contains a finite verb
such as ``is``/``was``/``have``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_CLAUSE = re.compile(r"[^,.;:!?()\[\]\"“”‘’—]+")
STOP = {
    "the",
    "a",
    "an",
    "of",
    "and",
    "to",
    "in",
    "on",
    "for",
    "is",
    "are",
    "was",
    "were",
    "be",
    "by",
    "with",
    "as",
    "at",
    "that",
    "this",
    "it",
    "its",
    "we",
    "our",
    "their",
    "they",
    "he",
    "she",
    "his",
    "her",
    "from",
    "or",
    "but",
    "not",
    "will",
    "would",
    "can",
    "should",
    "must",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "been",
    "i",
    "you",
    "me",
    "him",
    "them",
    "us",
    "my",
    "your",
    "these",
    "those",
    "which",
    "who",
    "so",
    "very",
    "also",
}
# a term is a noun phrase: these words inside an English n-gram make it a clause fragment
VERBS = {
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "should",
    "must",
    "do",
    "does",
    "did",
    "we",
    "they",
    "he",
    "she",
    "i",
    "you",
}
# Chinese function words that cannot begin or end a term
ZH_FUNCTION = set("的地得了着过吗呢吧啊是在和与及对把被也都就而之于为以个这那其所并等将向从给让又还很不没")


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
                grams.add(run[i : i + n])
    return grams


def _en_ngrams(text: str, longest: int = 5) -> set[str]:
    grams = set()
    for clause in _CLAUSE.findall(text):
        words = [w.lower() for w in _WORD.findall(clause)]
        for n in range(1, longest + 1):
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                if gram[0] in STOP or gram[-1] in STOP or any(w in VERBS for w in gram):
                    continue
                grams.add(" ".join(gram))
    return grams


def _function_end(zh: str, lexicon) -> bool:
    if lexicon is None:
        return zh[0] in ZH_FUNCTION or zh[-1] in ZH_FUNCTION
    from .lexical import segment_words

    pieces = segment_words(zh, lexicon)
    return bool(pieces) and (pieces[0] in ZH_FUNCTION or pieces[-1] in ZH_FUNCTION)


def is_junk(zh: str, en: str, lexicon=None) -> bool:
    """A candidate no glossary wants: a function word at either end of the Chinese (by
    dictionary segmentation when ``lexicon`` is given, else by character), or an English side
    that is not a phrase."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*|[^\sA-Za-z]", en.lower())]
    if not words or not all(w[0].isalpha() for w in words):
        return True
    if words[0] in STOP or words[-1] in STOP or any(w in VERBS for w in words):
        return True
    return _function_end(zh, lexicon)


def harvest(
    pairs: list[tuple[str, str]],
    known: set[str] = frozenset(),
    min_pairs: int = 2,
    min_dice: float = 0.6,
    limit: int = 100,
    lexicon=None,
) -> list[Candidate]:
    """Candidate terms, best first; ``lexicon`` (CC-CEDICT) makes the function-word filter exact."""
    zh_sets = [_zh_ngrams(zh) for zh, _ in pairs]
    en_sets = [_en_ngrams(en) for _, en in pairs]
    zh_count = Counter(g for s in zh_sets for g in s)
    en_count = Counter(g for s in en_sets for g in s)
    frequent = {g for g, c in zh_count.items() if c >= min_pairs and g not in known}
    frequent = {g for g in frequent if not _function_end(g, lexicon)}
    # keep the longest Chinese n-grams: drop one that only ever occurs inside a longer frequent one
    frequent = {g for g in frequent if not any(g != h and g in h and zh_count[h] == zh_count[g] for h in frequent)}
    joint: dict[str, Counter] = {g: Counter() for g in frequent}
    for zs, es in zip(zh_sets, en_sets, strict=False):
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
        if dice >= min_dice and not is_junk(g, english, lexicon):
            candidates.append(Candidate(g, english, both, round(dice, 3)))
    candidates.sort(key=lambda c: (-c.dice, -c.pairs, -len(c.zh)))
    return candidates[:limit]

"""Fuzzy match scores between a source sentence and a TM unit's source.

The score is 0-100 from the character edit distance (Levenshtein, rapidfuzz) over the
normalised texts: ``100 * (1 - distance / longer length)``, rounded down, so one changed
character in a 20-character sentence scores 95. Only identical sentences score 100: a
difference in width or punctuation alone gives 99. Every number that differs costs
``NUMBER_PENALTY`` points, because a wrong number in an inserted match is the costliest error
a reviewer can miss. 101 (``CONTEXT_SCORE``) is a 100 whose previous and next source sentences
are also the same: the match was made in the same place of the same kind of text.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from .normalise import Normalised, normalise_source

CONTEXT_SCORE = 101
NUMBER_PENALTY = 2


def number_mismatches(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How many numbers would have to change to turn one list into the other (order ignored)."""
    ca, cb = Counter(a), Counter(b)
    return max(sum((ca - cb).values()), sum((cb - ca).values()))


def score(
    query: str,
    candidate: str,
    query_norm: Normalised | None = None,
    candidate_norm: Normalised | None = None,
    cutoff: int = 0,
) -> int:
    """The match score of ``candidate`` (a TM source) for ``query`` (the sentence to translate), 0-100."""
    if query.strip() == candidate.strip():
        return 100
    q = query_norm or normalise_source(query)
    c = candidate_norm or normalise_source(candidate)
    if q.text == c.text:
        base = 99
    else:
        similarity = Levenshtein.normalized_similarity(q.text, c.text, score_cutoff=max(0.0, (cutoff - 1) / 100))
        base = min(99, int(similarity * 100 + 1e-9))
    return max(0, base - NUMBER_PENALTY * number_mismatches(q.numbers, c.numbers))


def diff_pieces(match_source: str, source: str) -> list[tuple[str, str]]:
    """How the match's source differs from this one, character by character:
    ``("equal", text)``, ``("delete", text only in the match)``, ``("insert", text only in this source)``."""
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=match_source, b=source, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("equal", match_source[i1:i2]))
            continue
        if i2 > i1:
            pieces.append(("delete", match_source[i1:i2]))
        if j2 > j1:
            pieces.append(("insert", source[j1:j2]))
    return pieces


@dataclass
class Match:
    """A TM unit found for a sentence, with its score and where it comes from."""

    unit_id: int
    source: str
    target: str
    score: int
    origin: str  # review, alignment, or "import: <memory name>"
    memory: str = ""
    priority: int = 0
    document: str = ""
    author: str = ""
    when: str = ""
    numbers_differ: list[str] = field(default_factory=list)  # numbers of this source the match does not have

    def as_dict(self) -> dict:
        return dict(
            source=self.source,
            target=self.target,
            score=self.score,
            origin=self.origin,
            memory=self.memory,
            priority=self.priority,
            document=self.document,
            author=self.author,
            when=self.when,
            numbers_differ=list(self.numbers_differ),
        )

"""Glossary compliance: does a translation render each source term as the glossary says?

For every term found in a segment's source, the target must contain the preferred rendering
or an accepted variant, and no forbidden rendering. Matching is case-insensitive, treats
any run of punctuation and spaces between words alike, ignores a leading article, and accepts
a plural -s/-es on each word ("two committees" accepts "two committee"). Term accuracy is the share of term occurrences
in translated segments that are rendered as the glossary says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .match import Hit, TermMatcher


@lru_cache(maxsize=4096)
def rendering_pattern(rendering: str) -> re.Pattern:
    words = re.findall(r"[A-Za-z0-9']+", rendering.lower().replace("’", "'"))
    if len(words) > 1 and words[0] in ("the", "a", "an"):  # as enforcement does: "the people" ~ "people"
        words = words[1:]
    if not words:
        return re.compile(r"(?!x)x")
    body = r"[^A-Za-z0-9]+".join(_word(w) for w in words)
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])")


def _word(word: str) -> str:
    """A word with an optional plural ending: committee ~ committees, mass ~ masses."""
    if len(word) <= 3:
        return re.escape(word)
    if word.endswith("s"):
        return re.escape(word[:-1]) + r"s?"
    return re.escape(word) + r"(?:s|es)?"


def contains(target: str, rendering: str) -> bool:
    return bool(rendering_pattern(rendering).search(target.lower().replace("’", "'")))


@dataclass
class TermIssue:
    hit: Hit
    problem: str  # "missing" (no accepted rendering) or "forbidden"
    rendering: str = ""  # the forbidden rendering found

    def message(self) -> str:
        t = self.hit.term
        if self.problem == "forbidden":
            return f"{t.zh}: “{self.rendering}” is a rendering to avoid; use “{t.en}”"
        return f"{t.zh}: expected “{t.en}”" + (f" (or {', '.join(f'“{v}”' for v in t.variants)})" if t.variants else "")


@dataclass
class TermCheck:
    hits: list[Hit] = field(default_factory=list)
    issues: list[TermIssue] = field(default_factory=list)

    @property
    def correct(self) -> int:
        wrong = {id(i.hit) for i in self.issues}
        return sum(1 for h in self.hits if id(h) not in wrong)


def check_segment(matcher: TermMatcher, source: str, target: str) -> TermCheck:
    """The glossary check of one segment (an empty target is not checked: nothing to judge)."""
    result = TermCheck(hits=matcher.find(source))
    if not target.strip():
        return result
    for hit in result.hits:
        term = hit.term
        bad = next((f for f in term.forbidden if contains(target, f)), None)
        if bad and not any(contains(target, a) and a.lower() not in bad.lower() for a in term.accepted):
            result.issues.append(TermIssue(hit, "forbidden", bad))
        elif not any(contains(target, a) for a in term.accepted):
            result.issues.append(TermIssue(hit, "missing"))
    return result


def term_accuracy(checks: list[TermCheck]) -> float | None:
    """Share of term occurrences rendered as the glossary says, over checked segments; None if no term."""
    total = sum(len(c.hits) for c in checks)
    return None if total == 0 else sum(c.correct for c in checks) / total

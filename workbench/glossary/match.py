"""Find glossary terms in Chinese text: longest-leftmost, tolerant of quotation marks.

Real texts quote terms inside and around them (“两新”组织, 村“两委”). Quotation marks are
skipped while matching and the hit is mapped back to the original span. At each position the
longest term wins (两新组织 over 两新), then matching resumes after it, so hits never overlap.
The trie walk is O(text length × longest term), which is the same bound as Aho-Corasick for
leftmost-longest matching with terms of a few characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Term

QUOTES = set("“”‘’\"'「」『』〝〞")
OPENERS, CLOSERS = "“‘「『〝", "”’」』〞"


@dataclass(frozen=True)
class Hit:
    start: int  # character offsets in the original text
    end: int
    text: str  # the original span, quotation marks included
    term: Term


class TermMatcher:
    def __init__(self, terms: list[Term]):
        """Terms earlier in the list win over later ones with the same Chinese form (priority)."""
        self.root: dict = {}
        self.terms: dict[str, Term] = {}
        for term in terms:
            key = "".join(ch for ch in term.zh if ch not in QUOTES)
            if not key or key in self.terms:
                continue
            self.terms[key] = term
            node = self.root
            for ch in key:
                node = node.setdefault(ch, {})
            node[None] = term

    def find(self, text: str) -> list[Hit]:
        # the text without quotation marks, and where each kept character was
        kept = [(i, ch) for i, ch in enumerate(text) if ch not in QUOTES]
        chars = [ch for _, ch in kept]
        hits: list[Hit] = []
        i = 0
        while i < len(chars):
            node, best = self.root, None
            j = i
            while j < len(chars) and chars[j] in node:
                node = node[chars[j]]
                j += 1
                if None in node:
                    best = (j, node[None])
            if best is None:
                i += 1
                continue
            end_index, term = best
            start, end = _balanced(text, kept[i][0], kept[end_index - 1][0] + 1)
            hits.append(Hit(start, end, text[start:end], term))
            i = end_index
        return hits


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in the quotation mark that closes (or opens) one inside the span (“两新”组织), or both
    quotation marks around a quoted term (村“两委” gives “两委”)."""
    span = text[start:end]
    opened = sum(span.count(c) for c in OPENERS) - sum(span.count(c) for c in CLOSERS)
    if opened > 0 and end < len(text) and text[end] in CLOSERS:
        end += 1
    elif opened < 0 and start > 0 and text[start - 1] in OPENERS:
        start -= 1
    elif opened == 0 and 0 < start and end < len(text) and text[start - 1] in OPENERS and text[end] in CLOSERS:
        start, end = start - 1, end + 1  # a quoted term: “两委”
    return start, end

"""QA checks of one translated segment. Each check is a small function; its docstring is the
text a reviewer sees. Every check can be switched off (``enabled``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .glossary import TermMatcher, check_segment
from .placeholders import code_problems, strip_codes

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[A-Za-z']+")
_PAIRS = [("(", ")"), ("[", "]"), ("{", "}"), ("\u201c", "\u201d"), ("\u2018", "\u2019")]


@dataclass(frozen=True)
class Flag:
    check: str
    message: str


def _numbers(text: str) -> list[str]:
    out = []
    for match in _NUMBER.finditer(strip_codes(text)):  # ⟦1⟧ is a code, not the number 1
        value = match.group(0)
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", value):  # 8,000 is 8000
            value = value.replace(",", "")
        out.append(value.rstrip(".").replace(",", "."))
    return out


def numbers(source: str, target: str, **_) -> list[str]:
    """Numbers and percentages differ between source and target."""
    src, tgt = _numbers(source), _numbers(target)
    problems = []
    missing = [n for n in dict.fromkeys(src) if n not in tgt]
    extra = [n for n in dict.fromkeys(tgt) if n not in src]
    if missing:
        problems.append(f"missing in the target: {', '.join(missing)}")
    if extra:
        problems.append(f"not in the source: {', '.join(extra)}")
    if "%" in source and not ("%" in target or "percent" in target.lower()):
        problems.append("the source has a percentage, the target neither % nor \u201cpercent\u201d")
    return problems


def untranslated(source: str, target: str, **_) -> list[str]:
    """Chinese characters left untranslated in the target."""
    left = "".join(dict.fromkeys(_HAN.findall(target)))
    return [f"Chinese in the target: {left[:20]}"] if left else []


def empty(source: str, target: str, **_) -> list[str]:
    """The target is empty."""
    return ["no translation yet"] if source.strip() and not target.strip() else []


def length(source: str, target: str, **_) -> list[str]:
    """The target is much shorter or longer than expected (English runs 1.2 to 7 times the Chinese characters)."""
    han = len(_HAN.findall(source))
    if han < 8 or not target.strip():
        return []
    ratio = len(target) / han
    if ratio < 1.2:
        return [f"very short: {len(target)} characters for {han} Chinese characters"]
    if ratio > 7:
        return [f"very long: {len(target)} characters for {han} Chinese characters"]
    return []


def doubled_words(source: str, target: str, **_) -> list[str]:
    """The same word twice in a row ("the the")."""
    words = _WORD.findall(target)
    doubled = [
        a for a, b in zip(words, words[1:], strict=False) if a.lower() == b.lower() and a.lower() not in ("that", "had")
    ]
    return [f"doubled word: \u201c{w} {w}\u201d" for w in dict.fromkeys(doubled)]


def brackets(source: str, target: str, **_) -> list[str]:
    """Brackets or quotation marks that are not closed, or fewer of them than in the source."""
    problems = []
    for opening, closing in _PAIRS + [('"', '"')]:
        if opening == closing:
            if target.count(opening) % 2:
                problems.append('unbalanced "')
            continue
        depth = 0
        for ch in target:
            depth += (ch == opening) - (ch == closing)
            if depth < 0:
                break
        if depth != 0:
            problems.append(f"unbalanced {opening}{closing}")
    src_pairs = source.count("（") + source.count("(")
    tgt_pairs = target.count("(")
    if src_pairs and not tgt_pairs and not problems:
        problems.append("the source has brackets, the target none")
    return problems


def glossary(source: str, target: str, matcher: TermMatcher | None = None, **_) -> list[str]:
    """A glossary term is not rendered as the glossary says (missing, or a forbidden rendering)."""
    if matcher is None or not target.strip():
        return []
    # one flag per distinct term and problem, however often the term occurs in the sentence
    return list(dict.fromkeys(issue.message() for issue in check_segment(matcher, source, target).issues))


def inline_codes(source: str, target: str, **_) -> list[str]:
    """Inline codes (⟦1⟧, ⟦1⟧…⟦/1⟧ from a CAT tool's file) missing in the target, not in the source, or out of order."""
    return code_problems(source, target)


CHECKS: dict[str, Callable[..., list[str]]] = {
    "glossary": glossary,
    "numbers": numbers,
    "untranslated": untranslated,
    "empty": empty,
    "length": length,
    "doubled": doubled_words,
    "brackets": brackets,
    "codes": inline_codes,
}


def describe() -> dict[str, str]:
    """Check name → what it looks for (its docstring)."""
    return {name: (fn.__doc__ or "").strip() for name, fn in CHECKS.items()}


def run_checks(
    source: str, target: str, matcher: TermMatcher | None = None, enabled: set[str] | frozenset[str] | None = None
) -> list[Flag]:
    """All enabled checks of one segment (``enabled`` None: all)."""
    flags = []
    for name, fn in CHECKS.items():
        if enabled is not None and name not in enabled:
            continue
        for message in fn(source, target, matcher=matcher):
            flags.append(Flag(name, message))
    return flags

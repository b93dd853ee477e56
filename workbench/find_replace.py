"""Find and replace in one text, as pure functions: a search (plain text or a regular
expression, matching case or not, whole words only or not) compiled once, then every match in
a text and the text with its replacements.

Regular expressions run on the ``regex`` module with a time limit, so a pattern that
backtracks catastrophically on a long segment stops with one clear line instead of hanging
the app. A replacement in a regular-expression search may name groups (``\\1``, ``\\g<name>``);
in a plain search it is used as it is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import regex

from .errors import WorkbenchError

#: The longest pattern accepted (characters).
MAX_PATTERN = 1000
#: Seconds one whole search (every segment of the action together) may take.
SEARCH_SECONDS = 5.0


@dataclass(frozen=True)
class Search:
    """A compiled search; ``replacement`` is the text (or template) that replaces each match."""

    pattern: str
    replacement: str
    compiled: regex.Pattern
    is_regex: bool

    def matches(self, text: str, deadline: float) -> list[tuple[int, int]]:
        """(start, end) of every non-empty match in ``text``; stops with a WorkbenchError past ``deadline``."""
        try:
            return [
                m.span()
                for m in self.compiled.finditer(text, timeout=max(deadline - time.monotonic(), 0.001))
                if m.end() > m.start()
            ]
        except TimeoutError:
            raise _too_slow(self.pattern) from None

    def replace(self, text: str, deadline: float) -> tuple[str, list[tuple[int, int]]]:
        """``text`` with every match replaced, and the (start, end) spans that were replaced."""
        spans: list[tuple[int, int]] = []

        def substitute(match: regex.Match) -> str:
            if match.end() == match.start():  # an empty match replaces nothing
                return match.group(0)
            spans.append(match.span())
            if not self.is_regex:
                return self.replacement
            try:
                return match.expand(self.replacement)
            except (regex.error, IndexError) as exc:
                raise WorkbenchError(f"the replacement {self.replacement!r} cannot be used: {exc}") from None

        try:
            new = self.compiled.sub(substitute, text, timeout=max(deadline - time.monotonic(), 0.001))
        except TimeoutError:
            raise _too_slow(self.pattern) from None
        return new, spans


def _too_slow(pattern: str) -> WorkbenchError:
    return WorkbenchError(
        f"the search {pattern!r} took longer than {SEARCH_SECONDS:g} seconds and was stopped; "
        "simplify the regular expression (nested repeats such as (a+)+ backtrack without end)"
    )


def compile_search(
    pattern: str, replacement: str = "", is_regex: bool = False, match_case: bool = False, whole_word: bool = False
) -> Search:
    """The search for ``pattern``; a bad regular expression is refused in one line."""
    if not pattern:
        raise WorkbenchError("give the text to find (the pattern is empty)")
    if len(pattern) > MAX_PATTERN:
        raise WorkbenchError(f"the pattern is {len(pattern):,} characters long; at most {MAX_PATTERN:,} are accepted")
    body = pattern if is_regex else regex.escape(pattern)
    if whole_word:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    flags = 0 if match_case else regex.IGNORECASE
    try:
        compiled = regex.compile(body, flags)
    except regex.error as exc:
        raise WorkbenchError(f"the regular expression {pattern!r} is not valid: {exc}") from None
    if is_regex:  # a replacement naming a group the pattern lacks: refused before anything changes
        for group in regex.findall(r"\\(\d+)|\\g<([^>]*)>", replacement):
            name = group[0] or group[1]
            known = name.isdigit() and int(name) <= compiled.groups or name in compiled.groupindex
            if not known:
                raise WorkbenchError(f"the replacement refers to group {name}, which the pattern does not have")
    return Search(pattern, replacement, compiled, is_regex)


def deadline() -> float:
    """The moment a search started now must end by."""
    return time.monotonic() + SEARCH_SECONDS

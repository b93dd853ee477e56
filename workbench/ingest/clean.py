"""Strip the web page around an article: site headers and footers, bylines, download prompts,
related-article teasers and URLs.

The rules are data (``workbench/data/clean_rules.toml``, extendable with a user file), not code
written for one site. Nothing is thrown away silently: every removed line is returned with the
rule that removed it, and a line can be restored by its number.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import InputError
from .normalize import normalize_line

_ACTIONS = ("line", "rest", "span")
_ZONES = ("anywhere", "head")


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    action: str = "line"
    zone: str = "anywhere"


@dataclass(frozen=True)
class CleaningRules:
    rules: tuple[Rule, ...]
    head_lines: int = 8
    teaser_end: re.Pattern | None = None
    teaser_title_max: int = 40


@dataclass(frozen=True)
class Line:
    """A line of the input after whitespace clean-up, with its 0-based number in the input."""

    number: int
    text: str


@dataclass(frozen=True)
class RemovedLine:
    number: int
    text: str
    rule: str


@dataclass
class CleanResult:
    kept: list[Line] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)


def _parse_rules(data: dict, origin: str) -> tuple[list[Rule], dict]:
    rules = []
    for i, raw in enumerate(data.get("rule", []), 1):
        where = f"{origin}: rule {i}"
        if "pattern" not in raw:
            raise InputError(f"{where} has no pattern")
        action = raw.get("action", "line")
        zone = raw.get("zone", "anywhere")
        if action not in _ACTIONS:
            raise InputError(f"{where}: action must be one of {', '.join(_ACTIONS)}, not {action!r}")
        if zone not in _ZONES:
            raise InputError(f"{where}: zone must be one of {', '.join(_ZONES)}, not {zone!r}")
        try:
            pattern = re.compile(raw["pattern"])
        except re.error as exc:
            raise InputError(f"{where}: bad regular expression ({exc})") from None
        rules.append(Rule(raw.get("name", f"rule {i}"), pattern, action, zone))
    return rules, data


def _load_toml(text: str, origin: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{origin}: not a valid rules file ({exc})") from None


def load_rules(extra: list[str | Path] | None = None) -> CleaningRules:
    """The built-in rules plus those in ``extra`` files and in $WORKBENCH_CLEAN_RULES."""
    builtin = resources.files("workbench.data").joinpath("clean_rules.toml").read_text("utf-8")
    rules, base = _parse_rules(_load_toml(builtin, "built-in rules"), "built-in rules")
    paths = list(extra or [])
    if os.environ.get("WORKBENCH_CLEAN_RULES"):
        paths.append(os.environ["WORKBENCH_CLEAN_RULES"])
    head_lines = base.get("head_lines", 8)
    teasers = dict(base.get("teasers", {}))
    for path in paths:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise InputError(f"{path}: cannot read rules file ({exc.strerror or exc})") from None
        more, data = _parse_rules(_load_toml(text, str(path)), str(path))
        rules.extend(more)
        head_lines = data.get("head_lines", head_lines)
        teasers.update(data.get("teasers", {}))
    end = teasers.get("snippet_end")
    return CleaningRules(
        tuple(rules),
        head_lines=head_lines,
        teaser_end=re.compile(end) if end else None,
        teaser_title_max=teasers.get("title_max_chars", 40),
    )


def clean_lines(text: str, rules: CleaningRules, restore: frozenset[int] | set[int] = frozenset()) -> CleanResult:
    """Apply ``rules`` to the lines of ``text``; line numbers in ``restore`` are always kept.

    Blank lines are dropped without being reported (they carry no text); paragraph breaks
    survive as separate kept lines.
    """
    result = CleanResult()
    lines = [Line(n, normalize_line(t)) for n, t in enumerate(text.splitlines())]
    nonblank = [line for line in lines if line.text]
    footer_rule: str | None = None
    for position, line in enumerate(nonblank):
        if footer_rule and line.number not in restore:
            result.removed.append(RemovedLine(line.number, line.text, footer_rule))
            continue
        text_now = line.text
        removed_by = None
        for rule in rules.rules:
            if rule.zone == "head" and position >= rules.head_lines:
                continue
            match = rule.pattern.search(text_now)
            if not match:
                continue
            if rule.action == "span":
                stripped = normalize_line(rule.pattern.sub("", text_now))
                if stripped != text_now and line.number not in restore:
                    result.removed.append(RemovedLine(line.number, match.group(0), rule.name))
                    text_now = stripped
                continue
            removed_by = rule.name
            if rule.action == "rest":
                footer_rule = f"page footer ({rule.name})"
            break
        if removed_by and line.number not in restore:
            result.removed.append(RemovedLine(line.number, line.text, removed_by))
        elif text_now:
            result.kept.append(Line(line.number, text_now if line.number not in restore else line.text))
    _drop_trailing_teasers(result, rules, restore)
    result.removed.sort(key=lambda r: r.number)
    return result


def _drop_trailing_teasers(result: CleanResult, rules: CleaningRules, restore) -> None:
    """Remove the run of (title, cut-off snippet) pairs at the end of the kept lines."""
    if rules.teaser_end is None:
        return
    kept = result.kept
    cut = len(kept)
    while cut >= 2:
        title, snippet = kept[cut - 2], kept[cut - 1]
        if not rules.teaser_end.search(snippet.text) or len(title.text) > rules.teaser_title_max:
            break
        if re.search(r"[。！？!?；;]$", title.text) or title.number in restore or snippet.number in restore:
            break
        cut -= 2
    if cut == len(kept) or cut == 0:
        return
    for line in kept[cut:]:
        result.removed.append(RemovedLine(line.number, line.text, "related-article teaser"))
    del kept[cut:]

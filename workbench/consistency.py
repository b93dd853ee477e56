"""Consistency QA across a document or a project, as Xbench and memoQ do it: pure functions over
translated segments, no database.

Three kinds of group:

- ``source``: the same source sentence translated differently. Sources are compared in the
  form the translation memory compares them (:func:`workbench.tm.normalise.normalise_source`:
  full/half width, Chinese punctuation, spaces and case folded), numbers included, so 2023年 and
  2024年 are different sentences. Targets are compared with their runs of white space made one.
- ``target``: the same translation (white space made one, case ignored) for different sources.
- ``term``: a glossary term (found with the glossary matcher) rendered differently across the
  segments it occurs in. A segment's rendering is the longest of the term's renderings (the
  preferred one, its variants and its forbidden ones) its target contains; a target with none of
  them is left to the per-segment glossary check, which flags it already.

Untranslated segments (empty target) take part in none of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from .glossary import TermMatcher, contains
from .tm.normalise import normalise_source

#: The kinds of group, in the order the report lists them, and what each means.
KINDS = {
    "source": "same source, different translations",
    "target": "same translation, different sources",
    "term": "glossary term rendered differently",
}

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Unit:
    """One translated segment as the checks see it."""

    segment: int
    document: int
    position: int
    source: str
    target: str


@dataclass(frozen=True)
class Entry:
    segment: int
    document: int
    position: int
    source: str
    target: str
    rendering: str = ""  # term groups: the rendering this target uses


@dataclass
class Group:
    kind: str  # one of KINDS
    key: str  # the shared source (as first seen), the shared target, or the term's Chinese form
    entries: list[Entry] = field(default_factory=list)
    term: str = ""  # term groups: the preferred rendering

    @property
    def variants(self) -> list[str]:
        """What differs inside the group: the translations (source groups), the sources (target
        groups) or the renderings (term groups), each once, in order of first use."""
        if self.kind == "source":
            values = [_target_key(e.target) for e in self.entries]
        elif self.kind == "target":
            values = [e.source for e in self.entries]
        else:
            values = [e.rendering for e in self.entries]
        return list(dict.fromkeys(values))

    def as_dict(self) -> dict:
        return dict(
            kind=self.kind,
            description=KINDS[self.kind],
            key=self.key,
            term=self.term,
            variants=self.variants,
            entries=[asdict(e) for e in self.entries],
        )


def _target_key(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _entry(unit: Unit, rendering: str = "") -> Entry:
    return Entry(unit.segment, unit.document, unit.position, unit.source, unit.target, rendering)


def _translated(units) -> list[Unit]:
    return sorted((u for u in units if u.target.strip()), key=lambda u: (u.document, u.position))


def same_source(units) -> list[Group]:
    """Groups of segments whose sources are the same (normalised) but whose translations differ."""
    by_source: dict[tuple, list[Unit]] = defaultdict(list)
    for unit in _translated(units):
        normalised = normalise_source(unit.source)
        if normalised.text:
            by_source[tuple(normalised)].append(unit)
    groups = []
    for members in by_source.values():
        if len({_target_key(u.target) for u in members}) > 1:
            groups.append(Group("source", members[0].source, [_entry(u) for u in members]))
    return groups


def same_target(units) -> list[Group]:
    """Groups of segments with the same translation (case and white space aside) for different
    (normalised) sources."""
    by_target: dict[str, list[Unit]] = defaultdict(list)
    for unit in _translated(units):
        by_target[_target_key(unit.target).casefold()].append(unit)
    groups = []
    for members in by_target.values():
        if len({tuple(normalise_source(u.source)) for u in members}) > 1:
            groups.append(Group("target", _target_key(members[0].target), [_entry(u) for u in members]))
    return groups


def rendering_of(term, target: str) -> str | None:
    """The rendering of ``term`` that ``target`` uses (the longest one it contains: preferred,
    variant or forbidden), or None when it uses none of them."""
    found = [r for r in (*term.accepted, *term.forbidden) if r and contains(target, r)]
    return max(found, key=len) if found else None


def term_renderings(units, matcher: TermMatcher | None) -> list[Group]:
    """Groups of segments in which one glossary term is rendered in different ways."""
    if matcher is None:
        return []
    by_term: dict[str, list[Entry]] = defaultdict(list)
    terms = {}
    for unit in _translated(units):
        for hit in {h.term.zh: h for h in matcher.find(unit.source)}.values():
            rendering = rendering_of(hit.term, unit.target)
            if rendering is not None:
                by_term[hit.term.zh].append(_entry(unit, rendering))
                terms[hit.term.zh] = hit.term
    groups = []
    for zh, entries in by_term.items():
        if len({e.rendering.casefold() for e in entries}) > 1:
            groups.append(Group("term", zh, entries, term=terms[zh].en))
    return groups


def check_consistency(units, matcher: TermMatcher | None = None) -> list[Group]:
    """Every consistency group of these segments: by kind (source, target, term), then by where
    the group first occurs."""
    units = list(units)
    groups = same_source(units) + same_target(units) + term_renderings(units, matcher)
    order = list(KINDS)
    return sorted(groups, key=lambda g: (order.index(g.kind), g.entries[0].document, g.entries[0].position))

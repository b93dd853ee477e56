"""A glossary term: one concept, its Chinese form and its English renderings."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from ..errors import InputError

#: Columns of a glossary table, in order. Multi-valued cells separate values with " | ".
COLUMNS = ("zh", "en", "variants", "forbidden", "note", "source", "domain")
REQUIRED = ("zh", "en")
SEPARATOR = "|"


@dataclass(frozen=True)
class Term:
    """zh: the Chinese term; en: the preferred English rendering (what MT must produce);
    variants: other accepted renderings; forbidden: renderings a reviewer must not accept;
    note: guidance for translators; source: where the rendering comes from; domain: subject."""

    zh: str
    en: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    domain: str = ""
    glossary: str = field(default="", compare=False)

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.en,) + tuple(v for v in self.variants if v != self.en)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["variants"], data["forbidden"] = list(self.variants), list(self.forbidden)
        return data


class GlossaryFileError(InputError):
    """Every problem of a glossary file, one per line, each with its line number."""

    def __init__(self, name: str, problems: list[str]):
        self.problems = problems
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
        super().__init__(f"{name}: {len(problems)} problem(s), nothing imported: {shown}")


def split_values(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (cell or "").split(SEPARATOR) if v.strip())


def join_values(values) -> str:
    return f" {SEPARATOR} ".join(values)


def glossary_version(terms: list[Term]) -> str:
    """A short hash of the terms' content: changes whenever a term or rendering changes."""
    payload = json.dumps([[t.zh, t.en, list(t.variants), list(t.forbidden)] for t in terms], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]

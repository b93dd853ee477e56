"""Use-cases for a project's glossaries: import, export, list, edit, match, check.

A project has several glossaries, each with a priority (lower wins): when two glossaries have
the same Chinese term, the one with the lower priority number gives the rendering. New
projects start with the bundled governance glossary at priority 100; imported glossaries
default to 10. An import replaces the glossary of the same name in one transaction, after the
whole file has been validated, so a malformed file changes nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, or_, select

from ..errors import WorkbenchError
from ..glossary import Term, TermMatcher, check_segment, glossary_version, term_accuracy, write_glossary
from ..store import Document, GlossaryEntry, Segment, Store, Translation
from . import teams
from .projects import DEFAULT_PROJECT, entry_from_term, get_project
from .reading import read_glossary

USER_PRIORITY = 10


def _term(entry: GlossaryEntry) -> Term:
    return Term(
        entry.zh,
        entry.en,
        tuple(entry.variants or ()),
        tuple(entry.forbidden or ()),
        entry.note or "",
        entry.source or "",
        entry.domain or "",
        entry.glossary,
    )


def project_terms(store: Store, project: str = DEFAULT_PROJECT, glossary: str | None = None) -> list[Term]:
    """The project's terms, highest priority first (the order the matcher resolves duplicates in)."""
    with store.session() as session:
        p = get_project(session, project)
        query = select(GlossaryEntry).where(GlossaryEntry.project_id == p.id)
        if glossary is not None:
            query = query.where(GlossaryEntry.glossary == glossary)
        entries = session.scalars(query.order_by(GlossaryEntry.priority, GlossaryEntry.glossary, GlossaryEntry.zh))
        return [_term(e) for e in entries]


def project_glossary_version(store: Store, project: str = DEFAULT_PROJECT) -> str:
    return glossary_version(project_terms(store, project))


def term_from_fields(
    zh: str, en: str, variants: str = "", forbidden: str = "", note: str = "", source: str = "", domain: str = ""
) -> Term:
    """A term from a form's fields: variants and forbidden renderings as ``;``-separated lists."""
    from ..glossary.model import split_values

    return Term(
        (zh or "").strip(),
        (en or "").strip(),
        split_values(variants),
        split_values(forbidden),
        (note or "").strip(),
        (source or "").strip(),
        (domain or "").strip(),
    )


_MATCHERS: dict[tuple[str, str], tuple[str, TermMatcher]] = {}


def glossary_matcher(store: Store, project: str = DEFAULT_PROJECT) -> TermMatcher:
    """The project's glossary matcher, built again only when the glossary changed (its version is
    a hash of the terms, so a change made by another process or server is seen too)."""
    terms = project_terms(store, project)
    version = glossary_version(terms)
    cached = _MATCHERS.get((store.url, project))
    if cached is None or cached[0] != version:
        cached = _MATCHERS[(store.url, project)] = (version, TermMatcher(terms))
    return cached[1]


def list_glossaries(store: Store, project: str = DEFAULT_PROJECT) -> list[dict]:
    with store.session() as session:
        p = get_project(session, project)
        rows = session.execute(
            select(GlossaryEntry.glossary, GlossaryEntry.priority, func.count(GlossaryEntry.id))
            .where(GlossaryEntry.project_id == p.id)
            .group_by(GlossaryEntry.glossary, GlossaryEntry.priority)
            .order_by(GlossaryEntry.priority, GlossaryEntry.glossary)
        ).all()
        return [dict(name=r[0], priority=r[1], terms=r[2]) for r in rows]


@dataclass(frozen=True)
class GlossaryImport:
    """What :func:`import_glossary` did: the glossary (``name``, ``priority``), its terms now, and
    how many terms it held before (replaced)."""

    name: str
    terms: int
    replaced: int
    priority: int

    def as_dict(self) -> dict:
        return asdict(self)


def import_glossary(
    store: Store, path: str | Path, name: str | None = None, priority: int | None = None, project: str = DEFAULT_PROJECT
) -> GlossaryImport:
    """Validate the whole file, then replace the glossary ``name`` (default: the file's stem)."""
    name = name or Path(path).stem
    terms = read_glossary(path, name)  # raises with every problem and its line before anything changes
    with store.session() as session:
        teams.audited(session, "glossary", f"glossary {name}: imported from {Path(path).name}")
        p = get_project(session, project)
        old = session.scalar(
            select(GlossaryEntry.priority)
            .where(GlossaryEntry.project_id == p.id, GlossaryEntry.glossary == name)
            .limit(1)
        )
        replaced = session.execute(
            delete(GlossaryEntry).where(GlossaryEntry.project_id == p.id, GlossaryEntry.glossary == name)
        ).rowcount  # type: ignore[attr-defined]
        priority = priority if priority is not None else (old if old is not None else USER_PRIORITY)
        for term in terms:
            session.add(entry_from_term(p.id, term, name, priority))
    return GlossaryImport(name=name, terms=len(terms), replaced=replaced, priority=priority)


def export_glossary(
    store: Store,
    path: str | Path,
    glossary: str | None = None,
    project: str = DEFAULT_PROJECT,
    tbx_version: str = "2019",
) -> int:
    """Write the project's terms (or one glossary's) as TSV, CSV, TBX (v3, or 2008 with
    ``tbx_version="2008"``) or OmegaT's .txt glossary, by the file's extension."""
    teams.audited_store(store, "export", f"glossary to {Path(path).name}")
    terms = project_terms(store, project, glossary)
    if not terms:
        raise WorkbenchError(f"no terms to export{f' in glossary {glossary!r}' if glossary else ''}")
    unique = _by_priority(terms)  # a term in two glossaries is written once, from the one that wins
    write_glossary(unique, path, tbx_version=tbx_version)
    return len(unique)


def _by_priority(terms: list[Term]) -> list[Term]:
    seen, out = set(), []
    for t in terms:
        if t.zh not in seen:
            seen.add(t.zh)
            out.append(t)
    return out


def search_terms(store: Store, query: str = "", project: str = DEFAULT_PROJECT, limit: int = 200) -> list[dict]:
    """Terms whose Chinese, English, variants or note contain ``query`` (all terms if empty)."""
    with store.session() as session:
        p = get_project(session, project)
        q = select(GlossaryEntry).where(GlossaryEntry.project_id == p.id)
        if query.strip():
            like = f"%{query.strip()}%"
            q = q.where(
                or_(
                    GlossaryEntry.zh.like(like),
                    GlossaryEntry.en.like(like),
                    GlossaryEntry.note.like(like),
                    func.cast(GlossaryEntry.variants, type_=GlossaryEntry.note.type).like(like),
                )
            )
        entries = session.scalars(q.order_by(GlossaryEntry.priority, GlossaryEntry.zh).limit(limit))
        return [dict(id=e.id, **_term(e).as_dict(), priority=e.priority) for e in entries]


def save_term(
    store: Store, term: Term, glossary: str = "project", entry_id: int | None = None, project: str = DEFAULT_PROJECT
) -> int:
    """Add a term (``entry_id`` None) or change one; the Chinese form must be unique in its glossary."""
    if not term.zh.strip() or not term.en.strip():
        raise WorkbenchError("a term needs both the Chinese term and its preferred English rendering")
    clash = {v.lower() for v in term.accepted} & {f.lower() for f in term.forbidden}
    if clash:
        raise WorkbenchError(f"“{sorted(clash)[0]}” cannot be both accepted and forbidden")
    with store.session() as session:
        teams.audited(session, "glossary", f"glossary {glossary}: term {term.zh.strip()} = {term.en.strip()}")
        p = get_project(session, project)
        if entry_id is None:
            exists = session.scalar(
                select(GlossaryEntry.id).where(
                    GlossaryEntry.project_id == p.id,
                    GlossaryEntry.glossary == glossary,
                    GlossaryEntry.zh == term.zh.strip(),
                )
            )
            if exists:
                raise WorkbenchError(f"{term.zh} is already in glossary {glossary!r}; edit that entry instead")
            priority = session.scalar(
                select(GlossaryEntry.priority)
                .where(GlossaryEntry.project_id == p.id, GlossaryEntry.glossary == glossary)
                .limit(1)
            )
            entry = entry_from_term(p.id, term, glossary, USER_PRIORITY if priority is None else priority)
            session.add(entry)
            session.flush()
            return entry.id
        found = session.get(GlossaryEntry, entry_id)
        if found is None or found.project_id != p.id:
            raise WorkbenchError(f"no glossary entry {entry_id}")
        entry = found
        entry.zh, entry.en = term.zh.strip(), term.en.strip()
        entry.variants, entry.forbidden = list(term.variants), list(term.forbidden)
        entry.note, entry.source, entry.domain = term.note, term.source, term.domain
        return entry.id


def delete_term(store: Store, entry_id: int, project: str = DEFAULT_PROJECT) -> None:
    with store.session() as session:
        teams.audited(session, "glossary", f"glossary entry {entry_id} deleted")
        p = get_project(session, project)
        entry = session.get(GlossaryEntry, entry_id)
        if entry is None or entry.project_id != p.id:
            raise WorkbenchError(f"no glossary entry {entry_id}")
        session.delete(entry)


def match_lines(terms: list[Term], lines: list[str]) -> list[dict]:
    """One dict per hit: line (0-based), start, end, text, term, preferred, variants, forbidden, note."""
    matcher = TermMatcher(terms)
    return [
        dict(
            line=n,
            start=h.start,
            end=h.end,
            text=h.text,
            term=h.term.zh,
            preferred=h.term.en,
            variants=list(h.term.variants),
            forbidden=list(h.term.forbidden),
            note=h.term.note,
        )
        for n, line in enumerate(lines)
        for h in matcher.find(line)
    ]


@dataclass
class GlossaryReport:
    segments: int = 0  # translated segments checked
    occurrences: int = 0  # term occurrences in them
    correct: int = 0
    term_accuracy: float | None = None
    issues: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def check_project(store: Store, project: str = DEFAULT_PROJECT, document_id: int | None = None) -> GlossaryReport:
    """Glossary compliance of every translated segment, and the project's term accuracy."""
    matcher = TermMatcher(project_terms(store, project))
    report = GlossaryReport()
    checks = []
    with store.session() as session:
        p = get_project(session, project)
        query = (
            select(Segment.id, Segment.position, Segment.document_id, Segment.source, Translation.target)
            .join(Translation, Translation.segment_id == Segment.id)
            .join(Document, Document.id == Segment.document_id)
            .where(Document.project_id == p.id, Document.role == "source", Translation.target != "")
            .order_by(Segment.document_id, Segment.position)
        )
        if document_id is not None:
            query = query.where(Segment.document_id == document_id)
        rows = session.execute(query).all()
    for segment_id, position, doc_id, source, target in rows:
        check = check_segment(matcher, source, target)
        checks.append(check)
        report.segments += 1
        for issue in check.issues:
            report.issues.append(
                dict(
                    segment=segment_id,
                    document=doc_id,
                    position=position,
                    term=issue.hit.term.zh,
                    problem=issue.problem,
                    expected=issue.hit.term.en,
                    found=issue.rendering,
                    message=issue.message(),
                    target=target,
                )
            )
    report.occurrences = sum(len(c.hits) for c in checks)
    report.correct = sum(c.correct for c in checks)
    report.term_accuracy = term_accuracy(checks)
    return report

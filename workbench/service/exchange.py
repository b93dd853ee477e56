"""Bilingual files out of and back into the project.

Export: every segment with its current target, status, latest assessment (score, comment, MQM
errors) and the revision it was exported at; filters: all, approved only, one document. TMX is
a translation memory: only reviewed and approved segments, MT drafts (translated) with
``include_mt``, never new or rejected ones.

OmegaT: ``export_project(..., fmt="omegat")`` writes a ready OmegaT project (folder or .zip, see
:mod:`workbench.formats.omegat`), and the project's ``omegat/project_save.tmx`` merges back
with the segments mapped through the export's manifest.

Merge: a reviewed XLSX/CSV/TSV/XLIFF/TMX/JSONL comes back. A row goes only to a segment with its
source text (:mod:`.merge_match`: the id, then the neighbouring rows, pick among repeated sources);
an empty target, or a copy of the source, changes nothing. Inline codes come as placeholders
(:mod:`workbench.placeholders`). A changed target or status is a new revision by the named
reviewer; a new score, note or set of MQM errors (XLIFF 2.0 ITS annotations, the XLSX/CSV
``errors`` column, JSONL ``errors``) is an assessment by them. A row whose
segment changed in the project after the export (its revision moved on) is a conflict and is
left alone. The whole file is read and checked before anything is written, and all changes
are written in one transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import groupby
from pathlib import Path

from sqlalchemy import select

from .. import formats
from ..errors import InputError, WorkbenchError
from ..formats import BilingualRow
from ..formats.issues import same_errors
from ..formats.output import output_file
from ..formats.safety import xml_text
from ..placeholders import code_problems, strip_codes
from ..store import Assessment, Document, Segment, Store, Translation
from . import teams
from .merge_match import AMBIGUOUS, SegmentIndex
from .projects import DEFAULT_PROJECT, get_project
from .reading import read_merge_file
from .review import add_assessment, apply_edit, check_errors, check_incoming


def export_rows(
    store: Store, project: str = DEFAULT_PROJECT, document_id: int | None = None, approved_only: bool = False
) -> list[BilingualRow]:
    with store.session() as session:
        p = get_project(session, project)
        query = (
            select(Segment, Translation, Document.name)
            .join(Document, Document.id == Segment.document_id)
            .outerjoin(Translation, Translation.segment_id == Segment.id)
            .where(Document.project_id == p.id, Document.role == "source")
            .order_by(Segment.document_id, Segment.position)
        )
        if document_id is not None:
            query = query.where(Segment.document_id == document_id)
        if approved_only:
            query = query.where(Translation.status == "approved")
        rows = []
        results = session.execute(query).all()
        latest: dict[int, Assessment] = {}
        ids = [s.id for s, _, _ in results]
        for i in range(0, len(ids), 500):
            for a in session.scalars(
                select(Assessment).where(Assessment.segment_id.in_(ids[i : i + 500])).order_by(Assessment.id)
            ):
                latest[a.segment_id] = a
        for segment, translation, doc_name in results:
            last = latest.get(segment.id)
            rows.append(
                BilingualRow(
                    id=segment.id,
                    source=segment.source,
                    target=translation.target if translation else "",
                    mt=(translation.mt_text or "") if translation else "",
                    status=translation.status if translation else "new",
                    score=last.score if last else None,
                    notes=last.comment if last else "",
                    errors=[
                        dict(category=e.category, severity=e.severity, start=e.start, end=e.end, note=e.note)
                        for e in last.errors
                    ]
                    if last
                    else [],
                    revision=translation.revision if translation else 0,
                    document=doc_name,
                    position=segment.position,
                    paragraph=segment.paragraph,
                    kind=segment.kind,
                    reviewer=(translation.updated_by if translation else "") or "",
                )
            )
        return rows


def export_project(
    store: Store,
    path: str | Path,
    fmt: str,
    project: str = DEFAULT_PROJECT,
    document_id: int | None = None,
    approved_only: bool = False,
    include_untranslated: bool = True,
    xliff_fill_target: str = "empty",
    strict: bool = False,
    include_mt: bool = False,
) -> int:
    """Write the project (or one document) as ``fmt``; returns the number of units written.
    ``strict``: XLIFF 1.2 without the workbench's extension attributes (see formats.xliff.write).
    ``include_mt``: TMX also takes the MT drafts (status translated); by default it has only
    reviewed and approved segments."""
    if include_mt and fmt != "tmx":
        raise WorkbenchError("--include mt is for TMX only (--format tmx); the other formats have every segment")
    teams.authorize_store(store, "export")
    rows = export_rows(store, project, document_id, approved_only)
    if not rows:
        raise WorkbenchError("nothing to export" + (" (no approved segments)" if approved_only else ""))
    if fmt == "tmx" and not [
        r for r in formats.tmx.exchange_rows(rows, include_mt) if r.target or include_untranslated
    ]:
        raise WorkbenchError(
            "nothing to export: a TMX holds reviewed and approved segments"
            + (" and MT drafts" if include_mt else " (add the MT drafts with --include mt)")
            + ", and there are none"
        )
    if fmt == "omegat":
        return export_omegat(store, path, project, rows=rows).segments
    _audit_export(store, f"{len(rows)} segments as {fmt} to {Path(path).name}", document_id)
    title = ""
    if document_id is not None:
        with store.session() as session:
            doc = session.get(Document, document_id)
            title = doc.title if doc else ""
    with output_file(path) as partial:
        return formats.write(
            rows,
            partial,
            fmt,
            include_untranslated=include_untranslated,
            title=title,
            xliff_fill_target=xliff_fill_target,
            strict=strict,
            include_mt=include_mt,
        )


@dataclass(frozen=True)
class OmegaTExport:
    """What :func:`export_omegat` wrote (see :func:`workbench.formats.omegat.write_project`): the
    project's folder or zip, its documents and segments, the reviewed translations in ``tm/auto``
    (``reviewed``), the other translations in ``tm`` (``mt``) and the glossary terms."""

    path: str
    documents: int
    segments: int
    reviewed: int
    mt: int
    terms: int

    def as_dict(self) -> dict:
        return asdict(self)


def export_omegat(
    store: Store,
    path: str | Path,
    project: str = DEFAULT_PROJECT,
    document_id: int | None = None,
    rows: list[BilingualRow] | None = None,
) -> OmegaTExport:
    """A ready OmegaT project with the project's documents (or one), translations and glossary;
    returns what was written (:class:`OmegaTExport`)."""
    from ..glossary import omegat_text
    from .glossaries import _by_priority, project_terms

    teams.authorize_store(store, "export")
    rows = export_rows(store, project, document_id) if rows is None else rows
    if not rows:
        raise WorkbenchError("nothing to export")
    _audit_export(store, f"{len(rows)} segments as an OmegaT project to {Path(path).name}", document_id)
    terms = _by_priority(project_terms(store, project))
    written = formats.omegat.write_project(rows, omegat_text(terms) if terms else "", path, terms=len(terms))
    return OmegaTExport(**written)


def _audit_export(store: Store, what: str, document_id: int | None) -> None:
    if teams.accounts_on(store):
        where = f"document {document_id}: " if document_id is not None else ""
        teams.record_store(store, "export", where + what)


@dataclass
class MergeReport:
    """What a merge did (or, with ``dry_run``, would do): counts of segments updated and
    unchanged, and the units it could not apply: ``conflicts`` (the segment changed since the
    export), ``unmatched`` (no segment has the unit's source), ``ambiguous`` (the source is in the
    project more than once and neither the unit's id nor its neighbours in the file name one of them);
    ``codes`` lists applied units whose target's inline codes are not those of the file's source (the
    QA check ``codes`` flags them in the project too); ``assigned`` lists units not applied because
    their segment is assigned to other people (a team's project). ``merge_id`` is the change step that
    ``workbench merge --undo`` takes back (None when nothing was written)."""

    rows: int = 0
    updated: int = 0  # segments with a new revision
    assessed: int = 0  # new scores or notes
    unchanged: int = 0
    conflicts: list[dict] = field(default_factory=list)
    unmatched: list[dict] = field(default_factory=list)
    ambiguous: list[dict] = field(default_factory=list)
    codes: list[dict] = field(default_factory=list)  # applied units whose target's inline codes are not its source's
    assigned: list[dict] = field(default_factory=list)  # units for segments assigned to other people: not applied
    dry_run: bool = False
    merge_id: int | None = None

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def merge_file(
    store: Store,
    path: str | Path,
    reviewer: str,
    project: str = DEFAULT_PROJECT,
    *,
    dry_run: bool = False,
    allow_empty: bool = False,
) -> MergeReport:
    """Merge a reviewed file back into the project, in one transaction recorded as one change step.

    A unit goes only to a segment with its source (:mod:`.merge_match`); an empty or missing target
    changes nothing unless ``allow_empty``; a stale revision is a conflict. With ``dry_run`` the
    report says what would happen and nothing is written."""
    from .assignments import assigned_elsewhere
    from .steps import start_step

    account = teams.authorize_store(store, "merge")
    if account is not None:  # with accounts the acting account is the reviewer
        reviewer = account
    if not reviewer.strip():
        raise WorkbenchError("name the reviewer whose work this is (--reviewer)")
    # read and checked once; raises on a malformed file before anything changes (untouched: units an
    # OmegaT project left as they were exported)
    read_rows, untouched = read_merge_file(path)
    report = MergeReport(rows=len(read_rows) + untouched, unchanged=untouched, dry_run=dry_run)
    with store.session() as session:
        p = get_project(session, project)
        ordered = session.scalars(
            select(Segment)
            .join(Document)
            .where(Document.project_id == p.id, Document.role == "source")
            .order_by(Segment.document_id, Segment.position)
        ).all()
        segments = {s.id: s for s in ordered}
        index = SegmentIndex(
            documents=[[(s.id, s.source) for s in group] for _, group in groupby(ordered, key=lambda s: s.document_id)]
        )
        step: int | None = None

        def merge_step() -> int | None:
            nonlocal step
            if step is None and not dry_run:
                step = start_step(session, p.id, "merge", reviewer, f"merge of {Path(path).name}", {"file": str(path)})
            return step

        for n, row in enumerate(read_rows):
            # control characters (ESC, NUL...) never come in, as at import; XML and XLSX exports drop them too
            row.target = xml_text(row.target or "")
            row.notes = xml_text(row.notes) if row.notes else row.notes
            check_incoming(row, path)  # a translation over the length limit, a score out of range: the file and unit
            match = index.match(
                row.id,
                row.source,
                before=read_rows[n - 1].source if n else None,
                after=read_rows[n + 1].source if n + 1 < len(read_rows) else None,
            )
            if match.outcome == AMBIGUOUS:
                report.ambiguous.append(
                    dict(line=row.line, id=row.id, source=row.source, segments=list(match.candidates))
                )
                continue
            if match.segment is None:
                report.unmatched.append(dict(line=row.line, id=row.id, source=row.source))
                continue
            segment = segments[match.segment]
            translation = segment.translation
            current_target = translation.target if translation else ""
            current_status = translation.status if translation else "new"
            current_revision = translation.revision if translation else 0
            status = row.status if row.status in ("new", "translated", "reviewed", "approved", "rejected") else None
            if status is None and row.target and current_status == "new":
                status = "translated"  # a first translation from a file that says no status
            if status == "translated" and row.target == current_target and current_status in ("reviewed", "approved"):
                # "translated" (any CAT tool's word for "has a translation") never demotes reviewed work
                status = None
            # a copy of the source (a CAT tool's "copy source to target") is no translation, and no erase
            copy = bool(row.target.strip()) and strip_codes(row.target).strip() == strip_codes(row.source).strip()
            codes_wrong = code_problems(row.source, row.target)
            erase = not row.target and bool(current_target)
            if copy or (erase and not allow_empty):  # an empty or missing target is no change, never an erase
                wants_change = False
            else:
                # the same text without the characters an export drops is no edit
                same_text = row.target == current_target or row.target == xml_text(current_target)
                wants_change = not same_text or (status is not None and status != current_status)
            # a stale revision is a conflict, unless the project has no translation there to lose (a fresh project)
            if wants_change and row.revision is not None and row.revision != current_revision and current_target:
                report.conflicts.append(
                    dict(
                        line=row.line,
                        segment=segment.id,
                        file_target=row.target,
                        project_target=current_target,
                        project_revision=current_revision,
                    )
                )
                continue
            people = assigned_elsewhere(session, segment.id, account) if wants_change else []
            if people:  # assigned work is its translator's and reviewer's
                report.assigned.append(dict(line=row.line, segment=segment.id, assigned_to=people))
                continue
            if wants_change and codes_wrong:
                report.codes.append(dict(line=row.line, segment=segment.id, problems=codes_wrong))
            if wants_change:
                if not dry_run:
                    apply_edit(
                        session, segment.id, row.target, status, reviewer, None, origin="merge", step_id=merge_step()
                    )
                report.updated += 1
            else:
                report.unchanged += 1
            last = session.scalar(
                select(Assessment).where(Assessment.segment_id == segment.id).order_by(Assessment.id.desc()).limit(1)
            )
            last_errors = [
                dict(category=e.category, severity=e.severity, start=e.start, end=e.end, note=e.note)
                for e in (last.errors if last else [])
            ]
            errors = None
            if row.errors:  # spans of the file's target, which is the segment's now (or the same text)
                try:
                    errors = check_errors(row.errors, row.target if wants_change else current_target)
                except WorkbenchError as exc:
                    unit = f" (segment {row.id})" if row.id is not None else ""
                    raise InputError(f"{path}, line {row.line}{unit}: {exc}") from None
            # no errors in the file (an empty cell) is no change, as an empty target is
            new_errors = errors is not None and not same_errors(errors, last_errors)
            new_score = row.score is not None and (last is None or last.score != row.score)
            new_note = bool(row.notes) and (last is None or (last.comment or "") != row.notes)
            if new_score or new_note or new_errors:
                if not new_errors:  # the errors stay those of the latest assessment while they fit the text
                    errors = None if wants_change else last_errors
                if not dry_run:
                    add_assessment(
                        session,
                        segment.id,
                        reviewer,
                        row.score if row.score is not None else (last.score if last else None),
                        row.notes if row.notes is not None else (last.comment if last else ""),
                        errors,
                        step_id=merge_step(),
                    )
                report.assessed += 1
        if dry_run:
            session.rollback()
        elif account is not None:
            teams.record(
                session, "merge", f"{Path(path).name}: {report.updated} segments updated, {report.assessed} assessments"
            )
        report.merge_id = step
    return report

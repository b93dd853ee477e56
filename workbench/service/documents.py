"""Documents: import (no duplicates, edits keep translations), list, page through segments,
restore lines the cleaner removed, segment again."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path

from sqlalchemy import delete, func, insert, literal, select, update

from ..config import max_segment_chars
from ..errors import WorkbenchError
from ..ingest import CleaningRules, Prepared, SegmentDraft, SourceText, load_rules, prepare_text, read_source
from ..segment import SegmentOptions
from ..store import Bead, Document, Segment, Store, Translation, text_hash, utcnow
from . import teams
from .projects import DEFAULT_PROJECT, get_project


@dataclass
class ImportResult:
    document_id: int
    title: str
    status: str  # created | unchanged | updated
    segments: int
    kept: int = 0  # segments (with their translations) carried over from the previous version
    added: int = 0
    dropped: int = 0
    removed_lines: list[dict] = field(default_factory=list)
    encoding: str = ""
    #: beads of an alignment removed because the sentences changed (how many, how many confirmed)
    beads_removed: int = 0
    confirmed_removed: int = 0
    #: sentences over the hard segment limit ($WORKBENCH_MAX_SEGMENT_CHARS), each cut into several segments
    oversized: int = 0

    def as_dict(self) -> dict:
        return asdict(self)

    def oversized_note(self) -> str:
        """One line on the sentences cut to the hard segment limit ("" when there were none)."""
        if not self.oversized:
            return ""
        limit = max_segment_chars()
        many = "sentence" if self.oversized == 1 else "sentences"
        return (
            f"{self.oversized} {many} longer than {limit:,} characters split into segments of at most {limit:,} "
            f"($WORKBENCH_MAX_SEGMENT_CHARS)"
        )


def segment_options(settings: dict | None) -> SegmentOptions:
    values = (settings or {}).get("segment", {})
    return SegmentOptions(**{k: v for k, v in values.items() if k in SegmentOptions.__dataclass_fields__})


def import_document(
    store: Store,
    source: SourceText | str | Path,
    project: str = DEFAULT_PROJECT,
    title: str | None = None,
    lang: str = "zh",
    role: str = "source",
    rules: CleaningRules | None = None,
) -> ImportResult:
    """Import a report (or reference translation) into the project.

    The same content imported again returns the existing document (no duplicate). A file with
    the name of an existing document but new content replaces its segments; segments whose
    text is unchanged keep their translations, revisions and assessments.
    """
    if not isinstance(source, SourceText):
        source = read_source(source)
    digest = text_hash(source.text)
    with store.session() as session:
        teams.audited(session, "import", f"document {source.name}")
        p = get_project(session, project)
        existing = session.scalar(
            select(Document).where(Document.project_id == p.id, Document.content_hash == digest, Document.role == role)
        )
        if existing is not None:
            count = session.scalar(select(func.count(Segment.id)).where(Segment.document_id == existing.id)) or 0
            return ImportResult(
                existing.id,
                existing.title,
                "unchanged",
                count,
                kept=count,
                removed_lines=existing.removed_lines,
                encoding=existing.encoding,
            )
        prepared = prepare_text(source.text, lang, rules or load_rules(), options=segment_options(p.settings))
        if not prepared.segments:
            raise WorkbenchError(f"{source.name}: no text is left after cleaning; nothing to import")
        removed = [asdict(r) for r in prepared.removed]
        doc = session.scalar(
            select(Document).where(Document.project_id == p.id, Document.name == source.name, Document.role == role)
        )
        status = "updated" if doc else "created"
        if doc is None:
            doc = Document(project_id=p.id, name=source.name, role=role, restored_lines=[])
            session.add(doc)
        doc.title = title or _title_of(prepared, source.name)
        doc.lang, doc.encoding, doc.content_hash, doc.raw_text = lang, source.encoding, digest, source.text
        doc.removed_lines = removed
        session.flush()
        kept, added, dropped = _apply_segments(session, doc, prepared.segments)
        beads, confirmed = _drop_alignment(session, doc.id) if added or dropped else (0, 0)
        return ImportResult(
            doc.id,
            doc.title,
            status,
            len(prepared.segments),
            kept,
            added,
            dropped,
            removed,
            source.encoding,
            beads,
            confirmed,
            prepared.oversized,
        )


def _drop_alignment(session, document_id: int) -> tuple[int, int]:
    """The document's sentences changed: its alignment beads (sentence positions) would pair the
    wrong sentences, confirmed ones included, and feed them to the translation memory. Remove
    them, and the memory units they gave; returns (beads, confirmed beads) removed."""
    from . import tm

    beads = session.execute(select(Bead.confirmed).where(Bead.source_document_id == document_id)).scalars().all()
    if not beads:
        return 0, 0
    session.execute(delete(Bead).where(Bead.source_document_id == document_id))
    tm.record_alignment(session, document_id)
    return len(beads), sum(1 for confirmed in beads if confirmed)


def _title_of(prepared: Prepared, fallback: str) -> str:
    titles = [p.text for p in prepared.paragraphs if p.kind == "title"]
    return " ".join(titles)[:500] if titles else Path(fallback).stem


#: Segments written per statement: a long report is stored in batches, never as one object per row in memory.
BATCH = 2000


def _apply_segments(session, doc: Document, drafts: list[SegmentDraft]) -> tuple[int, int, int]:
    """Make the document's segments equal to ``drafts``, keeping rows whose text is unchanged.

    Old and new segment texts are matched in order (difflib); a matched old segment keeps its
    id, translation and history and only takes the new position, paragraph and kind.

    Rows are written with bulk statements in batches of :data:`BATCH` (no ORM object per
    segment): a 400,000-segment report used to hold every segment and its translation as
    objects in the session, several gigabytes.
    """
    old = session.execute(
        select(Segment.id, Segment.source).where(Segment.document_id == doc.id).order_by(Segment.position)
    ).all()
    reuse: dict[int, int] = {}  # draft index -> id of the old segment it keeps
    if old:
        matcher = difflib.SequenceMatcher(a=[source for _, source in old], b=[d.text for d in drafts], autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                reuse[block.b + k] = old[block.a + k][0]
    kept_ids = set(reuse.values())
    dropped = [segment_id for segment_id, _ in old if segment_id not in kept_ids]
    for i in range(0, len(dropped), BATCH):  # translations, revisions and assessments go by ON DELETE CASCADE
        session.execute(delete(Segment).where(Segment.id.in_(dropped[i : i + BATCH])))
    moved = [
        dict(id=reuse[i], position=d.position, paragraph=d.paragraph, kind=d.kind)
        for i, d in enumerate(drafts)
        if i in reuse
    ]
    for i in range(0, len(moved), BATCH):
        session.execute(update(Segment), moved[i : i + BATCH])
    new_rows = (
        dict(document_id=doc.id, source=d.text, position=d.position, paragraph=d.paragraph, kind=d.kind)
        for i, d in enumerate(drafts)
        if i not in reuse
    )
    while batch := list(islice(new_rows, BATCH)):
        session.execute(insert(Segment), batch)
    _add_missing_translations(session, doc.id)
    return len(reuse), len(drafts) - len(reuse), len(dropped)


def _add_missing_translations(session, document_id: int) -> None:
    """Give every segment of the document without one an empty translation, in one INSERT ... SELECT."""
    missing = (
        select(Segment.id, literal("new"), literal(""), literal(0), literal(""), literal(utcnow()))
        .outerjoin(Translation, Translation.segment_id == Segment.id)
        .where(Segment.document_id == document_id, Translation.id.is_(None))
    )
    session.execute(
        insert(Translation).from_select(
            ["segment_id", "status", "target", "revision", "updated_by", "updated_at"], missing
        )
    )


def list_documents(store: Store, project: str = DEFAULT_PROJECT) -> list[dict]:
    with store.session() as session:
        teams.authorize(session, "read")
        p = get_project(session, project)
        rows = session.execute(
            select(
                Document.id,
                Document.name,
                Document.title,
                Document.lang,
                Document.role,
                Document.encoding,
                func.count(Segment.id),
            )
            .outerjoin(Segment, Segment.document_id == Document.id)
            .where(Document.project_id == p.id)
            .group_by(Document.id)
            .order_by(Document.id)
        ).all()
        return [dict(id=r[0], name=r[1], title=r[2], lang=r[3], role=r[4], encoding=r[5], segments=r[6]) for r in rows]


def _document(session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise WorkbenchError(f"no document with id {document_id}")
    return doc


def segment_rows(store: Store, document_id: int, offset: int = 0, limit: int | None = None) -> list[dict]:
    """Segments of a document in order, with their current translation, one page at a time."""
    with store.session() as session:
        _document(session, document_id)
        query = (
            select(Segment, Translation)
            .outerjoin(Translation, Translation.segment_id == Segment.id)
            .where(Segment.document_id == document_id)
            .order_by(Segment.position)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        return [
            dict(
                id=s.id,
                position=s.position,
                paragraph=s.paragraph,
                kind=s.kind,
                source=s.source,
                target=t.target if t else "",
                mt=t.mt_text if t else None,
                status=t.status if t else "new",
                revision=t.revision if t else 0,
            )
            for s, t in session.execute(query)
        ]


def removed_lines(store: Store, document_id: int) -> list[dict]:
    """Lines the cleaner removed, each with its input line number and the rule that removed it."""
    with store.session() as session:
        return list(_document(session, document_id).removed_lines)


def restore_lines(
    store: Store, document_id: int, line_numbers: list[int], rules: CleaningRules | None = None
) -> ImportResult:
    """Bring back lines the cleaner removed by mistake and segment the document again."""
    with store.session() as session:
        teams.audited(session, "import", f"document {document_id}: lines {sorted(line_numbers)} restored")
        doc = _document(session, document_id)
        restored = sorted(set(doc.restored_lines or []) | {int(n) for n in line_numbers})
        return _resegment(session, doc, rules, restored)


def resegment(
    store: Store, document_id: int, options: SegmentOptions | None = None, rules: CleaningRules | None = None
) -> ImportResult:
    """Cut the document again (after a change of segmentation options or cleaning rules)."""
    with store.session() as session:
        teams.audited(session, "import", f"document {document_id}: segmented again")
        doc = _document(session, document_id)
        if options is not None:
            doc.project.settings = {**(doc.project.settings or {}), "segment": asdict(options)}
        return _resegment(session, doc, rules, list(doc.restored_lines or []))


def _resegment(session, doc: Document, rules: CleaningRules | None, restored: list[int]) -> ImportResult:
    prepared = prepare_text(
        doc.raw_text, doc.lang, rules or load_rules(), frozenset(restored), segment_options(doc.project.settings)
    )
    doc.restored_lines = restored
    doc.removed_lines = [asdict(r) for r in prepared.removed]
    kept, added, dropped = _apply_segments(session, doc, prepared.segments)
    return ImportResult(
        doc.id,
        doc.title,
        "updated",
        len(prepared.segments),
        kept,
        added,
        dropped,
        doc.removed_lines,
        doc.encoding,
        oversized=prepared.oversized,
    )


def prepare_file(
    path: str | Path,
    lang: str = "zh",
    rules: CleaningRules | None = None,
    options: SegmentOptions = SegmentOptions(),
    clean: bool = True,
) -> Prepared:
    """Read, clean and segment a file without storing it (``workbench segment``)."""
    return prepare_text(read_source(path).text, lang, rules or load_rules(), options=options, clean=clean)


def import_upload(
    store: Store, path: str | Path | None = None, pasted: str = "", title: str = "", delete_file: bool = False
) -> ImportResult:
    """Import a report the app received: an uploaded file (removed afterwards when ``delete_file``,
    for the web server's own copy) or pasted text. Too large, undecodable or hostile input, a full
    disk or a read-only project: one WorkbenchError, and the project is unchanged."""
    from ..ingest import MAX_BYTES, source_from_bytes
    from ..ingest.controls import check_unicode
    from .database import database_problem

    if path:
        upload = Path(path)
        if not upload.is_file():
            raise WorkbenchError(f"{upload.name}: the uploaded file is no longer there; upload it again")
        if upload.stat().st_size > MAX_BYTES:
            raise WorkbenchError(f"{upload.name}: file is too large (the limit is {MAX_BYTES // 1_000_000} MB)")
        data = upload.read_bytes()
        if delete_file:
            upload.unlink(missing_ok=True)
        source = source_from_bytes(data, upload.name)
    elif pasted and pasted.strip():
        check_unicode(pasted, "pasted text")
        if len(pasted.encode("utf-8")) > MAX_BYTES:
            raise WorkbenchError(f"pasted text is too large (the limit is {MAX_BYTES // 1_000_000} MB)")
        source = source_from_bytes(pasted.encode("utf-8"), f"pasted-{text_hash(pasted)[:8]}.txt")
    else:
        raise WorkbenchError("choose a file or paste a report first")
    try:
        return import_document(store, source, title=check_unicode(title or "", "title").strip() or None)
    except WorkbenchError:
        raise
    except Exception as exc:  # a full disk, a read-only project: one clear message, not a generic error
        problem = database_problem(exc, store)
        if problem is None:
            raise
        raise problem from None


def source_from_upload(path: str | Path) -> SourceText:
    """The decoded text of an uploaded file (size-limited, hostile files refused)."""
    from ..ingest import source_from_bytes
    from ..ingest.readers import read_bytes

    return source_from_bytes(read_bytes(path), Path(path).name)

"""Translation memory use-cases: what the project has translated before, found again.

The memory is the project's own work plus what users bring: a segment saved as reviewed or
approved goes into the ``reviews`` memory, a confirmed alignment bead into ``alignments`` (and
leaves it again when the bead is unconfirmed, merged, split, moved or aligned again), and a TMX
file into a memory of its own name. Each memory has a priority like a glossary (lower
wins when two matches score the same). The same source and target are one unit per memory;
saving it again only refreshes who, when and the context.

Lookups go through a character n-gram index (:mod:`workbench.tm.index`) kept per process and
per project; it reads only the units added since it was last used, and is rebuilt when units
were removed (an import replacing a memory, a bead no longer confirmed): whoever removes units
bumps their memory's ``generation``.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import and_, bindparam, delete, func, or_, select

from ..errors import WorkbenchError
from ..formats import tmx, xliff
from ..formats.output import output_file
from ..formats.rows import BilingualRow
from ..store import Bead, Document, Project, Revision, Segment, Store, TmMemory, TmUnit, Translation, utcnow
from ..tm import BANDS, CONTEXT_SCORE, Match, NgramIndex, band_of, diff_pieces, empty_bands, normalise_source
from ..tm.analysis import characters
from . import teams
from .projects import DEFAULT_PROJECT, get_project
from .reading import read_checked

REVIEWS, ALIGNMENTS = "reviews", "alignments"
#: reviewed work first, then confirmed alignments, then imported memories (default 10)
OWN_PRIORITIES = {REVIEWS: 1, ALIGNMENTS: 5}
IMPORT_PRIORITY = 10
MIN_SCORE = 50


def pair_hash(source: str, target: str) -> str:
    return hashlib.sha256(f"{source}\x1f{target}".encode()).hexdigest()


_MEMORY = select(TmMemory).where(TmMemory.project_id == bindparam("pid"), TmMemory.name == bindparam("mname"))


def _memory(session, project_id: int, name: str, priority: int | None = None) -> TmMemory:
    memory = session.scalar(_MEMORY, {"pid": int(project_id), "mname": name})
    if memory is None:
        memory = TmMemory(
            project_id=project_id,
            name=name,
            generation=0,
            priority=priority if priority is not None else OWN_PRIORITIES.get(name, IMPORT_PRIORITY),
        )
        session.add(memory)
        session.flush()
    elif priority is not None:
        memory.priority = priority
    return memory


_UNIT_OF_PAIR_OR_SEGMENT = (
    select(TmUnit)
    .where(
        TmUnit.memory_id == bindparam("mid"),
        or_(
            TmUnit.pair_hash == bindparam("digest"),
            and_(TmUnit.segment_id == bindparam("sid"), TmUnit.source == bindparam("src")),
        ),
    )
    .order_by(TmUnit.id)
)


def _put(
    session,
    memory: TmMemory,
    source: str,
    target: str,
    *,
    origin: str,
    document: str = "",
    document_id: int | None = None,
    segment_id: int | None = None,
    author: str = "",
    status: str = "",
    before: str | None = None,
    after: str | None = None,
) -> TmUnit:
    """Add the pair to ``memory`` or refresh it. A segment reviewed again with another English
    updates the unit it gave before, instead of leaving the old English behind."""
    digest = pair_hash(source, target)
    if segment_id is None:
        unit = session.scalar(select(TmUnit).where(TmUnit.memory_id == memory.id, TmUnit.pair_hash == digest))
    else:  # one query for both: the unit of this pair, else the unit this segment gave before
        found = session.scalars(
            _UNIT_OF_PAIR_OR_SEGMENT, dict(mid=memory.id, digest=digest, sid=int(segment_id), src=source)
        ).all()
        unit = next((u for u in found if u.pair_hash == digest), None)
        if unit is None and found:
            unit = found[0]
            unit.target, unit.pair_hash = target, digest
    if unit is None:
        unit = TmUnit(memory_id=memory.id, source=source, target=target, pair_hash=digest, created_at=utcnow())
        session.add(unit)
    unit.origin, unit.document, unit.document_id, unit.segment_id = origin, document[:500], document_id, segment_id
    unit.author, unit.status, unit.updated_at = author[:200], status, utcnow()
    unit.context_before, unit.context_after = before, after
    session.flush()
    return unit


def _neighbour_statement():
    same_document = select(Segment.source).where(Segment.document_id == bindparam("did"))
    before = same_document.where(Segment.position < bindparam("pos")).order_by(Segment.position.desc()).limit(1)
    after = same_document.where(Segment.position > bindparam("pos")).order_by(Segment.position).limit(1)
    return select(before.scalar_subquery(), after.scalar_subquery())


_NEIGHBOURS = _neighbour_statement()


def _neighbours(session, document_id: int, position: int) -> tuple[str, str]:
    """The previous and next source sentence ("" at the start or end of the document), in one query."""
    row = session.execute(_NEIGHBOURS, {"did": int(document_id), "pos": int(position)}).one()
    return row[0] or "", row[1] or ""


# ---------------------------------------------------------------- filling the memory


#: The statuses whose English goes into the ``reviews`` memory.
REVIEWED = ("reviewed", "approved")


def forget_segment(session, segment_id: int) -> int:
    """Within the save's own transaction: take the unit a segment gave out of the ``reviews``
    memory (its English is no longer reviewed: rejected, sent back, or a merge undone). Returns
    how many units were removed."""
    project_id = session.scalar(
        select(Document.project_id).join(Segment, Segment.document_id == Document.id).where(Segment.id == segment_id)
    )
    memory = session.scalar(select(TmMemory).where(TmMemory.project_id == project_id, TmMemory.name == REVIEWS))
    if memory is None:
        return 0
    removed = session.execute(
        delete(TmUnit).where(TmUnit.memory_id == memory.id, TmUnit.segment_id == segment_id)
    ).rowcount
    if removed:
        memory.generation += 1  # the index is rebuilt (see _fresh_index)
        session.flush()
    return removed


#: A saved segment, its translation and the columns of its document the memory keeps (not the
#: Document, whose raw text and line lists are the whole report): one query.
_RECORDED = (
    select(
        Segment.source,
        Segment.document_id,
        Segment.position,
        Translation.target,
        Translation.updated_by,
        Translation.status,
        Document.project_id,
        Document.title,
        Document.name,
    )
    .join(Translation, Translation.segment_id == Segment.id)
    .join(Document, Document.id == Segment.document_id)
    .where(Segment.id == bindparam("sid"))
)


def record_segment(session, segment_id: int) -> int | None:
    """Within the save's own transaction: keep a reviewed or approved segment in the ``reviews``
    memory. Returns the unit id (None when the segment has no English yet)."""
    row = session.execute(_RECORDED, {"sid": int(segment_id)}).first()
    if row is None or not (row.target or "").strip() or not row.source.strip():
        return None
    before, after = _neighbours(session, row.document_id, row.position)
    unit = _put(
        session,
        _memory(session, row.project_id, REVIEWS),
        row.source.strip(),
        row.target.strip(),
        origin="review",
        document=row.title or row.name,
        document_id=row.document_id,
        segment_id=segment_id,
        author=row.updated_by or "",
        status=row.status,
        before=before,
        after=after,
    )
    return unit.id


def _confirmed_pairs(session, document_id: int) -> dict[str, tuple[str, str, str, str]]:
    """pair hash -> (Chinese, English, previous and next Chinese sentence) of every confirmed bead
    of ``document_id`` with text on both sides."""
    beads = list(
        session.scalars(
            select(Bead).where(Bead.source_document_id == document_id, Bead.confirmed.is_(True)).order_by(Bead.position)
        )
    )
    if not beads:
        return {}
    zh = list(
        session.scalars(select(Segment.source).where(Segment.document_id == document_id).order_by(Segment.position))
    )
    en = list(
        session.scalars(
            select(Segment.source).where(Segment.document_id == beads[0].target_document_id).order_by(Segment.position)
        )
    )
    pairs: dict[str, tuple[str, str, str, str]] = {}
    for bead in beads:
        if not bead.src or not bead.tgt or max(bead.src) >= len(zh) or max(bead.tgt) >= len(en):
            continue
        source, target = "".join(zh[i] for i in bead.src).strip(), " ".join(en[j] for j in bead.tgt).strip()
        if source and target:
            first, last = min(bead.src), max(bead.src)
            pairs[pair_hash(source, target)] = (
                source,
                target,
                zh[first - 1] if first > 0 else "",
                zh[last + 1] if last + 1 < len(zh) else "",
            )
    return pairs


def record_alignment(session, document_id: int) -> int:
    """Within the alignment's transaction: make the ``alignments`` memory follow the confirmed beads
    of ``document_id``: each confirmed pair is kept there (one query for what is there already), and
    each unit this document gave that no confirmed bead holds any more (unconfirmed, merged, split,
    moved, aligned again) is removed, unless another document's confirmed bead holds the same pair
    (the unit then passes to that document). Only this memory and this document's units are
    touched: reviews and imported memories never. Removing bumps the memory's generation, so
    lookups rebuild their index. Returns how many confirmed pairs the document has."""
    pairs = _confirmed_pairs(session, document_id)
    project_id, title, name = session.execute(
        select(Document.project_id, Document.title, Document.name).where(Document.id == document_id)
    ).one()
    memory = session.scalar(select(TmMemory).where(TmMemory.project_id == project_id, TmMemory.name == ALIGNMENTS))
    if memory is None:
        if not pairs:
            return 0
        memory = _memory(session, project_id, ALIGNMENTS)
    given = session.scalars(
        select(TmUnit).where(
            TmUnit.memory_id == memory.id, TmUnit.document_id == document_id, TmUnit.origin == "alignment"
        )
    )
    stale = [unit for unit in given if unit.pair_hash not in pairs]
    if stale:
        _forget(session, memory, stale, document_id)
    hashes = list(pairs)
    existing = {
        u.pair_hash: u
        for i in range(0, len(hashes), 500)
        for u in session.scalars(
            select(TmUnit).where(TmUnit.memory_id == memory.id, TmUnit.pair_hash.in_(hashes[i : i + 500]))
        )
    }
    title = (title or name)[:500]
    for digest, (source, target, before, after) in pairs.items():
        unit = existing.get(digest)
        if unit is None:
            session.add(
                TmUnit(
                    memory_id=memory.id,
                    source=source,
                    target=target,
                    pair_hash=digest,
                    origin="alignment",
                    document=title,
                    document_id=document_id,
                    author="alignment",
                    status="confirmed",
                    context_before=before,
                    context_after=after,
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
            )
        elif (unit.document_id, unit.context_before, unit.context_after) != (document_id, before, after):
            unit.document, unit.document_id, unit.context_before, unit.context_after = title, document_id, before, after
            unit.updated_at = utcnow()
    session.flush()
    return len(pairs)


def _forget(session, memory: TmMemory, stale: list[TmUnit], document_id: int) -> None:
    """Remove ``stale`` units of ``document_id`` from the ``alignments`` memory, handing each one
    that another document still confirms over to that document instead."""
    wanted = {u.pair_hash: u for u in stale}
    others = session.scalars(
        select(Bead.source_document_id)
        .where(
            Bead.project_id == memory.project_id,
            Bead.source_document_id != document_id,
            Bead.confirmed.is_(True),
        )
        .distinct()
    )
    for other in sorted(set(others)):
        for digest, (_, _, before, after) in _confirmed_pairs(session, other).items():
            unit = wanted.pop(digest, None)
            if unit is not None:
                other_title, other_name = session.execute(
                    select(Document.title, Document.name).where(Document.id == other)
                ).one()
                unit.document, unit.document_id = (other_title or other_name)[:500], other
                unit.context_before, unit.context_after, unit.updated_at = before, after, utcnow()
        if not wanted:
            break
    if wanted:
        ids = [u.id for u in wanted.values()]
        for i in range(0, len(ids), 500):
            session.execute(delete(TmUnit).where(TmUnit.id.in_(ids[i : i + 500])))
        memory.generation += 1
    session.flush()


# ---------------------------------------------------------------- the index


class _ProjectIndex:
    def __init__(self) -> None:
        self.index = NgramIndex()
        self.max_id = 0
        self.generations: tuple = ()
        self.lock = threading.Lock()


_INDEXES: dict[tuple[str, int], _ProjectIndex] = {}
_INDEXES_LOCK = threading.Lock()


def _fresh_index(session, store: Store, project_id: int) -> _ProjectIndex:
    """The project's index, brought up to date with the database (see the module docstring)."""
    with _INDEXES_LOCK:
        entry = _INDEXES.setdefault((store.url, project_id), _ProjectIndex())
    memories = session.execute(
        select(TmMemory.id, TmMemory.generation, TmMemory.created_at)
        .where(TmMemory.project_id == project_id)
        .order_by(TmMemory.id)
    ).all()
    generations = tuple(tuple(m) for m in memories)
    latest = session.scalar(select(func.max(TmUnit.id))) or 0
    with entry.lock:
        if entry.generations != generations or latest < entry.max_id:  # units removed, or a new database
            entry.index, entry.max_id, entry.generations = NgramIndex(), 0, generations
        if memories and latest > entry.max_id:
            rows = session.execute(
                select(TmUnit.id, TmUnit.source)
                .where(TmUnit.memory_id.in_([m.id for m in memories]), TmUnit.id > entry.max_id)
                .order_by(TmUnit.id)
            )
            entry.index.add_many(rows)
            entry.max_id = latest
    return entry


def _origin(unit: TmUnit, memory: TmMemory) -> str:
    return unit.origin if unit.origin in ("review", "alignment") else f"import: {memory.name}"


def _find(
    session,
    store: Store,
    project_id: int,
    text: str,
    limit: int = 3,
    min_score: int = MIN_SCORE,
    before: str | None = None,
    after: str | None = None,
    exclude_segment: int | None = None,
) -> list[Match]:
    """The best matches for ``text``, best first; 101 when ``before``/``after`` equal the unit's context."""
    if not (text or "").strip():
        return []
    entry = _fresh_index(session, store, project_id)
    with entry.lock:
        hits = entry.index.search(text.strip(), limit=max(limit * 3, 8), min_score=min_score)
    if not hits:
        return []
    scores = dict(hits)
    rows = session.execute(
        select(
            TmUnit.id,
            TmUnit.source,
            TmUnit.target,
            TmUnit.origin,
            TmUnit.document,
            TmUnit.author,
            TmUnit.updated_at,
            TmUnit.segment_id,
            TmUnit.context_before,
            TmUnit.context_after,
            TmMemory.name,
            TmMemory.priority,
        )
        .join(TmMemory, TmMemory.id == TmUnit.memory_id)
        .where(TmUnit.id.in_(list(scores)))
    ).all()
    wanted = Counter(normalise_source(text).numbers)
    found = []
    for unit in rows:
        if exclude_segment is not None and unit.segment_id == exclude_segment:
            continue
        score = scores[unit.id]
        if (
            score == 100
            and before is not None
            and after is not None
            and unit.context_before is not None
            and unit.context_after is not None
            and unit.context_before == before
            and unit.context_after == after
        ):
            score = CONTEXT_SCORE
        missing = list((wanted - Counter(normalise_source(unit.source).numbers)).elements()) if wanted else []
        origin = unit.origin if unit.origin in ("review", "alignment") else f"import: {unit.name}"
        found.append(
            Match(
                unit.id,
                unit.source,
                unit.target,
                score,
                origin,
                unit.name,
                unit.priority,
                unit.document,
                unit.author,
                unit.updated_at.isoformat(timespec="seconds"),
                missing,
            )
        )
    found.sort(key=lambda m: (-m.score, m.priority, -datetime.fromisoformat(m.when).timestamp(), m.unit_id))
    best, seen = [], set()
    for match in found:
        if (match.source, match.target) not in seen:
            seen.add((match.source, match.target))
            best.append(match)
    return best[:limit]


# ---------------------------------------------------------------- lookups for people


def lookup(
    store: Store,
    text: str,
    limit: int = 3,
    project: str = DEFAULT_PROJECT,
    min_score: int = MIN_SCORE,
    context_before: str | None = None,
    context_after: str | None = None,
) -> list[dict]:
    """The best ``limit`` matches for a sentence: dicts with source, target, score, origin, memory, ..."""
    with store.session() as session:
        p = get_project(session, project)
        return [m.as_dict() for m in _find(session, store, p.id, text, limit, min_score, context_before, context_after)]


def tm_matches(store: Store, segment_id: int, limit: int = 3, min_score: int = MIN_SCORE) -> list[dict]:
    """The top matches for a segment in the editor, with ``diff``: how each match's source differs from
    this segment's (a list of (op, text), op = equal | delete (only in the match) | insert (only here)).
    The unit this very segment gave the memory is left out."""
    with store.session() as session:
        segment = session.get(Segment, segment_id)
        if segment is None:
            raise WorkbenchError(f"no segment with id {segment_id}")
        document = session.get(Document, segment.document_id)
        assert document is not None  # a segment always belongs to a document
        before, after = _neighbours(session, segment.document_id, segment.position)
        matches = _find(
            session,
            store,
            document.project_id,
            segment.source,
            limit,
            min_score,
            before,
            after,
            exclude_segment=segment_id,
        )
    return [dict(m.as_dict(), diff=diff_pieces(m.source, segment.source)) for m in matches]


def concordance(
    store: Store, query: str, side: str = "source", limit: int = 20, project: str = DEFAULT_PROJECT
) -> list[dict]:
    """Units whose source (or target) contains ``query``; ``spans`` are the (start, end) of each hit
    in that side's text, for highlighting. Latin letters are matched without regard to case."""
    if side not in ("source", "target"):
        raise WorkbenchError("search the memory's source or target side")
    needle = (query or "").strip()
    if not needle:
        return []
    column = TmUnit.source if side == "source" else TmUnit.target
    condition = column.icontains(needle, autoescape=True)
    with store.session() as session:
        p = get_project(session, project)
        rows = session.execute(
            select(TmUnit, TmMemory)
            .join(TmMemory, TmMemory.id == TmUnit.memory_id)
            .where(TmMemory.project_id == p.id, condition)
            .order_by(TmMemory.priority, TmUnit.updated_at.desc(), TmUnit.id)
            .limit(limit)
        ).all()
        hits = []
        for unit, memory in rows:
            text = unit.source if side == "source" else unit.target
            hits.append(
                dict(
                    source=unit.source,
                    target=unit.target,
                    origin=_origin(unit, memory),
                    memory=memory.name,
                    document=unit.document,
                    side=side,
                    spans=_spans(text, needle),
                )
            )
        return hits


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    haystack, needle = text.lower(), needle.lower()
    spans, start = [], haystack.find(needle)
    while start >= 0 and needle:
        spans.append((start, start + len(needle)))
        start = haystack.find(needle, start + len(needle))
    return spans


# ---------------------------------------------------------------- pre-translation and analysis


def _source_documents(session, project_id: int, document_id: int | None) -> list[int]:
    if document_id is not None:
        doc = session.get(Document, document_id)
        if doc is None or doc.project_id != project_id or doc.role != "source":
            raise WorkbenchError(f"no source document with id {document_id}")
        return [document_id]
    return list(
        session.scalars(
            select(Document.id)
            .where(Document.project_id == project_id, Document.role == "source")
            .order_by(Document.id)
        )
    )


def _has_units(session, project_id: int) -> bool:
    return (
        session.scalar(
            select(TmUnit.id)
            .join(TmMemory, TmMemory.id == TmUnit.memory_id)
            .where(TmMemory.project_id == project_id)
            .limit(1)
        )
        is not None
    )


def pretranslate(
    store: Store, threshold: int = 100, project: str = DEFAULT_PROJECT, document_id: int | None = None
) -> int:
    """Fill every untranslated segment (no English, no MT) whose best match scores at least
    ``threshold`` (50-101) with that match's English: a revision with origin ``tm`` and the
    match score. Returns how many segments were filled."""
    if not 50 <= int(threshold) <= CONTEXT_SCORE:
        raise WorkbenchError(f"the TM threshold must be between 50 and {CONTEXT_SCORE}, not {threshold}")
    filled = 0
    with store.session() as session:
        teams.authorize(session, "translate")
        p = session.scalar(select(Project).where(Project.name == project))
        if p is None or not _has_units(session, p.id):
            return 0
        for doc_id in _source_documents(session, p.id, document_id):
            segments = session.execute(
                select(Segment, Translation)
                .join(Translation, Translation.segment_id == Segment.id)
                .where(Segment.document_id == doc_id)
                .order_by(Segment.position)
            ).all()
            sources = [s.source for s, _ in segments]
            for k, (segment, translation) in enumerate(segments):
                if translation.target or translation.mt_text is not None or translation.status != "new":
                    continue
                before = sources[k - 1] if k > 0 else ""
                after = sources[k + 1] if k + 1 < len(sources) else ""
                best = _find(
                    session,
                    store,
                    p.id,
                    segment.source,
                    1,
                    min(int(threshold), 100),
                    before,
                    after,
                    exclude_segment=segment.id,
                )
                if not best or best[0].score < threshold:
                    continue
                match = best[0]
                translation.target, translation.status = match.target, "translated"
                translation.revision += 1
                translation.updated_by, translation.updated_at = "TM", utcnow()
                session.add(
                    Revision(
                        segment_id=segment.id,
                        number=translation.revision,
                        based_on=translation.revision - 1,
                        text=match.target,
                        status="translated",
                        author=f"TM ({match.origin})"[:200],
                        origin="tm",
                        match_score=match.score,
                    )
                )
                filled += 1
    return filled


def analyze(store: Store, document_id: int | None = None, project: str = DEFAULT_PROJECT) -> dict:
    """Segments and characters by band for one document or every source document of the project:
    ``{"bands": {"repetition": {"segments": n, "characters": n}, "101": ..., ..., "new": ...}}``."""
    bands = empty_bands()
    with store.session() as session:
        p = get_project(session, project)
        memory = _has_units(session, p.id)
        seen: set[str] = set()
        for doc_id in _source_documents(session, p.id, document_id):
            segments = list(
                session.execute(
                    select(Segment.id, Segment.source).where(Segment.document_id == doc_id).order_by(Segment.position)
                ).all()
            )
            for k, (segment_id, source) in enumerate(segments):
                key = source.strip()
                if not key:
                    continue
                if key in seen:
                    band = "repetition"
                else:
                    seen.add(key)
                    best = (
                        _find(
                            session,
                            store,
                            p.id,
                            source,
                            1,
                            MIN_SCORE,
                            segments[k - 1][1] if k > 0 else "",
                            segments[k + 1][1] if k + 1 < len(segments) else "",
                            exclude_segment=segment_id,
                        )
                        if memory
                        else []
                    )
                    band = band_of(best[0].score if best else None)
                bands[band]["segments"] += 1
                bands[band]["characters"] += characters(source)
    return {"bands": {band: bands[band] for band in BANDS}}


# ---------------------------------------------------------------- memories and files


def list_memories(store: Store, project: str = DEFAULT_PROJECT) -> list[dict]:
    with store.session() as session:
        p = get_project(session, project)
        rows = session.execute(
            select(TmMemory.name, TmMemory.priority, func.count(TmUnit.id))
            .outerjoin(TmUnit, TmUnit.memory_id == TmMemory.id)
            .where(TmMemory.project_id == p.id)
            .group_by(TmMemory.id)
            .order_by(TmMemory.priority, TmMemory.name)
        ).all()
        return [dict(name=r[0], priority=r[1], units=r[2]) for r in rows]


def _when(attributes: dict) -> datetime | None:
    """A TMX date (20240131T120000Z) as a datetime; None when absent or not a date."""
    for key in ("changedate", "creationdate"):
        value = attributes.get(key, "")
        if len(value) == 16 and value[8] == "T" and value.endswith("Z"):
            try:
                return datetime(
                    int(value[:4]),
                    int(value[4:6]),
                    int(value[6:8]),
                    int(value[9:11]),
                    int(value[11:13]),
                    int(value[13:15]),
                )
            except ValueError:
                continue
    return None


def _insert_ignoring_duplicates(session, rows: list[dict]) -> None:
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = session.get_bind().dialect.name
    dialects = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
    if dialect not in dialects:  # pragma: no cover - the workbench runs on SQLite and PostgreSQL
        raise WorkbenchError(f"TM import is not supported on {dialect}")
    statement = dialects[dialect](TmUnit.__table__).on_conflict_do_nothing(  # type: ignore[operator, arg-type, attr-defined]
        index_elements=["memory_id", "pair_hash"]
    )
    session.connection().execute(statement, rows)


@dataclass(frozen=True)
class TmxImport:
    """What :func:`import_tmx` did: the memory (``name``, ``priority``), the units it holds now, the
    units read from the file, how many of them were duplicates, and how many units it held before."""

    name: str
    units: int
    read: int
    duplicates: int
    replaced: int
    priority: int

    def as_dict(self) -> dict:
        return asdict(self)


def import_tmx(
    store: Store,
    path: str | Path,
    name: str | None = None,
    priority: int | None = None,
    project: str = DEFAULT_PROJECT,
    progress: Callable[[int, int, int], None] | None = None,
    max_bytes: int = tmx.MAX_TMX_BYTES,
) -> TmxImport:
    """Read a TMX file (streamed), or an XLIFF file's translations and candidates, into the memory
    ``name`` (default: the file's name), replacing
    what that memory held, in one transaction: a malformed or hostile file imports nothing.
    ``progress(units, bytes read, file size)`` is called as the file is read."""
    path = Path(path)
    name = (name or path.stem).strip()
    if not name:
        raise WorkbenchError("give the memory a name")
    if name in OWN_PRIORITIES:
        raise WorkbenchError(f"the memory {name!r} holds the project's own work; import under another --name")
    size = path.stat().st_size if path.is_file() else 0
    read = 0
    with store.session() as session:
        teams.audited(session, "import", f"translation memory {name} from {path.name}")
        p = get_project(session, project)
        memory = _memory(session, p.id, name, priority)
        replaced = session.execute(delete(TmUnit).where(TmUnit.memory_id == memory.id)).rowcount or 0  # type: ignore[attr-defined]
        memory.generation += 1
        batch: list[dict] = []
        now = utcnow()
        bytes_read = [0]

        def on_bytes(done: int) -> None:
            bytes_read[0] = done

        if path.suffix.lower() in (".xlf", ".xliff", ".sdlxliff", ".mqxliff"):
            # an XLIFF's translated units and its candidates (<alt-trans>, <mtc:match>): a file of
            # one project, read whole under the limit every input file has
            units_in: Iterable[tmx.TmxUnit] = xliff.tm_units(read_checked(path), str(path))
        else:
            units_in = tmx.iter_units(path, max_bytes=max_bytes, progress=on_bytes)
        for unit in units_in:
            props, when = unit.props, _when(unit.attributes) or now
            batch.append(
                dict(
                    memory_id=memory.id,
                    source=unit.source,
                    target=unit.target,
                    pair_hash=pair_hash(unit.source, unit.target),
                    context_before=props.get("x-context-pre"),
                    context_after=props.get("x-context-post"),
                    origin="import",
                    document=props.get("x-document", "")[:500],
                    document_id=None,
                    segment_id=None,
                    author=(
                        unit.attributes.get("changeid")
                        or unit.attributes.get("creationid")
                        or props.get("x-reviewer", "")
                    )[:200],
                    status=props.get("x-status", "")[:16],
                    created_at=when,
                    updated_at=when,
                )
            )
            read += 1
            if len(batch) >= 1000:
                _insert_ignoring_duplicates(session, batch)
                batch = []
                if progress:
                    progress(read, bytes_read[0], size)
        if batch:
            _insert_ignoring_duplicates(session, batch)
        units = session.scalar(select(func.count(TmUnit.id)).where(TmUnit.memory_id == memory.id))
        priority = memory.priority
    if progress:
        progress(read, size, size)
    units = units or 0
    return TmxImport(name=name, units=units, read=read, duplicates=read - units, replaced=replaced, priority=priority)


def export_tmx(store: Store, path: str | Path, name: str | None = None, project: str = DEFAULT_PROJECT) -> int:
    """Write the memory ``name`` (default: every memory, by priority; a pair once) as TMX 1.4b, with
    origin, document, author and context as ``prop``s so that an import brings back the same units."""
    with store.session() as session:
        teams.audited(session, "export", f"translation memory {name or 'all'} to {Path(path).name}")
        p = get_project(session, project)
        query = (
            select(TmUnit, TmMemory)
            .join(TmMemory, TmMemory.id == TmUnit.memory_id)
            .where(TmMemory.project_id == p.id)
            .order_by(TmMemory.priority, TmMemory.name, TmUnit.id)
        )
        if name is not None:
            if session.scalar(select(TmMemory.id).where(TmMemory.project_id == p.id, TmMemory.name == name)) is None:
                raise WorkbenchError(f"no translation memory named {name!r}; see `workbench tm list`")
            query = query.where(TmMemory.name == name)
        rows, seen = [], set()
        for unit, memory in session.execute(query):
            if unit.pair_hash in seen:
                continue
            seen.add(unit.pair_hash)
            props = {"x-origin": _origin(unit, memory), "x-memory": memory.name}
            if unit.context_before is not None:
                props["x-context-pre"] = unit.context_before
            if unit.context_after is not None:
                props["x-context-post"] = unit.context_after
            rows.append(
                BilingualRow(
                    id=unit.id,
                    source=unit.source,
                    target=unit.target,
                    status=unit.status,
                    document=unit.document,
                    reviewer=unit.author,
                    props=props,
                )
            )
    if not rows:
        raise WorkbenchError("the translation memory is empty; nothing to export")
    with output_file(path) as partial:  # a missing or read-only folder: one line; never half a file
        return tmx.write(rows, partial)

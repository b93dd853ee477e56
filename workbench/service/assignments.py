"""Work assigned to people: an admin gives a document, or a range of its segments, to a translator
and a reviewer (``workbench assign``, the app's Assignments tab). A person's Review tab opens on
"my work" (:func:`my_work`: their segments, counted by status); Statistics shows progress and words
per person (:func:`work_by_person`).

A segment that an assignment covers may be changed only by the assignment's translator or
reviewer (and an admin); a segment that no assignment covers stays open to every account whose
role allows the change (:func:`check_assigned`, asked by every save).
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from ..errors import WorkbenchError
from ..store import STATUSES, Assignment, Document, Segment, Store, Translation, User
from . import teams
from .grid import _cached_words, _covers, assigned_condition

_RANGE = re.compile(r"^\s*(\d+)?\s*-\s*(\d+)?\s*$|^\s*(\d+)\s*$")

#: The roles that may be given each part of the work (an admin may do both).
TRANSLATING = ("translator", "admin")
REVIEWING = ("reviewer", "admin")


def parse_range(value: str | None) -> tuple[int | None, int | None]:
    """``"A-B"`` (1-based segment numbers, inclusive; ``"A-"`` to the end, ``"-B"`` from the start,
    ``"N"`` one segment) as (first, last); None or "" is the whole document (None, None)."""
    if value is None or not str(value).strip():
        return None, None
    found = _RANGE.match(str(value))
    if found is None:
        raise WorkbenchError(f"--segments takes a range of segment numbers such as 10-40, not {value!r}")
    first: int | None
    last: int | None
    if found.group(3):
        first = last = int(found.group(3))
    else:
        first = int(found.group(1)) if found.group(1) else None
        last = int(found.group(2)) if found.group(2) else None
    if first is not None and first < 1 or last is not None and last < 1:
        raise WorkbenchError("segment numbers start at 1")
    if first is not None and last is not None and first > last:
        raise WorkbenchError(f"the range {value!r} ends before it starts")
    return first, last


def _range_text(first: int | None, last: int | None) -> str:
    if first is None and last is None:
        return "all"
    return f"{first or 1}-{last if last is not None else ''}"


def _check_person(session, name: str, roles: tuple[str, ...], part: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    if not teams.has_accounts(session):  # one person's project: names as typed
        if len(name) > 100:
            raise WorkbenchError(f"the {part}'s name is longer than 100 characters")
        return name
    name = teams.check_name(name)
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise WorkbenchError(f"there is no account named {name!r}; see `workbench user list`")
    if not user.enabled:
        raise WorkbenchError(f"the account {name!r} is disabled")
    if user.role not in roles:
        raise WorkbenchError(f"{name} is a {user.role}: the {part} must be a {' or '.join(roles)}")
    return name


def assign(
    store: Store,
    document_id: int,
    translator: str = "",
    reviewer: str = "",
    segments: str | None = None,
) -> dict:
    """Give the document ``document_id`` (or its ``segments`` "A-B") to ``translator`` and ``reviewer``
    (at least one of them). An admin's to do; a line in the audit trail."""
    first, last = parse_range(segments)
    with store.writing() as session:
        by = teams.authorize(session, "assign")
        doc = session.get(Document, int(document_id))
        if doc is None:
            raise WorkbenchError(f"no document with id {document_id}")
        count = session.scalar(select(func.count(Segment.id)).where(Segment.document_id == doc.id)) or 0
        if first is not None and first > count or last is not None and last > count:
            raise WorkbenchError(f"document {doc.id} has {count} segments; the range {segments} is outside it")
        translator = _check_person(session, translator, TRANSLATING, "translator")
        reviewer = _check_person(session, reviewer, REVIEWING, "reviewer")
        if not translator and not reviewer:
            raise WorkbenchError("name a translator or a reviewer (or both) to give the work to")
        row = Assignment(
            document_id=doc.id, first=first, last=last, translator=translator, reviewer=reviewer, created_by=by or ""
        )
        session.add(row)
        session.flush()
        if by is not None:
            teams.record(
                session,
                "assign",
                f"document {doc.id} segments {_range_text(first, last)}: "
                f"translator {translator or '-'}, reviewer {reviewer or '-'}",
            )
        return _row(row, doc.title, count)


def _row(a: Assignment, title: str, count: int) -> dict:
    first, last = a.first or 1, a.last if a.last is not None else count
    return dict(
        id=a.id,
        document=a.document_id,
        title=title,
        segments=_range_text(a.first, a.last),
        count=max(0, min(last, count) - first + 1),
        translator=a.translator,
        reviewer=a.reviewer,
    )


def list_assignments(store: Store) -> list[dict]:
    """Every assignment, oldest first: {id, document, title, segments ("all" or "A-B"), count, translator, reviewer}."""
    with store.session() as session:
        teams.authorize(session, "read")
        counts = dict(
            session.execute(select(Segment.document_id, func.count(Segment.id)).group_by(Segment.document_id)).all()
        )
        rows = session.execute(
            select(Assignment, Document.title)
            .join(Document, Document.id == Assignment.document_id)
            .order_by(Assignment.id)
        ).all()
        return [_row(a, title, counts.get(a.document_id, 0)) for a, title in rows]


def any_assignments(session) -> bool:
    return session.scalar(select(Assignment.id).limit(1)) is not None


def assigned_elsewhere(session, segment_id: int, account: str | None) -> list[str]:
    """The people ``segment_id`` is assigned to when ``account`` is not one of them (and not an
    admin): then it may not change the segment. Empty when it may: unassigned work, its own
    assignment, an admin, or no accounts (``account`` None)."""
    if account is None or not any_assignments(session):
        return []
    if teams.role_of(session, account) == "admin":
        return []
    segment = session.get(Segment, int(segment_id))
    if segment is None:
        return []
    people = session.execute(
        select(Assignment.translator, Assignment.reviewer).where(
            Assignment.document_id == segment.document_id, _covers(segment.position)
        )
    ).all()
    if not people or any(account in (t, r) for t, r in people):
        return []
    return sorted({n for pair in people for n in pair if n})


def check_assigned(session, segment_id: int, account: str | None) -> None:
    """Refuse (RoleError) a change of ``segment_id`` by ``account`` when the segment is assigned to
    other people (:func:`assigned_elsewhere`): assigned work is its translator's and reviewer's
    (and an admin's); unassigned work is open to everyone whose role allows the change. Bulk
    changes (find and replace, merge) skip such segments and count them instead."""
    names = assigned_elsewhere(session, segment_id, account)
    if not names:
        return
    segment = session.get(Segment, int(segment_id))
    role = teams.role_of(session, account or "") or ""
    raise teams.refused(
        account or "",
        role,
        "edit",
        f"{account} may not change segment {segment.position} of document {segment.document_id}: "
        f"it is assigned to {', '.join(names)}",
        f"refused: assigned to {', '.join(names)}",
    )


def my_work(store: Store, name: str) -> list[dict]:
    """The work assigned to ``name``, per document: {document, title, segments, words, by_status
    {status: n}}, documents in order; [] when nothing is assigned to them."""
    name = (name or "").strip()
    if not name:
        return []
    with store.session() as session:
        rows = session.execute(
            select(Segment.document_id, Document.title, Segment.source, Translation.status)
            .join(Document, Document.id == Segment.document_id)
            .outerjoin(Translation, Translation.segment_id == Segment.id)
            .where(assigned_condition(name))
            .order_by(Segment.document_id, Segment.position)
        ).all()
    out: dict[int, dict] = {}
    for document, title, source, status in rows:
        entry = out.setdefault(
            document,
            dict(document=document, title=title, segments=0, words=0, by_status=dict.fromkeys(STATUSES, 0)),
        )
        entry["segments"] += 1
        entry["words"] += _cached_words(source)
        entry["by_status"][status or "new"] += 1
    return list(out.values())


def work_by_person(store: Store, document_id: int | None = None) -> list[dict]:
    """Progress per person over the work assigned to them (of one document, or all): {person,
    part ("translator" or "reviewer"), segments, words, done_words, done (percent), by_status}.
    A translator's work is done once translated (or further); a reviewer's once approved."""
    done_for = {"translator": ("translated", "reviewed", "approved"), "reviewer": ("approved",)}
    with store.session() as session:
        teams.authorize(session, "read")
        query = select(Assignment)
        if document_id:
            query = query.where(Assignment.document_id == int(document_id))
        assignments = list(session.scalars(query.order_by(Assignment.id)))
        people = sorted(
            {(a.translator, "translator") for a in assignments if a.translator}
            | {(a.reviewer, "reviewer") for a in assignments if a.reviewer}
        )
        out = []
        for person, part in people:
            column = Assignment.translator if part == "translator" else Assignment.reviewer
            covered = (
                select(Assignment.id)
                .where(Assignment.document_id == Segment.document_id, column == person, _covers(Segment.position))
                .exists()
            )
            rows = (
                select(Segment.source, Translation.status)
                .outerjoin(Translation, Translation.segment_id == Segment.id)
                .where(covered)
            )
            if document_id:
                rows = rows.where(Segment.document_id == int(document_id))
            by_status = dict.fromkeys(STATUSES, 0)
            segments = words = done = 0
            for source, status in session.execute(rows):
                status = status or "new"
                n = _cached_words(source)
                segments, words = segments + 1, words + n
                by_status[status] += 1
                if status in done_for[part]:
                    done += n
            out.append(
                dict(
                    person=person,
                    part=part,
                    segments=segments,
                    words=words,
                    done_words=done,
                    done=round(100.0 * done / words, 1) if words else 0.0,
                    by_status=by_status,
                )
            )
    return out

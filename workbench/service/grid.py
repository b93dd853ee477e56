"""What the review grid needs beyond a page of segments: the latest assessment of each row (score
and error spans, in one query) and the page a segment is on."""

from __future__ import annotations

from sqlalchemy import func, select

from ..store import Assessment, Store


def latest_assessments(store: Store, segment_ids: list[int]) -> dict[int, dict]:
    """segment id -> {score, reviewer, comment, errors} of its latest assessment (segments never
    assessed are absent). One query for the page, not one per row."""
    out: dict[int, dict] = {}
    ids = [int(i) for i in segment_ids]
    with store.session() as session:
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            latest = (
                select(func.max(Assessment.id)).where(Assessment.segment_id.in_(chunk)).group_by(Assessment.segment_id)
            )
            for a in session.scalars(select(Assessment).where(Assessment.id.in_(latest))):
                out[a.segment_id] = dict(
                    score=a.score,
                    reviewer=a.reviewer,
                    comment=a.comment,
                    errors=[
                        dict(category=e.category, severity=e.severity, start=e.start, end=e.end, note=e.note)
                        for e in a.errors
                    ],
                )
    return out


def page_of(
    store: Store,
    document_id: int,
    position: int,
    page_size: int,
    status: str | None = None,
    term: str | None = None,
    text: str | None = None,
) -> int | None:
    """The 1-based page of the review grid that shows segment ``position`` under these filters
    (None when the filters hide it): the grid follows the reviewer from page to page."""
    from .review import _filtered_query

    query = _filtered_query(int(document_id), status, term, text)
    with store.session() as session:
        sub = query.subquery()
        shown = session.scalar(select(func.count()).select_from(sub).where(sub.c.position == int(position)))
        if not shown:
            return None
        before = session.scalar(select(func.count()).select_from(sub).where(sub.c.position < int(position)))
    return (before or 0) // max(1, int(page_size)) + 1


def adjacent(store: Store, document_id: int, position: int, which: str = "next") -> int | None:
    """The id of the segment right after (``next``) or before (``previous``) ``position``, wrapping
    around at the ends: one indexed query, where ``neighbour`` reads the whole document (it has to,
    to find the next unreviewed or flagged segment)."""
    from ..store import Segment

    after = which != "previous"
    where = Segment.position > int(position) if after else Segment.position < int(position)
    order = Segment.position.asc() if after else Segment.position.desc()
    with store.session() as session:
        found = session.scalar(
            select(Segment.id).where(Segment.document_id == int(document_id), where).order_by(order).limit(1)
        )
        if found is None:  # wrap around
            found = session.scalar(
                select(Segment.id).where(Segment.document_id == int(document_id)).order_by(order).limit(1)
            )
    return found

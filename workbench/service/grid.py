"""What the review grid needs beyond a page of segments: its filter (:class:`GridFilter`, one
object for every criterion), the latest assessment of each row (score and error spans, in one
query), the page a segment is on, and the document's progress (words by status)."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from ..errors import WorkbenchError
from ..metrics import MQM_CATEGORIES, SEVERITIES, check_score
from ..store import STATUSES, Assessment, Assignment, ErrorSpan, Revision, Segment, Store, Translation

#: TM match bands of the grid's filter: the match score of the latest revision that came from
#: the translation memory (inclusive bounds; None: open); "none" is a segment never filled from it.
MATCH_BANDS = {"100+": (100, None), "95-99": (95, 99), "85-94": (85, 94), "75-84": (75, 84), "<75": (None, 74)}
NO_MATCH = "none"
#: "Has errors" of any severity or category.
ANY = "any"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$")


def _blank(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value != value:  # NaN from an empty number box
        return None
    return value.strip() if isinstance(value, str) else value


def parse_since(value) -> datetime | None:
    """A date (YYYY-MM-DD, UTC midnight) or date and time (YYYY-MM-DD HH:MM[:SS], UTC) as the
    naive UTC datetime the store keeps; a datetime with a time zone is converted."""
    value = _blank(value)
    if value is None or isinstance(value, datetime):
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value
    text = str(value)
    if not _DATE.match(text):
        raise WorkbenchError(f"give the date as YYYY-MM-DD (or YYYY-MM-DD HH:MM, UTC), not {text!r}")
    try:
        return datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        raise WorkbenchError(f"there is no date {text!r}") from None


@dataclass(frozen=True)
class GridFilter:
    """Which segments of a document the review grid shows: every criterion left None (or False)
    shows all, and the criteria that are set must all hold.

    ``status``: the translation's status; ``term``: text in the source; ``text``: text in the
    source, the MT or the target; ``qa_only``: flagged by at least one of the enabled QA
    ``checks`` (None: all checks); ``qa_check``: flagged by this one QA check; ``score_min`` /
    ``score_max``: the latest assessment's DA score in this range (unscored segments are out);
    ``error_severity`` / ``error_category``: the latest assessment has an error span of this
    severity / category ("any": of any); ``match_band``: the latest revision filled from the
    translation memory scored in this band (:data:`MATCH_BANDS`, or "none": never filled from it);
    ``changed_by``: a revision by this person; ``changed_since``: a revision made at or after this
    time (UTC; with ``changed_by``: a revision by them since then); ``assigned_to``: in work
    assigned to this person (as translator or reviewer: "my work").
    """

    status: str | None = None
    term: str | None = None
    text: str | None = None
    qa_only: bool = False
    checks: frozenset[str] | None = None
    qa_check: str | None = None
    score_min: int | None = None
    score_max: int | None = None
    error_severity: str | None = None
    error_category: str | None = None
    match_band: str | None = None
    changed_by: str | None = None
    changed_since: datetime | None = None
    assigned_to: str | None = None

    def __post_init__(self):
        from ..qa import CHECKS

        set_ = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731 (frozen)
        for f in fields(self):
            if f.name not in ("qa_only", "checks"):
                set_(f.name, _blank(getattr(self, f.name)))
        set_("qa_only", bool(self.qa_only))
        if self.checks is not None:
            set_("checks", frozenset(self.checks))
        if self.status is not None and self.status not in STATUSES:
            raise WorkbenchError(f"unknown status {self.status!r}; use one of {', '.join(STATUSES)}")
        if self.qa_check is not None and self.qa_check not in CHECKS:
            raise WorkbenchError(f"unknown QA check {self.qa_check!r}; use one of {', '.join(CHECKS)}")
        for name in ("score_min", "score_max"):
            set_(name, check_score(getattr(self, name)))
        if self.score_min is not None and self.score_max is not None and self.score_min > self.score_max:
            raise WorkbenchError(f"the lowest DA score ({self.score_min}) is above the highest ({self.score_max})")
        if self.error_severity is not None and self.error_severity not in (ANY, *SEVERITIES):
            raise WorkbenchError(f"unknown severity {self.error_severity!r}; use any, {', '.join(SEVERITIES)}")
        if self.error_category is not None and self.error_category not in (ANY, *MQM_CATEGORIES):
            raise WorkbenchError(f"unknown MQM category {self.error_category!r}; use any, {', '.join(MQM_CATEGORIES)}")
        if self.match_band is not None and self.match_band not in (*MATCH_BANDS, NO_MATCH):
            raise WorkbenchError(
                f"unknown TM match band {self.match_band!r}; use {', '.join([*MATCH_BANDS, NO_MATCH])}"
            )
        set_("changed_since", parse_since(self.changed_since))

    def but(self, **changes) -> GridFilter:
        """This filter with some criteria changed."""
        return replace(self, **changes)

    @property
    def active(self) -> bool:
        """Whether any criterion hides segments."""
        return any(getattr(self, f.name) not in (None, False) for f in fields(self) if f.name != "checks")

    @property
    def by_qa(self) -> bool:
        """Whether the QA checks decide (computed in Python, over the whole document)."""
        return self.qa_only or self.qa_check is not None

    def qa_checks(self) -> set[str] | None:
        """The QA checks a segment must be flagged by one of (``qa_check`` narrows the enabled ones)."""
        if self.qa_check is not None:
            return {self.qa_check}
        return None if self.checks is None else set(self.checks)

    def query(self, document_id: int):
        """The SELECT of (Segment, Translation) of the document under the database criteria, in order."""
        query = (
            select(Segment, Translation)
            .join(Translation, Translation.segment_id == Segment.id)
            .where(Segment.document_id == int(document_id))
        )
        if self.status:
            query = query.where(Translation.status == self.status)
        if self.term:
            query = query.where(Segment.source.contains(self.term))
        if self.text:
            query = query.where(
                or_(
                    Segment.source.contains(self.text),
                    Translation.target.contains(self.text),
                    Translation.mt_text.contains(self.text),
                )
            )
        in_document = select(Segment.id).where(Segment.document_id == int(document_id))
        scored = self.score_min is not None or self.score_max is not None
        with_errors = self.error_severity is not None or self.error_category is not None
        if scored or with_errors:
            latest = (
                select(Assessment.segment_id, func.max(Assessment.id).label("id"))
                .where(Assessment.segment_id.in_(in_document))
                .group_by(Assessment.segment_id)
                .subquery()
            )
            judged = aliased(Assessment)
            query = query.join(latest, latest.c.segment_id == Segment.id).join(judged, judged.id == latest.c.id)
            if self.score_min is not None:
                query = query.where(judged.score >= self.score_min)
            if self.score_max is not None:
                query = query.where(judged.score <= self.score_max)
            if with_errors:
                span = [ErrorSpan.assessment_id == judged.id]
                if self.error_severity not in (None, ANY):
                    span.append(ErrorSpan.severity == self.error_severity)
                if self.error_category not in (None, ANY):
                    span.append(ErrorSpan.category == self.error_category)
                query = query.where(exists().where(*span))
        if self.match_band is not None:
            filled = (
                select(Revision.segment_id, func.max(Revision.number).label("number"))
                .where(Revision.match_score.is_not(None), Revision.segment_id.in_(in_document))
                .group_by(Revision.segment_id)
                .subquery()
            )
            if self.match_band == NO_MATCH:
                query = query.outerjoin(filled, filled.c.segment_id == Segment.id).where(filled.c.segment_id.is_(None))
            else:
                low, high = MATCH_BANDS[self.match_band]
                came = aliased(Revision)
                query = query.join(filled, filled.c.segment_id == Segment.id).join(
                    came, and_(came.segment_id == Segment.id, came.number == filled.c.number)
                )
                if low is not None:
                    query = query.where(came.match_score >= low)
                if high is not None:
                    query = query.where(came.match_score <= high)
        if self.changed_by is not None or self.changed_since is not None:
            change = [Revision.segment_id == Segment.id]
            if self.changed_by is not None:
                change.append(Revision.author == self.changed_by)
            if self.changed_since is not None:
                change.append(Revision.created_at >= self.changed_since)
            query = query.where(exists().where(*change))
        if self.assigned_to is not None:
            query = query.where(assigned_condition(self.assigned_to))
        return query.order_by(Segment.position)


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
    where: GridFilter | None = None,
) -> int | None:
    """The 1-based page of the review grid that shows segment ``position`` under the filter
    ``where`` (or, without it, ``status``, ``term`` and ``text``); None when the filter hides it
    or filters by QA checks (the pages are then computed in Python): the grid follows the
    reviewer from page to page."""
    where = where if where is not None else GridFilter(status=status, term=term, text=text)
    if where.by_qa:
        return None
    query = where.query(int(document_id))
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


#: The statuses of the progress bar, in its order (new work on the left, done on the right).
PROGRESS_ORDER = ("new", "translated", "reviewed", "approved", "rejected")


def words(source: str) -> int:
    """The words of a source text as CAT tools count Chinese: every Han (or kana, hangul)
    character is a word, and so is every run of Latin letters or digits."""
    return len(_WORDS.findall(source or ""))


#: source text -> its words: the progress bar is drawn with every page of the grid, and counting
#: a 5,000-segment document's words again each time took 150-200 ms; a source never changes.
_WORD_COUNTS: dict[str, int] = {}
_WORD_COUNTS_MAX = 200_000


def _cached_words(source: str) -> int:
    found = _WORD_COUNTS.get(source)
    if found is None:
        if len(_WORD_COUNTS) >= _WORD_COUNTS_MAX:
            _WORD_COUNTS.clear()
        found = _WORD_COUNTS[source] = words(source)
    return found


_WORDS = re.compile(
    r"[\u3007\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|[A-Za-z0-9]+(?:[.,'\-][A-Za-z0-9]+)*"
)


def progress(store: Store, document_id: int) -> dict:
    """The document's progress: ``{"words": {status: n}, "segments": {status: n}, "total_words": n,
    "total_segments": n}``, every status of :data:`PROGRESS_ORDER` present (0 when none)."""
    by_words = dict.fromkeys(PROGRESS_ORDER, 0)
    by_segments = dict.fromkeys(PROGRESS_ORDER, 0)
    with store.session() as session:
        rows = session.execute(
            select(Segment.source, Translation.status)
            .outerjoin(Translation, Translation.segment_id == Segment.id)
            .where(Segment.document_id == int(document_id))
        )
        for source, status in rows:
            status = status or "new"
            by_words[status] = by_words.get(status, 0) + _cached_words(source)
            by_segments[status] = by_segments.get(status, 0) + 1
    return dict(
        words=by_words,
        segments=by_segments,
        total_words=sum(by_words.values()),
        total_segments=sum(by_segments.values()),
    )


def assigned_condition(name: str):
    """SQL: the segment (``Segment``) is in work assigned to ``name`` (as translator or reviewer)."""
    return (
        select(Assignment.id)
        .where(
            Assignment.document_id == Segment.document_id,
            or_(Assignment.translator == name, Assignment.reviewer == name),
            _covers(Segment.position),
        )
        .exists()
    )


def _covers(position):
    """The SQL condition that an Assignment covers the segment at ``position`` (a column or a number)."""
    return and_(
        or_(Assignment.first.is_(None), Assignment.first <= position),
        or_(Assignment.last.is_(None), Assignment.last >= position),
    )

"""Saving a translation and assessing it.

Every save is a new revision: who, when, the text and status, and the revision it was based
on. A save based on an outdated revision is refused with a ConflictError carrying the newer
text, so two reviewers never silently overwrite each other.
"""

from __future__ import annotations

import re

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from ..config import max_target_chars
from ..errors import ConflictError, InputError, WorkbenchError
from ..metrics import MQM_CATEGORIES, SEVERITIES, check_score
from ..store import STATUSES, Assessment, ErrorSpan, Revision, Segment, Store, Translation, utcnow
from . import teams, tm
from .assignments import check_assigned
from .database import database_problem

#: Characters a translation may not hold: C0 controls but tab and newline, DEL, C1 controls.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


#: The statements of every save, built once (building and keying a statement costs more CPU than
#: SQLite spends running it); their values are bound parameters.
_FRESH_TRANSLATION = (
    select(Translation).where(Translation.segment_id == bindparam("sid")).execution_options(populate_existing=True)
)
_SAVE_TRANSLATION = (
    update(Translation)
    .where(Translation.segment_id == bindparam("sid"), Translation.revision == bindparam("current"))
    .values(
        target=bindparam("new_target"),
        status=bindparam("new_status"),
        revision=bindparam("new_revision"),
        updated_by=bindparam("new_author"),
        updated_at=bindparam("new_time"),
    )
    .execution_options(synchronize_session=False)
)
_SEGMENT_AT = select(Segment.id).where(Segment.document_id == bindparam("did"), Segment.position == bindparam("pos"))
_STATE = (
    select(Segment.position, Segment.source, Translation.target, Translation.status, Translation.revision)
    .outerjoin(Translation, Translation.segment_id == Segment.id)
    .where(Segment.id == bindparam("sid"))
)
_HISTORY = (
    select(Revision.number, Revision.author, Revision.created_at, Revision.text, Revision.status)
    .where(Revision.segment_id == bindparam("sid"))
    .order_by(Revision.number)
)


def _translation(session, segment_id: int) -> Translation:
    """The segment's translation row, created (safely against a concurrent creator) when missing."""
    # as it is in the database now, not as this session last saw it
    translation = session.scalar(_FRESH_TRANSLATION, {"sid": int(segment_id)})
    if translation is not None:
        return translation
    if session.get(Segment, segment_id) is None:
        raise WorkbenchError(f"no segment with id {segment_id}")
    try:
        with session.begin_nested():
            session.add(Translation(segment_id=segment_id, status="new", target=""))
    except IntegrityError:  # another reviewer created it in between: use theirs
        pass
    return session.scalar(select(Translation).where(Translation.segment_id == segment_id))


def check_text(text: str, what: str = "the text") -> str:
    """``text`` if it can be stored as it is: no control characters other than tab and newline
    (a carriage return is turned into a newline), no lone surrogates."""
    if not isinstance(text, str):
        raise WorkbenchError(f"{what} must be text, not {type(text).__name__}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise WorkbenchError(
            f"{what} holds an invalid character (a lone surrogate, U+{ord(text[exc.start]):04X}, "
            f"at position {exc.start}); it cannot be saved"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = CONTROL_CHARS.search(text)
    if bad:
        raise WorkbenchError(
            f"{what} holds a control character (U+{ord(bad.group()):04X} at position {bad.start()}); "
            "remove it and save again"
        )
    return text


def check_target(text: str, what: str = "the translation") -> str:
    """``text`` checked as :func:`check_text` and refused when longer than
    ``$WORKBENCH_MAX_TARGET_CHARS`` (default 100,000 characters): every save and merge goes through it."""
    text = check_text(text, what)
    limit = max_target_chars()
    if len(text) > limit:
        raise WorkbenchError(
            f"{what} is {len(text):,} characters long, more than the {limit:,} allowed "
            f"($WORKBENCH_MAX_TARGET_CHARS); nothing was saved"
        )
    return text


def check_incoming(row, source) -> None:
    """A row read from a bilingual file (``row.target``, ``row.score``, ``row.line``, ``row.id``),
    checked before a merge writes anything; the message names the file and the unit."""
    try:
        check_target(row.target)
        check_score(row.score)
    except WorkbenchError as exc:
        unit = f" (segment {row.id})" if row.id is not None else ""
        raise InputError(f"{source}, line {row.line}{unit}: {exc}") from None


def check_errors(errors: list[dict] | None, target: str) -> list[dict]:
    """MQM error spans with a known category and severity and offsets inside the target."""
    checked = []
    for error in errors or []:
        if not isinstance(error, dict):
            raise WorkbenchError(f"an error annotation must be an object with category and severity, not {error!r}")
        category, severity = error.get("category", ""), error.get("severity", "")
        if category not in MQM_CATEGORIES:
            raise WorkbenchError(f"unknown MQM category {category!r}; use one of {', '.join(MQM_CATEGORIES)}")
        if severity not in SEVERITIES:
            raise WorkbenchError(f"unknown severity {severity!r}; use minor, major or critical")
        try:
            start, end = int(error.get("start", 0)), int(error.get("end", 0))
        except (TypeError, ValueError):
            raise WorkbenchError("an error span's start and end must be whole numbers") from None
        if not 0 <= start <= end <= len(target):
            raise WorkbenchError(f"the error span {start}-{end} is outside the text ({len(target)} characters)")
        checked.append(
            dict(
                category=category,
                severity=severity,
                start=start,
                end=end,
                note=check_text(str(error.get("note", "") or ""), "the error note"),
            )
        )
    return checked


def apply_edit(
    session,
    segment_id: int,
    target: str,
    status: str | None,
    author: str,
    base_revision: int | None,
    origin: str = "edit",
    step_id: int | None = None,
    match_score: int | None = None,
) -> dict:
    """Within a session: record the change as a new revision if ``base_revision`` is still current.

    The check and the write are one conditional UPDATE (``... WHERE revision = base``), so of two
    reviewers who opened the same revision exactly one wins, across threads, processes and
    servers; the other gets a ConflictError with the winner's text. Without a base revision the
    change applies to whatever revision is current (merge, scripts). ``step_id`` ties the revision
    to a change step (see service.steps) that can be undone as one; ``match_score``: the score of
    the translation-memory match the text came from (kept with origin "tm" only).
    """
    if status is not None and status not in STATUSES:
        raise WorkbenchError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    target = check_target(target)
    for attempt in range(20):
        translation = _translation(session, segment_id)
        if attempt:  # another writer won the last round: read what it wrote
            session.refresh(translation)
        current = translation.revision
        if base_revision is not None and base_revision != current:
            raise _conflict(segment_id, translation, base_revision)
        new_status, old_status = status or translation.status, translation.status
        if target == translation.target and new_status == translation.status:
            return dict(segment=segment_id, revision=current, changed=False, status=new_status)
        now = utcnow()
        won = session.execute(
            _SAVE_TRANSLATION,
            dict(
                sid=int(segment_id),
                current=current,
                new_target=target,
                new_status=new_status,
                new_revision=current + 1,
                new_author=author,
                new_time=now,
            ),
        ).rowcount
        if won == 1:
            session.add(
                Revision(
                    segment_id=segment_id,
                    number=current + 1,
                    based_on=current,
                    text=target,
                    status=new_status,
                    author=author,
                    origin=origin,
                    step_id=step_id,
                    match_score=int(match_score) if match_score is not None and origin == "tm" else None,
                )
            )
            session.flush()
            session.expire(translation)
            if new_status in tm.REVIEWED:  # reviewed work goes into the translation memory
                tm.record_segment(session, segment_id)
            elif old_status in tm.REVIEWED:  # and leaves it when it is no longer reviewed
                tm.forget_segment(session, segment_id)
            return dict(segment=segment_id, revision=current + 1, changed=True, status=new_status)
        session.expire(translation)
        if base_revision is not None:
            session.refresh(translation)
            raise _conflict(segment_id, translation, base_revision)
    raise WorkbenchError(f"segment {segment_id} is being changed by others too often; try again")


def _conflict(segment_id: int, translation: Translation, base_revision: int) -> ConflictError:
    return ConflictError(
        f"segment {segment_id} was changed by {translation.updated_by or 'someone'} after you opened it "
        f"(revision {translation.revision}, yours was {base_revision}); "
        f"their text is: \u201c{translation.target}\u201d.",
        current_text=translation.target,
        current_revision=translation.revision,
        current_author=translation.updated_by or "",
    )


def add_assessment(
    session,
    segment_id: int,
    reviewer: str,
    score: int | None = None,
    comment: str = "",
    errors: list[dict] | None = None,
    step_id: int | None = None,
) -> int:
    """Record a Direct Assessment score (0-100, or None: not scored), a comment and MQM error spans."""
    score = check_score(score)
    comment = check_text(comment or "", "the comment")
    translation = _translation(session, segment_id)  # its revision as just saved (apply_edit expires it)
    assessment = Assessment(
        segment_id=segment_id,
        reviewer=reviewer,
        score=score,
        comment=comment,
        revision=translation.revision,
        step_id=step_id,
    )
    for error in check_errors(errors, translation.target):
        assessment.errors.append(ErrorSpan(**error))
    session.add(assessment)
    session.flush()
    return assessment.id


def save_review(
    store: Store,
    segment_id: int,
    target: str,
    status: str | None = None,
    author: str = "",
    base_revision: int | None = None,
    score=None,
    comment: str = "",
    errors: list[dict] | None = None,
    origin: str = "edit",
    match_score: int | None = None,
) -> dict:
    """Save a reviewer's work on one segment in ONE transaction: the post-edit and status as a new
    revision (refused with a ConflictError if ``base_revision`` is outdated), and, when given, a
    Direct Assessment score (None: not scored), a comment and MQM error spans. ``origin`` "tm"
    with ``match_score``: the text is a translation-memory match of that score (the grid's TM
    match filter finds it).

    Everything is checked before anything is written, so a refused save writes nothing.
    """
    target = check_target(target)
    score = check_score(score)
    comment = check_text(comment or "", "the comment")
    errors = check_errors(errors, target)
    author = check_text(author or "", "the reviewer's name").strip()
    try:
        with store.writing() as session:
            account = teams.authorize(session, *teams.save_actions(status, score, comment, errors))
            return _save(session, int(segment_id), account, target, status, author, base_revision, score, comment,
                         errors, origin, match_score)  # fmt: skip
    except OperationalError as exc:  # disk full, read-only project: one clear line, nothing saved
        problem = database_problem(exc, store)
        if problem is None:
            raise
        raise problem from None


def _save(session, segment_id, account, target, status, author, base_revision, score, comment, errors, origin,
          match_score) -> dict:  # fmt: skip
    """The body of a save, in ``session``, once ``account`` (None: no accounts) was authorized."""
    if account is not None:  # with accounts the signed-in account is the author, whatever was typed
        author = account
        check_assigned(session, segment_id, account)
    result = apply_edit(session, segment_id, target, status, author, base_revision, origin, match_score=match_score)
    if score is not None or comment.strip() or errors:
        result["assessment"] = add_assessment(session, segment_id, author, score, comment, errors)
    if account is not None and (result["changed"] or "assessment" in result):
        _audit_save(session, segment_id, result, score)
    return result


def save_segment_at(
    store: Store,
    document_id: int,
    number: int,
    target: str,
    status: str | None = None,
    author: str = "",
    base_revision: int | None = None,
    score=None,
    comment: str = "",
) -> dict | None:
    """The REST API's save: segment ``number`` (1-based, as the grid's #) of ``document_id`` saved
    as :func:`save_review` saves it, with the same checks, and the segment as
    :func:`segment_state` gives it, all in ONE unit of work (one transaction, one role check).
    None when the document has no such segment (nothing written)."""
    target = check_target(target)
    score = check_score(score)
    comment = check_text(comment or "", "the comment")
    author = check_text(author or "", "the reviewer's name").strip()
    try:
        with store.writing() as session:
            account = teams.authorize(session, *teams.save_actions(status, score, comment), "read")
            segment_id = session.scalar(_SEGMENT_AT, {"did": int(document_id), "pos": int(number)})
            if segment_id is None:
                return None
            _save(session, segment_id, account, target, status, author, base_revision, score, comment, None, "edit",
                  None)  # fmt: skip
            return _state(session, segment_id)
    except OperationalError as exc:
        problem = database_problem(exc, store)
        if problem is None:
            raise
        raise problem from None


def save_edit(
    store: Store,
    segment_id: int,
    target: str,
    status: str | None = None,
    author: str = "",
    base_revision: int | None = None,
    origin: str = "edit",
) -> dict:
    """Save one segment's post-edit (and status) as a new revision; refused if the base is outdated."""
    return save_review(store, segment_id, target, status, author, base_revision, origin=origin)


def assess(
    store: Store,
    segment_id: int,
    reviewer: str,
    score: int | None = None,
    comment: str = "",
    errors: list[dict] | None = None,
) -> int:
    """Record an assessment of the segment's current revision (no new revision)."""
    with store.session() as session:
        account = teams.authorize(session, *teams.save_actions(None, score, comment, errors, edit=False))
        assessment = add_assessment(session, segment_id, account or reviewer, score, comment, errors)
        if account is not None:
            teams.record(session, "assess", f"segment {segment_id}: assessment {assessment} (score {score})")
        return assessment


def _audit_save(session, segment_id: int, result: dict, score) -> None:
    """A line in the audit trail for a save (an approval or a rejection is named so)."""
    status = str(result.get("status") or "")
    action = {"approved": "approve", "rejected": "reject"}.get(status, "save")
    what = f"segment {segment_id}: revision {result['revision']}, status {status}"
    if score is not None and score != "":
        what += f", score {score}"
    teams.record(session, action, what)


def history(store: Store, segment_id: int) -> list[dict]:
    """Every revision of a segment, oldest first."""
    with store.session() as session:
        return [
            dict(
                number=r.number,
                based_on=r.based_on,
                text=r.text,
                status=r.status,
                author=r.author,
                origin=r.origin,
                at=r.created_at.isoformat(timespec="seconds"),
            )
            for r in session.scalars(
                select(Revision).where(Revision.segment_id == segment_id).order_by(Revision.number)
            )
        ]


# ---------------------------------------------------------------- reading for review

REVIEWED = ("reviewed", "approved", "rejected")


def _filtered_query(document_id: int, status: str | None, term: str | None, text: str | None):
    """The grid's query under status, term and text (see :class:`GridFilter` for every criterion)."""
    from .grid import GridFilter

    return GridFilter(status=status, term=term, text=text).query(document_id)


def _row(segment: Segment, translation: Translation, flags=None) -> dict:
    return dict(
        id=segment.id,
        position=segment.position,
        paragraph=segment.paragraph,
        kind=segment.kind,
        source=segment.source,
        mt=translation.mt_text or "",
        target=translation.target,
        status=translation.status,
        revision=translation.revision,
        updated_by=translation.updated_by,
        flags=[dict(check=f.check, message=f.message) for f in (flags or [])],
    )


def review_page(
    store: Store,
    document_id: int,
    offset: int = 0,
    limit: int = 50,
    status: str | None = None,
    term: str | None = None,
    text: str | None = None,
    qa_only: bool = False,
    matcher=None,
    checks: set[str] | None = None,
    where=None,
) -> tuple[int, list[dict]]:
    """(number of matching segments, one page of them with their QA flags).

    ``where`` is the grid's filter (a :class:`~workbench.service.grid.GridFilter`); without it,
    ``status``, ``term``, ``text``, ``qa_only`` and ``checks`` make one. Every criterion but the QA
    checks filters in the database; the QA criteria (``qa_only``, ``qa_check``) keep the segments
    flagged by an enabled check (or by that one check), computed for the whole document. The flags
    shown on the rows are those of the enabled ``checks``.
    """
    from sqlalchemy import func

    from ..qa import run_checks
    from .grid import GridFilter

    if where is None:
        where = GridFilter(
            status=status, term=term, text=text, qa_only=qa_only, checks=None if checks is None else frozenset(checks)
        )
    shown = None if where.checks is None else set(where.checks)
    query = where.query(document_id)
    with store.session() as session:
        teams.authorize(session, "read")
        if not where.by_qa:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            page = session.execute(query.offset(offset).limit(limit)).all()
            return total, [_row(s, t, run_checks(s.source, t.target, matcher, shown)) for s, t in page]
        # the QA checks run over the whole document: read only what they need, then load the page
        deciding = where.qa_checks()
        texts = query.with_only_columns(Segment.id, Segment.source, Translation.target)
        flagged = [i for i, source, target in session.execute(texts) if run_checks(source, target, matcher, deciding)]
        wanted = flagged[offset : offset + limit]
        page = session.execute(
            select(Segment, Translation)
            .join(Translation, Translation.segment_id == Segment.id)
            .where(Segment.id.in_(wanted))
            .order_by(Segment.position)
        ).all()
        return len(flagged), [_row(s, t, run_checks(s.source, t.target, matcher, shown)) for s, t in page]


def segment_detail(store: Store, segment_id: int, matcher=None, checks: set[str] | None = None) -> dict:
    """One segment for the editor: texts, status, revision, latest assessment, history, QA flags."""
    from ..qa import run_checks

    with store.session() as session:
        teams.authorize(session, "read")
        segment = session.get(Segment, segment_id)
        if segment is None:
            raise WorkbenchError(f"no segment with id {segment_id}")
        translation = _translation(session, segment_id)
        latest = session.scalar(
            select(Assessment).where(Assessment.segment_id == segment_id).order_by(Assessment.id.desc()).limit(1)
        )
        detail = _row(segment, translation, run_checks(segment.source, translation.target, matcher, checks))
        detail.update(
            document_id=segment.document_id,
            score=latest.score if latest else None,
            comment=latest.comment if latest else "",
            reviewer=latest.reviewer if latest else "",
            errors=[
                dict(category=e.category, severity=e.severity, start=e.start, end=e.end, note=e.note)
                for e in (latest.errors if latest else [])
            ],
        )
    detail["history"] = history(store, segment_id)
    return detail


def neighbour(
    store: Store, document_id: int, position: int, which: str = "next", matcher=None, checks: set[str] | None = None
) -> int | None:
    """The id of the next segment after ``position``: ``next``, ``previous``, ``unreviewed`` (not yet
    reviewed, approved or rejected) or ``qa`` (with a QA flag); wraps around to the start."""
    from ..qa import run_checks

    with store.session() as session:
        rows = session.execute(
            select(Segment.id, Segment.position, Segment.source, Translation.target, Translation.status)
            .join(Translation, Translation.segment_id == Segment.id)
            .where(Segment.document_id == document_id)
            .order_by(Segment.position)
        ).all()
    if not rows:
        return None
    if which == "previous":
        before = [r for r in rows if r.position < position]
        return (before[-1] if before else rows[-1]).id
    ordered = [r for r in rows if r.position > position] + [r for r in rows if r.position <= position]
    for r in ordered:
        if (
            which == "next"
            or (which == "unreviewed" and r.status not in REVIEWED)
            or (which == "qa" and run_checks(r.source, r.target, matcher, checks))
        ):
            return r.id
    return None


def segment_state(store: Store, segment_id: int) -> dict:
    """One segment as the REST API gives it, in one unit of work: its number in the document,
    texts, status, revision and every revision (no QA, no assessment: cheaper than segment_detail)."""
    with store.session() as session:
        teams.authorize(session, "read")
        return _state(session, segment_id)


def _state(session, segment_id: int) -> dict:
    """:func:`segment_state` in ``session``: the columns it shows, no ORM objects."""
    row = session.execute(_STATE, {"sid": int(segment_id)}).first()
    if row is None:
        raise WorkbenchError(f"no segment with id {segment_id}")
    revisions = session.execute(_HISTORY, {"sid": int(segment_id)}).all()
    return dict(
        number=row.position,
        source=row.source,
        target=row.target if row.target is not None else "",
        status=row.status or "new",
        revision=row.revision or 0,
        history=[
            dict(
                revision=r.number,
                author=r.author,
                time=r.created_at.isoformat(timespec="seconds"),
                target=r.text,
                status=r.status,
            )
            for r in revisions
        ],
    )


def segment_at(store: Store, document_id: int, position: int) -> int | None:
    with store.session() as session:
        return session.scalar(
            select(Segment.id).where(Segment.document_id == document_id, Segment.position == position)
        )


def restore_revision(store: Store, segment_id: int, number: int, author: str, base_revision: int | None) -> dict:
    """Make an earlier revision's text and status current again (as a new revision)."""
    with store.session() as session:
        old = session.scalar(select(Revision).where(Revision.segment_id == segment_id, Revision.number == number))
        if old is None:
            raise WorkbenchError(f"segment {segment_id} has no revision {number}")
        account = teams.authorize(session, *teams.save_actions(old.status))
        check_assigned(session, segment_id, account)
        author = account or author
        result = apply_edit(session, segment_id, old.text, old.status, author, base_revision, origin="restore")
        if account is not None and result["changed"]:
            teams.record(session, "restore", f"segment {segment_id}: revision {number} is {result['revision']} again")
        return result

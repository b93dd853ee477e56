"""Saving a translation and assessing it.

Every save is a new revision: who, when, the text and status, and the revision it was based
on. A save based on an outdated revision is refused with a ConflictError carrying the newer
text, so two reviewers never silently overwrite each other.
"""

from __future__ import annotations

from sqlalchemy import select

from ..errors import ConflictError, WorkbenchError
from ..store import STATUSES, Assessment, ErrorSpan, Revision, Segment, Translation, utcnow

MQM_CATEGORIES = ("terminology", "accuracy", "fluency", "style", "locale conventions")
SEVERITIES = {"minor": 1, "major": 5, "critical": 25}


def _translation(session, segment_id: int) -> Translation:
    translation = session.scalar(select(Translation).where(Translation.segment_id == segment_id))
    if translation is None:
        if session.get(Segment, segment_id) is None:
            raise WorkbenchError(f"no segment with id {segment_id}")
        translation = Translation(segment_id=segment_id, status="new", target="")
        session.add(translation)
        session.flush()
    return translation


def apply_edit(session, segment_id: int, target: str, status: str | None, author: str, base_revision: int | None,
               origin: str = "edit") -> dict:
    """Within a session: check the base revision, then record the change as a new revision."""
    if status is not None and status not in STATUSES:
        raise WorkbenchError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    translation = _translation(session, segment_id)
    if base_revision is not None and base_revision != translation.revision:
        raise ConflictError(
            f"segment {segment_id} was changed by {translation.updated_by or 'someone'} after you opened it "
            f"(revision {translation.revision}, yours was {base_revision}); their text is: {translation.target}",
            current_text=translation.target, current_revision=translation.revision)
    new_status = status or translation.status
    if target == translation.target and new_status == translation.status:
        return dict(segment=segment_id, revision=translation.revision, changed=False, status=new_status)
    translation.target, translation.status = target, new_status
    translation.revision += 1
    translation.updated_by, translation.updated_at = author, utcnow()
    session.add(Revision(segment_id=segment_id, number=translation.revision, based_on=translation.revision - 1,
                         text=target, status=new_status, author=author, origin=origin))
    return dict(segment=segment_id, revision=translation.revision, changed=True, status=new_status)


def save_edit(store, segment_id: int, target: str, status: str | None = None, author: str = "",
              base_revision: int | None = None, origin: str = "edit") -> dict:
    """Save one segment's post-edit (and status) as a new revision; refused if the base is outdated."""
    with store.session() as session:
        return apply_edit(session, segment_id, target, status, author, base_revision, origin)


def add_assessment(session, segment_id: int, reviewer: str, score: int | None = None, comment: str = "",
                   errors: list[dict] | None = None) -> int:
    """Record a Direct Assessment score (0-100), a comment and MQM error spans for a segment."""
    if score is not None and not 0 <= int(score) <= 100:
        raise WorkbenchError("the score must be between 0 and 100")
    translation = _translation(session, segment_id)
    assessment = Assessment(segment_id=segment_id, reviewer=reviewer, score=None if score is None else int(score),
                            comment=comment or "", revision=translation.revision)
    for error in errors or []:
        category, severity = error.get("category", ""), error.get("severity", "")
        if category not in MQM_CATEGORIES:
            raise WorkbenchError(f"unknown MQM category {category!r}; use one of {', '.join(MQM_CATEGORIES)}")
        if severity not in SEVERITIES:
            raise WorkbenchError(f"unknown severity {severity!r}; use minor, major or critical")
        assessment.errors.append(ErrorSpan(category=category, severity=severity, start=int(error.get("start", 0)),
                                           end=int(error.get("end", 0)), note=error.get("note", "")))
    session.add(assessment)
    session.flush()
    return assessment.id


def assess(store, segment_id: int, reviewer: str, score: int | None = None, comment: str = "",
           errors: list[dict] | None = None) -> int:
    with store.session() as session:
        return add_assessment(session, segment_id, reviewer, score, comment, errors)


def history(store, segment_id: int) -> list[dict]:
    """Every revision of a segment, oldest first."""
    with store.session() as session:
        return [dict(number=r.number, based_on=r.based_on, text=r.text, status=r.status, author=r.author,
                     origin=r.origin, at=r.created_at.isoformat(timespec="seconds"))
                for r in session.scalars(select(Revision).where(Revision.segment_id == segment_id).order_by(Revision.number))]


# ---------------------------------------------------------------- reading for review

REVIEWED = ("reviewed", "approved", "rejected")


def _filtered_query(document_id: int, status: str | None, term: str | None, text: str | None):
    from sqlalchemy import or_

    query = (select(Segment, Translation).join(Translation, Translation.segment_id == Segment.id)
             .where(Segment.document_id == document_id))
    if status:
        query = query.where(Translation.status == status)
    if term:
        query = query.where(Segment.source.contains(term.strip()))
    if text:
        like = text.strip()
        query = query.where(or_(Segment.source.contains(like), Translation.target.contains(like),
                                Translation.mt_text.contains(like)))
    return query.order_by(Segment.position)


def _row(segment: Segment, translation: Translation, flags=None) -> dict:
    return dict(id=segment.id, position=segment.position, paragraph=segment.paragraph, kind=segment.kind,
                source=segment.source, mt=translation.mt_text or "", target=translation.target, status=translation.status,
                revision=translation.revision, updated_by=translation.updated_by,
                flags=[dict(check=f.check, message=f.message) for f in (flags or [])])


def review_page(store, document_id: int, offset: int = 0, limit: int = 50, status: str | None = None,
                term: str | None = None, text: str | None = None, qa_only: bool = False, matcher=None,
                checks: set[str] | None = None) -> tuple[int, list[dict]]:
    """(number of matching segments, one page of them with their QA flags).

    Status, term (in the source) and text (in source, MT or target) filter in the database;
    ``qa_only`` keeps segments with at least one enabled QA flag (computed for the document).
    """
    from sqlalchemy import func

    from ..qa import run_checks

    query = _filtered_query(document_id, status, term, text)
    with store.session() as session:
        if not qa_only:
            total = session.scalar(select(func.count()).select_from(query.subquery()))
            page = session.execute(query.offset(offset).limit(limit)).all()
            return total, [_row(s, t, run_checks(s.source, t.target, matcher, checks)) for s, t in page]
        flagged = []
        for s, t in session.execute(query):
            flags = run_checks(s.source, t.target, matcher, checks)
            if flags:
                flagged.append(_row(s, t, flags))
        return len(flagged), flagged[offset:offset + limit]


def segment_detail(store, segment_id: int, matcher=None, checks: set[str] | None = None) -> dict:
    """One segment for the editor: texts, status, revision, latest assessment, history, QA flags."""
    from ..qa import run_checks

    with store.session() as session:
        segment = session.get(Segment, segment_id)
        if segment is None:
            raise WorkbenchError(f"no segment with id {segment_id}")
        translation = _translation(session, segment_id)
        latest = session.scalar(select(Assessment).where(Assessment.segment_id == segment_id)
                                .order_by(Assessment.id.desc()).limit(1))
        detail = _row(segment, translation, run_checks(segment.source, translation.target, matcher, checks))
        detail.update(
            document_id=segment.document_id,
            score=latest.score if latest else None, comment=latest.comment if latest else "",
            reviewer=latest.reviewer if latest else "",
            errors=[dict(category=e.category, severity=e.severity, start=e.start, end=e.end, note=e.note)
                    for e in (latest.errors if latest else [])],
        )
    detail["history"] = history(store, segment_id)
    return detail


def neighbour(store, document_id: int, position: int, which: str = "next", matcher=None,
              checks: set[str] | None = None) -> int | None:
    """The id of the next segment after ``position``: ``next``, ``previous``, ``unreviewed`` (not yet
    reviewed, approved or rejected) or ``qa`` (with a QA flag); wraps around to the start."""
    from ..qa import run_checks

    with store.session() as session:
        rows = session.execute(select(Segment.id, Segment.position, Segment.source, Translation.target, Translation.status)
                               .join(Translation, Translation.segment_id == Segment.id)
                               .where(Segment.document_id == document_id).order_by(Segment.position)).all()
    if not rows:
        return None
    if which == "previous":
        before = [r for r in rows if r.position < position]
        return (before[-1] if before else rows[-1]).id
    ordered = [r for r in rows if r.position > position] + [r for r in rows if r.position <= position]
    for r in ordered:
        if which == "next" or (which == "unreviewed" and r.status not in REVIEWED) or (
                which == "qa" and run_checks(r.source, r.target, matcher, checks)):
            return r.id
    return None


def segment_at(store, document_id: int, position: int) -> int | None:
    with store.session() as session:
        return session.scalar(select(Segment.id).where(Segment.document_id == document_id, Segment.position == position))


def restore_revision(store, segment_id: int, number: int, author: str, base_revision: int | None) -> dict:
    """Make an earlier revision's text and status current again (as a new revision)."""
    with store.session() as session:
        old = session.scalar(select(Revision).where(Revision.segment_id == segment_id, Revision.number == number))
        if old is None:
            raise WorkbenchError(f"segment {segment_id} has no revision {number}")
        return apply_edit(session, segment_id, old.text, old.status, author, base_revision, origin="restore")


def save_review(store, segment_id: int, target: str, status: str | None = None, author: str = "",
                base_revision: int | None = None, score=None, comment: str = "", errors: list[dict] | None = None,
                origin: str = "edit") -> dict:
    """Save the post-edit, status and (when given) score, comment and error spans in one transaction.
    (Stand-in until the lead's version from main is merged.)"""
    with store.session() as session:
        result = apply_edit(session, int(segment_id), target, status, author, base_revision, origin)
        if score is not None or (comment or "").strip() or errors:
            result["assessment"] = add_assessment(session, int(segment_id), author, score, comment, errors)
    return result

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

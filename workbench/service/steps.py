"""Change steps: one user action that changes many segments (a merge of a file, a replace-all)
recorded as one step, listed in the project's history and undone as one.

A step is opened inside the action's own transaction (:func:`start_step`); every revision and
assessment the action writes carries the step's id (``apply_edit(..., step_id=)``,
``add_assessment(..., step_id=)``). Undoing a step makes, for each segment it changed, the text
and status it had before the step current again, as a new revision (origin ``undo``), and removes
the step's assessments. A segment changed again after the step is left as it is and reported:
undo never throws away later work.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import delete, func, select

from ..errors import WorkbenchError
from ..store import Assessment, ChangeStep, Revision, Store, Translation, utcnow
from . import teams
from .projects import DEFAULT_PROJECT, get_project
from .review import apply_edit


@dataclass
class UndoReport:
    """What undoing a step did: segments given back their earlier text, segments kept because
    someone changed them after the step (segment ids), assessments removed."""

    step: int
    kind: str
    description: str
    restored: int = 0
    kept: list[int] = field(default_factory=list)
    assessments_removed: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def start_step(session, project_id: int, kind: str, author: str, description: str, details: dict | None = None) -> int:
    """Open a change step within the caller's transaction; returns its id for ``step_id=``."""
    step = ChangeStep(project_id=project_id, kind=kind, author=author, description=description, details=details or {})
    session.add(step)
    session.flush()
    return step.id


def _step_dict(step: ChangeStep, segments: int) -> dict:
    return dict(
        id=step.id,
        kind=step.kind,
        author=step.author,
        description=step.description,
        time=step.created_at.isoformat(timespec="seconds"),
        segments=segments,
        undone=step.undone_at is not None,
        details=step.details or {},
    )


def list_steps(store: Store, project: str = DEFAULT_PROJECT, limit: int = 50) -> list[dict]:
    """The project's change steps, newest first, with how many segments each changed."""
    with store.session() as session:
        p = get_project(session, project, create=False)
        steps = list(
            session.scalars(
                select(ChangeStep).where(ChangeStep.project_id == p.id).order_by(ChangeStep.id.desc()).limit(limit)
            )
        )
        counts = dict(
            session.execute(
                select(Revision.step_id, func.count())
                .where(Revision.step_id.in_([s.id for s in steps]))
                .group_by(Revision.step_id)
            ).all()
        )
        return [_step_dict(s, counts.get(s.id, 0)) for s in steps]


def _find_step(session, project_id: int, which: str | int) -> ChangeStep:
    if str(which) == "last":
        step = session.scalar(
            select(ChangeStep)
            .where(ChangeStep.project_id == project_id, ChangeStep.undone_at.is_(None))
            .order_by(ChangeStep.id.desc())
            .limit(1)
        )
        if step is None:
            raise WorkbenchError("there is nothing to undo: the project has no change step that is not undone")
        return step
    try:
        number = int(which)
    except (TypeError, ValueError):
        raise WorkbenchError(f"{which!r} is not a change step; give 'last' or a step number") from None
    step = session.get(ChangeStep, number)
    if step is None or step.project_id != project_id:
        raise WorkbenchError(f"there is no change step {number} in this project")
    if step.undone_at is not None:
        who = step.undone_by or "someone"
        raise WorkbenchError(f"change step {number} ({step.description}) was already undone by {who}")
    return step


def _check_undoer(session, step: ChangeStep, account: str | None) -> None:
    """In a team's project a step is taken back by the account that made it, or an admin."""
    if account is None or step.author == account:
        return
    role = teams.role_of(session, account)
    if role != "admin":
        raise teams.refused(
            account,
            role or "",
            "undo",
            f"{account} may not undo step {step.id}: {step.author} made it (they or an admin may undo it)",
            f"refused: undo step {step.id} of {step.author}",
        )


def undo_step(
    store: Store, which: str | int, author: str, project: str = DEFAULT_PROJECT, kind: str | None = None
) -> UndoReport:
    """Undo change step ``which`` ('last' or its id) in one transaction (see the module docstring).
    ``kind`` limits 'last' and checks a given id to steps of that kind ('merge', 'replace')."""
    with store.writing() as session:
        account = teams.audited(session, "undo", f"undo step {which}")
        author = account or author
        p = get_project(session, project, create=False)
        if kind is not None and str(which) == "last":
            step = session.scalar(
                select(ChangeStep)
                .where(ChangeStep.project_id == p.id, ChangeStep.kind == kind, ChangeStep.undone_at.is_(None))
                .order_by(ChangeStep.id.desc())
                .limit(1)
            )
            if step is None:
                raise WorkbenchError(f"there is no {kind} to undo in this project")
        else:
            step = _find_step(session, p.id, which)
            if kind is not None and step.kind != kind:
                raise WorkbenchError(f"change step {step.id} is a {step.kind}, not a {kind}")
        _check_undoer(session, step, account)
        report = UndoReport(step=step.id, kind=step.kind, description=step.description)
        revisions = session.scalars(select(Revision).where(Revision.step_id == step.id).order_by(Revision.id))
        for revision in list(revisions):
            translation = session.scalar(select(Translation).where(Translation.segment_id == revision.segment_id))
            if translation is None or translation.revision != revision.number:
                report.kept.append(revision.segment_id)
                continue
            before = session.scalar(
                select(Revision).where(Revision.segment_id == revision.segment_id, Revision.number == revision.based_on)
            )
            text, status = (before.text, before.status) if before is not None else ("", "new")
            apply_edit(session, revision.segment_id, text, status, author, revision.number, origin="undo")
            report.restored += 1
        removed = session.execute(delete(Assessment).where(Assessment.step_id == step.id))
        report.assessments_removed = removed.rowcount  # type: ignore[attr-defined]
        step.undone_at, step.undone_by = utcnow(), author
        return report

"""Find and replace across a document or the whole project.

:func:`find_replace` first lists every change it would make (a preview: each segment with its
text before and after); with ``apply=True`` it makes them, in one transaction, as one change
step (kind ``replace``) whose new revisions have the reviewer as author, so that
``undo_step(..., kind="replace")`` or ``workbench undo`` takes the whole action back.

Where it looks: the targets (the English), or the sources (the Chinese). The source is the
document being translated and is never rewritten here: a search in the source only finds
(``apply=True`` is refused). Approved segments are left alone unless ``include_approved``.
A segment changed by someone between the preview and the replacement is replaced as it is
now (the change is computed again inside the writing transaction).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from ..errors import WorkbenchError
from ..find_replace import compile_search, deadline
from ..store import Document, Segment, Translation
from . import teams
from .assignments import assigned_elsewhere
from .projects import DEFAULT_PROJECT, get_project
from .review import apply_edit, check_target
from .steps import start_step

PLACES = ("target", "source")


@dataclass
class Change:
    """One segment the search matches: where, how often, its text before and (target) after."""

    segment: int
    document: int
    position: int
    status: str
    revision: int
    matches: int
    before: str
    after: str
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class ReplaceReport:
    """What a find/replace found or did. ``step`` is the change step of an applied replacement
    (None for a preview or when nothing changed); ``skipped_approved`` counts approved segments
    that match but were left alone, ``skipped_assigned`` segments that match but are assigned to
    other people (a team's project: assigned work is its translator's and reviewer's)."""

    pattern: str
    replacement: str
    place: str
    applied: bool
    changes: list[Change] = field(default_factory=list)
    skipped_approved: int = 0
    skipped_assigned: int = 0
    step: int | None = None

    @property
    def matches(self) -> int:
        return sum(c.matches for c in self.changes)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["matches"] = self.matches
        return data


def _rows(session, project_id: int, document_id: int | None, segment_ids: list[int] | None):
    query = (
        select(Segment, Translation)
        .join(Document, Document.id == Segment.document_id)
        .join(Translation, Translation.segment_id == Segment.id)
        .where(Document.project_id == project_id, Document.role == "source")
        .order_by(Segment.document_id, Segment.position)
    )
    if document_id is not None:
        if session.get(Document, document_id) is None:
            raise WorkbenchError(f"there is no document {document_id} in this project")
        query = query.where(Segment.document_id == document_id)
    if segment_ids is not None:
        query = query.where(Segment.id.in_(segment_ids))
    return session.execute(query).all()


def find_replace(
    store,
    pattern: str,
    replacement: str = "",
    *,
    reviewer: str = "",
    place: str = "target",
    is_regex: bool = False,
    match_case: bool = False,
    whole_word: bool = False,
    document_id: int | None = None,
    segment_ids: list[int] | None = None,
    include_approved: bool = False,
    apply: bool = False,
    project: str = DEFAULT_PROJECT,
) -> ReplaceReport:
    """Preview (``apply=False``) or make every replacement of ``pattern`` by ``replacement`` in
    the project (or ``document_id``, or only ``segment_ids``: "replace this one"); see the module
    docstring. Bad patterns, a slow regular expression, a replacement that would make a target
    that cannot be saved: one WorkbenchError, nothing changed."""
    if place not in PLACES:
        raise WorkbenchError(f"search in the target or the source, not {place!r}")
    if apply and place == "source":
        raise WorkbenchError(
            "the source text is the document being translated and is not replaced; "
            "a search in the source only lists the segments it finds (preview)"
        )
    reviewer = (reviewer or "").strip()
    search = compile_search(pattern, replacement, is_regex, match_case, whole_word)
    report = ReplaceReport(pattern, replacement, place, applied=apply)
    until = deadline()
    with store.writing() if apply else store.session() as session:
        account = None
        if apply:
            account = teams.audited(session, "replace", f"replace {pattern!r} with {replacement!r}")
            reviewer = account or reviewer  # with accounts the acting account is the author
            if not reviewer:
                raise WorkbenchError(
                    "say who makes the replacement (the reviewer): it is the author of the new revisions"
                )
        elif place == "target":
            account = teams.authorize(session, "read")
        p = get_project(session, project, create=False)
        step = None
        for segment, translation in _rows(session, p.id, document_id, segment_ids):
            text = segment.source if place == "source" else translation.target
            if place == "source":
                spans = search.matches(text, until)
                after = text
            else:
                after, spans = search.replace(text, until)
            if not spans:
                continue
            if translation.status == "approved" and not include_approved:
                report.skipped_approved += 1
                continue
            if place == "target" and assigned_elsewhere(session, segment.id, account):
                report.skipped_assigned += 1
                continue
            if place == "target":
                try:
                    after = check_target(after, f"segment #{segment.position}'s replaced translation")
                except WorkbenchError as exc:
                    raise WorkbenchError(f"{exc} (document {segment.document_id})") from None
            change = Change(
                segment.id,
                segment.document_id,
                segment.position,
                translation.status,
                translation.revision,
                len(spans),
                text,
                after,
                spans,
            )
            report.changes.append(change)
            if apply and after != text:
                if step is None:
                    description = f"replace \u201c{pattern}\u201d with \u201c{replacement}\u201d"
                    details = dict(pattern=pattern, replacement=replacement, regex=is_regex, document=document_id)
                    step = start_step(session, p.id, "replace", reviewer, description, details)
                result = apply_edit(
                    session, segment.id, after, None, reviewer, translation.revision, origin="replace", step_id=step
                )
                change.revision = result["revision"]
        report.step = step
    return report

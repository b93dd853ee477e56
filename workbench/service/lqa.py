"""LQA scorecards of a document: the figures (:func:`workbench.lqa.scorecard`) from the project's
segments and their latest assessments, written as XLSX or HTML."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from ..errors import WorkbenchError
from ..formats import scorecard as scorecard_file
from ..formats.output import output_file
from ..lqa import DEFAULT_THRESHOLD, Scorecard, ScoredSegment, read_weights, scorecard
from ..store import Assessment, Document, Segment, Store
from .projects import DEFAULT_PROJECT, get_project
from .review import MQM_CATEGORIES, REVIEWED


def document_scorecard(
    store: Store,
    document_id: int,
    weights: dict[str, float] | None = None,
    threshold: float | None = None,
    project: str = DEFAULT_PROJECT,
) -> Scorecard:
    """The LQA scorecard of one source document of the project."""
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if not threshold >= 0:  # also refuses nan
        raise WorkbenchError(f"the threshold must be a number from 0 up, not {threshold}")
    with store.session() as session:
        p = get_project(session, project)
        document = session.get(Document, int(document_id))
        if document is None or document.project_id != p.id or document.role != "source":
            raise WorkbenchError(f"no source document with id {document_id}")
        segments = list(
            session.scalars(select(Segment).where(Segment.document_id == document.id).order_by(Segment.position))
        )
        latest: dict[int, Assessment] = {}
        ids = [s.id for s in segments]
        for i in range(0, len(ids), 500):
            for a in session.scalars(
                select(Assessment).where(Assessment.segment_id.in_(ids[i : i + 500])).order_by(Assessment.id)
            ):
                latest[a.segment_id] = a
        scored = []
        for s in segments:
            last = latest.get(s.id)
            status = s.translation.status if s.translation else "new"
            scored.append(
                ScoredSegment(
                    id=s.id,
                    position=s.position,
                    source=s.source,
                    target=s.translation.target if s.translation else "",
                    evaluated=last is not None or status in REVIEWED,
                    errors=[
                        dict(category=e.category, severity=e.severity, start=e.start, end=e.end, note=e.note)
                        for e in (last.errors if last else [])
                    ],
                )
            )
        name = document.title or document.name
    return scorecard(name, scored, MQM_CATEGORIES, weights, threshold)


def export_scorecard(
    store: Store,
    document_id: int,
    path: str | Path,
    weights_file: str | Path | None = None,
    threshold: float | None = None,
    project: str = DEFAULT_PROJECT,
) -> Scorecard:
    """Write the document's scorecard to ``path`` (.xlsx or .html); ``weights_file``: a TOML or
    JSON file of severity weights (default MQM's: minor 1, major 5, critical 25)."""
    fmt = scorecard_file.file_format(path)
    weights = read_weights(weights_file) if weights_file else None
    card = document_scorecard(store, document_id, weights, threshold, project)
    with output_file(path) as partial:
        scorecard_file.write(card, partial, fmt)
    return card

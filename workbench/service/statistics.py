"""Project metrics from the store (see :mod:`workbench.metrics` for the definitions)."""

from __future__ import annotations

from sqlalchemy import select

from ..metrics import SegmentView, project_metrics
from ..store import Store
from .exchange import export_rows
from .glossaries import check_project
from .projects import DEFAULT_PROJECT


def metrics(store: Store, project_name: str = DEFAULT_PROJECT, document_id: int | None = None) -> dict:
    """The metrics of a project's segments (one document's with ``document_id``), with sacrebleu's signatures."""
    rows = export_rows(store, project_name, document_id)
    references = _references(store, [r.id for r in rows])
    views = [
        SegmentView(
            r.id,
            r.document,
            r.source,
            r.mt,
            r.target,
            references.get(r.id, ""),
            r.status,
            r.score,
            [(e["category"], e["severity"]) for e in r.errors],
        )
        for r in rows
    ]
    return project_metrics(views, check_project(store, project_name, document_id).term_accuracy)


def _references(store: Store, ids: list[int]) -> dict[int, str]:
    from ..store import Translation

    out: dict[int, str] = {}
    with store.session() as session:
        for i in range(0, len(ids), 500):
            for segment_id, reference in session.execute(
                select(Translation.segment_id, Translation.reference).where(
                    Translation.segment_id.in_(ids[i : i + 500]), Translation.reference.is_not(None)
                )
            ):
                out[segment_id] = reference or ""
    return out

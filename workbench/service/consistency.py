"""Consistency QA over a document or the whole project (see :mod:`workbench.consistency`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ..consistency import KINDS, Group, Unit, check_consistency
from ..errors import WorkbenchError
from ..store import Document, Segment, Store, Translation
from .glossaries import glossary_matcher
from .projects import DEFAULT_PROJECT, get_project


@dataclass
class ConsistencyReport:
    document: int | None  # None: the whole project
    segments: int  # translated segments compared
    groups: list[Group] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for g in self.groups if g.kind == kind) for kind in KINDS}

    def as_dict(self) -> dict:
        return dict(
            document=self.document,
            segments=self.segments,
            counts=self.counts(),
            groups=[g.as_dict() for g in self.groups],
        )


def consistency_report(
    store: Store, document_id: int | None = None, project: str = DEFAULT_PROJECT
) -> ConsistencyReport:
    """The consistency groups of one document (or of every source document of the project):
    same source translated differently, same translation for different sources, glossary terms
    rendered differently. Untranslated segments are left out."""
    with store.session() as session:
        p = get_project(session, project)
        query = (
            select(Segment.id, Segment.document_id, Segment.position, Segment.source, Translation.target)
            .join(Document, Document.id == Segment.document_id)
            .join(Translation, Translation.segment_id == Segment.id)
            .where(Document.project_id == p.id, Document.role == "source")
        )
        if document_id is not None:
            document = session.get(Document, int(document_id))
            if document is None or document.project_id != p.id:
                raise WorkbenchError(f"there is no document {document_id} in this project")
            query = query.where(Segment.document_id == int(document_id))
        units = [Unit(*row) for row in session.execute(query)]
    translated = sum(1 for u in units if u.target.strip())
    groups = check_consistency(units, glossary_matcher(store, project))
    return ConsistencyReport(None if document_id is None else int(document_id), translated, groups)

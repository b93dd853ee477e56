"""Projects: found by name, created on first use with the bundled governance glossary."""

from __future__ import annotations

from sqlalchemy import select

from ..errors import WorkbenchError
from ..store import GlossaryEntry, Project

DEFAULT_PROJECT = "default"
BUNDLED_PRIORITY = 100  # user glossaries default to 10: lower numbers win


def get_project(session, name: str = DEFAULT_PROJECT, create: bool = True) -> Project:
    project = session.scalar(select(Project).where(Project.name == name))
    if project is None:
        if not create:
            raise WorkbenchError(f"no project named {name!r} in this database")
        project = Project(name=name, settings={})
        session.add(project)
        session.flush()
        _seed_bundled_glossary(session, project)
    return project


def _seed_bundled_glossary(session, project: Project) -> None:
    from ..glossary import BUNDLED_NAME, bundled_terms

    for term in bundled_terms():
        session.add(entry_from_term(project.id, term, BUNDLED_NAME, BUNDLED_PRIORITY))


def entry_from_term(project_id: int, term, glossary: str, priority: int) -> GlossaryEntry:
    return GlossaryEntry(
        project_id=project_id,
        glossary=glossary,
        priority=priority,
        zh=term.zh,
        en=term.en,
        variants=list(term.variants),
        forbidden=list(term.forbidden),
        note=term.note,
        source=term.source,
        domain=term.domain,
    )

"""The options every command group shares, declared once: ``--project``, ``--document``,
``--output`` and ``--json`` (each command may keep its own help text), and opening the project."""

from __future__ import annotations

from pathlib import Path

import click

from .. import service
from ..config import default_project

PROJECT_HELP = (
    "Project database: a file path (SQLite) or a database URL. Default: $WORKBENCH_PROJECT or <data dir>/default.db."
)


def project_option(f):
    return click.option("--project", "-p", "project", default=None, metavar="DB", help=PROJECT_HELP)(f)


def open_store(project: str | None, create: bool = False) -> service.Store:
    """The project's store; a read-only SQLite file opens read-only (reading commands still work).
    Only the commands that bring something in (``create``) make a new project file; the others
    refuse a path where there is none (a typo would leave an empty project behind)."""
    from ..service.database import open_store as open_project

    return open_project(project or default_project(), must_exist=not create)


def segment_options_from(max_chars: int, split_marks: str) -> service.SegmentOptions:
    return service.SegmentOptions(max_chars=max_chars, split_marks=split_marks)


def document_option(required: bool = False, help: str | None = "Only this document (default: all).", **extra):
    """``--document/-d ID`` (a document id, as `workbench documents` lists them)."""
    return click.option(
        "--document", "-d", "document_id", type=int, required=required, default=None, help=help, **extra
    )


def output_option(required: bool = True, help: str | None = "File to write.", dest: str = "output", **extra):
    """``--output/-o FILE`` (every command that writes a file or folder names it so)."""
    extra.setdefault("type", click.Path(path_type=Path))
    return click.option("--output", "-o", dest, required=required, help=help, **extra)


def json_option(help: str | None = "Print the result as JSON."):
    """``--json``: the result as JSON on standard output, for scripts."""
    return click.option("--json", "as_json", is_flag=True, help=help)

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


def _act_as(ctx, param, value):
    if value:
        from ..service.teams import set_actor

        set_actor(value.strip())
    return value


#: --as NAME: the account a command acts as in a project with accounts (see `workbench user`).
actor_option = click.option(
    "--as",
    "acting_as",
    default=None,
    metavar="NAME",
    envvar="WORKBENCH_USER",
    expose_value=False,
    callback=_act_as,
    help="In a project with accounts: act as this account (default: $WORKBENCH_USER).",
)


def reviewer_acts(reviewer: str | None) -> str:
    """In a project with accounts --reviewer names the account that acts (unless --as does); without
    --reviewer the --as account is the reviewer. Returns the reviewer's name."""
    from ..service.teams import current_actor, set_actor

    reviewer = (reviewer or "").strip()
    actor = current_actor()
    if actor is None and reviewer:
        set_actor(reviewer)
    return reviewer or (actor.name if actor is not None else "")


def project_option(f):
    """``--project/-p DB`` and, with it, ``--as NAME`` (the account that acts, in a project with accounts)."""
    f = actor_option(f)
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


def glossary_file_option(help: str):
    """``--glossary/-g FILE``: a glossary file (TSV/CSV/XLSX/TBX/OmegaT) used beside or instead of the project's."""
    return click.option("--glossary", "-g", "glossary_file", type=click.Path(path_type=Path), default=None, help=help)


def weights_option(help: str):
    """``--weights FILE``: MQM error weights (a TOML table; the LQA scorecard also reads JSON)."""
    return click.option("--weights", "weights", type=click.Path(path_type=Path), default=None, help=help)

"""The ``workbench`` command: a thin layer over :mod:`workbench.service`.

Bad input ends with one line on stderr and exit status 2; set WORKBENCH_DEBUG=1 to see the
traceback of an unexpected error.
"""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..config import default_project
from ..errors import WorkbenchError
from .align import align_cmd, align_reference_cmd, alignment_cmd
from .bench import bench_group
from .campaign import bench_campaign_cmd, campaign_group
from .cluster import bench_cluster_cmd, translate_corpus_cmd
from .documents import documents_cmd, import_cmd, restore_cmd, segment_cmd, show_cmd
from .exchange import export_cmd, merge_cmd, metrics_cmd
from .glossary import glossary_group
from .lqa import lqa_group
from .models import model_group
from .options import open_store, project_option
from .qa import qa_group
from .replace import replace_cmd
from .serve import _credentials, serve_cmd
from .steps import steps_cmd, undo_cmd
from .tm import analyze_cmd, bench_tm_cmd, tm_group
from .translate import translate_cmd
from .users import assign_cmd, assignments_cmd, audit_cmd, user_group

__all__ = ["main", "run", "open_store", "project_option", "_credentials"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workbench")
def main() -> None:
    """Chinese-to-English translation and alignment workbench.

    Import a Chinese report (clean, repair, segment), translate, review and export it.
    """


for command in (
    import_cmd,
    segment_cmd,
    documents_cmd,
    show_cmd,
    restore_cmd,
    align_cmd,
    align_reference_cmd,
    alignment_cmd,
    translate_cmd,
    translate_corpus_cmd,
    export_cmd,
    merge_cmd,
    metrics_cmd,
    glossary_group,
    model_group,
    bench_group,
    tm_group,
    analyze_cmd,
    lqa_group,
    replace_cmd,
    qa_group,
    steps_cmd,
    undo_cmd,
    serve_cmd,
    user_group,
    audit_cmd,
    assign_cmd,
    assignments_cmd,
    campaign_group,
):
    main.add_command(command)
bench_group.add_command(bench_tm_cmd)
bench_group.add_command(bench_cluster_cmd)
bench_group.add_command(bench_campaign_cmd)


def run() -> None:
    """Entry point: turn user errors into one line and exit status 2. Who acts is given on each
    command line (--as, $WORKBENCH_USER) and holds for that command only (also when commands run
    one after another in one process, as the tests run them)."""
    from ..service.teams import set_actor

    set_actor(None)
    try:
        _run()
    finally:
        set_actor(None)


def _run() -> None:
    try:
        main.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code in (1, 2) else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except WorkbenchError as exc:
        click.echo(f"workbench: error: {_masked(exc)}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: one line, the traceback only on request
        known = _known_problem(exc)
        if known is not None:
            click.echo(f"workbench: error: {_masked(known)}", err=True)
            sys.exit(2)
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        click.echo(
            f"workbench: internal error: {exc.__class__.__name__}: {_masked(exc)} (set WORKBENCH_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(1)


def _masked(exc: BaseException) -> str:
    """The message without any database password in it."""
    from ..service.database import mask_secrets

    return mask_secrets(str(exc))


def _project_argument() -> str:
    """The --project/-p value of this command line, else the default project (to name it in messages)."""
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg in ("--project", "-p") and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--project="):
            return arg.split("=", 1)[1]
    return os.environ.get("WORKBENCH_PROJECT") or str(default_project())


def _known_problem(exc: BaseException) -> WorkbenchError | None:
    """A full disk, a read-only project or a file the system refuses: one clear line, not an internal error."""
    from ..service.database import database_problem

    problem = database_problem(exc, _project_argument())
    if problem is not None:
        return problem
    if isinstance(exc, OSError) and exc.filename:
        return WorkbenchError(f"{exc.filename}: {exc.strerror or exc}")
    return None

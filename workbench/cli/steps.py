"""``workbench steps`` and ``workbench undo``: the project's change steps (a merge of a file, a
replace-all), each undone as one; a thin layer over :mod:`workbench.service.steps`."""

from __future__ import annotations

import json

import click

from .. import service
from .options import (
    json_option,
    open_store,
    project_option,
    reviewer_acts,
)


@click.command("steps")
@project_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many, newest first.")
@json_option("Print the steps as JSON.")
def steps_cmd(project, limit, as_json):
    """List the change steps (merges, replace-alls) that `workbench undo` can take back."""
    store = open_store(project)
    steps = service.list_steps(store, limit=limit)
    if as_json:
        click.echo(json.dumps(steps, ensure_ascii=False, indent=2))
        return
    if not steps:
        click.echo("no change steps yet (merges and replace-alls are listed here)")
    for step in steps:
        undone = "  (undone)" if step["undone"] else ""
        click.echo(
            f"{step['id']:>5}  {step['time']}  {step['kind']:<8} {step['segments']:>5} segments  "
            f"{step['author'] or '-'}  {step['description']}{undone}"
        )


@click.command("undo")
@click.argument("step", default="last")
@project_option
@click.option("--reviewer", "-r", required=True, help="Who undoes it: the author of the restoring revisions.")
@json_option("Print the report as JSON.")
def undo_cmd(step, project, reviewer, as_json):
    """Undo a change step ('last', or its number from `workbench steps`) as one: every segment it
    changed gets its earlier text and status back, as a new revision. A segment changed again
    after the step is kept as it is and listed."""
    reviewer_acts(reviewer)
    store = open_store(project)
    report = service.undo_step(store, step, reviewer)
    print_undo(report, as_json)


def print_undo(report: service.UndoReport, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    click.echo(f"undid step {report.step} ({report.description}): {report.restored} segments restored")
    if report.assessments_removed:
        click.echo(f"  {report.assessments_removed} assessments removed")
    if report.kept:
        ids = ", ".join(map(str, report.kept[:20])) + (" ..." if len(report.kept) > 20 else "")
        click.echo(f"  kept {len(report.kept)} segments changed after the step: {ids}")

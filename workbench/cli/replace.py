"""``workbench replace``: find and replace in the translations from the command line, a thin
layer over :mod:`workbench.service.replace`. An applied replacement is one change step, taken
back by ``workbench undo``."""

from __future__ import annotations

import json

import click

from .. import service
from .options import (
    document_option,
    json_option,
    open_store,
    project_option,
    reviewer_acts,
)


@click.command("replace")
@click.argument("pattern")
@click.argument("replacement")
@project_option
@click.option("--reviewer", "-r", default="", help="Who replaces: the author of the new revisions (required to apply).")
@click.option(
    "--regex", "is_regex", is_flag=True, help="PATTERN is a regular expression; REPLACEMENT may use \\1, \\g<name>."
)
@click.option("--case", "match_case", is_flag=True, help="Match case (default: ignore case).")
@click.option("--word", "whole_word", is_flag=True, help="Whole words only.")
@click.option(
    "--in",
    "place",
    type=click.Choice(service.REPLACE_PLACES),
    default="target",
    show_default=True,
    help="Where to search. The source (the Chinese) is only searched, never rewritten: use it with --dry-run.",
)
@document_option(help="Only this document (default: all).")
@click.option("--include-approved", is_flag=True, help="Also change approved segments (skipped by default).")
@click.option("--dry-run", is_flag=True, help="Only list the changes; change nothing.")
@json_option("Print the report (every change) as JSON.")
def replace_cmd(
    pattern,
    replacement,
    project,
    reviewer,
    is_regex,
    match_case,
    whole_word,
    place,
    document_id,
    include_approved,
    dry_run,
    as_json,
):
    """Replace PATTERN by REPLACEMENT in the translations, as one undoable step (`workbench undo`)."""
    reviewer = reviewer_acts(reviewer)
    store = open_store(project)
    report = service.find_replace(
        store,
        pattern,
        replacement,
        reviewer=reviewer,
        place=place,
        is_regex=is_regex,
        match_case=match_case,
        whole_word=whole_word,
        document_id=document_id,
        include_approved=include_approved,
        apply=not dry_run and place == "target",
    )
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    for change in report.changes:
        where = f"{change.document}:#{change.position}"
        if place == "source":
            click.echo(f"{where}\t{change.matches}\t{change.before}")
        else:
            click.echo(f"{where}\t- {change.before}\n{where}\t+ {change.after}")
    segments = len(report.changes)
    if report.applied:
        step = f" (step {report.step}; `workbench undo {report.step}` takes it back)" if report.step else ""
        click.echo(f"replaced {report.matches} matches in {segments} segments{step}")
    else:
        click.echo(
            f"{report.matches} matches in {segments} segments" + (" (dry run: nothing changed)" if dry_run else "")
        )
    if report.skipped_approved:
        click.echo(f"{report.skipped_approved} approved segments left alone (--include-approved changes them)")
    if report.skipped_assigned:
        click.echo(f"{report.skipped_assigned} segments left alone: they are assigned to other people")

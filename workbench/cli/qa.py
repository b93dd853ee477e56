"""``workbench qa ...``: quality checks across segments from the command line, a thin layer over
:mod:`workbench.service.consistency`."""

from __future__ import annotations

import json

import click

from .. import service
from .options import document_option, json_option, open_store, project_option


@click.group("qa")
def qa_group():
    """Quality checks across segments (the per-segment checks are in the Review tab)."""


@qa_group.command("consistency")
@project_option
@document_option(help="Only this document (default: all).")
@json_option("Print the report (every group and its segments) as JSON.")
def consistency_cmd(project, document_id, as_json):
    """Inconsistencies: the same source translated differently, the same translation for
    different sources, and glossary terms rendered differently across the segments they occur in.
    Untranslated segments are left out. Segments are given as DOCUMENT:#NUMBER."""
    store = open_store(project)
    report = service.consistency_report(store, document_id=document_id)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    for n, group in enumerate(report.groups, 1):
        data = group.as_dict()
        if group.kind == "term":
            head = f"{data['description']}: {group.key} (glossary: {group.term})"
        elif group.kind == "source":
            head = f"{data['description']}: {group.key}"
        else:
            head = f"{data['description']}: \u201c{group.key}\u201d"
        click.echo(f"{n}. {head}")
        for entry in group.entries:
            where = f"{entry.document}:#{entry.position}"
            shown = entry.source if group.kind == "target" else entry.target
            rendering = f" [{entry.rendering}]" if entry.rendering else ""
            click.echo(f"   {where}{rendering}\t{shown}")
    counts = report.counts()
    click.echo(
        f"{len(report.groups)} groups in {report.segments} translated segments: "
        + "; ".join(f"{counts[k]} {d}" for k, d in service.CONSISTENCY_KINDS.items())
    )

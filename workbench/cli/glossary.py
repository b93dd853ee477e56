"""``workbench glossary ...``: the project's glossaries."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import service
from .options import (
    document_option,
    glossary_file_option,
    json_option,
    open_store,
    output_option,
    project_option,
)


@click.group("glossary")
def glossary_group():
    """Project glossaries: import, export, list, match terms in a text, check translations."""


@glossary_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@project_option
@click.option(
    "--name",
    default=None,
    help="Glossary name (default: the file's name); an import replaces the glossary of that name.",
)
@click.option(
    "--priority",
    type=int,
    default=None,
    help="Lower numbers win when glossaries disagree (default 10; the bundled one is 100).",
)
def glossary_import_cmd(file, project, name, priority):
    """Import a glossary (TSV, CSV, XLSX, TBX v3 or 2008, OmegaT .txt). A file with any problem changes nothing."""
    result = service.import_glossary(open_store(project, create=True), file, name=name, priority=priority)
    click.echo(
        f"{file}: {result.terms} terms in glossary {result.name!r} (priority {result.priority}"
        + (f", replacing {result.replaced}" if result.replaced else "")
        + ")"
    )


TBX_V3_NOTICE = "translate-toolkit and OmegaT 3.6 cannot read it; --tbx-version 2008 writes TBX-Basic for them"


@glossary_group.command("export")
@project_option
@output_option(help="File to write: .tsv, .csv, .tbx or .txt (OmegaT's glossary format).")
@click.option("--name", default=None, help="Only this glossary (default: all, by priority).")
@click.option(
    "--tbx-version",
    type=click.Choice(["2019", "2008"]),
    default="2019",
    show_default=True,
    help="For .tbx: 2019 is TBX v3; 2008 is TBX-Basic (martif), which OmegaT 3.6 reads (it refuses v3).",
)
def glossary_export_cmd(project, output, name, tbx_version):
    """Export the project's glossary terms."""
    service.check_output_folder(output)
    count = service.export_glossary(open_store(project), output, glossary=name, tbx_version=tbx_version)
    v3 = output.suffix.lower() == ".tbx" and tbx_version == "2019"
    click.echo(f"wrote {count} terms to {output}" + (f" (TBX v3: {TBX_V3_NOTICE})" if v3 else ""))


@glossary_group.command("list")
@project_option
@click.option("--search", "-s", default=None, help="Show the terms that contain this text (Chinese or English).")
def glossary_list_cmd(project, search):
    """List the project's glossaries, or search its terms."""
    store = open_store(project)
    if search is None:
        for g in service.list_glossaries(store):
            click.echo(f"{g['priority']}\t{g['terms']} terms\t{g['name']}")
        return
    for t in service.search_terms(store, search):
        click.echo(f"{t['zh']}\t{t['en']}\t{' | '.join(t['variants'])}\t[{t['glossary']}]")


@glossary_group.command("match")
@click.argument("file", type=click.Path(path_type=Path))
@project_option
@glossary_file_option("Glossary file to use (default: the project's glossaries, or the bundled one without --project).")
@json_option("One JSON object per hit: line (0-based), start, end, term, preferred, variants.")
def glossary_match_cmd(file, project, glossary_file, as_json):
    """Find glossary terms in FILE (any text encoding), line by line, longest match first."""
    hits = service.match_file(file, glossary_file, project)
    if as_json:
        click.echo(json.dumps(hits, ensure_ascii=False, indent=1))
        return
    for h in hits:
        click.echo(f"{h['line']}:{h['start']}-{h['end']}\t{h['text']}\t{h['preferred']}")


@glossary_group.command("check")
@project_option
@document_option(help=None)
@json_option("Print the report as JSON.")
def glossary_check_cmd(project, document_id, as_json):
    """Check every translated segment against the glossary and report term accuracy."""
    report = service.check_project(open_store(project), document_id=document_id)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
        return
    for issue in report.issues:
        click.echo(f"segment {issue['position']} (document {issue['document']}): {issue['message']}")
    accuracy = "n/a" if report.term_accuracy is None else f"{report.term_accuracy:.1%}"
    click.echo(
        f"term accuracy {accuracy}: {report.correct} of {report.occurrences} term occurrences in "
        f"{report.segments} translated segments rendered as the glossary says; {len(report.issues)} issues"
    )


@glossary_group.command("candidates")
@project_option
@document_option(help="Only this aligned document.")
@click.option("--min-pairs", default=2, show_default=True)
@json_option(help=None)
def glossary_candidates_cmd(project, document_id, min_pairs, as_json):
    """Term candidates from confirmed aligned pairs that are not in the glossary yet."""
    rows = service.glossary_candidates(open_store(project), document_id, min_pairs=min_pairs)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in rows:
        click.echo(f"{r['zh']}\t{r['en']}\t{r['pairs']} pairs\tDice {r['dice']}")

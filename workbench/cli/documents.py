"""``workbench import | segment | documents | show | restore``: reports into the project."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import service
from .options import (
    document_option,
    json_option,
    open_store,
    project_option,
    segment_options_from,
)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@project_option
@click.option("--title", "-t", default=None, help="Document title (default: the report's own title).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the file.")
@click.option(
    "--rules",
    "rules_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra cleaning-rules file (TOML), added to the built-in rules. Repeatable.",
)
@click.option("--show-removed", is_flag=True, help="List the lines the cleaner removed.")
@json_option("Print the result as JSON.")
def import_cmd(file, project, title, lang, rules_files, show_removed, as_json):
    """Import FILE (text in any Chinese encoding, .docx or .html) into a project.

    The page clutter is removed, broken lines are repaired and the text is cut into segments.
    Importing the same file again adds nothing; an edited file keeps the translations of its
    unchanged segments.
    """
    store = open_store(project, create=True)
    result = service.import_document(store, file, title=title, lang=lang, rules=service.load_rules(list(rules_files)))
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    verb = {"created": "imported", "unchanged": "already imported, nothing changed", "updated": "updated"}[
        result.status
    ]
    click.echo(
        f"{file}: {verb} as document {result.document_id} \u201c{result.title}\u201d: {result.segments} segments "
        f"({result.encoding}; {len(result.removed_lines)} lines of page clutter removed)"
    )
    if result.oversized:
        click.echo(f"  {result.oversized_note()}")
    if result.status == "updated":
        click.echo(
            f"  kept {result.kept} unchanged segments with their translations, {result.added} new, "
            f"{result.dropped} dropped"
        )
    if result.beads_removed:
        click.echo(
            f"  its alignment no longer matched the sentences and was removed ({result.beads_removed} beads, "
            f"{result.confirmed_removed} confirmed); align the English again (align-reference)"
        )
    if show_removed:
        for line in result.removed_lines:
            click.echo(f"  removed line {line['number']} [{line['rule']}]: {line['text']}")


@click.command("segment")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the file.")
@json_option("Print a JSON list of {id, text, kind, paragraph}.")
@click.option("--no-clean", is_flag=True, help="Keep every line (do not remove page clutter).")
@click.option(
    "--max-chars",
    default=service.SegmentOptions.max_chars,
    show_default=True,
    help="Split Chinese sentences longer than this at semicolons (0: never).",
)
@click.option(
    "--split-marks",
    default=service.SegmentOptions.split_marks,
    show_default=True,
    help="Where an over-long sentence may be split.",
)
@click.option(
    "--rules", "rules_files", multiple=True, type=click.Path(path_type=Path), help="Extra cleaning-rules file."
)
def segment_cmd(file, lang, as_json, no_clean, max_chars, split_marks, rules_files):
    """Clean and segment FILE and print the segments (one per line, or JSON); stores nothing."""
    segments = service.segment_file(
        file, lang, rules_files, segment_options_from(max_chars, split_marks), clean=not no_clean
    )
    if as_json:
        rows = [dict(id=s.position, text=s.text, kind=s.kind, paragraph=s.paragraph) for s in segments]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for s in segments:
            click.echo(s.text)


@click.command("documents")
@project_option
def documents_cmd(project):
    """List the documents of a project."""
    for d in service.list_documents(open_store(project)):
        click.echo(f"{d['id']}\t{d['role']}\t{d['lang']}\t{d['segments']} segments\t{d['name']}\t{d['title']}")


@click.command("show")
@project_option
@document_option(required=True, help="Document id (see `workbench documents`).")
@click.option("--removed", is_flag=True, help="Show the lines the cleaner removed instead of the segments.")
def show_cmd(project, document_id, removed):
    """Print a document's segments by paragraph (or the lines removed as page clutter)."""
    store = open_store(project)
    if removed:
        for line in service.removed_lines(store, document_id):
            click.echo(f"{line['number']}\t{line['rule']}\t{line['text']}")
        return
    for row in service.segment_rows(store, document_id):
        click.echo(f"{row['position']}\t\u00b6{row['paragraph']}\t{row['kind']}\t{row['status']}\t{row['source']}")


@click.command("restore")
@project_option
@document_option(required=True, help="Document id.")
@click.argument("lines", nargs=-1, type=int, required=True)
def restore_cmd(project, document_id, lines):
    """Bring back LINES (input line numbers, see `show --removed`) that the cleaner removed by mistake."""
    result = service.restore_lines(open_store(project), document_id, list(lines))
    click.echo(f"document {document_id}: {result.segments} segments ({result.added} new, {result.kept} kept)")

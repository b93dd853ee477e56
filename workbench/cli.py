"""The ``workbench`` command: a thin layer over :mod:`workbench.service`.

Bad input ends with one line on stderr and exit status 2; set WORKBENCH_DEBUG=1 to see the
traceback of an unexpected error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__, service
from .config import default_project, sample_report
from .errors import WorkbenchError
from .ingest import load_rules
from .segment import SegmentOptions
from .store import Store

PROJECT_HELP = "Project database: a file path (SQLite) or a database URL. Default: $WORKBENCH_PROJECT or <data dir>/default.db."


def project_option(f):
    return click.option("--project", "-p", "project", default=None, metavar="DB", help=PROJECT_HELP)(f)


def open_store(project: str | None) -> Store:
    return Store(project or default_project())


def segment_options_from(max_chars: int, split_marks: str) -> SegmentOptions:
    return SegmentOptions(max_chars=max_chars, split_marks=split_marks)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workbench")
def main() -> None:
    """Chinese-to-English translation and alignment workbench.

    Import a Chinese report (clean, repair, segment), translate, review and export it.
    """


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@project_option
@click.option("--title", "-t", default=None, help="Document title (default: the report's own title).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the file.")
@click.option("--rules", "rules_files", multiple=True, type=click.Path(path_type=Path),
              help="Extra cleaning-rules file (TOML), added to the built-in rules. Repeatable.")
@click.option("--show-removed", is_flag=True, help="List the lines the cleaner removed.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_cmd(file, project, title, lang, rules_files, show_removed, as_json):
    """Import FILE (text in any Chinese encoding, .docx or .html) into a project.

    The page clutter is removed, broken lines are repaired and the text is cut into segments.
    Importing the same file again adds nothing; an edited file keeps the translations of its
    unchanged segments.
    """
    store = open_store(project)
    result = service.import_document(store, file, title=title, lang=lang, rules=load_rules(list(rules_files)))
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    verb = {"created": "imported", "unchanged": "already imported, nothing changed", "updated": "updated"}[result.status]
    click.echo(f"{file}: {verb} as document {result.document_id} \u201c{result.title}\u201d: {result.segments} segments "
               f"({result.encoding}; {len(result.removed_lines)} lines of page clutter removed)")
    if result.status == "updated":
        click.echo(f"  kept {result.kept} unchanged segments with their translations, {result.added} new, {result.dropped} dropped")
    if show_removed:
        for line in result.removed_lines:
            click.echo(f"  removed line {line['number']} [{line['rule']}]: {line['text']}")


@main.command("segment")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the file.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {id, text, kind, paragraph}.")
@click.option("--no-clean", is_flag=True, help="Keep every line (do not remove page clutter).")
@click.option("--max-chars", default=SegmentOptions.max_chars, show_default=True,
              help="Split Chinese sentences longer than this at semicolons (0: never).")
@click.option("--split-marks", default=SegmentOptions.split_marks, show_default=True,
              help="Where an over-long sentence may be split.")
@click.option("--rules", "rules_files", multiple=True, type=click.Path(path_type=Path), help="Extra cleaning-rules file.")
def segment_cmd(file, lang, as_json, no_clean, max_chars, split_marks, rules_files):
    """Clean and segment FILE and print the segments (one per line, or JSON); stores nothing."""
    prepared = service.prepare_file(file, lang, load_rules(list(rules_files)),
                                    segment_options_from(max_chars, split_marks), clean=not no_clean)
    if as_json:
        rows = [dict(id=s.position, text=s.text, kind=s.kind, paragraph=s.paragraph) for s in prepared.segments]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for s in prepared.segments:
            click.echo(s.text)


@main.command("documents")
@project_option
def documents_cmd(project):
    """List the documents of a project."""
    for d in service.list_documents(open_store(project)):
        click.echo(f"{d['id']}\t{d['role']}\t{d['lang']}\t{d['segments']} segments\t{d['name']}\t{d['title']}")


@main.command("show")
@project_option
@click.option("--document", "-d", "document_id", type=int, required=True, help="Document id (see `workbench documents`).")
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


@main.command("restore")
@project_option
@click.option("--document", "-d", "document_id", type=int, required=True, help="Document id.")
@click.argument("lines", nargs=-1, type=int, required=True)
def restore_cmd(project, document_id, lines):
    """Bring back LINES (input line numbers, see `show --removed`) that the cleaner removed by mistake."""
    result = service.restore_lines(open_store(project), document_id, list(lines))
    click.echo(f"document {document_id}: {result.segments} segments ({result.added} new, {result.kept} kept)")


@main.command("serve")
@project_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 exposes the app to your network).")
@click.option("--port", default=7860, show_default=True, type=int)
@click.option("--no-sample", is_flag=True, help="Do not import the bundled sample report.")
def serve_cmd(project, host, port, no_sample):
    """Open the workbench in the browser (imports the bundled sample report first)."""
    from .ui import launch

    launch(project or default_project(), host=host, port=port, sample=None if no_sample else sample_report())


def run() -> None:
    """Entry point: turn user errors into one line and exit status 2."""
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
        click.echo(f"workbench: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: one line, the traceback only on request
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        click.echo(f"workbench: internal error: {exc.__class__.__name__}: {exc} (set WORKBENCH_DEBUG=1 for details)", err=True)
        sys.exit(1)

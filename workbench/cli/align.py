"""``workbench align | align-reference | alignment``: Chinese and English sentences paired."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import service
from ..errors import WorkbenchError
from .options import (
    document_option,
    open_store,
    output_option,
    project_option,
)


@click.command("align")
@click.argument("zh_file", type=click.Path(path_type=Path))
@click.argument("en_file", type=click.Path(path_type=Path))
@click.option("--presplit", is_flag=True, help="Both files have one sentence per line; keep that split.")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["beads", "tsv", "json"]),
    default="beads",
    show_default=True,
    help="beads: one bead per line as [0,1]:[0] (0-based); tsv: Chinese, English, confidence; json: all.",
)
def align_cmd(zh_file, en_file, presplit, fmt):
    """Align a Chinese document with its English translation, sentence by sentence."""
    pairs = service.align_files(zh_file, en_file, presplit)
    if fmt == "beads":
        for pair in pairs:
            click.echo(pair.label)
    elif fmt == "tsv":
        for pair in pairs:
            click.echo("\t".join([pair.zh, pair.en, f"{pair.score:.3f}"]))
    else:
        click.echo(json.dumps([pair.as_dict() for pair in pairs], ensure_ascii=False, indent=1))


@click.command("align-reference")
@click.argument("en_file", type=click.Path(path_type=Path))
@project_option
@document_option(required=True, help="The Chinese document it translates.")
@click.option("--presplit", is_flag=True, help="The English file has one sentence per line.")
@click.option(
    "--replace",
    is_flag=True,
    help="Throw away the document's confirmed beads and align afresh (needed when the English is a different text).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Align and keep the English even when it does not look like a translation of the document.",
)
def align_reference_cmd(en_file, project, document_id, presplit, replace, force):
    """Align an existing English translation with a project document and keep it as the reference
    translation (for BLEU/chrF/TER against it, and glossary candidates from confirmed pairs).
    Aligning the same English again keeps the confirmed beads and re-aligns the rest."""
    from ..service.alignment import AlignmentMismatch, ConfirmedBeadsAtRisk

    try:
        result = service.align_reference(
            open_store(project), document_id, en_file, presplit=presplit, replace=replace, force=force
        )
    except ConfirmedBeadsAtRisk as exc:
        raise WorkbenchError(f"{exc}; to replace them on purpose, run again with --replace") from None
    except AlignmentMismatch as exc:
        raise WorkbenchError(f"{exc}; to align it anyway, run again with --force") from None
    shapes = ", ".join(f"{k}: {v}" for k, v in sorted(result.shapes.items(), key=lambda kv: -kv[1]))
    kept = f"; kept {result.kept} confirmed beads, re-aligned the rest" if result.kept else ""
    replaced = f"; replaced {result.replaced} confirmed beads" if result.replaced else ""
    if result.contents:
        replaced += f"; left its table of contents ({result.contents} segments) out of the beads"
    click.echo(
        f"aligned {result.zh_sentences} segments with {result.en_sentences} English sentences in "
        f"{result.beads} beads ({shapes}){kept}{replaced}"
    )


@click.command("alignment")
@project_option
@document_option(required=True, help=None)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["beads", "tsv", "tmx"]),
    default=None,
    help="Export format (with -o: default beads; without -o: printed to standard output).",
)
@output_option(
    required=False,
    help="Write to this file (default: print the --format, or a table of the beads when none is given).",
)
def alignment_cmd(project, document_id, fmt, output):
    """Show or export the stored alignment of a document."""
    store = open_store(project)
    if output:
        count = service.export_alignment(store, document_id, output, fmt or "beads")
        click.echo(f"wrote {count} beads to {output}")
        return
    if fmt:
        import tempfile

        # the service writes files (TMX needs one); print it, without the spreadsheet BOM of TSV
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"alignment.{fmt}"
            service.export_alignment(store, document_id, path, fmt)
            click.echo(path.read_text("utf-8-sig"), nl=False)
        return
    for row in service.bead_texts(store, document_id):
        mark = "✓" if row["confirmed"] else " "
        click.echo(f"{row['number']}\t{mark}\t{row['score']:.2f}\t{row['kind']}\t{row['zh']}\t{row['en']}")

"""``workbench export | merge | metrics``: bilingual files out and back, and the scores."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import service
from ..errors import WorkbenchError
from .glossary import glossary_export_cmd
from .options import (
    document_option,
    json_option,
    open_store,
    output_option,
    project_option,
    reviewer_acts,
)


@click.command("export")
@project_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice([*service.EXPORT_FORMATS, "tbx", "omegat"]),
    required=True,
    help="xliff: XLIFF 2.0; xliff12: XLIFF 1.2; docx: bilingual table; docx-en: English only; tbx: the glossary; "
    "omegat: a ready OmegaT project (a new folder, or a .zip).",
)
@output_option(help="File to write.")
@document_option(help="Only this document.")
@click.option("--approved-only", is_flag=True, help="Only approved segments.")
@click.option("--skip-untranslated", is_flag=True, help="Leave out segments without a translation.")
@click.option(
    "--xliff-fill-target",
    type=click.Choice(["empty", "source"]),
    default="empty",
    show_default=True,
    help="xliff12: what an untranslated target holds; 'source' for tools that translate the target "
    "(OmegaT's XLIFF filter).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="xliff12: leave out the workbench's extension attributes (status, revision, score) so the file "
    "validates against the XLIFF 1.2 strict schema; a merge back then has no conflict detection.",
)
@click.option(
    "--include",
    "include",
    type=click.Choice(["mt"]),
    multiple=True,
    help="tmx: also the MT drafts (status translated); a TMX otherwise holds only reviewed and approved "
    "segments (never new or rejected ones).",
)
@click.pass_context
def export_cmd(
    ctx, project, fmt, output, document_id, approved_only, skip_untranslated, xliff_fill_target, strict, include
):
    """Export the project's segments with their translations, status, score and notes. TMX holds
    only reviewed and approved segments (--include mt adds the MT drafts). -f tbx is
    `glossary export -o FILE.tbx`: TBX v3, which translate-toolkit cannot read (use glossary export
    --tbx-version 2008 for it)."""
    if include and fmt != "tmx":
        raise WorkbenchError("--include mt is for TMX only (--format tmx); the other formats have every segment")
    if xliff_fill_target != "empty" and fmt != "xliff12":
        raise WorkbenchError("--xliff-fill-target is for XLIFF 1.2 only (--format xliff12)")
    if strict and (fmt != "xliff12" or xliff_fill_target != "empty"):
        raise WorkbenchError("--strict is for XLIFF 1.2 (--format xliff12) without --xliff-fill-target source")
    store = open_store(project)
    if fmt == "omegat":
        if approved_only or skip_untranslated:
            raise WorkbenchError(
                "--format omegat exports whole documents; leave out --approved-only and --skip-untranslated"
            )
        result = service.export_omegat(store, output, document_id=document_id)
        click.echo(
            f"wrote an OmegaT project to {output}: {result.documents} documents, {result.segments} "
            f"segments, {result.reviewed} reviewed translations in tm/auto, {result.mt} other "
            f"translations in tm, {result.terms} glossary terms"
        )
        return
    if fmt == "tbx":  # the glossary: `glossary export` itself, to FILE.tbx
        tbx = output if output.suffix.lower() == ".tbx" else output.with_suffix(".tbx")
        ctx.invoke(glossary_export_cmd, project=project, output=tbx, name=None, tbx_version="2019")
        return
    service.check_output_folder(output)
    count = service.export_project(
        store,
        output,
        fmt,
        document_id=document_id,
        approved_only=approved_only,
        include_untranslated=not skip_untranslated,
        xliff_fill_target=xliff_fill_target,
        strict=strict,
        include_mt="mt" in include,
    )
    click.echo(f"wrote {count} segments to {output} ({fmt})")


@click.command("merge")
@click.argument("file", type=click.Path(path_type=Path), required=False)
@project_option
@click.option(
    "--reviewer",
    "-r",
    required=True,
    help="Whose review this is: the author of the new revisions (in a project with accounts: an account).",
)
@click.option("--dry-run", is_flag=True, help="Say what the merge would do and write nothing.")
@click.option("--allow-empty", is_flag=True, help="Let an empty target in the file erase the project's translation.")
@click.option("--undo", "undo", metavar="last|MERGE_ID", default=None, help="Take back a merge as one step (no FILE).")
@json_option("Print the report as JSON.")
def merge_cmd(file, project, reviewer, dry_run, allow_empty, undo, as_json):
    """Merge a reviewed XLSX, CSV, TSV, XLIFF, TMX or JSONL file back into the project.

    An exported OmegaT project comes back as its omegat/project_save.tmx.

    A unit is applied only to a segment with the same source (the id, then the units around it,
    pick among repeats of a source; otherwise the unit is listed as ambiguous); a copy of the
    source changes nothing, nor does an empty target unless --allow-empty. Inline codes come in as
    placeholders (⟦1⟧, ⟦1⟧…⟦/1⟧); a target whose codes are not its source's is listed. Each
    change becomes a revision by the reviewer; segments changed in the project since the export
    are reported as conflicts. The whole merge is one step, taken back by
    `merge --undo last` (or its merge_id). A malformed file changes nothing.
    """
    reviewer_acts(reviewer)
    if undo is not None:
        from .steps import print_undo

        if file is not None:
            raise WorkbenchError("merge --undo takes no FILE")
        print_undo(service.undo_step(open_store(project), undo, reviewer, kind="merge"), as_json)
        return
    if file is None:
        raise WorkbenchError("name the FILE to merge (or --undo last|MERGE_ID)")
    report = service.merge_file(open_store(project), file, reviewer, dry_run=dry_run, allow_empty=allow_empty)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
        return
    would = "would be " if dry_run else ""
    click.echo(
        f"{file}: {report.rows} rows: {report.updated} segments {would}updated, {report.assessed} assessments, "
        f"{report.unchanged} unchanged, {len(report.conflicts)} conflicts, {len(report.unmatched)} unmatched, "
        f"{len(report.ambiguous)} ambiguous"
        + (" (dry run: nothing written)" if dry_run else f" (merge {report.merge_id})" if report.merge_id else "")
    )
    for c in report.conflicts:
        click.echo(
            f"  conflict, segment {c['segment']} (line {c['line']}): changed in the project since the export; "
            f"project has: {c['project_target']}"
        )
    for a in report.ambiguous[:20]:
        click.echo(
            f"  ambiguous (line {a['line']}): the source is in segments {', '.join(map(str, a['segments']))}; "
            "not applied"
        )
    for a in report.assigned[:20]:
        click.echo(
            f"  assigned, segment {a['segment']} (line {a['line']}): the work of {', '.join(a['assigned_to'])}; "
            "not applied"
        )
    for u in report.unmatched[:20]:
        click.echo(f"  unmatched (line {u['line']}): no segment has the source {u['source'][:60]!r}")
    for c in report.codes[:20]:
        click.echo(f"  inline codes, segment {c['segment']} (line {c['line']}): {'; '.join(c['problems'])}")


@click.command("metrics")
@project_option
@document_option(help=None)
@json_option("Print every metric as JSON (bleu, chrf, ter, ...).")
def metrics_cmd(project, document_id, as_json):
    """BLEU, chrF and TER of the MT against the final text (HTER) and a reference; review progress,
    Direct Assessment, MQM errors and term accuracy."""
    m = service.metrics(open_store(project), document_id=document_id)
    if as_json:
        click.echo(json.dumps(m, ensure_ascii=False, indent=1))
        return

    def show(v):
        return "n/a" if v is None else v

    click.echo(
        f"MT vs final text ({m['hter_segments']} post-edited segments): BLEU {show(m['bleu'])}, "
        f"chrF {show(m['chrf'])}, TER (HTER) {show(m['ter'])}"
    )
    r = m["reference"]
    click.echo(
        f"MT vs reference ({r['segments']} segments): BLEU {show(r['bleu'])}, chrF {show(r['chrf'])}, "
        f"TER {show(r['ter'])}"
    )
    click.echo(
        "progress: " + ", ".join(f"{k} {v}" for k, v in sorted(m["progress"].items())) + f" (of {m['segments']})"
    )
    accuracy = "n/a" if m["term_accuracy"] is None else f"{m['term_accuracy']:.1%}"
    click.echo(
        f"term accuracy {accuracy}; mean DA {show(m['da_mean'])} ({m['da_scored']} scored); "
        f"MQM {sum(m['mqm_by_category'].values())} errors, {show(m['mqm_per_1000_words'])} per 1,000 words"
    )
    click.echo("sacrebleu signatures: " + "; ".join(f"{k} {v}" for k, v in m["signatures"].items()))

"""The ``workbench`` command: a thin layer over :mod:`workbench.service`.

Bad input ends with one line on stderr and exit status 2; set WORKBENCH_DEBUG=1 to see the
traceback of an unexpected error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import click

from . import __version__, service
from .cli_engine import engine_options, open_engine
from .config import default_project, sample_report
from .errors import WorkbenchError

PROJECT_HELP = (
    "Project database: a file path (SQLite) or a database URL. Default: $WORKBENCH_PROJECT or <data dir>/default.db."
)


def project_option(f):
    return click.option("--project", "-p", "project", default=None, metavar="DB", help=PROJECT_HELP)(f)


def open_store(project: str | None, create: bool = False) -> service.Store:
    """The project's store; a read-only SQLite file opens read-only (reading commands still work).
    Only the commands that bring something in (``create``) make a new project file; the others
    refuse a path where there is none (a typo would leave an empty project behind)."""
    from .service.database import open_store as open_project

    return open_project(project or default_project(), must_exist=not create)


def segment_options_from(max_chars: int, split_marks: str) -> service.SegmentOptions:
    return service.SegmentOptions(max_chars=max_chars, split_marks=split_marks)


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
@click.option(
    "--rules",
    "rules_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra cleaning-rules file (TOML), added to the built-in rules. Repeatable.",
)
@click.option("--show-removed", is_flag=True, help="List the lines the cleaner removed.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
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


@main.command("segment")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the file.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {id, text, kind, paragraph}.")
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


@main.command("align")
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


@main.command("align-reference")
@click.argument("en_file", type=click.Path(path_type=Path))
@project_option
@click.option("--document", "-d", "document_id", type=int, required=True, help="The Chinese document it translates.")
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
    from .service.alignment import AlignmentMismatch, ConfirmedBeadsAtRisk

    try:
        result = service.align_reference(
            open_store(project), document_id, en_file, presplit=presplit, replace=replace, force=force
        )
    except ConfirmedBeadsAtRisk as exc:
        raise WorkbenchError(f"{exc}; to replace them on purpose, run again with --replace") from None
    except AlignmentMismatch as exc:
        raise WorkbenchError(f"{exc}; to align it anyway, run again with --force") from None
    shapes = ", ".join(f"{k}: {v}" for k, v in sorted(result["shapes"].items(), key=lambda kv: -kv[1]))
    kept = f"; kept {result['kept']} confirmed beads, re-aligned the rest" if result["kept"] else ""
    replaced = f"; replaced {result['replaced']} confirmed beads" if result["replaced"] else ""
    if result.get("contents"):
        replaced += f"; left its table of contents ({result['contents']} segments) out of the beads"
    click.echo(
        f"aligned {result['zh_sentences']} segments with {result['en_sentences']} English sentences in "
        f"{result['beads']} beads ({shapes}){kept}{replaced}"
    )


@main.command("alignment")
@project_option
@click.option("--document", "-d", "document_id", type=int, required=True)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["beads", "tsv", "tmx"]),
    default=None,
    help="Export format (with -o: default beads; without -o: printed to standard output).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
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


@main.command("documents")
@project_option
def documents_cmd(project):
    """List the documents of a project."""
    for d in service.list_documents(open_store(project)):
        click.echo(f"{d['id']}\t{d['role']}\t{d['lang']}\t{d['segments']} segments\t{d['name']}\t{d['title']}")


@main.command("show")
@project_option
@click.option(
    "--document", "-d", "document_id", type=int, required=True, help="Document id (see `workbench documents`)."
)
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


@main.command("translate")
@project_option
@engine_options
@click.option(
    "--document",
    "-d",
    "document_id",
    type=int,
    default=None,
    help="Only this document (default: all source documents).",
)
@click.option(
    "--numbering",
    type=click.Choice(["roman", "arabic"]),
    default="roman",
    show_default=True,
    help="How 一、二、 headings are numbered in English (I. or 1.).",
)
@click.option(
    "--input",
    "-i",
    "input_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Pipe mode: translate FILE (one sentence per line) to stdout instead of a project; blank lines kept.",
)
@click.option(
    "--glossary",
    "-g",
    "glossary_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Glossary file (TSV/CSV/XLSX/TBX) whose terms come first; default: the project's glossaries "
    "(pipe mode: the bundled glossary).",
)
@click.option(
    "--enforce-terms",
    is_flag=True,
    help="Make the preferred rendering of every glossary term found in a sentence appear in its translation.",
)
@click.option(
    "--tm-threshold",
    type=click.IntRange(50, 101),
    default=100,
    show_default=True,
    help="First fill segments from the translation memory whose best match scores at least this "
    "(101: same sentence in the same context); the rest goes to MT.",
)
@click.option("--no-tm", is_flag=True, help="Do not use the translation memory.")
@click.option(
    "--ray",
    "ray_address",
    default=None,
    metavar="ADDRESS|auto",
    help="Translate on a Ray cluster (pip install -e '.[cluster]'): its address, or auto for a private "
    "one on this machine. The engine defaults to ct2 there.",
)
@click.option(
    "--actors",
    type=click.IntRange(1, 4096),
    default=None,
    help="With --ray: engine actors (default: one per GPU, else one per CPU of the cluster).",
)
@click.option(
    "--endpoint",
    default=None,
    metavar="URL",
    help="llm: the API's base URL ending in /v1 (e.g. http://127.0.0.1:11434/v1); only this machine "
    "unless --allow-remote.",
)
@click.option(
    "--concurrency", type=click.IntRange(1, 64), default=4, show_default=True, help="llm: requests in flight."
)
@click.option(
    "--timeout", type=click.FloatRange(1, 3600), default=60.0, show_default=True, help="llm: seconds per request."
)
@click.option(
    "--api-key-file",
    type=click.Path(path_type=Path),
    default=None,
    help="llm: file holding the API key (default: $WORKBENCH_LLM_API_KEY); never give the key itself.",
)
@click.option("--allow-remote", is_flag=True, help="llm: allow an endpoint that is not on this machine.")
@click.option(
    "--prompt",
    "prompt_file",
    type=click.Path(path_type=Path),
    default=None,
    help="llm: your own prompt template ({source}, {terms}, {tm}, {context}).",
)
def translate_cmd(
    project,
    engine,
    model,
    beams,
    max_length,
    batch_size,
    device,
    quantization,
    threads,
    no_shortlist,
    install_model,
    document_id,
    numbering,
    input_file,
    glossary_file,
    enforce_terms,
    tm_threshold,
    no_tm,
    ray_address,
    actors,
    endpoint,
    concurrency,
    timeout,
    api_key_file,
    allow_remote,
    prompt_file,
):
    """Machine-translate the untranslated segments of a project (resumable), or a file in pipe mode.

    Segments are sent in length-sorted batches and each batch is saved as it returns: an
    interrupted run continues where it stopped. Identical sentences are translated once.
    With --ray the batches are translated by engine actors on a Ray cluster and saved here the same way.
    With --engine llm each sentence goes to an OpenAI-compatible endpoint with its glossary terms in
    the prompt (the glossary is always used).
    """
    llm_options = None
    if engine == "llm":
        if not endpoint:
            raise WorkbenchError("--engine llm needs --endpoint URL (the API's base URL ending in /v1)")
        enforce_terms = True  # the terms go into the prompt and are checked in the reply
        llm_options = dict(
            endpoint=endpoint,
            api_key=service.read_api_key(api_key_file),
            concurrency=concurrency,
            timeout=timeout,
            prompt_file=prompt_file,
            allow_remote=allow_remote,
        )
    elif endpoint:
        raise WorkbenchError("--endpoint is for --engine llm")
    settings = service.TranslateSettings(beams=beams, max_length=max_length, enforce_terms=enforce_terms)
    extra_terms = service.read_terms(glossary_file)
    lines = None
    if input_file is not None:
        lines = service.read_text_lines(input_file)
    else:
        store = open_store(project)
    with contextlib.ExitStack() as stack:
        mt, runner = open_engine(
            stack,
            settings,
            engine,
            model,
            device,
            threads,
            quantization,
            no_shortlist,
            ray_address,
            actors,
            install_model,
            llm_options,
        )
        _translate(
            mt,
            runner,
            settings,
            project,
            store if lines is None else None,
            lines,
            batch_size,
            document_id,
            numbering,
            extra_terms,
            enforce_terms,
            None if no_tm else tm_threshold,
        )


def _translate(
    mt,
    runner,
    settings,
    project,
    store,
    lines,
    batch_size,
    document_id,
    numbering,
    extra_terms,
    enforce_terms,
    tm_threshold=None,
):
    if lines is not None:
        terms = service.enforced_glossary(extra_terms) if enforce_terms else None
        for line in service.translate_lines(
            mt, lines, settings, batch_size, glossary=terms, runner=runner, numbering=numbering
        ):
            click.echo(line)
        return
    terms = service.enforced_glossary(extra_terms, store) if enforce_terms else None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="seg", desc="translating", disable=None)

    def progress(done, total):
        bar.total = total
        bar.n = done
        bar.refresh()

    report = service.translate_project(
        store,
        mt,
        settings,
        document_id=document_id,
        batch_size=batch_size,
        numbering=numbering,
        glossary=terms,
        progress=progress,
        runner=runner,
        tm_threshold=tm_threshold,
    )
    bar.close()
    if report.from_memory:
        click.echo(
            f"filled {report.from_memory} segments from the translation memory (match {tm_threshold}% or better)"
        )
    click.echo(
        f"translated {report.translated} of {report.pending} segments with {mt.name} ({mt.model}, {mt.device}): "
        f"{report.sent} sent in {report.batches} batches, {report.from_cache} from cache or duplicates, "
        f"{report.seconds:.1f} s" + (f", {mt.tokens_used} tokens" if hasattr(mt, "tokens_used") else "")
    )
    if report.failed:
        click.echo(
            f"{report.failed} segments left untranslated (the engine gave no translation); run the command "
            "again to continue"
        )


@main.command("export")
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
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True, help="File to write.")
@click.option("--document", "-d", "document_id", type=int, default=None, help="Only this document.")
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
            f"wrote an OmegaT project to {output}: {result['documents']} documents, {result['segments']} "
            f"segments, {result['reviewed']} reviewed translations in tm/auto, {result['mt']} other "
            f"translations in tm, {result['terms']} glossary terms"
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


@main.command("merge")
@click.argument("file", type=click.Path(path_type=Path), required=False)
@project_option
@click.option("--reviewer", "-r", required=True, help="Whose review this is: the author of the new revisions.")
@click.option("--dry-run", is_flag=True, help="Say what the merge would do and write nothing.")
@click.option("--allow-empty", is_flag=True, help="Let an empty target in the file erase the project's translation.")
@click.option("--undo", "undo", metavar="last|MERGE_ID", default=None, help="Take back a merge as one step (no FILE).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
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
    if undo is not None:
        from .cli_steps import print_undo

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
    for u in report.unmatched[:20]:
        click.echo(f"  unmatched (line {u['line']}): no segment has the source {u['source'][:60]!r}")
    for c in report.codes[:20]:
        click.echo(f"  inline codes, segment {c['segment']} (line {c['line']}): {'; '.join(c['problems'])}")


@main.command("metrics")
@project_option
@click.option("--document", "-d", "document_id", type=int, default=None)
@click.option("--json", "as_json", is_flag=True, help="Print every metric as JSON (bleu, chrf, ter, ...).")
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


@main.group("glossary")
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
        f"{file}: {result['terms']} terms in glossary {result['name']!r} (priority {result['priority']}"
        + (f", replacing {result['replaced']}" if result["replaced"] else "")
        + ")"
    )


TBX_V3_NOTICE = "translate-toolkit and OmegaT 3.6 cannot read it; --tbx-version 2008 writes TBX-Basic for them"


@glossary_group.command("export")
@project_option
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write: .tsv, .csv, .tbx or .txt (OmegaT's glossary format).",
)
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
@click.option(
    "--glossary",
    "-g",
    "glossary_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Glossary file to use (default: the project's glossaries, or the bundled one without --project).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per hit: line (0-based), start, end, term, preferred, variants.",
)
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
@click.option("--document", "-d", "document_id", type=int, default=None)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
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
@click.option("--document", "-d", "document_id", type=int, default=None, help="Only this aligned document.")
@click.option("--min-pairs", default=2, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def glossary_candidates_cmd(project, document_id, min_pairs, as_json):
    """Term candidates from confirmed aligned pairs that are not in the glossary yet."""
    rows = service.glossary_candidates(open_store(project), document_id, min_pairs=min_pairs)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in rows:
        click.echo(f"{r['zh']}\t{r['en']}\t{r['pairs']} pairs\tDice {r['dice']}")


@main.group("model")
def model_group():
    """Install, import, convert and list translation models (kept in $WORKBENCH_MODELS or <data dir>/models)."""


@model_group.command("install")
@click.argument("model_id", required=False, default=service.DEFAULT_MODEL)
@click.option("--ct2", "ct2", default=None, metavar="QUANTIZATION", help="Also convert for CTranslate2 (e.g. int8).")
def model_install_cmd(model_id, ct2):
    """Download MODEL_ID from the Hugging Face hub (default Helsinki-NLP/opus-mt-zh-en)."""
    path = service.install_model(model_id, ct2)
    click.echo(f"installed {model_id} in {path.parent}")


@model_group.command("import")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--name",
    default=None,
    help="Name to register it under (default: the folder's name), e.g. Helsinki-NLP/opus-mt-zh-en.",
)
def model_import_cmd(folder, name):
    """Register a copied transformers model FOLDER (config.json, weights, source.spm, target.spm, vocab.json)."""
    click.echo(f"imported {folder} as {service.import_model(folder, name)}")


@model_group.command("convert")
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("output", type=click.Path(path_type=Path))
@click.option(
    "--quantization", "-q", default="int8", show_default=True, help="int8, int8_float32, int16, float16, float32..."
)
def model_convert_cmd(source, output, quantization):
    """Convert a transformers Marian folder SOURCE to a CTranslate2 folder OUTPUT."""
    service.convert_model(source, output, quantization)
    click.echo(f"converted {source} to {output} ({quantization})")


@model_group.command("list")
def model_list_cmd():
    """List installed and imported models with their formats."""
    folder, rows = service.models_folder(), [r for r in service.installed_models() if r["installed"]]
    if not rows:
        click.echo(f"no models in {folder} (see `workbench model install --help`)")
    for row in rows:
        click.echo(f"{row['name']}\t{', '.join(row['formats'])}\t{row['megabytes']} MB\t{row['path']}")


@main.group("bench")
def bench_group():
    """Benchmarks that measure and print numbers (JSON with --json)."""


@bench_group.command("mt")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--sentences", default=32, show_default=True)
@click.option("--source-tokens", default=40, show_default=True)
@click.option("--target-tokens", default=40, show_default=True, help="Fixed output length (the model is random).")
@click.option("--batch-size", default=32, show_default=True)
@click.option("--beams", default=4, show_default=True)
@click.option("--threads", type=int, default=None, help="Default: all cores.")
@click.option("--quantization", default=None, help="ct2 compute type (default int8 on CPU, float16 on CUDA).")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True)
@click.option("--repeat", default=3, show_default=True, help="Timed runs per engine (the best counts).")
@click.option("--rebuild", is_flag=True, help="Build the random opus-mt-zh-en-shaped model again.")
def bench_mt_cmd(
    as_json, sentences, source_tokens, target_tokens, batch_size, beams, threads, quantization, device, repeat, rebuild
):
    """Time transformers against CTranslate2 on a random model with the opus-mt-zh-en architecture."""
    from .bench.mt import run_mt_benchmark

    result = run_mt_benchmark(
        sentences=sentences,
        source_tokens=source_tokens,
        target_tokens=target_tokens,
        batch_size=batch_size,
        beams=beams,
        threads=threads,
        quantization=quantization,
        device=device,
        repeat=repeat,
        rebuild=rebuild,
    )
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(
            f"transformers {result['torch_tokens_per_s']:.0f} tok/s, CTranslate2 ({result['ct2_compute_type']}) "
            f"{result['ct2_tokens_per_s']:.0f} tok/s: {result['speedup']:.2f}x on {result['machine']}"
        )


@bench_group.command("align")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder with mac_dev/ and pol_dev/ (default: $WORKBENCH_ALIGN_GOLD or ../shared/align).",
)
def bench_align_cmd(as_json, gold):
    """Strict/lax F1 on the MAC and political gold sets, and the speed of a 1,000 x 1,300 alignment."""
    from .bench.align import run_align_benchmark

    result = run_align_benchmark(gold)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    for name in ("mac_dev", "pol_dev"):
        r = result[name]
        click.echo(f"{name}: strict F1 {r['strict']['f1']}, lax F1 {r['lax']['f1']} ({r['seconds']} s)")
    click.echo(
        f"{result['speed']['zh_sentences']} x {result['speed']['en_sentences']} sentences "
        f"in {result['speed']['seconds']} s"
    )


@bench_group.command("ui")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--segments", default=5000, show_default=True, help="Size of the project.")
@click.option("--pages", default=40, show_default=True, help="Page loads to time.")
@click.option("--saves", default=40, show_default=True, help="Saves to time.")
@click.option("--clients", default=20, show_default=True, help="Reviewers saving at the same time.")
def bench_ui_cmd(as_json, segments, pages, saves, clients):
    """Time opening a page of segments and saving one edit through the app's HTTP API, alone and
    with CLIENTS reviewers saving at once."""
    from .bench.ui import run_ui_benchmark

    result = run_ui_benchmark(segments=segments, pages=pages, saves=saves, clients=clients)
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(
            f"{result['segments']} segments: page p95 {result['page_p95_ms']} ms, save p95 {result['save_p95_ms']} ms; "
            f"{clients} reviewers at once: save p95 {result[f'save_p95_ms_{clients}_clients']} ms, "
            f"{result['acknowledged_saves_lost']} acknowledged saves lost"
        )


@bench_group.command("import")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--megabytes", default=5.0, show_default=True, help="Size of the generated report (UTF-8).")
def bench_import_cmd(as_json, megabytes):
    """Time importing a large generated report and measure the import's peak memory (RSS)."""
    from .bench.importing import run_import_benchmark

    result = run_import_benchmark(megabytes)
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(
            f"{result['megabytes']} MB report: {result['segments']} segments in {result['seconds']} s, "
            f"peak RSS {result['peak_rss_mb']} MB"
        )


@main.command("serve")
@project_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 exposes the app to your network).",
)
@click.option("--port", default=7860, show_default=True, type=int)
@click.option("--no-sample", is_flag=True, help="Do not import the bundled sample report.")
@click.option(
    "--auth",
    default=None,
    metavar="USER:PASSWORD",
    help="Ask for this login. Anything on the command line is visible to every user of this machine "
    "(ps, /proc): prefer --auth-file or $WORKBENCH_AUTH.",
)
@click.option(
    "--auth-file",
    type=click.Path(path_type=Path),
    default=None,
    help="Read USER:PASSWORD from the first line of this file (keep it readable only by you).",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME[:PORT]",
    help="Also answer requests addressed to this name (a proxy in front, or --host 0.0.0.0); repeatable. "
    "Default: $WORKBENCH_ALLOWED_HOSTS (comma-separated).",
)
def serve_cmd(project, host, port, no_sample, auth, auth_file, allowed_hosts):
    """Open the workbench in the browser (imports the bundled sample report first).

    Login: give it with --auth-file FILE or $WORKBENCH_AUTH; --auth on the command line also works
    but is visible to other users in `ps`. Repeated wrong logins are slowed down (at most 10 s each),
    never locked out. Without a login, --host beyond this machine prints a warning.

    Only requests addressed to 127.0.0.1, localhost, [::1], the --host name and the
    --allowed-host names are answered (a web page cannot reach the app through a name of its
    own); --host 0.0.0.0 needs at least one --allowed-host.
    """
    from .service.database import is_loopback
    from .ui import launch
    from .ui.hosts import allowed_names

    credentials = _credentials(auth, auth_file)
    names = list(allowed_hosts) or os.environ.get("WORKBENCH_ALLOWED_HOSTS", "").split(",")
    allowed_names(host, names)  # a server on 0.0.0.0 without a name is refused before anything else is said
    if credentials is None and not is_loopback(host):
        click.echo(
            f"workbench: warning: serving on {host} without a login: anyone who can reach this address can "
            f"read and change the project; use --auth-file or $WORKBENCH_AUTH",
            err=True,
        )
    launch(
        project or default_project(),
        host=host,
        port=port,
        sample=None if no_sample else sample_report(),
        auth=credentials,
        allowed_hosts=names,
    )


def _credentials(auth: str | None, auth_file: Path | None) -> tuple[str, str] | None:
    """(user, password) from --auth-file, --auth or $WORKBENCH_AUTH; None for no login."""
    origin = "--auth"
    if auth_file is not None:
        auth, readable_by_others = service.read_login_file(auth_file)
        origin = f"--auth-file {auth_file}"
        if readable_by_others:
            click.echo(f"workbench: warning: {auth_file} can be read by other users; chmod 600 it", err=True)
        if not auth:
            raise WorkbenchError(f"{auth_file}: the login file is empty; write USER:PASSWORD on its first line")
    elif not auth and os.environ.get("WORKBENCH_AUTH"):
        auth, origin = os.environ["WORKBENCH_AUTH"], "$WORKBENCH_AUTH"
    if not auth:
        return None
    user, _, password = auth.partition(":")
    if not user or not password:
        raise WorkbenchError(f"{origin} needs USER:PASSWORD")
    return user, password


from .cli_tm import analyze_cmd, bench_tm_cmd, tm_group  # noqa: E402

main.add_command(tm_group)
main.add_command(analyze_cmd)
bench_group.add_command(bench_tm_cmd)

from .cli_cluster import bench_cluster_cmd, translate_corpus_cmd  # noqa: E402
from .cli_steps import steps_cmd, undo_cmd  # noqa: E402

main.add_command(steps_cmd)
main.add_command(undo_cmd)

from .cli_lqa import lqa_group  # noqa: E402
from .cli_replace import replace_cmd  # noqa: E402

main.add_command(replace_cmd)
main.add_command(lqa_group)

main.add_command(translate_corpus_cmd)
bench_group.add_command(bench_cluster_cmd)


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
    from .service.database import mask_secrets

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
    from .service.database import database_problem

    problem = database_problem(exc, _project_argument())
    if problem is not None:
        return problem
    if isinstance(exc, OSError) and exc.filename:
        return WorkbenchError(f"{exc.filename}: {exc.strerror or exc}")
    return None

"""``workbench tm ...``, ``workbench analyze`` and ``workbench bench tm``: the translation memory
from the command line, a thin layer over :mod:`workbench.service.tm`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import service
from .options import document_option, json_option, open_store, output_option, project_option


@click.group("tm")
def tm_group():
    """Translation memory: every reviewed segment and confirmed alignment, plus imported TMX files.

    Reviewed and approved segments are kept in the memory "reviews", confirmed alignment beads
    in "alignments"; each imported TMX file becomes a memory of its own. When two matches score
    the same, the memory with the lower priority number wins.
    """


@tm_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@project_option
@click.option(
    "--name", default=None, help="Memory name (default: the file's name); an import replaces the memory of that name."
)
@click.option(
    "--priority", type=int, default=None, help="Lower numbers win ties (default 10; reviews 1, alignments 5)."
)
def tm_import_cmd(file, project, name, priority):
    """Import a TMX file (1.1 to 1.4b; streamed, so any size imports in bounded memory), or an XLIFF file's
    translated units and its candidates (<alt-trans>, XLIFF 2 <mtc:match>). A malformed file imports nothing."""
    from tqdm import tqdm

    store = open_store(project, create=True)
    bar = tqdm(total=0, unit="B", unit_scale=True, desc="importing", disable=None)

    def progress(units, done, size):
        bar.total = size
        bar.n = done
        bar.set_postfix_str(f"{units:,} units", refresh=False)
        bar.refresh()

    try:
        result = service.import_tmx(store, file, name=name, priority=priority, progress=progress)
    finally:
        bar.close()
    click.echo(
        f"{file}: {result.units:,} units in memory {result.name!r} (priority {result.priority}; "
        f"{result.read:,} read, {result.duplicates:,} duplicates"
        + (f", replacing {result.replaced:,}" if result.replaced else "")
        + ")"
    )


@tm_group.command("export")
@project_option
@output_option(help="TMX file to write.")
@click.option("--name", default=None, help="Only this memory (default: all, by priority, each pair once).")
def tm_export_cmd(project, output, name):
    """Export the translation memory as TMX 1.4b (origin, document, author and context as props)."""
    count = service.export_tmx(open_store(project), output, name=name)
    click.echo(f"wrote {count:,} units to {output}")


@tm_group.command("lookup")
@click.argument("text")
@project_option
@click.option("--limit", "-n", default=3, show_default=True, type=click.IntRange(1, 50))
@click.option("--min-score", default=50, show_default=True, type=click.IntRange(0, 100))
@json_option("Print [{source, target, score, origin}] best first.")
def tm_lookup_cmd(text, project, limit, min_score, as_json):
    """The best fuzzy matches of the Chinese sentence TEXT, best first."""
    matches = service.lookup(open_store(project), text, limit=limit, min_score=min_score)
    if as_json:
        rows = [dict(source=m["source"], target=m["target"], score=m["score"], origin=m["origin"]) for m in matches]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not matches:
        click.echo("no match")
    for m in matches:
        numbers = f"\t(numbers differ: {', '.join(m['numbers_differ'])})" if m["numbers_differ"] else ""
        click.echo(f"{m['score']}%\t{m['origin']}\t{m['source']}\t{m['target']}{numbers}")


@tm_group.command("list")
@project_option
def tm_list_cmd(project):
    """List the project's translation memories: priority, units, name."""
    memories = service.list_memories(open_store(project))
    if not memories:
        click.echo("no translation memory yet: review segments, confirm alignments or `workbench tm import FILE.tmx`")
    for m in memories:
        click.echo(f"{m['priority']}\t{m['units']:,} units\t{m['name']}")


@click.command("analyze")
@project_option
@document_option(help="Only this document (default: the whole project).")
@json_option('Print {"bands": {"repetition": {"segments", "characters"}, "101": ...}}.')
def analyze_cmd(project, document_id, as_json):
    """Count segments and characters by TM match band (repetitions, 101%, 100%, fuzzy bands, no match),
    what a project manager asks before work starts."""
    result = service.analyze(open_store(project), document_id=document_id)
    if as_json:
        click.echo(json.dumps(result, indent=1))
        return
    bands = result["bands"]
    segments = sum(b["segments"] for b in bands.values())
    characters = sum(b["characters"] for b in bands.values())
    click.echo(f"{'band':<20}{'segments':>10}{'characters':>12}{'share':>8}")
    for band in service.BANDS:
        b = bands[band]
        share = b["characters"] / characters if characters else 0
        click.echo(f"{service.BAND_LABELS[band]:<20}{b['segments']:>10,}{b['characters']:>12,}{share:>8.1%}")
    click.echo(f"{'Total':<20}{segments:>10,}{characters:>12,}")


@click.command("tm")
@json_option("Print the result as JSON.")
@click.option("--units", default=100_000, show_default=True, help="Size of the memory.")
@click.option("--lookups", default=200, show_default=True, help="Lookups to time.")
def bench_tm_cmd(as_json, units, lookups):
    """Import a generated TMX of UNITS Chinese sentences, then time top-3 fuzzy lookups."""
    from ..bench.tm import run_tm_benchmark

    result = run_tm_benchmark(units=units, lookups=lookups)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(
        f"{result['units']:,} units: lookup p50 {result['lookup_p50_ms']} ms, p95 {result['lookup_p95_ms']} ms; "
        f"import {result['import_units_per_s']:,} units/s; index built in {result['index_build_s']} s"
    )

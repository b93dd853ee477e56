"""``workbench campaign ...``: human evaluation campaigns (several systems rated by several raters)
from the command line, a thin layer over :mod:`workbench.service.campaigns`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import service
from .options import document_option, json_option, open_store, output_option, project_option, weights_option


@click.group("campaign")
def campaign_group():
    """Human evaluation campaigns as WMT runs them: several systems' translations of the same
    segments, rated by several raters (DA, ESA, MQM), scored with confidence intervals,
    significance clusters and rater agreement."""


@campaign_group.command("create")
@click.argument("name")
@project_option
@click.option(
    "--manifest",
    "-m",
    required=True,
    type=click.Path(path_type=Path),
    help="TOML: protocol, documents, systems, raters, items_per_task, overlap, seed, qc {repeats, bad_references}.",
)
@json_option("Print the result as JSON.")
def create_cmd(name, project, manifest, as_json):
    """Make campaign NAME from a manifest: one item per system and segment of its documents. Built-in
    systems: an engine run (engine = marian|ct2|hf|llm, with model, beams, max_length, enforce_terms;
    made for the campaign, through the translation cache, never into the reviewed translation), tm
    (the memory's best match), reviewed (the current translation) and reference (the aligned English)."""
    result = service.create_campaign(open_store(project, create=True), name, manifest)
    if as_json:
        click.echo(json.dumps(result, indent=1, ensure_ascii=False))
        return
    systems = ", ".join(f"{s} ({n})" for s, n in result["systems"].items())
    click.echo(
        f"created {result['protocol']} campaign {name}: {result['segments']} segments, {result['items']} items; "
        f"systems: {systems}; raters: {', '.join(result['raters'])}"
    )


@campaign_group.command("tasks")
@click.argument("name")
@project_option
@click.option("--regenerate", is_flag=True, help="Deal the tasks again (refused once a rating exists).")
@json_option("Print the tasks per rater as JSON.")
def tasks_cmd(name, project, regenerate, as_json):
    """Deal campaign NAME's items to its raters with the manifest's seed (once: later calls show the
    same tasks), with the QC repeats and bad references shuffled into each task."""
    result = service.campaign_tasks(open_store(project), name, regenerate=regenerate)
    if as_json:
        click.echo(json.dumps(result, indent=1, ensure_ascii=False))
        return
    verb = "dealt" if result["generated"] else "tasks of"
    click.echo(f"{verb} campaign {name} ({result['protocol']}, seed {result['seed']}):")
    for rater, s in result["raters"].items():
        click.echo(
            f"  {rater}: {s['tasks']} tasks, {s['places']} places ({s['repeats']} repeats, "
            f"{s['bad_references']} bad references), {s['rated']} rated"
        )


@campaign_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@project_option
@click.option("--name", "-n", required=True, help="The campaign (made when it does not exist yet).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(service.campaigns.FORMATS),
    default=None,
    help="text: one candidate a line of --document; tsv: system doc seg_id target [source rater score]; "
    "mqm-tsv: Google's MQM TSV with its annotations. Default: from the header.",
)
@click.option("--system", "-s", default=None, help="The system of a text file; of a TSV, import only this system.")
@document_option(
    help="Tie every row to this document (seg_id is its segment's number) instead of the file's own documents."
)
@click.option(
    "--protocol",
    type=click.Choice(service.campaigns.PROTOCOLS),
    default=None,
    help="Protocol of a new campaign (an MQM TSV makes an mqm campaign; otherwise default da).",
)
@json_option("Print the result as JSON.")
def import_cmd(file, project, name, fmt, system, document_id, protocol, as_json):
    """Import candidates, and the ratings a file brings, into campaign NAME. A file whose
    documents are not in the project brings them from its source column (one document per doc,
    segments in seg_id order). A malformed file is refused whole with its line numbers."""
    store = open_store(project, create=True)
    result = service.import_campaign(
        store, file, name, format=fmt, system=system, document_id=document_id, protocol=protocol
    )
    for warning in result.warnings:
        click.echo(f"workbench: warning: {file}: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=1, ensure_ascii=False))
        return
    made = f"; new documents: {', '.join(result.documents_created)}" if result.documents_created else ""
    click.echo(
        f"{'created' if result.created else 'added to'} {result.protocol} campaign {name}: "
        f"{len(result.systems)} systems, {result.items:,} new items, {result.ratings:,} ratings, "
        f"{result.annotations:,} annotations{made}"
    )


def _number(value: float, digits: int = 4) -> float:
    return round(float(value), digits)


def rounded(result: dict) -> dict:
    """The scores with their floats rounded to 4 decimals (JSON output)."""

    def walk(value):
        if isinstance(value, float):
            return _number(value, 6) if abs(value) < 1e-3 and value else _number(value)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(result)


@campaign_group.command("scores")
@click.argument("name")
@project_option
@json_option('Print {"campaign", "protocol", "systems": [...], ...}.')
@weights_option('MQM weights, a TOML file: major = 5, minor = 1, "Fluency/Punctuation" = {minor = 0.1}.')
@click.option(
    "--seed",
    type=int,
    default=service.campaigns.DEFAULT_SEED,
    show_default=True,
    help="Seed of the bootstrap resampling (intervals and significance).",
)
@click.option(
    "--exclude-failed-raters",
    is_flag=True,
    help="Leave out the raters who fail QC (bad references not significantly below their originals, "
    "repeats beyond the tolerance).",
)
@click.option(
    "--report",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the scores as a report: FILE.md (Markdown) or FILE.html.",
)
def scores_cmd(name, project, as_json, weights, seed, exclude_failed_raters, report):
    """Score campaign NAME: each system's score (MQM: mean weighted errors per segment-rater pair,
    lower is better; DA: mean z-score, and the raw mean), 95% bootstrap interval, significance
    cluster and rank range, and the raters' agreement (Krippendorff's alpha)."""
    result = rounded(
        service.campaign_scores(
            open_store(project), name, weights_file=weights, seed=seed, exclude_failed_raters=exclude_failed_raters
        )
    )
    if report is not None:
        service.write_campaign_report(result, report)
    if as_json:
        click.echo(json.dumps(result, indent=1, ensure_ascii=False))
        return
    protocol = result["protocol"]
    direction = "lower is better" if protocol == "mqm" else "higher is better"
    what = {"mqm": "MQM", "da": "z-score", "esa": "ESA score", "sxs": "score"}[protocol]
    click.echo(f"campaign {name} ({protocol}, {what}, {direction}); test: {result['test']}, p < 0.05")
    raw = "raw" in result["systems"][0] if result["systems"] else False
    raw_head = "raw" if raw else ""
    click.echo(f"{'cluster':>7}  {'rank':>7}  {'system':<24}{what:>10}{raw_head:>8}  {'95% CI':<18}{'n':>7}")
    for s in result["systems"]:
        rank = f"{s['rank'][0]}-{s['rank'][1]}" if s["rank"][0] != s["rank"][1] else str(s["rank"][0])
        ci = f"[{s['ci'][0]:.3f}, {s['ci'][1]:.3f}]"
        extra = f"{s['raw']:8.2f}" if raw else f"{'':8}"
        click.echo(f"{s['cluster']:>7}  {rank:>7}  {s['system']:<24}{s['score']:>10.3f}{extra}  {ci:<18}{s['n']:>7,}")
    if protocol == "mqm":
        for s in result["systems"]:
            top = ", ".join(f"{c} {v['per_pair']:.3f} ({v['errors']})" for c, v in list(s["categories"].items())[:4])
            click.echo(f"  {s['system']}: {top or 'no errors'}")
    agreement = result["agreement"]
    alpha = "n/a (no item rated by two raters)" if agreement["alpha"] is None else f"{agreement['alpha']:.3f}"
    click.echo(
        f"rater agreement: Krippendorff's alpha ({agreement['level']}) {alpha} "
        f"on {agreement['items']} items, {agreement['raters']} raters"
    )
    for rater, qc in result["qc"].items():
        bad, rep = qc["bad_references"], qc["repeats"]
        click.echo(
            f"QC {rater}: bad references {bad['result']} ({bad['pairs']} pairs), repeats {rep['result']} "
            f"({rep['pairs']} pairs){'' if qc['passed'] else ' - FAILED'}"
        )
    if result["excluded"]:
        click.echo(f"left out (failed QC): {', '.join(result['excluded'])}")
    metrics = result["metrics"]
    for system, m in metrics["systems"].items():
        click.echo(f"metrics {system}: BLEU {m['bleu']:.2f}  chrF {m['chrf']:.2f}  TER {m['ter']:.2f}")
    for metric, c in metrics.get("correlation", {}).items():
        if c["pearson"] is not None:
            click.echo(
                f"correlation {metric} with the human score: Pearson {c['pearson']:.3f}, Kendall {c['kendall']:.3f}"
            )
    for metric, signature in metrics["signatures"].items():
        click.echo(f"{metric} signature: {signature}")
    if report is not None:
        click.echo(f"wrote the report to {report}")


@campaign_group.command("status")
@click.argument("name")
@project_option
@json_option("Print the counts as JSON.")
def status_cmd(name, project, as_json):
    """Counts of campaign NAME: systems, documents, segments, items, ratings and annotations, per rater and system."""
    result = service.campaign_status(open_store(project), name)
    if as_json:
        click.echo(json.dumps(result, indent=1, ensure_ascii=False))
        return
    click.echo(
        f"campaign {name} ({result['protocol']}): {result['systems']} systems, {result['documents']} documents, "
        f"{result['segments']:,} segments, {result['items']:,} items, {result['ratings']:,} ratings by "
        f"{result['raters']} raters, {result['annotations']:,} annotations"
    )
    for rater, n in result["per_rater"].items():
        click.echo(f"  rater {rater}: {n:,} ratings")
    for rater, t in result["tasks"].items():
        click.echo(f"  tasks of {rater}: {t['rated']:,} of {t['places']:,} items rated")
    for system, counts in result["per_system"].items():
        click.echo(f"  system {system}: {counts['rated']:,} of {counts['items']:,} items rated")


@campaign_group.command("export")
@click.argument("name")
@project_option
@output_option(help="File to write (.tsv).")
def export_cmd(name, project, output):
    """Write the judgements of campaign NAME: for mqm and esa an MQM TSV in the import's layout
    (spans as <v>...</v>, a No-error row for a judgement without errors), for da a TSV of
    candidates with source, rater and score."""
    rows = service.export_campaign(open_store(project), name, output)
    click.echo(f"wrote {rows:,} rows to {output}")


@click.command("campaign")
@json_option("Print the result as JSON.")
@click.option("--rows", default=100_000, show_default=True, help="Annotation rows of the generated MQM TSV.")
@click.option(
    "--raters", default=20, show_default=True, help="Raters rating at once (submit and open the next; 0: skip)."
)
def bench_campaign_cmd(as_json, rows, raters):
    """Import a generated MQM TSV of ROWS annotation rows (time, peak memory), then time `campaign scores`."""
    from ..bench.campaign import run_campaign_benchmark

    result = run_campaign_benchmark(rows=rows, raters=raters)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(
        f"{result['rows']:,} rows: import {result['import_s']} s (peak {result['import_peak_mb']} MB), "
        f"scores {result['scores_s']} s"
    )
    if "rate_next_ms_p95" in result:
        click.echo(
            f"{result['rate_raters']} raters at once: submit and open the next item "
            f"p50 {result['rate_next_ms_p50']} ms, p95 {result['rate_next_ms_p95']} ms "
            f"({result['rate_submissions']} submissions)"
        )

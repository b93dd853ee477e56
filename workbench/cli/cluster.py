"""Commands for work beyond one process: ``translate-corpus`` and ``bench cluster``.

Both run on this machine by default and on a Ray cluster with ``--ray ADDRESS|auto``
(see :mod:`workbench.cluster`).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import click

from .. import service
from .engine import engine_options, open_engine
from .options import (
    glossary_file_option,
    json_option,
    output_option,
)


def _ray_options(f):
    f = click.option(
        "--actors",
        type=click.IntRange(1, 4096),
        default=None,
        help="With --ray: engine actors (default: one per GPU, else one per free CPU of the cluster).",
    )(f)
    return click.option(
        "--ray",
        "ray_address",
        default=None,
        metavar="ADDRESS|auto",
        help="Translate on a Ray cluster (pip install -e '.[cluster]'): its address, or auto for a "
        "private one on this machine bound to 127.0.0.1. The engine defaults to ct2 there.",
    )(f)


@click.command("translate-corpus")
@click.argument("folder", type=click.Path(path_type=Path))
@output_option(dest="out_dir", required=False, help="Folder for the English files (same names and sub-folders).")
@click.option("--out", "old_out", type=click.Path(path_type=Path), hidden=True, help="Old name of --output.")
@engine_options
@glossary_file_option("With --enforce-terms: a glossary file whose terms come before the bundled glossary.")
@click.option("--enforce-terms", is_flag=True, help="Make the preferred rendering of every glossary term appear.")
@_ray_options
def translate_corpus_cmd(
    folder,
    out_dir,
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
    glossary_file,
    enforce_terms,
    ray_address,
    actors,
    old_out=None,
):
    """Translate every .txt file under FOLDER into --output, line for line (no project database).

    Resumable by file: a file whose output exists is not translated again; an interrupted one is redone.
    """
    out_dir = out_dir or old_out  # --out: the option's old name, still understood
    if out_dir is None:
        raise click.UsageError("Missing option '--output' / '-o': the folder for the English files.")
    from tqdm import tqdm

    settings = service.TranslateSettings(beams=beams, max_length=max_length, enforce_terms=enforce_terms)
    terms = service.enforced_glossary(service.read_terms(glossary_file)) if enforce_terms else None
    bar = tqdm(total=0, unit="line", desc="translating", disable=None)

    def progress(done, total):
        bar.total, bar.n = total, done
        bar.refresh()

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
        )
        report = service.translate_corpus(
            folder, out_dir, mt, settings, batch_size, glossary=terms, runner=runner, progress=progress
        )
        bar.close()
    for problem in report.skipped:
        click.echo(f"skipped {problem}", err=True)
    click.echo(
        f"{report.files} files: {report.translated} translated ({report.lines} lines), {report.already_done} "
        f"done before, {len(report.skipped)} skipped; {report.seconds:.1f} s"
    )


@click.command("cluster")
@json_option("Print the result as JSON.")
@click.option("--sentences", default=64, show_default=True)
@click.option("--batch-size", default=16, show_default=True)
@click.option("--beams", default=2, show_default=True)
@click.option("--max-length", default=40, show_default=True, help="Most target tokens per sentence.")
@click.option("--ray", "ray_address", default="auto", show_default=True, metavar="ADDRESS|auto")
@click.option("--actors", type=int, default=None, help="Default: one per free CPU.")
@click.option("--repeat", default=3, show_default=True, help="Timed runs of each path, interleaved (the best counts).")
@click.option(
    "--small", is_flag=True, help="Use a tiny random model instead of the opus-mt-zh-en-sized one (a quick check)."
)
def bench_cluster_cmd(as_json, sentences, batch_size, beams, max_length, ray_address, actors, repeat, small):
    """Time the same batches through the local ct2 path and through Ray actors on this machine."""
    from ..bench.cluster import run_cluster_benchmark

    result = run_cluster_benchmark(
        sentences=sentences,
        batch_size=batch_size,
        beams=beams,
        max_length=max_length,
        ray_address=ray_address,
        actors=actors,
        small=small,
        repeat=repeat,
    )
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(
            f"local {result['local_tokens_per_s']:.0f} tok/s, Ray {result['ray_tokens_per_s']:.0f} tok/s with "
            f"{result['actors']} actors: overhead ratio {result['overhead_ratio']:.2f}"
        )

"""``workbench bench ...``: the benchmarks that print the speed and memory figures."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .options import (
    json_option,
)


@click.group("bench")
def bench_group():
    """Benchmarks that measure and print numbers (JSON with --json)."""


@bench_group.command("mt")
@json_option("Print the result as JSON.")
@click.option("--sentences", default=32, show_default=True)
@click.option("--source-tokens", default=40, show_default=True)
@click.option("--target-tokens", default=40, show_default=True, help="Fixed output length (the model is random).")
@click.option("--batch-size", default=32, show_default=True)
@click.option("--beams", default=4, show_default=True)
@click.option("--threads", type=int, default=None, help="Default: all cores.")
@click.option("--quantization", default=None, help="ct2 compute type (default int8 on CPU, float16 on CUDA).")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True)
@click.option("--repeat", default=3, show_default=True, help="Timed runs per engine (the best counts).")
@click.option("--rebuild", is_flag=True, help="Build the random opus-mt-zh-en-shaped (and NLLB-kind) models again.")
@click.option("--no-hf", is_flag=True, help="Leave out the hf engine (random small NLLB-kind model).")
@click.option("--no-llm", is_flag=True, help="Leave out the llm engine (stand-in server on 127.0.0.1).")
@click.option(
    "--llm-delay",
    type=click.FloatRange(0.001, 10),
    default=0.1,
    show_default=True,
    help="Seconds the stand-in server waits before each reply.",
)
def bench_mt_cmd(
    as_json,
    sentences,
    source_tokens,
    target_tokens,
    batch_size,
    beams,
    threads,
    quantization,
    device,
    repeat,
    rebuild,
    no_hf,
    no_llm,
    llm_delay,
):
    """Time transformers against CTranslate2 on a random model with the opus-mt-zh-en architecture;
    also the hf engine on a random small NLLB-kind model (hf_tokens_per_s) and the llm engine against
    a stand-in server with a fixed delay (llm_requests_per_s_concurrency_1 and _4)."""
    from ..bench.mt import run_mt_benchmark

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
        hf=not no_hf,
        llm=not no_llm,
        llm_delay=llm_delay,
    )
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(
            f"transformers {result['torch_tokens_per_s']:.0f} tok/s, CTranslate2 ({result['ct2_compute_type']}) "
            f"{result['ct2_tokens_per_s']:.0f} tok/s: {result['speedup']:.2f}x on {result['machine']}"
        )
        if "hf_tokens_per_s" in result:
            click.echo(f"hf (random small NLLB-kind model) {result['hf_tokens_per_s']:.0f} tok/s")
        if "llm_requests_per_s_concurrency_1" in result:
            click.echo(
                f"llm (stand-in server, {result['llm_stand_in_delay_s']} s per reply): "
                f"{result['llm_requests_per_s_concurrency_1']:.1f} requests/s with 1 in flight, "
                f"{result['llm_requests_per_s_concurrency_4']:.1f} with 4"
            )


@bench_group.command("align")
@json_option("Print the result as JSON.")
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder with mac_dev/ and pol_dev/ (default: $WORKBENCH_ALIGN_GOLD or ../shared/align).",
)
def bench_align_cmd(as_json, gold):
    """Strict/lax F1 on the MAC and political gold sets, and the speed of a 1,000 x 1,300 alignment."""
    from ..bench.align import run_align_benchmark

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
@json_option("Print the result as JSON.")
@click.option("--segments", default=5000, show_default=True, help="Size of the project.")
@click.option("--pages", default=40, show_default=True, help="Page loads to time.")
@click.option("--saves", default=40, show_default=True, help="Saves to time.")
@click.option("--clients", default=20, show_default=True, help="Reviewers saving at the same time.")
def bench_ui_cmd(as_json, segments, pages, saves, clients):
    """Time opening a page of segments and saving one edit through the app's HTTP API, alone and
    with CLIENTS reviewers saving at once."""
    from ..bench.ui import run_ui_benchmark

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
@json_option("Print the result as JSON.")
@click.option("--megabytes", default=5.0, show_default=True, help="Size of the generated report (UTF-8).")
def bench_import_cmd(as_json, megabytes):
    """Time importing a large generated report and measure the import's peak memory (RSS)."""
    from ..bench.importing import run_import_benchmark

    result = run_import_benchmark(megabytes)
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(
            f"{result['megabytes']} MB report: {result['segments']} segments in {result['seconds']} s, "
            f"peak RSS {result['peak_rss_mb']} MB"
        )

"""The engine a command line asks for: :func:`workbench.service.open_engine` with the terminal's
questions and messages (shared by ``translate`` and ``translate-corpus``)."""

from __future__ import annotations

import sys

import click

from .. import service


def open_engine(
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
    install_model=False,
    llm_options=None,
):
    """(engine, batch runner) from :func:`workbench.service.open_engine`, with this command line's words:
    a missing model is installed when --install-model says so or the user agrees on a terminal."""

    def ask(name):
        if install_model:
            return True
        return sys.stdin.isatty() and click.confirm(
            f"{name} is not installed. Download it from the model hub now?", default=True, err=True
        )

    def pool_closed(pool):
        click.echo(
            f"Ray: {pool['actors']} actors ({pool['device']}), {pool['resent']} batches sent again after a worker died",
            err=True,
        )

    return service.open_engine(
        stack,
        settings,
        engine,
        model,
        device,
        threads,
        quantization,
        not no_shortlist,
        ray_address,
        actors,
        install_model,
        ask=ask,
        installed=lambda name: click.echo(f"installed {name}", err=True),
        pool_closed=pool_closed,
        llm_options=llm_options,
    )


def engine_options(f):
    """The engine options of translate and translate-corpus, declared once."""
    for option in reversed(
        [
            click.option(
                "--engine",
                "-e",
                type=click.Choice(service.ENGINES),
                default=None,
                help="marian: transformers (the default); ct2: CTranslate2 (int8 on CPU, float16 on CUDA; "
                "converted on first use; the default with --ray); hf: any transformers seq2seq model "
                "(Marian, NLLB-200, M2M100, mBART-50; language codes chosen for zh->en); llm: chat "
                "completions on an OpenAI-compatible --endpoint.",
            ),
            click.option(
                "--model",
                "-m",
                default=None,
                metavar="ID_OR_DIR",
                help="Hub id or model folder (hf: e.g. facebook/nllb-200-distilled-600M). "
                f"Default: {service.DEFAULT_MODEL}.",
            ),
            click.option(
                "--beams", "-b", type=click.IntRange(1, 32), default=None, help="Beam size (default: the model's own)."
            ),
            click.option(
                "--max-length",
                type=click.IntRange(2, 1024),
                default=None,
                help="Most target tokens per sentence (default: the model's own).",
            ),
            click.option("--batch-size", type=click.IntRange(1, 512), default=16, show_default=True),
            click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True),
            click.option(
                "--quantization",
                default=None,
                help="ct2 only: int8, float16, float32... (default int8 on CPU, float16 on CUDA).",
            ),
            click.option("--threads", type=int, default=None, help="CPU threads (default: all cores)."),
            click.option(
                "--no-shortlist",
                is_flag=True,
                help="ct2 only: score the whole vocabulary, not only target-side pieces.",
            ),
            click.option(
                "--install-model",
                is_flag=True,
                help="Install the model from the hub first if it is missing (on a terminal you are asked).",
            ),
        ]
    ):
        f = option(f)
    return f

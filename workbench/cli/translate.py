"""``workbench translate``: machine translation of the project's untranslated segments."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from .. import service
from ..errors import WorkbenchError
from .engine import engine_options, open_engine
from .options import (
    document_option,
    glossary_file_option,
    open_store,
    project_option,
)


@click.command("translate")
@project_option
@engine_options
@document_option(help="Only this document (default: all source documents).")
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
@glossary_file_option(
    "Glossary file (TSV/CSV/XLSX/TBX) whose terms come first; default: the project's glossaries "
    "(pipe mode: the bundled glossary)."
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

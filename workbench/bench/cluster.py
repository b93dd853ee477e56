"""What Ray costs on one machine: the same batches through the local ``ct2`` path and through
Ray actors, in one run.

The model is the random opus-mt-zh-en-shaped one of ``bench mt`` (the same per-token work as
the real model; ``--small`` takes the tiny test model for a quick check). The inputs are
sentences of the bundled sample report, made distinct by numbering (de-duplication would
otherwise shrink the work). Both paths translate them with
:func:`workbench.service.translation.translate_lines` in length-sorted batches: locally one
engine with one sub-batch per core (what ``workbench translate --engine ct2`` does), on Ray
one single-threaded actor per core. Engine loading and cluster start are timed separately
and left out of the tokens per second: they are paid once per run, not per batch. Tokens are
the target tokens the decoder produces; both paths produce the same ones (``same_output``).

The two paths run ``repeat`` times, interleaved, and the best run of each counts (the
machine may be shared). ``overhead_ratio`` = Ray seconds / local seconds: 1.0 means Ray costs
nothing, 1.2 is 20% slower.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from ..config import data_dir, sample_report
from ..mt.engine import TranslateSettings
from .mt import machine, prepare_models


def bench_sentences(count: int) -> list[str]:
    text = sample_report().read_text("utf-8")
    pieces = [p.strip() + "。" for p in re.split(r"[。！？\n]", text) if len(p.strip()) >= 8]
    pieces = list(dict.fromkeys(pieces))
    return [f"第{i + 1}条，{pieces[i % len(pieces)]}" for i in range(count)]


def _small_model() -> Path:
    from ..mt.models import convert_model, is_ct2_folder
    from ..mt.random_model import TINY, build_random_marian

    folder = data_dir() / "bench" / "tiny-random"
    if not is_ct2_folder(folder.parent / "tiny-random-ct2-int8"):
        build_random_marian(folder, TINY, num_beams=2, max_length=64)
        convert_model(folder, folder.parent / "tiny-random-ct2-int8", "int8")
    return folder.parent / "tiny-random-ct2-int8"


def generated_tokens(engine, inputs: list[str], settings: TranslateSettings) -> int:
    """Target tokens the decoder produces for ``inputs`` (both paths produce the same output; re-tokenising
    a random model's text would count far more pieces than were generated)."""
    tokens = [
        engine.tokenizer.convert_ids_to_tokens(engine.tokenizer(t, truncation=True, max_length=512).input_ids)
        for t in inputs
    ]
    limit = max(1, settings.max_length - 1) if engine._forces_eos else settings.max_length
    out = engine.translator.translate_batch(
        tokens, beam_size=settings.beams, max_decoding_length=limit, use_vmap=engine.use_vmap
    )
    return sum(len(r.hypotheses[0]) for r in out)


def run_cluster_benchmark(
    sentences: int = 64,
    batch_size: int = 16,
    beams: int = 2,
    max_length: int = 40,
    ray_address: str = "auto",
    actors: int | None = None,
    small: bool = False,
    repeat: int = 3,
) -> dict:
    from ..cluster import EnginePool, EngineSpec, connect, disconnect
    from ..mt.ct2 import CT2Engine
    from ..service.translation import translate_lines

    ct2_folder = _small_model() if small else prepare_models()[1]
    inputs = bench_sentences(sentences)
    settings = TranslateSettings(beams=beams, max_length=max_length)
    cores = os.cpu_count() or 1

    started = time.perf_counter()
    local = CT2Engine(str(ct2_folder), quantization="int8", threads=cores)
    local_load = time.perf_counter() - started
    local.translate(inputs[:2], settings)  # warm-up

    def timed(engine, runner=None):
        started = time.perf_counter()
        out = translate_lines(engine, inputs, settings, batch_size, runner=runner)
        return time.perf_counter() - started, out

    local_times, local_out = [], []

    started = time.perf_counter()
    joined = connect(ray_address)
    cluster_start = time.perf_counter() - started
    try:
        started = time.perf_counter()
        pool = EnginePool(EngineSpec("ct2", str(ct2_folder), quantization="int8", threads=1), actors)
        actors_load = time.perf_counter() - started
        try:
            import ray

            ray.get([a.translate.remote(inputs[:2], settings.as_dict()) for a in pool.actors])  # warm-up
            ray_times = []
            for _ in range(repeat):  # interleaved, so that both paths see the same load from other processes
                seconds, local_out = timed(local)
                local_times.append(seconds)
                seconds, ray_out = timed(pool.engine, pool.runner(settings))
                ray_times.append(seconds)
            count = len(pool)
        finally:
            pool.close()
    finally:
        disconnect(joined)
    tokens = generated_tokens(local, inputs, settings)
    local_seconds, ray_seconds = min(local_times), min(ray_times)
    load = os.getloadavg()
    return {
        "local_tokens_per_s": round(tokens / local_seconds, 1),
        "ray_tokens_per_s": round(tokens / ray_seconds, 1),
        "overhead_ratio": round(ray_seconds / local_seconds, 3),
        "actors": count,
        "local_seconds": [round(t, 3) for t in local_times],
        "ray_seconds": [round(t, 3) for t in ray_times],
        "repeat": repeat,
        "same_output": ray_out == local_out,
        "tokens": tokens,
        "sentences": sentences,
        "batch_size": batch_size,
        "beams": beams,
        "max_length": max_length,
        "model": "tiny random" if small else "random, opus-mt-zh-en architecture",
        "local_engine_load_s": round(local_load, 3),
        "ray_cluster_start_s": round(cluster_start, 3),
        "ray_actors_load_s": round(actors_load, 3),
        "load_average_1min": round(load[0], 2),
        "machine": machine(),
    }


__all__ = ["bench_sentences", "run_cluster_benchmark"]

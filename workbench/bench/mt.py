"""MT speed: transformers against CTranslate2 on the same inputs, in one run.

The model is built once with random weights and the exact opus-mt-zh-en architecture
(d_model 512, 6+6 layers, 8 heads, FFN 2048, swish, vocabulary 65,001, sinusoidal positions,
pad 65000, eos 0) and kept in ``<data dir>/bench``. Its output is noise, so the output length
is fixed (``min`` = ``max`` = ``target_tokens``) and every run produces exactly
``sentences × target_tokens`` tokens. Each engine runs in its own process, so that its peak
RSS is its own; the best of ``repeat`` timed runs counts, after one warm-up.

CTranslate2 is timed in three configurations, all int8 on CPU:

- ``intra_op``: one batch, every matrix product split over all cores;
- ``parallel_batches``: one sub-batch per core decoded in parallel (full vocabulary);
- ``parallel_batches_shortlist``: the same with the output layer limited to the target-side
  vocabulary: what the ``ct2`` engine does by default, and the headline ``ct2_tokens_per_s``.

Two more numbers come with it:

- ``hf_tokens_per_s``: the ``hf`` engine on a random model of the NLLB-200 kind at a small size
  (:data:`workbench.mt.random_model.NLLB_SMALL`: M2M100 architecture, d_model 256, 3+3 layers,
  4 heads, FFN 1024, 32,000-entry output layer; NLLB's own tokenizer class with its language
  codes), on ``hf_sentences`` Chinese sentences of the sample report, ``target_tokens`` tokens
  each after the forced ``eng_Latn``, the same beams; kept in ``<data dir>/bench`` too;
- ``llm_requests_per_s_concurrency_1`` and ``..._4``: the ``llm`` engine against a stand-in
  OpenAI-compatible server on 127.0.0.1 that answers after a fixed delay
  (:mod:`workbench.bench.llm`).
"""

from __future__ import annotations

import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from ..config import data_dir
from ..errors import WorkbenchError
from ..mt.models import convert_model, is_ct2_folder, is_hf_folder, write_target_shortlist
from ..mt.random_model import NLLB_SMALL, OPUS_MT_ZH_EN, build_random_marian, build_random_seq2seq


def bench_model_dir() -> Path:
    return data_dir() / "bench" / "opus-mt-zh-en-random"


def hf_bench_model_dir() -> Path:
    return data_dir() / "bench" / "nllb-small-random"


def prepare_hf_model(rebuild: bool = False, architecture: dict | None = None) -> Path:
    """Build (or reuse) the random NLLB-kind model of the hf benchmark."""
    folder = hf_bench_model_dir()
    if rebuild or architecture is not None or not is_hf_folder(folder):
        build_random_seq2seq(folder, "nllb", architecture or NLLB_SMALL, max_length=512)
    return folder


def _hf_texts(count: int) -> list[str]:
    from ..config import sample_report

    lines = [line.strip() for line in sample_report().read_text("utf-8").splitlines() if len(line.strip()) >= 8]
    return [line[:60] for line in (lines * (count // max(1, len(lines)) + 1))[:count]]


def run_hf_benchmark(
    sentences: int = 16,
    target_tokens: int = 40,
    batch_size: int = 16,
    beams: int = 4,
    threads: int | None = None,
    device: str = "auto",
    repeat: int = 2,
    rebuild: bool = False,
    architecture: dict | None = None,
) -> dict:
    """``hf_tokens_per_s`` and its details (see the module docstring)."""
    from ..mt.device import choose_device, torch_cuda_devices

    threads = threads or os.cpu_count() or 1
    torch_device = choose_device(device, torch_cuda_devices)
    folder = prepare_hf_model(rebuild, architecture)
    job = dict(
        texts=_hf_texts(sentences),
        target_tokens=target_tokens,
        batch_size=batch_size,
        beams=beams,
        threads=threads,
        repeat=repeat,
        device=torch_device,
    )
    result = _run_worker("hf", folder, job)
    return {
        "hf_tokens_per_s": round(sentences * target_tokens / result["best_seconds"], 1),
        "hf_model": "random NLLB-200 kind, " + ", ".join(f"{k} {v}" for k, v in (architecture or NLLB_SMALL).items()),
        "hf_sentences": sentences,
        "hf_seconds": result["seconds"],
        "hf_peak_rss_mb": result["peak_rss_mb"],
        "hf_device": torch_device,
    }


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}"


def _inputs(sentences: int, source_tokens: int, vocab_size: int, seed: int = 0) -> list[list[int]]:
    rng = random.Random(seed)
    # ids 2 .. vocab-2: no </s> (0), <unk> (1) or <pad> (last) inside the sentence; </s> ends it
    return [[rng.randrange(2, vocab_size - 1) for _ in range(source_tokens - 1)] + [0] for _ in range(sentences)]


def prepare_models(rebuild: bool = False) -> tuple[Path, Path]:
    """Build (or reuse) the random model and its int8 CTranslate2 conversion with a target shortlist."""
    folder = bench_model_dir()
    ct2_folder = folder.parent / "opus-mt-zh-en-random-ct2-int8"
    if rebuild or not is_hf_folder(folder):
        build_random_marian(folder, OPUS_MT_ZH_EN, max_length=512)
    if rebuild or not is_ct2_folder(ct2_folder):
        convert_model(folder, ct2_folder, "int8")
        vocab = json.loads((ct2_folder / "vocab.json").read_text("utf-8"))
        # the target side of the synthetic vocabulary: target.spm pieces and the ▁tgt fillers
        from ..mt.models import target_pieces

        pieces = set(target_pieces(ct2_folder)) | {t for t in vocab if t.startswith("\u2581tgt")}
        write_target_shortlist(ct2_folder, [t for t, _ in sorted(vocab.items(), key=lambda kv: kv[1]) if t in pieces])
    return folder, ct2_folder


def run_mt_benchmark(
    sentences: int = 32,
    source_tokens: int = 40,
    target_tokens: int = 40,
    batch_size: int = 32,
    beams: int = 4,
    threads: int | None = None,
    quantization: str | None = None,
    device: str = "auto",
    repeat: int = 3,
    rebuild: bool = False,
    hf: bool = True,
    llm: bool = True,
    hf_sentences: int = 16,
    llm_requests: int = 16,
    llm_delay: float = 0.1,
) -> dict:
    """The timings above; ``hf``/``llm`` False leave out the hf engine's and the llm engine's numbers."""
    threads = threads or os.cpu_count() or 1
    from ..mt.device import choose_device, ct2_compute_type, ct2_cuda_devices, torch_cuda_devices, torch_dtype_name

    torch_device = choose_device(device, torch_cuda_devices)
    device = choose_device(device, ct2_cuda_devices)
    compute_type = ct2_compute_type(device, quantization)
    folder, ct2_folder = prepare_models(rebuild)
    job = dict(
        inputs=_inputs(sentences, source_tokens, OPUS_MT_ZH_EN["vocab_size"]),
        target_tokens=target_tokens,
        batch_size=batch_size,
        beams=beams,
        threads=threads,
        repeat=repeat,
        device=device,
    )
    torch_result = _run_worker(
        "torch", folder, {**job, "device": torch_device, "dtype": torch_dtype_name(torch_device)}
    )
    ct2_result = _run_worker("ct2", ct2_folder, {**job, "compute_type": compute_type})
    tokens = sentences * target_tokens
    torch_tps = tokens / torch_result["best_seconds"]
    variants = {name: round(tokens / v["best_seconds"], 1) for name, v in ct2_result["variants"].items()}
    headline = variants["parallel_batches_shortlist"]
    full = variants["parallel_batches"]
    extra: dict = {}
    if hf:
        extra.update(
            run_hf_benchmark(
                sentences=hf_sentences,
                target_tokens=target_tokens,
                batch_size=min(batch_size, hf_sentences),
                beams=beams,
                threads=threads,
                device=torch_device,
                repeat=min(repeat, 2),
                rebuild=rebuild,
            )
        )
    if llm:
        from .llm import run_llm_benchmark

        extra.update(run_llm_benchmark(requests=llm_requests, delay=llm_delay))
    return {
        "torch_tokens_per_s": round(torch_tps, 1),
        "ct2_tokens_per_s": headline,
        "speedup": round(headline / torch_tps, 2),
        "ct2_full_vocab_tokens_per_s": full,
        "speedup_full_vocab": round(full / torch_tps, 2),
        "ct2_variants_tokens_per_s": variants,
        "beams": beams,
        "threads": threads,
        "batch_size": batch_size,
        "sentences": sentences,
        "source_tokens": source_tokens,
        "target_tokens": target_tokens,
        "shortlist_size": ct2_result["shortlist_size"],
        "torch_seconds": torch_result["seconds"],
        "ct2_seconds": {name: v["seconds"] for name, v in ct2_result["variants"].items()},
        "torch_peak_rss_mb": torch_result["peak_rss_mb"],
        "ct2_peak_rss_mb": ct2_result["peak_rss_mb"],
        "torch_dtype": torch_dtype_name(torch_device),
        "torch_device": torch_device,
        "ct2_compute_type": compute_type,
        "device": device,
        "machine": machine(),
        "versions": {"torch": torch_result["version"], "ctranslate2": ct2_result["version"]},
        **extra,
    }


def _run_worker(engine: str, folder: Path, job: dict) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(job, f)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "workbench.bench.mt_worker", engine, str(folder), f.name],
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(f.name)
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
        raise WorkbenchError(f"the {engine} benchmark run failed: {last}")
    return json.loads(done.stdout.strip().splitlines()[-1])

"""One engine's timed runs for ``workbench bench mt``, in a process of its own (for peak RSS).

Usage: python -m workbench.bench.mt_worker torch|ct2|hf MODEL_DIR JOB.json  → one JSON line.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _torch(folder: Path, job: dict) -> tuple[list[float], str]:
    import torch
    from transformers import MarianMTModel

    torch.set_num_threads(job["threads"])
    device = job["device"]
    model = MarianMTModel.from_pretrained(str(folder)).to(device, getattr(torch, job.get("dtype", "float32"))).eval()
    ids = torch.tensor(job["inputs"], device=device)
    n = job["target_tokens"]

    def run(batch):
        with torch.inference_mode():
            out = model.generate(
                input_ids=batch,
                attention_mask=torch.ones_like(batch),
                num_beams=job["beams"],
                min_new_tokens=n,
                max_new_tokens=n,
                do_sample=False,
            )
        assert out.shape[1] == n + 1, out.shape  # decoder start + n tokens
        if device == "cuda":
            torch.cuda.synchronize()

    run(ids[:2])
    times = []
    for _ in range(job["repeat"]):
        start = time.perf_counter()
        for i in range(0, len(ids), job["batch_size"]):
            run(ids[i : i + job["batch_size"]])
        times.append(time.perf_counter() - start)
    return times, torch.__version__


def _hf(folder: Path, job: dict) -> tuple[list[float], str]:
    """The hf engine's model as the engine loads and drives it (its tokenizer on Chinese text, the
    forced English code, no code after it), ``target_tokens`` words after the code per sentence."""
    import torch
    from transformers import LogitsProcessorList

    from ..mt.hf import HFEngine

    engine = HFEngine(str(folder), device=job["device"], threads=job["threads"])
    n = job["target_tokens"]
    options = engine.generate_options()
    options["logits_processor"] = LogitsProcessorList(options.get("logits_processor", []))
    texts = job["texts"]

    def run(sentences):
        batch = engine.tokenizer(sentences, return_tensors="pt", padding=True).to(engine.device)
        with torch.inference_mode():
            out = engine.network.generate(
                **batch,
                num_beams=job["beams"],
                min_new_tokens=n + engine.prompt_length - 1,
                max_new_tokens=n + engine.prompt_length - 1,
                do_sample=False,
                **options,
            )
        assert out.shape[1] == n + engine.prompt_length, out.shape  # decoder start, code, n tokens
        if engine.device == "cuda":
            torch.cuda.synchronize()

    run(texts[:2])
    times = []
    for _ in range(job["repeat"]):
        start = time.perf_counter()
        for i in range(0, len(texts), job["batch_size"]):
            run(texts[i : i + job["batch_size"]])
        times.append(time.perf_counter() - start)
    return times, torch.__version__


def _ct2(folder: Path, job: dict) -> tuple[dict, str]:
    import ctranslate2

    vocab = json.loads((folder / "vocab.json").read_text("utf-8"))
    tokens_of = {i: t for t, i in vocab.items()}
    source = [[tokens_of[i] for i in sentence] for sentence in job["inputs"]]
    n, threads, batch = job["target_tokens"], job["threads"], job["batch_size"]
    sub_batch = -(-batch // threads)
    configurations = {
        "intra_op": dict(inter=1, intra=threads, max_batch=batch, vmap=False),
        "parallel_batches": dict(inter=threads, intra=1, max_batch=sub_batch, vmap=False),
        "parallel_batches_shortlist": dict(inter=threads, intra=1, max_batch=sub_batch, vmap=True),
    }
    if job["device"] == "cuda":
        configurations = {
            k: dict(c, inter=1, intra=1, max_batch=batch) for k, c in configurations.items() if k != "intra_op"
        }
    results = {}
    for name, c in configurations.items():
        translator = ctranslate2.Translator(
            str(folder),
            device=job["device"],
            compute_type=job["compute_type"],
            inter_threads=c["inter"],
            intra_threads=c["intra"],
        )

        def run(sentences, translator=translator, c=c):
            for i in range(0, len(sentences), batch):
                out = translator.translate_batch(
                    sentences[i : i + batch],
                    beam_size=job["beams"],
                    min_decoding_length=n,
                    max_decoding_length=n,
                    max_batch_size=c["max_batch"],
                    use_vmap=c["vmap"],
                )
                assert all(len(r.hypotheses[0]) == n for r in out), [len(r.hypotheses[0]) for r in out]

        run(source[:2])
        times = []
        for _ in range(job["repeat"]):
            start = time.perf_counter()
            run(source)
            times.append(time.perf_counter() - start)
        results[name] = {"seconds": [round(t, 3) for t in times], "best_seconds": min(times)}
    return results, ctranslate2.__version__


def peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM of its own memory map. (``ru_maxrss`` keeps, across exec, the
    peak of the parent it was forked from, so a worker started by a big parent reported the parent's.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    engine, folder, job_file = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    job = json.loads(Path(job_file).read_text())
    if engine in ("torch", "hf"):
        times, version = (_torch if engine == "torch" else _hf)(folder, job)
        result = {"seconds": [round(t, 3) for t in times], "best_seconds": min(times)}
    else:
        variants, version = _ct2(folder, job)
        vmap = folder / "vmap.txt"
        result = {
            "variants": variants,
            "shortlist_size": len(vmap.read_text("utf-8").split()) if vmap.exists() else None,
        }
    result["peak_rss_mb"] = peak_rss_mb()
    result["version"] = version
    print(json.dumps(result))


if __name__ == "__main__":
    main()

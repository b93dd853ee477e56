"""The ``ct2`` engine: CTranslate2 on a converted Marian model.

int8 by default on CPU, float16 on CUDA. Greedy float32 output with ``shortlist=False`` equals
the ``marian`` engine's line for line; int8 is an approximation (usually the same words,
sometimes not).

Speed on CPU: a batch is cut into one sub-batch per core, decoded in parallel
(``inter_threads`` = cores, one thread each), which beats splitting every matrix product over
the cores; and the output layer is limited to the target-side vocabulary (``vmap.txt``
written at conversion, see :func:`workbench.mt.models.write_target_shortlist`).

Lengths: transformers counts the final ``</s>`` in ``max_new_tokens`` (Marian models force it
at the limit) while CTranslate2's ``max_decoding_length`` does not count it, so a limit of N
here decodes at most N-1 tokens before the end, exactly like the ``marian`` engine.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Sequence

from ..errors import WorkbenchError
from .engine import TranslateSettings, file_fingerprint
from .models import DEFAULT_MODEL, resolve_ct2


class CT2Engine:
    name = "ct2"

    def __init__(self, model: str = DEFAULT_MODEL, quantization: str | None = None, device: str = "auto",
                 threads: int | None = None, shortlist: bool = True):
        try:
            import ctranslate2
            from transformers import MarianTokenizer
        except ImportError:
            raise WorkbenchError("the MT packages are not installed: pip install -e '.[mt]'") from None
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        self.quantization = quantization or ("float16" if device == "cuda" else "int8")
        folder = resolve_ct2(model, self.quantization)
        self.model, self.device, self.folder = model, device, folder
        self.workers = (threads or os.cpu_count() or 1) if device == "cpu" else 1
        self.use_vmap = shortlist and (folder / "vmap.txt").exists()
        try:
            self.translator = ctranslate2.Translator(
                str(folder), device=device, compute_type="default", inter_threads=self.workers, intra_threads=1,
            )
            self.tokenizer = MarianTokenizer.from_pretrained(str(folder))
        except (RuntimeError, OSError, ValueError) as exc:
            raise WorkbenchError(f"{folder}: cannot load the CTranslate2 model ({exc})") from None
        generation = {}
        if (folder / "generation_config.json").exists():
            generation = json.loads((folder / "generation_config.json").read_text("utf-8"))
        self._beams = int(generation.get("num_beams") or 1)
        self._max_length = int(generation.get("max_length") or 512) - 1  # without the decoder start token
        self._forces_eos = generation.get("forced_eos_token_id") is not None
        stat = (folder / "model.bin").stat()
        self._signature = f"{self.quantization}:{stat.st_size}:{int(stat.st_mtime)}:vmap={self.use_vmap}"

    def fingerprint(self) -> str:
        return file_fingerprint("ct2", self._signature)

    def default_beams(self) -> int:
        return self._beams

    def translate(self, sentences: Sequence[str], settings: TranslateSettings = TranslateSettings()) -> list[str]:
        sentences = list(sentences)
        results = [""] * len(sentences)
        todo = [i for i, s in enumerate(sentences) if s.strip()]
        if not todo:
            return results
        tokens = [self.tokenizer.convert_ids_to_tokens(self.tokenizer(sentences[i], truncation=True, max_length=512).input_ids)
                  for i in todo]
        limit = settings.max_length or self._max_length
        output = self.translator.translate_batch(
            tokens, beam_size=settings.beams or self._beams, max_batch_size=-(-len(tokens) // self.workers),
            max_decoding_length=max(1, limit - 1) if self._forces_eos else limit, use_vmap=self.use_vmap,
        )
        for i, result in zip(todo, output):
            ids = self.tokenizer.convert_tokens_to_ids(result.hypotheses[0])
            results[i] = self.tokenizer.decode(ids, skip_special_tokens=True)
        return results

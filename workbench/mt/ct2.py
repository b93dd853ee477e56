"""The ``ct2`` engine: CTranslate2 on a converted Marian model.

int8 by default on CPU, float16 on CUDA. Greedy float32 output with ``shortlist=False`` equals
the ``marian`` engine's line for line; int8 is an approximation (usually the same words,
sometimes not).

Terms: CTranslate2 has no hook for a custom logits processor, so it cannot run the
workbench's constrained decoding. Its documented fallback: sentences with terms to enforce are
translated by the ``marian`` engine of the same model (loaded on first need from the
transformers folder the model was converted from; ``fallback_sentences`` counts them), the
others by CTranslate2. Forbidden renderings are banned natively with ``suppress_sequences``.

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
from collections.abc import Sequence
from pathlib import Path

from ..errors import WorkbenchError
from .device import Probe, choose_device, ct2_compute_type, ct2_cuda_devices
from .engine import TranslateSettings, file_fingerprint, pending, tokenizer_limit
from .models import DEFAULT_MODEL, resolve_ct2


class CT2Engine:
    name = "ct2"

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        quantization: str | None = None,
        device: str = "auto",
        threads: int | None = None,
        shortlist: bool = True,
        probe: Probe = ct2_cuda_devices,
    ):
        try:
            import ctranslate2
            from transformers import MarianTokenizer
        except ImportError:
            raise WorkbenchError("the MT packages are not installed: pip install -e '.[mt]'") from None
        device = choose_device(device, probe)
        self.quantization = ct2_compute_type(device, quantization)
        folder = resolve_ct2(model, self.quantization)
        self.model, self.device, self.folder = model, device, folder
        self.workers = (threads or os.cpu_count() or 1) if device == "cpu" else 1
        self.use_vmap = shortlist and (folder / "vmap.txt").exists()
        try:
            self.translator = ctranslate2.Translator(
                str(folder),
                device=device,
                compute_type="default",
                inter_threads=self.workers,
                intra_threads=1,
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
        self._fallback = None
        self.fallback_sentences = 0
        #: the most source tokens the model reads (the tokenizer's limit; Marian models: 512)
        self.max_input_tokens = tokenizer_limit(self.tokenizer)
        stat = (folder / "model.bin").stat()
        self._signature = f"{self.quantization}:{stat.st_size}:{int(stat.st_mtime)}:vmap={self.use_vmap}"

    def fingerprint(self) -> str:
        return file_fingerprint("ct2", self._signature)

    def count_tokens(self, text: str) -> int:
        """Source tokens of ``text``, the end token included (what the model reads)."""
        return len(self.tokenizer(text).input_ids)

    def default_beams(self) -> int:
        return self._beams

    def _marian(self):
        """The transformers engine of the same model, for term enforcement (see the module docstring)."""
        if self._fallback is None:
            from .marian import MarianEngine
            from .models import is_hf_folder, resolve_hf

            recorded = self.folder / "workbench_source.json"
            candidates = [self.folder.parent / "hf"]
            if recorded.exists():
                candidates.insert(0, Path(json.loads(recorded.read_text("utf-8"))["source"]))
            try:
                source = resolve_hf(self.model)
            except WorkbenchError:
                source = next((c for c in candidates if is_hf_folder(c)), None)
                if source is None:
                    raise WorkbenchError(
                        f"term enforcement with the ct2 engine needs the transformers model that "
                        f"{self.folder} was converted from; import it with `workbench model import DIR`"
                    ) from None
            self._fallback = MarianEngine(str(source), device=self.device)
        return self._fallback

    def translate(
        self,
        sentences: Sequence[str],
        settings: TranslateSettings = TranslateSettings(),
        terms: Sequence[Sequence[str]] | None = None,
        avoid: Sequence[Sequence[str]] | None = None,
    ) -> list[str]:
        sentences, results, todo = pending(sentences)
        if terms and any(terms[i] for i in todo):
            enforced = [i for i in todo if terms[i]]
            out = self._marian().translate(
                [sentences[i] for i in enforced],
                settings,
                [terms[i] for i in enforced],
                [avoid[i] for i in enforced] if avoid else None,
            )
            for i, text in zip(enforced, out, strict=False):
                results[i] = text
            self.fallback_sentences += len(enforced)
            todo = [i for i in todo if not terms[i]]
        if not todo:
            return results
        tokens = [
            self.tokenizer.convert_ids_to_tokens(
                self.tokenizer(sentences[i], truncation=True, max_length=self.max_input_tokens).input_ids
            )
            for i in todo
        ]
        limit = settings.max_length or self._max_length
        suppress = None
        if avoid and any(avoid[i] for i in todo):
            suppress = [
                self.tokenizer.convert_ids_to_tokens(
                    self.tokenizer(text_target=form, add_special_tokens=False).input_ids
                )
                for i in todo
                for text in avoid[i]
                for form in dict.fromkeys((text, text[:1].upper() + text[1:]))
            ]
        output = self.translator.translate_batch(
            tokens,
            beam_size=settings.beams or self._beams,
            max_batch_size=-(-len(tokens) // self.workers),
            max_decoding_length=max(1, limit - 1) if self._forces_eos else limit,
            use_vmap=self.use_vmap,
            suppress_sequences=suppress,
        )
        for i, result in zip(todo, output, strict=False):
            ids = self.tokenizer.convert_tokens_to_ids(result.hypotheses[0])
            results[i] = self.tokenizer.decode(ids, skip_special_tokens=True)
        return results

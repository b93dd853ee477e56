"""The ``ct2`` engine: CTranslate2 on a converted Marian, NLLB-200, M2M100 or mBART-50 model.

The family is the one recorded at conversion (:func:`workbench.mt.models.convert_model`; folders
converted before that are Marian). NLLB, M2M100 and mBART-50 are tokenized with their own
tokenizer and source language code (``zho_Hans``, ``zh``, ``zh_CN``), the target language token
(``eng_Latn``, ``__en__``, ``en_XX``) is the ``target_prefix`` and is stripped from the output, and
no other language code is generated after it (as the ``hf`` engine does).

int8 by default on CPU, float16 on CUDA. Greedy float32 output with ``shortlist=False`` equals
the ``marian`` engine's line for line; int8 is an approximation (usually the same words,
sometimes not).

Terms: CTranslate2 has no hook for a custom logits processor, so it cannot run the
workbench's constrained decoding. Its documented fallback: sentences with terms to enforce are
translated by the ``marian`` engine (``hf`` for the other families) of the same model (loaded on first need from the
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
            from transformers import AutoTokenizer, MarianTokenizer
        except ImportError:
            raise WorkbenchError("the MT packages are not installed: pip install -e '.[mt]'") from None
        device = choose_device(device, probe)
        self.quantization = ct2_compute_type(device, quantization)
        folder = resolve_ct2(model, self.quantization)
        self.model, self.device, self.folder = model, device, folder
        self.workers = (threads or os.cpu_count() or 1) if device == "cpu" else 1
        self.use_vmap = shortlist and (folder / "vmap.txt").exists()
        recorded = folder / "workbench_source.json"
        self.family = "marian"
        if recorded.exists():
            self.family = json.loads(recorded.read_text("utf-8")).get("family") or "marian"
        try:
            self.translator = ctranslate2.Translator(
                str(folder),
                device=device,
                compute_type="default",
                inter_threads=self.workers,
                intra_threads=1,
            )
            if self.family == "marian":
                self.tokenizer = MarianTokenizer.from_pretrained(str(folder))
            else:
                self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
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
        self._languages()
        self._signature = f"{self.quantization}:{stat.st_size}:{int(stat.st_mtime)}:vmap={self.use_vmap}"
        if self.family != "marian":  # Marian keys as before (translations cached earlier stay hits)
            self._signature = f"{self.family}:{self._signature}"

    def _languages(self) -> None:
        """The source language code, the target prefix token and the language codes never generated."""
        from .hf import LANGUAGE_CODES

        self.source_lang, self.target_lang = LANGUAGE_CODES.get(self.family, (None, None))
        self.target_token, self._codes = None, []
        if self.source_lang is None:
            return
        self.tokenizer.src_lang = self.source_lang
        self.tokenizer.tgt_lang = self.target_lang
        self.target_token = f"__{self.target_lang}__" if self.family == "m2m100" else self.target_lang
        tok = self.tokenizer
        if tok.convert_tokens_to_ids(self.target_token) in (None, tok.unk_token_id):
            raise WorkbenchError(
                f"{self.folder}: the {self.family} tokenizer has no language code {self.target_token!r}"
            )
        ids = set(getattr(tok, "lang_code_to_id", {}).values()) | {
            i
            for token in getattr(tok, "extra_special_tokens", None) or ()
            if isinstance(token, str) and (i := tok.convert_tokens_to_ids(token)) is not None
        }
        ids.add(tok.convert_tokens_to_ids(self.target_token))
        ids -= {tok.eos_token_id, tok.pad_token_id, tok.unk_token_id}
        self._codes = sorted(ids)

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
            if self.family == "marian":
                self._fallback = MarianEngine(str(source), device=self.device)
            else:
                from .hf import HFEngine

                self._fallback = HFEngine(str(source), device=self.device)
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
        prefix = None
        if self.target_token:
            # the hf engine: max_length new tokens after the forced language token
            limit = (settings.max_length + 1) if settings.max_length else self._max_length
            prefix = [[self.target_token]] * len(tokens)
            codes = [[t] for t in self.tokenizer.convert_ids_to_tokens(self._codes)]
            suppress = (suppress or []) + codes
        output = self.translator.translate_batch(
            tokens,
            target_prefix=prefix,
            beam_size=settings.beams or self._beams,
            max_batch_size=-(-len(tokens) // self.workers),
            max_decoding_length=max(1, limit - 1) if self._forces_eos else limit,
            use_vmap=self.use_vmap,
            suppress_sequences=suppress,
        )
        hidden = set(self._codes)
        for i, result in zip(todo, output, strict=False):
            pieces = result.hypotheses[0]
            if self.target_token and pieces[:1] == [self.target_token]:
                pieces = pieces[1:]
            ids = [t for t in self.tokenizer.convert_tokens_to_ids(pieces) if t not in hidden]
            text = self.tokenizer.decode(ids, skip_special_tokens=True)
            results[i] = text.strip() if self.target_token else text
        return results

"""The ``marian`` engine: transformers MarianMTModel + MarianTokenizer, on CUDA when present."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import WorkbenchError
from .device import Probe, choose_device, torch_cuda_devices, torch_dtype_name
from .engine import TranslateSettings, file_fingerprint, pending, term_alternatives, tokenizer_limit
from .models import DEFAULT_MODEL, resolve_hf

WEIGHT_FILES = ("config.json", "model.safetensors", "pytorch_model.bin", "vocab.json")


def _weights_signature(folder: Path, names: Sequence[str] = WEIGHT_FILES) -> str:
    parts = []
    for name in names:
        path = folder / name
        if path.exists():
            stat = path.stat()
            parts.append(f"{name}:{stat.st_size}:{int(stat.st_mtime)}")
    return "|".join(parts)


class MarianEngine:
    name = "marian"
    #: decoder positions before the first generated word: the decoder start token (the hf engine
    #: adds the target-language token that ``forced_bos_token_id`` puts there)
    prompt_length = 1

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        device: str = "auto",
        threads: int | None = None,
        probe: Probe = torch_cuda_devices,
    ):
        folder = resolve_hf(model)
        try:
            import torch
            from transformers import MarianMTModel, MarianTokenizer
        except ImportError:
            raise WorkbenchError("the MT packages are not installed: pip install -e '.[mt]'") from None
        if threads:
            torch.set_num_threads(threads)
        device = choose_device(device, probe)
        self.model, self.device, self.folder = model, device, folder
        self.dtype = torch_dtype_name(device)  # half precision on CUDA
        self._torch = torch
        try:
            self.tokenizer = MarianTokenizer.from_pretrained(str(folder))
            self.network = MarianMTModel.from_pretrained(str(folder)).to(device, getattr(torch, self.dtype)).eval()
        except (OSError, ValueError) as exc:
            raise WorkbenchError(f"{folder}: cannot load the Marian model ({exc})") from None
        self.generation = self.network.generation_config
        self._signature = _weights_signature(folder)
        #: the most source tokens the model reads (its position table, the tokenizer's limit)
        self.max_input_tokens = min(
            tokenizer_limit(self.tokenizer), int(self.network.config.max_position_embeddings or 512)
        )

    def count_tokens(self, text: str) -> int:
        """Source tokens of ``text``, the end token included (what the model reads)."""
        return len(self.tokenizer(text).input_ids)

    def fingerprint(self) -> str:
        # half precision decodes differently: its translations are cached apart (float32 keeps its old keys)
        extra = () if self.dtype == "float32" else (self.dtype,)
        return file_fingerprint("marian", self._signature, *extra)

    def default_beams(self) -> int:
        return int(self.generation.num_beams or 1)

    def target_ids(self, text: str) -> tuple[int, ...] | None:
        """The target-side token ids of ``text``; None if a piece is not in the vocabulary."""
        ids = self.tokenizer(text_target=text, add_special_tokens=False).input_ids
        return None if not ids or self.tokenizer.unk_token_id in ids else tuple(ids)

    def word_continuations(self):
        """Mask of vocabulary pieces that continue a word (no leading ▁, starting with a letter or digit).

        Over the model's output layer, which may be larger than the tokenizer (ids past it are no piece)."""
        if getattr(self, "_continuations", None) is None:
            size = int(self.network.get_output_embeddings().weight.shape[0])
            known = min(size, len(self.tokenizer))
            pieces = self.tokenizer.convert_ids_to_tokens(list(range(known))) + [None] * (size - known)
            self._continuations = self._torch.tensor(
                [bool(p) and p[0].isalnum() for p in pieces], dtype=self._torch.bool
            )
        return self._continuations

    def generate_options(self) -> dict:
        """Extra arguments of ``generate`` (the hf engine: the target language's forced first token and
        a ``logits_processor`` list, to which the term constraints are added)."""
        return {}

    def decode(self, output) -> list[str]:
        return self.tokenizer.batch_decode(output, skip_special_tokens=True)

    def sentence_constraints(self, required: Sequence[str], banned: Sequence[str]):
        from .constraints import SentenceConstraints

        alternatives = []
        for rendering in dict.fromkeys(required):
            ids = [i for i in (self.target_ids(form) for form in term_alternatives(rendering)) if i]
            if ids:
                alternatives.append(tuple(ids))
        banned_ids = [
            i
            for text in dict.fromkeys(banned)
            for form in (text, text[:1].upper() + text[1:])
            if (i := self.target_ids(form))
        ]
        return SentenceConstraints(tuple(alternatives), tuple(dict.fromkeys(banned_ids)))

    def translate(
        self,
        sentences: Sequence[str],
        settings: TranslateSettings = TranslateSettings(),
        terms: Sequence[Sequence[str]] | None = None,
        avoid: Sequence[Sequence[str]] | None = None,
    ) -> list[str]:
        sentences, results, todo = pending(sentences)
        if not todo:
            return results
        batch = self.tokenizer(
            [sentences[i] for i in todo],
            return_tensors="pt",
            padding=True,
            truncation=True,  # only a last guard: the service sends pieces within max_input_tokens
            max_length=self.max_input_tokens,
        )
        batch = {k: v.to(self.device) for k, v in batch.items()}
        kwargs = {"num_beams": settings.beams or self.default_beams(), **self.generate_options()}
        if settings.max_length:
            # the decoder start token (and a forced language token) count in max_length
            kwargs["max_length"] = settings.max_length + self.prompt_length
        processors = list(kwargs.pop("logits_processor", ()))
        if (terms and any(terms[i] for i in todo)) or (avoid and any(avoid[i] for i in todo)):
            from .constraints import TermConstraintProcessor

            constraints = [
                self.sentence_constraints(terms[i] if terms else (), avoid[i] if avoid else ()) for i in todo
            ]
            # leave room for every required term, whatever the length limit says
            needed = max(sum(max(len(a) for a in alts) for alts in c.required) for c in constraints)
            limit = kwargs.get("max_length") or self.generation.max_length
            ceiling = self.network.config.max_position_embeddings
            if limit < needed + self.prompt_length + 1:
                kwargs["max_length"] = limit = min(needed + self.prompt_length + 15, ceiling)
            processors.append(
                TermConstraintProcessor(
                    constraints,
                    kwargs["num_beams"],
                    self.tokenizer.eos_token_id,
                    limit,
                    prompt_length=self.prompt_length,
                    word_continuations=self.word_continuations().to(self.device),
                )
            )
        if processors:
            from transformers import LogitsProcessorList

            kwargs["logits_processor"] = LogitsProcessorList(processors)
        with self._torch.inference_mode():
            output = self.network.generate(**batch, **kwargs)
        for i, text in zip(todo, self.decode(output), strict=False):
            results[i] = text
        return results

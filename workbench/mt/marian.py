"""The ``marian`` engine: transformers MarianMTModel + MarianTokenizer, on CUDA when present."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..errors import WorkbenchError
from .engine import TranslateSettings, file_fingerprint
from .models import DEFAULT_MODEL, resolve_hf


def _weights_signature(folder: Path) -> str:
    parts = []
    for name in ("config.json", "model.safetensors", "pytorch_model.bin", "vocab.json"):
        path = folder / name
        if path.exists():
            stat = path.stat()
            parts.append(f"{name}:{stat.st_size}:{int(stat.st_mtime)}")
    return "|".join(parts)


class MarianEngine:
    name = "marian"

    def __init__(self, model: str = DEFAULT_MODEL, device: str = "auto", threads: int | None = None):
        folder = resolve_hf(model)
        try:
            import torch
            from transformers import MarianMTModel, MarianTokenizer
        except ImportError:
            raise WorkbenchError("the MT packages are not installed: pip install -e '.[mt]'") from None
        if threads:
            torch.set_num_threads(threads)
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        self.model, self.device, self.folder = model, device, folder
        self._torch = torch
        try:
            self.tokenizer = MarianTokenizer.from_pretrained(str(folder))
            self.network = MarianMTModel.from_pretrained(str(folder)).to(device).eval()
        except (OSError, ValueError) as exc:
            raise WorkbenchError(f"{folder}: cannot load the Marian model ({exc})") from None
        self.generation = self.network.generation_config
        self._signature = _weights_signature(folder)

    def fingerprint(self) -> str:
        return file_fingerprint("marian", self._signature)

    def default_beams(self) -> int:
        return int(self.generation.num_beams or 1)

    def translate(self, sentences: Sequence[str], settings: TranslateSettings = TranslateSettings()) -> list[str]:
        sentences = list(sentences)
        results = [""] * len(sentences)
        todo = [i for i, s in enumerate(sentences) if s.strip()]
        if not todo:
            return results
        batch = self.tokenizer([sentences[i] for i in todo], return_tensors="pt", padding=True, truncation=True,
                               max_length=self.tokenizer.model_max_length if self.tokenizer.model_max_length < 10**6 else 512)
        batch = {k: v.to(self.device) for k, v in batch.items()}
        kwargs = {"num_beams": settings.beams or self.default_beams()}
        if settings.max_length:
            kwargs["max_length"] = settings.max_length + 1  # the decoder start token counts in max_length
        with self._torch.inference_mode():
            output = self.network.generate(**batch, **kwargs)
        for i, text in zip(todo, self.tokenizer.batch_decode(output, skip_special_tokens=True)):
            results[i] = text
        return results

"""The engine protocol: translate a batch of source sentences with given settings.

Two engines implement it: ``marian`` (transformers MarianMTModel) and ``ct2`` (CTranslate2 on
a converted model). Settings left as None come from the model's own generation config.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Protocol, Sequence


@dataclass(frozen=True)
class TranslateSettings:
    """How to decode. ``beams``/``max_length`` None: the model's generation config decides.

    ``max_length`` counts target tokens including the final end-of-sentence token, as
    transformers' ``max_new_tokens`` does.
    """

    beams: int | None = None
    max_length: int | None = None

    def key(self) -> str:
        """Stable text of the settings that change the output (used in the translation cache)."""
        return json.dumps({"beams": self.beams, "max_length": self.max_length}, sort_keys=True)

    def as_dict(self) -> dict:
        return asdict(self)


class Engine(Protocol):
    name: str  # "marian" or "ct2"
    model: str  # what the user asked for (hub id or folder)
    device: str

    def translate(self, sentences: Sequence[str], settings: TranslateSettings = TranslateSettings()) -> list[str]:
        """One translation per sentence, in order."""
        ...

    def fingerprint(self) -> str:
        """Identifies the model weights and engine variant (part of the translation cache key)."""
        ...


def file_fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]

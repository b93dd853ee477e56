"""The engine protocol: translate a batch of source sentences with given settings.

Four engines implement it: ``marian`` (transformers MarianMTModel), ``ct2`` (CTranslate2 on
a converted model), ``hf`` (any transformers seq2seq model: Marian, NLLB-200, M2M100, mBART-50)
and ``llm`` (chat completions on an OpenAI-compatible endpoint). Settings
left as None come from the model's own generation config.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Protocol


@dataclass(frozen=True)
class TranslateSettings:
    """How to decode. ``beams``/``max_length`` None: the model's generation config decides.

    ``max_length`` counts target tokens including the final end-of-sentence token, as
    transformers' ``max_new_tokens`` does.
    """

    beams: int | None = None
    max_length: int | None = None
    enforce_terms: bool = False

    def key(self) -> str:
        """Stable text of the settings that change the output (used in the translation cache)."""
        return json.dumps(
            {"beams": self.beams, "max_length": self.max_length, "enforce_terms": self.enforce_terms}, sort_keys=True
        )

    def as_dict(self) -> dict:
        return asdict(self)


class Engine(Protocol):
    name: str  # "marian", "ct2", "hf" or "llm"
    model: str  # what the user asked for (hub id or folder)
    device: str
    # optional: ``max_input_tokens`` (int) and ``count_tokens(text)``, the most source tokens the
    # model reads and how many a text has; longer input is sent in pieces (workbench.mt.pieces)

    def translate(
        self,
        sentences: Sequence[str],
        settings: TranslateSettings = TranslateSettings(),
        terms: Sequence[Sequence[str]] | None = None,
        avoid: Sequence[Sequence[str]] | None = None,
    ) -> list[str]:
        """One translation per sentence, in order.

        ``terms``: per sentence, English renderings that must appear (term enforcement);
        ``avoid``: per sentence, renderings that must not appear (forbidden glossary renderings).
        An engine whose ``uses_context`` attribute is true also takes ``context``: per sentence, a
        :class:`workbench.mt.llm.SentenceContext` (TM matches, previous segments) or None; the
        others are never given it. An engine may return "" for a sentence it failed on: the
        project run then writes and caches nothing for it and counts it as failed.
        """
        ...

    def fingerprint(self) -> str:
        """Identifies the model weights and engine variant (part of the translation cache key)."""
        ...


def term_alternatives(rendering: str) -> list[str]:
    """The forms of a required rendering that satisfy it: without a leading article or quotes,
    in its own case and capitalised (for the start of a sentence)."""
    text = rendering.strip().strip('"\u201c\u201d')
    lowered = text.lower()
    for article in ("the ", "a ", "an "):
        if lowered.startswith(article) and len(text) > len(article) + 2:
            text = text[len(article) :]
            break
    text = text.replace('"', "").replace("\u201c", "").replace("\u201d", "").strip()
    forms = [text]
    if text[:1].islower():
        forms.append(text[0].upper() + text[1:])
    return forms


def pending(sentences: Sequence[str]) -> tuple[list[str], list[str], list[int]]:
    """(sentences, results with "" for each, indices of the non-blank ones to translate)."""
    sentences = list(sentences)
    return sentences, [""] * len(sentences), [i for i, s in enumerate(sentences) if s.strip()]


def tokenizer_limit(tokenizer) -> int:
    """A tokenizer's ``model_max_length``, or 512 where it is the "no limit" placeholder (10**30)."""
    limit = getattr(tokenizer, "model_max_length", None)
    return int(limit) if limit and limit < 10**6 else 512


def file_fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]

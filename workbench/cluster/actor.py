"""The actor that holds one engine: loaded once, then whole batches in, translations out.

It is a plain class here; :mod:`.pool` turns it into a Ray actor. Term constraints come with
each batch (planned by the driver from the glossary), so an actor needs no glossary and no
database.
"""

from __future__ import annotations

import os

from ..mt import load_engine
from ..mt.engine import TranslateSettings
from ..mt.pieces import piece_limits, translate_in_pieces


class EngineWorker:
    def __init__(self, spec: dict):
        self.engine = load_engine(**spec)
        self.sentences = 0

    def info(self) -> dict:
        return {
            "name": self.engine.name,
            "model": self.engine.model,
            "device": self.engine.device,
            "fingerprint": self.engine.fingerprint(),
            "pid": os.getpid(),
        }

    def translate(self, batch: list[str], settings: dict, terms=None, avoid=None) -> list[str]:
        """The batch's translations. Over-long texts go to the model as pieces (it would drop what is
        past its input); such a batch is sent without its term constraints, which were planned for
        the whole texts."""
        self.sentences += len(batch)
        options = TranslateSettings(**settings)
        limit, fits = piece_limits(self.engine)
        if all(len(text) <= limit and (fits is None or fits(text)) for text in batch):
            return self.engine.translate(batch, options, terms=terms, avoid=avoid)
        return translate_in_pieces(lambda texts: self.engine.translate(texts, options), batch, limit, fits=fits)

"""The actor that holds one engine: loaded once, then whole batches in, translations out.

It is a plain class here; :mod:`.pool` turns it into a Ray actor. Term constraints come with
each batch (planned by the driver from the glossary), so an actor needs no glossary and no
database.
"""

from __future__ import annotations

import os

from ..mt import load_engine
from ..mt.engine import TranslateSettings


class EngineWorker:
    def __init__(self, spec: dict):
        self.engine = load_engine(**spec)
        self.sentences = 0

    def info(self) -> dict:
        return {"name": self.engine.name, "model": self.engine.model, "device": self.engine.device,
                "fingerprint": self.engine.fingerprint(), "pid": os.getpid()}

    def translate(self, batch: list[str], settings: dict, terms=None, avoid=None) -> list[str]:
        self.sentences += len(batch)
        return self.engine.translate(batch, TranslateSettings(**settings), terms=terms, avoid=avoid)

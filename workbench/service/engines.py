"""Loaded MT engines kept in memory for the app (the models to choose from are in service.models).

Loading opus-mt-zh-en takes seconds and hundreds of megabytes; the app translates many times
with the same model, so an engine is loaded once per (engine, model) and reused. The cache is
small (the last few models used) so memory stays bounded when someone tries several models.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from ..mt import DEFAULT_MODEL, Engine, load_engine

#: How many loaded engines are kept (least recently used dropped first).
MAX_LOADED = 2

_loaded: OrderedDict[tuple[str, str], Engine] = OrderedDict()
_lock = threading.Lock()


def get_engine(name: str = "marian", model: str | None = None) -> Engine:
    """The engine ``name`` with ``model`` (default: opus-mt-zh-en), loaded once and then reused.

    A missing model raises WorkbenchError with how to install or import it (nothing is cached).
    """
    model = (model or "").strip() or DEFAULT_MODEL
    key = (name, str(Path(model).expanduser().resolve()) if Path(model).expanduser().is_dir() else model)
    with _lock:
        if key in _loaded:
            _loaded.move_to_end(key)
            return _loaded[key]
        engine = load_engine(name, model)
        _loaded[key] = engine
        while len(_loaded) > MAX_LOADED:
            _loaded.popitem(last=False)
        return engine


def loaded_engines() -> list[tuple[str, str]]:
    """(engine, model) of the engines in memory, oldest first."""
    with _lock:
        return list(_loaded)


def forget_engines() -> None:
    """Drop every loaded engine (after a model was re-imported under the same name)."""
    with _lock:
        _loaded.clear()

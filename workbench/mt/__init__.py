"""Machine translation: the engine protocol, the ``marian``, ``ct2``, ``hf`` and ``llm`` engines, model files."""

from __future__ import annotations

from ..errors import WorkbenchError
from .engine import Engine, TranslateSettings
from .models import DEFAULT_MODEL

ENGINES = ("marian", "ct2", "hf", "llm")


def load_engine(
    name: str = "marian",
    model: str = DEFAULT_MODEL,
    device: str = "auto",
    threads: int | None = None,
    quantization: str | None = None,
    shortlist: bool = True,
    **llm_options,
) -> Engine:
    """Load an engine by name; a missing model raises WorkbenchError with how to get it.

    ``llm_options`` (endpoint, api_key, concurrency, timeout, prompt_file, allow_remote) are for
    the ``llm`` engine, whose ``model`` is the name the endpoint serves."""
    if name == "llm":
        from .llm import LLMEngine

        return LLMEngine(model=model, **llm_options)
    if name == "marian":
        from .marian import MarianEngine

        return MarianEngine(model, device=device, threads=threads)
    if name == "hf":
        from .hf import HFEngine

        return HFEngine(model, device=device, threads=threads)
    if name == "ct2":
        from .ct2 import CT2Engine

        return CT2Engine(model, quantization=quantization, device=device, threads=threads, shortlist=shortlist)
    raise WorkbenchError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")


__all__ = ["DEFAULT_MODEL", "ENGINES", "Engine", "TranslateSettings", "load_engine"]

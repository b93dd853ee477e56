"""Open the MT engine a command translates with: one engine in this process, or a pool of engine
actors on a Ray cluster (``--ray``), after making sure the model is there.

The caller keeps the words: ``ask`` asks whether to install a missing model, ``installed`` and
``pool_closed`` are told what happened (the CLI prints them on stderr).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from ..errors import WorkbenchError
from ..mt import DEFAULT_MODEL, Engine, TranslateSettings, load_engine
from .models import prepare_model
from .translation import BatchRunner


def open_engine(
    stack: contextlib.ExitStack,
    settings: TranslateSettings,
    engine: str | None = None,
    model: str | None = None,
    device: str = "auto",
    threads: int | None = None,
    quantization: str | None = None,
    shortlist: bool = True,
    ray_address: str | None = None,
    actors: int | None = None,
    install: bool = False,
    ask: Callable[[str], bool] | None = None,
    installed: Callable[[str], None] | None = None,
    pool_closed: Callable[[dict], None] | None = None,
    llm_options: dict | None = None,
) -> tuple[Engine, BatchRunner | None]:
    """(engine, batch runner): the engine here (runner None), or a pool of Ray actors that ``stack`` closes.

    The engine defaults to marian here and ct2 on Ray. A missing model is installed first when the
    hub answers and ``ask(model)`` agrees (see :mod:`workbench.service.models`); a cluster of other
    machines has its own copies, so with a Ray address this machine need not have the model unless
    ``install`` says so. ``pool_closed`` gets {actors, device, resent} when the pool is closed.
    """
    if engine == "llm":  # a model served by an endpoint: nothing to install, no Ray
        if ray_address:
            raise WorkbenchError("--ray is for the marian, ct2 and hf engines; the llm engine sends requests itself")
        if not model:
            raise WorkbenchError("--engine llm needs --model: the model name the endpoint serves")
        from ..mt.llm import LLMEngine

        llm = LLMEngine(model=model, **(llm_options or {}))
        stack.callback(llm.close)
        return llm, None
    name = model or DEFAULT_MODEL
    if (not ray_address or ray_address == "auto" or install) and prepare_model(name, ask):
        if installed is not None:
            installed(name)
    if not ray_address:
        return load_engine(
            engine or "marian", name, device=device, threads=threads, quantization=quantization, shortlist=shortlist
        ), None
    from ..cluster import EngineSpec, ray_pool  # Ray is an optional extra

    spec = EngineSpec(engine or "ct2", name, device, quantization, shortlist, threads)
    pool = stack.enter_context(ray_pool(ray_address, spec, actors))
    if pool_closed is not None:
        stack.callback(lambda: pool_closed(dict(actors=len(pool), device=pool.engine.device, resent=pool.resent)))
    return pool.engine, pool.runner(settings)


def read_api_key(key_file=None) -> str | None:
    """The llm engine's API key from ``key_file`` or $WORKBENCH_LLM_API_KEY (see :mod:`workbench.mt.llm`)."""
    from ..mt.llm import read_api_key as read

    return read(key_file)

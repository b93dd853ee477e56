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


# ---------------------------------------------------------------- the engine settings of a project

#: What the Translate tab offers, with its defaults (kept in ``Project.settings["engine"]``).
#: ``api_key_file`` is the path of a file holding the key; the key itself is never stored.
ENGINE_DEFAULTS: dict = {
    "engine": "marian",
    "model": "",
    "beams": 0,
    "numbering": "roman",
    "enforce_terms": False,
    "tm_threshold": 100,
    "endpoint": "",
    "llm_model": "",
    "concurrency": 4,
    "timeout": 60.0,
    "allow_remote": False,
    "api_key_file": "",
}


def engine_settings(store, project: str | None = None) -> dict:
    """The engine settings last used in the project (the defaults for what was never set)."""
    from sqlalchemy import select

    from ..store import Project
    from .projects import DEFAULT_PROJECT

    with store.session() as session:
        p = session.scalar(select(Project).where(Project.name == (project or DEFAULT_PROJECT)))
        saved = dict(((p.settings or {}).get("engine") or {}) if p is not None else {})
    return {**ENGINE_DEFAULTS, **{k: v for k, v in saved.items() if k in ENGINE_DEFAULTS}}


def check_engine_settings(values: dict, allow_hint: str = "add --allow-remote") -> dict:
    """The settings in their types, complete; WorkbenchError (one line) for a wrong one. For the llm
    engine the endpoint passes the privacy rule of the command line (loopback unless allowed) and the
    key file must be readable; the key is read only to check that and is not kept."""
    from ..errors import InputError, WorkbenchError
    from ..mt import ENGINES
    from ..mt.llm import check_endpoint, read_api_key

    out = {**ENGINE_DEFAULTS, **{k: v for k, v in values.items() if k in ENGINE_DEFAULTS and v is not None}}
    if out["engine"] not in ENGINES:
        raise InputError(f"unknown engine {out['engine']!r}; choose one of {', '.join(ENGINES)}")

    def number(name: str, low: float, high: float, kind=int):
        try:
            value = kind(float(out[name]))
        except (TypeError, ValueError):
            raise InputError(f"{name.replace('_', ' ')}: give a number from {low:g} to {high:g}") from None
        if not low <= value <= high:
            raise InputError(f"{name.replace('_', ' ')}: give a number from {low:g} to {high:g}")
        return value

    out["beams"] = number("beams", 0, 32)
    out["tm_threshold"] = number("tm_threshold", 0, 101)
    out["concurrency"] = number("concurrency", 1, 64)
    out["timeout"] = number("timeout", 1, 3600, float)
    out["enforce_terms"] = bool(out["enforce_terms"])
    out["allow_remote"] = bool(out["allow_remote"])
    if out["numbering"] not in ("roman", "arabic"):
        raise InputError("heading numbers: roman or arabic")
    for name in ("model", "endpoint", "llm_model", "api_key_file"):
        out[name] = str(out[name] or "").strip()
    if out["endpoint"]:
        out["endpoint"] = check_endpoint(out["endpoint"], out["allow_remote"], allow_hint)
    if out["engine"] == "llm":
        if not out["endpoint"]:
            raise InputError("the llm engine needs an endpoint: the API's base URL ending in /v1")
        if not out["llm_model"]:
            raise InputError("the llm engine needs the model name the endpoint serves (e.g. qwen2.5:7b)")
        if out["api_key_file"]:  # readable; the key is not kept. The text is not echoed: it may be a pasted key
            try:
                read_api_key(Path(out["api_key_file"]).expanduser())
            except (WorkbenchError, OSError, ValueError):
                raise InputError(
                    "the API key file cannot be read: give the path of a file holding the key, never the key itself"
                ) from None
    return out


def save_engine_settings(
    store, values: dict, project: str | None = None, allow_hint: str = "add --allow-remote"
) -> dict:
    """Check ``values`` (:func:`check_engine_settings`) and remember them for the project; the checked settings."""
    from . import teams
    from .projects import DEFAULT_PROJECT, get_project

    checked = check_engine_settings(values, allow_hint)
    with store.writing() as session:
        teams.authorize(session, "translate")  # who may translate may choose the engine (translating is audited)
        p = get_project(session, project or DEFAULT_PROJECT)
        p.settings = {**(p.settings or {}), "engine": checked}
    return checked


def llm_options(checked: dict) -> dict:
    """The llm engine's options from checked settings (the key read from its file or $WORKBENCH_LLM_API_KEY)."""
    from ..mt.llm import read_api_key

    key_file = Path(checked["api_key_file"]).expanduser() if checked["api_key_file"] else None
    return dict(
        endpoint=checked["endpoint"],
        api_key=read_api_key(key_file),
        concurrency=checked["concurrency"],
        timeout=checked["timeout"],
        allow_remote=checked["allow_remote"],
    )

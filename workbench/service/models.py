"""The first run: make sure the model is there before translating.

A hub id that is neither installed nor imported is installed on the spot when the hub can
be reached and the user agrees (the CLI asks on a terminal or takes ``--install-model``; the
app asks with a button); without the hub, one line says how to import a copied folder.
Folders given by path are never downloaded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import WorkbenchError
from ..mt.models import (
    DEFAULT_MODEL,
    convert_model,
    hub_reachable,
    list_models,
    missing_model_message,
    models_dir,
    offline_message,
    resolve_hf,
)


def model_status(model: str) -> dict:
    """``installed``; ``hub_reachable`` (asked only when it is not installed); ``message``: what to do, or ""."""
    if Path(model).expanduser().exists():
        return {"installed": True, "hub_reachable": None, "message": ""}
    try:
        resolve_hf(model)
        return {"installed": True, "hub_reachable": None, "message": ""}
    except WorkbenchError:
        pass
    online = hub_reachable()
    message = missing_model_message(model) if online else offline_message(model)
    return {"installed": False, "hub_reachable": online, "message": message}


def prepare_model(model: str, ask: Callable[[str], bool] | None = None) -> bool:
    """Install ``model`` if it is missing and ``ask(model)`` agrees; True if it was installed now.

    Raises WorkbenchError with the one-line advice when it is missing and cannot or may not be installed.
    """
    status = model_status(model)
    if status["installed"]:
        return False
    if not status["hub_reachable"] or ask is None or not ask(model):
        raise WorkbenchError(status["message"])
    install_model(model)
    return True


def install_model(model_id: str | None = None, ct2: str | None = None) -> Path:
    """Download a model from the Hugging Face hub (``workbench model install``; needs internet),
    converted for CTranslate2 too when ``ct2`` names a quantization. Engines already loaded are
    forgotten, so the next translation uses what is on disk now."""
    from ..mt.models import install_model as download
    from .engines import forget_engines

    path = download(model_id or DEFAULT_MODEL, ct2)
    forget_engines()
    return path


def import_model(folder: str | Path, name: str | None = None) -> str:
    """Register a copied model folder (``workbench model import``); returns the name to choose it by."""
    from ..mt.models import import_model as register
    from .engines import forget_engines

    target = register(folder, name)
    forget_engines()
    return target.parent.name.replace("--", "/")


def models_folder() -> Path:
    """Where installed and imported models live."""
    return models_dir()


def installed_models() -> list[dict]:
    """The models installed or imported on this machine (``workbench model list``): name, formats,
    megabytes, path; the default model first and marked (``default``), listed even when it is
    missing (``installed``: False)."""
    try:
        found = list_models()
    except OSError:  # no data folder and none can be made (a read-only home): nothing installed
        found = []
    rows = [dict(row, default=row["name"] == DEFAULT_MODEL, installed=True) for row in found]
    if not any(r["default"] for r in rows):
        rows.append(dict(name=DEFAULT_MODEL, path="", formats=[], megabytes=0.0, default=True, installed=False))
    return sorted(rows, key=lambda r: (not r["default"], r["name"]))


__all__ = [
    "DEFAULT_MODEL",
    "convert_model",
    "import_model",
    "install_model",
    "installed_models",
    "model_status",
    "models_folder",
    "prepare_model",
]

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
    import_model,
    install_model,
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


def installed_models() -> tuple[Path, list[dict]]:
    """(the models folder, one row per installed or imported model: name, formats, megabytes, path)."""
    return models_dir(), list_models()


__all__ = ["DEFAULT_MODEL", "convert_model", "import_model", "install_model", "installed_models", "model_status",
           "prepare_model"]

"""One private temporary folder per running app, removed when the app exits.

Exports written for download and the uploads Gradio keeps (its cache, pointed here through
``GRADIO_TEMP_DIR`` by :func:`workbench.ui.app.launch`) live in it: mode 0700 for the folder,
0600 for the export files, so other users of the machine cannot read a project's text, and
nothing stays behind in /tmp after the app stops.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path

_lock = threading.Lock()
_folders: list[Path] = []


def private_folder(prefix: str = "workbench-", parent: str | None = None) -> Path:
    """A new folder only this user can open (0700), removed when the process exits; in ``parent``,
    else in the temporary folder of the moment."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))  # mkdtemp creates it with mode 0700
    with _lock:
        if not _folders:
            atexit.register(remove_all)
        _folders.append(folder)
    return folder


def remove_all() -> None:
    """Remove every folder made by :func:`private_folder` (called on exit)."""
    with _lock:
        folders, _folders[:] = list(_folders), []
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def private_file(folder: Path, name: str) -> Path:
    """A path in a fresh subfolder of ``folder`` for a file that only this user may read."""
    sub = Path(tempfile.mkdtemp(dir=folder))
    path = sub / name
    path.touch(mode=0o600)
    os.chmod(path, 0o600)
    return path


def remove_older(folder: Path, keep: int = 4) -> None:
    """Keep only the ``keep`` newest subfolders of ``folder`` (earlier exports are long downloaded)."""
    subs = sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for old in subs[:-keep] if keep else subs:
        shutil.rmtree(old, ignore_errors=True)

"""Writing a file the user asked for: into place whole or not at all.

An export is written to a hidden file beside its destination and renamed over it when the
writer has finished, so a failure never leaves half a file or destroys a good one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import WorkbenchError


def check_output_folder(path: str | Path) -> Path:
    """Refuse, with one line naming it, an output path whose folder is missing, not a folder or not writable."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise WorkbenchError(f"{path}: is a folder; give the name of the file to write")
    if not folder.exists():
        raise WorkbenchError(f"{path}: cannot write the export, the folder {folder} does not exist")
    if not folder.is_dir():
        raise WorkbenchError(f"{path}: cannot write the export, {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WorkbenchError(f"{path}: cannot write the export, the folder {folder} is read-only")
    return path


@contextmanager
def output_file(path: str | Path) -> Iterator[Path]:
    """Write to a hidden file next to ``path`` and rename it into place when the writer finished:
    a failed export (full disk, a writer error) never leaves a half-written file or replaces a
    good one. Write errors become one line naming the file."""
    path = check_output_folder(path)
    partial = path.with_name(f".{path.stem}.{os.getpid()}.partial{path.suffix}")
    try:
        yield partial
        if path.exists():
            shutil.copymode(path, partial)  # a file replaced keeps its permissions (a private 0600 export stays so)
        os.replace(partial, path)
    except OSError as exc:
        raise WorkbenchError(f"{path}: cannot write the export ({exc.strerror or exc})") from None
    finally:
        partial.unlink(missing_ok=True)

"""Writing a file the user asked for: into place whole or not at all.

An export is written to a hidden file beside its destination and renamed over it when the
writer has finished, so a failure never leaves half a file or destroys a good one.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import WorkbenchError

# what no file name holds, on any system: path separators, the characters Windows refuses, controls
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f]+')
# the device names Windows reserves, with or without an extension
_RESERVED = re.compile(r"^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(?:\..*)?$", re.IGNORECASE)


def safe_file_name(title: str, fallback: str = "document", limit: int = 60) -> str:
    """A file name (without suffix) from a document's title: Chinese and other letters kept, each run
    of spaces, path separators, control or format characters and ``:*?"<>|`` made one ``-``; no
    leading dot or dash, no trailing dot or space, not a name Windows reserves (``CON``, ``NUL``,
    ``COM1`` ...), at most ``limit`` characters (60 Chinese characters are 180 bytes, well under the
    255 a file name may have with its suffix); ``fallback`` when nothing is left."""
    text = unicodedata.normalize("NFC", str(title or ""))
    text = "".join("-" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"[\s-]+", "-", text)
    text = text[:limit].strip(" .-_")
    if not text or _RESERVED.match(text):
        text = f"{fallback}-{text}" if text else fallback
    return text


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

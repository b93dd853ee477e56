"""The app's login file: USER:PASSWORD on its first line, kept readable only by its owner."""

from __future__ import annotations

from pathlib import Path

from ..ingest.readers import read_bytes


def read_login_file(path: Path) -> tuple[str, bool]:
    """(the first line, stripped; "" for an empty file) and whether users other than the owner can read the file.

    Read through the bounded reader, so a huge or special file is refused before it is read."""
    lines = read_bytes(path).decode("utf-8", "replace").splitlines()
    return (lines[0].strip() if lines else ""), bool(path.stat().st_mode & 0o077)

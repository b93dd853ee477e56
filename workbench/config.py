"""Where the workbench keeps its files: $WORKBENCH_HOME, else $XDG_DATA_HOME/workbench, else
~/.local/share/workbench. The default project database and installed models live there."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def data_dir() -> Path:
    if os.environ.get("WORKBENCH_HOME"):
        base = Path(os.environ["WORKBENCH_HOME"]).expanduser()
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "workbench"
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_project() -> str:
    """The project database used when none is named: $WORKBENCH_PROJECT or <data dir>/default.db."""
    return os.environ.get("WORKBENCH_PROJECT") or str(data_dir() / "default.db")


def sample_report() -> Path:
    """The bundled sample report (a real scraped page, clutter and all)."""
    return Path(str(resources.files("workbench.data").joinpath("report_zh_sample.txt")))


def _limit(variable: str, default: int, minimum: int) -> int:
    """A whole-number setting from the environment; a bad value is one line naming the setting."""
    from .errors import WorkbenchError

    value = os.environ.get(variable, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < minimum:
        raise WorkbenchError(f"${variable} must be a whole number of at least {minimum}, not {value!r}")
    return int(value)


def max_segment_chars() -> int:
    """Longest segment an import keeps whole: $WORKBENCH_MAX_SEGMENT_CHARS, default 2,000 characters."""
    return _limit("WORKBENCH_MAX_SEGMENT_CHARS", 2000, 10)


def max_target_chars() -> int:
    """Longest translation a save or a merge accepts: $WORKBENCH_MAX_TARGET_CHARS, default 100,000 characters."""
    return _limit("WORKBENCH_MAX_TARGET_CHARS", 100_000, 1)

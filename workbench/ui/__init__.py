"""The browser front end (Gradio). Handlers call :mod:`workbench.service` and nothing else."""

import os

# The app runs offline: no usage reports or version checks from Gradio, whatever builds a Blocks here.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

from .app import build_app, launch  # noqa: E402

__all__ = ["build_app", "launch"]

"""The browser front end (Gradio). Handlers call :mod:`workbench.service` and nothing else."""

from .app import build_app, launch

__all__ = ["build_app", "launch"]

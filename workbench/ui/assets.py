"""The app's browser code as real files: ``workbench/ui/static/*.js`` and ``*.css``, read once.

The JavaScript is what Gradio runs (``gr.Blocks(js=...)``, an event's ``js=``, a component's
``js_on_load``) and the CSS what it puts in the page (``css=``, ``css_template``); the files are
checked in the tests (``node --check`` on every .js file, balanced braces in every .css file).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

STATIC = Path(__file__).with_name("static")


@cache
def asset(name: str) -> str:
    """The text of ``static/NAME``."""
    return (STATIC / name).read_text(encoding="utf-8")

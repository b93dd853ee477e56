"""Audit tab (a project with accounts): who did what and when, filtered by day and account, and
the same as a CSV file. The service layer lets only an admin read it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr
import pandas as pd

from ..errors import WorkbenchError
from ..service import teams
from .common import notice

COLUMNS = ["time", "account", "action", "what"]


class AuditTab:
    def __init__(self, store):
        self.store = store

    def entries(self, since: str, user: str) -> list[dict]:
        return teams.audit_entries(
            self.store, since=teams.parse_day((since or "").strip() or None), user=(user or "").strip() or None
        )

    def show(self, since: str, user: str):
        try:
            rows = self.entries(since, user)
        except WorkbenchError as exc:
            return pd.DataFrame(columns=COLUMNS), None, notice(str(exc), ok=False)
        path = Path(tempfile.mkdtemp(prefix="audit-")) / "audit.csv"
        path.write_text(teams.audit_csv(rows), encoding="utf-8")
        table = pd.DataFrame(rows[::-1], columns=COLUMNS)  # newest first on screen
        return table, str(path), notice(f"{len(rows)} entries")

    def build(self) -> None:
        with gr.Row():
            since = gr.Textbox(label="Since (YYYY-MM-DD)", scale=1, elem_id="wb-audit-since")
            user = gr.Textbox(label="Account", scale=1, elem_id="wb-audit-user")
            show = gr.Button("Show", scale=0, elem_id="wb-audit-show")
        message = gr.Markdown(elem_id="wb-audit-message")
        table = gr.Dataframe(headers=COLUMNS, interactive=False, wrap=True, elem_id="wb-audit-table")
        download = gr.File(label="The same as CSV", interactive=False, elem_id="wb-audit-file")
        show.click(self.show, [since, user], [table, download, message], api_name="audit")
        self.tab_inputs = ([since, user], [table, download, message])

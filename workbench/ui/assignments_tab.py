"""Assignments tab (a project with accounts): an admin gives a document, or a range of its
segments, to a translator and a reviewer; everyone sees what is assigned. The service layer lets
only an admin assign (a refusal is shown, and kept in the audit trail)."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from .. import service
from ..errors import WorkbenchError
from .common import document_choices, notice, refresh_choices

COLUMNS = ["id", "document", "title", "segments", "count", "translator", "reviewer"]


class AssignmentsTab:
    def __init__(self, store):
        self.store = store

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(service.list_assignments(self.store), columns=COLUMNS)

    def show(self):
        try:
            return self.table(), ""
        except WorkbenchError as exc:
            return pd.DataFrame(columns=COLUMNS), notice(str(exc), ok=False)

    def give(self, document, segments, translator, reviewer):
        try:
            if not document:
                raise WorkbenchError("choose a document to assign")
            done = service.assign(self.store, int(document), translator or "", reviewer or "", segments or None)
        except WorkbenchError as exc:
            table, _ = self.show()
            return table, notice(str(exc), ok=False)
        message = (
            f"assigned document {done['document']} segments {done['segments']} ({done['count']} segments): "
            f"translator {done['translator'] or '-'}, reviewer {done['reviewer'] or '-'}"
        )
        return self.table(), notice(message)

    def refresh(self, current=None):
        return refresh_choices(document_choices(self.store), current)

    def build(self) -> None:
        docs = document_choices(self.store)
        with gr.Row():
            document = gr.Dropdown(
                docs, value=docs[-1][1] if docs else None, label="Document", scale=3, elem_id="wb-assign-document"
            )
            segments = gr.Textbox(label="Segments (A-B, empty: all)", scale=1, elem_id="wb-assign-segments")
            translator = gr.Textbox(label="Translator (account)", scale=1, elem_id="wb-assign-translator")
            reviewer = gr.Textbox(label="Reviewer (account)", scale=1, elem_id="wb-assign-reviewer")
            give = gr.Button("Assign", scale=0, variant="primary", elem_id="wb-assign-give")
        message = gr.Markdown(elem_id="wb-assign-message")
        table = gr.Dataframe(headers=COLUMNS, interactive=False, wrap=True, elem_id="wb-assign-table")
        give.click(self.give, [document, segments, translator, reviewer], [table, message], api_name=False)
        self.document = document
        self.tab_outputs = [table, message]

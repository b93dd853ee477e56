"""Export tab: the project as TMX, XLIFF, CSV/TSV, XLSX, DOCX or JSONL, and the glossary as TBX."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from .. import service
from ..errors import WorkbenchError
from ..store import Store
from .common import document_choices, notice, refresh_choices
from .tempfiles import private_file, private_folder, remove_older

FORMATS = [("TMX 1.4b", "tmx"), ("XLIFF 2.0", "xliff"), ("XLIFF 1.2", "xliff12"), ("XLSX", "xlsx"), ("CSV", "csv"),
           ("TSV", "tsv"), ("DOCX bilingual table", "docx"), ("DOCX English only", "docx-en"), ("JSONL", "jsonl"),
           ("TBX glossary", "tbx")]
SUFFIX = {"xliff": "xlf", "xliff12": "xlf", "docx-en": "docx"}


class ExportTab:
    def __init__(self, store: Store):
        self.store = store
        self._folder: Path | None = None

    def _export_path(self, fmt: str) -> Path:
        """A 0600 file in this app's private export folder (removed on exit); older exports go first."""
        if self._folder is None:
            self._folder = private_folder("workbench-exports-")
        remove_older(self._folder, keep=3)  # with the new one, the 4 latest exports stay
        return private_file(self._folder, f"workbench-export.{SUFFIX.get(fmt, fmt)}")

    def export(self, fmt: str, which: str, document_id: int | None, include_untranslated: bool):
        """Export the project; returns the file and a notice."""
        path = self._export_path(fmt)
        try:
            if fmt == "tbx":
                count = service.export_glossary(self.store, path)
                return str(path), notice(f"Exported {count} glossary terms as TBX.")
            count = service.export_project(self.store, path, fmt, approved_only=which == "approved only",
                                           document_id=int(document_id) if which == "one document" and document_id else None,
                                           include_untranslated=bool(include_untranslated))
        except WorkbenchError as exc:
            return None, notice(str(exc), ok=False)
        return str(path), notice(f"Exported {count} segments as {fmt.upper()}.")

    def build(self) -> None:
        docs = document_choices(self.store)
        with gr.Row():
            fmt = gr.Radio(FORMATS, value="tmx", label="Format", elem_id="wb-export-format")
        with gr.Row():
            which = gr.Radio(["all", "approved only", "one document"], value="all", label="Segments")
            document = gr.Dropdown(docs, value=docs[0][1] if docs else None, label="Document (for \u201cone document\u201d)")
            untranslated = gr.Checkbox(value=True, label="Include untranslated segments")
        go = gr.Button("Export", variant="primary", elem_id="wb-export")
        file = gr.File(label="Exported file", interactive=False, elem_id="wb-export-file")
        message = gr.Markdown(elem_id="wb-export-notice")
        go.click(self.export, [fmt, which, document, untranslated], [file, message], api_name="export")
        self.document = document

    def refresh_documents(self, current=None):
        return refresh_choices(document_choices(self.store), current, prefer_last=False)

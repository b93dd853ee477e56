"""Export tab: the project or one document as TMX, XLIFF, CSV/TSV, XLSX, DOCX or JSONL, and the
glossary as TBX. Files are named after the document's title (or the project) and the format. A TMX
holds the reviewed and approved segments, and the MT drafts when "TMX: include MT drafts" is
ticked. "LQA scorecard" writes the chosen document's MQM scorecard (XLSX or HTML)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import gradio as gr

from .. import service
from ..errors import WorkbenchError
from .common import document_choices, notice, refresh_choices
from .merge_panel import MergePanel
from .tempfiles import private_file, private_folder, remove_older

#: How the export formats are named on screen; the formats themselves come from the service.
LABELS = {
    "tmx": "TMX 1.4b",
    "xliff": "XLIFF 2.0",
    "xliff12": "XLIFF 1.2",
    "docx": "DOCX bilingual table",
    "docx-en": "DOCX English only",
}
FORMATS = [(LABELS.get(f, f.upper()), f) for f in service.EXPORT_FORMATS] + [
    ("OmegaT project (.zip)", "omegat"),
    ("TBX glossary", "tbx"),
]
SUFFIX = {"omegat": "zip", "xliff": "xlf", "xliff12": "xlf", "docx-en": "docx"}


def file_stem(name: str) -> str:
    """A file name from a document's title (see :func:`safe_file_name`: CJK kept, no path
    separators, control characters or reserved names); never empty."""
    return service.safe_file_name(name, "document")


def export_name(document: str | None, fmt: str) -> str:
    """``<document>-<format>.<suffix>``, or ``project-...`` for the whole project."""
    return f"{file_stem(document) if document else 'project'}-{fmt}.{SUFFIX.get(fmt, fmt)}"


class ExportTab:
    def __init__(self, store: service.Store):
        self.store = store
        self._folder: Path | None = None

    def _export_path(self, name: str) -> Path:
        """A 0600 file ``name`` in this app's private export folder (removed on exit); older exports go first."""
        if self._folder is None:
            self._folder = private_folder("workbench-exports-")
        remove_older(self._folder, keep=3)  # with the new one, the 4 latest exports stay
        return private_file(self._folder, name)

    def _names(self) -> dict[int, str]:
        """What each source document's exports are named after: its title (the upload's file name
        only where it has none)."""
        return {
            d["id"]: (d["title"] or "").strip() or re.sub(r"\.[A-Za-z0-9]{1,5}$", "", d["name"] or "")
            for d in service.list_documents(self.store)
            if d["role"] == "source"
        }

    def export(
        self, fmt: str, which: str, document_id: int | None, include_untranslated: bool, include_mt: bool = False
    ):
        """Export the project or the chosen document; returns the file and a notice. ``include_mt``
        (TMX only; other formats always have every segment): the MT drafts go into the TMX too."""
        names = self._names()
        document_id = int(document_id) if document_id else None
        try:
            if fmt == "tbx":
                path = self._export_path("glossary.tbx")
                count = service.export_glossary(self.store, path)
                return str(path), notice(f"Exported {count} glossary terms as TBX ({path.name}).")
            if document_id is not None and document_id not in names:
                raise WorkbenchError(f"no document with id {document_id}")
            if fmt == "omegat":  # a ready OmegaT project: whole documents, reviewed work in tm/auto
                path = self._export_path(export_name(names.get(document_id) if document_id else None, fmt))
                path.unlink()
                result = service.export_omegat(self.store, path, document_id=document_id)
                return str(path), notice(
                    f"Exported an OmegaT project ({path.name}): {result.segments} segments, {result.reviewed} "
                    f"reviewed translations in tm/auto, {result.terms} glossary terms."
                )
            options = dict(approved_only=which == "approved only", include_untranslated=bool(include_untranslated))
            if fmt == "tmx":
                options["include_mt"] = bool(include_mt)
            if fmt == "docx-en" and document_id is None and len(names) > 1:
                # an English document per report, not every report run together in one file
                path = self._export_path(export_name(None, "docx-en").replace(".docx", ".zip"))
                count = 0
                taken: set[str] = set()
                with zipfile.ZipFile(path, "w") as bundle:
                    for doc_id, name in names.items():
                        member = export_name(name, "docx-en")
                        if member.casefold() in taken:  # two documents of the same title: both in the zip
                            member = f"{file_stem(name)[:50]}-{doc_id}-docx-en.docx"
                        taken.add(member.casefold())
                        part = path.parent / member  # the zip's private folder
                        try:
                            count += service.export_project(self.store, part, fmt, document_id=doc_id, **options)
                        except WorkbenchError:
                            continue  # a document with nothing to export (e.g. no approved segment)
                        bundle.write(part, part.name)
                if count == 0:
                    raise WorkbenchError("nothing to export")
                return str(path), notice(
                    f"Exported {count} segments as DOCX English only, one file per document ({path.name})."
                )
            path = self._export_path(export_name(names.get(document_id) if document_id else None, fmt))
            count = service.export_project(self.store, path, fmt, document_id=document_id, **options)
        except WorkbenchError as exc:
            return None, notice(str(exc), ok=False)
        return str(path), notice(f"Exported {count} segments as {fmt.upper()} ({path.name}).")

    def scorecard(self, document_id: int | None, fmt: str, threshold: float | None):
        """The LQA scorecard of the chosen document as XLSX or HTML; returns the file and a notice."""
        try:
            names = self._names()
            document_id = int(document_id) if document_id else None
            if document_id is None:
                raise WorkbenchError("choose a document for the LQA scorecard (a scorecard is of one document)")
            if document_id not in names:
                raise WorkbenchError(f"no document with id {document_id}")
            suffix = "html" if fmt == "HTML" else "xlsx"
            path = self._export_path(f"{file_stem(names[document_id])}-lqa-scorecard.{suffix}")
            card = service.export_scorecard(
                self.store, document_id, path, threshold=None if threshold in (None, "") else float(threshold)
            )
        except WorkbenchError as exc:
            return None, notice(str(exc), ok=False)
        per_1000 = "n/a" if card.per_1000 is None else f"{card.per_1000:g}"
        errors = sum(sum(by.values()) for by in card.counts.values())
        return str(path), notice(
            f"LQA scorecard ({path.name}): {errors} errors in {card.evaluated} evaluated segments, "
            f"{per_1000} penalty points per 1,000 source words, threshold {card.threshold:g}: "
            + ("PASS" if card.passed else "FAIL")
        )

    def build(self) -> None:
        with gr.Row():
            fmt = gr.Radio(FORMATS, value="tmx", label="Format", elem_id="wb-export-format")
        with gr.Row():
            document = gr.Dropdown(self.documents(), value=0, label="Document", elem_id="wb-export-document")
            which = gr.Radio(["all", "approved only"], value="all", label="Segments")
            untranslated = gr.Checkbox(value=True, label="Include untranslated segments")
            include_mt = gr.Checkbox(
                value=False,
                label="TMX: include MT drafts (status translated)",
                info="A TMX otherwise holds only reviewed and approved segments; new and rejected ones never.",
                elem_id="wb-export-include-mt",
            )
        go = gr.Button("Export", variant="primary", elem_id="wb-export")
        file = gr.File(label="Exported file", interactive=False, elem_id="wb-export-file")
        message = gr.Markdown(elem_id="wb-export-notice")
        go.click(self.export, [fmt, which, document, untranslated, include_mt], [file, message], api_name="export")
        with gr.Row():
            card_format = gr.Radio(["XLSX", "HTML"], value="XLSX", label="LQA scorecard as", elem_id="wb-lqa-format")
            threshold = gr.Number(
                value=10,
                minimum=0,
                label="Pass: at most this many penalty points per 1,000 source words",
                elem_id="wb-lqa-threshold",
            )
        card = gr.Button("LQA scorecard of the document", elem_id="wb-lqa-scorecard")
        card_file = gr.File(label="LQA scorecard", interactive=False, elem_id="wb-lqa-file")
        card_message = gr.Markdown(elem_id="wb-lqa-notice")
        card.click(
            self.scorecard, [document, card_format, threshold], [card_file, card_message], api_name="lqa_scorecard"
        )
        self.document = document
        MergePanel(self.store).build()

    def documents(self):
        return [("All documents", 0)] + document_choices(self.store)

    def refresh_documents(self, current=None):
        return refresh_choices(self.documents(), current if current else 0, prefer_last=False)

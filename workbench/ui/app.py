"""Gradio Blocks app: import a report, see how it was cleaned and segmented, restore lines.

Binds to 127.0.0.1 unless told otherwise. Errors a user can cause come back as a notice in the
page; nothing they already have is lost.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import gradio as gr

from .. import service
from ..errors import WorkbenchError
from ..ingest import MAX_BYTES, source_from_bytes
from ..glossary import TermMatcher
from ..store import Store, text_hash
from . import api
from .alignment_tab import AlignmentTab
from .common import document_choices, notice, refresh_choices
from .export_tab import ExportTab
from .glossary_tab import GlossaryTab
from .render import CSS, REVIEW_CSS, removed_choice, segments_by_paragraph
from .review_tab import ReviewTab
from .statistics_tab import StatisticsTab
from .tm_panel import AnalysisTab

PAGE_SIZE = 60


class DocumentTab:
    """Upload or paste a report; view segments by paragraph; restore wrongly removed lines."""

    def __init__(self, store: Store):
        self.store = store

    # ---- handlers (pure calls into the service layer) ----
    def documents(self) -> list[tuple[str, int]]:
        return document_choices(self.store, role=None)

    def refresh_documents(self, current=None):
        return refresh_choices(self.documents(), current)

    def import_upload(self, path: str | None, pasted: str, title: str):
        from ..ingest.controls import check_unicode
        from ..service.database import database_problem

        try:
            if path:
                upload = Path(path)
                if not upload.is_file():
                    raise WorkbenchError(f"{upload.name}: the uploaded file is no longer there; upload it again")
                if upload.stat().st_size > MAX_BYTES:
                    raise WorkbenchError(f"{upload.name}: file is too large (the limit is {MAX_BYTES // 1_000_000} MB)")
                data = upload.read_bytes()
                if _is_upload_copy(upload):
                    upload.unlink(missing_ok=True)  # Gradio's copy of the upload is not needed any more
                source = source_from_bytes(data, upload.name)
            elif pasted and pasted.strip():
                check_unicode(pasted, "pasted text")
                if len(pasted.encode("utf-8")) > MAX_BYTES:
                    raise WorkbenchError(f"pasted text is too large (the limit is {MAX_BYTES // 1_000_000} MB)")
                name = f"pasted-{text_hash(pasted)[:8]}.txt"
                source = source_from_bytes(pasted.encode("utf-8"), name)
            else:
                raise WorkbenchError("choose a file or paste a report first")
            result = service.import_document(self.store, source, title=check_unicode(title, "title").strip() or None)
        except WorkbenchError as exc:
            return gr.update(), notice(str(exc), ok=False)
        except Exception as exc:  # a full disk, a read-only project: one clear notice, not a generic error
            problem = database_problem(exc, self.store)
            if problem is None:
                raise
            return gr.update(), notice(str(problem), ok=False)
        verb = {"created": "Imported", "unchanged": "Already imported (nothing changed)", "updated": "Updated"}[result.status]
        message = (f"{verb}: \u201c{result.title}\u201d, {result.segments} segments, "
                   f"{len(result.removed_lines)} lines of page clutter removed ({result.encoding}).")
        return gr.update(choices=self.documents(), value=result.document_id), notice(message)

    def show(self, document_id: int | None, page: float):
        if document_id is None:
            return "<p><em>No document yet.</em></p>", gr.update(choices=[], value=[]), "", gr.update()
        try:
            page = max(1, int(page or 1))
            total, rows = service.review_page(self.store, int(document_id), (page - 1) * PAGE_SIZE, PAGE_SIZE,
                                              checks=set())
            pages = max(1, -(-total // PAGE_SIZE))
            if page > pages:
                page = pages
                total, rows = service.review_page(self.store, int(document_id), (page - 1) * PAGE_SIZE, PAGE_SIZE,
                                                  checks=set())
            removed = service.removed_lines(self.store, int(document_id))
        except WorkbenchError as exc:
            return "", gr.update(), notice(str(exc), ok=False), gr.update()
        info = f"Page {page} of {pages} \u00b7 {total} segments \u00b7 glossary terms are underlined (hover for the rendering)"
        choices = [(removed_choice(line), line["number"]) for line in removed]
        matcher = TermMatcher(service.project_terms(self.store))
        return (segments_by_paragraph(rows, matcher), gr.update(choices=choices, value=[]), info,
                gr.update(value=page, maximum=pages))

    def restore(self, document_id: int | None, lines: list[int]):
        if document_id is None or not lines:
            return notice("tick the removed lines to bring back first", ok=False)
        try:
            result = service.restore_lines(self.store, int(document_id), [int(n) for n in lines])
        except WorkbenchError as exc:
            return notice(str(exc), ok=False)
        return notice(f"Restored {len(lines)} line(s): the document now has {result.segments} segments ({result.added} new).")

    # ---- layout ----
    def build(self) -> None:
        with gr.Row():
            with gr.Column(scale=1):
                upload = gr.File(label="Report (.txt in any Chinese encoding, .docx, .html)", type="filepath",
                                 file_types=[".txt", ".docx", ".html", ".htm", ".md"])
                pasted = gr.Textbox(label="\u2026or paste the report", lines=6, max_lines=12)
                title = gr.Textbox(label="Title (optional)")
                import_button = gr.Button("Import", variant="primary")
                notice = gr.Markdown(elem_id="wb-notice")
            with gr.Column(scale=3):
                choices = self.documents()
                document = gr.Dropdown(choices=choices, value=choices[-1][1] if choices else None, label="Document",
                                       elem_id="wb-document")
                with gr.Row():
                    page = gr.Number(value=1, label="Page", precision=0, minimum=1, elem_id="wb-page")
                    info = gr.Markdown()
                view = gr.HTML(elem_id="wb-segments")
                with gr.Accordion("Lines removed as page clutter (tick to restore)", open=False):
                    removed = gr.CheckboxGroup(label="Removed lines", elem_id="wb-removed")
                    restore_button = gr.Button("Restore ticked lines")
        import_button.click(self.import_upload, [upload, pasted, title], [document, notice], api_name="import_document")
        document.change(self.show, [document, page], [view, removed, info, page], api_name=False)
        page.submit(self.show, [document, page], [view, removed, info, page], api_name=False)
        restore_button.click(self.restore, [document, removed], [notice], api_name=False).then(
            self.show, [document, page], [view, removed, info, page], api_name=False
        )
        self.on_load = (self.show, [document, page], [view, removed, info, page])
        self.document = document


def _is_upload_copy(path: Path) -> bool:
    """True for a file in Gradio's upload folder (a copy made for this upload), never a user's own file."""
    from gradio.utils import get_upload_folder

    return path.resolve().is_relative_to(Path(get_upload_folder()).resolve())


class TranslateTab:
    """Machine-translate the project's untranslated segments with a progress bar and a cancel button."""

    def __init__(self, store: Store):
        self.store = store
        self._stop = False

    def translate(self, engine: str, model: str, beams: float | None, numbering: str, enforce: bool = False,
                  tm_threshold: float | None = 100, progress=gr.Progress()):
        from ..mt import DEFAULT_MODEL, TranslateSettings, load_engine
        from ..service import translate_project
        from ..service.models import prepare_model

        self._stop = False
        try:
            progress(0, desc="loading the model")
            prepare_model((model or "").strip() or DEFAULT_MODEL)  # missing: how to install it, or offline how to import
            mt = load_engine(engine, (model or "").strip() or DEFAULT_MODEL)
            settings = TranslateSettings(beams=int(beams) if beams else None, enforce_terms=bool(enforce))
            report = translate_project(
                self.store, mt, settings, numbering=numbering,
                progress=lambda done, total: progress((done, max(total, 1)), desc="translating", unit="segments"),
                should_stop=lambda: self._stop, tm_threshold=int(tm_threshold) if tm_threshold else None,
            )
        except WorkbenchError as exc:
            return notice(str(exc), ok=False)
        if report.stopped:
            return notice(f"Cancelled: {report.translated} of {report.pending} segments translated and saved; "
                           f"translate again to continue.", ok=False)
        memory = f"{report.from_memory} filled from the translation memory; " if report.from_memory else ""
        return notice(f"{memory}Translated {report.translated} of {report.pending} segments with {mt.name} "
                       f"({report.sent} sent to the model, {report.from_cache} from cache or duplicates, {report.seconds:.1f} s).")

    def cancel(self) -> str:
        self._stop = True
        return notice("Stopping after the current batch\u2026", ok=False)

    def build(self) -> None:
        with gr.Row():
            engine = gr.Radio(["marian", "ct2"], value="marian", label="Engine",
                              info="marian: transformers; ct2: CTranslate2, int8 on CPU (several times faster)")
            model = gr.Textbox(label="Model (hub id or folder)", placeholder="Helsinki-NLP/opus-mt-zh-en")
            beams = gr.Number(label="Beams (0: the model's own)", precision=0, minimum=0, maximum=16, value=0)
            numbering = gr.Radio(["roman", "arabic"], value="roman", label="Heading numbers (一、 \u2192 I. or 1.)")
            enforce = gr.Checkbox(label="Enforce glossary terms", value=False,
                                  info="The preferred rendering of every glossary term must appear in the MT")
            tm_threshold = gr.Number(label="Fill from the TM at (50-101; 0: off)", precision=0, minimum=0, maximum=101,
                                     value=100, elem_id="wb-tm-threshold")
        with gr.Row():
            go = gr.Button("Translate untranslated segments", variant="primary")
            stop = gr.Button("Cancel")
        notice = gr.Markdown(elem_id="wb-translate-notice")
        # one translation at a time: it uses every core already
        go.click(self.translate, [engine, model, beams, numbering, enforce, tm_threshold], [notice], api_name="translate",
                 concurrency_limit=1, concurrency_id="machine-translation")
        stop.click(self.cancel, None, [notice], api_name=False, queue=False)


#: Ctrl+Enter (Cmd+Enter) in the Review tab saves the segment.
SHORTCUTS_JS = """
() => {
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      const button = document.querySelector("#wb-save");
      if (button && button.offsetParent !== null) { event.preventDefault(); button.click(); }
    }
  });
}
"""


def build_app(project: str | Path) -> gr.Blocks:
    store = Store(project)
    with gr.Blocks(title="Translation workbench") as app:
        gr.Markdown("## Chinese\u2013English translation workbench")
        with gr.Tab("Document"):
            tab = DocumentTab(store)
            tab.build()
        with gr.Tab("Translate"):
            TranslateTab(store).build()
        with gr.Tab("Review", id="review") as review_tab:
            review = ReviewTab(store)
            review.build()
        with gr.Tab("Glossary"):
            GlossaryTab(store).build()
        with gr.Tab("Alignment") as alignment_tab:
            alignment = AlignmentTab(store)
            alignment.build()
        with gr.Tab("Statistics") as statistics_tab:
            statistics = StatisticsTab(store)
            statistics.build()
        with gr.Tab("Analysis"): AnalysisTab(store).build()  # noqa: E701
        with gr.Tab("Export") as export_tab:
            export = ExportTab(store)
            export.build()
        api.register(store)
        app.load(tab.refresh_documents, [tab.document], [tab.document], api_name=False).then(*tab.on_load, api_name=False)
        review.wire_refresh(app.load)
        review.wire_refresh(review_tab.select)
        alignment.wire_refresh(alignment_tab.select)
        app.load(*statistics.on_load, api_name=False)
        statistics_tab.select(*statistics.on_load, api_name=False)
        app.load(export.refresh_documents, [export.document], [export.document], api_name=False)
        export_tab.select(export.refresh_documents, [export.document], [export.document], api_name=False)
    # Reviewers' events (open a page, save a segment) run side by side instead of one at a time,
    # the Gradio default; the database serialises the writes. Translation keeps its own limit of 1.
    app.queue(default_concurrency_limit=api.CONCURRENT_REQUESTS)
    return app


def launch(project: str | Path, host: str = "127.0.0.1", port: int = 7860, sample: Path | None = None,
           auth: tuple[str, str] | None = None, prevent_thread_lock: bool = False, quiet: bool = False):
    """Open the project in the browser, importing ``sample`` first (a no-op when already there).

    A read-only project opens read-only (the sample is not imported). Uploads and exports live in
    a private temporary folder removed on exit (Gradio's cache is pointed there, and Gradio also
    deletes its files after an hour). A login (``auth``) is guarded against guessing
    (:mod:`workbench.ui.login`).
    """
    from ..service.database import open_store
    from .login import guarded_auth
    from .tempfiles import private_folder

    store = open_store(project)
    if store.read_only:
        project = store.url  # the read-only URL, so that every tab opens the project the same way
    elif sample is not None:
        service.import_document(store, sample)
    store.dispose()
    temporary = private_folder("workbench-app-")
    os.environ["GRADIO_TEMP_DIR"] = str(temporary / "gradio")  # uploads and the files Gradio serves
    tempfile.tempdir = str(temporary)  # every tab's export (tempfile.mkdtemp) lands here too, removed on exit
    app = build_app(project)
    app.delete_cache = (600, 3600)  # every 10 minutes, files older than an hour; all of them at shutdown
    app.launch(server_name=host, server_port=port, auth=guarded_auth(auth) if auth else None, css=CSS + REVIEW_CSS,
               max_file_size=MAX_BYTES, prevent_thread_lock=prevent_thread_lock, footer_links=["api"], quiet=quiet,
               js=SHORTCUTS_JS)
    return app

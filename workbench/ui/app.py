"""Gradio Blocks app: import a report, see how it was cleaned and segmented, restore lines.

Binds to 127.0.0.1 unless told otherwise. Errors a user can cause come back as a notice in the
page; nothing they already have is lost.
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import gradio as gr

from .. import service
from ..errors import WorkbenchError
from ..service import teams
from . import api
from .alignment_tab import AlignmentTab
from .assets import asset
from .assignments_tab import AssignmentsTab
from .audit_tab import AuditTab
from .common import document_choices, notice, refresh_choices, shows_errors
from .export_tab import ExportTab
from .glossary_tab import GlossaryTab
from .qa_tab import FindReplaceTab
from .rate_tab import RATE_CSS, RATE_JS, RATE_TABS_JS, RateTab
from .render import CSS, REVIEW_CSS, removed_choice, segments_by_paragraph
from .review_tab import ReviewTab
from .statistics_tab import StatisticsTab
from .tm_panel import AnalysisTab

PAGE_SIZE = 60


class DocumentTab:
    """Upload or paste a report; view segments by paragraph; restore wrongly removed lines."""

    def __init__(self, store: service.Store):
        self.store = store

    # ---- handlers (pure calls into the service layer) ----
    def documents(self) -> list[tuple[str, int]]:
        return document_choices(self.store, role=None)

    def refresh_documents(self, current=None):
        return refresh_choices(self.documents(), current)

    @shows_errors(outputs=2, notice_at=1)
    def import_upload(self, path: str | None, pasted: str, title: str):
        result = service.import_upload(
            self.store, path, pasted, title, delete_file=bool(path) and _is_upload_copy(Path(path))
        )
        verb = {"created": "Imported", "unchanged": "Already imported (nothing changed)", "updated": "Updated"}[
            result.status
        ]
        message = (
            f"{verb}: \u201c{result.title}\u201d, {result.segments} segments, "
            f"{len(result.removed_lines)} lines of page clutter removed ({result.encoding})."
        )
        if result.oversized:
            message += f" {result.oversized_note()}."
        if result.beads_removed:
            message += (
                f" Its alignment no longer matched the sentences and was removed ({result.beads_removed} beads, "
                f"{result.confirmed_removed} confirmed): align the English again in the Alignment tab."
            )
        return gr.update(choices=self.documents(), value=result.document_id), notice(message)

    def show(self, document_id: int | None, page: float):
        if document_id is None:
            return "<p><em>No document yet.</em></p>", gr.update(choices=[], value=[]), "", gr.update()
        try:
            page = max(1, int(page or 1))
            total, rows = service.review_page(
                self.store, int(document_id), (page - 1) * PAGE_SIZE, PAGE_SIZE, checks=set()
            )
            pages = max(1, -(-total // PAGE_SIZE))
            if page > pages:
                page = pages
                total, rows = service.review_page(
                    self.store, int(document_id), (page - 1) * PAGE_SIZE, PAGE_SIZE, checks=set()
                )
            removed = service.removed_lines(self.store, int(document_id))
        except WorkbenchError as exc:
            return "", gr.update(), notice(str(exc), ok=False), gr.update()
        info = (
            f"Page {page} of {pages} \u00b7 {total} segments \u00b7 glossary terms are underlined "
            "(hover for the rendering)"
        )
        choices = [(removed_choice(line), line["number"]) for line in removed]
        matcher = service.glossary_matcher(self.store)
        return (
            segments_by_paragraph(rows, matcher),
            gr.update(choices=choices, value=[]),
            info,
            gr.update(value=page, maximum=pages),
        )

    def show_first(self, document_id: int | None):
        return self.show(document_id, 1)

    @shows_errors()
    def restore(self, document_id: int | None, lines: list[int]):
        if document_id is None or not lines:
            raise WorkbenchError("tick the removed lines to bring back first")
        result = service.restore_lines(self.store, int(document_id), [int(n) for n in lines])
        return notice(
            f"Restored {len(lines)} line(s): the document now has {result.segments} segments ({result.added} new)."
        )

    # ---- layout ----
    def build(self) -> None:
        with gr.Row():
            with gr.Column(scale=1):
                upload = gr.File(
                    label="Report (.txt in any Chinese encoding, .docx, .html)",
                    type="filepath",
                    file_types=[".txt", ".docx", ".html", ".htm", ".md"],
                )
                pasted = gr.Textbox(label="\u2026or paste the report", lines=6, max_lines=12)
                title = gr.Textbox(label="Title (optional)")
                import_button = gr.Button("Import", variant="primary")
                notice = gr.Markdown(elem_id="wb-notice")
            with gr.Column(scale=3):
                choices = self.documents()
                document = gr.Dropdown(
                    choices=choices, value=choices[-1][1] if choices else None, label="Document", elem_id="wb-document"
                )
                with gr.Row():
                    page = gr.Number(value=1, label="Page", precision=0, minimum=1, elem_id="wb-page")
                    info = gr.Markdown()
                view = gr.HTML(elem_id="wb-segments")
                with gr.Accordion("Lines removed as page clutter (tick to restore)", open=False):
                    removed = gr.CheckboxGroup(label="Removed lines", elem_id="wb-removed")
                    restore_button = gr.Button("Restore ticked lines")
        import_button.click(
            self.import_upload, [upload, pasted, title], [document, notice], api_name="import_document"
        ).then(self.show_first, [document], [view, removed, info, page], api_name=False)
        # another document starts on its first page (a freshly imported report included)
        document.change(self.show_first, [document], [view, removed, info, page], api_name=False)
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


def point_to_model_panel(message: str) -> str:
    """A message that says to run ``workbench model import`` also names the panel right there in the
    Translate tab that does the same."""
    if "workbench model import" in message and "Install or import a model" not in message:
        return (
            f"{message}; or open \u201cInstall or import a model\u201d below, give the copied folder and "
            "press \u201cImport model\u201d"
        )
    return message


class TranslateTab:
    """Machine-translate the untranslated segments (of one document or all) with a progress bar and
    a cancel button. The engine comes from the service's cache: loaded once, reused."""

    def __init__(self, store: service.Store):
        self.store = store
        self._stop = False
        self._running = False

    @staticmethod
    def model_choices() -> list[tuple[str, str]]:
        """The installed models for the dropdown, the default first and marked."""
        rows = service.installed_models()

        def label(r):
            if not r["default"]:
                return r["name"]
            return r["name"] + (" (default)" if r["installed"] else " (default, not installed)")

        return [(label(r), r["name"]) for r in rows]

    def refresh_models(self, current=None):
        """Fresh choices; the value is left alone (a folder typed meanwhile must not be replaced),
        unless ``current`` names the model to select (after an import or install)."""
        choices = self.model_choices()
        return gr.update(choices=choices, value=current) if current else gr.update(choices=choices)

    def documents(self):
        return [("All documents", 0)] + document_choices(self.store)

    def refresh_documents(self, current=None):
        return refresh_choices(self.documents(), current if current else 0, prefer_last=False)

    #: The Translate tab's engine hint: what each engine is.
    ENGINE_INFO = (
        "marian: transformers (opus-mt); ct2: CTranslate2, int8 on CPU (several times faster); "
        "hf: any transformers seq2seq model (Marian, NLLB-200, M2M100, mBART-50); "
        "llm: a chat model on an OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp), "
        "with the glossary, TM matches and the segments before in its prompt"
    )
    #: How the privacy rule's refusal tells the user to allow a remote endpoint here.
    ALLOW_REMOTE_HINT = "tick \u201cAllow an endpoint on another machine\u201d"

    def saved_settings(self) -> dict:
        """The project's remembered engine settings (what a new page of the tab shows)."""
        return service.engine_settings(self.store)

    def show_settings(self):
        """The remembered settings for the tab's fields, in the order of :attr:`setting_fields`."""
        saved = self.saved_settings()
        return [
            saved["engine"],
            saved["model"] or gr.update(),  # an unset model keeps the default the dropdown shows
            saved["beams"],
            saved["numbering"],
            saved["enforce_terms"],
            saved["tm_threshold"],
            saved["endpoint"],
            saved["llm_model"],
            saved["concurrency"],
            saved["timeout"],
            saved["allow_remote"],
            saved["api_key_file"],
            gr.update(visible=saved["engine"] == "llm"),
        ]

    def translate(
        self,
        engine: str,
        model: str,
        beams: float | None,
        numbering: str,
        enforce: bool = False,
        tm_threshold: float | None = 100,
        document_id: int | None = 0,
        endpoint: str = "",
        llm_model: str = "",
        concurrency: float | None = 4,
        timeout: float | None = 60,
        allow_remote: bool = False,
        api_key_file: str = "",
        progress=gr.Progress(),
    ):
        """Translate with ``engine``; its settings (the llm ones too) are remembered for the project
        once they pass the checks (the llm endpoint: loopback unless ``allow_remote``)."""
        import contextlib

        from ..service import translate_project
        from ..service.models import model_status

        if self._running:
            return notice("a translation is already running; wait for it or cancel it", ok=False)
        self._stop = False
        self._running = True
        try:
            progress(0, desc="loading the model")
            checked = service.save_engine_settings(
                self.store,
                dict(
                    engine=engine,
                    model=model,
                    beams=beams or 0,
                    numbering=numbering,
                    enforce_terms=enforce,
                    tm_threshold=tm_threshold or 0,
                    endpoint=endpoint,
                    llm_model=llm_model,
                    concurrency=concurrency or 4,
                    timeout=timeout or 60,
                    allow_remote=allow_remote,
                    api_key_file=api_key_file,
                ),
                allow_hint=self.ALLOW_REMOTE_HINT,
            )
            with contextlib.ExitStack() as stack:
                if checked["engine"] == "llm":  # the terms go into the prompt and are checked in the reply
                    settings = service.TranslateSettings(enforce_terms=True)
                    mt, _ = service.open_engine(
                        stack, settings, "llm", checked["llm_model"], llm_options=service.llm_options(checked)
                    )
                else:
                    wanted = checked["model"] or service.DEFAULT_MODEL
                    status = model_status(wanted)
                    if not status["installed"]:  # offline: how to import a copied folder; online: the app asks
                        raise WorkbenchError(
                            f"model {wanted} is not installed. The model hub answers: open \u201cInstall or import "
                            f"a model\u201d below and press \u201cInstall from the hub\u201d (its progress shows "
                            f"here), then translate again"
                            if status["hub_reachable"]
                            else f"model {wanted} is not installed and the model hub cannot be reached from this "
                            f"machine: copy the model folder here from a machine that has it, then open \u201cInstall "
                            f"or import a model\u201d below, give the folder and the name {wanted} and press "
                            f"\u201cImport model\u201d (in a terminal: `workbench model import DIR --name {wanted}`)"
                        )
                    mt = service.get_engine(checked["engine"], checked["model"])
                    settings = service.TranslateSettings(
                        beams=checked["beams"] or None, enforce_terms=checked["enforce_terms"]
                    )
                report = translate_project(
                    self.store,
                    mt,
                    settings,
                    numbering=checked["numbering"],
                    document_id=int(document_id) if document_id else None,
                    progress=lambda done, total: progress((done, max(total, 1)), desc="translating", unit="segments"),
                    should_stop=lambda: self._stop,
                    tm_threshold=checked["tm_threshold"] or None,
                )
        except WorkbenchError as exc:
            return notice(point_to_model_panel(str(exc)), ok=False)
        finally:
            self._running = False
        if report.stopped:
            return notice(
                f"Cancelled: {report.translated} of {report.pending} segments translated and saved; "
                f"translate again to continue.",
                ok=False,
            )
        memory = f"{report.from_memory} filled from the translation memory; " if report.from_memory else ""
        failed = (
            f" {report.failed} not translated (the endpoint failed on them); translate again to retry them."
            if report.failed
            else ""
        )
        return notice(
            f"{memory}Translated {report.translated} of {report.pending} segments with {mt.name} "
            f"({report.sent} sent to the model, {report.from_cache} from cache or duplicates, "
            f"{report.seconds:.1f} s).{failed}",
            ok=not report.failed,
        )

    def cancel(self) -> str:
        self._stop = True
        return notice("Stopping after the current batch\u2026", ok=False)

    def import_model(self, folder: str, name: str):
        if not (folder or "").strip():
            return gr.update(), notice(
                "give the folder of the copied model (config.json, model.safetensors, "
                "source.spm, target.spm, vocab.json)",
                ok=False,
            )
        try:
            model = service.import_model(folder.strip(), (name or "").strip() or None)
        except WorkbenchError as exc:
            return gr.update(), notice(str(exc), ok=False)
        return self.refresh_models(model), notice(f"Imported the model as {model}; it is selected.")

    def install_model(self, model_id: str, progress=gr.Progress(track_tqdm=True)):
        """Download a model from the hub when the user asks for it, its progress bar shown here."""
        try:
            model = (model_id or "").strip() or service.DEFAULT_MODEL
            progress(0, desc=f"downloading {model}")
            service.install_model(model)
        except WorkbenchError as exc:
            return gr.update(), notice(str(exc), ok=False)
        return self.refresh_models(model), notice(f"Installed {model}; it is selected.")

    def build(self) -> None:
        models = self.model_choices()
        saved = self.saved_settings()
        with gr.Row():
            document = gr.Dropdown(
                self.documents(), value=0, label="Document", elem_id="wb-translate-document", scale=2
            )
            engine = gr.Radio(
                list(service.ENGINES),
                value=saved["engine"],
                label="Engine",
                scale=2,
                info=self.ENGINE_INFO,
                elem_id="wb-engine",
            )
            model = gr.Dropdown(
                models,
                value=saved["model"] or (models[0][1] if models else None),
                allow_custom_value=True,
                scale=3,
                label="Model (installed ones; or type a model folder)",
                elem_id="wb-model",
            )
        with gr.Group(visible=saved["engine"] == "llm") as llm_group:
            gr.Markdown(
                "**llm engine**: one request per segment to the endpoint's `/chat/completions`. Policy documents "
                "stay on this machine: an endpoint on another machine is refused unless you allow it below. The "
                "API key is read from a file (or `$WORKBENCH_LLM_API_KEY`); give the file's path, never the key."
            )
            with gr.Row():
                endpoint = gr.Textbox(
                    label="Endpoint (the API's base URL ending in /v1)",
                    value=saved["endpoint"],
                    placeholder="http://127.0.0.1:11434/v1",
                    scale=3,
                    elem_id="wb-llm-endpoint",
                )
                llm_model = gr.Textbox(
                    label="Model name the endpoint serves",
                    value=saved["llm_model"],
                    placeholder="qwen2.5:7b",
                    scale=2,
                    elem_id="wb-llm-model",
                )
            with gr.Row():
                concurrency = gr.Number(
                    label="Requests in flight", precision=0, minimum=1, maximum=64, value=saved["concurrency"]
                )
                timeout = gr.Number(label="Seconds per request", minimum=1, maximum=3600, value=saved["timeout"])
                allow_remote = gr.Checkbox(
                    label="Allow an endpoint on another machine",
                    value=saved["allow_remote"],
                    info="Off: only localhost, 127.0.0.0/8 and ::1 (the documents leave the machine otherwise)",
                )
                api_key_file = gr.Textbox(
                    label="API key file (its path; optional)",
                    value=saved["api_key_file"],
                    scale=2,
                    elem_id="wb-llm-key-file",
                )
        with gr.Row():
            beams = gr.Number(
                label="Beams (0: the model's own)", precision=0, minimum=0, maximum=16, value=saved["beams"]
            )
            numbering = gr.Radio(
                ["roman", "arabic"], value=saved["numbering"], label="Heading numbers (一、 \u2192 I. or 1.)"
            )
            enforce = gr.Checkbox(
                label="Enforce glossary terms",
                value=saved["enforce_terms"],
                info="The preferred rendering of every glossary term must appear in the MT (llm: always)",
            )
            tm_threshold = gr.Number(
                label="Fill from the TM at (50-101; 0: off)",
                precision=0,
                minimum=0,
                maximum=101,
                value=saved["tm_threshold"],
                elem_id="wb-tm-threshold",
            )
        with gr.Accordion("Install or import a model", open=False):
            gr.Markdown(
                "No internet on this machine? Copy the model folder here (from a machine where "
                "`workbench model install` worked) and import it. Same as `workbench model import DIR`."
            )
            with gr.Row():
                folder = gr.Textbox(label="Model folder on this machine", scale=3)
                name = gr.Textbox(label="Name (default: the folder's name)", scale=2)
                do_import = gr.Button("Import model", scale=1)
            with gr.Row():
                hub_id = gr.Textbox(label="Hugging Face model id", value=service.DEFAULT_MODEL, scale=3)
                do_install = gr.Button("Install from the hub (needs internet)", scale=1)
        with gr.Row():
            go = gr.Button("Translate untranslated segments", variant="primary", elem_id="wb-translate-go")
            stop = gr.Button("Cancel")
        notice_box = gr.Markdown(elem_id="wb-translate-notice")
        engine.change(lambda e: gr.update(visible=e == "llm"), [engine], [llm_group], api_name=False, queue=False)
        go.click(lambda: gr.update(interactive=False), None, [go], queue=False, api_name=False).then(
            self.translate,
            [
                engine,
                model,
                beams,
                numbering,
                enforce,
                tm_threshold,
                document,
                endpoint,
                llm_model,
                concurrency,
                timeout,
                allow_remote,
                api_key_file,
            ],
            [notice_box],
            api_name="translate",
            concurrency_limit=1,
            concurrency_id="machine-translation",
        ).then(lambda: gr.update(interactive=True), None, [go], queue=False, api_name=False)
        stop.click(self.cancel, None, [notice_box], api_name=False, queue=False)
        do_import.click(self.import_model, [folder, name], [model, notice_box], api_name=False)
        do_install.click(self.install_model, [hub_id], [model, notice_box], api_name=False)
        self.document, self.model = document, model
        self.engine, self.llm_group = engine, llm_group
        self.endpoint, self.llm_model, self.concurrency, self.timeout = endpoint, llm_model, concurrency, timeout
        self.allow_remote, self.api_key_file = allow_remote, api_key_file
        #: The fields :meth:`show_settings` fills (a new page shows the project's remembered settings).
        self.setting_fields = [
            engine,
            model,
            beams,
            numbering,
            enforce,
            tm_threshold,
            endpoint,
            llm_model,
            concurrency,
            timeout,
            allow_remote,
            api_key_file,
            llm_group,
        ]


#: Keyboard shortcuts of the Review tab (see ReviewTab's help line) and the click-to-insert glossary
#: renderings. Shortcuts act only while the review grid is on screen.
SHORTCUTS_JS = asset("shortcuts.js")


def build_app(project: str | Path) -> gr.Blocks:
    store = service.Store(project)
    with gr.Blocks(title="Translation workbench", analytics_enabled=False) as app:  # offline: no telemetry
        gr.Markdown("## Chinese\u2013English translation workbench")
        with gr.Tabs() as tabs:
            with gr.Tab("Document") as document_tab:
                tab = DocumentTab(store)
                tab.build()
            with gr.Tab("Translate") as translate_tab:
                translate = TranslateTab(store)
                translate.build()
            with gr.Tab("Review", id="review") as review_tab:
                review = ReviewTab(store)
                review.build()
            with gr.Tab("Glossary") as glossary_tab:
                glossary = GlossaryTab(store)
                glossary.build()
            with gr.Tab("Alignment") as alignment_tab:
                alignment = AlignmentTab(store)
                alignment.build()
            with gr.Tab("Statistics") as statistics_tab:
                statistics = StatisticsTab(store)
                statistics.build()
            with gr.Tab("QA and replace") as replace_tab:
                find_replace = FindReplaceTab(store)
                find_replace.build()
            with gr.Tab("Analysis") as analysis_tab:
                AnalysisTab(store).build()  # noqa: E701
            with gr.Tab("Export") as export_tab:
                export = ExportTab(store)
                export.build()
            teamwork = teams.accounts_on(store)
            if teamwork:  # a team's project: who did what (an admin's to read)
                with gr.Tab("Audit") as audit_tab:
                    audit = AuditTab(store)
                    audit.build()
                audit_tab.select(audit.show, *audit.tab_inputs, api_name=False)
                with gr.Tab("Assignments") as assignments_tab:
                    assignments = AssignmentsTab(store)
                    assignments.build()
                assignments_tab.select(
                    assignments.refresh, [assignments.document], [assignments.document], api_name=False
                ).then(assignments.show, None, assignments.tab_outputs, api_name=False)
                # raters rate their campaign tasks (an admin sees each rater's progress there)
                with gr.Tab("Rate", id="rate") as rate_tab:
                    rate = RateTab(store)
                    rate.build()
        if teamwork:
            rate.wire(rate_tab.select, reopen=True)
            others = [translate_tab, review_tab, glossary_tab, alignment_tab, statistics_tab, replace_tab, export_tab]
            others += [document_tab, analysis_tab, audit_tab, assignments_tab]

            def rater_view():
                """A rater sees the Rate tab (and nothing to edit); everyone else every tab."""
                role = rate.role()
                rater = role == "rater"
                shown = role in ("rater", "admin")
                # (Gradio 6.3 keeps a hidden tab's button: rate-tabs.js hides the others for a rater)
                return [gr.Tab(visible=shown), gr.Tabs(selected="rate") if rater else gr.Tabs(), role or ""] + [
                    gr.Tab(visible=not rater) for _ in others
                ]

            role_box = gr.Textbox(visible="hidden", elem_id="wb-role")
            app.load(rater_view, None, [rate_tab, tabs, role_box, *others], api_name=False).then(
                None, role_box, None, js=RATE_TABS_JS
            )
            rate.wire(app.load)
            app.load(None, js=RATE_JS, api_name=False)
        api.register(store)
        app.workbench_store = store  # for the login against its accounts and the REST API
        # One current document for the session, kept in this browser (so also after a reload):
        # chosen in any tab (a newly imported document becomes it), shown by every tab when opened
        current = gr.BrowserState(None, storage_key="wb-current-document")
        app.load(tab.refresh_documents, [current], [tab.document], api_name=False).then(*tab.on_load, api_name=False)
        tab.document.change(lambda d, c: d or c, [tab.document, current], [current], api_name=False)
        for dropdown in (translate.document, review.document, alignment.document, statistics.document):
            dropdown.input(lambda d, c: d or c, [dropdown, current], [current], api_name=False)
        for dropdown in (export.document, find_replace.document):  # 0 there is "all documents": not a choice of one
            dropdown.input(lambda d, c: d or c, [dropdown, current], [current], api_name=False)
        review.wire_preferences(app.load)
        review.wire_open(find_replace.report, tabs, current)  # the consistency report's segment buttons
        review.wire_refresh(app.load, current)
        review.wire_refresh(review_tab.select, current)
        alignment.wire_refresh(alignment_tab.select, current)
        for event in (app.load, statistics_tab.select):
            statistics.wire_refresh(event, current)
        for event in (app.load, glossary_tab.select):
            event(*glossary.on_load, api_name=False)
        translate_tab.select(translate.refresh_documents, [current], [translate.document], api_name=False)
        translate_tab.select(translate.refresh_models, None, [translate.model], api_name=False)
        app.load(translate.show_settings, None, translate.setting_fields, api_name=False)
        app.load(export.refresh_documents, [export.document], [export.document], api_name=False)
        replace_tab.select(find_replace.refresh_documents, [current], [find_replace.document], api_name=False)
        export_tab.select(export.refresh_documents, [export.document], [export.document], api_name=False)
    # Reviewers' events (open a page, save a segment) run side by side instead of one at a time,
    # the Gradio default; the database serialises the writes. Translation keeps its own limit of 1.
    # Gradio rebuilds its monitoring summary (a pandas table of the last 10,000 events) after
    # every event: 1.6 ms an event at 300 events, 5.5 ms at 10,000. Nobody here reads it (no
    # /monitoring page is opened), so it is rebuilt once every 1,000 events.
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")
    app.queue(default_concurrency_limit=api.CONCURRENT_REQUESTS)
    return app


def launch(
    project: str | Path,
    host: str = "127.0.0.1",
    port: int = 7860,
    sample: Path | None = None,
    auth: tuple[str, str] | None = None,
    prevent_thread_lock: bool = False,
    quiet: bool = False,
    allowed_hosts: Sequence[str] = (),
):
    """Open the project in the browser, importing ``sample`` first (a no-op when already there).

    A read-only project opens read-only (the sample is not imported). Uploads and exports live in
    a private temporary folder removed on exit (Gradio's cache is pointed there, and Gradio also
    deletes its files after an hour). A login (``auth``) is guarded against guessing
    (:mod:`workbench.ui.login`). Every request is checked for its ``Host`` and, if it can change
    something, its ``Origin`` (:mod:`workbench.ui.hosts`): the loopback names, ``host`` and
    ``allowed_hosts`` are accepted; ``host`` 0.0.0.0 without ``allowed_hosts`` is refused here.
    """
    from starlette.middleware import Middleware

    from ..service import teams
    from ..service.database import open_store
    from . import rest
    from .hosts import HostGuard, allowed_names, guard_in_front
    from .login import ClientAddress, app_actor, guarded_accounts, guarded_auth
    from .tempfiles import private_folder

    names = allowed_names(host, allowed_hosts)
    # before anything is imported or built (Gradio's own error would name an environment variable)
    if _in_use(host, port):
        raise WorkbenchError(f"port {port} on {host} is in use (another workbench?); choose another with --port")
    store = open_store(project)
    accounts = teams.accounts_on(store)  # sign in with an account of the project
    if accounts and auth and auth[0] in {u["name"] for u in teams.list_users(store)}:
        store.dispose()
        raise WorkbenchError(
            f"the --auth user {auth[0]!r} is also an account of this project; give --auth another name "
            "(it is an admin for this run) or sign in with the account"
        )
    if store.read_only:
        project = store.url  # the read-only URL, so that every tab opens the project the same way
    elif sample is not None and not accounts:  # a team's project gets no sample
        service.import_document(store, sample)
    store.dispose()
    # in the system's temporary folder, not in the one a previous launch in this process set
    temporary = private_folder("workbench-app-", parent=_SYSTEM_TEMP)
    os.environ["GRADIO_TEMP_DIR"] = str(temporary / "gradio")  # uploads and the files Gradio serves
    tempfile.tempdir = str(temporary)  # every tab's export (tempfile.mkdtemp) lands here too, removed on exit
    app = build_app(project)
    app.delete_cache = (600, 3600)  # every 10 minutes, files older than an hour; all of them at shutdown
    if accounts:
        login = guarded_accounts(app.workbench_store, auth)
    else:
        login = guarded_auth(auth) if auth else None
    # who acts in an event of the app: the signed-in account (with --auth alone: nobody is checked)
    teams.set_actor_source(app_actor(auth) if login else None)
    app.launch(
        server_name=host,
        server_port=port,
        auth=login,
        css=CSS + REVIEW_CSS + RATE_CSS,
        max_file_size=service.MAX_BYTES,
        prevent_thread_lock=True,
        footer_links=["api"],
        quiet=True,  # Gradio's own lines suggest share=True (a public link), which this app never wants
        js=SHORTCUTS_JS,
        # the guard sees every request Gradio answers (no Node front server, no static file workers):
        # in the app's own middleware, and in front of Gradio's CORS layer from startup on
        app_kwargs={
            "middleware": [Middleware(HostGuard, allowed=names), Middleware(ClientAddress)],
            "lifespan": guard_in_front(names, on_startup=lambda fastapi: rest.mount(fastapi, app.workbench_store)),
        },
        ssr_mode=False,
        num_workers=0,
        # a refused request says why ("Cannot move /etc/passwd to the gradio cache dir because it was
        # not uploaded by a user"), not {"error": null}; the handlers' own notices are unchanged
        show_error=True,
        mcp_server=False,
    )
    if not quiet:
        print(f"The workbench is open at {app.local_url} (Ctrl+C stops it).", flush=True)
    # Everything built so far (the app, the libraries, the dictionary) lives as long as the server:
    # set it aside from the garbage collector, whose full passes over it paused every request in
    # flight for up to 150 ms (10 of them in a 20-reviewer save burst); now they see only new objects.
    gc.freeze()
    if not prevent_thread_lock:
        _serve_until_stopped(app)
    return app


#: The temporary folder before any launch pointed ``tempfile.tempdir`` at its own private one.
_SYSTEM_TEMP = tempfile.gettempdir()


def _in_use(host: str, port: int) -> bool:
    """Whether something already listens on ``port`` (a port left in TIME_WAIT by a server just
    stopped is free, as it is to the server itself)."""
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def _serve_until_stopped(app: gr.Blocks) -> None:
    """Keep the server running until Ctrl+C (or the server stops), then close it with one line."""
    import contextlib
    import io
    import time

    try:
        while app.is_running:
            time.sleep(0.1)
    except KeyboardInterrupt:
        print("Stopping the workbench.", flush=True)
        with contextlib.redirect_stdout(io.StringIO()):  # Gradio announces the close on stdout
            app.close()

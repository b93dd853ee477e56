"""Glossary tab: search, add, edit and delete terms; import and export glossary files."""

from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr

from .. import service
from ..errors import WorkbenchError
from .common import escape_markdown, notice, shows_errors


def _is_upload_copy(path: Path) -> bool:
    """True for a file in Gradio's upload folder (the copy of an upload), not a path a script gave."""
    from gradio.utils import get_upload_folder

    return path.resolve().is_relative_to(Path(get_upload_folder()).resolve())


COLUMNS = ["id", "zh", "en", "variants", "forbidden", "note", "source", "glossary"]


#: Glossary export formats as the tab offers them.
GLOSSARY_FORMATS = {
    "tbx": "TBX v3 (2019)",
    "tbx2008": "TBX 2008 (OmegaT, MultiTerm)",
    "txt": "OmegaT glossary (.txt)",
    "tsv": "TSV",
    "csv": "CSV",
}


class GlossaryTab:
    def __init__(self, store: service.Store):
        self.store = store

    def summary(self) -> str:
        rows = service.list_glossaries(self.store)
        return "Glossaries, highest priority first: " + "; ".join(
            f"**{escape_markdown(r['name'])}** ({r['terms']} terms, priority {r['priority']})" for r in rows
        )

    def search(self, query: str):
        rows = service.search_terms(self.store, query or "")
        return [
            [
                r["id"],
                r["zh"],
                r["en"],
                service.join_values(r["variants"]),
                service.join_values(r["forbidden"]),
                r["note"],
                r["source"],
                r["glossary"],
            ]
            for r in rows
        ]

    def pick(self, table, event: gr.SelectData):
        """Fill the form from the clicked row."""
        try:
            row = table.iloc[event.index[0]].tolist() if hasattr(table, "iloc") else table[event.index[0]]
        except (IndexError, KeyError, TypeError):
            return [gr.update()] * 9
        entry_id, zh, en, variants, forbidden, note, source, glossary = row
        terms = service.search_terms(self.store, zh)
        domain = next((t["domain"] for t in terms if t["id"] == entry_id), "")
        return entry_id, zh, en, variants, forbidden, note, source, domain, glossary

    @shows_errors(outputs=4, notice_at=2)
    def save(self, entry_id, zh, en, variants, forbidden, note, source, domain, glossary, query):
        term = service.term_from_fields(zh, en, variants, forbidden, note, source, domain)
        new_id = service.save_term(
            self.store, term, glossary=(glossary or "project").strip(), entry_id=int(entry_id) if entry_id else None
        )
        return new_id, self.search(query or term.zh), notice(f"Saved {term.zh} \u2192 {term.en}."), self.summary()

    def delete(self, entry_id, query):
        """Delete the term in the form; the form is emptied, so a later Save adds a new term
        instead of failing on the deleted id."""
        keep = [gr.update()] * 9
        if not entry_id:
            return [gr.update(), notice("pick a term in the table first", ok=False), gr.update()] + keep
        try:
            service.delete_term(self.store, int(entry_id))
        except WorkbenchError as exc:
            return [gr.update(), notice(str(exc), ok=False), gr.update()] + keep
        cleared = [0, "", "", "", "", "", "", "", gr.update()]  # the glossary name stays for the next term
        return [self.search(query), notice(f"Deleted entry {int(entry_id)}."), self.summary()] + cleared

    def refresh(self, query=""):
        """Summary and table as the glossary is now (on page load and when the tab is opened)."""
        return self.summary(), self.search(query)

    def import_file(self, path, name, priority, query=""):
        if not path:
            return notice("choose a glossary file first", ok=False), gr.update(), gr.update()
        try:
            result = service.import_glossary(
                self.store,
                path,
                name=(name or "").strip() or Path(path).stem,
                priority=int(priority) if priority not in (None, "") else None,
            )
        except WorkbenchError as exc:
            message = str(exc)
            if _is_upload_copy(Path(path)):  # it sits in a server temp folder: name the file as the user knows it
                message = message.replace(str(path), Path(path).name).replace(str(Path(path).parent) + "/", "")
            return notice(message, ok=False), gr.update(), gr.update()
        return (
            notice(f"Imported {result.terms} terms into {result.name!r} (priority {result.priority})."),
            self.summary(),
            self.search(query),
        )

    @shows_errors(outputs=2, notice_at=1)
    def export_file(self, fmt: str):
        """``fmt``: tsv, csv, tbx (TBX v3), tbx2008 (TBX-Basic, what OmegaT and MultiTerm read) or
        txt (OmegaT's glossary)."""
        version = "2008" if fmt == "tbx2008" else "2019"
        suffix = "tbx" if fmt.startswith("tbx") else fmt
        path = Path(tempfile.mkdtemp(prefix="glossary-")) / f"glossary.{suffix}"
        count = service.export_glossary(self.store, path, tbx_version=version)
        return str(path), notice(f"Exported {count} terms as {GLOSSARY_FORMATS.get(fmt, fmt.upper())}.")

    def build(self) -> None:
        summary = gr.Markdown(self.summary(), elem_id="wb-glossary-summary")
        with gr.Row():
            query = gr.Textbox(label="Search (Chinese or English)", scale=4, elem_id="wb-glossary-search")
            find = gr.Button("Search", scale=1)
        table = gr.Dataframe(
            headers=COLUMNS,
            value=self.search(""),
            interactive=False,
            wrap=True,
            max_height=360,
            column_widths=["6%", "12%", "17%", "17%", "12%", "16%", "11%", "9%"],
            elem_id="wb-glossary-table",
        )
        with gr.Accordion("Add or edit a term (click a row to edit it)", open=False):
            with gr.Row():
                entry_id = gr.Number(label="Entry id (0: a new term)", precision=0, minimum=0, value=0)
                zh = gr.Textbox(label="Chinese term")
                en = gr.Textbox(label="Preferred English")
                glossary = gr.Textbox(label="Glossary", value="project")
            with gr.Row():
                variants = gr.Textbox(label="Accepted variants (separate with |)")
                forbidden = gr.Textbox(label="Forbidden renderings (separate with |)")
            with gr.Row():
                note = gr.Textbox(label="Note for translators")
                source = gr.Textbox(label="Source of the rendering")
                domain = gr.Textbox(label="Domain")
            with gr.Row():
                save = gr.Button("Save term", variant="primary")
                remove = gr.Button("Delete term", variant="stop", elem_id="wb-delete-term")
        with gr.Accordion("Import or export", open=False):
            with gr.Row():
                upload = gr.File(
                    label="Glossary file (TSV, CSV, XLSX, TBX)",
                    type="filepath",
                    file_types=[".tsv", ".csv", ".txt", ".xlsx", ".tbx"],
                )
                name = gr.Textbox(label="Glossary name (default: file name)")
                priority = gr.Number(label="Priority (lower wins)", precision=0, minimum=0, value=10)
                do_import = gr.Button("Import")
            with gr.Row():
                fmt = gr.Radio(
                    [(label, key) for key, label in GLOSSARY_FORMATS.items()], value="tbx", label="Export format"
                )
                do_export = gr.Button("Export")
                download = gr.File(label="Exported glossary", interactive=False, elem_id="wb-glossary-file")
        message = gr.Markdown(elem_id="wb-glossary-notice")
        form = [entry_id, zh, en, variants, forbidden, note, source, domain, glossary]
        find.click(self.search, [query], [table], api_name=False)
        query.submit(self.search, [query], [table], api_name=False)
        table.select(self.pick, [table], form, api_name=False)
        save.click(self.save, form + [query], [entry_id, table, message, summary], api_name="save_term")
        remove.click(self.delete, [entry_id, query], [table, message, summary] + form, api_name=False)
        do_import.click(
            self.import_file, [upload, name, priority, query], [message, summary, table], api_name="import_glossary"
        )
        do_export.click(self.export_file, [fmt], [download, message], api_name="export_glossary")
        self.on_load = (self.refresh, [query], [summary, table])

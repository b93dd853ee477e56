"""Alignment tab: align an existing English translation with a document (again: confirmed beads
are kept, or replaced only when asked), correct the beads (merge, split, move a sentence to the
neighbouring bead, confirm), export them, and harvest
glossary candidates from confirmed pairs (one click sends a candidate to the project glossary).
Low-confidence beads can be listed first."""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import gradio as gr
import pandas as pd

from .. import service
from ..errors import WorkbenchError
from ..service.alignment import AlignmentMismatch, ConfirmedBeadsAtRisk, add_candidate
from .beads import BEADS_JS, beads_html
from .common import document_choices, notice, refresh_choices, shows_errors

ADD = "＋ add"
CANDIDATE_HEADERS = ["Chinese", "English", "pairs", "Dice", "glossary"]
REPLACE = "Replace my confirmed beads"
ANYWAY = "Align anyway"


def _plain(text: str) -> str:
    """User text for a Markdown notice: HTML escaped, Markdown syntax made literal."""
    return re.sub(r"([\\`*_{}\[\]()#+!|~>-])", r"\\\1", html.escape(str(text), quote=False))


def bead_number(value) -> int | None:
    """The bead number typed or clicked (a text box: empty until a row is clicked, not 0); None
    when there is none; a word that is not a number is refused in one line."""
    text = str(value if value is not None else "").strip().lstrip("#")
    if not text:
        return None
    try:
        return int(float(text))
    except (ValueError, OverflowError):
        raise WorkbenchError(f"{text[:40]!r} is not a bead number (click a row)") from None


def edit_message(bead: int, operation: str, side: str = "tgt") -> str:
    """What a correction did, in a translator's words (not "up done")."""
    sentence = "Chinese sentence" if side == "src" else "English sentence"
    done = {
        "merge": f"merged with bead {bead + 1}",
        "split": f"split in two: its last sentence(s) are now bead {bead + 1}",
        "down": f"moved its last {sentence} to bead {bead + 1}",
        "up": f"moved its first {sentence} to bead {bead - 1}",
        "confirm": "confirmed",
        "unconfirm": "no longer confirmed",
    }.get(operation, operation)
    return f"Bead {bead}: {done}; saved."


class AlignmentTab:
    def __init__(self, store: service.Store):
        self.store = store

    def documents(self):
        return document_choices(self.store)

    def refresh_documents(self, current=None):
        return refresh_choices(self.documents(), current)

    def align_label(self, document_id) -> str:
        """The Align button names the Chinese document the English goes into."""
        title = dict((i, label) for label, i in self.documents()).get(document_id)
        return f"Align into {title}" if title else "Align"

    def table(self, document_id, low_first: bool, open_bead=None):
        """(the bead list as HTML, the info line); bead number ``open_bead`` is shown open, in full."""
        if not document_id:
            return beads_html([], empty="No document."), "No document."
        try:
            rows = service.bead_texts(self.store, int(document_id))
        except WorkbenchError as exc:
            return beads_html([], empty=str(exc)), str(exc)
        if low_first:
            rows = sorted(rows, key=lambda r: (r["confirmed"], r["score"]))
        confirmed = sum(1 for r in rows if r["confirmed"])
        try:
            opened = bead_number(open_bead)
        except WorkbenchError:  # a word typed in the bead box opens nothing
            opened = None
        return beads_html(rows, opened), f"{len(rows)} beads, {confirmed} confirmed"

    @shows_errors(outputs=3, notice_at=1)
    def align(self, document_id, path, presplit, low_first, replace=False, anyway=False):
        if not document_id or not path:
            raise WorkbenchError("choose the document and the English translation first")
        english = service.source_from_upload(path)
        try:
            result = service.align_reference(
                self.store,
                int(document_id),
                english,
                presplit=bool(presplit),
                replace=bool(replace),
                force=bool(anyway),
            )
        except ConfirmedBeadsAtRisk as exc:
            raise WorkbenchError(f"{exc}. To replace them on purpose, tick “{REPLACE}” and align again.") from None
        except AlignmentMismatch as exc:
            raise WorkbenchError(f"{exc}. If it is the right English, tick “{ANYWAY}” and align again.") from None
        table, info = self.table(document_id, low_first)
        shapes = ", ".join(f"{k}: {v}" for k, v in sorted(result.shapes.items(), key=lambda kv: -kv[1]))
        kept = f" Kept {result.kept} confirmed beads, re-aligned the rest." if result.kept else ""
        replaced = f" Replaced {result.replaced} confirmed beads." if result.replaced else ""
        if result.contents:
            replaced += f" Its table of contents ({result.contents} segments) is left out of the beads."
        return (
            table,
            notice(
                f"Aligned {result.zh_sentences} Chinese segments with {result.en_sentences} English "
                f"sentences in {result.beads} beads ({shapes}).{kept}{replaced} The English is now the "
                f"reference translation of the segments."
            ),
            info,
        )

    @shows_errors(outputs=3, notice_at=1)
    def edit(self, document_id, bead, operation, side, low_first):
        bead = bead_number(bead)
        if not document_id or bead is None:
            raise WorkbenchError("give a bead number (click a row)")
        if bead < 1:
            raise WorkbenchError(f"there is no bead {bead}: beads are numbered from 1 (click a row)")
        service.edit_alignment(self.store, int(document_id), operation, bead, side)
        table, info = self.table(document_id, low_first, bead)
        return table, notice(edit_message(int(bead), operation, side)), info

    @shows_errors(outputs=3, notice_at=1)
    def confirm_good(self, document_id, threshold, low_first):
        if not document_id:
            raise WorkbenchError("choose a document")
        changed = service.confirm_above(self.store, int(document_id), float(threshold))
        table, info = self.table(document_id, low_first)
        return table, notice(f"Confirmed {changed} beads with confidence \u2265 {float(threshold):.2f}."), info

    def pick(self, document_id, low_first, event: gr.EventData):
        """A click on a bead (the list's JS bridge sends its number): that bead opens, in full."""
        number = (getattr(event, "_data", None) or {}).get("bead")
        if not number:
            return gr.update(), gr.update()
        return self.table(document_id, low_first, int(number))[0], str(int(number))

    @shows_errors(outputs=2, notice_at=1)
    def export(self, document_id, fmt):
        if not document_id:
            raise WorkbenchError("choose a document")
        title = next(
            ((d["title"] or d["name"]) for d in service.list_documents(self.store) if d["id"] == int(document_id)), ""
        )
        # named after the document title
        name = f"{service.safe_file_name(title)}-alignment.{'txt' if fmt == 'beads' else fmt}"
        path = Path(tempfile.mkdtemp(prefix="alignment-")) / name
        count = service.export_alignment(self.store, int(document_id), path, fmt)
        return str(path), notice(f"Exported {count} beads as {fmt}.")

    def candidates(self, document_id):
        rows = service.glossary_candidates(self.store, int(document_id) if document_id else None)
        if not rows:
            return None, notice(
                "No candidates: confirm more pairs first (a term must recur in two confirmed pairs).", ok=False
            )
        frame = pd.DataFrame([[r["zh"], r["en"], r["pairs"], r["dice"], ADD] for r in rows], columns=CANDIDATE_HEADERS)
        return frame, notice(
            f"{len(rows)} candidate terms. Click “{ADD}” on a row to send it to the project glossary "
            "as it is, or click the row, correct the English and press “Add to glossary”."
        )

    def add_candidate(self, zh, en):
        """One click: the candidate goes to the project glossary through the service layer."""
        try:
            add_candidate(self.store, zh, en)
        except WorkbenchError as exc:
            return notice(_plain(str(exc)), ok=False)
        return notice(f"Added {_plain(zh)} = {_plain(en)} to the project glossary.")

    def pick_candidate(self, table, event: gr.SelectData):
        """A click on a candidate fills the fields; a click on its “add” cell also adds it."""
        try:
            row = event.row_value or (
                table.iloc[event.index[0]].tolist() if hasattr(table, "iloc") else table[event.index[0]]
            )
            zh, en = str(row[0]), str(row[1])
        except (IndexError, KeyError, TypeError):
            return gr.update(), gr.update(), gr.update()
        if event.index[1] == len(CANDIDATE_HEADERS) - 1:
            return zh, en, self.add_candidate(zh, en)
        return zh, en, gr.update()

    def build(self) -> None:
        docs = self.documents()
        with gr.Row():
            document = gr.Dropdown(docs, value=docs[-1][1] if docs else None, label="Chinese document", scale=3)
            english = gr.File(
                label="Its English translation (.txt, .docx, .html)",
                type="filepath",
                scale=3,
                file_types=[".txt", ".docx", ".html", ".htm"],
                elem_id="wb-align-english",
            )
            with gr.Column(scale=1):
                presplit = gr.Checkbox(label="One sentence per line")
                replace = gr.Checkbox(
                    label=REPLACE,
                    info="Aligning the same English again keeps them; another English needs this.",
                    elem_id="wb-align-replace",
                )
                anyway = gr.Checkbox(
                    label=ANYWAY,
                    info="Keep the English even when it does not look like a translation of the document.",
                    elem_id="wb-align-anyway",
                )
                align = gr.Button(
                    self.align_label(docs[-1][1] if docs else None), variant="primary", elem_id="wb-align"
                )
        message = gr.Markdown(elem_id="wb-align-notice")
        with gr.Row():
            low_first = gr.Checkbox(value=True, label="Low-confidence beads first")
            info = gr.Markdown()
        table = gr.HTML(beads_html([], empty="No document."), elem_id="wb-beads", js_on_load=BEADS_JS)
        with gr.Row():
            # a text box: Gradio's Number shows 0 when it is empty
            bead = gr.Textbox(
                label="Bead (click a row)", placeholder="no.", scale=1, min_width=90, elem_id="wb-bead-no"
            )
            side = gr.Radio(
                [("English sentence", "tgt"), ("Chinese sentence", "src")], value="tgt", label="Move which", scale=2
            )
            merge = gr.Button("Merge with next", size="sm")
            split = gr.Button("Split off last", size="sm")
            down = gr.Button("Move last to next bead", size="sm")
            up = gr.Button("Move first to previous bead", size="sm")
            confirm = gr.Button("Confirm", size="sm", variant="primary")
            unconfirm = gr.Button("Unconfirm", size="sm")
        with gr.Row():
            threshold = gr.Slider(
                0,
                1,
                value=0.9,
                step=0.05,
                label="Confirm all beads with confidence at least (calibrated: about that share of them is right)",
            )
            confirm_all = gr.Button("Confirm these")
        with gr.Row():
            fmt = gr.Radio(["tmx", "tsv", "beads"], value="tmx", label="Export the aligned pairs as")
            export = gr.Button("Export alignment")
            file = gr.File(label="Alignment file", interactive=False)
        with gr.Accordion("Glossary candidates from confirmed pairs", open=False):
            harvest = gr.Button("Find candidate terms")
            candidates = gr.Dataframe(headers=CANDIDATE_HEADERS, interactive=False, elem_id="wb-candidates")
            with gr.Row():
                term_zh = gr.Textbox(label="Chinese term", scale=2)
                term_en = gr.Textbox(label="English rendering", scale=3)
                add_term = gr.Button("Add to glossary", scale=1)
        align.click(
            self.align,
            [document, english, presplit, low_first, replace, anyway],
            [table, message, info],
            api_name="align",
        ).then(lambda: (False, False), None, [replace, anyway], api_name=False)  # asked for once, never left ticked
        document.change(lambda: (False, False), None, [replace, anyway], api_name=False)
        document.change(lambda d: gr.update(value=self.align_label(d)), [document], [align], api_name=False)
        for control in (document.change, low_first.change):
            control(self.table, [document, low_first], [table, info], api_name=False)
        table.pick(self.pick, [document, low_first], [table, bead], api_name=False)
        bead.submit(lambda d, low, b: self.table(d, low, b)[0], [document, low_first, bead], [table], api_name=False)
        for button, operation in (
            (merge, "merge"),
            (split, "split"),
            (down, "down"),
            (up, "up"),
            (confirm, "confirm"),
            (unconfirm, "unconfirm"),
        ):
            button.click(
                lambda d, b, s, low, op=operation: self.edit(d, b, op, s, low),
                [document, bead, side, low_first],
                [table, message, info],
                api_name=False,
            )
        confirm_all.click(self.confirm_good, [document, threshold, low_first], [table, message, info], api_name=False)
        export.click(self.export, [document, fmt], [file, message], api_name="export_alignment")
        harvest.click(self.candidates, [document], [candidates, message], api_name="glossary_candidates")
        candidates.select(self.pick_candidate, [candidates], [term_zh, term_en, message], api_name=False)
        add_term.click(self.add_candidate, [term_zh, term_en], [message], api_name="add_candidate")
        self.document, self.low_first, self.listing = document, low_first, [table, info]

    def wire_refresh(self, event, current=None) -> None:
        """On ``event``: the document list refreshed, showing ``current`` (the session's document), then its beads."""
        event(self.refresh_documents, [current or self.document], [self.document], api_name=False).then(
            self.table, [self.document, self.low_first], self.listing, api_name=False
        )

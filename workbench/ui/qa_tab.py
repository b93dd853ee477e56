"""QA tab: find and replace across a document or the project (preview every change, replace
one segment or all, undo the last replacement as one step). Handlers call the service only;
every text shown is escaped."""

from __future__ import annotations

import gradio as gr

from .. import service
from .common import document_choices, escape_markdown, notice, refresh_choices, shows_errors, undo_last

#: How many changes the preview lists (the count always covers all of them).
PREVIEW_ROWS = 200


def _cell(text: str) -> str:
    return escape_markdown(text).replace("|", "\\|").replace("\n", " ")


def preview_table(report: service.ReplaceReport) -> str:
    """The changes as a Markdown table: document, segment number, id, before and after."""
    if not report.changes:
        return "No segment matches."
    lines = ["| doc | # | id | before | after |", "|---|---|---|---|---|"]
    for change in report.changes[:PREVIEW_ROWS]:
        after = "" if report.place == "source" else _cell(change.after)
        lines.append(f"| {change.document} | {change.position} | {change.segment} | {_cell(change.before)} | {after} |")
    more = len(report.changes) - PREVIEW_ROWS
    if more > 0:
        lines.append(f"\n\u2026 and {more} more segments")
    return "\n".join(lines)


class FindReplaceTab:
    def __init__(self, store: service.Store):
        self.store = store

    def documents(self):
        return [("Whole project", 0)] + document_choices(self.store)

    def refresh_documents(self, current=None):
        return refresh_choices(self.documents(), current, prefer_last=True)

    def _run(self, document, pattern, replacement, place, is_regex, match_case, whole_word, approved, **more):
        return service.find_replace(
            self.store,
            pattern or "",
            replacement or "",
            place=place or "target",
            is_regex=bool(is_regex),
            match_case=bool(match_case),
            whole_word=bool(whole_word),
            include_approved=bool(approved),
            document_id=int(document) if document else None,
            **more,
        )

    @shows_errors(outputs=2, notice_at=1)
    def preview(self, document, pattern, replacement, place, is_regex, match_case, whole_word, approved):
        report = self._run(document, pattern, replacement, place, is_regex, match_case, whole_word, approved)
        skipped = f"; {report.skipped_approved} approved segments left alone" if report.skipped_approved else ""
        return preview_table(report), notice(
            f"{report.matches} matches in {len(report.changes)} segments{skipped} (nothing changed yet)"
        )

    @shows_errors(outputs=2, notice_at=1)
    def replace(self, document, pattern, replacement, place, is_regex, match_case, whole_word, approved, reviewer, one):
        segment_ids = [int(one)] if one else None
        report = self._run(
            document, pattern, replacement, place, is_regex, match_case, whole_word, approved,
            reviewer=reviewer or "", apply=True, segment_ids=segment_ids,
        )  # fmt: skip
        return preview_table(report), notice(
            f"replaced {report.matches} matches in {len(report.changes)} segments"
            + (f" as step {report.step}; \u201cUndo last replace\u201d takes it back" if report.step else "")
        )

    @shows_errors(outputs=1)
    def undo(self, reviewer):
        return undo_last(self.store, reviewer, "replace")

    def build(self) -> None:
        gr.Markdown("### Find and replace")
        with gr.Row():
            self.document = gr.Dropdown(self.documents(), value=0, label="In", scale=2)
            self.reviewer = gr.Textbox(label="Reviewer (author of the replacements)", scale=1)
        with gr.Row():
            pattern = gr.Textbox(label="Find", scale=2)
            replacement = gr.Textbox(label="Replace with", scale=2)
            place = gr.Radio(["target", "source"], value="target", label="Search the", scale=1)
        with gr.Row():
            is_regex = gr.Checkbox(label="Regular expression")
            match_case = gr.Checkbox(label="Match case")
            whole_word = gr.Checkbox(label="Whole words")
            approved = gr.Checkbox(label="Also approved segments")
        with gr.Row():
            show = gr.Button("Preview", variant="primary")
            one = gr.Number(label="Only segment id", precision=0, value=None)
            apply = gr.Button("Replace")
            undo = gr.Button("Undo last replace")
        message = gr.Markdown()
        table = gr.Markdown()
        search = [self.document, pattern, replacement, place, is_regex, match_case, whole_word, approved]
        show.click(self.preview, search, [table, message], api_name=False)
        apply.click(self.replace, [*search, self.reviewer, one], [table, message], api_name=False)
        undo.click(self.undo, [self.reviewer], [message], api_name=False)

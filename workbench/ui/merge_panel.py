"""Merge panel (in the Export tab): a reviewed file from a translator or another CAT tool merged
back, with a dry run first if wanted, its summary shown, and the last merge undone as one step."""

from __future__ import annotations

import gradio as gr

from .. import service
from .common import escape_markdown, notice, shows_errors, undo_last

#: How many of each list (conflicts, ambiguous, unmatched) the summary shows.
SHOWN = 10


def merge_summary(report: service.MergeReport, name: str) -> str:
    """The merge's summary as Markdown, every text from the file escaped."""
    would = "would be " if report.dry_run else ""
    head = (
        f"{name}: {report.rows} units: {report.updated} segments {would}updated, {report.unchanged} unchanged, "
        f"{len(report.conflicts)} conflicts, {len(report.ambiguous)} ambiguous, {len(report.unmatched)} unmatched"
    )
    if report.dry_run:
        head += " (dry run: nothing was written)"
    elif report.merge_id:
        head += f" (merge {report.merge_id}: 'Undo last merge' takes it back)"
    lines = [notice(head)]
    for c in report.conflicts[:SHOWN]:
        lines.append(
            f"- conflict, segment {c['segment']} (line {c['line']}): changed in the project since the export; "
            f"the project has: {escape_markdown(c['project_target'][:120])}"
        )
    for a in report.ambiguous[:SHOWN]:
        segments = ", ".join(map(str, a["segments"]))
        lines.append(f"- ambiguous (line {a['line']}): the source is in segments {segments}; not applied")
    for a in report.assigned[:SHOWN]:
        people = escape_markdown(", ".join(a["assigned_to"]))
        lines.append(f"- assigned, segment {a['segment']} (line {a['line']}): the work of {people}; not applied")
    for u in report.unmatched[:SHOWN]:
        lines.append(f"- unmatched (line {u['line']}): no segment has the source {escape_markdown(u['source'][:80])}")
    for c in report.codes[:SHOWN]:
        lines.append(
            f"- inline codes, segment {c['segment']} (line {c['line']}): {escape_markdown('; '.join(c['problems']))}"
        )
    return "\n".join(lines)


class MergePanel:
    def __init__(self, store: service.Store):
        self.store = store

    @shows_errors()
    def merge(self, path, reviewer, dry_run, allow_empty):
        if not path:
            return notice("choose the reviewed file to merge", ok=False)
        if not (reviewer or "").strip():
            return notice("enter your name as reviewer: you are the author of the merged revisions", ok=False)
        report = service.merge_file(
            self.store, path, reviewer.strip(), dry_run=bool(dry_run), allow_empty=bool(allow_empty)
        )
        return merge_summary(report, str(path).replace("\\", "/").rsplit("/", 1)[-1])

    @shows_errors()
    def undo(self, reviewer):
        return undo_last(self.store, reviewer, "merge")

    def build(self) -> None:
        with gr.Accordion("Merge a reviewed file back", open=False):
            with gr.Row():
                file = gr.File(
                    label="Reviewed file (XLIFF, TMX, XLSX, CSV/TSV, JSONL)",
                    type="filepath",
                    file_types=[".xlf", ".xliff", ".sdlxliff", ".tmx", ".xlsx", ".csv", ".tsv", ".jsonl"],
                    elem_id="wb-merge-file",
                )
                with gr.Column():
                    reviewer = gr.Textbox(
                        label="Reviewer (author of the merged revisions)", elem_id="wb-merge-reviewer"
                    )
                    dry_run = gr.Checkbox(value=True, label="Dry run: show what would change, write nothing")
                    allow_empty = gr.Checkbox(value=False, label="Let an empty target erase a translation")
            with gr.Row():
                go = gr.Button("Merge", variant="primary", elem_id="wb-merge")
                undo = gr.Button("Undo last merge", elem_id="wb-merge-undo")
            summary = gr.Markdown(elem_id="wb-merge-summary")
        go.click(self.merge, [file, reviewer, dry_run, allow_empty], [summary], api_name=False)
        undo.click(self.undo, [reviewer], [summary], api_name=False)

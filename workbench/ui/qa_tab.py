"""QA tab: find and replace across a document or the project (preview every change, replace
one segment or all, undo the last replacement as one step), and the consistency report (the
same source translated differently, the same translation for different sources, glossary terms
rendered differently), each segment of it a button that opens the segment in the Review tab.
Handlers call the service only; every text shown is escaped."""

from __future__ import annotations

from html import escape

import gradio as gr

from .. import service
from .assets import asset
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


#: How many groups the consistency report lists (the counts always cover all of them).
CONSISTENCY_ROWS = 200

#: A click on a segment button of the consistency report asks the app to open it (``open`` event).
CONSISTENCY_JS = asset("consistency.js")


def consistency_html(report: service.ConsistencyReport) -> str:
    """The consistency groups as escaped HTML: per kind, each group's shared text and its
    segments, each segment a button (``data-segment``) that opens it in the Review tab."""
    counts = report.counts()
    summary = "; ".join(f"{counts[k]} {d}" for k, d in service.CONSISTENCY_KINDS.items())
    head = (
        f'<p class="wb-cons-summary">{len(report.groups)} inconsistencies in {report.segments} translated '
        f"segments: {escape(summary)}</p>"
    )
    if not report.groups:
        return f'<div class="wb-consistency">{head}<p><em>Nothing inconsistent.</em></p></div>'
    parts = [head]
    for kind, description in service.CONSISTENCY_KINDS.items():
        groups = [g for g in report.groups if g.kind == kind][:CONSISTENCY_ROWS]
        if not groups:
            continue
        parts.append(f"<h4>{escape(description[:1].upper() + description[1:])} ({counts[kind]})</h4><ol>")
        for group in groups:
            key = escape(group.key)
            if kind == "term":
                key = f'<span lang="zh">{key}</span> (glossary: \u201c{escape(group.term)}\u201d)'
            elif kind == "source":
                key = f'<span lang="zh">{key}</span>'
            else:
                key = f"\u201c{key}\u201d"
            items = []
            for e in group.entries:
                shown = e.source if kind == "target" else e.target
                rendering = f' <span class="wb-cons-rendering">[{escape(e.rendering)}]</span>' if e.rendering else ""
                items.append(
                    f'<li><button type="button" class="wb-cons-open" data-segment="{int(e.segment)}" '
                    f'title="open segment {int(e.position)} in the Review tab">{int(e.document)}:#{int(e.position)}'
                    f"</button>{rendering} {escape(shown)}</li>"
                )
            parts.append(f'<li><div class="wb-cons-key">{key}</div><ul>{"".join(items)}</ul></li>')
        parts.append("</ol>")
        more = counts[kind] - len(groups)
        if more > 0:
            parts.append(f"<p>\u2026 and {more} more (the command line lists them all)</p>")
    return f'<div class="wb-consistency">{"".join(parts)}</div>'


def _skipped(report) -> str:
    """What the replacement left alone, for the notice ("" when nothing)."""
    parts = [f"{report.skipped_approved} approved segments"] if report.skipped_approved else []
    if report.skipped_assigned:
        parts.append(f"{report.skipped_assigned} segments assigned to other people")
    return f"; {' and '.join(parts)} left alone" if parts else ""


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
        skipped = _skipped(report)
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

    @shows_errors(outputs=2, notice_at=1)
    def consistency(self, document):
        report = service.consistency_report(self.store, document_id=int(document) if document else None)
        return consistency_html(report), notice(
            f"{len(report.groups)} inconsistencies in {report.segments} translated segments"
            + ("; click a segment to open it in the Review tab" if report.groups else "")
        )

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

        gr.Markdown("### Consistency")
        with gr.Row():
            check = gr.Button("Check consistency", elem_id="wb-cons-check", scale=0)
            found = gr.Markdown(elem_id="wb-cons-notice")
        self.report = gr.HTML(elem_id="wb-consistency", js_on_load=CONSISTENCY_JS)
        check.click(self.consistency, [self.document], [self.report, found], api_name=False)

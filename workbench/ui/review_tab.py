"""Review tab: a filtered, paged segment list and an editor (post-edit, status, DA score, MQM
errors, comment), with QA flags, a diff against the MT, and the revision history.

A save sends one segment with the revision it was based on; if someone saved the segment in
between, the save is refused with their text shown and the reviewer's own text stays in the
editor, so nothing is lost.
"""

from __future__ import annotations

import gradio as gr

from .. import service
from ..errors import ConflictError, WorkbenchError
from ..glossary import TermMatcher
from ..qa import CHECKS, describe
from ..store import STATUSES, Store
from .common import document_choices, notice, refresh_choices
from .render import diff_html, errors_html, flags_html, highlight_terms

PAGE_SIZE = 50
TABLE_HEADERS = ["#", "status", "source", "target", "QA"]


class ReviewTab:
    def __init__(self, store: Store):
        self.store = store
        self._matcher: tuple[str, TermMatcher] | None = None

    def matcher(self) -> TermMatcher:
        """The project's glossary matcher, rebuilt only when the glossary changes."""
        terms = service.project_terms(self.store)
        from ..glossary import glossary_version

        version = glossary_version(terms)
        if self._matcher is None or self._matcher[0] != version:
            self._matcher = (version, TermMatcher(terms))
        return self._matcher[1]

    def documents(self):
        return document_choices(self.store)

    def refresh_documents(self, current=None):
        """Document choices as they are now (a report imported in another tab shows up here)."""
        return refresh_choices(self.documents(), current)

    # ---------------------------------------------------------------- list
    def load_page(self, document_id, status, qa_only, term, text, checks, page):
        if not document_id:
            return [], "No document."
        page = max(1, int(page or 1))
        total, rows = service.review_page(self.store, int(document_id), (page - 1) * PAGE_SIZE, PAGE_SIZE,
                                          status or None, term or None, text or None, bool(qa_only),
                                          self.matcher(), set(checks or []))
        table = [[r["position"], r["status"], r["source"], r["target"], len(r["flags"]) or ""] for r in rows]
        pages = max(1, -(-total // PAGE_SIZE))
        return table, f"{total} segments match \u00b7 page {min(page, pages)} of {pages} \u00b7 click a row to edit it"

    # ---------------------------------------------------------------- editor
    def open_segment(self, segment_id, checks):
        if not segment_id:
            return [gr.update()] * 13
        matcher = self.matcher()
        d = service.segment_detail(self.store, int(segment_id), matcher, set(checks or []))
        history = [[h["number"], h["at"], h["author"], h["origin"], h["status"], h["text"]] for h in reversed(d["history"])]
        state = dict(id=d["id"], revision=d["revision"], document=d["document_id"], position=d["position"])
        return (state, d["position"], f'<div class="wb-source">{highlight_terms(d["source"], matcher)}</div>',
                d["mt"], d["target"], d["status"], d["score"] if d["score"] is not None else 50, d["comment"],
                diff_html(d["mt"], d["target"]), flags_html(d["flags"]), history, [],
                errors_html(d["errors"], d["target"]))

    def pick_row(self, document_id, table, checks, event: gr.SelectData):
        try:
            position = int(table.iloc[event.index[0], 0] if hasattr(table, "iloc") else table[event.index[0]][0])
        except (IndexError, ValueError, TypeError):
            return self.open_segment(None, checks)
        return self.open_segment(service.segment_at(self.store, int(document_id), position), checks)

    def go(self, document_id, number, checks):
        segment_id = service.segment_at(self.store, int(document_id), int(number or 1)) if document_id else None
        return self.open_segment(segment_id, checks)

    def move(self, current, which, checks):
        if not current:
            return self.open_segment(None, checks)
        segment_id = service.neighbour(self.store, current["document"], current["position"], which, self.matcher(),
                                       set(checks or []))
        return self.open_segment(segment_id, checks)

    def move_if_saved(self, message, current, checks):
        """After "Save & next": open the next unreviewed segment, unless the save was refused."""
        if not current or not (message or "").startswith("\u2705"):
            return [gr.update()] * 13
        return self.move(current, "unreviewed", checks)

    def live_diff(self, mt, target):
        return diff_html(mt, target)

    def add_error(self, pending, target, span, category, severity, note):
        pending = list(pending or [])
        start = target.find(span) if span else -1
        if span and start < 0:
            return pending, errors_html(pending, target), notice(f"\u201c{span}\u201d is not in the post-edit", ok=False)
        pending.append(dict(category=category, severity=severity, start=max(start, 0),
                            end=max(start, 0) + len(span or ""), note=note or ""))
        return pending, errors_html(pending, target), notice("Error added; it is saved with the segment.")

    def save(self, current, target, status, score, comment, reviewer, pending, checks):
        if not current:
            return notice("open a segment first", ok=False), current, gr.update(), gr.update(), gr.update(), gr.update()
        if not (reviewer or "").strip():
            return notice("enter your name as reviewer before saving", ok=False), current, gr.update(), gr.update(), gr.update(), gr.update()
        try:
            result = service.save_review(self.store, current["id"], target, status, reviewer.strip(), current["revision"],
                                         score=score, comment=comment or "", errors=pending)
        except ConflictError as exc:
            return (notice(f"Not saved: {exc} Your text is still in the editor; copy what you need, then reload the segment.",
                           ok=False), current, gr.update(), gr.update(), gr.update(), gr.update())
        except WorkbenchError as exc:
            return notice(str(exc), ok=False), current, gr.update(), gr.update(), gr.update(), gr.update()
        current = dict(current, revision=result["revision"])
        d = service.segment_detail(self.store, current["id"], self.matcher(), set(checks or []))
        history = [[h["number"], h["at"], h["author"], h["origin"], h["status"], h["text"]] for h in reversed(d["history"])]
        return (notice(f"Saved segment {d['position']} (revision {result['revision']}, {result['status']})."), current,
                flags_html(d["flags"]), history, [], errors_html(d["errors"], d["target"]))

    def restore(self, current, number, reviewer, checks):
        if not current or not number:
            return (notice("open a segment and give the revision number to restore", ok=False),) + tuple(
                [gr.update()] * 13)
        try:
            service.restore_revision(self.store, current["id"], int(number), (reviewer or "").strip() or "reviewer",
                                     current["revision"])
        except (ConflictError, WorkbenchError) as exc:
            return (notice(str(exc), ok=False),) + tuple([gr.update()] * 13)
        return (notice(f"Revision {int(number)} restored."),) + tuple(self.open_segment(current["id"], checks))

    # ---------------------------------------------------------------- layout
    def build(self) -> None:
        docs = self.documents()
        with gr.Row():
            document = gr.Dropdown(docs, value=docs[-1][1] if docs else None, label="Document", scale=3,
                                   elem_id="wb-review-document")
            status_filter = gr.Dropdown([""] + list(STATUSES), value="", label="Status", scale=1)
            term_filter = gr.Textbox(label="Term in source", scale=1)
            text_filter = gr.Textbox(label="Text in source or target", scale=2)
            qa_only = gr.Checkbox(label="Only segments with QA flags", scale=1)
        checks = gr.CheckboxGroup([(f"{name}", name) for name in CHECKS], value=list(CHECKS), label="QA checks",
                                  info="; ".join(f"{k}: {v}" for k, v in describe().items()))
        with gr.Row():
            with gr.Column(scale=5):
                with gr.Row():
                    page = gr.Number(value=1, precision=0, minimum=1, label="Page", scale=1)
                    info = gr.Markdown()
                table = gr.Dataframe(headers=TABLE_HEADERS, interactive=False, wrap=True, max_height=640,
                                     column_widths=["6%", "12%", "38%", "38%", "6%"], elem_id="wb-review-table")
            with gr.Column(scale=6):
                current = gr.State(None)
                pending = gr.State([])
                with gr.Row():
                    number = gr.Number(label="Segment #", precision=0, minimum=0, value=0, scale=1, elem_id="wb-segment-number")
                    go = gr.Button("Go", scale=0, size="sm")
                    prev_b = gr.Button("\u2190 Previous", scale=0, size="sm")
                    next_b = gr.Button("Next \u2192", scale=0, size="sm")
                    next_unreviewed = gr.Button("Next unreviewed", scale=0, size="sm")
                    next_qa = gr.Button("Next QA flag", scale=0, size="sm")
                source = gr.HTML(elem_id="wb-source")
                mt = gr.Textbox(label="Machine translation", interactive=False, lines=2)
                target = gr.Textbox(label="Post-edit", lines=4, elem_id="wb-target")
                diff = gr.HTML(elem_id="wb-diff")
                with gr.Row():
                    status = gr.Radio(list(STATUSES), label="Status", value="translated", elem_id="wb-status")
                    score = gr.Slider(0, 100, value=50, step=1, label="Direct Assessment (0-100)", elem_id="wb-score")
                with gr.Row():
                    reviewer = gr.Textbox(label="Reviewer", elem_id="wb-reviewer")
                    comment = gr.Textbox(label="Comment", elem_id="wb-comment")
                with gr.Accordion("Error annotation (MQM)", open=False):
                    with gr.Row():
                        span = gr.Textbox(label="Words of the post-edit the error is on")
                        category = gr.Dropdown(list(service.MQM_CATEGORIES), value="accuracy", label="Category")
                        severity = gr.Dropdown(list(service.SEVERITIES), value="minor", label="Severity")
                        error_note = gr.Textbox(label="Note")
                    add = gr.Button("Add error")
                    errors = gr.HTML()
                with gr.Row():
                    save = gr.Button("Save segment (Ctrl+Enter)", variant="primary", elem_id="wb-save")
                    save_next = gr.Button("Save & next unreviewed", elem_id="wb-save-next")
                message = gr.Markdown(elem_id="wb-review-notice")
                flags = gr.HTML(elem_id="wb-flags")
                with gr.Accordion("Revision history", open=False):
                    history = gr.Dataframe(headers=["revision", "when", "who", "how", "status", "text"], interactive=False,
                                           wrap=True)
                    with gr.Row():
                        restore_number = gr.Number(label="Revision to restore", precision=0, minimum=0, value=0)
                        restore = gr.Button("Restore it")
        editor = [current, number, source, mt, target, status, score, comment, diff, flags, history, pending, errors]
        filters = [document, status_filter, qa_only, term_filter, text_filter, checks, page]
        for trigger in (document.change, status_filter.change, qa_only.change, checks.change, page.submit,
                        term_filter.submit, text_filter.submit):
            trigger(self.load_page, filters, [table, info], api_name=False)
        table.select(self.pick_row, [document, table, checks], editor, api_name=False)
        go.click(self.go, [document, number, checks], editor, api_name=False)
        number.submit(self.go, [document, number, checks], editor, api_name=False)
        for button, which in ((prev_b, "previous"), (next_b, "next"), (next_unreviewed, "unreviewed"), (next_qa, "qa")):
            button.click(lambda c, k, w=which: self.move(c, w, k), [current, checks], editor, api_name=False)
        target.change(self.live_diff, [mt, target], [diff], api_name=False, show_progress="hidden")
        add.click(self.add_error, [pending, target, span, category, severity, error_note], [pending, errors, message],
                  api_name=False)
        save.click(self.save, [current, target, status, score, comment, reviewer, pending, checks],
                   [message, current, flags, history, pending, errors], api_name=False).then(
            self.live_diff, [mt, target], [diff], api_name=False).then(
            self.load_page, filters, [table, info], api_name=False)
        save_next.click(self.save, [current, target, status, score, comment, reviewer, pending, checks],
                        [message, current, flags, history, pending, errors], api_name=False).then(
            self.move_if_saved, [message, current, checks], editor, api_name=False).then(
            self.load_page, filters, [table, info], api_name=False)
        restore.click(self.restore, [current, restore_number, reviewer, checks], [message] + editor, api_name=False)
        self.document, self.filters, self.listing = document, filters, [table, info]


    def wire_refresh(self, event) -> None:
        """On ``event`` (page load, tab opened): refresh the document list, then the segment list."""
        event(self.refresh_documents, [self.document], [self.document], api_name=False).then(
            self.load_page, self.filters, self.listing, api_name=False)

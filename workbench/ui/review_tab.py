"""Review tab: a bilingual segment grid with an editor docked under it, keyboard first.

The grid shows one page of sentence pairs (source and target side by side, status as a colour and
a word, QA badges, annotated error spans highlighted); a click on a row, or Alt+Down / Alt+Up,
opens a segment in the editor below without losing the rows around it. The editor holds the
post-edit, the status, an optional Direct Assessment score ("not scored" until the reviewer gives
one), MQM error spans made by selecting words of the target, a comment, and the context: the
glossary terms of the source (click to insert), the MT, a word diff and the revision history.

A save sends one segment with the revision it was based on, in one transaction
(``service.save_review``); if someone saved the segment in between, the save is refused with their
text shown and the reviewer's own text stays in the editor, so nothing is lost.
"""

from __future__ import annotations

from html import escape

import gradio as gr

from .. import service
from ..errors import ConflictError, WorkbenchError
from ..service import teams
from .common import document_choices, notice, refresh_choices
from .grid import GRID_JS, marked_target
from .grid import grid_html as render_grid
from .login import signed_in
from .render import diff_html, flags_html
from .tm_panel import TmPanel

PAGE_SIZE = 50
PAGE_SIZES = (25, 50, 100, 200)

HELP = (
    "Keys: <b>Ctrl+Enter</b> save as reviewed &amp; next \u00b7 <b>Ctrl+Shift+Enter</b> approve &amp; next \u00b7 "
    "<b>Alt+\u2193 / Alt+\u2191</b> next / previous without saving \u00b7 <b>Alt+M</b> insert MT \u00b7 "
    "<b>Alt+S</b> copy source \u00b7 <b>Alt+D</b> DA score \u00b7 <b>Alt+N</b> not scored \u00b7 "
    "<b>Esc</b> leave the editor (then \u2191/\u2193 and Enter in the grid) \u00b7 "
    "errors: select words of the target, click a category, then a severity"
)

#: Called before "add error": replaces the first input with the selection in the target box.
SELECTION_JS = """
(selection, ...rest) => {
  const box = document.querySelector('#wb-target textarea');
  const start = box ? box.selectionStart : 0, end = box ? box.selectionEnd : 0;
  return [`${start},${end}`, ...rest];
}
"""

#: After a segment is opened: put the cursor in the target box, ready to type.
FOCUS_JS = """
() => { setTimeout(() => { if (window.wbFocusAfterOpen) window.wbFocusAfterOpen(); }, 60); }
"""


class ReviewTab:
    def __init__(self, store: service.Store):
        self.store = store
        #: the project has accounts: the signed-in account saves (no reviewer name to type)
        self.accounts = teams.accounts_on(store)

    def matcher(self):
        """The project's glossary matcher (the service rebuilds it only when the glossary changes)."""
        return service.glossary_matcher(self.store)

    def documents(self):
        return document_choices(self.store)

    def refresh_documents(self, current=None):
        """Document choices as they are now (a report imported in another tab shows up here)."""
        return refresh_choices(self.documents(), current)

    # ---------------------------------------------------------------- the grid
    def _grid(self, document_id, status, text, qa_only, checks, page, page_size, current_id=None):
        """(grid html, info line, page number) for one page of the filtered segments."""
        if not document_id:
            return render_grid([]), "No document yet: import one in the Document tab.", 1
        size = int(page_size or PAGE_SIZE)
        page = max(1, int(page or 1))
        args = (status or None, None, (text or "").strip() or None, bool(qa_only), self.matcher(), set(checks or []))
        total, rows = service.review_page(self.store, int(document_id), (page - 1) * size, size, *args)
        pages = max(1, -(-total // size))
        if page > pages:
            page = pages
            total, rows = service.review_page(self.store, int(document_id), (page - 1) * size, size, *args)
        assessments = service.latest_assessments(self.store, [r["id"] for r in rows])
        info = f"{total} segments \u00b7 page {page} of {pages}"
        return render_grid(rows, current_id, assessments), info, page

    def load_page(self, document_id, status, text, qa_only, checks, page, page_size, current=None):
        """The grid for the filters and page as they are (the open segment stays highlighted)."""
        current_id = current["id"] if current and current.get("document") == document_id else None
        html, info, page = self._grid(document_id, status, text, qa_only, checks, page, page_size, current_id)
        return html, info, page

    def first_page(self, document_id, status, text, qa_only, checks, page, page_size, current=None):
        """After a filter or document change: back to page 1."""
        return self.load_page(document_id, status, text, qa_only, checks, 1, page_size, current)

    # ---------------------------------------------------------------- the editor
    def _open(self, segment_id, filters, message: str | None = None) -> dict:
        """Every editor output for segment ``segment_id``, and the grid page that shows it."""
        document_id, status_f, text_f, qa_only, checks, page, page_size = filters
        out = {}
        if not segment_id:
            if message is not None:
                out[self.message] = message
            return out
        matcher = self.matcher()
        d = service.segment_detail(self.store, int(segment_id), matcher, set(checks or []))
        current = dict(
            id=d["id"],
            revision=d["revision"],
            document=d["document_id"],
            position=d["position"],
            status=d["status"],
            mt=d["mt"],
            source=d["source"],
        )
        found = (
            service.page_of(
                self.store,
                d["document_id"],
                d["position"],
                int(page_size or PAGE_SIZE),
                status_f or None,
                None,
                (text_f or "").strip() or None,
            )
            if not qa_only
            else None
        )
        html, info, page = self._grid(document_id, status_f, text_f, qa_only, checks, found or page, page_size, d["id"])
        errors = [dict(e, text=d["target"][e["start"] : e["end"]]) for e in d["errors"]]
        out.update(
            {
                self.current: current,
                self.pending: errors,
                self.grid: html,
                self.info: info,
                self.page: page,
                self.header: self._header(d),
                self.target: d["target"],
                self.status: d["status"],
                self.score: d["score"],
                self.comment: d["comment"],
                self.mt: (
                    '<div class="wb-label">Machine translation</div>'
                    f'<div class="wb-mt">{escape(d["mt"]) or "<em>no MT yet</em>"}</div>'
                ),
                self.diff: self.live_diff(current, d["target"]),
                self.terms: self._terms(d["source"], matcher),
                self.flags: flags_html(d["flags"]),
                self.history: self._history(d["history"]),
                self.errors: self._errors(errors, d["target"]),
                self.message: message if message is not None else "",
            }
        )
        return out

    def _header(self, d: dict) -> str:
        who = f" \u00b7 last saved by {escape(d['updated_by'])}" if d.get("updated_by") else ""
        # the source is in the open grid row right above; the terms panel has its glossary terms
        return (
            f'<div class="wb-editor-head"><b>Segment {int(d["position"])}</b> \u00b7 {escape(d["kind"])} \u00b7 '
            f"revision {int(d['revision'])}{who}</div>"
        )

    @staticmethod
    def _terms(source: str, matcher) -> str:
        """The glossary terms in the source, each rendering a button that inserts it at the cursor."""
        hits = list({h.term.zh: h for h in matcher.find(source)}.values())
        if not hits:
            return (
                '<div class="wb-label">Glossary</div>'
                '<div class="wb-terms"><em>No glossary terms in this sentence.</em></div>'
            )
        items = []
        for hit in hits:
            term = hit.term
            chips = "".join(
                f'<button type="button" class="wb-chip" data-insert="{escape(r)}" '
                'title="insert at the cursor">'
                f"{escape(r)}</button>"
                for r in (term.en, *term.variants)
                if r
            )
            avoid = (
                f'<span class="wb-avoid">avoid: {escape("; ".join(term.forbidden))}</span>' if term.forbidden else ""
            )
            note = f'<span class="wb-note">{escape(term.note)}</span>' if term.note else ""
            items.append(f'<li><span lang="zh">{escape(term.zh)}</span> {chips} {avoid} {note}</li>')
        return (
            '<div class="wb-label">Glossary terms (click a rendering to insert it)</div><ul class="wb-terms">'
            + "".join(items)
            + "</ul>"
        )

    @staticmethod
    def _history(history: list[dict]) -> str:
        if not history:
            return "<em>No revisions yet.</em>"
        rows = "".join(
            f"<tr><td>{int(h['number'])}</td><td>{escape(h['at'])}</td><td>{escape(h['author'])}</td>"
            f"<td>{escape(h['origin'])}</td><td>{escape(h['status'])}</td><td>{escape(h['text'])}</td></tr>"
            for h in reversed(history)
        )
        return (
            '<table class="wb-history"><thead><tr><th>rev</th><th>when</th><th>who</th><th>how</th><th>status</th>'
            f"<th>text</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    @staticmethod
    def _errors(errors: list[dict], target: str) -> str:
        if not errors:
            return '<div id="wb-errors" class="wb-errors"><em>No errors marked.</em></div>'
        items = "".join(
            f"<li>{escape(e['severity'])} {escape(e['category'])}: \u201c{escape(e.get('text', ''))}\u201d"
            + (f" \u2014 {escape(e['note'])}" if e.get("note") else "")
            + "</li>"
            for e in errors
        )
        return (
            f'<div id="wb-errors" class="wb-errors"><div class="wb-marked">{marked_target(target, errors)}</div>'
            f"<ul>{items}</ul></div>"
        )

    def pick(self, document_id, status, text, qa_only, checks, page, page_size, event: gr.EventData):
        """A click on a grid row (the JS bridge sends the segment id)."""
        segment_id = (getattr(event, "_data", None) or {}).get("segment")
        filters = (document_id, status, text, qa_only, checks, page, page_size)
        return self._open(int(segment_id) if segment_id else None, filters)

    def go(self, number, *filters):
        document_id = filters[0]
        segment_id = service.segment_at(self.store, int(document_id), int(number or 1)) if document_id else None
        if segment_id is None:
            return self._open(None, filters, notice(f"there is no segment {int(number or 0)}", ok=False))
        return self._open(segment_id, filters)

    def move(self, current, which, *filters):
        """Open the next (previous, next unreviewed, next with a QA flag) segment, saving nothing."""
        if not current:
            document_id = filters[0]
            first = service.segment_at(self.store, int(document_id), 1) if document_id else None
            return self._open(first, filters)
        segment_id = self._neighbour(current, which, filters)
        return self._open(segment_id, filters)

    def _neighbour(self, current: dict, which: str, filters) -> int | None:
        if which in ("next", "previous"):
            return service.adjacent(self.store, current["document"], current["position"], which)
        return service.neighbour(
            self.store, current["document"], current["position"], which, self.matcher(), set(filters[4] or [])
        )

    def insert_mt(self, current):
        if not current:
            return {self.message: notice("open a segment first", ok=False)}
        return {self.target: current.get("mt", "")}

    def copy_source(self, current):
        if not current:
            return {self.message: notice("open a segment first", ok=False)}
        return {self.target: current.get("source", "")}

    def live_diff(self, current, target):
        return '<div class="wb-label">Your edit against the MT</div>' + diff_html((current or {}).get("mt", ""), target)

    def add_error(self, selection, target, category, severity, note, pending):
        """Mark the words selected in the target (offsets from the selection) as an error."""
        pending = list(pending or [])
        try:
            start, end = (int(x) for x in (selection or "0,0").split(","))
        except ValueError:
            start = end = 0
        start, end = max(0, min(start, end)), min(len(target or ""), max(start, end))
        if end <= start:
            return {
                self.message: notice("select the words of the target the error is on, then click a severity", ok=False)
            }
        pending.append(
            dict(
                category=category,
                severity=severity,
                start=start,
                end=end,
                note=(note or "").strip(),
                text=target[start:end],
            )
        )
        return {
            self.pending: pending,
            self.errors: self._errors(pending, target),
            self.message: notice(
                f"Marked \u201c{target[start:end]}\u201d as a {severity} {category} error; "
                "it is saved with the segment."
            ),
        }

    def clear_errors(self, target):
        return {
            self.pending: [],
            self.errors: self._errors([], target or ""),
            self.message: notice("Errors cleared; save to keep it that way."),
        }

    @staticmethod
    def relocate(errors: list[dict], target: str) -> list[dict]:
        """Error spans on the text as saved: a span whose words moved is found again (nearest
        occurrence); one whose words are gone is dropped."""
        out = []
        for e in errors or []:
            words = e.get("text") or ""
            start, end = int(e.get("start", 0)), int(e.get("end", 0))
            if words and target[start:end] != words:
                hits = [i for i in range(len(target)) if target.startswith(words, i)]
                if not hits:
                    continue
                start = min(hits, key=lambda i: abs(i - start))
                end = start + len(words)
            if 0 <= start < end <= len(target):
                out.append(
                    dict(category=e["category"], severity=e["severity"], start=start, end=end, note=e.get("note", ""))
                )
        return out

    def save(self, mode, current, target, status, score, comment, reviewer, pending, *filters, origin="edit"):
        """Save the open segment in one transaction; ``mode``: stay, next (reviewed unless another
        status was chosen), approve (approved, then next) or unreviewed (then the next unreviewed).
        ``origin``: "tm" when the text came from a translation-memory match."""
        if not current:
            return {self.message: notice("open a segment first (click a row or press Alt+\u2193)", ok=False)}
        reviewer = (signed_in() if self.accounts else reviewer) or (reviewer or "").strip()
        if not reviewer and not self.accounts:
            return {self.message: notice("enter your name as reviewer (top right) before saving", ok=False)}
        if mode == "approve":
            status = "approved"
        elif mode in ("next", "unreviewed") and status == current.get("status") and status in ("new", "translated"):
            status = "reviewed"
        errors = self.relocate(pending, target or "")
        try:
            result = service.save_review(
                self.store,
                current["id"],
                target or "",
                status,
                reviewer,
                current["revision"],
                score=None if score is None else int(score),
                comment=comment or "",
                errors=errors,
                origin=origin or "edit",
            )
        except ConflictError as exc:
            return {
                self.message: notice(
                    f"Not saved: segment {current['position']} was saved by {exc.current_author or 'someone else'} "
                    "after you opened it "
                    f"(now revision {exc.current_revision}); their text is \u201c{exc.current_text}\u201d. "
                    "Your text is "
                    "still in the editor: copy what you need, then reopen the segment",
                    ok=False,
                )
            }
        except WorkbenchError as exc:
            return {self.message: notice(str(exc), ok=False)}
        saved = notice(
            f"Saved segment {current['position']} (revision {result['revision']}, {result['status']})"
            + (f", DA {int(score)}" if score is not None else ", not scored")
        )
        if mode == "stay":
            return self._open(current["id"], filters, saved)
        which = "unreviewed" if mode == "unreviewed" else "next"
        segment_id = self._neighbour(current, which, filters)
        return self._open(segment_id or current["id"], filters, saved)

    def restore(self, current, number, reviewer, *filters):
        if not current or not number:
            return {self.message: notice("open a segment and give the revision number to restore", ok=False)}
        try:
            reviewer = (signed_in() if self.accounts else reviewer) or (reviewer or "").strip() or "reviewer"
            service.restore_revision(self.store, current["id"], int(number), reviewer, current["revision"])
        except (ConflictError, WorkbenchError) as exc:
            return {self.message: notice(str(exc), ok=False)}
        return self._open(current["id"], filters, notice(f"Revision {int(number)} restored."))

    # ---------------------------------------------------------------- layout
    def build(self) -> None:
        docs = self.documents()
        with gr.Row(elem_id="wb-review-bar", equal_height=True):
            document = gr.Dropdown(
                docs, value=docs[-1][1] if docs else None, label="Document", scale=4, elem_id="wb-review-document"
            )
            status_filter = gr.Dropdown(
                [("all", "")] + [(s, s) for s in service.STATUSES],
                value="",
                label="Status",
                scale=1,
                elem_id="wb-status-filter",
            )
            text_filter = gr.Textbox(label="Find in source or target", scale=2, elem_id="wb-find")
            qa_only = gr.Checkbox(label="QA flags only", scale=1, elem_id="wb-qa-only")
            page = gr.Number(value=1, precision=0, minimum=1, label="Page", scale=1, min_width=70, elem_id="wb-page-no")
            number = gr.Number(
                label="Go to #", precision=0, minimum=0, value=None, scale=1, min_width=70, elem_id="wb-segment-number"
            )
            if self.accounts:  # the signed-in account is the author: no name to type
                reviewer = gr.Textbox(label="Signed in as", scale=2, elem_id="wb-reviewer", interactive=False)
            else:
                reviewer = gr.Textbox(label="Reviewer", scale=2, elem_id="wb-reviewer", placeholder="your name")
        info = gr.Markdown(elem_id="wb-grid-info")
        grid = gr.HTML(render_grid([]), elem_id="wb-grid", js_on_load=GRID_JS)
        current = gr.State(None)
        pending = gr.State([])
        with gr.Column(elem_id="wb-editor"):
            header = gr.HTML(elem_id="wb-editor-head")
            with gr.Row():
                with gr.Column(scale=3, min_width=420):
                    target = gr.Textbox(label="Target (post-edit)", lines=3, max_lines=8, elem_id="wb-target")
                    with gr.Row(elem_id="wb-judgement"):
                        status = gr.Radio(
                            list(service.STATUSES), label="Status", value="translated", elem_id="wb-status", scale=4
                        )
                        score = gr.Number(
                            label="DA score 0-100",
                            value=None,
                            minimum=0,
                            maximum=100,
                            precision=0,
                            placeholder="not scored",
                            elem_id="wb-score",
                            scale=1,
                            min_width=130,
                        )
                        unscore = gr.Button(
                            "Not scored (Alt+N)", size="sm", scale=0, min_width=60, elem_id="wb-unscore"
                        )
                    comment = gr.Textbox(
                        show_label=False, placeholder="comment (optional)", container=False, elem_id="wb-comment"
                    )
                    with gr.Row(elem_id="wb-actions"):
                        save_next = gr.Button(
                            "Save & next (Ctrl+Enter)", variant="primary", size="sm", elem_id="wb-save-next"
                        )
                        approve_next = gr.Button(
                            "Approve & next (Ctrl+Shift+Enter)", size="sm", elem_id="wb-approve-next"
                        )
                        save = gr.Button("Save", size="sm", elem_id="wb-save")
                        next_unreviewed = gr.Button("Save & next unreviewed", size="sm", elem_id="wb-save-unreviewed")
                        prev_b = gr.Button("\u2191 Previous", size="sm", elem_id="wb-prev")
                        next_b = gr.Button("\u2193 Next", size="sm", elem_id="wb-next")
                        next_qa = gr.Button("Next QA flag", size="sm", elem_id="wb-next-qa")
                        insert_mt = gr.Button("Insert MT (Alt+M)", size="sm", elem_id="wb-insert-mt")
                        copy_source = gr.Button("Copy source (Alt+S)", size="sm", elem_id="wb-copy-source")
                    # save results, refusals and conflicts right under the buttons (announced: aria-live)
                    message = gr.Markdown(elem_id="wb-review-notice", elem_classes=["wb-live"])
                    with gr.Row(elem_id="wb-mark", equal_height=True):
                        category = gr.Radio(
                            list(service.MQM_CATEGORIES),
                            value="accuracy",
                            label="Error category",
                            elem_id="wb-category",
                            scale=4,
                        )
                        with gr.Column(scale=2, min_width=220):
                            with gr.Row():
                                severity_buttons = [
                                    gr.Button(s, size="sm", elem_id=f"wb-sev-{s}", elem_classes=["wb-sev", s])
                                    for s in service.SEVERITIES
                                ]
                            with gr.Row():
                                error_note = gr.Textbox(
                                    show_label=False,
                                    placeholder="note on the error (optional)",
                                    container=False,
                                    scale=3,
                                )
                                clear = gr.Button("Clear errors", size="sm", scale=1)
                    selection = gr.Textbox(visible=False)
                    errors = gr.HTML(self._errors([], ""), elem_id="wb-errors-box")
                    gr.HTML(f'<div class="wb-help">{HELP}</div>', elem_id="wb-help")
                with gr.Column(scale=2, min_width=320, elem_id="wb-context"):
                    with gr.Tabs():
                        with gr.Tab("Terms & MT"):
                            terms = gr.HTML(elem_id="wb-terms")
                            mt = gr.HTML(elem_id="wb-mt")
                            diff = gr.HTML(elem_id="wb-diff")
                            flags = gr.HTML(elem_id="wb-flags")
                        with gr.Tab("History"):
                            history = gr.HTML(elem_id="wb-history")
                            with gr.Row():
                                restore_number = gr.Number(
                                    label="Revision to restore", precision=0, minimum=0, value=None
                                )
                                restore = gr.Button("Restore it", size="sm")
                    # the translation-memory panel (workbench/ui/tm_panel.py): matches of the open segment
                    with gr.Column(elem_id="wb-tm-slot") as self.tm_panel:
                        self.tm = TmPanel(self.store)
                        self.tm.build(current, target)
        with gr.Accordion("Preferences (kept in this browser)", open=False):
            checks = gr.CheckboxGroup(
                [(name, name) for name in service.QA_CHECKS],
                value=list(service.QA_CHECKS),
                label="QA checks shown",
                info="; ".join(f"{k}: {v}" for k, v in service.describe_checks().items()),
                elem_id="wb-checks",
            )
            page_size = gr.Dropdown(list(PAGE_SIZES), value=PAGE_SIZE, label="Rows per page", elem_id="wb-page-size")

        self.current, self.pending, self.grid, self.info = current, pending, grid, info
        self.page, self.header, self.target, self.status = page, header, target, status
        self.score, self.comment, self.mt, self.diff = score, comment, mt, diff
        self.terms, self.flags, self.history, self.errors, self.message = terms, flags, history, errors, message
        view = [
            current,
            pending,
            grid,
            info,
            page,
            header,
            target,
            status,
            score,
            comment,
            mt,
            diff,
            terms,
            flags,
            history,
            errors,
            message,
        ]
        filters = [document, status_filter, text_filter, qa_only, checks, page, page_size]
        listing = [grid, info, page]

        for trigger in (document.change, status_filter.change, qa_only.change, text_filter.submit, page_size.change):
            trigger(self.first_page, filters + [current], listing, api_name=False)
        for trigger in (checks.change, page.submit):
            trigger(self.load_page, filters + [current], listing, api_name=False)
        grid.pick(self.pick, filters, view, api_name=False).then(None, js=FOCUS_JS)
        number.submit(self.go, [number] + filters, view, api_name=False).then(None, js=FOCUS_JS)
        for button, which in ((prev_b, "previous"), (next_b, "next"), (next_qa, "qa")):
            button.click(lambda c, *f, w=which: self.move(c, w, *f), [current] + filters, view, api_name=False).then(
                None, js=FOCUS_JS
            )
        editor_in = [current, target, status, score, comment, reviewer, pending]
        for button, mode in (
            (save, "stay"),
            (save_next, "next"),
            (approve_next, "approve"),
            (next_unreviewed, "unreviewed"),
        ):
            button.click(
                lambda *a, m=mode: self.save(m, *a[:-1], origin=a[-1]),
                editor_in + filters + [self.tm.origin],
                view,
                api_name=False,
            ).then(None, js=FOCUS_JS)
        insert_mt.click(self.insert_mt, [current], [target, message], api_name=False)
        copy_source.click(self.copy_source, [current], [target, message], api_name=False)
        unscore.click(lambda: None, None, [score], api_name=False, queue=False)
        target.change(self.live_diff, [current, target], [diff], api_name=False, show_progress="hidden")
        for button, name in zip(severity_buttons, service.SEVERITIES, strict=True):
            button.click(
                lambda sel, t, c, n, p, s=name: self.add_error(sel, t, c, s, n, p),
                [selection, target, category, error_note, pending],
                [pending, errors, message],
                js=SELECTION_JS,
                api_name=False,
            )
        clear.click(self.clear_errors, [target], [pending, errors, message], api_name=False)
        restore.click(self.restore, [current, restore_number, reviewer] + filters, view, api_name=False)

        # the reviewer's name and preferences live in this browser (localStorage)
        reviewer.change(
            None, [reviewer], None, js="(v) => { localStorage.setItem('wb-reviewer', v || ''); return []; }"
        )
        checks.change(
            None, [checks], None, js="(v) => { localStorage.setItem('wb-checks', JSON.stringify(v || [])); return []; }"
        )
        page_size.change(
            None, [page_size], None, js="(v) => { localStorage.setItem('wb-page-size', String(v)); return []; }"
        )
        if self.accounts:
            self.preferences = ([checks, page_size], ACCOUNT_PREFERENCES_JS)
        else:
            self.preferences = ([reviewer, checks, page_size], PREFERENCES_JS)
        self.reviewer = reviewer
        self.document, self.filters, self.listing = document, filters, listing

    def wire_refresh(self, event, current=None) -> None:
        """On ``event`` (page load, tab opened): refresh the document list, then the grid."""
        event(self.refresh_documents, [current or self.document], [self.document], api_name=False).then(
            self.load_page, self.filters + [self.current], self.listing, api_name=False
        )

    def wire_preferences(self, load_event) -> None:
        """On page load: put the reviewer's name and preferences saved in this browser back."""
        outputs, js = self.preferences
        load_event(None, None, outputs, js=js, api_name=False)
        if self.accounts:
            load_event(lambda: signed_in() or "(not signed in)", None, [self.reviewer], api_name=False)


#: Reads the saved name and preferences (a missing or spoiled entry falls back to the default).
PREFERENCES_JS = f"""
() => {{
  const name = localStorage.getItem('wb-reviewer') || '';
  let checks = {list(service.QA_CHECKS)!r};
  try {{ const saved = JSON.parse(localStorage.getItem('wb-checks')); if (Array.isArray(saved)) checks = saved; }}
  catch (e) {{}}
  const size = Number(localStorage.getItem('wb-page-size')) || {PAGE_SIZE};
  return [name, checks, {list(PAGE_SIZES)!r}.includes(size) ? size : {PAGE_SIZE}];
}}
"""

#: The same without the name (with accounts the name is the signed-in account's).
ACCOUNT_PREFERENCES_JS = PREFERENCES_JS.replace("return [name, checks", "return [checks")

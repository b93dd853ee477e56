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

import json
from html import escape
from typing import NamedTuple

import gradio as gr

from .. import service
from ..errors import ConflictError, WorkbenchError
from ..service import teams
from .assets import asset
from .common import document_choices, notice, refresh_choices
from .grid import GRID_JS, marked_target
from .grid import grid_html as render_grid
from .login import signed_in
from .render import diff_html, flags_html
from .tm_panel import TmPanel

PAGE_SIZE = 50
PAGE_SIZES = (25, 50, 100, 200)

#: The grid's filter inputs, in the order the handlers receive them (``*filters``); the first
#: seven are the bar's, the others those of "More filters" (a caller may leave them out).
FILTER_FIELDS = (
    "document",
    "status",
    "text",
    "qa_only",
    "checks",
    "page",
    "page_size",
    "score_min",
    "score_max",
    "error_severity",
    "error_category",
    "match_band",
    "qa_check",
    "mine",
    "since",
    "reviewer",
    "my_work",
)

#: The progress bar's colours, one per status (the grid's status colours).
PROGRESS_COLOURS = {
    "new": "#c9c9c9",
    "translated": "#7aa5dc",
    "reviewed": "#e0a84a",
    "approved": "#6cbf7d",
    "rejected": "#d9534f",
}


class GridState(NamedTuple):
    """The grid as its inputs ask for it: the document, one :class:`service.GridFilter` for every
    criterion, the page and its size; ``problem``: why the filter could not be made (bad input)."""

    document: int | None
    where: service.GridFilter
    page: int
    page_size: int
    problem: str | None = None


def grid_state(filters) -> GridState:
    """The values of the filter inputs (:data:`FILTER_FIELDS`, trailing ones optional) as one state."""
    values = dict(zip(FILTER_FIELDS, filters, strict=False))
    document = int(values["document"]) if values.get("document") else None
    checks = set(values.get("checks") or [])
    page = max(1, int(values.get("page") or 1))
    page_size = int(values.get("page_size") or PAGE_SIZE)
    me = signed_in() or (values.get("reviewer") or "").strip()  # a signed-in account is who it says
    try:
        if values.get("my_work") and not me:
            raise WorkbenchError("sign in to see the work assigned to you")
        if values.get("mine") and not me:
            raise WorkbenchError("enter your name as reviewer (top right) to see the segments you changed")
        where = service.GridFilter(
            status=values.get("status") or None,
            text=values.get("text"),
            qa_only=bool(values.get("qa_only")),
            checks=checks,
            qa_check=values.get("qa_check"),
            score_min=values.get("score_min"),
            score_max=values.get("score_max"),
            error_severity=values.get("error_severity"),
            error_category=values.get("error_category"),
            match_band=values.get("match_band"),
            changed_by=me if values.get("mine") else None,
            changed_since=values.get("since"),
            assigned_to=me if values.get("my_work") else None,
        )
    except WorkbenchError as exc:
        return GridState(document, service.GridFilter(checks=checks), page, page_size, str(exc))
    return GridState(document, where, page, page_size)


def my_work_html(work: list[dict], document: int | None) -> str:
    """The work assigned to the signed-in person, counted by status: in this document and in all."""
    if not work:
        return '<div class="wb-grid-line wb-my-work" id="wb-my-work-counts">Nothing is assigned to you.</div>'

    def counts(by_status: dict) -> str:
        return " \u00b7 ".join(f"{escape(s)} {n}" for s, n in by_status.items() if n)

    here = next((w for w in work if w["document"] == document), None)
    total = {s: sum(w["by_status"][s] for w in work) for s in service.STATUSES}
    parts = []
    if here is not None:
        parts.append(f"My work here: {here['segments']} segments, {here['words']} words ({counts(here['by_status'])})")
    parts.append(
        f"in {len(work)} document{'s' if len(work) != 1 else ''}: {sum(w['segments'] for w in work)} segments "
        f"({counts(total)})"
    )
    line = " \u00b7 ".join(parts)
    return f'<div class="wb-grid-line wb-my-work" id="wb-my-work-counts">{line}</div>'


def progress_html(progress: dict) -> str:
    """The document's words by status as a bar (escaped labels; each part's share in its title and
    in the legend after it)."""
    total = progress["total_words"]
    if not total:
        return '<span class="wb-progress-empty">no words yet</span>'
    parts, legend = [], []
    for status in service.PROGRESS_ORDER:
        n = progress["words"].get(status, 0)
        if not n:
            continue
        share = 100 * n / total
        label = escape(f"{status}: {n:,} words ({share:.0f}%)")
        colour = PROGRESS_COLOURS.get(status, "#999")
        parts.append(
            f'<span class="wb-progress-part {escape(status)}" style="width:{share:.2f}%;background:{colour}" '
            f'title="{label}"></span>'
        )
        legend.append(f'<span class="wb-progress-key"><i style="background:{colour}"></i>{label}</span>')
    summary = escape(
        f"{total:,} words: " + ", ".join(f"{s} {progress['words'].get(s, 0):,}" for s in service.PROGRESS_ORDER)
    )
    return (
        f'<span class="wb-progress" role="img" aria-label="{summary}">{"".join(parts)}</span>'
        f'<span class="wb-progress-legend">{"".join(legend)}</span>'
    )


HELP = (
    "Keys: <b>Ctrl+Enter</b> save as reviewed &amp; next \u00b7 <b>Ctrl+Shift+Enter</b> approve &amp; next \u00b7 "
    "<b>Alt+\u2193 / Alt+\u2191</b> next / previous without saving \u00b7 <b>Alt+M</b> insert MT \u00b7 "
    "<b>Alt+S</b> copy source \u00b7 <b>Alt+D</b> DA score \u00b7 <b>Alt+N</b> not scored \u00b7 "
    "<b>Esc</b> leave the editor (then \u2191/\u2193 and Enter in the grid) \u00b7 "
    "errors: select words of the target, click a category, then a severity"
)

#: Called before "add error": replaces the first input with the selection in the target box.
SELECTION_JS = asset("selection.js")

#: After a segment is opened: put the cursor in the target box, ready to type.
FOCUS_JS = asset("focus.js")
#: After a save (made or refused): counted for save-on-leave, then as FOCUS_JS.
SAVED_JS = asset("saved.js")


class ReviewTab:
    def __init__(self, store: service.Store):
        self.store = store
        self.tabs = None  # the app's tabs, when a segment can be opened here from another tab
        self.shared_document = []
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
    def _grid(self, filters, page=None, current_id=None):
        """(grid html, info line, page number) for one page of the filtered segments; a refusal by
        role (a rater may not read the project) is the info line."""
        try:
            return self._grid_page(filters, page, current_id)
        except (teams.RoleError, teams.LoginRequired) as exc:
            return render_grid([]), f'<div class="wb-grid-line">\u26a0 {escape(str(exc))}</div>', 1

    def _grid_page(self, filters, page=None, current_id=None):
        state = grid_state(filters)
        if not state.document:
            return render_grid([]), "No document yet: import one in the Document tab.", 1
        if state.problem:
            return render_grid([]), f'<div class="wb-grid-line">\u26a0 {escape(state.problem)}</div>', state.page
        size = state.page_size
        page = max(1, int(page or state.page))
        matcher = self.matcher()
        total, rows = service.review_page(
            self.store, state.document, (page - 1) * size, size, matcher=matcher, where=state.where
        )
        pages = max(1, -(-total // size))
        if page > pages:
            page = pages
            total, rows = service.review_page(
                self.store, state.document, (page - 1) * size, size, matcher=matcher, where=state.where
            )
        assessments = service.latest_assessments(self.store, [r["id"] for r in rows])
        progress = service.progress(self.store, state.document)
        count = f"{total} of {progress['total_segments']} segments match" if state.where.active else f"{total} segments"
        info = (
            f'<div class="wb-grid-line"><span>{escape(count)} \u00b7 page {page} of {pages}</span>'
            f"{progress_html(progress)}</div>"
        )
        if state.where.assigned_to:
            info += my_work_html(service.my_work(self.store, state.where.assigned_to), state.document)
        return render_grid(rows, current_id, assessments), info, page

    def load_page(self, *values):
        """The grid for the filters and page as they are (the open segment stays highlighted);
        ``values``: the filter inputs, then the open segment."""
        *filters, current = values
        state = grid_state(filters)
        current_id = current["id"] if current and current.get("document") == state.document else None
        return self._grid(filters, state.page, current_id)

    def first_page(self, *values):
        """After a filter or document change: back to page 1, or to the page of the open segment
        when it is in this document and the filters show it (a segment opened from another tab
        brings its document along: the grid opens on its page)."""
        *filters, current = values
        state = grid_state(filters)
        first = 1
        if current and current.get("document") == state.document and not state.problem:
            first = (
                service.page_of(
                    self.store, state.document, int(current["position"]), state.page_size, where=state.where
                )
                or 1
            )
        current_id = current["id"] if current and current.get("document") == state.document else None
        return self._grid(filters, first, current_id)

    # ---------------------------------------------------------------- the editor
    def _open(self, segment_id, filters, message: str | None = None) -> dict:
        """Every editor output for segment ``segment_id``, and the grid page that shows it."""
        state = grid_state(filters)
        out = {}
        if not segment_id:
            if message is not None:
                out[self.message] = message
            return out
        matcher = self.matcher()
        d = service.segment_detail(self.store, int(segment_id), matcher, set(state.where.checks or []))
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
            None
            if state.problem
            else service.page_of(self.store, d["document_id"], d["position"], state.page_size, where=state.where)
        )
        html, info, page = self._grid(filters, found or state.page, d["id"])
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

    def pick(self, event: gr.EventData, *filters):
        """A click on a grid row (the JS bridge sends the segment id)."""
        segment_id = (getattr(event, "_data", None) or {}).get("segment")
        return self._open(int(segment_id) if segment_id else None, filters)

    def open_elsewhere(self, event: gr.EventData, *filters):
        """A segment opened from another tab (the consistency report): its document becomes the
        Review tab's, the segment opens in the editor and the Review tab is shown."""
        segment_id = (getattr(event, "_data", None) or {}).get("segment")
        if not segment_id:
            return {}
        try:
            document_id = service.segment_detail(self.store, int(segment_id))["document_id"]
        except WorkbenchError as exc:
            return {self.message: notice(str(exc), ok=False)}
        out = self._open(int(segment_id), (document_id, *filters[1:]))
        out[self.document] = document_id
        for shared in self.shared_document:  # the session's current document follows
            out[shared] = document_id
        if self.tabs is not None:
            out[self.tabs] = gr.Tabs(selected="review")
        return out

    def wire_open(self, component, tabs=None, current_document=None) -> None:
        """``component``'s ``open`` event (with a segment id) opens that segment here, shows this
        tab (``tabs``) and makes its document the session's current one (``current_document``)."""
        self.tabs = tabs
        self.shared_document = [current_document] if current_document is not None else []
        outputs = self.view + [self.document] + self.shared_document + ([tabs] if tabs is not None else [])
        component.open(self.open_elsewhere, self.filters, outputs, api_name=False).then(None, js=FOCUS_JS)

    def go(self, number, *filters):
        """Open segment ``number`` of the document (the "Go to #" box: text, read as a whole number;
        empty opens the first; a word gets one notice and nothing else changes)."""
        text = str(number if number is not None else "").strip().lstrip("#").strip()
        try:
            wanted = int(text) if text else 1  # int() reads full-width digits too (１２)
        except ValueError:
            wanted = None
        if wanted is None:
            return self._open(
                None, filters, notice(f"\u201c{text[:40]}\u201d is not a segment number: give one such as 12", ok=False)
            )
        document_id = filters[0]
        segment_id = service.segment_at(self.store, int(document_id), wanted) if document_id and wanted > 0 else None
        if segment_id is None:
            return self._open(None, filters, notice(f"there is no segment {wanted}", ok=False))
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
        checks = set(grid_state(filters).where.checks or [])
        return service.neighbour(self.store, current["document"], current["position"], which, self.matcher(), checks)

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

    def save(
        self,
        mode,
        current,
        target,
        status,
        score,
        comment,
        reviewer,
        pending,
        *filters,
        origin="edit",
        match_score=None,
    ):
        """Save the open segment in one transaction; ``mode``: stay, next (reviewed unless another
        status was chosen), approve (approved, then next) or unreviewed (then the next unreviewed).
        ``origin``: "tm" when the text came from a translation-memory match (of ``match_score``)."""
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
                match_score=match_score if origin == "tm" else None,
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
            more = gr.Checkbox(label="More filters", scale=1, elem_id="wb-more-filters")
            page = gr.Number(value=1, precision=0, minimum=1, label="Page", scale=1, min_width=70, elem_id="wb-page-no")
            # a Textbox, not a Number: Gradio's Number shows 0 for an empty value in the browser
            number = gr.Textbox(
                label="Go to #",
                placeholder="#",
                value="",
                lines=1,
                max_lines=1,
                scale=1,
                min_width=70,
                elem_id="wb-segment-number",
            )
            if self.accounts:  # the signed-in account is the author: no name to type
                reviewer = gr.Textbox(label="Signed in as", scale=2, elem_id="wb-reviewer", interactive=False)
            else:
                reviewer = gr.Textbox(label="Reviewer", scale=2, elem_id="wb-reviewer", placeholder="your name")
            my_work = gr.Checkbox(label="My work", value=False, visible=self.accounts, scale=1, elem_id="wb-my-work")
        with gr.Row(visible=False, elem_id="wb-filters", equal_height=True) as more_row:
            score_min = gr.Number(
                label="DA from", precision=0, minimum=0, maximum=100, value=None, min_width=80, elem_id="wb-score-min"
            )
            score_max = gr.Number(
                label="DA to", precision=0, minimum=0, maximum=100, value=None, min_width=80, elem_id="wb-score-max"
            )
            error_severity = gr.Dropdown(
                [("no filter", ""), ("any severity", service.ANY)] + [(s, s) for s in service.SEVERITIES],
                value="",
                label="Has errors of severity",
                elem_id="wb-error-severity",
            )
            error_category = gr.Dropdown(
                [("no filter", ""), ("any category", service.ANY)] + [(c, c) for c in service.MQM_CATEGORIES],
                value="",
                label="Has errors of category",
                elem_id="wb-error-category",
            )
            match_band = gr.Dropdown(
                [("all", "")] + [(f"{b}%", b) for b in service.MATCH_BANDS] + [("no TM match", service.NO_MATCH)],
                value="",
                label="TM match",
                elem_id="wb-match-band",
            )
            qa_check = gr.Dropdown(
                [("all", "")] + [(c, c) for c in service.QA_CHECKS],
                value="",
                label="Flagged by QA check",
                elem_id="wb-qa-check",
            )
            mine = gr.Checkbox(label="Changed by me", elem_id="wb-mine")
            since = gr.Textbox(label="Changed since (YYYY-MM-DD, UTC)", elem_id="wb-since", min_width=120)
        self.role_notice = gr.HTML(visible=False, elem_id="wb-role-notice")
        info = gr.HTML(elem_id="wb-grid-info")
        grid = gr.HTML(render_grid([]), elem_id="wb-grid", js_on_load=GRID_JS)
        current = gr.State(None)
        pending = gr.State([])
        with gr.Column(elem_id="wb-editor") as editor:
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
                    save_on_leave = gr.Checkbox(
                        value=True,
                        label="Save when leaving an edited segment (off: ask first)",
                        elem_id="wb-save-on-leave",
                        container=False,
                    )
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
        filters += [score_min, score_max, error_severity, error_category, match_band, qa_check, mine, since, reviewer]
        filters += [my_work]
        assert len(filters) == len(FILTER_FIELDS)
        listing = [grid, info, page]

        more.change(lambda shown: gr.Row(visible=bool(shown)), [more], [more_row], api_name=False, queue=False)
        for trigger in (
            document.change,
            status_filter.change,
            qa_only.change,
            text_filter.submit,
            page_size.change,
            score_min.submit,
            score_max.submit,
            error_severity.change,
            error_category.change,
            match_band.change,
            qa_check.change,
            mine.change,
            my_work.change,
            since.submit,
        ):
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
                lambda *a, m=mode: self.save(m, *a[:-2], origin=a[-2], match_score=a[-1]),
                editor_in + filters + [self.tm.origin, self.tm.match_score],
                view,
                api_name=False,
            ).then(None, js=SAVED_JS)
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
        save_on_leave.change(
            None,
            [save_on_leave, reviewer],
            None,
            js="(v, who) => { localStorage.setItem('wb-save-on-leave:' + (who || ''), v ? '1' : '0'); return []; }",
        )
        if self.accounts:
            self.preferences = ([checks, page_size, save_on_leave], ACCOUNT_PREFERENCES_JS)
        else:
            self.preferences = ([reviewer, checks, page_size, save_on_leave], PREFERENCES_JS)
        self.reviewer, self.segment_number = reviewer, number
        self.my_work, self.editor, self.info = my_work, editor, info
        self.document, self.filters, self.listing, self.view = document, filters, listing, view

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
            load_event(self.open_my_work, [self.document], [self.my_work, self.document], api_name=False)
            load_event(self.role_view, None, [self.editor, self.role_notice], api_name=False)

    def role_view(self):
        """The editor only for a role that may edit (a rater or a viewer gets none); a role that
        may not read the project gets a notice that says which role it needs."""
        actor = teams.current_actor()
        role = None
        if actor is not None:
            role = actor.role or teams.account_role(self.store, actor.name)
        if role is None or teams.allowed(role, "edit"):
            return gr.Column(visible=True), gr.HTML(value="", visible=False)
        if teams.allowed(role, "read"):
            text = f"{actor.name} ({role}) may read and export, not edit: the review editor is not shown"
        else:
            text = teams.refusal_message(actor.name, role, "read")
        return gr.Column(visible=False), gr.HTML(
            value=f'<div class="wb-grid-line wb-role-notice" role="status">\u26a0 {escape(text)}</div>', visible=True
        )

    def open_my_work(self, current=None):
        """On sign-in: "my work" on, on the first document with work for this person (when some is
        assigned to them); everything, as before, when nothing is."""
        work = service.my_work(self.store, signed_in() or "")
        if not work:
            return gr.Checkbox(value=False), gr.Dropdown()
        documents = {w["document"] for w in work}
        keep = current is not None and str(current).strip().isdigit() and int(current) in documents
        return gr.Checkbox(value=True), gr.Dropdown(value=current if keep else work[0]["document"])


#: Reads the saved name and preferences (a missing or spoiled entry falls back to the default).
PREFERENCES_JS = (
    asset("preferences.js")
    .replace("__QA_CHECKS__", json.dumps(list(service.QA_CHECKS)))
    .replace("__PAGE_SIZES__", json.dumps(list(PAGE_SIZES)))
    .replace("__PAGE_SIZE__", str(PAGE_SIZE))
)

#: The same without the name (with accounts the name is the signed-in account's).
ACCOUNT_PREFERENCES_JS = PREFERENCES_JS.replace("return [name, checks", "return [checks")

"""Translation memory in the app: the matches panel for the review editor, and the Analysis tab.

:class:`TmPanel` is mounted inside the Review tab's editor. It reads the open segment (the
tab's ``current`` state, a dict with ``id``) and writes the post-edit textbox. It shows the
top three matches with score, origin and how their source differs from this segment's, a
button per match (or Alt+1/2/3) to insert it, and a concordance search. Inserting a match sets
``panel.origin`` to ``"tm"`` (and ``panel.match_score``); the tab's save passes
``origin=panel.origin`` to :func:`workbench.service.save_edit`, so the revision says it came
from the memory. Opening another segment, or a successful save, sets it back to ``"edit"``.

Every piece of user text is escaped before it is put into HTML.
"""

from __future__ import annotations

from html import escape

import gradio as gr

from .. import service
from ..errors import WorkbenchError
from .assets import asset
from .common import document_choices, notice, shows_errors

MATCHES = 3

TM_CSS = asset("tm.css")

#: Alt+1, Alt+2, Alt+3 insert the first, second, third match (when the panel is on screen)
TM_SHORTCUTS_JS = asset("tm-keys.js")


def _score_class(score: int) -> str:
    for floor, name in ((101, "s101"), (100, "s100"), (95, "s95"), (85, "s85")):
        if score >= floor:
            return name
    return ""


def diff_html(pieces: list[tuple[str, str]]) -> str:
    """The match source with what this segment lacks struck through and what it adds marked."""
    out = []
    for op, text in pieces:
        if op == "equal":
            out.append(escape(text))
        elif op == "delete":
            out.append(f"<del>{escape(text)}</del>")
        else:
            out.append(f"<ins>{escape(text)}</ins>")
    return "".join(out)


def matches_html(matches: list[dict]) -> str:
    if not matches:
        return '<div class="wb-tm"><em>No translation memory match for this segment.</em></div>'
    parts = ['<div class="wb-tm">']
    for k, m in enumerate(matches, 1):
        differ = escape(", ".join(m.get("numbers_differ") or []))
        numbers = f'<div class="wb-tm-numbers">numbers not in the match: {differ}</div>' if differ else ""
        who = "".join(
            f" \u00b7 {escape(x)}" for x in (m.get("document", ""), m.get("author", ""), m.get("when", "")[:10]) if x
        )
        parts.append(
            f'<div class="wb-tm-match" data-score="{int(m["score"])}">'
            f'<span class="wb-tm-score {_score_class(int(m["score"]))}">{int(m["score"])}%</span>'
            f'<b>{k}</b> <span class="wb-tm-origin">{escape(m["origin"])}{who}</span>'
            f'<div class="wb-tm-src">{diff_html(m.get("diff") or [("equal", m["source"])])}</div>'
            f'<div class="wb-tm-tgt">{escape(m["target"])}</div>{numbers}</div>'
        )
    parts.append("</div>")
    return "".join(parts)


def highlight_spans(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def concordance_html(hits: list[dict], query: str) -> str:
    if not query.strip():
        return ""
    if not hits:
        return f"<div><em>\u201c{escape(query)}\u201d is not in the translation memory.</em></div>"
    parts = []
    for h in hits:
        source = highlight_spans(h["source"], h["spans"]) if h["side"] == "source" else escape(h["source"])
        target = highlight_spans(h["target"], h["spans"]) if h["side"] == "target" else escape(h["target"])
        parts.append(
            f'<div class="wb-tm-hit">{source}<br>{target} <span class="wb-tm-origin">{escape(h["origin"])}</span></div>'
        )
    return "".join(parts)


class TmPanel:
    """The "Translation memory" panel of the review editor (see the module docstring)."""

    def __init__(self, store):
        self.store = store

    # ---- handlers
    def refresh(self, current):
        """The matches of the segment now open; resets the origin of the next save to "edit"."""
        hidden = [gr.update(visible=False)] * MATCHES
        if not current or not current.get("id"):
            return ["", *hidden, [], "edit", None]
        try:
            matches = service.tm_matches(self.store, int(current["id"]), limit=MATCHES)
        except WorkbenchError as exc:
            return [notice(str(exc), ok=False), *hidden, [], "edit", None]
        buttons = [
            gr.update(
                visible=k < len(matches),
                value=f"Insert {k + 1}" + (f" ({matches[k]['score']}%)" if k < len(matches) else ""),
            )
            for k in range(MATCHES)
        ]
        return [matches_html(matches), *buttons, matches, "edit", None]

    def insert(self, k: int, matches):
        """Put match ``k`` into the post-edit; the next save is recorded with origin "tm"."""
        if not matches or k >= len(matches):
            return gr.update(), "edit", None
        return matches[k]["target"], "tm", int(matches[k]["score"])

    @shows_errors()
    def search(self, query, side):
        hits = service.concordance(self.store, query or "", side=side or "source", limit=20)
        return concordance_html(hits, query or "")

    # ---- layout
    def build(self, current: gr.State, target: gr.Textbox) -> None:
        """Create the panel where it is called (inside the editor) and wire it to ``current`` and ``target``."""
        with gr.Accordion("Translation memory", open=True, elem_id="wb-tm-panel"):
            view = gr.HTML(elem_id="wb-tm-matches", js_on_load=TM_SHORTCUTS_JS, css_template=TM_CSS)
            with gr.Row():
                buttons = [
                    gr.Button(f"Insert {k + 1}", size="sm", visible=False, elem_id=f"wb-tm-insert-{k + 1}")
                    for k in range(MATCHES)
                ]
            with gr.Row():
                query = gr.Textbox(label="Concordance: a word or phrase", scale=4, elem_id="wb-tm-query")
                side = gr.Radio(
                    [("Chinese", "source"), ("English", "target")], value="source", label="Search in", scale=2
                )
                go = gr.Button("Search", scale=1, size="sm", elem_id="wb-tm-search")
            hits = gr.HTML(elem_id="wb-tm-hits", css_template=TM_CSS)
        self.matches = gr.State([])
        self.origin = gr.State("edit")
        self.match_score = gr.State(None)
        outputs = [view, *buttons, self.matches, self.origin, self.match_score]
        current.change(self.refresh, [current], outputs, api_name=False, show_progress="hidden")
        for k, button in enumerate(buttons):
            button.click(
                lambda m, k=k: self.insert(k, m),
                [self.matches],
                [target, self.origin, self.match_score],
                api_name=False,
            )
        go.click(self.search, [query, side], [hits], api_name=False)
        query.submit(self.search, [query, side], [hits], api_name=False)
        self.view, self.buttons = view, buttons


class AnalysisTab:
    """Segments and characters by TM band, for one document or the whole project."""

    def __init__(self, store):
        self.store = store

    def choices(self):
        return [("Whole project", 0)] + document_choices(self.store)

    def refresh(self, current):
        choices = self.choices()
        return gr.update(choices=choices, value=current if current in [c[1] for c in choices] else 0)

    @shows_errors(outputs=2, notice_at=1)
    def analyze(self, document_id):
        result = service.analyze(self.store, document_id=int(document_id) or None if document_id else None)
        bands = result["bands"]
        segments = sum(b["segments"] for b in bands.values())
        chars = sum(b["characters"] for b in bands.values())
        rows = [
            [
                service.BAND_LABELS[band],
                bands[band]["segments"],
                bands[band]["characters"],
                f"{bands[band]['characters'] / chars:.1%}" if chars else "-",
            ]
            for band in service.BANDS
        ]
        rows.append(["Total", segments, chars, "100%" if chars else "-"])
        return rows, notice(f"{segments} segments, {chars} characters analysed against the translation memory.")

    def build(self) -> None:
        with gr.Row():
            document = gr.Dropdown(self.choices(), value=0, label="Document", scale=3, elem_id="wb-analysis-document")
            go = gr.Button("Analyze", variant="primary", scale=1, elem_id="wb-analyze")
        message = gr.Markdown()
        table = gr.Dataframe(
            headers=["Band", "Segments", "Characters", "Share of characters"],
            interactive=False,
            elem_id="wb-analysis-table",
        )
        document.focus(self.refresh, [document], [document], api_name=False)
        go.click(self.analyze, [document], [table, message], api_name=False)

"""Rate tab: a signed-in rater rates their campaign tasks, one item at a time; an admin sees
each rater's progress and the system scores with their intervals.

The page shows the source with the preceding segments as context and the candidate, never a
system's name (the service layer's :func:`next_item` gives none). Keyboard first (rate.js):
the score box has the focus, Ctrl+Enter submits and opens the next item; for MQM and ESA a
selection in the candidate and a number key (1 minor, 2 major, 3 critical) marks an error span.
A reload resumes at the first unrated item.
"""

from __future__ import annotations

import json
from html import escape

import gradio as gr
import pandas as pd

from .. import service
from ..errors import WorkbenchError
from ..service import teams
from .assets import asset
from .common import escape_markdown, notice

RATE_JS = asset("rate.js")
RATE_FOCUS_JS = asset("rate-focus.js")
RATE_CSS = asset("rate.css")
RATE_TABS_JS = asset("rate-tabs.js")


def render_item(item: dict) -> str:
    """The item as HTML, every text escaped: context, source, candidate (no system, no ids)."""
    if item.get("done"):
        return "<div id='wb-rate-done'><p><strong>All items rated.</strong> Thank you.</p></div>"
    context = "".join(f"<p class='wb-rate-context'>{escape(c)}</p>" for c in item["context"])
    controls = {
        "da": "Give a score from 0 to 100 (type it), then Ctrl+Enter.",
        "esa": "Select an error in the translation and press 1 (minor) or 2 (major); then the score; Ctrl+Enter.",
        "mqm": "Select an error in the translation, choose its category, press 1 (minor), 2 (major) or 3 "
        "(critical); N marks a non-translation; Ctrl+Enter submits (no marks: no error).",
        "sxs": "Give a score from 0 to 100, then Ctrl+Enter.",
    }[item["protocol"]]
    return (
        f"<div id='wb-rate-card' data-protocol='{escape(item['protocol'])}'>"
        f"<div class='wb-rate-label'>Context</div>{context or '<p class=wb-rate-context>(start of the document)</p>'}"
        f"<div class='wb-rate-label'>Source</div><p id='wb-rate-source'>{escape(item['source'])}</p>"
        f"<div class='wb-rate-label'>Translation</div>"
        f"<p id='wb-rate-candidate' data-text='{escape(item['candidate'], quote=True)}'>{escape(item['candidate'])}</p>"
        f"<p class='wb-rate-help'>{escape(controls)}</p></div>"
    )


def progress_line(item: dict) -> str:
    if item.get("done"):
        return f"**{item['of']} of {item['of']} rated**"
    return f"**item {item['number']} of {item['of']}**"


class RateTab:
    def __init__(self, store: service.Store):
        self.store = store

    def role(self) -> str | None:
        actor = teams.current_actor()
        if actor is None:
            return None
        return actor.role or teams.account_role(self.store, actor.name)

    # ---- handlers
    def refresh(self, current=None):
        """Campaigns for the dropdown: the rater's own; an admin's own and every other; none for
        the other roles (who are not asked, so their page loads leave no refusal in the audit trail)."""
        role = self.role()
        if role not in ("rater", "admin"):
            return gr.update(choices=[], value=None)
        try:
            mine = [c["campaign"] for c in service.rater_campaigns(self.store)]
        except WorkbenchError:
            mine = []
        names = list(mine)
        if role == "admin":
            names += [n for n in service.campaign_names(self.store) if n not in names]
        value = current if current in names else (names[0] if names else None)
        return gr.update(choices=names, value=value)

    def show(self, campaign):
        """(place, item html, progress, score, errors, category, notice, admin table, plot)."""
        admin = self.admin_view(campaign)
        if not campaign:
            return None, "<p><em>No rating tasks for you yet.</em></p>", "", gr.update(), "[]", gr.update(), "", *admin
        try:
            item = service.next_item(self.store, campaign)
        except WorkbenchError as exc:
            return None, "", "", gr.update(), "[]", gr.update(), notice(str(exc), ok=False), *admin
        return self._item_outputs(item, "", admin)

    def _item_outputs(self, item, message, admin):
        protocol = item["protocol"]
        scored = protocol in ("da", "esa", "sxs")
        return (
            None if item.get("done") else item["place"],
            render_item(item),
            progress_line(item),
            gr.update(value=50, visible=scored and not item.get("done")),
            "[]",
            gr.update(visible=protocol == "mqm" and not item.get("done")),
            message,
            *admin,
        )

    def submit(self, campaign, place, score, errors, category):
        admin = (gr.update(), gr.update(), gr.update())
        if place is None:
            return None, gr.update(), gr.update(), gr.update(), gr.update(), gr.update(), "", *admin
        try:
            marks = json.loads(errors or "[]")
            for m in marks:
                m.setdefault("category", category or "Other")
            item = service.submit_rating(
                self.store, campaign, int(place), score=None if score in (None, "") else score, errors=marks
            )
        except (WorkbenchError, ValueError, TypeError, AttributeError) as exc:
            return (
                place,
                gr.update(),
                gr.update(),
                gr.update(),
                gr.update(),
                gr.update(),
                notice(str(exc), ok=False),
                *admin,
            )
        return self._item_outputs(item, notice("Saved."), admin)

    def admin_view(self, campaign):
        """Each rater's progress and the system scores (admin only; hidden otherwise)."""
        hidden = (gr.update(visible=False), gr.update(visible=False), gr.update(visible=False))
        if not campaign or self.role() != "admin":
            return hidden
        try:
            progress = service.rater_progress(self.store, campaign)
        except WorkbenchError:
            return hidden
        table = pd.DataFrame(
            [
                {"rater": r, "rated": p["rated"], "items": p["places"], "tasks": p["tasks"], "last": p["last"] or ""}
                for r, p in progress.items()
            ],
            columns=["rater", "rated", "items", "tasks", "last"],
        )
        try:
            scores = service.campaign_scores(self.store, campaign)
        except WorkbenchError:
            return gr.update(value=table, visible=True), gr.update(visible=False), gr.update(visible=False)
        points = pd.DataFrame(
            [
                {"system": s["system"], "value": float(v), "which": which}
                for s in scores["systems"]
                for which, v in (("score", s["score"]), ("95% low", s["ci"][0]), ("95% high", s["ci"][1]))
            ]
        )
        bins = [f"{lo}-{lo + 9}" if lo < 90 else "90-100" for lo in range(0, 100, 10)]
        if scores["protocol"] == "mqm":
            detail = pd.DataFrame(
                [
                    {"category": c, "points per segment": v["per_pair"], "system": s["system"]}
                    for s in scores["systems"]
                    for c, v in s.get("categories", {}).items()
                ],
                columns=["category", "points per segment", "system"],
            )
            other = gr.update(value=detail, x="category", y="points per segment", color="system", visible=True)
        else:
            detail = pd.DataFrame(
                [
                    {"score": b, "ratings": n, "rater": rater}
                    for rater, r in scores.get("raters", {}).items()
                    for b, n in zip(bins, r.get("bins", []), strict=False)
                ],
                columns=["score", "ratings", "rater"],
            )
            other = gr.update(value=detail, x="score", y="ratings", color="rater", visible=True)
        return gr.update(value=table, visible=True), gr.update(value=points, visible=True), other

    def build(self) -> None:
        gr.Markdown(
            "Rate the translations of your tasks, one at a time. Keys: type the score, **Ctrl+Enter** submits "
            "and opens the next; for errors select text in the translation and press **1** minor, **2** major, "
            "**3** critical."
        )
        with gr.Row():
            self.campaign = gr.Dropdown(label="Campaign", choices=[], elem_id="wb-rate-campaign", scale=3)
            self.progress = gr.Markdown(elem_id="wb-rate-progress")
        self.item = gr.HTML(elem_id="wb-rate-item")
        self.category = gr.Dropdown(
            list(service.CAMPAIGN_MQM_CATEGORIES),
            value=service.CAMPAIGN_MQM_CATEGORIES[0],
            label="Category of the next error",
            elem_id="wb-rate-category",
        )
        self.score = gr.Slider(0, 100, value=50, step=1, label="Score (0-100)", elem_id="wb-rate-score")
        self.errors = gr.Textbox(value="[]", elem_id="wb-rate-errors", elem_classes=["wb-rate-hidden"], label="errors")
        self.marks = gr.HTML("", elem_id="wb-rate-marks")
        self.submit_button = gr.Button("Submit and next (Ctrl+Enter)", variant="primary", elem_id="wb-rate-submit")
        self.notice = gr.Markdown(elem_id="wb-rate-notice")
        self.place = gr.State(None)
        self.admin_table = gr.Dataframe(
            label="Progress per rater", visible=False, interactive=False, elem_id="wb-rate-admin"
        )
        self.admin_plot = gr.ScatterPlot(
            x="system", y="value", color="which", label="System scores with their 95% intervals", visible=False
        )
        self.admin_detail = gr.BarPlot(
            x="score",
            y="ratings",
            color="rater",
            label="Each rater's scores (MQM: categories per system)",
            visible=False,
        )
        outputs = [
            self.place,
            self.item,
            self.progress,
            self.score,
            self.errors,
            self.category,
            self.notice,
            self.admin_table,
            self.admin_plot,
            self.admin_detail,
        ]
        self.campaign.change(self.show, [self.campaign], outputs, api_name=False, show_progress="hidden").then(
            None, js=RATE_FOCUS_JS
        )
        self.submit_button.click(
            self.submit,
            [self.campaign, self.place, self.score, self.errors, self.category],
            outputs,
            api_name=False,
            show_progress="hidden",
        ).then(None, js=RATE_FOCUS_JS)

    def wire(self, event, reopen: bool = False) -> None:
        """Fill the campaigns when ``event`` fires (a new choice opens its first unrated item);
        ``reopen``: open the item again too (a tab select, where the choice stays the same)."""
        fill = event(self.refresh, [self.campaign], [self.campaign], api_name=False)
        if reopen:
            fill.then(self.show, [self.campaign], self._outputs(), api_name=False, show_progress="hidden").then(
                None, js=RATE_FOCUS_JS
            )

    def _outputs(self):
        return [
            self.place,
            self.item,
            self.progress,
            self.score,
            self.errors,
            self.category,
            self.notice,
            self.admin_table,
            self.admin_plot,
            self.admin_detail,
        ]


__all__ = ["RATE_CSS", "RATE_JS", "RATE_TABS_JS", "RateTab", "escape_markdown", "progress_line", "render_item"]

"""Statistics tab: review progress, DA score distribution, HTER per segment, term accuracy and
MQM errors by category, as plots and numbers, for one document or the whole project.

Axes start at zero, counts have whole-number ticks, statuses come in workflow order, and HTER bars
are labelled by document and segment number so that two documents never share a label.
"""

from __future__ import annotations

import math

import gradio as gr
import pandas as pd

from .. import service
from .common import document_choices, escape_markdown, refresh_choices

SCORE_BINS = [f"{lo}-{lo + 9}" if lo < 90 else "90-100" for lo in range(0, 100, 10)]


def count_axis(values) -> list[float]:
    """A y range for counts: from 0, at least 0-4 so that ticks fall on whole segments."""
    top = max([0, *values])
    return [0, max(4, math.ceil(top))]


class StatisticsTab:
    def __init__(self, store: service.Store):
        self.store = store

    def documents(self):
        return [("Whole project", 0)] + document_choices(self.store)

    def refresh_documents(self, current=None):
        return refresh_choices(self.documents(), current if current else 0, prefer_last=False)

    def compute(self, document_id=0):
        document_id = int(document_id) if document_id else None
        m = service.metrics(self.store, document_id=document_id)
        rows = service.export_rows(self.store, document_id=document_id)
        progress = pd.DataFrame(
            {"status": list(service.STATUSES), "segments": [m["progress"].get(s, 0) for s in service.STATUSES]}
        )
        scores = [r.score for r in rows if r.score is not None]
        distribution = pd.DataFrame(
            {
                "score": SCORE_BINS,
                "segments": [
                    sum(1 for s in scores if (lo <= s < lo + 10) or (lo == 90 and s == 100)) for lo in range(0, 100, 10)
                ],
            }
        )
        by_id = {r.id: r for r in rows}
        documents = {r.document for r in rows}

        def label(segment_id):
            row = by_id.get(segment_id)
            if row is None:
                return str(segment_id)
            # "#12", never a bare number: the plot would take the column for a numeric axis
            return f"#{row.position}" if len(documents) == 1 else f"{row.document} #{row.position}"

        hter = pd.DataFrame(
            {"segment": [label(s["id"]) for s in m["per_segment"]], "HTER": [s["hter"] for s in m["per_segment"]]}
        )
        mqm = pd.DataFrame(
            {
                "category": list(service.MQM_CATEGORIES),
                "errors": [m["mqm_by_category"].get(c, 0) for c in service.MQM_CATEGORIES],
            }
        )

        def show(value, suffix=""):
            return "n/a" if value is None else f"{value}{suffix}"

        accuracy = "n/a" if m["term_accuracy"] is None else f"{m['term_accuracy']:.1%}"
        ref = m["reference"]
        summary = (
            f"| metric | value |\n|---|---|\n"
            f"| segments | {m['segments']} |\n"
            f"| MT vs final text ({m['hter_segments']} post-edited) | BLEU {show(m['bleu'])}, chrF {show(m['chrf'])}, "
            f"TER (HTER) {show(m['ter'])} |\n"
            f"| MT vs reference ({ref['segments']} segments) | BLEU {show(ref['bleu'])}, "
            f"chrF {show(ref['chrf'])}, TER {show(ref['ter'])} |\n"
            f"| term accuracy | {accuracy} |\n"
            f"| Direct Assessment | mean {show(m['da_mean'])} over {m['da_scored']} scored segments |\n"
            f"| MQM | {sum(m['mqm_by_category'].values())} errors, penalty {m['mqm_penalty']}, "
            f"{show(m['mqm_per_1000_words'])} per 1,000 words |\n"
            + "".join(
                f"| sacrebleu signature, {name} | {escape_markdown(sig)} |\n" for name, sig in m["signatures"].items()
            )
        )
        # TER in percent (it can pass 100), with room for the plot's title above the tallest bar
        hter_top = max([100, *(math.ceil(v * 1.1) for v in hter["HTER"].tolist())])
        return (
            summary,
            gr.BarPlot(progress, y_lim=count_axis(progress["segments"]), sort=list(service.STATUSES)),
            gr.BarPlot(distribution, y_lim=count_axis(distribution["segments"]), sort=SCORE_BINS),
            gr.BarPlot(hter, y_lim=[0, hter_top], sort=hter["segment"].tolist()),
            gr.BarPlot(mqm, y_lim=count_axis(mqm["errors"]), sort=list(service.MQM_CATEGORIES)),
        )

    PEOPLE = ["person", "part", "segments", "words", "done words", "done %", *service.STATUSES]

    def people(self, document_id=0) -> pd.DataFrame:
        """Progress and words per person over the work assigned to them (see `workbench assign`)."""
        rows = service.work_by_person(self.store, int(document_id) if document_id else None)
        return pd.DataFrame(
            [
                [r["person"], r["part"], r["segments"], r["words"], r["done_words"], r["done"]]
                + [r["by_status"][s] for s in service.STATUSES]
                for r in rows
            ],
            columns=self.PEOPLE,
        )

    def build(self) -> None:
        with gr.Row():
            document = gr.Dropdown(
                self.documents(), value=0, label="Statistics for", elem_id="wb-stats-document", scale=3
            )
            refresh = gr.Button("Refresh statistics", elem_id="wb-stats-refresh", scale=1)
        summary = gr.Markdown(elem_id="wb-stats-summary")
        with gr.Row():
            progress = gr.BarPlot(
                x="status",
                y="segments",
                title="Review progress (workflow order)",
                height=260,
                y_title="segments",
                y_axis_format="d",
                elem_id="wb-plot-progress",
            )
            distribution = gr.BarPlot(
                x="score",
                y="segments",
                title="Direct Assessment scores",
                height=260,
                y_title="segments",
                y_axis_format="d",
                x_title="DA score",
                elem_id="wb-plot-da",
            )
        with gr.Row():
            hter = gr.BarPlot(
                x="segment",
                y="HTER",
                title="HTER per post-edited segment (TER of MT vs final)",
                height=260,
                x_title="segment",
                y_title="HTER % (0 = MT kept)",
                x_label_angle=-45,
                elem_id="wb-plot-hter",
            )
            mqm = gr.BarPlot(
                x="category",
                y="errors",
                title="MQM errors by category",
                height=260,
                y_title="errors",
                y_axis_format="d",
                elem_id="wb-plot-mqm",
            )
        people = gr.Dataframe(
            headers=self.PEOPLE,
            label="Work per person (assigned work; a translator's is done once translated, a reviewer's once approved)",
            interactive=False,
            elem_id="wb-stats-people",
        )
        outputs = [summary, progress, distribution, hter, mqm]
        # one computation at a time, in the order asked: a slow whole-project run never lands after
        # (and over) the document the user picked since
        self.once = dict(api_name=False, concurrency_limit=1, concurrency_id="statistics")
        refresh.click(self.compute, [document], outputs, **self.once)
        document.change(self.compute, [document], outputs, **self.once)
        for trigger in (refresh.click, document.change):
            trigger(self.people, [document], [people], api_name=False)
        self.people_load = (self.people, [document], [people])
        self.on_load = (self.compute, [document], outputs)
        self.document = document

    def wire_refresh(self, event, current=None) -> None:
        """On ``event`` (page load, tab opened): refresh the document list, then the statistics."""
        event(self.refresh_documents, [current or self.document], [self.document], api_name=False).then(
            *self.on_load, **self.once
        ).then(*self.people_load, api_name=False)

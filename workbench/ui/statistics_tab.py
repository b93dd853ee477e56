"""Statistics tab: review progress, DA score distribution, HTER per segment, term accuracy and
MQM errors by category, as plots and numbers."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from .. import service
from ..store import STATUSES, Store


class StatisticsTab:
    def __init__(self, store: Store):
        self.store = store

    def compute(self):
        m = service.metrics(self.store)
        rows = service.export_rows(self.store)
        progress = pd.DataFrame({"status": list(STATUSES), "segments": [m["progress"].get(s, 0) for s in STATUSES]})
        scores = [r.score for r in rows if r.score is not None]
        bins = [f"{lo}-{lo + 9}" if lo < 90 else "90-100" for lo in range(0, 100, 10)]
        distribution = pd.DataFrame({"score": bins, "segments": [
            sum(1 for s in scores if (lo <= s < lo + 10) or (lo == 90 and s == 100)) for lo in range(0, 100, 10)]})
        position = {r.id: r.position for r in rows}
        hter = pd.DataFrame({"segment": [str(position.get(s["id"], s["id"])) for s in m["per_segment"]],
                             "HTER": [s["hter"] for s in m["per_segment"]]})
        mqm = pd.DataFrame({"category": list(service.MQM_CATEGORIES),
                            "errors": [m["mqm_by_category"].get(c, 0) for c in service.MQM_CATEGORIES]})

        def show(value, suffix=""):
            return "n/a" if value is None else f"{value}{suffix}"

        accuracy = "n/a" if m["term_accuracy"] is None else f"{m['term_accuracy']:.1%}"
        ref = m["reference"]
        summary = (
            f"| metric | value |\n|---|---|\n"
            f"| segments | {m['segments']} |\n"
            f"| MT vs final text ({m['hter_segments']} post-edited) | BLEU {show(m['bleu'])}, chrF {show(m['chrf'])}, "
            f"TER (HTER) {show(m['ter'])} |\n"
            f"| MT vs reference ({ref['segments']} segments) | BLEU {show(ref['bleu'])}, chrF {show(ref['chrf'])}, TER {show(ref['ter'])} |\n"
            f"| term accuracy | {accuracy} |\n"
            f"| Direct Assessment | mean {show(m['da_mean'])} over {m['da_scored']} scored segments |\n"
            f"| MQM | {sum(m['mqm_by_category'].values())} errors, penalty {m['mqm_penalty']}, "
            f"{show(m['mqm_per_1000_words'])} per 1,000 words |\n")
        return summary, progress, distribution, hter, mqm

    def build(self) -> None:
        refresh = gr.Button("Refresh statistics", elem_id="wb-stats-refresh")
        summary = gr.Markdown(elem_id="wb-stats-summary")
        with gr.Row():
            progress = gr.BarPlot(x="status", y="segments", title="Review progress", height=260)
            distribution = gr.BarPlot(x="score", y="segments", title="Direct Assessment scores", height=260)
        with gr.Row():
            hter = gr.BarPlot(x="segment", y="HTER", title="HTER per post-edited segment (TER of MT vs final)", height=260)
            mqm = gr.BarPlot(x="category", y="errors", title="MQM errors by category", height=260)
        refresh.click(self.compute, None, [summary, progress, distribution, hter, mqm], api_name=False)
        self.on_load = (self.compute, None, [summary, progress, distribution, hter, mqm])

"""``workbench lqa ...``: language quality assessment from the command line, a thin layer over
:mod:`workbench.service.lqa`."""

from __future__ import annotations

import click

from .. import service
from ..config import default_project
from .options import document_option, output_option, project_option, weights_option


@click.group("lqa")
def lqa_group():
    """Language quality assessment: MQM scorecards of the reviewed documents."""


@lqa_group.command("scorecard")
@project_option
@document_option(required=True, help="The document to score.")
@output_option(help="File to write: .xlsx or .html.")
@weights_option("TOML or JSON file of severity weights (minor = 1, major = 5, critical = 25: MQM's, the default).")
@click.option(
    "--threshold",
    type=float,
    default=None,
    help="Most penalty points per 1,000 source words for a pass (default 10).",
)
def scorecard_cmd(project, document_id, output, weights, threshold):
    """Write the LQA scorecard of a document: MQM errors per category and severity (of each
    segment's latest assessment), penalty points per 1,000 source words (each Han character a
    word, and each run of Latin letters or digits), pass or fail against the threshold."""
    from ..service.database import open_store

    store = open_store(project or default_project(), must_exist=True)
    card = service.export_scorecard(store, document_id, output, weights, threshold)
    per_1000 = "n/a" if card.per_1000 is None else f"{card.per_1000:g}"
    errors = sum(sum(by.values()) for by in card.counts.values())
    click.echo(
        f"wrote the scorecard of {card.document} to {output}: {errors} errors in {card.evaluated} evaluated "
        f"segments ({card.words} source words), penalty {card.penalty:g}, {per_1000} per 1,000 words, "
        f"threshold {card.threshold:g}: {'PASS' if card.passed else 'FAIL'}"
    )

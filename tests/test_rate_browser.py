"""Three raters rate a DA campaign in the browser (headless Chromium, Playwright), with the
keyboard only: two systems (the reference planted clearly better than the reviewed text) plus QC
repeats and bad references. The page never shows a system's name; a reload resumes; the
reference comes out in cluster 1 and the other in cluster 2; the reported alpha equals
krippendorff.alpha on the same rating matrix."""

from __future__ import annotations

import json
import re

import krippendorff
import numpy as np
import pytest
from sqlalchemy import func, select
from test_campaign_tasks import REFERENCE, SENTENCES

from workbench import service
from workbench.service import teams
from workbench.store import CampaignItem, CampaignRating, CampaignSystem, Segment, Store, Translation
from workbench.ui.common import free_port

pytestmark = pytest.mark.slow
PASSWORD = "rate with the keyboard"
RATERS = ("ann", "bo", "cy")


@pytest.fixture
def rating_app(tmp_path):
    from workbench.ui import launch

    db = tmp_path / "rate.db"
    store = Store(db)
    report = tmp_path / "r.txt"
    report.write_text("".join(SENTENCES) + "\n", "utf-8")
    doc = service.import_document(store, report).document_id
    with store.session() as session:
        rows = session.execute(
            select(Translation).join(Segment, Segment.id == Translation.segment_id).order_by(Segment.position)
        ).scalars()
        for translation, ref in zip(rows, REFERENCE, strict=True):
            translation.target = "draft: " + " ".join(reversed(ref.lower().split()))
            translation.reference = ref
    manifest = tmp_path / "m.toml"
    manifest.write_text(
        f'protocol = "da"\ndocuments = [{doc}]\nraters = ["ann", "bo", "cy"]\nitems_per_task = 14\n'
        'overlap = 3\nseed = 11\nsystems = ["reference", "reviewed"]\n[qc]\nrepeats = 1\nbad_references = 1\n',
        "utf-8",
    )
    service.create_campaign(store, "blind", manifest)
    service.campaign_tasks(store, "blind")
    teams.add_user(store, "boss", "admin", PASSWORD)
    for name in RATERS:
        teams.add_user(store, name, "rater", PASSWORD)
    port = free_port()
    app = launch(db, port=port, sample=None, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/", store
    finally:
        app.close()
        teams.set_actor_source(None)


def sign_in(browser, url: str, name: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.get_by_label("username").fill(name)
    page.get_by_label("password").fill(PASSWORD)
    page.get_by_role("button", name="Login").click()
    return context, page


def score_for(candidate: str, rater: int, number: int) -> int:
    if candidate in REFERENCE:
        return 80 + (number % 4) * 3 + rater
    if candidate.startswith("draft:"):
        return 25 + (number % 3) * 4 + rater * 2
    return 5  # a bad reference


def rate_page(page, rater: int, stop_after: int | None = None) -> int:
    rated = 0
    while True:
        progress = page.locator("#wb-rate-progress")
        page.wait_for_function(
            "() => /item \\d+ of|rated/.test(document.querySelector('#wb-rate-progress')?.innerText || '')"
        )
        text = progress.inner_text()
        if "rated" in text and "item" not in text:
            return rated
        number = int(re.search(r"item (\d+) of", text).group(1))
        page.wait_for_function(
            "() => document.activeElement === document.querySelector('#wb-rate-score input[type=number]')"
        )  # keyboard first: the score box has the focus
        body = page.locator("#wb-rate-item").inner_text()
        assert "reference" not in body.lower() and "reviewed" not in body.lower()  # no system names
        candidate = page.locator("#wb-rate-candidate").inner_text()
        page.keyboard.type(str(score_for(candidate, rater, number)))
        page.keyboard.press("Control+Enter")
        page.wait_for_function(
            "(n) => !(document.querySelector('#wb-rate-progress')?.innerText || '').includes('item ' + n + ' of')",
            arg=number,
        )
        rated += 1
        if stop_after is not None and rated == stop_after:
            return rated


def test_three_raters_rate_blind_with_the_keyboard(browser, rating_app):
    url, store = rating_app
    for index, name in enumerate(RATERS):
        context, page = sign_in(browser, url, name)
        try:
            page.locator("#wb-rate-card").wait_for()
            page.get_by_role("tab", name="Review").wait_for(state="hidden", timeout=15_000)  # the Rate tab only
            if index == 0:  # a reload resumes where the rater stopped
                rate_page(page, index, stop_after=3)
                page.reload()
                page.locator("#wb-rate-card").wait_for()
                page.get_by_text("item 4 of 14").wait_for()
            rate_page(page, index)
            assert "All items rated" in page.locator("#wb-rate-item").inner_text()
        finally:
            context.close()
    # the admin sees each rater's progress
    context, page = sign_in(browser, url, "boss")
    try:
        page.get_by_role("tab", name="Rate").click()
        page.get_by_text("Progress per rater").wait_for()
        table = page.locator("#wb-rate-admin").inner_text()
        assert all(name in table for name in RATERS)
    finally:
        context.close()
    scores = service.campaign_scores(store, "blind")
    systems = {s["system"]: s for s in scores["systems"]}
    assert systems["reference"]["cluster"] == 1 and systems["reviewed"]["cluster"] == 2
    assert all(q["repeats"]["pairs"] == 1 for q in scores["qc"].values())
    with store.session() as session:
        rows = session.execute(
            select(CampaignRating.rater, CampaignSystem.name, CampaignItem.segment_id, CampaignRating.score)
            .join(CampaignItem, CampaignItem.id == CampaignRating.item_id)
            .join(CampaignSystem, CampaignSystem.id == CampaignItem.system_id)
        ).all()
    items = sorted({(s, seg) for _, s, seg, _ in rows})
    matrix = np.full((len(RATERS), len(items)), np.nan)
    for rater, system, seg, score in rows:
        matrix[RATERS.index(rater), items.index((system, seg))] = score
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval")
    assert scores["agreement"]["alpha"] == pytest.approx(expected)
    assert json.dumps(scores)  # plain data


def test_mqm_spans_are_marked_with_number_keys(browser, tmp_path):
    from workbench.store import CampaignAnnotation
    from workbench.ui import launch

    db = tmp_path / "mqm.db"
    store = Store(db)
    report = tmp_path / "r.txt"
    report.write_text("".join(SENTENCES[:3]) + "\n", "utf-8")
    doc = service.import_document(store, report).document_id
    with store.session() as session:
        for translation, ref in zip(
            session.scalars(select(Translation).join(Segment).order_by(Segment.position)), REFERENCE, strict=False
        ):
            translation.target = ref
    manifest = tmp_path / "m.toml"
    manifest.write_text(
        f'protocol = "mqm"\ndocuments = [{doc}]\nraters = ["ann"]\nitems_per_task = 3\nseed = 1\n'
        'systems = ["reviewed"]\n',
        "utf-8",
    )
    service.create_campaign(store, "spans", manifest)
    service.campaign_tasks(store, "spans")
    teams.add_user(store, "ann", "rater", PASSWORD)
    port = free_port()
    app = launch(db, port=port, sample=None, prevent_thread_lock=True, quiet=True)
    try:
        context, page = sign_in(browser, f"http://127.0.0.1:{port}/", "ann")
        page.locator("#wb-rate-card").wait_for()
        page.get_by_text("item 1 of 3").wait_for()
        page.wait_for_function(  # the item is open: the focus is on it, for the keys
            "() => document.activeElement === document.querySelector('#wb-rate-candidate')"
        )
        candidate = page.locator("#wb-rate-candidate").inner_text()
        page.evaluate(
            "() => { const c = document.querySelector('#wb-rate-candidate'); const r = document.createRange();"
            " r.setStart(c.firstChild, 4); r.setEnd(c.firstChild, 9); const s = window.getSelection();"
            " s.removeAllRanges(); s.addRange(r); }"
        )
        page.keyboard.press("2")  # major, of the category in the list (Accuracy/Mistranslation)
        page.locator("#wb-rate-candidate mark.wb-rate-major").wait_for()
        page.keyboard.press("Control+Enter")
        page.get_by_text("item 2 of 3").wait_for()
        page.keyboard.press("Control+Enter")  # no marks: no error
        page.get_by_text("item 3 of 3").wait_for()
        context.close()
    finally:
        app.close()
        teams.set_actor_source(None)
    with store.session() as session:
        marks = [(a.category, a.severity, a.start, a.end) for a in session.scalars(select(CampaignAnnotation))]
        ratings = session.scalar(select(func.count(CampaignRating.id)))
    assert marks == [("Accuracy/Mistranslation", "major", 4, 9)] and candidate[4:9] == REFERENCE[0][4:9]
    assert ratings == 2

"""The review grid in a real headless Chromium (Debian's chromium, Playwright) at 1280 x 800.

One app for the module: the sample report imported and machine-translated with the tiny model
before the browser opens. Screenshots go to tests/screenshots/ (gitignored): the grid, the editor
with a span selected, Translate mid-run and Statistics.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from workbench import service
from workbench.config import sample_report
from workbench.store import Store
from workbench.ui.common import free_port

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).parent / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}

pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (run-tests.sh installs it)"
)


@pytest.fixture(scope="module")
def review_app(tmp_path_factory, tiny_model):
    """(url, store, document id) of a running app on a translated sample report."""
    from workbench.ui import launch

    folder = tmp_path_factory.mktemp("grid")
    saved = {k: os.environ.get(k) for k in ("WORKBENCH_HOME", "HF_HUB_OFFLINE", "HF_HOME")}
    os.environ.update(WORKBENCH_HOME=str(folder / "home"), HF_HUB_OFFLINE="1", HF_HOME=str(folder / "hf"))
    store = Store(folder / "grid.db")
    document = service.import_document(store, sample_report()).document_id
    service.translate_project(store, service.get_engine("marian", str(tiny_model)))
    port = free_port()
    app = launch(folder / "grid.db", port=port, sample=None, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/", store, document
    app.close()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def open_review(page, url):
    page.goto(url)
    page.get_by_role("tab", name="Review").click()
    page.locator("#wb-grid tr[data-id]").first.wait_for()


def visible_rows(page) -> int:
    """Grid rows wholly inside both the grid's scroll box and the window."""
    return page.evaluate("""() => {
      const box = document.querySelector('#wb-grid .wb-grid-box').getBoundingClientRect();
      return [...document.querySelectorAll('#wb-grid tr[data-id]')].filter((row) => {
        const r = row.getBoundingClientRect();
        return r.height > 0 && r.top >= Math.max(box.top, 0) - 1 && r.bottom <= Math.min(box.bottom, innerHeight) + 1;
      }).length; }""")


def test_grid_shows_twelve_bilingual_rows_at_1280x800(review_app, page):
    url, store, document = review_app
    SHOTS.mkdir(exist_ok=True)
    open_review(page, url)
    first = page.locator("#wb-grid tr[data-id]").first
    assert first.locator("td.src").inner_text().strip() and first.locator("td.tgt").inner_text().strip()
    page.screenshot(path=str(SHOTS / "grid.png"))
    assert visible_rows(page) >= 12
    family = page.evaluate("getComputedStyle(document.querySelector('#wb-grid td.src')).fontFamily")
    assert "mono" not in family.lower()
    status = first.locator(".wb-st")
    assert status.inner_text() == "MT draft" and status.evaluate("e => getComputedStyle(e).color") != "rgb(0, 0, 0)"
    page.screenshot(path=str(SHOTS / "grid.png"))


def test_keyboard_only_pass_over_ten_segments(review_app, page):
    """Open segment 1 with Alt+Down, then for ten segments: type an edit, sometimes a DA score
    (Alt+D), then Ctrl+Enter (reviewed) or Ctrl+Shift+Enter (approved); some moved over with
    Alt+Down without saving. The database holds exactly those edits, scores and statuses."""
    url, store, document = review_app
    before = {r["position"]: r for r in service.segment_rows(store, document)}
    page.goto(url)
    page.evaluate("localStorage.setItem('wb-reviewer', 'Keyboard Kim')")
    open_review(page, url)
    assert page.locator("#wb-reviewer input, #wb-reviewer textarea").first.input_value() == "Keyboard Kim"
    page.keyboard.press("Alt+ArrowDown")  # nothing open yet: opens segment 1
    target = page.locator("#wb-target textarea")
    page.wait_for_function("document.activeElement === document.querySelector('#wb-target textarea')")
    plan = {}  # position -> (text, score, status) or None when skipped without saving
    for position in range(1, 13):
        page.wait_for_function(f"document.querySelector('#wb-grid tr.wb-current')?.dataset.pos === '{position}'")
        page.wait_for_function("document.activeElement === document.querySelector('#wb-target textarea')")
        if position in (4, 9):  # looked at, left as it was
            page.keyboard.press("Alt+ArrowDown")
            plan[position] = None
            continue
        text = f"Keyboard edit of segment {position}."
        if position == 5:  # copy the source, insert the MT; Esc to the grid and Enter back
            page.keyboard.press("Alt+s")
            page.wait_for_function(f"document.querySelector('#wb-target textarea').value === {before[5]['source']!r}")
            page.keyboard.press("Alt+m")
            page.wait_for_function(f"document.querySelector('#wb-target textarea').value === {before[5]['mt']!r}")
            page.keyboard.press("Escape")
            page.wait_for_function("document.activeElement?.matches('#wb-grid tr.wb-current')")
            page.keyboard.press("Enter")
            page.wait_for_function("document.activeElement === document.querySelector('#wb-target textarea')")
        page.keyboard.press("Control+a")
        page.keyboard.type(text)
        score = None
        if position % 3 == 0:
            score = 60 + position
            page.keyboard.press("Alt+d")
            page.keyboard.type(str(score))
        approve = position in (2, 6, 10)
        page.keyboard.press("Control+Shift+Enter" if approve else "Control+Enter")
        plan[position] = (text, score, "approved" if approve else "reviewed")
        page.locator("#wb-review-notice").get_by_text(f"Saved segment {position} ").wait_for()
    assert target.input_value() == before[13]["target"]  # segment 13 open, untouched
    after = {r["position"]: r for r in service.segment_rows(store, document)}
    for position, row in after.items():
        expected = plan.get(position)
        detail = service.segment_detail(store, row["id"])
        if expected is None:
            assert (row["target"], row["status"], row["revision"]) == (
                before[position]["target"],
                before[position]["status"],
                before[position]["revision"],
            )
            assert detail["score"] is None
            continue
        text, score, status = expected
        assert (row["target"], row["status"], detail["score"]) == (text, status, score), position
        assert detail["history"][-1]["author"] == "Keyboard Kim"
    assert sum(1 for p in plan.values() if p) == 10
    # the grid shows what was saved: status words and the DA score where one was given
    row3 = page.locator("#wb-grid tr[data-pos='3']")
    assert "reviewed" in row3.locator(".wb-st").inner_text() and "DA 63" in row3.inner_text()
    assert page.locator("#wb-grid tr[data-pos='2'] .wb-st").inner_text() == "approved"
    assert "DA" not in page.locator("#wb-grid tr[data-pos='1']").inner_text()


def test_error_span_marked_by_selecting_words_of_the_target(review_app, page):
    url, store, document = review_app
    segment = service.segment_at(store, document, 20)
    text = "The grid marks errors on the words you select, any occurrence of the words."
    service.save_review(store, segment, text, "reviewed", "setup", None)
    page.goto(url)
    page.evaluate("localStorage.setItem('wb-reviewer', 'Span Sun')")
    open_review(page, url)
    go_to = page.locator("#wb-segment-number input")
    # issue 23: empty with its placeholder, not 0 (Gradio 6's Number showed 0); a word gets one notice
    assert go_to.input_value() == "" and go_to.get_attribute("placeholder") == "#"
    go_to.fill("twenty")
    go_to.press("Enter")
    page.locator("#wb-review-notice").get_by_text("is not a segment number").wait_for()
    assert "\u201ctwenty\u201d is not a segment number" in page.locator("#wb-review-notice").inner_text()
    go_to.fill("20")
    go_to.press("Enter")
    page.wait_for_function(f"document.querySelector('#wb-target textarea').value === {text!r}")
    # select the second "the words" with the keyboard: Home, then Shift+Right over the span
    start = text.index("the words", text.index("the words") + 1)
    box = page.locator("#wb-target textarea")
    box.focus()
    page.keyboard.press("Control+Home")
    for _ in range(start):
        page.keyboard.press("ArrowRight")
    for _ in range(len("the words")):
        page.keyboard.press("Shift+ArrowRight")
    assert box.evaluate("b => [b.selectionStart, b.selectionEnd]") == [start, start + 9]
    page.screenshot(path=str(SHOTS / "editor-span-selected.png"))
    page.locator("#wb-category").get_by_text("terminology", exact=True).click()  # click 1: category
    page.locator("#wb-sev-major").click()  # click 2: severity
    page.locator("#wb-errors mark.wb-err.major").wait_for()
    assert page.locator("#wb-errors mark.wb-err").inner_text() == "the words"
    page.locator("#wb-save").click()
    page.locator("#wb-review-notice").get_by_text("Saved segment 20").wait_for()
    detail = service.segment_detail(store, segment)
    assert detail["errors"] == [dict(category="terminology", severity="major", start=start, end=start + 9, note="")]
    assert detail["score"] is None  # an error span is not a score
    mark = page.locator("#wb-grid tr[data-pos='20'] mark.wb-err")
    assert mark.inner_text() == "the words" and "major terminology" in mark.get_attribute("title")
    page.screenshot(path=str(SHOTS / "editor-span-saved.png"), full_page=True)


class SlowEngine:
    """The real tiny engine, slowed down per batch so that a run lasts long enough to look at."""

    def __init__(self, engine, seconds: float):
        self.engine, self.seconds = engine, seconds

    def __getattr__(self, name):
        return getattr(self.engine, name)

    def translate(self, *args, **kwargs):
        time.sleep(self.seconds)
        return self.engine.translate(*args, **kwargs)


def test_translate_shows_its_progress_bar_and_is_disabled_while_running(review_app, page, tiny_model):
    from workbench.service import engines

    url, store, document = review_app
    sentences = "".join(f"第{n}条要求是加强第{n}个社区的网格化管理。" for n in range(1, 81))
    extra = service.import_document(store, service_source(sentences, "slow-report.txt")).document_id
    real = service.get_engine("marian", str(tiny_model))
    key = next(k for k in engines.loaded_engines() if k[0] == "marian" and k[1] == str(Path(tiny_model).resolve()))
    engines._loaded[key] = SlowEngine(real, 0.5)
    try:
        page.goto(url)
        page.get_by_role("tab", name="Translate").click()
        page.locator("#wb-translate-document input").click()
        page.get_by_role("option", name=f"{extra}: slow-report").click()
        model = page.locator("#wb-model input")
        model.fill(str(tiny_model))
        model.press("Enter")
        go = page.locator("#wb-translate-go")
        go.click()
        page.wait_for_function("document.querySelector('#wb-translate-go').disabled === true", timeout=5_000)
        page.locator("#wb-translate-notice").get_by_text("translating").first.wait_for(timeout=20_000)
        page.wait_for_function(
            "/translating - [1-9]/.test(document.querySelector('#wb-translate-notice').textContent)", timeout=20_000
        )  # mid-run: some batches done, more to come
        box = page.locator("#wb-translate-notice").bounding_box()
        bar = page.locator("#wb-translate-notice").get_by_text("translating").first.bounding_box()
        assert box["height"] > 20 and bar["height"] > 0 and 0 <= bar["y"] < VIEWPORT["height"]
        assert go.is_disabled()
        page.screenshot(path=str(SHOTS / "translate-mid-run.png"))
        page.locator("#wb-translate-notice").get_by_text("Translated 80 of 80 segments").wait_for(timeout=60_000)
        page.wait_for_function("document.querySelector('#wb-translate-go').disabled === false")
    finally:
        engines._loaded[key] = real
    assert all(r["mt"] for r in service.segment_rows(store, extra))
    assert service.get_engine("marian", str(tiny_model)) is real  # loaded once, reused


def service_source(text: str, name: str):
    from workbench.ingest import SourceText

    return SourceText(text, "utf-8", name)


def test_glossary_tab_is_current_and_its_form_export_and_errors_are_right(review_app, page, tmp_path):
    from workbench.glossary import Term

    url, store, document = review_app
    # added after the app started: the summary and the table must show it (they were fixed at start)
    service.save_term(store, Term("试点网格", "pilot grid cell", ("pilot grid unit",)), glossary="late additions")
    # the same Chinese term in two glossaries: exported once
    service.save_term(store, Term("村委", "village committee"), glossary="late additions")
    page.goto(url)
    page.get_by_role("tab", name="Glossary").click()
    summary = page.locator("#wb-glossary-summary")
    summary.get_by_text("late additions").wait_for()
    page.locator("#wb-glossary-search input, #wb-glossary-search textarea").first.fill("试点网格")
    page.locator("#wb-glossary-search input, #wb-glossary-search textarea").first.press("Enter")
    table = page.locator("#wb-glossary-table")
    table.get_by_text("pilot grid cell", exact=True).wait_for()
    # the note, source and glossary columns stay on screen beside a long variants list
    for header in ("note", "source", "glossary"):
        cell = table.locator("th", has_text=header).first.bounding_box()
        assert cell and cell["x"] + cell["width"] <= VIEWPORT["width"], header
    # delete the term: the form forgets its id, so the next Save adds a new term instead of failing
    table.get_by_test_id("cell-0-2").click()
    page.get_by_text("Add or edit a term").click()
    entry = page.get_by_label("Entry id (0: a new term)")
    page.wait_for_function("[...document.querySelectorAll('input, textarea')].some(i => i.value === 'pilot grid cell')")
    assert int(entry.input_value()) > 0
    page.locator("#wb-delete-term").click()
    page.locator("#wb-glossary-notice").get_by_text("Deleted entry").wait_for()
    assert entry.input_value() in ("0", "")
    page.get_by_label("Chinese term").fill("楼栋长")
    page.get_by_label("Preferred English").fill("building head")
    page.get_by_role("button", name="Save term").click()
    page.locator("#wb-glossary-notice").get_by_text("Saved 楼栋长").wait_for()
    assert service.search_terms(store, "楼栋长") and not service.search_terms(store, "试点网格")
    # export: the count in the notice is the number of terms in the file
    page.get_by_text("Import or export").click()
    page.get_by_role("button", name="Export", exact=True).click()
    notice = page.locator("#wb-glossary-notice").get_by_text("Exported")
    notice.wait_for()
    link = page.locator("#wb-glossary-file a").first
    written = page.request.get(link.get_attribute("href")).text().count("<conceptEntry")
    assert f"Exported {written} terms" in notice.inner_text()
    # an import error names the file as the user knows it, not the server's temp folder
    bad = tmp_path / "my-terms.tsv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    page.locator("input[type=file]").last.set_input_files(str(bad))
    page.get_by_role("button", name="Import", exact=True).click()
    error = page.locator("#wb-glossary-notice").get_by_text("my-terms.tsv")
    error.wait_for()
    assert "/tmp" not in error.inner_text() and "gradio" not in error.inner_text()


def test_preferences_are_kept_in_the_browser(review_app, page):
    url, store, document = review_app
    open_review(page, url)
    page.locator("#wb-reviewer input, #wb-reviewer textarea").first.fill("Pref Pan")
    page.get_by_text("Preferences (kept in this browser)").click()
    page.locator("#wb-page-size input").click()
    page.get_by_role("option", name="25", exact=True).click()
    page.locator("#wb-grid-info").get_by_text("page 1 of 4").wait_for()
    page.locator("#wb-checks").get_by_text("length", exact=True).click()  # switch the length check off
    page.wait_for_function("!JSON.parse(localStorage.getItem('wb-checks') || '[]').includes('length')")
    page.reload()
    open_review(page, url)
    page.locator("#wb-grid-info").get_by_text("page 1 of 4").wait_for()
    assert page.locator("#wb-reviewer input, #wb-reviewer textarea").first.input_value() == "Pref Pan"
    assert page.locator("#wb-grid .wb-badge", has_text="length").count() == 0


def test_statistics_for_one_document(review_app, page):
    url, store, document = review_app
    service.save_review(
        store, service.segment_at(store, document, 30), "A scored sentence.", "reviewed", "Stat", None, score=77
    )
    scored = sum(1 for r in service.export_rows(store, document_id=document) if r.score is not None)
    page.goto(url)
    page.get_by_role("tab", name="Statistics").click()
    page.locator("#wb-stats-document input").click()
    page.get_by_role("option", name=f"{document}: ").first.click()
    page.locator("#wb-stats-summary").get_by_text(f"over {scored} scored segments").wait_for()
    page.locator("#wb-stats-summary").get_by_text("| segments | 78 |").or_(
        page.locator("#wb-stats-summary td", has_text="78")
    ).first.wait_for()
    page.wait_for_timeout(1500)  # the plots draw
    page.screenshot(path=str(SHOTS / "statistics-1280.png"), full_page=True)


def test_a_glossary_rendering_is_inserted_at_the_cursor_by_a_click(review_app, page):
    url, store, document = review_app
    open_review(page, url)
    page.locator("#wb-segment-number input").fill("20")
    page.locator("#wb-segment-number input").press("Enter")
    chip = page.locator("#wb-terms button.wb-chip").first
    chip.wait_for()
    rendering = chip.get_attribute("data-insert")
    box = page.locator("#wb-target textarea")
    box.fill("Before after")
    box.evaluate("b => b.setSelectionRange(7, 7)")
    chip.click()
    assert box.input_value() == f"Before {rendering}after"
    diff = page.locator("#wb-diff")
    diff.get_by_text(rendering.split()[0]).first.wait_for()  # the live diff saw the change


def test_the_editor_shows_tm_matches_and_concordance_and_inserts_a_match_as_tm(review_app, page):
    """A sentence reviewed in the sample comes back as a match in another report; Alt+1 inserts
    it and the save is recorded with origin "tm"."""
    from workbench.ingest import SourceText

    url, store, document = review_app
    reviewed = service.segment_rows(store, document)[40]
    service.save_review(store, reviewed["id"], "A sentence the reviewer approved.", "approved", "Li", None)
    other = service.import_document(
        store, SourceText(reviewed["source"] + "\n\n另一个没有译文的句子。", "utf-8", "second-report.txt")
    ).document_id
    page.goto(url)
    page.evaluate("localStorage.setItem('wb-reviewer', 'Tm Tester')")
    open_review(page, url)
    page.locator("#wb-review-document input").click()
    page.get_by_role("option", name=f"{other}: ").first.click()
    page.wait_for_function("document.querySelector('#wb-grid tr[data-pos=\"1\"]') !== null")
    page.keyboard.press("Alt+ArrowDown")  # opens segment 1 of the second report
    page.locator("#wb-tm-matches").get_by_text("100%").first.wait_for()
    assert "A sentence the reviewer approved." in page.locator("#wb-tm-matches").inner_text()
    phrase = reviewed["source"][2:6]  # concordance: a phrase of the Chinese, hits highlighted
    page.locator("#wb-tm-query textarea, #wb-tm-query input").first.fill(phrase)
    page.locator("#wb-tm-search").click()
    page.locator("#wb-tm-hits mark").first.wait_for()
    assert page.locator("#wb-tm-hits mark").first.inner_text() == phrase
    page.locator("#wb-target textarea").focus()
    page.keyboard.press("Alt+1")
    page.wait_for_function(
        "document.querySelector('#wb-target textarea').value === 'A sentence the reviewer approved.'"
    )
    page.keyboard.press("Control+Enter")
    page.locator("#wb-review-notice").get_by_text("Saved segment 1 ").wait_for()
    first = service.segment_at(store, other, 1)
    last = service.history(store, first)[-1]
    assert (last["origin"], last["text"], last["author"]) == ("tm", "A sentence the reviewer approved.", "Tm Tester")


def test_leaving_an_edited_segment_saves_it_by_default(review_app, page):
    """Save-on-leave is on by default: type, Alt+Down saves the edit (a revision by the reviewer)
    and opens the next segment; with no reviewer name the save is refused, the segment stays open
    with the edit and the notice says why, in view."""
    url, store, document = review_app
    page.goto(url)
    page.evaluate("localStorage.setItem('wb-reviewer', '')")
    open_review(page, url)
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_function("document.activeElement === document.querySelector('#wb-target textarea')")
    page.locator("#wb-grid tr.wb-current").wait_for()  # the grid shows the open row
    opened = page.evaluate("document.querySelector('#wb-grid tr.wb-current').dataset.pos")
    page.locator("#wb-target textarea").fill("an edit with nobody to sign it")
    page.keyboard.press("Alt+ArrowDown")
    page.locator("#wb-review-notice").get_by_text("reviewer").wait_for()
    page.wait_for_function(IN_VIEWPORT, arg="#wb-review-notice")  # brought into view next to the buttons
    assert page.evaluate("document.querySelector('#wb-grid tr.wb-current').dataset.pos") == opened
    assert page.locator("#wb-target textarea").input_value() == "an edit with nobody to sign it"

    page.evaluate("localStorage.setItem('wb-reviewer', 'Leave Lee')")
    open_review(page, url)
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_function("document.activeElement === document.querySelector('#wb-target textarea')")
    page.locator("#wb-grid tr.wb-current").wait_for()  # the grid shows the open row
    opened = page.evaluate("document.querySelector('#wb-grid tr.wb-current').dataset.pos")
    segment = int(page.evaluate("document.querySelector('#wb-grid tr.wb-current').dataset.id"))
    page.locator("#wb-target textarea").fill("saved on the way to the next one")
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_function(f"document.querySelector('#wb-grid tr.wb-current')?.dataset.pos === '{int(opened) + 1}'")
    last = service.history(store, segment)[-1]
    assert (last["text"], last["author"]) == ("saved on the way to the next one", "Leave Lee")


def test_leaving_an_edited_segment_asks_first(review_app, page):
    """With save-on-leave off (the reviewer's choice, kept in this browser): type in the target,
    press Alt+Down: the browser asks; Cancel keeps the segment open with the edit; OK moves on
    (the edit was dropped because the reviewer said so, not silently)."""
    url, store, document = review_app
    page.goto(url)
    page.evaluate("localStorage.setItem('wb-reviewer', 'Ask Ada')")
    page.evaluate("localStorage.setItem('wb-save-on-leave:Ask Ada', '0')")
    open_review(page, url)
    assert not page.locator("#wb-save-on-leave input").is_checked()
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_function("document.activeElement === document.querySelector('#wb-target textarea')")
    opened = page.evaluate("document.querySelector('#wb-grid tr.wb-current').dataset.pos")
    page.locator("#wb-target textarea").fill("an edit nobody saved yet")
    asked = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_timeout(500)
    assert asked and "unsaved edit" in asked[0]
    assert page.evaluate("document.querySelector('#wb-grid tr.wb-current').dataset.pos") == opened
    assert page.locator("#wb-target textarea").input_value() == "an edit nobody saved yet"
    page.once("dialog", lambda d: answer(d, False))
    page.get_by_role("tab", name="Statistics").click()  # a tab change asks too
    assert len(asked) == 2
    page.once("dialog", lambda d: answer(d, True))
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_function(f"document.querySelector('#wb-grid tr.wb-current')?.dataset.pos === '{int(opened) + 1}'")
    assert len(asked) == 3


IN_VIEWPORT = """(sel) => { const n = document.querySelector(sel); if (!n) return false;
    const r = n.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; }"""


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(IN_VIEWPORT, selector)


def test_a_refused_save_is_told_next_to_the_buttons_in_view(review_app, page):
    url, store, document = review_app
    page.goto(url)
    page.evaluate("localStorage.setItem('wb-reviewer', '')")
    open_review(page, url)
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_function("document.activeElement === document.querySelector('#wb-target textarea')")
    page.screenshot(path=str(SHOTS / "row-open.png"))
    for selector in ("#wb-target textarea", "#wb-status", "#wb-score input", "#wb-save-next", "#wb-save"):
        assert in_viewport(page, selector), selector
    page.keyboard.press("Control+Enter")
    notice = page.locator("#wb-review-notice").get_by_text("enter your name as reviewer")
    notice.wait_for()
    page.wait_for_timeout(400)  # the editor brings it into view once the event has finished
    assert in_viewport(page, "#wb-review-notice")
    assert page.locator("#wb-review-notice").get_attribute("aria-live") == "polite"
    page.screenshot(path=str(SHOTS / "refused-save.png"))

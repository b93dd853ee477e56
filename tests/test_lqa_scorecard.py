"""The LQA scorecard: errors per category and severity, penalty per 1,000 source words, pass or
fail; its figures against a hand computation on a three-segment report."""

import json

import openpyxl
import pytest

from workbench import service
from workbench.errors import WorkbenchError
from workbench.lqa import ScoredSegment, scorecard, source_words
from workbench.store import Store


def test_source_words_count_han_characters_and_latin_runs():
    assert source_words("第二句话GDP增长5%。") == 8  # 第二句话增长: 6, GDP: 1, 5: 1; % and 。 are no words
    assert source_words("增长12.5%，达到 2,400 亿元") == 2 + 1 + 2 + 1 + 2  # 12.5 and 2,400 are one word each
    assert source_words("") == 0 and source_words("。，！") == 0


@pytest.fixture
def scored(tmp_path):
    """标题 (2 words, translated, not reviewed), 第一句话。 (4, reviewed, a minor and a major error),
    第二句话GDP增长5%。 (8, approved, one critical error; an earlier assessment had two more)."""
    report = tmp_path / "r.txt"
    report.write_text("标题\n\n第一句话。第二句话GDP增长5%。\n", "utf-8")
    store = Store(tmp_path / "p.db")
    doc = service.import_document(store, report, title='Report <b>"A"</b>').document_id
    ids = [r["id"] for r in service.segment_rows(store, doc)]
    service.save_edit(store, ids[0], "Title", "translated", "mt", 0)
    service.save_edit(store, ids[1], "The first sentence.", "reviewed", "Li", 0)
    service.save_edit(store, ids[2], "The second sentence: GDP grew 5%.", "approved", "Li", 0)
    service.assess(
        store,
        ids[1],
        "Li",
        70,
        "",
        [
            dict(category="fluency", severity="minor", start=4, end=9, note="<script>alert(1)</script>"),
            dict(category="accuracy", severity="major", start=10, end=18),
        ],
    )
    service.assess(
        store,
        ids[2],
        "Li",
        20,
        "",
        [dict(category="style", severity="major"), dict(category="style", severity="minor")],
    )
    service.assess(store, ids[2], "Wang", 40, "", [dict(category="terminology", severity="critical", start=21, end=24)])
    return store, doc, ids


def test_scorecard_equals_the_hand_computation(scored):
    store, doc, ids = scored
    card = service.document_scorecard(store, doc)
    # evaluated: segments 2 and 3 (reviewed, approved; assessed); words 4 + 8 = 12
    assert (card.segments, card.evaluated, card.words, card.document_words) == (3, 2, 12, 14)
    assert card.counts["fluency"] == {"minor": 1, "major": 0, "critical": 0}
    assert card.counts["accuracy"] == {"minor": 0, "major": 1, "critical": 0}
    assert card.counts["terminology"] == {"minor": 0, "major": 0, "critical": 1}
    assert card.counts["style"] == {"minor": 0, "major": 0, "critical": 0}  # superseded by Wang's assessment
    assert card.penalty == 1 + 5 + 25
    assert card.per_1000 == round(31 * 1000 / 12, 2) == 2583.33
    assert card.threshold == 10 and card.passed is False
    assert [e["words"] for e in card.errors] == ["first", "sentence", "GDP"]
    weighted = service.document_scorecard(store, doc, {"minor": 2, "major": 4, "critical": 10}, threshold=1500)
    assert weighted.penalty == 2 + 4 + 10 and weighted.per_1000 == 1333.33 and weighted.passed


def test_the_pure_function_passes_at_the_threshold_and_fails_with_nothing_evaluated():
    segments = [ScoredSegment(1, 1, "一" * 1000, "x" * 10, True, [dict(category="accuracy", severity="major")])]
    assert scorecard("d", segments, ("accuracy",), threshold=5).passed  # 5 per 1,000 words: at the threshold
    assert not scorecard("d", segments, ("accuracy",), threshold=4.99).passed
    nothing = scorecard("d", [ScoredSegment(1, 1, "一", "", False)], ("accuracy",))
    assert nothing.per_1000 is None and not nothing.passed and nothing.evaluated == 0


def test_cli_writes_xlsx_and_escaped_html(scored, tmp_path, cli):
    store, doc, ids = scored
    db = store.url.removeprefix("sqlite:///")
    (tmp_path / "w.toml").write_text("[weights]\nminor = 2\nmajor = 4\ncritical = 10\n", "utf-8")
    result = cli(
        "lqa", "scorecard", "--project", db, "-d", doc, "-o", tmp_path / "s.xlsx",
        "--weights", tmp_path / "w.toml", "--threshold", 1500,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "3 errors in 2 evaluated segments (12 source words), penalty 16, 1333.33 per 1,000 words" in result.stdout
    assert result.stdout.rstrip().endswith("threshold 1500: PASS")
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    summary = {r[0]: r[1] for r in book["Scorecard"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Penalty points"] == 16 and summary["Penalty per 1,000 source words"] == 1333.33
    assert summary["Result"] == "PASS" and summary["Document"] == 'Report <b>"A"</b>'
    total = next(r for r in book["Scorecard"].iter_rows(values_only=True) if r and r[0] == "total")
    assert total == ("total", 1, 1, 1, 3, 16)
    errors = list(book["Errors"].iter_rows(values_only=True))
    assert errors[1] == (ids[1], 2, "fluency", "minor", "first", "<script>alert(1)</script>")
    (tmp_path / "w.json").write_text(json.dumps({"critical": 100}), "utf-8")
    result = cli(
        "lqa", "scorecard", "--project", db, "-d", doc, "-o", tmp_path / "s.html", "--weights", tmp_path / "w.json"
    )
    assert result.returncode == 0 and "penalty 106" in result.stdout and "FAIL" in result.stdout
    page = (tmp_path / "s.html").read_text("utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Report &lt;b&gt;&quot;A&quot;&lt;/b&gt;" in page and "<b>" not in page


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "s.pdf"], "s.pdf: a scorecard is written as .xlsx or .html"),
        (["-o", "s.xlsx", "--weights", "bad.toml"], "bad.toml: not a valid TOML weights file"),
        (["-o", "s.xlsx", "--weights", "odd.json"], "odd.json: unknown severity 'neutral'"),
        (["-o", "s.xlsx", "--weights", "none.toml"], "none.toml: no such weights file"),
        (["-o", "s.xlsx", "--threshold", "-1"], "the threshold must be a number from 0 up"),
    ],
)
def test_cli_refuses_bad_input_with_one_line(scored, tmp_path, cli, args, message):
    store, doc, _ = scored
    (tmp_path / "bad.toml").write_text("minor = = 1\n", "utf-8")
    (tmp_path / "odd.json").write_text('{"neutral": 0}', "utf-8")
    result = cli("lqa", "scorecard", "--project", store.url.removeprefix("sqlite:///"), "-d", doc, *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "s.xlsx").exists()


def test_unknown_document_is_refused(scored):
    store, _, _ = scored
    with pytest.raises(WorkbenchError, match="no source document with id 99"):
        service.document_scorecard(store, 99)


def test_export_tab_button_writes_the_scorecard(scored):
    from workbench.ui.export_tab import ExportTab

    store, doc, _ = scored
    tab = ExportTab(store)
    path, message = tab.scorecard(doc, "HTML", 3000)
    assert path.endswith("-lqa-scorecard.html") and "2583.33 penalty points per 1,000 source words" in message
    assert "threshold 3000\\: PASS" in message and "<h1>LQA scorecard" in open(path, encoding="utf-8").read()
    path, message = tab.scorecard(doc, "XLSX", None)
    assert path.endswith(".xlsx") and message.endswith("threshold 10\\: FAIL")
    path, message = tab.scorecard(0, "XLSX", 10)
    assert path is None and "choose a document for the LQA scorecard" in message

"""The review grid's filter (one GridFilter for every criterion): DA score range, errors by
severity or category, TM match band, one QA check, changed by me, changed since a date, their
combinations and the count they match; and the document's progress (words by status)."""

import re
from datetime import datetime

import pytest

from workbench import service
from workbench.errors import WorkbenchError
from workbench.service import GridFilter
from workbench.service.review import apply_edit
from workbench.store import Revision, Store

SOURCES = [
    "经济平稳运行。",  # 1 DA 90
    "改革不断深化。",  # 2 DA 40, a major accuracy error; Ann reviews it
    "制度更加完善。",  # 3 DA 70, a minor fluency error; Bo reviews it
    "开放水平提高。",  # 4 not scored, a critical terminology error
    "市场活力增强。",  # 5 TM 100
    "创新能力提升。",  # 6 TM 97
    "城乡差距缩小。",  # 7 TM 88, then edited by Ann (still from an 85-94 match)
    "环境持续改善。",  # 8 TM 60
    "村委召开会议。",  # 9 Chinese left in the target
    "二〇二三年增长百分之五，达到120亿元。",  # 10 a number missing in the target
]
TARGETS = [
    "The economy ran smoothly.",
    "Reform deepened.",
    "Systems improved further.",
    "Opening up rose.",
    "Market vitality grew.",
    "Innovation capacity rose.",
    "The urban-rural gap narrowed.",
    "The environment kept improving.",
    "The 村委 held a meeting.",
    "Growth was five percent in 2023, reaching 12 billion yuan.",
]
OLD = datetime(2020, 1, 1)


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    folder = tmp_path_factory.mktemp("filters")
    report = folder / "report.txt"
    report.write_text("\n".join(SOURCES) + "\n", encoding="utf-8")
    store = Store(folder / "p.db")
    doc = service.import_document(store, report).document_id
    ids = {r["position"]: r["id"] for r in service.segment_rows(store, doc)}
    assert len(ids) == len(SOURCES)
    with store.writing() as session:
        for n, target in enumerate(TARGETS, 1):
            origin = "tm" if n in (5, 6, 7, 8) else "mt"
            apply_edit(session, ids[n], target, "translated", "", None, origin)
        for n, score in ((5, 100), (6, 97), (7, 88), (8, 60)):
            session.query(Revision).filter(Revision.segment_id == ids[n]).update({"match_score": score})
        session.query(Revision).update({"created_at": OLD})  # everything so far happened in 2020
    service.assess(store, ids[1], "Cy", 90)
    service.assess(store, ids[2], "Cy", 40, errors=[dict(category="accuracy", severity="major", start=0, end=6)])
    service.assess(store, ids[3], "Cy", 70, errors=[dict(category="fluency", severity="minor", start=0, end=7)])
    service.assess(
        store, ids[4], "Cy", None, errors=[dict(category="terminology", severity="critical", start=0, end=7)]
    )
    service.save_review(store, ids[2], "Reform kept deepening.", "reviewed", "Ann")
    service.save_review(store, ids[7], "The gap between town and country narrowed.", "reviewed", "Ann")
    service.save_review(store, ids[3], "Systems were improved further.", "approved", "Bo")
    return store, doc, ids


def positions(grid, **criteria):
    store, doc, ids = grid
    where = GridFilter(**criteria)
    total, rows = service.review_page(store, doc, 0, 100, where=where)
    assert total == len(rows)  # the count is of every matching segment
    found = [r["position"] for r in rows]
    # the page the grid opens on follows the same filter
    if found and not where.by_qa:
        assert service.page_of(store, doc, found[-1], 2, where=where) == (len(found) - 1) // 2 + 1
    return found


def test_no_criterion_shows_every_segment(grid):
    assert positions(grid) == list(range(1, 11))
    assert not GridFilter(checks={"numbers"}).active and GridFilter(score_min=1).active


def test_da_score_range(grid):
    assert positions(grid, score_min=60) == [1, 3]
    assert positions(grid, score_max=70) == [2, 3]
    assert positions(grid, score_min=40, score_max=70) == [2, 3]
    assert positions(grid, score_min=91) == []  # an unscored segment is in no range


def test_has_errors_by_severity_or_category(grid):
    assert positions(grid, error_severity="any") == [2, 3, 4]
    assert positions(grid, error_severity="critical") == [4]
    assert positions(grid, error_category="fluency") == [3]
    assert positions(grid, error_category="any", error_severity="major") == [2]
    assert positions(grid, error_category="accuracy", error_severity="minor") == []


def test_tm_match_band(grid):
    assert positions(grid, match_band="100+") == [5]
    assert positions(grid, match_band="95-99") == [6]
    assert positions(grid, match_band="85-94") == [7]  # still its TM band after Ann's edit
    assert positions(grid, match_band="75-84") == []
    assert positions(grid, match_band="<75") == [8]
    assert positions(grid, match_band="none") == [1, 2, 3, 4, 9, 10]


def test_flagged_by_one_qa_check(grid):
    assert positions(grid, qa_check="untranslated") == [9]
    assert positions(grid, qa_check="numbers") == [10]
    # one check narrows "QA flags only"; the flags shown are still those of the enabled checks
    store, doc, ids = grid
    total, rows = service.review_page(
        store, doc, where=GridFilter(qa_only=True, qa_check="numbers", checks={"numbers", "untranslated"})
    )
    assert total == 1 and {f["check"] for f in rows[0]["flags"]} == {"numbers"}


def test_changed_by_me_and_since_a_date(grid):
    assert positions(grid, changed_by="Ann") == [2, 7]
    assert positions(grid, changed_by="Bo") == [3]
    assert positions(grid, changed_since="2021-01-01") == [2, 3, 7]
    assert positions(grid, changed_since="2019-12-31 23:59") == list(range(1, 11))
    assert positions(grid, changed_by="Ann", changed_since=datetime(2019, 1, 1)) == [2, 7]


def test_combinations_must_all_hold(grid):
    assert positions(grid, changed_by="Ann", status="reviewed", error_severity="any") == [2]
    assert positions(grid, changed_since="2021-01-01", score_min=50) == [3]
    assert positions(grid, match_band="none", qa_check="untranslated", text="meeting") == [9]
    assert positions(grid, changed_by="Ann", match_band="85-94", text="town") == [7]
    assert positions(grid, status="approved", score_max=50) == []


def test_bad_criteria_are_one_clear_error():
    for bad, message in (
        (dict(changed_since="last week"), "YYYY-MM-DD"),
        (dict(changed_since="2024-02-30"), "no date"),
        (dict(score_min=120), "between 0 and 100"),
        (dict(score_min=80, score_max=20), "above the highest"),
        (dict(match_band="90-100"), "TM match band"),
        (dict(error_severity="huge"), "severity"),
        (dict(qa_check="spelling"), "QA check"),
    ):
        with pytest.raises(WorkbenchError, match=message):
            GridFilter(**bad)
    assert GridFilter(status="", text="  ", score_min=None, match_band="").active is False


def test_progress_counts_words_by_status(grid):
    store, doc, ids = grid
    han = [len(re.findall(r"[\u4e00-\u9fff\u3007]", s)) for s in SOURCES]
    progress = service.progress(store, doc)
    assert progress["words"] == {
        "new": 0,
        "translated": sum(han) - han[1] - han[2] - han[6] + 1,  # + "120" in segment 10
        "reviewed": han[1] + han[6],
        "approved": han[2],
        "rejected": 0,
    }
    assert progress["segments"] == dict(new=0, translated=7, reviewed=2, approved=1, rejected=0)
    assert progress["total_words"] == sum(han) + 1 and progress["total_segments"] == 10
    assert service.grid.words("GDP增长5.2%，达到1,200亿") == 8  # GDP 增 长 5.2 达 到 1,200 亿


def test_review_tab_filters_count_and_progress_bar(grid):
    import gradio as gr

    from workbench.ui.review_tab import FILTER_FIELDS, ReviewTab, progress_html

    store, doc, ids = grid
    tab = ReviewTab(store)
    with gr.Blocks():
        tab.build()

    def values(**chosen):
        base = dict(document=doc, status="", text="", qa_only=False, checks=["numbers"], page=1, page_size=50)
        base.update(chosen)
        return [base.get(name) for name in FILTER_FIELDS] + [None]  # then the open segment

    html, info, page = tab.first_page(*values())
    assert html.count("data-id=") == 10 and "10 segments" in info and "of 10 segments match" not in info
    assert 'class="wb-progress"' in info and "translated: 52 words" in info
    html, info, _ = tab.first_page(*values(mine=True, reviewer="Ann", error_severity="any"))
    assert html.count("data-id=") == 1 and f'data-id="{ids[2]}"' in html and "1 of 10 segments match" in info
    _, info, _ = tab.first_page(*values(mine=True))
    assert "enter your name" in info
    html, info, _ = tab.first_page(*values(since="yesterday"))
    assert html.count("data-id=") == 0 and "YYYY-MM-DD" in info and "yesterday" in info
    html, info, _ = tab.first_page(*values(match_band="none", score_min=50))
    assert html.count("data-id=") == 2 and "2 of 10 segments match" in info  # segments 1 and 3
    # the old seven filter values still work (the others are left out)
    assert tab.load_page(doc, "", "", False, [], 1, 50, None)[0].count("data-id=") == 10
    bar = progress_html(dict(words={"new": 3, "<b>x</b>": 1}, total_words=4))
    assert "<b>" not in bar and "new: 3 words (75%)" in bar


def test_a_tm_match_inserted_in_the_editor_keeps_its_score_for_the_band_filter(tmp_path):
    import gradio as gr

    from workbench.ui.review_tab import ReviewTab

    report = tmp_path / "r.txt"
    report.write_text("经济平稳运行。\n改革不断深化。\n", encoding="utf-8")
    store = Store(tmp_path / "p.db")
    doc = service.import_document(store, report).document_id
    first, second = (r["id"] for r in service.segment_rows(store, doc))
    tab = ReviewTab(store)
    with gr.Blocks():
        tab.build()
    filters = (doc, "", "", False, [], 1, 50)
    opened = tab._open(first, filters)
    out = tab.save(
        "stay", opened[tab.current], "The economy ran smoothly.", "translated", None, "", "Li", [], *filters,
        origin="tm", match_score=97,
    )  # fmt: skip
    assert "Saved segment 1" in out[tab.message]
    service.save_review(store, second, "Reform deepened.", "translated", "Li", origin="edit", match_score=99)
    assert service.review_page(store, doc, where=GridFilter(match_band="95-99"))[1][0]["id"] == first
    assert [r["id"] for r in service.review_page(store, doc, where=GridFilter(match_band="none"))[1]] == [second]

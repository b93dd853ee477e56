"""Consistency QA: the same source translated differently, the same translation for different
sources, a glossary term rendered differently; as pure functions, over a project, and from the CLI."""

import json

import pytest

from workbench import service
from workbench.consistency import Unit, check_consistency, rendering_of
from workbench.errors import WorkbenchError
from workbench.glossary import Term, TermMatcher
from workbench.service.review import apply_edit
from workbench.store import Store

#: (source, translation): exactly three inconsistencies, one of each kind
PAIRS = [
    ("我们要坚持改革开放。", "We must uphold reform and opening up."),  # 1
    ("我们要坚持改革开放。", "We must persist in reform and opening up."),  # 2: (a) with 1
    ("经济保持稳定增长。", "The economy grew steadily."),  # 3
    ("经济持续稳定发展。", "The economy grew steadily."),  # 4: (b) with 3
    ("加强基层党组织建设。", "Strengthen primary-level Party organizations."),  # 5
    ("基层党组织发挥作用。", "Grassroots Party organizations play their role."),  # 6: (c) with 5
    ("我们要坚持改革开放 。", "We must uphold reform and opening up."),  # 7: same as 1 (space and full stop folded)
    ("第2023年计划。", "The plan for 2023."),  # 8
    ("第2024年计划。", "The plan for 2024."),  # 9: not the same source as 8 (numbers differ)
    ("还没有翻译。", ""),  # 10: untranslated, left out
    ("还没有翻译。", ""),  # 11
]


@pytest.fixture
def project(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("\n".join(source for source, _ in PAIRS) + "\n", encoding="utf-8")
    store = Store(tmp_path / "p.db")
    doc = service.import_document(store, report).document_id
    rows = service.segment_rows(store, doc)
    assert [r["source"] for r in rows] == [s for s, _ in PAIRS]
    with store.writing() as session:
        for row, (_, target) in zip(rows, PAIRS, strict=True):
            if target:
                apply_edit(session, row["id"], target, "translated", "", None, "mt")
    return store, doc, {r["position"]: r["id"] for r in rows}, tmp_path / "p.db"


def test_exactly_the_three_known_inconsistencies(project):
    store, doc, ids, path = project
    report = service.consistency_report(store, document_id=doc)
    assert report.segments == 9
    assert report.counts() == {"source": 1, "target": 1, "term": 1}
    source, target, term = report.groups
    assert (source.kind, [e.position for e in source.entries]) == ("source", [1, 2, 7])
    assert source.variants == ["We must uphold reform and opening up.", "We must persist in reform and opening up."]
    assert (target.kind, target.key, [e.position for e in target.entries]) == (
        "target",
        "The economy grew steadily.",
        [3, 4],
    )
    assert (term.kind, term.key, term.term) == ("term", "基层党组织", "primary-level Party organizations")
    assert [(e.position, e.rendering) for e in term.entries] == [
        (5, "primary-level Party organizations"),
        (6, "grassroots Party organizations"),
    ]
    assert [e.segment for e in term.entries] == [ids[5], ids[6]]
    # the whole project is the same here; an unknown document is one clear error
    assert len(service.consistency_report(store).groups) == 3
    with pytest.raises(WorkbenchError, match="no document"):
        service.consistency_report(store, document_id=999)


def test_pure_functions_case_space_and_renderings():
    units = [
        Unit(1, 1, 1, "甲。", "The  Plan."),
        Unit(2, 1, 2, "乙。", "the plan."),  # same target, case and spaces aside, for another source
        Unit(3, 1, 3, "甲。", "The Plan."),  # same source, same target once spaces are made one
    ]
    groups = check_consistency(units)
    assert [(g.kind, [e.position for e in g.entries]) for g in groups] == [("target", [1, 2, 3])]
    term = Term("两委", "the two committees", variants=("village committees",), forbidden=("two commissions",))
    assert rendering_of(term, "The village committees met.") == "village committees"
    assert rendering_of(term, "The two commissions met.") == "two commissions"
    assert rendering_of(term, "Nobody met.") is None
    matcher = TermMatcher([term])
    units = [
        Unit(1, 1, 1, "村“两委”开会。", "The two committees met."),
        Unit(2, 1, 2, "两委开会了。", "The Two Committees met again."),  # same rendering, another case
        Unit(3, 1, 3, "两委工作。", "Nobody works."),  # no rendering at all: the glossary check's business
    ]
    assert check_consistency(units, matcher) == []
    units.append(Unit(4, 2, 1, "两委换届。", "The two commissions were elected."))
    (group,) = check_consistency(units, matcher)
    assert group.variants == ["the two committees", "two commissions"]
    assert [(e.document, e.position) for e in group.entries] == [(1, 1), (1, 2), (2, 1)]


def test_cli_json_and_text(project, cli):
    store, doc, ids, path = project
    result = cli("qa", "consistency", "--project", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["counts"] == {"source": 1, "target": 1, "term": 1}
    assert [(g["kind"], [e["position"] for e in g["entries"]]) for g in data["groups"]] == [
        ("source", [1, 2, 7]),
        ("target", [3, 4]),
        ("term", [5, 6]),
    ]
    assert data["groups"][2]["entries"][1]["segment"] == ids[6]
    text = cli("qa", "consistency", "-p", str(path), "-d", str(doc))
    assert text.returncode == 0, text.stderr
    assert f"{doc}:#1" in text.stdout and f"{doc}:#4" in text.stdout and f"{doc}:#6" in text.stdout
    assert "3 groups in 9 translated segments" in text.stdout
    missing = cli("qa", "consistency", "-p", str(path), "-d", "999")
    assert missing.returncode == 2 and "no document 999" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_app_report_is_escaped_and_its_buttons_open_the_segment_in_review(project):
    import gradio as gr

    from workbench.ui.qa_tab import FindReplaceTab, consistency_html
    from workbench.ui.review_tab import ReviewTab

    store, doc, ids, _ = project
    for position in (3, 4):
        service.save_edit(store, ids[position], "The <img src=x> economy grew.", "translated", "Ann")
    panel = FindReplaceTab(store)
    html, message = panel.consistency(doc)
    assert "3 inconsistencies in 9 translated segments" in message
    assert "<img" not in html and "&lt;img src=x&gt;" in html
    for position in (1, 2, 7, 3, 4, 5, 6):
        assert f'data-segment="{ids[position]}"' in html and f"{doc}:#{position}</button>" in html
    assert "Nothing inconsistent" in consistency_html(service.ConsistencyReport(doc, 0))
    _, bad = panel.consistency(999)
    assert bad.startswith("\u26a0") and "no document 999" in bad

    with gr.Blocks():
        with gr.Tabs() as tabs:
            with gr.Tab("Review", id="review"):
                review = ReviewTab(store)
                review.build()
            with gr.Tab("QA"):
                panel.build()
        review.wire_open(panel.report, tabs)
    click = type("Event", (), {"_data": {"segment": ids[6]}})()
    out = review.open_elsewhere(click, None, "", "", False, list(service.QA_CHECKS), 1, 50)
    assert out[review.current]["id"] == ids[6] and out[review.current]["position"] == 6
    assert out[review.document] == doc
    assert out[review.target] == "Grassroots Party organizations play their role."
    assert f'data-id="{ids[6]}"' in out[review.grid] and "wb-current" in out[review.grid]
    assert out[tabs].selected == "review"  # the Review tab is shown

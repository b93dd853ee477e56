"""LQA out and back: MQM errors and DA scores in XLIFF 2.0 (ITS Localization Quality Issues),
XLSX/CSV (the errors column) and JSONL, merged into another project of the same report."""

import openpyxl
import pytest
from lxml import etree

from workbench import service
from workbench.config import sample_report
from workbench.errors import WorkbenchError
from workbench.formats.issues import cell_text, parse_cell
from workbench.store import Store

TARGETS = {
    0: "Strengthen community-level organizations",
    1: 'Under the "overall plan" of the central leadership, the grid covers every village.',
    2: "A third sentence, with a third sentence in it.",
}
ERRORS = {
    0: [dict(category="terminology", severity="major", start=0, end=10, note="use 'Consolidate'")],
    1: [
        dict(category="accuracy", severity="critical", start=10, end=24, note='the "plan" is a guideline'),
        dict(category="fluency", severity="minor", start=14, end=31, note=""),  # overlaps the first
        dict(category="style", severity="minor", start=0, end=0, note="omission: no subject"),  # no span
    ],
    2: [dict(category="locale conventions", severity="minor", start=25, end=39, note="")],
}
SCORES = {0: 60, 1: 35, 2: 80}


def translated_project(path):
    """The sample report with three segments translated (the same way in every project)."""
    store = Store(path)
    doc = service.import_document(store, sample_report()).document_id
    rows = service.segment_rows(store, doc)
    for n, text in TARGETS.items():
        service.save_edit(store, rows[n]["id"], text, "reviewed", "translator", base_revision=0)
    return store, doc, [rows[n]["id"] for n in TARGETS]


def assessed_project(path):
    store, doc, ids = translated_project(path)
    for n, segment in enumerate(ids):
        service.assess(store, segment, "Reviewer A", SCORES[n], f"note {n}", ERRORS[n])
    return store, doc, ids


def lqa(store, ids):
    rows = {r.id: r for r in service.export_rows(store)}
    return [(rows[i].target, rows[i].score, rows[i].notes, rows[i].errors) for i in ids]


@pytest.mark.parametrize(
    "fmt, name", [("xliff", "lqa.xlf"), ("xlsx", "lqa.xlsx"), ("csv", "lqa.csv"), ("jsonl", "lqa.jsonl")]
)
def test_errors_and_scores_travel_and_merge_into_a_fresh_project(tmp_path, fmt, name):
    store, _, ids = assessed_project(tmp_path / "a.db")
    service.export_project(store, tmp_path / name, fmt)
    fresh, _, fresh_ids = translated_project(tmp_path / "b.db")
    assert fresh_ids == ids and lqa(fresh, ids) != lqa(store, ids)
    dry = service.merge_file(fresh, tmp_path / name, "Li", dry_run=True)
    assert dry.assessed == 3 and dry.merge_id is None and lqa(fresh, ids) != lqa(store, ids)  # nothing written
    report = service.merge_file(fresh, tmp_path / name, "Li")
    assert report.assessed == 3 and report.updated == 0 and not report.conflicts
    assert lqa(fresh, ids) == lqa(store, ids)
    with fresh.session() as session:
        from workbench.store import Assessment

        merged = session.query(Assessment).filter(Assessment.segment_id.in_(ids)).all()
        assert {a.reviewer for a in merged} == {"Li"} and len(merged) == 3
    # the same file again: nothing new
    assert service.merge_file(fresh, tmp_path / name, "Li").assessed == 0
    # undone as one step, with the rest of the merge
    service.undo_step(fresh, "last", "Li", kind="merge")
    assert all(r[3] == [] and r[1] is None for r in lqa(fresh, ids))


def test_xliff_issues_are_its_annotations_and_validate(tmp_path):
    store, _, ids = assessed_project(tmp_path / "a.db")
    path = tmp_path / "lqa.xlf"
    service.export_project(store, path, "xliff")
    tree = etree.parse(str(path))
    its = "http://www.w3.org/2005/11/its"
    markers = tree.getroot().findall(".//{urn:oasis:names:tc:xliff:document:2.0}sm")
    assert len(markers) == 5
    first = markers[0]
    assert first.get(f"{{{its}}}locQualityIssueType") == "terminology"
    assert first.get(f"{{{its}}}locQualityIssueSeverity") == "50"
    assert first.get(f"{{{its}}}locQualityIssueComment") == "use 'Consolidate'"
    # in the order of the text: the error without a span (0-0) first, then the two overlapping ones
    assert [m.get(f"{{{its}}}locQualityIssueType") for m in markers[1:4]] == ["style", "mistranslation", "grammar"]
    target = tree.getroot().findall(".//{urn:oasis:names:tc:xliff:document:2.0}target")[1]
    assert "".join(target.itertext()) == TARGETS[1]
    # validated against the XLIFF 2.0 core schema in tests/test_schemas.py
    from translate.storage.xliff2 import Xliff2File  # another reader sees the plain target text

    units = {u.getid(): u for u in Xliff2File.parsefile(str(path)).units}
    assert any(u.target == TARGETS[1] for u in units.values())
    back = {r.id: r for r in service.read_bilingual(path)}
    assert back[ids[1]].target == TARGETS[1] and back[ids[1]].score == 35
    assert sorted(back[ids[1]].errors, key=lambda e: e["start"]) == sorted(ERRORS[1], key=lambda e: e["start"])


def test_its_annotations_of_another_tool_are_read(tmp_path):
    """ITS attributes only (no wb:), on an <mrk>: the issue type and severity are mapped to MQM's."""
    path = tmp_path / "other.xlf"
    path.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:its="http://www.w3.org/2005/11/its" '
        'version="2.0" srcLang="zh" trgLang="en"><file id="f1"><unit id="7"><segment>'
        "<source>第一句。</source><target>The <mrk id='m1' type='its:generic' its:locQualityIssueType='misspelling' "
        "its:locQualityIssueSeverity='90' its:locQualityIssueComment='typo'>frist</mrk> sentence.</target>"
        "</segment></unit></file></xliff>",
        "utf-8",
    )
    (row,) = service.read_bilingual(path)
    assert row.target == "The frist sentence."
    assert row.errors == [dict(category="fluency", severity="critical", start=4, end=9, note="typo")]


def test_errors_cell_is_readable_and_parses_back():
    target = 'He said "good" and left.'
    errors = [
        dict(category="accuracy", severity="major", start=8, end=14, note='a "quoted" note / with a slash'),
        dict(category="locale conventions", severity="minor", start=0, end=0, note=""),
    ]
    text = cell_text(errors, target)
    assert text.splitlines() == [
        'accuracy / major / 8-14 "\\"good\\"" / "a \\"quoted\\" note / with a slash"',
        'locale conventions / minor / 0-0 ""',
    ]
    assert parse_cell(text, target) == errors
    # written by hand: no span, the words are found; an edited target moves the span with the words
    assert parse_cell('Fluency / Minor / "left"  / plain note', target) == [
        dict(category="fluency", severity="minor", start=19, end=23, note="plain note")
    ]
    assert parse_cell('style / minor / 0-4 "good"', "So good.")[0]["start"] == 3
    for bad, reason in [
        ("accuracy major", "expected category / severity / start-end"),
        ('accuracy / major / "absent"', "the words 'absent' are not in the target"),
        ('accuracy / major / "e"', "are 2 times in the target"),
        ("accuracy / major / 1-2 words", "the words must be in double quotes"),
    ]:
        with pytest.raises(ValueError, match=reason):
            parse_cell(bad, target)


def test_a_bad_error_in_a_sheet_names_the_line_and_merges_nothing(tmp_path):
    store, _, ids = assessed_project(tmp_path / "a.db")
    service.export_project(store, tmp_path / "lqa.xlsx", "xlsx")
    fresh, _, _ = translated_project(tmp_path / "b.db")
    before = lqa(fresh, ids)
    workbook = openpyxl.load_workbook(tmp_path / "lqa.xlsx")
    sheet = workbook.active
    assert (
        sheet["L1"].value == "errors"
        and sheet["L2"].value == 'terminology / major / 0-10 "Strengthen" / "use \'Consolidate\'"'
    )
    sheet["L3"] = 'grammar / minor / 0-3 "Und"'  # not an MQM category
    workbook.save(tmp_path / "lqa.xlsx")
    with pytest.raises(WorkbenchError, match=r"lqa\.xlsx, line 3 \(segment \d+\): unknown MQM category 'grammar'"):
        service.merge_file(fresh, tmp_path / "lqa.xlsx", "Li")
    sheet["L3"] = 'accuracy / minor / "nowhere"'
    workbook.save(tmp_path / "lqa.xlsx")
    with pytest.raises(WorkbenchError, match=r"line 3: errors, line 1 of the cell: the words 'nowhere' are not in"):
        service.merge_file(fresh, tmp_path / "lqa.xlsx", "Li")
    assert lqa(fresh, ids) == before


def test_a_new_score_keeps_the_errors(tmp_path):
    store, _, ids = assessed_project(tmp_path / "a.db")
    path = tmp_path / "r.tsv"
    source = service.export_rows(store)[0].source
    path.write_text(f"id\tsource\ttarget\tscore\n{ids[0]}\t{source}\t{TARGETS[0]}\t90\n", "utf-8")
    assert service.merge_file(store, path, "Li").assessed == 1
    first = next(r for r in service.export_rows(store) if r.id == ids[0])
    assert first.score == 90 and first.errors == ERRORS[0]


@pytest.mark.parametrize("fmt, name", [("xliff", "lqa.xlf"), ("xlsx", "lqa.xlsx")])
def test_errors_scores_and_targets_merge_into_an_untranslated_project_of_the_same_report(tmp_path, fmt, name):
    """A fresh project of the same report, nothing translated yet: the file's revisions are not a
    conflict there (there is no translation to lose), so targets, scores and errors come back."""
    store, _, ids = assessed_project(tmp_path / "a.db")
    service.export_project(store, tmp_path / name, fmt)
    fresh = Store(tmp_path / "b.db")
    service.import_document(fresh, sample_report())
    report = service.merge_file(fresh, tmp_path / name, "Li")
    assert not report.conflicts and report.updated == len(ids) and report.assessed == 3
    assert lqa(fresh, ids) == lqa(store, ids)

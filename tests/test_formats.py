"""Bilingual files: hostile text round-trips, independent readers, merge back, metrics."""

import csv
import json

import docx
import openpyxl
import pytest
from lxml import etree

from workbench import service
from workbench.config import sample_report
from workbench.errors import ConflictError, WorkbenchError
from workbench.store import Document, Segment, Store, Translation

HOSTILE = [
    ("比较<b>与&amp;</b>", "compare <b> & </b> &amp;"),
    ("他说：“好”‘是’", "He said \"good\" and 'yes'"),
    ("表情😀测试", "emoji 😀 test"),
    ("零宽\u200b字符\u200d", "zero\u200bwidth\u200d"),
    ("公式", "=SUM(A1:A9)"),
    ("长句" * 2000, "long " * 2000),
    ("空译文", ""),
    ("+加号", "-minus @at"),
]


@pytest.fixture
def hostile_store(tmp_path):
    """A project whose segments hold hostile text, written through the store as the UI would."""
    store = Store(tmp_path / "p.db")
    with store.session() as session:
        project = service.get_project(session)
        doc = Document(project_id=project.id, name="hostile & <doc>.txt", title="t", content_hash="x", raw_text="x")
        session.add(doc)
        session.flush()
        for i, (source, _) in enumerate(HOSTILE, 1):
            segment = Segment(document_id=doc.id, position=i, paragraph=i, kind="body", source=source)
            segment.translation = Translation(status="new", target="")
            session.add(segment)
        session.flush()
        ids = [s.id for s in session.query(Segment).order_by(Segment.position)]
    for segment_id, (_, target) in zip(ids, HOSTILE, strict=False):
        if target:
            service.save_edit(store, segment_id, target, "translated", author="tester", base_revision=0)
    service.assess(store, ids[0], "tester", 70, 'note with <xml> & "quotes"')
    return store, ids


@pytest.mark.parametrize(
    "fmt, suffix",
    [
        ("tmx", ".tmx"),
        ("xliff", ".xlf"),
        ("xliff12", ".xlf"),
        ("csv", ".csv"),
        ("tsv", ".tsv"),
        ("xlsx", ".xlsx"),
        ("jsonl", ".jsonl"),
    ],
)
def test_hostile_text_round_trips(hostile_store, tmp_path, fmt, suffix):
    store, ids = hostile_store
    path = tmp_path / f"out{suffix}"
    # a TMX takes the MT drafts (translated) only when asked, and never the new (empty) segment
    expected = [(i, s, t) for i, (s, t) in zip(ids, HOSTILE, strict=False) if t or fmt != "tmx"]
    count = service.export_project(store, path, fmt, include_mt=fmt == "tmx")
    assert count == len(expected)
    back = service.read_bilingual(path)
    assert [(r.id, r.source, r.target) for r in back] == expected
    first = back[0]
    assert first.status == "translated" and first.revision == 1
    if fmt not in ("tmx",):
        assert first.score == 70
    assert first.notes == 'note with <xml> & "quotes"'


@pytest.mark.parametrize("fmt", ["tmx", "xliff", "xliff12"])
def test_xml_exports_parse_with_lxml_and_translate_toolkit(hostile_store, tmp_path, fmt):
    from translate.storage import factory

    store, ids = hostile_store
    path = tmp_path / ("out.tmx" if fmt == "tmx" else "out.xlf")
    service.export_project(store, path, fmt, include_mt=fmt == "tmx")
    etree.parse(str(path))  # well-formed
    if fmt == "xliff":
        from translate.storage.xliff2 import Xliff2File

        store_ = Xliff2File.parsefile(str(path))
    else:
        store_ = factory.getobject(str(path))
    units = [u for u in store_.units if not u.isheader()]
    assert len(units) == len(HOSTILE) - (fmt == "tmx")  # the new, untranslated segment is in no TMX
    assert units[0].source == HOSTILE[0][0] and units[0].target == HOSTILE[0][1]
    assert units[2].target == "emoji 😀 test"


def test_tmx_header_and_untranslated_switch(hostile_store, tmp_path):
    store, _ = hostile_store
    service.export_project(store, tmp_path / "a.tmx", "tmx", include_mt=True)
    header = etree.parse(str(tmp_path / "a.tmx")).find("header")
    for attribute in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attribute)
    assert service.export_project(store, tmp_path / "b.tmx", "tmx", include_untranslated=False, include_mt=True) == (
        len(HOSTILE) - 1
    )


def test_tmx_holds_reviewed_and_approved_and_mt_only_when_asked(hostile_store, tmp_path, cli):
    store, ids = hostile_store  # seven MT drafts (translated) and one new, untranslated segment
    with pytest.raises(WorkbenchError, match="nothing to export: a TMX holds reviewed and approved segments"):
        service.export_project(store, tmp_path / "none.tmx", "tmx")
    service.save_edit(store, ids[0], HOSTILE[0][1], "approved", "chief", base_revision=1)
    service.save_edit(store, ids[1], HOSTILE[1][1], "reviewed", "chief", base_revision=1)
    service.save_edit(store, ids[2], HOSTILE[2][1], "rejected", "chief", base_revision=1)
    assert service.export_project(store, tmp_path / "checked.tmx", "tmx") == 2
    tree = etree.parse(str(tmp_path / "checked.tmx"))
    statuses = {tu.get("tuid"): tu.findtext("prop[@type='x-status']") for tu in tree.iter("tu")}
    assert statuses == {str(ids[0]): "approved", str(ids[1]): "reviewed"}
    # with the MT drafts: the four still translated come too; the rejected and the new never
    db = store.url.removeprefix("sqlite:///")
    result = cli("export", "--project", db, "-f", "tmx", "--include", "mt", "-o", tmp_path / "mt.tmx")
    assert result.returncode == 0 and "wrote 6 segments" in result.stdout, result.stderr
    tree = etree.parse(str(tmp_path / "mt.tmx"))
    statuses = [tu.findtext("prop[@type='x-status']") for tu in tree.iter("tu")]
    assert sorted(statuses) == ["approved", "reviewed"] + ["translated"] * 4
    assert str(ids[2]) not in {tu.get("tuid") for tu in tree.iter("tu")}
    result = cli("export", "--project", db, "-f", "xlsx", "--include", "mt", "-o", tmp_path / "a.xlsx")
    assert result.returncode == 2 and "--include mt is for TMX only" in result.stderr


def test_xliff_states_follow_review_status(hostile_store, tmp_path):
    store, ids = hostile_store
    service.save_edit(store, ids[1], HOSTILE[1][1], "approved", "chief", base_revision=1)
    service.save_edit(store, ids[2], HOSTILE[2][1], "rejected", "chief", base_revision=1)
    service.export_project(store, tmp_path / "x2.xlf", "xliff")
    service.export_project(store, tmp_path / "x1.xlf", "xliff12")
    ns2 = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    states2 = [s.get("state") for s in etree.parse(str(tmp_path / "x2.xlf")).iterfind(".//x:segment", ns2)]
    assert states2[:3] == ["translated", "final", "initial"]
    ns1 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    tree = etree.parse(str(tmp_path / "x1.xlf"))
    assert [t.get("state") for t in tree.iterfind(".//x:target", ns1)][:3] == [
        "translated",
        "final",
        "needs-review-translation",
    ]
    assert [r.status for r in service.read_bilingual(tmp_path / "x2.xlf")][:3] == ["translated", "approved", "rejected"]


def test_spreadsheets_are_safe_and_excel_friendly(hostile_store, tmp_path):
    store, _ = hostile_store
    service.export_project(store, tmp_path / "out.csv", "csv")
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader((tmp_path / "out.csv").read_text("utf-8-sig").splitlines()))
    assert rows[5][6] == "'=SUM(A1:A9)" and rows[8][4] == "'+加号" and rows[8][6] == "'-minus @at"
    service.export_project(store, tmp_path / "out.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert sheet.freeze_panes == "A2" and sheet["A1"].value == "id" and sheet["A1"].font.bold
    # the guard is the cell type: text, no apostrophe for the reader of the sheet to see
    assert sheet["G6"].value == "=SUM(A1:A9)" and sheet["G6"].data_type == "s"
    assert sheet["E2"].alignment.wrap_text


def test_docx_exports(tmp_path):
    store = Store(tmp_path / "p.db")
    doc_id = service.import_document(store, sample_report()).document_id
    rows = service.segment_rows(store, doc_id)
    service.save_edit(store, rows[0]["id"], "Strengthen community-level organizations", "approved", "t", 0)
    service.save_edit(store, rows[5]["id"], "I. Results of recent years", "translated", "t", 0)
    assert service.export_project(store, tmp_path / "bi.docx", "docx", document_id=doc_id) == 78
    table = docx.Document(tmp_path / "bi.docx").tables[0]
    assert len(table.rows) == 79 and table.rows[1].cells[1].text == "Strengthen community-level organizations"
    service.export_project(store, tmp_path / "en.docx", "docx-en")
    paragraphs = docx.Document(tmp_path / "en.docx").paragraphs
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text == "Strengthen community-level organizations"
    heading = next(p for p in paragraphs if p.text == "I. Results of recent years")
    assert heading.style.name == "Heading 1"
    assert len(paragraphs) == 22  # the report's paragraphs, in order


def test_every_export_has_one_unit_per_segment(tmp_path):
    store = Store(tmp_path / "p.db")
    service.import_document(store, sample_report())
    counts = {}
    for fmt, name in [
        ("xliff", "a.xlf"),
        ("xliff12", "b.xlf"),
        ("csv", "a.csv"),
        ("xlsx", "a.xlsx"),
        ("jsonl", "a.jsonl"),
        ("docx", "a.docx"),
    ]:
        service.export_project(store, tmp_path / name, fmt)
    # a TMX holds checked work only: with every segment reviewed or approved it has them all
    with store.session() as session:
        for n, t in enumerate(session.query(Translation).order_by(Translation.segment_id)):
            t.target, t.status = f"Sentence {n}.", "approved" if n % 2 else "reviewed"
    service.export_project(store, tmp_path / "a.tmx", "tmx")
    from translate.storage import factory
    from translate.storage.xliff2 import Xliff2File

    counts["tmx"] = len(factory.getobject(str(tmp_path / "a.tmx")).units)
    counts["xliff12"] = len(factory.getobject(str(tmp_path / "b.xlf")).units)
    counts["xliff"] = len(Xliff2File.parsefile(str(tmp_path / "a.xlf")).units)
    counts["csv"] = len(list(csv.reader((tmp_path / "a.csv").read_text("utf-8-sig").splitlines()))) - 1
    counts["xlsx"] = openpyxl.load_workbook(tmp_path / "a.xlsx").active.max_row - 1
    counts["jsonl"] = len((tmp_path / "a.jsonl").read_text("utf-8").splitlines())
    counts["docx"] = len(docx.Document(tmp_path / "a.docx").tables[0].rows) - 1
    assert counts == dict.fromkeys(counts, 78)
    assert json.loads((tmp_path / "a.jsonl").read_text("utf-8").splitlines()[0]).keys() >= {
        "id",
        "source",
        "mt",
        "target",
        "status",
        "score",
        "errors",
        "notes",
    }


def test_export_edit_in_xlsx_merge_back_as_a_revision(tmp_path, cli):
    db = tmp_path / "p.db"
    store = Store(db)
    doc_id = service.import_document(store, sample_report()).document_id
    assert cli("export", "--project", db, "--format", "xlsx", "-o", tmp_path / "review.xlsx").returncode == 0
    workbook = openpyxl.load_workbook(tmp_path / "review.xlsx")
    sheet = workbook.active
    sheet["G3"] = "Under the overall plan of the central leadership..."
    sheet["H3"] = "reviewed"
    sheet["I3"] = 85
    sheet["J3"] = "check the tense"
    sheet["G4"] = "A second edit."
    workbook.save(tmp_path / "review.xlsx")
    result = cli("merge", tmp_path / "review.xlsx", "--project", db, "--reviewer", "Li Wei")
    assert result.returncode == 0, result.stderr
    assert "2 segments updated, 1 assessments, 76 unchanged, 0 conflicts" in result.stdout
    second = service.segment_rows(store, doc_id)[1]  # sheet row 3 = the second segment
    assert second["target"] == "Under the overall plan of the central leadership..." and second["status"] == "reviewed"
    assert service.segment_rows(store, doc_id)[2]["target"] == "A second edit."
    history = service.history(store, second["id"])
    assert history[-1]["author"] == "Li Wei" and history[-1]["origin"] == "merge"
    exported = service.export_rows(store)[1]
    assert exported.score == 85 and exported.notes == "check the tense"


def test_merge_reports_conflicts_and_keeps_the_project_text(tmp_path):
    store = Store(tmp_path / "p.db")
    doc_id = service.import_document(store, sample_report()).document_id
    service.export_project(store, tmp_path / "old.csv", "csv")
    first = service.segment_rows(store, doc_id)[0]
    service.save_edit(store, first["id"], "edited in the app meanwhile", "translated", "Wang", base_revision=0)
    rows = list(csv.reader((tmp_path / "old.csv").read_text("utf-8-sig").splitlines()))
    rows[1][6] = "edited offline"
    with open(tmp_path / "old.csv", "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    report = service.merge_file(store, tmp_path / "old.csv", "Li")
    assert len(report.conflicts) == 1 and report.conflicts[0]["project_target"] == "edited in the app meanwhile"
    assert service.segment_rows(store, doc_id)[0]["target"] == "edited in the app meanwhile"


def test_merge_by_source_text_when_ids_are_gone(tmp_path):
    store = Store(tmp_path / "p.db")
    doc_id = service.import_document(store, sample_report()).document_id
    source = service.segment_rows(store, doc_id)[3]["source"]
    (tmp_path / "r.tsv").write_text(
        f"source\ttarget\n{source}\tFrom a TSV without ids\n不存在的句子\tnothing\n", "utf-8"
    )
    report = service.merge_file(store, tmp_path / "r.tsv", "Li")
    assert report.updated == 1 and len(report.unmatched) == 1
    assert service.segment_rows(store, doc_id)[3]["target"] == "From a TSV without ids"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bad.xlsx", b"PK\x03\x04 broken", "not a readable XLSX"),
        ("bad.csv", b"id,source\n1,x\n", "missing column(s) target"),
        ("bad2.csv", b"id,source,target,score\n1,x,y,150\nz,x,y,1\n", "score 150 is not between 0 and 100"),
        ("bad.xlf", b"<xliff><unclosed>", "not a well-formed XLIFF"),
        ("bad.tmx", b"<tmx version='1.4'><body></body></tmx>", "no translation units"),
        ("bad.docx", b"whatever", "cannot merge this kind of file"),
    ],
)
def test_malformed_review_files_change_nothing(tmp_path, cli, name, content, message):
    db = tmp_path / "p.db"
    store = Store(db)
    service.import_document(store, sample_report())
    before = [r.as_dict() for r in service.export_rows(store)]
    (tmp_path / name).write_bytes(content)
    result = cli("merge", tmp_path / name, "--project", db, "--reviewer", "Li")
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert [r.as_dict() for r in service.export_rows(store)] == before


def test_stale_revision_is_refused_with_the_newer_text(tmp_path):
    store = Store(tmp_path / "p.db")
    doc_id = service.import_document(store, sample_report()).document_id
    segment = service.segment_rows(store, doc_id)[0]["id"]
    service.save_edit(store, segment, "first reviewer's text", "reviewed", "A", base_revision=0)
    with pytest.raises(ConflictError) as err:
        service.save_edit(store, segment, "second reviewer's text", "reviewed", "B", base_revision=0)
    assert err.value.current_text == "first reviewer's text" and err.value.current_revision == 1
    assert "first reviewer's text" in str(err.value)
    with pytest.raises(WorkbenchError, match="unknown status"):
        service.save_edit(store, segment, "x", "done", "A", base_revision=1)


def test_metrics_hter_da_mqm_and_term_accuracy(tmp_path, cli):
    db = tmp_path / "p.db"
    store = Store(db)
    doc_id = service.import_document(store, sample_report()).document_id
    rows = service.segment_rows(store, doc_id)
    with store.session() as session:
        for t in session.query(Translation).all():
            t.mt_text = "the grid-based management is promoted in the community"
            t.target, t.status = t.mt_text, "translated"
    service.save_edit(store, rows[0]["id"], "grid-based management is promoted in every community", "approved", "A", 0)
    service.save_edit(store, rows[1]["id"], "the grid-based management is promoted", "reviewed", "A", 0)
    service.assess(store, rows[0]["id"], "A", 80, "good", [dict(category="fluency", severity="minor", start=0, end=4)])
    service.assess(
        store,
        rows[1]["id"],
        "A",
        60,
        "",
        [
            dict(category="terminology", severity="major", start=0, end=3),
            dict(category="accuracy", severity="critical"),
        ],
    )
    m = service.metrics(store)
    assert m["hter_segments"] == 2 and 0 < m["ter"] < 100 and 0 < m["bleu"] < 100 and 0 < m["chrf"] <= 100
    assert m["da_mean"] == 70 and m["progress"] == {"approved": 1, "reviewed": 1, "translated": 76}
    assert m["mqm_penalty"] == 31 and m["mqm_by_category"] == {"fluency": 1, "terminology": 1, "accuracy": 1}
    assert m["mqm_per_1000_words"] == round(31 * 1000 / m["target_words"], 2)
    assert 0 <= m["term_accuracy"] < 1 and len(m["per_segment"]) == 2
    data = json.loads(cli("metrics", "--project", db, "--json").stdout)
    assert {"bleu", "chrf", "ter"} <= set(data)
    import sacrebleu

    signatures = data["signatures"]
    assert signatures["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert signatures["chrf"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:")
    assert signatures["ter"].startswith("nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:")
    assert all(v.endswith(sacrebleu.__version__) for v in signatures.values())
    with pytest.raises(WorkbenchError, match="unknown MQM category"):
        service.assess(store, rows[0]["id"], "A", 50, "", [dict(category="grammar", severity="minor")])

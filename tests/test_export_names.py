"""Issue 23, item 9: exports in the app are named after the document's title (a safe file name:
no path separators, control characters or reserved names; Chinese kept), not after the upload
file; `export -f tbx` is `glossary export`, and `alignment -f tmx` writes through the export's
own TMX path (the same writer and status rule as `export -f tmx`)."""

from pathlib import Path

import pytest
from lxml import etree
from test_align import EN, ZH

from workbench import service
from workbench.formats.output import safe_file_name
from workbench.store import Store
from workbench.ui.alignment_tab import AlignmentTab
from workbench.ui.export_tab import ExportTab, export_name

TITLE = "中国的生物多样性保护"


@pytest.mark.parametrize(
    "title, name",
    [
        (TITLE, TITLE),
        ("关于2023年工作的报告：总结 / 展望", "关于2023年工作的报告：总结-展望"),
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\Windows\\win.ini", "Windows-win.ini"),
        ("a\x00b\x1fc\x7fd\u202ee", "a-b-c-d-e"),
        ("line one\nline two\ttab", "line-one-line-two-tab"),
        ('what? "quoted" <tag> a|b *', "what-quoted-tag-a-b"),
        (" .hidden. ", "hidden"),
        ("CON", "document-CON"),
        ("nul.txt", "document-nul.txt"),
        ("Com1", "document-Com1"),
        ("", "document"),
        ("///", "document"),
    ],
)
def test_safe_file_name(title, name):
    assert safe_file_name(title) == name


def test_a_long_title_is_cut_to_a_name_a_file_system_takes():
    name = safe_file_name("新时代的中国" * 40)
    assert len(name) == 60 and len(export_name("新时代的中国" * 40, "docx-en").encode("utf-8")) < 255


@pytest.fixture
def titled(tmp_path):
    store = Store(tmp_path / "p.db")
    upload = tmp_path / "upload-8f3a2c.txt"
    upload.write_text("\n\n".join(ZH), "utf-8")
    doc = service.import_document(store, upload, title=TITLE).document_id
    (tmp_path / "en.txt").write_text("\n".join(EN), "utf-8")
    service.align_reference(store, doc, tmp_path / "en.txt", presplit=True)
    return store, doc, tmp_path


def test_app_exports_are_named_after_the_document_title(titled):
    store, doc, tmp = titled
    tab = ExportTab(store)
    for fmt, suffix in (("xlsx", "xlsx"), ("xliff", "xlf"), ("docx-en", "docx"), ("jsonl", "jsonl")):
        path, message = tab.export(fmt, "all", doc, True)
        assert path and Path(path).name == f"{TITLE}-{fmt}.{suffix}", message
        assert "upload-8f3a2c" not in path and Path(path).name in message
    path, _ = AlignmentTab(store).export(doc, "tmx")
    assert Path(path).name == f"{TITLE}-alignment.tmx" and Path(path).stat().st_size > 0


def test_a_hostile_title_gives_a_safe_name_inside_the_export_folder(titled):
    store, doc, tmp = titled
    upload = tmp / "other.txt"
    upload.write_text("今天天气很好。", "utf-8")
    other = service.import_document(store, upload, title="../../x/CON\x01<y>").document_id
    tab = ExportTab(store)
    path, _ = tab.export("csv", "all", other, True)
    assert Path(path).name == "x-CON-y-csv.csv" and Path(path).parent.parent == tab._folder
    path, _ = AlignmentTab(store).export(doc, "beads")
    assert Path(path).name == f"{TITLE}-alignment.txt"


def test_two_documents_of_one_title_both_go_into_the_english_zip(tmp_path):
    import zipfile

    store = Store(tmp_path / "p.db")
    for k, text in enumerate(("今天天气很好。", "我们去公园散步。")):
        (tmp_path / f"{k}.txt").write_text(text, "utf-8")
        doc = service.import_document(store, tmp_path / f"{k}.txt", title=TITLE).document_id
        for row in service.segment_rows(store, doc):
            service.save_edit(store, row["id"], "Some English.", "reviewed", "me")
    path, message = ExportTab(store).export("docx-en", "all", None, True)
    names = zipfile.ZipFile(path).namelist()
    assert len(names) == 2 and len(set(names)) == 2 and all(n.startswith(TITLE) for n in names), names


def _without_dates(path: Path) -> bytes:
    root = etree.parse(str(path)).getroot()
    for element in root.iter():
        for attribute in ("creationdate", "changedate"):
            element.attrib.pop(attribute, None)
    return etree.tostring(root)


def test_export_tbx_is_glossary_export(tmp_path, cli):
    db = tmp_path / "p.db"
    store = Store(db)
    from workbench.service.alignment import add_candidate

    add_candidate(store, "楼宇党建", "Party building in office buildings")
    add_candidate(store, "网格化管理", "grid-based management")
    one = cli("export", "-f", "tbx", "-o", tmp_path / "a.tbx", "--project", db)
    two = cli("glossary", "export", "-o", tmp_path / "b.tbx", "--project", db)
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert one.stdout.replace("a.tbx", "b.tbx") == two.stdout  # the same command, the same words
    assert _without_dates(tmp_path / "a.tbx") == _without_dates(tmp_path / "b.tbx")
    # a file name without .tbx: the TBX goes to FILE.tbx, and the message names the file written
    three = cli("export", "-f", "tbx", "-o", tmp_path / "c.xml", "--project", db)
    assert three.returncode == 0 and str(tmp_path / "c.tbx") in three.stdout and not (tmp_path / "c.xml").exists()
    missing = cli("export", "-f", "tbx", "-o", tmp_path / "nodir" / "g.tbx", "--project", db)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1


def test_alignment_tmx_goes_through_the_export_tmx_path(titled, cli):
    from workbench import formats
    from workbench.formats import BilingualRow

    store, doc, tmp = titled
    service.edit_alignment(store, doc, "confirm", 1)
    out = cli("alignment", "--project", tmp / "p.db", "-d", doc, "-f", "tmx", "-o", tmp / "a.tmx")
    assert out.returncode == 0, out.stderr
    beads = [b for b in service.bead_texts(store, doc) if b["zh"] and b["en"]]
    rows = [
        BilingualRow(
            id=b["number"],
            source=b["zh"],
            target=b["en"],
            status="approved" if b["confirmed"] else "translated",
            score=round(b["score"] * 100),
        )
        for b in beads
    ]
    formats.write(rows, tmp / "b.tmx", "tmx", include_untranslated=False, include_mt=True)
    assert _without_dates(tmp / "a.tmx") == _without_dates(tmp / "b.tmx")
    statuses = [p.text for p in etree.parse(str(tmp / "a.tmx")).iter("prop") if p.get("type") == "x-status"]
    assert statuses[0] == "approved" and set(statuses[1:]) == {"translated"} and len(statuses) == 7
    # the same header as the segments' TMX of `workbench export -f tmx`
    service.save_edit(store, service.segment_rows(store, doc)[0]["id"], "Nice weather.", "reviewed", "me")
    assert cli("export", "-f", "tmx", "-o", tmp / "c.tmx", "--project", tmp / "p.db").returncode == 0
    header = [etree.parse(str(tmp / f)).getroot().find("header").attrib for f in ("a.tmx", "c.tmx")]
    assert {k: v for k, v in header[0].items() if k != "creationdate"} == {
        k: v for k, v in header[1].items() if k != "creationdate"
    }

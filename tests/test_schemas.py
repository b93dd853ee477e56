"""Every exchange export validates against the official schema, read from ../shared/schemas
(beside the clone in CI, or beside the folder of worktrees), and keeps newlines and tabs for a
conforming reader; what reaches the English-only DOCX."""

from pathlib import Path

import pytest
from lxml import etree

from workbench import formats
from workbench.glossary import bundled_terms, write_glossary

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = next(
    (p / "shared" / "schemas" for p in (REPO, *REPO.parents) if (p / "shared" / "schemas" / "tmx14.dtd").is_file()),
    None,
)

ROWS = [
    formats.BilingualRow(1, "第一行\n第二行", "Line one\nline two", status="approved", revision=2, document="a.txt"),
    formats.BilingualRow(
        2, "制表\t符", "tab\there", status="reviewed", score=80, notes="note\twith tab", document="a.txt"
    ),
    formats.BilingualRow(3, "被拒绝的译文。", "Rejected text", status="rejected", document="a.txt"),
    formats.BilingualRow(4, "未翻译的句子。", "", document="b.txt"),
    formats.BilingualRow(5, "普通句子。", "A plain & <tag>", status="translated", revision=1, document="b.txt"),
]


@pytest.fixture(scope="module")
def schemas() -> Path:
    if SCHEMAS is None:  # the official files are read from ../shared, never copied into the project
        pytest.skip("../shared/schemas not found beside the repository")
    return SCHEMAS


def test_xliff_20_validates_and_keeps_newlines_and_tabs(tmp_path, schemas):
    out = tmp_path / "out.xlf"
    formats.xliff.write(ROWS, out, version="2.0")
    schema = etree.XMLSchema(file=str(schemas / "xliff-core-2.0.xsd"))
    tree = etree.parse(str(out))
    assert schema.validate(tree), schema.error_log
    units = tree.getroot().findall(".//{urn:oasis:names:tc:xliff:document:2.0}unit")
    space = [u.get("{http://www.w3.org/XML/1998/namespace}space") for u in units]
    assert space == ["preserve", "preserve", None, None, None]
    assert [(r.source, r.target) for r in formats.xliff.parse(out.read_bytes(), str(out))][:2] == [
        (r.source, r.target) for r in ROWS[:2]
    ]


def test_xliff_20_with_lqa_issues_validates_and_reads_back(tmp_path, schemas):
    """MQM errors as ITS Localization Quality Issues on <sm>/<em> markers in the target (overlapping,
    empty, at the end) still validate against the core schema, and read back with their spans."""
    errors = [
        dict(category="accuracy", severity="major", start=0, end=8, note="a <note> & more"),
        dict(category="fluency", severity="minor", start=5, end=13, note=""),
        dict(category="style", severity="critical", start=13, end=13, note="omission"),
    ]
    rows = [formats.BilingualRow(1, "第一行\n第二行", "Line one\nline two", status="reviewed", score=40, errors=errors)]
    out = tmp_path / "lqa.xlf"
    formats.xliff.write(rows, out, version="2.0")
    schema = etree.XMLSchema(file=str(schemas / "xliff-core-2.0.xsd"))
    assert schema.validate(etree.parse(str(out))), schema.error_log
    (back,) = formats.xliff.parse(out.read_bytes(), str(out))
    assert (back.target, back.score, back.errors) == ("Line one\nline two", 40, errors)


def test_xliff_12_validates_and_translate_toolkit_keeps_newlines_and_tabs(tmp_path, schemas):
    from translate.storage import xliff as tt_xliff

    out = tmp_path / "out.xlf"
    formats.xliff.write(ROWS, out, version="1.2")
    schema = etree.XMLSchema(file=str(schemas / "xliff-core-1.2-transitional.xsd"))
    assert schema.validate(etree.parse(str(out))), schema.error_log
    store = tt_xliff.xlifffile.parsefile(str(out))
    units = [u for u in store.units if not u.isheader()]
    assert [(u.source, u.target) for u in units][:2] == [(r.source, r.target) for r in ROWS[:2]]


def test_tmx_validates_against_the_tmx_14_dtd(tmp_path, schemas):
    out = tmp_path / "out.tmx"
    formats.tmx.write([r for r in ROWS if r.target], out, "zh-CN", "en")
    dtd = etree.DTD(str(schemas / "tmx14.dtd"))
    assert dtd.validate(etree.parse(str(out))), dtd.error_log


def test_tbx_v3_validates_against_the_core_rng(tmp_path, schemas):
    out = tmp_path / "out.tbx"
    write_glossary(bundled_terms()[:50], out)
    rng = etree.RelaxNG(file=str(schemas / "TBXcoreStructV03.rng"))
    assert rng.validate(etree.parse(str(out))), rng.error_log


def test_export_xliff12_strict_validates_against_the_strict_xsd(tmp_path, cli, schemas):
    from workbench.config import sample_report

    db = tmp_path / "p.db"
    assert cli("import", sample_report(), "--project", db).returncode == 0
    out = tmp_path / "strict.xlf"
    result = cli("export", "-f", "xliff12", "--strict", "-o", out, "--project", db)
    assert result.returncode == 0, result.stderr
    strict = etree.XMLSchema(file=str(schemas / "xliff-core-1.2-strict.xsd"))
    assert strict.validate(etree.parse(str(out))), strict.error_log
    default = tmp_path / "default.xlf"
    assert cli("export", "-f", "xliff12", "-o", default, "--project", db).returncode == 0
    assert not strict.validate(etree.parse(str(default)))  # the extension attributes
    refused = cli("export", "-f", "xliff", "--strict", "-o", tmp_path / "x.xlf", "--project", db)
    assert refused.returncode == 2 and "--strict is for XLIFF 1.2" in refused.stderr
    tbx = cli("export", "-f", "tbx", "-o", tmp_path / "g.tbx", "--project", db)
    assert tbx.returncode == 0 and "translate-toolkit" in tbx.stdout


def test_xliff12_strict_of_every_status_validates(tmp_path, schemas):
    out = tmp_path / "strict.xlf"
    formats.write(ROWS, out, "xliff12", strict=True)
    strict = etree.XMLSchema(file=str(schemas / "xliff-core-1.2-strict.xsd"))
    assert strict.validate(etree.parse(str(out))), strict.error_log
    assert [r.target for r in formats.xliff.parse(out.read_bytes(), str(out))] == [r.target for r in ROWS]


def test_english_docx_leaves_rejected_translations_out(tmp_path):
    from docx import Document as Docx

    out = tmp_path / "en.docx"
    formats.docx_export.write_english(ROWS, out)
    text = "\n".join(p.text for p in Docx(str(out)).paragraphs)
    assert "Rejected text" not in text and "被拒绝的译文。" in text  # the source stands in
    assert "A plain & <tag>" in text and "未翻译的句子。" in text

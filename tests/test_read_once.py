"""A file is read and checked once, at the edge (workbench/service/reading.py): the format and
glossary parsers get bytes or text and never call back into ingest (issue 27)."""

from __future__ import annotations

import json

import pytest
from test_layering import PACKAGE, ROOT, imported_modules, module_name

from workbench import formats, service
from workbench.errors import InputError, WorkbenchError
from workbench.formats import BilingualRow

FORMAT_FILES = sorted((ROOT / PACKAGE / "formats").glob("*.py")) + sorted((ROOT / PACKAGE / "glossary").glob("*.py"))


@pytest.mark.parametrize("path", FORMAT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_format_or_glossary_module_imports_ingest(path):
    imported = imported_modules(path.read_text(encoding="utf-8"), module_name(path))
    assert not {m for m in imported if m == "workbench.ingest" or m.startswith("workbench.ingest.")}, imported


def test_the_checker_sees_an_import_of_ingest_inside_a_function():
    source = "def parse(data):\n    from ..ingest.readers import read_bytes\n"
    assert "workbench.ingest.readers" in imported_modules(source, "workbench.formats.table")


ROWS = [
    BilingualRow(1, "第一句。", "First sentence.", status="reviewed", revision=1, document="a.txt"),
    BilingualRow(2, "第二句。", "", status="new", document="a.txt"),
]


@pytest.mark.parametrize("fmt,suffix", [("xlsx", ".xlsx"), ("csv", ".csv"), ("xliff", ".xlf"), ("jsonl", ".jsonl")])
def test_parse_takes_the_bytes_the_service_reads(tmp_path, fmt, suffix):
    path = tmp_path / f"out{suffix}"
    formats.write(ROWS, path, fmt)
    parsed = formats.parse(path.read_bytes(), path.name)
    assert [(r.id, r.source, r.target) for r in parsed] == [(1, "第一句。", "First sentence."), (2, "第二句。", "")]
    assert [(r.id, r.target) for r in service.read_bilingual(path)] == [(r.id, r.target) for r in parsed]


def test_parse_needs_no_file_and_names_the_one_it_was_given():
    with pytest.raises(InputError, match=r"^sheet\.jsonl: line 1: not valid JSON"):
        formats.parse(b"{not json\n", "sheet.jsonl")
    with pytest.raises(WorkbenchError, match="cannot merge this kind of file"):
        formats.parse(b"", "notes.pdf")


def test_csv_text_in_gb18030_is_decoded_at_the_edge(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("id,source,target\n1,第一句。,First.\n".encode("gb18030"))
    (row,) = service.read_bilingual(path)
    assert (row.id, row.source, row.target) == (1, "第一句。", "First.")


def test_a_zip_bomb_sheet_is_refused_before_the_parser(tmp_path):
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" * (60 * 1024 * 1024))
    with pytest.raises(InputError, match="zip bomb"):
        service.read_bilingual(path)


def test_lone_surrogates_are_refused_at_the_edge_for_every_format(tmp_path):
    path = tmp_path / "half.jsonl"
    path.write_text(json.dumps({"id": 1, "source": "第一句。", "notes": "x \ud800"}) + "\n", "utf-8")
    assert formats.parse(path.read_bytes(), str(path))[0].notes == "x \ud800"  # the parser only parses
    with pytest.raises(InputError, match=rf"^{path}: line 1: notes: contains an invalid character"):
        service.read_bilingual(path)


def test_a_glossary_in_gb18030_is_decoded_at_the_edge(tmp_path):
    from workbench.glossary import parse_glossary

    path = tmp_path / "g.tsv"
    path.write_bytes("zh\ten\n两委\tthe two committees\n".encode("gb18030"))
    (term,) = service.read_glossary(path)
    assert (term.zh, term.en, term.glossary) == ("两委", "the two committees", "g")
    assert parse_glossary("zh\ten\n两委\tthe two committees\n", "g.tsv", "g") == [term]

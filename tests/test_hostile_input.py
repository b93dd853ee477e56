"""Hostile input (issue 10, items 5-13): each case ends in one clear line (exit status 2 in the CLI,
a notice in the app), never an internal error, and leaves the project as it was."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from workbench import service
from workbench.config import sample_report
from workbench.errors import InputError, WorkbenchError
from workbench.formats import table
from workbench.ingest import zipguard
from workbench.mt.pieces import MAX_PIECE_CHARS, split_for_mt
from workbench.service.database import mask_secrets
from workbench.store import Revision, Segment, Store

# ---------------------------------------------------------------------------------------------- helpers


def shown(notice: str) -> str:
    """A notice as the reader sees it: Markdown escapes and HTML entities undone."""
    import html
    import re

    return html.unescape(re.sub(r"\\(.)", r"\1", notice))


def project_with_sample(tmp_path) -> tuple[Store, Path, list[dict]]:
    db = tmp_path / "p.db"
    store = Store(db)
    service.import_document(store, sample_report())
    return store, db, snapshot(store)


def snapshot(store: Store) -> list[dict]:
    """Everything a merge or import could change: segments, targets, statuses, revisions, scores."""
    rows = [r.as_dict() for r in service.export_rows(store)]
    with store.session() as session:
        revisions = session.scalar(select(func.count(Revision.id)))
    return rows + [{"revisions": revisions, "documents": service.list_documents(store)}]


def docx_with_xml(path: Path, megabytes: float = 0, paragraph: str = "中" * 50, extra_parts: int = 0) -> Path:
    """A real .docx (python-docx's template) whose document.xml repeats ``paragraph`` to ``megabytes`` MB."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    template = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in template.infolist():
            data = template.read(info.filename)
            if info.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>")
                para = f"<w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p>".encode()
                data = head + b"<w:body>" + para * max(1, int(megabytes * 1024 * 1024 / len(para))) + tail
            out.writestr(info.filename, data)
        for n in range(extra_parts):
            out.writestr(f"word/media/part{n}.bin", b"x")
    return path


def xlsx_rows(path: Path, rows: list[list]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def replace_part(path: Path, name: str, data: bytes) -> Path:
    """Rewrite one part of a zip package (to break it on purpose)."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, data if info.filename == name else source.read(info.filename))
    return path


def without_root_powers(args: list[str]) -> list[str]:
    """Run a command so that file permissions apply to it even when the tests run as root."""
    if os.geteuid() != 0:
        return args
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only file cannot be simulated")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *args]


def run_cli(tmp_path, *args):
    import subprocess

    env = {**os.environ, "WORKBENCH_HOME": str(tmp_path / "home"), "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.run(
        without_root_powers([sys.executable, "-c", "from workbench.cli import run; run()", *map(str, args)]),
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


@pytest.fixture
def wb(capsys, monkeypatch):
    """The real ``workbench`` entry point (``cli.run``: messages, exit status), run in this process."""
    from types import SimpleNamespace

    from workbench import cli as cli_module

    def run(*args):
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["workbench", *map(str, args)])
        code = 0
        try:
            cli_module.run()
        except SystemExit as exc:
            code = exc.code
        captured = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=captured.out, stderr=captured.err)

    return run


def assert_clear_failure(result, *fragments):
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("workbench: error: ") and result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


# ------------------------------------------------------------------------------------ 5. zip bombs


def test_docx_bomb_is_refused_from_the_central_directory_before_unpacking(tmp_path, wb):
    bomb = docx_with_xml(tmp_path / "bomb.docx", megabytes=4)  # 4 MB of XML in a ~20 KB file
    assert bomb.stat().st_size < 100_000
    result = wb("segment", bomb)
    assert_clear_failure(
        result,
        f"{bomb}: refused, the part word/document.xml of the .docx file is compressed",
        "(the limit is 100); it looks like a zip bomb",
    )
    db = tmp_path / "p.db"
    result = wb("import", bomb, "--project", db)
    assert_clear_failure(result, "looks like a zip bomb")
    assert service.list_documents(Store(db)) == []
    from workbench.ui.app import DocumentTab  # the same file uploaded in the app: a notice, in well under a second

    _, notice = DocumentTab(Store(db)).import_upload(str(bomb), "", "")
    notice = shown(notice)
    assert notice.startswith("\u26a0 bomb.docx: refused, the part word/document.xml of the .docx file is ")
    assert service.list_documents(Store(db)) == []


def test_zip_caps_on_unpacked_size_and_entries(tmp_path, monkeypatch):
    report = docx_with_xml(tmp_path / "big.docx", megabytes=0.3, paragraph="中文报告正文。" * 8)
    assert "中文报告正文" in service.prepare_file(report).segments[0].text  # fine under the real caps
    monkeypatch.setattr(zipguard, "MAX_UNZIPPED_BYTES", 256 * 1024)
    with pytest.raises(InputError) as caught:
        service.prepare_file(report)
    assert str(caught.value).startswith(f"{report}: refused, the .docx file would unpack to ")
    assert str(caught.value).endswith("(the limit is 0 MB); it looks like a zip bomb")
    monkeypatch.setattr(zipguard, "MAX_UNZIPPED_BYTES", 50 * 1024 * 1024)
    monkeypatch.setattr(zipguard, "MAX_ENTRIES", 30)
    many = docx_with_xml(tmp_path / "many.docx", megabytes=0.01, extra_parts=40)
    with pytest.raises(InputError, match=r"many.docx: refused, the .docx file holds \d+ parts \(the limit is 30\)"):
        service.prepare_file(many)


def test_streaming_guard_catches_a_directory_that_lies(tmp_path):
    """Declared sizes say 100 bytes; the data inflates to far more: stopped, named, never a bare exception."""
    real = docx_with_xml(tmp_path / "liar.docx", megabytes=0.2).read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(real))
    info = archive.getinfo("word/document.xml")
    # patch the uncompressed size of word/document.xml in its central directory entry
    start = 0
    while True:
        start = real.find(b"PK\x01\x02", start)
        name_len = int.from_bytes(real[start + 28 : start + 30], "little")
        if real[start + 46 : start + 46 + name_len] == b"word/document.xml":
            break
        start += 4
    patched = real[: start + 24] + (100).to_bytes(4, "little") + real[start + 28 :]
    liar = tmp_path / "liar2.docx"
    liar.write_bytes(patched)
    assert info.file_size > 100
    with pytest.raises(InputError) as caught:
        zipguard.check_zip(liar.read_bytes(), str(liar), ".docx file")
    message = str(caught.value)
    assert message.startswith(f"{liar}: not a readable .docx file (the part word/document.xml is damaged: ")
    assert message.endswith(")") and "()" not in message


def test_xlsx_bombs_in_glossary_import_and_merge_change_nothing(tmp_path, wb):
    store, db, before = project_with_sample(tmp_path)
    glossaries = service.list_glossaries(store)
    bomb = xlsx_rows(tmp_path / "bomb.xlsx", [["zh", "en"], ["社会管理", "social governance"]])
    replace_part(
        bomb,
        "xl/worksheets/sheet1.xml",
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<sheetData>"
        + b" " * (3 * 1024 * 1024)
        + b"</sheetData></worksheet>",
    )
    for args in (("glossary", "import", bomb), ("merge", bomb, "--reviewer", "Li")):
        result = wb(*args, "--project", db)
        assert_clear_failure(
            result,
            f"{bomb}: refused, the part xl/worksheets/sheet1.xml of the XLSX workbook is compressed",
            "it looks like a zip bomb",
        )
    assert snapshot(store) == before and service.list_glossaries(store) == glossaries


def test_broken_docx_names_the_reason_never_empty(tmp_path, wb):
    broken = replace_part(docx_with_xml(tmp_path / "r.docx", megabytes=0.01), "word/document.xml", b"<w:document")
    result = wb("segment", broken)
    assert_clear_failure(result, f"{broken}: not a readable .docx file (")
    assert "()" not in result.stderr


# ----------------------------------------------------------------------- 6. large reports, in batches


def test_import_writes_in_batches_and_an_update_keeps_translations(tmp_path, monkeypatch):
    from workbench.service import documents

    monkeypatch.setattr(documents, "BATCH", 7)  # many batches even for the sample
    store = Store(tmp_path / "p.db")
    text = sample_report().read_text("utf-8")
    first = service.import_document(store, service_source(text, "r.txt"))
    rows = service.segment_rows(store, first.document_id)
    assert first.segments == len(rows) > 7 * 5 and [r["position"] for r in rows] == list(range(1, len(rows) + 1))
    assert all(r["status"] == "new" and r["target"] == "" and r["revision"] == 0 for r in rows)
    service.save_edit(store, rows[10]["id"], "Kept translation", "translated", author="Li", base_revision=0)
    lines = text.splitlines()
    edited = "\n".join(lines[:5] + ["新增的一段话。"] + lines[5:])
    second = service.import_document(store, service_source(edited, "r.txt"))
    assert second.status == "updated" and second.added >= 1 and second.kept == first.segments - second.dropped
    after = {r["source"]: r for r in service.segment_rows(store, first.document_id)}
    assert after[rows[10]["source"]]["target"] == "Kept translation"
    assert after[rows[10]["source"]]["id"] == rows[10]["id"]
    with store.session() as session:
        orphans = session.scalar(select(func.count(Segment.id)).where(Segment.translation == None))  # noqa: E711
    assert orphans == 0


def service_source(text: str, name: str):
    from workbench.ingest import SourceText

    return SourceText(text, "utf-8", name)


# ------------------------------------------------------------------------------- 7. long XLSX cells


def test_xlsx_keeps_a_100011_character_target_whole_and_merge_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_MAX_TARGET_CHARS", "200000")  # past the default limit: XLSX's own 32,767 is the point
    store, db, _ = project_with_sample(tmp_path)
    rows = service.export_rows(store)
    long_target = ("=" + "very long translation " * 4600)[:100_010] + "."
    assert len(long_target) == 100_011
    service.save_edit(store, rows[3].id, long_target, "translated", author="Li", base_revision=0)
    before = snapshot(store)
    path = tmp_path / "out.xlsx"
    service.export_project(store, path, "xlsx")
    workbook = openpyxl.load_workbook(path)
    assert all(len(str(c.value)) <= table.CELL_LIMIT for ws in workbook.worksheets for r in ws.iter_rows() for c in r)
    cell = workbook["Translation"].cell(row=5, column=7).value
    assert cell.startswith("=very long") and cell.endswith(table.CONTINUED)
    assert workbook.sheetnames == ["Translation", "Full texts"]
    report = service.merge_file(store, path, "Li")
    assert report.updated == 0 and report.conflicts == [] and snapshot(store) == before
    # a reviewer who shortens the cell is an edit like any other
    workbook["Translation"].cell(row=5, column=7).value = "Short now."
    workbook.save(path)
    assert service.merge_file(store, path, "Li").updated == 1
    assert service.export_rows(store)[3].target == "Short now."


# --------------------------------------------------------------------------- 8. control characters


def test_control_characters_are_removed_at_import(tmp_path):
    store = Store(tmp_path / "p.db")
    text = "标题\n\n第一句\x1b话。第二\x07句\x00话。\n\n表格\t内容。"
    result = service.import_document(store, service_source(text, "ctl.txt"))
    sources = [r["source"] for r in service.segment_rows(store, result.document_id)]
    assert sources == ["标题", "第一句话。", "第二句话。", "表格 内容。"]


@pytest.mark.parametrize(
    "fmt, suffix",
    [
        ("xlsx", ".xlsx"),
        ("tmx", ".tmx"),
        ("xliff", ".xlf"),
        ("xliff12", ".xlf"),
        ("csv", ".csv"),
        ("jsonl", ".jsonl"),
        ("docx", ".docx"),
    ],
)
def test_exports_never_fail_on_control_characters_and_merge_back_unchanged(tmp_path, fmt, suffix):
    store, db, _ = project_with_sample(tmp_path)
    rows = service.export_rows(store)
    with store.session() as session:  # as an older version (or the API before issue 10) stored it
        segment = session.get(Segment, rows[2].id)
        segment.translation.target, segment.translation.status = "Esc\x1b bell\x07 nul\x00 \ufffe end", "translated"
        if fmt == "tmx":  # a TMX holds reviewed and approved segments: review them all
            for other in session.query(Segment):
                other.translation.target = other.translation.target or f"English of {other.id}"
                other.translation.status = "reviewed"
    before = snapshot(store)
    path = tmp_path / f"out{suffix}"
    assert service.export_project(store, path, fmt) == len(rows)
    if fmt != "docx":
        report = service.merge_file(store, path, "Li")
        assert report.updated == 0 and snapshot(store) == before


def test_merge_takes_no_control_characters_in(tmp_path):
    store, db, _ = project_with_sample(tmp_path)
    first = service.export_rows(store)[0]
    path = tmp_path / "r.tsv"
    note = "ok" + " and fine" * 50  # under the 1% of control characters a text file may have
    path.write_text(f"id\tsource\ttarget\tnotes\n{first.id}\t{first.source}\tTi\x1btle\x0b\t\x07{note}\n", "utf-8")
    report = service.merge_file(store, path, "Li")
    assert report.updated == 1 and report.assessed == 1
    merged = service.export_rows(store)[0]
    assert merged.target == "Title" and merged.notes == note
    assert service.merge_file(store, path, "Li").updated == 0  # the same file again changes nothing


def test_lone_surrogates_get_a_clear_message(tmp_path, wb):
    store, db, before = project_with_sample(tmp_path)
    first = service.export_rows(store)[0]
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"id": first.id, "source": first.source, "target": "bad \ud800 half"}) + "\n", "utf-8")
    result = wb("merge", path, "--project", db, "--reviewer", "Li")
    assert_clear_failure(
        result,
        f"{path}: line 1: target: contains an invalid character (a lone UTF-16 surrogate, "
        "U+D800, at character 5); it is not valid Unicode text",
    )
    assert snapshot(store) == before
    from workbench.ui.app import DocumentTab

    _, message = DocumentTab(store).import_upload(None, "报告\ud800正文。", "")
    message = shown(message)
    assert "pasted text: contains an invalid character (a lone UTF-16 surrogate, U+D800" in message
    assert snapshot(store) == before


# ------------------------------------------------------------------- 9. clear errors, not internal ones


@pytest.mark.slow
def test_export_into_a_missing_or_read_only_folder(tmp_path):
    store, db, _ = project_with_sample(tmp_path)
    missing = tmp_path / "nowhere" / "out.tmx"
    result = run_cli(tmp_path, "export", "-f", "tmx", "-o", missing, "--project", db)
    assert_clear_failure(result, f"{missing}: cannot write the export, the folder {missing.parent} does not exist")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "out.xlsx").write_bytes(b"the reviewer's earlier file")
    locked.chmod(0o555)
    try:
        for fmt, written in (("xlsx", "out.xlsx"), ("tbx", "out.tbx")):  # -f tbx writes FILE.tbx, and names it
            result = run_cli(tmp_path, "export", "-f", fmt, "-o", locked / "out.xlsx", "--project", db)
            assert_clear_failure(
                result, f"{locked / written}: cannot write the export, the folder {locked} is read-only"
            )
    finally:
        locked.chmod(0o755)
    assert (locked / "out.xlsx").read_bytes() == b"the reviewer's earlier file"
    assert sorted(p.name for p in locked.iterdir()) == ["out.xlsx"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b'[{"id": 1, "source": "x", "target": "y"}]', "line 1: each line must be one segment object, not an array"),
        (
            b'{"id": 1, "source": "x", "target": "y", "score": "80"}',
            'line 1: score must be a number from 0 to 100, not "80"',
        ),
        (b'{"id": {"a": 1}, "source": "x", "target": "y"}', 'line 1: id must be a whole number, not {"a": 1}'),
        (b'{"id": 1, "source": "x", "target": null}', "line 1: target must be a text, not null"),
        (b'{"id": 1, "source": "x", "target": ["y"]}', 'line 1: target must be a text, not ["y"]'),
        (b'{"id": 1, "source": "x", "target": "y", "score": Infinity}', "line 1: Infinity is not a number JSON allows"),
        (b'{"id": 1, "source": "x", "target": "y", "score": 1e999}', "line 1: score inf is not between 0 and 100"),
        (
            '{"id": 1, "source": "x", "target": "译文"}'.encode("gb18030"),
            "not a UTF-8 file (byte 37 cannot be decoded)",
        ),
    ],
)
def test_malformed_jsonl_is_refused_with_the_line(tmp_path, wb, content, message):
    store, db, before = project_with_sample(tmp_path)
    path = tmp_path / "review.jsonl"
    path.write_bytes(content)
    result = wb("merge", path, "--project", db, "--reviewer", "Li")
    assert_clear_failure(result, f"{path}: {message}")
    assert snapshot(store) == before


@pytest.mark.parametrize("score", ["inf", "-inf", "nan", "1e999"])
def test_a_score_of_inf_in_a_sheet_is_refused(tmp_path, wb, score):
    store, db, before = project_with_sample(tmp_path)
    first = service.export_rows(store)[0]
    path = tmp_path / "r.csv"
    path.write_text(f"id,source,target,score\n{first.id},{first.source},Title,{score}\n", "utf-8")
    result = wb("merge", path, "--project", db, "--reviewer", "Li")
    assert_clear_failure(result, f"{path}: 1 problem(s), nothing merged: line 2: score ")
    assert snapshot(store) == before


def test_xliff_unit_without_source(tmp_path, wb):
    store, db, before = project_with_sample(tmp_path)
    path = tmp_path / "r.xlf"
    path.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="en">'
        '<file id="f1">\n<unit id="1"><segment><target>x</target></segment></unit></file></xliff>',
        "utf-8",
    )
    result = wb("merge", path, "--project", db, "--reviewer", "Li")
    assert_clear_failure(result, f"{path}: line 2: unit 1 has no <source>")
    assert snapshot(store) == before


def test_glossary_xlsx_with_broken_sheet_xml(tmp_path, wb):
    from workbench.ui.glossary_tab import GlossaryTab

    store, db, _ = project_with_sample(tmp_path)
    glossaries = service.list_glossaries(store)
    path = replace_part(
        xlsx_rows(tmp_path / "g.xlsx", [["zh", "en"], ["社会管理", "social governance"]]),
        "xl/worksheets/sheet1.xml",
        b"<worksheet><sheetData><row><c",
    )
    result = wb("glossary", "import", path, "--project", db)
    assert_clear_failure(result, f"{path}: not a readable XLSX workbook (")
    message, _, _ = GlossaryTab(store).import_file(str(path), "", None)
    message = shown(message)
    assert f"{path}: not a readable XLSX workbook (" in message and message.startswith("\u26a0")
    assert service.list_glossaries(store) == glossaries


@pytest.mark.slow
def test_disk_full_names_the_project(tmp_path, capsys, monkeypatch):
    from workbench import cli

    db = tmp_path / "full.db"
    Store(db).dispose()
    report = tmp_path / "big.txt"
    report.write_text("\n\n".join(f"第{n}段，这是一段用来填满数据库的正文内容。" * 20 for n in range(3000)), "utf-8")

    def tiny_database(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA max_page_count=80")  # ~320 KB: "database or disk is full"

    from workbench.ui.app import DocumentTab

    event.listen(Engine, "connect", tiny_database)
    try:
        monkeypatch.setattr(sys, "argv", ["workbench", "import", str(report), "--project", str(db)])
        with pytest.raises(SystemExit) as exited:
            cli.run()
        _, notice = DocumentTab(Store(db)).import_upload(str(report), "", "")
        notice = shown(notice)
    finally:
        event.remove(Engine, "connect", tiny_database)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    message = (
        f"project {db}: the disk (or the database's size limit) is full; nothing was saved by this step. "
        f"Free some space and try again"
    )
    assert err == f"workbench: error: {message}\n"
    assert notice == f"\u26a0 {message}"  # the app says the same in a notice
    assert service.list_documents(Store(db)) == []


@pytest.mark.slow
def test_read_only_project_can_still_be_listed_and_served(tmp_path):
    store, db, _ = project_with_sample(tmp_path)
    store.dispose()
    db.chmod(0o444)
    tmp_path.chmod(0o555)  # no -shm file can be created next to it either
    try:
        result = run_cli(tmp_path, "documents", "--project", db)
        assert result.returncode == 0, result.stderr
        assert "report_zh_sample.txt" in result.stdout
        result = run_cli(tmp_path, "import", Path(__file__), "--project", db)
        assert_clear_failure(result, f"project {db}: the project is read-only")
        script = (
            "from workbench.ui import launch\n"
            "import httpx\n"
            f"app = launch({str(db)!r}, port=0 or __import__('workbench.ui.common', fromlist=['x']).free_port(), "
            f"sample={str(sample_report())!r}, prevent_thread_lock=True, quiet=True)\n"
            "from gradio_client import Client\n"
            "client = Client(app.local_url, verbose=False)\n"
            "page = client.predict(1, 1, 5, '', api_name='/page_segments')\n"
            "print('segments', page['total'])\n"
            "app.close()\n"
        )
        served = run_cli_python(tmp_path, script)
        assert served.returncode == 0, served.stderr[-2000:]
        assert "segments 78" in served.stdout
    finally:
        tmp_path.chmod(0o755)
        db.chmod(0o644)


def run_cli_python(tmp_path, script: str):
    import subprocess

    env = {
        **os.environ,
        "WORKBENCH_HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(Path(__file__).parent.parent),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "TMPDIR": "/tmp",
    }
    return subprocess.run(
        without_root_powers([sys.executable, "-c", script]),
        capture_output=True,
        text=True,
        env=env,
        cwd="/tmp",
        timeout=180,
    )


# ---------------------------------------------------------------------------------------- 10. secrets


def test_database_password_is_never_echoed(tmp_path, wb):
    url = "postgresql+psycopg://workbench:S3cret-Pw@127.0.0.1:1/nothing"
    result = wb("documents", "--project", url)
    assert result.returncode == 2 and "S3cret-Pw" not in result.stderr
    assert "postgresql+psycopg://workbench:***@127.0.0.1:1/nothing" in result.stderr
    assert mask_secrets("x mysql://u:p@h/db and https://a:b@c") == "x mysql://u:***@h/db and https://a:***@c"


def test_auth_from_a_file_or_the_environment_and_help_warns_about_ps(tmp_path, wb, monkeypatch):
    from workbench.cli import _credentials

    secret = tmp_path / "login"
    secret.write_text("editor:from-file\n", "utf-8")
    assert _credentials(None, secret) == ("editor", "from-file")
    monkeypatch.setenv("WORKBENCH_AUTH", "editor:from-env")
    assert _credentials(None, None) == ("editor", "from-env")
    empty = tmp_path / "empty"
    empty.write_text("", "utf-8")
    with pytest.raises(WorkbenchError, match="the login file is empty"):
        _credentials(None, empty)
    secret.write_text("no-colon\n", "utf-8")
    with pytest.raises(WorkbenchError, match=f"--auth-file {secret} needs USER:PASSWORD"):
        _credentials(None, secret)
    help_text = " ".join(wb("serve", "--help").stdout.split())
    assert "--auth-file" in help_text and "visible to every user of this machine (ps, /proc)" in help_text


def test_serving_beyond_loopback_without_login_warns(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import workbench.ui
    from workbench.cli import main

    launched = []
    monkeypatch.setattr(workbench.ui, "launch", lambda *a, **k: launched.append(k))
    runner = CliRunner()
    serve = ["serve", "--host", "0.0.0.0", "--allowed-host", "lan.example", "--no-sample", "-p", str(tmp_path / "p.db")]
    result = runner.invoke(main, serve)
    assert result.exit_code == 0 and "warning: serving on 0.0.0.0 without a login" in result.output
    result = runner.invoke(main, ["serve", "--no-sample", "-p", str(tmp_path / "p.db")])
    assert "warning" not in result.output
    assert [k["host"] for k in launched] == ["0.0.0.0", "127.0.0.1"]


# ------------------------------------------------------------------------------------- 11. round trips


ROUND_TRIP = ["'=x", "=x", "'plain", "''", "-5%", "@user", "'", "+1", "'+1"]


@pytest.mark.parametrize("fmt, suffix", [("csv", ".csv"), ("tsv", ".tsv"), ("xlsx", ".xlsx")])
def test_formula_guard_round_trips_exactly(tmp_path, fmt, suffix):
    store, db, _ = project_with_sample(tmp_path)
    rows = service.export_rows(store)
    for row, target in zip(rows, ROUND_TRIP, strict=False):
        service.save_edit(store, row.id, target, "translated", author="Li", base_revision=0)
    before = snapshot(store)
    path = tmp_path / f"out{suffix}"
    service.export_project(store, path, fmt)
    back = service.read_bilingual(path)
    assert [r.target for r in back[: len(ROUND_TRIP)]] == ROUND_TRIP
    assert service.merge_file(store, path, "Li").updated == 0 and snapshot(store) == before
    if fmt == "csv":
        cells = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
        assert [c[6] for c in cells[1:4]] == ["''=x", "'=x", "''plain"]
    if fmt == "xlsx":  # text cells, and an apostrophe only before one the text itself starts with
        sheet = openpyxl.load_workbook(path)["Translation"]
        assert [(sheet.cell(row=r, column=7).value, sheet.cell(row=r, column=7).data_type) for r in (2, 3, 4)] == [
            ("''=x", "s"),
            ("=x", "s"),
            ("''plain", "s"),
        ]


def test_csv_merge_takes_fields_longer_than_131072_characters(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_MAX_TARGET_CHARS", "300000")  # the csv module's own 131,072 is the point
    store, db, _ = project_with_sample(tmp_path)
    first = service.export_rows(store)[0]
    long_target = "long " * 40_000
    path = tmp_path / "r.tsv"
    path.write_text(f"id\tsource\ttarget\n{first.id}\t{first.source}\t{long_target}\n", "utf-8")
    assert service.merge_file(store, path, "Li").updated == 1
    assert service.export_rows(store)[0].target == long_target


# ---------------------------------------------------------------------------------- 12. MT truncation


def test_long_input_is_split_for_mt_without_losing_a_character():
    text = ("第一句话很长，" * 30 + "。") * 20 + "没有标点的长串" * 100
    pieces = split_for_mt(text)
    assert "".join(pieces) == text and all(0 < len(p) <= MAX_PIECE_CHARS for p in pieces)
    assert all(p.endswith(("。", "，")) for p in pieces[:-3])  # cut at marks wherever there are marks
    assert split_for_mt("短句。") == ["短句。"]


def test_a_30000_character_segment_is_translated_in_pieces(tmp_path, tiny_model):
    from workbench.mt import TranslateSettings, load_engine

    engine = load_engine("marian", str(tiny_model), device="cpu")
    seen: list[int] = []
    real = engine.translate

    def recording(texts, settings, **kwargs):
        seen.extend(len(t) for t in texts)
        return real(texts, settings, **kwargs)

    engine.translate = recording
    store = Store(tmp_path / "p.db")
    long_text = ("这是一个很长的句子，用于检查机器翻译不会截断输入。" * 1200)[:30_000]  # far past 512 tokens
    doc = service.import_document(store, service_source("标题\n\n短句。", "t.txt"))
    with store.session() as session:
        segment = session.scalars(select(Segment).where(Segment.document_id == doc.document_id)).all()[-1]
        segment.source = long_text
    report = service.translate_project(store, engine, TranslateSettings(beams=1, max_length=8), batch_size=64)
    assert report.translated == 2
    assert max(seen) <= MAX_PIECE_CHARS and sum(seen) >= 30_000  # every character was sent
    assert len(seen) >= 30_000 // MAX_PIECE_CHARS


# ----------------------------------------------------------------------------------------- 13. leftovers


@pytest.mark.slow
def test_export_files_are_private_and_removed_on_exit(tmp_path):
    store, db, _ = project_with_sample(tmp_path)
    first = service.export_rows(store)[0]  # a TMX holds reviewed and approved segments: approve one
    service.save_edit(store, first.id, "Strengthen community-level organizations", "approved", "Li", 0)
    script = (
        "import os, stat, sys\n"
        "from workbench.store import Store\n"
        "from workbench.ui.export_tab import ExportTab\n"
        f"tab = ExportTab(Store({str(db)!r}))\n"
        "paths = [tab.export(f, 'all', None, True)[0] for f in ('tmx', 'xlsx', 'csv', 'jsonl', 'tsv', 'xliff')]\n"
        "print(*[os.path.exists(p) for p in paths])\n"
        "print(*[oct(stat.S_IMODE(os.stat(p).st_mode)) for p in paths[2:]])\n"
        "folder = os.path.dirname(os.path.dirname(paths[-1]))\n"
        "print(oct(stat.S_IMODE(os.stat(folder).st_mode)), folder)\n"
    )
    result = run_cli_python(tmp_path, script)
    assert result.returncode == 0, result.stderr[-2000:]
    exists, modes, folder = result.stdout.splitlines()
    assert exists == "False False True True True True"  # older exports are removed as new ones come
    assert modes == " ".join(["0o600"] * 4)
    mode, path = folder.split()
    assert mode == "0o700" and not Path(path).exists()  # removed when the app exited


def test_upload_is_removed_after_import(tmp_path, monkeypatch):
    from workbench.ui.app import DocumentTab

    store = Store(tmp_path / "p.db")
    own = tmp_path / "own.txt"  # a path given directly (a script) is the user's file: never deleted
    shutil.copy(sample_report(), own)
    DocumentTab(store).import_upload(str(own), "", "")
    assert own.exists()
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))
    upload = tmp_path / "gradio" / "0123abcd" / "report.txt"
    upload.parent.mkdir(parents=True)
    shutil.copy(sample_report(), upload)
    _, message = DocumentTab(store).import_upload(str(upload), "", "")
    message = shown(message)
    assert message.startswith("\u2713 Already imported") and not upload.exists()
    _, message = DocumentTab(store).import_upload(str(upload), "", "")
    message = shown(message)
    assert message == "\u26a0 report.txt: the uploaded file is no longer there; upload it again"


def test_wrong_logins_are_slowed_but_never_locked():
    from workbench.ui import login

    now = [1000.0]
    limiter = login.LoginLimiter(clock=lambda: now[0])
    delays = [limiter.admit("account editor") for _ in range(40)]
    assert delays[: login.FREE_TRIES] == [0.0] * login.FREE_TRIES
    assert delays[login.FREE_TRIES : login.FREE_TRIES + 4] == [1.0, 2.0, 4.0, 8.0] and max(delays) == login.MAX_DELAY
    assert limiter.admit("account someone-else") == 0.0  # other names are not slowed
    now[0] += login.WINDOW + 1
    assert limiter.admit("account editor") == 0.0  # the window passed


@pytest.mark.slow
def test_wrong_logins_over_http_are_slowed_and_the_right_one_still_works(tmp_path, monkeypatch):
    """The guard is what the running app's /login uses: 100 guesses no longer go through in 1.6 s."""
    import time

    import httpx

    from workbench.ui import launch, login
    from workbench.ui.common import free_port

    monkeypatch.setattr(login, "FREE_TRIES", 2)
    monkeypatch.setattr(login, "BASE_DELAY", 0.3)
    monkeypatch.setattr(login, "MAX_DELAY", 1.2)
    port = free_port()
    app = launch(
        tmp_path / "auth.db", port=port, sample=None, prevent_thread_lock=True, quiet=True, auth=("li", "secret")
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            answers, started = [], time.perf_counter()
            for _ in range(6):
                answers.append(client.post("/login", data={"username": "li", "password": "guess"}).status_code)
            took = time.perf_counter() - started
            assert answers == [400] * 6
            assert took >= 0.3 + 0.6 + 1.2 + 1.2  # the 3rd to 6th guesses waited, at most MAX_DELAY each
            assert client.post("/login", data={"username": "li", "password": "secret"}).status_code == 200
            assert client.post("/login", data={"username": "other", "password": "secret"}).status_code == 400
    finally:
        app.close()


@pytest.mark.parametrize(
    "lines, lang",
    [
        (["He met Mr."] * 20000, "en"),  # one paragraph of 20,000 abbreviations
        (["word", "thing", "alpha", "beta"] * 5000, "en"),  # 20,000 short lines joined as a hard wrap
        (["我们在这里工作，"] * 20000, "zh"),
        (["我们 we go", "the 中国 and", "مرحبا بالعالم", "Z̶a̶l̶g̶o", "November 15, 2012"] * 4000, "zh"),
    ],
)
@pytest.mark.slow
def test_pathological_line_runs_are_repaired_without_losing_text(lines, lang):
    """Line repair and sentence splitting were quadratic in a run of joined lines (the paragraph
    so far was rescanned at every line): 20,000 such lines took from 25 s to minutes. They now
    take well under a second, and every character comes back."""
    from workbench.ingest import prepare_text

    text = "\n".join(lines)
    segments = prepare_text(text, lang).segments
    assert "".join("".join(s.text.split()) for s in segments) == "".join(text.split())
    assert len(segments) >= 1

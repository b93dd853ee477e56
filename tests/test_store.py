"""The project store: schema, WAL, no duplicates, re-import keeps translations."""

import sqlite3

import pytest

from workbench import service
from workbench.config import sample_report
from workbench.errors import WorkbenchError
from workbench.store import SCHEMA_VERSION, Meta, Revision, Store, Translation


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "project.db")


def test_schema_is_created_in_wal_mode(store, tmp_path):
    assert store.journal_mode() == "wal"
    assert {
        "projects",
        "documents",
        "segments",
        "translations",
        "revisions",
        "assessments",
        "error_spans",
        "glossary_entries",
        "beads",
        "meta",
    } <= set(store.tables())
    with sqlite3.connect(tmp_path / "project.db") as raw:
        assert raw.execute("select value from meta where key='schema_version'").fetchone() == (str(SCHEMA_VERSION),)


def test_reopening_migrates_nothing_and_refuses_a_newer_schema(store, tmp_path):
    assert Store(tmp_path / "project.db").migrate() == SCHEMA_VERSION
    with store.session() as session:
        session.get(Meta, "schema_version").value = str(SCHEMA_VERSION + 1)
    with pytest.raises(WorkbenchError, match="newer workbench"):
        Store(tmp_path / "project.db")


def test_migration_4_adds_the_indexes_a_save_needs(tmp_path):
    """A schema-3 project gets the indexes for a segment's neighbours and its memory unit; without
    them SQLite scans the document (and the whole memory) on every save."""
    from sqlalchemy import text

    path = tmp_path / "old.db"
    store = Store(path)
    with store.engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_segments_document_position"))
        connection.execute(text("DROP INDEX ix_tm_units_memory_segment"))
        connection.execute(text("UPDATE meta SET value = '3' WHERE key = 'schema_version'"))
    store.dispose()
    assert Store(path).migrate() == SCHEMA_VERSION
    with sqlite3.connect(path) as raw:
        plan = raw.execute(
            "EXPLAIN QUERY PLAN SELECT source FROM segments WHERE document_id = 1 AND position < 9 "
            "ORDER BY position DESC LIMIT 1"
        ).fetchall()
        names = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "ix_segments_document_position" in str(plan) and "TEMP B-TREE" not in str(plan)
    assert {"ix_segments_document_position", "ix_tm_units_memory_segment"} <= names


def test_importing_the_same_file_twice_creates_no_duplicate(store, tmp_path):
    first = service.import_document(store, sample_report())
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(sample_report().read_bytes())
    again = service.import_document(store, copy)
    assert first.status == "created" and first.segments == 78
    assert again.status == "unchanged" and again.document_id == first.document_id
    assert len(service.list_documents(store)) == 1
    assert first.title == "加强基层组织建设 促进社会和谐稳定 ——在加强社会管理创新中积极推进基层组织建设的实践与思考"


def _translate_all(store, document_id):
    with store.session() as session:
        for t in session.query(Translation).all():
            t.target, t.status, t.revision = f"EN {t.segment.source}", "translated", 1
            session.add(Revision(segment_id=t.segment_id, number=1, text=t.target, status="translated", origin="mt"))


def test_reimporting_an_edited_file_keeps_translations_of_unchanged_segments(store, tmp_path, sample_text):
    path = tmp_path / "report.txt"
    path.write_text(sample_text, "utf-8")
    first = service.import_document(store, path)
    _translate_all(store, first.document_id)
    edited = sample_text.replace("仅今年以来,村级组织调解和参与调解的矛盾纠纷就达8000余起。", "今年调解纠纷9000余起。")
    path.write_text(edited, "utf-8")
    result = service.import_document(store, path)
    assert result.status == "updated" and result.document_id == first.document_id
    assert (result.kept, result.added, result.dropped) == (77, 1, 1)
    rows = service.segment_rows(store, first.document_id)
    assert len(rows) == 78 and [r["position"] for r in rows] == list(range(1, 79))
    changed = [r for r in rows if r["source"] == "今年调解纠纷9000余起。"]
    assert changed[0]["status"] == "new" and changed[0]["target"] == ""
    assert all(r["target"] == f"EN {r['source']}" for r in rows if r is not changed[0])


def test_restore_and_resegment_keep_translations(store):
    result = service.import_document(store, sample_report())
    _translate_all(store, result.document_id)
    restored = service.restore_lines(store, result.document_id, [5])
    assert restored.segments == 79 and restored.added == 1 and restored.kept == 78
    assert not any(line["number"] == 5 for line in service.removed_lines(store, result.document_id))
    from workbench.segment import SegmentOptions

    again = service.resegment(store, result.document_id, SegmentOptions(max_chars=60))
    assert again.segments > 79
    assert again.kept >= 70
    rows = service.segment_rows(store, result.document_id)
    title = next(r for r in rows if r["source"] == "加强基层组织建设 促进社会和谐稳定")
    assert title["target"] == "EN 加强基层组织建设 促进社会和谐稳定"


def test_pagination_and_database_urls(store, tmp_path):
    doc = service.import_document(store, sample_report()).document_id
    page = service.segment_rows(store, doc, offset=10, limit=5)
    assert [r["position"] for r in page] == [11, 12, 13, 14, 15]
    url_store = Store(f"sqlite:///{tmp_path / 'by-url.db'}")
    assert url_store.journal_mode() == "wal"
    with pytest.raises(WorkbenchError, match="does not exist"):
        Store(tmp_path / "missing-folder" / "x.db")

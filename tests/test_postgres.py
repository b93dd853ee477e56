"""The store on PostgreSQL through a database URL (run-tests.sh starts a local server and sets
WORKBENCH_TEST_POSTGRES_URL; without one this test is skipped and says so)."""

import os

import pytest

from workbench import service
from workbench.config import sample_report
from workbench.errors import ConflictError
from workbench.store import Store

URL = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not URL, reason="no PostgreSQL server (run-tests.sh starts one when run as root)"),
]


@pytest.fixture
def store():
    from sqlalchemy import create_engine, text

    engine = create_engine(URL)
    with engine.begin() as connection:  # a clean schema for every test
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
    engine.dispose()
    store = Store(URL)
    yield store
    store.dispose()


def test_use_cases_on_postgresql(store, tmp_path):
    assert store.journal_mode() == "n/a" and "segments" in store.tables()
    result = service.import_document(store, sample_report())
    assert result.segments == 78 and service.import_document(store, sample_report()).status == "unchanged"
    rows = service.segment_rows(store, result.document_id)
    service.save_edit(store, rows[0]["id"], "Strengthen community-level organizations", "reviewed", "A", 0)
    with pytest.raises(ConflictError):
        service.save_edit(store, rows[0]["id"], "stale", "reviewed", "B", 0)
    service.assess(store, rows[0]["id"], "A", 80, "ok", [dict(category="style", severity="minor", start=0, end=4)])
    assert service.review_page(store, result.document_id, text="community-level")[0] == 1
    assert service.review_page(store, result.document_id, qa_only=True, checks={"empty"})[0] == 77
    assert len(service.project_terms(store)) >= 382 and service.search_terms(store, "grid-based")
    check = service.check_project(store)
    assert check.segments == 1
    metrics = service.metrics(store)
    assert metrics["progress"] == {"reviewed": 1, "new": 77} and metrics["da_mean"] == 80
    service.export_project(store, tmp_path / "out.xlsx", "xlsx")
    report = service.merge_file(store, tmp_path / "out.xlsx", "C")
    assert report.unchanged == 78 and not report.conflicts
    assert service.history(store, rows[0]["id"])[-1]["author"] == "A"

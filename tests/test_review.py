"""Review use-cases: filters, navigation, detail, history and restore, conflicts."""

import pytest

from workbench import service
from workbench.config import sample_report
from workbench.errors import ConflictError
from workbench.glossary import TermMatcher, bundled_terms
from workbench.store import Store, Translation


@pytest.fixture
def project(tmp_path):
    store = Store(tmp_path / "p.db")
    doc = service.import_document(store, sample_report()).document_id
    with store.session() as session:
        for t in session.query(Translation).all():
            t.mt_text = t.target = f"EN {t.segment.position}"
            t.status = "translated"
    return store, doc


def test_filters_by_status_term_text_and_qa(project):
    store, doc = project
    total, rows = service.review_page(store, doc, 0, 10)
    assert total == 78 and [r["position"] for r in rows] == list(range(1, 11))
    first = rows[0]
    service.save_edit(store, first["id"], "Strengthen grassroots organizations", "approved", "A", first["revision"])
    assert service.review_page(store, doc, status="approved")[0] == 1
    total, rows = service.review_page(store, doc, term="网格化管理")
    assert total == 1 and "网格化管理" in rows[0]["source"]
    assert service.review_page(store, doc, text="grassroots")[0] == 1
    matcher = TermMatcher(bundled_terms())
    total, rows = service.review_page(store, doc, qa_only=True, matcher=matcher, checks={"numbers"})
    assert total >= 3 and all(any(f["check"] == "numbers" for f in r["flags"]) for r in rows)
    assert service.review_page(store, doc, qa_only=True, checks=set())[0] == 0


def test_navigation(project):
    store, doc = project
    rows = service.review_page(store, doc, 0, 100)[1]
    ids = {r["position"]: r["id"] for r in rows}
    assert service.neighbour(store, doc, 1, "next") == ids[2]
    assert service.neighbour(store, doc, 1, "previous") == ids[78]
    service.save_edit(store, ids[2], "x", "reviewed", "A", None)
    service.save_edit(store, ids[3], "y", "approved", "A", None)
    assert service.neighbour(store, doc, 1, "unreviewed") == ids[4]
    flagged = [r["position"] for r in service.review_page(store, doc, 0, 100, qa_only=True, checks={"numbers"})[1]]
    assert 3 < len(flagged) < 78 and flagged == sorted(flagged)
    assert service.neighbour(store, doc, 4, "qa", checks={"numbers"}) == ids[min(p for p in flagged if p > 4)]
    assert service.neighbour(store, doc, max(flagged), "qa", checks={"numbers"}) == ids[min(flagged)]  # wraps
    assert service.segment_at(store, doc, 10) == ids[10]


def test_detail_history_and_restore(project):
    store, doc = project
    segment = service.review_page(store, doc, 0, 1)[1][0]["id"]
    service.save_edit(store, segment, "first", "reviewed", "A", 0)
    service.assess(store, segment, "A", 77, "ok", [dict(category="style", severity="minor", start=0, end=5)])
    service.save_edit(store, segment, "second", "approved", "B", 1)
    detail = service.segment_detail(store, segment)
    assert detail["target"] == "second" and detail["score"] == 77 and detail["errors"][0]["category"] == "style"
    assert [(h["number"], h["author"], h["text"]) for h in detail["history"]] == [(1, "A", "first"), (2, "B", "second")]
    service.restore_revision(store, segment, 1, "C", base_revision=2)
    detail = service.segment_detail(store, segment)
    assert (
        detail["target"] == "first" and detail["status"] == "reviewed" and detail["history"][-1]["origin"] == "restore"
    )
    with pytest.raises(ConflictError):
        service.restore_revision(store, segment, 2, "C", base_revision=2)

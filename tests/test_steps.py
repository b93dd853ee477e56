"""Change steps: a merge or a replace-all is recorded as one step and undone as one, without
throwing away work done after it; the reviews memory follows the undo."""

import pytest

from workbench import service
from workbench.config import sample_report
from workbench.errors import WorkbenchError
from workbench.service.review import add_assessment, apply_edit
from workbench.service.steps import start_step
from workbench.store import Revision, Store, TmUnit, Translation


@pytest.fixture
def project(tmp_path):
    store = Store(tmp_path / "p.db")
    doc = service.import_document(store, sample_report()).document_id
    ids = [r["id"] for r in service.review_page(store, doc, 0, 100)[1]]
    with store.writing() as session:  # MT drafts, as a translation run writes them
        for n, segment_id in enumerate(ids):
            apply_edit(session, segment_id, f"EN {n}", "translated", "", None, origin="mt")
    return store, ids


def _step(store, ids, texts, status="reviewed"):
    with store.writing() as session:
        step = start_step(session, 1, "merge", "Ann", "merge of a.xlf")
        for segment_id, text in zip(ids, texts, strict=True):
            apply_edit(session, segment_id, text, status, "Ann", None, origin="merge", step_id=step)
            add_assessment(session, segment_id, "Ann", 80, "", step_id=step)
    return step


def _state(store, segment_id):
    with store.session() as session:
        t = session.query(Translation).filter_by(segment_id=segment_id).one()
        return t.target, t.status


def test_undo_restores_every_segment_of_the_step_and_keeps_later_work(project):
    store, ids = project
    step = _step(store, ids[:3], ["one", "two", "three"])
    service.save_edit(store, ids[2], "three, edited later", "reviewed", "Bo", None)
    assert [s["id"] for s in service.list_steps(store)] == [step]
    assert service.list_steps(store)[0]["segments"] == 3

    report = service.undo_step(store, "last", "Ann")

    assert (report.step, report.restored, report.kept, report.assessments_removed) == (step, 2, [ids[2]], 3)
    assert _state(store, ids[0]) == ("EN 0", "translated")
    assert _state(store, ids[1]) == ("EN 1", "translated")
    assert _state(store, ids[2]) == ("three, edited later", "reviewed")
    assert [r["origin"] for r in service.history(store, ids[0])][-3:] == ["mt", "merge", "undo"]
    with pytest.raises(WorkbenchError, match="nothing to undo"):
        service.undo_step(store, "last", "Ann")
    with pytest.raises(WorkbenchError, match="already undone"):
        service.undo_step(store, step, "Ann")


def test_undo_takes_the_merged_english_out_of_the_reviews_memory(project):
    store, ids = project
    _step(store, ids[:1], ["merged English"])
    with store.session() as session:
        assert session.query(TmUnit).filter_by(segment_id=ids[0], target="merged English").count() == 1
    service.undo_step(store, "last", "Ann")
    with store.session() as session:
        assert session.query(TmUnit).filter_by(segment_id=ids[0]).count() == 0


def test_a_step_over_a_segment_without_earlier_revision_goes_back_to_empty(project):
    store, ids = project
    with store.writing() as session:
        session.query(Translation).filter_by(segment_id=ids[5]).delete()  # never translated
        session.query(Revision).filter_by(segment_id=ids[5]).delete()
    _step(store, [ids[5]], ["from the file"])
    service.undo_step(store, "last", "Ann")
    assert _state(store, ids[5]) == ("", "new")


def test_cli_steps_and_undo(project, cli):
    store, ids = project
    _step(store, ids[:2], ["a", "b"])
    listed = cli("steps", "--project", store.url.removeprefix("sqlite:///"))
    assert listed.returncode == 0 and "merge of a.xlf" in listed.stdout and "2 segments" in listed.stdout
    done = cli("undo", "--project", store.url.removeprefix("sqlite:///"), "--reviewer", "Ann")
    assert done.returncode == 0 and "2 segments restored" in done.stdout
    again = cli("undo", "--project", store.url.removeprefix("sqlite:///"), "--reviewer", "Ann")
    assert again.returncode == 2 and "nothing to undo" in again.stderr
    bad = cli("undo", "x9", "--project", store.url.removeprefix("sqlite:///"), "--reviewer", "Ann")
    assert bad.returncode == 2 and "not a change step" in bad.stderr

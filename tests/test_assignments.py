"""Work assigned to people: `workbench assign` / `assignments`, the review grid's "my work" filter,
work per person, assigned segments kept to their people, unassigned work open to every reviewer."""

import json

import pytest
from conftest import copy_project, team_project

from workbench import service
from workbench.config import sample_report
from workbench.errors import WorkbenchError
from workbench.service import assignments, teams
from workbench.store import SCHEMA_VERSION, Store

PASSWORD = "pw-for-the-assignment-tests"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return team_project(
        tmp_path_factory.mktemp("assign"),
        [("ada", "admin"), ("tom", "translator"), ("rui", "reviewer"), ("rex", "reviewer")],
        PASSWORD,
    )


@pytest.fixture
def project(tmp_path, template):
    db = copy_project(template, tmp_path / "p.db")
    return db


def test_parse_range():
    assert assignments.parse_range(None) == (None, None)
    assert assignments.parse_range("3-7") == (3, 7)
    assert assignments.parse_range("5") == (5, 5)
    assert assignments.parse_range("10-") == (10, None)
    for bad in ("7-3", "a-b", "0-2", "1-2-3"):
        with pytest.raises(WorkbenchError):
            assignments.parse_range(bad)


def test_assign_through_the_cli(project, cli):
    done = cli("assign", "-p", project, "--as", "ada", "-d", "1", "--segments", "1-10", "--translator", "tom",
               "--reviewer", "rui")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "segments 1-10 (10 segments): translator tom, reviewer rui" in done.stdout
    listed = json.loads(cli("assignments", "-p", project, "--json").stdout)
    assert listed == [
        dict(id=1, document=1, title=listed[0]["title"], segments="1-10", count=10, translator="tom", reviewer="rui")
    ]
    # only an admin assigns; bad input is one line
    refused = cli("assign", "-p", project, "--as", "rui", "-d", "1", "--reviewer", "rui")
    assert refused.returncode == 2 and "rui (reviewer) may not assign work: that needs the role admin" in refused.stderr
    for args, message in [
        (["--translator", "nobody"], "there is no account named 'nobody'"),
        (["--translator", "rui"], "rui is a reviewer: the translator must be a translator or admin"),
        (["--segments", "70-900", "--reviewer", "rui"], "the range 70-900 is outside it"),
        ([], "name a translator or a reviewer"),
    ]:
        bad = cli("assign", "-p", project, "--as", "ada", "-d", "1", *args)
        assert bad.returncode == 2 and message in bad.stderr and "Traceback" not in bad.stderr, bad.stderr
    missing = cli("assign", "-p", project, "--as", "ada", "-d", "99", "--reviewer", "rui")
    assert missing.returncode == 2 and "no document with id 99" in missing.stderr
    audit = cli("audit", "-p", project).stdout
    assert 'ada,assign,"document 1 segments 1-10: translator tom, reviewer rui"' in audit
    assert "rui,assign,refused: needs admin" in audit  # the refusal leaves its line


def test_my_work_filter_counts_and_per_person(project):
    store = Store(project)
    with teams.acting_as("ada"):
        service.assign(store, 1, "tom", "rui", "1-10")
        service.assign(store, 1, "", "rex", "11-15")
    with teams.acting_as("tom"):
        service.save_review(store, 2, "Translated by Tom", "translated", "", 0)
    mine = service.GridFilter(assigned_to="tom")
    with teams.acting_as("tom"):
        total, rows = service.review_page(store, 1, 0, 50, where=mine)
    assert total == 10 and [r["position"] for r in rows] == list(range(1, 11))
    work = service.my_work(store, "rui")
    assert len(work) == 1 and work[0]["segments"] == 10 and work[0]["words"] > 0
    assert work[0]["by_status"]["translated"] >= 1
    assert service.my_work(store, "nobody") == []
    people = {(p["person"], p["part"]): p for p in service.work_by_person(store)}
    assert set(people) == {("tom", "translator"), ("rui", "reviewer"), ("rex", "reviewer")}
    assert people[("tom", "translator")]["segments"] == 10 and people[("rex", "reviewer")]["segments"] == 5
    assert people[("tom", "translator")]["done_words"] > 0 and people[("rui", "reviewer")]["done_words"] == 0
    assert people[("tom", "translator")]["words"] == people[("rui", "reviewer")]["words"]


def test_assigned_work_is_its_peoples_and_unassigned_work_is_open(project):
    store = Store(project)
    with teams.acting_as("ada"):
        service.assign(store, 1, "tom", "rui", "1-10")
    with teams.acting_as("rex"):  # another reviewer: segment 3 is rui's
        with pytest.raises(teams.RoleError, match="it is assigned to rui, tom"):
            service.save_review(store, 3, "Not mine", "approved", "", 0)
        service.save_review(store, 20, "Unassigned: open to every reviewer", "approved", "", 0)
    with teams.acting_as("rui"):
        assert service.save_review(store, 3, "Mine", "approved", "", 0)["revision"] == 1
    with teams.acting_as("ada"):  # an admin may change anything
        assert service.save_review(store, 3, "The admin's", "approved", "", 1)["revision"] == 2
    entries = teams.audit_entries(store, user="rex")
    assert [e["what"] for e in entries if e["what"].startswith("refused")] == ["refused: assigned to rui, tom"]


def test_without_accounts_assignments_name_people(tmp_path):
    store = Store(tmp_path / "solo.db")
    service.import_document(store, sample_report())
    done = service.assign(store, 1, "Wang Fang", "", None)
    assert done["segments"] == "all" and done["translator"] == "Wang Fang"
    # one person's project: nothing is checked on save
    service.save_review(store, 1, "Text", "approved", "someone", 0)


def test_migration_8_adds_assignments(tmp_path):
    from sqlalchemy import text

    path = tmp_path / "old.db"
    store = Store(path)
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE assignments"))
        connection.execute(text("UPDATE meta SET value = '7' WHERE key = 'schema_version'"))
    store.dispose()
    again = Store(path)
    assert SCHEMA_VERSION >= 8 and "assignments" in again.tables()


def test_bulk_changes_leave_other_peoples_assigned_work_alone(project, tmp_path):
    """Find and replace and a merged file skip (and count) segments assigned to other people, as a
    single save refuses them; unassigned segments and the account's own assignment change."""
    store = Store(project)
    with teams.acting_as("ada"):
        service.assign(store, 1, "tom", "rui", "1-10")
    with teams.acting_as("ada"):  # the same English in an assigned (3) and an unassigned segment (20)
        for segment in (3, 20):
            service.save_review(store, segment, "The village committee met.", "translated", "", 0)
    with teams.acting_as("rex"):
        preview = service.find_replace(store, "committee", "council")
        assert ([c.segment for c in preview.changes], preview.skipped_assigned) == ([20], 1)
        done = service.find_replace(store, "committee", "council", apply=True)
        assert ([c.segment for c in done.changes], done.skipped_assigned) == ([20], 1)
    assert service.segment_state(store, 3)["target"] == "The village committee met."
    assert service.segment_state(store, 20)["target"] == "The village council met."
    # a reviewed file from rex: segment 3 is rui's work and stays as it is; rui's own merge applies
    rows = service.export_rows(store)
    reviewed = tmp_path / "rex.tsv"
    by_id = {r.id: r for r in rows}
    lines = ["id\tsource\ttarget\tstatus"]
    for segment in (3, 20):
        lines.append(f"{by_id[segment].id}\t{by_id[segment].source}\tReviewed by the merger {segment}.\treviewed")
    reviewed.write_text("\n".join(lines) + "\n", "utf-8")
    with teams.acting_as("rex"):
        report = service.merge_file(store, reviewed, "")
    assert report.updated == 1 and [a["segment"] for a in report.assigned] == [3]
    assert report.assigned[0]["assigned_to"] == ["rui", "tom"]
    assert service.segment_state(store, 3)["target"] == "The village committee met."
    with teams.acting_as("rui"):
        mine = service.merge_file(store, reviewed, "")
    assert mine.assigned == [] and service.segment_state(store, 3)["target"] == "Reviewed by the merger 3."


def test_a_step_is_undone_by_its_author_or_an_admin(project):
    store = Store(project)
    with teams.acting_as("rui"):
        service.save_review(store, 20, "The village committee met.", "translated", "", 0)
        step = service.find_replace(store, "committee", "council", apply=True).step
    with teams.acting_as("rex"), pytest.raises(teams.RoleError, match=f"rex may not undo step {step}: rui made it"):
        service.undo_step(store, step, "")
    assert service.segment_state(store, 20)["target"] == "The village council met."
    with teams.acting_as("ada"):
        assert service.undo_step(store, step, "").restored == 1
    assert service.segment_state(store, 20)["target"] == "The village committee met."
    assert "refused: undo step" in " ".join(e["what"] for e in teams.audit_entries(store, user="rex"))

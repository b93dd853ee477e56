"""Find and replace: a preview of every change, replace one or all, approved segments skipped
unless asked, the whole action one change step taken back by one undo; bad or slow patterns
refused in one line."""

import json
import time

import pytest

from workbench import find_replace, service
from workbench.errors import WorkbenchError
from workbench.service.review import apply_edit
from workbench.store import Store, Translation


@pytest.fixture
def big(tmp_path):
    """A document of 200 segments with MT drafts "The plan of year N is a plan." (N = 1..200)."""
    report = tmp_path / "report.txt"
    report.write_text("\n".join(f"第{n}年的计划是一个计划。" for n in range(1, 201)) + "\n", encoding="utf-8")
    store = Store(tmp_path / "p.db")
    doc = service.import_document(store, report).document_id
    rows = service.segment_rows(store, doc)
    assert len(rows) == 200
    with store.writing() as session:
        for row in rows:
            apply_edit(
                session, row["id"], f"The plan of year {row['position']} is a plan.", "translated", "", None, "mt"
            )
    return store, doc, [r["id"] for r in rows]


def _targets(store, ids):
    with store.session() as session:
        found = {
            t.segment_id: (t.target, t.status)
            for t in session.query(Translation).filter(Translation.segment_id.in_(ids))
        }
    return [found[i] for i in ids]


def test_regex_replacement_over_200_segments_previewed_applied_undone_in_one_step(big):
    store, doc, ids = big
    before = _targets(store, ids)
    preview = service.find_replace(store, r"year (\d+)", r"the year \1", is_regex=True, document_id=doc)
    assert not preview.applied and len(preview.changes) == 200 and preview.matches == 200
    first = preview.changes[0]
    assert (first.segment, first.before, first.after) == (
        ids[0],
        "The plan of year 1 is a plan.",
        "The plan of the year 1 is a plan.",
    )
    assert first.spans == [(12, 18)]
    assert _targets(store, ids) == before  # a preview changes nothing
    assert service.list_steps(store) == []

    done = service.find_replace(
        store, r"year (\d+)", r"the year \1", reviewer="Ann", is_regex=True, document_id=doc, apply=True
    )
    assert done.applied and done.step is not None and len(done.changes) == 200
    after = _targets(store, ids)
    assert after[41] == ("The plan of the year 42 is a plan.", "translated")  # the status is kept
    steps = service.list_steps(store)
    assert [(s["kind"], s["segments"], s["author"]) for s in steps] == [("replace", 200, "Ann")]
    assert service.history(store, ids[0])[-1]["author"] == "Ann"
    assert service.history(store, ids[0])[-1]["origin"] == "replace"

    undone = service.undo_step(store, "last", "Ann", kind="replace")
    assert undone.restored == 200 and undone.kept == []
    assert _targets(store, ids) == before


def test_plain_search_case_word_and_replace_one(big):
    store, doc, ids = big
    # plain text: regex characters are literal, case ignored by default, every occurrence counted
    assert service.find_replace(store, "PLAN", "scheme", document_id=doc).matches == 400
    assert service.find_replace(store, "PLAN", "scheme", match_case=True, document_id=doc).matches == 0
    assert service.find_replace(store, "a.", "x", document_id=doc).matches == 0  # "a." is not a regex here
    assert service.find_replace(store, "pla", "x", whole_word=True, document_id=doc).matches == 0
    one = service.find_replace(store, "plan", "scheme", reviewer="Bo", segment_ids=[ids[4]], apply=True)
    assert len(one.changes) == 1 and one.changes[0].matches == 2
    assert _targets(store, ids[3:6]) == [
        ("The plan of year 4 is a plan.", "translated"),
        ("The scheme of year 5 is a scheme.", "translated"),
        ("The plan of year 6 is a plan.", "translated"),
    ]


def test_approved_segments_are_skipped_unless_asked(big):
    store, doc, ids = big
    service.save_edit(store, ids[0], "The plan of year 1 is a plan.", "approved", "Ann")
    report = service.find_replace(store, "plan", "scheme", reviewer="Bo", document_id=doc, apply=True)
    assert (len(report.changes), report.skipped_approved) == (199, 1)
    assert _targets(store, ids[:1]) == [("The plan of year 1 is a plan.", "approved")]
    asked = service.find_replace(store, "plan", "scheme", reviewer="Bo", include_approved=True, apply=True)
    assert len(asked.changes) == 1 and _targets(store, ids[:1]) == [("The scheme of year 1 is a scheme.", "approved")]


def test_source_is_searched_never_rewritten(big):
    store, doc, ids = big
    found = service.find_replace(store, "第7年", "", place="source", document_id=doc)
    assert [c.segment for c in found.changes] == [ids[6]] and found.changes[0].after == found.changes[0].before
    with pytest.raises(WorkbenchError, match="source text is the document being translated"):
        service.find_replace(store, "第7年", "x", reviewer="Ann", place="source", apply=True)


def test_bad_patterns_are_refused_in_one_line(big, monkeypatch):
    store, doc, ids = big
    monkeypatch.setattr(find_replace, "SEARCH_SECONDS", 0.5)
    with pytest.raises(WorkbenchError, match="not valid"):
        service.find_replace(store, "year (", "x", is_regex=True)
    with pytest.raises(WorkbenchError, match="group 2"):
        service.find_replace(store, "year (\\d+)", "\\2", is_regex=True)
    with pytest.raises(WorkbenchError, match="reviewer"):
        service.find_replace(store, "plan", "x", apply=True)
    service.save_edit(store, ids[0], "a" * 40 + "!", "translated", "Ann")
    started = time.monotonic()
    with pytest.raises(WorkbenchError, match="longer than"):
        service.find_replace(store, "(a|aa)+$", "x", is_regex=True)  # catastrophic backtracking
    assert time.monotonic() - started < 3
    assert service.list_steps(store) == []


def test_cli_replace_dry_run_json_apply_and_undo(big, cli):
    store, doc, ids = big
    db = store.url.removeprefix("sqlite:///")
    dry = cli("replace", "plan", "scheme", "--project", db, "--document", doc, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    listed = json.loads(dry.stdout)
    assert listed["applied"] is False and len(listed["changes"]) == 200 and listed["matches"] == 400
    assert listed["changes"][2]["after"] == "The scheme of year 3 is a scheme."
    assert _targets(store, ids[:1]) == [("The plan of year 1 is a plan.", "translated")]

    done = cli("replace", "plan", "scheme", "--project", db, "--reviewer", "Ann", "--word")
    assert done.returncode == 0 and "replaced 400 matches in 200 segments" in done.stdout
    assert cli("undo", "--project", db, "--reviewer", "Ann").stdout.startswith("undid step")
    assert _targets(store, ids[:1]) == [("The plan of year 1 is a plan.", "translated")]

    bad = cli("replace", "(", "x", "--regex", "--project", db, "--reviewer", "Ann")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "not valid" in bad.stderr
    nobody = cli("replace", "plan", "x", "--project", db)
    assert nobody.returncode == 2 and "reviewer" in nobody.stderr


def test_app_panel_previews_replaces_and_undoes_with_escaped_text(big):
    from workbench.ui.qa_tab import FindReplaceTab

    store, doc, ids = big
    service.save_edit(store, ids[1], "The plan <img src=x> of year 2 is a plan.", "translated", "Ann")
    panel = FindReplaceTab(store)
    table, message = panel.preview(doc, "plan", "scheme", "target", False, False, False, False)
    assert "400 matches in 200 segments" in message and "<img" not in table and "&lt;img" in table
    assert _targets(store, ids[:1]) == [("The plan of year 1 is a plan.", "translated")]
    _, nobody = panel.replace(doc, "plan", "scheme", "target", False, False, False, False, "", None)
    assert nobody.startswith("\u26a0") and "reviewer" in nobody
    _, one = panel.replace(doc, "plan", "scheme", "target", False, False, False, False, "Bo", ids[0])
    assert "2 matches in 1 segments" in one and _targets(store, ids[:1])[0][0] == "The scheme of year 1 is a scheme."
    _, done = panel.replace(0, "plan", "scheme", "target", False, False, False, False, "Bo", None)
    assert "in 199 segments" in done
    assert "199 segments restored" in panel.undo("Bo")
    assert _targets(store, ids[2:3])[0][0] == "The plan of year 3 is a plan."
    _, bad = panel.preview(doc, "(", "", "target", True, False, False, False)
    assert bad.startswith("\u26a0") and "not valid" in bad

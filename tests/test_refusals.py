"""A refusal by role, through the CLI and the API, changes no table but the audit log, and leaves
there one line: the account, the action and "refused: needs ROLE"."""

import csv
import io
import sqlite3

import pytest
from conftest import copy_project, team_project

from workbench import service
from workbench.config import sample_report
from workbench.service import teams
from workbench.store import Store

PASSWORD = "refusal tests pass phrase"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return team_project(
        tmp_path_factory.mktemp("refusals"),
        [("ada", "admin"), ("tom", "translator"), ("rui", "reviewer"), ("ras", "rater"), ("vic", "viewer")],
        PASSWORD,
    )


@pytest.fixture
def project(tmp_path, template):
    db = copy_project(template, tmp_path / "p.db")
    return db


def row_counts(db) -> dict:
    """Every table's rows (the audit log apart), and the audit log's count."""
    with sqlite3.connect(db) as raw:
        names = [r[0] for r in raw.execute("select name from sqlite_master where type='table'")]
        return {n: raw.execute(f"select * from {n}").fetchall() for n in names}


def audit_rows(cli, db) -> list[dict]:
    return list(csv.DictReader(io.StringIO(cli("audit", "-p", db).stdout)))


REFUSED_CLI = [
    # (account, the command after `workbench`, the action, the role a refusal names)
    ("tom", ["undo", "last", "-r", "tom"], "undo", "reviewer"),
    ("vic", ["glossary", "import", "{glossary}"], "glossary", "translator or reviewer"),
    ("tom", ["import", "{report}"], "import", "admin"),
    ("rui", ["assign", "-d", "1", "--reviewer", "rui"], "assign", "admin"),
    ("ras", ["export", "-f", "csv", "-o", "{out}"], "export", "translator, reviewer or viewer"),
    ("ras", ["documents"], "read", "translator, reviewer or viewer"),
]


@pytest.mark.parametrize("who, command, action, needed", REFUSED_CLI)
def test_a_refused_cli_command_changes_only_the_audit_log(project, cli, tmp_path, who, command, action, needed):
    glossary = tmp_path / "g.tsv"
    glossary.write_text("zh\ten\n源\tsource\n", "utf-8")
    values = dict(glossary=glossary, report=sample_report(), out=tmp_path / "out.csv")
    args = [a.format(**values) for a in command]
    before = row_counts(project)
    done = cli(*args, "-p", project, "--as", who)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert f"needs the role {needed}" in done.stderr and "Traceback" not in done.stderr
    after = row_counts(project)
    assert {t: r for t, r in after.items() if t != "audit_log"} == {t: r for t, r in before.items() if t != "audit_log"}
    new = after["audit_log"][len(before["audit_log"]) :]
    assert len(new) == 1, new
    line = audit_rows(cli, project)[-1]
    assert (line["account"], line["action"], line["what"]) == (who, action, f"refused: needs {needed}")
    assert not (tmp_path / "out.csv").exists()


def test_a_refused_call_in_the_service_layer(project):
    store = Store(project)
    before = row_counts(project)
    with teams.acting_as("tom"), pytest.raises(teams.RoleError, match="needs the role reviewer"):
        service.save_review(store, 1, "Approved by a translator", "approved", "", 0)
    after = row_counts(project)
    assert len(after["audit_log"]) == len(before["audit_log"]) + 1
    assert after["translations"] == before["translations"] and after["revisions"] == before["revisions"]

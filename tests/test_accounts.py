"""Accounts, roles and the audit trail: `workbench user ...`, `--as`, the permission table checked
in the service layer, hashes only in the database, and a project from before accounts."""

import csv
import io
import json
import sqlite3

import pytest
from conftest import copy_project, team_project

from workbench import service
from workbench.config import sample_report
from workbench.errors import WorkbenchError
from workbench.service import teams
from workbench.store import Store

PASSWORD = "correct horse battery staple 42"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A project with the sample and one account of each role, made once (hashing takes time)."""
    return team_project(
        tmp_path_factory.mktemp("template"),
        [("ada", "admin"), ("tom", "translator"), ("rui", "reviewer"), ("ras", "rater")],
        PASSWORD,
    )


@pytest.fixture
def project(tmp_path, template, cli):
    """A copy of the template; the viewer added through the CLI (password on standard input)."""
    db = copy_project(template, tmp_path / "p.db")
    done = cli("user", "add", "vic", "--role", "viewer", "-p", db, input=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    return db


def test_user_add_with_a_password_file(tmp_path, cli):
    db = tmp_path / "new.db"
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n")
    secret.chmod(0o600)
    done = cli("user", "add", "ada", "--role", "admin", "--password-file", secret, "-p", db)
    assert done.returncode == 0 and "added the account ada (admin)" in done.stdout, done.stderr
    assert teams.verify_password(Store(db), "ada", PASSWORD)


def raw_counts(db) -> dict:
    with sqlite3.connect(db) as raw:
        return {
            t: raw.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("revisions", "assessments", "translations", "documents", "glossary_entries", "tm_units")
        } | {"targets": raw.execute("select group_concat(target, '|') from translations").fetchone()[0]}


def test_user_commands(project, cli):
    listed = cli("user", "list", "--json", "-p", project)
    assert json.loads(listed.stdout) == [
        {"name": "ada", "role": "admin", "enabled": True},
        {"name": "ras", "role": "rater", "enabled": True},
        {"name": "rui", "role": "reviewer", "enabled": True},
        {"name": "tom", "role": "translator", "enabled": True},
        {"name": "vic", "role": "viewer", "enabled": True},
    ]
    assert cli("user", "role", "vic", "reviewer", "-p", project).returncode == 0
    assert cli("user", "disable", "vic", "-p", project).returncode == 0
    assert {"name": "vic", "role": "reviewer", "enabled": False} in json.loads(
        cli("user", "list", "--json", "-p", project).stdout
    )
    assert cli("user", "passwd", "tom", "-p", project, input="new-pass\n").returncode == 0
    store = Store(project)
    assert teams.verify_password(store, "tom", "new-pass") and not teams.verify_password(store, "tom", PASSWORD)
    assert not teams.verify_password(store, "vic", PASSWORD)  # disabled
    assert not teams.verify_password(store, "nobody", PASSWORD)


@pytest.mark.parametrize(
    "args, input, message",
    [
        (["user", "add", "x", "--role", "boss"], "pw\n", "unknown role 'boss'; use one of admin, translator"),
        (["user", "add", "tom", "--role", "viewer"], "pw\n", "the account 'tom' exists already"),
        (["user", "add", "new", "--role", "viewer"], "\n", "the password is empty"),
        (["user", "add", "two words", "--role", "viewer"], "pw\n", "is not an account name"),
        (["user", "role", "tom", "boss"], None, "unknown role 'boss'"),
        (["user", "disable", "nobody"], None, "there is no account named 'nobody'"),
        (["user", "token", "nobody"], None, "there is no account named 'nobody'"),
        (["audit", "--since", "yesterday"], None, "--since takes a day as YYYY-MM-DD"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(project, cli, args, input, message):
    result = cli(*args, "-p", project, input=input)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_password_and_token_never_in_clear(project, cli, tmp_path):
    token = json.loads(cli("user", "token", "rui", "--json", "-p", project).stdout)
    assert token["user"] == "rui" and token["token"].startswith("wb_")
    data = b"".join(p.read_bytes() for p in tmp_path.glob("p.db*"))  # the file, its WAL and shared memory
    assert PASSWORD.encode() not in data and token["token"].encode() not in data
    assert b"$argon2id$" in data
    audit = cli("audit", "-p", project).stdout
    assert PASSWORD not in audit and token["token"] not in audit


def test_revoked_token_is_refused_at_once(project, cli):
    store = Store(project)
    token = json.loads(cli("user", "token", "rui", "--json", "-p", project).stdout)["token"]
    assert teams.token_account(store, token).name == "rui"
    revoked = cli("user", "token", "rui", "--revoke", "--json", "-p", project)
    assert json.loads(revoked.stdout) == {"user": "rui", "revoked": 1}
    with pytest.raises(teams.LoginRequired, match="not valid"):
        teams.token_account(store, token)
    with pytest.raises(teams.LoginRequired, match="malformed") as refused:
        teams.token_account(store, "Bearer nonsense")
    assert "nonsense" not in str(refused.value)


def _export(cli, project, tmp_path, who):
    return cli("export", "-p", project, "-f", "csv", "-o", tmp_path / f"{who}.csv", "--as", who)


@pytest.mark.parametrize(
    "who, allowed",
    [("ada", True), ("rui", True), ("tom", False), ("vic", False), ("ras", False)],
)
def test_merge_by_role_through_the_cli(project, cli, tmp_path, who, allowed):
    exported = tmp_path / "review.csv"
    assert cli("export", "-p", project, "-f", "csv", "-o", exported).returncode == 0  # reading needs no --as
    rows = list(csv.DictReader(io.StringIO(exported.read_text("utf-8-sig"))))
    rows[0]["target"], rows[0]["status"] = "Edited by a merge", "approved"
    with exported.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = raw_counts(project)
    result = cli("merge", exported, "-p", project, "--reviewer", who)
    if allowed:
        assert result.returncode == 0, result.stderr
        history = service.history(Store(project), 1)
        assert history[-1]["author"] == who and history[-1]["text"] == "Edited by a merge"
    else:
        assert result.returncode == 2
        assert "may not merge reviewed files: that needs the role reviewer" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert raw_counts(project) == before  # nothing written


def test_changes_need_an_account(project, cli, tmp_path):
    no_one = cli("import", sample_report(), "-p", project)
    assert no_one.returncode == 2 and "this project has accounts: say who you are with --as NAME" in no_one.stderr
    unknown = cli("import", sample_report(), "-p", project, "--as", "ghost")
    assert unknown.returncode == 2 and "no account named 'ghost'" in unknown.stderr
    assert cli("import", sample_report(), "-p", project, env={"WORKBENCH_USER": "ada"}).returncode == 0
    refused = cli("import", sample_report(), "-p", project, "--as", "tom")
    assert refused.returncode == 2 and "tom (translator) may not import: that needs the role admin" in refused.stderr
    assert cli("user", "disable", "rui", "-p", project).returncode == 0
    disabled = cli("merge", tmp_path / "x.csv", "-p", project, "-r", "rui")
    assert disabled.returncode == 2 and "the account 'rui' is disabled" in disabled.stderr


ROLE_CASES = [
    # (role's account, status, score, comment, allowed, the role a refusal names)
    ("tom", "translated", None, "", True, None),
    ("tom", "reviewed", None, "a note", True, None),
    ("tom", "approved", None, "", False, "reviewer"),
    ("tom", "rejected", None, "", False, "reviewer"),
    ("tom", "translated", 80, "", False, "reviewer"),
    ("rui", "approved", 90, "fine", True, None),
    ("rui", "rejected", None, "", True, None),
    ("ada", "approved", 70, "", True, None),
    ("vic", "translated", None, "", False, "translator or reviewer"),
    ("ras", "translated", None, "", False, "translator or reviewer"),
]


@pytest.mark.parametrize("who, status, score, comment, allowed, needed", ROLE_CASES)
def test_save_by_role_in_the_service_layer(project, who, status, score, comment, allowed, needed):
    store = Store(project)
    before = raw_counts(project)
    with teams.acting_as(who):
        if allowed:
            result = service.save_review(store, 1, "A new text", status, "typed name", 0, score=score, comment=comment)
            assert result["changed"]
        else:
            with pytest.raises(teams.RoleError, match=f"needs the role {needed}$"):
                service.save_review(store, 1, "A new text", status, "typed name", 0, score=score, comment=comment)
    if allowed:
        last = service.history(store, 1)[-1]
        assert last["author"] == who  # the account, not the typed name
        entries = teams.audit_entries(store, user=who)
        assert entries[-1]["action"] == {"approved": "approve", "rejected": "reject"}.get(status, "save")
    else:
        assert raw_counts(project) == before


def test_no_accounts_everything_as_before(tmp_path):
    store = Store(tmp_path / "solo.db")
    service.import_document(store, sample_report())
    saved = service.save_review(store, 1, "Solo text", "approved", "Li Hua", 0, score=90)
    assert saved["changed"] and service.history(store, 1)[-1]["author"] == "Li Hua"
    assert teams.audit_entries(store) == []  # one person: no audit needed


def test_reading_commands_need_no_account(project, cli):
    assert cli("documents", "-p", project).returncode == 0
    refused = cli("documents", "-p", project, "--as", "ras")  # a rater sees evaluation tasks only
    assert refused.returncode == 2 and "ras (rater) may not read the project" in refused.stderr


def test_old_project_migrates_with_its_authors(tmp_path):
    db = tmp_path / "old.db"
    store = Store(db)
    service.import_document(store, sample_report())
    service.save_review(store, 1, "Old text", "reviewed", "Wang Fang", 0, score=75)
    store.dispose()
    with sqlite3.connect(db) as raw:  # as a workbench before accounts left it: schema 5
        for table in ("users", "api_tokens", "audit_log"):
            raw.execute(f"drop table {table}")
        raw.execute("update meta set value='5' where key='schema_version'")
    store = Store(db)
    assert {"users", "api_tokens", "audit_log"} <= set(store.tables())
    assert service.history(store, 1)[-1]["author"] == "Wang Fang"
    assert service.segment_detail(store, 1)["reviewer"] == "Wang Fang"
    teams.add_user(store, "wang", "reviewer", "pw")
    with teams.acting_as("wang"):
        service.save_review(store, 1, "New text", "approved", "", 1)
    authors = [h["author"] for h in service.history(store, 1)]
    assert authors == ["Wang Fang", "wang"]


def test_permission_table_is_one_dict():
    assert set(teams.PERMISSIONS["status:approved"]) == {"admin", "reviewer"}
    assert "rater" not in teams.PERMISSIONS["read"] and teams.PERMISSIONS["evaluate"] == ("admin", "rater")
    assert all(set(roles) <= set(teams.ROLES) for roles in teams.PERMISSIONS.values())
    with pytest.raises(WorkbenchError):
        teams.check_role("owner")


def test_the_audit_trail(project, cli, tmp_path):
    exported = tmp_path / "out.csv"
    assert cli("export", "-p", project, "-f", "csv", "-o", exported, "--as", "vic").returncode == 0
    assert cli("merge", exported, "-p", project, "-r", "rui").returncode == 0
    assert cli("import", sample_report(), "-p", project, "--as", "ada").returncode == 0
    assert cli("user", "role", "vic", "translator", "-p", project, "--as", "ada").returncode == 0
    with teams.acting_as("rui"):
        service.save_review(Store(project), 2, "Approved text", "approved", "", 0)
    everything = list(csv.DictReader(io.StringIO(cli("audit", "-p", project).stdout)))
    assert list(everything[0]) == ["time", "account", "action", "what"]
    actions = [(e["account"], e["action"]) for e in everything]
    for expected in [
        ("", "user add"),  # the template's accounts, added by whoever can write the file
        ("vic", "export"),
        ("rui", "merge"),
        ("ada", "import"),
        ("ada", "user role"),
        ("rui", "approve"),
    ]:
        assert expected in actions, (expected, actions)
    role_change = next(e for e in everything if e["action"] == "user role")
    assert role_change["what"] == "account vic: role viewer -> translator"
    approval = next(e for e in everything if e["action"] == "approve")
    assert approval["what"] == "segment 2: revision 1, status approved"

    mine = list(csv.DictReader(io.StringIO(cli("audit", "-p", project, "--user", "rui").stdout)))
    assert {e["account"] for e in mine} == {"rui"} and len(mine) == 2
    assert cli("audit", "-p", project, "--since", "2999-01-01").stdout.strip() == "time,account,action,what"
    written = cli("audit", "-p", project, "--since", "2000-01-01", "-o", tmp_path / "audit.csv")
    assert written.returncode == 0 and written.stdout == ""
    assert len(list(csv.DictReader((tmp_path / "audit.csv").open(encoding="utf-8")))) == len(everything)


def test_a_read_only_team_project_can_still_be_exported(project, tmp_path):
    """Exporting writes an audit line; a project that can only be read gets none, and the export works."""
    from test_hostile_input import run_cli

    store = Store(project)
    with store.engine.connect() as connection:  # everything into the database file before its WAL goes
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.dispose()
    folder = tmp_path / "out"
    folder.mkdir()
    project.chmod(0o444)
    for extra in tmp_path.glob("p.db-*"):
        extra.unlink()
    tmp_path.chmod(0o555)
    try:
        done = run_cli(folder, "export", "-p", project, "-f", "csv", "-o", folder / "x.csv", "--as", "vic")
        assert done.returncode == 0, done.stderr
        assert (folder / "x.csv").is_file()
    finally:
        tmp_path.chmod(0o755)
        project.chmod(0o644)

"""``workbench user ...``, ``workbench audit``, ``workbench assign`` and ``assignments``: the
accounts of a project database, its audit trail and the work assigned to people; a thin layer over
:mod:`workbench.service.teams`. Whoever can write the database file is its administrator: the
account commands need no --as (given, it is recorded in the audit trail); assigning work does."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import service
from ..errors import WorkbenchError
from ..service import teams
from .options import document_option, json_option, open_store, output_option, project_option


def _by() -> str:
    actor = teams.current_actor()
    return actor.name if actor is not None else ""


def _password(password_file: Path | None) -> str:
    """From the first line of FILE, asked twice on a terminal, else the first line of standard input."""
    if password_file is not None:
        from ..service.login import read_login_file

        line, readable_by_others = read_login_file(password_file)
        if readable_by_others:
            click.echo(f"workbench: warning: {password_file} can be read by other users; chmod 600 it", err=True)
        return line
    if sys.stdin.isatty():
        first = click.prompt("Password", hide_input=True, default="", show_default=False)
        teams.check_password(first)
        second = click.prompt("Password again", hide_input=True, default="", show_default=False)
        if first != second:
            raise WorkbenchError("the two passwords differ; nothing was changed")
        return first
    return sys.stdin.readline().rstrip("\r\n")


@click.group("user")
def user_group():
    """Accounts of the project database: add, list, change the password or role, disable, tokens."""


@user_group.command("add")
@click.argument("name")
@project_option
@click.option("--role", required=True, metavar="ROLE", help="admin, translator, reviewer, rater or viewer.")
@click.option(
    "--password-file",
    type=click.Path(path_type=Path),
    default=None,
    help="Read the password from the first line of this file (default: asked twice on a terminal, "
    "else the first line of standard input).",
)
def user_add_cmd(name, project, role, password_file):
    """Add the account NAME with ROLE. From then on changes to the project name an account (--as)."""
    teams.check_name(name)
    teams.check_role(role)
    store = open_store(project, create=True)
    user = teams.add_user(store, name, role, _password(password_file), by=_by())
    click.echo(f"added the account {user['name']} ({user['role']})")


@user_group.command("list")
@project_option
@json_option('Print a list of {"name", "role", "enabled"}.')
def user_list_cmd(project, as_json):
    """List the accounts."""
    users = teams.list_users(open_store(project))
    if as_json:
        click.echo(json.dumps(users, ensure_ascii=False))
        return
    if not users:
        click.echo("no accounts: the project is open to whoever runs it (add one with `workbench user add`)")
    for u in users:
        click.echo(f"{u['name']:<24} {u['role']:<11} {'enabled' if u['enabled'] else 'disabled'}")


@user_group.command("passwd")
@click.argument("name")
@project_option
@click.option("--password-file", type=click.Path(path_type=Path), default=None, help="As for `user add`.")
def user_passwd_cmd(name, project, password_file):
    """Set a new password for NAME."""
    store = open_store(project)  # a missing project or account is refused before the password is asked
    if name not in {u["name"] for u in teams.list_users(store)}:
        raise WorkbenchError(f"there is no account named {name!r}; see `workbench user list`")
    teams.set_password(store, name, _password(password_file), by=_by())
    click.echo(f"changed the password of {name}")


@user_group.command("disable")
@click.argument("name")
@project_option
def user_disable_cmd(name, project):
    """Disable NAME: it can no longer sign in or act, and its API tokens are revoked."""
    teams.disable_user(open_store(project), name, by=_by())
    click.echo(f"disabled the account {name} (and revoked its API tokens)")


@user_group.command("role")
@click.argument("name")
@click.argument("role")
@project_option
def user_role_cmd(name, role, project):
    """Give NAME the role ROLE."""
    user = teams.set_role(open_store(project), name, role, by=_by())
    click.echo(f"{user['name']} is now {user['role']}")


@user_group.command("token")
@click.argument("name")
@project_option
@click.option("--revoke", is_flag=True, help="Revoke all of NAME's tokens instead.")
@json_option('Print {"user": NAME, "token": "..."} (or the revoked count).')
def user_token_cmd(name, project, revoke, as_json):
    """Make an API token for NAME (shown this once; only its hash is kept), or --revoke them all."""
    store = open_store(project)
    if revoke:
        count = teams.revoke_tokens(store, name, by=_by())
        if as_json:
            click.echo(json.dumps({"user": name, "revoked": count}))
        else:
            click.echo(f"revoked {count} API tokens of {name}")
        return
    token = teams.new_token(store, name, by=_by())
    if as_json:
        click.echo(json.dumps({"user": name, "token": token}))
    else:
        click.echo(token)
        click.echo(f"(the API token of {name}: shown only now; send it as 'Authorization: Bearer TOKEN')", err=True)


@click.command("audit")
@project_option
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="Only from this day on.")
@click.option("--user", "user", default=None, metavar="NAME", help="Only what this account did.")
@output_option(required=False, help="Write the CSV here.")
def audit_cmd(project, since, user, output):
    """The audit trail as CSV (time, account, action, what): logins, saves, approvals, exports,
    imports, account changes. To standard output without -o."""
    entries = teams.audit_entries(open_store(project), since=teams.parse_day(since), user=user)
    text = teams.audit_csv(entries)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {len(entries)} audit entries to {output}", err=True)


@click.command("assign")
@project_option
@document_option(required=True, help="The document to give (its id, as `workbench documents` lists them).")
@click.option("--segments", default=None, metavar="A-B", help="Only these segments (1-based numbers, as the grid's #).")
@click.option("--translator", default="", metavar="NAME", help="The account that translates it.")
@click.option("--reviewer", default="", metavar="NAME", help="The account that reviews it.")
def assign_cmd(project, document_id, segments, translator, reviewer):
    """Give a document (or --segments A-B of it) to a translator and a reviewer (an admin's to do).
    Assigned segments are changed only by their people (and admins); unassigned ones stay open."""
    done = service.assign(open_store(project), document_id, translator, reviewer, segments)
    click.echo(
        f"assigned document {done['document']} segments {done['segments']} ({done['count']} segments): "
        f"translator {done['translator'] or '-'}, reviewer {done['reviewer'] or '-'}"
    )


@click.command("assignments")
@project_option
@json_option('Print a list of {"id", "document", "title", "segments", "count", "translator", "reviewer"}.')
def assignments_cmd(project, as_json):
    """List the work assigned to people."""
    rows = service.list_assignments(open_store(project))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        click.echo("no assignments: all work is open to every reviewer (give some with `workbench assign`)")
    for r in rows:
        click.echo(
            f"#{r['id']:<4} document {r['document']:<4} segments {r['segments']:<10} ({r['count']:>4}) "
            f"translator {r['translator'] or '-':<16} reviewer {r['reviewer'] or '-'}"
        )

"""``workbench serve``: the review app in the browser."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .. import service
from ..config import default_project, sample_report
from ..errors import WorkbenchError
from .options import (
    open_store,
    project_option,
)


@click.command("serve")
@project_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 exposes the app to your network).",
)
@click.option("--port", default=7860, show_default=True, type=int)
@click.option("--no-sample", is_flag=True, help="Do not import the bundled sample report.")
@click.option(
    "--auth",
    default=None,
    metavar="USER:PASSWORD",
    help="Ask for this login. Anything on the command line is visible to every user of this machine "
    "(ps, /proc): prefer --auth-file or $WORKBENCH_AUTH.",
)
@click.option(
    "--auth-file",
    type=click.Path(path_type=Path),
    default=None,
    help="Read USER:PASSWORD from the first line of this file (keep it readable only by you).",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME[:PORT]",
    help="Also answer requests addressed to this name (a proxy in front, or --host 0.0.0.0); repeatable. "
    "Default: $WORKBENCH_ALLOWED_HOSTS (comma-separated).",
)
def serve_cmd(project, host, port, no_sample, auth, auth_file, allowed_hosts):
    """Open the workbench in the browser (imports the bundled sample report first).

    Login: a project with accounts (`workbench user add`) asks for an account's name and password,
    and the signed-in account is the author of every change; the REST API (/api/v1/) takes an
    account's bearer token (`workbench user token`). Without accounts: give one login with
    --auth-file FILE or $WORKBENCH_AUTH (with accounts it is one admin for this run); --auth on
    the command line also works but is visible to other users in `ps`. Repeated wrong logins are
    slowed down (at most 10 s each), never locked out. Without a login, --host beyond this machine
    prints a warning.

    Only requests addressed to 127.0.0.1, localhost, [::1], the --host name and the
    --allowed-host names are answered (a web page cannot reach the app through a name of its
    own); --host 0.0.0.0 needs at least one --allowed-host.
    """
    from ..service.database import is_loopback
    from ..ui import launch
    from ..ui.hosts import allowed_names

    credentials = _credentials(auth, auth_file)
    names = list(allowed_hosts) or os.environ.get("WORKBENCH_ALLOWED_HOSTS", "").split(",")
    allowed_names(host, names)  # a server on 0.0.0.0 without a name is refused before anything else is said
    if credentials is None and not is_loopback(host) and not _has_accounts(project):
        click.echo(
            f"workbench: warning: serving on {host} without a login: anyone who can reach this address can "
            f"read and change the project; use --auth-file or $WORKBENCH_AUTH",
            err=True,
        )
    launch(
        project or default_project(),
        host=host,
        port=port,
        sample=None if no_sample else sample_report(),
        auth=credentials,
        allowed_hosts=names,
    )


def _has_accounts(project: str | None) -> bool:
    """Whether the project has accounts (then `serve` asks for a login); False for a new project."""
    from ..service.teams import accounts_on

    try:
        return accounts_on(open_store(project))
    except WorkbenchError:
        return False


def _credentials(auth: str | None, auth_file: Path | None) -> tuple[str, str] | None:
    """(user, password) from --auth-file, --auth or $WORKBENCH_AUTH; None for no login."""
    origin = "--auth"
    if auth_file is not None:
        auth, readable_by_others = service.read_login_file(auth_file)
        origin = f"--auth-file {auth_file}"
        if readable_by_others:
            click.echo(f"workbench: warning: {auth_file} can be read by other users; chmod 600 it", err=True)
        if not auth:
            raise WorkbenchError(f"{auth_file}: the login file is empty; write USER:PASSWORD on its first line")
    elif not auth and os.environ.get("WORKBENCH_AUTH"):
        auth, origin = os.environ["WORKBENCH_AUTH"], "$WORKBENCH_AUTH"
    if not auth:
        return None
    user, _, password = auth.partition(":")
    if not user or not password:
        raise WorkbenchError(f"{origin} needs USER:PASSWORD")
    return user, password

"""Teams: accounts with roles, API tokens, who is acting, what each role may do, and the audit trail.

Accounts live in the project database (``users``), so every server on one PostgreSQL database
shares them. A database without accounts is one person's: nothing is checked, as before. Once
it has an account, every change names an enabled account whose role allows it
(:data:`PERMISSIONS`), and that account is the author of what it writes.

Who is acting is set around a call with :func:`acting_as` (the CLI's ``--as``, the app's login,
the API's bearer token); the service functions ask :func:`authorize`. Passwords are kept as
argon2id hashes, tokens as SHA-256 hashes (a token is 256 random bits: no slow hash is needed);
neither is ever stored, printed or logged in clear.
"""

from __future__ import annotations

import contextvars
import csv
import hashlib
import hmac
import io
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from ..errors import WorkbenchError
from ..store import ApiToken, AuditEntry, Store, User, utcnow

ROLES = ("admin", "translator", "reviewer", "rater", "viewer")

#: The permission table: each action and the roles that may do it. The service layer checks it
#: for the app, the CLI and the API alike. ``status:X`` is setting a segment's status to X.
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "read": ("admin", "translator", "reviewer", "viewer"),
    "export": ("admin", "translator", "reviewer", "viewer"),
    "translate": ("admin", "translator"),
    "edit": ("admin", "translator", "reviewer"),
    "status:new": ("admin", "translator", "reviewer"),
    "status:translated": ("admin", "translator", "reviewer"),
    "status:reviewed": ("admin", "translator", "reviewer"),
    "status:approved": ("admin", "reviewer"),
    "status:rejected": ("admin", "reviewer"),
    "comment": ("admin", "translator", "reviewer"),
    "score": ("admin", "reviewer"),
    "errors": ("admin", "reviewer"),
    "merge": ("admin", "reviewer"),
    "replace": ("admin", "translator", "reviewer"),
    "undo": ("admin", "reviewer"),
    "glossary": ("admin", "translator", "reviewer"),
    "align": ("admin", "translator", "reviewer"),
    "import": ("admin",),
    "evaluate": ("admin", "rater"),
    "users": ("admin",),
    "audit": ("admin",),
    "assign": ("admin",),
}

#: What a refusal calls an action ("... may not approve").
ACTION_WORDS = {
    "read": "read the project",
    "export": "export",
    "translate": "machine-translate",
    "edit": "edit translations",
    "status:approved": "approve",
    "status:rejected": "reject",
    "score": "score",
    "errors": "mark errors",
    "comment": "comment",
    "merge": "merge reviewed files",
    "replace": "replace text",
    "undo": "undo change steps",
    "glossary": "change the glossary",
    "align": "change alignments",
    "import": "import",
    "evaluate": "rate evaluation tasks",
    "users": "manage accounts",
    "audit": "read the audit trail",
    "assign": "assign work",
}

#: Actions that only read: the CLI may do them without --as (whoever can read the file reads it all).
READING = ("read", "export", "audit")

NAME = re.compile(r"^[\w.@+-]{1,100}$")
TOKEN_PREFIX = "wb_"
TOKEN = re.compile(r"^wb_[A-Za-z0-9_-]{43}$")


class RoleError(WorkbenchError):
    """The acting account's role may not do this (HTTP 403). ``audit_line`` (account, action, what):
    the line the refusal leaves in the audit trail; the store writes it after rolling back the
    unit of work the refusal ended (see :meth:`workbench.store.Store.session`), so a refused call
    changes no table but the audit log."""

    audit_line: tuple[str, str, str] | None = None


class LoginRequired(WorkbenchError):
    """The database has accounts and nobody (or no valid account) is acting (HTTP 401)."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: an account name; ``role`` set only for an account that is not in the
    database (``serve --auth USER:PASSWORD`` is one admin for that run)."""

    name: str
    role: str | None = None


_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("workbench_actor", default=None)


@contextmanager
def acting_as(actor: Actor | str | None) -> Iterator[None]:
    """Run the block as ``actor`` (an account name, or an :class:`Actor`)."""
    token = _actor.set(Actor(actor) if isinstance(actor, str) else actor)
    try:
        yield
    finally:
        _actor.reset(token)


def set_actor(actor: Actor | str | None) -> None:
    """Act as ``actor`` from now on in this context (the CLI's --as, for the whole command)."""
    _actor.set(Actor(actor) if isinstance(actor, str) else actor)


#: Where to find who is acting when no :func:`acting_as` says so (the app: its signed-in user).
_actor_source: list = []


def set_actor_source(source) -> None:
    """``source()`` returns the Actor of the request being answered, or None (the app's login)."""
    _actor_source[:] = [source] if source is not None else []


def current_actor() -> Actor | None:
    actor = _actor.get()
    if actor is None and _actor_source:
        actor = _actor_source[0]()
    return actor


# ---------------------------------------------------------------- checks


_ANY_ACCOUNT = select(User.id).limit(1)


def has_accounts(session) -> bool:
    """Whether the database has accounts. Accounts are disabled, never deleted: once seen, a store
    remembers it (one query less in every save); until then every call asks the database (another
    server may add the first account at any time)."""
    store = session.info.get("store")
    if store is not None and store.accounts_seen:
        return True
    found = session.scalar(_ANY_ACCOUNT) is not None
    if found and store is not None:
        store.accounts_seen = True
    return found


def roles_for(action: str) -> tuple[str, ...]:
    return PERMISSIONS[action]


def allowed(role: str, *actions: str) -> bool:
    return all(role in PERMISSIONS[a] for a in actions)


def refused(name: str, role: str, action: str, message: str, what: str) -> RoleError:
    """A refusal of ``action`` to the account ``name``, with its line for the audit trail."""
    error = RoleError(message)
    error.audit_line = (name, action, what)
    return error


def _needed(action: str) -> str:
    roles = [r for r in PERMISSIONS[action] if r != "admin"] or ["admin"]
    return roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + " or " + roles[-1]


def refusal_message(name: str, role: str, action: str) -> str:
    """What a refusal of ``action`` to ``name`` says: "NAME (ROLE) may not ACTION: that needs the role R"."""
    return f"{name} ({role}) may not {ACTION_WORDS.get(action, action)}: that needs the role {_needed(action)}"


def _refusal(name: str, role: str, action: str) -> RoleError:
    return refused(name, role, action, refusal_message(name, role, action), f"refused: needs {_needed(action)}")


def authorize(session, *actions: str) -> str | None:
    """Check that whoever is acting may do every one of ``actions``; return the account name to
    write as its author, or None when the database has no accounts (one person: nothing checked,
    the given author stands). Raises RoleError or LoginRequired, before anything is written."""
    for action in actions:
        if action not in PERMISSIONS:
            raise KeyError(action)
    actor = current_actor()
    accounts = has_accounts(session)
    if not accounts:
        return None
    if actor is not None and actor.role is not None:  # the one login of `serve --auth`
        role, name = actor.role, actor.name
    else:
        if actor is None:
            if all(a in READING for a in actions):
                return None
            raise LoginRequired(
                "this project has accounts: say who you are with --as NAME (or $WORKBENCH_USER), or sign in"
            )
        user = session.scalar(select(User).where(User.name == actor.name))
        if user is None:
            raise LoginRequired(f"there is no account named {actor.name!r}; see `workbench user list`")
        if not user.enabled:
            raise LoginRequired(f"the account {actor.name!r} is disabled")
        role, name = user.role, user.name
    for action in actions:
        if role not in PERMISSIONS[action]:
            raise _refusal(name, role, action)
    return name


def role_of(session, account: str) -> str | None:
    """The role of ``account``: its row's, or the one login's of ``serve --auth`` (an admin)."""
    role = session.scalar(select(User.role).where(User.name == account))
    actor = current_actor()
    if role is None and actor is not None and actor.name == account:
        role = actor.role
    return role


def authorize_store(store: Store, *actions: str) -> str | None:
    """:func:`authorize` in a unit of work of its own."""
    with store.session() as session:
        return authorize(session, *actions)


def audited(session, action: str, what: str) -> str | None:
    """:func:`authorize` ``action`` and, in a project with accounts, put it in the audit trail
    (in the same transaction: a change that fails leaves no line)."""
    account = authorize(session, action)
    if account is not None:
        record(session, action, what, account=account)
    return account


def audited_store(store: Store, action: str, what: str) -> str | None:
    with store.session() if store.read_only else store.writing() as session:
        return audited(session, action, what)


def save_actions(status: str | None, score=None, comment: str = "", errors=None, edit: bool = True) -> list[str]:
    """The actions a save of a segment needs."""
    actions = ["edit"] if edit else []
    if status:
        actions.append(f"status:{status}" if f"status:{status}" in PERMISSIONS else "edit")
    if score is not None and score != "":
        actions.append("score")
    if errors:
        actions.append("errors")
    if comment and comment.strip():
        actions.append("comment")
    return actions


# ---------------------------------------------------------------- accounts


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not NAME.match(name):
        raise WorkbenchError(
            f"{name[:100]!r} is not an account name: 1 to 100 letters, digits and . _ @ + - (no spaces)"
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise WorkbenchError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    if not password or not password.strip():
        raise WorkbenchError("the password is empty; give a password of at least one character")
    if len(password) > 1024:
        raise WorkbenchError("the password is longer than 1,024 characters")
    return password


def _user(session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise WorkbenchError(f"there is no account named {name!r}; see `workbench user list`")
    return user


def add_user(store: Store, name: str, role: str, password: str, by: str = "") -> dict:
    name, role, password = check_name(name), check_role(role), check_password(password)
    digest = _hasher().hash(password)
    with store.writing() as session:
        if session.scalar(select(User.id).where(User.name == name)) is not None:
            raise WorkbenchError(f"the account {name!r} exists already; change it with `workbench user role/passwd`")
        session.add(User(name=name, role=role, password_hash=digest, enabled=True))
        record(session, "user add", f"account {name} ({role})", account=by)
    return dict(name=name, role=role, enabled=True)


def list_users(store: Store) -> list[dict]:
    with store.session() as session:
        return [
            dict(name=u.name, role=u.role, enabled=bool(u.enabled))
            for u in session.scalars(select(User).order_by(User.name))
        ]


def set_password(store: Store, name: str, password: str, by: str = "") -> None:
    password = check_password(password)
    digest = _hasher().hash(password)
    with store.writing() as session:
        user = _user(session, name)
        user.password_hash, user.updated_at = digest, utcnow()
        record(session, "user passwd", f"account {name}: new password", account=by)


def set_role(store: Store, name: str, role: str, by: str = "") -> dict:
    role = check_role(role)
    with store.writing() as session:
        user = _user(session, name)
        old, user.role, user.updated_at = user.role, role, utcnow()
        record(session, "user role", f"account {name}: role {old} -> {role}", account=by)
        return dict(name=user.name, role=role, enabled=bool(user.enabled))


def disable_user(store: Store, name: str, by: str = "") -> dict:
    """Disable an account: it can no longer sign in, act or use its tokens (they are revoked too)."""
    with store.writing() as session:
        user = _user(session, name)
        user.enabled, user.updated_at = False, utcnow()
        _revoke(session, user)
        record(session, "user disable", f"account {name} disabled", account=by)
        return dict(name=user.name, role=user.role, enabled=False)


def verify_password(store: Store, name: str, password: str) -> bool:
    """Whether ``name`` is an enabled account and ``password`` is its password. Costs the same
    hashing work when the account does not exist (no hint that a name is taken)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    with store.session() as session:
        user = session.scalar(select(User).where(User.name == (name or "").strip()))
        digest = user.password_hash if user is not None else _dummy_hash()
    try:
        ok = _hasher().verify(digest, password or "")
    except (VerificationError, InvalidHashError):
        ok = False
    return bool(ok and user is not None and user.enabled)


_dummy: list[str] = []


def _dummy_hash() -> str:
    """A hash to verify against when the account does not exist (the same work either way)."""
    if not _dummy:
        _dummy.append(_hasher().hash(secrets.token_urlsafe(16)))
    return _dummy[0]


# ---------------------------------------------------------------- tokens


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(store: Store, name: str, by: str = "") -> str:
    """A new API token for the account ``name``: returned once, kept only as its hash."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.writing() as session:
        user = _user(session, name)
        if not user.enabled:
            raise WorkbenchError(f"the account {name!r} is disabled; it gets no token")
        session.add(ApiToken(user_id=user.id, token_hash=token_hash(token)))
        record(session, "token add", f"account {name}: new API token", account=by)
    return token


def _revoke(session, user: User) -> int:
    return session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount


def revoke_tokens(store: Store, name: str, by: str = "") -> int:
    """Revoke every token of ``name``; returns how many were in use."""
    with store.writing() as session:
        user = _user(session, name)
        count = _revoke(session, user)
        record(session, "token revoke", f"account {name}: {count} API tokens revoked", account=by)
    return count


def token_account(store: Store, token: str) -> Actor:
    """The account a bearer token belongs to; LoginRequired for a malformed, unknown, revoked
    token or a disabled account (the token itself is never in the message)."""
    token = (token or "").strip()
    if not TOKEN.match(token):
        raise LoginRequired("malformed API token (a token is wb_ and 43 characters, from `workbench user token`)")
    digest = token_hash(token)
    with store.session() as session:
        row = session.execute(
            select(User.name, User.enabled, ApiToken.revoked_at, ApiToken.token_hash)
            .join(ApiToken, ApiToken.user_id == User.id)
            .where(ApiToken.token_hash == digest)
        ).first()
    if row is None or not hmac.compare_digest(row.token_hash, digest) or row.revoked_at is not None:
        raise LoginRequired("the API token is not valid (unknown or revoked)")
    if not row.enabled:
        raise LoginRequired(f"the account {row.name!r} is disabled")
    return Actor(row.name)


def accounts_on(store: Store) -> bool:
    with store.session() as session:
        return has_accounts(session)


def account_role(store: Store, name: str) -> str | None:
    with store.session() as session:
        user = session.scalar(select(User).where(User.name == name))
        return user.role if user is not None and user.enabled else None


# ---------------------------------------------------------------- audit trail


def record(session, action: str, what: str = "", account: str | None = None) -> None:
    """Add a line to the audit trail, by ``account`` (default: whoever is acting). A project that
    could only be opened for reading (an export from it) gets none."""
    if session.info.get("read_only"):
        return
    if account is None or account == "":
        actor = current_actor()
        account = account or (actor.name if actor is not None else "")
    session.add(AuditEntry(account=account or "", action=action[:32], what=what[:2000]))


def record_store(store: Store, action: str, what: str = "", account: str | None = None) -> None:
    if store.read_only:
        return
    with store.writing() as session:
        record(session, action, what, account)


def parse_day(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise WorkbenchError(f"--since takes a day as YYYY-MM-DD, not {value!r}") from None


def audit_entries(store: Store, since: datetime | None = None, user: str | None = None) -> list[dict]:
    """The audit trail, oldest first (an admin's to read; the CLI without --as reads it as the file's owner)."""
    authorize_store(store, "audit")
    query = select(AuditEntry).order_by(AuditEntry.id)
    if since is not None:
        query = query.where(AuditEntry.created_at >= since)
    if user:
        query = query.where(AuditEntry.account == user)
    with store.session() as session:
        return [
            dict(
                time=e.created_at.isoformat(timespec="seconds"),
                account=e.account,
                action=e.action,
                what=e.what,
            )
            for e in session.scalars(query)
        ]


def audit_csv(entries: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["time", "account", "action", "what"])
    for e in entries:
        writer.writerow([e["time"], e["account"], e["action"], e["what"]])
    return out.getvalue()

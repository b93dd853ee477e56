"""Opening a project database, and saying plainly what went wrong with it.

- A database URL's password never appears in a message: :func:`mask_secrets` replaces it
  with ``***`` wherever a ``scheme://user:password@host`` occurs.
- A read-only project (a SQLite file the user may not write, on a read-only disk, or in a
  folder they cannot write) can still be read: :func:`open_store` falls back to SQLite's
  read-only mode, and to its ``immutable`` mode for a WAL database whose ``-shm`` file cannot
  be created. ``documents``, ``show``, exports and ``serve`` work; a write says the project is
  read-only.
- "database or disk is full" and "disk I/O error" become one line naming the project
  (:func:`database_problem`).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote

from ..errors import WorkbenchError
from ..store import Store

_PASSWORD_IN_URL = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)(?P<password>[^@\s]+)(?=@)")


def mask_secrets(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@...`` replaced by ``***``."""
    return _PASSWORD_IN_URL.sub(lambda m: m.group("head") + "***", str(text))


def project_name(project: str | Path) -> str:
    """How a project is named in messages: its file path, or its URL without the password."""
    value = str(project)
    if value.startswith("sqlite:///"):
        value = unquote(value[len("sqlite:///") :].split("?", 1)[0].removeprefix("file:"))
    return mask_secrets(value)


def _sqlite_path(project: str | Path) -> Path | None:
    value = str(project)
    if "://" in value:
        return Path(value.split("///", 1)[1]) if value.startswith("sqlite:///") and "?" not in value else None
    return Path(value).expanduser()


def _is_read_only(exc: Exception) -> bool:
    return "readonly database" in str(exc) or "unable to open database" in str(exc)


def open_store(project: str | Path, must_exist: bool = False) -> Store:
    """Open ``project`` (a path or URL); a SQLite file that cannot be written is opened read-only.

    The returned store has ``read_only`` True in that case. With ``must_exist`` (commands that
    only read or work on what is there), a SQLite file that does not exist is refused instead of
    being created empty: a mistyped path would otherwise leave a new empty project behind.
    """
    path = _sqlite_path(project)
    if must_exist and path is not None and not path.exists():
        raise WorkbenchError(f"{path}: no such project (nothing was imported there); check the path")
    try:
        store = Store(project)
    except WorkbenchError as exc:
        path = _sqlite_path(project)
        if path is None or not path.is_file() or not _is_read_only(exc):
            raise WorkbenchError(mask_secrets(str(exc))) from None
        read_only = _open_read_only(path)
        if read_only is None:
            raise WorkbenchError(mask_secrets(str(exc))) from None
        return read_only
    store.read_only = False
    return store


def _open_read_only(path: Path) -> Store | None:
    location = quote(str(path.resolve()))
    # mode=ro shares the WAL with writers; immutable=1 when the -shm file cannot be created (read-only
    # folder). immutable is only chosen when no -wal file holds unsaved pages.
    options = ["mode=ro"]
    if not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0:
        options.append("immutable=1")
    for option in options:
        try:
            store = Store(f"sqlite:///file:{location}?{option}&uri=true")
        except WorkbenchError:
            continue
        try:
            with store.engine.connect() as connection:
                connection.exec_driver_sql("SELECT count(*) FROM documents").scalar()
        except Exception:  # noqa: BLE001 - the next mode may work
            store.dispose()
            continue
        store.read_only = True
        store.shown_name = str(path)
        return store
    return None


def database_problem(exc: BaseException, project: str | Path | Store) -> WorkbenchError | None:
    """A clear WorkbenchError for a database failure the user can act on, or None for anything else."""
    if isinstance(project, Store):
        name = project.shown_name or project_name(project.url)
    else:
        name = project_name(project)
    message = str(getattr(exc, "orig", None) or exc)
    if "database or disk is full" in message:
        return WorkbenchError(
            f"project {name}: the disk (or the database's size limit) is full; nothing was saved "
            f"by this step. Free some space and try again"
        )
    if "disk I/O error" in message:
        return WorkbenchError(
            f"project {name}: the disk reported an error while writing (it may be full or "
            f"removed); nothing was saved by this step"
        )
    if "readonly database" in message:
        return WorkbenchError(
            f"project {name}: the project is read-only (the file or its folder cannot be "
            f"written); it can be read and exported, but not changed"
        )
    if isinstance(exc, OSError) and exc.errno is not None and exc.errno == 28:  # ENOSPC
        return WorkbenchError(f"project {name}: the disk is full; nothing was saved by this step")
    return None


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach."""
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")


__all__ = ["database_problem", "is_loopback", "mask_secrets", "open_store", "project_name"]

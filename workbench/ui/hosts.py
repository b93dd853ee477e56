"""Which names the server answers to: a guard against DNS rebinding and cross-site writes.

A web page the user opens can make the browser send requests to the workbench on this machine:
a rebinding domain (``evil.example`` that resolves to 127.0.0.1) even reads the answers, because
to the browser the page and the server are one site. Such a request still carries the page's
name in its ``Host`` header, so the server answers only requests addressed to a name it was
told about:

- always ``127.0.0.1``, ``localhost`` and ``[::1]`` (with any port or none);
- the address given with ``--host`` when it is a name or a single address;
- the names given with ``--allowed-host`` (``$WORKBENCH_ALLOWED_HOSTS``), for a proxy in front
  or a server on ``0.0.0.0``, which has no name of its own and is refused without them.

Any other ``Host`` gets 400 before the request reaches the app. A request that can change
something (any method but GET, HEAD and OPTIONS, and every WebSocket) whose ``Origin`` is not
one of those names, or is ``null``, gets 403; one without ``Origin`` (a script, curl) is
judged by its ``Host`` alone. A name may carry a port (``name:8443``): then only that port.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from ..errors import WorkbenchError

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
#: Addresses that mean "every interface": not a name a browser would send.
WILDCARDS = ("0.0.0.0", "::", "")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

Name = tuple[str, int | None]


def parse_name(value: str) -> Name | None:
    """(host name in lower case, port or None) of a ``Host`` value or an ``--allowed-host`` entry:
    ``Example.org``, ``example.org:8443``, ``[::1]:7860``, ``::1``; None when it is not one."""
    value = value.strip().lower()
    port: str | None = None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[1:end], value[end + 1 :]
        if rest:
            if not rest.startswith(":"):
                return None
            port = rest[1:]
    elif value.count(":") == 1:
        name, port = value.split(":")
    else:
        name = value  # a bare name, or an IPv6 address without brackets (an entry, not a header)
    name = name.rstrip(".")
    if not name or any(c in name for c in "/@ \\?#"):
        return None
    if port is None:
        return name, None
    if not port.isdigit() or not 0 < int(port) < 65536:
        return None
    return name, int(port)


def allowed_names(host: str, extra: Iterable[str] = ()) -> frozenset[Name]:
    """The names the server on ``host`` answers to (see the module docstring).

    Raises WorkbenchError for an entry that is not a host name and for a server on every
    interface (0.0.0.0) that was given no name."""
    names: set[Name] = {(name, None) for name in LOOPBACK_NAMES}
    given = [e.strip() for e in extra if e.strip()]
    for entry in given:
        parsed = parse_name(entry)
        if parsed is None:
            raise WorkbenchError(f"--allowed-host {entry}: not a host name (give NAME or NAME:PORT, no scheme or path)")
        names.add(parsed)
    if host.strip() in WILDCARDS:
        if not given:
            raise WorkbenchError(
                f"--host {host or '0.0.0.0'} listens on every address but no name was given for it: add "
                f"--allowed-host NAME (or $WORKBENCH_ALLOWED_HOSTS) with the name browsers use to reach it"
            )
    else:
        own = parse_name(host)
        if own is not None:
            names.add((own[0], None))
    return frozenset(names)


def _matches(name: Name, allowed: frozenset[Name]) -> bool:
    return (name[0], None) in allowed or name in allowed


def host_allowed(header: str | None, allowed: frozenset[Name]) -> bool:
    """Whether a request's ``Host`` header is one of the allowed names."""
    name = parse_name(header) if header else None
    return name is not None and _matches(name, allowed)


def origin_allowed(origin: str, allowed: frozenset[Name]) -> bool:
    """Whether a request's ``Origin`` (``http://localhost:7860``) is one of the allowed names;
    ``null`` (a sandboxed frame, a file:// page) never is."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    port = port or (443 if parts.scheme == "https" else 80)
    return _matches((parts.hostname.rstrip("."), port), allowed)


class HostGuard:
    """ASGI middleware: refuses requests to a name the server was not given, and cross-site writes."""

    def __init__(self, app, allowed: frozenset[Name]):
        self.app, self.allowed = app, allowed

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {}
        for key, value in scope.get("headers", []):
            headers.setdefault(key.decode("latin-1").lower(), value.decode("latin-1"))
        refusal = None
        if not host_allowed(headers.get("host"), self.allowed):
            refusal = 400, "This server does not answer to that host name (see workbench serve --allowed-host)."
        elif scope["type"] == "websocket" or scope.get("method", "GET") not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin is not None and not origin_allowed(origin, self.allowed):
                refusal = 403, "Requests from another site may not change this project."
        if refusal is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        else:
            status, text = refusal
            body = text.encode()
            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"%d" % len(body))]
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})


def guard_in_front(allowed: frozenset[Name], on_startup=None):
    """A FastAPI ``lifespan``: at startup, before the first request, puts a :class:`HostGuard` in
    front of the whole middleware stack, Gradio's CORS layer included (which answers a
    preflight itself, before any middleware of the app's own list sees it). ``on_startup(app)`` runs
    first."""
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app):
        if on_startup is not None:  # the REST API is mounted here, before the first request
            on_startup(app)
        if app.middleware_stack is not None and not isinstance(app.middleware_stack, HostGuard):
            app.middleware_stack = HostGuard(app.middleware_stack, allowed)
        yield

    return lifespan

"""A limit on wrong logins for ``serve --auth`` that slows guessing but never locks the owner out.

Gradio 6 checks a login by calling ``auth(username, password)`` (a coroutine function is
awaited). That call does not say who is asking, so :class:`ClientAddress` (ASGI middleware)
puts the client's address where the check can read it (:data:`client_address`).

Failures are counted per client address and per account name within :data:`WINDOW` seconds:

- the first :data:`FREE_TRIES` wrong passwords cost nothing;
- each one after that waits twice as long as the one before (1 s, 2 s, 4 s ... at most
  :data:`MAX_DELAY` s) before it is answered, without blocking the server (``asyncio.sleep``);
  the wait is the longer of the address's and the account's;
- there is no lockout: the right password is always accepted once its wait is over, so the
  owner gets in within :data:`MAX_DELAY` seconds whatever an attacker sent before.

An attempt counts as a failure the moment it arrives (a right password clears the count of
its address and account), so guesses sent in parallel are slowed too. Every failed login is
logged (logger ``workbench.login``) with the client's address.

:class:`LoginLimiter` knows nothing of passwords: give :class:`LoginGuard` any ``verify(name,
password)`` (one login, or accounts from the project) to reuse it.
"""

from __future__ import annotations

import asyncio
import contextvars
import hmac
import logging
import threading
import time
from collections.abc import Callable

FREE_TRIES = 5
WINDOW = 15 * 60
MAX_DELAY = 10.0
BASE_DELAY = 1.0
#: Keys (addresses, names) remembered at most; names an attacker invents must not fill memory.
MAX_KEYS = 10_000

log = logging.getLogger("workbench.login")

#: The address of the client whose request is being answered ("" outside a request).
client_address: contextvars.ContextVar[str] = contextvars.ContextVar("client_address", default="")


class ClientAddress:
    """ASGI middleware: sets :data:`client_address` for the request it passes on."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        client = scope.get("client")
        token = client_address.set(str(client[0]) if client else "")
        try:
            await self.app(scope, receive, send)
        finally:
            client_address.reset(token)


class LoginLimiter:
    """Counts recent failures per key ("address 127.0.0.1", "account li") and says how long to wait."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if now - t < WINDOW]
        self._failures[key] = times
        return times

    def admit(self, *keys: str) -> float:
        """Record an attempt for each key; returns the seconds it waits before it is answered."""
        now = self._clock()
        with self._lock:
            if len(self._failures) > MAX_KEYS:
                self._failures = {k: v for k, v in self._failures.items() if v and now - v[-1] < WINDOW}
            delay = 0.0
            for key in keys:
                times = self._recent(key, now)
                times.append(now)  # counted as a failure until it proves right
                extra = len(times) - FREE_TRIES
                if extra > 0:
                    delay = max(delay, min(MAX_DELAY, BASE_DELAY * 2 ** min(extra - 1, 32)))
            return delay

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


class LoginGuard:
    """``check`` is the ``auth`` function given to Gradio: ``verify`` behind the limiter."""

    def __init__(self, verify: Callable[[str, str], bool], limiter: LoginLimiter | None = None):
        self.verify = verify
        self.limiter = limiter or LoginLimiter()

    async def check(self, username: str, password: str) -> bool:
        address = client_address.get() or "unknown"
        keys = (f"address {address}", f"account {username}")
        delay = self.limiter.admit(*keys)
        if delay:
            await asyncio.sleep(delay)
        ok = await asyncio.to_thread(self.verify, username, password)  # a password hash takes ~0.1 s
        if ok:
            self.limiter.succeeded(*keys)
        else:
            log.warning("failed login for %r from %s", username[:100], address)
        return ok


def single_login(user: str, password: str) -> Callable[[str, str], bool]:
    """``verify`` for one USER:PASSWORD, compared in constant time."""

    def verify(name: str, given: str) -> bool:
        right_name = hmac.compare_digest(name.encode(), user.encode())
        right_password = hmac.compare_digest(given.encode(), password.encode())
        return right_name and right_password

    return verify


def guarded_auth(credentials: tuple[str, str]):
    """The ``auth`` argument for ``Blocks.launch``: a coroutine function with the limit above."""
    guard = LoginGuard(single_login(*credentials))

    async def auth(username: str, password: str) -> bool:
        return await guard.check(username, password)

    auth.guard = guard  # for tests
    return auth


def account_login(store, credentials: tuple[str, str] | None = None) -> Callable[[str, str], bool]:
    """``verify`` against the accounts of the project (argon2id hashes), and the one login of
    ``--auth USER:PASSWORD`` when given (an admin for this run). Every login and failed login
    goes into the audit trail with the client's address."""
    from ..service import teams

    single = single_login(*credentials) if credentials else None

    def verify(name: str, given: str) -> bool:
        ok = bool(single and single(name, given)) or teams.verify_password(store, name, given)
        address = client_address.get() or "unknown"
        teams.record_store(store, "login" if ok else "login failed", f"from {address}", account=name[:100])
        return ok

    return verify


def guarded_accounts(store, credentials: tuple[str, str] | None = None):
    """The ``auth`` argument for ``Blocks.launch`` with accounts: :func:`account_login` behind the limit."""
    guard = LoginGuard(account_login(store, credentials))

    async def auth(username: str, password: str) -> bool:
        return await guard.check(username, password)

    auth.guard = guard
    return auth


def signed_in() -> str | None:
    """The name the browser signed in with, inside an event of the app (None without a login)."""
    from gradio.context import LocalContext

    request = LocalContext.request.get(None)
    return getattr(request, "username", None) if request is not None else None


def app_actor(credentials: tuple[str, str] | None = None):
    """The service layer's actor source for the app: the signed-in account; the ``--auth`` user is
    an admin for this run (not an account of the project)."""
    from ..service import teams

    def source():
        name = signed_in()
        if not name:
            return None
        if credentials and hmac.compare_digest(name.encode(), credentials[0].encode()):
            return teams.Actor(name, role="admin")
        return teams.Actor(name)

    return source

"""A limit on wrong logins for ``serve --auth``.

Gradio 6 checks a login by calling ``auth(username, password)`` (a function may be given instead
of the pair; a coroutine function is awaited). The call does not say which client is asking, so
failures are counted per user name within :data:`WINDOW` seconds:

- the first :data:`FREE_TRIES` wrong passwords cost nothing;
- each one after that waits twice as long as the one before (1 s, 2 s, 4 s ... at most
  :data:`MAX_DELAY` s) before it is answered, without blocking the server (``asyncio.sleep``);
- after :data:`LOCKOUT` failures the name is locked until the window has passed: every attempt,
  even with the right password, is refused.

An attempt counts as a failure the moment it arrives (a right password clears the count), so
guesses sent in parallel are limited too. 100 guesses that took 1.6 s now take minutes and stop
at the lockout.
"""

from __future__ import annotations

import asyncio
import hmac
import threading
import time
from collections.abc import Callable

FREE_TRIES = 5
LOCKOUT = 20
WINDOW = 15 * 60
MAX_DELAY = 30.0
BASE_DELAY = 1.0


class LoginGuard:
    """Counts recent failures per user name; ``check`` is the ``auth`` function given to Gradio."""

    def __init__(self, user: str, password: str, clock: Callable[[], float] = time.monotonic):
        self._user, self._password = user, password
        self._clock = clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, name: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(name, []) if now - t < WINDOW]
        self._failures[name] = times
        return times

    def admit(self, name: str) -> tuple[bool, float]:
        """Record an attempt for ``name``: (allowed to try, seconds to wait first)."""
        now = self._clock()
        with self._lock:
            if len(self._failures) > 10_000:  # names an attacker invents must not fill memory
                self._failures = {k: v for k, v in self._failures.items() if v and now - v[-1] < WINDOW}
            times = self._recent(name, now)
            if len(times) >= LOCKOUT:
                return False, 0.0
            times.append(now)  # counted as a failure until it proves right
            extra = len(times) - FREE_TRIES
            return True, (min(MAX_DELAY, BASE_DELAY * 2 ** (extra - 1)) if extra > 0 else 0.0)

    def settle(self, name: str, ok: bool) -> None:
        if ok:
            with self._lock:
                self._failures.pop(name, None)

    def verify(self, name: str, password: str) -> bool:
        right_name = hmac.compare_digest(name.encode(), self._user.encode())
        right_password = hmac.compare_digest(password.encode(), self._password.encode())
        return right_name and right_password

    async def check(self, username: str, password: str) -> bool:
        allowed, delay = self.admit(username)
        if not allowed:
            return False
        if delay:
            await asyncio.sleep(delay)
        ok = self.verify(username, password)
        self.settle(username, ok)
        return ok


def guarded_auth(credentials: tuple[str, str]):
    """The ``auth`` argument for ``Blocks.launch``: a coroutine function with the limit above."""
    guard = LoginGuard(*credentials)

    async def auth(username: str, password: str) -> bool:
        return await guard.check(username, password)

    auth.guard = guard  # for tests
    return auth

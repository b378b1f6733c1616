"""Who may use the browser mode: keys, the session cookie, failed attempts.

A key comes once in the opening URL (``?key=``); a valid one gets a random
session token in an HttpOnly, SameSite=Strict cookie (kept in memory: a
restart of `serve` asks for the key again). Wrong keys count per address:
5 in a minute, then every request from it gets 429 for a minute.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from cchc_tui.services.users import UserRecord, user_by_id, user_of_key
from cchc_tui.store.database import Store

log = logging.getLogger("cchc_tui.serve")

COOKIE = "cchc_session"
MAX_FAILURES, WINDOW_S, BLOCK_S = 5, 60.0, 60.0


def is_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address((address or "").split("%")[0]).is_loopback
    except ValueError:
        return False


@dataclass
class Failures:
    """Failed attempts per address, and the addresses shut out for now."""

    clock: Callable[[], float] = time.monotonic
    recent: dict[str, deque] = field(default_factory=dict)
    blocked_until: dict[str, float] = field(default_factory=dict)

    def blocked(self, address: str) -> bool:
        until = self.blocked_until.get(address)
        if until is None:
            return False
        if self.clock() >= until:
            del self.blocked_until[address]
            return False
        return True

    def record(self, address: str) -> None:
        now = self.clock()
        times = self.recent.setdefault(address, deque())
        times.append(now)
        while times and now - times[0] > WINDOW_S:
            times.popleft()
        if len(times) >= MAX_FAILURES:
            self.blocked_until[address] = now + BLOCK_S
            times.clear()
            log.warning(
                "%s: %d khóa sai trong 1 phút, chặn %d giây", address, MAX_FAILURES, BLOCK_S
            )


class Gate:
    """Checks keys against the database and keeps the signed-in sessions."""

    def __init__(self, store: Store) -> None:
        self.store = store
        """The server's store; each check reads on a connection of its own."""
        self.failures = Failures()
        self.sessions: dict[str, int] = {}  # cookie token -> user id

    def _reading(self, action):
        with self.store.reading() as reader:
            return action(reader)

    async def user_of_key(self, key: str) -> UserRecord | None:
        # scrypt and SQLite in a thread: the server keeps serving meanwhile
        return await asyncio.to_thread(self._reading, lambda store: user_of_key(store, key))

    async def current_user(self, user_id: int) -> UserRecord | None:
        return await asyncio.to_thread(self._reading, lambda store: user_by_id(store, user_id))

    def open_session(self, user: UserRecord) -> str:
        token = secrets.token_urlsafe(32)
        self.sessions[token] = user.id
        return token

    def session_user_id(self, token: str | None) -> int | None:
        return self.sessions.get(token or "")

    def close_sessions_of(self, user_id: int) -> None:
        for token in [t for t, uid in self.sessions.items() if uid == user_id]:
            del self.sessions[token]

"""The session: the one object the screens of the app talk to.

It holds the open database, *today* and the signed-in user, and gives every
thread its own SQLite connection: the UI thread a long-lived reader of its
own, worker threads a short-lived reader per call, and writes one writer
connection, one write at a time (``write``). A viewer's session, a read-only
file or a damaged one refuses writes here, whatever the UI offers.

Methods are blocking; the TUI calls the ones that touch the disk in workers
(``tui.base``). They return dataclasses, never rows or string-keyed dicts.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from cchc_tui.domain.errors import DatabaseError
from cchc_tui.store.database import Store

T = TypeVar("T")

EDITOR, VIEWER = "editor", "viewer"


@dataclass(frozen=True)
class User:
    """Who is using this session. Local use: an editor whose name comes from
    the settings; in the browser: the signed-in user."""

    name: str = ""
    role: str = EDITOR
    signed_in: bool = False
    """True in the browser: updates record this name, not a typed one."""

    @property
    def can_edit(self) -> bool:
        return self.role == EDITOR


class SessionBase:
    """Connections, *today*, the user; the facets (``session.*``) add the
    use cases."""

    def __init__(self, store: Store, today: date, user: User | None = None) -> None:
        self._writer = store
        self.today = today
        self.user = user or User()
        self._write_lock = threading.Lock()
        self._ui_thread = threading.get_ident()
        self._ui_store: Store | None = None
        self._ui_store_cm: contextlib.AbstractContextManager[Store] | None = None

    # -- the file ----------------------------------------------------------------------
    @property
    def path(self) -> str:
        return self._writer.path

    @property
    def file_readonly(self) -> bool:
        """The file cannot be written (permissions, a read-only mount)."""
        return self._writer.readonly

    @property
    def damaged(self) -> bool:
        return self._writer.damaged

    @property
    def can_write(self) -> bool:
        """Whether this session may save anything now."""
        return self.user.can_edit and not self._writer.readonly and not self._writer.damaged

    def close(self) -> None:
        if self._ui_store_cm is not None:
            with contextlib.suppress(Exception):
                self._ui_store_cm.__exit__(None, None, None)
            self._ui_store_cm = self._ui_store = None
        self._writer.close()

    # -- reading and writing -----------------------------------------------------------
    @contextlib.contextmanager
    def reading(self) -> Iterator[Store]:
        """A store to read from on this thread: the UI thread's own reader,
        or a short-lived one for a worker."""
        if self._writer.is_memory:
            yield self._writer  # single-thread tests
            return
        if threading.get_ident() == self._ui_thread:
            if self._ui_store is None:
                self._ui_store_cm = self._writer.reading()
                self._ui_store = self._ui_store_cm.__enter__()
            yield self._ui_store
            return
        with self._writer.reading() as store:
            yield store

    def write(
        self,
        action: Callable[[Store], T],
        *,
        generation: str | None = None,
        on_wait: Callable[[], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> T:
        """Run ``action(store)`` on the writer connection, one at a time.
        ``generation`` (read when a form was opened) refuses the write if the
        file was restored since; ``on_wait`` is called once when another
        program holds the lock, and ``cancel`` set while waiting gives up."""
        self.refuse_writes_if_not_allowed()
        with self._write_lock:
            with self._writer.expecting_generation(generation):
                with self._writer.waiting(on_wait, cancel):
                    return action(self._writer)

    def refuse_writes_if_not_allowed(self) -> None:
        if not self.user.can_edit:
            raise DatabaseError(
                f"{self.user.name or 'Tài khoản này'} chỉ được xem (vai trò viewer); "
                "không lưu được thay đổi."
            )
        self._writer.ensure_writable()

    def generation(self) -> str | None:
        """The file's restore generation now (a form keeps it to save with)."""
        with self.reading() as store:
            return store.generation()

    def recorded_by(self, typed: str | None = None) -> str | None:
        """Who an update or edit records: the signed-in user, else what the
        clerk typed (None: the settings' default)."""
        if self.user.signed_in:
            return self.user.name
        return typed

    # -- the file's own upkeep (for the app's timers, in workers) -----------------------
    def writer_data_version(self) -> int:
        """``PRAGMA data_version`` of the writer connection: it changes when
        *another* connection commits (never for this session's own writes)."""
        with self._write_lock:
            return int(self._writer.value("PRAGMA data_version"))

    @property
    def unmerged(self) -> bool:
        return self._writer.unmerged

    @property
    def last_commit(self) -> float | None:
        return self._writer.last_commit

    def checkpoint(self) -> bool:
        return self._writer.checkpoint()

    def check_integrity(self, *, again: bool = False) -> str:
        return self._writer.check_integrity(again=again)

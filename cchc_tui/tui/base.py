"""What every screen of the app shares: typed access to the session, disk
work in a thread worker, and the refusal of writing actions where the
session may not write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import WorkerFailed

from cchc_tui.session import Session
from cchc_tui.tui.actions import ActionHost

if TYPE_CHECKING:
    from cchc_tui.tui.app import CchcApp

T = TypeVar("T")


@dataclass
class DataChanged(Message):
    """Something was saved: lists and open screens read again. Posted to
    every screen of the app (``CchcApp.data_changed``)."""

    directive_id: int | None = None
    """The directive the change was about (the table keeps it highlighted)."""


async def run_in_thread(node, work: Callable[..., T], *args: Any) -> T:
    """``work(*args)`` in a thread worker of ``node`` (the UI keeps
    running); its result, or its exception raised here."""
    worker = node.run_worker(lambda: work(*args), thread=True, exit_on_error=False)
    try:
        return await worker.wait()
    except WorkerFailed as failed:
        raise failed.error from None


class SessionAccess:
    """``self.session`` and ``self.cchc`` (the app, typed) on a screen or widget."""

    @property
    def cchc(self) -> CchcApp:
        return cast("CchcApp", self.app)  # type: ignore[attr-defined]

    @property
    def session(self) -> Session:
        return self.cchc.session

    async def in_thread(self, work: Callable[..., T], *args: Any) -> T:
        """``work(*args)`` in a thread worker (the UI keeps running)."""
        return await run_in_thread(self, work, *args)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        spec = type(self).action_spec(action) if isinstance(self, ActionHost) else None
        if spec is not None and spec.writes and not self.session.can_write:
            return False  # the banner says why
        return True


class AppScreen(SessionAccess, ActionHost, Screen):
    """A full screen of the app. ``SCOPES`` says which app actions apply on
    it: "main" (the list) and/or "directive" (a directive is in view)."""

    SCOPES: frozenset[str] = frozenset()

    async def directive_in_view(self) -> int | None:
        """The directive an action is about (None: none in view)."""
        return None


class AppModal(SessionAccess, ActionHost, ModalScreen[T]):
    """A dialog of the app."""

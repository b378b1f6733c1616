"""Waiting for the app to catch up with keys typed ahead.

Textual hands a key to the focused widget at once but runs the widget's
bindings only when the key bubbles back; keys typed quickly ("u tab 60")
could reach a widget before the previous key's action moved the focus (the
"u" opens a form, the "tab" must land in it). So the app hands keys on one
at a time: each waits until the previous one has been handled everywhere it
went (``TypedAhead``)."""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.message_pump import MessagePump


async def drained(node: MessagePump, timeout: float = 1.0) -> None:
    """Wait until ``node`` has handled the messages already sent to it (or
    ``timeout`` seconds, e.g. when it was closed meanwhile)."""
    done = asyncio.Event()
    if not node.call_later(done.set):
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), timeout)


class TypedAhead:
    """The keys of ``app`` waiting for the one being handled.

    ``App.on_event`` asks ``holds(key)`` for each key from the terminal: a
    key that must wait is kept here (the app drops it for now), else the app
    handles it and calls ``follow(target)`` with where it sent the key. When
    that key has gone all the way, the next waiting key is posted to the app
    again, and is let through."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.waiting: deque[events.Key] = deque()
        self.busy = False
        """A key is being handled, or the next one is on its way to the app."""
        self.released: events.Key | None = None
        """The waiting key posted again, to be let through."""
        self.following: asyncio.Task | None = None

    def holds(self, key: events.Key) -> bool:
        """Whether ``key`` must wait its turn (it is kept, in order)."""
        if key is self.released:
            self.released = None
            return False
        if self.busy:
            self.waiting.append(key)
            return True
        return False

    def follow(self, target: DOMNode) -> None:
        """The key just handled went to ``target``: let the next one go once
        ``target``, its ancestors, the app (its bindings) and the screen
        those may have opened have handled what they were sent."""
        self.busy = True
        self.following = asyncio.create_task(self._until_handled(target))

    async def _until_handled(self, target: DOMNode) -> None:
        try:
            for node in target.ancestors_with_self:
                if node is self.app:
                    break
                await drained(node)
            await drained(self.app)  # the key bubbled back: the app ran its binding
            await drained(self.app.screen)  # a screen the binding opened is ready
        finally:
            if self.waiting:
                self.released = self.waiting.popleft()
                self.app.post_message(self.released)
            else:
                self.busy = False

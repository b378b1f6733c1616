"""Python's garbage collection, moved to moments when nobody is typing.

A full collection walks every tracked object of the process; in a running
Textual app that takes 50–100 ms on an office PC, and falling while a search
is typed it delays the keystroke's result by as much. So once the first
screen is up, the objects made at start-up (they live as long as the app)
are frozen out of collection, automatic collection is turned off, and a
timer collects when the main screen has been quiet for a moment. Memory
stays bounded: garbage waits at most until the next pause, or MAX_WAIT.
"""

from __future__ import annotations

import gc
import time

COLLECTOR_DELAY = 1.0
"""Seconds after the main screen is mounted before the collector starts."""
QUIET_SECONDS = 0.5
"""How long without searching or moving before collecting."""
CHECK_SECONDS = 0.5
MAX_WAIT = 10.0
"""Collect anyway after this long (typing without a pause)."""
MIN_ALLOCATIONS = 1000
"""Skip a check when fewer objects were allocated since the last collection."""


class IdleCollector:
    """Collects garbage between bursts of activity (see the module text)."""

    def __init__(self) -> None:
        self.last_activity = time.monotonic()
        self.last_collection = time.monotonic()
        self.started = False

    def start(self, app) -> None:
        """Collect, freeze what exists, and collect on ``app``'s timer from now on."""
        if self.started:
            return
        gc.collect()
        gc.freeze()
        gc.disable()
        self.started = True
        self.timer = app.set_interval(CHECK_SECONDS, self._check, name="idle-collector")

    def stop(self) -> None:
        """Automatic collection again (the app is closing)."""
        if self.started:
            self.started = False
            self.timer.stop()
            gc.unfreeze()  # what the app left behind can be collected again
            gc.enable()

    def activity(self) -> None:
        """Called on each keystroke's work (a search, a cursor move)."""
        self.last_activity = time.monotonic()

    def _check(self) -> None:
        now = time.monotonic()
        quiet = now - self.last_activity >= QUIET_SECONDS
        overdue = now - self.last_collection >= MAX_WAIT
        if (quiet or overdue) and gc.get_count()[0] >= MIN_ALLOCATIONS:
            gc.collect()
            self.last_collection = now

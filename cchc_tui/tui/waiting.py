"""Waiting for the app to catch up with keys typed ahead."""

from __future__ import annotations

import asyncio
import contextlib


async def drained(node, timeout: float = 1.0) -> None:
    """Wait until ``node`` has handled the messages already sent to it (or
    ``timeout`` seconds, e.g. when it was closed meanwhile)."""
    done = asyncio.Event()
    if not node.call_later(done.set):
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), timeout)

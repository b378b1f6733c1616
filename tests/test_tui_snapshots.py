"""Snapshots (pytest-textual-snapshot) of the main screen, the directive
screen and the progress form at 100×32 and 80×24. Update after a deliberate
change with: pytest tests/test_tui_snapshots.py --snapshot-update"""

from __future__ import annotations

import pytest

from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp

SIZES = [(100, 32), (80, 24), (120, 40)]


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["100x32", "80x24", "120x40"])
def test_main_screen(snap_compare, fresh_store, today, size):
    assert snap_compare(CchcApp(Session(fresh_store, today)), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=["100x32", "80x24", "120x40"])
def test_directive_screen(snap_compare, fresh_store, today, size):
    async def open_directive(pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await pilot.pause()

    assert snap_compare(
        CchcApp(Session(fresh_store, today)), terminal_size=size, run_before=open_directive
    )


@pytest.mark.parametrize("size", SIZES, ids=["100x32", "80x24", "120x40"])
def test_progress_form(snap_compare, fresh_store, today, size):
    async def open_form(pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "down", "down", "u")
        await pilot.pause()

    assert snap_compare(
        CchcApp(Session(fresh_store, today)), terminal_size=size, run_before=open_form
    )

"""The running app's side of durability: the .db alone holds what was saved
once the app is quiet, and a damaged file found after start is not written."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from test_tui_support import SIZE, messages, settle, type_text

from cchc_tui.session import Session
from cchc_tui.tui import upkeep
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.progress import ProgressForm


async def _wait(app, pilot, condition, seconds: float = 10.0) -> bool:
    for _ in range(int(seconds * 10)):
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        if condition():
            return True
    return False


async def test_the_db_alone_holds_a_save_within_seconds_while_the_app_stays_open(
    fresh_store, today, tmp_path, monkeypatch
):
    monkeypatch.setattr(upkeep, "CHECK_SECONDS", 0.2)
    monkeypatch.setattr(upkeep, "MERGE_AFTER_SECONDS", 0.3)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "u")
        await settle(app, pilot)
        assert isinstance(app.screen, ProgressForm)
        await pilot.press("tab")
        await type_text(pilot, "60")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Đã lưu" in messages(app)
        assert await _wait(app, pilot, lambda: not fresh_store.unmerged)
        copy = tmp_path / "usb.db"
        shutil.copyfile(fresh_store.path, copy)  # the .db only, the app still open
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT progress FROM directives WHERE id = 3").fetchone()[0] == 60
    finally:
        conn.close()


def _damage(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'updates'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\x0d\xff" * (size // 2))


async def test_a_damaged_page_found_after_start_shows_a_banner_and_saves_nothing(
    fresh_store, today
):
    path = Path(fresh_store.path)
    _damage(path)
    damaged = path.read_bytes()
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        assert await _wait(app, pilot, lambda: bool(app.main_screen.query("#damaged-banner")))
        assert any("bị hỏng" in m for m in messages(app))
        await pilot.press("down", "down", "u")
        await settle(app, pilot)
        if isinstance(app.screen, ProgressForm):
            await pilot.press("tab")
            await type_text(pilot, "60")
            await pilot.press("ctrl+s")
            await settle(app, pilot)
    assert path.read_bytes()[: len(damaged)] == damaged

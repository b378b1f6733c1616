"""TUI side of reliability: backups screen, daily backup in the background,
read-only banner, changes made elsewhere picked up."""

from __future__ import annotations

from test_tui_support import SIZE, messages, settle
from textual.widgets import DataTable

from cchc_tui.services.backup import backup_folder, backup_to, list_backups
from cchc_tui.services.updates import record_update
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.backups import BackupsScreen
from cchc_tui.tui.screens.dialogs import ConfirmDialog
from tests.conftest import db_snapshot


async def open_backups(app, pilot) -> BackupsScreen:
    await settle(app, pilot)
    await app.push_screen(BackupsScreen())
    await pilot.pause()
    assert isinstance(app.screen, BackupsScreen)
    return app.screen


async def test_backups_screen_lists_and_backs_up_now(fresh_store, today):
    app = CchcApp(fresh_store, today)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_backups(app, pilot)
        before = {b.path for b in list_backups(fresh_store)}
        await pilot.press("b")
        await pilot.pause()
        made = {b.path for b in list_backups(fresh_store)} - before
        assert len(made) == 1
        assert any(str(next(iter(made))) in m for m in messages(app))
        table = screen.query_one("#backups", DataTable)
        assert table.row_count == len(before) + 1
        assert next(iter(made)) in [b.path for b in screen.backups]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, BackupsScreen)


async def test_restore_asks_first_and_cancel_changes_nothing(fresh_store, today):
    copy = backup_to(fresh_store)
    record_update(fresh_store, 3, today=today, progress=60, note="sau bản sao")
    before = db_snapshot(fresh_store.path)
    app = CchcApp(fresh_store, today)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_backups(app, pilot)
        assert screen.current_backup().path == copy
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BackupsScreen)
    assert db_snapshot(fresh_store.path) == before


async def test_restore_after_confirmation_replaces_data_and_refreshes(fresh_store, today):
    copy = backup_to(fresh_store)
    record_update(fresh_store, 3, today=today, progress=60, note="sau bản sao")
    app = CchcApp(fresh_store, today)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_backups(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert fresh_store.value("SELECT progress FROM directives WHERE id=3") == 0
        assert fresh_store.value("SELECT count(*) FROM updates") == 0
        kinds = [b.kind for b in screen.backups]
        assert "safety" in kinds and copy in [b.path for b in screen.backups]
        assert any("Đã khôi phục" in m for m in messages(app))
        row3 = next(r for r in app.main_screen.query_one("#directives").directive_rows if r.id == 3)
        assert row3.progress == 0


async def test_backups_screen_empty_state(fresh_store, today):
    import shutil

    app = CchcApp(fresh_store, today)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_backups(app, pilot)
        shutil.rmtree(backup_folder(fresh_store), ignore_errors=True)
        screen.reload()
        await pilot.pause()
        assert screen.backups == []
        assert "Chưa có bản sao lưu" in str(screen.query_one("#backups-note").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BackupsScreen)  # nothing to confirm
        screen.action_restore_backup()
        await pilot.pause()
        assert any("Chưa có bản sao lưu" in m for m in messages(app))

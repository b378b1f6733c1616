"""TUI side of reliability: backups screen, daily backup in the background,
read-only banner, changes made elsewhere picked up."""

from __future__ import annotations

from test_tui_support import SIZE, messages, settle, shown, table_ids
from textual.widgets import DataTable

from cchc_tui.services.backup import backup_folder, backup_to, list_backups
from cchc_tui.services.updates import record_update
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.backups import BackupsScreen
from cchc_tui.tui.screens.dialogs import ConfirmDialog
from tests.conftest import db_snapshot


async def open_backups(app, pilot) -> BackupsScreen:
    await settle(app, pilot)
    await app.push_screen(BackupsScreen())
    await settle(app, pilot)  # the list is read in a worker
    assert isinstance(app.screen, BackupsScreen)
    return app.screen


async def test_backups_screen_lists_and_backs_up_now(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_backups(app, pilot)
        before = {b.path for b in list_backups(fresh_store)}
        await pilot.press("b")
        await settle(app, pilot)
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
    app = CchcApp(Session(fresh_store, today))
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
    from cchc_tui.services.settings import get_settings, set_setting

    organisation = get_settings(fresh_store)["organisation"]
    copy = backup_to(fresh_store)
    record_update(fresh_store, 3, today=today, progress=60, note="sau bản sao")
    set_setting(fresh_store, "organisation", "Tên đặt sau bản sao")
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_backups(app, pilot)
        row3 = next(r for r in app.main_screen.query_one("#directives").directive_rows if r.id == 3)
        assert row3.progress == 60  # what the table shows before
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert fresh_store.value("SELECT progress FROM directives WHERE id=3") == 0
        assert fresh_store.value("SELECT count(*) FROM updates") == 0
        kinds = [b.kind for b in screen.backups]
        assert "safety" in kinds and copy in [b.path for b in screen.backups]
        assert any("Đã khôi phục" in m for m in messages(app))
        # the screens read again: the table and the header show the restored data
        row3 = next(r for r in app.main_screen.query_one("#directives").directive_rows if r.id == 3)
        assert row3.progress == 0
        header = shown(app.main_screen.query_one("#organisation"))
        assert organisation in header and "Tên đặt sau bản sao" not in header


async def test_backups_screen_empty_state(fresh_store, today):
    import shutil

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_backups(app, pilot)
        shutil.rmtree(backup_folder(fresh_store), ignore_errors=True)
        screen.reload()
        await settle(app, pilot)
        assert screen.backups == []
        assert "Chưa có bản sao lưu" in str(screen.query_one("#backups-note").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BackupsScreen)  # nothing to confirm
        screen.action_restore_backup()
        await pilot.pause()
        assert any("Chưa có bản sao lưu" in m for m in messages(app))


async def test_palette_sao_luu_opens_the_backups_screen(fresh_store, today):
    from test_tui_support import type_text

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "sao luu")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BackupsScreen)


async def test_daily_backup_made_in_the_background_after_start(fresh_store, today):
    from datetime import date

    app = CchcApp(Session(fresh_store, today), backup_daily=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        daily = backup_folder(fresh_store) / f"cchc-{date.today().isoformat()}.db"
        assert daily.exists()
        assert [b.kind for b in list_backups(fresh_store)] == ["daily"]
        assert table_ids(app) == [1, 2, 3, 4, 5, 6, 7]


async def test_no_backup_from_the_app_class_unless_asked(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert list_backups(fresh_store) == []


async def test_read_only_file_shows_a_banner_and_offers_no_editing(db_path, today, monkeypatch):
    from cchc_tui.services.opening import open_database
    from cchc_tui.store import database
    from cchc_tui.tui.upkeep import ReadOnlyBanner

    open_database(db_path).close()
    monkeypatch.setattr(database, "_writable", lambda path: False)
    store = open_database(db_path)
    before = db_snapshot(db_path)
    try:
        assert store.readonly
        app = CchcApp(Session(store, today), backup_daily=True)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            banner = app.main_screen.query_one(ReadOnlyBanner)
            assert "CHỈ ĐỌC" in str(banner.render())
            assert table_ids(app) == [1, 2, 3, 4, 5, 6, 7]  # reading works
            for action in ("update_progress", "edit_directive", "new_directive", "retract_update"):
                assert app.check_action(action, ()) is False
            assert app.check_action("open_directive", ()) is True
            await pilot.press("u")
            await pilot.press("e")
            await pilot.press("n")
            await settle(app, pilot)
            assert app.screen is app.main_screen  # no form opened
            await pilot.press("enter")  # viewing works
            await settle(app, pilot)
            assert app.screen is not app.main_screen
    finally:
        store.close()
    assert db_snapshot(db_path) == before
    assert not backup_folder(store).exists()  # no daily backup from a read-only file


async def test_changes_made_elsewhere_appear_without_a_key(fresh_store, today, cli):
    from cchc_tui.tui import upkeep

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        row = next(r for r in app.main_screen.query_one("#directives").directive_rows if r.id == 3)
        assert row.progress == 0
        result = cli("update", "3", "--progress", "45", "--note", "từ dòng lệnh")
        assert result.code == 0, result.err
        # the periodic check (every CHECK_SECONDS) notices the other connection's commit
        for _ in range(int(upkeep.CHECK_SECONDS * 10) + 20):
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            rows = app.main_screen.query_one("#directives").directive_rows
            if next(r for r in rows if r.id == 3).progress == 45:
                break
        rows = app.main_screen.query_one("#directives").directive_rows
        assert next(r for r in rows if r.id == 3).progress == 45


def test_damaged_file_at_start_is_one_line_and_exit_1(tmp_path, today, capsys):
    from cchc_tui.tui.app import run_app

    bad = tmp_path / "cchc.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 82)
    before = bad.read_bytes()
    assert run_app(bad, today) == 1
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ") and len(err.strip().splitlines()) == 1
    assert bad.read_bytes() == before


async def test_a_viewer_cannot_restore(fresh_store, today):
    from cchc_tui.session import VIEWER, User

    backup_to(fresh_store)
    before = db_snapshot(fresh_store.path)
    app = CchcApp(Session(fresh_store, today, User("Lan", VIEWER, signed_in=True)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_backups(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen  # no question asked
        assert any("chỉ được xem" in m for m in messages(app))
    assert db_snapshot(fresh_store.path) == before

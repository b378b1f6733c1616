"""Directive screen, retract, help, palette, settings, quit; bindings; literal
user text; opening a bad database file."""

from __future__ import annotations

from test_tui_support import SIZE, messages, settle, shown, type_text
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Input

from cchc_tui.services.directives import get_directive, get_directive_row
from cchc_tui.services.settings import get_settings
from cchc_tui.services.updates import record_update
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp, run_app
from cchc_tui.tui.screens.dialogs import ReasonDialog
from cchc_tui.tui.screens.directive import DirectiveScreen
from cchc_tui.tui.screens.help import HelpScreen
from cchc_tui.tui.screens.main import MainScreen
from cchc_tui.tui.screens.progress import ALL_LEADS
from cchc_tui.tui.screens.settings import SettingsScreen


async def test_enter_shows_the_directive_and_escape_goes_back(fresh_store, today):
    record_update(fresh_store, 3, today=today, progress=40, note="Đã trình", evidence="TTr 12")
    update = record_update(fresh_store, 3, today=today, progress=50, note="Nhầm")
    from cchc_tui.services.updates import retract_update

    retract_update(fresh_store, update, "Nhập nhầm", today=today)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DirectiveScreen) and app.screen.directive_id == 3
        text = shown(app.screen.query_one("#directive-text"))
        detail = get_directive(fresh_store, 3, today)
        assert detail.row.content in text
        assert "Văn phòng HĐND và UBND huyện — Đang thực hiện · Quá hạn · 40%" in text
        assert "“hoàn thành trước ngày 30/8/2024”" in text
        assert "Các cơ quan, đơn vị huyện" in text
        assert "[ĐÃ RÚT LẠI]" in text and "Lý do: Nhập nhầm" in text
        assert "Tài liệu kiểm chứng: TTr 12" in text
        assert text.index("Rút lại cập nhật") < text.index("Đã trình")  # newest first
        # u works on the directive screen too
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "70")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DirectiveScreen)
        assert "· 70%" in shown(app.screen.query_one("#directive-text"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_ctrl_z_retracts_the_last_update_with_a_reason(fresh_store, today):
    record_update(fresh_store, 1, today=today, progress=30)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main_screen.current_row().progress == 30
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press("enter")  # no reason: refused
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        error = app.screen.query_one("#answer-error")
        assert "lý do" in shown(error)
        assert error.display and error.region.height == 1  # seen, not just set
        await type_text(pilot, "Nhập nhầm")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Đã rút lại cập nhật" in messages(app)
        assert app.main_screen.current_row().progress == 0
        await pilot.press("ctrl+z")  # nothing left to retract
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    history = get_directive(fresh_store, 1, today).history
    assert history[0].type == "retraction" and history[0].note == "Nhập nhầm"
    assert history[1].retracted


async def test_help_lists_every_binding_in_vietnamese(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = shown(app.screen.query_one("#help-text"))
        for binding in CchcApp.BINDINGS:
            assert binding.description in text
        for phrase in ("Cập nhật", "Lọc", "Rút lại", "Thoát", "Cơ quan", "Lưu trữ"):
            assert phrase in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


def test_every_binding_has_id_description_tooltip_and_action():
    for binding in CchcApp.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.id and binding.description and binding.tooltip
        assert hasattr(CchcApp, f"action_{binding.action}"), binding.action
    for command in CchcApp.PALETTE_COMMANDS:
        assert hasattr(CchcApp, f"action_{command.action}"), command.action


async def test_palette_finds_actions_by_vietnamese_name_without_accents(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "cai dat")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#organisation", Input).value = "UBND huyện Mộ Đức"
        app.screen.query_one("#due_soon_days", Input).value = "abc"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert "số nguyên" in shown(app.screen.query_one("#due_soon_days-error"))
        app.screen.query_one("#due_soon_days", Input).value = "10"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert "UBND huyện Mộ Đức" in shown(app.main_screen.query_one("#organisation"))
    settings = get_settings(fresh_store)
    assert settings["organisation"] == "UBND huyện Mộ Đức" and settings["due_soon_days"] == "10"


async def test_palette_runs_update_progress(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "cap nhat tien do")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        from cchc_tui.tui.screens.progress import ProgressForm

        assert isinstance(app.screen, ProgressForm) and app.screen.directive_id == 1


async def test_q_quits(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)
    assert not app.is_running


async def test_user_text_is_never_markup(fresh_store, today):
    with fresh_store.transaction() as db:
        db.execute("UPDATE directives SET title = 'Kế hoạch [2024] [/] xong' WHERE id = 1")
    record_update(fresh_store, 1, today=today, note="[bold]x[/]", evidence="[red]TTr[/red]")
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        detail = shown(app.main_screen.query_one("#detail"))
        assert "Kế hoạch [2024] [/] xong" in detail
        assert "[bold]x[/]" in detail
        cell = app.main_screen.query_one("#directives").cells_at(0)[1]
        assert cell.plain.startswith("Kế hoạch [2024]")
        await pilot.press("enter")
        await pilot.pause()
        text = shown(app.screen.query_one("#directive-text"))
        assert "Ghi chú: [bold]x[/]" in text and "[red]TTr[/red]" in text
        assert "Kế hoạch [2024] [/] xong" in text
        # typed into the form: saved as typed
        await pilot.press("u")
        await settle(app, pilot)
        app.screen.query_one("#agency").value = ALL_LEADS  # the whole directive
        await pilot.press("tab", "tab", "tab", "tab")
        await type_text(pilot, "[i]y[/i]")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert get_directive_row(fresh_store, 1, today).last_note == "[i]y[/i]"


def test_run_app_on_a_file_that_is_not_a_database(tmp_path, today, capsys):
    bad = tmp_path / "notes.db"
    bad.write_text("not a database")
    assert run_app(bad, today) == 1
    err = capsys.readouterr().err
    assert err.startswith("Lỗi:") and "SQLite" in err and len(err.strip().splitlines()) == 1


async def test_keys_on_an_empty_list_warn_and_change_nothing(fresh_store, today, db_path):
    from conftest import db_snapshot

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "khong co gi nhu the nay")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Không có nhiệm vụ nào" in shown(app.main_screen.query_one("#detail"))
        before = db_snapshot(db_path)
        for key in ("u", "e", "d", "ctrl+z"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), key
        assert messages(app).count("Chưa chọn nhiệm vụ nào.") == 4
        assert db_snapshot(db_path) == before

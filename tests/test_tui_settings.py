"""The settings screen: nothing saved while a field is wrong, multiline
values kept with their lines, an unchanged screen records nothing."""

from __future__ import annotations

from test_tui_support import SIZE, settle, shown
from textual.widgets import Input, TextArea

from cchc_tui.services.settings import get_settings
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.settings import SettingsScreen
from tests.conftest import db_snapshot


async def open_settings(app, pilot) -> SettingsScreen:
    await settle(app, pilot)
    await app.run_action("settings")
    await settle(app, pilot)
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def test_a_wrong_field_saves_nothing(fresh_store, today):
    before = db_snapshot(fresh_store.path)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        screen.query_one("#organisation", Input).value = "UBND huyện Mộ Đức"
        screen.query_one("#due_soon_days", Input).value = "200"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert "0 đến 90" in shown(screen.query_one("#due_soon_days-error"))
        assert db_snapshot(fresh_store.path) == before  # the good one waits too
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, SettingsScreen)
    assert db_snapshot(fresh_store.path) == before


async def test_multiline_value_keeps_its_lines_and_the_header_follows(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        screen.query_one("#signer_title", TextArea).load_text("KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN")
        screen.query_one("#organisation", Input).value = "UBND huyện Mộ Đức"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert "UBND huyện Mộ Đức" in shown(app.main_screen.query_one("#organisation"))
    settings = get_settings(fresh_store)
    assert settings["signer_title"] == "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN"
    assert settings["organisation"] == "UBND huyện Mộ Đức"


async def test_saving_unchanged_records_nothing(fresh_store, today):
    before = db_snapshot(fresh_store.path)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, SettingsScreen)
    assert db_snapshot(fresh_store.path) == before

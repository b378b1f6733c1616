"""The indicators screen and the measurement form, driven with key presses."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.dialogs import ConfirmDialog
from cchc_tui.tui.screens.indicators import IndicatorsScreen, MeasurementForm
from tests.test_tui_support import settle

SIZE = (100, 32)


async def open_indicators(app, pilot) -> IndicatorsScreen:
    await settle(app, pilot)
    await pilot.press("i")
    await settle(app, pilot)
    assert isinstance(app.screen, IndicatorsScreen)
    return app.screen


def cell_texts(table: DataTable, row: int) -> list[str]:
    return [str(c) for c in table.get_row_at(row)]


async def test_lists_indicators_and_records_a_measurement(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_indicators(app, pilot)
        table = screen.query_one("#indicators", DataTable)
        assert table.row_count == 3
        assert cell_texts(table, 0)[2:] == ["> 90%", "—", "—", "", "Chưa có số liệu"]
        assert cell_texts(table, 2)[3:] == ["70%", "16/08/2024", "", "Chưa đạt"]
        await pilot.press("r")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, MeasurementForm)
        await pilot.press("9", "2", "comma", "5")
        await pilot.press("tab")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, IndicatorsScreen)
        assert cell_texts(table, 0)[3:] == ["92,5%", "27/11/2026", "", "Đạt"]
    row = fresh_store.row("SELECT * FROM measurements WHERE indicator_id = 1")
    assert (row["value"], row["measured_on"], row["agency_id"]) == (92.5, "2026-11-27", None)


async def test_invalid_value_is_shown_beside_the_field_and_nothing_is_saved(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await open_indicators(app, pilot)
        await pilot.press("down", "r")
        await settle(app, pilot)
        form = app.screen
        await pilot.press("a", "b", "c", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        error = form.query_one("#value-error", Static)
        assert "không phải là số" in str(error.render())
        form.query_one("#value").value = "150"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "từ 0 đến 100" in str(form.query_one("#value-error", Static).render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog), "typed content is not dropped silently"
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, IndicatorsScreen)
    assert fresh_store.value("SELECT count(*) FROM measurements WHERE indicator_id = 2") == 0


async def test_filter_by_agency(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_indicators(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        for key in "mot cua":
            await pilot.press("space" if key == " " else key)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        table = screen.query_one("#indicators", DataTable)
        assert table.row_count == 2
        assert "Bộ phận một cửa huyện" in str(screen.query_one("#header", Static).render())
        await pilot.press("f")  # again: every indicator
        await settle(app, pilot)
        assert table.row_count == 3


async def test_palette_opens_the_indicators_screen(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        for key in "chi tieu":
            await pilot.press("space" if key == " " else key)
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, IndicatorsScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, IndicatorsScreen)


async def test_directive_screen_shows_its_indicators(fresh_store, today):
    from cchc_tui.services.indicators import record_measurement
    from cchc_tui.tui.screens.directive import DirectiveScreen

    record_measurement(fresh_store, 1, value=92.5, today=today)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DirectiveScreen) and app.screen.directive_id == 2
        shown = str(app.screen.query_one("#directive-text", Static).render())
        assert "Tỷ lệ số hóa hồ sơ TTHC: mục tiêu > 90%; gần nhất 92,5% (27/11/2026) — Đạt" in shown
        assert "Tỷ lệ hồ sơ TTHC giải quyết trễ hẹn: mục tiêu ≤ 2%; chưa có số liệu" in shown
        await pilot.press("i")
        await settle(app, pilot)
        assert isinstance(app.screen, IndicatorsScreen)


async def test_markup_in_indicator_name_and_unit_is_shown_literally(fresh_store, today):
    from textual.widgets import Label

    from cchc_tui.services.indicators import create_indicator, record_measurement

    indicator_id = create_indicator(
        fresh_store,
        name="Tỷ lệ [bold]hồ sơ[/] đúng hạn",
        comparison=">=",
        target=5,
        unit="[/]",
        directive_id=1,
    )
    record_measurement(fresh_store, indicator_id, value=7, today=today)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_indicators(app, pilot)
        table = screen.query_one("#indicators", DataTable)
        index = [r.id for r in screen.rows].index(indicator_id)
        cells = cell_texts(table, index)
        assert "[bold]hồ sơ[/]" in cells[1] and cells[3] == "7[/]" and "[/]" in cells[2]
        table.move_cursor(row=index)
        await settle(app, pilot)
        detail = str(screen.query_one("#indicator-detail", Static).render())
        assert "Tỷ lệ [bold]hồ sơ[/] đúng hạn" in detail and "7[/]" in detail
        await pilot.press("r")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, MeasurementForm)
        labels = [str(label.render()) for label in form.query(Label)]
        assert "Giá trị ([/])" in labels
        await pilot.press("8", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, IndicatorsScreen)
    values = fresh_store.rows(
        "SELECT value FROM measurements WHERE indicator_id = ? ORDER BY id", [indicator_id]
    )
    assert [r["value"] for r in values] == [7, 8]

"""Agencies screen (a): counts, enter to the agency's directives, add,
rename, alias, merge."""

from __future__ import annotations

from test_tui_support import SIZE, settle, shown, table_ids, type_text
from textual.widgets import Input

from cchc_tui.services.agencies import find_agency, list_agencies
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.agencies import AgenciesScreen
from cchc_tui.tui.screens.dialogs import ConfirmDialog, TextDialog
from cchc_tui.tui.screens.main import MainScreen


async def open_agencies(app, pilot) -> AgenciesScreen:
    await settle(app, pilot)
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, AgenciesScreen)
    return app.screen


async def goto(pilot, screen: AgenciesScreen, name: str) -> None:
    index = next(i for i, a in enumerate(screen.agencies) if a.name == name)
    screen.query_one("#agencies").move_cursor(row=index)
    await pilot.pause()


async def test_agencies_in_vietnamese_order_with_counts_and_enter_filters(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agencies(app, pilot)
        names = [a.name for a in screen.agencies]
        assert names == [a.name for a in list_agencies(fresh_store, today)]
        assert names.index("Bộ phận một cửa huyện") < names.index("Các cơ quan, đơn vị huyện")
        assert names.index("Văn phòng HĐND và UBND huyện") == len(names) - 1
        table = screen.query_one("#agencies")
        row = table.get_row_at(names.index("Văn phòng HĐND và UBND huyện"))
        # counted per member: lead of 3, and 1, 2, 6 as a member of a lead group
        assert [c.plain.strip() for c in row[2:6]] == ["4", "0", "0", "2"]
        await goto(pilot, screen, "Phòng Tài nguyên và Môi trường")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        agency = find_agency(fresh_store, "Phòng Tài nguyên và Môi trường")
        assert app.main_screen.directive_filter.agency_id == agency["id"]
        assert table_ids(app) == [1, 2, 4, 6]  # 1 and 2 as a member of a lead group
        assert "cơ quan Phòng Tài nguyên và Môi trường" in shown(
            app.main_screen.query_one("#filters")
        )


async def test_add_rename_alias_merge(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agencies(app, pilot)
        # add
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await type_text(pilot, "Phòng Dân tộc")
        await pilot.press("enter")
        await pilot.pause()
        assert find_agency(fresh_store, "phong dan toc")["name"] == "Phòng Dân tộc"
        assert screen.current_agency().name == "Phòng Dân tộc"
        # rename (old name kept as an alias)
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#answer", Input).value = "Phòng Dân tộc và Tôn giáo"
        await pilot.press("ctrl+s")
        await pilot.pause()
        renamed = find_agency(fresh_store, "Phòng Dân tộc")
        assert renamed["name"] == "Phòng Dân tộc và Tôn giáo"
        # alias
        await pilot.press("l")
        await pilot.pause()
        await type_text(pilot, "DTTG")
        await pilot.press("enter")
        await pilot.pause()
        assert find_agency(fresh_store, "dttg")["id"] == renamed["id"]
        # merge Phòng Nội vụ into it: assignments move, the old name becomes an alias
        await goto(pilot, screen, "Phòng Nội vụ")
        await pilot.press("m")
        await pilot.pause()
        await type_text(pilot, "dan toc")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AgenciesScreen)
        merged = next(a for a in screen.agencies if a.id == renamed["id"])
        assert merged.lead == 5  # Phòng Nội vụ's 5, 7 and, as a member, 1, 2, 6
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert find_agency(fresh_store, "Phòng Nội vụ")["id"] == renamed["id"]


async def test_at_80_columns_the_other_names_move_under_the_table(fresh_store, today):
    from textual.widgets import DataTable

    from cchc_tui.tui.screens.agencies import AgenciesScreen

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AgenciesScreen)
        table = screen.query_one("#agencies", DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert "Tên gọi khác" not in labels and labels[-2:] == ["Quá hạn", "Nhóm"]
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= 80
        while screen.current_agency().name != "Phòng Nội vụ":
            await pilot.press("down")
        assert "Tên gọi khác: PNV" in shown(screen.query_one("#agency-detail"))

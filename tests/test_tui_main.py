"""Main screen: start state, header, counts, table paging, search, filters."""

from __future__ import annotations

from test_tui_support import SIZE, settle, shown, table_ids, type_text
from textual.widgets import Input, SelectionList

from cchc_tui.domain.status import Timeliness
from cchc_tui.services.directive_editing import DirectiveDraft, create_directive
from cchc_tui.services.directives import count_by_timeliness
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens import main as main_module
from cchc_tui.tui.screens.filter import FilterScreen
from cchc_tui.tui.widgets.directive_table import DirectiveTable


async def test_start_state_header_counts_and_order(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main = app.main_screen
        table = main.query_one(DirectiveTable)
        assert app.focused is table
        assert table.cursor_row == 0
        assert table_ids(app) == [1, 2, 3, 4, 5, 6, 7]
        assert "UBND huyện Nghĩa Hành" in shown(main.query_one("#organisation"))
        assert "27/11/2026" in shown(main.query_one("#today"))
        counts = main.query_one("#counts").counts
        assert counts == count_by_timeliness(fresh_store, today)
        assert counts[Timeliness.OVERDUE] == 2 and sum(counts.values()) == 7
        assert "Quá hạn 2" in shown(main.query_one("#counts"))
        # the overdue rows say so
        overdue = [r.id for r in table.directive_rows if r.timeliness is Timeliness.OVERDUE]
        assert overdue == [1, 3]
        assert "Nhiệm vụ 1" in shown(main.query_one("#detail"))


async def test_search_is_live_accent_insensitive_enter_keeps_escape_clears(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        search = app.main_screen.query_one("#search", Input)
        assert app.focused is search
        await type_text(pilot, "dang ky dat dai")
        await settle(app, pilot)
        assert table_ids(app) == [4]
        assert sum(app.main_screen.query_one("#counts").counts.values()) == 1
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.focused, DirectiveTable)
        assert table_ids(app) == [4] and search.value == "dang ky dat dai"
        await pilot.press("escape")
        await settle(app, pilot)
        assert search.value == ""
        assert table_ids(app) == [1, 2, 3, 4, 5, 6, 7]
        assert isinstance(app.focused, DirectiveTable)


async def test_search_by_agency_name_without_accents(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "TAI NGUYEN")
        await settle(app, pilot)
        assert 4 in table_ids(app)
        assert all(
            "tai nguyen"
            in (r.title + r.content + " ".join(r.lead + r.support))
            .lower()
            .replace("à", "a")
            .replace("ê", "e")
            .replace("ư", "u")
            for r in app.main_screen.query_one(DirectiveTable).directive_rows
        )


async def test_filter_by_timeliness_shows_label_and_counts_follow(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("tab")  # statuses -> timeliness list
        timeliness = app.screen.query_one("#timeliness", SelectionList)
        assert app.focused is timeliness
        await pilot.press("down", "space")  # after "Tất cả thời hạn": Quá hạn
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        main = app.main_screen
        assert table_ids(app) == [1, 3]
        assert main.directive_filter.timeliness == (Timeliness.OVERDUE,)
        assert "Lọc: tình trạng quá hạn" == shown(main.query_one("#filters"))
        assert main.query_one("#filters").has_class("active")
        counts = main.query_one("#counts").counts
        assert counts[Timeliness.OVERDUE] == 2 and sum(counts.values()) == 2
        # reset
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert table_ids(app) == [1, 2, 3, 4, 5, 6, 7]
        assert not main.query_one("#filters").has_class("active")


def add_directives(store, last: int) -> None:
    """Directives 8 to ``last`` (the sample has 1 to 7), in one notice, each
    led by Phòng Nội vụ alone."""
    lead = store.value("SELECT id FROM agencies WHERE name = 'Phòng Nội vụ'")
    with store.transaction():
        for n in range(8, last + 1):
            create_directive(
                store, DirectiveDraft(notice_id=1, number=n, title=f"Việc {n}", leads=[lead])
            )


async def test_end_reaches_the_last_row_while_one_page_is_loaded(fresh_store, today, monkeypatch):
    monkeypatch.setattr(main_module, "PAGE_SIZE", 10)
    add_directives(fresh_store, 127)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.main_screen.query_one(DirectiveTable)
        assert table.row_count == 127 and table.count_is_exact  # the exact count
        assert sum(app.main_screen.query_one("#counts").counts.values()) == 127
        # the first page, and the next as its rows are in view
        assert table_ids(app) == list(range(1, 21))
        await pilot.press("end")
        await settle(app, pilot)
        assert table.cursor_row == 126 and table.current_row().id == 127
        assert "Nhiệm vụ 127" in shown(app.main_screen.query_one("#detail"))
        loaded = table_ids(app)
        assert 127 in loaded and len(loaded) < 127  # the pages in view, not the rows between
        await pilot.press("home")
        await settle(app, pilot)
        assert table.current_row().id == 1
        await pilot.press("pagedown", "pagedown")
        await settle(app, pilot)
        visible = table.size.height - 1
        assert table.cursor_row == 2 * visible
        assert table.current_row().id == 2 * visible + 1


async def test_end_then_u_opens_the_form_of_the_row_under_the_cursor(
    fresh_store, today, monkeypatch
):
    """Typed in one burst: ``u`` waits for the last row's page, never takes a
    row shown before."""
    from textual import events

    from cchc_tui.services.directives import get_directive_row
    from cchc_tui.tui.screens.progress import ProgressForm

    monkeypatch.setattr(main_module, "PAGE_SIZE", 10)
    add_directives(fresh_store, 127)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for key, character in [("end", None), ("u", "u")]:
            app.post_message(events.Key(key, character))
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, ProgressForm):
                break
        assert isinstance(app.screen, ProgressForm) and app.screen.directive_id == 127
        await pilot.press("escape")
        await settle(app, pilot)
        burst = [("home", None), ("end", None), ("u", "u"), ("tab", "\t"), ("6", "6")]
        burst += [("0", "0"), ("ctrl+s", None)]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        for _ in range(60):
            await pilot.pause(0.05)
            if get_directive_row(fresh_store, 127, today).progress == 60:
                break
        await settle(app, pilot)
        assert not isinstance(app.screen, ProgressForm)
        table = app.main_screen.query_one(DirectiveTable)
        assert table.cursor_row == 126 and table.current_row().progress == 60  # stays there
    assert get_directive_row(fresh_store, 127, today).progress == 60
    assert get_directive_row(fresh_store, 1, today).progress == 0


async def test_a_row_whose_page_cannot_be_read_is_never_acted_on(
    fresh_store, today, db_path, monkeypatch
):
    from conftest import db_snapshot
    from test_tui_support import messages

    from cchc_tui.tui.screens.main import MainScreen

    monkeypatch.setattr(main_module, "PAGE_SIZE", 10)
    monkeypatch.setattr(main_module, "ROW_WAIT_SECONDS", 0.3)
    add_directives(fresh_store, 127)
    read = Session.directive_page

    def first_page_only(self, flt, *, limit=None, offset=0):
        if offset:
            raise OSError("đĩa lỗi")
        return read(self, flt, limit=limit, offset=offset)

    monkeypatch.setattr(Session, "directive_page", first_page_only)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        before = db_snapshot(db_path)
        await pilot.press("end")
        await settle(app, pilot)
        assert app.main_screen.query_one(DirectiveTable).cursor_on_placeholder
        assert "Đang tải…" in shown(app.main_screen.query_one("#detail"))
        await pilot.press("u")
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Dòng đang chọn chưa đọc xong; thử lại sau giây lát." in messages(app)
        assert any("Không đọc được dữ liệu" in m and "đĩa lỗi" in m for m in messages(app))
    assert db_snapshot(db_path) == before


async def test_80x24_truncates_with_ellipsis(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.main_screen.query_one(DirectiveTable)
        title_cell = table.cells_at(0)[1]
        assert title_cell.plain.endswith("…")
        assert table.columns.table_width + 2 <= 80  # and the scrollbar
        assert table.cells_at(0)[4].plain.startswith("Chưa TH · Quá hạn")


async def test_a_new_search_starts_at_the_first_row_an_update_keeps_the_row(fresh_store, today):
    from cchc_tui.services.updates import record_update

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "down", "down", "down")
        table = app.main_screen.query_one(DirectiveTable)
        assert table.current_row().id == 6
        record_update(fresh_store, 6, today=today, progress=20)
        app.data_changed()
        await settle(app, pilot)
        assert table.current_row().id == 6 and table.current_row().progress == 20
        await pilot.press("slash")
        await type_text(pilot, "phong")
        await settle(app, pilot)
        assert table.cursor_row == 0


async def test_filter_by_agency_picked_without_accents(fresh_store, today):
    from cchc_tui.services.agencies import find_agency
    from cchc_tui.tui.screens.agency_picker import AgencyPicker

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f", "tab", "tab")
        assert app.focused.id == "agency"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgencyPicker)
        await type_text(pilot, "tai nguyen")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        agency = find_agency(fresh_store, "Phòng Tài nguyên và Môi trường")
        assert app.main_screen.directive_filter.agency_id == agency["id"]
        assert table_ids(app) == [1, 2, 4, 6]  # 1 and 2 as a member of a lead group


async def test_escape_in_the_search_box_clears_it(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "noi vu")
        await settle(app, pilot)
        assert len(table_ids(app)) < 7
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.main_screen.query_one("#search", Input).value == ""
        assert isinstance(app.focused, DirectiveTable)
        assert table_ids(app) == [1, 2, 3, 4, 5, 6, 7]

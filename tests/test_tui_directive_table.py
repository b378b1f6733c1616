"""The directives table paints its own lines (Textual's Line API): the
header, zebra rows, the cursor, and a placeholder for a row whose page has
not arrived; Home/End and paging reach any row of a virtual table."""

from __future__ import annotations

import asyncio

import pytest
from test_tui_support import SIZE, settle
from textual import on
from textual.app import App, ComposeResult
from textual.geometry import Region

from cchc_tui.domain.status import Status, Timeliness
from cchc_tui.services.directives import DirectiveRow
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.widgets import row_pages
from cchc_tui.tui.widgets.directive_table import DirectiveTable
from cchc_tui.tui.widgets.row_pages import RowPages
from cchc_tui.tui.widgets.table_cells import LABELS, PLACEHOLDER


def painted(table: DirectiveTable) -> list[list]:
    """The table's lines as painted now (all of them)."""
    width, height = table.size
    table.refresh()  # paint every line again, not the widget's cached lines
    return [list(strip) for strip in table.render_lines(Region(0, 0, width, height))]


def text(line) -> str:
    return "".join(segment.text for segment in line)


def columns_text(cells: list[str], table: DirectiveTable) -> str:
    """What a line should read: each cell padded to its column, one space
    each side, the rest of the width blank."""
    line = "".join(
        f" {cell.ljust(width)} "
        for cell, width in zip(cells, table.columns, strict=True)
        if width  # a column not shown at this width (the notice, below 110 cells)
    )
    return line.ljust(table.size.width)


def is_red(color) -> bool:
    red, green, blue = color.get_truecolor()
    return red > 200 and green < 60 and blue < 120


def styles_of(line, part: str):
    """The styles of the segments of ``line`` that hold ``part``."""
    return [segment.style for segment in line if part in segment.text]


@pytest.mark.parametrize("size", [SIZE, (140, 30), (80, 24)])
async def test_header_rows_cursor_and_zebra_paint_what_they_should(fresh_store, today, size):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        table = app.main_screen.query_one(DirectiveTable)
        assert table.has_focus and table.row_count == 7 and table.cursor_row == 0
        lines = painted(table)
        assert len(lines) == table.size.height > 8
        assert table.columns.table_width <= table.size.width
        # header: the labels over their columns, bold on the header colour
        assert text(lines[0]) == columns_text(list(LABELS), table)
        header = table.get_component_rich_style("directive-table--header")
        assert all(s.bold and s.bgcolor == header.bgcolor for s in styles_of(lines[0], "Số"))
        # every row: its cells in their columns
        for index in range(7):
            cells = [cell.plain for cell in table.cells_at(index)]
            assert text(lines[index + 1]) == columns_text(cells, table), index
        row = table.row_at(0)
        assert text(lines[1]).startswith(f" {str(row.number).rjust(table.columns.number)} ")
        late = "Trễ" if "Trễ" in text(lines[1]) else "Quá hạn"  # days late where they fit
        assert "30/11/2024" in text(lines[1]) and late in text(lines[1])
        # the cursor (row 0): the cursor's colours over the whole line, the
        # overdue state's red included
        cursor = table.get_component_rich_style("directive-table--cursor")
        assert {s.bgcolor for s in styles_of(lines[1], "")} == {cursor.bgcolor}
        assert {s.color for s in styles_of(lines[1], late)} == {cursor.color}
        # zebra: odd and even rows alternate; row 2 (directive 3) is overdue in red
        odd = table.get_component_rich_style("directive-table--odd-row")
        even = table.get_component_rich_style("directive-table--even-row")
        assert odd.bgcolor != even.bgcolor
        assert {s.bgcolor for s in styles_of(lines[2], "")} == {odd.bgcolor}
        assert {s.bgcolor for s in styles_of(lines[3], "")} == {even.bgcolor}
        overdue = styles_of(lines[3], late)
        assert overdue and all(s.bold and is_red(s.color) for s in overdue)
        # below the rows: blank lines
        assert text(lines[8]).strip() == ""
        # the cursor moved: its colours follow it
        await pilot.press("down", "down")
        await settle(app, pilot)
        lines = painted(table)
        assert table.cursor_row == 2
        assert {s.bgcolor for s in styles_of(lines[3], "")} == {cursor.bgcolor}
        assert {s.bgcolor for s in styles_of(lines[1], "")} == {even.bgcolor}
        # blurred: the cursor has the blurred colours
        await pilot.press("slash")
        await settle(app, pilot)
        assert not table.has_focus
        blurred = table.get_component_rich_style("directive-table--cursor")
        assert blurred.bgcolor != cursor.bgcolor
        assert {s.bgcolor for s in styles_of(painted(table)[3], "")} == {blurred.bgcolor}


async def test_click_highlights_then_opens(fresh_store, today):
    from cchc_tui.tui.screens.directive import DirectiveScreen

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.main_screen.query_one(DirectiveTable)
        await pilot.click(DirectiveTable, offset=(10, 4))  # the fourth row
        await settle(app, pilot)
        assert table.cursor_row == 3 and table.current_row().id == 4
        assert "Nhiệm vụ 4" in str(app.main_screen.query_one("#detail").render())
        await pilot.click(DirectiveTable, offset=(10, 0))  # the header: nothing
        await settle(app, pilot)
        assert table.cursor_row == 3 and app.screen is app.main_screen
        await pilot.hover(DirectiveTable, offset=(10, 6))  # the mouse over row 5
        await pilot.pause()
        assert table.hover_row == 5
        hover = table.get_component_rich_style("directive-table--hover")
        assert {s.bgcolor for s in styles_of(painted(table)[6], "")} == {hover.bgcolor}
        await pilot.press("up", "down")  # keys hide the hover highlight
        await pilot.pause()
        assert table.hover_row == -1
        await pilot.click(DirectiveTable, offset=(10, 4))  # again: opens it
        await settle(app, pilot)
        assert isinstance(app.screen, DirectiveScreen) and app.screen.directive_id == 4


# -- a virtual table of 20,000 rows, 60 loaded -----------------------------------

TOTAL = 20_000


def synthetic_row(index: int) -> DirectiveRow:
    return DirectiveRow(
        id=index + 1,
        notice_id=1,
        notice_label="TB 1",
        number=index + 1,
        title=f"Việc số {index + 1}",
        content="",
        lead=["Phòng Nội vụ"],
        support=[],
        deadline=None,
        deadline_text="",
        status=Status.NOT_STARTED,
        timeliness=Timeliness.NO_DEADLINE,
        progress=0,
        completed_on=None,
        last_update=None,
        last_note="",
        archived=False,
        version=1,
    )


def page(offset: int, size: int = 60) -> list[DirectiveRow]:
    return [synthetic_row(i) for i in range(offset, min(offset + size, TOTAL))]


class VirtualTableApp(App[None]):
    """The table alone: 60 rows loaded out of 20,000; pages asked for are
    recorded, and sent only when the test says so."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[int] = []
        self.highlighted: list[tuple[int, int | None]] = []

    def compose(self) -> ComposeResult:
        yield DirectiveTable(id="table", page_size=60)

    def on_mount(self) -> None:
        table = self.query_one(DirectiveTable)
        table.show_rows(page(0), has_more=True)
        table.set_row_count(TOTAL)
        table.focus()

    @on(DirectiveTable.PageRequested)
    def _asked(self, message: DirectiveTable.PageRequested) -> None:
        self.asked.append(message.offset)

    @on(DirectiveTable.RowHighlighted)
    def _highlighted(self, message: DirectiveTable.RowHighlighted) -> None:
        self.highlighted.append((message.cursor_row, message.row.id if message.row else None))


async def test_end_reaches_the_last_of_20000_rows_while_60_are_loaded():
    app = VirtualTableApp()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(DirectiveTable)
        await pilot.pause()
        assert table.row_count == TOTAL and len(table.directive_rows) == 60
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == TOTAL - 1
        assert table.current_row() is None and table.cursor_on_placeholder
        assert app.highlighted[-1] == (TOTAL - 1, None)
        # the cursor's page and the one before it (in view) were asked for
        assert {19_980, 19_920} <= set(app.asked)
        lines = painted(table)
        last = lines[-1]
        assert PLACEHOLDER in text(last) and text(last).index(PLACEHOLDER) == (
            table.columns.number + 3
        )
        assert all(s.italic for s in styles_of(last, PLACEHOLDER))
        assert round(table.scroll_y) == table.max_scroll_y
        # a placeholder row is never read as a row: the lookup waits for its page
        waiting = asyncio.create_task(table.wait_for_current_row())
        await pilot.pause()
        assert not waiting.done()
        table.add_page(19_980, page(19_980))
        row = await waiting
        assert row is not None and row.number == TOTAL and table.current_row() is row
        assert app.highlighted[-1] == (TOTAL - 1, TOTAL)
        last = painted(table)[-1]
        assert f"Việc số {TOTAL}" in text(last) and PLACEHOLDER not in text(last)
        assert str(TOTAL) in text(last)  # the number column widened to 5 digits
        assert table.columns.number == 5
        # Home: back to the first page, still loaded
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0 and table.current_row().number == 1
        assert round(table.scroll_y) == 0


async def test_page_down_and_up_move_a_screenful_and_ask_for_pages():
    app = VirtualTableApp()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(DirectiveTable)
        await pilot.pause()
        visible = table.size.height - 1
        await pilot.press("pagedown")
        await pilot.pause()
        assert table.cursor_row == visible and round(table.scroll_y) == visible
        for _ in range(3):
            await pilot.press("pagedown")
        await pilot.pause()
        assert table.cursor_row == 4 * visible
        assert 60 in app.asked  # the next page, before the cursor reaches it
        await pilot.press("pageup")
        await pilot.pause()
        assert table.cursor_row == 3 * visible
        await pilot.press("ctrl+end", "up")
        await pilot.pause()
        assert table.cursor_row == TOTAL - 2
        await pilot.press("ctrl+home", "pageup", "up")
        await pilot.pause()
        assert table.cursor_row == 0


async def test_rows_scrolled_into_view_ask_for_their_pages():
    """Scrolling (the wheel, the scrollbar) moves no cursor: the lines
    painted ask for what they miss."""
    app = VirtualTableApp()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(DirectiveTable)
        await pilot.pause()
        table.scroll_to(y=10_000, animate=False)
        await pilot.pause()
        assert table.cursor_row == 0
        assert 9_960 in app.asked and 10_020 in app.asked  # rows 10,000 to 10,028
        assert all(PLACEHOLDER in text(line) for line in painted(table)[1:])
        table.add_page(9_960, page(9_960))
        table.add_page(10_020, page(10_020))
        await pilot.pause()
        lines = painted(table)
        assert "Việc số 10001" in text(lines[1]) and PLACEHOLDER not in text(lines[-1])


async def test_waiting_for_a_page_that_never_comes_gives_none():
    app = VirtualTableApp()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(DirectiveTable)
        await pilot.press("end")
        await pilot.pause()
        assert await table.wait_for_current_row(timeout=0.2) is None


async def test_new_rows_replace_every_page_and_a_page_of_an_old_search_is_not_shown():
    app = VirtualTableApp()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(DirectiveTable)
        await pilot.press("end")
        await pilot.pause()
        table.add_page(19_980, page(19_980))
        table.show_rows(page(0, 5), has_more=False, keep_cursor=False)
        await pilot.pause()
        assert table.row_count == 5 and table.cursor_row == 0
        assert [r.number for r in table.directive_rows] == [1, 2, 3, 4, 5]
        assert table.row_at(19_999) is None


# -- the pages behind the table ----------------------------------------------------


def test_row_pages_count_lookup_and_what_to_ask_for():
    pages = RowPages(60)
    pages.replace(page(0), has_more=True)
    assert pages.count == 61 and not pages.count_is_exact  # the probe row
    pages.set_count(TOTAL)
    assert pages.count == TOTAL and pages.count_is_exact
    assert pages.row_at(59).number == 60 and pages.row_at(60) is None
    assert pages.row_at(-1) is None and pages.row_at(TOTAL) is None
    assert pages.to_ask(19_950, 20_500) == [19_920, 19_980]
    assert pages.to_ask(19_999, 19_999) == []  # asked already
    pages.add(19_980, page(19_980))
    assert pages.row_at(19_999).number == TOTAL and 19_980 not in pages.asked
    assert pages.number_width() == 5
    # a short page: rows were removed since the count
    pages.add(120, page(120, 10))
    assert pages.count == 130


def test_row_pages_drop_the_pages_farthest_from_what_is_shown(monkeypatch):
    monkeypatch.setattr(row_pages, "MAX_PAGES", 4)
    pages = RowPages(10)
    pages.replace(page(0, 10), has_more=True)
    pages.set_count(1000)
    for offset in (500, 510, 520, 900, 990):
        pages.add(offset, page(offset, 10))
    pages.drop_far(keep=[0], middle=515)
    assert sorted(pages.pages) == [0, 500, 510, 520]

"""The directives table paints its rows itself (not through Rich, for speed):
every line must be exactly what DataTable would paint."""

from __future__ import annotations

import pytest
from test_tui_support import SIZE, settle
from textual.geometry import Region
from textual.widgets import DataTable

from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.widgets.directive_table import DirectiveTable


def painted(table: DirectiveTable, *, as_datatable: bool) -> list[list]:
    """The table's lines (segments, styles and mouse metadata), painted by
    DirectiveTable or by DataTable's own code, caches emptied first."""
    names = ("_render_line_in_row", "_get_row_style", "render_line", "render_lines")
    saved = {name: DirectiveTable.__dict__[name] for name in names}
    if as_datatable:
        for name in names:
            setattr(DirectiveTable, name, getattr(DataTable, name))
    try:
        table._clear_caches()
        width, height = table.size
        return [list(strip) for strip in table.render_lines(Region(0, 0, width, height))]
    finally:
        for name, method in saved.items():
            setattr(DirectiveTable, name, method)


def assert_same_as_datatable(table: DirectiveTable) -> None:
    ours = painted(table, as_datatable=False)
    theirs = painted(table, as_datatable=True)
    assert len(ours) == table.size.height > 3
    for y, (mine, reference) in enumerate(zip(ours, theirs, strict=True)):
        assert mine == reference, f"line {y}"


@pytest.mark.parametrize("size", [SIZE, (140, 30), (70, 20)])
async def test_rows_paint_as_datatable_would(fresh_store, today, size):
    app = CchcApp(fresh_store, today)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        table = app.main_screen.query_one(DirectiveTable)
        assert table.has_focus and table.row_count == 7
        assert_same_as_datatable(table)  # header, zebra rows, cursor on row 0
        await pilot.press("down", "down")
        await settle(app, pilot)
        assert table.cursor_row == 2
        assert_same_as_datatable(table)
        await pilot.hover(DirectiveTable, offset=(4, 5))  # the hover highlight
        await pilot.pause()
        assert table._show_hover_cursor
        assert_same_as_datatable(table)
        await pilot.press("slash")  # the table loses focus: blurred cursor
        await settle(app, pilot)
        assert not table.has_focus
        assert_same_as_datatable(table)


async def test_cells_are_shared_between_searches_but_not_across_widths(fresh_store, today):
    app = CchcApp(fresh_store, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.main_screen.query_one(DirectiveTable)
        first = table.get_row_at(0)
        table.show_rows(list(table.directive_rows), table.has_more)
        assert table.get_row_at(0) == first  # same content, same cells
        assert all(a is b for a, b in zip(table.get_row_at(0), first, strict=True))
        await pilot.resize_terminal(140, 32)
        await settle(app, pilot)
        wider = table.get_row_at(0)
        assert wider[1].cell_len > first[1].cell_len  # the title has more room
        assert_same_as_datatable(table)

"""The directives table: a virtual table on Textual's Line API.

It knows how many rows match (``row_count``) and holds the pages of rows
loaded so far; a row whose page has not arrived paints as a placeholder line
and the table asks its screen for that page (``PageRequested``). The cursor
moves over every row, loaded or not (Home/End, PageUp/PageDown), so the end
of 20,000 rows is one key away while 60 are loaded."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cchc_tui.services.directives import DirectiveRow
from cchc_tui.tui.widgets.row_pages import RowPages
from cchc_tui.tui.widgets.table_cells import (
    Columns,
    fit_columns,
    header_cells,
    line_segments,
    placeholder_cells,
    row_cells,
    row_key,
)

CACHE_SIZE = 4000
"""Painted lines (and rows' segments) remembered; emptied when full."""
PREFETCH_ROWS = 40
"""Rows either side of the cursor whose pages are asked for ahead."""


class _RowMessage(Message):
    """About the row at ``cursor_row`` (``row``: None while not loaded)."""

    def __init__(self, table: DirectiveTable, cursor_row: int, row: DirectiveRow | None) -> None:
        super().__init__()
        self.table = table
        self.cursor_row = cursor_row
        self.row = row

    @property
    def control(self) -> DirectiveTable:
        return self.table


class DirectiveTable(ScrollView, can_focus=True):
    """Number, title, lead, deadline, state and progress of every matching
    directive, with a header line, zebra stripes and a row cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "directive-table--header",
        "directive-table--odd-row",
        "directive-table--even-row",
        "directive-table--cursor",
        "directive-table--hover",
        "directive-table--placeholder",
    }

    # the colours of Textual's DataTable, which this table replaced
    DEFAULT_CSS = """
    DirectiveTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .directive-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .directive-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .directive-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .directive-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .directive-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .directive-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .directive-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .directive-table--hover {
            background: $block-hover-background;
        }
        & > .directive-table--placeholder {
            color: $text-muted;
            text-style: italic;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Chọn", show=False),
        Binding("up", "cursor_up", "Lên", show=False),
        Binding("down", "cursor_down", "Xuống", show=False),
        Binding("pageup", "page_up", "Trang trước", show=False),
        Binding("pagedown", "page_down", "Trang sau", show=False),
        Binding("home,ctrl+home", "first_row", "Dòng đầu", show=False),
        Binding("end,ctrl+end", "last_row", "Dòng cuối", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, repaint=False, init=False)
    """Position of the highlighted row among all matching rows."""
    hover_row: reactive[int] = reactive(-1, repaint=False, init=False)
    """Position of the row under the mouse (-1: none)."""

    class RowHighlighted(_RowMessage):
        """The cursor moved to another row (``row`` is None until loaded)."""

    class RowSelected(_RowMessage):
        """``enter``, or a click on the highlighted row."""

    class PageRequested(Message):
        """Rows ``offset`` to ``offset + page_size`` are to be shown and not loaded."""

        def __init__(self, table: DirectiveTable, offset: int) -> None:
            super().__init__()
            self.table = table
            self.offset = offset

        @property
        def control(self) -> DirectiveTable:
            return self.table

    def __init__(
        self,
        *,
        page_size: int = 60,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name for it
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.row_pages = RowPages(page_size)
        """How many rows match, and the pages of them loaded."""
        self._missing: set[int] = set()
        """Rows seen not loaded while a frame was painted."""
        self._columns = fit_columns(80)
        self._select_id: int | None = None
        """A directive to put the cursor on when its page arrives."""
        self._show_hover = False
        self._arrived = asyncio.Event()
        """Set (and replaced) whenever rows arrive."""
        self._segments: dict[tuple, list[Segment]] = {}
        self._lines: dict[tuple, Strip] = {}
        self._styles: tuple[Style, ...] = ()

    # -- rows ---------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        """Rows matching (exact once the count has come, see ``set_row_count``)."""
        return self.row_pages.count

    @property
    def count_is_exact(self) -> bool:
        """Whether ``row_count`` is the exact count (else a lower bound)."""
        return self.row_pages.count_is_exact

    @property
    def directive_rows(self) -> list[DirectiveRow]:
        """The loaded rows, in display order."""
        return self.row_pages.loaded()

    @property
    def columns(self) -> Columns:
        """The widths the columns have now."""
        return self._columns

    def show_rows(
        self,
        rows: list[DirectiveRow],
        has_more: bool,
        *,
        select_id: int | None = None,
        keep_cursor: bool = True,
    ) -> None:
        """Replace every row by ``rows``, the first page; ``has_more`` when
        more match (how many comes with ``set_row_count``). The cursor stays
        on the same directive if it is there (or on ``select_id``), else on
        the same line; without ``keep_cursor`` it goes to the first row."""
        previous = self.current_row()
        if select_id is not None:
            target: int | None = select_id
        else:
            target = previous.id if previous is not None and keep_cursor else None
        line = self.cursor_row if keep_cursor else 0
        # until the count comes, keep the cursor's line (a reload after a save)
        self.row_pages.replace(list(rows), has_more, at_least=line + 1 if keep_cursor else 0)
        index = next(
            (i for i, r in enumerate(self.row_pages.pages.get(0, ())) if r.id == target), None
        )
        self._select_id = target if index is None and keep_cursor else None
        self._layout_changed()
        self._set_cursor_quietly(line if index is None else index)
        self._rows_changed()

    def add_page(self, offset: int, rows: list[DirectiveRow]) -> None:
        """Rows read at ``offset`` (a page the table asked for)."""
        before = (self.cursor_row, self.current_row())
        self.row_pages.add(offset, list(rows))
        if self._select_id is not None:
            found = next((i for i, r in enumerate(rows) if r.id == self._select_id), None)
            if found is not None:
                self._select_id = None
                self._set_cursor_quietly(offset + found)
        if self.validate_cursor_row(self.cursor_row) != self.cursor_row:  # a short page
            self._set_cursor_quietly(self.cursor_row)
        top = round(self.scroll_y)
        self.row_pages.drop_far(
            [self.cursor_row, top, top + self._visible_rows - 1],
            middle=top + self._visible_rows // 2,
        )
        self._layout_changed()
        if (self.cursor_row, self.current_row()) != before:
            self.post_message(self.RowHighlighted(self, self.cursor_row, self.current_row()))
        self._rows_changed()

    def set_row_count(self, count: int) -> None:
        """The exact number of matching rows."""
        self.row_pages.set_count(count)
        self._layout_changed()
        self.cursor_row = self.cursor_row  # within the count
        self._rows_changed()

    def row_at(self, index: int) -> DirectiveRow | None:
        """The row at ``index``, None when its page is not loaded."""
        return self.row_pages.row_at(index)

    def current_row(self) -> DirectiveRow | None:
        """The highlighted row; None on an empty table or a placeholder."""
        return self.row_pages.row_at(self.cursor_row)

    @property
    def cursor_on_placeholder(self) -> bool:
        """The cursor is on a row whose page has not arrived yet."""
        return self.row_count > 0 and self.current_row() is None

    def cells_at(self, index: int) -> list[Text]:
        """The cells of the row at ``index`` as painted (placeholder or not)."""
        row = self.row_at(index)
        if row is None:
            return placeholder_cells(self._placeholder_style())
        return row_cells(row, self._columns)

    async def wait_for_current_row(self, timeout: float = 10.0) -> DirectiveRow | None:
        """The highlighted row once its page has arrived (None: the table is
        empty, or the page did not come within ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while self.row_count:
            arrived = self._arrived
            if (row := self.current_row()) is not None:
                return row
            self._ask_for(self.cursor_row, self.cursor_row)
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), left)
        return None

    def _rows_changed(self) -> None:
        self._arrived.set()
        self._arrived = asyncio.Event()

    def _ask_for(self, first: int, last: int) -> None:
        """Ask the screen for the pages of rows ``first`` to ``last`` not loaded."""
        for offset in self.row_pages.to_ask(first, last):
            self.post_message(self.PageRequested(self, offset))

    # -- cursor ---------------------------------------------------------------------
    def validate_cursor_row(self, value: int) -> int:
        return min(max(value, 0), max(self.row_count - 1, 0))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._select_id = None  # the user moved: no jump when a page arrives
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)
        self._scroll_to_cursor()
        self._ask_for(new - PREFETCH_ROWS, new + PREFETCH_ROWS)
        self.post_message(self.RowHighlighted(self, new, self.current_row()))

    def watch_hover_row(self, old: int, new: int) -> None:
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)

    def _set_cursor_quietly(self, index: int) -> None:
        """Move the cursor without a RowHighlighted (the rows were replaced)."""
        self.set_reactive(DirectiveTable.cursor_row, self.validate_cursor_row(index))
        self._scroll_to_cursor()

    @property
    def _visible_rows(self) -> int:
        return max(self.size.height - 1, 1)  # the header takes a line

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        if self.cursor_row < top:
            top = self.cursor_row
        elif self.cursor_row >= top + self._visible_rows:
            top = self.cursor_row - self._visible_rows + 1
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False, force=True)

    def _keyboard_move(self, index: int) -> None:
        self._show_hover = False
        self.hover_row = -1
        self.cursor_row = index

    def action_cursor_up(self) -> None:
        self._keyboard_move(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self._keyboard_move(self.cursor_row + 1)

    def action_page_up(self) -> None:
        page = self._visible_rows
        self.scroll_to(y=self.scroll_y - page, animate=False, force=True)
        self._keyboard_move(self.cursor_row - page)

    def action_page_down(self) -> None:
        page = self._visible_rows
        self.scroll_to(y=self.scroll_y + page, animate=False, force=True)
        self._keyboard_move(self.cursor_row + page)

    def action_first_row(self) -> None:
        self._keyboard_move(0)

    def action_last_row(self) -> None:
        self._keyboard_move(self.row_count - 1)

    def action_select_cursor(self) -> None:
        if self.row_count:
            self.post_message(self.RowSelected(self, self.cursor_row, self.current_row()))

    # -- mouse ------------------------------------------------------------------------
    def _index_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:  # outside, or the header
            return None
        index = round(self.scroll_y) + offset.y - 1
        return index if index < self.row_count else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._show_hover = True
        index = self._index_at(event)
        self.hover_row = -1 if index is None else index

    def on_leave(self) -> None:
        self.hover_row = -1

    def on_click(self, event: events.Click) -> None:
        index = self._index_at(event)
        if index is None:
            return
        event.stop()
        if index == self.cursor_row:
            self.action_select_cursor()
        else:
            self.cursor_row = index

    # -- painting ---------------------------------------------------------------------
    def on_resize(self) -> None:
        self._layout_changed()
        self._scroll_to_cursor()

    def _layout_changed(self) -> None:
        columns = fit_columns(self.size.width, self.row_pages.number_width())
        if columns != self._columns:
            self._columns = columns
            self._segments.clear()
            self._lines.clear()
        self.virtual_size = Size(columns.table_width, self.row_count + 1)
        self.refresh()

    def _placeholder_style(self) -> Style:
        return self.get_component_rich_style("directive-table--placeholder", partial=True)

    def _frame_styles(self) -> tuple[Style, ...]:
        style = self.get_component_rich_style
        return (
            self.rich_style,
            style("directive-table--header"),
            style("directive-table--even-row"),
            style("directive-table--odd-row"),
            style("directive-table--cursor"),
            style("directive-table--hover"),
            self._placeholder_style(),
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        # the component styles once a frame (they follow focus and theme)
        self._styles = self._frame_styles()
        self._missing.clear()
        strips = super().render_lines(crop)
        if self._missing:
            # from the table's own message loop: painting runs in the
            # screen's, and a message the screen sent would stop there
            self.call_later(self._ask_for, min(self._missing), max(self._missing))
        return strips

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        if not self._styles:  # painted outside a frame
            self._styles = self._frame_styles()
        base, header, even, odd, cursor, hover, _placeholder = self._styles
        if y == 0:
            strip = self._line(None, header, Style(), Style(), header=True)
        else:
            index = scroll_y + y - 1
            if index >= self.row_count:
                return Strip.blank(width, base)
            row = self.row_at(index)
            if row is None:
                self._missing.add(index)
            row_style = odd if index % 2 else even
            if index == self.cursor_row:
                # the cursor's colours win over the cells' own (as in DataTable)
                over = cursor
                post = Style.from_color(cursor.color, cursor.bgcolor)
            elif index == self.hover_row and self._show_hover:
                over, post = hover, Style()
            else:
                over, post = Style(), Style()
            strip = self._line(row, row_style, over, post)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _line(
        self, row: DirectiveRow | None, row_style: Style, over: Style, post: Style, header=False
    ) -> Strip:
        """One row (or the header, or a placeholder) as a strip of the
        table's width plus what is left of the widget's, painted in the row's
        style, the cursor's or hover's over it."""
        fill = max(0, self.size.width - self._columns.table_width)
        if header:
            content: tuple = ("header",)
        elif row is None:
            content = ("placeholder", self._styles[-1])
        else:
            content = row_key(row)
        key = (content, row_style, over, post, fill)
        strip = self._lines.get(key)
        if strip is not None:
            return strip
        pre = row_style + over
        segments = [
            Segment(text, pre + style + post if style else pre + post)
            for text, style, _ in self._cell_segments(content, row)
        ]
        segments.append(Segment(" " * fill, pre))
        strip = Strip(segments, self._columns.table_width + fill).simplify()
        if len(self._lines) >= CACHE_SIZE:
            self._lines.clear()
        self._lines[key] = strip
        return strip

    def _cell_segments(self, content: tuple, row: DirectiveRow | None) -> list[Segment]:
        segments = self._segments.get(content)
        if segments is None:
            if content == ("header",):
                cells = header_cells()
            elif row is None:
                cells = placeholder_cells(content[1])
            else:
                cells = row_cells(row, self._columns)
            segments = line_segments(cells, self._columns, self.app.console)
            if len(self._segments) >= CACHE_SIZE:
                self._segments.clear()
            self._segments[content] = segments
        return segments

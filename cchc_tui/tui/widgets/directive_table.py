"""The directives table: one loaded window of rows, columns sized to fit."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import DataTable

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.status import Status
from cchc_tui.services.directives import DirectiveRow
from cchc_tui.tui.widgets.styles import progress_text, shorten, state_text

PADDING = 1  # cells each side of a column
CACHE_SIZE = 2000
"""Rows (and cells) remembered between searches; emptied when full."""
_EMPTY = Text("")


SHORT_STATUS = {
    Status.NOT_STARTED: "Chưa TH",
    Status.IN_PROGRESS: "Đang TH",
    Status.PAUSED: "Tạm dừng",
    Status.DONE: "Hoàn thành",
}


def compact_state(row: DirectiveRow, width: int) -> str:
    """The state label, with the status abbreviated when it does not fit
    ("Chưa TH · Quá hạn"); the detail pane shows it in full."""
    label = row.state_label
    if len(label) <= width or row.status is Status.DONE:
        return label
    return label.replace(row.status.label, SHORT_STATUS[row.status], 1)


class DirectiveTable(DataTable):
    """Rows are the ``rows`` loaded so far (a page at a time); the screen asks
    for more when the cursor nears the end (see ``needs_more``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, cell_padding=PADDING, **kwargs)
        self.directive_rows: list[DirectiveRow] = []
        """The loaded window, in display order."""
        self.has_more = False
        """Whether more rows match than are loaded."""
        self._widths: tuple[int, ...] = ()
        self._cell_cache: dict[tuple, list[Text]] = {}
        """Cells of rows shown before, by content and column widths."""
        self._piece_cache: dict[tuple, list[Segment]] = {}
        """Unstyled segments of cells painted before, by text and width."""
        self._cell_styles: dict[tuple, Style] = {}
        """A cell's style (row, cursor, mouse metadata) by row and column."""
        self._frame_style: Style | None = None
        """The widget's style while a frame is painted."""

    # -- columns ------------------------------------------------------------------
    def _column_widths(self) -> tuple[int, ...]:
        """number, title, lead, deadline, state, progress — fitted to the width."""
        available = max(self.size.width, 60) - 2  # vertical scrollbar
        number = (
            max(3, *(len(str(r.number)) for r in self.directive_rows)) if self.directive_rows else 3
        )
        bar = 10 if available >= 130 else 5 if available >= 96 else 0
        progress = bar + 5 if bar else 7  # room for the header "Tiến độ"
        state = 26 if available >= 130 else 22 if available >= 96 else 17
        deadline = 10
        flexible = available - 6 * 2 * PADDING - number - deadline - state - progress
        title = max(12, flexible * 3 // 5)
        lead = max(10, flexible - title)
        return (number, title, lead, deadline, state, progress)

    def _build_columns(self) -> None:
        self._widths = self._column_widths()
        labels = ("Số", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Tình trạng", "Tiến độ")
        for label, width in zip(labels, self._widths, strict=True):
            self.add_column(label, width=width)

    def _cells(self, row: DirectiveRow) -> list[Text]:
        """The row's cells, shared with earlier searches that showed the same
        directive the same way (typing narrows a search: most rows stay)."""
        key = (
            self._widths,
            row.number,
            row.title,
            tuple(row.lead),
            row.deadline,
            row.status,
            row.timeliness,
            row.progress,
        )
        cells = self._cell_cache.get(key)
        if cells is None:
            if len(self._cell_cache) >= CACHE_SIZE:
                self._cell_cache.clear()
            cells = self._cell_cache[key] = self._make_cells(row)
        return cells

    def _make_cells(self, row: DirectiveRow) -> list[Text]:
        number, title, lead, deadline, state, progress = self._widths
        return [
            Text(str(row.number).rjust(number)),
            Text(shorten(row.title, title)),
            Text(shorten("; ".join(row.lead), lead)),
            Text(format_date(row.deadline, "—")),
            state_text(shorten(compact_state(row, state), state), row.timeliness),
            progress_text(row.progress, row.timeliness, progress - 5 if progress > 7 else 0),
        ]

    def _update_dimensions(self, new_rows) -> None:
        """Every column here has a fixed width and every row one line, so
        new rows need no measuring (DataTable measures each new cell to size
        auto-width columns; for a page of rows that is most of the cost of a
        search keystroke): only the scrollable size changes. Relies on
        DataTable internals of Textual 8 (pinned below 9)."""
        if any(c.auto_width for c in self.columns.values()) or any(
            self.rows[key].auto_height or self.rows[key].label is not None
            for key in new_rows
            if key in self.rows
        ):
            super()._update_dimensions(new_rows)
            return
        width = sum(c.get_render_width(self) for c in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            width + self._row_label_column_width, self._total_row_height + header
        )

    # -- painting ---------------------------------------------------------------------
    def render_lines(self, crop):
        # the widget's style, computed from its ancestors, once a frame rather
        # than once a line as DataTable.render_line does
        self._frame_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None

    def render_line(self, y: int) -> Strip:
        if self.fixed_rows or self._frame_style is None:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        if y >= (self.header_height if self.show_header else 0):
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, self._frame_style)

    def _render_line_in_row(
        self, row_key, line_no, base_style, cursor_location, hover_location
    ) -> tuple[list, list]:
        """The segments of one row, built directly from its cells' text.

        DataTable renders every cell through Rich (Styled(Padding(cell)) and
        ``console.render_lines``), about 1 ms a row, and clears that cache
        whenever the rows are replaced: most of the cost of a search
        keystroke. Here every row is one line, every cell a Text shortened to
        its column: the same segments and styles come from the text's own
        spans. Other cases (labels, fixed columns, taller rows, the cell
        cursor) go to DataTable. Relies on DataTable internals of Textual 8."""
        if (
            self.fixed_columns
            or self.fixed_rows
            or self._should_render_row_labels
            or self.cursor_type != "row"
            or line_no != 0
        ):
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        header = row_key is self._header_row_key
        if header:
            row_index = -1
            cells = [column.label for column in self.ordered_columns]
        else:
            row_index = self._row_locations.get(row_key)
            if row_index is None or self.rows[row_key].height != 1:
                return super()._render_line_in_row(
                    row_key, line_no, base_style, cursor_location, hover_location
                )
            data = self._data[row_key]
            cells = [data.get(column.key) for column in self.ordered_columns]
        padding = self.cell_padding
        console = self.app.console
        widths = [column.get_render_width(self) for column in self.ordered_columns]
        pieces = [
            self._pieces(cell, console, width - 2 * padding)
            for cell, width in zip(cells, widths, strict=True)
        ]
        if None in pieces:  # a cell this shortcut does not paint like Rich
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        row_style = self._get_row_style(row_index, base_style)
        cursor = row_index == cursor_location.row
        hover = row_index == hover_location.row
        component_style, post_style = self._get_styles_to_render_cell(
            header,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        cell_styles = self._cell_styles
        if len(cell_styles) > CACHE_SIZE * 6:
            cell_styles.clear()
        scrollable = []
        for column_index, cell_pieces in enumerate(pieces):
            # the same Style objects from frame to frame: Rich's cache of
            # sums then finds them by identity
            style_key = (row_style, component_style, row_index, column_index)
            pre = cell_styles.get(style_key)
            if pre is None:
                meta = Style.from_meta({"row": row_index, "column": column_index})
                pre = cell_styles[style_key] = row_style + meta + component_style
            scrollable.append(
                [
                    Segment(text, pre + style + post_style if style else pre + post_style)
                    for text, style, _control in cell_pieces
                ]
            )
        table_width = sum(widths)
        # the rest of the width, as DataTable extends it for a row cursor
        extend_style, _ = self._get_styles_to_render_cell(
            header,
            False,
            False,
            hover_location.row == (row_index or 0),
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            False,
            False,
        )
        extend_style = row_style + extend_style
        extend_style += Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        scrollable.append([Segment(" " * max(0, self.size.width - table_width), extend_style)])
        pair: tuple[list, list] = ([], scrollable)
        self._row_render_cache[cache_key] = pair
        return pair

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        """DataTable's, with the component styles from the widget's cache
        (DataTable computes them afresh for every line painted)."""
        if row_index == -1:
            return self.get_component_rich_style("datatable--header")
        if row_index < self.fixed_rows:
            return self.get_component_rich_style("datatable--fixed")
        if self.zebra_stripes:
            return self.get_component_rich_style(
                "datatable--odd-row" if row_index % 2 else "datatable--even-row"
            )
        return base_style

    def _pieces(self, cell, console, inner: int) -> list[Segment] | None:
        """A cell's text as segments with their own styles, cut or padded to
        ``inner`` cells (the column less its padding), with the padding: what
        ``Padding(cell, (0, PADDING))`` renders on one line. None for a cell
        Rich would lay out otherwise (not Text, several lines, justified,
        ellipsis)."""
        if cell is None:
            cell = _EMPTY
        elif isinstance(cell, str):
            cell = Text(cell)
        elif not isinstance(cell, Text):
            return None
        key = (cell.plain, cell.style, tuple(cell.spans), inner)
        pieces = self._piece_cache.get(key)
        if pieces is not None:
            return pieces
        if (
            cell.justify not in (None, "default", "left")
            or cell.overflow not in (None, "fold", "crop")
            or cell.end != "\n"
            or any(c in cell.plain for c in "\n\t\r")
        ):
            return None
        if cell.spans:
            pieces = list(cell.render(console))
        else:
            style = console.get_style(cell.style) if cell.style else None
            pieces = [Segment(cell.plain, style)]
        pieces = Segment.adjust_line_length(pieces, max(0, inner), style=Style())
        if self.cell_padding:
            pad = Segment(" " * self.cell_padding, Style())
            pieces = [pad, *pieces, pad]
        if len(self._piece_cache) >= CACHE_SIZE * 6:
            self._piece_cache.clear()
        self._piece_cache[key] = pieces
        return pieces

    def on_resize(self) -> None:
        if self._column_widths() != self._widths:
            self.show_rows(self.directive_rows, self.has_more, keep_cursor=True)

    # -- rows -----------------------------------------------------------------------
    def show_rows(
        self,
        rows: list[DirectiveRow],
        has_more: bool,
        *,
        select_id: int | None = None,
        keep_cursor: bool = True,
    ) -> None:
        """Replace the rows; the cursor stays on the same directive if it is
        still there (or on ``select_id``), else on the same line."""
        previous = self.current_row()
        target = (
            select_id
            if select_id is not None
            else (previous.id if previous and keep_cursor else None)
        )
        line = self.cursor_row
        self.directive_rows = list(rows)
        self.has_more = has_more
        self.clear(columns=True)
        self._build_columns()
        self.add_rows(self._cells(r) for r in self.directive_rows)
        index = next((i for i, r in enumerate(self.directive_rows) if r.id == target), None)
        if index is None:
            index = min(max(line, 0), max(len(self.directive_rows) - 1, 0)) if keep_cursor else 0
        if self.directive_rows:
            self.move_cursor(row=index, animate=False)

    def append_rows(self, rows: list[DirectiveRow], has_more: bool) -> None:
        """Add the next page below the loaded rows."""
        self.directive_rows.extend(rows)
        self.has_more = has_more
        self.add_rows(self._cells(r) for r in rows)

    def current_row(self) -> DirectiveRow | None:
        if 0 <= self.cursor_row < len(self.directive_rows) and self.row_count:
            return self.directive_rows[self.cursor_row]
        return None

    def needs_more(self, margin: int = 40) -> bool:
        """The cursor is near the end of the loaded rows and more exist."""
        return self.has_more and self.cursor_row >= len(self.directive_rows) - margin

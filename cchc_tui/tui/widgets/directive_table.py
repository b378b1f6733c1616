"""The directives table: one loaded window of rows, columns sized to fit."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widgets import DataTable

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.status import Status
from cchc_tui.services.directives import DirectiveRow
from cchc_tui.tui.widgets.styles import progress_text, shorten, state_text

PADDING = 1  # cells each side of a column


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

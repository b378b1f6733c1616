"""The cells of the directives table: column widths fitted to the terminal,
each row's cells as text, and a row as the segments of one line."""

from __future__ import annotations

from typing import NamedTuple

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.status import Status
from cchc_tui.services.directives import DirectiveRow
from cchc_tui.tui.widgets.styles import progress_text, shorten, state_text

PADDING = 1
"""Cells each side of a column."""
SCROLLBAR = 2
"""Cells kept for the vertical scrollbar."""
LABELS = ("Số", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Tình trạng", "Tiến độ", "Văn bản")
NOTICE_FROM = 110
"""The notice column shows from this many cells (below, the detail pane names it)."""
PLACEHOLDER = "Đang tải…"
"""The title of a row whose page has not arrived yet."""

SHORT_STATUS = {
    Status.NOT_STARTED: "Chưa TH",
    Status.IN_PROGRESS: "Đang TH",
    Status.PAUSED: "Tạm dừng",
    Status.DONE: "Hoàn thành",
}


class Columns(NamedTuple):
    """Widths of the columns, padding excluded (0: not shown)."""

    number: int
    title: int
    lead: int
    deadline: int
    state: int
    progress: int
    notice: int = 0

    @property
    def table_width(self) -> int:
        shown = [w for w in self if w]
        return sum(shown) + 2 * PADDING * len(shown)


def fit_columns(width: int, number_width: int = 3) -> Columns:
    """Columns for a table ``width`` cells wide (at least 60): the title and
    the lead share what the fixed columns leave; the progress bar shows from
    96 cells, wider from 130."""
    available = max(width, 60) - SCROLLBAR
    bar = 10 if available >= 130 else 5 if available >= 96 else 0
    progress = bar + 5 if bar else 7  # room for the header "Tiến độ"
    state = 26 if available >= 130 else 22 if available >= 96 else 17
    deadline = 10
    number = max(3, number_width)
    notice = 10 if available >= NOTICE_FROM else 0
    shown = len(LABELS) - (0 if notice else 1)
    flexible = available - shown * 2 * PADDING - number - deadline - state - progress - notice
    title = max(12, flexible * 3 // 5)
    lead = max(10, flexible - title)
    return Columns(number, title, lead, deadline, state, progress, notice)


def compact_state(row: DirectiveRow, width: int) -> str:
    """The state label, with the status abbreviated when it does not fit
    ("Chưa TH · Quá hạn"); the detail pane shows it in full."""
    label = row.state_label
    if row.days_late:
        for late in (
            f"{label} {row.days_late} ngày",
            f"{SHORT_STATUS[row.status]} · Trễ {row.days_late} ngày",
        ):
            if len(late) <= width:
                return late
    if len(label) <= width or row.status is Status.DONE:
        return label
    return label.replace(row.status.label, SHORT_STATUS[row.status], 1)


def row_cells(row: DirectiveRow, columns: Columns) -> list[Text]:
    """The six cells of ``row``, each cut to its column."""
    return [
        Text(str(row.number).rjust(columns.number)),
        Text(shorten(row.title, columns.title)),
        lead_cell(row, columns.lead),
        Text(format_date(row.deadline, "—")),
        state_text(shorten(compact_state(row, columns.state), columns.state), row.timeliness),
        progress_text(
            row.progress, row.timeliness, columns.progress - 5 if columns.progress > 7 else 0
        ),
        Text(shorten(row.notice_short, columns.notice), style="dim"),
    ]


def lead_cell(row: DirectiveRow, width: int) -> Text:
    """The leads; for a group tracked per member, how many of its members
    have reported first ("3/12 Các xã"), in red while some are overdue."""
    names = "; ".join(row.lead)
    counts = row.members
    if counts is None:
        return Text(shorten(names, width))
    text = Text(f"{counts.reported}/{counts.total}", style="bold red" if counts.overdue else "bold")
    text.append(" " + shorten(names, max(width - len(text.plain) - 1, 1)))
    text.truncate(width)
    return text


def header_cells() -> list[Text]:
    return [Text(label) for label in LABELS]


def placeholder_cells(style: Style) -> list[Text]:
    """A row not loaded yet: "Đang tải…" in the title column."""
    empty = Text("")
    return [empty, Text(PLACEHOLDER, style=style), empty, empty, empty, empty, empty]


def row_key(row: DirectiveRow) -> tuple:
    """What a row's cells are made of: rows with the same key look the same."""
    return (
        row.number,
        row.title,
        tuple(row.lead),
        row.deadline,
        row.status,
        row.timeliness,
        row.progress,
        row.members,
        row.days_late,
        row.notice_short,
    )


def line_segments(cells: list[Text], columns: Columns, console: Console) -> list[Segment]:
    """The cells side by side, each padded to its column: segments carrying
    only the cells' own styles (None for plain text), for the row's style to
    go under them."""
    pad = Segment(" " * PADDING)
    segments: list[Segment] = []
    for cell, width in zip(cells, columns, strict=True):
        if not width:
            continue  # a column not shown at this width
        if cell.spans:
            pieces = list(cell.render(console))
        else:
            pieces = [Segment(cell.plain, console.get_style(cell.style) if cell.style else None)]
        segments.append(pad)
        segments.extend(Segment.adjust_line_length(pieces, width))
        segments.append(pad)
    return segments

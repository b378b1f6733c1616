"""The report handed to every format: columns, rows, and what the page says.

Reports are built by ``cchc_tui.services.reports`` from the store; the format
modules turn one :class:`Report` into bytes and never touch the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from cchc_tui.domain.dates import format_date, long_vn_date

# C0/C1 control characters except tab and newline: an escape sequence in a
# note must not recolour or move the terminal that prints a text report.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Column kinds: how a value is shown and typed in spreadsheets.
TEXT, INT, PERCENT, DATE = "text", "int", "percent", "date"


@dataclass(frozen=True)
class Column:
    """One column of a report table.

    ``width`` is a relative width in characters (text grid, spreadsheet and
    Word column widths). ``join`` set means page formats (txt, md, html,
    docx) show this column inside the previous one, after that separator, so
    that a printed table stays narrow; data formats (csv, json, xlsx) keep
    every column apart.
    """

    key: str
    title: str
    kind: str = TEXT
    width: int = 12
    empty: str = ""
    join: str | None = None
    page_title: str | None = None
    word_mm: float = 0  # column width on the Word page, when it matters


@dataclass
class Section:
    """A titled block of lines after the table (notes, lists)."""

    title: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Everything a format needs; values in ``rows`` are Python values
    (str, int, date or None) keyed by column key, plus extra keys (ids,
    codes, ``timeliness``) that JSON keeps and the others ignore."""

    name: str
    title: str
    columns: list[Column]
    rows: list[dict]
    made_on: datetime
    today: date
    settings: dict[str, str] = field(default_factory=dict)
    intro: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    scope: str = ""
    counts: list[tuple[str, int]] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    @property
    def stamp(self) -> str:
        """The line every export carries: when it was made, which *today*."""
        made = self.made_on.strftime("%H:%M ngày %d/%m/%Y")
        return f"Lập lúc {made}; tình trạng xét theo ngày {format_date(self.today)}."


def cell_text(column: Column, value) -> str:
    """A value as people read it (dd/mm/yyyy dates, 60%)."""
    if value is None or value == "":
        return column.empty
    if column.kind == DATE and isinstance(value, date):
        return format_date(value)
    if column.kind == PERCENT:
        return f"{value}%"
    return str(value)


@dataclass(frozen=True)
class PageColumn:
    """A column of the printed table: one or more report columns joined."""

    title: str
    parts: tuple[Column, ...]

    @property
    def width(self) -> int:
        return sum(c.width for c in self.parts)

    @property
    def word_mm(self) -> float:
        return self.parts[0].word_mm

    @property
    def numeric(self) -> bool:
        return len(self.parts) == 1 and self.parts[0].kind in (INT, PERCENT)

    def text(self, row: dict) -> str:
        out = ""
        for i, column in enumerate(self.parts):
            value = cell_text(column, row.get(column.key))
            if i == 0:
                out = value
            elif value:
                out = f"{out}{column.join}{value}" if out else value
        return out


def page_columns(report: Report) -> list[PageColumn]:
    """The columns of printed tables, joined columns folded in."""
    groups: list[list[Column]] = []
    for column in report.columns:
        if column.join is not None and groups:
            groups[-1].append(column)
        else:
            groups.append([column])
    return [PageColumn(g[0].page_title or g[0].title, tuple(g)) for g in groups]


def page_table(report: Report) -> tuple[list[str], list[list[str]]]:
    """Headers and text cells of the printed table."""
    columns = page_columns(report)
    return [c.title for c in columns], [[c.text(row) for c in columns] for row in report.rows]


def date_line(report: Report) -> str:
    """ "Nghĩa Hành, ngày 27 tháng 11 năm 2026": place from settings, *today*."""
    place = (report.settings.get("place") or "").strip()
    when = long_vn_date(report.today)
    return f"{place}, {when}" if place else when[0].upper() + when[1:]


def printable(text: str) -> str:
    """Text without control characters (tab and newline kept)."""
    return _CONTROLS.sub("", text)

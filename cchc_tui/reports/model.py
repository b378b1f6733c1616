"""The report handed to every format: tables, sections, and what the page says.

Reports are built by ``cchc_tui.services`` from the store; the format modules
turn one :class:`Report` into bytes and never touch the database.

A report has one main :class:`Table` (the rows that csv and json carry; page
formats print it inline, or as a landscape appendix when ``appendix`` is
set) and numbered :class:`Section` blocks, each with paragraphs and
optionally a table of its own. Rows are dicts keyed by column key, with a
few keys that page formats read:

- ``HEADING``: a full-width heading line ("Thông báo kết luận … ngày …")
  grouping the rows after it; data formats skip such rows (they carry the
  notice in a column of their own);
- ``ITEM``: rows sharing it are lines of one item (a directive with several
  leads): page formats show the ``merge`` columns once over those lines;
- ``LEVEL``: 1 indents the row (a group's members), ``STRONG`` makes it bold
  (a group's subtotal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from cchc_tui.domain.dates import format_date, long_vn_date
from cchc_tui.domain.text import visible

# C0/C1 control characters except tab and newline: an escape sequence in a
# note must not recolour or move the terminal that prints a text report.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Column kinds: how a value is shown and typed in spreadsheets.
TEXT, INT, PERCENT, DATE, NUMBER = "text", "int", "percent", "date", "number"

HEADING, ITEM, LEVEL, STRONG = "_heading", "_item", "_level", "_strong"

# Page formats show at most this many characters of one cell; the whole text
# follows the table as a numbered note (a long note never makes a row taller
# than a page, and nothing typed is left out).
CELL_LIMIT = 500


@dataclass(frozen=True)
class Column:
    """One column of a report table.

    ``width`` is the column's width in the text grid, in characters, before
    it is fitted to the page. ``join`` set means page formats (txt, md,
    html, docx) show this column inside the previous one, after that
    separator; data formats (csv, json, xlsx) keep every column apart.
    ``group`` puts columns under one heading in a two-level header ("Đã hoàn
    thành" over "Đúng hạn" and "Quá hạn"). ``page`` False: data formats only.
    """

    key: str
    title: str
    kind: str = TEXT
    width: int = 12
    empty: str = ""
    join: str | None = None
    page_title: str | None = None
    group: str | None = None
    merge: bool = False
    page: bool = True


@dataclass
class Table:
    """Columns and rows, with an optional bold "Tổng cộng" row at the end."""

    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    total: dict | None = None
    name: str = ""  # the sheet's name in xlsx
    empty: str = "(Không có dòng nào.)"

    def data_rows(self) -> list[dict]:
        """The rows without heading lines (what csv, json and xlsx hold)."""
        return [r for r in self.rows if HEADING not in r]


@dataclass
class Section:
    """A titled block: paragraphs, then optionally a table and more
    paragraphs. Level-1 sections are numbered I, II, III…, level-2 ones
    1, 2, 3… inside their level-1 section (``numbered`` False: no number)."""

    title: str
    lines: list[str] = field(default_factory=list)
    table: Table | None = None
    after: list[str] = field(default_factory=list)
    level: int = 1
    numbered: bool = True


@dataclass
class Report:
    """Everything a format needs.

    ``today`` is the date the report is *as of*: states are replayed to it
    and deadlines judged at it; ``made_on`` is when the file was made.
    ``title`` is the subject line under the document kind ("BÁO CÁO").
    """

    name: str
    title: str
    table: Table
    made_on: datetime
    today: date
    settings: dict[str, str] = field(default_factory=dict)
    intro: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    scope: str = ""
    counts: list[tuple[str, int]] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    document_kind: str = "BÁO CÁO"
    symbol: str = "BC-BCĐ"
    # set: the main table is printed as a landscape appendix with these
    # heading lines ("PHỤ LỤC", what it is, "(Kèm theo Báo cáo số …)")
    appendix: list[str] = field(default_factory=list)
    # a letter (công văn): its "V/v …" line and whom it is sent to
    about: str = ""
    addressees: list[str] = field(default_factory=list)
    recipients: list[str] | None = None  # None: the report recipients of the settings
    period: tuple[date, date] | None = None

    @property
    def columns(self) -> list[Column]:
        return self.table.columns

    @property
    def rows(self) -> list[dict]:
        return self.table.rows

    @property
    def stamp(self) -> str:
        """The line every export carries: when it was made, as of which day."""
        made = self.made_on.strftime("%H:%M ngày %d/%m/%Y")
        return f"Lập lúc {made}; số liệu tính đến ngày {format_date(self.today)}."


# -- reading values ----------------------------------------------------------


def number_text(value: float) -> str:
    """92.5 → "92,5"; 90.0 → "90" (Vietnamese decimal comma)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def percent_text(part: int, whole: int) -> str:
    """ "28,6%": one decimal, of ``whole`` (0% when there is nothing)."""
    value = 100 * part / whole if whole else 0.0
    return f"{value:.1f}".replace(".", ",") + "%"


def cell_text(column: Column, value) -> str:
    """A value as people read it (dd/mm/yyyy dates, 60%, 92,5)."""
    if value is None or value == "":
        return column.empty
    if type(value) is str:
        return value
    if column.kind == DATE and isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if column.kind == PERCENT and isinstance(value, int | float):
        return f"{number_text(value)}%"
    if column.kind == NUMBER and isinstance(value, int | float):
        return number_text(value)
    return str(value)


def flat_title(column: Column | PageColumn) -> str:
    """A column's title on one level ("Đã hoàn thành: Đúng hạn"), for
    formats without two-level headers."""
    return f"{column.group}: {column.title}" if column.group else column.title


def printable(text: str) -> str:
    """Text without control characters (tab and newline kept), invisible
    direction marks (U+202E turns "abc" into "cba" on screen) shown as
    ``<U+202E>``."""
    return visible(_CONTROLS.sub("", text))


# -- the printed table -------------------------------------------------------


@dataclass(frozen=True)
class PageColumn:
    """A column of the printed table: one or more report columns joined."""

    title: str
    parts: tuple[Column, ...]

    @property
    def group(self) -> str | None:
        return self.parts[0].group

    @property
    def merge(self) -> bool:
        return self.parts[0].merge

    @property
    def width(self) -> int:
        return sum(c.width for c in self.parts)

    @property
    def numeric(self) -> bool:
        return len(self.parts) == 1 and self.parts[0].kind in (INT, PERCENT, NUMBER)

    def text(self, row: dict) -> str:
        if len(self.parts) == 1:
            column = self.parts[0]
            return cell_text(column, row.get(column.key))
        out = ""
        for i, column in enumerate(self.parts):
            value = cell_text(column, row.get(column.key))
            if i == 0:
                out = value
            elif value:
                out = f"{out}{column.join}{value}" if out else value
        return out


def page_columns(table: Table) -> list[PageColumn]:
    """The columns of printed tables, joined columns folded in."""
    groups: list[list[Column]] = []
    for column in table.columns:
        if not column.page:
            continue
        if column.join is not None and groups:
            groups[-1].append(column)
        else:
            groups.append([column])
    return [PageColumn(g[0].page_title or g[0].title, tuple(g)) for g in groups]


@dataclass
class PageRow:
    """One printed line: its cells, or a heading across the table."""

    cells: list[str]
    heading: str = ""
    level: int = 0
    strong: bool = False
    # for each cell: 0 a cell of its own, n > 1 the first of n merged lines,
    # -1 continued from the line above (merged)
    spans: list[int] = field(default_factory=list)


@dataclass
class PageTable:
    """What page formats print: header, lines, and the notes holding the
    whole text of cells cut at :data:`CELL_LIMIT`."""

    columns: list[PageColumn]
    rows: list[PageRow]
    notes: list[str]

    @property
    def headers(self) -> list[str]:
        return [c.title for c in self.columns]

    def two_level(self) -> bool:
        return any(c.group for c in self.columns)


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a space (never inside a word)."""
    head = text[:limit]
    space = max(head.rfind(" "), head.rfind("\n"))
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:-\n")


def page_table(table: Table, limit: int = CELL_LIMIT) -> PageTable:
    """The printed form of ``table``: joined columns, merged item lines,
    headings, the total row, and long cells moved to numbered notes."""
    columns = page_columns(table)
    notes: list[str] = []
    rows: list[PageRow] = []
    items: list[object] = []  # the item of each row, for merging
    for row in table.rows:
        if HEADING in row:
            rows.append(PageRow([], heading=printable(str(row[HEADING]))))
            items.append(None)
            continue
        cells = []
        for column in columns:
            text = printable(column.text(row))
            if len(text) > limit:
                notes.append(f"({len(notes) + 1}) {column.title} — {_row_label(row)}: {text}")
                text = f"{_cut(text, limit - 40)} … (xem ghi chú ({len(notes)}) dưới bảng)"
            cells.append(text)
        rows.append(PageRow(cells, level=int(row.get(LEVEL) or 0), strong=bool(row.get(STRONG))))
        items.append(row.get(ITEM))
    _merge_items(rows, items, columns)
    if table.total is not None:
        cells = [printable(c.text(table.total)) for c in columns]
        rows.append(PageRow(cells, strong=True, spans=[0] * len(columns)))
    return PageTable(columns, rows, notes)


def _row_label(row: dict) -> str:
    return str(row.get("label") or row.get("agency") or row.get("title") or row.get("stt") or "")


def _merge_items(rows: list[PageRow], items: list[object], columns: list[PageColumn]) -> None:
    """Spans of the merge columns over consecutive lines of one item."""
    for row in rows:
        row.spans = [0] * len(row.cells)
    start = 0
    while start < len(rows):
        end = start + 1
        item = items[start]
        if item is not None:
            while end < len(rows) and items[end] == item:
                end += 1
        if end - start > 1:
            for j, column in enumerate(columns):
                if column.merge:
                    rows[start].spans[j] = end - start
                    for k in range(start + 1, end):
                        rows[k].spans[j] = -1
                        rows[k].cells[j] = ""
        start = end


# -- the page around the tables ----------------------------------------------

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def numbered_title(sections: list[Section], index: int) -> str:
    """The heading of ``sections[index]`` with its number ("II. Tồn tại,
    hạn chế", "2. Kết quả theo cơ quan, đơn vị")."""
    section = sections[index]
    if not section.numbered:
        return section.title
    top = sum(1 for s in sections[: index + 1] if s.level == 1 and s.numbered)
    if section.level == 1:
        return f"{ROMAN[top - 1] if top <= len(ROMAN) else top}. {section.title}"
    sub = 0
    for s in reversed(sections[:index]):
        if s.level == 1:
            break
        if s.numbered:
            sub += 1
    return f"{sub + 1}. {section.title}"


def date_line(report: Report) -> str:
    """ "Nghĩa Hành, ngày 27 tháng 11 năm 2026": place from settings, as-of date."""
    place = (report.settings.get("place") or "").strip()
    when = long_vn_date(report.today)
    return f"{place}, {when}" if place else when[0].upper() + when[1:]


def issuer_lines(report: Report) -> tuple[str, str]:
    """(the body above, the issuing body): by default the organisation over
    the committee (Nghị định 30: cơ quan chủ quản, cơ quan ban hành)."""
    s = report.settings
    issuer = (s.get("report_issuer") or "").strip() or (s.get("committee") or "").strip()
    parent = (s.get("organisation") or "").strip()
    if not issuer:
        issuer, parent = parent, ""
    return (parent if parent != issuer else ""), issuer


def recipients(report: Report) -> list[str]:
    """The "Nơi nhận" lines: "- …;" each, ending with "- Lưu: VT, …"."""
    if report.recipients is not None:
        lines = list(report.recipients)
    else:
        lines = [
            line.strip()
            for line in (report.settings.get("report_recipients") or "").splitlines()
            if line.strip()
        ]
    out = []
    for line in lines:
        line = line.lstrip("-–+ ").rstrip(" ;.,")
        out.append(f"- {line};")
    secretariat = (report.settings.get("secretariat") or "").strip()
    out.append(f"- Lưu: VT{', ' + secretariat if secretariat else ''}.")
    return out


def signer_lines(report: Report) -> tuple[list[str], str]:
    """The signer's title lines (upper case) and name."""
    s = report.settings
    titles = [line.strip().upper() for line in (s.get("signer_title") or "").splitlines()]
    return [t for t in titles if t], (s.get("signer_name") or "").strip()

"""xlsx: a sheet per table (the report's main table, then the tables of its
sections), each with a printed title, a bold frozen header with filters,
numbers stored as numbers, real dates, widths and row heights from the
text, page numbers in the footer; and an information sheet that prints on
one page. openpyxl is imported only here, when this format is asked for."""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import date

from cchc_tui.reports.model import DATE, INT, NUMBER, PERCENT, Report, Table, flat_title, printable
from cchc_tui.reports.tabular import looks_like_formula
from cchc_tui.reports.word_xml import escape

# Fills by timeliness code, on the state columns (Excel's own pale tones).
STATE_FILLS = {
    "overdue": "FFC7CE",
    "due_soon": "FFEB9C",
    "on_track": "DDEBF7",
    "done_on_time": "C6EFCE",
    "done_late": "E2EFDA",
}
STATE_KEYS = ("state", "status", "deadline_state", "timeliness_label", "agency")
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FONT = "Times New Roman"
TITLE_ROWS = 3  # title, as-of line, blank; the header is the row after
MAX_WIDTH = 40
LINE_PT = 15.75  # one line of 12-point text


def sheet_title(text: str, taken: set[str] | None = None) -> str:
    """At most 31 characters, cut at a word, unique in the workbook."""
    text = " ".join(_SHEET_FORBIDDEN.sub(" ", text).split()) or "Báo cáo"
    if len(text) > 31:
        cut = text[:31]
        text = cut[: cut.rfind(" ")] if " " in cut else cut
    name, n = text.strip(" -,"), 2
    while taken is not None and name in taken:
        suffix = f" ({n})"
        name = text[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    if taken is not None:
        taken.add(name)
    return name


def text_cell(cell, text: str) -> None:
    """Text that stays text: never a formula, whatever it starts with."""
    from openpyxl.cell.cell import TYPE_STRING

    cell.value = _ILLEGAL.sub("", text)
    cell.data_type = TYPE_STRING
    if looks_like_formula(text):
        cell.quotePrefix = True  # Excel keeps it text even when re-edited


def put_value(cell, value) -> None:
    """A cell's value: text through `text_cell`, anything else as it is."""
    if isinstance(value, str):
        text_cell(cell, value)
    else:
        cell.value = value


def _lines(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide."""
    room = max(width * 1.1 - 1.5, 1)  # Times New Roman is narrower than the "0" of a width unit
    return sum(max(1, math.ceil(len(part) / room)) for part in text.split("\n")) if text else 1


def _display(column, value) -> str:
    if value is None or value == "":
        return column.empty
    if isinstance(value, date):
        return "00/00/0000"
    if column.kind == PERCENT:
        return f"{value}%"
    return str(value)


def _widths(table: Table, rows: list[dict]) -> list[float]:
    widths: list[float] = []
    for column in table.columns:
        title = flat_title(column)
        low = max((len(w) for w in title.split()), default=4) + 2
        high = low
        for row in rows[:2000]:  # a sample is enough to size a column
            text = _display(column, row.get(column.key))
            for line in text.split("\n"):
                high = max(high, len(line) + 2)
                low = max(low, max((len(w) for w in line.split()), default=0) + 2)
        widths.append(min(max(low, min(high, 30)), MAX_WIDTH))
    return widths


def _sheet(book, sheet, report: Report, table: Table) -> str:
    """The sheet's title, header and settings through openpyxl; its data
    rows as XML text (returned), which :func:`to_xlsx` puts into the saved
    file — openpyxl makes and writes a Python object per cell, several
    seconds for a summary of thousands of lines."""
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(name=FONT, bold=True, size=12)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    columns = table.columns
    rows = table.data_rows()
    widths = _widths(table, rows)
    letters = [get_column_letter(j) for j in range(1, len(columns) + 1)]
    last = letters[-1] if letters else "A"

    title = sheet.cell(row=1, column=1)
    text_cell(title, f"{report.document_kind}: {report.title}".strip(": "))
    title.font = Font(name=FONT, bold=True, size=13)
    when = sheet.cell(row=2, column=1)
    text_cell(when, f"Số liệu tính đến ngày {report.today:%d/%m/%Y}. {report.scope}".strip())
    when.font = Font(name=FONT, italic=True, size=12)

    head = TITLE_ROWS + 1
    for j, (column, width) in enumerate(zip(columns, widths, strict=True), start=1):
        cell = sheet.cell(row=head, column=j)
        text_cell(cell, flat_title(column))
        cell.font = header_font
        cell.alignment = centre
        cell.border = border
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        sheet.column_dimensions[letters[j - 1]].width = width
    sheet.row_dimensions[head].height = LINE_PT * max(
        _lines(flat_title(c), w) for c, w in zip(columns, widths, strict=True)
    )

    styles: dict[tuple, int] = {}

    def style(number_format: str, fill: str | None, strong: bool, quote: bool) -> int:
        """The workbook's index of a data cell style (registered once)."""
        key = (number_format, fill, strong, quote)
        if key not in styles:
            proto = Cell(sheet, row=1, column=1)  # detached: only its style is kept
            proto.font = Font(name=FONT, size=12, bold=strong)
            proto.alignment = wrap
            proto.border = border
            proto.number_format = number_format
            if fill:
                proto.fill = PatternFill("solid", fgColor=fill)
            proto.quotePrefix = quote
            styles[key] = proto.style_id
        return styles[key]

    out: list[str] = []

    def write(i: int, row: dict, strong: bool) -> None:
        tone = STATE_FILLS.get(str(row.get("timeliness") or ""))
        lines = 1
        cells = []
        for letter, column, width in zip(letters, columns, widths, strict=True):
            fill = tone if tone and column.key in STATE_KEYS else None
            ref = f"{letter}{i}"
            value = row.get(column.key)
            if value is None or value == "":
                value = column.empty
            if isinstance(value, bool):
                value = "Có" if value else "Không"
            if column.kind == DATE and isinstance(value, date):
                s_id = style("DD/MM/YYYY", fill, strong, False)
                cells.append(f'<c r="{ref}" s="{s_id}"><v>{_serial(value)}</v></c>')
            elif column.kind == PERCENT and isinstance(value, int | float):
                fmt = "0%" if float(value).is_integer() else "0.0%"
                s_id = style(fmt, fill, strong, False)
                cells.append(f'<c r="{ref}" s="{s_id}"><v>{value / 100!r}</v></c>')
            elif column.kind in (INT, NUMBER) and isinstance(value, int | float):
                s_id = style("General", fill, strong, False)
                cells.append(f'<c r="{ref}" s="{s_id}"><v>{value!r}</v></c>')
            else:
                text = _ILLEGAL.sub("", printable(str(value)))
                s_id = style("General", fill, strong, looks_like_formula(text))
                if text:
                    lines = max(lines, _lines(text, width))
                    cells.append(
                        f'<c r="{ref}" s="{s_id}" t="inlineStr"><is><t xml:space="preserve">'
                        f"{escape(text)}</t></is></c>"
                    )
                else:
                    cells.append(f'<c r="{ref}" s="{s_id}"/>')
        height = LINE_PT * min(lines, 25)
        out.append(f'<row r="{i}" ht="{height:.2f}" customHeight="1">{"".join(cells)}</row>')

    for i, row in enumerate(rows, start=head + 1):
        write(i, row, bool(row.get("_strong")))
    end = head + len(rows)
    if table.total is not None:
        write(end + 1, table.total, True)

    sheet.freeze_panes = f"A{head + 1}"  # a string: no cell made in the data rows
    sheet.auto_filter.ref = f"A{head}:{last}{max(end, head)}"
    sheet.print_title_rows = f"{head}:{head}"
    _page_setup(sheet, report, landscape=True)
    return "".join(out)


def _serial(day: date) -> int:
    """The Excel serial number of a date (1900 date system)."""
    return (day - date(1899, 12, 30)).days


def _page_setup(sheet, report: Report, *, landscape: bool) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    organisation = (report.settings.get("organisation") or "").replace("&", "&&")
    sheet.oddHeader.left.text = organisation
    sheet.oddHeader.right.text = f"Tính đến ngày {report.today:%d/%m/%Y}"
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddFooter.right.text = f"Lập {report.made_on:%d/%m/%Y %H:%M}"


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    taken: set[str] = set()
    tables = [report.table] + [s.table for s in report.sections if s.table is not None]
    data_rows = []
    for index, table in enumerate(tables):
        sheet = book.active if index == 0 else book.create_sheet()
        assert isinstance(sheet, Worksheet)  # a new workbook's first sheet is active
        sheet.title = sheet_title(table.name or report.title, taken)
        data_rows.append(_sheet(book, sheet, report, table))
    _info_sheet(book.create_sheet(sheet_title("Thông tin", taken)), report)
    book.properties.title = report.title
    book.properties.creator = report.settings.get("secretariat") or "cchc-tui"
    book.properties.lastModifiedBy = book.properties.creator
    book.properties.language = "vi-VN"
    made = report.made_on.replace(tzinfo=None, microsecond=0)
    book.properties.created = book.properties.modified = made
    buffer = io.BytesIO()
    book.save(buffer)
    return _with_rows(buffer.getvalue(), data_rows)


_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


def _with_rows(data: bytes, sheets_rows: list[str]) -> bytes:
    """The saved workbook with each data sheet's rows after its header."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if match and int(match.group(1)) <= len(sheets_rows):
                rows = sheets_rows[int(match.group(1)) - 1]
                text = content.decode("utf-8")
                text = _DIMENSION.sub("", text, count=1)  # optional; the rows say it
                if "</sheetData>" in text:
                    text = text.replace("</sheetData>", rows + "</sheetData>", 1)
                else:
                    text = text.replace("<sheetData/>", f"<sheetData>{rows}</sheetData>", 1)
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def _info_sheet(sheet, report: Report) -> None:
    """Title, scope, when made, as of which day, counts, narrative; one page."""
    from openpyxl.styles import Alignment, Font

    lines: list[tuple[str, object]] = [
        ("Báo cáo", report.title),
        ("Cơ quan", report.settings.get("organisation", "")),
        ("Ban Chỉ đạo", report.settings.get("committee", "")),
        ("Phạm vi", report.scope or "Tất cả"),
        ("Lập lúc", report.made_on.replace(microsecond=0, tzinfo=None)),
        ("Số liệu tính đến ngày", report.today),
    ]
    lines += [(label, n) for label, n in report.counts]
    lines += [("", p) for p in report.intro]
    for section in report.sections:
        lines += [(section.title, line) for line in section.lines + section.after]
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, (label, value) in enumerate(lines, start=1):
        head = sheet.cell(row=i, column=1)
        text_cell(head, label)
        head.font = Font(name=FONT, bold=True, size=11)
        head.alignment = wrap
        cell = sheet.cell(row=i, column=2)
        cell.font = Font(name=FONT, size=11)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if isinstance(value, str):
            text_cell(cell, printable(value))
            sheet.row_dimensions[i].height = 15 * max(_lines(value, 95), _lines(label, 24))
        else:
            cell.value = value
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY HH:MM" if label == "Lập lúc" else "DD/MM/YYYY"
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 95
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

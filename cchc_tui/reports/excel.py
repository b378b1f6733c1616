"""xlsx: one data sheet (bold frozen header, filters, widths, wrapped text,
real dates, state colours) and an information sheet. openpyxl is imported
only here, when this format is asked for."""

from __future__ import annotations

import io
import re
from copy import copy
from datetime import date

from cchc_tui.reports.model import DATE, INT, PERCENT, Report
from cchc_tui.reports.tabular import FORMULA_PREFIXES

# Fills by timeliness code, on the state column (Excel's own pale tones).
STATE_FILLS = {
    "overdue": "FFC7CE",
    "due_soon": "FFEB9C",
    "on_track": "DDEBF7",
    "done_on_time": "C6EFCE",
    "done_late": "E2EFDA",
}
STATE_KEYS = ("state", "timeliness_label")
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str) -> str:
    return _SHEET_FORBIDDEN.sub(" ", text)[:31].strip() or "Báo cáo"


def text_cell(cell, text: str) -> None:
    """Text that stays text: never a formula, whatever it starts with."""
    from openpyxl.cell.cell import TYPE_STRING

    cell.value = _ILLEGAL.sub("", text)
    cell.data_type = TYPE_STRING
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True  # Excel keeps it text even when re-edited


def put_value(cell, value) -> None:
    """A cell's value: text through `text_cell`, anything else as it is."""
    if isinstance(value, str):
        text_cell(cell, value)
    else:
        cell.value = value


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(report.title)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(name="Times New Roman", bold=True, size=12)
    body_font = Font(name="Times New Roman", size=12)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")

    for j, column in enumerate(report.columns, start=1):
        cell = sheet.cell(row=1, column=j)
        text_cell(cell, column.title)
        cell.font = header_font
        cell.alignment = centre
        cell.border = border
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        sheet.column_dimensions[get_column_letter(j)].width = min(max(column.width * 1.2, 8), 60)

    # cell styles by (number format, quote prefix, fill): the first cell of
    # each kind is styled through openpyxl, the others get a copy of its
    # style (the same workbook, several times faster on thousands of cells)
    styles: dict[tuple, object] = {}
    for i, row in enumerate(report.rows, start=2):
        tone = STATE_FILLS.get(str(row.get("timeliness") or ""))
        for j, column in enumerate(report.columns, start=1):
            cell = sheet.cell(row=i, column=j)
            value = row.get(column.key)
            if value is None or value == "":
                text_cell(cell, column.empty)
            elif column.kind == DATE and isinstance(value, date):
                cell.value = value
                cell.number_format = "DD/MM/YYYY"
            elif column.kind == PERCENT and isinstance(value, int | float):
                cell.value = value / 100
                cell.number_format = "0%"
            elif column.kind == INT and isinstance(value, int | float):
                cell.value = value
            else:
                text_cell(cell, str(value))
            fill = tone if tone and column.key in STATE_KEYS else None
            key = (cell.number_format, cell.quotePrefix, fill)
            if key in styles:
                cell._style = copy(styles[key])
                continue
            cell.font = body_font
            cell.alignment = wrap
            cell.border = border
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
            styles[key] = copy(cell._style)

    last = get_column_letter(max(len(report.columns), 1))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(len(report.rows) + 1, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    _info_sheet(book.create_sheet("Thông tin"), report, Font)
    book.properties.title = report.title
    book.properties.creator = report.settings.get("secretariat") or "cchc-tui"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _info_sheet(sheet, report: Report, Font) -> None:
    """Title, scope, when made, which *today*, counts, narrative, sections."""
    lines: list[tuple[str, object]] = [
        ("Báo cáo", report.title),
        ("Cơ quan", report.settings.get("organisation", "")),
        ("Ban Chỉ đạo", report.settings.get("committee", "")),
        ("Phạm vi", report.scope or "Tất cả"),
        ("Lập lúc", report.made_on.replace(microsecond=0, tzinfo=None)),
        ("Xét hạn theo ngày", report.today),
    ]
    lines += [(label, n) for label, n in report.counts]
    lines += [("", p) for p in report.intro]
    for section in report.sections:
        lines += [(section.title, line) for line in section.lines]
    for i, (label, value) in enumerate(lines, start=1):
        text_cell(sheet.cell(row=i, column=1), label)
        sheet.cell(row=i, column=1).font = Font(bold=True)
        cell = sheet.cell(row=i, column=2)
        if isinstance(value, str):
            text_cell(cell, value)
        else:
            cell.value = value
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY HH:MM" if label == "Lập lúc" else "DD/MM/YYYY"
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100

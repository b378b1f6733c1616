"""The progress-form workbook an agency fills in (openpyxl, imported lazily).

Sheet "Nhiệm vụ": the agency's open items; sheet "Chỉ tiêu": its
indicators; a very hidden sheet with the sealed identity. Identifying
columns are locked (sheet protection), the columns to fill are unlocked,
yellow, and validated (status drop-down, whole percent 0–100, numbers).
This module knows the layout both ways: writing a form and reading one back.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.status import ROLE_LABELS
from cchc_tui.reports.excel import put_value
from cchc_tui.reports.workbook_safety import MAX_ROWS, check_workbook

TASKS_SHEET = "Nhiệm vụ"
INDICATORS_SHEET = "Chỉ tiêu"
IDENTITY_SHEET = "_dinh_danh"
IDENTITY_COLUMNS = 8
"""Cells read per identity line (its lines hold at most five)."""
HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1

# (key, heading, width, editable)
TASK_COLUMNS = [
    ("id", "Mã NV", 7, False),
    ("number", "Số TT", 6, False),
    ("title", "Nhiệm vụ", 48, False),
    ("role", "Vai trò", 10, False),
    ("deadline", "Thời hạn", 13, False),
    ("state", "Trạng thái hiện tại", 24, False),
    ("progress", "Tiến độ (%)", 10, False),
    ("new_status", "Trạng thái mới", 18, True),
    ("new_progress", "Tiến độ mới (%)", 12, True),
    ("date", "Ngày báo cáo (dd/mm/yyyy)", 14, True),
    ("note", "Ghi chú", 36, True),
    ("evidence", "Tài liệu kiểm chứng", 30, True),
]
INDICATOR_COLUMNS = [
    ("id", "Mã CT", 7, False),
    ("number", "Nhiệm vụ số", 9, False),
    ("name", "Chỉ tiêu", 44, False),
    ("target", "Mục tiêu", 11, False),
    ("latest", "Giá trị gần nhất", 13, False),
    ("latest_date", "Ngày đo gần nhất", 13, False),
    ("value", "Giá trị mới", 12, True),
    ("date", "Ngày đo (dd/mm/yyyy)", 14, True),
    ("source", "Nguồn số liệu, tài liệu kiểm chứng", 36, True),
]
TASK_HEADINGS = {key: heading for key, heading, _, _ in TASK_COLUMNS}
INDICATOR_HEADINGS = {key: heading for key, heading, _, _ in INDICATOR_COLUMNS}
SUPPORT_EDITABLE = {"date", "note", "evidence"}


def task_rows(count: int) -> list[int]:
    return list(range(FIRST_ROW, FIRST_ROW + count))


indicator_rows = task_rows


def _col(columns, key: str) -> int:
    return next(i for i, c in enumerate(columns, start=1) if c[0] == key)


def _lines(text: str, width: int) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide."""
    return max(1, -(-len(text) // max(1, width - 2)))


def _row_height(values: dict, columns) -> float:
    """Rows grow to show wrapped identifying text (editable cells add two
    lines of room to write in)."""
    lines = max(_lines(str(values.get(key) or ""), width) for key, _, width, _ in columns)
    return 15 * max(lines, 2)


# Dates typed into a form: 1/1/2000 to 31/12/2100 (Excel serials). A warning
# rather than a refusal: on a PC whose regional format is not dd/mm/yyyy,
# "20/11/2026" stays text, and the import reads that text as well.
DATE_RANGE = ("36526", "73415")


def _date_validation(DataValidation):
    return DataValidation(
        type="date",
        operator="between",
        formula1=DATE_RANGE[0],
        formula2=DATE_RANGE[1],
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Ngày",
        error="Nhập ngày dạng dd/mm/yyyy, ví dụ 20/11/2026 (từ năm 2000 đến 2100).",
        showInputMessage=True,
        promptTitle="Ngày",
        prompt="Ngày dạng dd/mm/yyyy, ví dụ 20/11/2026. Để trống: ngày nhập phiếu.",
    )


def write_form(form, lines: list[list[str]], signature: str, status_choices: list[str]) -> bytes:
    """The workbook of ``form`` (a services.forms.AgencyForm) as bytes;
    ``lines`` and ``signature`` fill the hidden identity sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

    editable_fill = PatternFill("solid", fgColor="FFF2CC")
    header_fill = PatternFill("solid", fgColor="D9E1F2")
    wrap = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)
    thin = Side(style="thin", color="999999")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    org = form.settings.get("organisation", "")
    secretariat = form.settings.get("secretariat", "")

    wb = Workbook()
    tasks = wb.active
    assert isinstance(tasks, Worksheet)  # a new workbook has one sheet, active
    tasks.title = TASKS_SHEET
    indicators = wb.create_sheet(INDICATORS_SHEET)

    def prepare(ws, title: str, columns, hint: str) -> None:
        ws["A1"] = title
        ws["A1"].font = Font(bold=True, size=13)
        ws["A2"] = f"Cơ quan, đơn vị: {form.agency}"
        ws["A2"].font = Font(bold=True)
        ws["A3"] = (
            f"Phiếu do {secretariat} ({org}) lập ngày {format_date(form.made_on)}; "
            f"mã phiếu {form.form_id[:8]}."
        )
        ws["A4"] = hint
        ws["A4"].font = Font(italic=True)
        for index, (_, heading, width, editable) in enumerate(columns, start=1):
            cell = ws.cell(row=HEADER_ROW, column=index, value=heading)
            cell.font = Font(bold=True)
            cell.fill = editable_fill if editable else header_fill
            cell.border = grid
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[get_column_letter(index)].width = width
        last = get_column_letter(len(columns))
        for row in (1, 2, 3, 4):
            ws.merge_cells(f"A{row}:{last}{row}")
            ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[4].height = 15 * _lines(hint, sum(c[2] for c in columns))
        ws.row_dimensions[HEADER_ROW].height = 30
        ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1)
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False

    prepare(
        tasks,
        "PHIẾU BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ",
        TASK_COLUMNS,
        "Chỉ điền các cột nền vàng. Trạng thái mới chọn trong danh sách; tiến độ là số nguyên "
        "0–100; ngày dạng dd/mm/yyyy (để trống: ngày nhập phiếu). Không thêm, xóa, đổi thứ tự dòng.",
    )
    prepare(
        indicators,
        "SỐ LIỆU CHỈ TIÊU",
        INDICATOR_COLUMNS,
        "Điền giá trị mới (số, ví dụ 92,5), ngày đo và nguồn số liệu vào các cột nền vàng.",
    )

    status_list = DataValidation(
        type="list",
        formula1='"' + ",".join(status_choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Trạng thái",
        error="Chọn một trạng thái trong danh sách.",
    )
    percent = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tiến độ",
        error="Tiến độ là số nguyên từ 0 đến 100.",
    )
    number = DataValidation(
        type="decimal",
        allow_blank=True,
        operator="between",
        formula1="-1000000000",
        formula2="1000000000",
        showErrorMessage=True,
        errorTitle="Giá trị",
        error="Nhập một số (ví dụ 92,5).",
    )
    dates = {ws: _date_validation(DataValidation) for ws in (tasks, indicators)}
    for dv in (status_list, percent):
        tasks.add_data_validation(dv)
    indicators.add_data_validation(number)
    for ws, dv in dates.items():
        ws.add_data_validation(dv)
    status_list.promptTitle, status_list.prompt = "Trạng thái mới", "Chọn trong danh sách."
    percent.promptTitle, percent.prompt = "Tiến độ mới", "Số nguyên từ 0 đến 100."
    number.promptTitle, number.prompt = "Giá trị mới", "Một số, ví dụ 92,5."
    for dv in (status_list, percent, number):
        dv.showInputMessage = True

    for row, task in zip(task_rows(len(form.tasks)), form.tasks, strict=True):
        values = {
            "id": task.directive_id,
            "number": task.number,
            "title": task.title,
            "role": ROLE_LABELS[task.role],
            "deadline": task.deadline or (task.deadline_text or "Thường xuyên"),
            "state": task.state,
            "progress": task.progress,
        }
        for index, (key, _, _, editable) in enumerate(TASK_COLUMNS, start=1):
            cell = tasks.cell(row=row, column=index)
            put_value(cell, values.get(key))
            cell.alignment = wrap
            cell.border = grid
            if key in ("deadline", "date"):
                cell.number_format = "DD/MM/YYYY"
            if editable and (task.role != "support" or key in SUPPORT_EDITABLE):
                cell.protection = unlocked
                cell.fill = editable_fill
        tasks.row_dimensions[row].height = _row_height(values, TASK_COLUMNS)
        dates[tasks].add(tasks.cell(row=row, column=_col(TASK_COLUMNS, "date")))
        if task.role != "support":
            status_list.add(tasks.cell(row=row, column=_col(TASK_COLUMNS, "new_status")))
            percent.add(tasks.cell(row=row, column=_col(TASK_COLUMNS, "new_progress")))

    for row, item in zip(indicator_rows(len(form.indicators)), form.indicators, strict=True):
        values = {
            "id": item.indicator_id,
            "number": item.directive_number,
            "name": item.name,
            "target": item.target,
            "latest": item.latest,
            "latest_date": item.latest_date,
        }
        for index, (key, _, _, editable) in enumerate(INDICATOR_COLUMNS, start=1):
            cell = indicators.cell(row=row, column=index)
            put_value(cell, values.get(key))
            cell.alignment = wrap
            cell.border = grid
            if key in ("latest_date", "date"):
                cell.number_format = "DD/MM/YYYY"
            if editable:
                cell.protection = unlocked
                cell.fill = editable_fill
        indicators.row_dimensions[row].height = _row_height(values, INDICATOR_COLUMNS)
        number.add(indicators.cell(row=row, column=_col(INDICATOR_COLUMNS, "value")))
        dates[indicators].add(indicators.cell(row=row, column=_col(INDICATOR_COLUMNS, "date")))

    identity = wb.create_sheet(IDENTITY_SHEET)
    for line in [*lines, ["chu_ky", signature]]:
        identity.append(line)
    for row in identity.iter_rows():
        for cell in row:
            cell.data_type = "s"
    identity.sheet_state = "veryHidden"
    identity.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class FilledForm:
    """What a returned workbook holds: the identity lines (text), the
    signature, and the cells of each data row by column key."""

    lines: list[list[str]]
    signature: str
    tasks: dict[int, dict] = field(default_factory=dict)
    indicators: dict[int, dict] = field(default_factory=dict)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_form(path: str | Path) -> FilledForm:
    """Read a returned form. Raises ValidationError (field "file") for a
    file that is not a workbook, not a cchc-tui form, too big, or malformed
    in any way (the file came from outside: every parsing failure is bad
    input, never a crash). Read streaming, at most ``MAX_ROWS`` rows a sheet."""
    from openpyxl import load_workbook

    name = Path(path).name
    check_workbook(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure to parse outside input
        raise ValidationError(
            f"Tệp {name} không đọc được như một bảng tính Excel (.xlsx): {_why(exc)}.", "file"
        ) from None
    try:
        return _read_sheets(wb, name)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed sheet of outside input
        raise ValidationError(
            f"Tệp {name} có nội dung hỏng, không đọc được: {_why(exc)}.", "file"
        ) from None
    finally:
        wb.close()


def _why(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:160]
    return text or type(exc).__name__


def _limited_rows(ws, name: str, **bounds) -> list[tuple]:
    min_row = bounds.pop("min_row", 1)
    rows = list(
        ws.iter_rows(min_row=min_row, max_row=min_row + MAX_ROWS, values_only=True, **bounds)
    )
    if len(rows) > MAX_ROWS and any(v is not None for v in rows[-1]):
        raise ValidationError(
            f"Tệp {name}: trang «{ws.title}» có hơn {MAX_ROWS:,} dòng; phiếu báo cáo không "
            "lớn như vậy (tệp bị sửa hoặc không phải phiếu).".replace(",", "."),
            "file",
        )
    return rows[:MAX_ROWS]


def _read_sheets(wb, name: str) -> FilledForm:
    if IDENTITY_SHEET not in wb.sheetnames or TASKS_SHEET not in wb.sheetnames:
        raise ValidationError(
            f"Tệp {name} không phải phiếu báo cáo tiến độ do cchc-tui lập (thiếu trang định danh).",
            "file",
        )
    lines = []
    for row in _limited_rows(wb[IDENTITY_SHEET], name, max_col=IDENTITY_COLUMNS):
        cells = [_text(v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            lines.append(cells)
    signature = ""
    if lines and lines[-1][0] == "chu_ky":
        signature = lines.pop()[1] if len(lines[-1]) > 1 else ""
    filled = FilledForm(lines=lines, signature=signature)
    for sheet, columns, target in (
        (TASKS_SHEET, TASK_COLUMNS, filled.tasks),
        (INDICATORS_SHEET, INDICATOR_COLUMNS, filled.indicators),
    ):
        if sheet not in wb.sheetnames:
            continue
        rows = _limited_rows(wb[sheet], name, min_row=FIRST_ROW, max_col=len(columns))
        for index, row in enumerate(rows):
            values = dict(zip([c[0] for c in columns], row, strict=False))
            target[FIRST_ROW + index] = values
    return filled


def cell_date(value) -> date | str | None:
    """A date cell as a date when Excel stored one, else its text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return value

"""Reading filled progress forms back (import-updates).

A form is refused whole when it comes from another database or its
identity sheet was changed. Otherwise every row is checked on its own:
valid rows of one file are applied in one transaction, as updates and
measurements of the form's agency; invalid rows are listed with their row
and column and nothing of them is written; a row whose directive (or
indicator) changed since the form was made is a conflict, skipped unless
forced with a note. Each applied row carries an origin key, so importing
the same file again adds nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cchc_tui.domain.dates import format_date, from_iso, parse_date
from cchc_tui.domain.errors import UserError, ValidationError
from cchc_tui.domain.status import parse_progress, parse_status
from cchc_tui.domain.text import clean, nfc
from cchc_tui.reports import form_xlsx
from cchc_tui.reports.form_xlsx import INDICATOR_HEADINGS, TASK_HEADINGS
from cchc_tui.services.agencies import agency_by_id
from cchc_tui.services.forms import (
    FORM_FORMAT,
    INDICATOR_KIND,
    OLD_FORM_FORMATS,
    ROW_HEADER,
    TASK_KIND,
    database_identity,
    is_sealed,
)
from cchc_tui.services.history import describe_changes
from cchc_tui.services.indicators import format_number, parse_value, record_measurement
from cchc_tui.services.updates import record_update
from cchc_tui.store.database import Store

# service field codes -> the form column they come from
_TASK_FIELDS = {
    "status": "new_status",
    "progress": "new_progress",
    "date": "date",
    "note": "note",
    "evidence": "evidence",
    "agency": "id",
    "id": "id",
}
_INDICATOR_FIELDS = {"value": "value", "date": "date", "agency": "id", "id": "id"}


@dataclass
class RowProblem:
    """An invalid row: not applied."""

    sheet: str
    row: int
    column: str
    message: str

    def text(self) -> str:
        return f"Trang «{self.sheet}», dòng {self.row}, cột «{self.column}»: {self.message}"

    def to_json(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class RowChange:
    """A row that changes something (applied, conflicting or already in)."""

    sheet: str
    row: int
    subject: str
    summary: str
    record_id: int | None = None
    forced: bool = False

    def text(self) -> str:
        mark = " (xác nhận ghi dù có xung đột)" if self.forced else ""
        return f"Dòng {self.row} · {self.subject}: {self.summary}{mark}"

    def to_json(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "subject": self.subject,
            "summary": self.summary,
            "id": self.record_id,
            "forced": self.forced,
        }


@dataclass
class ImportResult:
    """What reading one file did (or, with dry_run, would do)."""

    file: str
    agency: str
    form_id: str
    made_on: date | None
    dry_run: bool
    applied: list[RowChange] = field(default_factory=list)
    invalid: list[RowProblem] = field(default_factory=list)
    conflicts: list[RowChange] = field(default_factory=list)
    already: list[RowChange] = field(default_factory=list)
    blank: int = 0

    @property
    def clean(self) -> bool:
        return not self.invalid and not self.conflicts

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "agency": self.agency,
            "form_id": self.form_id,
            "made_on": self.made_on.isoformat() if self.made_on else None,
            "dry_run": self.dry_run,
            "applied": [c.to_json() for c in self.applied],
            "invalid": [p.to_json() for p in self.invalid],
            "conflicts": [c.to_json() for c in self.conflicts],
            "already_imported": [c.to_json() for c in self.already],
            "blank_rows": self.blank,
        }


def result_lines(r: ImportResult) -> list[str]:
    """What an import did (or would do), for people: applied rows, invalid
    rows, conflicts, rows already imported, blank rows."""
    verb = "Sẽ ghi" if r.dry_run else "Đã ghi"
    lines = [f"Phiếu {r.file} — {r.agency} (mã {r.form_id[:8]})"]
    lines.append(f"  {verb} {len(r.applied)} dòng" + (":" if r.applied else "."))
    lines += ["    " + change.text() for change in r.applied]
    if r.invalid:
        lines.append(f"  Dòng lỗi, không ghi ({len(r.invalid)}):")
        lines += ["    " + problem.text() for problem in r.invalid]
    if r.conflicts:
        lines.append(f"  Xung đột, bỏ qua ({len(r.conflicts)}):")
        lines += ["    " + change.text() for change in r.conflicts]
    if r.already:
        rows = ", ".join(f"{c.sheet} dòng {c.row}" for c in r.already)
        lines.append(f"  Đã nhập trước đó, bỏ qua ({len(r.already)}): {rows}")
    if r.blank:
        lines.append(f"  Dòng không điền: {r.blank}")
    if r.dry_run:
        lines.append("  (Xem trước: chưa ghi gì vào cơ sở dữ liệu.)")
    return lines


@dataclass
class _Pending:
    kind: str
    sheet: str
    row: int
    ref_id: int
    origin_key: str
    subject: str
    values: dict
    forced: bool = False


class _Rollback(Exception):
    """Ends a dry run's transaction without keeping anything."""


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, "file")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    return nfc("" if value is None else str(value)).strip()


def _read_identity(lines: list[list[str]], name: str) -> tuple[dict, list[list[str]]]:
    """Split the identity lines into the key/value head and the row table."""
    head: dict[str, str] = {}
    for index, line in enumerate(lines):
        if line == ROW_HEADER:
            return head, lines[index + 1 :]
        if len(line) == 2:
            head[line[0]] = line[1]
        else:
            break
    raise _refuse(f"Trang định danh của phiếu {name} đã bị sửa hoặc hỏng; không nhập phiếu này.")


def _parse_date_cell(value, today: date, heading: str) -> date:
    value = form_xlsx.cell_date(value)
    if _blank(value):
        return today
    if isinstance(value, date):
        return value
    return parse_date(_text(value), heading)


def import_form(
    store: Store,
    path: str | Path,
    *,
    today: date,
    dry_run: bool = False,
    force: bool = False,
    note: str = "",
    by: str | None = None,
) -> ImportResult:
    """Read one filled form and apply its valid rows (see module doc).
    Raises ValidationError (field "file") when the file is refused whole."""
    name = Path(path).name
    note = clean(note or "")
    if force and not note:
        raise ValidationError("Ghi đè xung đột cần ghi lý do.", "note")
    filled = form_xlsx.read_form(path)
    head, entries = _read_identity(filled.lines, name)
    if head.get("dinh_dang") not in (FORM_FORMAT, *OLD_FORM_FORMATS):
        raise _refuse(f"Tệp {name} không phải phiếu báo cáo tiến độ của cchc-tui phiên bản này.")
    identity = database_identity(store)
    if head.get("ma_csdl") != identity["uuid"]:
        raise _refuse(
            f"Phiếu {name} được lập từ một cơ sở dữ liệu khác (mã {head.get('ma_csdl') or '?'}), "
            "không phải tệp đang mở; không nhập phiếu này."
        )
    if not is_sealed(identity["secret"], filled.lines, filled.signature):
        raise _refuse(
            f"Trang định danh của phiếu {name} đã bị sửa (chữ ký không khớp); không nhập phiếu này. "
            "Hãy lập phiếu mới gửi cơ quan."
        )
    try:
        agency_id = int(head["ma_co_quan"])
        form_id = head["ma_phieu"]
    except (KeyError, ValueError):
        raise _refuse(f"Trang định danh của phiếu {name} thiếu mã cơ quan hoặc mã phiếu.") from None
    agency = agency_by_id(store, agency_id)
    if agency is None:
        raise _refuse(f"Cơ quan của phiếu {name} ({head.get('co_quan')}) không còn trong danh mục.")
    result = ImportResult(
        file=str(path),
        agency=agency["name"],
        form_id=form_id,
        made_on=from_iso(head.get("ngay_lap")),
        dry_run=dry_run,
    )
    source = f"Phiếu {form_id[:8]} ({name})" + (f"; xác nhận xung đột: {note}" if force else "")
    try:
        with store.transaction():
            # versions and earlier imports are read under the write lock: a
            # save committed meanwhile is a conflict, never overwritten, and
            # a second import of the same form finds the first one's rows
            pending = _check_rows(store, filled, entries, head, agency["id"], today, force, result)
            for item in pending:
                _apply(store, item, agency["id"], agency["name"], today, by, source, result)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result


def _current_version(store, ref_id: int, role: str, agency_id: int, head: dict) -> int | None:
    """The version a task row is checked against, as the form's format has
    it: the unit's own (a lead or member) in forms of this version, the
    directive's for a support and in forms made by the first version. An
    old form's lead row also conflicts when its unit changed after the form
    was made (updates no longer change the directive's version)."""
    directive = store.row("SELECT version FROM directives WHERE id = ?", [ref_id])
    if directive is None:
        return None
    if role == "support":
        return directive["version"]
    unit = store.row(
        "SELECT version, updated_at FROM assignments WHERE directive_id=? AND agency_id=? "
        "AND role IN ('lead', 'member') AND removed=0",
        [ref_id, agency_id],
    )
    if head.get("dinh_dang") == FORM_FORMAT:
        return unit["version"] if unit else None
    if unit and unit["updated_at"] > head.get("luc_lap", ""):
        return -1  # changed since the form was made: never equal to the form's
    return directive["version"]


def _check_rows(store, filled, entries, head, agency_id, today, force, result) -> list[_Pending]:
    """Parse every row; invalid, blank, already imported and conflicting
    rows go into ``result``; the rest are returned to be applied."""
    form_id = head["ma_phieu"]
    pending = []
    for entry in entries:
        if len(entry) < 4 or entry[0] not in (TASK_KIND, INDICATOR_KIND):
            raise _refuse("Trang định danh của phiếu có dòng không hợp lệ; không nhập phiếu này.")
        try:
            kind, row, ref_id, version = entry[0], int(entry[1]), int(entry[2]), int(entry[3])
        except ValueError:
            raise _refuse(
                "Trang định danh của phiếu có dòng không hợp lệ; không nhập phiếu này."
            ) from None
        role = entry[4] if len(entry) > 4 else ""
        if kind == TASK_KIND:
            sheet, headings = form_xlsx.TASKS_SHEET, TASK_HEADINGS
            cells = filled.tasks.get(row, {})
            editable: tuple[str, ...] = ("new_status", "new_progress", "date", "note", "evidence")
        else:
            sheet, headings = form_xlsx.INDICATORS_SHEET, INDICATOR_HEADINGS
            cells = filled.indicators.get(row, {})
            editable = ("value", "date", "source")
        if _text(cells.get("id")) != str(ref_id):
            result.invalid.append(
                RowProblem(
                    sheet,
                    row,
                    headings["id"],
                    f"ô mã phải là {ref_id}; dòng đã bị thêm, xóa hoặc đổi thứ tự so với phiếu gốc.",
                )
            )
            continue
        if all(_blank(cells.get(key)) for key in editable):
            result.blank += 1
            continue
        problems: list[RowProblem] = []

        def check(
            key, parse, cells=cells, sheet=sheet, headings=headings, row=row, problems=problems
        ):
            try:
                return parse(cells.get(key))
            except UserError as exc:
                problems.append(RowProblem(sheet, row, headings[key], exc.message))
                return None

        if kind == TASK_KIND:
            values = {
                "status": check(
                    "new_status", lambda v: None if _blank(v) else parse_status(_text(v))
                ),
                "progress": check("new_progress", _parse_percent),
                "on": check("date", lambda v: _parse_date_cell(v, today, "date")),
                "note": _text(cells.get("note")),
                "evidence": _text(cells.get("evidence")),
                "role": role,
            }
            if role == "support" and (values["status"] or values["progress"] is not None):
                problems.append(
                    RowProblem(
                        sheet,
                        row,
                        headings["new_status" if values["status"] else "new_progress"],
                        "cơ quan phối hợp không báo trạng thái, tiến độ; chỉ ghi chú, tài liệu kiểm chứng.",
                    )
                )
            number = store.value("SELECT number FROM directives WHERE id = ?", [ref_id])
            subject = f"Nhiệm vụ {number if number is not None else ref_id}"
            unit_version = _current_version(store, ref_id, role, agency_id, head)
            current = None if unit_version is None else {"version": unit_version}
            if number is not None and current is None:
                problems.append(
                    RowProblem(
                        sheet,
                        row,
                        headings["id"],
                        "cơ quan không còn thực hiện nhiệm vụ này (đã được bỏ khỏi nhiệm vụ hoặc "
                        "khỏi nhóm); không ghi dòng này.",
                    )
                )
        else:
            values = {
                "value": check(
                    "value", lambda v: parse_value(v) if not _blank(v) else _missing_value()
                ),
                "on": check("date", lambda v: _parse_date_cell(v, today, "date")),
                "source": _text(cells.get("source")),
            }
            current = store.row("SELECT name, version FROM indicators WHERE id = ?", [ref_id])
            subject = f"Chỉ tiêu «{current['name']}»" if current else f"Chỉ tiêu {ref_id}"
        if problems:
            result.invalid.extend(problems)
            continue
        origin_key = f"form:{form_id}:{kind}:{ref_id}"
        table = "updates" if kind == TASK_KIND else "measurements"
        item = _Pending(kind, sheet, row, ref_id, origin_key, subject, values)
        if store.value(f"SELECT id FROM {table} WHERE origin_key = ?", [origin_key]):
            result.already.append(RowChange(sheet, row, subject, "đã nhập từ phiếu này trước đó"))
            continue
        if current is not None and current["version"] != version:
            if not force:
                result.conflicts.append(
                    RowChange(
                        sheet,
                        row,
                        subject,
                        "đã thay đổi trong cơ sở dữ liệu sau khi lập phiếu; bỏ qua "
                        "(chọn Ghi cả dòng xung đột / --force, kèm lý do, để vẫn ghi)",
                    )
                )
                continue
            item.forced = True
        pending.append(item)
    return pending


def _missing_value():
    raise ValidationError("thiếu giá trị mới (một số, ví dụ 92,5).", "value")


def _parse_percent(value) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(
                f"Tiến độ '{format_number(value)}' không hợp lệ: nhập số nguyên từ 0 đến 100.",
                "progress",
            )
        value = int(value)
    return parse_progress(value if isinstance(value, int) else _text(value))


def _apply(store, item: _Pending, agency_id, agency_name, today, by, source, result) -> None:
    v = item.values
    try:
        if item.kind == TASK_KIND:
            lead = v["role"] in ("lead", "member")
            note = v["note"] if lead or not v["note"] else f"{agency_name} (phối hợp): {v['note']}"
            record_id = record_update(
                store,
                item.ref_id,
                today=today,
                on=v["on"],
                status=v["status"] if lead else None,
                progress=v["progress"] if lead else None,
                note=note,
                evidence=v["evidence"],
                agency=agency_id if lead else None,
                by=by,
                source=source,
                origin_key=item.origin_key,
            )
            saved = store.row(
                "SELECT changes, note, evidence FROM updates WHERE id = ?", [record_id]
            )
            parts = [describe_changes(json.loads(saved["changes"]))]
            if saved["note"]:
                parts.append(f"ghi chú: {saved['note']}")
            if saved["evidence"]:
                parts.append(f"kiểm chứng: {saved['evidence']}")
            summary = "; ".join(p for p in parts if p) or "báo cáo"
        else:
            record_id = record_measurement(
                store,
                item.ref_id,
                value=v["value"],
                today=today,
                on=v["on"],
                agency=agency_id,
                source="; ".join(p for p in (v["source"], source) if p),
                by=by,
                origin_key=item.origin_key,
            )
            unit = store.value("SELECT unit FROM indicators WHERE id = ?", [item.ref_id]) or ""
            summary = f"{format_number(v['value'])}{unit} ngày {format_date(v['on'])}"
    except UserError as exc:
        fields = _TASK_FIELDS if item.kind == TASK_KIND else _INDICATOR_FIELDS
        headings = TASK_HEADINGS if item.kind == TASK_KIND else INDICATOR_HEADINGS
        column = headings[fields.get(exc.field or "", "id")]
        result.invalid.append(RowProblem(item.sheet, item.row, column, exc.message))
        return
    result.applied.append(
        RowChange(item.sheet, item.row, item.subject, summary, record_id, forced=item.forced)
    )

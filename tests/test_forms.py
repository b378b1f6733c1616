"""Progress forms: the workbook sent to an agency, and reading it back
(round trip, invalid cells, second import, conflicts, refusals)."""

from __future__ import annotations

import json
from datetime import date, datetime

import openpyxl
import pytest

from cchc_tui.domain.errors import ValidationError
from cchc_tui.reports import form_xlsx
from cchc_tui.services.form_import import import_form
from cchc_tui.services.forms import make_form_workbook
from cchc_tui.services.indicators import get_indicator
from cchc_tui.services.opening import open_database
from cchc_tui.services.updates import record_update
from tests.conftest import TODAY, db_snapshot

AGENCY = "Bộ phận một cửa huyện"
"""Its form: 1 and 6 as a member of "Các cơ quan, đơn vị huyện" (a lead group),
2 as a named lead (with indicators 1 and 2), 4 as a named support, 3 and 7
as a member of that group where it supports."""


def make_form(store, tmp_path, agency=AGENCY, name="phieu.xlsx"):
    form, data = make_form_workbook(store, agency, TODAY)
    path = tmp_path / name
    path.write_bytes(data)
    return form, path


def agency_id(store, name=AGENCY) -> int:
    return store.value("SELECT id FROM agencies WHERE name = ?", [name])


def lead_state(store, directive_id, name=AGENCY):
    return store.row(
        "SELECT status, progress, completed_on FROM assignments WHERE directive_id=? AND agency_id=?",
        [directive_id, agency_id(store, name)],
    )


def fill(path, tasks: dict, indicators: dict | None = None, out=None):
    """Type values into the form as an agency would (cells by row, column key)."""
    wb = openpyxl.load_workbook(path)
    for sheet, columns, values in (
        (form_xlsx.TASKS_SHEET, form_xlsx.TASK_COLUMNS, tasks),
        (form_xlsx.INDICATORS_SHEET, form_xlsx.INDICATOR_COLUMNS, indicators or {}),
    ):
        ws = wb[sheet]
        keys = [c[0] for c in columns]
        for row, cells in values.items():
            for key, value in cells.items():
                ws.cell(row=row, column=keys.index(key) + 1, value=value)
    wb.save(out or path)
    return out or path


# -- the workbook -------------------------------------------------------------------


def test_form_lists_open_lead_and_support_items_and_indicators(fresh_store, tmp_path):
    form, path = make_form(fresh_store, tmp_path)
    assert [(t.number, t.role) for t in form.tasks] == [
        (1, "member"),
        (2, "lead"),
        (3, "support"),
        (4, "support"),
        (6, "member"),
        (7, "support"),
    ]
    assert [i.indicator_id for i in form.indicators] == [1, 2]
    wb = openpyxl.load_workbook(path)
    ws = wb[form_xlsx.TASKS_SHEET]
    headings = [c.value for c in ws[form_xlsx.HEADER_ROW]]
    for heading in ("Số TT", "Nhiệm vụ", "Thời hạn", "Trạng thái hiện tại", "Tiến độ (%)"):
        assert heading in headings
    assert ws.cell(row=6, column=2).value == 1
    assert ws.cell(row=6, column=5).value == datetime(2024, 11, 30)
    assert ws.cell(row=6, column=6).value == "Chưa thực hiện · Quá hạn"
    # identifying columns locked, columns to fill unlocked; the sheet protected
    assert ws.protection.sheet
    assert ws.cell(row=6, column=3).protection.locked
    assert not ws.cell(row=6, column=8).protection.locked
    assert not ws.cell(row=6, column=9).protection.locked
    # a support row reports a note and evidence, not a status
    assert ws.cell(row=8, column=8).protection.locked
    assert not ws.cell(row=8, column=11).protection.locked
    validations = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert "Đang thực hiện" in validations["list"].formula1
    assert (validations["whole"].formula1, validations["whole"].formula2) == ("0", "100")
    assert "H6" in str(validations["list"].sqref) and "I6" in str(validations["whole"].sqref)
    # the date to fill is checked as a date, with a hint (a warning: on a PC set to
    # month/day, "20/11/2026" stays text, which the import reads too)
    dates = validations["date"]
    assert {f"J{r}" for r in range(6, 12)} <= set(str(dates.sqref).split())
    assert dates.errorStyle == "warning" and dates.showInputMessage
    assert "dd/mm/yyyy" in dates.prompt and "dd/mm/yyyy" in dates.error
    assert all(v.showInputMessage and v.prompt for v in validations.values())
    identity = wb[form_xlsx.IDENTITY_SHEET]
    assert identity.sheet_state == "veryHidden"
    cells = {r[0]: r[1] for r in identity.iter_rows(values_only=True) if r[0]}
    assert cells["ma_csdl"] == fresh_store.value("SELECT uuid FROM database_identity")
    assert cells["co_quan"] == AGENCY
    indicators = wb[form_xlsx.INDICATORS_SHEET]
    assert indicators.cell(row=6, column=3).value == "Tỷ lệ số hóa hồ sơ TTHC"
    measured = {dv.type: dv for dv in indicators.data_validations.dataValidation}["date"]
    assert "H6" in str(measured.sqref) and "H7" in str(measured.sqref)
    assert indicators.cell(row=6, column=4).value == "> 90%"


def test_done_items_are_left_out(fresh_store, tmp_path):
    record_update(fresh_store, 5, today=TODAY, agency="Phòng Nội vụ", progress=100)
    form, _ = make_form(fresh_store, tmp_path, "Phòng Nội vụ")
    assert [t.number for t in form.tasks] == [1, 2, 3, 4, 6, 7]


# -- round trip ----------------------------------------------------------------------

FILLED_TASKS = {
    6: {"new_status": "Hoàn thành", "new_progress": 100, "date": "15/11/2026", "evidence": "BC 99"},
    7: {"new_progress": 150},  # out of range
    8: {"note": "Đã cử cán bộ phối hợp"},  # support: a note
    # row 9 left blank
    10: {"new_status": "Hoàn thành", "new_progress": 50},  # breaks a status rule
    11: {"note": "Đã gửi", "date": "31/02/2026"},  # impossible date
}
FILLED_INDICATORS = {
    6: {"value": 92.5, "date": datetime(2026, 11, 20), "source": "BC số 45"},
    7: {"value": "abc"},
}


def test_round_trip_applies_valid_rows_and_reports_invalid_ones(fresh_store, tmp_path):
    store = fresh_store
    _, path = make_form(store, tmp_path)
    fill(path, FILLED_TASKS, FILLED_INDICATORS)
    updates_before = store.value("SELECT count(*) FROM updates")
    result = import_form(store, path, today=TODAY, by="Chuyên viên")

    assert [(c.sheet, c.row) for c in result.applied] == [
        ("Nhiệm vụ", 6),
        ("Nhiệm vụ", 8),
        ("Chỉ tiêu", 6),
    ]
    problems = {(p.sheet, p.row): p for p in result.invalid}
    assert set(problems) == {("Nhiệm vụ", 7), ("Nhiệm vụ", 10), ("Nhiệm vụ", 11), ("Chỉ tiêu", 7)}
    assert problems[("Nhiệm vụ", 7)].column == "Tiến độ mới (%)"
    assert "150" in problems[("Nhiệm vụ", 7)].message
    assert problems[("Nhiệm vụ", 10)].column == "Tiến độ mới (%)"
    assert problems[("Nhiệm vụ", 11)].column == "Ngày báo cáo (dd/mm/yyyy)"
    assert problems[("Chỉ tiêu", 7)].column == "Giá trị mới"
    assert (
        problems[("Nhiệm vụ", 7)]
        .text()
        .startswith("Trang «Nhiệm vụ», dòng 7, cột «Tiến độ mới (%)»")
    )
    assert result.blank == 1 and not result.conflicts

    # valid rows applied, as updates and measurements of that agency
    assert dict(lead_state(store, 1)) == {
        "status": "hoan_thanh",
        "progress": 100,
        "completed_on": "2026-11-15",
    }
    update = store.row("SELECT * FROM updates WHERE directive_id = 1")
    assert update["agency_id"] == agency_id(store) and update["evidence"] == "BC 99"
    assert update["recorded_by"] == "Chuyên viên" and update["origin_key"].startswith("form:")
    support_note = store.row("SELECT * FROM updates WHERE directive_id = 3")
    assert support_note["note"] == f"{AGENCY} (phối hợp): Đã cử cán bộ phối hợp"
    digitisation = get_indicator(store, 1)
    assert (digitisation.latest_value, digitisation.met) == (92.5, True)
    assert digitisation.latest.agency == AGENCY
    assert digitisation.latest_date == date(2026, 11, 20)
    # invalid rows: nothing of them written
    assert store.value("SELECT count(*) FROM updates") == updates_before + 2
    assert dict(lead_state(store, 2))["progress"] == 0
    assert dict(lead_state(store, 6))["status"] == "chua_thuc_hien"
    assert store.value("SELECT count(*) FROM updates WHERE directive_id IN (2, 6, 7)") == 0
    assert store.value("SELECT count(*) FROM measurements WHERE indicator_id = 2") == 0


def test_second_import_adds_nothing(fresh_store, tmp_path, db_path):
    _, path = make_form(fresh_store, tmp_path)
    fill(path, FILLED_TASKS, FILLED_INDICATORS)
    import_form(fresh_store, path, today=TODAY)
    before = db_snapshot(db_path)
    again = import_form(fresh_store, path, today=TODAY)
    assert again.applied == [] and len(again.already) == 3
    assert db_snapshot(db_path) == before


def test_dry_run_shows_changes_and_writes_nothing(fresh_store, tmp_path, db_path):
    _, path = make_form(fresh_store, tmp_path)
    fill(path, FILLED_TASKS, FILLED_INDICATORS)
    before = db_snapshot(db_path)
    preview = import_form(fresh_store, path, today=TODAY, dry_run=True)
    assert len(preview.applied) == 3 and len(preview.invalid) == 4
    assert "Chưa thực hiện 0% → Hoàn thành 100%" in preview.applied[0].summary
    assert db_snapshot(db_path) == before


def test_cli_round_trip_and_exit_codes(cli, fresh_store, tmp_path):
    _, path = make_form(fresh_store, tmp_path)
    fill(path, {6: {"new_progress": 40, "note": "Đang làm"}})
    dry = cli("import-updates", str(path), "--dry-run")
    assert dry.code == 0, dry.err
    assert "Sẽ ghi 1 dòng" in dry.out and "Chưa thực hiện 0% → Đang thực hiện 40%" in dry.out
    done = cli("import-updates", str(path), "--format", "json")
    assert done.code == 0, done.err
    data = json.loads(done.out)
    assert [a["row"] for a in data["files"][0]["applied"]] == [6]
    again = cli("import-updates", str(path))
    assert again.code == 0 and "Đã ghi 0 dòng" in again.out and "Đã nhập trước đó" in again.out
    bad = fill(path, {7: {"new_progress": "nhiều"}}, out=tmp_path / "bad.xlsx")
    result = cli("import-updates", str(bad))
    assert result.code == 2
    assert "dòng 7, cột «Tiến độ mới (%)»" in result.out


# -- conflicts -------------------------------------------------------------------------


def test_conflict_is_skipped_unless_forced_with_a_note(fresh_store, tmp_path, cli, db_path):
    store = fresh_store
    _, path = make_form(store, tmp_path)
    fill(path, {6: {"new_progress": 30}, 7: {"new_progress": 20}})
    # the secretariat records directive 1 by phone after sending the form
    record_update(store, 1, today=TODAY, agency=AGENCY, progress=10, note="Báo qua điện thoại")
    result = cli("import-updates", str(path))
    assert result.code == 2
    assert "Xung đột, bỏ qua (1)" in result.out and "Nhiệm vụ 1" in result.out
    assert dict(lead_state(store, 1))["progress"] == 10
    assert dict(lead_state(store, 2))["progress"] == 20

    before = db_snapshot(db_path)
    no_note = cli("import-updates", str(path), "--force")
    assert no_note.code == 2 and no_note.err.startswith("Lỗi (--note):")
    assert db_snapshot(db_path) == before

    forced = cli("import-updates", str(path), "--force", "--note", "Đã xác nhận với đơn vị")
    assert forced.code == 0, forced.out + forced.err
    assert "xác nhận ghi dù có xung đột" in forced.out
    assert dict(lead_state(store, 1))["progress"] == 30
    source = store.value("SELECT source FROM updates WHERE directive_id = 1 ORDER BY id DESC")
    assert "Đã xác nhận với đơn vị" in source


# -- refusals ----------------------------------------------------------------------------


def test_form_from_another_database_is_refused(fresh_store, tmp_path, cli, db_path):
    other = open_database(tmp_path / "other.db")
    try:
        _, path = make_form(other, tmp_path)
    finally:
        other.close()
    fill(path, {6: {"new_progress": 30}})
    before = db_snapshot(db_path)
    with pytest.raises(ValidationError, match="cơ sở dữ liệu khác") as caught:
        import_form(fresh_store, path, today=TODAY)
    assert caught.value.field == "file"
    result = cli("import-updates", str(path))
    assert result.code == 2 and "cơ sở dữ liệu khác" in result.err
    assert db_snapshot(db_path) == before


@pytest.mark.parametrize(
    ("key", "value"),
    [("ma_co_quan", "8"), ("nguoi_lap", "Người khác"), ("chu_ky", "")],
)
def test_tampered_identity_sheet_is_refused(fresh_store, tmp_path, db_path, key, value):
    _, path = make_form(fresh_store, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[form_xlsx.IDENTITY_SHEET]
    for row in ws.iter_rows():
        if row[0].value == key:
            row[1].value = value
    wb.save(path)
    before = db_snapshot(db_path)
    with pytest.raises(ValidationError, match="đã bị sửa"):
        import_form(fresh_store, path, today=TODAY)
    assert db_snapshot(db_path) == before


def test_changed_row_version_in_identity_is_refused(fresh_store, tmp_path):
    _, path = make_form(fresh_store, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[form_xlsx.IDENTITY_SHEET]
    for row in ws.iter_rows():
        if row[0].value == "nhiem_vu" and row[2].value == "1":
            row[3].value = "99"
    wb.save(path)
    with pytest.raises(ValidationError, match="đã bị sửa"):
        import_form(fresh_store, path, today=TODAY)


def test_files_that_are_not_forms_are_refused(fresh_store, tmp_path):
    text = tmp_path / "note.xlsx"
    text.write_text("không phải bảng tính", encoding="utf-8")
    with pytest.raises(ValidationError, match="không đọc được"):
        import_form(fresh_store, text, today=TODAY)
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(ValidationError, match="không phải phiếu"):
        import_form(fresh_store, plain, today=TODAY)
    with pytest.raises(ValidationError, match="Không tìm thấy"):
        import_form(fresh_store, tmp_path / "missing.xlsx", today=TODAY)


def test_moved_rows_are_reported_not_applied(fresh_store, tmp_path):
    _, path = make_form(fresh_store, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[form_xlsx.TASKS_SHEET]
    ws.protection.sheet = False
    ws["A6"], ws["A7"] = ws["A7"].value, ws["A6"].value  # rows swapped
    ws["I6"] = 40
    wb.save(path)
    result = import_form(fresh_store, path, today=TODAY)
    assert [(p.row, p.column) for p in result.invalid][:1] == [(6, "Mã NV")]
    assert result.applied == []
    assert dict(lead_state(fresh_store, 1))["progress"] == 0


def test_text_that_looks_like_a_formula_stays_text_in_the_form(fresh_store, tmp_path):
    formula = '=HYPERLINK("http://x","y")'
    with fresh_store.transaction() as db:
        db.execute("UPDATE directives SET title=? WHERE id=1", [formula])
    _, path = make_form(fresh_store, tmp_path)
    cell = openpyxl.load_workbook(path)[form_xlsx.TASKS_SHEET].cell(row=6, column=3)
    assert cell.value == formula and cell.data_type == "s" and cell.quotePrefix

"""The TUI's form import screen: preview, apply, refusal, driven with keys."""

from __future__ import annotations

import openpyxl
from textual.widgets import Static

from cchc_tui.services.forms import make_form_workbook
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.form_import import FormImportScreen
from tests.conftest import TODAY, db_snapshot
from tests.test_tui_support import settle

SIZE = (100, 32)


def filled_form(store, tmp_path):
    _, data = make_form_workbook(store, "Phòng Nội vụ", TODAY)
    path = tmp_path / "phieu-noi-vu.xlsx"
    path.write_bytes(data)
    wb = openpyxl.load_workbook(path)
    ws = wb["Nhiệm vụ"]
    ws["I10"] = 60  # row 10: directive 5, where it is a named lead
    ws["K10"] = "Đã trình đề án"
    ws["I11"] = 250
    wb.save(path)
    return path


async def open_screen(app, pilot, path) -> FormImportScreen:
    await settle(app, pilot)
    await app.run_action("import_forms")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, FormImportScreen)
    screen.query_one("#form-path").value = str(path)
    return screen


async def test_preview_then_apply(fresh_store, tmp_path, db_path):
    path = filled_form(fresh_store, tmp_path)
    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, path)
        before = db_snapshot(db_path)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        shown = str(screen.query_one("#import-result", Static).render())
        assert (
            "Sẽ ghi 1 dòng" in shown
            and "Phòng Nội vụ: Chưa thực hiện 0% → Đang thực hiện 60%" in shown
        )
        assert "dòng 11, cột «Tiến độ mới (%)»" in shown
        assert db_snapshot(db_path) == before
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        shown = str(screen.query_one("#import-result", Static).render())
        assert "Đã ghi 1 dòng" in shown
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormImportScreen)
    lead = fresh_store.row(
        "SELECT a.status, a.progress FROM assignments a JOIN agencies g ON g.id = a.agency_id "
        "WHERE a.directive_id = 5 AND g.name = 'Phòng Nội vụ'"
    )
    assert (lead["status"], lead["progress"]) == ("dang_thuc_hien", 60)


async def test_refused_file_says_why(fresh_store, tmp_path, db_path):
    other = tmp_path / "khac.xlsx"
    openpyxl.Workbook().save(other)
    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot, other)
        before = db_snapshot(db_path)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        error = str(screen.query_one("#import-error", Static).render())
        assert "không phải phiếu báo cáo tiến độ" in error
        assert db_snapshot(db_path) == before


async def test_agencies_screen_writes_the_form_and_the_reminder(fresh_store, tmp_path, monkeypatch):
    from textual.widgets import DataTable

    from cchc_tui.tui.screens import export_dialog
    from cchc_tui.tui.screens.agencies import AgenciesScreen

    monkeypatch.setattr(export_dialog, "default_export_folder", lambda: tmp_path)
    app = CchcApp(Session(fresh_store, TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AgenciesScreen)
        names = [a.name for a in screen.agencies]
        screen.query_one("#agencies", DataTable).move_cursor(
            row=names.index("UBND các xã, thị trấn")
        )
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        await pilot.press("p")  # a second form does not replace the first
        await settle(app, pilot)
        await pilot.press("k")
        await settle(app, pilot)
    # a group: a folder with one form per member, twice (nothing replaced)
    folders = sorted(p.name for p in tmp_path.glob("phieu-tien-do_*") if p.is_dir())
    assert folders == [
        "phieu-tien-do_ubnd-cac-xa-thi-tran_27-11-2026",
        "phieu-tien-do_ubnd-cac-xa-thi-tran_27-11-2026-2",
    ]
    forms = sorted((tmp_path / folders[0]).glob("*.xlsx"))
    assert len(forms) == 12
    wb = openpyxl.load_workbook(next(f for f in forms if "hanh-thuan" in f.name))
    assert wb["Nhiệm vụ"]["A2"].value == "Cơ quan, đơn vị: UBND xã Hành Thuận"
    from docx import Document

    reminder = tmp_path / "cong-van-don-doc_ubnd-cac-xa-thi-tran_27-11-2026.docx"
    paragraphs = [p.text for p in Document(str(reminder)).paragraphs]
    assert "Kính gửi: UBND các xã, thị trấn (các đơn vị có tên trong bảng dưới đây)." in paragraphs

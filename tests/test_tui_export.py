"""The TUI's export dialog (x) and brief copy (c), driven with key presses."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import pytest
from docx import Document
from textual.widgets import Input, Select

from cchc_tui.domain.status import Timeliness
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens import export_dialog
from cchc_tui.tui.screens.dialogs import ConfirmDialog
from cchc_tui.tui.screens.export_dialog import ExportDialog
from tests.test_tui_support import messages, settle

SIZE = (100, 32)


async def test_x_writes_the_word_report_and_names_the_full_path(fresh_store, today, documents):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        target = documents / "bao-cao-tien-do-2026-11-27.docx"
        assert dialog.query_one("#path", Input).value == str(target)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportDialog)
        assert str(target) in messages(app)
    doc = Document(str(target))
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Nhiệm vụ")
    assert len(table.rows) == 1 + 17  # the appendix: a line per lead


async def test_format_choice_renames_the_file_and_scope_follows_the_filter(
    fresh_store, today, documents
):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main_screen.set_filter(DirectiveFilter(timeliness=(Timeliness.OVERDUE,)))
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#scope", Select).value == "current"
        dialog.query_one("#format", Select).value = "csv"
        await pilot.pause()
        target = documents / "bao-cao-tien-do-2026-11-27.csv"
        assert dialog.query_one("#path", Input).value == str(target)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["1", "1", "3"]  # directives 1 (two leads) and 3


async def test_existing_file_needs_confirmation(fresh_store, today, documents):
    target = documents / "bao-cao-tien-do-2026-11-27.docx"
    target.write_bytes(b"old")
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # no: nothing written, the dialog stays
        await settle(app, pilot)
        assert target.read_bytes() == b"old"
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportDialog)
    assert target.read_bytes().startswith(b"PK")  # a real .docx now


async def test_bad_choices_are_explained_in_the_dialog(fresh_store, today, documents):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#report", Select).value = "brief"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "chỉ xuất được" in str(dialog.query_one("#export-error").render())
        dialog.query_one("#format", Select).value = "txt"
        dialog.query_one("#path", Input).value = str(documents / "khong-co" / "x.txt")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "không tồn tại" in str(dialog.query_one("#export-error").render())
        assert list(documents.iterdir()) == []


async def test_c_copies_the_brief_and_uses_the_system_command(
    fresh_store, today, tmp_path, monkeypatch
):
    # a stand-in for xclip that keeps what it was given
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    kept = tmp_path / "clipboard.txt"
    fake = bin_dir / "xclip"
    fake.write_text(f"#!/bin/sh\ncat > '{kept}'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(export_dialog.sys, "platform", "linux")
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        text = app.clipboard
        assert "Nhiệm vụ 1:" in text and "Nhiệm vụ 3:" in text and len(text) <= 1000
        assert any("Đã chép tóm tắt" in m and "xclip" in m for m in messages(app))
    assert kept.read_text(encoding="utf-8") == text


async def test_c_without_a_system_command_still_copies(fresh_store, today, monkeypatch):
    monkeypatch.setattr(export_dialog, "clipboard_commands", lambda: [])
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert "Quá hạn (2):" in app.clipboard
        assert any("Đã chép tóm tắt" in m for m in messages(app))


async def test_palette_offers_the_export(fresh_store, today, documents):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"xuat bao cao")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportDialog)


async def _open_dialog(app, pilot) -> ExportDialog:
    await settle(app, pilot)
    await pilot.press("x")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def test_as_of_period_and_texts_reach_the_word_report(fresh_store, today, documents):
    from datetime import date

    from cchc_tui.services.updates import record_update

    record_update(
        fresh_store, 3, today=today, on=date(2026, 11, 20), progress=60, note="Đã trình lần hai"
    )
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open_dialog(app, pilot)
        dialog.query_one("#as-of", Input).focus()
        await pilot.press("home", "ctrl+k", *"20/08/2024")  # clear, then type the day
        await pilot.pause()
        target = documents / "bao-cao-tien-do-2024-08-20.docx"
        assert dialog.query_one("#path", Input).value == str(target)  # the name follows
        dialog.query_one("#findings").focus()
        await pilot.press(*"Chậm báo cáo.")
        dialog.query_one("#proposals").focus()
        await pilot.press(*"Đôn đốc hằng tuần.")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportDialog)
    texts = [p.text for p in Document(str(target)).paragraphs]
    assert "Nghĩa Hành, ngày 20 tháng 8 năm 2024" in [
        p.text
        for t in Document(str(target)).tables[:1]
        for c in t.rows[1].cells
        for p in c.paragraphs
    ]
    assert texts[texts.index("II. Tồn tại, hạn chế") + 1] == "Chậm báo cáo."
    assert texts[texts.index("III. Đề xuất, kiến nghị") + 1] == "Đôn đốc hằng tuần."
    cells = [c.text for t in Document(str(target)).tables for r in t.rows for c in r.cells]
    assert not any("Đã trình lần hai" in c for c in cells)  # recorded after 20/08/2024


async def test_the_worker_reads_on_a_connection_of_its_own(
    fresh_store, today, documents, monkeypatch
):
    import threading

    from cchc_tui.services import reports

    seen = {}
    release = threading.Event()
    real = reports.produce

    def watched(store, request, fmt, **kwargs):
        seen["own"] = store.conn is not fresh_store.conn
        seen["thread"] = threading.current_thread() is not threading.main_thread()
        release.wait(5)
        return real(store, request, fmt, **kwargs)

    monkeypatch.setattr(reports, "produce", watched)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open_dialog(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        status = str(dialog.query_one("#export-status").render())
        assert "Đang lập báo cáo" in status  # it says it is working
        assert dialog.query_one("#export").disabled
        release.set()
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportDialog)
    assert seen == {"own": True, "thread": True}
    assert (documents / "bao-cao-tien-do-2026-11-27.docx").exists()


@pytest.mark.parametrize("debug", [False, True])
async def test_an_unexpected_error_is_one_line_in_the_dialog(
    fresh_store, today, documents, monkeypatch, debug
):
    from cchc_tui.services import reports

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng\nở dòng hai")

    monkeypatch.setattr(reports, "produce", broken)
    app = CchcApp(Session(fresh_store, today), debug=debug)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open_dialog(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is dialog  # still open, and says why
        error = str(dialog.query_one("#export-error").render())
        assert "Lỗi khi xuất báo cáo: RuntimeError: hỏng" in error
        assert ("Traceback" in error) is debug
        if not debug:
            assert "\n" not in error.strip() and "--debug" in error
        assert not dialog.query_one("#export").disabled
    assert list(documents.iterdir()) == []


async def test_a_file_open_in_word_is_retried_then_explained(
    fresh_store, today, documents, monkeypatch
):
    from cchc_tui.services import reports

    tries = []

    def locked(source, target):
        tries.append(target)
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(reports.os, "replace", locked)
    monkeypatch.setattr(reports, "REPLACE_PAUSE_S", 0)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open_dialog(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        error = str(dialog.query_one("#export-error").render())
        assert "Tệp đang mở trong Word/Excel? Đóng tệp rồi xuất lại, hoặc đổi tên" in error
    assert len(tries) == reports.REPLACE_TRIES
    assert list(documents.iterdir()) == []  # the temporary file is gone too


async def test_the_database_itself_is_refused_before_asking_to_overwrite(
    fresh_store, today, documents
):
    from tests.conftest import db_snapshot

    before = db_snapshot(fresh_store.path)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open_dialog(app, pilot)
        dialog.query_one("#format", Select).value = "txt"
        await pilot.pause()
        dialog.query_one("#path", Input).value = str(fresh_store.path)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is dialog  # no "Ghi đè?" question
        assert "Không ghi báo cáo vào" in str(dialog.query_one("#export-error").render())
    assert db_snapshot(fresh_store.path) == before


class _Delivered:
    """What the app handed to Textual's delivery (a browser download in the
    browser mode; Textual's own tests cover the transport)."""

    def __init__(self, app) -> None:
        self.files: list[tuple[bytes, str | None]] = []
        self.texts: list[tuple[str, str]] = []
        app.deliver_binary = self.binary
        app.deliver_text = self.text

    def binary(self, path_or_file, *, save_filename=None, mime_type=None, **_options):
        self.files.append((Path(path_or_file).read_bytes(), save_filename))

    def text(self, file, *, save_filename=None, open_method="download", **_options):
        self.texts.append((file.read(), open_method))


async def test_in_the_browser_the_report_and_the_brief_go_to_the_browser(
    fresh_store, today, documents, monkeypatch
):
    from cchc_tui.session import User
    from cchc_tui.tui.screens import export_dialog

    monkeypatch.setattr(export_dialog, "copy_with_system", lambda text: pytest.fail("clip"))
    user = User("Nguyễn Văn Biên", signed_in=True)
    app = CchcApp(Session(fresh_store, today, user))
    async with app.run_test(size=SIZE) as pilot:
        delivered = _Delivered(app)
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        [(data, name)] = delivered.files
        assert name == "bao-cao-tien-do-2026-11-27.docx" and data[:2] == b"PK"
        assert any("về trình duyệt" in m for m in messages(app))
        await pilot.press("c")
        await settle(app, pilot)
        [(text, how)] = delivered.texts
        assert how == "browser" and "Quá hạn" in text

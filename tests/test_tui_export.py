"""The TUI's export dialog (x) and brief copy (c), driven with key presses."""

from __future__ import annotations

import csv
import io
import os
import stat

import pytest
from docx import Document
from textual.widgets import Input, Select

from cchc_tui.domain.status import Timeliness
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens import export_dialog
from cchc_tui.tui.screens.dialogs import ConfirmDialog
from cchc_tui.tui.screens.export_dialog import ExportDialog
from tests.test_tui_support import settle

SIZE = (100, 32)


@pytest.fixture
def documents(tmp_path, monkeypatch):
    """The "Documents" folder the dialog offers."""
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(export_dialog, "default_export_folder", lambda: folder)
    return folder


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_x_writes_the_word_report_and_names_the_full_path(fresh_store, today, documents):
    app = CchcApp(fresh_store, today)
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
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert len(table.rows) == 1 + 7


async def test_format_choice_renames_the_file_and_scope_follows_the_filter(
    fresh_store, today, documents
):
    app = CchcApp(fresh_store, today)
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
    assert [r[1][:10] for r in rows[1:]] == ["Hoàn thành", "Kế hoạch đ"]  # directives 1 and 3


async def test_existing_file_needs_confirmation(fresh_store, today, documents):
    target = documents / "bao-cao-tien-do-2026-11-27.docx"
    target.write_bytes(b"old")
    app = CchcApp(fresh_store, today)
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
    app = CchcApp(fresh_store, today)
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
    app = CchcApp(fresh_store, today)
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
    app = CchcApp(fresh_store, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert "Quá hạn (2):" in app.clipboard
        assert any("Đã chép tóm tắt" in m for m in messages(app))


async def test_palette_offers_the_export(fresh_store, today, documents):
    app = CchcApp(fresh_store, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"xuat bao cao")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportDialog)

"""What Windows does to our output: stdout translates "\\n" to "\\r\\n" (a CSV
written with CRLF became "\\r\\r\\n"), and clip.exe pastes a BOM it is given."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest

from cchc_tui.cli import main
from cchc_tui.tui.screens import export_dialog


def windows_stdout() -> io.TextIOWrapper:
    """A text stream as Python opens stdout on Windows: "\\n" is written "\\r\\n"."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\r\n")


def run_on(stream, db_path, *args) -> bytes:
    code = main(
        ["--db", str(db_path), "--today", "27/11/2026", *args], out=stream, err=io.StringIO()
    )
    assert code == 0
    stream.flush()
    return stream.buffer.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--format", "csv"),
        ("export", "--report", "summary", "--format", "csv"),
        ("export", "--report", "agencies", "--format", "csv"),
    ],
)
def test_csv_on_windows_stdout_has_one_crlf_per_line(db_path, args):
    data = run_on(windows_stdout(), db_path, *args)
    assert b"\r\r\n" not in data
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line end is CRLF
    assert data.startswith(b"\xef\xbb\xbf")  # Excel still sees UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) > 2 and all(len(row) == len(rows[0]) for row in rows)


def test_csv_on_a_posix_stdout_has_plain_line_ends(db_path):
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n")
    data = run_on(stream, db_path, "export", "--report", "summary", "--format", "csv")
    assert b"\r" not in data
    assert len(data.decode("utf-8-sig").splitlines()) == 18  # header and a line per lead


def test_csv_file_keeps_crlf(db_path, tmp_path):
    target = tmp_path / "bao-cao.csv"
    run_on(windows_stdout(), db_path, "export", "--format", "csv", "-o", str(target))
    data = target.read_bytes()
    assert b"\r\n" in data and b"\r\r\n" not in data


def test_clip_gets_utf16le_without_bom(monkeypatch):
    sent = []
    monkeypatch.setattr(export_dialog, "clipboard_commands", lambda: [["clip"]])
    monkeypatch.setattr(export_dialog.shutil, "which", lambda name: f"C:\\Windows\\{name}.exe")

    def fake_run(command, input, **kwargs):
        sent.append((command, input))
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(export_dialog.subprocess, "run", fake_run)
    text = "Tổng số 7 nhiệm vụ; quá hạn 2"
    assert export_dialog.copy_with_system(text) == "clip"
    command, data = sent[0]
    assert command == ["C:\\Windows\\clip.exe"]
    assert not data.startswith(b"\xff\xfe")  # no BOM: it would paste as U+FEFF
    assert data.decode("utf-16-le") == text


def test_other_clipboard_commands_get_utf8(monkeypatch):
    sent = []
    monkeypatch.setattr(export_dialog, "clipboard_commands", lambda: [["wl-copy"]])
    monkeypatch.setattr(export_dialog.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(
        export_dialog.subprocess,
        "run",
        lambda command, input, **kw: sent.append(input) or subprocess.CompletedProcess(command, 0),
    )
    assert export_dialog.copy_with_system("Đã chép") == "wl-copy"
    assert sent == ["Đã chép".encode()]

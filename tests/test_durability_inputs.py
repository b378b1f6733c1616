"""Ways to lose or spoil records through what the app is given: an export
pointed at the database, saves racing an import, hostile text, spreadsheet
bombs, texts beyond their limits."""

from __future__ import annotations

import json
import os
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cchc_tui.domain.errors import ValidationError
from cchc_tui.reports import form_xlsx
from cchc_tui.services.form_import import import_form
from cchc_tui.services.forms import make_form_workbook
from cchc_tui.services.imports import read_notice, save_reading
from cchc_tui.services.opening import open_database
from cchc_tui.services.updates import record_update
from cchc_tui.store import paths
from cchc_tui.store.database import Store
from tests.conftest import TODAY, db_snapshot, run_cli

NOTICES = Path(__file__).parent / "notices"
AGENCY = "Bộ phận một cửa huyện"  # its form: row 6 is directive 1 (a member of a lead group)


# -- item 1: nothing the app writes replaces its own files -------------------------------


@pytest.mark.parametrize(
    "target",
    ["cchc.db", "cchc.db-wal", "cchc.db-shm", "backups/cchc-2026-11-27.db", "backups"],
)
def test_export_refuses_the_database_and_its_files(db_path, target):
    assert run_cli(db_path, "update", "3", "--progress", "40")[0] == 0
    assert run_cli(db_path, "backup")[0] == 0
    before = db_snapshot(db_path)
    path = db_path.parent / target
    code, out, err = run_cli(
        db_path, "export", "--report", "summary", "--format", "xlsx", "-o", str(path), "--force"
    )
    assert code == 2, (out, err)
    assert "(-o)" in err and "--force" not in err
    assert db_snapshot(db_path) == before
    assert run_cli(db_path, "update", "3", "--progress", "50")[0] == 0  # the file still works


def test_export_through_a_symlink_to_the_database_is_refused(db_path, tmp_path):
    assert run_cli(db_path, "list")[0] == 0
    link = tmp_path / "bao-cao.xlsx"
    link.symlink_to(db_path)
    code, _, err = run_cli(
        db_path, "export", "--format", "xlsx", "-o", str(link), "--force", "--report", "summary"
    )
    assert code == 2 and "tệp dữ liệu đang dùng" in err
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_a_case_variant_of_the_path_is_the_same_file_where_case_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setattr(paths.os.path, "normcase", lambda p: p.lower())  # as on Windows
    db = tmp_path / "Data" / "cchc.db"
    own = paths.owned_by(db, tmp_path / "DATA" / "CCHC.DB")
    assert own is not None and own.kind == "database"
    assert paths.owned_by(db, tmp_path / "data" / "Backups" / "x.docx").kind == "backups"
    assert paths.owned_by(db, tmp_path / "data" / "bao-cao.docx") is None


def test_agency_form_export_refuses_the_database(db_path):
    assert run_cli(db_path, "list")[0] == 0
    code, _, err = run_cli(
        db_path,
        "export",
        "--report",
        "form",
        "--agency",
        AGENCY,
        "--format",
        "xlsx",
        "-o",
        str(db_path),
        "--force",
    )
    assert code == 2 and "tệp dữ liệu" in err


def test_backup_refuses_the_database_and_its_wal(db_path):
    assert run_cli(db_path, "list")[0] == 0
    for target in (db_path.with_name("cchc.db-wal"), db_path.with_name("cchc.db-journal")):
        code, _, err = run_cli(db_path, "backup", str(target))
        assert code == 2, err


# -- item 3: import-updates against a save made meanwhile --------------------------------


def _form_with_progress(store, tmp_path, directive_row: int, progress: int) -> Path:
    form, data = make_form_workbook(store, AGENCY, TODAY)
    path = tmp_path / "phieu.xlsx"
    path.write_bytes(data)
    wb = openpyxl.load_workbook(path)
    keys = [c[0] for c in form_xlsx.TASK_COLUMNS]
    ws = wb[form_xlsx.TASKS_SHEET]
    ws.cell(row=directive_row, column=keys.index("new_progress") + 1, value=progress)
    wb.save(path)
    return path


def _commit_first(monkeypatch, store: Store, write) -> list:
    """Just before ``store`` takes the write lock, another window commits
    ``write`` (the moment the old check-then-write could not see)."""
    real_begin = Store._begin
    done: list = []

    def begin(self):
        if self is store and not done:
            done.append(write())
        real_begin(self)

    monkeypatch.setattr(Store, "_begin", begin)
    return done


def test_a_save_committed_during_a_form_import_is_a_conflict_not_overwritten(
    fresh_store, tmp_path, monkeypatch
):
    path = _form_with_progress(fresh_store, tmp_path, 6, 50)  # row 6: directive 1
    other = open_database(fresh_store.path)
    try:
        done = _commit_first(
            monkeypatch,
            fresh_store,
            lambda: record_update(other, 1, today=TODAY, progress=90, agency=AGENCY),
        )
        result = import_form(fresh_store, path, today=TODAY)
    finally:
        other.close()
    assert done
    assert [c.row for c in result.conflicts] == [6] and result.applied == []
    assert (
        fresh_store.value(
            "SELECT a.progress FROM assignments a JOIN agencies g ON g.id = a.agency_id "
            "WHERE a.directive_id = 1 AND g.name = ?",
            [AGENCY],
        )
        == 90
    )


def test_the_same_form_imported_twice_at_once_applies_once(fresh_store, tmp_path, monkeypatch):
    path = _form_with_progress(fresh_store, tmp_path, 6, 50)
    other = open_database(fresh_store.path)
    try:
        _commit_first(monkeypatch, fresh_store, lambda: import_form(other, path, today=TODAY))
        result = import_form(fresh_store, path, today=TODAY)
    finally:
        other.close()
    assert result.applied == [] and [c.row for c in result.already] == [6]
    assert fresh_store.value("SELECT count(*) FROM updates WHERE origin_key LIKE 'form:%'") == 1


# -- item 4: the same notice imported twice at once ---------------------------------------


def test_two_imports_of_one_notice_at_once_save_it_once(fresh_store, monkeypatch):
    notice = NOTICES / "02-co-quan-gach-dau-dong.txt"
    reading = read_notice(fresh_store, notice)
    other = open_database(fresh_store.path)
    try:
        _commit_first(
            monkeypatch, fresh_store, lambda: save_reading(other, read_notice(other, notice))
        )
        with pytest.raises(ValidationError, match="Đã có văn bản"):
            save_reading(fresh_store, reading)
    finally:
        other.close()
    assert fresh_store.value("SELECT count(*) FROM notices") == 2
    monkeypatch.undo()
    save_reading(fresh_store, reading, force=True)  # --force still works
    assert fresh_store.value("SELECT count(*) FROM notices") == 3


# -- item 10: control characters never reach the terminal ---------------------------------

HOSTILE = "Họp\x1b]0;pwned\x07 \x1b]52;c;ZWNobyBoaQ==\x07\x1b[2J xong\x9b31m \u202eabc\r!"


def _no_controls(text: str) -> None:
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in text, repr(bad)
    assert "\r" not in text.replace("\r\n", "")


def test_cli_shows_control_characters_as_symbols(db_path):
    assert run_cli(db_path, "update", "3", "--note", HOSTILE)[0] == 0
    for args in (
        ("show", "3"),
        ("list", "--format", "csv"),
        ("list",),
        ("export", "--report", "summary", "--format", "txt"),
        ("export", "--report", "history", "--format", "md"),
    ):
        code, out, err = run_cli(db_path, *args)
        assert code == 0, (args, err)
        _no_controls(out)
        _no_controls(err)
    out = run_cli(db_path, "show", "3")[1]
    assert "␛]0;pwned␇" in out and "<U+009B>" in out and "<U+202E>" in out
    # the stored note is kept exactly as typed (JSON escapes it)
    history = json.loads(run_cli(db_path, "show", "3", "--format", "json")[1])["history"]
    assert history[0]["note"] == HOSTILE


def test_an_error_message_echoing_input_is_one_visible_line(db_path):
    code, _, err = run_cli(db_path, "update", "3", "--agency", "x\x1b[2Jy\nz")
    assert code == 2
    assert err.count("\n") == 1 and "\x1b" not in err and "␛[2J" in err


# -- item 11: spreadsheet bombs and malformed workbooks -----------------------------------


def _real_form(store, tmp_path) -> Path:
    _, data = make_form_workbook(store, AGENCY, TODAY)
    path = tmp_path / "phieu.xlsx"
    path.write_bytes(data)
    return path


def _rezip(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, change(item.filename, src.read(item.filename)))
    return target


def test_a_form_with_a_dtd_is_refused_with_a_message(db_path, tmp_path):
    store = open_database(db_path)
    try:
        form = _real_form(store, tmp_path)
    finally:
        store.close()
    entity = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'

    def add_dtd(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/sheet1"):
            body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
            return entity + body
        return data

    bomb = _rezip(form, tmp_path / "dtd.xlsx", add_dtd)
    code, out, err = run_cli(db_path, "import-updates", str(bomb))
    assert code == 2 and "DTD" in err and "Traceback" not in err


def test_a_sheet_of_a_million_rows_is_refused_quickly(db_path, tmp_path):
    store = open_database(db_path)
    try:
        form = _real_form(store, tmp_path)
    finally:
        store.close()
    row = b'<row r="%d"><c r="A%d" t="n"><v>1</v></c></row>'

    def huge(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            head, tail = data.split(b"</sheetData>", 1)
            rows = b"".join(row % (n, n) for n in range(100, 60_000))
            return head + rows + b"</sheetData>" + tail
        return data

    big = _rezip(form, tmp_path / "big.xlsx", huge)
    code, _, err = run_cli(db_path, "import-updates", str(big))
    assert code == 2 and "20.000" in err


def test_a_zip_that_unpacks_to_too_much_is_refused(db_path, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (200 * 1024 * 1024) + b"</a>")
    assert bomb.stat().st_size < 1024 * 1024
    code, _, err = run_cli(db_path, "import-updates", str(bomb))
    assert code == 2 and "quá lớn" in err


def test_a_form_over_10_mb_is_refused(db_path, tmp_path):
    big = tmp_path / "to.xlsx"
    big.write_bytes(os.urandom(11 * 1024 * 1024))
    code, _, err = run_cli(db_path, "import-updates", str(big))
    assert code == 2 and "10 MB" in err


def test_mutated_forms_are_refused_with_a_message_never_a_crash(fresh_store, tmp_path):
    good = _real_form(fresh_store, tmp_path).read_bytes()
    rng = random.Random(20261201)
    outcomes = set()
    for n in range(120):
        data = bytearray(good)
        for _ in range(rng.choice((1, 4, 32))):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if n % 5 == 0:
            data = data[: rng.randrange(len(data))]
        path = tmp_path / f"m{n}.xlsx"
        path.write_bytes(bytes(data))
        try:
            import_form(fresh_store, path, today=TODAY, dry_run=True)
            outcomes.add("read")
        except ValidationError as exc:
            assert exc.field == "file" and "\n" not in exc.message
            outcomes.add("refused")
    assert "refused" in outcomes


# -- item 12: lengths ---------------------------------------------------------------------


def test_a_note_over_4000_characters_is_refused_naming_the_limit(db_path):
    code, _, err = run_cli(db_path, "update", "3", "--note", "x" * 4001)
    assert code == 2 and "(--note)" in err and "4.000" in err
    assert run_cli(db_path, "update", "3", "--note", "x" * 4000)[0] == 0
    code, _, err = run_cli(db_path, "update", "3", "--evidence", "y" * 501)
    assert code == 2 and "(--evidence)" in err and "500" in err


def test_a_setting_over_500_characters_is_refused(db_path):
    code, _, err = run_cli(db_path, "settings", "organisation", "U" * 501)
    assert code == 2 and "500" in err


def test_longer_stored_notes_still_open(db_path):
    assert run_cli(db_path, "list")[0] == 0
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO updates (directive_id, reported_on, note, recorded_at) "
        "VALUES (3, '2026-11-20', ?, '2026-11-20T10:00:00')",
        ["dài " * 5000],
    )
    conn.commit()
    conn.close()
    code, out, _ = run_cli(db_path, "show", "3")
    assert code == 0 and "dài dài" in out


# -- item 13: one line that says what to do ------------------------------------------------


def test_disk_full_on_export_is_one_vietnamese_line(db_path, tmp_path, monkeypatch):
    import errno

    from cchc_tui.services import reports

    assert run_cli(db_path, "list")[0] == 0

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x.docx"))

    monkeypatch.setattr(reports.os, "fdopen", full)
    code, _, err = run_cli(
        db_path, "export", "--format", "docx", "-o", str(tmp_path / "x.docx"), "--report", "summary"
    )
    assert code == 1 and err.startswith("Lỗi: Ổ đĩa đầy") and err.count("\n") == 1
    assert "OSError" not in err and "Errno" not in err

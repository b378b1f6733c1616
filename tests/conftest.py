"""Shared fixtures: a fresh seeded database, *today*, and an in-process CLI."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest

from cchc_tui.cli import main
from cchc_tui.services.opening import open_database

TODAY = date(2026, 11, 27)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def db_path(tmp_path):
    """Path of a new database file (created and seeded on first open)."""
    return tmp_path / "cchc.db"


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    """One seeded database per test session; tests get copies of it (seeding
    a new file each time is most of a small test's run)."""
    path = tmp_path_factory.mktemp("template") / "cchc.db"
    open_database(path).close()  # the last connection merges the -wal into the file
    return path


@pytest.fixture
def fresh_store(db_path, seeded_template):
    """A seeded store on a temporary file (a copy of the session's seeded file)."""
    import shutil

    shutil.copyfile(seeded_template, db_path)
    store = open_database(db_path)
    yield store
    store.close()


DATA = __import__("pathlib").Path(__file__).parent / "data"


def old_file(folder, name: str = "cchc-schema1.db"):
    """A copy of a database as an earlier release wrote it (tests/data):
    ``cchc-schema1.db`` — schema 0001, the sample, an update of 40% on
    directive 2, no indicators; ``cchc-1.0.0.db`` — release 1.0.0 (schema
    0003), the sample, 40% on directive 2 and 30% by "UBND các xã, thị trấn"
    on directive 1."""
    import shutil

    target = folder / name
    shutil.copyfile(DATA / name, target)
    return target


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(db_path):
    """Run the CLI in-process on the test database with --today 27/11/2026."""

    def run(*args: str, today: str = "27/11/2026") -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        code = main(["--db", str(db_path), "--today", today, *args], out=out, err=err)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


def run_cli(db, *args: str, today: str = "27/11/2026") -> tuple[int, str, str]:
    """The CLI in-process on database ``db``: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db), "--today", today, *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def db_snapshot(path) -> dict:
    """Every row of every table, to compare a database before and after."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        conn.close()


@pytest.fixture
def documents(tmp_path, monkeypatch):
    """The "Documents" folder the export dialog offers (a temporary one)."""
    from cchc_tui.tui.screens import export_dialog

    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(export_dialog, "default_export_folder", lambda: folder)
    return folder

"""Schema migrations: the SQL files of `db/`, applied in order with
``sqlite_utils.Migrations`` (each file and its record in one transaction)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_tui.resources import bundled_dir

if TYPE_CHECKING:  # imported when migrating only (start-up time)
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "cchc"


def sql_statements(script: str) -> list[str]:
    """Split a script into complete statements (executescript would commit)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in buffer.splitlines()
    ):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {buffer[:80]!r}")
    return statements


def migration_files() -> list[Path]:
    return sorted(bundled_dir("db").glob("[0-9][0-9][0-9][0-9]_*.sql"))


def known_names() -> list[str]:
    return [path.stem for path in migration_files()]


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """Names of the applied migrations, in order (what
    ``Migrations.applied`` reads, without importing sqlite-utils)."""
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='_sqlite_migrations'"
    ).fetchone():
        return []
    # the whole rows, as sqlite-utils reads them: reading the table (not just
    # an index) is also what notices a damaged page early
    cursor = conn.execute(
        "SELECT * FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )
    column = [c[0] for c in cursor.description].index("name")
    return [row[column] for row in cursor.fetchall()]


def python_steps() -> dict[str, Callable[[Database], None]]:
    """Python steps that run right after the SQL file of the same name (data
    migrations that need the seed files), by migration name."""
    from cchc_tui.store import indicator_seed

    return {indicator_seed.STEP_NAME: indicator_seed.migrate}


def run_step(db: Database, path: Path) -> None:
    """Apply one migration file (and its Python data step) to ``db``."""
    for statement in sql_statements(path.read_text(encoding="utf-8")):
        db.execute(statement)
    if extra := python_steps().get(path.stem):
        extra(db)


def build() -> Migrations:
    """The migration set, one migration per file of `db/`."""
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for path in migration_files():

        def step(db: Database, path: Path = path) -> None:
            run_step(db, path)

        migrations(name=path.stem)(step)
    return migrations


def schema_of(names: tuple[str, ...]) -> dict[str, set[str]]:
    """The tables (and their columns) of a file to which the migrations
    ``names`` were applied, built in memory."""
    from sqlite_utils import Database

    db = Database(memory=True, execute_plugins=False)
    for path in migration_files():
        if path.stem in names:
            run_step(db, path)
    return table_columns(db.conn)


def table_columns(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Every table of ``conn`` but SQLite's own, with its column names."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: {c[1] for c in conn.execute(f'PRAGMA table_info("{t}")')} for t in tables}

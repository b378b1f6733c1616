"""Opening files: pragmas, migrations, refusal of foreign and newer files."""

import sqlite3

import pytest

from cchc_tui.domain.errors import DatabaseError
from cchc_tui.services.opening import open_database
from cchc_tui.store import migrations


def test_new_file_is_seeded_with_pragmas(db_path):
    store = open_database(db_path)
    assert store.value("PRAGMA journal_mode") == "wal"
    assert store.value("PRAGMA foreign_keys") == 1
    assert store.value("PRAGMA synchronous") == 2  # FULL
    assert store.value("PRAGMA busy_timeout") > 0
    assert store.value("SELECT count(*) FROM directives") == 7
    assert [r["id"] for r in store.rows("SELECT id FROM directives ORDER BY id")] == list(
        range(1, 8)
    )
    store.close()
    # reopening does not seed twice
    store = open_database(db_path)
    assert store.value("SELECT count(*) FROM directives") == 7
    store.close()


def test_updates_are_append_only(fresh_store, today):
    from cchc_tui.services.updates import record_update

    record_update(fresh_store, 3, today=today, progress=10)
    with pytest.raises(sqlite3.DatabaseError):
        fresh_store.conn.execute("UPDATE updates SET note='x'")
    with pytest.raises(sqlite3.DatabaseError):
        fresh_store.conn.execute("DELETE FROM updates")


def test_transaction_rolls_back_on_error(fresh_store):
    with pytest.raises(RuntimeError):
        with fresh_store.transaction() as db:
            db.execute("UPDATE directives SET title='x' WHERE id=1")
            raise RuntimeError
    assert fresh_store.value("SELECT title FROM directives WHERE id=1") != "x"


def test_newer_schema_is_refused_untouched(db_path):
    open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('cchc', '9999_future', 'x')"
    )
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError) as info:
        open_database(db_path)
    assert "mới hơn" in str(info.value)
    assert db_path.read_bytes() == before


def test_foreign_database_and_junk_refused(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="chương trình khác"):
        open_database(other)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 10)
    with pytest.raises(DatabaseError, match="không phải cơ sở dữ liệu SQLite"):
        open_database(junk)
    assert junk.read_bytes() == b"not a database at all" * 10
    with pytest.raises(DatabaseError, match="thư mục"):
        open_database(tmp_path)


def test_pending_migration_copies_the_file_aside(db_path, monkeypatch, tmp_path):
    open_database(db_path).close()
    extra = tmp_path / "db"
    extra.mkdir()
    for path in migrations.migration_files():
        (extra / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (extra / "9000_test_extra.sql").write_text(
        "CREATE TABLE test_extra (x INTEGER);\n", encoding="utf-8"
    )
    monkeypatch.setattr(migrations, "bundled_dir", lambda name: extra)
    store = open_database(db_path)
    assert store.value("SELECT count(*) FROM sqlite_master WHERE name='test_extra'") == 1
    store.close()
    copies = list(db_path.parent.glob("cchc.db.truoc-nang-cap-*.bak"))
    assert len(copies) == 1
    conn = sqlite3.connect(copies[0])
    assert (
        conn.execute("SELECT count(*) FROM sqlite_master WHERE name='test_extra'").fetchone()[0]
        == 0
    )
    conn.close()


def test_sql_splitter_keeps_triggers_whole():
    stmts = migrations.sql_statements(
        "CREATE TABLE a (x);\nCREATE TRIGGER t BEFORE DELETE ON a\nBEGIN SELECT RAISE(ABORT, 'no'); END;\n"
    )
    assert len(stmts) == 2 and stmts[1].endswith("END;")

"""Opening the database file: checks, pragmas, migrations, transactions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_tui.domain.errors import DatabaseError
from cchc_tui.store import migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

APPLICATION_ID = 0x43434843  # "CCHC": marks a file as ours
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class DamagedFileError(DatabaseError):
    """The file is an SQLite file but damaged (truncated, malformed): it can
    only be replaced from a backup (``cchc-tui restore``)."""


def now_text() -> str:
    """Local time stamp stored on rows (seconds precision)."""
    return datetime.now().isoformat(timespec="seconds")


class Store:
    """One open database file. Constructed by :func:`open_store`; injected
    into every service function."""

    def __init__(self, conn: sqlite3.Connection, path: str, readonly: bool) -> None:
        self.conn = conn
        self._db: Database | None = None
        self.path = path
        self.readonly = readonly

    @property
    def db(self) -> Database:
        """sqlite-utils over the same connection, made on first use: importing
        sqlite-utils is a noticeable part of the app's start, and reading needs
        only ``conn``."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    # -- reading -------------------------------------------------------------
    def rows(self, sql: str, params=()) -> list[dict]:
        cursor = self.conn.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def row(self, sql: str, params=()) -> dict | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def value(self, sql: str, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    # -- writing -------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """One user action = one transaction. BEGIN IMMEDIATE takes the write
        lock up front (a deferred one could fail on upgrade without waiting),
        retried while another process holds it; inner steps use
        ``db.atomic()`` savepoints."""
        if self.readonly:
            raise DatabaseError(
                "Cơ sở dữ liệu đang mở ở chế độ chỉ đọc (không có quyền ghi tệp); "
                "không thể lưu thay đổi."
            )
        if self.conn.in_transaction:  # nested call inside a service
            with self.db.atomic():
                yield self.db
            return
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000 * 3
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    if (failure := _write_failure(exc)) is None:
                        raise
                    raise failure from exc
                if time.monotonic() > deadline:
                    raise DatabaseError(
                        "Cơ sở dữ liệu đang bị một chương trình khác khóa; hãy thử lại sau."
                    ) from exc
                time.sleep(0.05)
        try:
            yield self.db
        except sqlite3.OperationalError as exc:
            self._rollback()
            if (failure := _write_failure(exc)) is None:
                raise
            raise failure from exc
        except BaseException:
            self._rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                self._rollback()
                if (failure := _write_failure(exc)) is None:
                    raise
                raise failure from exc

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    # -- schema --------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.value("PRAGMA user_version") or 0)


def _write_failure(exc: sqlite3.OperationalError) -> DatabaseError | None:
    """A one-line message for what the disk or another program did to a
    write (nothing of it was saved); None for anything else (a bug)."""
    text = str(exc).lower()
    if "full" in text:
        return DatabaseError(
            "Ổ đĩa đầy (hoặc tệp đạt giới hạn kích thước): thay đổi chưa được lưu, dữ liệu "
            "đã có vẫn nguyên vẹn. Hãy giải phóng chỗ trống rồi thử lại."
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseError("Không ghi được vào tệp dữ liệu (chỉ đọc); thay đổi chưa được lưu.")
    if "disk i/o" in text:
        return DatabaseError(
            "Lỗi đọc/ghi ổ đĩa: thay đổi chưa được lưu. Hãy kiểm tra ổ đĩa rồi thử lại."
        )
    if "locked" in text or "busy" in text:
        return DatabaseError(
            "Cơ sở dữ liệu đang bị một chương trình khác khóa: thay đổi chưa được lưu; "
            "hãy thử lại sau."
        )
    return None


def _check_file(path: Path) -> None:
    """Refuse, before SQLite touches it, a path that cannot be our database:
    a folder, something else than a regular file, a file without the SQLite
    header, or one shorter than its header says (truncated)."""
    if path.is_dir():
        raise DatabaseError(f"Đường dẫn cơ sở dữ liệu là một thư mục, không phải tệp: {path}")
    if path.exists() and not path.is_file():
        raise DatabaseError(f"Đường dẫn cơ sở dữ liệu {path} không phải một tệp thông thường.")
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DatabaseError(f"Không đọc được tệp cơ sở dữ liệu {path}: {exc.strerror}") from exc
    if header[:16] != SQLITE_HEADER:
        raise DatabaseError(f"Tệp {path} không phải cơ sở dữ liệu SQLite; tệp được giữ nguyên.")
    if len(header) < 100 or _declared_size(header) > path.stat().st_size and not _has_wal(path):
        raise DamagedFileError(
            f"Tệp {path} bị cắt cụt (ngắn hơn kích thước ghi trong tệp); tệp được giữ nguyên. "
            "Hãy khôi phục từ bản sao lưu (cchc-tui restore)."
        )


def _declared_size(header: bytes) -> int:
    """Bytes the header says the file holds (0 if the count is not valid)."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # the page count is only valid when the change counters agree
    if header[24:28] != header[92:96]:
        return 0
    return page_size * pages


def _has_wal(path: Path) -> bool:
    # pages not yet checkpointed live in the -wal file; the main file may
    # legitimately lag behind its header until the next checkpoint
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def create_private_file(path: Path) -> None:
    """Create an empty file readable by the owner only (POSIX), so that no
    copy of the records is ever readable by others, even for a moment."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _writable(path: Path) -> bool:
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return os.access(path.parent, os.W_OK)


def _connect(target: str, *, uri: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(
        target,
        uri=uri,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,  # transactions are explicit (Store.transaction)
        check_same_thread=False,  # the TUI reads from worker threads
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _enable_wal(conn: sqlite3.Connection) -> None:
    # only after the file is known to be ours: switching a file to WAL
    # rewrites its header
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def copy_aside(store: Store, reason: str) -> Path:
    """A consistent copy of the file beside it (before a migration)."""
    source = Path(store.path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.name}.{reason}-{stamp}.bak")
    create_private_file(target)
    dest = sqlite3.connect(target)
    try:
        store.conn.backup(dest)
    finally:
        dest.close()
    return target


def open_store(path: str | os.PathLike, *, seed: bool = True) -> Store:
    """Open (creating and seeding if new) the database at ``path``.

    Raises :class:`DatabaseError` with a one-line Vietnamese message for a
    folder, a non-SQLite or damaged file, another program's database or one
    from a newer version of the app; such files are left untouched.
    """
    memory = str(path) == ":memory:"
    file = Path(path).expanduser()
    if not memory:
        _check_file(file)
        if not file.parent.exists():
            file.parent.mkdir(parents=True, exist_ok=True)
    is_new = memory or not file.exists() or file.stat().st_size == 0
    if not memory and not file.exists():
        try:
            create_private_file(file)
        except FileExistsError:
            pass  # created by another process meanwhile: open it as it is
        except OSError as exc:
            raise DatabaseError(
                f"Không tạo được tệp cơ sở dữ liệu {file}: {exc.strerror}."
            ) from exc
    readonly = not memory and not _writable(file)
    try:
        store = _open(file, memory=memory, readonly=readonly, is_new=is_new, seed=seed)
    except sqlite3.DatabaseError as exc:
        if readonly or not _is_readonly_error(exc):
            raise _refusal(exc, file) from exc
        # the permissions looked writable but the file system said no (a
        # read-only mount, a locked-down share): open it for reading
        try:
            store = _open(file, memory=False, readonly=True, is_new=is_new, seed=seed)
        except sqlite3.DatabaseError as exc2:
            raise _refusal(exc2, file) from exc2
    return store


def _open(file: Path, *, memory: bool, readonly: bool, is_new: bool, seed: bool) -> Store:
    if not readonly:
        return _open_target(file, ":memory:" if memory else str(file), False, is_new, seed)
    try:
        return _open_target(file, f"{file.resolve().as_uri()}?mode=ro", True, is_new, seed)
    except sqlite3.OperationalError as exc:
        # A WAL file read where the -shm index cannot be created (read-only
        # folder or mount): when no -wal holds pages, everything is in the
        # main file and it can be read as immutable.
        if not ("unable to open" in str(exc) or _is_readonly_error(exc)) or _has_wal(file):
            raise
        return _open_target(
            file, f"{file.resolve().as_uri()}?mode=ro&immutable=1", True, is_new, seed
        )


def _open_target(file: Path, target: str, readonly: bool, is_new: bool, seed: bool) -> Store:
    uri = readonly
    memory = target == ":memory:"
    conn = _connect(target, uri=uri)
    store = Store(conn, ":memory:" if memory else str(file), readonly)
    try:
        _prepare(store, is_new=is_new, seed=seed)
    except BaseException:
        store.close()
        raise
    return store


def _is_readonly_error(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc)
    return "readonly" in text or "read-only" in text


def _refusal(exc: sqlite3.DatabaseError, file: Path) -> DatabaseError:
    damaged = "not a database" in str(exc) or "malformed" in str(exc)
    return (DamagedFileError if damaged else DatabaseError)(_explain(exc, file))


def check_and_migrate(store: Store) -> None:
    """Check an open store's content again and migrate it if it is older
    (after a restore replaced it)."""
    _prepare(store, is_new=False, seed=False)


def _explain(exc: sqlite3.DatabaseError, file: Path) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return f"Tệp {file} bị hỏng hoặc không phải cơ sở dữ liệu SQLite; tệp được giữ nguyên."
    if "locked" in text or "busy" in text:
        return (
            f"Tệp {file} đang bị một chương trình khác khóa; hãy đóng chương trình đó rồi thử lại."
        )
    if "readonly" in text or "read-only" in text:
        return f"Không có quyền ghi vào {file}."
    if "unable to open" in text:
        return f"Không mở được tệp {file}: {text}."
    return f"Lỗi cơ sở dữ liệu ở {file}: {text}."


def _prepare(store: Store, *, is_new: bool, seed: bool) -> None:
    conn = store.conn
    # Reading only until the file is known to be ours and not newer, so that
    # a refused file is left byte for byte as it was.
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if (
        (tables and app_id != APPLICATION_ID)
        or app_id not in (0, APPLICATION_ID)
        or (tables and "_sqlite_migrations" not in tables)
    ):
        raise DatabaseError(
            f"Tệp {store.path} là cơ sở dữ liệu của chương trình khác, không phải của cchc-tui; "
            "tệp được giữ nguyên."
        )
    known = migrations.known_names()
    applied = migrations.applied_names(conn) if tables else []
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise DatabaseError(
            f"Tệp {store.path} được tạo bởi phiên bản cchc-tui mới hơn (lược đồ {unknown[-1]}); "
            "hãy cập nhật chương trình. Tệp được giữ nguyên."
        )
    if store.schema_version() > len(known):
        raise DatabaseError(
            f"Tệp {store.path} được tạo bởi phiên bản cchc-tui mới hơn (lược đồ "
            f"{store.schema_version()}); hãy cập nhật chương trình. Tệp được giữ nguyên."
        )
    if not store.readonly:
        _enable_wal(conn)
    if [name for name in known if name not in applied]:
        if store.readonly:
            raise DatabaseError(f"Tệp {store.path} cần nâng cấp lược đồ nhưng không có quyền ghi.")
        if applied and store.path != ":memory:":
            copy_aside(store, f"truoc-nang-cap-v{len(applied)}")
        # under the write lock, so that two processes opening a new or old
        # file at once do not both migrate it
        migration_set = migrations.build()
        with store.transaction():
            if [m.name for m in migration_set.pending(store.db)]:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                migration_set.apply(store.db)
                conn.execute(f"PRAGMA user_version = {len(known)}")
    if seed and not store.readonly and not store.value("SELECT 1 FROM notices LIMIT 1"):
        from cchc_tui.services.seeding import seed_database

        with store.transaction():
            if not store.value("SELECT 1 FROM notices LIMIT 1"):
                seed_database(store)


def default_db_path() -> Path:
    """The user data folder (e.g. %LOCALAPPDATA%\\cchc-tui\\cchc.db)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("cchc-tui", appauthor=False)) / "cchc.db"

"""Opening the database file: checks, pragmas, migrations, transactions,
integrity, checkpoints."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_tui.domain.errors import DatabaseError, StaleWriteError
from cchc_tui.store import migrations
from cchc_tui.store.copies import copy_database, create_private_file, has_table, quick_check
from cchc_tui.store.paths import backup_folder
from cchc_tui.store.sqlite_errors import (
    DamagedFileError,
    damaged_message,
    is_busy,
    is_damage,
    is_readonly,
    open_failure,
    write_failure,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_MS",
    "DamagedFileError",
    "ForeignFileError",
    "PreviousDataError",
    "SQLITE_HEADER",
    "Store",
    "create_private_file",
    "now_text",
    "open_store",
]

APPLICATION_ID = 0x43434843  # "CCHC": marks a file as ours
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
RESTORE_MARKER_SUFFIX = ".dang-khoi-phuc"
"""Beside the file while a restore replaces it whole (see services.backup)."""


class ForeignFileError(DatabaseError):
    """The path holds something that is not a database of this app (another
    program's file, a spreadsheet…); it is left untouched."""


class PreviousDataError(DatabaseError):
    """The file is missing (or empty) although copies of earlier data lie
    beside it, or a restore was interrupted: nothing is created, so that the
    clerk restores instead of starting on an empty file by mistake."""

    def __init__(self, message: str, copy: Path | None) -> None:
        super().__init__(message)
        self.copy = copy


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
        self.damaged = False
        """Set when a check or a write found the file damaged: nothing more is written."""
        self.integrity: str | None = None
        """The result of the integrity check once run ("ok" or the problem)."""
        self._integrity_lock = threading.Lock()
        self._expected = threading.local()
        self.last_commit: float | None = None
        """``time.monotonic()`` of this connection's last commit."""
        self.unmerged = False
        """Whether commits of this connection may still be in the -wal file only."""

    @property
    def db(self) -> Database:
        """sqlite-utils over the same connection, made on first use: importing
        sqlite-utils is a noticeable part of the app's start, and reading needs
        only ``conn``."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    @property
    def is_memory(self) -> bool:
        return self.path == ":memory:"

    # -- reading -------------------------------------------------------------
    def rows(self, sql: str, params=()) -> list[dict]:
        cursor = self._execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def row(self, sql: str, params=()) -> dict | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def required_row(self, sql: str, params=()) -> dict:
        """The first row of a query that must find one (the row a foreign key
        points at): none is a programming error, not something the user did."""
        found = self.row(sql, params)
        if found is None:
            raise LookupError(f"no row for {sql!r} with {params!r}")
        return found

    def value(self, sql: str, params=()):
        row = self._execute(sql, params).fetchone()
        return row[0] if row else None

    def _execute(self, sql: str, params) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                self.damaged = True
                raise DamagedFileError(damaged_message(self.path)) from exc
            raise

    @contextlib.contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """A short-lived connection of its own (for another thread), closed
        on exit; the store's own connection for an in-memory database."""
        if self.is_memory:
            yield self.conn
            return
        conn = _connect(str(self.path), uri=False)
        try:
            yield conn
        finally:
            conn.close()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Store]:
        """A Store of its own for reading, on a read-only connection to the
        same file: what another thread uses instead of this store's
        connection (closed at the end). An in-memory store (single-thread
        tests) is used as it is."""
        if self.is_memory:
            yield self
            return
        uri = Path(self.path).resolve().as_uri()
        conn = sqlite3.connect(
            f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        try:
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        except sqlite3.OperationalError:
            conn.close()
            if not self.readonly:
                raise
            # a read-only folder without the WAL index: as the app itself opened it
            conn = sqlite3.connect(
                f"{uri}?mode=ro&immutable=1",
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
            )
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            yield Store(conn, self.path, readonly=True)
        finally:
            conn.close()

    # -- the state of the file ------------------------------------------------
    def state(self, key: str) -> str | None:
        """A value of ``store_state`` (facts about the file, not records)."""
        if not has_table(self.conn, "store_state"):
            return None
        return self.value("SELECT value FROM store_state WHERE key = ?", [key])

    def set_state(self, key: str, value: str) -> None:
        """Write a value of ``store_state`` (inside the caller's transaction;
        files older than the table have none to write)."""
        if has_table(self.conn, "store_state"):
            self.conn.execute(
                "INSERT OR REPLACE INTO store_state (key, value) VALUES (?, ?)", [key, value]
            )

    def generation(self) -> str | None:
        """Changes on every restore (see :meth:`expecting_generation`)."""
        return self.state("generation")

    @contextlib.contextmanager
    def expecting_generation(self, generation: str | None) -> Iterator[None]:
        """Writes of this thread inside the block are refused when the file
        was restored since ``generation`` was read (a form opened before a
        restore must not save into the restored content, where the same ids
        and versions may name other records)."""
        previous = getattr(self._expected, "generation", None)
        self._expected.generation = generation
        try:
            yield
        finally:
            self._expected.generation = previous

    def check_integrity(self, *, again: bool = False) -> str:
        """``PRAGMA quick_check`` once per open (or ``again``), on a
        connection of its own; marks the store damaged when it fails.
        Concurrent callers wait for the one check."""
        with self._integrity_lock:
            if self.integrity is None or again:
                with self.reader() as conn:
                    self.integrity = quick_check(conn)
                self.damaged = self.integrity != "ok"
            return self.integrity

    def ensure_writable(self) -> None:
        """Refuse a write to a read-only or damaged file (checking it first
        if not done yet)."""
        if self.readonly:
            raise DatabaseError(
                "Cơ sở dữ liệu đang mở ở chế độ chỉ đọc (không có quyền ghi tệp); "
                "không thể lưu thay đổi."
            )
        if not self.is_memory:
            self.check_integrity()
        if self.damaged:
            raise DamagedFileError(damaged_message(self.path))

    # -- writing -------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """One user action = one transaction. BEGIN IMMEDIATE takes the write
        lock up front (a deferred one could fail on upgrade without waiting),
        retried while another process holds it; inner steps use
        ``db.atomic()`` savepoints."""
        if self.conn.in_transaction:  # nested call inside a service
            with self.db.atomic():
                yield self.db
            return
        self.ensure_writable()
        self._begin()
        try:
            self._check_generation()
            yield self.db
        except sqlite3.Error as exc:
            self._rollback()
            raise self._failure(exc) from exc
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise self._failure(exc) from exc
        self.last_commit = time.monotonic()
        self.unmerged = True

    @contextlib.contextmanager
    def waiting(
        self, on_wait: Callable[[], None] | None, cancel: threading.Event | None
    ) -> Iterator[None]:
        """Writes of this thread inside the block call ``on_wait`` once when
        another program holds the write lock, and give up when ``cancel`` is
        set while they wait (a save the clerk cancelled)."""
        previous = getattr(self._expected, "waiting", None)
        self._expected.waiting = (on_wait, cancel) if (on_wait or cancel) else None
        try:
            yield
        finally:
            self._expected.waiting = previous

    def _begin(self) -> None:
        on_wait, cancel = getattr(self._expected, "waiting", None) or (None, None)
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000 * 3
        told = False
        if on_wait or cancel:  # wait in small steps, so that a cancel is seen at once
            self.conn.execute("PRAGMA busy_timeout = 200")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.Error as exc:
                    if not is_busy(exc):
                        raise self._failure(exc) from exc
                    if on_wait is not None and not told:
                        told = True
                        on_wait()
                    if cancel is not None and cancel.is_set():
                        raise DatabaseError(
                            "Đã hủy lưu: chương trình khác vẫn đang ghi vào tệp dữ liệu; chưa "
                            "lưu gì."
                        ) from exc
                    if time.monotonic() > deadline:
                        raise DatabaseError(
                            "Cơ sở dữ liệu đang bị một chương trình khác khóa; hãy thử lại sau."
                        ) from exc
                    time.sleep(0.05)
        finally:
            if on_wait or cancel:
                self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _check_generation(self) -> None:
        expected = getattr(self._expected, "generation", None)
        if expected is not None and self.generation() != expected:
            raise StaleWriteError(
                "Dữ liệu vừa được khôi phục từ bản sao lưu sau khi mở mẫu này; không lưu vào dữ "
                "liệu đã khôi phục. Hãy đóng mẫu rồi mở lại."
            )

    def _failure(self, exc: sqlite3.Error) -> BaseException:
        if is_damage(exc):
            self.damaged = True
        failure = write_failure(exc, self.path)
        return failure if failure is not None else exc

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def checkpoint(self) -> bool:
        """Copy what the -wal file holds into the database file itself
        (PASSIVE: never waits for, nor blocks, other connections), so that
        the .db file alone is a complete copy of what was saved. True when
        nothing is left in the -wal file only."""
        if self.is_memory or self.readonly:
            return True
        try:
            with self.reader() as conn:
                busy, log, done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error:
            return False
        complete = not busy and log == done
        if complete:
            self.unmerged = False
        return complete

    def close(self) -> None:
        if not self.readonly and not self.is_memory and not self.damaged:
            with contextlib.suppress(sqlite3.Error):
                # the last connection to close also merges the -wal file;
                # with other windows open it stays, so merge what we can
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    # -- schema --------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.value("PRAGMA user_version") or 0)


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
        raise ForeignFileError(f"Tệp {path} không phải cơ sở dữ liệu SQLite; tệp được giữ nguyên.")
    if len(header) < 100 or _declared_size(header) > path.stat().st_size and not _has_wal(path):
        raise DamagedFileError(
            f"Tệp {path} bị cắt cụt (ngắn hơn kích thước ghi trong tệp); tệp được giữ nguyên. "
            "Hãy khôi phục từ bản sao lưu (cchc-tui restore TỆP)."
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


def restore_marker(path: Path) -> Path:
    return path.with_name(path.name + RESTORE_MARKER_SUFFIX)


def copies_of_previous_data(path: Path) -> list[Path]:
    """Copies of earlier content of ``path`` lying beside it, newest first:
    backups, files kept aside by a restore, copies made before upgrades."""
    found: list[Path] = []
    folder = backup_folder(path)
    if folder.is_dir():
        found += [p for p in folder.glob(f"{path.stem}-*.db") if p.is_file()]
    if path.parent.is_dir():
        found += [
            p
            for p in path.parent.glob(f"{path.name}.*")
            if p.is_file() and (".hong-" in p.name or p.name.endswith(".bak"))
        ]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _refuse_previous_data(file: Path) -> None:
    marker = restore_marker(file)
    if marker.exists():
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        source, kept = info.get("source") or "TỆP_SAO_LƯU", info.get("kept")
        raise PreviousDataError(
            "Lần khôi phục dữ liệu trước bị ngắt giữa chừng"
            + (f"; tệp cũ được giữ ở {kept}" if kept else "")
            + f'. Hãy chạy lại: cchc-tui restore "{source}".',
            Path(source) if info.get("source") else None,
        )
    if file.exists() and file.stat().st_size > 0:
        return
    copies = copies_of_previous_data(file)
    if copies:
        raise PreviousDataError(
            f"Không thấy dữ liệu trong {file}, nhưng cạnh đó có bản sao của dữ liệu trước đây "
            f"(mới nhất: {copies[0]}); không tạo dữ liệu mới để tránh nhầm. Khôi phục: "
            f'cchc-tui restore "{copies[0]}" — hoặc bắt đầu dữ liệu mới: '
            "cchc-tui init --template sample.",
            copies[0],
        )


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
    """A consistent copy of the file beside it (before a migration), made
    through a connection of its own under a temporary name: an interrupted
    copy never leaves a half file under the copy's name."""
    source = Path(store.path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target, n = source.with_name(f"{source.name}.{reason}-{stamp}.bak"), 1
    while target.exists():
        n += 1
        target = source.with_name(f"{source.name}.{reason}-{stamp}-{n}.bak")
    with store.reader() as conn:
        copy_database(conn, target)
    return target


Initialiser = Callable[[Store], None]


def open_store(
    path: str | os.PathLike,
    *,
    initialise: Initialiser | None = None,
    create: bool = True,
    despite_previous_data: bool = False,
) -> Store:
    """Open the database at ``path``, creating it when it does not exist.

    A file that is created here (absent or 0 bytes) gets the schema and then
    ``initialise(store)`` (the sample, a template…); an existing file is
    never initialised again. A missing file with copies of earlier data
    beside it, or after an interrupted restore, is refused
    (:class:`PreviousDataError`) unless ``despite_previous_data``;
    ``create=False`` refuses to create one at all.

    Raises :class:`DatabaseError` with a one-line Vietnamese message for a
    folder, a non-SQLite or damaged file, another program's database or one
    from a newer version of the app; such files are left untouched.
    """
    memory = str(path) == ":memory:"
    file = Path(path).expanduser()
    if not memory:
        if not despite_previous_data:
            _refuse_previous_data(file)
        _check_file(file)
        if not create and (not file.exists() or file.stat().st_size == 0):
            raise DatabaseError(f"Không có tệp dữ liệu {file}.")
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
        store = _open(file, memory=memory, readonly=readonly, is_new=is_new, init=initialise)
    except sqlite3.Error as exc:
        if readonly or not is_readonly(exc):
            raise open_failure(exc, file) from exc
        # the permissions looked writable but the file system said no (a
        # read-only mount, a locked-down share): open it for reading
        try:
            store = _open(file, memory=False, readonly=True, is_new=is_new, init=initialise)
        except sqlite3.Error as exc2:
            raise open_failure(exc2, file) from exc2
    return store


def _open(
    file: Path, *, memory: bool, readonly: bool, is_new: bool, init: Initialiser | None
) -> Store:
    if not readonly:
        return _open_target(file, ":memory:" if memory else str(file), False, is_new, init)
    uri = file.resolve().as_uri()
    try:
        return _open_target(file, f"{uri}?mode=ro", True, is_new, init)
    except sqlite3.OperationalError:
        # A WAL file read where the -shm index cannot be created (read-only
        # folder or mount): when no -wal holds pages, everything is in the
        # main file and it can be read as immutable.
        if _has_wal(file):
            raise
        return _open_target(file, f"{uri}?mode=ro&immutable=1", True, is_new, init)


def _open_target(
    file: Path, target: str, readonly: bool, is_new: bool, init: Initialiser | None
) -> Store:
    conn = _connect(target, uri=readonly)
    store = Store(conn, ":memory:" if target == ":memory:" else str(file), readonly)
    try:
        _prepare(store, is_new=is_new, init=init)
    except BaseException:
        store.close()
        raise
    return store


def check_and_migrate(store: Store) -> None:
    """Check an open store's content again and migrate it if it is older
    (after a restore replaced it)."""
    store.check_integrity(again=True)
    _prepare(store, is_new=False, init=None)


def _identity(conn: sqlite3.Connection) -> tuple[int, set[str]]:
    """The file's application id and its tables, read in one read
    transaction: read apart, another process creating the file in between
    would make a new file look like another program's (tables, no id yet)."""
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        if began:
            conn.execute("COMMIT")
    return app_id, tables


def _prepare(store: Store, *, is_new: bool, init: Initialiser | None) -> None:
    conn = store.conn
    # Reading only until the file is known to be ours and not newer, so that
    # a refused file is left byte for byte as it was. Reading the schema and
    # the migrations table is also the cheap check of a damaged file.
    app_id, tables = _identity(conn)
    if (
        (tables and app_id != APPLICATION_ID)
        or app_id not in (0, APPLICATION_ID)
        or (tables and "_sqlite_migrations" not in tables)
    ):
        raise ForeignFileError(
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
        _migrate(store, copy_first=bool(applied) and not store.is_memory)
    if is_new and init is not None and not store.readonly:
        with store.transaction():
            # under the write lock: another process that created the file
            # at the same moment may have initialised it already
            if store.state("initialised_as") is None and not store.value(
                "SELECT count(*) FROM agencies"
            ):
                init(store)


def _migrate(store: Store, *, copy_first: bool) -> None:
    """Apply the pending migrations under the write lock, so that two
    processes opening an old or new file at once do not both migrate it
    (the second waits, then finds nothing to do); an existing file is
    copied aside first, in the same lock."""
    migration_set = migrations.build()
    with store.transaction():
        if not [m.name for m in migration_set.pending(store.db)]:
            return
        if copy_first:
            applied = migrations.applied_names(store.conn)
            copy_aside(store, f"truoc-nang-cap-v{len(applied)}")
        store.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migration_set.apply(store.db)
        store.conn.execute(f"PRAGMA user_version = {len(migrations.known_names())}")


def default_db_path() -> Path:
    """The user data folder (e.g. %LOCALAPPDATA%\\cchc-tui\\cchc.db)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("cchc-tui", appauthor=False)) / "cchc.db"

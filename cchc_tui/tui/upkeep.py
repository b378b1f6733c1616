"""Background upkeep of the running app: the daily backup, picking up changes
made elsewhere (the CLI, another window), and the read-only banner.

Started once by the app after its first screen is shown.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.widgets import Static

from cchc_tui.domain.errors import UserError

CHECK_SECONDS = 2.0
"""How often the file is checked for changes made by other programs."""
MERGE_AFTER_SECONDS = 1.5
"""Quiet time after this app's last save before the -wal file is merged into
the .db (so that the .db alone holds every save within a few seconds)."""


class ReadOnlyBanner(Static):
    """A line at the top of the main screen: the file opened read-only."""

    DEFAULT_CSS = """
    ReadOnlyBanner {
        dock: top;
        height: 1;
        background: $warning;
        color: $text;
        text-style: bold;
        padding: 0 1;
    }
    """

    def __init__(self, text: str) -> None:
        super().__init__(Text(text, overflow="ellipsis", no_wrap=True), id="readonly-banner")


def readonly_text(session) -> str:
    if session.file_readonly:
        return "CHỈ ĐỌC: không có quyền ghi vào tệp dữ liệu; chỉ xem được, không sửa được."
    return f"CHỈ XEM: {session.user.name or 'tài khoản này'} chỉ được xem, không sửa được."


class DamagedBanner(Static):
    """A line at the top of the main screen: the integrity check failed."""

    DEFAULT_CSS = """
    DamagedBanner {
        dock: top;
        height: 1;
        background: $error;
        color: $text;
        text-style: bold;
        padding: 0 1;
    }
    """

    def __init__(self) -> None:
        super().__init__(
            Text(
                "TỆP DỮ LIỆU BỊ HỎNG: không ghi thêm được. ctrl+p → Sao lưu → chọn bản sao lưu → "
                "Khôi phục.",
                overflow="ellipsis",
                no_wrap=True,
            ),
            id="damaged-banner",
        )


class ExternalChanges:
    """Notices commits made by other connections to the file (``PRAGMA
    data_version`` changes only for those) and refreshes the app's views;
    merges the -wal file into the .db once this app's saves have gone quiet."""

    def __init__(self, app) -> None:
        self.app = app
        self.session = app.session
        self.version = self.session.writer_data_version()
        self.generation = self.session.generation()

    def check(self) -> None:
        """Start one cheap check in a thread (the timer calls this)."""
        self.app.run_worker(
            self._read, thread=True, group="external-changes", exclusive=True, exit_on_error=False
        )

    def _read(self) -> None:
        session = self.session
        version = session.writer_data_version()
        if version != self.version:
            self.version = version
            generation = session.generation()
            if generation != self.generation:
                self.generation = generation
                self.app.call_from_thread(
                    self.app.notify,
                    "Dữ liệu vừa được khôi phục từ bản sao lưu (ở cửa sổ khác); các mẫu đang mở "
                    "sẽ không lưu được, hãy mở lại.",
                    title="Khôi phục",
                    severity="warning",
                    timeout=10,
                )
            self.app.call_from_thread(self.app.data_changed)
        quiet = session.last_commit is not None and (
            time.monotonic() - session.last_commit >= MERGE_AFTER_SECONDS
        )
        if session.unmerged and quiet:
            session.checkpoint()


def _check_integrity(app) -> None:
    """The quick integrity check of the file, once, after the first screen
    (a save made meanwhile waits for it)."""
    if app.session.check_integrity(again=True) != "ok":
        app.call_from_thread(_show_damage, app)


def _show_damage(app) -> None:
    app.main_screen.mount(DamagedBanner())
    app.notify(
        "Tệp dữ liệu bị hỏng: ứng dụng không ghi thêm vào tệp này. Hãy khôi phục từ bản sao "
        "lưu (ctrl+p → Sao lưu).",
        title="Kiểm tra toàn vẹn",
        severity="error",
        timeout=15,
    )


def _daily_backup(app) -> None:
    try:
        app.session.daily_backup()
    except UserError as error:
        app.call_from_thread(
            app.notify, str(error), title="Sao lưu hằng ngày", severity="warning", markup=False
        )


def start_upkeep(app, *, backup: bool = True) -> ExternalChanges:
    """Called once the first screen is on: the daily backup in a thread
    worker (its own connection), the periodic check for changes made
    elsewhere, and the banner when the file is read-only."""
    if app.session.path != ":memory:":
        app.run_worker(
            lambda: _check_integrity(app), thread=True, group="integrity", exit_on_error=False
        )
    if backup:
        app.run_worker(
            lambda: _daily_backup(app), thread=True, group="daily-backup", exit_on_error=False
        )
    if not app.session.can_write and not app.session.damaged:
        app.main_screen.mount(ReadOnlyBanner(readonly_text(app.session)))
    watcher = ExternalChanges(app)
    app.set_interval(CHECK_SECONDS, watcher.check, name="external-changes")
    return watcher

"""Background upkeep of the running app: the daily backup, picking up changes
made elsewhere (the CLI, another window), and the read-only banner.

Started once by the app after its first screen is shown.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

from cchc_tui.domain.errors import UserError
from cchc_tui.services.backup import daily_backup

CHECK_SECONDS = 2.0
"""How often the file is checked for changes made by other programs."""

# Actions that write: disabled when the file is read-only (the services
# refuse such writes anyway; this keeps the keys from being offered).
WRITE_ACTIONS = frozenset(
    {
        "update_progress",
        "new_directive",
        "edit_directive",
        "archive_directive",
        "retract_update",
        "new_notice",
        "edit_notice",
        "import_forms",
    }
)


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

    def __init__(self) -> None:
        super().__init__(
            Text(
                "CHỈ ĐỌC: không có quyền ghi vào tệp dữ liệu; chỉ xem được, không sửa được.",
                overflow="ellipsis",
                no_wrap=True,
            ),
            id="readonly-banner",
        )


class ExternalChanges:
    """Notices commits made by other connections to the file (``PRAGMA
    data_version`` changes only for those) and refreshes the app's views."""

    def __init__(self, app) -> None:
        self.app = app
        self.version = app.store.value("PRAGMA data_version")

    def check(self) -> None:
        """Start one cheap check in a thread (the timer calls this)."""
        self.app.run_worker(
            self._read, thread=True, group="external-changes", exclusive=True, exit_on_error=False
        )

    def _read(self) -> None:
        version = self.app.store.value("PRAGMA data_version")
        if version != self.version:
            self.version = version
            self.app.call_from_thread(self.app.refresh_directives)


def _daily_backup(app) -> None:
    try:
        daily_backup(app.store, date.today())
    except UserError as error:
        app.call_from_thread(
            app.notify, str(error), title="Sao lưu hằng ngày", severity="warning", markup=False
        )


def start_upkeep(app, *, backup: bool = True) -> ExternalChanges:
    """Called once the first screen is on: the daily backup in a thread
    worker (its own connection), the periodic check for changes made
    elsewhere, and the banner when the file is read-only."""
    if backup:
        app.run_worker(
            lambda: _daily_backup(app), thread=True, group="daily-backup", exit_on_error=False
        )
    if app.store.readonly:
        app.main_screen.mount(ReadOnlyBanner())
    watcher = ExternalChanges(app)
    app.set_interval(CHECK_SECONDS, watcher.check, name="external-changes")
    return watcher

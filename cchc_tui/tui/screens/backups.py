"""Backups screen (palette "Sao lưu"): the copies in ``backups/`` beside the
database, newest first; make one now, or restore one after confirmation."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from cchc_tui.domain.errors import UserError
from cchc_tui.services.backup import (
    BackupFile,
    backup_folder,
    backup_to,
    list_backups,
    restore_from,
)
from cchc_tui.tui.screens.dialogs import ConfirmDialog


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB".replace(",", ".")


class BackupsScreen(Screen):
    """Every copy, its kind (daily, manual, safety copy made before a
    restore), time and size."""

    BINDINGS = [
        Binding(
            "enter",
            "restore_backup",
            "Khôi phục",
            id="restore_backup",
            tooltip="Khôi phục dữ liệu từ bản sao lưu đang chọn (có hỏi lại)",
        ),
        Binding(
            "b",
            "backup_now",
            "Sao lưu ngay",
            id="backup_now",
            tooltip="Tạo một bản sao lưu mới ngay bây giờ",
        ),
        Binding("escape", "back", "Quay lại", id="backups_back", tooltip="Về danh sách nhiệm vụ"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.backups: list[BackupFile] = []
        """What the table shows, in its order."""

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        yield DataTable(id="backups", cursor_type="row", zebra_stripes=True)
        yield Static(id="backups-note")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        folder = backup_folder(self.app.store)
        self.query_one("#header", Static).update(
            Text(f" Sao lưu   Thư mục: {folder}", style="bold", overflow="ellipsis", no_wrap=True)
        )
        self.reload()
        self.query_one("#backups", DataTable).focus()

    def reload(self) -> None:
        table = self.query_one("#backups", DataTable)
        self.backups = list_backups(self.app.store)
        table.clear(columns=True)
        table.add_column("Thời điểm", width=17)
        table.add_column("Loại", width=16)
        table.add_column("Tệp", width=40)
        table.add_column("Cỡ", width=10)
        for b in self.backups:
            table.add_row(
                Text(b.made_at.strftime("%d/%m/%Y %H:%M")),
                Text(b.kind_label),
                Text(b.path.name, overflow="ellipsis", no_wrap=True),
                Text(_size(b.size), justify="right"),
            )
        note = (
            "Chưa có bản sao lưu nào. Bản sao lưu hằng ngày được tạo khi mở chương trình; "
            "nhấn b để sao lưu ngay."
            if not self.backups
            else "Enter: khôi phục bản đang chọn (dữ liệu hiện tại được giữ một bản an toàn trước)."
        )
        self.query_one("#backups-note", Static).update(Text(note))

    def current_backup(self) -> BackupFile | None:
        table = self.query_one("#backups", DataTable)
        if not self.backups or table.cursor_row is None:
            return None
        return self.backups[min(table.cursor_row, len(self.backups) - 1)]

    def action_backup_now(self) -> None:
        try:
            made = backup_to(self.app.store)
        except UserError as error:
            self.app.show_error(error)
            return
        self.app.notify(f"Đã sao lưu vào {made}", title="Sao lưu", markup=False)
        self.reload()

    @on(DataTable.RowSelected, "#backups")
    def _row_selected(self) -> None:
        # enter on the table (the table's own enter binding comes first)
        self.action_restore_backup()

    def action_restore_backup(self) -> None:
        chosen = self.current_backup()
        if chosen is None:
            self.app.notify("Chưa có bản sao lưu nào để khôi phục.", severity="warning")
            return
        if self.app.store.readonly:
            self.app.notify(
                "Cơ sở dữ liệu đang chỉ đọc; không khôi phục được.", severity="error", markup=False
            )
            return
        question = (
            f"Khôi phục dữ liệu từ bản sao lưu {chosen.path.name} "
            f"({chosen.made_at:%d/%m/%Y %H:%M})?\n"
            "Mọi thay đổi sau thời điểm đó sẽ không còn trong dữ liệu đang dùng; "
            "dữ liệu hiện tại được giữ trong một bản an toàn trước khi khôi phục."
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._restore(chosen)

        self.app.push_screen(ConfirmDialog(question, yes_label="Khôi phục"), confirmed)

    def _restore(self, chosen: BackupFile) -> None:
        try:
            safety = restore_from(self.app.store, chosen.path)
        except UserError as error:
            self.app.show_error(error)
            return
        self.app.notify(
            f"Đã khôi phục từ {chosen.path.name}. Bản an toàn: {safety.name}",
            title="Khôi phục",
            markup=False,
            timeout=8,
        )
        self.reload()
        self.app.main_screen.refresh_header()  # the settings came back too
        self.app.refresh_directives()

    def action_back(self) -> None:
        self.app.pop_screen()

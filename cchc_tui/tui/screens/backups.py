"""Backups screen (palette "Sao lưu"): the copies in ``backups/`` beside the
database, newest first; make one now, or restore one after confirmation."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Static

from cchc_tui.domain.errors import UserError
from cchc_tui.services.backup import BackupFile
from cchc_tui.tui.actions import action
from cchc_tui.tui.base import AppScreen, DataChanged
from cchc_tui.tui.screens.dialogs import ConfirmDialog


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB".replace(",", ".")


class BackupsScreen(AppScreen):
    """Every copy, its kind (daily, manual, safety copy made before a
    restore), time and size. The list is read in a worker; a restore tells
    every screen to read again (the directives and the settings came back)."""

    # not writes=True: a damaged file cannot be written, but can be restored
    @action("enter", "Khôi phục", "Khôi phục dữ liệu từ bản sao lưu đang chọn (có hỏi lại)")
    def action_restore_backup(self) -> None:
        chosen = self.current_backup()
        if chosen is None:
            self.app.notify("Chưa có bản sao lưu nào để khôi phục.", severity="warning")
            return
        if (refusal := self._restore_refusal()) is not None:
            self.app.notify(refusal, severity="error", markup=False)
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

    def _restore_refusal(self) -> str | None:
        """Why this session cannot restore (None: it can)."""
        if not self.session.user.can_edit:
            return "Tài khoản này chỉ được xem (vai trò viewer); không khôi phục được."
        if self.session.file_readonly:
            return "Cơ sở dữ liệu đang chỉ đọc; không khôi phục được."
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore_backup" and self._restore_refusal() is not None:
            return False
        return super().check_action(action, parameters)

    @action("b", "Sao lưu ngay", "Tạo một bản sao lưu mới ngay bây giờ")
    async def action_backup_now(self) -> None:
        try:
            made = await self.in_thread(self.session.backup_now)
        except UserError as error:
            self.cchc.show_error(error)
            return
        self.app.notify(f"Đã sao lưu vào {made}", title="Sao lưu", markup=False)
        self.reload()

    @action("escape", "Quay lại", "Về danh sách nhiệm vụ")
    def action_back(self) -> None:
        self.dismiss()

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
        folder = self.session.backup_folder()
        self.query_one("#header", Static).update(
            Text(f" Sao lưu   Thư mục: {folder}", style="bold", overflow="ellipsis", no_wrap=True)
        )
        table = self.query_one("#backups", DataTable)
        table.add_column("Thời điểm", width=17)
        table.add_column("Loại", width=16)
        table.add_column("Tệp", width=40)
        table.add_column("Cỡ", width=10)
        table.focus()
        self.query_one("#backups-note", Static).update(Text("Đang đọc danh sách sao lưu…"))
        self.reload()

    @work(exclusive=True, group="backups")
    async def reload(self) -> None:
        """Read the list again (in a thread worker) and show it."""
        try:
            backups = await self.in_thread(self.session.backups)
        except UserError as error:
            self.cchc.show_error(error)
            return
        self._show(backups)

    def _show(self, backups: list[BackupFile]) -> None:
        self.backups = backups
        table = self.query_one("#backups", DataTable)
        table.clear()
        for b in backups:
            table.add_row(
                Text(b.made_at.strftime("%d/%m/%Y %H:%M")),
                Text(b.kind_label),
                Text(b.path.name, overflow="ellipsis", no_wrap=True),
                Text(_size(b.size), justify="right"),
            )
        note = (
            "Chưa có bản sao lưu nào. Bản sao lưu hằng ngày được tạo khi mở chương trình; "
            "nhấn b để sao lưu ngay."
            if not backups
            else "Enter: khôi phục bản đang chọn (dữ liệu hiện tại được giữ một bản an toàn trước)."
        )
        self.query_one("#backups-note", Static).update(Text(note))

    def current_backup(self) -> BackupFile | None:
        table = self.query_one("#backups", DataTable)
        if not self.backups or table.cursor_row is None:
            return None
        return self.backups[min(table.cursor_row, len(self.backups) - 1)]

    @on(DataTable.RowSelected, "#backups")
    def _row_selected(self) -> None:
        # enter on the table (the table's own enter binding comes first)
        self.action_restore_backup()

    @work(exclusive=True, group="restore")
    async def _restore(self, chosen: BackupFile) -> None:
        note = self.query_one("#backups-note", Static)
        note.update(Text(f"Đang khôi phục từ {chosen.path.name}…"))
        try:
            restored = await self.in_thread(self.session.restore, chosen.path)
        except UserError as error:
            self.cchc.show_error(error)
            self.reload()  # the list's note again
            return
        self.app.notify(
            f"Đã khôi phục từ {chosen.path.name}. Bản an toàn: {restored.safety_copy.name}",
            title="Khôi phục",
            markup=False,
            timeout=8,
        )
        self.cchc.data_changed()  # every screen reads again; this one its list (the safety copy)

    @on(DataChanged)
    def _data_changed(self) -> None:
        self.reload()

"""Reading filled progress forms back (palette "Nhập phiếu báo cáo"):
preview what a file will change, then apply its valid rows. In the browser
mode the form can be chosen in the browser (F2), then previewed at once."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from cchc_tui.domain.errors import UserError
from cchc_tui.services.form_import import ImportResult, result_lines
from cchc_tui.tui.base import AppModal
from cchc_tui.tui.screens.import_notice import BROWSE_LABEL, BrowserPicker
from cchc_tui.tui.widgets.ticks import TickBox


class FormImportScreen(AppModal[bool]):
    """Type the form's path; ``ctrl+r`` previews (nothing written),
    ``ctrl+s`` applies the valid rows in one transaction. Conflicting rows
    are skipped unless "Ghi cả dòng xung đột" is ticked with a reason. The
    file is read (and the rows written) in a worker. Dismisses with True
    when something was written."""

    BINDINGS = [
        Binding(
            "ctrl+r", "preview", "Xem trước", id="preview_form", tooltip="Xem trước, không ghi"
        ),
        Binding("ctrl+s", "apply", "Ghi", id="apply_form", tooltip="Ghi các dòng hợp lệ"),
        Binding("escape", "close", "Đóng", id="close_form_import", tooltip="Đóng"),
        Binding(
            "f2",
            "browse",
            "Chọn tệp",
            id="browse_form",
            tooltip="Chọn tệp trong trình duyệt (chế độ trình duyệt)",
        ),
    ]

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.written = False
        """Whether an import wrote something (the caller reloads then)."""
        self._busy = False
        self.picker: BrowserPicker | None = None
        """The form chosen in the browser (the browser mode), set at compose."""

    def compose(self) -> ComposeResult:
        self.picker = BrowserPicker(self, "form", (".xlsx",), self._uploaded)
        with Vertical(classes="dialog form", id="form-import"):
            yield Label(
                "Nhập phiếu báo cáo tiến độ (ctrl+r xem trước, ctrl+s ghi, esc đóng)",
                classes="title",
            )
            with Horizontal(classes="field-row"):
                yield Label("Tệp phiếu (.xlsx)", classes="field-label")
                yield Input(self.initial_path, id="form-path", compact=True)
                if self.picker.available:
                    yield Button(BROWSE_LABEL, id="browse", compact=True)
            with Horizontal(classes="field-row"):
                yield Label("Xung đột", classes="field-label")
                yield TickBox("Ghi cả dòng xung đột", id="force", compact=True)
            with Horizontal(classes="field-row"):
                yield Label("Lý do ghi đè", classes="field-label")
                yield Input(id="force-note", compact=True, placeholder="bắt buộc khi ghi đè")
            yield Static("", id="import-error", classes="error")
            with VerticalScroll(id="import-result-box"):
                yield Static("", id="import-result")
            with Horizontal(classes="buttons"):
                yield Button("Xem trước (ctrl+r)", id="preview")
                yield Button("Ghi (ctrl+s)", variant="primary", id="apply")
                yield Button("Đóng (esc)", id="close")

    def on_mount(self) -> None:
        self.query_one("#form-path", Input).focus()

    def on_unmount(self) -> None:
        if self.picker is not None:
            self.picker.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "browse":
            return self.picker is not None and self.picker.available
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#browse")
    def action_browse(self) -> None:
        if self.picker is None or not self.picker.available:
            return
        self.picker.open()
        self.query_one("#import-result", Static).update(
            Text(
                "Đã mở trang chọn tệp trong trình duyệt: chọn phiếu .xlsx, bấm «Gửi tệp», "
                "rồi quay lại đây — phiếu được xem trước ngay."
            )
        )

    async def _uploaded(self, path: Path) -> bool:
        if self._busy:
            return False
        self.query_one("#form-path", Input).value = str(path)
        await self.action_preview()
        return True

    def _show_error(self, message: str) -> None:
        error = self.query_one("#import-error", Static)
        error.update(Text(message))
        error.set_class(bool(message), "shown")

    async def _run(self, dry_run: bool) -> ImportResult | None:
        if self._busy:
            return None
        raw = self.query_one("#form-path", Input).value.strip().strip('"')
        if not raw:
            self._show_error("Chưa nhập đường dẫn tệp phiếu.")
            return None
        path = Path(raw).expanduser()
        force = self.query_one("#force", Checkbox).value
        note = self.query_one("#force-note", Input).value
        result_box = self.query_one("#import-result", Static)
        self._busy = True
        self._show_error("")
        result_box.update(Text("Đang đọc phiếu…" if dry_run else "Đang ghi…"))
        try:
            result = await self.in_thread(
                lambda: self.session.import_form(path, dry_run=dry_run, force=force, note=note)
            )
        except UserError as error:
            self._show_error(error.message)
            result_box.update("")
            return None
        finally:
            self._busy = False
        result_box.update(Text("\n".join(result_lines(result))))
        return result

    @on(Input.Submitted, "#form-path")
    async def action_preview(self) -> None:
        await self._run(dry_run=True)

    async def action_apply(self) -> None:
        result = await self._run(dry_run=False)
        if result is not None and result.applied:
            self.written = True
            self.app.notify(
                f"Đã ghi {len(result.applied)} dòng từ phiếu của {result.agency}",
                title="Nhập phiếu",
                markup=False,
            )

    @on(Button.Pressed, "#preview")
    async def _preview_pressed(self) -> None:
        await self.action_preview()

    @on(Button.Pressed, "#apply")
    async def _apply_pressed(self) -> None:
        await self.action_apply()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(self.written)

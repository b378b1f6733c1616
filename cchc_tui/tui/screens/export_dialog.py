"""Export dialog (x) and the brief copied to the clipboard (c).

The dialog picks a report, a format, the scope (the main list's current
filter or everything) and a file, pre-filled as
``bao-cao-tien-do-2026-11-27.docx`` in the user's Documents folder (or the
current folder). The report is built and written in a thread worker; the
dialog closes with the written path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from cchc_tui.domain.dates import parse_date
from cchc_tui.domain.errors import UserError
from cchc_tui.reports import BRIEF_FORMATS, default_file_name, render
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.reports import build_report, refuse_own_file, write_report_file
from cchc_tui.tui.screens.dialogs import ConfirmDialog

REPORT_CHOICES = [
    ("Tiến độ từng nhiệm vụ", "summary"),
    ("Theo cơ quan, đơn vị", "agencies"),
    ("Quá hạn và sắp đến hạn", "overdue"),
    ("Lịch sử cập nhật", "history"),
    ("Các chỉ tiêu", "indicators"),
    ("Tóm tắt ngắn (Zalo)", "brief"),
]
FORMAT_CHOICES = [
    ("Word (.docx) — báo cáo theo Nghị định 30", "docx"),
    ("Excel (.xlsx)", "xlsx"),
    ("CSV (.csv)", "csv"),
    ("Trang in (.html)", "html"),
    ("Markdown (.md)", "md"),
    ("Văn bản (.txt)", "txt"),
    ("JSON (.json)", "json"),
]
CURRENT, EVERYTHING = "current", "all"


def default_export_folder() -> Path:
    """The user's Documents folder if it exists, else the current folder."""
    try:
        from platformdirs import user_documents_dir

        documents = Path(user_documents_dir())
    except Exception:  # platformdirs cannot tell on some systems
        documents = None
    return documents if documents is not None and documents.is_dir() else Path.cwd()


@dataclass(frozen=True)
class ExportRequest:
    """What the dialog asks the worker to write."""

    report: str
    fmt: str
    scope: DirectiveFilter
    path: Path
    date_from: date | None = None
    date_to: date | None = None


class ExportDialog(ModalScreen[Path | None]):
    """Choose report, format, scope and file; dismisses with the written path."""

    BINDINGS = [
        Binding("ctrl+s", "export", "Xuất", id="export_submit", tooltip="Xuất báo cáo ra tệp"),
        Binding("escape", "cancel", "Hủy", id="export_cancel", tooltip="Đóng, không xuất"),
    ]

    class ExportWritten(Message):
        """The worker wrote the file."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class ExportFailed(Message):
        """The worker could not build or write the report."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(
        self, current: DirectiveFilter, scope_label: str, folder: Path, today: date
    ) -> None:
        super().__init__()
        self.current = current
        self.scope_label = scope_label
        self.folder = folder
        self.today = today
        self._suggested = str(folder / default_file_name("summary", "docx", today))

    def compose(self) -> ComposeResult:
        filtered = not self.current.is_empty()
        scopes = [(Text("Tất cả nhiệm vụ"), EVERYTHING)]
        if filtered:
            scopes.insert(0, (Text(f"Theo bộ lọc hiện tại: {self.scope_label}"), CURRENT))
        with Vertical(classes="dialog form", id="export-form"):
            yield Label("Xuất báo cáo (ctrl+s xuất, esc hủy)", classes="title")
            with Horizontal(classes="field-row"):
                yield Label("Báo cáo", classes="field-label")
                yield Select(
                    REPORT_CHOICES, value="summary", allow_blank=False, id="report", compact=True
                )
            with Horizontal(classes="field-row"):
                yield Label("Định dạng", classes="field-label")
                yield Select(
                    FORMAT_CHOICES, value="docx", allow_blank=False, id="format", compact=True
                )
            with Horizontal(classes="field-row"):
                yield Label("Phạm vi", classes="field-label")
                yield Select(
                    scopes,
                    value=CURRENT if filtered else EVERYTHING,
                    allow_blank=False,
                    id="scope",
                    compact=True,
                )
            with Horizontal(classes="field-row", id="history-range"):
                yield Label("Lịch sử: từ / đến", classes="field-label")
                yield Input(
                    placeholder="dd/mm/yyyy (bỏ trống: từ đầu)", id="date-from", compact=True
                )
                yield Input(
                    placeholder="dd/mm/yyyy (bỏ trống: hôm nay)", id="date-to", compact=True
                )
            with Horizontal(classes="field-row"):
                yield Label("Tệp", classes="field-label")
                yield Input(self._suggested, id="path", compact=True)
            yield Static("", id="export-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Xuất (ctrl+s)", variant="primary", id="export")
                yield Button("Hủy (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#history-range").display = False
        self.query_one("#report", Select).focus()

    # -- keeping the file name in step with the choices ----------------------------
    @on(Select.Changed, "#report")
    @on(Select.Changed, "#format")
    def _choice_changed(self) -> None:
        report = self.query_one("#report", Select).value
        self.query_one("#history-range").display = report == "history"
        path_input = self.query_one("#path", Input)
        if path_input.value.strip() != self._suggested:
            return  # the user typed a path of their own: keep it
        fmt = self.query_one("#format", Select).value
        self._suggested = str(self.folder / default_file_name(report, fmt, self.today))
        path_input.value = self._suggested

    # -- submitting ----------------------------------------------------------------
    def _show_error(self, message: str) -> None:
        error = self.query_one("#export-error", Static)
        error.update(Text(message))
        error.set_class(bool(message), "shown")

    def _request(self) -> ExportRequest:
        """The request from the fields; UserError naming what is wrong."""
        report = self.query_one("#report", Select).value
        fmt = self.query_one("#format", Select).value
        if report == "brief" and fmt not in BRIEF_FORMATS:
            raise UserError(
                "Tóm tắt ngắn chỉ xuất được dạng .txt, .md hoặc .json "
                "(bảng nhiệm vụ quá hạn: chọn báo cáo 'Quá hạn và sắp đến hạn')."
            )
        text = self.query_one("#path", Input).value.strip()
        if not text:
            raise UserError("Chưa nhập tên tệp.")
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        if path.is_dir():
            raise UserError(f"'{path}' là một thư mục; hãy ghi rõ tên tệp.")
        if not path.parent.is_dir():
            raise UserError(f"Thư mục '{path.parent}' không tồn tại.")
        date_from = date_to = None
        if report == "history":
            if raw := self.query_one("#date-from", Input).value.strip():
                date_from = parse_date(raw, "from")
            if raw := self.query_one("#date-to", Input).value.strip():
                date_to = parse_date(raw, "to")
        scope = (
            self.current if self.query_one("#scope", Select).value == CURRENT else DirectiveFilter()
        )
        refuse_own_file(self.app.store, path)  # before asking whether to overwrite it
        return ExportRequest(report, fmt, scope, path, date_from, date_to)

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        try:
            request = self._request()
        except UserError as error:
            self._show_error(str(error))
            return
        self._show_error("")
        if request.path.exists():

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._write(request)

            self.app.push_screen(
                ConfirmDialog(f"Tệp đã có:\n{request.path}\nGhi đè?", yes_label="Ghi đè"), confirmed
            )
            return
        self._write(request)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _write(self, request: ExportRequest) -> None:
        try:
            report = build_report(
                self.app.store,
                request.report,
                self.app.today,
                request.scope,
                date_from=request.date_from,
                date_to=request.date_to,
            )
            write_report_file(self.app.store, request.path, render(report, request.fmt))
        except UserError as error:
            self.post_message(self.ExportFailed(str(error)))
        except OSError as error:
            self.post_message(
                self.ExportFailed(f"Không ghi được tệp {request.path}: {error.strerror or error}")
            )
        else:
            self.post_message(self.ExportWritten(request.path.resolve()))

    @on(ExportWritten)
    def _written(self, message: ExportWritten) -> None:
        self.dismiss(message.path)

    @on(ExportFailed)
    def _failed(self, message: ExportFailed) -> None:
        self._show_error(message.reason)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


async def open_export_dialog(app) -> None:
    """x: the dialog over the main list's current filter; a notification
    with the full path once the file is written."""
    from cchc_tui.tui.widgets.filter_label import describe_filter

    await app.settle_table()  # a search typed just before counts as the filter
    main = app.main_screen
    flt = main.directive_filter
    dialog = ExportDialog(flt, describe_filter(app.store, flt), default_export_folder(), app.today)

    def done(path: Path | None) -> None:
        if path is not None:
            app.notify(str(path), title="Đã xuất báo cáo", markup=False, timeout=10)

    await app.open_screen(dialog, done)


# -- c: the brief to the clipboard ---------------------------------------------


def clipboard_commands() -> list[list[str]]:
    """The system's own clipboard commands, most specific first (for
    terminals without OSC 52, such as the Windows console)."""
    if sys.platform == "win32":
        return [["clip"]]
    if sys.platform == "darwin":
        return [["pbcopy"]]
    commands = []
    if os.environ.get("WAYLAND_DISPLAY"):
        commands.append(["wl-copy"])
    if os.environ.get("DISPLAY"):
        commands += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    return commands


def copy_with_system(text: str) -> str | None:
    """Copy with the first clipboard command present; its name, or None."""
    for command in clipboard_commands():
        program = shutil.which(command[0])
        if program is None:
            continue
        # clip.exe takes UTF-16LE whatever the code page; without a BOM, which
        # it would paste as an invisible U+FEFF in front of the text
        data = text.encode("utf-16-le") if command[0] == "clip" else text.encode("utf-8")
        try:
            subprocess.run(
                [program, *command[1:]], input=data, check=True, timeout=5, capture_output=True
            )
        except (OSError, subprocess.SubprocessError):
            continue
        return command[0]
    return None


async def copy_brief(app) -> None:
    """c: the short text of the current filter (or everything) to the clipboard."""
    from cchc_tui.reports.brief import brief_text

    await app.settle_table()
    flt = app.main_screen.directive_filter

    def work_() -> None:
        try:
            text = brief_text(build_report(app.store, "brief", app.today, flt))
        except UserError as error:
            app.call_from_thread(
                app.notify, str(error), title="Lỗi", severity="error", markup=False
            )
            return
        used = copy_with_system(text)
        app.call_from_thread(_copied, app, text, used)

    app.run_worker(work_, thread=True, exclusive=True, group="copy-brief", exit_on_error=False)


def _copied(app, text: str, used: str | None) -> None:
    app.copy_to_clipboard(text)
    how = f" (qua {used})" if used else ""
    app.notify(
        f"Đã chép tóm tắt ({len(text)} ký tự) vào bộ nhớ tạm{how}; dán vào Zalo bằng ctrl+v.",
        title="Chép tóm tắt",
        markup=False,
    )

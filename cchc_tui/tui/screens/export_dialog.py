"""Export dialog (x) and the brief copied to the clipboard (c).

The dialog picks a report (from the report registry), a format, the scope
(the main list's current filter or everything), the day the report is as
of ("Tính đến ngày"), an optional period, the texts of sections II and III,
and a file, pre-filled as ``bao-cao-tien-do-2026-11-27.docx`` in the
user's Documents folder (or the current folder). The report is built and
written in a thread worker on a database connection of its own; the dialog
says it is working, and closes with the written path.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from cchc_tui.domain.dates import format_date, parse_date
from cchc_tui.domain.errors import UserError
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.reports import REPORTS, ReportRequest, default_file_name
from cchc_tui.tui.base import AppModal
from cchc_tui.tui.screens.dialogs import ConfirmDialog

if TYPE_CHECKING:
    from cchc_tui.tui.app import CchcApp

# the registry's reports that need no agency (those are made from the
# agencies screen)
REPORT_CHOICES = [(kind.label, kind.name) for kind in REPORTS.values() if not kind.needs_agency]
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
SAME_FORMAT = {"htm": "html", "markdown": "md", "text": "txt"}
"""Other extensions a format's file may carry as well as its own."""


def typed_path(text: str) -> str:
    """The path as typed, without the quotes of Explorer's "Copy as path"."""
    text = text.strip()
    while len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text


def with_extension(path: Path, fmt: str) -> Path:
    """``path`` ending in the format's extension: added when it has none (or
    a dot that is no extension, "ban.v2"), put in place of another format's
    ("x.docx" written as Excel becomes "x.xlsx")."""
    suffix = path.suffix.lower().removeprefix(".")
    if SAME_FORMAT.get(suffix, suffix) == fmt:
        return path
    known = {value for _, value in FORMAT_CHOICES} | set(SAME_FORMAT) | {"doc", "xls"}
    if suffix in known:
        return path.with_suffix("." + fmt)
    return path.with_name(f"{path.name}.{fmt}")


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

    request: ReportRequest
    fmt: str
    path: Path


class ExportDialog(AppModal[Path | None]):
    """Choose report, format, scope, day, period, texts and file; dismisses
    with the written path."""

    BINDINGS = [
        Binding("ctrl+s", "export", "Xuất", id="export_submit", tooltip="Xuất báo cáo ra tệp"),
        Binding("escape", "cancel", "Hủy", id="export_cancel", tooltip="Đóng, không xuất"),
    ]

    def __init__(
        self,
        current: DirectiveFilter,
        scope_label: str,
        folder: Path,
        today: date,
        *,
        debug: bool = False,
    ) -> None:
        super().__init__()
        self.current = current
        self.scope_label = scope_label
        self.folder = folder
        self.today = today
        self.debug = debug
        self._busy = False
        """A report is being written (ctrl+s again does nothing)."""
        self._suggested = str(folder / default_file_name("summary", "docx", today))

    def compose(self) -> ComposeResult:
        filtered = not self.current.is_empty()
        scopes = [(Text("Tất cả nhiệm vụ"), EVERYTHING)]
        if filtered:
            scopes.insert(0, (Text(f"Theo bộ lọc hiện tại: {self.scope_label}"), CURRENT))
        with Vertical(classes="dialog form", id="export-form"):
            yield Label("Xuất báo cáo (ctrl+s xuất, esc hủy)", classes="title")
            with VerticalScroll(id="export-fields"):
                with Horizontal(classes="field-row"):
                    yield Label("Báo cáo", classes="field-label")
                    yield Select(
                        REPORT_CHOICES,
                        value="summary",
                        allow_blank=False,
                        id="report",
                        compact=True,
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
                with Horizontal(classes="field-row"):
                    yield Label("Tính đến ngày", classes="field-label")
                    yield Input(format_date(self.today), id="as-of", compact=True)
                with Horizontal(classes="field-row", id="period"):
                    yield Label("Kỳ báo cáo", classes="field-label")
                    yield Input(placeholder="từ dd/mm/yyyy", id="date-from", compact=True)
                    yield Input(
                        placeholder="đến dd/mm/yyyy",
                        id="date-to",
                        compact=True,
                    )
                with Horizontal(classes="field-row", id="findings-row"):
                    yield Label("Tồn tại, hạn chế", classes="field-label")
                    yield TextArea(id="findings", classes="multiline")
                with Horizontal(classes="field-row", id="proposals-row"):
                    yield Label("Đề xuất, kiến nghị", classes="field-label")
                    yield TextArea(id="proposals", classes="multiline")
                with Horizontal(classes="field-row"):
                    yield Label("Tệp", classes="field-label")
                    yield Input(self._suggested, id="path", compact=True)
            yield Static("", id="export-error", classes="error")
            yield Static("", id="export-status", classes="dim")
            with Horizontal(classes="buttons"):
                yield Button("Xuất (ctrl+s)", variant="primary", id="export")
                yield Button("Hủy (esc)", id="cancel")

    def on_mount(self) -> None:
        self._show_sections()
        self.query_one("#report", Select).focus()

    def _show_sections(self) -> None:
        kind = REPORTS[str(self.query_one("#report", Select).value)]
        for row in ("#findings-row", "#proposals-row"):
            self.query_one(row).display = kind.sections

    # -- keeping the file name in step with the choices ----------------------------
    @on(Select.Changed, "#report")
    @on(Select.Changed, "#format")
    @on(Input.Changed, "#as-of")
    def _choice_changed(self) -> None:
        self._show_sections()
        path_input = self.query_one("#path", Input)
        if path_input.value.strip() != self._suggested:
            return  # the user typed a path of their own: keep it
        report = str(self.query_one("#report", Select).value)
        fmt = str(self.query_one("#format", Select).value)
        try:
            as_of = parse_date(self.query_one("#as-of", Input).value, "as_of")
        except UserError:
            as_of = self.today
        self._suggested = str(self.folder / default_file_name(report, fmt, as_of))
        path_input.value = self._suggested

    # -- submitting ----------------------------------------------------------------
    def _show_error(self, message: str) -> None:
        error = self.query_one("#export-error", Static)
        error.update(Text(message))
        error.set_class(bool(message), "shown")

    def _working(self, busy: bool) -> None:
        status = self.query_one("#export-status", Static)
        status.update(Text("Đang lập báo cáo và ghi tệp…" if busy else ""))
        self.query_one("#export", Button).disabled = busy

    def _date(self, selector: str, field: str) -> date | None:
        raw = self.query_one(selector, Input).value.strip()
        return parse_date(raw, field) if raw else None

    def _request(self) -> ExportRequest:
        """The request from the fields; UserError naming what is wrong."""
        report = str(self.query_one("#report", Select).value)
        fmt = str(self.query_one("#format", Select).value)
        kind = REPORTS[report]
        if fmt not in kind.formats:
            raise UserError(
                f"{kind.label} chỉ xuất được dạng {', '.join('.' + f for f in kind.formats)}"
                + (
                    " (bảng nhiệm vụ quá hạn: chọn báo cáo 'Quá hạn và sắp đến hạn')."
                    if report == "brief"
                    else "."
                )
            )
        text = typed_path(self.query_one("#path", Input).value)
        if not text:
            raise UserError("Chưa nhập tên tệp.")
        path = with_extension(Path(text).expanduser(), fmt)
        if not path.is_absolute():
            path = self.folder / path
        if path.is_dir():
            raise UserError(f"'{path}' là một thư mục; hãy ghi rõ tên tệp.")
        if not path.parent.is_dir():
            raise UserError(f"Thư mục '{path.parent}' không tồn tại.")
        as_of = self._date("#as-of", "as_of") or self.today
        if as_of > self.today:
            raise UserError(
                f"Ngày tính đến {as_of:%d/%m/%Y} ở sau ngày hôm nay ({self.today:%d/%m/%Y})."
            )
        date_from = self._date("#date-from", "from")
        date_to = self._date("#date-to", "to")
        if date_to is not None and date_from is None and report != "history":
            raise UserError("Kỳ báo cáo cần cả ngày bắt đầu (từ) và ngày kết thúc (đến).")
        scope = (
            self.current if self.query_one("#scope", Select).value == CURRENT else DirectiveFilter()
        )
        self.session.check_output_path(path)  # before asking whether to overwrite it
        sections = kind.sections
        request = ReportRequest(
            report,
            as_of,
            scope,
            date_from,
            date_to,
            self.query_one("#findings", TextArea).text if sections else "",
            self.query_one("#proposals", TextArea).text if sections else "",
        )
        return ExportRequest(request, fmt, path)

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        if self._busy:
            return
        try:
            wanted = self._request()
        except UserError as error:
            self._show_error(str(error))
            return
        self._show_error("")
        if wanted.path.exists():

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.run_worker(self._write(wanted), group="export", exclusive=True)

            self.app.push_screen(
                ConfirmDialog(f"Tệp đã có:\n{wanted.path}\nGhi đè?", yes_label="Ghi đè"),
                confirmed,
            )
            return
        self.run_worker(self._write(wanted), group="export", exclusive=True)

    async def _write(self, wanted: ExportRequest) -> None:
        """Build and write the report in a thread worker, on a connection of
        its own; every error ends here as one message (the traceback too
        with --debug), and the dialog stays open."""
        self._busy = True
        self._working(True)
        try:
            path, _note = await self.in_thread(
                self.session.export, wanted.request, wanted.fmt, wanted.path
            )
        except UserError as error:
            reason = str(error)
        except OSError as error:
            reason = f"Không ghi được tệp {wanted.path}: {error.strerror or error}"
        except Exception as error:  # a bug: said in one line, never a silent ctrl+s
            reason = self._unexpected(error)
        else:
            self.dismiss(path)
            return
        finally:
            self._busy = False
        self._working(False)
        self._show_error(reason)

    def _unexpected(self, error: Exception) -> str:
        line = f"Lỗi khi xuất báo cáo: {type(error).__name__}: {error}"
        if self.debug:
            return line + "\n" + "".join(traceback.format_exception(error))
        return " ".join(line.split()) + " (chạy lại với --debug để xem chi tiết)"

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


async def open_export_dialog(app: CchcApp) -> None:
    """x: the dialog over the main list's current filter; a notification
    with the full path once the file is written."""
    await app.main_screen.settled()  # a search typed just before counts as the filter
    flt = app.main_screen.directive_filter
    label = await app.read(app.session.describe_scope, flt)
    if label is None:
        return
    dialog = ExportDialog(
        flt, label, default_export_folder(), app.session.today, debug=app.debug_errors
    )

    def done(path: Path | None) -> None:
        if path is None:
            return
        if app.session.user.signed_in:  # the browser mode: the file goes to the browser
            name = download_name(path)
            app.deliver_binary(path, save_filename=name, mime_type=MIME_TYPES.get(path.suffix))
            app.notify(
                f"Đã gửi tệp {name} về trình duyệt (thư mục Tải xuống).",
                title="Đã xuất báo cáo",
                markup=False,
                timeout=10,
            )
            return
        app.notify(str(path), title="Đã xuất báo cáo", markup=False, timeout=10)

    await app.open_screen(dialog, done)


MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
}


def download_name(path: Path) -> str:
    """An ASCII file name for the browser's download ("Báo cáo.docx" ->
    "Bao-cao.docx"): browsers and Windows agree on it."""
    from cchc_tui.domain.text import fold

    stem = "-".join("".join(c if c.isalnum() else " " for c in fold(path.stem)).split())
    return (stem or "bao-cao") + path.suffix.lower()


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


async def copy_brief(app: CchcApp) -> None:
    """c: the short text of the current filter (or everything) to the
    clipboard; read on a worker's own connection (``session.brief``)."""
    await app.main_screen.settled()
    flt = app.main_screen.directive_filter
    text = await app.read(app.session.brief, flt)
    if text is None:
        return
    if app.session.user.signed_in:
        # the browser mode: the server's clipboard is not the user's; the text
        # opens in a tab of its own to copy from (and OSC 52 where honoured)
        app.copy_to_clipboard(text)
        app.deliver_text(
            io.StringIO(text),
            save_filename="tom-tat.txt",
            open_method="browser",
            mime_type="text/plain; charset=utf-8",
        )
        app.notify(
            "Tóm tắt mở trong một thẻ mới của trình duyệt: ctrl+a, ctrl+c rồi dán vào Zalo.",
            title="Chép tóm tắt",
            markup=False,
        )
        return
    used = await app.in_thread(copy_with_system, text)  # a program, up to seconds
    app.copy_to_clipboard(text)
    how = f" (qua {used})" if used else ""
    app.notify(
        f"Đã chép tóm tắt ({len(text)} ký tự) vào bộ nhớ tạm{how}; dán vào Zalo bằng ctrl+v.",
        title="Chép tóm tắt",
        markup=False,
    )

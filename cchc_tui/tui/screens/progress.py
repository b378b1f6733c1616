"""Progress form (u): one update of a directive, saved through record_update."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, Static

from cchc_tui.domain.dates import format_date, parse_date
from cchc_tui.domain.errors import StaleWriteError, UserError, ValidationError
from cchc_tui.domain.status import Status, parse_progress
from cchc_tui.services.directives import DirectiveDetail, get_directive
from cchc_tui.services.settings import user_name
from cchc_tui.services.updates import record_update
from cchc_tui.tui.widgets.form import FormScreen, field_row
from cchc_tui.tui.widgets.styles import shorten

ALL_LEADS = 0
"""Agency choice meaning every lead of the directive."""

# field of a service error -> the widget it belongs beside
FIELD_WIDGETS = {
    "status": "status",
    "progress": "progress",
    "date": "date",
    "note": "note",
    "evidence": "evidence",
    "agency": "agency",
    "by": "by",
}


class StatusSelect(Select[Status]):
    """The status choice; remembers whether the user picked a status from the
    list (even the one already shown), which then counts as given."""

    picked = False

    def on_select_overlay_update_selection(self) -> None:
        self.picked = True


class ProgressForm(FormScreen):
    """Trạng thái → Tiến độ → Ngày → Ghi chú → Tài liệu kiểm chứng → Cơ quan
    (several leads) → Người cập nhật. ``ctrl+s`` saves, ``escape`` cancels;
    dismisses with the new update id or None."""

    FIELD_WIDGETS = FIELD_WIDGETS

    BINDINGS = [
        Binding("ctrl+s", "save", "Lưu", id="save_progress", tooltip="Lưu cập nhật tiến độ"),
        Binding("escape", "cancel", "Hủy", id="cancel_progress", tooltip="Đóng, không lưu"),
    ]

    def __init__(self, directive_id: int) -> None:
        super().__init__()
        self.directive_id = directive_id
        self.detail: DirectiveDetail = get_directive(self.app.store, directive_id, self.app.today)
        self.version = self.detail.row.version
        self.unit_versions = self._unit_versions()
        self.baseline: tuple[Status, int] = self._baseline(ALL_LEADS)
        self.progress_edited = False
        """Whether the user typed in Tiến độ (then it is given even if equal
        to the pre-filled value, e.g. the mean of several leads)."""

    def _unit_versions(self) -> dict[int, int]:
        """The versions of the units shown (a save after someone else's report is refused)."""
        return {
            a.agency_id: a.version for a in self.detail.assignments if a.role in ("lead", "member")
        }

    def _baseline(self, agency_id: int) -> tuple[Status, int]:
        """Status and progress the form starts from (one lead, or the roll-up)."""
        for lead in self.detail.leads:
            if lead.agency_id == agency_id:
                return lead.status, lead.progress
        return self.detail.row.status, self.detail.row.progress

    def compose(self) -> ComposeResult:
        row, app = self.detail.row, self.app
        status, progress = self.baseline
        with Vertical(classes="dialog form", id="progress-form"):
            yield Static(
                Text(
                    f"Cập nhật tiến độ — Nhiệm vụ {row.number}: {shorten(row.title, 90)}",
                    style="bold",
                ),
                classes="title",
            )
            yield Static(self._current_state(), id="current-state", classes="dim")
            yield field_row(
                "Trạng thái",
                StatusSelect(
                    [(Text(s.label), s) for s in Status],
                    value=status,
                    allow_blank=False,
                    id="status",
                    compact=True,
                ),
                "status",
            )
            yield field_row(
                "Tiến độ (%)", Input(str(progress), id="progress", compact=True), "progress"
            )
            yield field_row(
                "Ngày",
                Input(format_date(app.today), id="date", compact=True, placeholder="dd/mm/yyyy"),
                "date",
            )
            yield field_row("Ghi chú", Input(id="note", compact=True), "note")
            yield field_row(
                "Tài liệu kiểm chứng",
                Input(id="evidence", compact=True, placeholder="số, ngày văn bản hoặc tên tệp"),
                "evidence",
            )
            if len(self.detail.leads) > 1:
                choices = [(Text("Tất cả cơ quan chủ trì"), ALL_LEADS)] + [
                    (Text(lead.agency), lead.agency_id) for lead in self.detail.leads
                ]
                yield field_row(
                    "Cơ quan",
                    Select(choices, value=ALL_LEADS, allow_blank=False, id="agency", compact=True),
                    "agency",
                )
            yield field_row(
                "Người cập nhật", Input(user_name(app.store), id="by", compact=True), "by"
            )
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Lưu (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Hủy (esc)", id="cancel", compact=True)

    def _current_state(self) -> Text:
        row = self.detail.row
        text = Text(f"Hiện tại: {row.state_label} · {row.progress}%")
        if len(self.detail.leads) > 1:
            leads = "; ".join(
                f"{a.agency}: {a.state_label} {a.progress}%" for a in self.detail.leads
            )
            text.append("\n" + shorten(leads, 180))
        return text

    def on_mount(self) -> None:
        self.query_one("#status", Select).focus()

    # -- validation -------------------------------------------------------------------
    @on(Input.Changed, "#progress")
    def _check_progress(self, event: Input.Changed) -> None:
        if event.input.has_focus:
            self.progress_edited = True
        try:
            parse_progress(event.value)
            self._set_error("progress", "")
        except ValidationError as error:
            self._set_error("progress", error.message)

    @on(Input.Changed, "#date")
    def _check_date(self, event: Input.Changed) -> None:
        try:
            parse_date(event.value)
            self._set_error("date", "")
        except ValidationError as error:
            self._set_error("date", error.message)

    @on(Select.Changed, "#agency")
    def _agency_changed(self, event: Select.Changed) -> None:
        """Start from the chosen lead's state, unless the user already changed it."""
        old_status, old_progress = self.baseline
        self.baseline = self._baseline(event.value)
        status = self.query_one("#status", StatusSelect)
        progress = self.query_one("#progress", Input)
        if not status.picked and status.value == old_status:
            status.value = self.baseline[0]
        if not self.progress_edited and progress.value.strip() == str(old_progress):
            progress.value = str(self.baseline[1])

    # -- saving -------------------------------------------------------------------------
    def _read_fields(self) -> dict | None:
        """The parsed fields, or None after showing every invalid one."""
        errors: dict[str, str] = {}
        # The status and percent the user chose or typed are passed as given;
        # the domain ignores, lead by lead, a status equal to the current one.
        # The pre-filled values, left untouched, count as not given.
        select = self.query_one("#status", StatusSelect)
        chosen = select.picked or select.value != self.baseline[0]
        values: dict = {"status": select.value if chosen else None}
        try:
            progress = parse_progress(self.query_one("#progress", Input).value)
            typed = self.progress_edited or progress != self.baseline[1]
            values["progress"] = progress if typed else None
        except ValidationError as error:
            errors["progress"] = error.message
        try:
            values["on"] = parse_date(self.query_one("#date", Input).value)
        except ValidationError as error:
            errors["date"] = error.message
        values["note"] = self.query_one("#note", Input).value
        values["evidence"] = self.query_one("#evidence", Input).value
        agency = (
            self.query_one("#agency", Select).value if len(self.detail.leads) > 1 else ALL_LEADS
        )
        values["agency"] = None if agency == ALL_LEADS else agency
        values["by"] = self.query_one("#by", Input).value
        for name in FIELD_WIDGETS:
            self._set_error(name, errors.get(name, ""))
        self._set_error("form", "")
        if errors:
            self.query_one(f"#{next(iter(errors))}").focus()
            return None
        return values

    def action_save(self) -> None:
        values = self._read_fields()
        if values is None:
            return
        try:
            update_id = record_update(
                self.app.store,
                self.directive_id,
                today=self.app.today,
                expected_version=self.version,
                expected_units=self.unit_versions,
                **values,
            )
        except StaleWriteError as error:
            self._offer_reload(error)
            return
        except UserError as error:
            self.show_user_error(error)
            return
        self.dismiss(update_id)

    def _offer_reload(self, error: StaleWriteError) -> None:
        from cchc_tui.tui.screens.dialogs import ConfirmDialog

        def answered(reload: bool | None) -> None:
            if reload:
                self.reload()
            else:
                self._set_error("form", "Chưa lưu: dữ liệu đã thay đổi. Tải lại để lưu.")

        self.app.push_screen(
            ConfirmDialog(
                f"{error.message}\n\nTải lại dữ liệu mới nhất? (Ghi chú đã nhập được giữ.)",
                yes_label="Tải lại",
                no_label="Để sau",
            ),
            answered,
        )

    def reload(self) -> None:
        """Read the directive again (new version); keep what was typed in text fields."""
        self.detail = get_directive(self.app.store, self.directive_id, self.app.today)
        self.version = self.detail.row.version
        self.unit_versions = self._unit_versions()
        agency = (
            self.query_one("#agency", Select).value if len(self.detail.leads) > 1 else ALL_LEADS
        )
        self.baseline = self._baseline(agency)
        self.query_one("#status", StatusSelect).value = self.baseline[0]
        self.query_one("#status", StatusSelect).picked = False
        self.query_one("#progress", Input).value = str(self.baseline[1])
        self.progress_edited = False
        self.query_one("#current-state", Static).update(self._current_state())
        self._set_error("form", "Đã tải lại dữ liệu mới; kiểm tra rồi lưu lại (ctrl+s).")

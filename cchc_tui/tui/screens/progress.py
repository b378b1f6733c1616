"""Progress form (u): one update of a directive, saved in a worker through
the session."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Select, Static, TextArea
from textual.worker import Worker, WorkerState

from cchc_tui.domain.dates import format_date, parse_date
from cchc_tui.domain.errors import StaleWriteError, UserError, ValidationError
from cchc_tui.domain.status import Status, parse_progress
from cchc_tui.services.updates import RecordedUpdate
from cchc_tui.session import Progress, ProgressFormData
from cchc_tui.tui.actions import action
from cchc_tui.tui.widgets.form import FormScreen, field_row
from cchc_tui.tui.widgets.styles import shorten

ALL_LEADS = 0
"""Agency choice meaning the whole directive (every lead and member)."""

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


def agency_choices(data: ProgressFormData) -> list[tuple[Text, int]]:
    """Whom a report can be for: the whole directive ("Tất cả"), each named
    lead, each group lead ("Cả nhóm") followed by its members."""
    choices = [(Text("Tất cả cơ quan (cả nhiệm vụ)"), ALL_LEADS)]
    grouped = {m.group_id for m in data.members}
    for lead in data.leads:
        if lead.agency_id not in grouped:
            choices.append((Text(lead.agency), lead.agency_id))
            continue
        choices.append((Text(f"Cả nhóm: {lead.agency}"), lead.agency_id))
        for member in data.members:
            if member.group_id == lead.agency_id:
                choices.append((Text(f"  · {member.agency}"), member.agency_id))
    return choices


class ProgressForm(FormScreen[RecordedUpdate | None]):
    """(Cơ quan, when the directive has several units) → Trạng thái → Tiến
    độ → Ngày → Ghi chú → Tài liệu kiểm chứng → Người cập nhật. ``ctrl+s``
    saves, ``escape`` cancels (asking first when something was typed; while
    waiting for another program's lock it cancels the save); dismisses with
    what the save did, or None."""

    FIELD_WIDGETS = FIELD_WIDGETS

    @action("ctrl+s", "Lưu", "Lưu cập nhật tiến độ")
    def action_save(self) -> None:
        if self._saving:
            return
        report = self._read_fields()
        if report is None:
            return
        self._cancel = threading.Event()
        self._working("Đang lưu…")
        self._save(report)

    @action("escape", "Hủy", "Đóng, không lưu")
    def action_cancel(self) -> None:
        if self._saving:
            self._cancel.set()
            self._working("Đang hủy lưu…")
            return
        super().action_cancel()

    def __init__(self, data: ProgressFormData) -> None:
        super().__init__()
        self.data = data
        self.directive_id = data.row.id
        self.choose_agency = len(data.units) > 1
        """Several units: the form asks whom the report is for, first."""
        self.baseline: tuple[Status, int] = self._baseline(ALL_LEADS)
        self.progress_edited = False
        """Whether the user typed in Tiến độ (then it is given even if equal
        to the pre-filled value, e.g. the mean of several leads)."""
        self._saving = False
        self._cancel = threading.Event()

    def _baseline(self, agency_id: int | None) -> tuple[Status, int]:
        """Status and progress the form starts from (one unit, or the roll-up)."""
        for unit in self.data.units:
            if unit.agency_id == agency_id:
                return unit.status, unit.progress
        return self.data.row.status, self.data.row.progress

    def compose(self) -> ComposeResult:
        row = self.data.row
        status, progress = self.baseline
        with Vertical(classes="dialog form", id="progress-form"):
            yield Static(
                Text(
                    f"Cập nhật tiến độ — Nhiệm vụ {row.number} ({row.notice_label}): "
                    f"{shorten(row.title, 80)}",
                    style="bold",
                ),
                classes="title",
            )
            yield Static(self._current_state(), id="current-state", classes="dim")
            if self.choose_agency:
                yield field_row(
                    "Cơ quan báo cáo",
                    Select(
                        agency_choices(self.data),
                        prompt="— chọn cơ quan (gõ vài chữ để tìm) —",
                        id="agency",
                        compact=True,
                    ),
                    "agency",
                )
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
                Input(
                    format_date(self.session.today),
                    id="date",
                    compact=True,
                    placeholder="dd/mm/yyyy",
                ),
                "date",
            )
            yield field_row(
                "Ghi chú",
                # several lines; tab still goes on to the next field, ctrl+s saves
                TextArea(id="note", soft_wrap=True, tab_behavior="focus", compact=True),
                "note",
            )
            yield field_row(
                "Tài liệu kiểm chứng",
                Input(id="evidence", compact=True, placeholder="số, ngày văn bản hoặc tên tệp"),
                "evidence",
            )
            yield field_row(
                "Người cập nhật",
                Input(
                    self.data.default_by,
                    id="by",
                    compact=True,
                    disabled=self.session.user.signed_in,
                ),
                "by",
            )
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Lưu (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Hủy (esc)", id="cancel", compact=True)

    def _current_state(self) -> Text:
        row = self.data.row
        text = Text(f"Hiện tại: {row.state_label} · {row.progress}%")
        if len(self.data.leads) > 1 or self.data.members:
            leads = "; ".join(f"{a.agency}: {a.state_label} {a.progress}%" for a in self.data.leads)
            text.append("\n" + shorten(leads, 180))
        return text

    def on_mount(self) -> None:
        self.query_one("#agency" if self.choose_agency else "#status").focus()

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
        """Start from the chosen unit's state, unless the user already changed it."""
        self._set_error("agency", "")
        old_status, old_progress = self.baseline
        value = event.value if isinstance(event.value, int) else ALL_LEADS
        self.baseline = self._baseline(value)
        status = self.query_one("#status", StatusSelect)
        progress = self.query_one("#progress", Input)
        if not status.picked and status.value == old_status:
            status.value = self.baseline[0]
        if not self.progress_edited and progress.value.strip() == str(old_progress):
            progress.value = str(self.baseline[1])

    # -- saving -------------------------------------------------------------------------
    def _agency(self, errors: dict[str, str]) -> int | None:
        if not self.choose_agency:
            return self.data.units[0].agency_id if self.data.units else None
        value = self.query_one("#agency", Select).value
        if not isinstance(value, int):
            errors["agency"] = (
                "Chọn cơ quan báo cáo (một cơ quan, một thành viên, cả nhóm, hoặc Tất cả)."
            )
            return None
        return None if value == ALL_LEADS else value

    def _read_fields(self) -> Progress | None:
        """The parsed fields, or None after showing every invalid one."""
        errors: dict[str, str] = {}
        agency = self._agency(errors)
        # The status and percent the user chose or typed are passed as given;
        # the domain ignores, unit by unit, a status equal to the current one.
        # The pre-filled values, left untouched, count as not given.
        select = self.query_one("#status", StatusSelect)
        chosen = select.picked or select.value != self.baseline[0]
        status = select.value if chosen and isinstance(select.value, Status) else None
        progress = None
        try:
            typed_progress = parse_progress(self.query_one("#progress", Input).value)
            typed = self.progress_edited or typed_progress != self.baseline[1]
            progress = typed_progress if typed else None
        except ValidationError as error:
            errors["progress"] = error.message
        on_day = None
        try:
            on_day = parse_date(self.query_one("#date", Input).value)
        except ValidationError as error:
            errors["date"] = error.message
        for name in FIELD_WIDGETS:
            self._set_error(name, errors.get(name, ""))
        self._set_error("form", "")
        if errors:
            self.query_one(f"#{next(iter(errors))}").focus()
            return None
        return Progress(
            status=status,
            progress=progress,
            on=on_day,
            note=self.query_one("#note", TextArea).text,
            evidence=self.query_one("#evidence", Input).value,
            agency=agency,
            by=self.query_one("#by", Input).value,
        )

    def _working(self, message: str) -> None:
        self._saving = bool(message)
        self.query_one("#save", Button).disabled = self._saving
        self._set_error("form", message)

    @dataclass
    class Saved(Message):
        """The update was recorded."""

        done: RecordedUpdate

    @dataclass
    class Refused(Message):
        """The save was refused (bad input, a stale read, the lock, a cancel)."""

        error: UserError

    class Waiting(Message):
        """Another program holds the write lock: the save waits."""

    @work(thread=True, exclusive=True, group="save-progress", exit_on_error=False)
    def _save(self, report: Progress) -> None:
        def waiting() -> None:
            self.post_message(self.Waiting())

        try:
            done = self.session.record_progress(
                self.directive_id,
                report,
                expected_version=self.data.row.version,
                expected_units=self.data.unit_versions,
                generation=self.data.generation,
                on_wait=waiting,
                cancel=self._cancel,
            )
        except UserError as error:
            self.post_message(self.Refused(error))
            return
        self.post_message(self.Saved(done))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self._working("")
        self.dismiss(message.done)

    @on(Waiting)
    def _waiting(self) -> None:
        self._working("Đang chờ chương trình khác ghi xong… (esc: hủy lưu)")

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._working("")
        if isinstance(message.error, StaleWriteError):
            self._offer_reload(message.error)
        else:
            self.show_user_error(message.error)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:  # a bug: one line, never a silent ctrl+s
            self._working("")
            self._set_error("form", f"Lỗi khi lưu: {event.worker.error}")

    def _offer_reload(self, error: StaleWriteError) -> None:
        from cchc_tui.tui.screens.dialogs import ConfirmDialog

        def answered(reload: bool | None) -> None:
            if reload:
                self._reload()
            else:
                self._set_error("form", "Chưa lưu: dữ liệu đã thay đổi. Tải lại để lưu.")

        self.app.push_screen(
            ConfirmDialog(
                f"{error.message}\n\nTải lại dữ liệu mới nhất? (Những gì đã gõ được giữ.)",
                yes_label="Tải lại",
                no_label="Để sau",
            ),
            answered,
        )

    @work(exclusive=True, group="reload-progress")
    async def _reload(self) -> None:
        """Read the directive again (new versions); what was typed stays,
        and what changed is said."""
        try:
            data = await self.in_thread(self.session.progress_form, self.directive_id)
        except UserError as error:
            self.show_user_error(error)
            return
        before = {u.agency_id: (u.status, u.progress) for u in self.data.units}
        self.data = data
        agency = self.query_one("#agency", Select).value if self.choose_agency else ALL_LEADS
        old_status, old_progress = self.baseline
        self.baseline = self._baseline(agency if isinstance(agency, int) else ALL_LEADS)
        status = self.query_one("#status", StatusSelect)
        progress = self.query_one("#progress", Input)
        if not status.picked and status.value == old_status:
            status.value = self.baseline[0]
        if not self.progress_edited and progress.value.strip() == str(old_progress):
            progress.value = str(self.baseline[1])
        self.query_one("#current-state", Static).update(self._current_state())
        changed = [
            f"{u.agency}: {u.status.label} {u.progress}%"
            for u in data.units
            if before.get(u.agency_id) != (u.status, u.progress)
        ]
        news = ("Mới: " + "; ".join(changed) + ". ") if changed else ""
        self._set_error(
            "form", f"Đã tải lại dữ liệu mới. {news}Những gì đã gõ được giữ; lưu lại (ctrl+s)."
        )

"""Status rules — stored status, derived timeliness, updates and roll-up.

The one place these rules are written; the TUI, CLI and reports call them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.limits import EVIDENCE_MAX, NOTE_MAX, check_length
from cchc_tui.domain.text import fold


class Status(StrEnum):
    """Stored status of a lead assignment (and the directive's roll-up)."""

    NOT_STARTED = "chua_thuc_hien"
    IN_PROGRESS = "dang_thuc_hien"
    DONE = "hoan_thanh"
    PAUSED = "tam_dung"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.NOT_STARTED: "Chưa thực hiện",
    Status.IN_PROGRESS: "Đang thực hiện",
    Status.DONE: "Hoàn thành",
    Status.PAUSED: "Tạm dừng",
}


class Timeliness(StrEnum):
    """Derived from deadline, completion and *today*; never stored."""

    NO_DEADLINE = "no_deadline"
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"

    @property
    def label(self) -> str:
        return TIMELINESS_LABELS[self]


TIMELINESS_LABELS = {
    Timeliness.NO_DEADLINE: "Thường xuyên",
    Timeliness.ON_TRACK: "Trong hạn",
    Timeliness.DUE_SOON: "Sắp đến hạn",
    Timeliness.OVERDUE: "Quá hạn",
    Timeliness.DONE_ON_TIME: "Hoàn thành đúng hạn",
    Timeliness.DONE_LATE: "Hoàn thành quá hạn",
}

# Order in which counts are shown (most urgent first); a partition of all rows.
TIMELINESS_ORDER = [
    Timeliness.OVERDUE,
    Timeliness.DUE_SOON,
    Timeliness.ON_TRACK,
    Timeliness.NO_DEADLINE,
    Timeliness.DONE_ON_TIME,
    Timeliness.DONE_LATE,
]

DEFAULT_DUE_SOON_DAYS = 7


def parse_status(text: str, field: str = "status") -> Status:
    """A status from its code or its Vietnamese words, with or without
    accents, spaces, hyphens or underscores ("hoàn thành", "hoan-thanh")."""
    key = fold(text or "").replace("-", " ").replace("_", " ")
    key = " ".join(key.split())
    for status in Status:
        if key in (status.value.replace("_", " "), fold(status.label)):
            return status
    allowed = ", ".join(f"{s.value} ({s.label})" for s in Status)
    raise ValidationError(f"Trạng thái '{text}' không hợp lệ; chọn một trong: {allowed}.", field)


def timeliness(
    status: Status | str,
    deadline: date | None,
    completed_on: date | None,
    today: date,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> Timeliness:
    """The timeliness table of DESIGN "Status"."""
    if Status(status) is Status.DONE:
        if deadline is None or (completed_on is not None and completed_on <= deadline):
            return Timeliness.DONE_ON_TIME
        return Timeliness.DONE_LATE
    if deadline is None:
        return Timeliness.NO_DEADLINE
    if today > deadline:
        return Timeliness.OVERDUE
    if today > deadline - timedelta(days=due_soon_days):
        return Timeliness.DUE_SOON
    return Timeliness.ON_TRACK


def is_overdue(status: Status | str, deadline: date | None, today: date) -> bool:
    """Not done and past its deadline: the overdue row of :func:`timeliness`
    (which neither the completion date nor the due-soon window affects)."""
    return timeliness(status, deadline, None, today) is Timeliness.OVERDUE


def timeliness_sql(due_soon_days: int, prefix: str = "") -> str:
    """The same rule as :func:`timeliness` as an SQL expression over the
    columns ``status``, ``deadline``, ``completed_on`` (each behind
    ``prefix``, e.g. "d.") and a ``:today`` parameter; ISO dates compare as
    text. A test keeps the two in agreement."""
    days = int(due_soon_days)
    st, dl, co = f"{prefix}status", f"{prefix}deadline", f"{prefix}completed_on"
    return (
        f"CASE WHEN {st} = 'hoan_thanh' THEN "
        f"(CASE WHEN {dl} IS NULL OR ({co} IS NOT NULL AND {co} <= {dl}) "
        "THEN 'done_on_time' ELSE 'done_late' END) "
        f"WHEN {dl} IS NULL THEN 'no_deadline' "
        f"WHEN :today > {dl} THEN 'overdue' "
        f"WHEN :today > date({dl}, '-{days} days') THEN 'due_soon' "
        "ELSE 'on_track' END"
    )


ROLE_LABELS = {"lead": "Chủ trì", "member": "Thực hiện", "support": "Phối hợp"}
"""A member of a group lead does the work as its part of the group: "thực hiện"."""


def agency_view_sql(column: str, assignment: str = "a", directive: str = "d") -> str:
    """SQL for what one agency sees of an item's ``column`` (status, progress,
    completed_on): a lead its own assignment's value, a support the
    directive's (rolled up from the leads)."""
    return (
        f"CASE {assignment}.role WHEN 'lead' THEN {assignment}.{column} "
        f"ELSE {directive}.{column} END"
    )


def state_label(status: Status | str, tl: Timeliness | str, deadline: date | None = None) -> str:
    """What people see: "Đang thực hiện · Quá hạn", "Hoàn thành đúng hạn"."""
    status, tl = Status(status), Timeliness(tl)
    if status is Status.DONE:
        if tl is Timeliness.DONE_ON_TIME and deadline is None:
            return "Hoàn thành"
        return tl.label
    return f"{status.label} · {tl.label}"


@dataclass(frozen=True)
class AssignmentState:
    """Status, progress and completion date of one lead (or of a directive)."""

    status: Status = Status.NOT_STARTED
    progress: int = 0
    completed_on: date | None = None


@dataclass(frozen=True)
class Report:
    """What one progress update reports (after parsing, before the rules)."""

    on: date
    status: Status | None = None
    progress: int | None = None
    note: str = ""
    evidence: str = ""


def parse_progress(value: str | int | None, field: str = "progress") -> int | None:
    """Percent 0–100 as an int, None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().rstrip("%").strip()
    try:
        number = int(text)
    except ValueError:
        raise ValidationError(
            f"Tiến độ '{value}' không hợp lệ: nhập số nguyên từ 0 đến 100.", field
        ) from None
    if not 0 <= number <= 100:
        raise ValidationError(f"Tiến độ {number} không hợp lệ: phải từ 0 đến 100 (%).", field)
    return number


def validate_report(report: Report, current: list[AssignmentState], today: date) -> None:
    """Refuse a report that breaks a rule, naming the field. ``current`` are
    the states of the leads it applies to."""
    check_length(report.note, NOTE_MAX, "note", "Ghi chú")
    check_length(report.evidence, EVIDENCE_MAX, "evidence", "Tài liệu kiểm chứng")
    if report.on > today:
        raise ValidationError(
            f"Ngày cập nhật {report.on:%d/%m/%Y} ở sau ngày hôm nay ({today:%d/%m/%Y}).", "date"
        )
    status_given = report.status is not None and any(report.status is not s.status for s in current)
    if not (status_given or report.progress is not None or report.note or report.evidence):
        raise ValidationError(
            "Cập nhật trống: cần ít nhất một trong trạng thái mới, tiến độ, ghi chú "
            "hoặc tài liệu kiểm chứng.",
            "status",
        )
    if report.status is Status.DONE and report.progress not in (None, 100):
        raise ValidationError(
            f"Trạng thái Hoàn thành đi với tiến độ 100%, không phải {report.progress}%.",
            "progress",
        )
    if report.status is Status.NOT_STARTED and report.progress not in (None, 0):
        raise ValidationError(
            f"Trạng thái Chưa thực hiện đi với tiến độ 0%, không phải {report.progress}%.",
            "progress",
        )
    if report.status in (Status.IN_PROGRESS, Status.PAUSED) and report.progress == 100:
        raise ValidationError(
            "Tiến độ 100% nghĩa là Hoàn thành; chọn trạng thái Hoàn thành hoặc nhập dưới 100.",
            "progress",
        )
    for state in current:
        if state.status is Status.DONE and reopens(state, report) and not report.note.strip():
            raise ValidationError("Mở lại nhiệm vụ đã hoàn thành cần ghi chú lý do.", "note")


def reopens(state: AssignmentState, report: Report) -> bool:
    """Whether ``report`` takes a done lead back to not done."""
    if state.status is not Status.DONE:
        return False
    if report.status is not None and report.status is not Status.DONE:
        return True
    return report.progress is not None and report.progress < 100


def apply_report(state: AssignmentState, report: Report) -> AssignmentState:
    """The lead's state after ``report`` (assumed valid)."""
    status = report.status if report.status is not state.status else None
    progress = report.progress
    if status is None and progress == 100:
        status = Status.DONE
    if status is None and progress is not None and 0 < progress < 100:
        if state.status in (Status.NOT_STARTED, Status.DONE):
            status = Status.IN_PROGRESS
    if status is None:
        new_progress = state.progress if progress is None else progress
        return replace(state, progress=new_progress)
    if status is Status.DONE:
        return AssignmentState(Status.DONE, 100, report.on)
    if progress is None:
        progress = 0 if status is Status.NOT_STARTED else min(state.progress, 99)
    return AssignmentState(status, progress, None)


def round_half_up_mean(values: list[int]) -> int:
    if not values:
        return 0
    return (2 * sum(values) + len(values)) // (2 * len(values))


def roll_up(leads: list[AssignmentState]) -> AssignmentState:
    """The directive's state from its leads' states (DESIGN roll-up rule)."""
    if not leads:
        return AssignmentState()
    progress = round_half_up_mean([s.progress for s in leads])
    statuses = {s.status for s in leads}
    if statuses == {Status.DONE}:
        dates = [s.completed_on for s in leads if s.completed_on]
        return AssignmentState(Status.DONE, progress, max(dates) if dates else None)
    if statuses & {Status.IN_PROGRESS, Status.DONE}:
        return AssignmentState(Status.IN_PROGRESS, progress, None)
    if statuses == {Status.PAUSED}:
        return AssignmentState(Status.PAUSED, progress, None)
    return AssignmentState(Status.NOT_STARTED, progress, None)

"""What several reports share: the request, the scope in words, the
official counts sentence, the directive lines of the appendix and the
agency table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.periods import period_phrase, previous_period
from cchc_tui.domain.status import (
    STATUS_LABELS,
    TIMELINESS_LABELS,
    TIMELINESS_ORDER,
    Status,
    Timeliness,
)
from cchc_tui.reports.model import (
    DATE,
    HEADING,
    INT,
    ITEM,
    LEVEL,
    PERCENT,
    STRONG,
    Column,
    Report,
    Table,
    percent_text,
)
from cchc_tui.services.agencies import agency_name
from cchc_tui.services.agency_table import AgencyCounts, Group, agency_lines
from cchc_tui.services.as_of import (
    DirectiveState,
    UnitState,
    count_timeliness,
    directives_as_of,
)
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.store.database import Store


@dataclass(frozen=True)
class ReportRequest:
    """What to report: which report, as of which day, over which directives
    and period, with the texts the user wrote for sections II and III."""

    name: str
    as_of: date
    scope: DirectiveFilter = field(default_factory=DirectiveFilter)
    date_from: date | None = None
    date_to: date | None = None
    findings: str = ""
    proposals: str = ""

    @property
    def period(self) -> tuple[date, date] | None:
        """The report period (from --from to --to or the as-of day), if any."""
        if self.date_from is None:
            return None
        return self.date_from, self.date_to or self.as_of


# -- words -------------------------------------------------------------------


def notice_phrase(notice: dict) -> str:
    """ "Thông báo kết luận số 12/TB-UBND ngày 20/8/2024" as far as known."""
    text = notice["kind"] or "Văn bản"
    if notice.get("number"):
        text += f" số {notice['number']}"
    if notice.get("issued_on"):
        text += f" ngày {format_date(notice['issued_on'])}"
    elif notice.get("meeting_on"):
        text += f" hội nghị ngày {format_date(notice['meeting_on'])}"
    return text


def notice_phrases(store: Store, ids) -> dict[int, str]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = store.rows(f"SELECT * FROM notices WHERE id IN ({','.join('?' * len(ids))})", ids)
    return {r["id"]: notice_phrase(r) for r in rows}


def describe_scope(store: Store, scope: DirectiveFilter) -> str:
    """ "Phạm vi: …" in words, or "" when the report covers everything."""
    parts = scope_parts(store, scope)
    return ("Phạm vi: " + "; ".join(parts) + ".") if parts else ""


def filter_label(store: Store, flt: DirectiveFilter) -> str:
    """The main list's filters in a line: "Lọc: cơ quan Phòng Nội vụ ·
    tình trạng quá hạn" (the search box says its own part)."""
    parts = scope_parts(store, replace(flt, search=""))
    return ("Lọc: " + " · ".join(parts)) if parts else ""


def scope_parts(store: Store, scope: DirectiveFilter) -> list[str]:
    """What a filter keeps, in words, one part per field."""
    parts = []
    if scope.notice_id is not None:
        phrase = notice_phrases(store, [scope.notice_id]).get(scope.notice_id)
        parts.append(phrase or f"văn bản số {scope.notice_id}")
    if scope.agency_id is not None:
        name = agency_name(store, scope.agency_id)
        parts.append(f"cơ quan {name or scope.agency_id}")
    if scope.statuses:
        parts.append("trạng thái " + ", ".join(STATUS_LABELS[s].lower() for s in scope.statuses))
    if scope.timeliness:
        parts.append(
            "tình trạng " + ", ".join(TIMELINESS_LABELS[t].lower() for t in scope.timeliness)
        )
    if scope.unreported:
        parts.append("chưa báo cáo")
    if scope.search:
        parts.append(f"tìm “{scope.search}”")
    if scope.archived == "archived":
        parts.append("chỉ nhiệm vụ đã lưu trữ")
    elif scope.archived == "all":
        parts.append("kể cả nhiệm vụ đã lưu trữ")
    return parts


def issuer_name(settings: dict) -> str:
    """Who issues the report: the setting, else the committee, else the organisation."""
    return (
        (settings.get("report_issuer") or "").strip()
        or (settings.get("committee") or "").strip()
        or (settings.get("organisation") or "").strip()
        or "Ban Chỉ đạo"
    )


def set_counts(report: Report, directives: list[DirectiveState]) -> None:
    """The report's counts by timeliness (a partition of ``directives``)."""
    counts = count_timeliness(directives)
    report.counts = [(TIMELINESS_LABELS[t], counts[t]) for t in TIMELINESS_ORDER]
    report.meta["counts_by_code"] = {t.value: counts[t] for t in TIMELINESS_ORDER}


# -- the official counts -----------------------------------------------------


@dataclass
class SummaryCounts:
    """N = done (on time + late) + not done (within deadline + overdue + ongoing)."""

    done_on_time: int = 0
    done_late: int = 0
    in_time: int = 0
    due_soon: int = 0  # of in_time
    overdue: int = 0
    ongoing: int = 0
    paused: int = 0  # counted by their deadline state too

    @classmethod
    def of(cls, directives: list[DirectiveState]) -> SummaryCounts:
        counts = cls()
        for d in directives:
            tl = d.timeliness
            if tl is Timeliness.DONE_ON_TIME:
                counts.done_on_time += 1
            elif tl is Timeliness.DONE_LATE:
                counts.done_late += 1
            elif tl is Timeliness.OVERDUE:
                counts.overdue += 1
            elif tl is Timeliness.NO_DEADLINE:
                counts.ongoing += 1
            else:
                counts.in_time += 1
                counts.due_soon += tl is Timeliness.DUE_SOON
            counts.paused += d.state.status is Status.PAUSED
        return counts

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def not_done(self) -> int:
        return self.in_time + self.overdue + self.ongoing

    @property
    def total(self) -> int:
        return self.done + self.not_done

    def sentence(self, what: str = "nhiệm vụ") -> str:
        """ "Tổng số 7 nhiệm vụ; đã hoàn thành 2 nhiệm vụ (28,6%), trong đó
        đúng hạn 1, quá hạn 1; chưa hoàn thành 5 nhiệm vụ (71,4%), trong đó
        trong hạn 1, quá hạn 2 (28,6%), thường xuyên 2."."""
        n = self.total
        if not n:
            return f"Không có {what} nào trong phạm vi báo cáo."
        text = (
            f"Tổng số {n} {what}; đã hoàn thành {self.done} {what} ({percent_text(self.done, n)})"
        )
        if self.done:
            text += f", trong đó đúng hạn {self.done_on_time}, quá hạn {self.done_late}"
        text += f"; chưa hoàn thành {self.not_done} {what} ({percent_text(self.not_done, n)})"
        if self.not_done:
            parts = []
            soon = f" (sắp đến hạn {self.due_soon})" if self.due_soon else ""
            parts.append(f"trong hạn {self.in_time}{soon}")
            parts.append(f"quá hạn {self.overdue} ({percent_text(self.overdue, n)})")
            parts.append(f"thường xuyên {self.ongoing}")
            text += ", trong đó " + ", ".join(parts)
        if self.paused:
            text += f"; có {self.paused} {what} đang tạm dừng"
        return text + "."

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "done": self.done,
            "done_on_time": self.done_on_time,
            "done_late": self.done_late,
            "not_done": self.not_done,
            "in_time": self.in_time,
            "due_soon": self.due_soon,
            "overdue": self.overdue,
            "ongoing": self.ongoing,
            "paused": self.paused,
        }


def _change(word: str, now: int, before: int) -> str:
    if now == before:
        return f"số nhiệm vụ {word} không đổi ({now})"
    verb = "tăng" if now > before else "giảm"
    return f"số nhiệm vụ {word} {verb} {abs(now - before)} (từ {before} {'lên' if now > before else 'xuống'} {now})"


def period_sentences(
    store: Store, request: ReportRequest, directives: list[DirectiveState]
) -> tuple[list[str], dict]:
    """What was done in the period, and the change against the previous
    period (done and overdue counts at the two periods' ends)."""
    period = request.period
    if period is None:
        return [], {}
    start, end = period
    before_start, before_end = previous_period(start, end)
    at_end = directives if end == request.as_of else directives_as_of(store, end, request.scope)
    at_before = directives_as_of(store, before_end, request.scope)

    def done_in(items: list[DirectiveState], a: date, b: date) -> int:
        return sum(
            1
            for d in items
            if d.state.status is Status.DONE
            and d.state.completed_on
            and a <= d.state.completed_on <= b
        )

    now, then = SummaryCounts.of(at_end), SummaryCounts.of(at_before)
    done_now, done_then = done_in(at_end, start, end), done_in(at_before, before_start, before_end)
    phrase, before_phrase = period_phrase(start, end), period_phrase(before_start, before_end)
    lines = [
        f"Trong kỳ báo cáo ({phrase}) hoàn thành {done_now} nhiệm vụ; kỳ trước "
        f"({before_phrase}) hoàn thành {done_then} nhiệm vụ.",
        f"So với cuối kỳ trước (ngày {format_date(before_end)}), "
        + _change("đã hoàn thành", now.done, then.done)
        + ", "
        + _change("quá hạn", now.overdue, then.overdue)
        + ".",
    ]
    meta = {
        "period": {"from": start, "to": end, "done": done_now},
        "previous_period": {
            "from": before_start,
            "to": before_end,
            "done": done_then,
            "done_total": then.done,
            "overdue": then.overdue,
        },
        "change": {"done": now.done - then.done, "overdue": now.overdue - then.overdue},
    }
    return lines, meta


# -- directive lines (one per lead) ------------------------------------------

DEADLINE_STATES = {
    Timeliness.DONE_ON_TIME: "Đúng hạn",
    Timeliness.DONE_LATE: "Quá hạn",
    Timeliness.OVERDUE: "Quá hạn",
    Timeliness.DUE_SOON: "Sắp đến hạn",
    Timeliness.ON_TRACK: "Trong hạn",
    Timeliness.NO_DEADLINE: "Thường xuyên",
}

NOTICE = Column("notice", "Văn bản", width=20, page=False)
NUMBER = Column("number", "STT", INT, 4, merge=True)
TITLE = Column("title", "Nhiệm vụ", width=30, merge=True)
DEADLINE = Column("deadline", "Thời hạn", DATE, 10, "Thường xuyên", merge=True)
LEAD = Column("lead", "Cơ quan chủ trì", width=20, empty="Chưa giao")
STATUS = Column("status", "Trạng thái", width=14, page_title="Tình trạng")
DEADLINE_STATE = Column("deadline_state", "Đánh giá thời hạn", width=12, join="\n")
PROGRESS = Column("progress", "Tiến độ", PERCENT, 6)
RESULT = Column("result", "Kết quả thực hiện", width=30)
EVIDENCE = Column("evidence", "Tài liệu kiểm chứng", width=18)
SUPPORT = Column("support", "Cơ quan phối hợp", width=20, merge=True)
LAST_UPDATE = Column("last_update", "Cập nhật gần nhất", DATE, 11, page=False)
COMPLETED = Column("completed_on", "Ngày hoàn thành", DATE, 11, page=False)

DIRECTIVE_COLUMNS = [
    NOTICE,
    NUMBER,
    TITLE,
    DEADLINE,
    LEAD,
    STATUS,
    DEADLINE_STATE,
    PROGRESS,
    RESULT,
    EVIDENCE,
    SUPPORT,
    LAST_UPDATE,
    COMPLETED,
]


def deadline_state(unit_tl: Timeliness, deadline: date | None) -> str:
    return "Thường xuyên" if deadline is None else DEADLINE_STATES[unit_tl]


def unit_result(unit: UnitState) -> str:
    """The lead's latest note, with its date."""
    if not unit.last_note:
        return ""
    return f"{format_date(unit.note_on)}: {unit.last_note}" if unit.note_on else unit.last_note


def directive_line(d: DirectiveState, unit: UnitState | None, notice: str) -> dict:
    """One line of the directive table: one lead of one directive."""
    row = d.row
    line = {
        ITEM: row.id,
        "directive_id": row.id,
        "notice_id": row.notice_id,
        "notice": notice,
        "number": row.number,
        "label": f"Nhiệm vụ {row.number}",
        "title": row.title,
        "deadline": row.deadline,
        "deadline_text": row.deadline_text,
        "support": "; ".join(row.support),
        "directive_status": d.state.status.value,
        "directive_timeliness": d.timeliness.value,
        "directive_progress": d.state.progress,
    }
    if unit is None:
        return line | {
            "lead": "",
            "status": STATUS_LABELS[d.state.status],
            "status_code": d.state.status.value,
            "timeliness": d.timeliness.value,
            "deadline_state": deadline_state(d.timeliness, row.deadline),
            "progress": d.state.progress,
            "result": "",
            "evidence": "",
            "last_update": d.last_on,
            "completed_on": d.state.completed_on,
        }
    return line | {
        "lead": unit.agency,
        "lead_id": unit.agency_id,
        "status": STATUS_LABELS[unit.state.status],
        "status_code": unit.state.status.value,
        "timeliness": unit.timeliness.value,
        "deadline_state": deadline_state(unit.timeliness, row.deadline),
        "progress": unit.state.progress,
        "result": unit_result(unit),
        "evidence": unit.evidence,
        "last_update": unit.last_on,
        "completed_on": unit.state.completed_on,
        "reported": unit.reported,
    }


def _lead_line(d: DirectiveState, unit: UnitState, notice: str) -> dict:
    """A lead's line; a group lead with members says how they stand."""
    line = directive_line(d, unit, notice)
    if unit.counts is not None and unit.members:
        late = [m.agency for m in unit.members if m.timeliness is Timeliness.OVERDUE]
        text = unit.counts.text()
        if late and len(late) <= 5:
            text += " (" + "; ".join(late) + ")"
        line["result"] = text + (f". {line['result']}" if line["result"] else "")
    return line


def grouped_by_notice(store: Store, directives: list[DirectiveState], lines_of) -> list[dict]:
    """The lines of each directive (``lines_of(d, notice_label)``), under a
    heading line per notice when there are several notices."""
    phrases = notice_phrases(store, [d.row.notice_id for d in directives])
    several = len(phrases) > 1
    out: list[dict] = []
    current = None
    for d in directives:
        if several and d.row.notice_id != current:
            current = d.row.notice_id
            out.append({HEADING: phrases.get(current, d.row.notice_label)})
        out.extend(lines_of(d, d.row.notice_label))
    return out


def directive_lines(store: Store, directives: list[DirectiveState]) -> list[dict]:
    """Every lead of every directive, grouped by notice."""

    def lines(d: DirectiveState, notice: str) -> list[dict]:
        return [_lead_line(d, u, notice) for u in d.leads] or [directive_line(d, None, notice)]

    return grouped_by_notice(store, directives, lines)


# -- the agency table --------------------------------------------------------

AGENCY_COLUMNS = [
    Column("stt", "STT", INT, 4),
    Column("agency", "Cơ quan, đơn vị", width=30),
    Column("total", "Số nhiệm vụ chủ trì", INT, 9),
    Column("done_on_time", "Đúng hạn", INT, 8, group="Đã hoàn thành"),
    Column("done_late", "Quá hạn", INT, 8, group="Đã hoàn thành"),
    Column("in_time", "Trong hạn", INT, 8, group="Chưa hoàn thành"),
    Column("overdue", "Quá hạn", INT, 8, group="Chưa hoàn thành"),
    Column("ongoing", "Thường xuyên", INT, 9, group="Chưa hoàn thành"),
    Column("percent_done", "Tỷ lệ hoàn thành", PERCENT, 9),
    Column("overdue_list", "Nhiệm vụ quá hạn", width=16, page=False),
]


def _agency_row(line: AgencyCounts, stt) -> dict:
    row = {
        "stt": stt,
        "agency_id": line.agency_id,
        "agency": line.name,
        "kind": line.kind,
        "total": line.total,
        "done": line.done,
        "done_on_time": line.done_on_time,
        "done_late": line.done_late,
        "not_done": line.not_done,
        "in_time": line.in_time,
        "overdue": line.overdue,
        "ongoing": line.ongoing,
        "percent_done": line.percent_done,
        "overdue_list": ", ".join(line.overdue_items),
    }
    if line.overdue:
        row["timeliness"] = Timeliness.OVERDUE.value
    if line.level:
        row[LEVEL] = line.level
    if line.subtotal:
        row[STRONG] = True
    return row


def agency_table(
    directives: list[DirectiveState],
    agency_id: int | None = None,
    groups: Sequence[Group] = (),
) -> tuple[Table, list[AgencyCounts], AgencyCounts]:
    """The agency table over the directives' tracked units (only the units
    of ``agency_id`` when given). ``groups``: the groups with their members."""
    units = [u for d in directives for u in d.units]
    if agency_id is not None:
        # one agency: its own line; one group: its block
        groups = [g for g in groups if g.agency_id == agency_id]
        wanted = {agency_id} | {m for g in groups for m in g.members}
        units = [u for u in units if u.agency_id in wanted]
    labels = {d.id: str(d.row.number) for d in directives}
    lines, total = agency_lines(units, list(groups), labels)
    rows, stt = [], 0
    for line in lines:
        if line.level == 0:
            stt += 1
        rows.append(_agency_row(line, stt if line.level == 0 else ""))
    total_row = _agency_row(total, "")
    total_row.pop("timeliness", None)
    table = Table(list(AGENCY_COLUMNS), rows, total=total_row, name="Theo cơ quan")
    return table, lines, total


def groups_with_members(store: Store) -> list[Group]:
    """Every group agency with its current members (for the agency table)."""
    members: dict[int, list[int]] = {}
    for group_id, member_id in store.conn.execute(
        "SELECT group_id, member_id FROM agency_members WHERE removed_at IS NULL"
    ):
        members.setdefault(group_id, []).append(member_id)
    return [
        Group(r["id"], r["name"], r["sort_key"], tuple(members.get(r["id"], ())))
        for r in store.rows(
            "SELECT id, name, sort_key FROM agencies WHERE kind='group' AND merged_into IS NULL"
        )
    ]


def overdue_by_agency(lines: list[AgencyCounts]) -> list[str]:
    """ "Phòng Nội vụ: nhiệm vụ 1, 3." for each line with overdue items."""
    return [
        f"{line.name}: nhiệm vụ {', '.join(line.overdue_items)}."
        for line in lines
        if line.overdue_items and line.level == 0
    ]

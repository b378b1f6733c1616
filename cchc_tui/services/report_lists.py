"""The list reports: overdue and due-soon items (one line per lead that is
late or nearly), the history of updates in a period, and the brief."""

from __future__ import annotations

import json
from datetime import date

from cchc_tui.domain.dates import format_date, long_vn_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.status import STATUS_LABELS, Status, Timeliness
from cchc_tui.reports.model import DATE, HEADING, INT, ITEM, Column, Report, Table
from cchc_tui.services.as_of import DirectiveState, directives_as_of
from cchc_tui.services.history import describe_changes
from cchc_tui.services.report_common import (
    DEADLINE,
    LAST_UPDATE,
    LEAD,
    NOTICE,
    NUMBER,
    PROGRESS,
    TITLE,
    ReportRequest,
    SummaryCounts,
    grouped_by_notice,
    notice_phrases,
    set_counts,
    unit_result,
)
from cchc_tui.services.settings import due_soon_days
from cchc_tui.store.database import Store

OVERDUE_TITLE = "Các nhiệm vụ quá hạn và sắp đến hạn"
HISTORY_TITLE = "Các lần cập nhật tiến độ"
BRIEF_TITLE = "Tóm tắt tình hình thực hiện nhiệm vụ"
LATE = (Timeliness.OVERDUE, Timeliness.DUE_SOON)


def _days(deadline: date, as_of: date) -> tuple[str, int | None, int | None]:
    delta = (as_of - deadline).days
    if delta > 0:
        return f"Trễ {delta} ngày", delta, None
    return f"Còn {-delta} ngày", None, -delta


def _notice_order(directives: list[DirectiveState]) -> dict[int, int]:
    """Each notice's place in the list (newest first, as the list shows them)."""
    order: dict[int, int] = {}
    for d in directives:
        order.setdefault(d.row.notice_id, len(order))
    return order


def build_overdue(store: Store, report: Report, request: ReportRequest) -> None:
    wanted: tuple[Timeliness, ...] = LATE
    if request.scope.timeliness:
        wanted = tuple(t for t in LATE if t in request.scope.timeliness)
    everything = directives_as_of(store, request.as_of, request.scope)
    set_counts(report, everything)
    order = _notice_order(everything)
    directives = [d for d in everything if d.timeliness in wanted]
    directives.sort(
        key=lambda d: (
            order[d.row.notice_id],
            d.timeliness is not Timeliness.OVERDUE,
            d.row.deadline or date.max,
            d.row.number,
        )
    )

    def lines(d: DirectiveState, notice: str) -> list[dict]:
        out = []
        deadline = d.row.deadline
        assert deadline is not None  # overdue or due soon: it has a deadline
        units = [u for u in d.units if u.timeliness in LATE] or d.units[:1]
        for unit in units:
            text, late, left = _days(deadline, request.as_of)
            out.append(
                {
                    ITEM: d.id,
                    "directive_id": d.id,
                    "notice_id": d.row.notice_id,
                    "notice": notice,
                    "number": d.row.number,
                    "label": f"Nhiệm vụ {d.row.number}",
                    "title": d.row.title,
                    "deadline": d.row.deadline,
                    "lead": unit.agency,
                    "days": text,
                    "days_late": late,
                    "days_left": left,
                    "status": STATUS_LABELS[unit.state.status],
                    "progress": unit.state.progress,
                    "result": unit_result(unit),
                    "last_update": unit.last_on,
                    "timeliness": unit.timeliness.value,
                }
            )
        return out

    report.table = Table(
        [
            NOTICE,
            NUMBER,
            TITLE,
            DEADLINE,
            LEAD,
            Column("days", "Số ngày", width=10, page_title="Số ngày"),
            Column("days_late", "Số ngày quá hạn", INT, 8, page=False),
            Column("days_left", "Số ngày còn lại", INT, 8, page=False),
            Column("status", "Trạng thái", width=14, page_title="Tình trạng"),
            PROGRESS,
            Column("result", "Kết quả gần nhất", width=30),
            LAST_UPDATE,
        ],
        grouped_by_notice(store, directives, lines),
        name="Quá hạn, sắp đến hạn",
    )
    late = sum(1 for d in directives if d.timeliness is Timeliness.OVERDUE)
    report.title = OVERDUE_TITLE + f" tính đến ngày {format_date(request.as_of)}"
    report.intro = [
        f"Tính đến {long_vn_date(request.as_of)} có {late} nhiệm vụ quá hạn và "
        f"{len(directives) - late} nhiệm vụ sắp đến hạn (trong {due_soon_days(store)} ngày tới)."
    ]
    report.meta["overdue"] = late
    report.meta["due_soon"] = len(directives) - late


def build_history(store: Store, report: Report, request: ReportRequest) -> None:
    date_from, date_to = request.date_from, request.date_to or request.as_of
    if date_from and date_from > date_to:
        raise ValidationError(
            f"Từ ngày {format_date(date_from)} sau đến ngày {format_date(date_to)}.", "from"
        )
    in_scope = directives_as_of(store, request.as_of, request.scope)
    set_counts(report, in_scope)
    directives = {d.id: d for d in in_scope}
    phrases = notice_phrases(store, [d.row.notice_id for d in directives.values()])
    several = len(phrases) > 1
    updates = []
    if directives:
        ids = list(directives)
        marks = ",".join("?" * len(ids))
        updates = store.rows(
            f"""
            SELECT u.*, ag.name AS agency_name,
                   (SELECT r.id FROM updates r WHERE r.retracts_id = u.id) AS retracted_by
            FROM updates u LEFT JOIN agencies ag ON ag.id = u.agency_id
            WHERE u.directive_id IN ({marks}) AND u.reported_on BETWEEN ? AND ?
            ORDER BY u.reported_on, u.id
            """,
            ids + [(date_from or date.min).isoformat(), date_to.isoformat()],
        )
    notice_order = _notice_order(list(directives.values()))
    if several:
        updates.sort(key=lambda u: notice_order[directives[u["directive_id"]].row.notice_id])
    rows: list[dict] = []
    current = None
    stt = 0
    for u in updates:
        d = directives[u["directive_id"]]
        if several and d.row.notice_id != current:
            current = d.row.notice_id
            rows.append({HEADING: phrases.get(current, d.row.notice_label)})
        if u["kind"] == "retraction":
            change = f"Rút lại cập nhật #{u['retracts_id']}"
        else:
            change = describe_changes(json.loads(u["changes"])) or "Báo cáo (không đổi tiến độ)"
        if u["retracted_by"]:
            change += f" [đã rút lại bởi #{u['retracted_by']}]"
        stt += 1
        rows.append(
            {
                "stt": stt,
                "update_id": u["id"],
                "directive_id": d.id,
                "notice": d.row.notice_label,
                "date": date.fromisoformat(u["reported_on"]),
                "directive": f"Nhiệm vụ {d.row.number}: {d.row.title}",
                "agency": u["agency_name"] or "Các cơ quan chủ trì",
                "change": change,
                "note": u["note"],
                "evidence": u["evidence"],
                "by": u["recorded_by"],
                "kind": u["kind"],
                "retracted": u["retracted_by"] is not None,
                "recorded_at": u["recorded_at"],
            }
        )
    report.table = Table(
        [
            Column("stt", "STT", INT, 4),
            NOTICE,
            Column("date", "Ngày báo cáo", DATE, 10),
            Column("directive", "Nhiệm vụ", width=26),
            Column("agency", "Cơ quan", width=18),
            Column("change", "Thay đổi", width=24),
            Column("note", "Ghi chú", width=22, page_title="Ghi chú, kiểm chứng"),
            Column("evidence", "Tài liệu kiểm chứng", width=14, join="\nKiểm chứng: "),
            Column("by", "Người cập nhật", width=12),
        ],
        rows,
        name="Lịch sử cập nhật",
    )
    since = f"từ ngày {format_date(date_from)} " if date_from else ""
    report.title = f"{HISTORY_TITLE} {since}đến ngày {format_date(date_to)}"
    report.meta["from"] = date_from
    report.meta["to"] = date_to
    report.intro = [f"Có {stt} lần cập nhật tiến độ được ghi nhận trong khoảng thời gian trên."]


def late_leads(d: DirectiveState) -> list[str]:
    """Who is late on a directive, briefly: a named lead by name; a group's
    late members by name when few, else as a count ("UBND các xã, thị trấn:
    8/12 quá hạn")."""
    out = []
    for lead in d.leads:
        if not lead.members:
            if lead.timeliness is Timeliness.OVERDUE:
                out.append(lead.agency)
            continue
        late = [m.agency for m in lead.members if m.timeliness is Timeliness.OVERDUE]
        if 0 < len(late) <= 3:
            out += late
        elif late:
            out.append(f"{lead.agency}: {len(late)}/{len(lead.members)} quá hạn")
    return list(dict.fromkeys(out))


def build_brief(store: Store, report: Report, request: ReportRequest) -> None:
    everything = directives_as_of(store, request.as_of, request.scope)
    set_counts(report, everything)
    counts = SummaryCounts.of(everything)
    directives = [d for d in everything if d.timeliness is Timeliness.OVERDUE]
    order = _notice_order(everything)
    directives.sort(
        key=lambda d: (order[d.row.notice_id], d.row.deadline or date.max, d.row.number)
    )

    def lines(d: DirectiveState, notice: str) -> list[dict]:
        late = late_leads(d)
        return [
            {
                "number": d.row.number,
                "notice": notice,
                "label": f"Nhiệm vụ {d.row.number}",
                "title": d.row.title,
                "lead": "; ".join(late or d.row.lead),
                "deadline": d.row.deadline,
                "days_late": (request.as_of - d.row.deadline).days if d.row.deadline else 0,
                "status": d.state.status.value,
                "timeliness": d.timeliness.value,
            }
        ]

    report.table = Table(
        [
            NUMBER,
            NOTICE,
            Column("label", "Nhiệm vụ số", width=12),
            TITLE,
            Column("lead", "Chủ trì", width=22),
            DEADLINE,
        ],
        grouped_by_notice(store, directives, lines),
    )
    report.meta["summary"] = counts.to_json()
    report.meta["paused"] = sum(1 for d in everything if d.state.status is Status.PAUSED)

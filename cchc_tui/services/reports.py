"""Report builders: the rows, counts and narrative of each report, from the
store, for the formats in ``cchc_tui.reports`` (summary, agencies, overdue,
history, brief). Scope is a DirectiveFilter (the TUI's current filter or the
CLI's --notice/--agency/--status)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from cchc_tui.domain.dates import format_date, long_vn_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.status import (
    STATUS_LABELS,
    TIMELINESS_LABELS,
    TIMELINESS_ORDER,
    Timeliness,
    is_overdue,
)
from cchc_tui.reports.model import DATE, INT, PERCENT, Column, Report, Section
from cchc_tui.services import indicator_reports
from cchc_tui.services.agencies import agency_name
from cchc_tui.services.directives import (
    DirectiveFilter,
    DirectiveRow,
    count_by_timeliness,
    list_directives,
)
from cchc_tui.services.history import describe_changes
from cchc_tui.services.settings import due_soon_days, get_settings
from cchc_tui.store.database import Store
from cchc_tui.store.paths import owned_by

REPORT_TITLES = {
    "summary": "Tình hình thực hiện nhiệm vụ của Ban Chỉ đạo cải cách hành chính",
    "agencies": "Tình hình thực hiện nhiệm vụ theo cơ quan, đơn vị",
    "overdue": "Các nhiệm vụ quá hạn và sắp đến hạn",
    "history": "Các lần cập nhật tiến độ",
    "brief": "Tóm tắt tình hình thực hiện nhiệm vụ",
    "indicators": indicator_reports.TITLES["indicators"],
    "reminder": indicator_reports.TITLES["reminder"],
}

STT = Column("stt", "STT", INT, 4, word_mm=12)
STATE = Column("state", "Tình trạng", width=16, page_title="Tình trạng, tiến độ", word_mm=22)
PROGRESS = Column("progress", "Tiến độ", PERCENT, 5, join="\n")
LAST_UPDATE = Column("last_update", "Cập nhật gần nhất", DATE, 11, "Chưa cập nhật", word_mm=22)
LAST_NOTE = Column("last_note", "Ghi chú cập nhật", width=24, join="\n")
DEADLINE = Column("deadline", "Thời hạn", DATE, 12, "Thường xuyên", word_mm=22)


def build_report(
    store: Store,
    name: str,
    today: date,
    scope: DirectiveFilter | None = None,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    made_on: datetime | None = None,
) -> Report:
    """The report ``name`` over the directives in ``scope``, judged at ``today``."""
    builders = {
        "summary": _summary,
        "agencies": _agencies,
        "overdue": _overdue,
        "history": _history,
        "brief": _brief,
        "indicators": indicator_reports.build_indicators,
        "reminder": indicator_reports.build_reminder,
    }
    if name not in builders:
        allowed = ", ".join(builders)
        raise ValidationError(f"Không có báo cáo '{name}'; chọn một trong: {allowed}.", "report")
    scope = scope or DirectiveFilter()
    report = Report(
        name=name,
        title=REPORT_TITLES[name],
        columns=[],
        rows=[],
        made_on=made_on or datetime.now().astimezone(),
        today=today,
        settings=get_settings(store),
        scope=describe_scope(store, scope),
    )
    counts = count_by_timeliness(store, today, scope)
    report.counts = [(TIMELINESS_LABELS[t], counts[t]) for t in TIMELINESS_ORDER]
    report.meta = {"counts_by_code": {t.value: counts[t] for t in TIMELINESS_ORDER}}
    if name == "history":
        builders[name](store, report, scope, date_from, date_to)
    else:
        builders[name](store, report, scope)
    return report


def write_report_file(store: Store, path: Path, data: bytes) -> None:
    """Write a finished report whole or not at all: a temporary file beside
    it, then a rename (an open or half-written file never replaces a good one).
    Refuses a path that is the database's own (the file, its -wal/-shm, the
    copies beside it, its backups folder)."""
    refuse_own_file(store, path)
    handle, temp = tempfile.mkstemp(prefix=".cchc-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes it private; a report is meant to be shared
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def refuse_own_file(store: Store, path: Path) -> None:
    """ValidationError when writing ``path`` would replace one of the open
    database's own files (symlinks and, on Windows, case resolved)."""
    own = owned_by(store.path, path)
    if own is not None:
        raise ValidationError(
            f"Không ghi báo cáo vào {path}: đó là {own.label}. Hãy chọn tên tệp khác, ở thư mục "
            "khác (ví dụ thư mục Tài liệu).",
            "output",
        )


# -- scope -------------------------------------------------------------------


def describe_scope(store: Store, scope: DirectiveFilter) -> str:
    """ "Phạm vi: …" in words, or "" when the report covers everything."""
    parts = []
    if scope.notice_id is not None:
        notice = store.row("SELECT * FROM notices WHERE id = ?", [scope.notice_id])
        parts.append(notice_phrase(notice) if notice else f"văn bản số {scope.notice_id}")
    if scope.agency_id is not None:
        name = agency_name(store, scope.agency_id)
        parts.append(f"cơ quan {name or scope.agency_id}")
    if scope.statuses:
        parts.append("trạng thái " + ", ".join(STATUS_LABELS[s].lower() for s in scope.statuses))
    if scope.timeliness:
        parts.append(
            "tình trạng " + ", ".join(TIMELINESS_LABELS[t].lower() for t in scope.timeliness)
        )
    if scope.search:
        parts.append(f"tìm “{scope.search}”")
    if scope.archived == "archived":
        parts.append("chỉ nhiệm vụ đã lưu trữ")
    elif scope.archived == "all":
        parts.append("kể cả nhiệm vụ đã lưu trữ")
    return ("Phạm vi: " + "; ".join(parts) + ".") if parts else ""


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


def _sources(store: Store, rows: list[DirectiveRow]) -> str:
    ids = sorted({r.notice_id for r in rows})
    if len(ids) == 1:
        notice = store.row("SELECT * FROM notices WHERE id = ?", [ids[0]])
        if notice:
            return notice_phrase(notice)
    return "các thông báo kết luận của Ban Chỉ đạo"


def _count_sentence(report: Report) -> str:
    total = sum(n for _, n in report.counts)
    parts = [f"{label.lower()}: {n}" for label, n in report.counts]
    return f"Tổng số nhiệm vụ: {total}; trong đó " + "; ".join(parts) + "."


def _label(row: DirectiveRow, several_notices: bool) -> str:
    label = f"Nhiệm vụ {row.number}"
    return f"{label} ({row.notice_label})" if several_notices else label


def _directive_cells(row: DirectiveRow, stt: int, several_notices: bool) -> dict:
    title = f"{row.title} ({row.notice_label})" if several_notices else row.title
    return {
        "stt": stt,
        "id": row.id,
        "notice_id": row.notice_id,
        "number": row.number,
        "label": _label(row, several_notices),
        "title": title,
        "lead": "; ".join(row.lead),
        "support": "; ".join(row.support),
        "deadline": row.deadline,
        "deadline_text": row.deadline_text,
        "status": row.status.value,
        "timeliness": row.timeliness.value,
        "state": row.state_label,
        "progress": row.progress,
        "completed_on": row.completed_on,
        "last_update": row.last_update,
        "last_note": row.last_note,
    }


# -- the reports -------------------------------------------------------------


def _summary(store: Store, report: Report, scope: DirectiveFilter) -> None:
    rows = list_directives(store, report.today, scope)
    several = len({r.notice_id for r in rows}) > 1
    report.columns = [
        STT,
        Column("title", "Nhiệm vụ", width=30, word_mm=36),
        Column("lead", "Chủ trì", width=22, word_mm=27),
        Column("support", "Phối hợp", width=20, word_mm=24),
        DEADLINE,
        STATE,
        PROGRESS,
        LAST_UPDATE,
        LAST_NOTE,
    ]
    report.rows = [_directive_cells(r, i, several) for i, r in enumerate(rows, start=1)]
    secretariat = report.settings.get("secretariat") or "Cơ quan thường trực"
    report.intro = [
        f"Thực hiện {_sources(store, rows)}, {secretariat} (cơ quan thường trực) tổng hợp "
        f"tình hình thực hiện nhiệm vụ tính đến {long_vn_date(report.today)} như sau:",
        _count_sentence(report),
        "Chi tiết từng nhiệm vụ tại bảng dưới đây.",
    ]
    indicator_reports.add_indicator_section(store, report, scope)
    overdue = [r for r in report.rows if r["timeliness"] == Timeliness.OVERDUE.value]
    if overdue:
        report.sections.append(
            Section(
                "Đề nghị",
                [
                    "Các cơ quan, đơn vị chủ trì khẩn trương hoàn thành các nhiệm vụ quá hạn ("
                    + ", ".join(str(r["number"]) for r in overdue)
                    + ") và báo cáo kết quả về cơ quan thường trực."
                ],
            )
        )


def _agencies(store: Store, report: Report, scope: DirectiveFilter) -> None:
    directives = {r.id: r for r in list_directives(store, report.today, scope)}
    report.columns = [
        STT,
        Column("agency", "Cơ quan, đơn vị", width=34, word_mm=49),
        Column("lead", "Chủ trì", INT, 8, word_mm=15),
        Column("support", "Phối hợp", INT, 8, word_mm=16),
        Column("done", "Hoàn thành", INT, 10, word_mm=17),
        Column("in_progress", "Đang thực hiện", INT, 10, word_mm=17),
        Column("overdue", "Quá hạn", INT, 8, word_mm=17),
        Column("overdue_list", "Nhiệm vụ quá hạn", width=14, word_mm=23),
    ]
    if not directives:
        report.intro = ["Không có nhiệm vụ nào trong phạm vi báo cáo."]
        return
    marks = ",".join("?" * len(directives))
    assignments = store.rows(
        f"""
        SELECT a.agency_id, a.role, a.status, a.completed_on, a.directive_id,
               ag.name, ag.sort_key
        FROM assignments a JOIN agencies ag ON ag.id = a.agency_id
        WHERE a.removed = 0 AND a.directive_id IN ({marks})
        ORDER BY ag.sort_key, a.directive_id
        """,
        list(directives),
    )
    by_agency: dict[int, dict] = {}
    for a in assignments:
        if scope.agency_id is not None and a["agency_id"] != scope.agency_id:
            continue
        row = by_agency.setdefault(
            a["agency_id"],
            {
                "agency_id": a["agency_id"],
                "agency": a["name"],
                "lead": 0,
                "support": 0,
                "done": 0,
                "in_progress": 0,
                "overdue": 0,
                "overdue_numbers": [],
            },
        )
        if a["role"] == "support":
            row["support"] += 1
            continue
        row["lead"] += 1
        directive = directives[a["directive_id"]]
        if a["status"] == "hoan_thanh":
            row["done"] += 1
        elif a["status"] == "dang_thuc_hien":
            row["in_progress"] += 1
        if is_overdue(a["status"], directive.deadline, report.today):
            row["overdue"] += 1
            row["overdue_numbers"].append(directive.number)
    rows = list(by_agency.values())
    for i, row in enumerate(rows, start=1):
        row["stt"] = i
        row["overdue_list"] = ", ".join(str(n) for n in row["overdue_numbers"])
        if row["overdue"]:
            row["timeliness"] = Timeliness.OVERDUE.value
    report.rows = rows
    late = [r for r in rows if r["overdue"]]
    report.intro = [
        f"Tính đến {long_vn_date(report.today)}, {len(rows)} cơ quan, đơn vị được giao chủ trì "
        f"hoặc phối hợp thực hiện {len(directives)} nhiệm vụ; {len(late)} cơ quan, đơn vị "
        "có nhiệm vụ chủ trì quá hạn.",
        _count_sentence(report),
    ]


def _overdue(store: Store, report: Report, scope: DirectiveFilter) -> None:
    wanted = (Timeliness.OVERDUE, Timeliness.DUE_SOON)
    if scope.timeliness:
        wanted = tuple(t for t in wanted if t in scope.timeliness)
    rows = list_directives(store, report.today, replace(scope, timeliness=wanted)) if wanted else []
    rows.sort(key=lambda r: (r.timeliness is not Timeliness.OVERDUE, r.deadline or date.max))
    several = len({r.notice_id for r in rows}) > 1
    report.columns = [
        STT,
        Column("title", "Nhiệm vụ", width=30, word_mm=37),
        Column("lead", "Chủ trì", width=22, word_mm=29),
        DEADLINE,
        Column("days", "Số ngày", width=12, word_mm=18),
        STATE,
        PROGRESS,
        LAST_UPDATE,
        LAST_NOTE,
    ]
    out = []
    for i, r in enumerate(rows, start=1):
        cells = _directive_cells(r, i, several)
        cells["title"] = f"{cells['label']}: {r.title}"  # its own number, not the STT
        delta = (report.today - r.deadline).days if r.deadline else 0
        if r.timeliness is Timeliness.OVERDUE:
            cells["days"], cells["days_late"] = f"Trễ {delta} ngày", delta
        else:
            cells["days"], cells["days_left"] = f"Còn {-delta} ngày", -delta
        out.append(cells)
    report.rows = out
    late = sum(1 for r in rows if r.timeliness is Timeliness.OVERDUE)
    report.intro = [
        f"Tính đến {long_vn_date(report.today)} có {late} nhiệm vụ quá hạn và "
        f"{len(rows) - late} nhiệm vụ sắp đến hạn (trong {due_soon_days(store)} ngày tới).",
    ]


def _history(
    store: Store,
    report: Report,
    scope: DirectiveFilter,
    date_from: date | None,
    date_to: date | None,
) -> None:
    date_to = date_to or report.today
    if date_from and date_from > date_to:
        raise ValidationError(
            f"Từ ngày {format_date(date_from)} sau đến ngày {format_date(date_to)}.", "from"
        )
    report.columns = [
        STT,
        Column("date", "Ngày báo cáo", DATE, 11, word_mm=22),
        Column("directive", "Nhiệm vụ", width=26, word_mm=35),
        Column("agency", "Cơ quan", width=18, word_mm=25),
        Column("change", "Thay đổi", width=24, word_mm=30),
        Column("note", "Ghi chú", width=22, word_mm=27, page_title="Ghi chú, kiểm chứng"),
        Column("evidence", "Tài liệu kiểm chứng", width=14, join="\nKiểm chứng: "),
        Column("by", "Người cập nhật", width=12, word_mm=15),
    ]
    directives = {r.id: r for r in list_directives(store, report.today, scope)}
    several = len({r.notice_id for r in directives.values()}) > 1
    rows = []
    if directives:
        marks = ",".join("?" * len(directives))
        params = list(directives) + [(date_from or date.min).isoformat(), date_to.isoformat()]
        updates = store.rows(
            f"""
            SELECT u.*, ag.name AS agency_name,
                   (SELECT r.id FROM updates r WHERE r.retracts_id = u.id) AS retracted_by
            FROM updates u LEFT JOIN agencies ag ON ag.id = u.agency_id
            WHERE u.directive_id IN ({marks}) AND u.reported_on BETWEEN ? AND ?
            ORDER BY u.reported_on, u.id
            """,
            params,
        )
        for i, u in enumerate(updates, start=1):
            d = directives[u["directive_id"]]
            if u["kind"] == "retraction":
                change = f"Rút lại cập nhật #{u['retracts_id']}"
            else:
                change = describe_changes(json.loads(u["changes"])) or "Báo cáo (không đổi tiến độ)"
            if u["retracted_by"]:
                change += f" [đã rút lại bởi #{u['retracted_by']}]"
            rows.append(
                {
                    "stt": i,
                    "update_id": u["id"],
                    "directive_id": d.id,
                    "date": date.fromisoformat(u["reported_on"]),
                    "directive": f"{_label(d, several)}: {d.title}",
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
    report.rows = rows
    since = f"từ ngày {format_date(date_from)} " if date_from else ""
    report.title = f"Các lần cập nhật tiến độ {since}đến ngày {format_date(date_to)}"
    report.meta["from"] = date_from
    report.meta["to"] = date_to
    report.intro = [
        f"Có {len(rows)} lần cập nhật tiến độ được ghi nhận trong khoảng thời gian trên."
    ]


def _brief(store: Store, report: Report, scope: DirectiveFilter) -> None:
    rows = list_directives(store, report.today, replace(scope, timeliness=(Timeliness.OVERDUE,)))
    if scope.timeliness and Timeliness.OVERDUE not in scope.timeliness:
        rows = []
    rows.sort(key=lambda r: (r.deadline or date.max, r.number))
    several = len({r.notice_id for r in rows}) > 1
    report.columns = [
        STT,
        Column("label", "Nhiệm vụ số", width=12),
        Column("title", "Nhiệm vụ", width=30),
        Column("lead", "Chủ trì", width=22),
        DEADLINE,
    ]
    out = []
    for i, r in enumerate(rows, start=1):
        cells = _directive_cells(r, i, several)
        cells["days_late"] = (report.today - r.deadline).days if r.deadline else 0
        out.append(cells)
    report.rows = out

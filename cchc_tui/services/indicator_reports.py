"""Reports of the indicators feature and the reminder letter: `indicators`
(one row per indicator: target, latest value as of the report's day, met),
the summary's indicator lines, and `reminder` (a công văn đôn đốc to one
agency about its overdue and due-soon items)."""

from __future__ import annotations

from datetime import date

from cchc_tui.domain.dates import format_date, long_vn_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.status import ROLE_LABELS, STATUS_LABELS, Timeliness
from cchc_tui.reports.model import DATE, INT, NUMBER, PERCENT, Column, Report, Table
from cchc_tui.services.agencies import agency_name
from cchc_tui.services.as_of import directives_as_of
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.indicators import IndicatorRow, format_number, list_indicators
from cchc_tui.services.report_common import ReportRequest, issuer_name, notice_phrases
from cchc_tui.services.settings import due_soon_days
from cchc_tui.store.database import Store

INDICATORS_TITLE = "Tình hình thực hiện các chỉ tiêu"
REMINDER_TITLE = "Đôn đốc thực hiện các nhiệm vụ quá hạn, sắp đến hạn"
REMINDER_ABOUT = "V/v đôn đốc thực hiện các nhiệm vụ quá hạn, sắp đến hạn"
TREND_WORDS = {"up": "tăng", "down": "giảm", "flat": "không đổi"}
LATE = (Timeliness.OVERDUE, Timeliness.DUE_SOON)


def _scoped_indicators(store: Store, request: ReportRequest) -> list[IndicatorRow]:
    scope = request.scope
    return list_indicators(
        store, agency_id=scope.agency_id, notice_id=scope.notice_id, as_of=request.as_of
    )


def indicator_line(row: IndicatorRow) -> str:
    """ "Tỷ lệ số hóa hồ sơ TTHC (nhiệm vụ 2): mục tiêu > 90%; gần nhất
    92,5% ngày 20/11/2026 — Đạt (tăng so với lần trước)."."""
    where = f" (nhiệm vụ {row.directive_number})" if row.directive_number else ""
    text = f"{row.name}{where}: mục tiêu {row.target_text}; "
    if not row.latest:
        return text + "chưa có số liệu."
    text += (
        f"gần nhất {format_number(row.latest_value)}{row.unit} ngày {format_date(row.latest_date)}"
    )
    text += f" — {row.met_label}"
    if row.trend:
        text += f" ({TREND_WORDS[row.trend]} so với lần trước)"
    return text + "."


def indicator_section(store: Store, request: ReportRequest) -> tuple[list[str], list[dict]]:
    """The summary's indicator lines and their data (for JSON), as of the
    report's day."""
    rows = _scoped_indicators(store, request)
    return [indicator_line(r) for r in rows], [
        _indicator_cells(r, i) for i, r in enumerate(rows, 1)
    ]


def _indicator_cells(row: IndicatorRow, stt: int) -> dict:
    return {
        "stt": stt,
        "id": row.id,
        "directive_id": row.directive_id,
        "directive_number": row.directive_number,
        "name": row.name,
        "unit": row.unit,
        "comparison": row.comparison,
        "target": row.target,
        "target_text": row.target_text,
        "latest_value": row.latest_value,
        "latest_text": f"{format_number(row.latest_value)}{row.unit}" if row.latest else "",
        "latest_date": row.latest_date,
        "met": row.met,
        "met_label": row.met_label,
        "trend": row.trend,
        "source": row.latest.source if row.latest else "",
    }


def build_indicators(store: Store, report: Report, request: ReportRequest) -> None:
    """`--report indicators`: one row per indicator."""
    rows = _scoped_indicators(store, request)
    report.title = f"{INDICATORS_TITLE} tính đến ngày {format_date(request.as_of)}"
    report.table = Table(
        [
            Column("stt", "STT", INT, 4),
            Column("directive_number", "Nhiệm vụ số", INT, 8, "—"),
            Column("name", "Chỉ tiêu", width=36),
            Column("target_text", "Mục tiêu", width=10),
            Column("latest_value", "Giá trị", NUMBER, 8, page=False),
            Column("unit", "Đơn vị tính", width=6, page=False),
            Column("latest_text", "Giá trị gần nhất", width=10, empty="Chưa có"),
            Column("latest_date", "Ngày đo", DATE, 10),
            Column("met_label", "Kết quả", width=12, page_title="Kết quả, nguồn số liệu"),
            Column("source", "Nguồn số liệu", width=24, join="\n"),
        ],
        [_indicator_cells(r, i) for i, r in enumerate(rows, start=1)],
        name="Chỉ tiêu",
    )
    met = sum(1 for r in rows if r.met)
    not_met = sum(1 for r in rows if r.met is False)
    report.counts = [
        ("Đạt", met),
        ("Chưa đạt", not_met),
        ("Chưa có số liệu", len(rows) - met - not_met),
    ]
    report.meta["counts_by_result"] = {
        "met": met,
        "not_met": not_met,
        "no_data": len(rows) - met - not_met,
    }
    report.intro = [
        f"Tính đến {long_vn_date(request.as_of)}: {len(rows)} chỉ tiêu; {met} đạt, "
        f"{not_met} chưa đạt, {len(rows) - met - not_met} chưa có số liệu."
    ]


def _support_ids(store: Store, agency_id: int) -> set[int]:
    return {
        r["directive_id"]
        for r in store.rows(
            "SELECT directive_id FROM assignments WHERE agency_id = ? AND role = 'support' "
            "AND removed = 0",
            [agency_id],
        )
    }


def build_reminder(store: Store, report: Report, request: ReportRequest) -> None:
    """`--report reminder --agency A`: a letter to the agency about its
    overdue and due-soon items (as lead: its own state; as support: the
    directive's), as of the report's day. Refused when there is none."""
    agency_id = request.scope.agency_id
    if agency_id is None:
        raise ValidationError("Công văn đôn đốc cần chọn cơ quan (--agency).", "agency")
    agency = agency_name(store, agency_id) or str(agency_id)
    window = due_soon_days(store)
    supports = _support_ids(store, agency_id)
    directives = [
        d
        for d in directives_as_of(store, request.as_of, DirectiveFilter(agency_id=agency_id))
        if d.row.deadline is not None
    ]
    # a group's letter goes to its late members, one block of lines each
    members = {
        r["member_id"]
        for r in store.rows(
            "SELECT member_id FROM agency_members WHERE group_id = ? AND removed_at IS NULL",
            [agency_id],
        )
    }
    rows: list[dict] = []
    addressees: list[str] = []
    ordered = sorted(directives, key=lambda d: (d.row.deadline or date.max, d.row.number))
    late_units = []
    for d in ordered:
        seen = [
            (u.agency, u.state.status, u.state.progress, u.timeliness, u.sort_key, u)
            for u in d.units
            if u.agency_id == agency_id or u.agency_id in members
        ]
        mine = [
            (who, st, pr, tl, "member" if unit.group_id else "lead", key)
            for who, st, pr, tl, key, unit in seen
            if tl in LATE
        ]
        if not mine and d.id in supports and d.timeliness in LATE:
            mine = [(agency, d.state.status, d.state.progress, d.timeliness, "support", "")]
        late_units += [(d, m) for m in mine]
    late_units.sort(key=lambda dm: (dm[1][5], dm[0].row.deadline or date.max, dm[0].row.number))
    for d, (who, status, progress, tl, role, _key) in late_units:
        assert d.row.deadline is not None  # directives without one were left out above
        delta = (request.as_of - d.row.deadline).days
        if who not in addressees:
            addressees.append(who)
        rows.append(
            {
                "stt": len(rows) + 1,
                "id": d.id,
                "number": d.row.number,
                "title": d.row.title,
                "agency": who,
                "role": ROLE_LABELS[role],
                "deadline": d.row.deadline,
                "deadline_text": d.row.deadline_text,
                "days": f"Trễ {delta} ngày" if delta > 0 else f"Còn {-delta} ngày",
                "days_late": delta if delta > 0 else None,
                "timeliness": tl.value,
                "state": STATUS_LABELS[status],
                "progress": progress,
            }
        )
    when = long_vn_date(request.as_of)
    if not rows:
        raise ValidationError(
            f"Tính đến {when}, {agency} không có nhiệm vụ quá hạn hoặc sắp đến hạn: "
            "không có gì để đôn đốc, chưa lập công văn.",
            "agency",
        )
    # directives, not lines: a group's letter has a line per late member
    late = len({r["id"] for r in rows if r["timeliness"] == Timeliness.OVERDUE.value})
    settings = report.settings
    secretariat = (settings.get("secretariat") or "").strip() or "cơ quan thường trực"
    sources = notice_phrases(store, [d.row.notice_id for d in directives])
    source = next(iter(sources.values())) if len(sources) == 1 else "các kết luận của Ban Chỉ đạo"
    report.title = REMINDER_TITLE
    report.document_kind = "CÔNG VĂN"
    report.symbol = (settings.get("reminder_symbol") or "").strip() or "CV-BCĐ"
    report.about = REMINDER_ABOUT
    # a group's many late members: the letter goes to the group, the table names them
    if members and len(addressees) > 5:
        addressees = [f"{agency} (các đơn vị có tên trong bảng dưới đây)"]
    report.addressees = addressees or [agency]
    report.recipients = ["Như trên"]
    report.scope = ""
    report.table = Table(
        [
            Column("number", "STT", INT, 4),
            Column("title", "Nhiệm vụ", width=34),
            *([Column("agency", "Cơ quan, đơn vị", width=20)] if members else []),
            Column("role", "Vai trò", width=9),
            Column("deadline", "Thời hạn", DATE, 10),
            Column("days", "Số ngày", width=10),
            Column("days_late", "Số ngày quá hạn", INT, 8, page=False),
            Column("state", "Tình trạng", width=16),
            Column("progress", "Tiến độ", PERCENT, 6),
        ],
        rows,
        name="Nhiệm vụ cần đôn đốc",
    )
    report.counts = [
        ("Quá hạn", late),
        ("Sắp đến hạn", len({r["id"] for r in rows}) - late),
    ]
    report.meta |= {"agency": agency, "agency_id": agency_id}
    soon = len({r["id"] for r in rows if r["timeliness"] != Timeliness.OVERDUE.value})
    parts = [f"{late} nhiệm vụ quá hạn"] if late else []
    if soon:
        parts.append(f"{soon} nhiệm vụ sắp đến hạn (trong {window} ngày tới)")
    report.intro = [
        f"Theo dõi việc thực hiện {source}, tính đến {when}, {agency} còn "
        f"{' và '.join(parts)}, cụ thể như sau:"
    ]
    report.closing = [
        f"{issuer_name(settings)} đề nghị {agency} khẩn trương thực hiện các nhiệm vụ nêu trên "
        f"và báo cáo kết quả (kèm tài liệu kiểm chứng) về {secretariat} (cơ quan thường trực) "
        "để tổng hợp, báo cáo Trưởng ban Chỉ đạo."
    ]

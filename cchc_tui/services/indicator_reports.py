"""Reports of the indicators feature, in the exports' Report model:
`indicators` (one row per indicator: target, latest value, met), `reminder`
(phiếu nhắc việc: one agency's overdue and due-soon items), and the
indicators section that the summary report carries."""

from __future__ import annotations

from cchc_tui.domain.dates import format_date, from_iso, long_vn_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.status import (
    ROLE_LABELS,
    Status,
    Timeliness,
    agency_view_sql,
    state_label,
    timeliness,
)
from cchc_tui.reports.model import DATE, INT, PERCENT, Column, Report, Section
from cchc_tui.services.agencies import agency_name
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.indicators import TREND_SYMBOLS, IndicatorRow, format_number, list_indicators
from cchc_tui.services.settings import due_soon_days
from cchc_tui.store.database import Store

TITLES = {
    "indicators": "Tình hình thực hiện các chỉ tiêu",
    "reminder": "Phiếu nhắc việc",
}
TREND_WORDS = {"up": "tăng", "down": "giảm", "flat": "không đổi"}


def _scoped_indicators(store: Store, scope: DirectiveFilter) -> list[IndicatorRow]:
    return list_indicators(store, agency_id=scope.agency_id, notice_id=scope.notice_id)


def indicator_line(row: IndicatorRow) -> str:
    """ "Tỷ lệ số hóa hồ sơ TTHC (NV 2): mục tiêu > 90%; gần nhất 92,5% ngày
    20/11/2026 — Đạt (tăng)"."""
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


def add_indicator_section(store: Store, report: Report, scope: DirectiveFilter) -> None:
    """The summary's indicators: a section of lines for page formats and
    ``meta["indicators"]`` for JSON."""
    rows = _scoped_indicators(store, scope)
    if not rows:
        return
    report.sections.append(Section("Các chỉ tiêu", [indicator_line(r) for r in rows]))
    report.meta = {
        **report.meta,
        "indicators": [_indicator_cells(r, i) for i, r in enumerate(rows, 1)],
    }


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
        "trend_text": TREND_SYMBOLS.get(row.trend or "", ""),
        "source": row.latest.source if row.latest else "",
    }


def build_indicators(store: Store, report: Report, scope: DirectiveFilter) -> None:
    """`--report indicators`: one row per indicator."""
    rows = _scoped_indicators(store, scope)
    report.title = TITLES["indicators"]
    report.columns = [
        Column("stt", "STT", INT, 4, word_mm=10),
        Column("directive_number", "Nhiệm vụ số", INT, 8, "—", word_mm=16),
        Column("name", "Chỉ tiêu", width=36, word_mm=46),
        Column("target_text", "Mục tiêu", width=10, word_mm=18),
        Column("latest_text", "Giá trị gần nhất", width=10, empty="Chưa có", word_mm=20),
        Column("latest_date", "Ngày đo", DATE, 11, word_mm=22),
        Column("met_label", "Kết quả", width=12, word_mm=18),
        Column("source", "Nguồn số liệu", width=24, join="\n"),
    ]
    report.rows = [_indicator_cells(r, i) for i, r in enumerate(rows, start=1)]
    met = sum(1 for r in rows if r.met)
    not_met = sum(1 for r in rows if r.met is False)
    report.counts = [
        ("Đạt", met),
        ("Chưa đạt", not_met),
        ("Chưa có số liệu", len(rows) - met - not_met),
    ]
    report.meta = {
        **report.meta,
        "counts_by_result": {"met": met, "not_met": not_met, "no_data": len(rows) - met - not_met},
    }
    report.intro = [
        f"Tính đến {long_vn_date(report.today)}: {len(rows)} chỉ tiêu; {met} đạt, "
        f"{not_met} chưa đạt, {len(rows) - met - not_met} chưa có số liệu."
    ]


def build_reminder(store: Store, report: Report, scope: DirectiveFilter) -> None:
    """`--report reminder --agency A`: the agency's overdue and due-soon
    items (as lead: its own status; as support: the directive's)."""
    if scope.agency_id is None:
        raise ValidationError("Phiếu nhắc việc cần chọn cơ quan (--agency).", "agency")
    agency = agency_name(store, scope.agency_id)
    window = due_soon_days(store)
    found = store.rows(
        f"""
        SELECT d.id, d.number, d.title, d.deadline, d.deadline_text, a.role,
               {agency_view_sql("status")} AS status,
               {agency_view_sql("progress")} AS progress
        FROM assignments a JOIN directives d ON d.id = a.directive_id
        WHERE a.agency_id = ? AND a.removed = 0 AND d.archived = 0 AND d.deadline IS NOT NULL
        ORDER BY d.deadline, d.number
        """,
        [scope.agency_id],
    )
    rows = []
    for r in found:
        deadline = from_iso(r["deadline"])
        tl = timeliness(r["status"], deadline, None, report.today, window)
        if tl not in (Timeliness.OVERDUE, Timeliness.DUE_SOON):
            continue
        delta = (report.today - deadline).days
        rows.append(
            {
                "stt": len(rows) + 1,
                "id": r["id"],
                "number": r["number"],
                "title": r["title"],
                "role": ROLE_LABELS[r["role"]],
                "deadline": deadline,
                "deadline_text": r["deadline_text"],
                "days": f"Trễ {delta} ngày" if delta > 0 else f"Còn {-delta} ngày",
                "timeliness": tl.value,
                "state": state_label(Status(r["status"]), tl, deadline),
                "progress": r["progress"],
            }
        )
    report.title = f"Thực hiện các nhiệm vụ quá hạn, sắp đến hạn của {agency}"
    report.scope = ""  # the agency is in the title
    report.columns = [
        Column("stt", "STT", INT, 4, word_mm=10),
        Column("number", "Nhiệm vụ số", INT, 8, word_mm=15),
        Column("title", "Nhiệm vụ", width=34, word_mm=50),
        Column("role", "Vai trò", width=9, word_mm=18),
        Column("deadline", "Thời hạn", DATE, 11, word_mm=22),
        Column("days", "Số ngày", width=12, word_mm=20),
        Column("state", "Tình trạng", width=18, word_mm=30),
        Column("progress", "Tiến độ", PERCENT, 6, join="\n"),
    ]
    report.rows = rows
    late = sum(1 for r in rows if r["timeliness"] == Timeliness.OVERDUE.value)
    secretariat = report.settings.get("secretariat") or "Cơ quan thường trực"
    report.counts = [("Quá hạn", late), ("Sắp đến hạn", len(rows) - late)]
    report.meta = {
        **report.meta,
        "agency": agency,
        "agency_id": scope.agency_id,
        "document_kind": "PHIẾU NHẮC VIỆC",
    }
    report.intro = [f"Kính gửi: {agency}."]
    if rows:
        report.intro.append(
            f"Tính đến {long_vn_date(report.today)}, {agency} có {late} nhiệm vụ quá hạn và "
            f"{len(rows) - late} nhiệm vụ sắp đến hạn (trong {window} ngày tới) theo kết luận "
            f"của Ban Chỉ đạo. {secretariat} đề nghị khẩn trương thực hiện và báo cáo kết quả "
            "(kèm tài liệu kiểm chứng) về cơ quan thường trực."
        )
    else:
        report.intro.append(
            f"Tính đến {long_vn_date(report.today)}, {agency} không có nhiệm vụ quá hạn hoặc "
            "sắp đến hạn."
        )

"""brief: a few lines of plain text for Zalo or SMS, at most 1,000 characters.

The official counts in one sentence, then the overdue items with lead and
deadline (under a short line per notice when there are several); when they
do not all fit, the text ends "… và N nhiệm vụ khác".
"""

from __future__ import annotations

from cchc_tui.domain.dates import format_date
from cchc_tui.reports.model import HEADING, Report, percent_text, printable

LIMIT = 1000


def item_line(row: dict) -> str:
    """ "- NV 3: Kế hoạch đối thoại … (chủ trì: …; hạn 30/08/2024)"."""
    lead = row.get("lead") or "chưa giao"
    deadline = format_date(row.get("deadline"), "không có")
    late = f", trễ {row['days_late']} ngày" if row.get("days_late") else ""
    return f"- {row['label']}: {row['title']} (chủ trì: {lead}; hạn {deadline}{late})"


def counts_line(report: Report) -> str:
    """ "Tổng số 7 nhiệm vụ: đã hoàn thành 1 (14,3%); chưa hoàn thành 6, trong
    đó quá hạn 2, trong hạn 0, thường xuyên 4."."""
    summary = report.meta.get("summary")
    if not summary:
        total = sum(n for _, n in report.counts)
        parts = [f"{label.lower()} {n}" for label, n in report.counts if n]
        return f"Tổng số {total} nhiệm vụ" + (": " + "; ".join(parts) + "." if parts else ".")
    n = summary["total"]
    text = f"Tổng số {n} nhiệm vụ: đã hoàn thành {summary['done']} ({percent_text(summary['done'], n)})"
    text += (
        f"; chưa hoàn thành {summary['not_done']}, trong đó quá hạn {summary['overdue']}, "
        f"trong hạn {summary['in_time']}, thường xuyên {summary['ongoing']}."
    )
    return text


def brief_text(report: Report, limit: int = LIMIT) -> str:
    """The whole brief; never longer than ``limit`` characters, no control
    characters (it is printed and pasted as is)."""
    return printable(_compose(report, limit))


def _compose(report: Report, limit: int) -> str:
    s = report.settings
    who = s.get("committee") or s.get("organisation") or "Ban Chỉ đạo"
    head = [f"{who}: tình hình thực hiện nhiệm vụ đến ngày {format_date(report.today)}"]
    if report.scope:
        head.append(report.scope)
    head.append(counts_line(report))
    tail = [
        f"({s.get('secretariat') or 'Cơ quan thường trực'}, lập ngày {report.made_on:%d/%m/%Y})"
    ]
    items = [r for r in report.rows if HEADING not in r]
    if not items:
        return _fit("\n".join(head + ["Không có nhiệm vụ quá hạn."] + tail), limit)

    lines = head + [f"Quá hạn ({len(items)}):"]
    entries: list[tuple[str, bool]] = []  # (line, is an item)
    for row in report.rows:
        if HEADING in row:
            entries.append((f"[{row[HEADING]}]", False))
        else:
            entries.append((item_line(row), True))
    for shown in range(len(items), -1, -1):
        kept, count = [], 0
        for line, is_item in entries:
            if is_item:
                if count == shown:
                    break
                count += 1
            kept.append(line)
        while kept and not kept[-1].startswith("- "):  # no heading without its items
            kept.pop()
        rest = len(items) - shown
        more = [f"… và {rest} nhiệm vụ khác"] if rest else []
        text = "\n".join(lines + kept + more + tail)
        if len(text) <= limit:
            return text
    return _fit("\n".join(lines + [f"… và {len(items)} nhiệm vụ khác"]), limit)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def to_brief(report: Report) -> bytes:
    return (brief_text(report) + "\n").encode("utf-8")

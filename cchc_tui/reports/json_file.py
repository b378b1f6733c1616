"""json: {"report", "title", "made_on", "today", "as_of", "scope", "columns",
"rows", "counts", …}; rows are the data rows (no heading lines)."""

from __future__ import annotations

from datetime import date, datetime

from cchc_tui.domain.text import json_dumps
from cchc_tui.reports.model import Report, flat_title


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json_bytes(report: Report) -> bytes:
    document = {
        "report": report.name,
        "title": report.title,
        "made_on": report.made_on.isoformat(timespec="seconds"),
        "today": report.today.isoformat(),
        "as_of": report.today.isoformat(),
        "scope": report.scope,
        "columns": [{"key": c.key, "title": flat_title(c)} for c in report.table.columns],
        "rows": report.table.data_rows(),
        "counts": dict(report.counts),
        **report.meta,
    }
    if report.table.total is not None:
        document["total"] = report.table.total
    if report.sections:
        document["sections"] = [
            {"title": s.title, "lines": s.lines + s.after}
            for s in report.sections
            if s.lines or s.after
        ]
    return (json_dumps(_plain(document), indent=2) + "\n").encode("utf-8")

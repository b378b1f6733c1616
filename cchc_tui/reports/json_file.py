"""json: {"report", "title", "made_on", "today", "scope", "columns", "rows", …}."""

from __future__ import annotations

from datetime import date, datetime

from cchc_tui.domain.text import json_dumps
from cchc_tui.reports.model import Report


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json_bytes(report: Report) -> bytes:
    document = {
        "report": report.name,
        "title": report.title,
        "made_on": report.made_on.isoformat(timespec="seconds"),
        "today": report.today.isoformat(),
        "scope": report.scope,
        "columns": [{"key": c.key, "title": c.title} for c in report.columns],
        "rows": report.rows,
        "counts": dict(report.counts),
        **report.meta,
    }
    return (json_dumps(_plain(document), indent=2) + "\n").encode("utf-8")

"""csv: the rows only, one header line, UTF-8 with BOM, formula-like cells inert."""

from __future__ import annotations

from datetime import date

from cchc_tui.domain.dates import format_date
from cchc_tui.reports.model import DATE, INT, NUMBER, PERCENT, Report, flat_title, printable
from cchc_tui.reports.tabular import to_csv


def _cell(column, value):
    if value is None or value == "":
        return column.empty
    if column.kind == DATE and isinstance(value, date):
        return format_date(value)
    if column.kind in (INT, PERCENT, NUMBER) and isinstance(value, int | float):
        return value
    return printable(str(value))


def to_csv_bytes(report: Report) -> bytes:
    table = report.table
    headers = [flat_title(c) for c in table.columns]
    rows = [[_cell(c, row.get(c.key)) for c in table.columns] for row in table.data_rows()]
    return to_csv(headers, rows)

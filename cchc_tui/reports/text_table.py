"""txt: a text page with a tabulate grid whose lines share one display width."""

from __future__ import annotations

from cchc_tui.reports.model import Report, page_columns, page_table, printable

# Widths (in terminal cells) of the wrapped columns of the text grid.
MAX_WIDTH = 40


def _one_line(text: str) -> str:
    # tabs and newlines would break the grid's alignment
    return " ".join(printable(text).split())


def grid(report: Report) -> str:
    """The report table as a box-drawn grid; every line the same width."""
    from cchc_tui.reports.tabular import to_grid_wrapped

    headers, rows = page_table(report)
    widths = [min(max(c.width, 4), MAX_WIDTH) for c in page_columns(report)]
    rows = [[_one_line(cell) for cell in row] for row in rows]
    return to_grid_wrapped(headers, rows, widths)


def to_txt(report: Report) -> bytes:
    """Title, scope and narrative, the grid, closing sections and the stamp."""
    lines = [report.title.upper()]
    if report.scope:
        lines.append(report.scope)
    lines.append("")
    lines.extend(report.intro)
    if report.intro:
        lines.append("")
    lines.append(grid(report) if report.rows else "(Không có dòng nào.)")
    for section in report.sections:
        lines.extend(["", section.title])
        lines.extend(section.lines)
    lines.extend(["", report.stamp])
    return printable("\n".join(lines) + "\n").encode("utf-8")

"""md: a Markdown page (GitHub tables); user text cannot become markup."""

from __future__ import annotations

from cchc_tui.reports.model import Report, page_columns, page_table, printable

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "#": "\\#",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
    }
)


def escape(text: str) -> str:
    """Literal text in Markdown (one line; inline markup and HTML disarmed)."""
    return " ".join(printable(text).split()).translate(_ESCAPES)


def to_md(report: Report) -> bytes:
    headers, rows = page_table(report)
    numeric = [c.numeric for c in page_columns(report)]
    lines = [f"# {escape(report.title)}", ""]
    if report.scope:
        lines += [f"*{escape(report.scope)}*", ""]
    for paragraph in report.intro:
        lines += [escape(paragraph), ""]
    if rows:
        lines.append("| " + " | ".join(escape(h) for h in headers) + " |")
        lines.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
        for row in rows:
            lines.append("| " + " | ".join(escape(cell) for cell in row) + " |")
    else:
        lines.append("(Không có dòng nào.)")
    for section in report.sections:
        lines += ["", f"## {escape(section.title)}", ""]
        lines += [f"- {escape(line.lstrip('- '))}" for line in section.lines]
    lines += ["", f"*{escape(report.stamp)}*"]
    return ("\n".join(lines) + "\n").encode("utf-8")

"""md: a Markdown page (GitHub tables); user text cannot become markup."""

from __future__ import annotations

from cchc_tui.reports.model import (
    PageTable,
    Report,
    Table,
    date_line,
    flat_title,
    issuer_lines,
    numbered_title,
    page_table,
    printable,
    recipients,
    signer_lines,
)

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


def _cell(text: str, strong: bool) -> str:
    text = escape(text)
    return f"**{text}**" if strong and text else text


def _grid(printed: PageTable, rows: list[tuple[list[str], bool]]) -> list[str]:
    lines = ["| " + " | ".join(escape(flat_title(c)) for c in printed.columns) + " |"]
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in printed.columns) + "|")
    lines += ["| " + " | ".join(_cell(cell, strong) for cell in row) + " |" for row, strong in rows]
    return lines


def table_lines(table: Table) -> list[str]:
    if not table.rows:
        return [escape(table.empty)]
    printed = page_table(table)
    out: list[str] = []
    chunk: list[tuple[list[str], bool]] = []
    for line in printed.rows:
        if line.heading:
            if chunk:
                out += [*_grid(printed, chunk), ""]
                chunk = []
            out += [f"**{escape(line.heading)}**", ""]
            continue
        chunk.append((list(line.cells), line.strong))
    if chunk:
        out += _grid(printed, chunk)
    if printed.notes:
        out += ["", *[f"{escape(note)}" for note in printed.notes]]
    return out


def to_md(report: Report) -> bytes:
    parent, issuer = issuer_lines(report)
    head = " — ".join(p for p in (parent, issuer) if p)
    lines = [f"{escape(head.upper())}  ", f"Số:    /{escape(report.symbol)}  "]
    if report.about:
        lines.append(f"{escape(report.about)}  ")
    lines += [f"*{escape(date_line(report))}*", ""]
    if report.addressees:
        lines += [f"Kính gửi: {escape('; '.join(report.addressees))}.", ""]
    else:
        lines += [f"# {escape(report.document_kind)}: {escape(report.title)}", ""]
        if report.scope:
            lines += [f"*{escape(report.scope)}*", ""]
    for paragraph in report.intro:
        lines += [escape(paragraph), ""]
    if not report.appendix:
        lines += [*table_lines(report.table), ""]
    for index, section in enumerate(report.sections):
        marks = "##" if section.level == 1 else "###"
        lines += [f"{marks} {escape(numbered_title(report.sections, index))}", ""]
        for paragraph in section.lines:
            lines += [escape(paragraph), ""]
        if section.table is not None:
            lines += [*table_lines(section.table), ""]
        for paragraph in section.after:
            lines += [escape(paragraph), ""]
    for paragraph in report.closing:
        lines += [escape(paragraph), ""]
    titles, name = signer_lines(report)
    lines += [f"**{escape(t)}**  " for t in titles] + (
        [f"**{escape(name)}**", ""] if name else [""]
    )
    lines += ["*Nơi nhận:*  ", *[f"{escape(r)}  " for r in recipients(report)], ""]
    if report.appendix:
        lines += [f"## {escape(report.appendix[0])}", ""]
        lines += [escape(line) + "  " for line in report.appendix[1:]] + [""]
        lines += [*table_lines(report.table), ""]
    lines += [f"*{escape(report.stamp)}*"]
    return ("\n".join(lines) + "\n").encode("utf-8")

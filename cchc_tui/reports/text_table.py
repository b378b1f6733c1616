"""txt: a text page at most 100 columns wide; tables are tabulate grids
whose cells wrap, every line of a grid the same display width."""

from __future__ import annotations

import wcwidth

from cchc_tui.reports.measure import fit_widths
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

PAGE_WIDTH = 100


def _width(text: str) -> int:
    return max(wcwidth.wcswidth(text), 0)


def _one_line(text: str) -> str:
    # tabs would break the grid's alignment; line breaks become spaces too
    return " ".join(printable(text).split())


def _pieces(word: str, width: int) -> list[str]:
    """A word cut into pieces of at most ``width`` cells (only when it is
    wider than the whole column)."""
    pieces, piece = [], ""
    for ch in word:
        if piece and _width(piece + ch) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return pieces + [piece] if piece else pieces


def wrap(text: str, width: int = PAGE_WIDTH, indent: str = "") -> list[str]:
    """Lines of at most ``width`` display cells, broken at spaces."""
    out: list[str] = []
    for paragraph in printable(text).split("\n"):
        line = indent
        for word in paragraph.split():
            for piece in _pieces(word, max(width - len(indent), 1)):
                if line.strip() and _width(line) + 1 + _width(piece) > width:
                    out.append(line)
                    line = indent + piece
                else:
                    line = f"{line} {piece}" if line.strip() else line + piece
        out.append(line)
    return out


def _grid(printed: PageTable, rows: list[list[str]]) -> str:
    from cchc_tui.reports.tabular import to_grid_wrapped

    headers = [flat_title(c) for c in printed.columns]
    n = len(headers)
    least, wanted = [], []
    for j, header in enumerate(headers):
        texts = [header] + [r[j] for r in rows]
        least.append(max((_width(w) for t in texts for w in t.split()), default=1))
        wanted.append(least[-1] if printed.columns[j].numeric else max(_width(t) for t in texts))
    room = PAGE_WIDTH - (3 * n + 1)
    widths = [max(int(w), 1) for w in fit_widths(least, wanted, room)]
    while sum(widths) > room:  # rounding: give back from the widest
        widths[widths.index(max(widths))] -= 1
    cells = [["\n".join(wrap(c, w)) for c, w in zip(row, widths, strict=True)] for row in rows]
    titles = ["\n".join(wrap(h, w)) for h, w in zip(headers, widths, strict=True)]
    return to_grid_wrapped(titles, cells, widths)


def table_text(table: Table) -> list[str]:
    """The table as grids (one per heading, the heading above it) and its notes."""
    if not table.rows:
        return [table.empty]
    printed = page_table(table)
    out: list[str] = []
    chunk: list[list[str]] = []
    for line in printed.rows:
        if line.heading:
            if chunk:
                out.append(_grid(printed, chunk))
                chunk = []
            out.extend(wrap(line.heading.upper()))
            continue
        cells = [_one_line(c) for c in line.cells]
        if line.level:
            cells[1 if len(cells) > 1 else 0] = "- " + cells[1 if len(cells) > 1 else 0]
        chunk.append(cells)
    if chunk:
        out.append(_grid(printed, chunk))
    for note in printed.notes:
        out.extend(wrap(note))
    return out


def _header(report: Report) -> list[str]:
    parent, issuer = issuer_lines(report)
    lines = [parent.upper()] if parent else []
    lines += [issuer.upper(), f"Số:    /{report.symbol}"]
    if report.about:
        lines.append(report.about)
    lines += ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc", date_line(report)]
    return lines


def to_txt(report: Report) -> bytes:
    """Header, title, sections with their tables, signer, appendix, stamp."""
    lines = _header(report) + [""]
    if report.addressees:
        lines += [f"Kính gửi: {'; '.join(report.addressees)}.", ""]
    else:
        lines += [report.document_kind, *wrap(report.title)]
        if report.scope:
            lines += wrap(report.scope)
        lines.append("")
    for paragraph in report.intro:
        lines += wrap(paragraph)
    if not report.appendix:
        lines += ["", *table_text(report.table)]
    for index, section in enumerate(report.sections):
        lines += ["", *wrap(numbered_title(report.sections, index))]
        for paragraph in section.lines:
            lines += wrap(paragraph)
        if section.table is not None:
            lines += table_text(section.table)
        for paragraph in section.after:
            lines += wrap(paragraph)
    for paragraph in report.closing:
        lines += ["", *wrap(paragraph)]
    titles, name = signer_lines(report)
    lines += ["", *titles, *([name] if name else []), "", "Nơi nhận:", *recipients(report)]
    if report.appendix:
        lines += ["", *[w for line in report.appendix for w in wrap(line)], ""]
        lines += table_text(report.table)
    lines += ["", report.stamp]
    return printable("\n".join(lines) + "\n").encode("utf-8")

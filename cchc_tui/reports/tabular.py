"""Plain tables shared by the CLI listings and the text/CSV reports."""

from __future__ import annotations

import csv
import io

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A cell that spreadsheet programs will not run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def to_csv(headers: list[str], rows: list[list]) -> bytes:
    """UTF-8 with BOM (Excel shows Vietnamese), one header line, cells inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_grid(headers: list[str], rows: list[list], fmt: str = "simple_grid") -> str:
    """An aligned text table (wide characters measured with wcwidth)."""
    import tabulate

    tabulate.WIDE_CHARS_MODE = True
    tabulate.PRESERVE_WHITESPACE = False
    return tabulate.tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True)


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters, with an ellipsis if cut."""
    line = " ".join((text or "").split())
    return line if len(line) <= width else line[: max(width - 1, 0)].rstrip() + "…"


def to_grid_wrapped(headers: list[str], rows: list[list], widths: list[int]) -> str:
    """A box-drawn grid whose cells wrap at ``widths`` display cells; every
    line has the same display width (wide characters measured with wcwidth)."""
    import tabulate

    tabulate.WIDE_CHARS_MODE = True
    tabulate.PRESERVE_WHITESPACE = False
    return tabulate.tabulate(
        rows,
        headers=headers,
        tablefmt="simple_grid",
        disable_numparse=True,
        maxcolwidths=widths,
        maxheadercolwidths=widths,
    )

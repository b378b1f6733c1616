"""Plain tables shared by the CLI listings and the text/CSV reports."""

from __future__ import annotations

import re

# What a spreadsheet would evaluate (DESIGN, Decisions — Reports): "=" or
# "@" first (after blanks), "+"/"-" before a digit, "(", "=" or a function
# name ("-SUM("), or a leading tab or carriage return. A bullet such as
# "- 18/24 cơ quan" or "+ Đã họp" is text and stays as it is.
_FORMULA = re.compile(r"[\t\r]|\s*(?:[=@]|[+-](?:[\d(=]|[^\W\d][\w.]*\())")
_NEEDS_QUOTES = re.compile(r'[,;"\r\n]|^\s|\s$')


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula."""
    return bool(_FORMULA.match(text))


def neutralise(value) -> str:
    """A cell that spreadsheet programs will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


def _field(value) -> str:
    if isinstance(value, bool):
        value = "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    text = neutralise(value)
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES.search(text) else text


def to_csv(headers: list[str], rows: list[list]) -> bytes:
    """UTF-8 with BOM (Excel shows Vietnamese), one header line, cells
    inert; cells holding "," or ";" (either list separator) are quoted."""
    lines = [",".join(_field(h) for h in headers)]
    lines += [",".join(_field(cell) for cell in row) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


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
    padding, tabulate.MIN_PADDING = tabulate.MIN_PADDING, 0  # the widths are the widths
    try:
        return _wrapped(tabulate, headers, rows, widths)
    finally:
        tabulate.MIN_PADDING = padding


def _wrapped(tabulate, headers, rows, widths) -> str:
    return tabulate.tabulate(
        rows,
        headers=headers,
        tablefmt="simple_grid",
        disable_numparse=True,
        maxcolwidths=widths,
        maxheadercolwidths=widths,
    )

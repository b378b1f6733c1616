"""WordprocessingML written as text: runs, paragraphs and tables.

A report table can hold thousands of cells; writing their XML as text and
parsing it once is many times faster than python-docx's object API, and it
says exactly what Word and LibreOffice get: widths, merges, "repeat header
row", "row cannot split", "keep with next". Units: twentieths of a point
(dxa) for lengths, half-points for font sizes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cchc_tui.reports.model import PageTable

FONT = "Times New Roman"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MM_DXA = 56.6929  # 1 mm in twentieths of a point
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'


def escape(text: str) -> str:
    """Text for XML content (xml.sax.saxutils would import urllib, email…
    at every export)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def dxa(mm: float) -> int:
    return round(mm * MM_DXA)


def clean(text: str) -> str:
    """Text that Word XML can hold (control characters dropped)."""
    return _NOT_XML.sub("", text)


def run_props(size: float, *, bold=False, italic=False) -> str:
    half = round(size * 2)
    return (
        f"<w:rPr>{FONTS}{'<w:b/><w:bCs/>' if bold else ''}{'<w:i/><w:iCs/>' if italic else ''}"
        f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>'
    )


# A hyphen inside a word ("112/KH-UBND", "BC-BCĐ") never ends a line: Word and
# LibreOffice would break there and print "112/KH-" over "UBND".
_INNER_HYPHEN = re.compile(r"(?<=\S)-(?=\S)")


def _text(part: str) -> str:
    pieces = _INNER_HYPHEN.split(part)
    return "<w:noBreakHyphen/>".join(
        f'<w:t xml:space="preserve">{escape(p)}</w:t>' if p else "" for p in pieces
    )


def run(text: str, props: str) -> str:
    """One run; tabs become w:tab, hyphens inside words non-breaking ones
    (line breaks are split into paragraphs by the caller)."""
    body = "<w:tab/>".join(_text(p) for p in clean(text).split("\t"))
    return f"<w:r>{props}{body}</w:r>"


def para_props(
    *,
    align: str = "left",
    before: float = 0,
    after: float = 0,
    line: float | None = None,
    keep_next: bool = False,
    keep_lines: bool = False,
    indent_mm: float = 0,
    first_mm: float = 0,
    size: float | None = None,
) -> str:
    """w:pPr with its children in schema order; ``line`` is a multiple of
    single spacing; ``size`` sets the paragraph mark's font size."""
    jc = {"left": "left", "center": "center", "right": "right", "justify": "both"}[align]
    spacing = f'<w:spacing w:before="{round(before * 20)}" w:after="{round(after * 20)}"'
    if line is not None:
        spacing += f' w:line="{round(line * 240)}" w:lineRule="auto"'
    spacing += "/>"
    ind = ""
    if indent_mm or first_mm:
        ind = f'<w:ind w:left="{dxa(indent_mm)}" w:firstLine="{dxa(first_mm)}"/>'
    mark = f'<w:rPr><w:sz w:val="{round(size * 2)}"/></w:rPr>' if size else ""
    return (
        "<w:pPr>"
        + ("<w:keepNext/>" if keep_next else "")
        + ("<w:keepLines/>" if keep_lines else "")
        + spacing
        + ind
        + f'<w:jc w:val="{jc}"/>'
        + mark
        + "</w:pPr>"
    )


def paragraph(text: str, ppr: str, rpr: str) -> str:
    return f"<w:p>{ppr}{run(text, rpr) if text else ''}</w:p>"


def paragraphs(text: str, ppr: str, rpr: str) -> str:
    """One paragraph per line of ``text`` (at least one)."""
    return "".join(paragraph(line, ppr, rpr) for line in (text.split("\n") or [""]))


# -- tables ------------------------------------------------------------------

GRID_BORDERS = "".join(
    f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
)
NO_BORDERS = "".join(
    f'<w:{edge} w:val="nil"/>' for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def table_start(widths_mm: Sequence[float], *, borders: bool, margin_mm: float = 1.2) -> str:
    grid = "".join(f'<w:gridCol w:w="{dxa(w)}"/>' for w in widths_mm)
    return (
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr>'
        f'<w:tblW w:w="{sum(dxa(w) for w in widths_mm)}" w:type="dxa"/>'
        '<w:jc w:val="center"/>'
        f"<w:tblBorders>{GRID_BORDERS if borders else NO_BORDERS}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{dxa(margin_mm)}" w:type="dxa"/>'
        f'<w:right w:w="{dxa(margin_mm)}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    )


def cell(
    content: str,
    width_mm: float,
    *,
    span: int = 1,
    vmerge: str | None = None,
    valign: str = "top",
    shade: str | None = None,
) -> str:
    """A w:tc; ``content`` is its paragraphs (a cell needs at least one)."""
    props = f'<w:tcW w:w="{dxa(width_mm)}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    if shade:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    props += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def row(cells: str, *, header: bool = False, cant_split: bool = True) -> str:
    props = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"


def table_style_id(size: float) -> str:
    """The paragraph style of table text in ``size`` points (see word._styles)."""
    return f"CchcTable{round(size * 2)}"


_BOLD = "<w:rPr><w:b/><w:bCs/></w:rPr>"


class CellText:
    """Table text: paragraphs in the table style of its size (font, size,
    spacing come from the style, so each run is only its text), each
    distinct cell written once."""

    def __init__(self, size: float) -> None:
        self.size = size
        self.style = table_style_id(size)
        self._done: dict[tuple, str] = {}

    def content(self, text: str, align: str, *, bold=False, indent_mm=0.0, keep_next=False) -> str:
        key = (text, align, bold, indent_mm, keep_next)
        found = self._done.get(key)
        if found is not None:
            return found
        jc = {"left": "left", "center": "center", "right": "right"}[align]
        ppr = (
            f'<w:pPr><w:pStyle w:val="{self.style}"/>'
            + ("<w:keepNext/>" if keep_next else "")
            + (f'<w:ind w:left="{dxa(indent_mm)}"/>' if indent_mm else "")
            + f'<w:jc w:val="{jc}"/></w:pPr>'
        )
        props = _BOLD if bold else ""
        out = "".join(
            f"<w:p>{ppr}<w:r>{props}{_text_run(line)}</w:r></w:p>" if line else f"<w:p>{ppr}</w:p>"
            for line in (text.split("\n") or [""])
        )
        if len(self._done) < 50_000:
            self._done[key] = out
        return out


def _text_run(line: str) -> str:
    return "<w:tab/>".join(_text(p) for p in clean(line).split("\t"))


def data_table(table: PageTable, widths_mm: list[float], size: float) -> str:
    """A bordered report table: header row(s) repeated on each page, each
    line kept whole, merged item lines, heading lines across the table
    (kept with the line after), bold subtotal and total lines."""
    text = CellText(size)
    columns = table.columns
    n = len(columns)
    out = [table_start(widths_mm, borders=True)]
    shade = "F2F2F2"
    # header: one row, or two when columns are grouped ("Đã hoàn thành" over two)
    if table.two_level():
        top, bottom = [], []
        j = 0
        while j < n:
            group = columns[j].group
            if group is None:
                top.append(
                    cell(
                        text.content(columns[j].title, "center", bold=True),
                        widths_mm[j],
                        vmerge="restart",
                        valign="center",
                        shade=shade,
                    )
                )
                bottom.append(cell("", widths_mm[j], vmerge="continue", shade=shade))
                j += 1
                continue
            k = j
            while k < n and columns[k].group == group:
                bottom.append(
                    cell(
                        text.content(columns[k].title, "center", bold=True),
                        widths_mm[k],
                        valign="center",
                        shade=shade,
                    )
                )
                k += 1
            top.append(
                cell(
                    text.content(group, "center", bold=True),
                    sum(widths_mm[j:k]),
                    span=k - j,
                    valign="center",
                    shade=shade,
                )
            )
            j = k
        out.append(row("".join(top), header=True))
        out.append(row("".join(bottom), header=True))
    else:
        out.append(
            row(
                "".join(
                    cell(
                        text.content(c.title, "center", bold=True),
                        w,
                        valign="center",
                        shade=shade,
                    )
                    for c, w in zip(columns, widths_mm, strict=True)
                ),
                header=True,
            )
        )
    aligns = ["center" if c.numeric or c.parts[0].kind == "date" else "left" for c in columns]
    first_text = next((j for j, c in enumerate(columns) if not c.numeric), 0)
    # each column's cell start (w:tc and its properties), made once
    starts = {
        (j, vmerge): cell("", w, vmerge=vmerge)[: -len("<w:p/></w:tc>")]
        for j, w in enumerate(widths_mm)
        for vmerge in (None, "restart", "continue")
    }
    for index, line in enumerate(table.rows):
        if line.heading:
            out.append(
                row(
                    cell(
                        text.content(line.heading, "left", bold=True, keep_next=True),
                        sum(widths_mm),
                        span=n,
                    )
                )
            )
            continue
        # the lines of one item (a directive's leads) stay on one page
        following = table.rows[index + 1] if index + 1 < len(table.rows) else None
        held = following is not None and -1 in following.spans
        cells = []
        for j, value in enumerate(line.cells):
            span = line.spans[j] if line.spans else 0
            vmerge = "restart" if span > 1 else ("continue" if span < 0 else None)
            if span < 0:
                cells.append(starts[(j, vmerge)] + "<w:p/></w:tc>")
                continue
            indent = 4.0 * line.level if j == first_text else 0.0
            content = text.content(
                value, aligns[j], bold=line.strong, indent_mm=indent, keep_next=held
            )
            cells.append(starts[(j, vmerge)] + (content or "<w:p/>") + "</w:tc>")
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(cells) + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)

"""docx: the administrative layout of Nghị định 30/2020/NĐ-CP.

A4 portrait, margins 20/20/30/15 mm, Times New Roman everywhere (East Asian
and complex-script slots too, so Word never substitutes another face);
header block as a borderless two-column table (issuing body left, national
motto right, each with its short rule), "Số: …/BC-…", italic place-and-date
line, bold title, a short narrative, the table with its header row repeated
on each page, the signer block and "Nơi nhận:". python-docx is imported only
here, when this format is asked for.
"""

from __future__ import annotations

import io
import re

from cchc_tui.reports.model import Report, date_line, page_columns

FONT = "Times New Roman"
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 165
HEADER_LEFT_MM = 70  # issuing body; the rest holds the national motto
# Font sizes in points (Nghị định 30/2020, Phụ lục I).
SIZE_BODY = 14
SIZE_HEADER = 13
SIZE_NATIONAL = 12
SIZE_MOTTO = 14
SIZE_TABLE = 12
SIZE_RECIPIENTS_LABEL = 12
SIZE_RECIPIENTS = 11
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
RECIPIENTS = [
    "- Trưởng ban, các Phó Trưởng ban (để b/c);",
    "- Các thành viên Ban Chỉ đạo;",
    "- Các cơ quan, đơn vị liên quan;",
]


def to_docx(report: Report) -> bytes:
    from docx import Document

    doc = Document()
    _page_setup(doc)
    _default_font(doc)
    _header_block(doc, report)
    _title(doc, report)
    for text in report.intro:
        _body_paragraph(doc, text)
    if report.rows:
        _paragraph(doc).paragraph_format.line_spacing = 0.5
        _table(doc, report)
    else:
        _body_paragraph(doc, "(Không có dòng nào.)")
    for section in report.sections:
        p = _paragraph(doc, space_before=6)
        _run(p, section.title, SIZE_BODY, bold=True)
        for line in section.lines:
            _body_paragraph(doc, line)
    stamp = _paragraph(doc, space_before=6)
    _run(stamp, report.stamp, SIZE_TABLE, italic=True)
    _signature_block(doc, report)
    doc.core_properties.title = report.title
    doc.core_properties.author = report.settings.get("secretariat", "")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page_setup(doc) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    _page_numbers(section)


def _page_numbers(section) -> None:
    """Page numbers centred in the top margin, from the second page on."""
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = 1  # centre
    run = _run(paragraph, "", SIZE_HEADER)
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        if kind:
            element = run._element.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        elif text.strip() == "PAGE":
            element = run._element.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            element.text = text
        else:
            element = run._element.makeelement(qn("w:t"), {})
            element.text = text
        run._element.append(element)


# -- fonts and paragraphs ----------------------------------------------------


def _set_fonts(rpr) -> None:
    """Times New Roman in every script slot of a w:rPr element."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _default_font(doc) -> None:
    """Normal style and the document defaults: Times New Roman 14."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE_BODY)
    _set_fonts(normal.element.get_or_add_rPr())
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_fonts(rpr)


def _run(paragraph, text: str, size: float, *, bold=False, italic=False, upper=False):
    from docx.shared import Pt

    text = _NOT_XML.sub("", text)  # control characters cannot be stored in Word XML
    run = paragraph.add_run(text.upper() if upper else text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _set_fonts(run._element.get_or_add_rPr())
    return run


def _paragraph(container, *, align="left", space_before=0, space_after=0, line=1.0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = line
    return paragraph


def _cell_paragraph(cell, first: bool, **kwargs):
    """The cell's own first paragraph, or a new one after it."""
    if first:
        paragraph = cell.paragraphs[0]
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        fmt = paragraph.paragraph_format
        fmt.alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[kwargs.get("align", "left")]
        fmt.space_before = Pt(kwargs.get("space_before", 0))
        fmt.space_after = Pt(kwargs.get("space_after", 0))
        fmt.line_spacing = 1.0
        return paragraph
    return _paragraph(cell, **kwargs)


def _body_paragraph(doc, text: str) -> None:
    from docx.shared import Cm

    paragraph = _paragraph(doc, align="justify", space_before=6, line=1.15)
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    _run(paragraph, text, SIZE_BODY)


def _rule(cell, length_mm: float, width_mm: float) -> None:
    """A short solid rule, centred in the cell, under the line above."""
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = _paragraph(cell, align="center")
    indent = max((width_mm - length_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(indent)
    fmt.right_indent = Mm(indent)
    fmt.line_spacing = Pt(2)
    ppr = paragraph._element.get_or_add_pPr()
    borders = ppr.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(
        qn("w:bottom"),
        {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1", qn("w:color"): "000000"},
    )
    borders.append(bottom)
    # pBdr must come before spacing/ind/jc in w:pPr
    ppr.insert(0, borders) if ppr.find(qn("w:pStyle")) is None else ppr.insert(1, borders)
    mark = ppr.makeelement(qn("w:rPr"), {})
    size = mark.makeelement(qn("w:sz"), {qn("w:val"): "4"})
    mark.append(size)
    ppr.append(mark)


def _text_width_mm(text: str, size_pt: float, bold: bool) -> float:
    """A rough printed width of ``text`` in Times New Roman (for rules)."""
    em = 0.47 if not text.isupper() else 0.68
    if bold:
        em *= 1.05
    return len(text) * em * size_pt * 0.3528


# -- tables ------------------------------------------------------------------


def _no_borders(table) -> None:
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))
    tbl_pr.append(borders)


def _fixed_widths(table, widths_mm: list[float]) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
    tbl_pr.append(layout)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    rows = table.rows
    if not len(rows):
        return
    for cell, width in zip(rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
    # the other rows get copies of the first row's cell properties (the same
    # XML as setting each width, much faster on a long table)
    from copy import deepcopy

    made = [tc.tcPr for tc in rows[0]._tr.tc_lst]
    for row in rows[1:]:
        for tc, tc_pr in zip(row._tr.tc_lst, made, strict=True):
            tc.remove(tc.tcPr)
            tc.insert(0, deepcopy(tc_pr))


def _cell_margins(table, left_mm: float, right_mm: float) -> None:
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    margins = tbl_pr.makeelement(qn("w:tblCellMar"), {})
    for side, mm in (("left", left_mm), ("right", right_mm)):
        margins.append(
            margins.makeelement(
                qn(f"w:{side}"), {qn("w:w"): str(round(mm * 56.7)), qn("w:type"): "dxa"}
            )
        )
    tbl_pr.append(margins)


def _header_block(doc, report: Report) -> None:
    s = report.settings
    right_mm = TEXT_WIDTH_MM - HEADER_LEFT_MM
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    _cell_margins(table, 0, 0)
    _fixed_widths(table, [HEADER_LEFT_MM, right_mm])
    left, right = table.rows[0].cells

    first = True
    organisation = (s.get("organisation") or "").strip()
    committee = (s.get("committee") or "").strip()
    if organisation and committee:
        _run(_cell_paragraph(left, first, align="center"), organisation, SIZE_HEADER, upper=True)
        first = False
    body = committee or organisation
    _run(_cell_paragraph(left, first, align="center"), body, SIZE_HEADER, bold=True, upper=True)
    line = _text_width_mm(body.upper(), SIZE_HEADER, True)
    _rule(left, min(max(line / 3, 20), HEADER_LEFT_MM / 2), HEADER_LEFT_MM)

    _run(_cell_paragraph(right, True, align="center"), NATIONAL_NAME, SIZE_NATIONAL, bold=True)
    _run(_cell_paragraph(right, False, align="center"), MOTTO, SIZE_MOTTO, bold=True)
    _rule(right, _text_width_mm(MOTTO, SIZE_MOTTO, True), right_mm)

    number_cell, date_cell = table.rows[1].cells
    symbol = (s.get("report_symbol") or "BC").strip()
    number = _cell_paragraph(number_cell, True, align="center", space_before=6)
    _run(number, f"Số:        /{symbol}", SIZE_HEADER)
    when = _cell_paragraph(date_cell, True, align="center", space_before=6)
    _run(when, date_line(report), SIZE_BODY, italic=True)


def _title(doc, report: Report) -> None:
    kind = _paragraph(doc, align="center", space_before=18)
    _run(kind, report.meta.get("document_kind", "BÁO CÁO"), SIZE_BODY, bold=True)
    subject = _paragraph(doc, align="center")
    _run(subject, report.title, SIZE_BODY, bold=True)
    if report.scope:
        scope = _paragraph(doc, align="center")
        _run(scope, report.scope, SIZE_BODY, italic=True)
    # the short rule under the subject (1/3 to 1/2 of its line)
    rule_table = doc.add_table(rows=1, cols=1)
    _no_borders(rule_table)
    _fixed_widths(rule_table, [TEXT_WIDTH_MM])
    cell = rule_table.rows[0].cells[0]
    cell._element.remove(cell.paragraphs[0]._element)
    _rule(cell, 35, TEXT_WIDTH_MM)
    doc.add_paragraph().paragraph_format.space_after = 0


def _repeat_header(row) -> None:
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))


def _cant_split(row) -> None:
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {qn("w:val"): "true"}))


def _table(doc, report: Report) -> None:
    columns = page_columns(report)
    if all(c.word_mm for c in columns):
        sizes = [c.word_mm for c in columns]
    else:
        sizes = [c.width for c in columns]
    widths = [TEXT_WIDTH_MM * size / (sum(sizes) or 1) for size in sizes]
    table = doc.add_table(rows=1 + len(report.rows), cols=len(columns))
    table.style = doc.styles["Table Grid"]
    _cell_margins(table, 1.2, 1.2)
    _fixed_widths(table, widths)
    header = table.rows[0]
    _repeat_header(header)
    for cell, column in zip(header.cells, columns, strict=True):
        _run(
            _cell_paragraph(cell, True, align="center", space_before=2, space_after=2),
            column.title,
            SIZE_TABLE,
            bold=True,
        )
    copies = _TableText()
    from docx.table import _Cell

    for row, values in zip(table.rows[1:], report.rows, strict=True):
        _cant_split(row)
        cells = [_Cell(tc, table) for tc in row._tr.tc_lst]  # no merged cells here
        for cell, column in zip(cells, columns, strict=True):
            align = "center" if column.numeric or column.width <= 5 else "left"
            lines = column.text(values).splitlines() or [""]
            for i, line in enumerate(lines):
                copies.add(cell, i == 0, align, line)


class _TableText:
    """Table text, fast: the first paragraph and run of each kind are made
    through python-docx (`_cell_paragraph`, `_run`); the later ones get
    copies of their properties, which gives the same XML at a fraction of
    the cost of python-docx's setters (thousands of cells in a report)."""

    def __init__(self) -> None:
        self.made: dict[tuple[bool, str], tuple] = {}

    def add(self, cell, first: bool, align: str, text: str) -> None:
        from copy import deepcopy

        key = (first, align)
        if key not in self.made:
            paragraph = _cell_paragraph(
                cell, first, align=align, space_before=2 if first else 0, space_after=2
            )
            run = _run(paragraph, text, SIZE_TABLE)
            self.made[key] = (paragraph._p.pPr, run._r.rPr)
            return
        p_pr, r_pr = self.made[key]
        p = cell._tc.p_lst[0] if first else cell._tc.add_p()
        p.insert(0, deepcopy(p_pr))
        r = p.add_r()
        r.insert(0, deepcopy(r_pr))
        text = _NOT_XML.sub("", text)
        if "\t" in text or "\r" in text or "\n" in text:
            r.text = text  # tabs and breaks become their own elements
        elif text:
            r.add_t(text)  # what the text setter writes for plain text


def _signature_block(doc, report: Report) -> None:
    s = report.settings
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _cell_margins(table, 0, 0)
    _fixed_widths(table, [TEXT_WIDTH_MM - 85, 85])
    left, right = table.rows[0].cells
    label = _cell_paragraph(left, True, space_before=12)
    _run(label, "Nơi nhận:", SIZE_RECIPIENTS_LABEL, bold=True, italic=True)
    secretariat = (s.get("secretariat") or "").strip()
    for line in RECIPIENTS + [f"- Lưu: VT{', ' + secretariat if secretariat else ''}."]:
        _run(_cell_paragraph(left, False), line, SIZE_RECIPIENTS)

    first = True
    for line in (s.get("signer_title") or "").splitlines():
        if line.strip():
            paragraph = _cell_paragraph(
                right, first, align="center", space_before=12 if first else 0
            )
            _run(paragraph, line.strip(), SIZE_BODY, bold=True, upper=True)
            first = False
    if first:  # no title configured: keep the signing space anyway
        _cell_paragraph(right, True, align="center", space_before=12)
    for _ in range(4):
        _run(_cell_paragraph(right, False, align="center"), "", SIZE_BODY)
    name = (s.get("signer_name") or "").strip()
    if name:
        _run(_cell_paragraph(right, False, align="center"), name, SIZE_BODY, bold=True)

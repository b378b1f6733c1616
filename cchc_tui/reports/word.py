"""docx: the administrative layout of Nghị định 30/2020/NĐ-CP.

A4 portrait, margins 20/20/30/15 mm, Times New Roman everywhere (East Asian
and complex-script slots too, so Word never substitutes another face),
language vi-VN. The header block is a borderless two-column table (the body
above and the issuing body left, the national motto right, each with its
short rule; "Số: …/BC-BCĐ" and the italic place-and-date line under them;
a letter's "V/v …" under its number). Then "BÁO CÁO" and the bold subject
(or "Kính gửi:" for a letter), the numbered sections with their tables,
the signer block beside "Nơi nhận:" — kept whole and with the paragraph
before it — and, for reports that have one, the directive table as a
landscape appendix. Column widths come from measuring the text; long cells
move to numbered notes under their table. The made-on time is in the
document properties and a small footer line. python-docx is imported only
here, when this format is asked for.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from functools import partial

from cchc_tui.reports import word_xml as x
from cchc_tui.reports.measure import column_widths_mm, text_mm
from cchc_tui.reports.model import (
    Report,
    Table,
    date_line,
    issuer_lines,
    numbered_title,
    page_table,
    recipients,
    signer_lines,
)

FONT = x.FONT
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 165
LANDSCAPE_WIDTH_MM = PAGE_MM[1] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 252
HEADER_LEFT_MM = 70  # issuing body; the rest holds the national motto
SIGNER_MM = 85
# Font sizes in points (Nghị định 30/2020, Phụ lục I).
SIZE_BODY = 14
SIZE_HEADER = 13
SIZE_NATIONAL = 12
SIZE_MOTTO = 14
SIZE_TABLE = 12
SIZE_APPENDIX_TABLE = 11
SIZE_ABOUT = 12
SIZE_RECIPIENTS_LABEL = 12
SIZE_RECIPIENTS = 11
SIZE_FOOTER = 9
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
LANGUAGE = "vi-VN"
CELL_PADDING_MM = 2 * 1.2 + 0.6
FIRST_LINE_MM = 12.7


def to_docx(report: Report) -> bytes:
    from docx import Document

    doc = Document()
    body = _Body(doc)
    _page_setup(doc.sections[0], landscape=False)
    _styles(doc)
    _header_block(body, report)
    if report.addressees:
        _addressees(body, report)
    else:
        _title(body, report)
    for text in report.intro:
        body.text(text)
    if not report.appendix:
        _table(body, report.table, TEXT_WIDTH_MM, SIZE_TABLE)
    for index, section in enumerate(report.sections):
        body.heading(numbered_title(report.sections, index), section.level)
        for text in section.lines:
            body.text(text)
        if section.table is not None:
            _table(body, section.table, TEXT_WIDTH_MM, SIZE_TABLE)
        for text in section.after:
            body.text(text)
    for text in report.closing:
        body.text(text)
    body.keep_last_with_next()  # the last paragraph goes with the signer block
    _signature_block(body, report)
    if report.appendix:
        _appendix(doc, body, report)
    _footers(doc, report)
    _properties(doc, report)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _clean_package(buffer.getvalue(), report, body.tables)


# -- the body, written as XML ------------------------------------------------


class _Body:
    """Appends paragraphs and tables before the body's final section
    properties, remembering the last paragraph (to keep it with what follows).

    Report tables (thousands of cells) are not parsed into the document: a
    marker paragraph stands in for each, and the table's XML text replaces
    it in the saved file (:func:`_clean_package`) — parsing and moving that
    many nodes would be most of the time taken."""

    def __init__(self, doc) -> None:
        from docx.oxml import parse_xml

        self._parse = parse_xml
        self.element = doc.element.body
        self._last = None
        self._last_table: str | None = None  # the marker of the last element, a table
        self.tables: dict[str, str] = {}
        self.body_ppr = x.para_props(align="justify", before=6, line=1.15, first_mm=FIRST_LINE_MM)
        self.body_rpr = x.run_props(SIZE_BODY)

    def add(self, xml: str):
        element = self._parse(xml if "xmlns:w" in xml[:200] else _with_ns(xml))
        self.element.insert(len(self.element) - 1, element)  # before w:sectPr
        self._last_table = None
        return element

    def paragraph(self, text: str, ppr: str, rpr: str) -> None:
        self._last = self.add(x.paragraph(text, ppr, rpr))

    def text(self, text: str) -> None:
        """Body paragraphs (one per line of ``text``)."""
        for line in text.split("\n"):
            self.paragraph(line, self.body_ppr, self.body_rpr)

    def heading(self, text: str, level: int) -> None:
        ppr = x.para_props(
            align="justify", before=6, line=1.15, first_mm=FIRST_LINE_MM, keep_next=True
        )
        self.paragraph(text, ppr, x.run_props(SIZE_BODY, bold=True, italic=level > 1))

    def _previous_is_table(self) -> bool:
        from docx.oxml.ns import qn

        previous = self.element[len(self.element) - 2] if len(self.element) > 1 else None
        return self._last_table is not None or (
            previous is not None and previous.tag == qn("w:tbl")
        )

    def table(self, xml: str, *, big: bool = False) -> None:
        if self._previous_is_table():
            # two tables in a row would be read as one (Word and LibreOffice
            # join them): a small paragraph between, kept with the next
            self.add(x.paragraph("", x.para_props(line=1.0, size=6, keep_next=True), ""))
        if big:
            marker = f"CCHC-TABLE-{len(self.tables)}"
            self.tables[marker] = xml.replace(f' xmlns:w="{x.W_NS}"', "", 1)
            self.add(f"<w:p><w:r><w:t>{marker}</w:t></w:r></w:p>")
            self._last_table = marker
        else:
            self.add(xml)
        self._last = None

    def keep_last_with_next(self) -> None:
        """What comes last (a paragraph, or a table's last line) is kept
        with what follows."""
        from docx.oxml.ns import qn

        if self._last_table is not None:
            xml = self.tables[self._last_table]
            at = xml.rfind("<w:tr>")
            tail = _STYLE_FIRST.sub(r"\1<w:keepNext/>", xml[at:])
            self.tables[self._last_table] = xml[:at] + tail
            return
        last = self.element[len(self.element) - 2] if len(self.element) > 1 else None
        if last is None:
            return
        if last.tag == qn("w:tbl"):
            paragraphs = last.findall(qn("w:tr"))[-1].iter(qn("w:p"))
        elif self._last is not None:
            paragraphs = [self._last]
        else:
            return
        for p in paragraphs:
            ppr = p.find(qn("w:pPr"))
            if ppr is None:
                ppr = p.makeelement(qn("w:pPr"), {})
                p.insert(0, ppr)
            if ppr.find(qn("w:keepNext")) is None:
                ppr.insert(0, ppr.makeelement(qn("w:keepNext"), {}))


_STYLE_FIRST = re.compile(r'(<w:pPr><w:pStyle w:val="[^"]+"/>)(?!<w:keepNext/>)')
_MARKER = re.compile(r"<w:p>(?:(?!</w:p>).)*?(CCHC-TABLE-\d+)(?:(?!</w:p>).)*?</w:p>", re.S)


def _with_ns(xml: str) -> str:
    """Declare the w: namespace on the fragment's root element."""
    end = xml.index(">")
    if xml[end - 1] == "/":
        end -= 1
    return xml[:end] + f' xmlns:w="{x.W_NS}"' + xml[end:]


# -- page and styles ---------------------------------------------------------


def _page_setup(section, *, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    width, height = (PAGE_MM[1], PAGE_MM[0]) if landscape else PAGE_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(8)


def _set_fonts(rpr) -> None:
    """Times New Roman in every script slot of a w:rPr element, and vi-VN."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _styles(doc) -> None:
    """Normal style and the document defaults: Times New Roman 14, vi-VN."""
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
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)
    from docx.enum.style import WD_STYLE_TYPE

    for size in (SIZE_TABLE, SIZE_APPENDIX_TABLE):
        # table text: its font, size and spacing in a style, not in every run
        style = doc.styles.add_style(x.table_style_id(size), WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        _set_fonts(style.element.get_or_add_rPr())
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(1)
        fmt.line_spacing = 1.0


# -- header block, title, addressees -----------------------------------------


def _rule(length_mm: float, width_mm: float) -> str:
    """A short solid rule, centred in its cell, under the line above."""
    indent = max((width_mm - length_mm) / 2, 0)
    return (
        '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/>'
        f'</w:pBdr><w:spacing w:before="0" w:after="0" w:line="40" w:lineRule="exact"/>'
        f'<w:ind w:left="{x.dxa(indent)}" w:right="{x.dxa(indent)}"/><w:jc w:val="center"/>'
        '<w:rPr><w:sz w:val="4"/></w:rPr></w:pPr></w:p>'
    )


def _centred(text: str, size: float, *, bold=False, italic=False, before=0.0) -> str:
    ppr = x.para_props(align="center", before=before, line=1.0)
    return x.paragraphs(text, ppr, x.run_props(size, bold=bold, italic=italic))


def _header_block(body: _Body, report: Report) -> None:
    right_mm = TEXT_WIDTH_MM - HEADER_LEFT_MM
    parent, issuer = issuer_lines(report)
    left = ""
    if parent:
        left += _centred(parent.upper(), SIZE_HEADER)
    left += _centred(issuer.upper(), SIZE_HEADER, bold=True)
    longest = max(text_mm(line, SIZE_HEADER, True) for line in issuer.upper().split("\n"))
    left += _rule(
        min(max(min(longest, HEADER_LEFT_MM) / 3, 20), HEADER_LEFT_MM / 2), HEADER_LEFT_MM
    )
    right = _centred(NATIONAL_NAME, SIZE_NATIONAL, bold=True)
    right += _centred(MOTTO, SIZE_MOTTO, bold=True)
    right += _rule(text_mm(MOTTO, SIZE_MOTTO, True), right_mm)
    number = _centred(f"Số:        /{report.symbol}", SIZE_HEADER, before=6)
    if report.about:
        number += _centred(report.about, SIZE_ABOUT, before=2)
    when = _centred(date_line(report), SIZE_BODY, italic=True, before=6)
    widths = [HEADER_LEFT_MM, right_mm]
    xml = (
        x.table_start(widths, borders=False, margin_mm=0)
        + x.row(x.cell(left, widths[0]) + x.cell(right, widths[1]))
        + x.row(x.cell(number, widths[0]) + x.cell(when, widths[1]))
        + "</w:tbl>"
    )
    body.table(xml)


def _title(body: _Body, report: Report) -> None:
    kept = partial(x.para_props, align="center", line=1.0, keep_next=True)
    body.paragraph(
        report.document_kind,
        kept(before=18),
        x.run_props(SIZE_BODY, bold=True),
    )
    body.paragraph(report.title, kept(), x.run_props(SIZE_BODY, bold=True))
    if report.scope:
        body.paragraph(report.scope, kept(), x.run_props(SIZE_BODY, italic=True))
    body.add(
        _rule(min(max(text_mm(report.title, SIZE_BODY, True) / 3, 35), 60), TEXT_WIDTH_MM)
        .replace("<w:pPr>", "<w:pPr><w:keepNext/>", 1)
        .replace('w:before="0"', 'w:before="40"', 1)
    )
    body.paragraph("", x.para_props(line=1.0, size=6), x.run_props(6))


def _addressees(body: _Body, report: Report) -> None:
    """ "Kính gửi: X." — or "Kính gửi:" and one "- X;" line per addressee."""
    rpr = x.run_props(SIZE_BODY)
    if len(report.addressees) == 1:
        body.paragraph(
            f"Kính gửi: {report.addressees[0]}.",
            x.para_props(align="center", before=18, after=6, line=1.0),
            rpr,
        )
        return
    body.paragraph("Kính gửi:", x.para_props(align="center", before=18, line=1.0), rpr)
    last = len(report.addressees) - 1
    for i, name in enumerate(report.addressees):
        body.paragraph(
            f"- {name}{'.' if i == last else ';'}",
            x.para_props(align="left", indent_mm=55, line=1.0, after=6 if i == last else 0),
            rpr,
        )


# -- tables ------------------------------------------------------------------


def _table(body: _Body, table: Table, width_mm: float, size: float) -> None:
    """A report table at full text width, then the notes of its long cells."""
    if not table.rows:
        body.text(table.empty)
        return
    printed = page_table(table)
    texts = [
        [r.cells[j] for r in printed.rows if not r.heading] for j in range(len(printed.columns))
    ]
    headers = [c.title for c in printed.columns]
    groups = {c.group for c in printed.columns if c.group}
    widths = column_widths_mm(
        headers,
        texts,
        width_mm,
        size_pt=size,
        header_pt=size,
        padding_mm=CELL_PADDING_MM,
        cap_mm=width_mm * 0.4,
        numeric=[c.numeric for c in printed.columns],
    )
    widths = _room_for_groups(printed.columns, widths, groups, size)
    body.paragraph("", x.para_props(line=1.0, size=4, keep_next=True), x.run_props(4))
    body.table(x.data_table(printed, widths, size), big=True)
    ppr = x.para_props(align="justify", before=3, line=1.0)
    rpr = x.run_props(SIZE_RECIPIENTS, italic=True)
    if printed.notes:
        body.paragraph("Ghi chú:", ppr, x.run_props(SIZE_RECIPIENTS, bold=True, italic=True))
    for note in printed.notes:
        for line in note.split("\n"):
            body.paragraph(line, ppr, rpr)


def _room_for_groups(columns, widths: list[float], groups: set, size: float) -> list[float]:
    """A group heading's words must fit over its columns: widen them if not."""
    if not groups:
        return widths
    widths = list(widths)
    for group in groups:
        members = [j for j, c in enumerate(columns) if c.group == group]
        need = max((text_mm(w, size, True) for w in group.split()), default=0) + CELL_PADDING_MM
        have = sum(widths[j] for j in members)
        if have < need:
            others = [j for j in range(len(widths)) if j not in members]
            extra = need - have
            for j in members:
                widths[j] += extra / len(members)
            spare = sum(widths[j] for j in others)
            for j in others:
                widths[j] -= extra * widths[j] / spare
    return widths


# -- signer block and appendix -----------------------------------------------


def _signature_block(body: _Body, report: Report) -> None:
    """ "Nơi nhận:" left, the signer right: one row that cannot split,
    every paragraph kept with the next, so the block never breaks over two
    pages and the paragraph before it comes along."""
    left_mm = TEXT_WIDTH_MM - SIGNER_MM
    kept = partial(x.para_props, line=1.0, keep_next=True)
    left = x.paragraph(
        "Nơi nhận:",
        kept(before=12),
        x.run_props(SIZE_RECIPIENTS_LABEL, bold=True, italic=True),
    )
    for line in recipients(report):
        left += x.paragraph(line, kept(), x.run_props(SIZE_RECIPIENTS))
    titles, name = signer_lines(report)
    right = ""
    for i, line in enumerate(titles or [""]):
        right += x.paragraph(
            line,
            kept(align="center", before=12 if i == 0 else 0),
            x.run_props(SIZE_BODY, bold=True),
        )
    for _ in range(4):  # room for the signature and the seal
        right += x.paragraph("", kept(align="center"), x.run_props(SIZE_BODY))
    if name:
        right += x.paragraph(
            name, x.para_props(align="center", line=1.0), x.run_props(SIZE_BODY, bold=True)
        )
    widths = [left_mm, SIGNER_MM]
    body.table(
        x.table_start(widths, borders=False, margin_mm=0)
        + x.row(x.cell(left, widths[0]) + x.cell(right, widths[1]))
        + "</w:tbl>"
    )


def _appendix(doc, body: _Body, report: Report) -> None:
    """The main table on landscape pages after the signed report."""
    from docx.enum.section import WD_SECTION_START

    section = doc.add_section(WD_SECTION_START.NEW_PAGE)
    _shrink_break_paragraph(body)
    _page_setup(section, landscape=True)
    section.different_first_page_header_footer = False  # numbered from its first page
    for i, line in enumerate(report.appendix):
        body.paragraph(
            line,
            x.para_props(align="center", line=1.0, keep_next=True, after=6 if i == 2 else 0),
            x.run_props(SIZE_BODY, bold=i < 2, italic=i >= 2),
        )
    _table(body, report.table, LANDSCAPE_WIDTH_MM, SIZE_APPENDIX_TABLE)


def _shrink_break_paragraph(body: _Body) -> None:
    """The portrait part ends in the paragraph holding its section break
    (python-docx adds it after the signer block): one point high, so that
    it can never spill onto a page of its own."""
    from docx.oxml.ns import qn

    holder = [
        p
        for p in body.element.iterchildren(qn("w:p"))
        if p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None
    ][-1]
    ppr = holder.find(qn("w:pPr"))
    sect = ppr.find(qn("w:sectPr"))
    spacing = _parse('<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>')
    mark = _parse('<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>')
    sect.addprevious(spacing)
    sect.addprevious(mark)


def _page_numbers(header) -> None:
    """A centred PAGE field (the first page of the report shows none)."""
    paragraph = header.paragraphs[0]
    paragraph._p.getparent().replace(
        paragraph._p,
        _parse(
            '<w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
            f'<w:r>{x.run_props(SIZE_HEADER)}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{x.run_props(SIZE_HEADER)}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r>{x.run_props(SIZE_HEADER)}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{x.run_props(SIZE_HEADER)}<w:t>2</w:t></w:r>"
            f'<w:r>{x.run_props(SIZE_HEADER)}<w:fldChar w:fldCharType="end"/></w:r></w:p>'
        ),
    )


def _parse(xml: str):
    from docx.oxml import parse_xml

    return parse_xml(_with_ns(xml))


def _footers(doc, report: Report) -> None:
    """Page numbers from the second page; the made-on line in small type
    at the foot of every page."""
    first = doc.sections[0]
    first.different_first_page_header_footer = True
    _page_numbers(first.header)
    made = report.made_on.strftime("%H:%M ngày %d/%m/%Y")
    stamp = f"Lập bằng cchc-tui lúc {made}; số liệu tính đến ngày {report.today:%d/%m/%Y}."
    for footer in (first.footer, first.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph._p.getparent().replace(
            paragraph._p,
            _parse(
                x.paragraph(
                    stamp,
                    x.para_props(align="right", line=1.0),
                    x.run_props(SIZE_FOOTER, italic=True),
                )
            ),
        )


# -- properties and package --------------------------------------------------


def _properties(doc, report: Report) -> None:
    props = doc.core_properties
    made = report.made_on
    if made.tzinfo is not None:
        made = made.astimezone(UTC).replace(tzinfo=None)
    author = (report.settings.get("secretariat") or "").strip()
    props.title = report.title
    props.subject = report.document_kind.capitalize()
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = LANGUAGE
    props.created = made
    props.modified = made
    props.revision = 1


_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>cchc-tui</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><Company>{company}</Company>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
_THUMBNAIL_REL = re.compile(rb'<Relationship [^>]*Target="docProps/thumbnail\.jpeg"[^>]*/>')


def _clean_package(data: bytes, report: Report, tables: dict[str, str]) -> bytes:
    """The saved file with the report tables in place of their markers, and
    without python-docx's template leftovers: its thumbnail (a blank page)
    and its application properties ("Microsoft Macintosh Word",
    "Normal.dotm")."""

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    company = x.escape(report.settings.get("organisation") or "")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "docProps/thumbnail.jpeg":
                continue
            content = source.read(item.filename)
            if item.filename == "_rels/.rels":
                content = _THUMBNAIL_REL.sub(b"", content)
            elif item.filename == "docProps/app.xml":
                content = _APP_XML.format(company=company).encode("utf-8")
            elif item.filename == "word/document.xml" and tables:
                text = content.decode("utf-8")
                text = _MARKER.sub(lambda m: tables[m.group(1)], text)
                content = text.encode("utf-8")
            stamp = datetime(*report.made_on.timetuple()[:6]).timetuple()[:6]
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()

"""The Word report read back with python-docx: Nghị định 30/2020 layout."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cchc_tui.reports import render
from cchc_tui.services.reports import build_report
from cchc_tui.services.settings import set_setting
from cchc_tui.services.updates import record_update


@pytest.fixture
def word(fresh_store, today):
    report = build_report(fresh_store, "summary", today, made_on=datetime(2026, 11, 27, 9, 30))
    return Document(io.BytesIO(render(report, "docx")))


def cell_text(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs)


def _paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def all_runs(doc):
    for paragraph in doc.paragraphs:
        yield from paragraph.runs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


def test_page_is_a4_with_decree_margins(word):
    section = word.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) - Mm(0.5) <= section.top_margin <= Mm(25) + Mm(0.5)
    assert Mm(20) - Mm(0.5) <= section.bottom_margin <= Mm(25) + Mm(0.5)
    assert Mm(30) - Mm(0.5) <= section.left_margin <= Mm(35) + Mm(0.5)
    assert Mm(15) - Mm(0.5) <= section.right_margin <= Mm(20) + Mm(0.5)


def _effective(run, paragraph, attribute):
    """A run's font attribute, else its paragraph style's, else Normal's."""
    value = getattr(run.font, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.font, attribute)
        style = style.base_style
    return value


def _fonts_of(rpr) -> dict:
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return (
        {}
        if fonts is None
        else {k: fonts.get(qn(k)) for k in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")}
    )


def test_times_new_roman_everywhere_in_every_script(word):
    """Every run says Times New Roman in every script slot, or says no font
    and inherits it from a style that does (table text: its style)."""
    pairs = [(r, p) for p in _paragraphs(word) for r in p.runs if r.text.strip()]
    assert len(pairs) > 50
    for run, paragraph in pairs:
        fonts = _fonts_of(run._element.rPr)
        if not fonts:
            fonts = _fonts_of(paragraph.style.element.rPr)
        assert set(fonts.values()) == {"Times New Roman"} and len(fonts) == 4, run.text
        assert Pt(11) <= _effective(run, paragraph, "size") <= Pt(14), run.text
    normal = word.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Times New Roman"


def test_header_block_is_a_borderless_two_column_table(word):
    header = word.tables[0]
    assert len(header.columns) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    left, right = header.rows[0].cells
    left_lines = [p for p in left.paragraphs if p.text]
    assert left_lines[0].text == "UBND HUYỆN NGHĨA HÀNH"
    assert left_lines[1].text == "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH HUYỆN"
    assert left_lines[1].runs[0].bold
    national, motto = [p for p in right.paragraphs if p.text]
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert national.runs[0].bold and Pt(12) <= national.runs[0].font.size <= Pt(13)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert motto.runs[0].bold and Pt(13) <= motto.runs[0].font.size <= Pt(14)
    # the short rules under the issuing body and under the motto
    for cell in (left, right):
        rules = [
            p
            for p in cell.paragraphs
            if p._element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None
        ]
        assert len(rules) == 1 and rules[0].text == ""


def test_number_and_date_lines(word):
    number_cell, date_cell = word.tables[0].rows[1].cells
    assert number_cell.paragraphs[0].text.replace(" ", "") == "Số:/BC-BCĐ"
    date_line = date_cell.paragraphs[0]
    assert date_line.text == "Nghĩa Hành, ngày 27 tháng 11 năm 2026"
    assert all(run.italic for run in date_line.runs)


def _signature(doc):
    return next(
        t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text.startswith("Nơi nhận")
    )


def test_title_sections_tables_and_signature(word):
    texts = [p.text for p in word.paragraphs]
    at = texts.index("BÁO CÁO")
    title, subject = word.paragraphs[at], word.paragraphs[at + 1]
    assert title.runs[0].bold and title.text.isupper()
    assert subject.runs[0].bold and not subject.text.isupper()  # normal case, bold
    assert "I. Kết quả thực hiện" in texts and "1. Tình hình chung" in texts
    assert any(t.startswith("Tổng số 7 nhiệm vụ; đã hoàn thành 0 nhiệm vụ (0,0%)") for t in texts)
    assert "(Chi tiết từng nhiệm vụ tại Phụ lục kèm theo.)" in texts
    assert not any(t.startswith("II.") for t in texts)  # no findings given: left out
    agencies = next(t for t in word.tables if "Cơ quan, đơn vị" in cell_text(t.rows[0].cells[1]))
    assert cell_text(agencies.rows[0].cells[3]) == "Đã hoàn thành"  # two-level header
    assert cell_text(agencies.rows[-1].cells[1]) == "Tổng cộng"
    appendix = next(t for t in word.tables if cell_text(t.rows[0].cells[1]) == "Nhiệm vụ")
    assert len(appendix.rows) == 1 + 17  # one line per lead of the seven directives
    assert appendix._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None
    signature = _signature(word)
    left, right = signature.rows[0].cells
    assert left.paragraphs[0].runs[0].bold and left.paragraphs[0].runs[0].italic
    assert cell_text(left).splitlines()[1:] == [
        "- Các thành viên Ban Chỉ đạo;",
        "- Các cơ quan, đơn vị liên quan;",
        "- Lưu: VT, Phòng Nội vụ.",
    ]
    signer = [p.text for p in right.paragraphs if p.text]
    assert signer == ["TRƯỞNG BAN", "CHỦ TỊCH UBND HUYỆN", "Đinh Xuân Sâm"]
    assert not any("Lập lúc" in t for t in texts)  # the made-on time is in the footer


def test_appendix_is_a_landscape_section_after_the_signature(word):
    from docx.enum.section import WD_ORIENT

    first, appendix = word.sections
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert appendix.page_width > appendix.page_height
    body = word.element.body
    tables = body.findall(qn("w:tbl"))
    signature, table = _signature(word)._tbl, tables[-1]
    assert list(body).index(signature) < list(body).index(table)
    texts = [p.text for p in word.paragraphs]
    assert "PHỤ LỤC" in texts
    assert any(t.startswith("(Kèm theo Báo cáo số") and "/BC-BCĐ" in t for t in texts)
    footer = first.footer.paragraphs[0].text
    assert "09:30 ngày 27/11/2026" in footer and "tính đến ngày 27/11/2026" in footer


def _props(element, name):
    ppr = element.find(qn("w:pPr"))
    return ppr is not None and ppr.find(qn(name)) is not None


def test_keep_with_next_and_cant_split(word):
    """Headings keep with what follows, rows never split, and the signer
    block travels with the paragraph before it."""
    for p in word.paragraphs:
        if p.text[:3] in ("I. ", "1. ", "2. ", "3. "):
            assert _props(p._element, "w:keepNext"), p.text
    for table in word.tables:
        for tr in table._tbl.tr_lst:
            assert tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None
    signature = _signature(word)._tbl
    before = signature.getprevious()
    assert before.tag == qn("w:p") and _props(before, "w:keepNext")
    paragraphs = signature.findall(".//" + qn("w:p"))
    assert all(_props(p, "w:keepNext") for p in paragraphs[:-1])  # all but the name


def _longest_word_mm(text: str, size: float) -> float:
    from cchc_tui.reports.measure import longest_word_mm

    return longest_word_mm(text, size)


def test_every_column_is_at_least_as_wide_as_its_longest_word(noted_word_bytes):
    doc = Document(io.BytesIO(noted_word_bytes))
    for table in doc.tables[1:]:
        grid = [int(c.get(qn("w:w"))) / 56.69 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        if len(grid) < 3:
            continue  # the borderless header and signer blocks
        for tr in table._tbl.tr_lst:
            tcs = tr.tc_lst
            if len(tcs) != len(grid):
                continue  # heading lines and grouped header cells span several columns
            for tc, width in zip(tcs, grid, strict=True):
                text = "\n".join(
                    "".join(
                        "-" if t.tag == qn("w:noBreakHyphen") else t.text or ""
                        for t in p.iter(qn("w:t"), qn("w:noBreakHyphen"))
                    )
                    for p in tc.iter(qn("w:p"))
                )
                styles = [s.get(qn("w:val")) for s in tc.iter(qn("w:pStyle"))]
                sizes = [int(s.removeprefix("CchcTable")) / 2 for s in styles] or [12]
                assert _longest_word_mm(text, max(sizes)) + 2.4 <= width + 0.01, (text, width)


@pytest.fixture
def noted_word_bytes(fresh_store, today):
    record_update(
        fresh_store,
        5,
        today=today,
        agency="Phòng Nội vụ",
        progress=40,
        note="Đã trình dự thảo; kiểm chứng: Tờ trình 12/TTr-PNV ngày 22/11/2026",
        evidence="Tờ trình 12/TTr-PNV ngày 22/11/2026 (BaoCaoTongHop_2026_final.docx)",
    )
    return render(build_report(fresh_store, "summary", today), "docx")


def test_hyphens_inside_words_do_not_break_lines(noted_word_bytes):
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(noted_word_bytes)).read("word/document.xml").decode()
    assert '12/TTr</w:t><w:noBreakHyphen/><w:t xml:space="preserve">PNV' in xml
    assert "Tài chính - Kế hoạch" in xml  # a spaced dash may end a line


def test_language_and_metadata_are_clean(word, fresh_store, today):
    import zipfile

    data = render(build_report(fresh_store, "summary", today), "docx")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "docProps/thumbnail.jpeg" not in names
    rels = zipfile.ZipFile(io.BytesIO(data)).read("_rels/.rels").decode()
    assert "thumbnail" not in rels
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()
    assert "<Application>cchc-tui</Application>" in app and "Macintosh" not in app
    props = word.core_properties
    assert props.author == "Phòng Nội vụ" and props.title.startswith("Kết quả thực hiện")
    assert props.comments == "" and props.language == "vi-VN"
    assert props.created.year == 2026 and props.modified == props.created
    defaults = word.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "vi-VN"


def test_findings_and_proposals_become_sections_ii_and_iii(fresh_store, today):
    report = build_report(
        fresh_store,
        "summary",
        today,
        findings="Một số cơ quan chậm báo cáo.\nChưa có tài liệu kiểm chứng.",
        proposals="Đề nghị UBND huyện chỉ đạo các cơ quan báo cáo đúng hạn.",
    )
    texts = [p.text for p in Document(io.BytesIO(render(report, "docx"))).paragraphs]
    at = texts.index("II. Tồn tại, hạn chế")
    assert texts[at + 1 : at + 3] == [
        "Một số cơ quan chậm báo cáo.",
        "Chưa có tài liệu kiểm chứng.",
    ]
    assert texts[texts.index("III. Đề xuất, kiến nghị") + 1].startswith("Đề nghị UBND huyện")
    only = build_report(fresh_store, "summary", today, proposals="Đề nghị tăng cường.")
    texts = [p.text for p in Document(io.BytesIO(render(only, "docx"))).paragraphs]
    assert "II. Đề xuất, kiến nghị" in texts  # numbered after what is there


def test_settings_drive_the_header_and_user_text_stays_literal(fresh_store, today):
    set_setting(fresh_store, "place", "Quảng Ngãi")
    set_setting(fresh_store, "report_symbol", "BC-UBND")
    set_setting(fresh_store, "report_issuer", "Phòng Nội vụ")
    set_setting(fresh_store, "signer_title", "KT. TRƯỞNG BAN\\nPHÓ TRƯỞNG BAN")
    set_setting(fresh_store, "report_recipients", "Sở Nội vụ (để b/c)\\nCác xã, thị trấn")
    record_update(fresh_store, 2, today=today, progress=30, note='=HYPERLINK("http://x","y") <b>')
    doc = Document(io.BytesIO(render(build_report(fresh_store, "summary", today), "docx")))
    number_cell, date_cell = doc.tables[0].rows[1].cells
    assert number_cell.paragraphs[0].text.endswith("/BC-UBND")
    assert date_cell.paragraphs[0].text == "Quảng Ngãi, ngày 27 tháng 11 năm 2026"
    issuer = [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert issuer == ["UBND HUYỆN NGHĨA HÀNH", "PHÒNG NỘI VỤ"]
    left, right = _signature(doc).rows[0].cells
    assert [p.text for p in right.paragraphs if p.text][:2] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert "- Sở Nội vụ (để b/c);" in cell_text(left) and "- Các xã, thị trấn;" in cell_text(left)
    table = next(t for t in doc.tables if cell_text(t.rows[0].cells[1]) == "Nhiệm vụ")
    cells = [cell_text(c) for row in table.rows for c in row.cells]
    assert any('=HYPERLINK("http://x","y") <b>' in c for c in cells)


def test_reminder_is_a_letter_with_its_own_symbol(fresh_store, today):
    from cchc_tui.services.agencies import find_agency
    from cchc_tui.services.directives import DirectiveFilter

    scope = DirectiveFilter(agency_id=find_agency(fresh_store, "UBND các xã")["id"])
    doc = Document(io.BytesIO(render(build_report(fresh_store, "reminder", today, scope), "docx")))
    number_cell = doc.tables[0].rows[1].cells[0]
    lines = [p.text for p in number_cell.paragraphs if p.text]
    assert lines[0].replace(" ", "") == "Số:/CV-BCĐ"
    assert lines[1].startswith("V/v đôn đốc")
    texts = [p.text for p in doc.paragraphs]
    # all 12 communes are late on directive 1: the letter goes to the group, the table names them
    assert "Kính gửi: UBND các xã, thị trấn (các đơn vị có tên trong bảng dưới đây)." in texts
    assert "BÁO CÁO" not in texts
    left = _signature(doc).rows[0].cells[0]
    assert cell_text(left).splitlines()[1:] == ["- Như trên;", "- Lưu: VT, Phòng Nội vụ."]
    table = next(t for t in doc.tables if cell_text(t.rows[0].cells[0]) == "STT")
    assert [cell_text(c) for c in table.rows[1].cells][:4] == [
        "1",
        "Hoàn thành nhiệm vụ Kế hoạch CCHC 2024; khắc phục tiêu chí có thể mất điểm, tự chấm "
        "điểm chỉ số CCHC",
        "UBND thị trấn Chợ Chùa",
        "Thực hiện",
    ]
    assert len(table.rows) == 1 + 12


def test_reminder_with_nothing_to_remind_is_refused(fresh_store, today):
    from cchc_tui.domain.errors import ValidationError
    from cchc_tui.services.agencies import find_agency
    from cchc_tui.services.directives import DirectiveFilter

    # a support of directive 4 only, which has no deadline
    branch = find_agency(fresh_store, "Văn phòng đăng ký đất đai")["id"]
    scope = DirectiveFilter(agency_id=branch)
    with pytest.raises(ValidationError, match="không có nhiệm vụ quá hạn hoặc sắp đến hạn"):
        build_report(fresh_store, "reminder", today, scope)


def test_heavy_libraries_load_only_for_their_format():
    import subprocess
    import sys

    code = (
        "import sys; from cchc_tui.cli.app import build_parser; build_parser();"
        "import cchc_tui.services.reports, cchc_tui.reports.text_table;"
        "print('docx' in sys.modules, 'openpyxl' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]

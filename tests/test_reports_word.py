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


def test_times_new_roman_everywhere_in_every_script(word):
    runs = [r for r in all_runs(word) if r.text.strip()]
    assert len(runs) > 50
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert fonts.get(qn(slot)) == "Times New Roman", (run.text, slot)
        assert Pt(11) <= run.font.size <= Pt(14), run.text
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
    assert number_cell.paragraphs[0].text.replace(" ", "") == "Số:/BC-PNV"
    date_line = date_cell.paragraphs[0]
    assert date_line.text == "Nghĩa Hành, ngày 27 tháng 11 năm 2026"
    assert all(run.italic for run in date_line.runs)


def test_title_narrative_table_and_signature(word):
    texts = [p.text for p in word.paragraphs]
    title = next(p for p in word.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].bold and title.text.isupper()
    assert any("Tổng số nhiệm vụ: 7" in t and "quá hạn: 2" in t for t in texts)
    table = next(t for t in word.tables if cell_text(t.rows[0].cells[0]) == "STT")
    assert len(table.rows) == 1 + 7
    assert table._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None  # repeated header row
    assert all(r.bold for r in table.rows[0].cells[1].paragraphs[0].runs)
    first = [cell_text(c) for c in table.rows[1].cells]
    assert first[0] == "1" and "30/11/2024" in first and "Quá hạn" in first[5]
    assert cell_text(table.rows[2].cells[4]) == "Thường xuyên"
    signature = word.tables[-1]
    left, right = signature.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    assert left.paragraphs[0].runs[0].bold and left.paragraphs[0].runs[0].italic
    assert "Lưu: VT, Phòng Nội vụ." in cell_text(left)
    signer = [p.text for p in right.paragraphs if p.text]
    assert signer == ["TRƯỞNG BAN", "CHỦ TỊCH UBND HUYỆN", "Đinh Xuân Sâm"]
    assert any("xét theo ngày 27/11/2026" in t for t in texts)


def test_settings_drive_the_header_and_user_text_stays_literal(fresh_store, today):
    set_setting(fresh_store, "place", "Quảng Ngãi")
    set_setting(fresh_store, "report_symbol", "BC-BCĐ")
    set_setting(fresh_store, "signer_title", "KT. TRƯỞNG BAN\\nPHÓ TRƯỞNG BAN")
    record_update(fresh_store, 2, today=today, progress=30, note='=HYPERLINK("http://x","y") <b>')
    doc = Document(io.BytesIO(render(build_report(fresh_store, "summary", today), "docx")))
    number_cell, date_cell = doc.tables[0].rows[1].cells
    assert number_cell.paragraphs[0].text.endswith("/BC-BCĐ")
    assert date_cell.paragraphs[0].text == "Quảng Ngãi, ngày 27 tháng 11 năm 2026"
    right = doc.tables[-1].rows[0].cells[1]
    assert [p.text for p in right.paragraphs if p.text][:2] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    table = next(t for t in doc.tables if cell_text(t.rows[0].cells[0]) == "STT")
    assert '=HYPERLINK("http://x","y") <b>' in cell_text(table.rows[2].cells[-1])


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

"""Word files: automatic numbering (numPr, the "List Number" style) turned
into the numbers Word shows, and tables of tasks read as directives."""

from __future__ import annotations

import io
from datetime import date

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from cchc_tui.importer import parse_notice, read_notice_bytes
from cchc_tui.importer.agencies import Registry


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _heading(document) -> None:
    document.add_paragraph("THÔNG BÁO")
    document.add_paragraph("Kết luận của Chủ tịch UBND huyện tại cuộc họp giao ban")
    document.add_paragraph("Chủ tịch UBND huyện kết luận như sau:")


def test_list_number_style_gets_the_numbers_word_shows():
    document = docx.Document()
    _heading(document)
    document.add_paragraph(
        "Phòng Nội vụ rà soát thủ tục trước ngày 30/11/2025.", style="List Number"
    )
    document.add_paragraph("Phòng Tư pháp kiểm tra văn bản.", style="List Number")
    document.add_paragraph("Phòng Y tế kiểm tra an toàn thực phẩm.", style="List Number")
    text = read_notice_bytes(_bytes(document), "tb.docx")
    assert "\n1. Phòng Nội vụ" in text and "\n3. Phòng Y tế" in text
    reading = parse_notice(text, Registry())
    assert [[a.name for a in d.leads] for d in reading.directives] == [
        ["Phòng Nội vụ"],
        ["Phòng Tư pháp"],
        ["Phòng Y tế"],
    ]
    assert reading.directives[0].deadline == date(2025, 11, 30)


def _numbered(document, text: str, num_id: int, level: int) -> None:
    paragraph = document.add_paragraph(text)
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    p_pr.append(num_pr)


def _outline_numbering(document) -> int:
    """An outline list "I." / "1." / "a)" added to numbering.xml; its numId."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for level, (fmt, text) in enumerate(
        [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")]
    ):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            node = OxmlElement(tag)
            node.set(qn("w:val"), value)
            lvl.append(node)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return 90


def test_numbering_set_on_paragraphs_restarts_under_each_heading():
    document = docx.Document()
    _heading(document)
    num_id = _outline_numbering(document)
    _numbered(document, "ĐÁNH GIÁ CHUNG", num_id, 0)
    _numbered(document, "Kết quả đạt được khá.", num_id, 1)
    _numbered(document, "NHIỆM VỤ THỜI GIAN TỚI", num_id, 0)
    _numbered(document, "Phòng Nội vụ:", num_id, 1)
    _numbered(document, "Rà soát biên chế;", num_id, 2)
    _numbered(document, "Báo cáo trong tháng 12/2025.", num_id, 2)
    _numbered(document, "Phòng Tư pháp rà soát văn bản.", num_id, 1)
    text = read_notice_bytes(_bytes(document), "tb.docx")
    lines = [x for x in text.split("\n") if x.strip()][3:]
    assert lines == [
        "I. ĐÁNH GIÁ CHUNG",
        "1. Kết quả đạt được khá.",
        "II. NHIỆM VỤ THỜI GIAN TỚI",
        "1. Phòng Nội vụ:",
        "a) Rà soát biên chế;",
        "b) Báo cáo trong tháng 12/2025.",
        "2. Phòng Tư pháp rà soát văn bản.",
    ]
    reading = parse_notice(text, Registry())
    ticked = [d for d in reading.directives if d.selected]
    assert [[a.name for a in d.leads] for d in ticked] == [["Phòng Nội vụ"], ["Phòng Tư pháp"]]
    assert ticked[0].deadline == date(2025, 12, 31)


def test_word_table_of_tasks_is_read_row_by_row():
    document = docx.Document()
    _heading(document)
    rows = [
        [
            "STT",
            "Nội dung công việc",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
        ],
        ["1", "Số hóa hồ sơ tồn đọng", "Phòng Nội vụ", "UBND các xã, thị trấn", "Quý IV/2025"],
        ["2", "Tập huấn kỹ năng số", "Phòng Văn hóa và Thông tin", "", "Thường xuyên"],
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.rows[r].cells[c].text = value
    text = read_notice_bytes(_bytes(document), "kh.docx")
    assert "| 1 | Số hóa hồ sơ tồn đọng | Phòng Nội vụ |" in text
    reading = parse_notice(text, Registry())
    got = [
        ([a.name for a in d.leads], [a.name for a in d.supports], d.deadline)
        for d in reading.directives
    ]
    assert got == [
        (["Phòng Nội vụ"], ["UBND các xã, thị trấn"], date(2025, 12, 31)),
        (["Phòng Văn hóa và Thông tin"], [], None),
    ]
    assert reading.directives[0].content == "Số hóa hồ sơ tồn đọng"


def test_title_followed_directly_by_a_section():
    document = docx.Document()
    document.add_paragraph("THÔNG BÁO")
    document.add_paragraph("Kết luận của Chủ tịch UBND huyện")
    document.add_paragraph("II. Nhiệm vụ thời gian tới")
    document.add_paragraph("1. Phòng Nội vụ tổng hợp kết quả.")
    reading = parse_notice(read_notice_bytes(_bytes(document), "tb.docx"), Registry())
    assert reading.title == "Kết luận của Chủ tịch UBND huyện"
    assert [[a.name for a in d.leads] for d in reading.directives] == [["Phòng Nội vụ"]]

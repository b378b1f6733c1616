"""Builds the test notice whose header is laid out in a Word table
(tests/notices/05-dau-bang-word.docx is this file, committed)."""

from __future__ import annotations

from pathlib import Path

HEADER = [
    (
        "UBND HUYỆN NGHĨA HÀNH\nPHÒNG TÀI CHÍNH - KẾ HOẠCH\nSố: 77/TB-TCKH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nNghĩa Hành, ngày 12 tháng 11 năm 2025",
    ),
]
BODY = [
    "THÔNG BÁO",
    "Kết luận của Trưởng phòng Tài chính - Kế hoạch tại cuộc họp về giải ngân vốn đầu tư công năm 2025",
    "Ngày 10/11/2025, Trưởng phòng Tài chính - Kế hoạch chủ trì họp với các chủ đầu tư về tiến độ giải ngân. Trưởng phòng kết luận như sau:",
    "1. Ban quản lý dự án đầu tư xây dựng và Phát triển quỹ đất khẩn trương hoàn thiện hồ sơ thanh toán các công trình đã nghiệm thu, hoàn thành trước ngày 25/11/2025.",
    "2. Phòng Kinh tế và Hạ tầng chủ trì, phối hợp với UBND các xã, thị trấn kiểm tra chất lượng công trình giao thông nông thôn.",
    "3. UBND các xã, thị trấn báo cáo tình hình giải ngân vốn theo định kỳ hằng tháng.",
    "Phòng Tài chính - Kế hoạch thông báo để các cơ quan, đơn vị biết, thực hiện./.",
]


def build(path: Path) -> Path:
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    for (left, right), row in zip(HEADER, table.rows, strict=True):
        for cell, text in ((row.cells[0], left), (row.cells[1], right)):
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    for text in BODY:
        document.add_paragraph(text)
    document.save(path)
    return path


if __name__ == "__main__":
    build(Path(__file__).parent / "notices" / "05-dau-bang-word.docx")

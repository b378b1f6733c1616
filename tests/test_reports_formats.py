"""Every text and spreadsheet format read back with an independent parser."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from html.parser import HTMLParser

import pytest
import wcwidth

from cchc_tui.reports import render
from cchc_tui.services.reports import build_report
from cchc_tui.services.updates import record_update

MADE_ON = datetime(2026, 11, 27, 9, 30)
FORMULA = '=HYPERLINK("http://x","y")'
SCRIPT = "<script>alert(1)</script> [bold]x[/]"


@pytest.fixture
def noted_store(fresh_store, today):
    """The seed with two notes that must stay inert: a formula and a script."""
    record_update(fresh_store, 2, today=today, progress=40, note=FORMULA, on=date(2026, 11, 20))
    record_update(
        fresh_store, 4, today=today, progress=10, note=SCRIPT, evidence="@cmd|' /C calc'!A0"
    )
    return fresh_store


def summary(store, today):
    return build_report(store, "summary", today, made_on=MADE_ON)


def test_csv_has_bom_one_header_and_inert_lines_per_lead(noted_store, today):
    data = render(summary(noted_store, today), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Văn bản", "STT", "Nhiệm vụ", "Thời hạn"]
    assert "Trạng thái" in header and "Đánh giá thời hạn" in header  # apart, to filter
    assert len(body) == 17  # one line per lead
    notes = [r[header.index("Kết quả thực hiện")] for r in body if r[header.index("STT")] == "2"]
    assert "'20/11/2026: " + FORMULA not in notes  # the date first: nothing to neutralise
    assert any(n.startswith("20/11/2026: =HYPERLINK") for n in notes)
    assert not any(cell.startswith(("=", "+", "@")) for row in body for cell in row)
    assert body[0][header.index("Thời hạn")] == "30/11/2024"
    assert body[2][header.index("Thời hạn")] == "Thường xuyên"


@pytest.mark.parametrize(
    ("text", "inert"),
    [
        ("=1+1", "'=1+1"),
        ("  =SUM(A1)", "'  =SUM(A1)"),
        ("@cmd", "'@cmd"),
        ("+84 912", "'+84 912"),
        ("-5", "'-5"),
        ("-(1)", "'-(1)"),
        ("+=1", "'+=1"),
        ("-SUM(A1:A3)", "'-SUM(A1:A3)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("- 18/24 cơ quan đã báo cáo", "- 18/24 cơ quan đã báo cáo"),
        ("+ Đã họp", "+ Đã họp"),
        ("-Phòng Nội vụ (chủ trì)", "-Phòng Nội vụ (chủ trì)"),
        ("Bình thường", "Bình thường"),
    ],
)
def test_only_what_a_spreadsheet_would_run_is_neutralised(text, inert):
    from cchc_tui.reports.tabular import neutralise

    assert neutralise(text) == inert


def test_csv_quotes_cells_with_either_list_separator():
    from cchc_tui.reports.tabular import to_csv

    data = to_csv(["A", "B", "C"], [["x; y", "a, b", 3]]).decode("utf-8-sig")
    assert data.splitlines()[1] == '"x; y","a, b",3'
    assert list(csv.reader(io.StringIO(data)))[1] == ["x; y", "a, b", "3"]


def test_json_carries_report_made_on_as_of_and_rows(noted_store, today):
    document = json.loads(render(summary(noted_store, today), "json"))
    assert document["report"] == "summary"
    assert document["today"] == document["as_of"] == "2026-11-27"
    assert document["made_on"].startswith("2026-11-27T09:30")
    assert len(document["rows"]) == 17
    first = document["rows"][0]
    assert first["deadline"] == "2024-11-30"
    assert first["timeliness"] == "overdue"
    assert any(r["result"] == "20/11/2026: " + FORMULA for r in document["rows"])
    assert document["counts"]["Quá hạn"] == 2
    assert sum(document["counts"].values()) == 7
    assert document["summary"]["total"] == 7 and document["summary"]["overdue"] == 2
    assert len(document["directives"]) == 7
    assert document["agencies"][-1]["agency"] == "Tổng cộng"


def test_xlsx_sheets_numbers_titles_heights_and_no_formulas(noted_store, today):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render(summary(noted_store, today), "xlsx")))
    assert book.sheetnames == ["Nhiệm vụ", "Theo cơ quan", "Thông tin"]
    sheet = book["Nhiệm vụ"]
    head = 4
    headers = [c.value for c in sheet[head]]
    assert headers[:3] == ["Văn bản", "STT", "Nhiệm vụ"]
    assert sheet["A1"].value.startswith("BÁO CÁO: Kết quả thực hiện")  # the printed title
    assert sheet["A2"].value.startswith("Số liệu tính đến ngày 27/11/2026")
    assert all(c.font.bold for c in sheet[head])
    assert sheet.freeze_panes == "A5"
    last = sheet.cell(head, len(headers)).column_letter
    assert sheet.auto_filter.ref == f"A{head}:{last}{head + 17}"
    assert sheet.print_title_rows.replace("$", "") == f"{head}:{head}"
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    number = sheet.cell(head + 1, headers.index("STT") + 1)
    assert number.value == 1 and number.data_type == "n"
    progress = sheet.cell(head + 1, headers.index("Tiến độ") + 1)
    assert progress.data_type == "n" and progress.number_format.endswith("%")
    deadline = sheet.cell(head + 1, headers.index("Thời hạn") + 1)
    assert deadline.value.date() == date(2024, 11, 30)
    assert deadline.number_format == "DD/MM/YYYY"
    for row in range(head + 1, head + 18):
        assert sheet.row_dimensions[row].height >= 15  # LibreOffice does not grow rows itself
    results = [sheet.cell(r, headers.index("Kết quả thực hiện") + 1) for r in range(5, 22)]
    noted = next(c for c in results if c.value and "HYPERLINK" in c.value)
    assert noted.data_type == "s"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    state = sheet.cell(head + 1, headers.index("Đánh giá thời hạn") + 1)
    assert state.value == "Quá hạn" and state.fill.fgColor.rgb.endswith("FFC7CE")
    agencies = book["Theo cơ quan"]
    titles = [c.value for c in agencies[head]]
    assert "Đã hoàn thành: Đúng hạn" in titles and "Tỷ lệ hoàn thành" in titles
    total = [c.value for c in agencies[agencies.max_row]]
    assert total[1] == "Tổng cộng" and total[2] == 85  # every tracked unit (members too)
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(render(summary(noted_store, today), "xlsx"))) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    numbers = [int(n) for n in re.findall(r'<row r="(\d+)"', xml)]
    assert numbers == sorted(set(numbers)) and numbers[-1] == head + 17  # each row once, in order
    info = book["Thông tin"]
    labels = {row[0].value: row[1].value for row in info.iter_rows()}
    assert labels["Số liệu tính đến ngày"].date() == today
    assert info.page_setup.fitToHeight == 1 and info.sheet_properties.pageSetUpPr.fitToPage


def test_sheet_names_are_cut_at_a_word():
    from cchc_tui.reports.excel import sheet_title

    taken: set[str] = set()
    name = sheet_title("Các nhiệm vụ quá hạn và sắp đến hạn của các cơ quan", taken)
    assert name == "Các nhiệm vụ quá hạn và sắp"
    assert sheet_title("Các nhiệm vụ quá hạn và sắp đến hạn của các cơ quan", taken).endswith("(2)")
    assert sheet_title("Phân/loại: [x]*?") == "Phân loại x"


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.cells: list[str] = []
        self.text: list[str] = []
        self._in_td = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "td":
            self._in_td = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_td = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_td:
            self.cells[-1] += data


def test_html_escapes_user_text_and_is_laid_out_like_the_word_report(noted_store, today):
    page = render(summary(noted_store, today), "html").decode("utf-8")
    assert "<script>" not in page
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags
    assert any(SCRIPT in cell for cell in parser.cells)  # shown literally
    text = "".join(parser.text)
    assert "Nghĩa Hành, ngày 27 tháng 11 năm 2026" in text
    assert "/BC-BCĐ" in text and "Nơi nhận:" in text and "Lưu: VT, Phòng Nội vụ." in text
    assert "TRƯỞNG BAN" in text and "Đinh Xuân Sâm" in text
    assert "số liệu tính đến ngày 27/11/2026" in text
    assert "white-space: nowrap" in page  # the national name never wraps
    assert "break-after: avoid" in page and "break-inside: avoid" in page
    assert '<section class="appendix">' in page and "A4 landscape" in page
    assert page.count('rowspan="') >= 5  # a directive's cells over its leads' lines


@pytest.mark.parametrize("name", ["summary", "agencies", "overdue", "history", "indicators"])
def test_txt_is_at_most_100_columns_and_grids_share_one_width(noted_store, today, name):
    report = build_report(noted_store, name, today, made_on=MADE_ON)
    text = render(report, "txt").decode("utf-8")
    assert max(wcwidth.wcswidth(line) for line in text.splitlines()) <= 100
    assert grids(text) and all(
        len({wcwidth.wcswidth(line) for line in g}) == 1 for g in grids(text)
    )
    assert "số liệu tính đến ngày 27/11/2026" in text
    assert "Lập lúc 09:30 ngày 27/11/2026" in text


def test_markdown_table_rows_and_escaping(noted_store, today):
    text = render(summary(noted_store, today), "md").decode("utf-8")
    table = [line for line in text.splitlines() if line.startswith("|")]
    # the agency table (two groups, their 26 members, Tổng cộng), then the appendix (17 leads)
    assert len(table) == (2 + 2 + 26 + 1) + (2 + 17)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[bold\\]" in text
    assert "tính đến ngày 27/11/2026" in text


def test_txt_keeps_user_markup_and_wide_text_aligned(noted_store, today):
    record_update(
        noted_store, 5, today=today, progress=5, note="中文 ghi chú\tcó tab\nvà xuống dòng"
    )
    text = render(summary(noted_store, today), "txt").decode("utf-8")
    for grid in grids(text):
        assert len({wcwidth.wcswidth(line) for line in grid}) == 1
        assert wcwidth.wcswidth(grid[0]) <= 100
    assert "[bold]x[/]" in text


def grids(text: str) -> list[list[str]]:
    """The box-drawn grids of a text page, each as its lines."""
    out: list[list[str]] = []
    for line in text.splitlines():
        if line[:1] == "┌":
            out.append([])
        if out and line[:1] in "┌├│└" and line:
            out[-1].append(line)
    return out


def test_every_format_of_every_report_renders(noted_store, today):
    for name in ["summary", "agencies", "overdue", "history", "indicators"]:
        report = build_report(noted_store, name, today, made_on=MADE_ON)
        for fmt in ["txt", "md", "html", "csv", "json", "xlsx", "docx"]:
            assert render(report, fmt), (name, fmt)


def test_control_characters_in_user_text_do_not_break_any_format(fresh_store, today):
    record_update(
        fresh_store, 6, today=today, progress=5, note="chép từ PDF\x0c\x01 trang 2\x1b[31m"
    )
    report = summary(fresh_store, today)
    for fmt in ["txt", "md", "html", "csv", "json", "xlsx", "docx"]:
        assert render(report, fmt), fmt
    from docx import Document

    doc = Document(io.BytesIO(render(report, "docx")))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any("chép từ PDF" in c and "trang 2[31m" in c for c in cells)


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_text_reports_carry_no_terminal_escape_sequences(fresh_store, today, fmt):
    record_update(fresh_store, 3, today=today, progress=5, note="\x1b[2J\x1b[31mđỏ\x07")
    text = render(summary(fresh_store, today), fmt).decode("utf-8")
    assert "\x1b" not in text and "\x07" not in text
    assert "[31mđỏ" in text.replace("\\[", "[")


@pytest.mark.parametrize("fmt", ["txt", "md", "csv", "html"])
def test_no_control_character_or_direction_mark_reaches_a_text_file(fresh_store, today, fmt):
    note = "Họp\x1b]0;pwned\x07 \x1b[2J xong\x9b31m \u202eabc"
    record_update(fresh_store, 3, today=today, progress=5, note=note)
    text = render(summary(fresh_store, today), fmt).decode("utf-8-sig")
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in text, (fmt, repr(bad))
    assert "U+202E" in text  # shown, so a reader sees the text was tampered with

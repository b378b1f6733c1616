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


def test_csv_has_bom_one_header_and_seven_inert_rows(noted_store, today):
    data = render(summary(noted_store, today), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["STT", "Nhiệm vụ", "Chủ trì"]
    assert "Cập nhật gần nhất" in header
    assert len(body) == 7
    note = body[1][header.index("Ghi chú cập nhật")]
    assert note == "'" + FORMULA  # a leading quote: Excel shows it as text
    assert not any(cell.startswith(("=", "+", "@")) for row in body for cell in row)
    assert body[0][header.index("Thời hạn")] == "30/11/2024"
    assert body[1][header.index("Thời hạn")] == "Thường xuyên"
    assert body[1][header.index("Cập nhật gần nhất")] == "20/11/2026"


def test_json_carries_report_made_on_today_and_rows(noted_store, today):
    document = json.loads(render(summary(noted_store, today), "json"))
    assert document["report"] == "summary"
    assert document["today"] == "2026-11-27"
    assert document["made_on"].startswith("2026-11-27T09:30")
    assert len(document["rows"]) == 7
    first = document["rows"][0]
    assert first["deadline"] == "2024-11-30"
    assert first["timeliness"] == "overdue"
    assert document["rows"][1]["last_note"] == FORMULA  # JSON keeps text exact
    assert document["counts"]["Quá hạn"] == 2
    assert sum(document["counts"].values()) == 7


def test_xlsx_header_bold_frozen_filtered_with_real_dates_and_no_formulas(noted_store, today):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render(summary(noted_store, today), "xlsx")))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:2] == ["STT", "Nhiệm vụ"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headers)).column_letter}8"
    assert sheet.max_row == 8  # header + 7 directives
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    deadline = sheet.cell(2, headers.index("Thời hạn") + 1)
    assert deadline.value.date() == date(2024, 11, 30)
    assert deadline.number_format == "DD/MM/YYYY"
    assert sheet.cell(2, 2).alignment.wrap_text
    note = sheet.cell(3, headers.index("Ghi chú cập nhật") + 1)
    assert note.value == FORMULA and note.data_type == "s"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    state = sheet.cell(2, headers.index("Tình trạng") + 1)
    assert state.fill.fgColor.rgb.endswith("FFC7CE")  # overdue in red
    info = book["Thông tin"]
    labels = {row[0].value: row[1].value for row in info.iter_rows()}
    assert labels["Xét hạn theo ngày"].date() == today


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


def test_html_escapes_user_text_and_holds_the_table(noted_store, today):
    page = render(summary(noted_store, today), "html").decode("utf-8")
    assert "<script>" not in page
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags
    assert parser.tags.count("tr") == 8
    assert any(SCRIPT in cell for cell in parser.cells)  # shown literally
    text = "".join(parser.text)
    assert "Nghĩa Hành, ngày 27 tháng 11 năm 2026" in text
    assert "tình trạng xét theo ngày 27/11/2026" in text


def test_markdown_table_rows_and_escaping(noted_store, today):
    text = render(summary(noted_store, today), "md").decode("utf-8")
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table) == 2 + 7
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[bold\\]" in text
    assert "xét theo ngày 27/11/2026" in text


@pytest.mark.parametrize("name", ["summary", "agencies", "overdue", "history"])
def test_txt_table_lines_share_one_display_width(noted_store, today, name):
    report = build_report(noted_store, name, today, made_on=MADE_ON)
    text = render(report, "txt").decode("utf-8")
    grid = [line for line in text.splitlines() if line and line[0] in "┌├│└"]
    assert grid, text
    widths = {wcwidth.wcswidth(line) for line in grid}
    assert len(widths) == 1, widths
    assert "tình trạng xét theo ngày 27/11/2026" in text
    assert "Lập lúc 09:30 ngày 27/11/2026" in text


def test_txt_keeps_user_markup_and_wide_text_aligned(noted_store, today):
    record_update(
        noted_store, 5, today=today, progress=5, note="中文 ghi chú\tcó tab\nvà xuống dòng"
    )
    text = render(summary(noted_store, today), "txt").decode("utf-8")
    grid = [line for line in text.splitlines() if line and line[0] in "┌├│└"]
    assert len({wcwidth.wcswidth(line) for line in grid}) == 1
    assert "[bold]x[/]" in text


def test_every_format_of_every_report_renders(noted_store, today):
    for name in ["summary", "agencies", "overdue", "history"]:
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

"""Exports of the indicators feature: the summary's indicators section,
`--report indicators`, `--report reminder`, `--report form`."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from tests.conftest import db_snapshot


def test_summary_carries_an_indicators_section(cli):
    assert cli("indicator", "record", "1", "--value", "92,5").code == 0
    text = cli("export", "--report", "summary")
    assert text.code == 0, text.err
    assert "Các chỉ tiêu" in text.out
    assert "Tỷ lệ số hóa hồ sơ TTHC (nhiệm vụ 2): mục tiêu > 90%; gần nhất 92,5%" in text.out
    assert "mục tiêu ≤ 2%; chưa có số liệu." in text.out
    for fmt in ("md", "html"):
        out = cli("export", "--report", "summary", "--format", fmt).out
        assert "Các chỉ tiêu" in out and "≤ 2%" in out
    data = json.loads(cli("export", "--report", "summary", "--format", "json").out)
    first = data["indicators"][0]
    assert (first["name"], first["latest_value"], first["met"]) == (
        "Tỷ lệ số hóa hồ sơ TTHC",
        92.5,
        True,
    )
    # CSV keeps one table: the directives
    summary_csv = cli("export", "--report", "summary", "--format", "csv").out
    assert "Các chỉ tiêu" not in summary_csv


def test_summary_docx_and_xlsx_carry_the_section(cli, tmp_path):
    import docx

    assert (
        cli(
            "export", "--report", "summary", "--format", "docx", "-o", str(tmp_path / "s.docx")
        ).code
        == 0
    )
    text = "\n".join(p.text for p in docx.Document(tmp_path / "s.docx").paragraphs)
    assert "Các chỉ tiêu" in text and "mục tiêu > 90%" in text
    assert (
        cli(
            "export", "--report", "summary", "--format", "xlsx", "-o", str(tmp_path / "s.xlsx")
        ).code
        == 0
    )
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    cells = [
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    ]
    assert any("mục tiêu ≤ 2%" in c for c in cells)


def test_indicators_report_csv(cli):
    cli("indicator", "record", "2", "--value", "3", "--date", "01/11/2026")
    result = cli("export", "--report", "indicators", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out.lstrip("\ufeff"))))
    assert rows[0][:7] == [
        "STT",
        "Nhiệm vụ số",
        "Chỉ tiêu",
        "Mục tiêu",
        "Giá trị",
        "Đơn vị tính",
        "Giá trị gần nhất",
    ]
    assert rows[2][2:9] == [
        "Tỷ lệ hồ sơ TTHC giải quyết trễ hẹn",
        "≤ 2%",
        "3",  # a number, its unit apart
        "%",
        "3%",
        "01/11/2026",
        "Chưa đạt",
    ]
    assert rows[3][8] == "Chưa đạt" and rows[3][6] == "70%"
    data = json.loads(cli("export", "--report", "indicators", "--format", "json").out)
    assert data["counts_by_result"] == {"met": 0, "not_met": 2, "no_data": 1}


def test_reminder_lists_the_agency_overdue_items(cli, tmp_path):
    result = cli("export", "--report", "reminder", "--agency", "cac co quan, don vi huyen")
    assert result.code == 0, result.err
    # 1 and 3 are late for 14 departments: the letter goes to the group, the table names them
    assert "Kính gửi: Các cơ quan, đơn vị huyện (các đơn vị có tên trong bảng dưới đây)." in (
        result.out
    )
    assert "2 nhiệm vụ quá hạn" in result.out
    data = json.loads(
        cli("export", "--report", "reminder", "--agency", "UBND các xã", "--format", "json").out
    )
    # one line per late member: each commune does directive 1 as a member of the group
    assert [(r["number"], r["role"], r["timeliness"]) for r in data["rows"]] == [
        (1, "Thực hiện", "overdue")
    ] * 12
    assert data["rows"][0]["agency"] == "UBND thị trấn Chợ Chùa"
    missing = cli("export", "--report", "reminder")
    assert missing.code == 2 and missing.err.startswith("Lỗi (--agency):")
    import docx

    path = tmp_path / "nhac.docx"
    assert (
        cli(
            "export",
            "--report",
            "reminder",
            "--agency",
            "UBND các xã",
            "--format",
            "docx",
            "-o",
            str(path),
        ).code
        == 0
    )
    paragraphs = [p.text for p in docx.Document(path).paragraphs]
    assert (
        "Kính gửi: UBND các xã, thị trấn (các đơn vị có tên trong bảng dưới đây)." in paragraphs
    )  # a letter, not a report
    assert "BÁO CÁO" not in paragraphs


def test_form_export_then_import_through_the_cli(cli, tmp_path, db_path):
    path = tmp_path / "phieu.xlsx"
    made = cli(
        "export",
        "--report",
        "form",
        "--agency",
        "Phòng Nội vụ",
        "--format",
        "xlsx",
        "-o",
        str(path),
    )
    assert made.code == 0, made.err
    # 1, 2, 6 as a member of a lead group; 3, 4 as a member of a supporting group; 5, 7
    assert "Phòng Nội vụ, 7 nhiệm vụ" in made.out
    wb = openpyxl.load_workbook(path)
    ws = wb["Nhiệm vụ"]
    assert [ws.cell(row=r, column=2).value for r in range(6, 13)] == [1, 2, 3, 4, 5, 6, 7]
    ws["I10"] = 100
    ws["L10"] = "Quyết định số 12/QĐ-UBND"
    wb.save(path)
    imported = cli("import-updates", str(path))
    assert imported.code == 0, imported.out + imported.err
    shown = json.loads(cli("show", "5", "--format", "json").out)
    lead = next(a for a in shown["assignments"] if a["agency"] == "Phòng Nội vụ")
    assert (lead["status"], lead["progress"]) == ("hoan_thanh", 100)
    assert shown["history"][0]["evidence"] == "Quyết định số 12/QĐ-UBND"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--format", "xlsx", "-o", "x.xlsx"], "--agency"),
        (["--agency", "Phòng Nội vụ", "--format", "docx", "-o", "x.docx"], "--format"),
        (["--agency", "Phòng Nội vụ", "--format", "xlsx"], "-o"),
        (["--agency", "không có", "--format", "xlsx", "-o", "x.xlsx"], "--agency"),
    ],
)
def test_form_export_bad_input(cli, db_path, tmp_path, monkeypatch, args, option):
    monkeypatch.chdir(tmp_path)
    cli("list")
    before = db_snapshot(db_path)
    result = cli("export", "--report", "form", *args)
    assert result.code == 2 and result.err.startswith(f"Lỗi ({option}):"), result.err
    assert not list(tmp_path.glob("x.*"))
    assert db_snapshot(db_path) == before

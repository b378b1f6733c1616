"""`cchc-tui export`: stdout for text, files for everything, no silent overwrite."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from conftest import db_snapshot
from docx import Document
from openpyxl import load_workbook


def test_brief_names_directives_1_and_3_as_overdue(cli):
    result = cli("export", "--report", "brief")
    assert result.code == 0, result.err
    assert len(result.out.strip()) <= 1000
    overdue = [line for line in result.out.splitlines() if line.startswith("- Nhiệm vụ")]
    assert [line.split(":")[0] for line in overdue] == ["- Nhiệm vụ 3", "- Nhiệm vụ 1"]
    assert "Quá hạn (2):" in result.out


def test_installed_command_prints_the_brief(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "cchc_tui",
            "--db",
            str(tmp_path / "x.db"),
            "--today",
            "27/11/2026",
            "export",
            "--report",
            "brief",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "Nhiệm vụ 1:" in out.stdout and "Nhiệm vụ 3:" in out.stdout


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "csv", "json"])
def test_text_formats_go_to_stdout(cli, fmt):
    result = cli("export", "--report", "summary", "--format", fmt)
    assert result.code == 0, result.err
    assert "Nhiệm vụ" in result.out
    dash = cli("export", "--format", fmt, "-o", "-")
    assert (
        dash.code == 0
        and dash.out.replace("\ufeff", "")[:40] == result.out.replace("\ufeff", "")[:40]
    )


def test_json_to_stdout_reads_back(cli):
    document = json.loads(cli("export", "--format", "json").out)
    assert document["report"] == "summary" and document["today"] == "2026-11-27"
    assert len(document["rows"]) == 17  # a line per lead of the seven directives


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_binary_formats_need_a_file(cli, fmt, db_path):
    cli("list")  # create the database
    before = db_snapshot(db_path)
    result = cli("export", "--format", fmt)
    assert result.code == 2
    assert "-o" in result.err and fmt in result.err
    assert result.out == ""
    assert db_snapshot(db_path) == before


def test_files_are_written_and_not_overwritten_without_force(cli, tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    first = cli("export", "--format", "xlsx", "-o", str(target))
    assert first.code == 0, first.err
    assert str(target) in first.out
    sheet = load_workbook(target).worksheets[0]
    assert sheet.max_row == 4 + 17  # title rows, header, a line per lead
    again = cli("export", "--report", "overdue", "--format", "xlsx", "-o", str(target))
    assert again.code == 2 and "--force" in again.err
    assert load_workbook(target).worksheets[0].max_row == 21  # untouched
    forced = cli("export", "--report", "overdue", "--format", "xlsx", "-o", str(target), "--force")
    assert forced.code == 0
    # 3 late for its lead; 1 late for each of the 26 members of its two lead groups
    assert load_workbook(target).worksheets[0].max_row == 4 + 27
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".cchc-")] == []


def test_docx_file_from_the_seed(cli, tmp_path):
    target = tmp_path / "bao-cao.docx"
    assert cli("export", "--format", "docx", "-o", str(target)).code == 0
    doc = Document(str(target))
    assert (
        doc.tables[0].rows[1].cells[1].paragraphs[0].text == "Nghĩa Hành, ngày 27 tháng 11 năm 2026"
    )


def test_csv_file_has_bom_and_scope_options_filter(cli, tmp_path):
    target = tmp_path / "noi-vu.csv"
    result = cli("export", "--format", "csv", "--agency", "phong noi vu", "-o", str(target))
    assert result.code == 0, result.err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    # its directives (1, 2, 6 as a member of a lead group; 5 and 7), a line per lead
    assert len(rows) == 1 + 2 + 3 + 2 + 5 + 3
    status = cli("export", "--format", "json", "--status", "hoàn thành")
    assert status.code == 0 and json.loads(status.out)["rows"] == []


def test_history_range_options(cli):
    assert (
        cli("update", "2", "--progress", "30", "--date", "01/10/2026", "--note", "đợt 1").code == 0
    )
    inside = json.loads(
        cli(
            "export",
            "--report",
            "history",
            "--format",
            "json",
            "--from",
            "1/9/2026",
            "--to",
            "31/10/2026",
        ).out
    )
    outside = json.loads(
        cli("export", "--report", "history", "--format", "json", "--from", "1/11/2026").out
    )
    assert [r["note"] for r in inside["rows"]] == ["đợt 1"] and outside["rows"] == []


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--report", "history", "--from", "31/02/2026"], "--from"),
        (["--report", "history", "--from", "01/12/2026", "--to", "01/11/2026"], "--from"),
        (["--report", "summary", "--from", "01/12/2026"], "--from"),
        (["--report", "summary", "--to", "01/11/2026"], "--to"),
        (["--as-of", "30/02/2026"], "--as-of"),
        (["--as-of", "28/11/2026"], "--as-of"),
        (["--findings-file", "khong-co.txt"], "--findings-file"),
        (["--report", "brief", "--format", "docx", "-o", "x.docx"], "--format"),
        (["--agency", "không có cơ quan này"], "--agency"),
        (["--status", "xong rồi"], "--status"),
        (["--notice", "99"], "--notice"),
        (["--format", "pdf"], "--format"),
    ],
)
def test_bad_input_exits_2_naming_the_option(cli, args, option):
    result = cli("export", *args)
    assert result.code == 2, (result.out, result.err)
    assert option in result.err
    assert result.out == ""


def test_missing_folder_is_refused(cli, tmp_path):
    result = cli("export", "--format", "docx", "-o", str(tmp_path / "khong-co" / "x.docx"))
    assert result.code == 2 and "không tồn tại" in result.err


def test_a_form_for_a_group_is_one_form_per_member_in_a_folder(cli, tmp_path):
    folder = tmp_path / "phieu-xa"
    result = cli(
        "export", "--report", "form", "--agency", "UBND các xã", "--format", "xlsx",
        "-o", str(folder),
    )  # fmt: skip
    assert result.code == 0, result.err
    forms = sorted(folder.glob("*.xlsx"))
    assert len(forms) == 12 and "Đã ghi 12 phiếu" in result.out
    sheet = load_workbook(next(f for f in forms if "cho-chua" in f.name))["Nhiệm vụ"]
    assert sheet["A2"].value == "Cơ quan, đơn vị: UBND thị trấn Chợ Chùa"
    again = cli(
        "export", "--report", "form", "--agency", "UBND các xã", "--format", "xlsx",
        "-o", str(folder),
    )  # fmt: skip
    assert again.code == 0 and len(list(folder.glob("*.xlsx"))) == 24  # none replaced

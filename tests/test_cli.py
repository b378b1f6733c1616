"""The CLI contract: formats, JSON keys, exit codes, Vietnamese messages."""

import csv
import io
import json

import pytest

from tests.conftest import db_snapshot

CONTRACT_KEYS = {
    "id",
    "notice_id",
    "number",
    "title",
    "content",
    "lead",
    "support",
    "deadline",
    "deadline_text",
    "status",
    "timeliness",
    "state_label",
    "progress",
    "completed_on",
    "last_update",
}


def test_list_json_contract(cli):
    result = cli("list", "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert [r["id"] for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert CONTRACT_KEYS <= set(rows[0])
    by_id = {r["id"]: r for r in rows}
    assert by_id[1]["deadline"] == "2024-11-30" and by_id[1]["timeliness"] == "overdue"
    assert by_id[3]["deadline"] == "2024-08-30" and by_id[3]["lead"] == [
        "Văn phòng HĐND và UBND huyện"
    ]
    assert by_id[4]["support"] == [
        "Bộ phận một cửa huyện",
        "Văn phòng đăng ký đất đai tỉnh – Chi nhánh huyện Nghĩa Hành",
        "Các cơ quan, đơn vị huyện",
    ]
    assert by_id[2]["deadline"] is None and by_id[2]["timeliness"] == "no_deadline"


@pytest.mark.parametrize("fmt", ["table", "md", "csv"])
def test_list_other_formats(cli, fmt):
    result = cli("list", "--format", fmt)
    assert result.code == 0
    assert "Quá hạn" in result.out
    if fmt == "csv":
        assert result.out.startswith("\ufeff")
        assert len(list(csv.reader(io.StringIO(result.out.lstrip("\ufeff"))))) == 8


def test_list_filters(cli):
    def listed(*args):
        return [r["id"] for r in json.loads(cli("list", "--format", "json", *args).out)]

    assert listed("--search", "dang ky dat dai") == [4]
    assert listed("--overdue") == [1, 3]
    assert listed("--agency", "noi vu") == [1, 2, 5, 6, 7]  # 1, 2, 6 as a member of a lead group
    assert listed("--status", "chưa thực hiện") == [1, 2, 3, 4, 5, 6, 7]
    assert listed("--notice", "1") == [1, 2, 3, 4, 5, 6, 7]


def test_update_then_show(cli):
    result = cli(
        "update", "3", "--progress", "60", "--note", "[bold]x[/] 'q' 5% _", "--evidence", "TTr 12"
    )
    assert result.code == 0, result.err
    update_id = int(result.out.strip())
    shown = json.loads(cli("show", "3", "--format", "json").out)
    assert shown["progress"] == 60 and shown["status"] == "dang_thuc_hien"
    assert shown["timeliness"] == "overdue" and shown["state_label"] == "Đang thực hiện · Quá hạn"
    assert shown["last_update"] == "2026-11-27"
    assert shown["history"][0]["id"] == update_id
    assert shown["history"][0]["note"] == "[bold]x[/] 'q' 5% _"
    assert {a["role"] for a in shown["assignments"]} == {"lead", "support"}
    text = cli("show", "3").out
    assert "[bold]x[/]" in text and "Đang thực hiện · Quá hạn" in text


def test_done_on_one_lead_and_retract(cli):
    assert cli("update", "5", "--agency", "Phòng Nội vụ", "--status", "hoàn thành").code == 0
    shown = json.loads(cli("show", "5", "--format", "json").out)
    assert shown["status"] == "dang_thuc_hien" and shown["progress"] == 50
    update_id = shown["history"][0]["id"]
    result = cli("retract", str(update_id), "--note", "Nhầm cơ quan")
    assert result.code == 0, result.err
    shown = json.loads(cli("show", "5", "--format", "json").out)
    assert shown["status"] == "chua_thuc_hien" and shown["progress"] == 0
    assert shown["history"][0]["type"] == "retraction"


@pytest.mark.parametrize(
    "args, field_words",
    [
        (["update", "3", "--progress", "150"], "--progress"),
        (["update", "3", "--progress", "abc"], "--progress"),
        (["update", "3", "--progress", "-5"], "--progress"),
        (["update", "3", "--date", "31/02/2026", "--progress", "5"], "--date"),
        (["update", "3", "--status", "xong"], "--status"),
        (["update", "99", "--progress", "5"], "ID"),
        (["update", "abc", "--progress", "5"], "ID"),
        (["update", "3", "--agency", "Sở Xây dựng", "--progress", "5"], "--agency"),
        (["update", "3"], "--status"),
        (["update", "3", "--status", "chua_thuc_hien"], "--status"),
        (["update", "3", "--date", "01/12/2026", "--progress", "5"], "--date"),
        (["retract", "1", "--note", "x"], "UPDATE_ID"),
        (["list", "--status", "xong"], "--status"),
        (["list", "--format", "xml"], "lựa chọn không hợp lệ"),
        (["show", "0"], "ID"),
    ],
)
def test_bad_input_exit_2_and_nothing_written(cli, db_path, args, field_words):
    cli("list")  # create and seed the file first
    before = db_snapshot(db_path)
    result = cli(*args)
    assert result.code == 2, (result.out, result.err)
    assert field_words in result.err
    assert result.err.startswith("Lỗi")
    assert "Traceback" not in result.err
    assert db_snapshot(db_path) == before


def test_reopen_done_needs_note(cli, db_path):
    assert cli("update", "3", "--status", "hoan_thanh").code == 0
    before = db_snapshot(db_path)
    result = cli("update", "3", "--status", "dang_thuc_hien")
    assert result.code == 2 and "--note" in result.err
    assert db_snapshot(db_path) == before
    assert cli("update", "3", "--status", "dang_thuc_hien", "--note", "Làm lại").code == 0


def test_done_late_timeliness(cli):
    assert cli("update", "3", "--progress", "100", "--date", "15/10/2024").code == 0
    shown = json.loads(cli("show", "3", "--format", "json").out)
    assert shown["timeliness"] == "done_late" and shown["completed_on"] == "2024-10-15"
    assert shown["state_label"] == "Hoàn thành quá hạn"


def test_agencies_each_once_in_vietnamese_order(cli):
    rows = json.loads(cli("agencies", "--format", "json").out)
    names = [r["name"] for r in rows]
    # the 11 of the notice, 6 more departments and the 12 communes (members of its groups)
    assert len(names) == len(set(names)) == 29
    assert names.index("Bộ phận một cửa huyện") < names.index("Các cơ quan, đơn vị huyện")
    assert names.index("Phòng Tài nguyên và Môi trường") < names.index("UBND các xã, thị trấn")
    assert names.index("UBND các xã, thị trấn") < names.index("Văn phòng HĐND và UBND huyện")
    assert sum("Tài chính" in n for n in names) == 1


def test_settings_command(cli):
    assert "Nghĩa Hành" in cli("settings").out
    assert cli("settings", "place").out.strip() == "Nghĩa Hành"
    assert cli("settings", "place", "Huyện X").code == 0
    assert cli("settings", "place").out.strip() == "Huyện X"
    result = cli("settings", "due_soon_days", "abc")
    assert result.code == 2


def test_today_override_changes_timeliness(cli):
    rows = json.loads(cli("list", "--format", "json", today="25/08/2024").out)
    by_id = {r["id"]: r["timeliness"] for r in rows}
    assert by_id[3] == "due_soon" and by_id[1] == "on_track"
    assert cli("list", today="31/02/2024").code == 2


def test_backup_and_restore(cli, db_path, tmp_path):
    target = tmp_path / "copy.db"
    assert cli("backup", str(target)).code == 0 and target.exists()
    assert cli("backup", str(target)).code == 2  # never overwrites
    assert cli("update", "3", "--progress", "60").code == 0
    result = cli("restore", str(target))
    assert result.code == 0, result.err
    assert json.loads(cli("show", "3", "--format", "json").out)["progress"] == 0
    assert list((db_path.parent / "backups").glob("*truoc-khoi-phuc*"))
    junk = tmp_path / "junk.db"
    junk.write_text("x")
    assert cli("restore", str(junk)).code == 2


def test_damaged_file_exit_1(tmp_path):
    from cchc_tui.cli import main

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"hello")
    err = io.StringIO()
    assert main(["--db", str(bad), "list"], out=io.StringIO(), err=err) == 1
    assert "không phải cơ sở dữ liệu" in err.getvalue()
    assert bad.read_bytes() == b"hello"


def test_control_characters_in_notes_are_shown_not_obeyed(cli):
    assert cli("update", "2", "--note", "a\x1b[31mb\x07").code == 0
    text = cli("show", "2").out
    assert "\x1b" not in text and "\x07" not in text
    assert "a␛[31mb␇" in text
    raw = json.loads(cli("show", "2", "--format", "json").out)
    assert raw["history"][0]["note"] == "a\x1b[31mb\x07"  # stored verbatim


def test_huge_ids_are_bad_input(cli):
    for args in (
        ["show", "99999999999999999999"],
        ["indicator", "record", "99999999999999999999", "--value", "1"],
    ):
        result = cli(*args)
        assert result.code == 2 and "quá lớn" in result.err


def test_global_options_are_taken_after_the_command_too(db_path):
    from conftest import run_cli as run

    # --today after the command replaces the one given before it
    code, out, err = run(db_path, "show", "1", "--today", "01/01/2024")
    assert code == 0, err
    assert "Trong hạn" in out.splitlines()[2]
    code, out, err = run(db_path, "show", "1")
    assert "Quá hạn" in out.splitlines()[2]

"""Groups with members, tracked per member: the sample's groups, reports by
a member, a group or the whole directive, membership changes, the list
import, set-up templates, migration of an earlier file."""

from __future__ import annotations

import json
import sqlite3

import pytest

from cchc_tui.services.forms import make_form_workbook
from cchc_tui.services.opening import open_database
from tests.conftest import TODAY, db_snapshot, old_file, run_cli

COMMUNES = "UBND các xã, thị trấn"
DEPARTMENTS = "Các cơ quan, đơn vị huyện"
THUAN = "UBND xã Hành Thuận"


def show(cli, directive: int) -> dict:
    result = cli("show", str(directive), "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def group_entry(shown: dict, name: str) -> dict:
    return next(a for a in shown["assignments"] if a["agency"] == name)


def test_the_sample_groups_have_their_real_members(cli):
    agencies = {a["name"]: a for a in json.loads(cli("agencies", "--format", "json").out)}
    communes = agencies[COMMUNES]["members"]
    assert len(communes) == 12 and "UBND thị trấn Chợ Chùa" in communes and THUAN in communes
    departments = agencies[DEPARTMENTS]["members"]
    assert len(departments) == 14 and "Phòng Nội vụ" in departments
    assert "Văn phòng đăng ký đất đai tỉnh – Chi nhánh huyện Nghĩa Hành" not in departments
    assert agencies["Phòng Nội vụ"]["groups"] == [DEPARTMENTS]
    assert agencies[COMMUNES]["kind"] == "group"


def test_a_member_reports_only_for_itself(cli, db_path):
    before = show(cli, 1)
    assert group_entry(before, COMMUNES)["members_total"] == 12
    result = cli("update", "1", "--agency", "hanh thuan", "--status", "hoàn thành")
    assert result.code == 0, result.err
    assert "Đã ghi cập nhật số" in result.err
    after = show(cli, 1)
    group = group_entry(after, COMMUNES)
    assert (group["members_reported"], group["members_done"]) == (1, 1)
    assert group["members_overdue"] == 11  # the deadline (30/11/2024) has passed
    members = {m["agency"]: m for m in group["members"]}
    assert members[THUAN]["status"] == "hoan_thanh" and members[THUAN]["reported"]
    assert members[THUAN]["last_update"] == "2026-11-27"
    assert group["members"][0]["reported"] is False  # not reported / late first
    assert group["progress"] == 8  # the mean of its members (100 / 12)
    # the database holds exactly that member's change
    conn = sqlite3.connect(db_path)
    changed = conn.execute(
        "SELECT g.name FROM assignments a JOIN agencies g ON g.id = a.agency_id "
        "WHERE a.directive_id = 1 AND a.role = 'member' AND a.status <> 'chua_thuc_hien'"
    ).fetchall()
    conn.close()
    assert changed == [(THUAN,)]


def test_an_agency_not_on_the_directive_is_refused_naming_the_leads(cli, db_path):
    cli("list")
    before = db_snapshot(db_path)
    result = cli("update", "3", "--agency", "hanh thuan", "--progress", "40")
    assert result.code == 2 and "(--agency)" in result.err
    assert "không chủ trì nhiệm vụ 3" in result.err and "Văn phòng HĐND và UBND huyện" in result.err
    assert db_snapshot(db_path) == before


def test_a_group_report_goes_to_each_member_and_never_lowers(cli):
    assert cli("update", "1", "--agency", "hanh thuan", "--progress", "80").code == 0
    result = cli("update", "1", "--agency", COMMUNES, "--progress", "50", "--note", "cả nhóm")
    assert result.code == 0, result.err
    assert f"Giữ nguyên: {THUAN} (đã báo 80%)" in result.err
    members = {m["agency"]: m for m in group_entry(show(cli, 1), COMMUNES)["members"]}
    assert members[THUAN]["progress"] == 80
    assert members["UBND xã Hành Minh"]["progress"] == 50
    assert all(m["reported"] for m in members.values())  # the group was named


def test_a_whole_directive_report_leaves_done_and_newer_own_reports_alone(cli):
    assert cli("update", "5", "--agency", "noi vu", "--status", "hoàn thành").code == 0
    result = cli("update", "5", "--progress", "60", "--note", "giao ban")
    assert result.code == 0 and "Giữ nguyên: Phòng Nội vụ (đã hoàn thành)" in result.err
    leads = {a["agency"]: a for a in show(cli, 5)["assignments"] if a["role"] == "lead"}
    assert leads["Phòng Nội vụ"]["status"] == "hoan_thanh"
    assert leads["Phòng Tài chính - Kế hoạch"]["progress"] == 60
    # a report that changes nobody and says nothing is refused
    nothing = cli("update", "5", "--agency", "noi vu", "--progress", "40")
    assert nothing.code == 2 and "--note" in nothing.err  # reopening needs a reason


def test_members_join_and_leave_with_their_history_kept(cli, db_path):
    assert cli("agencies", "add", "UBND xã Hành Phong").code == 0
    joined = cli("agencies", "members", COMMUNES, "--add", "Hành Phong")
    assert joined.code == 0 and "Đã thêm vào nhóm: UBND xã Hành Phong" in joined.err
    assert "13 thành viên" in joined.out
    group = group_entry(show(cli, 1), COMMUNES)
    assert group["members_total"] == 13
    history = show(cli, 1)["history"]
    assert any(
        h.get("action") == "member_joined" and h.get("new") == "UBND xã Hành Phong" for h in history
    )
    assert cli("update", "1", "--agency", "Hành Phong", "--progress", "30").code == 0
    left = cli("agencies", "members", COMMUNES, "--remove", "Hành Phong")
    assert left.code == 0 and "lịch sử của họ vẫn giữ" in left.err
    after = show(cli, 1)
    assert group_entry(after, COMMUNES)["members_total"] == 12
    assert any(h.get("progress") == 30 for h in after["history"])  # its update stays
    conn = sqlite3.connect(db_path)
    removed = conn.execute(
        "SELECT a.removed, a.progress FROM assignments a JOIN agencies g ON g.id = a.agency_id "
        "WHERE a.directive_id = 1 AND g.name = 'UBND xã Hành Phong'"
    ).fetchone()
    conn.close()
    assert removed == (1, 30)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("members", "Phòng Nội vụ", "--add", "Phòng Tư pháp"), "không phải nhóm"),
        (("members", COMMUNES, "--add", DEPARTMENTS), "nhóm không chứa nhóm khác"),
        (("members", COMMUNES, "--add", "Không có cơ quan này"), "Không tìm thấy"),
        (("add", "Phòng Nội vụ"), "đã dùng"),
        (("add", "Phòng Mới", "--member-of", "Phòng Nội vụ"), "không phải nhóm"),
    ],
)
def test_bad_membership_input_is_refused_and_writes_nothing(cli, db_path, args, words):
    cli("list")
    before = db_snapshot(db_path)
    result = cli("agencies", *args)
    assert result.code == 2 and words in result.err, result.err
    assert db_snapshot(db_path) == before


def test_agencies_add_a_group_and_a_member_of_it(cli):
    made = cli("agencies", "add", "Các hợp tác xã", "--group", "--alias", "các HTX")
    assert made.code == 0 and made.out.strip().isdigit()
    member = cli("agencies", "add", "HTX Hành Thuận", "--member-of", "các HTX")
    assert member.code == 0, member.err
    agencies = {a["name"]: a for a in json.loads(cli("agencies", "--format", "json").out)}
    assert agencies["Các hợp tác xã"]["members"] == ["HTX Hành Thuận"]
    assert agencies["Các hợp tác xã"]["aliases"] == ["các HTX"]


# -- the list import ---------------------------------------------------------------------

LIST = (
    "Tên;Tên gọi khác;Thuộc nhóm\n"
    "Thôn An Phú;;Các thôn\n"
    "Thôn Xuân An;TXA;Các thôn\n"
    "Trường Tiểu học Hành Thuận;TH Hành Thuận;Các trường học\n"
)


def test_a_list_import_adds_what_is_new_and_a_second_one_nothing(tmp_path, db_path):
    path = tmp_path / "ds.csv"
    path.write_text(LIST, encoding="utf-8-sig")
    assert run_cli(db_path, "init", "--template", "xa")[0] == 0
    before = db_snapshot(db_path)
    code, out, err = run_cli(db_path, "agencies", "import", str(path), "--dry-run")
    assert code == 0 and "Sẽ thêm 3 cơ quan" in out and "Sẽ thêm 1 nhóm: Các trường học" in out
    assert db_snapshot(db_path) == before
    code, out, err = run_cli(db_path, "agencies", "import", str(path))
    assert code == 0, err
    agencies = {
        a["name"]: a for a in json.loads(run_cli(db_path, "agencies", "--format", "json")[1])
    }
    assert set(agencies["Các thôn, tổ dân phố"]["members"]) == {"Thôn An Phú", "Thôn Xuân An"}
    assert agencies["Các trường học"]["kind"] == "group"
    assert agencies["Thôn Xuân An"]["aliases"] == ["TXA"]
    again = db_snapshot(db_path)
    code, out, err = run_cli(db_path, "agencies", "import", str(path))
    assert code == 0 and "Không có gì mới" in out
    changed = db_snapshot(db_path)
    assert (
        changed["agencies"] == again["agencies"]
        and changed["agency_members"] == again["agency_members"]
    )


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("Cơ quan;Nhóm\nA;B\n", "thiếu cột «Tên»"),
        ("Tên;Thuộc nhóm\nThôn A;\n;Các thôn\n", "dòng 3, cột «Tên»: trống"),
        ("Ten;Thuoc nhom\nThôn A;Văn phòng HĐND và UBND xã\n", "là một cơ quan, không phải nhóm"),
        ("Tên;Tên gọi khác\nThôn A;Phòng Kinh tế\n", "đã là tên của cơ quan"),
    ],
)
def test_a_bad_list_is_refused_whole_naming_the_row(tmp_path, db_path, content, words):
    assert run_cli(db_path, "init", "--template", "xa")[0] == 0
    path = tmp_path / "ds.csv"
    path.write_text(content, encoding="utf-8")
    before = db_snapshot(db_path)
    code, _, err = run_cli(db_path, "agencies", "import", str(path))
    assert code == 2 and words in err, err
    assert db_snapshot(db_path) == before


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letter, then the tone mark."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_a_list_in_cp1258_with_commas_and_an_xlsx_are_read(tmp_path, db_path):
    import openpyxl

    assert run_cli(db_path, "init", "--template", "xa")[0] == 0
    path = tmp_path / "ds.csv"
    path.write_bytes(_cp1258("Tên,Thuộc nhóm\nThôn Bình An,Các thôn\n"))
    assert run_cli(db_path, "agencies", "import", str(path))[0] == 0
    book = openpyxl.Workbook()
    book.active.append(["Tên", "Tên gọi khác", "Thuộc nhóm"])
    book.active.append(["Thôn Phú Lộc", "PL", "Các thôn"])
    xlsx = tmp_path / "ds.xlsx"
    book.save(xlsx)
    code, _, err = run_cli(db_path, "agencies", "import", str(xlsx))
    assert code == 0, err
    agencies = {
        a["name"]: a for a in json.loads(run_cli(db_path, "agencies", "--format", "json")[1])
    }
    assert {"Thôn Bình An", "Thôn Phú Lộc"} <= set(agencies["Các thôn, tổ dân phố"]["members"])


# -- set-up templates ----------------------------------------------------------------------


@pytest.mark.parametrize("template", ["xa", "phuong", "tinh", "huyen"])
def test_a_template_holds_its_levels_agencies_and_groups_and_no_notice(db_path, template):
    code, out, err = run_cli(db_path, "init", "--template", template, "--place", "Thử Nghiệm")
    assert code == 0, err
    agencies = json.loads(run_cli(db_path, "agencies", "--format", "json")[1])
    groups = [a for a in agencies if a["kind"] == "group"]
    assert len(groups) == 2 and all(g["aliases"] for g in groups)
    assert json.loads(run_cli(db_path, "list", "--format", "json")[1]) == []
    assert run_cli(db_path, "settings", "place")[1].strip() == "Thử Nghiệm"
    store = open_database(db_path)
    try:
        assert store.state("initialised_as") == template
    finally:
        store.close()


def test_init_refuses_a_file_with_data_and_replaces_only_an_untouched_sample(db_path):
    assert run_cli(db_path, "list")[0] == 0  # the sample
    code, _, err = run_cli(db_path, "init", "--template", "tinh")
    assert code == 2 and "--replace-sample" in err
    code, out, err = run_cli(db_path, "init", "--template", "tinh", "--replace-sample")
    assert code == 0, err
    assert json.loads(run_cli(db_path, "list", "--format", "json")[1]) == []
    names = {a["name"] for a in json.loads(run_cli(db_path, "agencies", "--format", "json")[1])}
    assert "Sở Nội vụ" in names and "Phòng Nội vụ" not in names
    # a file in use is never set up again
    run_cli(db_path, "agencies", "add", "Sở Ngoại vụ")
    before = db_snapshot(db_path)
    code, _, err = run_cli(db_path, "init", "--template", "xa", "--replace-sample")
    assert code == 2 and "không thiết lập lại" in err
    assert db_snapshot(db_path) == before


def test_a_sample_in_use_is_not_replaced(db_path):
    assert run_cli(db_path, "update", "3", "--progress", "10")[0] == 0
    before = db_snapshot(db_path)
    code, _, err = run_cli(db_path, "init", "--template", "xa", "--replace-sample")
    assert code == 2
    assert db_snapshot(db_path) == before


def test_a_commune_sets_up_imports_its_villages_and_tracks_each(tmp_path, db_path):
    """Done when of #14: init xa, a 10-row list, a notice to "các thôn, tổ dân phố"."""
    rows = ["Tên;Thuộc nhóm"] + [f"Thôn Số {n};Các thôn" for n in range(1, 9)]
    rows += ["Trạm Y tế xã;", "Công an xã;"]
    path = tmp_path / "ds.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    notice = tmp_path / "tb.txt"
    notice.write_text(
        "ỦY BAN NHÂN DÂN\nXÃ THỬ NGHIỆM\n\nSố: 45/TB-UBND\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Thử Nghiệm, ngày 20 tháng 11 năm 2026\n\nTHÔNG BÁO\n"
        "Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 11 năm 2026\n\n"
        "Chủ tịch UBND xã kết luận như sau:\n\n"
        "1. Các thôn, tổ dân phố rà soát danh sách hộ nghèo, hoàn thành trước ngày 15/12/2026.\n\n"
        "2. Văn phòng HĐND và UBND xã chủ trì tổng hợp kết quả, hoàn thành trong tháng 12/2026.\n",
        encoding="utf-8",
    )
    assert run_cli(db_path, "init", "--template", "xa")[0] == 0
    assert run_cli(db_path, "agencies", "import", str(path))[0] == 0
    code, out, err = run_cli(db_path, "import-notice", str(notice))
    assert code == 0, err
    shown = json.loads(run_cli(db_path, "show", "1", "--format", "json")[1])
    group = shown["assignments"][0]
    assert group["agency"] == "Các thôn, tổ dân phố" and group["members_total"] == 8
    code, _, err = run_cli(db_path, "update", "1", "--agency", "Thôn Số 3", "--progress", "50")
    assert code == 0, err
    group = json.loads(run_cli(db_path, "show", "1", "--format", "json")[1])["assignments"][0]
    assert group["members_reported"] == 1 and group["progress"] == 6  # 50 / 8, rounded


# -- migration of a file made by 1.0.0 ----------------------------------------------------


def test_an_earlier_file_keeps_its_group_state_and_its_first_members_start_from_it(tmp_path):
    path = old_file(tmp_path, "cchc-1.0.0.db")
    store = open_database(path)
    try:
        # 1.0.0 knew no members: the group is still one unit with its 30%
        row = store.row(
            "SELECT a.status, a.progress FROM assignments a JOIN agencies g ON g.id = a.agency_id "
            "WHERE a.directive_id = 1 AND g.name = ?",
            [COMMUNES],
        )
        assert (row["status"], row["progress"]) == ("dang_thuc_hien", 30)
        assert list(tmp_path.glob("cchc-1.0.0.db.truoc-nang-cap-v3-*.bak"))
    finally:
        store.close()
    for name in ("UBND xã Hành A", "UBND xã Hành B"):
        assert run_cli(path, "agencies", "add", name, "--member-of", COMMUNES)[0] == 0
    shown = json.loads(run_cli(path, "show", "1", "--format", "json")[1])
    group = group_entry(shown, COMMUNES)
    by_name = {m["agency"]: m for m in group["members"]}
    assert by_name["UBND xã Hành A"]["progress"] == 30  # inherited from the group
    assert by_name["UBND xã Hành B"]["progress"] == 0  # joined later: not started
    assert group["members_reported"] == 0  # an inherited state is not a report
    joined = [h for h in shown["history"] if h.get("action") == "member_joined"]
    assert any("tiếp nhận tiến độ của nhóm" in h["note"] for h in joined)
    # the group's old update stays in history, never re-applied to members
    assert any(h.get("note") == "cả nhóm xã" for h in shown["history"])


# -- forms at member level -----------------------------------------------------------------


def test_a_members_form_lists_what_it_does_through_its_group(fresh_store):
    form, _ = make_form_workbook(fresh_store, THUAN, TODAY)
    assert [(t.number, t.role) for t in form.tasks] == [
        (1, "member"),
        (2, "member"),
        (6, "member"),
        (7, "support"),
    ]

"""`import-notice`: dry run in the contract's shape, saving in one
transaction, duplicates, and bad files that save nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import db_snapshot

from cchc_tui.importer.tcvn3 import unicode_to_tcvn3
from cchc_tui.services.imports import read_notice, save_reading
from cchc_tui.services.opening import open_database

NOTICES = Path(__file__).parent / "notices"
SEED_TEXT = Path(__file__).parent.parent / "seed" / "thong-bao-ket-luan-bcd-cchc-2024-08-16.txt"
TWO_COLUMN = NOTICES / "01-hai-cot-tu-pdf.txt"


def test_dry_run_json_has_the_contract_shape(cli, db_path):
    cli("list")  # creates and seeds the database
    before = db_snapshot(db_path)
    result = cli("import-notice", str(TWO_COLUMN), "--dry-run", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    notice = data["notice"]
    assert {k: notice[k] for k in ("kind", "number", "issued_on", "issuer", "title")} == {
        "kind": "Thông báo kết luận",
        "number": "245/TB-VP",
        "issued_on": "2024-10-14",
        "issuer": "VĂN PHÒNG HĐND VÀ UBND HUYỆN",
        "title": "Kết luận của Chủ tịch UBND huyện tại cuộc họp đánh giá công tác cải cách "
        "hành chính 9 tháng đầu năm 2024",
    }
    first = data["directives"][0]
    for key in ("number", "title", "content", "lead", "support", "deadline", "deadline_text"):
        assert key in first
    assert first["deadline"] == "2024-10-20"
    assert first["lead"] == ["Phòng Nội vụ"] and first["support"] == [
        "Văn phòng HĐND và UBND huyện"
    ]
    # every agency it names is in the sample's registry (the departments are
    # members of "Các cơ quan, đơn vị huyện")
    assert data["new_agencies"] == []
    assert db_snapshot(db_path) == before  # a dry run writes nothing


def test_dry_run_text_preview(cli):
    result = cli("import-notice", str(TWO_COLUMN), "--dry-run")
    assert result.code == 0
    assert "1. Giao Phòng Nội vụ" in result.out
    assert "Thời hạn: 20/10/2024 (trước ngày 20 tháng 10 năm 2024)" in result.out
    assert "Chủ trì: Phòng Tư pháp" in result.out


def test_import_saves_notice_directives_and_new_agencies(cli, db_path):
    result = cli("import-notice", str(TWO_COLUMN))
    assert result.code == 0, result.err
    notice_id = int(result.out.strip())
    listed = json.loads(cli("list", "--notice", str(notice_id), "--format", "json").out)
    assert [d["number"] for d in listed] == [1, 2, 3, 4]
    assert listed[1]["lead"] == ["Phòng Tư pháp"] and listed[1]["deadline"] == "2024-12-31"
    assert listed[3]["deadline"] == "2024-11-30" and listed[3]["deadline_text"] == "trước 30/11"
    assert listed[2]["lead"] == ["Bộ phận một cửa huyện", "UBND các xã, thị trấn"]  # registry names
    agencies = {a["name"] for a in json.loads(cli("agencies", "--format", "json").out)}
    assert {"Phòng Tư pháp", "Phòng Văn hóa và Thông tin"} <= agencies
    store = open_database(db_path)
    try:
        row = store.row("SELECT * FROM notices WHERE id=?", [notice_id])
        assert row["number"] == "245/TB-VP" and row["issued_on"] == "2024-10-14"
        assert "Nơi nhận" in row["full_text"] and row["source_file"] == TWO_COLUMN.name
        assert json.loads(row["cited_documents"])[0]["number"] == "52/BC-PNV"
    finally:
        store.close()


def test_same_number_and_date_is_refused_unless_forced(cli, db_path):
    assert cli("import-notice", str(TWO_COLUMN)).code == 0
    before = db_snapshot(db_path)
    again = cli("import-notice", str(TWO_COLUMN))
    assert again.code == 2
    assert "Đã có văn bản số 245/TB-VP ngày 14/10/2024" in again.err and "--force" in again.err
    assert db_snapshot(db_path) == before
    forced = cli("import-notice", str(TWO_COLUMN), "--force")
    assert forced.code == 0 and int(forced.out) > 0


def test_seed_text_imports_as_the_seed(cli):
    refused = cli("import-notice", str(SEED_TEXT))  # no number: same title and date
    assert refused.code == 2 and "Đã có văn bản 'Kết luận của Ban Chỉ đạo" in refused.err
    result = cli("import-notice", str(SEED_TEXT), "--format", "json", "--force")
    assert result.code == 0, result.err
    notice_id = json.loads(result.out)["notice_id"]
    imported = json.loads(cli("list", "--notice", str(notice_id), "--format", "json").out)
    seeded = json.loads(cli("list", "--notice", "1", "--format", "json").out)
    keys = ("number", "lead", "support", "deadline", "deadline_text", "content")
    assert [{k: d[k] for k in keys} for d in imported] == [{k: d[k] for k in keys} for d in seeded]
    agencies = json.loads(cli("agencies", "--format", "json").out)
    assert len(agencies) == 29  # no new agency: every name matched the registry


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("rong.txt", b"", "rỗng"),
        ("nhi-phan.txt", bytes(range(256)) * 40, "nhị phân"),
        ("vni.txt", "Thoâng baùo keát luaän cuûa Chuû tòch UBND huyeän".encode("cp1252"), "VNI"),
        ("khong-muc.txt", "THÔNG BÁO\nHọp giao ban.\nCác phòng báo cáo.".encode(), "đánh số"),
        ("hong.docx", b"PK\x03\x04 not a zip", ".docx"),
    ],
)
def test_bad_files_exit_2_naming_the_file_and_save_nothing(
    cli, db_path, tmp_path, name, data, words
):
    cli("list")
    before = db_snapshot(db_path)
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("import-notice", str(path))
    assert result.code == 2
    assert result.err.startswith("Lỗi (FILE): ") and name in result.err and words in result.err
    assert db_snapshot(db_path) == before


def test_too_large_file_exits_2(cli, db_path, tmp_path):
    cli("list")
    before = db_snapshot(db_path)
    big = tmp_path / "lon.txt"
    big.write_bytes(b"a" * (5 * 1024 * 1024 + 10))
    result = cli("import-notice", str(big))
    assert result.code == 2 and "5 MB" in result.err
    assert db_snapshot(db_path) == before


def test_tcvn3_and_docx_files_import(cli, tmp_path):
    legacy = tmp_path / "cu.txt"
    legacy.write_bytes(unicode_to_tcvn3(TWO_COLUMN.read_text(encoding="utf-8")).encode("latin-1"))
    data = json.loads(cli("import-notice", str(legacy), "--dry-run", "--format", "json").out)
    assert data["notice"]["number"] == "245/TB-VP"
    assert [d["lead"] for d in data["directives"]][0] == ["Phòng Nội vụ"]
    docx = json.loads(
        cli(
            "import-notice", str(NOTICES / "05-dau-bang-word.docx"), "--dry-run", "--format", "json"
        ).out
    )
    assert docx["notice"]["number"] == "77/TB-TCKH" and len(docx["directives"]) == 3


def test_save_is_one_transaction(fresh_store, db_path):
    """A directive without a lead stops the save before anything is written;
    unticked directives are left out."""
    reading = read_notice(fresh_store, TWO_COLUMN)
    reading.directives[2].leads = []
    before = db_snapshot(db_path)
    with pytest.raises(Exception, match="Nhiệm vụ 3 chưa có cơ quan chủ trì"):
        save_reading(fresh_store, reading)
    assert db_snapshot(db_path) == before
    reading.directives[2].selected = False
    notice_id = save_reading(fresh_store, reading, by="Kiểm thử")
    numbers = [
        r["number"]
        for r in fresh_store.rows(
            "SELECT number FROM directives WHERE notice_id=? ORDER BY number", [notice_id]
        )
    ]
    assert numbers == [1, 2, 4]
    edits = fresh_store.rows("SELECT entity, edited_by FROM edits WHERE note='Nhập từ tệp'")
    assert {e["entity"] for e in edits} == {"notice", "directive"}  # no agency was new
    assert {e["edited_by"] for e in edits} == {"Kiểm thử"}


def test_nothing_selected_is_refused(fresh_store):
    reading = read_notice(fresh_store, TWO_COLUMN)
    for d in reading.directives:
        d.selected = False
    with pytest.raises(Exception, match="Chưa chọn nhiệm vụ nào"):
        save_reading(fresh_store, reading)


def test_dry_run_json_has_a_confidence_per_field_and_stderr_lists_the_low_ones(cli, tmp_path):
    letter = tmp_path / "cv.txt"
    letter.write_text(
        "SỞ NỘI VỤ TỈNH HÒA BÌNH\nSố: 8/SNV-CCHC\nV/v kiểm tra cải cách hành chính\n"
        "Hòa Bình, ngày 05 tháng 11 năm 2025\n\nKính gửi: UBND các xã, phường.\n\n"
        "Sở Nội vụ đề nghị thực hiện các nội dung sau:\n"
        "1. Tự kiểm tra công tác cải cách hành chính, gửi báo cáo trước 30/11.\n"
        "2. Phòng Văn hóa - Xã hội phối hợp với các cơ quan, đơn vị liên quan tuyên truyền.\n"
        "3. Phòng Kinh tế phối hợp với các hợp tác xã tuyên truyền.\n",
        encoding="utf-8",
    )
    result = cli("import-notice", str(letter), "--dry-run", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)  # stdout holds the JSON only
    assert data["notice"]["confidence"] == {
        "kind": "high",
        "number": "high",
        "issued_on": "high",
        "issuer": "high",
        "title": "high",
    }
    first, second, third = data["directives"]
    assert first["lead"] == ["UBND các xã, phường"]
    assert first["confidence"]["lead"] == "low" and first["confidence"]["deadline"] == "low"
    # the sample's group carries the alias "các cơ quan, đơn vị liên quan": a sure match
    assert second["support"] == ["Các cơ quan, đơn vị huyện"]
    assert second["confidence"]["support"] == "high"
    # no group has this phrase as alias: a group named from it, to be checked
    assert third["support"] == ["Các hợp tác xã"] and third["confidence"]["support"] == "low"
    assert result.err.startswith("Cần kiểm tra:")
    assert "Nhiệm vụ 1: chủ trì, thời hạn (theo nơi nhận (Kính gửi); không ghi năm" in result.err
    assert "Nhiệm vụ 3: phối hợp (tên chung, chưa khớp nhóm nào: Các hợp tác xã)" in result.err
    assert "Nhiệm vụ 2" not in result.err
    text = cli("import-notice", str(letter), "--dry-run")
    assert "Chủ trì (?): UBND các xã, phường" in text.out
    assert "Thời hạn (?): 30/11/2025" in text.out


def test_a_decision_that_only_publishes_procedures_is_refused(cli, db_path, tmp_path):
    cli("list")
    before = db_snapshot(db_path)
    decision = tmp_path / "qd.txt"
    decision.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\nSố: 12/QĐ-UBND\nHòa Bình, ngày 18 tháng 11 năm 2025\n"
        "QUYẾT ĐỊNH\nVề việc công bố danh mục thủ tục hành chính\nQUYẾT ĐỊNH:\n"
        "Điều 1. Công bố kèm theo Quyết định này danh mục 05 thủ tục hành chính.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết "
        "định này./.\n",
        encoding="utf-8",
    )
    result = cli("import-notice", str(decision))
    assert result.code == 2 and "không mục nào giao việc" in result.err
    assert db_snapshot(db_path) == before

"""`doctor` reports the installation and warns about known problems."""

import os
import time

from cchc_tui.services.diagnostics import on_network_share


def test_doctor_facts_and_backup_warnings(cli, db_path):
    cli("list")  # the first use creates the file
    result = cli("doctor")
    assert result.code == 0, result.err
    assert str(db_path.resolve()) in result.out
    assert "7 nhiệm vụ" in result.out and "Lược đồ" in result.out
    assert "Chưa có bản sao lưu" in result.out
    assert "Kiểm tra toàn vẹn : ok" in result.out
    assert cli("backup").code == 0
    result = cli("doctor")
    assert "Chưa có bản sao lưu" not in result.out
    # an old backup is worth a warning
    for path in (db_path.parent / "backups").iterdir():
        old = time.time() - 30 * 86400
        os.utime(path, (old, old))
    assert "đã 30 ngày" in cli("doctor").out


def test_local_disk_is_not_a_network_share(tmp_path):
    assert on_network_share(tmp_path) is False


def test_doctor_creates_nothing(cli, db_path):
    result = cli("doctor")
    assert result.code == 0 and "Chưa có tệp dữ liệu" in result.out
    assert not db_path.exists()


def test_backup_list(cli, db_path):
    assert "Chưa có bản sao lưu" in cli("backup", "--list").out
    assert cli("backup").code == 0
    listed = cli("backup", "--list").out.splitlines()
    assert len(listed) == 1 and "Thủ công" in listed[0]

"""`cchc-tui users …`: keys made once, stored hashed, checked, revoked."""

from __future__ import annotations

import re
import sqlite3

import pytest

from cchc_tui.services.users import mint_local_key, user_of_key
from tests.conftest import db_snapshot, run_cli

KEY = re.compile(r"Khóa truy cập \(chỉ hiện một lần\): (\S+)")


def add(db, name, role="editor"):
    code, out, err = run_cli(db, "users", "add", name, "--role", role)
    assert code == 0, err
    return KEY.search(out).group(1)


def test_add_prints_the_key_once_and_stores_only_a_salted_hash(fresh_store, db_path):
    key_a = add(db_path, "Nguyễn Văn A")
    key_b = add(db_path, "Trần Thị B", "viewer")
    assert key_a != key_b
    rows = sqlite3.connect(db_path).execute("SELECT name, role, key_hash FROM users").fetchall()
    assert [(r[0], r[1]) for r in rows] == [("Nguyễn Văn A", "editor"), ("Trần Thị B", "viewer")]
    dump = repr(db_snapshot(db_path))
    for key in (key_a, key_b):
        assert key not in dump and key.split(".", 1)[1] not in dump
    salts = {r[2].split("$")[4] for r in rows}
    assert len(salts) == 2 and all(r[2].startswith("scrypt$") for r in rows)
    code, out, _ = run_cli(db_path, "users", "list")
    assert code == 0 and "Nguyễn Văn A" in out and "viewer" in out
    assert key_a not in out


def test_keys_are_checked(fresh_store, db_path):
    key = add(db_path, "Nguyễn Văn A")
    with fresh_store.reading() as store:
        assert user_of_key(store, key).name == "Nguyễn Văn A"
        key_id, secret = key.split(".")
        for wrong in ("", "x", key_id, f"{key_id}.", f"{key_id}.{secret}x", f"zz{key_id}.{secret}",
                      "." + secret, key_id + "." + "A" * 300):  # fmt: skip
            assert user_of_key(store, wrong) is None, wrong


@pytest.mark.parametrize(
    "args, message",
    [
        (["users", "add", "  ", "--role", "editor"], "không được để trống"),
        (["users", "add", "C", "--role", "admin"], "--role"),
        (["users", "add", "C"], "--role"),
        (["users", "revoke", "Không Ai"], "Không có người dùng"),
    ],
)
def test_bad_input_writes_nothing(fresh_store, db_path, args, message):
    before = db_snapshot(db_path)
    code, _, err = run_cli(db_path, *args)
    assert code == 2 and message in err
    assert db_snapshot(db_path) == before


def test_a_name_is_used_once_among_current_users(fresh_store, db_path):
    add(db_path, "Nguyễn Văn A")
    code, _, err = run_cli(db_path, "users", "add", "nguyen van a", "--role", "viewer")
    assert code == 2 and "Đã có người dùng 'Nguyễn Văn A'" in err
    code, _, _ = run_cli(db_path, "users", "revoke", "NGUYEN VAN A")
    assert code == 0
    add(db_path, "Nguyễn Văn A", "viewer")  # a new key after a revoke
    code, out, _ = run_cli(db_path, "users", "list")
    assert out.count("Nguyễn Văn A") == 2 and "đang dùng" in out


def test_revoke_keeps_the_row_and_the_key_stops_working(fresh_store, db_path):
    key = add(db_path, "Trần Thị B", "viewer")
    code, out, _ = run_cli(db_path, "users", "revoke", "Trần Thị B")
    assert code == 0 and "Đã thu hồi" in out
    with fresh_store.reading() as store:
        user = user_of_key(store, key)
    assert user is not None and not user.active  # found, but refused by the server
    code, _, err = run_cli(db_path, "users", "revoke", "Trần Thị B")
    assert code == 2


def test_the_local_key_is_fresh_on_every_run(fresh_store):
    first = mint_local_key(fresh_store, "Phòng Nội vụ")
    second = mint_local_key(fresh_store, "Phòng Nội vụ")
    assert first.user.id == second.user.id and first.key != second.key
    assert user_of_key(fresh_store, first.key) is None
    assert user_of_key(fresh_store, second.key).local
    assert fresh_store.value("SELECT count(*) FROM users") == 1


def test_users_list_without_users(fresh_store, db_path):
    code, out, _ = run_cli(db_path, "users")
    assert code == 0 and "Chưa có người dùng" in out

"""Users and access keys of the browser mode (`cchc-tui users …`, `serve`).

A key is ``<key_id>.<secret>``: the key id finds the user's row, the secret
is checked against a salted scrypt hash. Keys are shown once, never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from cchc_tui.domain.errors import NotFoundError, ValidationError
from cchc_tui.domain.limits import NAME_MAX, check_length
from cchc_tui.domain.text import clean, fold
from cchc_tui.store.database import Store, now_text

ROLES = ("editor", "viewer")
ROLE_LABELS = {"editor": "cập nhật", "viewer": "chỉ xem"}
# scrypt cost: ~16 MiB and a few tens of ms per check (keys are random, so
# this is only a safeguard if the file leaks)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


@dataclass(frozen=True)
class UserRecord:
    id: int
    name: str
    role: str
    local: bool
    created_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class NewKey:
    """A key just made: shown once to whoever asked for it."""

    user: UserRecord
    key: str


def hash_secret(secret: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        secret.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def secret_matches(secret: str, stored: str) -> bool:
    try:
        method, n, r, p, salt, digest = stored.split("$")
        if method != "scrypt":
            return False
        found = hashlib.scrypt(
            secret.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(found.hex(), digest)


def _new_key() -> tuple[str, str, str]:
    """(key id, secret, the key the user gets)."""
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(24)
    return key_id, secret, f"{key_id}.{secret}"


def _record(row: dict) -> UserRecord:
    return UserRecord(
        row["id"],
        row["name"],
        row["role"],
        bool(row["local"]),
        row["created_at"],
        row["revoked_at"],
    )


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError(
            f"Vai trò '{role}' không hợp lệ: chọn editor (cập nhật) hoặc viewer (chỉ xem).",
            "role",
        )
    return role


def list_users(store: Store, *, include_revoked: bool = True) -> list[UserRecord]:
    """Every user, the current ones first, each group in the order made."""
    rows = store.rows("SELECT * FROM users ORDER BY revoked_at IS NOT NULL, id")
    users = [_record(r) for r in rows]
    return users if include_revoked else [u for u in users if u.active]


def _current_named(store: Store, name: str) -> dict | None:
    key = fold(name)
    for row in store.rows("SELECT * FROM users WHERE revoked_at IS NULL AND local = 0"):
        if fold(row["name"]) == key:
            return row
    return None


def add_user(store: Store, name: str, role: str, by: str = "") -> NewKey:
    """A new user with a new key (names unique among current users,
    accent-insensitively)."""
    name = check_length(clean(name), NAME_MAX, "user", "Tên người dùng")
    if not name:
        raise ValidationError("Tên người dùng không được để trống.", "user")
    check_role(role)
    key_id, secret, key = _new_key()
    key_hash = hash_secret(secret)  # slow: outside the write lock
    with store.transaction() as db:
        if existing := _current_named(store, name):
            raise ValidationError(
                f"Đã có người dùng '{existing['name']}' (xem 'cchc-tui users list'; cấp khóa mới: "
                "thu hồi rồi thêm lại).",
                "user",
            )
        user_id = (
            db.table("users")
            .insert(
                {
                    "name": name,
                    "role": role,
                    "key_id": key_id,
                    "key_hash": key_hash,
                    "local": 0,
                    "created_at": now_text(),
                    "created_by": by,
                }  # fmt: skip
            )
            .last_pk
        )
    return NewKey(_record(store.required_row("SELECT * FROM users WHERE id = ?", [user_id])), key)


def revoke_user(store: Store, name: str, by: str = "") -> UserRecord:
    """Revoke a current user's key (the row stays)."""
    row = _current_named(store, clean(name))
    if row is None:
        raise NotFoundError(
            f"Không có người dùng '{clean(name)}' đang dùng (xem 'cchc-tui users list').", "user"
        )
    with store.transaction() as db:
        db.execute(
            "UPDATE users SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
            [now_text(), by, row["id"]],
        )
    return _record(store.required_row("SELECT * FROM users WHERE id = ?", [row["id"]]))


def mint_local_key(store: Store, name: str) -> NewKey:
    """A fresh editor key for the user of this computer (`serve` without
    --lan, each run): the previous local key stops working."""
    name = check_length(clean(name), NAME_MAX, "user", "Tên người dùng") or "Người dùng máy này"
    key_id, secret, key = _new_key()
    key_hash = hash_secret(secret)
    with store.transaction() as db:
        row = store.row("SELECT id FROM users WHERE local = 1 AND revoked_at IS NULL")
        if row is None:
            user_id = (
                db.table("users")
                .insert(
                    {
                        "name": name,
                        "role": "editor",
                        "key_id": key_id,
                        "key_hash": key_hash,
                        "local": 1,
                        "created_at": now_text(),
                        "created_by": name,
                    }  # fmt: skip
                )
                .last_pk
            )
        else:
            user_id = row["id"]
            db.execute(
                "UPDATE users SET name = ?, key_id = ?, key_hash = ? WHERE id = ?",
                [name, key_id, key_hash, user_id],
            )
    return NewKey(_record(store.required_row("SELECT * FROM users WHERE id = ?", [user_id])), key)


def user_of_key(store: Store, key: str) -> UserRecord | None:
    """The user whose key this is (revoked ones too: the caller refuses
    them), else None (wrong or malformed)."""
    key_id, dot, secret = (key or "").strip().partition(".")
    if not dot or not key_id or not secret or len(key) > 200:
        return None
    row = store.row("SELECT * FROM users WHERE key_id = ?", [key_id])
    if row is None or not secret_matches(secret, row["key_hash"]):
        return None
    return _record(row)


def user_by_id(store: Store, user_id: int) -> UserRecord | None:
    row = store.row("SELECT * FROM users WHERE id = ?", [user_id])
    return _record(row) if row else None

"""Settings stored in the database (seeded from the notice, editable)."""

from __future__ import annotations

from dataclasses import dataclass

from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.limits import NAME_MAX, SETTING_MAX, check_length
from cchc_tui.domain.text import clean, fold
from cchc_tui.services.edits import record_edit
from cchc_tui.services.versions import check_version
from cchc_tui.store.database import Store, now_text


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    help: str
    default: str = ""
    kind: str = "text"  # text | int | multiline


SETTINGS = [
    SettingSpec("organisation", "Cơ quan (tổ chức)", "Tên cơ quan ở đầu báo cáo", "UBND huyện"),
    SettingSpec(
        "committee", "Ban Chỉ đạo", "Tên Ban Chỉ đạo CCHC", "Ban Chỉ đạo Cải cách hành chính"
    ),
    SettingSpec(
        "secretariat", "Cơ quan thường trực", "Cơ quan thường trực (lập báo cáo)", "Phòng Nội vụ"
    ),
    SettingSpec("place", "Địa danh", "Địa danh ở dòng ngày tháng", ""),
    SettingSpec(
        "report_issuer",
        "Cơ quan ban hành báo cáo",
        "Tên ở đầu báo cáo, dưới tên cơ quan (bỏ trống: Ban Chỉ đạo)",
        "",
    ),
    SettingSpec(
        "signer_title",
        "Chức vụ người ký",
        "Chức vụ ở khối chữ ký (nhiều dòng)",
        "TRƯỞNG BAN",
        "multiline",
    ),
    SettingSpec("signer_name", "Người ký", "Họ tên người ký báo cáo", ""),
    SettingSpec(
        "report_symbol", "Ký hiệu báo cáo", "Phần sau 'Số: …/' trên báo cáo Word", "BC-BCĐ"
    ),
    SettingSpec(
        "reminder_symbol",
        "Ký hiệu công văn đôn đốc",
        "Phần sau 'Số: …/' trên công văn đôn đốc",
        "CV-BCĐ",
    ),
    SettingSpec(
        "report_recipients",
        "Nơi nhận báo cáo",
        "Mỗi dòng một nơi nhận (dòng 'Lưu: VT, …' tự thêm)",
        "Các thành viên Ban Chỉ đạo\nCác cơ quan, đơn vị liên quan",
        "multiline",
    ),
    SettingSpec(
        "due_soon_days",
        "Số ngày 'sắp đến hạn'",
        "Cửa sổ cảnh báo sắp đến hạn (0–90 ngày)",
        "7",
        "int",
    ),
    SettingSpec("user_name", "Người cập nhật", "Tên mặc định của người cập nhật", ""),
]
SPECS = {spec.key: spec for spec in SETTINGS}
_ALIASES = {fold(spec.label): spec.key for spec in SETTINGS} | {
    "signer": "signer_name",
    "issuer": "report_issuer",
    "symbol": "report_symbol",
    "recipients": "report_recipients",
    "due_soon": "due_soon_days",
    "user": "user_name",
    "org": "organisation",
    "organization": "organisation",
}


def resolve_key(key: str) -> str:
    """A setting key from its code or Vietnamese label."""
    folded = fold(key).replace("-", "_")
    if folded in SPECS:
        return folded
    if folded in _ALIASES:
        return _ALIASES[folded]
    allowed = ", ".join(SPECS)
    raise ValidationError(f"Không có cài đặt '{key}'; các cài đặt: {allowed}.", "key")


def get_settings(store: Store) -> dict[str, str]:
    """All settings, defaults filled in."""
    stored = {r["key"]: r["value"] for r in store.rows("SELECT key, value FROM settings")}
    return {spec.key: stored.get(spec.key, spec.default) for spec in SETTINGS}


def get_setting(store: Store, key: str) -> str:
    return get_settings(store)[resolve_key(key)]


def due_soon_days(store: Store) -> int:
    try:
        return int(get_setting(store, "due_soon_days"))
    except ValueError:
        return 7


def validate_setting(key: str, value: str) -> str:
    spec = SPECS[resolve_key(key)]
    value = value.replace("\\n", "\n") if spec.kind == "multiline" else clean(value)
    check_length(value, SETTING_MAX, spec.key, spec.label)
    if spec.kind == "int":
        try:
            number = int(value)
        except ValueError:
            raise ValidationError(f"{spec.label}: nhập số nguyên từ 0 đến 90.", spec.key) from None
        if not 0 <= number <= 90:
            raise ValidationError(f"{spec.label}: phải từ 0 đến 90 ngày.", spec.key)
        value = str(number)
    return value


def set_setting(
    store: Store, key: str, value: str, by: str = "", expected_version: int | None = None
) -> None:
    """Change one setting; recorded in history with the old and new value."""
    key = resolve_key(key)
    value = validate_setting(key, value)
    with store.transaction() as db:
        row = store.row(
            "SELECT value, version, updated_at, updated_by FROM settings WHERE key=?", [key]
        )
        if row:
            check_version(row, expected_version, f"Cài đặt '{SPECS[key].label}'")
        old = row["value"] if row else SPECS[key].default
        if old == value:
            return
        stamp = now_text()
        if row:
            db.execute(
                "UPDATE settings SET value=?, version=version+1, updated_at=?, updated_by=? WHERE key=?",
                [value, stamp, by, key],
            )
        else:
            db.table("settings").insert(
                {"key": key, "value": value, "version": 1, "updated_at": stamp, "updated_by": by}
            )
        record_edit(db, "setting", 0, "edit", key, old, value, by, at=stamp)


def user_name(store: Store, given: str | None = None) -> str:
    """Who is recording: the given name, else the setting, else the secretariat."""
    if given and given.strip():
        return check_length(clean(given), NAME_MAX, "by", "Tên người cập nhật")
    settings = get_settings(store)
    return settings["user_name"] or settings["secretariat"]

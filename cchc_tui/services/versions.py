"""Row versions: a save based on a stale read is refused, naming who/when."""

from __future__ import annotations

from cchc_tui.domain.errors import StaleWriteError


def check_version(row: dict, expected: int | None, what: str) -> None:
    """Raise StaleWriteError if ``row`` changed since version ``expected``
    was read (None: the caller read it in this same transaction)."""
    if expected is not None and row["version"] != expected:
        when = str(row.get("updated_at") or "").replace("T", " ")
        raise StaleWriteError(
            f"{what} đã được {row.get('updated_by') or 'người khác'} thay đổi lúc {when} "
            "(sau khi anh/chị mở). Hãy tải lại rồi làm lại; chưa có gì bị ghi đè.",
            row.get("updated_by"),
            row.get("updated_at"),
        )

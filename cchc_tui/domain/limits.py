"""How long the texts a clerk types (or a form brings) may be. Longer data
already stored still opens; new input beyond a limit is refused with a
message that says the limit."""

from __future__ import annotations

from cchc_tui.domain.errors import ValidationError

NOTE_MAX = 4_000
"""A progress note, a retraction's reason, an edit's note."""
EVIDENCE_MAX = 500
"""A reference to the evidence document (number, date, file name)."""
SETTING_MAX = 500
"""One setting (a name, a title, the recipients line…)."""
NAME_MAX = 300
"""The name of the person recording (người cập nhật)."""


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def check_length(text: str, limit: int, field: str, label: str) -> str:
    """``text`` when it is within ``limit`` characters, else ValidationError
    naming ``label`` and the limit."""
    if len(text) > limit:
        raise ValidationError(
            f"{label} dài {_count(len(text))} ký tự, quá giới hạn {_count(limit)} ký tự; hãy "
            "rút gọn (văn bản dài nên để trong tài liệu kiểm chứng).",
            field,
        )
    return text

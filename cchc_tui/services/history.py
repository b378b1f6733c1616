"""History of a directive: progress updates, retractions and edits, newest
first, as typed entries that say in Vietnamese what happened (one wording
for the CLI, the TUI and the reports)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.status import STATUS_LABELS, Status
from cchc_tui.store.database import Store

FIELD_LABELS = {
    "notice_id": "văn bản",
    "number": "số thứ tự",
    "title": "tên nhiệm vụ",
    "content": "nội dung",
    "deadline": "thời hạn",
    "deadline_text": "cụm từ thời hạn",
    "lead": "chủ trì",
    "support": "phối hợp",
    "archived": "lưu trữ",
    "agency": "cơ quan",
}
ACTION_LABELS = {
    "create": "Tạo nhiệm vụ",
    "edit": "Sửa",
    "extend_deadline": "Gia hạn",
    "add_agency": "Thêm cơ quan",
    "change_role": "Đổi vai trò",
    "remove_agency": "Bỏ cơ quan",
    "archive": "Lưu trữ nhiệm vụ",
    "restore": "Khôi phục nhiệm vụ (bỏ lưu trữ)",
    "merge_agency": "Gộp cơ quan",
    "member_joined": "Thành viên bắt đầu thực hiện",
    "member_left": "Thành viên thôi thực hiện",
}
ROLE_WORDS = {"lead": "chủ trì", "support": "phối hợp", "member": "thực hiện"}
DATE_FIELDS = {"deadline"}


def describe_changes(changes: list[dict]) -> str:
    """ "Phòng Nội vụ: Chưa thực hiện 0% → Đang thực hiện 60%" per unit it
    changed (units it left alone are not listed)."""
    parts = []
    for c in changes:
        before, after = c["before"], c["after"]
        if before == after or c.get("applied") is False:
            continue
        old = f"{STATUS_LABELS[Status(before['status'])]} {before['progress']}%"
        new = f"{STATUS_LABELS[Status(after['status'])]} {after['progress']}%"
        parts.append(f"{c.get('agency', '')}: {old} → {new}")
    return "; ".join(parts)


def _stamp(text: str) -> str:
    """ "2026-12-01T18:21:35" -> "18:21 ngày 01/12/2026"."""
    if not text or "T" not in text:
        return format_date(text[:10]) if text else ""
    day, clock = text.split("T", 1)
    return f"{clock[:5]} ngày {format_date(day)}"


def _value(fld: str, value: str | None) -> str:
    if value in (None, ""):
        return "(trống)"
    return format_date(value) if fld in DATE_FIELDS else str(value)


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a directive's history."""

    type: str  # "update" | "retraction" | "edit"
    id: int
    date: str  # ISO: the reported day (updates) or the day of the edit
    recorded_at: str
    by: str
    note: str = ""
    # updates and retractions
    agency: str | None = None
    status: str | None = None
    progress: int | None = None
    evidence: str = ""
    changes: list[dict] = field(default_factory=list)
    summary: str = ""
    retracted: bool = False
    retracted_by: int | None = None
    retracts: int | None = None
    source: str = ""
    # edits
    action: str = ""
    field: str = ""
    old: str | None = None
    new: str | None = None

    @property
    def is_update(self) -> bool:
        return self.type == "update"

    def headline(self) -> str:
        """What happened, in words: "Cập nhật số 15: Hoàn thành 100% (Phòng
        Nội vụ)", "Gia hạn: 31/12/2024 → 15/01/2025"."""
        if self.type == "retraction":
            return f"Rút lại cập nhật số {self.retracts}"
        if self.type == "update":
            what = []
            if self.status:
                what.append(STATUS_LABELS[Status(self.status)])
            if self.progress is not None:
                what.append(f"{self.progress}%")
            if self.agency:
                what.append(f"({self.agency})")
            return f"Cập nhật số {self.id}: " + (" ".join(what) or "ghi chú")
        label = ACTION_LABELS.get(self.action, self.action)
        if self.action in ("archive", "restore", "create"):
            return label + (f": {self.new}" if self.action == "create" and self.new else "")
        if self.action in ("add_agency", "remove_agency", "change_role"):
            role = ROLE_WORDS.get(self.field, self.field)
            if self.action == "change_role":
                old = ROLE_WORDS.get(self.old or "", self.old or "")
                return f"Đổi vai trò: {old} → {role}"
            name = self.new if self.action == "add_agency" else self.old
            return f"{label} {role}: {name}"
        if self.action in ("member_joined", "member_left"):
            name = self.new if self.action == "member_joined" else self.old
            return f"{label}: {name}"
        if self.action == "merge_agency":
            return f"Gộp cơ quan {self.old} vào {self.new}"
        fld = FIELD_LABELS.get(self.field, self.field)
        return f"{label} {fld}: {_value(self.field, self.old)} → {_value(self.field, self.new)}"

    def details(self) -> list[str]:
        """Further lines: the change per unit, the note, evidence, source,
        when it was recorded."""
        out = []
        if self.summary:
            out.append(self.summary)
        if self.note:
            label = "Lý do" if self.type == "retraction" else "Ghi chú"
            if self.type == "edit" and self.action in ("member_joined", "member_left"):
                label = "Ghi chú"
            out.append(f"{label}: {self.note}")
        if self.evidence:
            out.append(f"Tài liệu kiểm chứng: {self.evidence}")
        if self.source:
            out.append(f"Nguồn: {self.source}")
        if self.retracted:
            out.append(f"Đã được rút lại (bản ghi rút lại số {self.retracted_by}).")
        out.append(f"Ghi lúc {_stamp(self.recorded_at)}")
        return out

    def to_json(self) -> dict:
        common = {
            "type": self.type,
            "id": self.id,
            "date": self.date,
            "recorded_at": self.recorded_at,
            "by": self.by,
            "note": self.note,
            "summary": self.summary if self.type != "edit" else self.headline(),
        }
        if self.type == "edit":
            return common | {
                "action": self.action,
                "field": self.field,
                "old": self.old,
                "new": self.new,
            }
        return common | {
            "agency": self.agency,
            "status": self.status,
            "progress": self.progress,
            "evidence": self.evidence,
            "changes": self.changes,
            "retracted": self.retracted,
            "retracted_by": self.retracted_by,
            "retracts": self.retracts,
            "source": self.source,
        }


def directive_history(store: Store, directive_id: int) -> list[HistoryEntry]:
    """Updates and edits of one directive, newest first."""
    entries = []
    updates = store.rows(
        """
        SELECT u.*, ag.name AS agency_name,
               (SELECT r.id FROM updates r WHERE r.retracts_id = u.id) AS retracted_by
        FROM updates u LEFT JOIN agencies ag ON ag.id = u.agency_id
        WHERE u.directive_id = ? ORDER BY u.id
        """,
        [directive_id],
    )
    for u in updates:
        changes = json.loads(u["changes"])
        entries.append(
            HistoryEntry(
                type="retraction" if u["kind"] == "retraction" else "update",
                id=u["id"],
                date=u["reported_on"],
                recorded_at=u["recorded_at"],
                by=u["recorded_by"],
                agency=u["agency_name"],
                status=u["status"],
                progress=u["progress"],
                note=u["note"],
                evidence=u["evidence"],
                changes=changes,
                summary=describe_changes(changes),
                retracted=u["retracted_by"] is not None,
                retracted_by=u["retracted_by"],
                retracts=u["retracts_id"],
                source=u["source"],
            )
        )
    for e in store.rows("SELECT * FROM edits WHERE directive_id = ? ORDER BY id", [directive_id]):
        entries.append(
            HistoryEntry(
                type="edit",
                id=e["id"],
                date=e["edited_at"][:10],
                recorded_at=e["edited_at"],
                by=e["edited_by"],
                action=e["action"],
                field=e["field"],
                old=e["old_value"],
                new=e["new_value"],
                note=e["note"],
            )
        )
    entries.sort(key=lambda x: (x.recorded_at, x.type != "edit", x.id), reverse=True)
    return entries

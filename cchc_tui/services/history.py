"""History of a directive: progress updates, retractions and edits,
newest first, as JSON-ready dicts."""

from __future__ import annotations

import json

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
    "archive": "Lưu trữ",
    "restore": "Khôi phục",
    "merge_agency": "Gộp cơ quan",
}


def describe_changes(changes: list[dict]) -> str:
    """ "Phòng Nội vụ: Chưa thực hiện 0% → Đang thực hiện 60%" per lead."""
    parts = []
    for c in changes:
        before, after = c["before"], c["after"]
        if before == after:
            continue
        old = f"{STATUS_LABELS[Status(before['status'])]} {before['progress']}%"
        new = f"{STATUS_LABELS[Status(after['status'])]} {after['progress']}%"
        parts.append(f"{c['agency']}: {old} → {new}")
    return "; ".join(parts)


def directive_history(store: Store, directive_id: int) -> list[dict]:
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
            {
                "type": "retraction" if u["kind"] == "retraction" else "update",
                "id": u["id"],
                "date": u["reported_on"],
                "recorded_at": u["recorded_at"],
                "by": u["recorded_by"],
                "agency": u["agency_name"],
                "status": u["status"],
                "progress": u["progress"],
                "note": u["note"],
                "evidence": u["evidence"],
                "changes": changes,
                "summary": describe_changes(changes),
                "retracted": u["retracted_by"] is not None,
                "retracted_by": u["retracted_by"],
                "retracts": u["retracts_id"],
                "source": u["source"],
            }
        )
    for e in store.rows("SELECT * FROM edits WHERE directive_id = ? ORDER BY id", [directive_id]):
        label = ACTION_LABELS.get(e["action"], e["action"])
        fld = FIELD_LABELS.get(e["field"], e["field"])
        entries.append(
            {
                "type": "edit",
                "id": e["id"],
                "date": e["edited_at"][:10],
                "recorded_at": e["edited_at"],
                "by": e["edited_by"],
                "action": e["action"],
                "field": e["field"],
                "old": e["old_value"],
                "new": e["new_value"],
                "note": e["note"],
                "summary": f"{label} {fld}".strip(),
            }
        )
    entries.sort(key=lambda x: (x["recorded_at"], x["type"] != "edit", x["id"]), reverse=True)
    return entries

"""Directives: creating, editing and archiving them (each change recorded
in history), and the fields of a directive being edited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc_tui.domain.dates import from_iso, iso
from cchc_tui.domain.errors import NotFoundError, ValidationError
from cchc_tui.domain.text import clean, nfc
from cchc_tui.services.agencies import agency_name
from cchc_tui.services.directives import touch
from cchc_tui.services.edits import record_edit
from cchc_tui.services.search_keys import refresh_search_key
from cchc_tui.services.tracking import MemberChange, recompute_directive, sync_members
from cchc_tui.services.versions import check_version
from cchc_tui.store.database import Store, now_text

# -- creating and editing -----------------------------------------------------


@dataclass
class DirectiveDraft:
    """Fields of a directive being created or edited (already parsed)."""

    notice_id: int
    number: int
    title: str
    content: str = ""
    deadline: date | None = None
    deadline_text: str = ""
    leads: list[int] = field(default_factory=list)  # agency ids, in order
    supports: list[int] = field(default_factory=list)


def validate_draft(
    store: Store, draft: DirectiveDraft, directive_id: int | None = None
) -> DirectiveDraft:
    title = clean(draft.title)
    if not title:
        raise ValidationError("Tên nhiệm vụ không được để trống.", "title")
    if draft.number < 1:
        raise ValidationError("Số thứ tự nhiệm vụ phải là số nguyên dương.", "number")
    if not store.value("SELECT 1 FROM notices WHERE id=?", [draft.notice_id]):
        raise ValidationError(f"Không có văn bản số {draft.notice_id}.", "notice")
    if not draft.leads:
        raise ValidationError("Nhiệm vụ cần ít nhất một cơ quan chủ trì.", "leads")
    if set(draft.leads) & set(draft.supports):
        raise ValidationError("Một cơ quan không thể vừa chủ trì vừa phối hợp.", "supports")
    clash = store.value(
        "SELECT id FROM directives WHERE notice_id=? AND number=? AND id IS NOT ?",
        [draft.notice_id, draft.number, directive_id],
    )
    if clash:
        raise ValidationError(f"Văn bản này đã có nhiệm vụ số {draft.number}.", "number")
    return DirectiveDraft(
        notice_id=draft.notice_id,
        number=draft.number,
        title=title,
        content=nfc(draft.content).strip(),
        deadline=draft.deadline,
        deadline_text=clean(draft.deadline_text),
        leads=list(dict.fromkeys(draft.leads)),
        supports=list(dict.fromkeys(draft.supports)),
    )


def _edit_record(
    db, directive_id: int, action: str, fld: str, old, new, by: str, note: str = ""
) -> None:
    record_edit(db, "directive", directive_id, action, fld, old, new, by, note, directive_id)


def insert_directive(
    db, store: Store, draft: DirectiveDraft, by: str, directive_id: int | None = None
) -> int:
    """Insert inside the caller's transaction (seed, import, create)."""
    stamp = now_text()
    row = {
        "notice_id": draft.notice_id,
        "number": draft.number,
        "title": draft.title,
        "content": draft.content,
        "deadline": iso(draft.deadline),
        "deadline_text": draft.deadline_text,
        "created_at": stamp,
        "updated_at": stamp,
        "updated_by": by,
    }
    if directive_id is not None:
        row["id"] = directive_id
    new_id = db["directives"].insert(row).last_pk
    for role, ids in (("lead", draft.leads), ("support", draft.supports)):
        for position, agency_id in enumerate(ids):
            db["assignments"].insert(
                {
                    "directive_id": new_id,
                    "agency_id": agency_id,
                    "role": role,
                    "position": position,
                    "updated_at": stamp,
                }
            )
    sync_members(store, new_id)  # a group lead's members are tracked from the start
    refresh_search_key(store, new_id)
    return new_id


def create_directive(store: Store, draft: DirectiveDraft, by: str = "") -> int:
    """A new directive; recorded in its history."""
    with store.transaction() as db:
        # checked under the write lock: two saves of one number cannot both pass
        draft = validate_draft(store, draft)
        new_id = insert_directive(db, store, draft, by)
        _edit_record(db, new_id, "create", "", None, draft.title, by)
    return new_id


def edit_directive(
    store: Store,
    directive_id: int,
    draft: DirectiveDraft,
    *,
    by: str = "",
    expected_version: int | None = None,
    note: str = "",
) -> None:
    """Save changed fields; each change lands in history with old and new
    values. A later deadline is recorded as an extension (gia hạn)."""
    with store.transaction() as db:
        draft = validate_draft(store, draft, directive_id)
        old = store.row("SELECT * FROM directives WHERE id=?", [directive_id])
        if not old:
            raise NotFoundError(f"Không có nhiệm vụ số {directive_id}.", "id")
        check_version(old, expected_version, f"Nhiệm vụ {old['number']}")
        changed = False
        for fld in ("notice_id", "number", "title", "content", "deadline_text"):
            new_value = getattr(draft, fld)
            if new_value != old[fld]:
                db.execute(f"UPDATE directives SET {fld}=? WHERE id=?", [new_value, directive_id])
                _edit_record(db, directive_id, "edit", fld, str(old[fld]), str(new_value), by, note)
                changed = True
        new_deadline = iso(draft.deadline)
        if new_deadline != old["deadline"]:
            action = (
                "extend_deadline"
                if old["deadline"] and new_deadline and new_deadline > old["deadline"]
                else "edit"
            )
            db.execute("UPDATE directives SET deadline=? WHERE id=?", [new_deadline, directive_id])
            _edit_record(
                db, directive_id, action, "deadline", old["deadline"], new_deadline, by, note
            )
            changed = True
        changed |= _sync_assignments(store, db, directive_id, draft, by, note)
        if changed:
            for member in sync_members(store, directive_id):
                record_member_change(db, store, member, by)
            recompute_directive(store, directive_id)
            refresh_search_key(store, directive_id)
            touch(store, directive_id, by)


def _sync_assignments(
    store: Store, db, directive_id: int, draft: DirectiveDraft, by: str, note: str
) -> bool:
    current = {
        r["agency_id"]: r
        for r in store.rows(
            "SELECT * FROM assignments WHERE directive_id=? AND role <> 'member'", [directive_id]
        )
    }
    members = {
        r["agency_id"]: r
        for r in store.rows(
            "SELECT * FROM assignments WHERE directive_id=? AND role = 'member'", [directive_id]
        )
    }
    wanted = {a: ("lead", i) for i, a in enumerate(draft.leads)} | {
        a: ("support", i) for i, a in enumerate(draft.supports)
    }
    changed = False
    stamp = now_text()
    for agency_id, (role, position) in wanted.items():
        row = current.get(agency_id)
        if row is None and role == "lead" and agency_id in members:
            # tracked as a member until now: the same unit, now a named lead
            db.execute(
                "UPDATE assignments SET role='lead', group_id=NULL, position=?, removed=0, "
                "version=version+1, updated_at=? WHERE id=?",
                [position, stamp, members[agency_id]["id"]],
            )
        elif row is None:
            db["assignments"].insert(
                {
                    "directive_id": directive_id,
                    "agency_id": agency_id,
                    "role": role,
                    "position": position,
                    "updated_at": stamp,
                }
            )
        elif row["removed"] or row["role"] != role or row["position"] != position:
            db.execute(
                "UPDATE assignments SET role=?, position=?, removed=0, version=version+1, updated_at=? WHERE id=?",
                [role, position, stamp, row["id"]],
            )
            if not row["removed"] and row["role"] == role:
                continue  # only the order changed
        else:
            continue
        old_role = None if row is None or row["removed"] else row["role"]
        _edit_record(
            db,
            directive_id,
            "add_agency" if old_role is None else "change_role",
            role,
            old_role,
            agency_name(store, agency_id),
            by,
            note,
        )
        changed = True
    for agency_id, row in current.items():
        if agency_id not in wanted and not row["removed"]:
            db.execute(
                "UPDATE assignments SET removed=1, version=version+1, updated_at=? WHERE id=?",
                [stamp, row["id"]],
            )
            _edit_record(
                db,
                directive_id,
                "remove_agency",
                row["role"],
                agency_name(store, agency_id),
                None,
                by,
                note,
            )
            changed = True
    return changed


def record_member_change(db, store: Store, change: MemberChange, by: str) -> None:
    """A member starting or stopping being tracked on a directive, in its history."""
    group = agency_name(store, change.group_id) or ""
    note = f"nhóm {group}" + ("; tiếp nhận tiến độ của nhóm" if change.inherited else "")
    _edit_record(
        db,
        change.directive_id,
        "member_joined" if change.joined else "member_left",
        "agency",
        None if change.joined else agency_name(store, change.agency_id),
        agency_name(store, change.agency_id) if change.joined else None,
        by,
        note,
    )


def set_archived(
    store: Store,
    directive_id: int,
    archived: bool,
    *,
    by: str = "",
    expected_version: int | None = None,
    note: str = "",
) -> None:
    """Archive (hide) or restore a directive; nothing is deleted."""
    with store.transaction() as db:
        old = store.row("SELECT * FROM directives WHERE id=?", [directive_id])
        if not old:
            raise NotFoundError(f"Không có nhiệm vụ số {directive_id}.", "id")
        check_version(old, expected_version, f"Nhiệm vụ {old['number']}")
        if bool(old["archived"]) == archived:
            return
        db.execute("UPDATE directives SET archived=? WHERE id=?", [int(archived), directive_id])
        _edit_record(
            db,
            directive_id,
            "archive" if archived else "restore",
            "archived",
            str(old["archived"]),
            str(int(archived)),
            by,
            note,
        )
        touch(store, directive_id, by)


def draft_of(store: Store, directive_id: int) -> tuple[DirectiveDraft, int]:
    """The current fields of a directive as a draft, and its version."""
    d = store.row("SELECT * FROM directives WHERE id=?", [directive_id])
    if not d:
        raise NotFoundError(f"Không có nhiệm vụ số {directive_id}.", "id")
    rows = store.rows(
        "SELECT agency_id, role FROM assignments WHERE directive_id=? AND removed=0 ORDER BY position, id",
        [directive_id],
    )
    return (
        DirectiveDraft(
            notice_id=d["notice_id"],
            number=d["number"],
            title=d["title"],
            content=d["content"],
            deadline=from_iso(d["deadline"]),
            deadline_text=d["deadline_text"],
            leads=[r["agency_id"] for r in rows if r["role"] == "lead"],
            supports=[r["agency_id"] for r in rows if r["role"] == "support"],
        ),
        d["version"],
    )


# -- helpers for the forms ----------------------------------------------------------


def parse_directive_number(text: str, field: str = "number") -> int:
    """A directive's number (Số thứ tự) as typed: a positive whole number in
    decimal digits; anything else ("²", "1,5", "-2", "") is refused."""
    value = nfc(str(text or "")).strip()
    if not value.isdecimal():
        shown = f" '{value}'" if value else ""
        raise ValidationError(
            f"Số thứ tự{shown} không hợp lệ: nhập một số nguyên dương (1, 2, 3…).", field
        )
    number = int(value)
    if number < 1:
        raise ValidationError("Số thứ tự nhiệm vụ phải là số nguyên dương.", field)
    if number > 2**63 - 1:  # beyond SQLite's integers
        raise ValidationError(f"Số thứ tự '{value}' quá lớn.", field)
    return number


def next_directive_number(store: Store, notice_id: int | None) -> int:
    """The number a new directive of this notice gets by default (last + 1)."""
    last = store.value("SELECT max(number) FROM directives WHERE notice_id=?", [notice_id])
    return (last or 0) + 1

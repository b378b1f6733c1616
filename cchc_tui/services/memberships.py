"""Groups and their members: who is in which group, adding and removing
members (recorded in history), and the tracking that follows on the
directives the group leads (``services.tracking.sync_members``)."""

from __future__ import annotations

from dataclasses import dataclass

from cchc_tui.domain.errors import ValidationError
from cchc_tui.services.agencies import agency_name, get_agency
from cchc_tui.services.directive_editing import record_member_change
from cchc_tui.services.edits import record_edit
from cchc_tui.services.tracking import recompute_directive, sync_members
from cchc_tui.store.database import Store, now_text


@dataclass(frozen=True)
class MembershipChange:
    """What adding or removing members did."""

    added: list[str]
    removed: list[str]
    unchanged: list[str]
    directives: int
    """Directives on which tracking changed."""


def members_of(store: Store, group_id: int) -> list[dict]:
    """The group's current members (id, name), in Vietnamese order."""
    return store.rows(
        "SELECT a.id, a.name FROM agency_members m JOIN agencies a ON a.id = m.member_id "
        "WHERE m.group_id=? AND m.removed_at IS NULL ORDER BY a.sort_key",
        [group_id],
    )


def groups_of(store: Store, agency_id: int) -> list[dict]:
    """The groups the agency is in now (id, name), in Vietnamese order."""
    return store.rows(
        "SELECT g.id, g.name FROM agency_members m JOIN agencies g ON g.id = m.group_id "
        "WHERE m.member_id=? AND m.removed_at IS NULL ORDER BY g.sort_key",
        [agency_id],
    )


def all_memberships(store: Store) -> dict[int, list[int]]:
    """Group id -> current member ids, for every group."""
    out: dict[int, list[int]] = {}
    for r in store.rows(
        "SELECT m.group_id, m.member_id FROM agency_members m JOIN agencies a ON a.id = m.member_id "
        "WHERE m.removed_at IS NULL ORDER BY a.sort_key"
    ):
        out.setdefault(r["group_id"], []).append(r["member_id"])
    return out


def insert_membership(db, group_id: int, member_id: int, by: str) -> None:
    """A membership row, inside the caller's transaction (no tracking)."""
    db["agency_members"].insert(
        {"group_id": group_id, "member_id": member_id, "added_at": now_text(), "added_by": by}
    )


def _check_group(store: Store, group_id: int) -> dict:
    group = get_agency(store, group_id)
    if group["merged_into"]:
        raise ValidationError(f"'{group['name']}' đã được gộp vào cơ quan khác.", "group")
    if group["kind"] != "group":
        raise ValidationError(
            f"'{group['name']}' là một cơ quan, không phải nhóm; chỉ nhóm mới có thành viên "
            "(tạo nhóm: cchc-tui agencies add TÊN --group).",
            "group",
        )
    return group


def _check_member(store: Store, group: dict, member_id: int) -> dict:
    member = get_agency(store, member_id)
    if member["kind"] == "group":
        raise ValidationError(
            f"'{member['name']}' là một nhóm; nhóm không chứa nhóm khác (thêm từng cơ quan "
            f"thành viên vào '{group['name']}').",
            "member",
        )
    if member["merged_into"]:
        raise ValidationError(f"'{member['name']}' đã được gộp vào cơ quan khác.", "member")
    return member


def change_members(
    store: Store,
    group_id: int,
    *,
    add: list[int] = (),  # type: ignore[assignment]
    remove: list[int] = (),  # type: ignore[assignment]
    by: str = "",
    note: str = "",
) -> MembershipChange:
    """Add and remove members of a group in one transaction, recorded in the
    group's history; the directives the group leads start or stop tracking
    them (a member that leaves keeps its history). Adding a member already
    in the group, or removing one that is not, changes nothing."""
    with store.transaction() as db:
        group = _check_group(store, group_id)
        current = {m["id"] for m in members_of(store, group_id)}
        added, removed, unchanged = [], [], []
        stamp = now_text()
        for member_id in dict.fromkeys(add):
            member = _check_member(store, group, member_id)
            if member_id in current:
                unchanged.append(member["name"])
                continue
            insert_membership(db, group_id, member_id, by)
            record_edit(
                db, "agency", group_id, "add_member", "member", None, member["name"], by, note
            )
            added.append(member["name"])
            current.add(member_id)
        for member_id in dict.fromkeys(remove):
            name = agency_name(store, member_id) or str(member_id)
            if member_id not in current:
                unchanged.append(name)
                continue
            db.execute(
                "UPDATE agency_members SET removed_at=?, removed_by=? "
                "WHERE group_id=? AND member_id=? AND removed_at IS NULL",
                [stamp, by, group_id, member_id],
            )
            record_edit(db, "agency", group_id, "remove_member", "member", name, None, by, note)
            removed.append(name)
            current.discard(member_id)
        if added or removed:
            db.execute(
                "UPDATE agencies SET version=version+1, updated_at=?, updated_by=? WHERE id=?",
                [stamp, by, group_id],
            )
        touched = resync_group(db, store, group_id, by) if (added or removed) else 0
    return MembershipChange(added, removed, unchanged, touched)


def resync_group(db, store: Store, group_id: int, by: str) -> int:
    """Bring the tracking of every directive the group leads in line with its
    members now; returns how many directives changed."""
    touched = 0
    for r in store.rows(
        "SELECT DISTINCT directive_id FROM assignments WHERE agency_id=? AND role='lead' "
        "AND removed=0",
        [group_id],
    ):
        changes = sync_members(store, r["directive_id"], inherit_first=True)
        for change in changes:
            record_member_change(db, store, change, by)
        if changes:
            recompute_directive(store, r["directive_id"])
            touched += 1
    return touched

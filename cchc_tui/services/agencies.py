"""The agency registry: names, aliases, accent-insensitive lookup, merges."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc_tui.domain.dates import from_iso
from cchc_tui.domain.errors import NotFoundError, ValidationError
from cchc_tui.domain.status import is_overdue
from cchc_tui.domain.text import clean, fold, sort_key
from cchc_tui.services.edits import record_edit
from cchc_tui.services.versions import check_version
from cchc_tui.store.database import Store, now_text


@dataclass
class AgencySummary:
    """One agency with its counts (lead/support, done, in progress, overdue)."""

    id: int
    name: str
    kind: str
    aliases: list[str]
    lead: int = 0
    support: int = 0
    done: int = 0
    in_progress: int = 0
    overdue: int = 0
    overdue_numbers: list[str] = field(default_factory=list)
    version: int = 1
    groups: list[str] = field(default_factory=list)
    """The groups it is a member of."""
    members: list[str] = field(default_factory=list)
    """A group: its members now."""

    def to_json(self) -> dict:
        out = {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": self.aliases,
            "groups": self.groups,
            "lead": self.lead,
            "support": self.support,
            "done": self.done,
            "in_progress": self.in_progress,
            "overdue": self.overdue,
            "overdue_directives": self.overdue_numbers,
        }
        if self.kind == "group":
            out["members"] = self.members
        return out


def _live_agencies(store: Store) -> list[dict]:
    return store.rows(
        "SELECT id, name, kind, version FROM agencies WHERE merged_into IS NULL ORDER BY sort_key"
    )


def _aliases(store: Store) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in store.rows("SELECT agency_id, alias FROM agency_aliases ORDER BY id"):
        out.setdefault(r["agency_id"], []).append(r["alias"])
    return out


def list_agencies(store: Store, today: date) -> list[AgencySummary]:
    """Agencies in Vietnamese alphabetical order, with counts over
    non-archived directives, per tracked unit: an agency counts the
    directives it does itself (named, or as a member of a group lead) by its
    own state, and those it supports; a group with members counts its
    members' units on the directives it leads (its members' totals).
    Overdue = not done and the directive's deadline has passed."""
    aliases = _aliases(store)
    result = {
        a["id"]: AgencySummary(
            a["id"], a["name"], a["kind"], aliases.get(a["id"], []), version=a["version"]
        )
        for a in _live_agencies(store)
    }
    for m in store.rows(
        "SELECT m.group_id, m.member_id, g.name AS g_name, a.name AS m_name "
        "FROM agency_members m JOIN agencies g ON g.id = m.group_id "
        "JOIN agencies a ON a.id = m.member_id WHERE m.removed_at IS NULL "
        "ORDER BY a.sort_key"
    ):
        if m["member_id"] in result:
            result[m["member_id"]].groups.append(m["g_name"])
        if m["group_id"] in result:
            result[m["group_id"]].members.append(m["m_name"])
    expanded = {
        (r["directive_id"], r["group_id"])
        for r in store.rows(
            "SELECT DISTINCT directive_id, group_id FROM assignments WHERE role='member' "
            "AND removed=0"
        )
    }
    rows = store.rows(
        """
        SELECT a.agency_id, a.role, a.group_id, a.status, a.directive_id, d.deadline,
               d.notice_id, d.number
        FROM assignments a JOIN directives d ON d.id = a.directive_id
        WHERE a.removed = 0 AND d.archived = 0
        ORDER BY d.notice_id, d.number
        """
    )
    for r in rows:
        if r["role"] == "support":
            if summary := result.get(r["agency_id"]):
                summary.support += 1
            continue
        if r["role"] == "lead" and (r["directive_id"], r["agency_id"]) in expanded:
            continue  # a group tracked through its members: counted there
        owners = [r["agency_id"]] + ([r["group_id"]] if r["role"] == "member" else [])
        for owner in owners:
            summary = result.get(owner)
            if summary is None:
                continue
            summary.lead += 1
            if r["status"] == "hoan_thanh":
                summary.done += 1
            elif r["status"] == "dang_thuc_hien":
                summary.in_progress += 1
            if is_overdue(r["status"], from_iso(r["deadline"]), today):
                summary.overdue += 1
                if str(r["number"]) not in summary.overdue_numbers:
                    summary.overdue_numbers.append(str(r["number"]))
    return list(result.values())


def find_agency(store: Store, text: str, field: str = "agency") -> dict:
    """The agency named by ``text``: exact accent-insensitive match on a name
    or alias first, else the only one containing it. Raises NotFoundError or
    ValidationError (ambiguous) naming the candidates."""
    key = fold(text or "")
    if not key:
        raise ValidationError("Chưa nhập tên cơ quan.", field)
    exact = agency_by_name(store, text)
    if exact:
        return exact
    candidates = {}
    for r in store.rows(
        """
        SELECT ag.id, ag.name, ag.name_fold AS f FROM agencies ag WHERE ag.merged_into IS NULL
        UNION ALL
        SELECT ag.id, ag.name, al.alias_fold AS f FROM agency_aliases al
        JOIN agencies ag ON ag.id = al.agency_id WHERE ag.merged_into IS NULL
        """
    ):
        if key in r["f"]:
            candidates[r["id"]] = r["name"]
    if len(candidates) == 1:
        return store.required_row("SELECT * FROM agencies WHERE id=?", [next(iter(candidates))])
    if not candidates:
        raise NotFoundError(
            f"Không tìm thấy cơ quan '{text}'. Xem danh sách bằng lệnh 'cchc-tui agencies'.", field
        )
    names = "; ".join(sorted(candidates.values(), key=sort_key))
    raise ValidationError(f"'{text}' khớp nhiều cơ quan: {names}. Hãy ghi rõ hơn.", field)


def agency_by_name(store: Store, name: str) -> dict | None:
    """The agency whose name or alias is exactly ``name`` (accent- and
    case-insensitive), following merges to the agency that absorbed it."""
    key = fold(name or "")
    if not key:
        return None
    row = store.row(
        """
        SELECT ag.* FROM agencies ag WHERE ag.name_fold = ?
        UNION
        SELECT ag.* FROM agency_aliases al JOIN agencies ag ON ag.id = al.agency_id
        WHERE al.alias_fold = ?
        """,
        [key, key],
    )
    return _follow_merge(store, row) if row else None


def agency_by_id(store: Store, agency_id: int) -> dict | None:
    """The agency with this id, following merges; None if there is none."""
    row = store.row("SELECT * FROM agencies WHERE id=?", [agency_id])
    return _follow_merge(store, row) if row else None


def agency_name(store: Store, agency_id: int) -> str | None:
    """The name of the agency with this id (after merges); None if unknown."""
    row = agency_by_id(store, agency_id)
    return row["name"] if row else None


def _follow_merge(store: Store, row: dict) -> dict:
    while row["merged_into"]:
        row = store.required_row("SELECT * FROM agencies WHERE id=?", [row["merged_into"]])
    return row


def get_agency(store: Store, agency_id: int) -> dict:
    row = store.row("SELECT * FROM agencies WHERE id=?", [agency_id])
    if not row:
        raise NotFoundError(f"Không có cơ quan số {agency_id}.", "agency")
    return row


def _check_name_free(store: Store, name: str, except_id: int | None = None) -> None:
    clash = agency_by_name(store, name)
    if clash and clash["id"] != except_id:
        raise ValidationError(f"Tên '{name}' đã dùng cho cơ quan '{clash['name']}'.", "name")


def insert_agency(db, name: str, kind: str = "agency", aliases=(), by: str = "") -> int:
    """Insert inside the caller's transaction (seed, import, editing)."""
    stamp = now_text()
    agency_id = (
        db["agencies"]
        .insert(
            {
                "name": name,
                "name_fold": fold(name),
                "sort_key": sort_key(name),
                "kind": kind,
                "created_at": stamp,
                "updated_at": stamp,
                "updated_by": by,
            }
        )
        .last_pk
    )
    for alias in aliases:
        alias = clean(alias)
        if fold(alias) != fold(name):
            db.table("agency_aliases").insert(
                {"agency_id": agency_id, "alias": alias, "alias_fold": fold(alias)}, ignore=True
            )
    return agency_id


def add_agency(store: Store, name: str, kind: str = "agency", aliases=(), by: str = "") -> int:
    """Add an agency to the registry (name unique, accent-insensitively)."""
    name = clean(name)
    if not name:
        raise ValidationError("Tên cơ quan không được để trống.", "name")
    if kind not in ("agency", "group"):
        raise ValidationError("Loại cơ quan phải là 'agency' hoặc 'group'.", "kind")
    with store.transaction() as db:
        # checked under the write lock: two windows adding one name cannot both pass
        _check_name_free(store, name)
        for alias in aliases:
            _check_name_free(store, clean(alias))
        agency_id = insert_agency(db, name, kind, aliases, by)
        _record(db, agency_id, "create", "name", None, name, by)
    return agency_id


def _record(db, agency_id, action, field_name, old, new, by, note="") -> None:
    record_edit(db, "agency", agency_id, action, field_name, old, new, by, note)


def refresh_search_keys(store: Store, agency_ids) -> None:
    """Recompute the folded search key of directives naming these agencies."""
    from cchc_tui.services.search_keys import refresh_search_key

    ids = [
        r["directive_id"]
        for r in store.rows(
            f"SELECT DISTINCT directive_id FROM assignments WHERE agency_id IN ({','.join('?' * len(agency_ids))})",
            list(agency_ids),
        )
    ]
    for directive_id in ids:
        refresh_search_key(store, directive_id)


def rename_agency(
    store: Store, agency_id: int, new_name: str, by: str = "", expected_version: int | None = None
) -> None:
    """Rename; the old name stays as an alias so old letters still match."""
    new_name = clean(new_name)
    if not new_name:
        raise ValidationError("Tên cơ quan không được để trống.", "name")
    with store.transaction() as db:
        row = get_agency(store, agency_id)
        check_version(row, expected_version, f"Cơ quan '{row['name']}'")
        if new_name == row["name"]:
            return
        if fold(new_name) != row["name_fold"]:
            _check_name_free(store, new_name, except_id=agency_id)
        db.execute("DELETE FROM agency_aliases WHERE alias_fold = ?", [fold(new_name)])
        db.execute(
            "UPDATE agencies SET name=?, name_fold=?, sort_key=?, version=version+1, updated_at=?, updated_by=? WHERE id=?",
            [new_name, fold(new_name), sort_key(new_name), now_text(), by, agency_id],
        )
        if fold(new_name) != row["name_fold"]:
            db.table("agency_aliases").insert(
                {"agency_id": agency_id, "alias": row["name"], "alias_fold": row["name_fold"]},
                ignore=True,
            )
        _record(db, agency_id, "rename", "name", row["name"], new_name, by)
        refresh_search_keys(store, [agency_id])


def add_alias(store: Store, agency_id: int, alias: str, by: str = "") -> None:
    alias = clean(alias)
    if not alias:
        raise ValidationError("Tên gọi khác không được để trống.", "alias")
    with store.transaction() as db:
        _check_name_free(store, alias)
        get_agency(store, agency_id)
        db.table("agency_aliases").insert(
            {"agency_id": agency_id, "alias": alias, "alias_fold": fold(alias)}
        )
        db.execute(
            "UPDATE agencies SET version=version+1, updated_at=?, updated_by=? WHERE id=?",
            [now_text(), by, agency_id],
        )
        _record(db, agency_id, "add_alias", "alias", None, alias, by)
        refresh_search_keys(store, [agency_id])  # "PNV" finds its directives


_ADVANCE = {"chua_thuc_hien": 0, "tam_dung": 1, "dang_thuc_hien": 2, "hoan_thanh": 3}


def _advance(row: dict) -> tuple[int, int]:
    """How far a unit has got (status, then progress): the more advanced one
    survives a merge."""
    return _ADVANCE[row["status"]], row["progress"]


def _tracked(role: str) -> bool:
    return role in ("lead", "member")


def merge_agencies(store: Store, source_id: int, target_id: int, by: str = "") -> None:
    """Merge ``source`` into ``target``: its assignments move (where both
    were on a directive, the target's row stays, with the stronger role and
    the more advanced state), its memberships move, its name and aliases
    become aliases of the target. The source row stays, marked merged;
    nothing is deleted. A group and a single agency cannot merge."""
    from cchc_tui.services.tracking import recompute_directive, sync_members

    if source_id == target_id:
        raise ValidationError("Không thể gộp một cơ quan vào chính nó.", "agency")
    with store.transaction() as db:
        source, target = get_agency(store, source_id), get_agency(store, target_id)
        if source["merged_into"] or target["merged_into"]:
            raise ValidationError("Cơ quan này đã được gộp trước đó.", "agency")
        if source["kind"] != target["kind"]:
            raise ValidationError(
                f"Không gộp được: '{source['name']}' và '{target['name']}' — một bên là nhóm, "
                "một bên là cơ quan.",
                "agency",
            )
        stamp = now_text()
        for a in store.rows("SELECT * FROM assignments WHERE agency_id=?", [source_id]):
            other = next(
                (
                    o
                    for o in store.rows(
                        "SELECT * FROM assignments WHERE directive_id=? AND agency_id=?",
                        [a["directive_id"], target_id],
                    )
                    if _tracked(o["role"]) == _tracked(a["role"])
                ),
                None,
            )
            if other is None:
                db.execute(
                    "UPDATE assignments SET agency_id=?, version=version+1, updated_at=? WHERE id=?",
                    [target_id, stamp, a["id"]],
                )
            else:
                # the target's row stays: a lead if either was, the more advanced state
                role = "lead" if "lead" in (a["role"], other["role"]) else other["role"]
                state = a if (not a["removed"] and _advance(a) > _advance(other)) else other
                db.execute(
                    "UPDATE assignments SET role=?, group_id=?, status=?, progress=?, "
                    "completed_on=?, removed=0, version=version+1, updated_at=? WHERE id=?",
                    [
                        role,
                        None if role != "member" else other["group_id"],
                        state["status"],
                        state["progress"],
                        state["completed_on"],
                        stamp,
                        other["id"],
                    ],
                )
                db.execute(
                    "UPDATE assignments SET removed=1, version=version+1, updated_at=? WHERE id=?",
                    [stamp, a["id"]],
                )
            record_edit(
                db,
                "directive",
                a["directive_id"],
                "merge_agency",
                "agency",
                source["name"],
                target["name"],
                by,
                directive_id=a["directive_id"],
                at=stamp,
            )
        _move_memberships(db, store, source_id, target_id, stamp, by)
        db.execute(
            "UPDATE agency_aliases SET agency_id=? WHERE agency_id=?", [target_id, source_id]
        )
        db.table("agency_aliases").insert(
            {"agency_id": target_id, "alias": source["name"], "alias_fold": source["name_fold"]},
            ignore=True,
        )
        # the source keeps its row for history but no longer owns its folded name
        db.execute(
            "UPDATE agencies SET merged_into=?, name_fold=?, version=version+1, updated_at=?, updated_by=? WHERE id=?",
            [target_id, f"{source['name_fold']}#merged-{source_id}", stamp, by, source_id],
        )
        db.execute(
            "UPDATE agencies SET version=version+1, updated_at=?, updated_by=? WHERE id=?",
            [stamp, by, target_id],
        )
        _record(db, source_id, "merge", "merged_into", source["name"], target["name"], by)
        for r in store.rows(
            "SELECT DISTINCT directive_id FROM assignments WHERE agency_id=? OR group_id=?",
            [target_id, target_id],
        ):
            sync_members(store, r["directive_id"])
            recompute_directive(store, r["directive_id"])
        refresh_search_keys(store, [target_id])


def _move_memberships(
    db, store: Store, source_id: int, target_id: int, stamp: str, by: str
) -> None:
    """The source's places in groups (or, for a group, its members) go to
    the target; a membership both had stays once."""
    for column in ("member_id", "group_id"):
        other = "group_id" if column == "member_id" else "member_id"
        for m in store.rows(
            f"SELECT * FROM agency_members WHERE {column}=? AND removed_at IS NULL", [source_id]
        ):
            both = store.value(
                f"SELECT 1 FROM agency_members WHERE {column}=? AND {other}=? AND removed_at IS NULL",
                [target_id, m[other]],
            )
            if both:
                db.execute(
                    "UPDATE agency_members SET removed_at=?, removed_by=? WHERE id=?",
                    [stamp, by, m["id"]],
                )
            else:
                db.execute(f"UPDATE agency_members SET {column}=? WHERE id=?", [target_id, m["id"]])
    db.execute("UPDATE assignments SET group_id=? WHERE group_id=?", [target_id, source_id])


def agency_names(store: Store, ids=None) -> dict[int, str]:
    """Agency id -> name as stored (merged ones too), for these ids or, with
    ``ids`` None, for every agency. Unknown ids are left out."""
    if ids is None:
        return {r["id"]: r["name"] for r in store.rows("SELECT id, name FROM agencies")}
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return {}
    marks = ", ".join("?" * len(wanted))
    rows = store.rows(f"SELECT id, name FROM agencies WHERE id IN ({marks})", wanted)
    return {r["id"]: r["name"] for r in rows}

"""Tracked units of a directive and the derived states kept in step with
them (see ``domain.tracking``): each unit's state is the fold of its updates,
a group lead with members holds its members' roll-up, and the directive
holds its leads' roll-up. Runs inside the callers' transactions."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cchc_tui.domain.dates import from_iso, iso
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.status import (
    AssignmentState,
    Report,
    Status,
    apply_report,
    roll_up,
    validate_report,
)
from cchc_tui.domain.tracking import Scope, leaves_alone
from cchc_tui.store.database import Store, now_text


@dataclass(frozen=True)
class Unit:
    """One tracked unit: a named lead (a single agency, or a group without
    members on this directive), or a member of a group lead."""

    assignment_id: int
    directive_id: int
    agency_id: int
    role: str  # "lead" | "member"
    group_id: int | None  # member rows: the group lead it is tracked through
    state: AssignmentState
    base: AssignmentState
    last_report_on: date | None
    version: int
    updated_at: str


def _state(r: dict, prefix: str = "") -> AssignmentState:
    return AssignmentState(
        Status(r[f"{prefix}status"]), r[f"{prefix}progress"], from_iso(r[f"{prefix}completed_on"])
    )


def _unit(r: dict) -> Unit:
    return Unit(
        assignment_id=r["id"],
        directive_id=r["directive_id"],
        agency_id=r["agency_id"],
        role=r["role"],
        group_id=r["group_id"],
        state=_state(r),
        base=_state(r, "base_"),
        last_report_on=from_iso(r["last_report_on"]),
        version=r["version"],
        updated_at=r["updated_at"],
    )


def expanded_groups(store: Store, directive_id: int) -> set[int]:
    """Group leads of the directive tracked through their members (they
    have member rows on it); a group whose members all left is tracked as
    one unit again."""
    return {
        r["group_id"]
        for r in store.rows(
            "SELECT DISTINCT group_id FROM assignments WHERE directive_id=? AND role='member' "
            "AND removed=0",
            [directive_id],
        )
    }


def units_of(store: Store, directive_id: int) -> list[Unit]:
    """The directive's tracked units (removed ones left out), named leads
    first in their order, then members."""
    expanded = expanded_groups(store, directive_id)
    rows = store.rows(
        """
        SELECT * FROM assignments WHERE directive_id=? AND removed=0 AND role IN ('lead', 'member')
        ORDER BY CASE role WHEN 'lead' THEN 0 ELSE 1 END, position, id
        """,
        [directive_id],
    )
    return [_unit(r) for r in rows if not (r["role"] == "lead" and r["agency_id"] in expanded)]


def current_members(store: Store, group_id: int) -> list[int]:
    """Agency ids of the group's members now."""
    return [
        r["member_id"]
        for r in store.rows(
            "SELECT m.member_id FROM agency_members m JOIN agencies a ON a.id = m.member_id "
            "WHERE m.group_id=? AND m.removed_at IS NULL ORDER BY a.sort_key",
            [group_id],
        )
    ]


def group_units(store: Store, directive_id: int, group_id: int) -> list[Unit]:
    """The units that count for a group lead: its current members' units on
    the directive (a member tracked as a named lead, or through another
    group, counts with that state)."""
    members = set(current_members(store, group_id))
    return [u for u in units_of(store, directive_id) if u.agency_id in members]


# -- the fold -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reached:
    """An effective report and the units it reached (applied to, or only
    reported on)."""

    update_id: int
    report: Report
    agency_id: int | None
    applied: frozenset[int]  # assignment ids
    reported: frozenset[int]


def reports_of(store: Store, directive_id: int, skip: Iterable[int] = ()) -> list[Reached]:
    """The directive's non-retracted reports in (reported_on, id) order."""
    skipped = set(skip)
    out = []
    for u in store.rows(
        """
        SELECT u.* FROM updates u WHERE u.directive_id=? AND u.kind='report'
          AND NOT EXISTS (SELECT 1 FROM updates r WHERE r.retracts_id = u.id)
        ORDER BY u.reported_on, u.id
        """,
        [directive_id],
    ):
        if u["id"] in skipped:
            continue
        changes = json.loads(u["changes"] or "[]")
        out.append(
            Reached(
                update_id=u["id"],
                report=report_of(u),
                agency_id=u["agency_id"],
                applied=frozenset(c["assignment_id"] for c in changes if c.get("applied", True)),
                reported=frozenset(c["assignment_id"] for c in changes if c.get("reported")),
            )
        )
    return out


def report_of(u: dict) -> Report:
    return Report(
        on=date.fromisoformat(u["reported_on"]),  # NOT NULL
        status=Status(u["status"]) if u["status"] else None,
        progress=u["progress"],
        note=u["note"],
        evidence=u["evidence"],
    )


def fold_units(
    units: list[Unit], reports: list[Reached]
) -> dict[int, tuple[AssignmentState, date | None]]:
    """Each unit's state and last own report date after ``reports``."""
    out = {}
    for unit in units:
        state, last = unit.base, None
        for r in reports:
            if unit.assignment_id in r.applied:
                state = apply_report(state, r.report)
            if r.agency_id == unit.agency_id or unit.assignment_id in r.reported:
                last = r.report.on if last is None or r.report.on > last else last
        out[unit.assignment_id] = (state, last)
    return out


def save_unit(store: Store, unit: Unit, state: AssignmentState, last: date | None) -> bool:
    """Store a unit's new state; True when it changed."""
    if state == unit.state and last == unit.last_report_on:
        return False
    store.conn.execute(
        "UPDATE assignments SET status=?, progress=?, completed_on=?, last_report_on=?, "
        "version=version+1, updated_at=? WHERE id=?",
        [
            state.status.value,
            state.progress,
            iso(state.completed_on),
            iso(last),
            now_text(),
            unit.assignment_id,
        ],
    )
    return True


def refold(store: Store, directive_id: int, skip: Iterable[int] = ()) -> list[dict]:
    """Recompute every unit from its updates (leaving out ``skip``), save
    what changed, and roll up; returns the changes (for a retraction's
    record)."""
    units = units_of(store, directive_id)
    states = fold_units(units, reports_of(store, directive_id, skip))
    changes = []
    for unit in units:
        state, last = states[unit.assignment_id]
        if state != unit.state:
            changes.append(change_entry(unit, unit.state, state))
        save_unit(store, unit, state, last)
    recompute_directive(store, directive_id)
    return changes


def state_json(state: AssignmentState) -> dict:
    return {
        "status": state.status.value,
        "progress": state.progress,
        "completed_on": iso(state.completed_on),
    }


def change_entry(unit: Unit, before: AssignmentState, after: AssignmentState, **extra) -> dict:
    return {
        "assignment_id": unit.assignment_id,
        "agency_id": unit.agency_id,
        "before": state_json(before),
        "after": state_json(after),
    } | extra


def whole_directive(units: list[Unit]) -> tuple[Scope, int | None]:
    """Whom a report naming nobody reaches: every unit, or — when the
    directive has one unit — that unit, as its own report."""
    if len(units) == 1:
        return Scope.OWN, units[0].agency_id
    return Scope.ALL, None


@dataclass(frozen=True)
class Effect:
    """What one new report does to the units it targets."""

    left: list[tuple[Unit, str]]
    """Units it leaves alone, with why."""
    states: dict[int, tuple[AssignmentState, date | None]]
    """Each target's state and last report date after it."""
    changes: list[dict]
    """The update's record of the units it reached."""


def plan_report(
    targets: list[Unit],
    history: list[Reached],
    report: Report,
    scope: Scope,
    agency_id: int | None,
    names: dict[int, str],
    today: date,
) -> Effect:
    """Check a new report against the update rule and work out its effect on
    ``targets`` (the units it names), given the directive's ``history`` in
    order: a report that is not the units' own applies where the rule lets
    it; the new report takes its place by date (a back-dated one too).
    Raises ValidationError (nothing to write)."""
    applied, left = [], []
    for unit in targets:
        why = None if scope is Scope.OWN else leaves_alone(unit.state, report, unit.last_report_on)
        if why:
            left.append((unit, why))
        else:
            applied.append(unit)
    if not applied and scope is not Scope.OWN and not (report.note.strip() or report.evidence):
        reasons = "; ".join(f"{names[u.agency_id]} ({why})" for u, why in left)
        raise ValidationError(
            f"Cập nhật này không thay đổi cơ quan nào ({reasons}) và không có ghi chú hay "
            "tài liệu kiểm chứng; không ghi. Muốn sửa riêng tiến độ một cơ quan (hạ tiến độ, mở "
            "lại việc đã hoàn thành — cần ghi chú lý do), hãy chọn cơ quan đó.",
            "agency",
        )
    # a report left alone everywhere is still checked (dates, lengths, pairs)
    validate_report(report, [u.state for u in applied], today)
    applied_ids = frozenset(u.assignment_id for u in applied)
    reported_ids = (
        frozenset(u.assignment_id for u in targets) if scope is Scope.GROUP else frozenset()
    )
    new = Reached(0, report, agency_id, applied_ids, reported_ids)
    position = sum(1 for r in history if r.report.on <= report.on)
    states = fold_units(targets, [*history[:position], new, *history[position:]])
    why_left = {u.assignment_id: why for u, why in left}
    changes = []
    for unit in targets:
        after, _ = states[unit.assignment_id]
        extra: dict = {"agency": names[unit.agency_id]}
        if scope is Scope.GROUP:
            extra["reported"] = True
        if unit.assignment_id in why_left:
            extra |= {"applied": False, "reason": why_left[unit.assignment_id]}
        if unit.assignment_id in applied_ids or scope is Scope.GROUP:
            changes.append(change_entry(unit, unit.state, after, **extra))
    return Effect(left, states, changes)


# -- roll-ups ---------------------------------------------------------------------------------


def lead_states(store: Store, directive_id: int) -> list[tuple[dict, AssignmentState]]:
    """The directive's named leads (group leads with their roll-up)."""
    rows = store.rows(
        "SELECT * FROM assignments WHERE directive_id=? AND role='lead' AND removed=0 "
        "ORDER BY position, id",
        [directive_id],
    )
    return [(r, _state(r)) for r in rows]


def recompute_directive(store: Store, directive_id: int) -> None:
    """Roll members up into their group leads, the leads into the directive,
    and refresh the directive's last update. Runs inside the caller's
    transaction."""
    for group_id in expanded_groups(store, directive_id):
        units = group_units(store, directive_id, group_id)
        if not units:
            continue  # every member left: the group keeps its last state
        state = roll_up([u.state for u in units])
        store.conn.execute(
            "UPDATE assignments SET status=?, progress=?, completed_on=? "
            "WHERE directive_id=? AND agency_id=? AND role='lead' "
            "AND (status IS NOT ? OR progress IS NOT ? OR completed_on IS NOT ?)",
            [
                state.status.value,
                state.progress,
                iso(state.completed_on),
                directive_id,
                group_id,
                state.status.value,
                state.progress,
                iso(state.completed_on),
            ],
        )
    state = roll_up([s for _, s in lead_states(store, directive_id)])
    last = store.row(
        """
        SELECT u.id, u.reported_on, u.note FROM updates u
        WHERE u.directive_id = ? AND u.kind = 'report'
          AND NOT EXISTS (SELECT 1 FROM updates r WHERE r.retracts_id = u.id)
        ORDER BY u.reported_on DESC, u.id DESC LIMIT 1
        """,
        [directive_id],
    )
    store.conn.execute(
        "UPDATE directives SET status=?, progress=?, completed_on=?, last_update_id=?, "
        "last_update_on=?, last_note=? WHERE id=?",
        [
            state.status.value,
            state.progress,
            iso(state.completed_on),
            last["id"] if last else None,
            last["reported_on"] if last else None,
            last["note"] if last else "",
            directive_id,
        ],
    )


# -- members joining and leaving ------------------------------------------------------------


@dataclass(frozen=True)
class MemberChange:
    """A member that started or stopped being tracked on a directive."""

    directive_id: int
    agency_id: int
    group_id: int
    joined: bool
    inherited: bool = False


def sync_members(
    store: Store, directive_id: int, *, inherit_first: bool = False
) -> list[MemberChange]:
    """Bring the directive's member rows in line with its group leads and
    their members now: a current member not tracked yet joins (not started;
    with ``inherit_first``, the first members of a group tracked as one unit
    until now start from the group's state), a member that left stops being
    tracked (its row stays, marked removed) unless another lead group of the
    directive still holds it. New members join open directives only (not
    archived, the group's part not done)."""
    directive = store.row("SELECT archived FROM directives WHERE id=?", [directive_id])
    rows = store.rows(
        "SELECT * FROM assignments WHERE directive_id=? AND role IN ('lead', 'member')",
        [directive_id],
    )
    by_agency = {r["agency_id"]: r for r in rows}
    group_leads = [
        r
        for r in store.rows(
            "SELECT a.* FROM assignments a JOIN agencies g ON g.id = a.agency_id "
            "WHERE a.directive_id=? AND a.role='lead' AND a.removed=0 AND g.kind='group' "
            "ORDER BY a.position, a.id",
            [directive_id],
        )
    ]
    expanded = {r["group_id"] for r in rows if r["role"] == "member"}
    holder: dict[int, int] = {}  # member -> the first lead group holding it
    for lead in group_leads:
        for member in current_members(store, lead["agency_id"]):
            holder.setdefault(member, lead["agency_id"])
    changes: list[MemberChange] = []
    stamp = now_text()
    for lead in group_leads:
        group_id = lead["agency_id"]
        members = [m for m in current_members(store, group_id) if holder.get(m) == group_id]
        if not members or directive is None or directive["archived"]:
            continue
        if group_id not in expanded and lead["status"] == Status.DONE.value:
            continue  # done as one unit: nothing left for members to do
        first = group_id not in expanded
        base = _state(lead) if (inherit_first and first) else AssignmentState()
        inherited = int(inherit_first and first and base != AssignmentState())
        for member in members:
            row = by_agency.get(member)
            if row is not None and not row["removed"]:
                continue  # tracked already (a named lead, or through another group)
            if row is not None:  # tracked before: it comes back with its history
                store.conn.execute(
                    "UPDATE assignments SET role='member', group_id=?, removed=0, "
                    "version=version+1, updated_at=? WHERE id=?",
                    [group_id, stamp, row["id"]],
                )
            else:
                store.conn.execute(
                    "INSERT INTO assignments (directive_id, agency_id, role, group_id, position, "
                    "status, progress, completed_on, base_status, base_progress, "
                    "base_completed_on, inherited, updated_at) "
                    "VALUES (?, ?, 'member', ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        directive_id,
                        member,
                        group_id,
                        base.status.value,
                        base.progress,
                        iso(base.completed_on),
                        base.status.value,
                        base.progress,
                        iso(base.completed_on),
                        inherited,
                        stamp,
                    ],
                )
            changes.append(MemberChange(directive_id, member, group_id, True, bool(inherited)))
    for row in rows:
        if row["role"] != "member" or row["removed"]:
            continue
        now_holder = holder.get(row["agency_id"])
        if now_holder is None:
            store.conn.execute(
                "UPDATE assignments SET removed=1, version=version+1, updated_at=? WHERE id=?",
                [stamp, row["id"]],
            )
            changes.append(MemberChange(directive_id, row["agency_id"], row["group_id"], False))
        elif now_holder != row["group_id"]:
            store.conn.execute(
                "UPDATE assignments SET group_id=? WHERE id=?", [now_holder, row["id"]]
            )
    return changes

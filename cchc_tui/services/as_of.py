"""The state of every directive and tracked unit *as of* a date D, replayed
from the append-only history (DESIGN, Decisions — Reports).

A tracked unit is one agency's part of one directive: a named lead, or a
member of a group lead (``domain.tracking``). Its state as of D is the fold
of the domain's update rule (:func:`cchc_tui.domain.status.apply_report`)
over the non-retracted updates that reached it and were reported on or
before D, ordered by (reported_on, id), starting from its base state. A
group lead with members is the roll-up of its members, with their counts.
Retractions apply whatever their date; notices, directives, deadlines,
assignments and memberships are taken as they are now.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date

from cchc_tui.domain.status import (
    AssignmentState,
    Report,
    Status,
    Timeliness,
    apply_report,
    roll_up,
    state_label,
    timeliness,
)
from cchc_tui.domain.tracking import MemberCounts, count_members
from cchc_tui.services.directives import DirectiveFilter, DirectiveRow, list_directives
from cchc_tui.services.settings import due_soon_days
from cchc_tui.store.database import Store

_MANY = 500  # above this many directives, read every update at once
_STATUSES = {s.value: s for s in Status}


@dataclass(slots=True)
class Update:
    """One effective progress report, as the replay reads it."""

    id: int
    directive_id: int
    agency_id: int | None  # None: a report on the whole directive
    report: Report
    applies_to: frozenset[int]  # agencies whose state it changed
    reported_by: frozenset[int] = frozenset()  # agencies it counts as having reported


@dataclass
class UnitState:
    """One tracked unit as of D."""

    directive_id: int
    agency_id: int
    agency: str
    kind: str  # "agency" or "group"
    sort_key: str
    state: AssignmentState = field(default_factory=AssignmentState)
    group_id: int | None = None  # a member: the group lead it is tracked through
    members: list[UnitState] = field(default_factory=list)  # a group lead: its members
    counts: MemberCounts | None = None  # a group lead: its members' counts
    timeliness: Timeliness = Timeliness.NO_DEADLINE
    last_on: date | None = None
    last_note: str = ""
    note_on: date | None = None  # the date of ``last_note``
    evidence: str = ""
    reported: bool = False  # an update named this agency

    @property
    def state_label(self) -> str:
        return state_label(self.state.status, self.timeliness)


@dataclass
class DirectiveState:
    """A directive as of D: its fields as they are now, its state then."""

    row: DirectiveRow
    state: AssignmentState
    timeliness: Timeliness
    units: list[UnitState]
    """Every tracked unit (named leads and members of group leads)."""
    last_on: date | None
    last_note: str
    leads: list[UnitState] = field(default_factory=list)
    """One per named lead: a group lead with members as its roll-up."""

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def state_label(self) -> str:
        return state_label(self.state.status, self.timeliness, self.row.deadline)


def effective_updates(store: Store, directive_ids: list[int], as_of: date) -> list[Update]:
    """The directives' non-retracted reports dated on or before ``as_of``,
    in (reported_on, id) order."""
    if not directive_ids:
        return []
    # the changes (long JSON) only where they are needed: reports on the whole
    # directive; the order is made in Python (SQLite would sort whole rows)
    sql = (
        "SELECT u.id, u.directive_id, u.agency_id, u.reported_on, u.status, u.progress, "
        "u.note, u.evidence, CASE WHEN u.agency_id IS NULL "
        "OR instr(u.changes, '\"reported\": true') THEN u.changes END "
        "FROM updates u WHERE u.kind = 'report' AND u.reported_on <= ? "
        "AND NOT EXISTS (SELECT 1 FROM updates r WHERE r.retracts_id = u.id)"
    )
    params: list = [as_of.isoformat()]
    wanted = set(directive_ids)
    if len(directive_ids) <= _MANY:
        sql += f" AND u.directive_id IN ({','.join('?' * len(directive_ids))})"
        params += directive_ids
    out = []
    days: dict[str, date] = {}
    for uid, did, agency_id, on, status, progress, note, evidence, changes in store.conn.execute(
        sql, params
    ):
        if did not in wanted:
            continue
        reported: frozenset[int] = frozenset()
        if changes is None:
            applies = frozenset((agency_id,))
        else:  # the units it reached when it was recorded
            applies, reported = _reached(changes)
        day = days.get(on)
        if day is None:
            day = days[on] = date.fromisoformat(on)
        report = Report(
            on=day,
            status=_STATUSES[status] if status else None,
            progress=progress,
            note=note or "",
            evidence=evidence or "",
        )
        out.append(Update(uid, did, agency_id, report, applies, reported))
    out.sort(key=lambda u: (u.report.on, u.id))
    return out


_AGENCY_ID = re.compile(r'"agency_id": (\d+)')


_SEEN: dict[tuple[str, ...], frozenset[int]] = {}


def _reached(changes: str | None) -> tuple[frozenset[int], frozenset[int]]:
    """The agencies an update's ``changes`` applied to, and those it counts
    as having reported (a report naming their group). Read with a pattern
    where every entry applied (many times faster on tens of thousands of
    updates), else as JSON."""
    if not changes or changes == "[]":
        return frozenset(), frozenset()
    if '"applied": false' in changes or '"reported": true' in changes:
        entries = json.loads(changes)
        return (
            frozenset(c["agency_id"] for c in entries if c.get("applied", True)),
            frozenset(c["agency_id"] for c in entries if c.get("reported")),
        )
    found = tuple(_AGENCY_ID.findall(changes))
    if not found:  # written some other way: read it as JSON
        return frozenset(c["agency_id"] for c in json.loads(changes)), frozenset()
    agencies = _SEEN.get(found)
    if agencies is None:
        agencies = frozenset(int(a) for a in found)
        if len(_SEEN) < 10_000:
            _SEEN[found] = agencies
    return agencies, frozenset()


@dataclass
class _Row:
    directive_id: int
    agency_id: int
    role: str
    group_id: int | None
    base: AssignmentState
    unit: UnitState


def tracked_units(store: Store, directive_ids: list[int]) -> dict[int, list[_Row]]:
    """Each directive's lead and member rows (not removed), in order, each
    with its unit not yet replayed (starting from its base state)."""
    if not directive_ids:
        return {}
    sql = (
        "SELECT a.directive_id, a.agency_id, a.role, a.group_id, a.base_status, "
        "a.base_progress, a.base_completed_on, ag.name, ag.kind, ag.sort_key "
        "FROM assignments a JOIN agencies ag ON ag.id = a.agency_id "
        "WHERE a.role IN ('lead', 'member') AND a.removed = 0"
    )
    params: list = []
    if len(directive_ids) <= _MANY:
        sql += f" AND a.directive_id IN ({','.join('?' * len(directive_ids))})"
        params = list(directive_ids)
    sql += " ORDER BY a.directive_id, CASE a.role WHEN 'lead' THEN 0 ELSE 1 END, a.position, a.id"
    wanted = set(directive_ids)
    rows: dict[int, list[_Row]] = {}
    for did, agency_id, role, group_id, bs, bp, bc, name, kind, key in store.conn.execute(
        sql, params
    ):
        if did not in wanted:
            continue
        base = AssignmentState(_STATUSES[bs], bp, date.fromisoformat(bc) if bc else None)
        unit = UnitState(did, agency_id, name, kind, key, state=base, group_id=group_id)
        rows.setdefault(did, []).append(_Row(did, agency_id, role, group_id, base, unit))
    return rows


def replay(units: list[UnitState], updates: list[Update]) -> None:
    """Fold each unit's updates (already in order) into its state, last
    update and evidence. ``units`` are one directive's."""
    by_agency = {u.agency_id: u for u in units}
    for update in updates:
        for agency_id in update.applies_to:
            unit = by_agency.get(agency_id)
            if unit is None:
                continue
            unit.state = apply_report(unit.state, update.report)
            unit.last_on = update.report.on
            if update.report.note:
                unit.last_note = update.report.note
                unit.note_on = update.report.on
            if update.report.evidence:
                unit.evidence = update.report.evidence
        for reporter_id in {update.agency_id, *update.reported_by}:
            unit = by_agency.get(reporter_id) if reporter_id is not None else None
            if unit is not None:
                unit.reported = True


def directives_as_of(
    store: Store, as_of: date, scope: DirectiveFilter | None = None
) -> list[DirectiveState]:
    """The directives in ``scope`` as of ``as_of``, in list order. The
    scope's status and timeliness filters apply to the replayed state."""
    scope = scope or DirectiveFilter()
    rows = list_directives(store, as_of, replace(scope, statuses=(), timeliness=()))
    ids = [r.id for r in rows]
    tracked = tracked_units(store, ids)
    members = _memberships(store)
    updates: dict[int, list[Update]] = {}
    for update in effective_updates(store, ids, as_of):
        updates.setdefault(update.directive_id, []).append(update)
    window = due_soon_days(store)
    out = []
    for row in rows:
        entries = tracked.get(row.id, [])
        expanded = {e.group_id for e in entries if e.role == "member"}
        own = [e.unit for e in entries if not (e.role == "lead" and e.agency_id in expanded)]
        history = updates.get(row.id, [])
        replay(own, history)
        for unit in own:
            unit.timeliness = timeliness(
                unit.state.status, row.deadline, unit.state.completed_on, as_of, window
            )
        leads = []
        for e in entries:
            if e.role != "lead":
                continue
            if e.agency_id not in expanded:
                leads.append(e.unit)
                continue
            group = e.unit
            inside = set(members.get(e.agency_id, ()))
            group.members = [u for u in own if u.agency_id in inside]
            if group.members:
                group.state = roll_up([u.state for u in group.members])
            group.timeliness = timeliness(
                group.state.status, row.deadline, group.state.completed_on, as_of, window
            )
            group.counts = count_members(
                (u.state.status, u.timeliness, u.reported) for u in group.members
            )
            group.reported = any(u.reported for u in group.members)
            leads.append(group)
        state = roll_up([u.state for u in leads])
        tl = timeliness(state.status, row.deadline, state.completed_on, as_of, window)
        last = history[-1].report if history else None
        out.append(
            DirectiveState(
                row=row,
                state=state,
                timeliness=tl,
                units=own,
                last_on=last.on if last else None,
                last_note=last.note if last else "",
                leads=leads,
            )
        )
    if scope.statuses:
        out = [d for d in out if d.state.status in scope.statuses]
    if scope.timeliness:
        out = [d for d in out if d.timeliness in scope.timeliness]
    return out


def _memberships(store: Store) -> dict[int, list[int]]:
    """Group id -> its current members."""
    out: dict[int, list[int]] = {}
    for group_id, member_id in store.conn.execute(
        "SELECT group_id, member_id FROM agency_members WHERE removed_at IS NULL"
    ):
        out.setdefault(group_id, []).append(member_id)
    return out


def count_timeliness(directives: list[DirectiveState]) -> dict[Timeliness, int]:
    """How many directives are in each timeliness state (a partition)."""
    counts = dict.fromkeys(Timeliness, 0)
    for d in directives:
        counts[d.timeliness] += 1
    return counts

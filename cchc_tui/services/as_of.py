"""The state of every directive and tracked unit *as of* a date D, replayed
from the append-only history (DESIGN, Decisions — Reports).

A tracked unit is one lead on one directive (a named lead today; a member of
a group lead once groups are tracked per member). Its state as of D is the
fold of the domain's update rule (:func:`cchc_tui.domain.status.apply_report`)
over its non-retracted updates reported on or before D, ordered by
(reported_on, id). Retractions apply whatever their date; notices,
directives, deadlines and assignments are taken as they are now.
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
    applies_to: frozenset[int]  # agencies whose state it changed or reported on


@dataclass
class UnitState:
    """One tracked unit as of D."""

    directive_id: int
    agency_id: int
    agency: str
    kind: str  # "agency" or "group"
    sort_key: str
    state: AssignmentState = field(default_factory=AssignmentState)
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
    last_on: date | None
    last_note: str

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
        "u.note, u.evidence, CASE WHEN u.agency_id IS NULL THEN u.changes END "
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
        if agency_id is not None:
            applies = frozenset((agency_id,))
        else:  # the leads it reached when it was recorded
            applies = _reached(changes)
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
        out.append(Update(uid, did, agency_id, report, applies))
    out.sort(key=lambda u: (u.report.on, u.id))
    return out


_AGENCY_ID = re.compile(r'"agency_id": (\d+)')


_SEEN: dict[tuple[str, ...], frozenset[int]] = {}


def _reached(changes: str | None) -> frozenset[int]:
    """The agencies in an update's ``changes`` (json.dumps output; read with
    a pattern, many times faster on tens of thousands of updates)."""
    if not changes or changes == "[]":
        return frozenset()
    found = tuple(_AGENCY_ID.findall(changes))
    if not found:  # written some other way: read it as JSON
        return frozenset(c["agency_id"] for c in json.loads(changes))
    agencies = _SEEN.get(found)
    if agencies is None:
        agencies = frozenset(int(a) for a in found)
        if len(_SEEN) < 10_000:
            _SEEN[found] = agencies
    return agencies


def lead_units(store: Store, directive_ids: list[int]) -> dict[int, list[UnitState]]:
    """The tracked units of each directive (its leads), not yet replayed."""
    if not directive_ids:
        return {}
    sql = (
        "SELECT a.directive_id, a.agency_id, ag.name, ag.kind, ag.sort_key FROM assignments a "
        "JOIN agencies ag ON ag.id = a.agency_id WHERE a.role = 'lead' AND a.removed = 0"
    )
    params: list = []
    if len(directive_ids) <= _MANY:
        sql += f" AND a.directive_id IN ({','.join('?' * len(directive_ids))})"
        params = list(directive_ids)
    sql += " ORDER BY a.directive_id, a.position, a.id"
    wanted = set(directive_ids)
    units: dict[int, list[UnitState]] = {}
    for did, agency_id, name, kind, key in store.conn.execute(sql, params):
        if did in wanted:
            units.setdefault(did, []).append(UnitState(did, agency_id, name, kind, key))
    return units


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
            if update.agency_id == agency_id:
                unit.reported = True


def directives_as_of(
    store: Store, as_of: date, scope: DirectiveFilter | None = None
) -> list[DirectiveState]:
    """The directives in ``scope`` as of ``as_of``, in list order. The
    scope's status and timeliness filters apply to the replayed state."""
    scope = scope or DirectiveFilter()
    rows = list_directives(store, as_of, replace(scope, statuses=(), timeliness=()))
    ids = [r.id for r in rows]
    units = lead_units(store, ids)
    updates: dict[int, list[Update]] = {}
    for update in effective_updates(store, ids, as_of):
        updates.setdefault(update.directive_id, []).append(update)
    window = due_soon_days(store)
    out = []
    for row in rows:
        own = units.get(row.id, [])
        history = updates.get(row.id, [])
        replay(own, history)
        for unit in own:
            unit.timeliness = timeliness(
                unit.state.status, row.deadline, unit.state.completed_on, as_of, window
            )
        state = roll_up([u.state for u in own])
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
            )
        )
    if scope.statuses:
        out = [d for d in out if d.state.status in scope.statuses]
    if scope.timeliness:
        out = [d for d in out if d.timeliness in scope.timeliness]
    return out


def count_timeliness(directives: list[DirectiveState]) -> dict[Timeliness, int]:
    """How many directives are in each timeliness state (a partition)."""
    counts = dict.fromkeys(Timeliness, 0)
    for d in directives:
        counts[d.timeliness] += 1
    return counts

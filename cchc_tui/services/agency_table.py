"""The agency table of the reports: per agency, its lead assignments (tracked
units) as of a date, split done on time / late and not done within the
deadline / overdue / ongoing, with % done; groups as subtotal lines with
their members under them; a Tổng cộng line (DESIGN, Decisions — Reports).

Everything is counted from the tracked units (``as_of.UnitState``), so the
same function serves named leads today and group members once groups are
tracked per member: pass the groups' member lists and the members' units.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from cchc_tui.domain.status import Timeliness
from cchc_tui.services.as_of import UnitState


@dataclass
class AgencyCounts:
    """One line of the agency table. The five state counts add up to ``total``."""

    agency_id: int | None
    name: str
    kind: str = "agency"
    sort_key: str = ""
    level: int = 0  # 1: a member shown under its group
    subtotal: bool = False  # a group's line: its own units and its members'
    done_on_time: int = 0
    done_late: int = 0
    in_time: int = 0  # not done, within its deadline (on track or due soon)
    overdue: int = 0
    ongoing: int = 0  # not done, no deadline (thường xuyên)
    overdue_items: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.in_time + self.overdue + self.ongoing

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def not_done(self) -> int:
        return self.total - self.done

    @property
    def percent_done(self) -> float:
        return round(100 * self.done / self.total, 1) if self.total else 0.0

    def count(self, tl: Timeliness, item: str = "") -> None:
        if tl is Timeliness.DONE_ON_TIME:
            self.done_on_time += 1
        elif tl is Timeliness.DONE_LATE:
            self.done_late += 1
        elif tl is Timeliness.OVERDUE:
            self.overdue += 1
            if item:
                self.overdue_items.append(item)
        elif tl is Timeliness.NO_DEADLINE:
            self.ongoing += 1
        else:
            self.in_time += 1

    def add(self, other: AgencyCounts) -> None:
        self.done_on_time += other.done_on_time
        self.done_late += other.done_late
        self.in_time += other.in_time
        self.overdue += other.overdue
        self.ongoing += other.ongoing
        self.overdue_items += [i for i in other.overdue_items if i not in self.overdue_items]


@dataclass(frozen=True)
class Group:
    """A group agency and its members (agency ids)."""

    agency_id: int
    name: str
    sort_key: str
    members: tuple[int, ...] = ()


def count_units(units: Iterable[UnitState], labels: dict[int, str] | None = None) -> dict:
    """Counts per agency id over ``units``; ``labels`` names each directive
    (by id) in the overdue lists."""
    labels = labels or {}
    per: dict[int, AgencyCounts] = {}
    for unit in units:
        line = per.get(unit.agency_id)
        if line is None:
            line = per[unit.agency_id] = AgencyCounts(
                unit.agency_id, unit.agency, unit.kind, unit.sort_key
            )
        line.count(unit.timeliness, labels.get(unit.directive_id, ""))
    return per


def agency_lines(
    units: list[UnitState],
    groups: Sequence[Group] = (),
    labels: dict[int, str] | None = None,
) -> tuple[list[AgencyCounts], AgencyCounts]:
    """The table's lines in Vietnamese order and its Tổng cộng.

    Agencies that belong to no group are lines of their own. Each group is
    a subtotal line — the units tracked at the group itself plus its
    members' — with the members indented under it. Tổng cộng counts every
    unit once (a member in two groups is not counted twice)."""
    per = count_units(units, labels)
    members_of = {g.agency_id: g for g in groups if g.members}
    in_a_group = {m for g in members_of.values() for m in g.members}
    top: list[tuple[str, list[AgencyCounts]]] = []
    for agency_id, line in per.items():
        if agency_id in in_a_group or agency_id in members_of:
            continue
        top.append((line.sort_key, [line]))
    for group in members_of.values():
        members = [per[m] for m in group.members if m in per]
        own = per.get(group.agency_id)
        if not members and own is None:
            continue
        subtotal = AgencyCounts(group.agency_id, group.name, "group", group.sort_key, subtotal=True)
        if own is not None:
            subtotal.add(own)
        block = [subtotal]
        for member in sorted(members, key=lambda m: m.sort_key):
            subtotal.add(member)
            block.append(replace(member, level=1, overdue_items=list(member.overdue_items)))
        top.append((group.sort_key, block))
    top.sort(key=lambda entry: entry[0])
    total = AgencyCounts(None, "Tổng cộng")
    for line in per.values():
        total.add(line)
    total.overdue_items = []
    return [line for _, block in top for line in block], total

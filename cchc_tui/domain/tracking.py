"""Tracked units and who an update applies to (DESIGN, the update rule and
"Decisions — Progress and groups").

A *tracked unit* is one agency's part of one directive: a named lead (a
single agency, or a group that has no members yet), or a member of a group
lead. Its state is the fold of the updates that reached it, in
(reported_on, id) order, starting from its base state.

An update names one unit (its *own* report: it always applies), a group
lead (it goes to every member), or nobody (the whole directive: every
unit). A report that was not the unit's own applies only where it neither
lowers the unit's progress, nor reopens it, nor is older than what the unit
reported itself; the units it leaves alone are named to the user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cchc_tui.domain.status import (
    AssignmentState,
    Report,
    Status,
    Timeliness,
    apply_report,
    reopens,
)


class Scope(StrEnum):
    """Whom an update names."""

    OWN = "own"  # this unit's agency
    GROUP = "group"  # the group lead the unit is a member of
    ALL = "all"  # nobody: the whole directive


def leaves_alone(state: AssignmentState, report: Report, own_last_on: date | None) -> str | None:
    """Why a report that is not the unit's own does not apply to it (a short
    Vietnamese reason), or None when it applies."""
    if reopens(state, report):
        return "đã hoàn thành"
    after = apply_report(state, report)
    if after.progress < state.progress:
        return f"đã báo {state.progress}%"
    if own_last_on is not None and own_last_on > report.on:
        return f"tự báo ngày {own_last_on:%d/%m/%Y}"
    return None


def fold(base: AssignmentState, reports: Iterable[Report]) -> AssignmentState:
    """A unit's state: its base, then each report that reached it, in order."""
    state = base
    for report in reports:
        state = apply_report(state, report)
    return state


@dataclass(frozen=True)
class MemberCounts:
    """A group lead on one directive, as people read it:
    "8/12 đã báo cáo · 5 hoàn thành · 3 quá hạn"."""

    total: int
    reported: int
    done: int
    overdue: int

    def text(self) -> str:
        parts = [f"{self.reported}/{self.total} đã báo cáo", f"{self.done} hoàn thành"]
        if self.overdue:
            parts.append(f"{self.overdue} quá hạn")
        return " · ".join(parts)

    def to_json(self) -> dict:
        return {
            "members_total": self.total,
            "members_reported": self.reported,
            "members_done": self.done,
            "members_overdue": self.overdue,
        }


def count_members(members: Iterable[tuple[Status, Timeliness, bool]]) -> MemberCounts:
    """Counts over members given as (status, timeliness, reported).
    Overdue counts timeliness ``overdue`` only (not ``done_late``)."""
    total = reported = done = overdue = 0
    for status, tl, has_reported in members:
        total += 1
        reported += bool(has_reported)
        done += status is Status.DONE
        overdue += tl is Timeliness.OVERDUE
    return MemberCounts(total, reported, done, overdue)

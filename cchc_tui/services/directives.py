"""Directives: listing with filters and exact counts, detail, and the derived
columns (roll-up, search key) kept in step. Editing: ``directive_editing``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from cchc_tui.domain.dates import format_date, from_iso, iso
from cchc_tui.domain.errors import NotFoundError
from cchc_tui.domain.status import (
    Status,
    Timeliness,
    state_label,
    timeliness,
    timeliness_sql,
)
from cchc_tui.domain.text import fold, search_terms
from cchc_tui.domain.tracking import MemberCounts, count_members
from cchc_tui.services.settings import due_soon_days
from cchc_tui.store.database import Store, now_text

if TYPE_CHECKING:
    from cchc_tui.services.history import HistoryEntry
    from cchc_tui.services.indicators import IndicatorRow

SEP = "\x1f"


@dataclass
class DirectiveRow:
    """One directive as listed: the JSON object of `list --format json`."""

    id: int
    notice_id: int
    notice_label: str
    number: int
    title: str
    content: str
    lead: list[str]
    support: list[str]
    deadline: date | None
    deadline_text: str
    status: Status
    timeliness: Timeliness
    progress: int
    completed_on: date | None
    last_update: date | None
    last_note: str
    archived: bool
    version: int
    notice_short: str = ""
    """The notice in a narrow column: its number, else its date."""
    days_late: int = 0
    """Days past the deadline while overdue (0 otherwise)."""
    members: MemberCounts | None = None
    """For a directive led by a group tracked per member: the members'
    counts (read for the TUI's pages only, ``with_members``)."""

    @property
    def state_label(self) -> str:
        return state_label(self.status, self.timeliness, self.deadline)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "notice_id": self.notice_id,
            "notice": self.notice_label,
            "number": self.number,
            "title": self.title,
            "content": self.content,
            "lead": self.lead,
            "support": self.support,
            "deadline": iso(self.deadline),
            "deadline_text": self.deadline_text,
            "status": self.status.value,
            "timeliness": self.timeliness.value,
            "state_label": self.state_label,
            "progress": self.progress,
            "completed_on": iso(self.completed_on),
            "last_update": iso(self.last_update),
            "last_note": self.last_note,
            "archived": self.archived,
            "version": self.version,
        }


@dataclass
class DirectiveFilter:
    """What the list shows. Empty fields do not filter."""

    search: str = ""
    notice_id: int | None = None
    statuses: tuple[Status, ...] = ()
    timeliness: tuple[Timeliness, ...] = ()
    agency_id: int | None = None
    archived: str = "active"  # active | archived | all
    order: str = "notice"
    """One of ``ORDERS`` (not a filter: ``is_empty`` ignores it)."""
    unreported: bool = False
    """Only directives someone (the ``agency_id`` if given) must still
    report on: a lead or member unit not done that has never reported."""

    def is_empty(self) -> bool:
        return replace(self, order="notice") == DirectiveFilter()


def notice_short(row: dict) -> str:
    """A notice as a narrow column names it: its number ("125/TB-UBND"),
    else its date ("16/08/2024"), else its kind."""
    return (
        row.get("number")
        or format_date(row.get("issued_on") or row.get("meeting_on"))
        or notice_label(row)
    )


def notice_label(row: dict) -> str:
    """Short name of a notice: its number if known, else kind and date."""
    when = format_date(row.get("issued_on") or row.get("meeting_on"))
    if row.get("number"):
        return f"Số {row['number']}" + (f" ({when})" if when else "")
    kind = (
        "TBKL" if fold(row.get("kind") or "").startswith("thong bao") else (row.get("kind") or "VB")
    )
    return f"{kind} {when}".strip()


_NAMES = (
    "(SELECT group_concat(name, char(31)) FROM (SELECT ag.name FROM assignments a "
    "JOIN agencies ag ON ag.id = a.agency_id WHERE a.directive_id = d.id AND a.role = '{role}' "
    "AND a.removed = 0 ORDER BY a.position, a.id))"
)
_SELECT = (
    "SELECT d.*, n.number AS n_number, n.issued_on AS n_issued_on, "
    "n.meeting_on AS n_meeting_on, n.kind AS n_kind, "
    + _NAMES.format(role="lead")
    + " AS lead_names, "
    + _NAMES.format(role="support")
    + " AS support_names, ({tl}) AS tl "
    "FROM directives d JOIN notices n ON n.id = d.notice_id"
)
ORDER = (
    " ORDER BY coalesce(n.issued_on, n.meeting_on, n.created_at) DESC, n.id DESC, d.number, d.id"
)
ORDERS = {
    "notice": ("Theo văn bản", ORDER),
    # overdue first (the longest late first), then due soon, then the rest by deadline
    "urgency": (
        "Gấp trước",
        " ORDER BY CASE tl WHEN 'overdue' THEN 0 WHEN 'due_soon' THEN 1 "
        "WHEN 'on_track' THEN 2 ELSE 3 END, d.deadline IS NULL, d.deadline, d.id",
    ),
    "deadline": ("Theo thời hạn", " ORDER BY d.deadline IS NULL, d.deadline, d.id"),
}
"""The list's orders: key -> (label, SQL). The default keeps the first page
fast (read in index order); the others sort the matching directives."""
# The list reads notices as the outer loop (CROSS JOIN fixes the join order):
# with the notices_order index (db/0003) and each notice's directives by
# number, rows come out in list order, so a page stops early instead of
# sorting every directive; agency names are read once per page, not per row.
_LIST = (
    "SELECT d.*, n.number AS n_number, n.issued_on AS n_issued_on, "
    "n.meeting_on AS n_meeting_on, n.kind AS n_kind, ({tl}) AS tl "
    "FROM notices n CROSS JOIN directives d ON d.notice_id = n.id"
)
_MANY = 500  # above this many directives, read every assignment at once


def _timeliness_column(store: Store) -> str:
    return timeliness_sql(due_soon_days(store), prefix="d.")


def _where(flt: DirectiveFilter, tl_sql: str, params: dict) -> str:
    """SQL conditions for ``flt``; values go into ``params`` (named)."""
    clauses = []

    def bind(value) -> str:
        name = f"p{len(params)}"
        params[name] = value
        return f":{name}"

    if flt.archived == "active":
        clauses.append("d.archived = 0")
    elif flt.archived == "archived":
        clauses.append("d.archived = 1")
    if flt.notice_id is not None:
        clauses.append(f"d.notice_id = {bind(flt.notice_id)}")
    if flt.statuses:
        clauses.append(f"d.status IN ({', '.join(bind(s.value) for s in flt.statuses)})")
    if flt.timeliness:
        clauses.append(f"({tl_sql}) IN ({', '.join(bind(t.value) for t in flt.timeliness)})")
    if flt.agency_id is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id "
            f"AND a.agency_id = {bind(flt.agency_id)} AND a.removed = 0)"
        )
    if flt.unreported:
        # a unit: a named lead that is not a group tracked per member, or a member
        who = f"AND u.agency_id = {bind(flt.agency_id)} " if flt.agency_id is not None else ""
        clauses.append(
            "EXISTS (SELECT 1 FROM assignments u WHERE u.directive_id = d.id AND u.removed = 0 "
            f"AND u.role IN ('lead', 'member') AND u.status <> 'hoan_thanh' "
            f"AND u.last_report_on IS NULL {who}"
            # a named lead is also reported on by a report for the whole directive
            "AND (u.role = 'member' OR NOT EXISTS (SELECT 1 FROM updates w "
            "WHERE w.directive_id = u.directive_id AND w.kind = 'report' AND w.agency_id IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM updates r WHERE r.retracts_id = w.id))) "
            "AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.directive_id = u.directive_id "
            "AND x.group_id = u.agency_id AND x.role = 'member' AND x.removed = 0))"
        )
    for term in search_terms(flt.search):
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        # from the start of a word: the key is " " + its words, split by one space
        clauses.append(f"d.search_fold LIKE {bind('% ' + escaped + '%')} ESCAPE '\\'")
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def _row(r: dict, today: date | None = None) -> DirectiveRow:
    notice = {
        "number": r["n_number"],
        "issued_on": r["n_issued_on"],
        "meeting_on": r["n_meeting_on"],
        "kind": r["n_kind"],
    }
    return DirectiveRow(
        id=r["id"],
        notice_id=r["notice_id"],
        notice_label=notice_label(notice),
        notice_short=notice_short(notice),
        number=r["number"],
        title=r["title"],
        content=r["content"],
        lead=r["lead_names"].split(SEP) if r["lead_names"] else [],
        support=r["support_names"].split(SEP) if r["support_names"] else [],
        deadline=from_iso(r["deadline"]),
        deadline_text=r["deadline_text"],
        status=Status(r["status"]),
        timeliness=Timeliness(r["tl"]),
        progress=r["progress"],
        completed_on=from_iso(r["completed_on"]),
        last_update=from_iso(r["last_update_on"]),
        last_note=r["last_note"],
        archived=bool(r["archived"]),
        version=r["version"],
        days_late=_days_late(r, today),
    )


def _days_late(r: dict, today: date | None) -> int:
    """Days past the deadline of an unfinished overdue directive (0 otherwise)."""
    if today is None or r["tl"] != Timeliness.OVERDUE.value or not r["deadline"]:
        return 0
    return max((today - date.fromisoformat(r["deadline"])).days, 0)


def list_directives(
    store: Store,
    today: date,
    flt: DirectiveFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    with_members: bool = False,
) -> list[DirectiveRow]:
    """Directives matching ``flt``, by notice (newest first) then number;
    ``limit``/``offset`` give one page of them; ``with_members`` adds the
    member counts of group leads (a page's worth: one query)."""
    tl_sql = _timeliness_column(store)
    params: dict = {"today": today.isoformat()}
    flt = flt or DirectiveFilter()
    order = ORDERS.get(flt.order, ORDERS["notice"])[1]
    sql = _LIST.format(tl=tl_sql) + _where(flt, tl_sql, params) + order
    if limit is not None:
        sql += " LIMIT :limit OFFSET :offset"
        params |= {"limit": limit, "offset": offset}
    rows = store.rows(sql, params)
    names = _agency_names(store, [r["id"] for r in rows])
    for r in rows:
        lead, support = names.get(r["id"], ((), ()))
        r["lead_names"], r["support_names"] = SEP.join(lead), SEP.join(support)
    out = [_row(r, today) for r in rows]
    if with_members:
        add_member_counts(store, out, today)
    return out


def add_member_counts(store: Store, rows: list[DirectiveRow], today: date) -> None:
    """Set ``members`` on the rows led by a group tracked per member: its
    current members' units, each counted once (as ``DirectiveDetail``)."""
    if not rows:
        return
    window = due_soon_days(store)
    by_id = {r.id: r for r in rows}
    marks = ",".join("?" * len(by_id))
    found: dict[int, list[tuple[Status, Timeliness, bool]]] = {}
    for r in store.conn.execute(
        f"""
        SELECT DISTINCT u.id, u.directive_id, u.status, u.completed_on, u.last_report_on
        FROM (SELECT DISTINCT directive_id, group_id FROM assignments
              WHERE role = 'member' AND removed = 0 AND directive_id IN ({marks})) g
        JOIN agency_members m ON m.group_id = g.group_id AND m.removed_at IS NULL
        JOIN assignments u ON u.directive_id = g.directive_id AND u.agency_id = m.member_id
             AND u.removed = 0 AND u.role IN ('lead', 'member')
        """,
        list(by_id),
    ):
        row = by_id[r[1]]
        tl = timeliness(r[2], row.deadline, from_iso(r[3]), today, window)
        found.setdefault(r[1], []).append((Status(r[2]), Timeliness(tl), r[4] is not None))
    for directive_id, units in found.items():
        by_id[directive_id].members = count_members(units)


def _agency_names(store: Store, ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
    """Lead and support names of each directive in ``ids``, in their order."""
    if not ids:
        return {}
    sql = (
        "SELECT a.directive_id, a.role, ag.name FROM assignments a "
        "JOIN agencies ag ON ag.id = a.agency_id "
        "WHERE a.removed = 0 AND a.role IN ('lead', 'support')"  # members are not named
    )
    if len(ids) <= _MANY:
        sql += f" AND a.directive_id IN ({','.join('?' * len(ids))})"
    sql += " ORDER BY a.directive_id, a.position, a.id"
    names: dict[int, tuple[list[str], list[str]]] = {}
    for directive_id, role, name in store.conn.execute(sql, ids if len(ids) <= _MANY else ()):
        lead, support = names.setdefault(directive_id, ([], []))
        (lead if role == "lead" else support).append(name)
    return names


def count_by_timeliness(
    store: Store, today: date, flt: DirectiveFilter | None = None
) -> dict[Timeliness, int]:
    """Exact counts by timeliness over every directive matching ``flt`` (a
    partition: the values add up to the number of matching directives)."""
    tl_sql = _timeliness_column(store)
    params: dict = {"today": today.isoformat()}
    sql = (
        f"SELECT ({tl_sql}) AS tl, count(*) AS n FROM directives d"
        + _where(flt or DirectiveFilter(), tl_sql, params)
        + " GROUP BY tl"
    )
    counts = dict.fromkeys(Timeliness, 0)
    for r in store.rows(sql, params):
        counts[Timeliness(r["tl"])] = r["n"]
    return counts


def get_directive_row(store: Store, directive_id: int, today: date) -> DirectiveRow:
    """One directive (archived or not) as listed; NotFoundError if absent."""
    params = {"today": today.isoformat(), "id": directive_id}
    found = store.rows(_SELECT.format(tl=_timeliness_column(store)) + " WHERE d.id = :id", params)
    if not found:
        raise NotFoundError(
            f"Không có nhiệm vụ số {directive_id}. Xem danh sách bằng lệnh 'cchc-tui list'.", "id"
        )
    return _row(found[0], today)


# -- detail -----------------------------------------------------------------


@dataclass
class Assignment:
    """One agency on a directive, with a lead's own progress."""

    id: int
    agency_id: int
    agency: str
    role: str
    status: Status
    progress: int
    completed_on: date | None
    timeliness: Timeliness
    version: int
    deadline: date | None = None
    """The directive's deadline (a done lead shows "đúng hạn" against it)."""
    group_id: int | None = None
    """A member (role "member"): the group lead it is tracked through."""
    last_update: date | None = None
    """The day of its latest own report (or its group's, naming it)."""

    @property
    def reported(self) -> bool:
        """It has reported on this directive (a non-retracted update named it)."""
        return self.last_update is not None

    @property
    def state_label(self) -> str:
        return state_label(self.status, self.timeliness, self.deadline)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "agency_id": self.agency_id,
            "agency": self.agency,
            "role": self.role,
            "status": self.status.value,
            "progress": self.progress,
            "completed_on": iso(self.completed_on),
            "timeliness": self.timeliness.value,
            "state_label": self.state_label,
        }

    def member_json(self) -> dict:
        """As one of a group's ``members`` in ``show --format json``."""
        return {
            "agency": self.agency,
            "status": self.status.value,
            "progress": self.progress,
            "completed_on": iso(self.completed_on),
            "timeliness": self.timeliness.value,
            "last_update": iso(self.last_update),
            "reported": self.reported,
        }


@dataclass
class DirectiveDetail:
    """Everything the directive screen and `show` need."""

    row: DirectiveRow
    assignments: list[Assignment]
    history: list[HistoryEntry]
    indicators: list[IndicatorRow] = field(default_factory=list)
    cited_documents: list[dict] = field(default_factory=list)
    notice_title: str = ""
    members_by_group: dict[int, list[Assignment]] = field(default_factory=dict)
    """Each group lead with members: its members' units on this directive,
    those that have not reported or are late first."""

    @property
    def leads(self) -> list[Assignment]:
        return [a for a in self.assignments if a.role == "lead"]

    def member_counts(self, group_id: int) -> MemberCounts:
        return count_members(
            (m.status, m.timeliness, m.reported) for m in self.members_by_group.get(group_id, [])
        )

    def to_json(self) -> dict:
        assignments = []
        for a in self.assignments:
            if a.role == "member":
                continue  # listed under their group
            entry = a.to_json()
            if a.agency_id in self.members_by_group and a.role == "lead":
                entry["members"] = [m.member_json() for m in self.members_by_group[a.agency_id]]
                entry |= self.member_counts(a.agency_id).to_json()
            assignments.append(entry)
        return self.row.to_json() | {
            "notice_title": self.notice_title,
            "assignments": assignments,
            "indicators": [i.to_json() for i in self.indicators],
            "cited_documents": self.cited_documents,
            "history": [h.to_json() for h in self.history],
        }


def assignments_of(
    store: Store, directive_id: int, today: date, deadline: date | None
) -> list[Assignment]:
    window = due_soon_days(store)
    rows = store.rows(
        """
        SELECT a.*, ag.name FROM assignments a JOIN agencies ag ON ag.id = a.agency_id
        WHERE a.directive_id = ? AND a.removed = 0
        ORDER BY CASE a.role WHEN 'lead' THEN 0 ELSE 1 END, a.position, a.id
        """,
        [directive_id],
    )
    return [
        Assignment(
            id=r["id"],
            agency_id=r["agency_id"],
            agency=r["name"],
            role=r["role"],
            status=Status(r["status"]),
            progress=r["progress"],
            completed_on=from_iso(r["completed_on"]),
            timeliness=timeliness(
                r["status"], deadline, from_iso(r["completed_on"]), today, window
            ),
            version=r["version"],
            deadline=deadline,
            group_id=r["group_id"],
            last_update=from_iso(r["last_report_on"]),
        )
        for r in rows
    ]


def get_directive(store: Store, directive_id: int, today: date) -> DirectiveDetail:
    """The directive with its agencies, indicators, cited documents and
    history (newest first)."""
    from cchc_tui.services.history import directive_history
    from cchc_tui.services.indicators_view import indicators_of

    row = get_directive_row(store, directive_id, today)
    notice = store.required_row(
        "SELECT title, cited_documents FROM notices WHERE id=?", [row.notice_id]
    )
    cited = json.loads(notice["cited_documents"] or "[]")
    # a directive cites the notice's documents whose number it names
    content_fold = fold(row.content)
    cited_here = [c for c in cited if c.get("number") and fold(c["number"]) in content_fold]
    assignments = assignments_of(store, directive_id, today, row.deadline)
    return DirectiveDetail(
        row=row,
        assignments=assignments,
        members_by_group=_members_by_group(store, directive_id, assignments),
        history=directive_history(store, directive_id),
        indicators=indicators_of(store, directive_id),
        cited_documents=cited_here,
        notice_title=notice["title"],
    )


_URGENCY = {Timeliness.OVERDUE: 0, Timeliness.DUE_SOON: 1}


def _members_by_group(
    store: Store, directive_id: int, assignments: list[Assignment]
) -> dict[int, list[Assignment]]:
    """Each group lead tracked through members: its current members' units
    (a member tracked as a named lead counts with that state), not reported
    or late first, then in Vietnamese order."""
    from cchc_tui.services.tracking import current_members, expanded_groups

    units = {a.agency_id: a for a in assignments if a.role in ("lead", "member")}
    out = {}
    for group_id in expanded_groups(store, directive_id):
        members = [units[m] for m in current_members(store, group_id) if m in units]
        out[group_id] = sorted(
            members,
            key=lambda m: (m.reported, _URGENCY.get(m.timeliness, 2)),
        )  # stable: Vietnamese order within each kind
    return out


# -- keeping derived columns in step ------------------------------------------


def touch(store: Store, directive_id: int, by: str, *, bump: bool = True) -> None:
    """Who/when changed the directive, and a new row version (stale-write
    detection of its fields) unless ``bump`` is False: a progress update
    changes units, whose own versions say so, not the directive's fields."""
    version = "version+1" if bump else "version"
    store.conn.execute(
        f"UPDATE directives SET version={version}, updated_at=?, updated_by=? WHERE id=?",
        [now_text(), by, directive_id],
    )

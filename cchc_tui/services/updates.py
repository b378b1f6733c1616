"""Recording progress updates and retracting them (append-only).

Who an update reaches follows ``domain.tracking``: its own unit always; the
members of a group it names, or every unit of the directive, only where it
neither lowers progress, reopens, nor overrides a newer report of the unit
itself. Every state is then the fold of the unit's updates
(``services.tracking``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from cchc_tui.domain.dates import format_date, from_iso, iso
from cchc_tui.domain.errors import NotFoundError, StaleWriteError, ValidationError
from cchc_tui.domain.limits import NOTE_MAX, check_length
from cchc_tui.domain.status import Report, Status, parse_progress
from cchc_tui.domain.text import nfc
from cchc_tui.domain.tracking import Scope
from cchc_tui.services.agencies import agency_by_id, agency_name, agency_names, find_agency
from cchc_tui.services.directives import touch
from cchc_tui.services.search_keys import refresh_search_key
from cchc_tui.services.settings import user_name
from cchc_tui.services.tracking import (
    Unit,
    expanded_groups,
    group_units,
    plan_report,
    recompute_directive,
    refold,
    reports_of,
    save_unit,
    units_of,
    whole_directive,
)
from cchc_tui.services.versions import check_version
from cchc_tui.store.database import Store, now_text
from cchc_tui.store.rows import insert_row


@dataclass(frozen=True)
class RecordedUpdate:
    """What one recorded update did."""

    id: int
    scope: Scope
    changed: list[str] = field(default_factory=list)
    """Agencies whose state it changed."""
    left_alone: list[tuple[str, str]] = field(default_factory=list)
    """Agencies it did not apply to, with why ("đã hoàn thành", …)."""


def _targets(store: Store, directive: dict, agency) -> tuple[Scope, list[Unit], int | None]:
    """Whom an update with ``agency`` (None, a name, alias or id) reaches."""
    units = units_of(store, directive["id"])
    if agency is None or agency == "":
        scope, agency_id = whole_directive(units)
        return scope, units, agency_id
    row = agency_by_id(store, agency) if isinstance(agency, int) else find_agency(store, agency)
    if row is None:
        raise NotFoundError(f"Không có cơ quan số {agency}.", "agency")
    own = [u for u in units if u.agency_id == row["id"]]
    if own:
        return Scope.OWN, own, row["id"]
    if row["id"] in expanded_groups(store, directive["id"]):
        members = group_units(store, directive["id"], row["id"])
        if members:
            return Scope.GROUP, members, row["id"]
    names = "; ".join(
        r["name"]
        for r in store.rows(
            "SELECT ag.name FROM assignments a JOIN agencies ag ON ag.id=a.agency_id "
            "WHERE a.directive_id=? AND a.role='lead' AND a.removed=0 ORDER BY a.position",
            [directive["id"]],
        )
    )
    through = (
        " (hoặc thành viên của nhóm chủ trì)" if expanded_groups(store, directive["id"]) else ""
    )
    raise ValidationError(
        f"'{row['name']}' không chủ trì nhiệm vụ {directive['number']}{through}; tiến độ chỉ "
        f"theo dõi cho cơ quan chủ trì: {names}.",
        "agency",
    )


def _check_units(store: Store, units: list[Unit], expected: dict[int, int] | None) -> None:
    """Refuse a save based on a stale read of one of ``units`` (agency id ->
    the unit's version when the form was opened)."""
    for unit in units:
        version = (expected or {}).get(unit.agency_id)
        if version is None or version == unit.version:
            continue
        last = store.row(
            "SELECT recorded_by, recorded_at FROM updates WHERE directive_id=? "
            "AND (agency_id=? OR changes LIKE ?) ORDER BY id DESC LIMIT 1",
            [unit.directive_id, unit.agency_id, f'%"assignment_id": {unit.assignment_id},%'],
        )
        who = last["recorded_by"] if last else "người khác"
        when = (last["recorded_at"] if last else unit.updated_at).replace("T", " ")
        raise StaleWriteError(
            f"Tiến độ của {agency_name(store, unit.agency_id)} đã được {who} cập nhật lúc {when} "
            "(sau khi anh/chị mở mẫu). Hãy tải lại rồi làm lại; chưa có gì bị ghi đè.",
            who,
            when,
        )


def _check_date(store: Store, directive: dict, on: date, today: date) -> None:
    """New input may not be dated before the notice it belongs to."""
    notice = store.row(
        "SELECT issued_on, meeting_on FROM notices WHERE id=?", [directive["notice_id"]]
    )
    known = [from_iso(notice[k]) for k in ("issued_on", "meeting_on") if notice and notice[k]]
    if known and on < min(d for d in known if d):
        start = min(d for d in known if d)
        raise ValidationError(
            f"Ngày cập nhật {format_date(on)} ở trước ngày của văn bản ({format_date(start)}); "
            "hãy kiểm tra lại ngày.",
            "date",
        )


def report_progress(
    store: Store,
    directive_id: int,
    *,
    today: date,
    on: date | None = None,
    status: Status | None = None,
    progress: int | None = None,
    note: str = "",
    evidence: str = "",
    agency: str | int | None = None,
    by: str | None = None,
    expected_version: int | None = None,
    expected_units: dict[int, int] | None = None,
    source: str = "",
    origin_key: str | None = None,
) -> RecordedUpdate:
    """Append one progress update and fold it in, in one transaction.
    ``agency`` (a name, alias or id) names one lead, one member of a group
    lead, or a group lead (all its members); None means the whole directive.
    ``expected_version`` is the directive's version (its fields), and
    ``expected_units`` the versions of the units the form showed. Raises
    ValidationError / NotFoundError / StaleWriteError and writes nothing then."""
    note, evidence = nfc(note or ""), nfc(evidence or "").strip()
    on = on or today
    progress = parse_progress(progress, "progress")  # 0–100 from any caller
    report = Report(on=on, status=status, progress=progress, note=note, evidence=evidence)
    with store.transaction() as db:
        directive = store.row("SELECT * FROM directives WHERE id=?", [directive_id])
        if not directive:
            raise NotFoundError(
                f"Không có nhiệm vụ số {directive_id}. Xem danh sách bằng 'cchc-tui list'.", "id"
            )
        if directive["archived"]:
            raise ValidationError(
                f"Nhiệm vụ {directive['number']} đã lưu trữ; hãy khôi phục trước khi cập nhật.",
                "id",
            )
        check_version(directive, expected_version, f"Nhiệm vụ {directive['number']}")
        scope, targets, agency_id = _targets(store, directive, agency)
        _check_units(store, targets, expected_units)
        _check_date(store, directive, on, today)
        names = agency_names(store, [u.agency_id for u in targets])
        effect = plan_report(
            targets, reports_of(store, directive_id), report, scope, agency_id, names, today
        )
        who = user_name(store, by)
        update_id = insert_row(
            db,
            "updates",
            {
                "directive_id": directive_id,
                "agency_id": agency_id,
                "kind": "report",
                "reported_on": iso(on),
                "status": status.value if status else None,
                "progress": progress,
                "note": note,
                "evidence": evidence,
                "recorded_by": who,
                "recorded_at": now_text(),
                "changes": json.dumps(effect.changes, ensure_ascii=False),
                "source": source,
                "origin_key": origin_key,
            },
        )
        changed = []
        for unit in targets:
            after, last = effect.states[unit.assignment_id]
            if save_unit(store, unit, after, last) and after != unit.state:
                changed.append(names[unit.agency_id])
        recompute_directive(store, directive_id)
        touch(store, directive_id, who, bump=False)
        if evidence:
            refresh_search_key(store, directive_id)  # "12/TTr" finds it
    return RecordedUpdate(
        update_id, scope, changed, [(names[u.agency_id], why) for u, why in effect.left]
    )


def record_update(store: Store, directive_id: int, **options) -> int:
    """:func:`report_progress`, returning the new update's id."""
    return report_progress(store, directive_id, **options).id


def last_retractable_update(store: Store, directive_id: int) -> dict | None:
    """The newest update of a directive that has not been retracted."""
    return store.row(
        """
        SELECT u.* FROM updates u WHERE u.directive_id=? AND u.kind='report'
          AND NOT EXISTS (SELECT 1 FROM updates r WHERE r.retracts_id = u.id)
        ORDER BY u.id DESC LIMIT 1
        """,
        [directive_id],
    )


def retract_update(
    store: Store, update_id: int, note: str, *, today: date, by: str | None = None, source: str = ""
) -> int:
    """Retract a mistaken update with a new record that says so (the original
    stays). Every unit is folded again from the remaining updates."""
    note = check_length(nfc(note or "").strip(), NOTE_MAX, "note", "Lý do rút lại")
    if not note:
        raise ValidationError("Rút lại cập nhật cần ghi lý do.", "note")
    with store.transaction() as db:
        target = store.row("SELECT * FROM updates WHERE id=?", [update_id])
        if not target:
            raise NotFoundError(f"Không có cập nhật số {update_id}.", "update_id")
        if target["kind"] != "report":
            raise ValidationError(
                f"Cập nhật số {update_id} là một lần rút lại; không rút lại được nữa.", "update_id"
            )
        if store.value("SELECT id FROM updates WHERE retracts_id=?", [update_id]):
            raise ValidationError(f"Cập nhật số {update_id} đã được rút lại trước đó.", "update_id")
        directive_id = target["directive_id"]
        changes = refold(store, directive_id, skip={update_id})
        names = agency_names(store, [c["agency_id"] for c in changes])
        for c in changes:
            c["agency"] = names.get(c["agency_id"], "")
        who = user_name(store, by)
        new_id = insert_row(
            db,
            "updates",
            {
                "directive_id": directive_id,
                "agency_id": target["agency_id"],
                "kind": "retraction",
                "reported_on": today.isoformat(),
                "note": note,
                "recorded_by": who,
                "recorded_at": now_text(),
                "retracts_id": update_id,
                "changes": json.dumps(changes, ensure_ascii=False),
                "source": source,
            },
        )
        recompute_directive(store, directive_id)
        touch(store, directive_id, who, bump=False)
        if target["evidence"]:
            refresh_search_key(store, directive_id)  # its evidence is no longer found
    return new_id

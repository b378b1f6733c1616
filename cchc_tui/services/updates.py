"""Recording progress updates and retracting them (append-only)."""

from __future__ import annotations

import json
from datetime import date

from cchc_tui.domain.dates import from_iso, iso
from cchc_tui.domain.errors import NotFoundError, ValidationError
from cchc_tui.domain.limits import NOTE_MAX, check_length
from cchc_tui.domain.status import (
    AssignmentState,
    Report,
    Status,
    apply_report,
    parse_progress,
    validate_report,
)
from cchc_tui.domain.text import nfc
from cchc_tui.services.agencies import agency_by_id, agency_name, find_agency
from cchc_tui.services.directives import lead_states, recompute_directive, touch
from cchc_tui.services.settings import user_name
from cchc_tui.services.versions import check_version
from cchc_tui.store.database import Store, now_text


def _state_json(state: AssignmentState) -> dict:
    return {
        "status": state.status.value,
        "progress": state.progress,
        "completed_on": iso(state.completed_on),
    }


def _save_state(store: Store, assignment_id: int, state: AssignmentState) -> None:
    store.conn.execute(
        "UPDATE assignments SET status=?, progress=?, completed_on=?, version=version+1, updated_at=? WHERE id=?",
        [state.status.value, state.progress, iso(state.completed_on), now_text(), assignment_id],
    )


def record_update(
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
    source: str = "",
    origin_key: str | None = None,
) -> int:
    """Append one progress update and roll it up, in one transaction.
    ``agency`` (a name, alias or id) picks one lead; None means every lead.
    Returns the update id. Raises ValidationError / NotFoundError /
    StaleWriteError and writes nothing then."""
    note, evidence = nfc(note or ""), nfc(evidence or "").strip()
    on = on or today
    progress = parse_progress(progress, "progress")  # 0–100 from any caller
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
        leads = lead_states(store, directive_id)
        agency_id = None
        if agency is not None and agency != "":
            agency_row = (
                agency_by_id(store, agency)
                if isinstance(agency, int)
                else find_agency(store, agency)
            )
            if agency_row is None:
                raise NotFoundError(f"Không có cơ quan số {agency}.", "agency")
            agency_id = agency_row["id"]
            leads = [(r, s) for r, s in leads if r["agency_id"] == agency_id]
            if not leads:
                names = ", ".join(
                    r["name"]
                    for r in store.rows(
                        "SELECT ag.name FROM assignments a JOIN agencies ag ON ag.id=a.agency_id "
                        "WHERE a.directive_id=? AND a.role='lead' AND a.removed=0 ORDER BY a.position",
                        [directive_id],
                    )
                )
                raise ValidationError(
                    f"'{agency_row['name']}' không chủ trì nhiệm vụ {directive['number']}; "
                    f"tiến độ chỉ theo dõi cho cơ quan chủ trì: {names}.",
                    "agency",
                )
        report = Report(on=on, status=status, progress=progress, note=note, evidence=evidence)
        validate_report(report, [s for _, s in leads], today)
        changes = []
        for row, before in leads:
            after = apply_report(before, report)
            if after != before:
                _save_state(store, row["id"], after)
            changes.append(
                {
                    "assignment_id": row["id"],
                    "agency_id": row["agency_id"],
                    "agency": agency_name(store, row["agency_id"]),
                    "before": _state_json(before),
                    "after": _state_json(after),
                }
            )
        who = user_name(store, by)
        update_id = (
            db["updates"]
            .insert(
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
                    "changes": json.dumps(changes, ensure_ascii=False),
                    "source": source,
                    "origin_key": origin_key,
                }
            )
            .last_pk
        )
        recompute_directive(store, directive_id)
        touch(store, directive_id, who)
    return update_id


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
    stays). The leads' states are replayed from the remaining updates."""
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
        changes = _replay(store, directive_id, skip={update_id})
        who = user_name(store, by)
        new_id = (
            db["updates"]
            .insert(
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
                }
            )
            .last_pk
        )
        recompute_directive(store, directive_id)
        touch(store, directive_id, who)
    return new_id


def _replay(store: Store, directive_id: int, skip: set[int]) -> list[dict]:
    """Recompute every lead's state from the directive's effective updates
    (in order), leaving out ``skip``; saves and returns the differences."""
    leads = {r["id"]: (r, s) for r, s in lead_states(store, directive_id)}
    states = {aid: AssignmentState() for aid in leads}
    reports = store.rows(
        """
        SELECT u.* FROM updates u WHERE u.directive_id=? AND u.kind='report'
          AND NOT EXISTS (SELECT 1 FROM updates r WHERE r.retracts_id = u.id)
        ORDER BY u.id
        """,
        [directive_id],
    )
    for u in reports:
        if u["id"] in skip:
            continue
        report = Report(
            on=from_iso(u["reported_on"]),
            status=Status(u["status"]) if u["status"] else None,
            progress=u["progress"],
            note=u["note"],
            evidence=u["evidence"],
        )
        for change in json.loads(u["changes"]):
            aid = change["assignment_id"]
            if aid in states:
                states[aid] = apply_report(states[aid], report)
    changes = []
    for aid, (row, before) in leads.items():
        after = states[aid]
        if after != before:
            _save_state(store, aid, after)
            changes.append(
                {
                    "assignment_id": aid,
                    "agency_id": row["agency_id"],
                    "agency": agency_name(store, row["agency_id"]),
                    "before": _state_json(before),
                    "after": _state_json(after),
                }
            )
    return changes

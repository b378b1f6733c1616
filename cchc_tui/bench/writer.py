"""Storing a synthetic plan through the project's own storage code.

Notices, agencies and directives go through ``insert_notice``,
``insert_agency`` and ``insert_directive`` (search keys included). Progress
reports go either through ``record_update`` one by one (``bulk=False``, the
reference) or, for speed, through the very same domain rules
(``validate_report``, ``apply_report``, ``roll_up``) with bulk inserts in one
transaction; a test checks both give the same rows. A few retractions then go
through ``retract_update``.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from cchc_tui.bench.synthetic import SCALES, TODAY, Plan, Size, make_plan
from cchc_tui.domain.dates import iso
from cchc_tui.domain.status import AssignmentState, Status, apply_report, roll_up, validate_report
from cchc_tui.domain.text import fold, nfc
from cchc_tui.services.agencies import insert_agency
from cchc_tui.services.directive_editing import DirectiveDraft, insert_directive
from cchc_tui.services.notices import NoticeDraft, insert_notice
from cchc_tui.services.opening import open_database
from cchc_tui.services.settings import user_name
from cchc_tui.services.updates import record_update, retract_update
from cchc_tui.store.database import Store, now_text
from cchc_tui.store.migrations import migration_files

BY = "Dữ liệu thử hiệu năng"
RETRACTIONS_PER_THOUSAND = 1


def retraction_count(size: Size) -> int:
    return size.updates * RETRACTIONS_PER_THOUSAND // 1000


def write_plan(store: Store, plan: Plan, *, bulk: bool = True, retractions: int = 0) -> None:
    """Add ``plan`` to a seeded store, then retract ``retractions`` reports."""
    with store.transaction() as db:
        for name, kind, aliases in plan.agencies:
            insert_agency(db, name, kind, aliases, BY)
        agency_ids = {fold(r["name"]): r["id"] for r in store.rows("SELECT id, name FROM agencies")}
        notice_ids = [
            insert_notice(
                db,
                NoticeDraft(
                    kind=n["kind"],
                    title=n["title"],
                    number=n["number"],
                    issued_on=n["issued_on"],
                    meeting_on=n["meeting_on"],
                    issuer=n["issuer"],
                    full_text=n["full_text"],
                ),
                BY,
            )
            for n in plan.notices
        ]
        directive_ids = [
            insert_directive(
                db,
                store,
                DirectiveDraft(
                    notice_id=notice_ids[d.notice],
                    number=d.number,
                    title=d.title,
                    content=d.content,
                    deadline=d.deadline,
                    deadline_text=d.deadline_text,
                    leads=[agency_ids[fold(a)] for a in d.leads],
                    supports=[agency_ids[fold(a)] for a in d.supports],
                ),
                BY,
            )
            for d in plan.directives
        ]
    if bulk:
        _reports_bulk(store, plan, directive_ids, agency_ids)
    else:
        for rp in plan.reports:
            r = rp.report
            record_update(
                store,
                directive_ids[rp.directive],
                today=TODAY,
                on=r.on,
                status=r.status,
                progress=r.progress,
                note=r.note,
                evidence=r.evidence,
                agency=rp.agency,
                by=rp.by,
            )
    rng = random.Random(len(plan.reports))
    report_ids = [r[0] for r in store.conn.execute("SELECT id FROM updates WHERE kind='report'")]
    for update_id in sorted(rng.sample(report_ids, min(retractions, len(report_ids)))):
        retract_update(
            store, update_id, "Nhập nhầm nhiệm vụ; rút lại để nhập lại.", today=TODAY, by=BY
        )


@dataclass
class _Lead:
    assignment_id: int
    agency_id: int
    state: AssignmentState
    changes: int = 0


def _state_json(state: AssignmentState) -> dict:
    return {
        "status": state.status.value,
        "progress": state.progress,
        "completed_on": iso(state.completed_on),
    }


def _reports_bulk(
    store: Store, plan: Plan, directive_ids: list[int], agency_ids: dict[str, int]
) -> None:
    """What ``record_update`` does for each report, in memory, then written at once."""
    names = {r["id"]: r["name"] for r in store.rows("SELECT id, name FROM agencies")}
    leads: dict[int, list[_Lead]] = {}
    for r in store.rows(
        "SELECT id, directive_id, agency_id, status, progress FROM assignments "
        "WHERE role='lead' AND removed=0 ORDER BY directive_id, position, id"
    ):
        state = AssignmentState(Status(r["status"]), r["progress"], None)
        leads.setdefault(r["directive_id"], []).append(_Lead(r["id"], r["agency_id"], state))
    next_id = (store.value("SELECT max(id) FROM updates") or 0) + 1
    touched: dict[int, dict] = {}
    rows = []
    stamp = now_text()
    for rp in plan.reports:
        directive_id = directive_ids[rp.directive]
        report = rp.report
        agency_id = agency_ids[fold(rp.agency)] if rp.agency else None
        targets = [lead for lead in leads[directive_id] if agency_id in (None, lead.agency_id)]
        validate_report(report, [lead.state for lead in targets], TODAY)
        changes = []
        for lead in targets:
            before = lead.state
            after = apply_report(before, report)
            if after != before:
                lead.state, lead.changes = after, lead.changes + 1
            changes.append(
                {
                    "assignment_id": lead.assignment_id,
                    "agency_id": lead.agency_id,
                    "agency": names[lead.agency_id],
                    "before": _state_json(before),
                    "after": _state_json(after),
                }
            )
        who = user_name(store, rp.by)
        rows.append(
            (
                next_id,
                directive_id,
                agency_id,
                "report",
                iso(report.on),
                report.status.value if report.status else None,
                report.progress,
                nfc(report.note),
                nfc(report.evidence).strip(),
                who,
                stamp,
                json.dumps(changes, ensure_ascii=False),
            )
        )
        info = touched.setdefault(directive_id, {"count": 0})
        info["count"] += 1
        info["by"] = who
        if "last" not in info or (iso(report.on), next_id) > info["last"][:2]:
            info["last"] = (iso(report.on), next_id, nfc(report.note))
        next_id += 1
    with store.transaction() as db:
        db.conn.executemany(
            "INSERT INTO updates (id, directive_id, agency_id, kind, reported_on, status, progress, "
            "note, evidence, recorded_by, recorded_at, changes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        db.conn.executemany(
            "UPDATE assignments SET status=?, progress=?, completed_on=?, version=version+?, "
            "updated_at=? WHERE id=?",
            [
                (
                    lead.state.status.value,
                    lead.state.progress,
                    iso(lead.state.completed_on),
                    lead.changes,
                    stamp,
                    lead.assignment_id,
                )
                for group in leads.values()
                for lead in group
                if lead.changes
            ],
        )
        directive_rows = []
        for directive_id, info in touched.items():
            state = roll_up([lead.state for lead in leads[directive_id]])
            on, last_id, note = info["last"]
            directive_rows.append(
                (
                    state.status.value,
                    state.progress,
                    iso(state.completed_on),
                    last_id,
                    on,
                    note,
                    info["count"],
                    stamp,
                    info["by"],
                    directive_id,
                )
            )
        db.conn.executemany(
            "UPDATE directives SET status=?, progress=?, completed_on=?, last_update_id=?, "
            "last_update_on=?, last_note=?, version=version+?, updated_at=?, updated_by=? WHERE id=?",
            directive_rows,
        )


# -- the databases of each scale, cached between runs -------------------------


def cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "cchc-tui-bench"


def _cache_key() -> str:
    """Changes when the generator or the schema changes."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [here / "synthetic.py", here / "writer.py", *migration_files()]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def build(path: Path, scale: str) -> None:
    """Write the database of ``scale`` at ``path`` (a new file)."""
    store = open_database(path)
    try:
        size = SCALES[scale]
        if size is not None:
            seed_names = [r["name"] for r in store.rows("SELECT name FROM agencies ORDER BY id")]
            retractions = retraction_count(size)
            plan = make_plan(replace(size, updates=size.updates - retractions), seed_names)
            write_plan(store, plan, retractions=retractions)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()


def cached_database(scale: str) -> Path:
    """The database of ``scale``, built once per generator and schema version."""
    target = cache_dir() / f"{scale}-{_cache_key()}.db"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        for leftover in target.parent.glob(partial.name + "*"):
            leftover.unlink()
        build(partial, scale)
        partial.rename(target)
    return target


def copy_database(source: Path, target: Path) -> None:
    """A copy of a closed, checkpointed database file."""
    shutil.copyfile(source, target)

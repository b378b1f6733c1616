"""Storing a synthetic plan through the project's own storage code.

Notices, agencies and directives go through ``insert_notice``,
``insert_agency`` and ``insert_directive`` (search keys included). Progress
reports go either through ``record_update`` one by one (``bulk=False``, the
reference) or, for speed, through the very same rules
(``services.tracking.plan_report`` and the roll-ups) with bulk inserts in one
transaction; a test checks both give the same rows. A few retractions then go
through ``retract_update``.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from cchc_bench.synthetic import SCALES, TODAY, Plan, Size, make_plan
from cchc_tui.domain.dates import iso
from cchc_tui.domain.text import fold, nfc
from cchc_tui.domain.tracking import Scope
from cchc_tui.services.agencies import insert_agency
from cchc_tui.services.directive_editing import DirectiveDraft, insert_directive
from cchc_tui.services.directives import touch
from cchc_tui.services.memberships import insert_membership
from cchc_tui.services.notices import NoticeDraft, insert_notice
from cchc_tui.services.opening import open_database
from cchc_tui.services.search_keys import SEARCH_KEY_VERSION, refresh_search_key
from cchc_tui.services.settings import user_name
from cchc_tui.services.tracking import (
    Reached,
    Unit,
    plan_report,
    recompute_directive,
    reports_of,
    units_of,
    whole_directive,
)
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
        for group, members in plan.members.items():
            for member in members:
                insert_membership(db, agency_ids[fold(group)], agency_ids[fold(member)], BY)
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


def _reports_bulk(
    store: Store, plan: Plan, directive_ids: list[int], agency_ids: dict[str, int]
) -> None:
    """What ``report_progress`` does for each report — the same targets and
    the same ``plan_report`` — on units held in memory, then written at once."""
    names = {r["id"]: r["name"] for r in store.rows("SELECT id, name FROM agencies")}
    units: dict[int, list[Unit]] = {}
    history: dict[int, list[Reached]] = {}
    saves: dict[int, int] = {}  # assignment id -> saves, as save_unit would count them
    next_id = (store.value("SELECT max(id) FROM updates") or 0) + 1
    touched: dict[int, str] = {}
    rows = []
    stamp = now_text()
    for rp in plan.reports:
        directive_id = directive_ids[rp.directive]
        if directive_id not in units:
            units[directive_id] = units_of(store, directive_id)
            history[directive_id] = reports_of(store, directive_id)
        own = units[directive_id]
        report = replace(
            rp.report, note=nfc(rp.report.note), evidence=nfc(rp.report.evidence).strip()
        )
        agency_id = agency_ids[fold(rp.agency)] if rp.agency else None
        scope = Scope.OWN
        if agency_id is None:
            scope, agency_id = whole_directive(own)
        targets = [u for u in own if agency_id in (None, u.agency_id)]
        effect = plan_report(targets, history[directive_id], report, scope, agency_id, names, TODAY)
        for index, unit in enumerate(own):
            if unit.assignment_id not in effect.states:
                continue
            state, last = effect.states[unit.assignment_id]
            if (state, last) != (unit.state, unit.last_report_on):
                saves[unit.assignment_id] = saves.get(unit.assignment_id, 0) + 1
                own[index] = replace(unit, state=state, last_report_on=last)
        applied = frozenset(c["assignment_id"] for c in effect.changes if c.get("applied", True))
        reached = Reached(next_id, report, agency_id, applied, frozenset())
        at = sum(1 for r in history[directive_id] if r.report.on <= report.on)
        history[directive_id].insert(at, reached)
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
                report.note,
                report.evidence,
                who,
                stamp,
                json.dumps(effect.changes, ensure_ascii=False),
            )
        )
        touched[directive_id] = who
        next_id += 1
    with store.transaction() as db:
        db.conn.executemany(
            "INSERT INTO updates (id, directive_id, agency_id, kind, reported_on, status, progress, "
            "note, evidence, recorded_by, recorded_at, changes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        db.conn.executemany(
            "UPDATE assignments SET status=?, progress=?, completed_on=?, last_report_on=?, "
            "version=version+?, updated_at=? WHERE id=?",
            [
                (
                    u.state.status.value,
                    u.state.progress,
                    iso(u.state.completed_on),
                    iso(u.last_report_on),
                    saves[u.assignment_id],
                    stamp,
                    u.assignment_id,
                )
                for group in units.values()
                for u in group
                if u.assignment_id in saves
            ],
        )
        with_evidence = {r[1] for r in rows if r[8]}
        for directive_id, who in touched.items():
            recompute_directive(store, directive_id)
            touch(store, directive_id, who, bump=False)
            if directive_id in with_evidence:
                refresh_search_key(store, directive_id)  # as report_progress does


# -- the databases of each scale, cached between runs -------------------------


def cache_dir() -> Path:
    """Built databases, shared by runs (keyed by generator and schema)."""
    return Path(tempfile.gettempdir()) / "cchc-tui-bench"


def work_dir() -> Path:
    """This run's own copies (two runs at once never share a working file)."""
    folder = cache_dir() / f"run-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _cache_key() -> str:
    """Changes when the generator or the schema changes."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [here / "synthetic.py", here / "writer.py", *migration_files()]:
        digest.update(path.name.encode() + path.read_bytes())
    # a file keyed by an older version would be re-keyed by every probe's start
    digest.update(SEARCH_KEY_VERSION.encode())
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
        # a build of this process only: another run building at the same
        # time keeps its own; the first to finish renames its file in place
        partial = target.with_suffix(f".partial-{os.getpid()}")
        for leftover in target.parent.glob(partial.name + "*"):
            leftover.unlink()
        build(partial, scale)
        os.replace(partial, target)
    return target


def copy_database(source: Path, target: Path) -> None:
    """A copy of a closed, checkpointed database file."""
    shutil.copyfile(source, target)

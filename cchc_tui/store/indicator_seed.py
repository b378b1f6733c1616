"""Data step of migration 0002: the database identity and the indicators
of the bundled notice.

Runs inside the migration's transaction on existing files (which get the
seed's indicators when they hold the seed notice and not yet its
indicators) and again right after seeding a new file.
``store.migrations.python_steps`` runs `migrate` after the SQL of
`STEP_NAME`; this module must not import ``store.database``.
"""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from cchc_tui.domain.text import fold
from cchc_tui.resources import SEED_FILE, bundled_dir
from cchc_tui.store.rows import insert_row

if TYPE_CHECKING:
    from sqlite_utils import Database

STEP_NAME = "0002_indicators_and_forms"
SEED_BY = "Dữ liệu mẫu"


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _seed() -> dict:
    return json.loads((bundled_dir("seed") / SEED_FILE).read_text(encoding="utf-8"))


def ensure_identity(db: Database) -> None:
    """Give the file its random identity (once)."""
    if db.execute("SELECT 1 FROM database_identity WHERE id = 1").fetchone():
        return
    db.execute(
        "INSERT INTO database_identity (id, uuid, secret, created_at) VALUES (1, ?, ?, ?)",
        [str(uuid.uuid4()), secrets.token_hex(32), _now()],
    )


def _seed_notice_id(db: Database, notice: dict) -> int | None:
    """The id of the bundled notice in this file, if it is there."""
    wanted = fold(notice["title"])
    for notice_id, title in db.execute(
        "SELECT id, title FROM notices WHERE meeting_on IS ? ORDER BY id", [notice["meeting_on"]]
    ).fetchall():
        if fold(title) == wanted:
            return notice_id
    return None


def load_seed_indicators(db: Database) -> int:
    """Insert the seed's indicators (and their measurements) that the seed
    notice of this file does not have yet; returns how many were added."""
    data = _seed()
    notice_id = _seed_notice_id(db, data["notice"])
    if notice_id is None:
        return 0
    existing = {
        fold(name)
        for (name,) in db.execute("SELECT name FROM indicators WHERE notice_id = ?", [notice_id])
    }
    added = 0
    stamp = _now()
    for position, item in enumerate(data.get("indicators", []), start=1):
        if fold(item["name"]) in existing:
            continue
        directive_id = None
        if item.get("directive") is not None:
            found = db.execute(
                "SELECT id FROM directives WHERE notice_id = ? AND number = ?",
                [notice_id, item["directive"]],
            ).fetchone()
            if not found:
                continue  # the user removed or renumbered it: nothing to attach to
            directive_id = found[0]
        indicator_id = insert_row(
            db,
            "indicators",
            {
                "notice_id": notice_id,
                "directive_id": directive_id,
                "agency_id": None,
                "name": item["name"],
                "unit": item.get("unit", ""),
                "comparison": item["comparison"],
                "target": float(item["target"]),
                "source_phrase": item.get("source_phrase", ""),
                "created_at": stamp,
                "updated_at": stamp,
                "updated_by": SEED_BY,
            },
        )
        for number, m in enumerate(item.get("measurements", []), start=1):
            db.table("measurements").insert(
                {
                    "indicator_id": indicator_id,
                    "measured_on": m["date"],
                    "period": m.get("period", ""),
                    "value": float(m["value"]),
                    "agency_id": None,
                    "source": m.get("source", ""),
                    "recorded_by": SEED_BY,
                    "recorded_at": stamp,
                    "origin_key": f"seed:{SEED_FILE}:{notice_id}:{position}:{number}",
                },
                ignore=True,
            )
        added += 1
    return added


def migrate(db: Database) -> None:
    """The Python part of migration 0002."""
    ensure_identity(db)
    load_seed_indicators(db)

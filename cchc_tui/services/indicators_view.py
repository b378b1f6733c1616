"""Indicators of a directive as shown with it (their issue extends this)."""

from __future__ import annotations

from cchc_tui.store.database import Store


def indicators_of(store: Store, directive_id: int) -> list[dict]:
    rows = store.rows(
        "SELECT id, name, unit, comparison, target FROM indicators "
        "WHERE directive_id=? AND archived=0 ORDER BY id",
        [directive_id],
    )
    return rows

"""The one way to append a row to the edit history (`edits` table)."""

from __future__ import annotations

from cchc_tui.store.database import now_text


def record_edit(
    db,
    entity: str,
    entity_id: int,
    action: str,
    field: str,
    old,
    new,
    by: str,
    note: str = "",
    directive_id: int | None = None,
    at: str | None = None,
) -> None:
    """Append one history row inside the caller's transaction.

    `at` lets a caller stamp the row with the time it already used for the
    change itself; by default the row gets the current time.
    """
    db["edits"].insert(
        {
            "entity": entity,
            "entity_id": entity_id,
            "directive_id": directive_id,
            "action": action,
            "field": field,
            "old_value": old,
            "new_value": new,
            "note": note,
            "edited_by": by,
            "edited_at": at or now_text(),
        }
    )


__all__ = ["record_edit"]

"""Inserting a row and getting its id, typed: sqlite-utils types
``Table.last_pk`` as optional (it is None before any insert).

Imports nothing of the store, so migration steps (``indicator_seed``) use it too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database


def insert_row(db: Database, table: str, record: dict[str, Any]) -> int:
    """Insert ``record`` into ``table`` (whose key is an integer ``id``) and
    return the new row's id."""
    new_id = db.table(table).insert(record).last_pk
    if not isinstance(new_id, int):
        raise TypeError(f"an insert into {table} gave no integer id: {new_id!r}")
    return new_id

"""SQLite storage (sqlite-utils): connection, pragmas, migrations."""

from cchc_tui.store.database import Store, open_store

__all__ = ["Store", "open_store"]

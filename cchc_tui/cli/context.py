"""What every command needs: the open store, *today*, output streams."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from cchc_tui.domain.dates import parse_date
from cchc_tui.store.database import Store, default_db_path, open_store


def resolve_db_path(given: str | None) -> Path:
    """--db, else $CCHC_DB, else the user data folder."""
    if given:
        return Path(given).expanduser()
    if env := os.environ.get("CCHC_DB"):
        return Path(env).expanduser()
    return default_db_path()


def resolve_today(given: str | None) -> date:
    """--today, else $CCHC_TODAY, else the system date."""
    text = given or os.environ.get("CCHC_TODAY")
    return parse_date(text, "today") if text else date.today()


@dataclass
class Context:
    db_path: Path
    today: date
    out: TextIO
    err: TextIO
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.db_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def print(self, text: str = "") -> None:
        self.out.write(text + "\n")

"""What every command needs: the open store, *today*, output streams."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from cchc_tui.domain.dates import parse_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.services.opening import open_database
from cchc_tui.store.database import Store, default_db_path


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
            self._store = open_database(self.db_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def print(self, text: str = "") -> None:
        self.write(text + "\n")

    def write(self, text: str) -> None:
        """Text for the terminal (``out`` shows control characters as
        symbols: see ``cli.terminal.VisibleStream``)."""
        self.out.write(text)

    def write_document(self, data: bytes) -> None:
        """A UTF-8 document (a CSV, a text report) on the text stream. Its
        CRLF line ends become "\n", which the stream turns into the
        platform's own: written as they are, Windows would print "\r\r\n"."""
        self.write(data.decode("utf-8").replace("\r\n", "\n"))


def parse_id(text: str, field: str = "id", what: str = "nhiệm vụ") -> int:
    """A row id typed on the command line (positive, within SQLite's range)."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise ValidationError(
            f"Số {what} '{text}' không hợp lệ: nhập một số nguyên (xem 'cchc-tui list').", field
        ) from None
    if value < 1:
        raise ValidationError(f"Số {what} phải là số nguyên dương, không phải {value}.", field)
    if value > 2**63 - 1:  # beyond SQLite's integers: no such row
        raise ValidationError(f"Số {what} '{text}' quá lớn, không có trong dữ liệu.", field)
    return value

"""The session layer between the TUI and the services (see ``core``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cchc_tui.session.core import EDITOR, VIEWER, User
from cchc_tui.session.directives import DirectivesFacet, LastUpdate, Progress, ProgressFormData
from cchc_tui.session.files import FilesFacet
from cchc_tui.session.registry import RegistryFacet
from cchc_tui.session.setup import SetupFacet
from cchc_tui.store.database import PreviousDataError

__all__ = [
    "EDITOR",
    "VIEWER",
    "LastUpdate",
    "Progress",
    "ProgressFormData",
    "Session",
    "User",
    "PreviousDataError",
    "open_session",
    "restore_missing_data",
]


class Session(DirectivesFacet, RegistryFacet, FilesFacet, SetupFacet):
    """One open database, *today* and the user: everything a screen asks for."""


def restore_missing_data(path: str | Path, source: Path) -> Path:
    """Restore ``source`` into ``path`` when the file cannot be opened
    because its data is missing beside copies of it, or a restore was cut
    short (``PreviousDataError``); what is there is kept aside first.
    Returns the kept copy (or ``path`` when there was nothing to keep)."""
    from cchc_tui.services.backup import restore_over_damaged

    return restore_over_damaged(Path(path), Path(source))


def open_session(path: str | Path, today: date, user: User | None = None) -> Session:
    """Open (creating with the sample if new) the database at ``path``."""
    from cchc_tui.services.opening import open_database

    return Session(open_database(path), today, user)

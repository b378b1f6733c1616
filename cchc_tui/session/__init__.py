"""The session layer between the TUI and the services (see ``core``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cchc_tui.session.core import EDITOR, VIEWER, User
from cchc_tui.session.directives import DirectivesFacet, LastUpdate, Progress, ProgressFormData
from cchc_tui.session.files import FilesFacet
from cchc_tui.session.registry import RegistryFacet
from cchc_tui.session.setup import SetupFacet

__all__ = [
    "EDITOR",
    "VIEWER",
    "LastUpdate",
    "Progress",
    "ProgressFormData",
    "Session",
    "User",
    "open_session",
]


class Session(DirectivesFacet, RegistryFacet, FilesFacet, SetupFacet):
    """One open database, *today* and the user: everything a screen asks for."""


def open_session(path: str | Path, today: date, user: User | None = None) -> Session:
    """Open (creating with the sample if new) the database at ``path``."""
    from cchc_tui.services.opening import open_database

    return Session(open_database(path), today, user)

"""Errors the user can cause. Each names the field at fault and says, in
Vietnamese, what is allowed; the CLI turns them into exit code 2 and the TUI
shows them beside the field."""

from __future__ import annotations


class UserError(Exception):
    """Base of every error caused by user input or state (never a bug)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """A field holds a value that is not allowed."""


class NotFoundError(UserError):
    """A directive, update, agency… that does not exist."""


class StaleWriteError(UserError):
    """The row changed since the caller read it (another window or the CLI)."""

    def __init__(self, message: str, changed_by: str | None = None, changed_at: str | None = None):
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at


class DatabaseError(UserError):
    """The database file cannot be used (damaged, newer, read-only…)."""

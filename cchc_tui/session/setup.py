"""The session's set-up for an organisation (a template of its level)."""

from __future__ import annotations

from pathlib import Path

from cchc_tui.services import setup
from cchc_tui.services.setup import Names, Template
from cchc_tui.session.core import SessionBase


class SetupFacet(SessionBase):
    """Replacing the untouched sample with an organisation's own set-up."""

    @staticmethod
    def setup_templates() -> list[Template]:
        """The templates of each level (the sample left out)."""
        return [t for t in setup.templates() if t.code != setup.SAMPLE]

    def holds_untouched_sample(self) -> bool:
        """The file still holds the sample as seeded (nothing entered yet)."""
        with self.reading() as store:
            return setup.is_untouched_sample(store)

    def set_up(self, template: str, names: Names) -> Path | None:
        """Set the file up from ``template``: a blank file, or the untouched
        sample replaced whole (its safety copy returned). ValidationError,
        nothing changed, when the file holds data."""
        self.refuse_writes_if_not_allowed()
        with self._write_lock:
            return setup.set_up(self._writer, template, names, replace_sample=True)

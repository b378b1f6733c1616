"""The session's files: notices and filled forms read in, reports, forms
and letters written out, backups and restore."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_tui.domain.text import clean
from cchc_tui.services.settings import user_name
from cchc_tui.session.core import SessionBase

if TYPE_CHECKING:  # the modules themselves load when first used (the app starts sooner)
    from cchc_tui.services.backup import BackupFile
    from cchc_tui.services.directives import DirectiveFilter
    from cchc_tui.services.form_import import ImportResult
    from cchc_tui.services.imports import AgencyRef, NoticeReading, Registry
    from cchc_tui.services.reports import ReportRequest, WrittenForms


@dataclass(frozen=True)
class AgencyMatcher:
    """The registry's agencies as they were when a notice was read: names
    typed in the import preview are matched against it as they are typed,
    without reading the database on every key."""

    registry: Registry

    def refs(self, text: str) -> list[AgencyRef]:
        """Names typed as "A; B": registry agencies (by name or alias, accents
        ignored) or new ones."""
        from cchc_tui.services.imports import AgencyRef

        names = [name for part in text.split(";") if (name := clean(part))]
        return [self.registry.lookup(name) or AgencyRef(name) for name in names]


@dataclass(frozen=True)
class Restored:
    """What a restore did."""

    source: Path
    safety_copy: Path
    """The content replaced, kept in ``backups/`` (or beside a damaged file)."""


class FilesFacet(SessionBase):
    """Reading files in, writing files out."""

    # -- notices ---------------------------------------------------------------------------
    def read_notice(self, path: Path) -> NoticeReading:
        """Parse a notice file against the agencies (nothing saved)."""
        from cchc_tui.services import imports

        with self.reading() as store:
            return imports.read_notice(store, path)

    def agency_matcher(self) -> AgencyMatcher:
        """The agencies to match typed names against (``AgencyMatcher.refs``)."""
        from cchc_tui.services import imports

        with self.reading() as store:
            return AgencyMatcher(imports.agency_registry(store))

    def save_reading(self, reading: NoticeReading, *, force: bool = False) -> int:
        from cchc_tui.services import imports

        return self.write(
            lambda store: imports.save_reading(
                store, reading, force=force, by=user_name(store, self.recorded_by())
            )
        )

    # -- filled progress forms ---------------------------------------------------------------
    def import_form(
        self, path: Path, *, dry_run: bool, force: bool = False, note: str = ""
    ) -> ImportResult:
        from cchc_tui.services import form_import

        def run(store) -> ImportResult:
            return form_import.import_form(
                store,
                path,
                today=self.today,
                dry_run=dry_run,
                force=force,
                note=note,
                by=user_name(store, self.recorded_by()),
            )

        # a dry run writes nothing, but checks under the write lock as the real one does
        return self.write(run)

    # -- reports, forms, letters ---------------------------------------------------------------
    def check_output_path(self, path: Path) -> None:
        """ValidationError when ``path`` is one of the database's own files
        (the file, its -wal/-shm, its backups): asked before offering to
        overwrite it."""
        from cchc_tui.services import reports

        reports.refuse_own_file(self._writer, path)

    def export(self, request: ReportRequest, fmt: str, path: Path) -> tuple[Path, str]:
        """Build a report on this thread's own connection and write it whole;
        the written path and the report's note ("" for most)."""
        from cchc_tui.services import reports

        with self.reading() as store:
            data, note = reports.produce(store, request, fmt)
            reports.write_report_file(store, path, data)
        return path.resolve(), note

    def brief(self, flt: DirectiveFilter) -> str:
        """The short text for Zalo of ``flt`` (or everything)."""
        from cchc_tui.reports.brief import brief_text
        from cchc_tui.services import reports

        with self.reading() as store:
            return brief_text(reports.build_report(store, "brief", self.today, flt))

    def agency_forms(self, agency_id: int, folder: Path) -> WrittenForms:
        from cchc_tui.services import reports

        with self.reading() as store:
            return reports.write_agency_forms(store, agency_id, folder, self.today)

    def reminder(self, agency_id: int, folder: Path) -> Path:
        from cchc_tui.services import reports

        with self.reading() as store:
            return reports.write_reminder(store, agency_id, folder, self.today)

    # -- backups --------------------------------------------------------------------------------
    def backups(self) -> list[BackupFile]:
        """The copies in ``backups/`` beside the file, newest first."""
        from cchc_tui.services import backup

        with self.reading() as store:
            return backup.list_backups(store)

    def backup_folder(self) -> Path:
        from cchc_tui.services import backup

        return backup.paths.backup_folder(self.path)

    def backup_now(self, target: Path | None = None) -> Path:
        from cchc_tui.services import backup

        with self._write_lock:  # a consistent copy, never during one of our writes
            return backup.backup_to(self._writer, target)

    def daily_backup(self) -> Path | None:
        from cchc_tui.services import backup

        with self._write_lock:
            return backup.daily_backup(self._writer)

    def restore(self, source: Path) -> Restored:
        """Replace the content with a backup (the current one kept first);
        forms opened before it can no longer save (new generation)."""
        from cchc_tui.services import backup

        if not self.user.can_edit:
            self.refuse_writes_if_not_allowed()
        with self._write_lock:
            return Restored(source, backup.restore_from(self._writer, source))

"""The session's directives: the list and its counts, one directive, the
progress form, updates and retractions, creating and editing directives and
notices."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cchc_tui.domain.status import Status, Timeliness
from cchc_tui.services import directive_editing, notices, updates
from cchc_tui.services.directive_editing import DirectiveDraft
from cchc_tui.services.directives import (
    Assignment,
    DirectiveDetail,
    DirectiveFilter,
    DirectiveRow,
    count_by_timeliness,
    get_directive,
    get_directive_row,
    list_directives,
)
from cchc_tui.services.notices import Notice, NoticeDraft
from cchc_tui.services.settings import user_name
from cchc_tui.services.updates import RecordedUpdate
from cchc_tui.session.core import SessionBase


@dataclass(frozen=True)
class ProgressFormData:
    """What the progress form needs, read in one go when it opens."""

    row: DirectiveRow
    units: list[Assignment]
    """The leads, and the members of group leads (role "member")."""
    default_by: str
    """The name the form offers in Người cập nhật."""
    generation: str | None
    """The file's restore generation: the save is refused if it changed."""

    @property
    def leads(self) -> list[Assignment]:
        return [u for u in self.units if u.role == "lead"]

    @property
    def members(self) -> list[Assignment]:
        return [u for u in self.units if u.role == "member"]

    @property
    def unit_versions(self) -> dict[int, int]:
        """Each unit's version (a save after someone else's report is refused)."""
        return {u.agency_id: u.version for u in self.units}


@dataclass(frozen=True)
class LastUpdate:
    """The newest update of a directive that can still be retracted."""

    id: int
    reported_on: date
    recorded_by: str
    progress: int | None
    note: str


@dataclass(frozen=True)
class Progress:
    """A progress report as typed in the form (parsed)."""

    status: Status | None = None
    progress: int | None = None
    on: date | None = None
    note: str = ""
    evidence: str = ""
    agency: int | None = None
    """One agency or member (its id), None: the whole directive."""
    by: str | None = None


class DirectivesFacet(SessionBase):
    """Directives and their updates."""

    # -- reading -------------------------------------------------------------------------
    def directive_page(
        self, flt: DirectiveFilter, *, limit: int | None = None, offset: int = 0
    ) -> list[DirectiveRow]:
        with self.reading() as store:
            return list_directives(
                store, self.today, flt, limit=limit, offset=offset, with_members=True
            )

    def directive_counts(self, flt: DirectiveFilter) -> dict[Timeliness, int]:
        with self.reading() as store:
            return count_by_timeliness(store, self.today, flt)

    def directive_row(self, directive_id: int) -> DirectiveRow:
        with self.reading() as store:
            return get_directive_row(store, directive_id, self.today)

    def directive(self, directive_id: int) -> DirectiveDetail:
        with self.reading() as store:
            return get_directive(store, directive_id, self.today)

    def progress_form(self, directive_id: int) -> ProgressFormData:
        from cchc_tui.services.directives import assignments_of

        with self.reading() as store:
            row = get_directive_row(store, directive_id, self.today)
            units = [
                a
                for a in assignments_of(store, directive_id, self.today, row.deadline)
                if a.role in ("lead", "member")
            ]
            return ProgressFormData(
                row=row,
                units=units,
                default_by=self.user.name if self.user.signed_in else user_name(store),
                generation=store.generation(),
            )

    def last_update(self, directive_id: int) -> LastUpdate | None:
        with self.reading() as store:
            row = updates.last_retractable_update(store, directive_id)
        if row is None:
            return None
        return LastUpdate(
            id=row["id"],
            reported_on=date.fromisoformat(row["reported_on"]),
            recorded_by=row["recorded_by"],
            progress=row["progress"],
            note=row["note"],
        )

    def notices(self) -> list[Notice]:
        with self.reading() as store:
            return notices.list_notices(store)

    def notice(self, notice_id: int) -> Notice:
        with self.reading() as store:
            return notices.get_notice(store, notice_id)

    def directive_draft(self, directive_id: int) -> tuple[DirectiveDraft, int]:
        with self.reading() as store:
            return directive_editing.draft_of(store, directive_id)

    def next_directive_number(self, notice_id: int | None) -> int:
        with self.reading() as store:
            return directive_editing.next_directive_number(store, notice_id)

    def describe_filter(self, flt: DirectiveFilter) -> str:
        """The list's filters in a line ("Lọc: …"; "" when none)."""
        from cchc_tui.services.report_common import filter_label

        with self.reading() as store:
            return filter_label(store, flt)

    def describe_scope(self, flt: DirectiveFilter) -> str:
        """What an export of ``flt`` covers, in words ("" for everything)."""
        from cchc_tui.services.report_common import describe_scope

        with self.reading() as store:
            return describe_scope(store, flt).removeprefix("Phạm vi: ").rstrip(".")

    # -- writing -------------------------------------------------------------------------
    def record_progress(
        self,
        directive_id: int,
        report: Progress,
        *,
        expected_version: int | None = None,
        expected_units: dict[int, int] | None = None,
        generation: str | None = None,
        on_wait: Callable[[], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> RecordedUpdate:
        return self.write(
            lambda store: updates.report_progress(
                store,
                directive_id,
                today=self.today,
                on=report.on,
                status=report.status,
                progress=report.progress,
                note=report.note,
                evidence=report.evidence,
                agency=report.agency,
                by=self.recorded_by(report.by),
                expected_version=expected_version,
                expected_units=expected_units,
            ),
            generation=generation,
            on_wait=on_wait,
            cancel=cancel,
        )

    def retract(self, update_id: int, reason: str) -> int:
        return self.write(
            lambda store: updates.retract_update(
                store, update_id, reason, today=self.today, by=self.recorded_by()
            )
        )

    def set_archived(self, directive_id: int, archived: bool, *, expected_version: int) -> None:
        self.write(
            lambda store: directive_editing.set_archived(
                store,
                directive_id,
                archived,
                by=self._by(store),
                expected_version=expected_version,
            )
        )

    def create_directive(self, draft: DirectiveDraft, *, by: str | None = None) -> int:
        return self.write(
            lambda store: directive_editing.create_directive(store, draft, by=self._by(store, by))
        )

    def edit_directive(
        self,
        directive_id: int,
        draft: DirectiveDraft,
        *,
        expected_version: int,
        note: str = "",
        by: str | None = None,
        generation: str | None = None,
    ) -> None:
        self.write(
            lambda store: directive_editing.edit_directive(
                store,
                directive_id,
                draft,
                by=self._by(store, by),
                expected_version=expected_version,
                note=note,
            ),
            generation=generation,
        )

    def create_notice(self, draft: NoticeDraft, *, by: str | None = None) -> int:
        return self.write(lambda store: notices.create_notice(store, draft, by=self._by(store, by)))

    def edit_notice(
        self, notice_id: int, changes: dict, *, expected_version: int | None, by: str | None = None
    ) -> None:
        self.write(
            lambda store: notices.edit_notice(
                store, notice_id, changes, by=self._by(store, by), expected_version=expected_version
            )
        )

    def _by(self, store, typed: str | None = None) -> str:
        """The name an edit records."""
        return user_name(store, self.recorded_by(typed))

    # -- issue 17 (ux): agencies named in the directive form, created when it is saved ---
    def save_directive(
        self,
        directive_id: int | None,
        draft: DirectiveDraft,
        *,
        new_leads: tuple[str, ...] = (),
        new_supports: tuple[str, ...] = (),
        expected_version: int | None = None,
        note: str = "",
        by: str | None = None,
        generation: str | None = None,
    ) -> int:
        """Create (``directive_id`` None) or edit a directive, adding the
        agencies typed in the form (``new_leads``, ``new_supports``: names,
        after the draft's own) in the same transaction: a refused save adds
        no agency. The directive's id."""
        from dataclasses import replace

        from cchc_tui.services import agencies

        def save(store) -> int:
            with store.transaction():
                name = self._by(store, by)
                leads = [*draft.leads, *(agencies.add_agency(store, n, by=name) for n in new_leads)]
                supports = [
                    *draft.supports,
                    *(agencies.add_agency(store, n, by=name) for n in new_supports),
                ]
                final = replace(draft, leads=leads, supports=supports)
                if directive_id is None:
                    return directive_editing.create_directive(store, final, by=name)
                directive_editing.edit_directive(
                    store,
                    directive_id,
                    final,
                    by=name,
                    expected_version=expected_version,
                    note=note,
                )
                return directive_id

        return self.write(save, generation=generation)

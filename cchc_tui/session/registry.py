"""The session's agencies and groups, settings, and indicators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cchc_tui.services import agencies, indicators, memberships, settings
from cchc_tui.services.agencies import AgencySummary
from cchc_tui.services.indicators import IndicatorRow, Measurement
from cchc_tui.services.memberships import MembershipChange
from cchc_tui.services.settings import SettingSpec, user_name
from cchc_tui.session.core import SessionBase


@dataclass(frozen=True)
class NamedAgency:
    """An agency or group by id and name (a group's member, an agency's group)."""

    id: int
    name: str


class RegistryFacet(SessionBase):
    """Agencies, groups and members; settings; indicators."""

    # -- agencies -------------------------------------------------------------------------
    def agencies(self) -> list[AgencySummary]:
        with self.reading() as store:
            return agencies.list_agencies(store, self.today)

    def agency_names(self, ids=None) -> dict[int, str]:
        with self.reading() as store:
            return agencies.agency_names(store, ids)

    def agency_name(self, agency_id: int) -> str | None:
        """The agency's name now (None: no such agency)."""
        return self.agency_names([agency_id]).get(agency_id)

    def members(self, group_id: int) -> list[NamedAgency]:
        """A group's members, in Vietnamese order."""
        with self.reading() as store:
            return [
                NamedAgency(m["id"], m["name"]) for m in memberships.members_of(store, group_id)
            ]

    def groups_of(self, agency_id: int) -> list[NamedAgency]:
        """The groups an agency is in, in Vietnamese order."""
        with self.reading() as store:
            return [
                NamedAgency(g["id"], g["name"]) for g in memberships.groups_of(store, agency_id)
            ]

    def add_agency(self, name: str, *, group: bool = False, aliases=()) -> int:
        kind = "group" if group else "agency"
        return self.write(
            lambda store: agencies.add_agency(store, name, kind, aliases, by=self._name(store))
        )

    def rename_agency(self, agency_id: int, name: str, *, expected_version: int) -> None:
        self.write(
            lambda store: agencies.rename_agency(
                store, agency_id, name, by=self._name(store), expected_version=expected_version
            )
        )

    def add_alias(self, agency_id: int, alias: str) -> None:
        self.write(lambda store: agencies.add_alias(store, agency_id, alias, by=self._name(store)))

    def merge_agencies(self, source_id: int, target_id: int) -> None:
        self.write(
            lambda store: agencies.merge_agencies(store, source_id, target_id, by=self._name(store))
        )

    def change_members(
        self,
        group_id: int,
        *,
        add: Sequence[int] = (),
        remove: Sequence[int] = (),
    ) -> MembershipChange:
        return self.write(
            lambda store: memberships.change_members(
                store, group_id, add=list(add), remove=list(remove), by=self._name(store)
            )
        )

    # -- settings --------------------------------------------------------------------------
    def settings(self) -> dict[str, str]:
        """Every setting by key (defaults filled in)."""
        with self.reading() as store:
            return settings.get_settings(store)

    @staticmethod
    def setting_specs() -> list[SettingSpec]:
        return list(settings.SETTINGS)

    def set_setting(self, key: str, value: str) -> None:
        self.write(lambda store: settings.set_setting(store, key, value, by=self._name(store)))

    def default_recorder(self) -> str:
        """The name a form offers in "Người cập nhật"."""
        if self.user.signed_in:
            return self.user.name
        with self.reading() as store:
            return user_name(store)

    # -- indicators ------------------------------------------------------------------------
    def indicators(self, *, agency_id: int | None = None) -> list[IndicatorRow]:
        with self.reading() as store:
            return indicators.list_indicators(store, agency_id=agency_id)

    def indicator(self, indicator_id: int) -> IndicatorRow:
        with self.reading() as store:
            return indicators.get_indicator(store, indicator_id)

    def measurements(self, indicator_id: int) -> list[Measurement]:
        with self.reading() as store:
            return indicators.measurements_of(store, indicator_id)

    def record_measurement(
        self,
        indicator_id: int,
        *,
        value,
        on: date | None,
        period: str = "",
        agency: int | None = None,
        source: str = "",
        by: str | None = None,
    ) -> int:
        return self.write(
            lambda store: indicators.record_measurement(
                store,
                indicator_id,
                value=value,
                today=self.today,
                on=on,
                period=period,
                agency=agency,
                source=source,
                by=self.recorded_by(by),
            )
        )

    def _name(self, store) -> str:
        return user_name(store, self.recorded_by())

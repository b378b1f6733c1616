"""What the importer produces: a reading of a notice, to be checked by a
person before `cchc_tui.services.imports.save_reading` stores it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc_tui.domain.dates import iso
from cchc_tui.domain.errors import UserError


class NoticeImportError(UserError):
    """A file that cannot be read as a notice (empty, binary, legacy VNI,
    too large, no numbered items…). The message names the file and the problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "file")


@dataclass
class AgencyRef:
    """An agency named in a directive: the registry's agency when one matches
    (by name or alias, accent-insensitively), else a proposed new agency."""

    name: str
    agency_id: int | None = None
    kind: str = "agency"  # "group" for collective names ("UBND các xã, phường")

    @property
    def is_new(self) -> bool:
        return self.agency_id is None


@dataclass
class DirectiveDraftItem:
    """One numbered item read as a directive."""

    number: int
    title: str
    content: str
    leads: list[AgencyRef] = field(default_factory=list)
    supports: list[AgencyRef] = field(default_factory=list)
    deadline: date | None = None
    deadline_text: str = ""
    selected: bool = True  # the person may untick items that are not directives

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "content": self.content,
            "lead": [a.name for a in self.leads],
            "support": [a.name for a in self.supports],
            "deadline": iso(self.deadline),
            "deadline_text": self.deadline_text,
            "new_agencies": [a.name for a in self.leads + self.supports if a.is_new],
        }


@dataclass
class NoticeReading:
    """The header of a notice and its directives, as read from a file."""

    kind: str
    title: str
    number: str | None = None
    issued_on: date | None = None
    meeting_on: date | None = None
    place: str = ""
    issuer: str = ""
    addressees: list[str] = field(default_factory=list)
    full_text: str = ""
    source_file: str = ""
    cited_documents: list[dict] = field(default_factory=list)
    directives: list[DirectiveDraftItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def notice_date(self) -> date | None:
        return self.issued_on or self.meeting_on

    def new_agencies(self) -> list[AgencyRef]:
        """Unknown agencies of the selected directives, once each, in order of appearance."""
        seen: dict[str, AgencyRef] = {}
        from cchc_tui.domain.text import fold

        for item in self.directives:
            if not item.selected:
                continue
            for ref in item.leads + item.supports:
                if ref.is_new:
                    seen.setdefault(fold(ref.name), ref)
        return list(seen.values())

    def to_json(self) -> dict:
        return {
            "notice": {
                "kind": self.kind,
                "number": self.number,
                "issued_on": iso(self.issued_on),
                "meeting_on": iso(self.meeting_on),
                "issuer": self.issuer,
                "title": self.title,
                "place": self.place,
                "addressees": self.addressees,
                "cited_documents": self.cited_documents,
                "source_file": self.source_file,
            },
            "directives": [d.to_json() for d in self.directives if d.selected],
            "new_agencies": [a.name for a in self.new_agencies()],
            "warnings": self.warnings,
        }

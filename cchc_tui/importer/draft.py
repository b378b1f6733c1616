"""What the importer produces: a reading of a notice, to be checked by a
person before `cchc_tui.services.imports.save_reading` stores it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc_tui.domain.dates import iso
from cchc_tui.domain.errors import UserError
from cchc_tui.domain.text import fold


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


HIGH = "high"
LOW = "low"
DIRECTIVE_FIELDS = ("title", "lead", "support", "deadline")
NOTICE_FIELDS = ("kind", "number", "issued_on", "issuer", "title")
FIELD_LABELS = {
    "title": "tên",
    "lead": "chủ trì",
    "support": "phối hợp",
    "deadline": "thời hạn",
    "kind": "loại văn bản",
    "number": "số",
    "issued_on": "ngày",
    "issuer": "cơ quan ban hành",
}


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
    label: str = ""  # the numbering in the document ("III.2", "4.1")
    confidence: dict[str, str] = field(default_factory=dict)  # field -> "high" | "low"
    doubts: dict[str, str] = field(default_factory=dict)  # field -> why it is uncertain

    def level(self, name: str) -> str:
        return self.confidence.get(name, HIGH)

    def low_fields(self) -> list[str]:
        """The fields a person should check: who leads, who supports, the
        deadline (the title is always the item's first sentence, to shorten)."""
        return [f for f in ("lead", "support", "deadline") if self.level(f) == LOW]

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "label": self.label,
            "title": self.title,
            "content": self.content,
            "lead": [a.name for a in self.leads],
            "support": [a.name for a in self.supports],
            "deadline": iso(self.deadline),
            "deadline_text": self.deadline_text,
            "new_agencies": [a.name for a in self.leads + self.supports if a.is_new],
            "confidence": {f: self.level(f) for f in DIRECTIVE_FIELDS},
            "doubts": dict(self.doubts),
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
    confidence: dict[str, str] = field(default_factory=dict)  # notice field -> "high" | "low"

    def level(self, name: str) -> str:
        return self.confidence.get(name, HIGH)

    def uncertain(self) -> list[str]:
        """What a person should check first, one line each (Vietnamese)."""
        lines = []
        low = [FIELD_LABELS[f] for f in NOTICE_FIELDS if self.level(f) == LOW]
        if low:
            lines.append("Văn bản: " + ", ".join(low))
        for d in self.directives:
            if not d.selected:
                continue
            fields = d.low_fields()
            if fields:
                why = "; ".join(d.doubts[f] for f in fields if d.doubts.get(f))
                text = f"Nhiệm vụ {d.number}: " + ", ".join(FIELD_LABELS[f] for f in fields)
                lines.append(f"{text} ({why})" if why else text)
        return lines

    @property
    def notice_date(self) -> date | None:
        return self.issued_on or self.meeting_on

    def new_agencies(self) -> list[AgencyRef]:
        """Unknown agencies of the selected directives, once each, in order of appearance."""
        seen: dict[str, AgencyRef] = {}
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
                "confidence": {f: self.level(f) for f in NOTICE_FIELDS},
            },
            "directives": [d.to_json() for d in self.directives if d.selected],
            "new_agencies": [a.name for a in self.new_agencies()],
            "warnings": self.warnings,
        }

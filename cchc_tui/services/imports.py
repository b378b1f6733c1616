"""Importing a notice: read a file against the agency registry into a draft,
and save a checked draft (new agencies, the notice, its directives) in one
transaction."""

from __future__ import annotations

from pathlib import Path

from cchc_tui.domain.dates import format_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.text import clean, fold
from cchc_tui.importer.agencies import Registry, tokenize
from cchc_tui.importer.draft import (  # the preview screen's types, through this boundary
    FIELD_LABELS,
    AgencyRef,
    DirectiveDraftItem,
    NoticeReading,
)
from cchc_tui.importer.parse import parse_notice
from cchc_tui.importer.reading import read_notice_file
from cchc_tui.services.agencies import agency_by_name, insert_agency
from cchc_tui.services.directive_editing import DirectiveDraft, insert_directive, validate_draft
from cchc_tui.services.edits import record_edit
from cchc_tui.services.notices import NoticeDraft, insert_notice
from cchc_tui.store.database import Store

__all__ = [
    "FIELD_LABELS",
    "AgencyRef",
    "DirectiveDraftItem",
    "NoticeReading",
    "agency_refs",
    "agency_registry",
    "duplicate_of",
    "read_notice",
    "save_reading",
]


def agency_registry(store: Store) -> Registry:
    """The live agencies with their aliases, for matching names in a notice."""
    aliases: dict[int, list[str]] = {}
    for r in store.rows("SELECT agency_id, alias FROM agency_aliases"):
        aliases.setdefault(r["agency_id"], []).append(r["alias"])
    rows = store.rows("SELECT id, name, kind FROM agencies WHERE merged_into IS NULL")
    return Registry.from_rows([r | {"aliases": aliases.get(r["id"], [])} for r in rows])


def agency_refs(store: Store, text: str) -> list[AgencyRef]:
    """Names typed as "A; B" (in the import preview) -> the registry's
    agencies, matched by name or alias, or new ones."""
    registry = agency_registry(store)
    refs: list[AgencyRef] = []
    for part in text.split(";"):
        name = clean(part)
        if not name:
            continue
        tokens = tokenize(name)
        known = registry.match(tokens, 0) if tokens else None
        if known and known[0] == len(tokens):
            refs.append(known[1])
        else:
            refs.append(AgencyRef(name))
    return refs


def read_notice(store: Store, path: str | Path) -> NoticeReading:
    """Read the notice in ``path`` into a draft (nothing is saved).
    Raises NoticeImportError for files that cannot be imported."""
    text = read_notice_file(path)
    return parse_notice(text, agency_registry(store), source_file=Path(path).name)


def duplicate_of(store: Store, reading: NoticeReading) -> dict | None:
    """An existing notice with the same number and date (or, for a notice
    without a number, the same title and date), if any."""
    if not reading.notice_date:
        return None
    key = fold(reading.number or "").replace(" ", "")
    title = fold(reading.title)
    for row in store.rows(
        "SELECT id, number, title FROM notices WHERE coalesce(issued_on, meeting_on) = ?",
        [reading.notice_date.isoformat()],
    ):
        if key and fold(row["number"] or "").replace(" ", "") == key:
            return row
        if not key and not row["number"] and fold(row["title"]) == title:
            return row
    return None


def save_reading(store: Store, reading: NoticeReading, *, force: bool = False, by: str = "") -> int:
    """Save the selected directives of ``reading`` as a new notice; returns its id.

    Refuses (ValidationError, nothing written) a notice with the same number
    and date as an existing one unless ``force``, a draft with no selected
    directive, and directives without a lead."""
    selected = [d for d in reading.directives if d.selected]
    if not selected:
        raise ValidationError("Chưa chọn nhiệm vụ nào để lưu.", "directives")
    for item in selected:
        if not item.leads:
            raise ValidationError(
                f"Nhiệm vụ {item.number} chưa có cơ quan chủ trì. Hãy thêm cơ quan chủ trì "
                "(màn hình Nhập thông báo) hoặc bỏ chọn nhiệm vụ này.",
                "leads",
            )
        if not clean(item.title):
            raise ValidationError(f"Nhiệm vụ {item.number} chưa có tên.", "title")
    with store.transaction() as db:
        # under the write lock: of two imports of one notice at once, the
        # second finds the first
        if not force and (dup := duplicate_of(store, reading)):
            which = f"số {dup['number']}" if dup["number"] else f"'{dup['title']}'"
            raise ValidationError(
                f"Đã có văn bản {which} ngày {format_date(reading.notice_date)} "
                f"(mã {dup['id']}). Không nhập lại; nếu đây đúng là văn bản khác, chọn "
                "Vẫn nhập khi trùng số và ngày / --force.",
                "file",
            )
        agency_ids: dict[str, int] = {}

        def agency_id(ref: AgencyRef) -> int:
            key = fold(ref.name)
            if ref.agency_id is not None:
                return ref.agency_id
            if key not in agency_ids:
                existing = agency_by_name(store, ref.name)
                if existing:
                    agency_ids[key] = existing["id"]
                else:
                    agency_ids[key] = insert_agency(db, clean(ref.name), ref.kind, (), by)
                    _record(db, "agency", agency_ids[key], None, clean(ref.name), by)
            return agency_ids[key]

        notice_id = insert_notice(
            db,
            NoticeDraft(
                kind=reading.kind or "Thông báo",
                title=reading.title,
                number=reading.number,
                issued_on=reading.issued_on,
                meeting_on=reading.meeting_on,
                issuer=reading.issuer,
                full_text=reading.full_text,
                cited_documents=reading.cited_documents,
                source_file=reading.source_file,
            ),
            by,
        )
        _record(db, "notice", notice_id, None, reading.title, by)
        for item in selected:
            leads = [agency_id(a) for a in item.leads]
            supports = [i for i in (agency_id(a) for a in item.supports) if i not in leads]
            draft = validate_draft(
                store,
                DirectiveDraft(
                    notice_id=notice_id,
                    number=item.number,
                    title=item.title,
                    content=item.content,
                    deadline=item.deadline,
                    deadline_text=item.deadline_text,
                    leads=leads,
                    supports=supports,
                ),
            )
            directive_id = insert_directive(db, store, draft, by)
            _record(db, "directive", directive_id, None, draft.title, by)
    return notice_id


def _record(db, entity: str, entity_id: int, old, new, by: str) -> None:
    record_edit(
        db,
        entity,
        entity_id,
        "create",
        "title",
        old,
        new,
        by,
        note="Nhập từ tệp",
        directive_id=entity_id if entity == "directive" else None,
    )

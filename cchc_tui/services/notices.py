"""Notices (thông báo kết luận and other source documents)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from cchc_tui.domain.dates import from_iso, iso
from cchc_tui.domain.errors import NotFoundError, ValidationError
from cchc_tui.domain.text import clean, nfc
from cchc_tui.services.directives import notice_label
from cchc_tui.services.edits import record_edit
from cchc_tui.services.versions import check_version
from cchc_tui.store.database import Store, now_text


@dataclass
class NoticeDraft:
    """Fields of a notice being created or edited."""

    kind: str
    title: str
    number: str | None = None
    issued_on: date | None = None
    meeting_on: date | None = None
    issuer: str = ""
    chaired_by: str = ""
    signer: str = ""
    full_text: str = ""
    cited_documents: list[dict] = field(default_factory=list)
    source_file: str = ""


@dataclass(frozen=True)
class Notice:
    """A notice as listed and shown: its fields, a short label, and how many
    active directives it has."""

    id: int
    kind: str
    number: str | None
    issued_on: date | None
    meeting_on: date | None
    issuer: str
    title: str
    archived: bool
    version: int
    label: str
    directives: int = 0
    chaired_by: str = ""
    signer: str = ""
    cited_documents: tuple[dict, ...] = ()


def _notice(r: dict) -> Notice:
    return Notice(
        id=r["id"],
        kind=r["kind"],
        number=r["number"],
        issued_on=from_iso(r["issued_on"]),
        meeting_on=from_iso(r["meeting_on"]),
        issuer=r["issuer"],
        title=r["title"],
        archived=bool(r["archived"]),
        version=r["version"],
        label=notice_label(r),
        directives=r.get("directives", 0),
        chaired_by=r.get("chaired_by", ""),
        signer=r.get("signer", ""),
        cited_documents=tuple(json.loads(r.get("cited_documents") or "[]")),
    )


def list_notices(store: Store) -> list[Notice]:
    """Notices, newest first, each with a short label and directive count."""
    rows = store.rows(
        """
        SELECT n.id, n.kind, n.number, n.issued_on, n.meeting_on, n.issuer, n.title, n.archived,
               n.version, (SELECT count(*) FROM directives d WHERE d.notice_id = n.id AND d.archived = 0) AS directives
        FROM notices n ORDER BY coalesce(n.issued_on, n.meeting_on, n.created_at) DESC, n.id DESC
        """
    )
    return [_notice(r) for r in rows]


def get_notice(store: Store, notice_id: int) -> Notice:
    row = store.row("SELECT * FROM notices WHERE id=?", [notice_id])
    if not row:
        raise NotFoundError(f"Không có văn bản số {notice_id}.", "notice")
    return _notice(row)


def _validate(draft: NoticeDraft) -> dict:
    kind, title = clean(draft.kind), clean(draft.title)
    if not kind:
        raise ValidationError("Loại văn bản không được để trống.", "kind")
    if not title:
        raise ValidationError("Trích yếu (tên văn bản) không được để trống.", "title")
    return {
        "kind": kind,
        "title": title,
        "number": clean(draft.number) if draft.number and draft.number.strip() else None,
        "issued_on": iso(draft.issued_on),
        "meeting_on": iso(draft.meeting_on),
        "issuer": clean(draft.issuer),
        "chaired_by": clean(draft.chaired_by),
        "signer": clean(draft.signer),
        "full_text": nfc(draft.full_text),
        "cited_documents": json.dumps(draft.cited_documents, ensure_ascii=False),
        "source_file": draft.source_file,
    }


def insert_notice(db, draft: NoticeDraft, by: str = "", notice_id: int | None = None) -> int:
    """Insert inside the caller's transaction."""
    stamp = now_text()
    row = _validate(draft) | {"created_at": stamp, "updated_at": stamp, "updated_by": by}
    if notice_id is not None:
        row["id"] = notice_id
    return db["notices"].insert(row).last_pk


def create_notice(store: Store, draft: NoticeDraft, by: str = "") -> int:
    with store.transaction() as db:
        notice_id = insert_notice(db, draft, by)
        _record(db, notice_id, "create", "title", None, draft.title, by)
    return notice_id


def _record(db, notice_id, action, fld, old, new, by) -> None:
    record_edit(db, "notice", notice_id, action, fld, old, new, by)


EDITABLE = ("kind", "title", "number", "issued_on", "meeting_on", "issuer", "chaired_by", "signer")


def edit_notice(
    store: Store,
    notice_id: int,
    changes: dict,
    *,
    by: str = "",
    expected_version: int | None = None,
) -> None:
    """Change fields of a notice (e.g. its number once known); each change
    is recorded with old and new value."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            f"Không sửa được trường: {', '.join(sorted(unknown))}.", sorted(unknown)[0]
        )
    with store.transaction() as db:
        old = store.row("SELECT * FROM notices WHERE id=?", [notice_id])
        if not old:
            raise NotFoundError(f"Không có văn bản số {notice_id}.", "notice")
        check_version(old, expected_version, "Văn bản")
        merged = NoticeDraft(
            **{k: old[k] for k in EDITABLE if k not in ("issued_on", "meeting_on")},
            issued_on=from_iso(old["issued_on"]),
            meeting_on=from_iso(old["meeting_on"]),
        )
        for key, value in changes.items():
            setattr(merged, key, value)
        new = _validate(merged)
        changed = False
        for key in EDITABLE:
            if new[key] != old[key]:
                db.execute(f"UPDATE notices SET {key}=? WHERE id=?", [new[key], notice_id])
                _record(db, notice_id, "edit", key, old[key], new[key], by)
                changed = True
        if changed:
            db.execute(
                "UPDATE notices SET version=version+1, updated_at=?, updated_by=? WHERE id=?",
                [now_text(), by, notice_id],
            )


def notice_history(store: Store, notice_id: int) -> list[dict]:
    return store.rows(
        "SELECT * FROM edits WHERE entity='notice' AND entity_id=? ORDER BY id DESC", [notice_id]
    )

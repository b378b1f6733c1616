"""Seeding a new database with the bundled notice and its reading."""

from __future__ import annotations

from cchc_tui.domain.dates import from_iso
from cchc_tui.domain.text import fold
from cchc_tui.resources import seed_data, seed_text
from cchc_tui.services.agencies import insert_agency
from cchc_tui.services.directive_editing import DirectiveDraft, insert_directive
from cchc_tui.services.memberships import insert_membership
from cchc_tui.services.notices import NoticeDraft, insert_notice
from cchc_tui.store.database import Store, now_text
from cchc_tui.store.indicator_seed import load_seed_indicators


def seed_database(store: Store) -> None:
    """Load settings, agencies, the notice and its directives (ids 1–7)."""
    data = seed_data()
    by = "Dữ liệu mẫu"
    with store.transaction() as db:
        stamp = now_text()
        for key, value in data["settings"].items():
            db.table("settings").insert(
                {"key": key, "value": value, "version": 1, "updated_at": stamp, "updated_by": by},
                ignore=True,
            )
        agency_ids = {}
        for agency in data["agencies"]:
            agency_ids[fold(agency["name"])] = insert_agency(
                db, agency["name"], agency["kind"], agency["aliases"], by
            )
        for agency in data.get("member_agencies", []):
            agency_ids[fold(agency["name"])] = insert_agency(
                db, agency["name"], "agency", agency["aliases"], by
            )
        for group, members in data.get("group_members", {}).items():
            for member in members:
                insert_membership(db, agency_ids[fold(group)], agency_ids[fold(member)], by)
        n = data["notice"]
        notice_id = insert_notice(
            db,
            NoticeDraft(
                kind=n["kind"],
                title=n["title"],
                number=n["number"],
                issued_on=from_iso(n["issued_on"]),
                meeting_on=from_iso(n["meeting_on"]),
                issuer=n["issuer"],
                chaired_by=n["chaired_by"],
                signer=n["signer"],
                full_text=seed_text(),
                cited_documents=n["cited_documents"],
                source_file=n["text_file"],
            ),
            by,
        )
        for d in data["directives"]:
            insert_directive(
                db,
                store,
                DirectiveDraft(
                    notice_id=notice_id,
                    number=d["number"],
                    title=d["title"],
                    content=d["content"],
                    deadline=from_iso(d["deadline"]),
                    deadline_text=d["deadline_text"],
                    leads=[agency_ids[fold(a)] for a in d["lead"]],
                    supports=[agency_ids[fold(a)] for a in d["support"]],
                ),
                by,
                directive_id=d["number"],
            )
        load_seed_indicators(db)
        store.set_state("initialised_as", "sample")

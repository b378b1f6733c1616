"""One line naming the active filters (shown beside the search box)."""

from __future__ import annotations

from cchc_tui.services.agencies import agency_names
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.notices import get_notice
from cchc_tui.store.database import Store

ARCHIVED_LABELS = {
    "active": "Đang theo dõi",
    "archived": "Đã lưu trữ",
    "all": "Tất cả (cả lưu trữ)",
}


def describe_filter(store: Store, flt: DirectiveFilter) -> str:
    """ "Lọc: Quá hạn · Cơ quan: Phòng Nội vụ" — empty when nothing filters."""
    parts = []
    if flt.statuses:
        parts.append(", ".join(s.label for s in flt.statuses))
    if flt.timeliness:
        parts.append(", ".join(t.label for t in flt.timeliness))
    if flt.agency_id is not None:
        name = agency_names(store, [flt.agency_id]).get(flt.agency_id) or "?"
        parts.append(f"Cơ quan: {name}")
    if flt.notice_id is not None:
        parts.append(f"Văn bản: {get_notice(store, flt.notice_id).label}")
    if flt.archived != "active":
        parts.append(ARCHIVED_LABELS[flt.archived])
    return ("Lọc: " + " · ".join(parts)) if parts else ""

"""Documents a notice cites: "Quyết định số 1879/QĐ-UBND ngày 15/12/2023 của
Chủ tịch UBND tỉnh" -> kind, number, date, issuer."""

from __future__ import annotations

import re

from cchc_tui.domain.dates import iso, make_date
from cchc_tui.domain.errors import ValidationError

_KINDS = (
    "Quyết định|Công văn|Báo cáo|Kế hoạch|Thông báo|Nghị định|Thông tư|Chỉ thị|Nghị quyết|"
    "Văn bản|Tờ trình|Hướng dẫn|Giấy phép|Kết luận|Chương trình|Đề án"
)
_CITATION = re.compile(
    rf"(?P<kind>{_KINDS})\s+số\s*:?\s*(?P<number>\d+\s*/\s*[\wĐđ\-–/.]*[\wĐđ])"
    r"(?:\s*,?\s*ngày\s+(?:(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})))?"
    r"(?:\s+của\s+(?P<issuer>[^,;.()\n]{3,80}?)(?=\s+(?:về|theo|chủ động|quy định|ban hành|và|đã|cho|tại)\b|[,;.()\n]|$))?",
    re.I,
)


def cited_documents(text: str) -> list[dict]:
    """Each cited document once (by number), in order of first citation."""
    seen: dict[str, dict] = {}
    for m in _CITATION.finditer(text):
        number = re.sub(r"\s+", "", m.group("number")).replace("–", "-").rstrip(".")
        if number in seen:
            continue
        day, month, year = (
            m.group("d") or m.group("d2"),
            m.group("m") or m.group("m2"),
            m.group("y") or m.group("y2"),
        )
        when = None
        if year:
            try:
                when = iso(make_date(int(year), int(month), int(day)))
            except ValidationError:
                when = None
        kind = m.group("kind")
        seen[number] = {
            "kind": kind[0].upper() + kind[1:],
            "number": number,
            "date": when,
            "issuer": (m.group("issuer") or "").strip(),
        }
    return list(seen.values())

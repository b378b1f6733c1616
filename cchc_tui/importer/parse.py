"""From a notice's text to a NoticeReading: header, directive section,
numbered items with their sub-items, leads, supports, deadlines, citations."""

from __future__ import annotations

import re

from cchc_tui.domain.dates import make_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.text import clean, fold
from cchc_tui.importer.agencies import Registry, find_mentions, tokenize
from cchc_tui.importer.citations import cited_documents
from cchc_tui.importer.cleanup import (
    drop_page_furniture,
    flatten_markdown,
    paragraphs,
    remove_footnote_markers,
    split_columns,
)
from cchc_tui.importer.deadlines import directive_deadline
from cchc_tui.importer.draft import AgencyRef, DirectiveDraftItem, NoticeImportError, NoticeReading
from cchc_tui.importer.header import parse_header
from cchc_tui.importer.roles import Context, read_roles

_ROMAN = re.compile(r"^([IVXLC]{1,6})\s*[.)/]\s+(.*)$")
_ITEM = re.compile(r"^(\d{1,2})\s*(?:[.)](?!\d)|[/\-–](?=\s))\s*(.*)$")
_INTRO = re.compile(
    r"(như sau|sau đây|các nội dung sau|nội dung (?:chủ yếu|cụ thể|trọng tâm) sau|"
    r"những việc sau|\bgiao\b|chỉ đạo|kết luận|yêu cầu|đề nghị|cụ thể)\s*:\s*$",
    re.I,
)
_DIRECTIVE_HEADINGS = re.compile(
    r"nhiem vu|giai phap|ket luan|chi dao|yeu cau|kien nghi|de xuat|to chuc thuc hien|phan cong|"
    r"\bgiao\b|trien khai|thoi gian toi"
)
_ASSESSMENT_HEADINGS = re.compile(
    r"danh gia|ket qua|tinh hinh|han che|ton tai|nguyen nhan|thuan loi|kho khan|boi canh"
)
_SIGNATURE = re.compile(
    r"^(?:KT\.|TM\.|TL\.|Q\.|PHÓ|TRƯỞNG|CHỦ TỊCH|GIÁM ĐỐC|CHÁNH|BÍ THƯ|NGƯỜI KÝ)", re.I
)


def parse_notice(
    text: str,
    registry: Registry | None = None,
    *,
    source_file: str = "",
    level: str | None = None,
) -> NoticeReading:
    """Read ``text`` (a notice's whole text) into a draft. Raises
    NoticeImportError when there are no numbered items to read."""
    name = source_file or "văn bản"
    registry = registry or Registry()
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    lines = flatten_markdown(raw_lines)
    lines, footnotes = drop_page_furniture(lines)
    head = parse_header(lines)
    body = lines[head.end :]
    for k, line in enumerate(body):
        cells = split_columns(line)
        if cells and fold(cells[0]).startswith("noi nhan"):
            body = body[:k]
            break
    paras = [remove_footnote_markers(p, footnotes) for p in paragraphs(body)]

    reading = NoticeReading(
        kind=head.kind,
        title=head.title,
        number=head.number,
        issued_on=head.issued_on,
        place=head.place,
        issuer=head.issuer,
        addressees=head.addressees,
        full_text=text.strip(),
        source_file=source_file,
        warnings=list(head.warnings),
    )
    if not reading.issuer:
        m = re.search(
            r"(?:Kết luận|Ý kiến (?:kết luận|chỉ đạo))\s+của\s+(.+?)(?:\s+(?:tại|về)\b|$)",
            reading.title,
            re.I,
        )
        if m:
            reading.issuer = clean(m.group(1))
    meeting = re.search(
        r"^\s*(?:(?:Sáng|Chiều|Tối|Vào)\s+)?(?:ngày|Hôm nay,? ngày)\s+(\d{1,2})\s*(?:/|\s+tháng\s+)(\d{1,2})"
        r"\s*(?:/|\s+năm\s+)(\d{4})",
        "\n".join(paras),
        re.M | re.I,
    )
    if meeting:
        try:
            reading.meeting_on = make_date(
                int(meeting.group(3)), int(meeting.group(2)), int(meeting.group(1))
            )
        except ValidationError:
            pass
    if not reading.title:
        reading.title = _fallback_title(reading)
        reading.warnings.append(
            "Không thấy trích yếu của văn bản; hãy sửa tên văn bản trước khi lưu."
        )

    ctx = Context(
        registry=registry,
        issuer_keys=_issuer_keys(reading, head.parent),
        level=level or _level(reading, head.parent, paras),
    )
    ctx.addressees = [_addressee_ref(a, registry) for a in reading.addressees]
    items, intro = _items(paras)
    if not items:
        raise NoticeImportError(
            f"Không tìm thấy nhiệm vụ nào được đánh số (1., 2., …) trong '{name}'. "
            "Văn bản cần có các mục đánh số để nhập thành nhiệm vụ."
        )
    default_leads = _intro_leads(intro, ctx)
    notice_date = reading.issued_on or reading.meeting_on
    for number, item_paras in enumerate(items, start=1):
        first = _ITEM.match(item_paras[0])
        heading = first.group(2).strip() if first else item_paras[0]
        content = "\n".join([heading, *item_paras[1:]]).strip()
        content = re.sub(r"\s*\./\.\s*$", ".", content)
        has_subitems = len(item_paras) > 1
        roles = read_roles(content, ctx, heading=heading if has_subitems else "")
        leads = roles.leads or list(default_leads)
        supports = [s for s in roles.supports if fold(s.name) not in {fold(x.name) for x in leads}]
        deadline, deadline_text = directive_deadline(content, notice_date)
        reading.directives.append(
            DirectiveDraftItem(
                number=number,
                title=_directive_title(heading, has_subitems),
                content=content,
                leads=leads,
                supports=supports,
                deadline=deadline,
                deadline_text=deadline_text,
            )
        )
        if not leads:
            reading.warnings.append(f"Nhiệm vụ {number}: chưa xác định được cơ quan chủ trì.")
    reading.cited_documents = cited_documents("\n".join(paras))
    return reading


def _fallback_title(reading: NoticeReading) -> str:
    parts = [reading.kind]
    if reading.number:
        parts.append(f"số {reading.number}")
    if reading.issued_on:
        parts.append(f"ngày {reading.issued_on:%d/%m/%Y}")
    return " ".join(parts)


def _issuer_keys(reading: NoticeReading, parent: str) -> set[str]:
    """The issuing body is not an assignee of its own letter, unless it only
    publishes someone else's conclusions ("Kết luận của Chủ tịch UBND huyện")."""
    if not reading.issuer:
        return set()
    key = fold(reading.issuer)
    speaker = re.search(
        r"(?:ket luan|y kien chi dao) cua (.+?)(?: tai | ve |$)", fold(reading.title)
    )
    if speaker and key not in speaker.group(1) and speaker.group(1) not in key:
        return set()
    return {key}


def _level(reading: NoticeReading, parent: str, paras: list[str]) -> str:
    who = fold(f"{parent} {reading.issuer}")
    if re.search(r"\b(chinh phu|thu tuong|quoc hoi)\b|^bo\b", who):
        return "central"
    if re.search(r"\b(tinh|so)\b", who):
        return "province"
    if re.search(r"\b(huyen|quan|thi xa|xa|phuong)\b", who):
        return "district"
    text = fold(" ".join(paras[:5]))
    if text.count("huyen") > text.count("tinh"):
        return "district"
    return "unknown"


def _addressee_ref(name: str, registry: Registry) -> AgencyRef:
    toks = tokenize(name)
    if toks:
        known = registry.match(toks, 0)
        if known and known[0] == len(toks):
            return known[1]
    kind = "group" if fold(name).startswith("cac ") or " cac " in fold(name) else "agency"
    return AgencyRef(name, None, kind)


def _items(paras: list[str]) -> tuple[list[list[str]], str]:
    """Numbered items of the directive section, each with its following
    paragraphs (sub-items, continuations); and the paragraph introducing them."""
    romans = [(i, _ROMAN.match(p)) for i, p in enumerate(paras)]
    romans = [(i, m) for i, m in romans if m and len(paras[i]) < 200]
    regions: list[tuple[int, int]] = []
    if romans:
        bounds = [i for i, _ in romans] + [len(paras)]
        chosen, neutral = [], []
        for (i, m), end in zip(romans, bounds[1:], strict=False):
            heading = fold(m.group(2))
            if _DIRECTIVE_HEADINGS.search(heading):
                chosen.append((i + 1, end))
            elif not _ASSESSMENT_HEADINGS.search(heading):
                neutral.append((i + 1, end))
        for region in chosen or neutral:
            if any(_ITEM.match(p) for p in paras[region[0] : region[1]]):
                regions.append(region)
    if not regions:
        start = 0
        for k, p in enumerate(paras):
            if _INTRO.search(p) and any(_item_number(q) == 1 for q in paras[k + 1 :]):
                start = k + 1
                break
        end = (
            next((r for r, _ in romans if r > start), len(paras))
            if romans and start
            else len(paras)
        )
        if not any(_item_number(p) == 1 for p in paras[start:end]):
            end = len(paras)
        regions = [(start, end)]
    items: list[list[str]] = []
    intro = paras[regions[0][0] - 1] if regions[0][0] > 0 else ""
    for start, end in regions:
        expected = 1
        current: list[str] | None = None
        for p in paras[start:end]:
            number = _item_number(p)
            if number == expected:
                current = [p]
                items.append(current)
                expected += 1
                if _is_closing(p):
                    break
                continue
            if current is None:
                if expected == 1 and _INTRO.search(p):
                    intro = p
                continue
            if _is_closing(p) or _is_signature(p):
                break
            current.append(p)
    return items, intro


def _item_number(paragraph: str) -> int | None:
    m = _ITEM.match(paragraph)
    return int(m.group(1)) if m else None


def _is_closing(p: str) -> bool:
    f = fold(p)
    if p.rstrip().endswith("/.") or p.rstrip().endswith("./"):
        return True
    if f.startswith(("tren day la", "nay, ", "nay ", "noi nhan")):
        return True
    return (
        len(p) < 400
        and re.search(r"\bthong bao\b.{0,120}\b(biet|thuc hien)\b", f) is not None
        and not _ITEM.match(p)
    )


def _is_signature(p: str) -> bool:
    letters = [ch for ch in p if ch.isalpha()]
    upper = letters and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)
    return bool(upper and len(p) < 80 and _SIGNATURE.match(p))


def _intro_leads(intro: str, ctx: Context) -> list[AgencyRef]:
    """Names after "yêu cầu / đề nghị / giao" in the sentence that introduces the items."""
    toks = tokenize(intro)
    mentions = {m.start: m for m in find_mentions(intro, toks, ctx.registry)}
    out: list[AgencyRef] = []
    for k, tok in enumerate(toks):
        if (tok.key, toks[k + 1].key if k + 1 < len(toks) else "") in (
            ("yeu", "cau"),
            ("de", "nghi"),
        ) or tok.key == "giao":
            start = k + 1 if tok.key == "giao" else k + 2
            while start in mentions:
                ref = ctx.resolve(mentions[start])
                if ref is not None:
                    out.append(ref)
                nxt = mentions[start].end
                while nxt < len(toks) and (toks[nxt].text == "," or toks[nxt].key == "va"):
                    nxt += 1
                start = nxt
    if not out and ctx.addressees:
        out = list(ctx.addressees)
    return out


def _directive_title(heading: str, has_subitems: bool) -> str:
    heading = heading.strip()
    if has_subitems and len(heading) <= 160 and not heading.endswith("."):
        return heading.rstrip(":").strip() or heading
    first = re.split(r";|\.(?=\s+[A-ZĐÀ-Ỹ])|:\s", heading, maxsplit=1)[0].strip()
    if len(first) > 120:
        cut = first[:120].rsplit(" ", 1)[0]
        first = cut.rstrip(",;: ") + "…"
    return first.rstrip(".") or heading[:120]

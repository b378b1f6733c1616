"""From a notice's text to a NoticeReading: header, structure (which parts
are directives), then for each directive its leads, supports and deadline
from, in order, a table's columns or field layouts ("Cơ quan chủ trì: …"),
an agency heading ("2. Sở Y tế:"), the sentences, and what the document
implies (the sentence introducing the list, the addressees)."""

from __future__ import annotations

import re
from datetime import date

from cchc_tui.domain.dates import make_date
from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.text import clean, fold
from cchc_tui.importer.agencies import Registry, body_name, find_mentions, tokenize
from cchc_tui.importer.citations import cited_documents
from cchc_tui.importer.cleanup import (
    drop_page_furniture,
    normalize,
    paragraphs,
    remove_footnote_markers,
)
from cchc_tui.importer.deadlines import closing_deadline, directive_deadline, split_by_deadline
from cchc_tui.importer.draft import (
    HIGH,
    LOW,
    AgencyRef,
    DirectiveDraftItem,
    NoticeImportError,
    NoticeReading,
)
from cchc_tui.importer.fields import parse_field, time_value
from cchc_tui.importer.header import parse_header
from cchc_tui.importer.items import Layout, Unit, layout
from cchc_tui.importer.roles import Context, Roles, heading_agencies, intro_leads, read_roles
from cchc_tui.importer.structure import split_parts

MAX_DIRECTIVES = 500
_REPORT_ANNEX = re.compile(
    r"\b(tong hop|ket qua|tinh hinh|bao cao|cham muon|qua han|danh sach|thong ke|tien do thuc hien)\b"
)


def parse_notice(
    text: str,
    registry: Registry | None = None,
    *,
    source_file: str = "",
    level: str | None = None,
) -> NoticeReading:
    """Read ``text`` (a notice's whole text) into a draft. Raises
    NoticeImportError when no part of it assigns work to someone."""
    name = source_file or "văn bản"
    registry = registry or Registry()
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    lines = normalize(raw_lines)
    lines, footnotes = drop_page_furniture(lines)
    head = parse_header(lines)
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
    parts = split_parts(lines[head.end :])
    layouts: list[tuple[str, Layout, list[str]]] = []
    all_paras: list[str] = []
    for part in parts:
        lines = part.lines[1:] if part.kind != "main" else part.lines  # the attachment's kind line
        paras = [remove_footnote_markers(p, footnotes) for p in paragraphs(lines)]
        all_paras += paras
        kind = part.kind
        if kind == "phu luc" and _REPORT_ANNEX.search(fold(part.title)):
            kind = "bao cao"  # a summary of past tasks, not tasks to do
        layouts.append((kind, layout(paras, attachment=kind, letter=head.letter), paras))
    if not reading.issuer:
        m = re.search(
            r"(?:Kết luận|Ý kiến (?:kết luận|chỉ đạo))\s+của\s+(.+?)(?:\s+(?:tại|về)\b|$)",
            reading.title,
            re.I,
        )
        if m:
            reading.issuer = clean(m.group(1))
    reading.meeting_on = _meeting_date(all_paras[:12])
    if not reading.title:
        reading.title = _fallback_title(reading)
        reading.warnings.append(
            "Không thấy trích yếu của văn bản; hãy sửa tên văn bản trước khi lưu."
        )
    ctx = Context(
        registry=registry,
        issuer_keys=_issuer_keys(reading),
        level=level or _level(reading, head.parent, all_paras),
    )
    ctx.addressees = [_addressee_ref(a, registry) for a in reading.addressees]
    # a telegram names the assignee in every item; a letter's items are for its addressees
    ctx.letter_defaults = reading.kind != "Công điện"
    notice_date = reading.issued_on or reading.meeting_on
    units = [u for _, lay, _ in layouts for u in lay.units]
    if not units:
        numbered = any(lay.numbered for _, lay, _ in layouts)
        raise NoticeImportError(_refusal(name, numbered))
    tail = [p for _, lay, _ in layouts for p in lay.tail]
    shared = closing_deadline(tail, notice_date)
    items: list[DirectiveDraftItem] = []
    for unit in units:
        for item in _read_unit(unit, ctx, notice_date, shared):
            item.number = len(items) + 1
            items.append(item)
        if len(items) >= MAX_DIRECTIVES:
            reading.warnings.append(
                f"Văn bản có hơn {MAX_DIRECTIVES} mục; chỉ đọc {MAX_DIRECTIVES} mục đầu."
            )
            break
    if not any(item.leads for item in items):
        raise NoticeImportError(_refusal(name, True))
    letterhead = head.kind_found or reading.number or reading.issued_on or head.issuer
    if not letterhead and sum(1 for item in items if item.leads) < 0.3 * len(items):
        # numbered text that is not a document of an office (an encyclopedia
        # article, notes) and where almost nothing names who does it
        raise NoticeImportError(_refusal(name, True))
    if any(item.leads for item in items):
        for item in items:
            if not item.leads:
                item.selected = False  # assessment, purposes: the person may tick it
    reading.directives = items
    for item in items:
        if item.selected and not item.leads:
            reading.warnings.append(f"Nhiệm vụ {item.number}: chưa xác định được cơ quan chủ trì.")
    reading.cited_documents = cited_documents("\n".join(all_paras))
    reading.confidence = _notice_confidence(reading, head)
    return reading


def _refusal(name: str, numbered: bool) -> str:
    if numbered:
        return (
            f"Không tìm thấy nhiệm vụ nào trong '{name}': không mục nào giao việc cho một "
            "cơ quan (văn bản chỉ ban hành, công bố hoặc quy định). Văn bản cần có các mục "
            "đánh số (1., 2., …) giao việc để nhập thành nhiệm vụ."
        )
    return (
        f"Không tìm thấy nhiệm vụ nào được đánh số (1., 2., …) trong '{name}'. "
        "Văn bản cần có các mục đánh số giao việc để nhập thành nhiệm vụ."
    )


def _meeting_date(paras: list[str]) -> date | None:
    meeting = re.search(
        r"^\s*(?:(?:Sáng|Chiều|Tối|Vào)\s+)?(?:ngày|Hôm nay,? ngày)\s+(\d{1,2})\s*(?:/|\s+tháng\s+)(\d{1,2})"
        r"\s*(?:/|\s+năm\s+)(\d{4})",
        "\n".join(paras),
        re.M | re.I,
    )
    if not meeting:
        return None
    try:
        return make_date(int(meeting.group(3)), int(meeting.group(2)), int(meeting.group(1)))
    except ValidationError:
        return None


def _notice_confidence(reading: NoticeReading, head) -> dict[str, str]:
    return {
        "kind": HIGH if head.kind else LOW,
        "number": HIGH if reading.number else LOW,
        "issued_on": HIGH if reading.issued_on else LOW,
        "issuer": HIGH if head.issuer else LOW,
        "title": HIGH if head.title else LOW,
    }


# -- one directive --------------------------------------------------------------------


def _read_unit(
    unit: Unit, ctx: Context, notice_date: date | None, shared
) -> list[DirectiveDraftItem]:
    content = re.sub(r"\s*\./\.\s*$", ".", unit.content())
    roles = Roles()
    doubts: dict[str, str] = {}
    lead_level = support_level = HIGH
    # 1. a table's columns, field layouts
    deadline_field = None
    for f in unit.fields:
        if f.role == "lead":
            _add_field_names(roles, "lead", f.value, ctx)
        elif f.role == "support":
            _add_field_names(roles, "support", f.value, ctx)
        elif f.role == "deadline" and deadline_field is None:
            deadline_field = f.value
    # 2. an agency heading ("2. Sở Y tế:", "**2. Giao Sở Nội vụ**")
    heading_refs = heading_agencies(unit.heading, ctx) if unit.kind in ("item", "record") else []
    for ref in heading_refs:
        roles.add("lead", ref)
    # 3. the sentences (not the field lines): when a field names the lead,
    # the sentences only describe the work
    text = "\n".join(line for line in content.split("\n") if not _is_field_line(line))
    if not any(f.role == "lead" for f in unit.fields):
        sentence_roles = read_roles(
            text,
            ctx,
            heading=unit.heading if unit.has_subitems and not heading_refs else "",
            subject=heading_refs or None,
        )
        if unit.has_subitems and _INTRO_END.search(fold(unit.heading)) and "\n" in text:
            # "… yêu cầu các bộ, ngành thực hiện các nhiệm vụ sau:" introduces
            # points that name their own leads: those are the leads
            points = read_roles(text.split("\n", 1)[1], ctx)
            if points.leads:
                sentence_roles = points
        for ref in sentence_roles.leads:
            roles.add("lead", ref)
        for ref in sentence_roles.supports:
            roles.add("support", ref)
    # 4. what the document implies
    if not roles.leads:
        implied = []
        for source in [unit.intro, *reversed(unit.context)]:
            implied = intro_leads(source, ctx)
            if implied:
                # "Giao Sở X chủ trì, phối hợp với Y … có trách nhiệm:" carries its supports
                for ref in read_roles(source, ctx).supports:
                    roles.add("support", ref)
                break
        if not implied and ctx.addressees and ctx.letter_defaults:
            implied = list(ctx.addressees)
            doubts["lead"] = "theo nơi nhận (Kính gửi)"
        elif implied:
            doubts["lead"] = "suy ra từ câu dẫn của mục"
        for ref in implied:
            roles.add("lead", ref)
        if roles.leads:
            lead_level = LOW
    leads = roles.leads
    supports = [s for s in roles.supports if fold(s.name) not in {fold(x.name) for x in leads}]
    if not leads:
        lead_level = LOW
        doubts["lead"] = "không thấy cơ quan chủ trì"
    vague = [r.name for r in leads if r.is_new and r.kind == "group"]
    if vague and lead_level == HIGH:
        lead_level = LOW
        doubts["lead"] = "tên chung, chưa khớp nhóm nào: " + "; ".join(vague)
    vague = [r.name for r in supports if r.is_new and r.kind == "group"]
    if vague:
        support_level = LOW
        doubts["support"] = "tên chung, chưa khớp nhóm nào: " + "; ".join(vague)
    # deadline
    deadline_level = HIGH
    if deadline_field is not None:
        deadline, deadline_text, certain = time_value(deadline_field, notice_date)
        if deadline is None and deadline_text == "" and not certain:
            deadline_level = LOW
        if not certain:
            deadline_level = LOW
            doubts["deadline"] = f"thời gian ghi '{clean(deadline_field)[:60]}'"
    else:
        deadline, deadline_text = directive_deadline(text, notice_date)
        if deadline is not None and re.search(r"kể từ|\d+ ngày", deadline_text):
            deadline_level = LOW
            doubts["deadline"] = "tính từ ngày ban hành văn bản"
        elif deadline is not None and not re.search(r"\d{4}", deadline_text):
            deadline_level = LOW
            doubts["deadline"] = "không ghi năm, lấy năm của văn bản"
    if deadline is None and shared is not None:
        deadline, deadline_text = shared.on, shared.text
        deadline_level = LOW
        doubts["deadline"] = "thời hạn chung ở cuối văn bản"
    title = _directive_title(unit)
    item = DirectiveDraftItem(
        number=0,
        title=title,
        content=content,
        leads=leads,
        supports=supports,
        deadline=deadline,
        deadline_text=deadline_text,
        label=unit.label,
        confidence={
            "title": HIGH if len(title) <= 120 and not title.endswith("…") else LOW,
            "lead": lead_level,
            "support": support_level,
            "deadline": deadline_level,
        },
        doubts=doubts,
    )
    pieces = split_by_deadline(
        deadline_field if deadline_field is not None else text, ctx, notice_date
    )
    if len(pieces) >= 2:
        return _split(item, pieces)
    return [item]


def _split(item: DirectiveDraftItem, pieces) -> list[DirectiveDraftItem]:
    """One item with different deadlines for different agencies: one
    directive per deadline, each with the agencies of that deadline."""
    out = []
    for n, piece in enumerate(pieces, start=1):
        copy = DirectiveDraftItem(
            number=0,
            title=item.title,
            content=item.content,
            leads=piece.leads,
            supports=[
                s for s in item.supports if fold(s.name) not in {fold(x.name) for x in piece.leads}
            ],
            deadline=piece.on,
            deadline_text=piece.text,
            label=f"{item.label} ({n})" if item.label else f"({n})",
            confidence=dict(item.confidence),
            doubts=dict(item.doubts),
        )
        copy.doubts["deadline"] = "một mục có nhiều thời hạn cho các cơ quan khác nhau: đã tách"
        copy.confidence["deadline"] = LOW
        out.append(copy)
    return out


_INTRO_END = re.compile(r"(nhu sau|sau day|sau|cu the)\s*:?\s*$")
_FIELD_LINE = re.compile(
    r"^\s*[-+.•]?\s*(cơ quan|đơn vị|thời gian|thời hạn|chủ trì|phối hợp|tiến độ|sản phẩm)[^:]{0,40}:",
    re.I,
)


def _is_field_line(line: str) -> bool:
    """A line of a field layout ("- Cơ quan chủ trì: …"), read as a field."""
    if not _FIELD_LINE.match(line):
        return False
    return parse_field(re.sub(r"^\s*[-+.•]\s*", "", line)) is not None


def _add_field_names(roles: Roles, role: str, value: str, ctx: Context) -> None:
    """The agencies written in a field or a table cell: a sentence ("Sở X chủ
    trì, phối hợp với …", "Bộ A tiến hành rà soát …; các bộ … rà soát") is
    read as one; a list ("Sở A; các cơ quan liên quan") gives each name, and
    a piece that is no known shape is kept as written."""
    value = clean(value).strip(" .;")
    if not value:
        return
    if role == "lead":
        sentence = read_roles(value, ctx)
        if sentence.leads and (sentence.supports or _has_predicate(value, ctx)):
            for ref in sentence.leads:
                roles.add("lead", ref)
            for ref in sentence.supports:
                roles.add("support", ref)
            return
    pieces = re.split(
        r"\s*;\s*|\s+và\s+(?=(?:các\s+)?(?:cơ quan|đơn vị|địa phương|tổ chức|doanh nghiệp)\b)",
        value,
    )
    for piece in pieces:
        piece = piece.strip(" .,;")
        if not piece:
            continue
        toks = tokenize(piece)
        mentions = find_mentions(piece, toks, ctx.registry)
        covered = sum(m.end - m.start for m in mentions)
        if mentions and covered >= 0.5 * max(1, len(toks)):
            spans = []
            last = 0
            for m in mentions:
                spans.append((last, m.start))
                last = m.end
                resolved = ctx.resolve(m)
                if resolved is not None:
                    roles.add(role, resolved)
            spans.append((last, len(toks)))
            for a, b in spans:  # ", cơ quan, tổ chức khác có liên quan" between the names
                words = [t for t in toks[a:b] if t.is_word]
                if words and words[0].key not in ("va", "cung") or len(words) > 1:
                    rest = piece[toks[a].start : toks[b - 1].end].strip(" ,;.") if b > a else ""
                    rest = re.sub(r"^(và|cùng)\s+", "", rest)
                    if (
                        rest
                        and len(rest.split()) >= 2
                        and re.match(
                            r"^(các |cơ quan|đơn vị|tổ chức|địa phương|doanh nghiệp)", rest, re.I
                        )
                    ):
                        name = rest[:1].upper() + rest[1:]
                        roles.add(role, ctx.registry.lookup(name) or AgencyRef(name, None, "group"))
        elif any(t.is_word for t in toks):
            name = body_name(piece)
            key = fold(name)
            kind = "group" if key.startswith("cac ") else "agency"
            ref = ctx.registry.lookup(name) or AgencyRef(name[:1].upper() + name[1:], None, kind)
            roles.add(role, ref)


def _has_predicate(value: str, ctx: Context) -> bool:
    """A field's value that is a sentence: a name followed by a verb."""
    from cchc_tui.importer.agencies import _is_stop

    toks = tokenize(value)
    ends = {m.end for m in find_mentions(value, toks, ctx.registry)}
    return any(k in ends and t.lower and _is_stop(toks, k) for k, t in enumerate(toks))


def _directive_title(unit: Unit) -> str:
    heading = unit.heading.strip()
    if unit.kind == "row":
        heading = unit.blocks[0].text
    has_subitems = unit.has_subitems
    if has_subitems and len(heading) <= 160 and not heading.endswith("."):
        return heading.rstrip(":").strip() or heading
    first = re.split(r";|\.(?=\s+[A-ZĐÀ-Ỹ])|:\s", heading, maxsplit=1)[0].strip()
    if len(first) > 120:
        cut = first[:120].rsplit(" ", 1)[0]
        first = cut.rstrip(",;: ") + "…"
    return first.rstrip(".") or heading[:120]


# -- the document as a whole -------------------------------------------------------------


def _fallback_title(reading: NoticeReading) -> str:
    parts = [reading.kind]
    if reading.number:
        parts.append(f"số {reading.number}")
    if reading.issued_on:
        parts.append(f"ngày {reading.issued_on:%d/%m/%Y}")
    return " ".join(parts)


def _issuer_keys(reading: NoticeReading) -> set[str]:
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
    keys = {key}
    # "ỦY BAN NHÂN DÂN TỈNH BẮC NINH" is also "UBND tỉnh", "Ủy ban nhân dân tỉnh"
    m = re.match(r"^(uy ban nhan dan|ubnd) (tinh|thanh pho|huyen|quan|thi xa|xa|phuong)\b", key)
    if m:
        keys |= {
            f"uy ban nhan dan {m.group(2)}",
            f"ubnd {m.group(2)}",
            key.replace("uy ban nhan dan", "ubnd"),
        }
    return keys


def _level(reading: NoticeReading, parent: str, paras: list[str]) -> str:
    who = fold(f"{parent} {reading.issuer}")
    if re.search(r"\b(chinh phu|thu tuong|quoc hoi)\b|^bo\b", who):
        return "central"
    if re.search(r"\b(tinh|so|thanh pho)\b", who):
        return "province"
    if re.search(r"\b(huyen|quan|thi xa|xa|phuong)\b", who):
        return "district"
    text = fold(" ".join(paras[:5]))
    if text.count("huyen") > text.count("tinh"):
        return "district"
    return "unknown"


def _addressee_ref(name: str, registry: Registry) -> AgencyRef:
    name = body_name(name)
    known = registry.lookup(name)
    if known:
        return known
    key = fold(name)
    kind = "group" if key.startswith("cac ") or " cac " in key else "agency"
    return AgencyRef(name[:1].upper() + name[1:], None, kind)

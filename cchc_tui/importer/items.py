"""Which parts of a notice are directives. Rules, in order:

- sections (I., II. … or Phần/Chương) about purposes, targets, assessment,
  results, funding are not read; sections about tasks, solutions,
  conclusions, assignments and "Tổ chức thực hiện" are;
- in a decision (Quyết định), the articles that only adopt, publish, repeal,
  take effect or order execution ("… chịu trách nhiệm thi hành Quyết định
  này") are not tasks; an article that assigns work is, or its numbered
  points are; a plan attached after the signature is read like a plan;
- within a section, each numbered item is a directive; an item numbered
  with sub-numbers (1.1., 1.2.) gives one directive per sub-number; an item
  whose points each carry their own "Cơ quan chủ trì: …" gives one per point;
- each row of a table of tasks is a directive;
- a letter without numbered items whose body assigns work is one directive."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc_tui.domain.text import fold
from cchc_tui.importer.fields import FieldLine, parse_field
from cchc_tui.importer.structure import ITEM_SCHEMES, Block, Node, build_tree
from cchc_tui.importer.tables import task_columns

_TASK_SECTION = re.compile(
    r"\b(nhiem vu|giai phap|ket luan|chi dao|yeu cau|kien nghi|de xuat|to chuc thuc hien|phan cong|"
    r"trach nhiem|giao|trien khai|thoi gian toi|noi dung|hoat dong|cong viec|bao cao|theo doi)"
)
_OTHER_SECTION = re.compile(
    r"\b(muc dich|muc tieu|quan diem|pham vi|doi tuong|danh gia|ket qua|tinh hinh|boi canh|han che|"
    r"ton tai|nguyen nhan|thuan loi|kho khan|kinh phi|nguon von|nguon luc|can cu|su can thiet|"
    r"chi tieu|phuong phap|cac buoc|dinh huong|tam nhin|thanh phan|giai thich)"
)
_BOILERPLATE = re.compile(
    r"^(ban hanh kem theo|cong bo kem theo|phe duyet|cong bo|bai bo|bai bo|ap dung|sua doi|"
    r"(quyet dinh|chi thi|ke hoach) nay (co hieu luc|thay the|sua doi)|hieu luc|co hieu luc|"
    r"thay the|vi tri va chuc nang|vi tri, chuc nang|co cau to chuc|nhiem vu va quyen han|"
    r"nhiem vu, quyen han|pham vi dieu chinh|doi tuong ap dung|giai thich tu ngu)"
)
_EXECUTION = re.compile(
    r"chiu trach nhiem thi hanh|thi hanh quyet dinh nay|chiu trach nhiem (to chuc )?thuc hien quyet dinh"
    r"|can cu quyet dinh (nay )?thi hanh|chiu trach nhiem thi hanh chi thi"
)
_CLOSING_START = re.compile(
    r"^(tren day la|nay,? |noi nhan|van phong chinh phu (xin |tran trong )?thong bao|"
    r".{0,60} (tran trong )?thong bao (de|den|cho) .{0,120}\b(biet|thuc hien)|"
    r".{0,40} tra loi de .{0,80} biet)"
)
_INTRO = re.compile(
    r"(nhu sau|sau day|cac noi dung sau|noi dung (chu yeu|cu the|trong tam) sau|nhung viec sau|"
    r"\bgiao\b|chi dao|ket luan|yeu cau|de nghi|cu the|trong tam sau|mot so noi dung sau|sau)\s*:\s*$"
)


@dataclass
class Unit:
    """One directive to be read: the paragraphs it is made of and what
    surrounds it (the headings above it, the sentence introducing its list)."""

    blocks: list[Block]
    label: str = ""
    heading: str = ""  # its own heading (without the number)
    context: list[str] = field(default_factory=list)  # headings above it, outermost first
    intro: str = ""  # the paragraph introducing its list ("… thực hiện các nhiệm vụ sau:")
    fields: list[FieldLine] = field(default_factory=list)
    kind: str = "item"  # "item" | "record" | "row" | "letter"
    has_subitems: bool = False

    def content(self) -> str:
        if not self.blocks:
            return ""
        first = self.blocks[0]
        lines = [first.text if self.kind != "letter" else first.raw]
        lines += [b.raw for b in self.blocks[1:]]
        return "\n".join(x for x in lines if x.strip()).strip()


@dataclass
class Layout:
    units: list[Unit]
    tail: list[str]  # paragraphs after the last item (closing sentences)
    numbered: bool  # the text has numbered items at all


def is_closing(paragraph: str) -> bool:
    text = paragraph.strip()
    key = fold(text)
    if re.match(r"^\d", text):
        return False
    return bool(_CLOSING_START.match(key)) or (text.endswith("/.") and len(text) < 400)


def section_kind(heading: str) -> str:
    """ "task", "other" or "neutral" for a section heading."""
    key = fold(heading)[:160]
    task = _TASK_SECTION.search(key)
    other = _OTHER_SECTION.search(key)
    if other and (not task or other.start() < task.start()):
        return "other"
    if task:
        return "task"
    return "neutral"


def layout(paragraphs: list[str], *, attachment: str = "main", letter: bool = False) -> Layout:
    """The directives of one part of a document (its main text or an attachment)."""
    body, tail = _cut_closing(paragraphs)
    tree = build_tree(body)
    units: list[Unit] = []
    numbered = any(c.scheme in ITEM_SCHEMES | {"roman", "article", "part"} for c in tree.children)
    if attachment in ("main", "ke hoach", "chuong trinh", "phuong an", "de an"):
        units += _outline(tree, [])
    if attachment in ("main", "ke hoach", "chuong trinh", "phuong an", "de an", "phu luc"):
        units += _tables(tree)  # not the steps of a procedure, not a list of procedures
    if not units and letter and attachment == "main":
        units += _letter(tree)
    return Layout(units, tail, numbered)


def _cut_closing(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    seen_item = False
    for k, p in enumerate(paragraphs):
        if re.match(r"^\s*(\d{1,3}|[IVX]{1,5})\s*[.)]", p):
            seen_item = True
        if seen_item and is_closing(p):
            keep = _is_item(p) or bool(_EXECUTION.search(fold(p)))  # the last article's end
            return paragraphs[: k + (1 if keep else 0)], paragraphs[k:]
    return paragraphs, []


def _is_item(p: str) -> bool:
    return bool(re.match(r"^\s*\d{1,3}\s*[.)]", p))


def _outline(root: Node, context: list[str]) -> list[Unit]:
    children = root.children
    schemes = {c.scheme for c in children}
    if "part" in schemes:
        out = []
        for c in children:
            if c.scheme == "part" and section_kind(c.heading) != "other":
                out += _outline(c, [*context, c.heading])
        return out
    if "article" in schemes:
        out = []
        for c in children:
            if c.scheme == "article":
                out += _article(c, context)
        return out
    if "roman" in schemes:
        sections = [c for c in children if c.scheme == "roman"]
        kinds = [section_kind(_section_text(c)) for c in sections]
        chosen = [c for c, k in zip(sections, kinds, strict=True) if k == "task"]
        if not chosen:
            chosen = [c for c, k in zip(sections, kinds, strict=True) if k == "neutral"]
        out = []
        for c in chosen:
            out += _section(c, [*context, c.heading])
        return out
    return _section(root, context)


def _section_text(node: Node) -> str:
    """A section's heading; a heading in capitals broken from its number
    ("III." / "NHIỆM VỤ …") is its first paragraph."""
    if node.heading.strip():
        return node.heading
    return node.extra[0].text if node.extra else ""


def _intro(node: Node) -> str:
    """The sentence introducing a list: the last unnumbered paragraph before
    the first item, or the heading's own text when it ends with ':'."""
    for block in reversed(node.extra):
        if block.text.strip():
            return block.text
    return node.heading if node.heading.rstrip().endswith(":") else node.heading


def _section(node: Node, context: list[str]) -> list[Unit]:
    items = [c for c in node.children if c.scheme in ITEM_SCHEMES]
    if not items:
        return []
    first = next(
        s
        for s in ("arabic", "decimal2", "decimal3", "paren", "letter")
        if any(c.scheme == s for c in items)
    )
    items = [c for c in items if c.scheme == first]
    intro = _intro(node)
    out: list[Unit] = []
    for item in items:
        out += _item(item, context, intro)
    return out


def _item(node: Node, context: list[str], intro: str) -> list[Unit]:
    sub = "decimal2" if node.scheme == "arabic" else "decimal3" if node.scheme == "decimal2" else ""
    subs = [c for c in node.children if c.scheme == sub] if sub else []
    if len(subs) >= 2:
        inner_intro = _intro(node) if node.extra else node.heading
        out: list[Unit] = []
        for child in subs:
            out += _item(child, [*context, node.heading], inner_intro)
        return out
    blocks = node.blocks()
    records = _records(blocks[1:])
    label = node.label()
    if len(records) >= 2:
        out = []
        for n, (record_blocks, record_fields) in enumerate(records, start=1):
            out.append(
                Unit(
                    record_blocks,
                    f"{label}.{n}" if label else str(n),
                    heading=record_blocks[0].text if record_blocks else "",
                    context=[*context, node.heading],
                    intro=intro,
                    fields=record_fields,
                    kind="record",
                )
            )
        return out
    fields = [f for _, fs in records for f in fs]
    return [
        Unit(
            blocks,
            label,
            heading=node.heading,
            context=context,
            intro=intro,
            fields=fields,
            has_subitems=len(blocks) > 1,
        )
    ]


def _records(blocks: list[Block]) -> list[tuple[list[Block], list[FieldLine]]]:
    """Points grouped into records, each ending with its run of fields
    ("- Cơ quan chủ trì: …" / "- Thời gian thực hiện: …")."""
    records: list[tuple[list[Block], list[FieldLine]]] = []
    current: list[Block] = []
    fields: list[FieldLine] = []
    for block in blocks:
        found = parse_field(block.text)
        if found is None and fields and block.scheme == "plus" and fields[-1].role == "deadline":
            # "- Thời gian thực hiện:" / "+ Bộ Công an … trước ngày …"
            fields[-1].value = f"{fields[-1].value} {block.text}".strip()
            current.append(block)
            continue
        if found is None:
            if fields:
                records.append((current, fields))
                current, fields = [], []
            current.append(block)
            continue
        current.append(block)
        fields.append(found)
    if fields or current:
        if not fields and records:
            # points after the last record belong to it
            records[-1] = (records[-1][0] + current, records[-1][1])
        else:
            records.append((current, fields))
    leads = [r for r in records if any(f.role == "lead" for f in r[1])]
    if len(leads) < 2:
        return [(blocks, [f for _, fs in records for f in fs])]
    # a record without its own lead (content only) joins the next one
    merged: list[tuple[list[Block], list[FieldLine]]] = []
    pending: list[Block] = []
    for record_blocks, record_fields in records:
        if not any(f.role == "lead" for f in record_fields):
            pending += record_blocks
            continue
        merged.append((pending + record_blocks, record_fields))
        pending = []
    if pending and merged:
        merged[-1] = (merged[-1][0] + pending, merged[-1][1])
    return merged


def _article(node: Node, context: list[str]) -> list[Unit]:
    text = fold(" ".join([node.heading, *(b.text for b in node.extra)]))
    points = [c for c in node.children if c.scheme in ITEM_SCHEMES]
    if (
        _BOILERPLATE.match(fold(node.heading))
        and not points
        and not _GIVES_WORK.search(_after_first(text))
    ):
        return []  # "Quyết định này có hiệu lực …" (unless a later sentence gives work)
    if _EXECUTION.search(text) and not points:
        return []
    if points:
        first = points[0].scheme
        out: list[Unit] = []
        for point in (p for p in points if p.scheme == first):
            key = fold(point.heading)
            if _BOILERPLATE.match(key) or _EXECUTION.search(key):
                continue
            out += _item(point, [*context, node.heading], _intro(node))
        return out
    if _BOILERPLATE.match(fold(node.heading)) and not _GIVES_WORK.search(_after_first(text)):
        return []
    blocks = node.blocks()
    return [
        Unit(
            blocks,
            node.label(),
            heading=node.heading,
            context=context,
            has_subitems=len(blocks) > 1,
        )
    ]


_GIVES_WORK = re.compile(r"\b(giao|chu tri|co trach nhiem|chiu trach nhiem chu tri)\b")


def _after_first(text: str) -> str:
    """An article's text after its first sentence."""
    parts = re.split(r"\.\s+", text, maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def _tables(root: Node) -> list[Unit]:
    """Rows of tables of tasks, wherever they are in the tree."""
    out: list[Unit] = []
    columns: dict[str, int] | None = None
    group = ""
    for node in _walk(root):
        block = node.block
        if block is None or block.scheme != "row":
            continue
        cells = block.cells or []
        found = task_columns(cells)
        if found:
            columns, group = found, ""
            continue
        if columns is None:
            continue
        content = _cell(cells, columns, "content")
        number = _cell(cells, columns, "number")
        lead = _cell(cells, columns, "lead")
        if not content or (not lead and len([c for c in cells if c]) <= 2):
            group = " ".join(c for c in cells if c)  # a group heading row ("I | NHÓM …")
            continue
        fields = []
        for role in ("lead", "support", "deadline"):
            value = _cell(cells, columns, role)
            if value:
                fields.append(FieldLine(role, value))
        text_block = Block(content, content)
        out.append(
            Unit(
                [text_block],
                number.rstrip("."),
                heading=content,
                context=[group] if group else [],
                fields=fields,
                kind="row",
            )
        )
    return out


def _cell(cells: list[str], columns: dict[str, int], role: str) -> str:
    index = columns.get(role)
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _walk(node: Node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _letter(root: Node) -> list[Unit]:
    """A letter without numbered items: the paragraphs after the one that
    introduces the opinion ("… có ý kiến như sau:"), or else those that ask
    someone to act, as one directive."""
    paras = [b for b in root.extra if b.text.strip()]
    start = None
    for k, block in enumerate(paras):
        if _INTRO.search(fold(block.text)):
            start = k + 1
    chosen = paras[start:] if start is not None and start < len(paras) else []
    if not chosen:
        chosen = [b for b in paras if _asks(b.text) and not fold(b.text).startswith(_NOT_ASKING)]
    chosen = [b for b in chosen if not is_closing(b.text)]
    if not chosen:
        return []
    return [Unit(chosen, "1", heading=chosen[0].text, kind="letter", has_subitems=len(chosen) > 1)]


_ASKS = re.compile(
    r"\b(de nghi|yeu cau|giao) (quy|cac|dong chi|ong|ba|ban|bo|so|ubnd|uy ban|[a-z]+ (tinh|thanh pho))\b"
    r"|\b(chu tri|khan truong|chi dao thuc hien)\b"
)
_NOT_ASKING = ("can cu", "theo ", "tai khoan", "tai diem", "tai dieu", "ngay ", "xet ")


def _asks(text: str) -> bool:
    return bool(_ASKS.search(fold(text)))

"""Importing a list of agencies (.csv or .xlsx with the columns Tên, Tên
gọi khác, Thuộc nhóm): only adds or updates — new agencies, new aliases,
new memberships, new groups named in Thuộc nhóm — so a second import of the
same list changes nothing. Every row is checked first; one bad row refuses
the whole file, naming its row and column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.text import clean, fold
from cchc_tui.services.agencies import add_alias, agency_by_name, insert_agency
from cchc_tui.services.edits import record_edit
from cchc_tui.services.memberships import change_members
from cchc_tui.store.database import Store

NAME, ALIASES, GROUPS = "ten", "ten goi khac", "thuoc nhom"
HEADINGS = {NAME: "Tên", ALIASES: "Tên gọi khác", GROUPS: "Thuộc nhóm"}
MAX_ROWS = 5_000


@dataclass(frozen=True)
class Row:
    number: int  # the row's number in the file (the heading is row 1)
    name: str
    aliases: tuple[str, ...]
    groups: tuple[str, ...]


@dataclass
class ListImport:
    """What an import does (or, in a dry run, would do)."""

    file: str
    dry_run: bool
    new_agencies: list[str] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    new_aliases: list[str] = field(default_factory=list)
    new_members: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def changes(self) -> int:
        return sum(
            map(len, (self.new_agencies, self.new_groups, self.new_aliases, self.new_members))
        )

    def lines(self) -> list[str]:
        verb = "Sẽ thêm" if self.dry_run else "Đã thêm"
        out = [f"Danh sách {Path(self.file).name}:"]
        for label, items in (
            ("cơ quan", self.new_agencies),
            ("nhóm", self.new_groups),
            ("tên gọi khác", self.new_aliases),
            ("thành viên vào nhóm", self.new_members),
        ):
            if items:
                out.append(f"  {verb} {len(items)} {label}: " + "; ".join(items))
        if not self.changes:
            out.append("  Không có gì mới (danh sách đã có đủ trong dữ liệu).")
        out.append(f"  Đã đọc {self.rows} dòng.")
        if self.dry_run:
            out.append("  (Xem trước: chưa ghi gì.)")
        return out


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, "file")


def _split(text) -> tuple[str, ...]:
    return tuple(p for p in (clean(x) for x in str(text or "").replace("\n", ";").split(";")) if p)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258")


def _table(path: Path) -> list[list[str]]:
    """The file's cells as text, row by row."""
    name = path.name
    if not path.is_file():
        raise _refuse(f"Không có tệp {path}.")
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        from cchc_tui.reports.workbook_safety import check_workbook

        check_workbook(path)
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any failure to parse outside input
            raise _refuse(f"Tệp {name} không đọc được như bảng tính Excel: {exc}.") from None
        try:
            rows = []
            for row in wb.worksheets[0].iter_rows(
                max_row=MAX_ROWS + 1, max_col=3, values_only=True
            ):
                rows.append(["" if v is None else str(v) for v in row])
            return rows
        finally:
            wb.close()
    if path.suffix.lower() != ".csv":
        raise _refuse(f"Tệp {name}: chỉ nhận danh sách .csv hoặc .xlsx.")
    text = _decode(path.read_bytes())
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)][: MAX_ROWS + 1]


def read_list(path: Path) -> list[Row]:
    """The rows of a list file; ValidationError naming the row and column of
    the first problems (nothing is read in then)."""
    table = _table(path)
    if not table:
        raise _refuse(f"Tệp {path.name} trống.")
    headings = [fold(h) for h in table[0]]
    if NAME not in headings:
        raise _refuse(
            f"Tệp {path.name} thiếu cột «Tên» ở dòng đầu (các cột: Tên, Tên gọi khác, Thuộc nhóm)."
        )
    col = {key: headings.index(key) if key in headings else None for key in HEADINGS}
    rows, problems = [], []
    for number, cells in enumerate(table[1:], start=2):

        def cell(key, cells=cells):
            index = col[key]
            return cells[index] if index is not None and index < len(cells) else ""

        if not any(str(c).strip() for c in cells):
            continue
        name = clean(cell(NAME))
        if not name:
            problems.append(f"dòng {number}, cột «Tên»: trống")
            continue
        rows.append(Row(number, name, _split(cell(ALIASES)), _split(cell(GROUPS))))
    if len(table) > MAX_ROWS + 1:
        problems.append(f"quá {MAX_ROWS} dòng")
    if problems:
        raise _refuse(f"Tệp {path.name} có dòng lỗi, chưa nhập gì: " + "; ".join(problems) + ".")
    return rows


def import_list(
    store: Store, path: str | Path, *, dry_run: bool = False, by: str = ""
) -> ListImport:
    """Add or update agencies from a list file in one transaction (rolled
    back for a dry run); ValidationError naming the row for a row that
    cannot be applied (a group made a member, an alias another agency has…)."""
    path = Path(path)
    rows = read_list(path)
    result = ListImport(str(path), dry_run)

    class _DryRun(Exception):
        pass

    try:
        with store.transaction() as db:
            _apply(store, db, rows, result, by)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _apply(store: Store, db, rows: list[Row], result: ListImport, by: str) -> None:
    joins: dict[int, list[int]] = {}
    group_names: dict[int, str] = {}
    for row in rows:
        where = f"dòng {row.number}"
        agency = agency_by_name(store, row.name)
        result.rows += 1
        if agency is None:
            agency_id = insert_agency(db, row.name, "agency", (), by)
            record_edit(
                db, "agency", agency_id, "create", "name", None, row.name, by, "Nhập danh sách"
            )
            result.new_agencies.append(row.name)
            agency = {"id": agency_id, "name": row.name, "kind": "agency"}
        for alias in row.aliases:
            owner = agency_by_name(store, alias)
            if owner is None:
                add_alias(store, agency["id"], alias, by=by)
                result.new_aliases.append(f"{agency['name']} = {alias}")
            elif owner["id"] != agency["id"]:
                raise _refuse(
                    f"{where}, cột «Tên gọi khác»: '{alias}' đã là tên của cơ quan "
                    f"'{owner['name']}'."
                )
        for group_name in row.groups:
            group = agency_by_name(store, group_name)
            if group is None:
                group_id = insert_agency(db, clean(group_name), "group", (), by)
                record_edit(
                    db, "agency", group_id, "create", "name", None, clean(group_name), by,
                    "Nhập danh sách",
                )  # fmt: skip
                result.new_groups.append(clean(group_name))
                group = {"id": group_id, "name": clean(group_name), "kind": "group"}
            elif group["kind"] != "group":
                raise _refuse(
                    f"{where}, cột «Thuộc nhóm»: '{group['name']}' là một cơ quan, không phải nhóm."
                )
            if agency["kind"] == "group":
                raise _refuse(
                    f"{where}: '{agency['name']}' là một nhóm; nhóm không thuộc nhóm khác."
                )
            group_names[group["id"]] = group["name"]
            joins.setdefault(group["id"], []).append(agency["id"])
    for group_id, members in joins.items():
        done = change_members(store, group_id, add=members, by=by, note="Nhập danh sách")
        result.new_members += [f"{group_names[group_id]}: {name}" for name in done.added]

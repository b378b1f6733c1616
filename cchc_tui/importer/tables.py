"""Tables in a notice's text. A table of tasks (STT | Nội dung | Cơ quan chủ
trì | Cơ quan phối hợp | Thời gian) is kept as rows of cells, one line per
row (``ROW`` + cells joined by ``CELL``), so that the structure pass reads
each row as a directive. Other tables (the letterhead, a list of procedures)
are left to the line-based readers.

Three spellings reach this module: markdown rows ("| a | b |"), Word tables
(written as markdown rows by `reading`), and web pages flattened to text,
where every cell follows a line holding only "|" and two such lines in a row
end a table row."""

from __future__ import annotations

import re

from cchc_tui.domain.text import fold

ROW = "\u241e"  # starts a line holding one table row
CELL = "\u241f"  # separates its cells
PIPE_LINE = re.compile(r"^\s*\|\s*$")
_MD_SEPARATOR = re.compile(r"^\s*\|?[\s:|\-]+\|[\s:|\-]*$")

# Header words of the columns of a table of tasks (accent-folded).
COLUMNS = {
    "number": re.compile(r"^(stt|tt|so tt|so thu tu)$"),
    "content": re.compile(
        r"^(noi dung|ten nhiem vu|nhiem vu|nhiem vu va giai phap|nhiem vu, giai phap|"
        r"cong viec|hoat dong|ten (de an|nhiem vu|cong viec|hoat dong)|"
        r"nhiem vu cu the|noi dung (cong viec|nhiem vu|thuc hien|hoat dong)|giai phap)\b"
    ),
    "lead": re.compile(
        r"^((co quan|don vi)( chu tri| thuc hien| chiu trach nhiem)?|chu tri|"
        r"trach nhiem (thuc hien|chu tri)|co quan, don vi chu tri|phan cong)\b"
    ),
    "support": re.compile(r"^((co quan|don vi) phoi hop|phoi hop)\b"),
    "deadline": re.compile(
        r"^(thoi gian|thoi han|tien do|moc thoi gian|thoi diem)( thuc hien| hoan thanh)?\b"
    ),
    "product": re.compile(r"^(san pham|ket qua)\b"),
    "note": re.compile(r"^(ghi chu)\b"),
}


def task_columns(cells: list[str]) -> dict[str, int] | None:
    """Column index by role when ``cells`` is the header row of a table of
    tasks (it names at least the content and the lead columns), else None."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = fold(re.sub(r"[*_]", "", cell)).strip(" .:")
        for role, pattern in COLUMNS.items():
            if role not in found and pattern.search(key):
                found[role] = index
                break
    if "content" in found and "lead" in found:
        return found
    return None


def row_line(cells: list[str]) -> str:
    return ROW + CELL.join(re.sub(r"\s+", " ", c).strip() for c in cells)


def row_cells(line: str) -> list[str] | None:
    """The cells of a row line, or None for any other line."""
    if not line.startswith(ROW):
        return None
    return line[len(ROW) :].split(CELL)


def markdown_cells(line: str) -> list[str] | None:
    stripped = line.strip()
    if not (stripped.startswith("|") and stripped.count("|") >= 2):
        return None
    return [c.strip() for c in stripped.strip("|").split("|")]


def markdown_tables(lines: list[str], gap: str) -> list[str]:
    """Markdown tables: a table of tasks becomes row lines; any other table
    becomes lines of cells separated by ``gap`` (like a two-column PDF line)."""
    out: list[str] = []
    columns: dict[str, int] | None = None
    for line in lines:
        cells = markdown_cells(line)
        if cells is None:
            columns = None
            out.append(line)
            continue
        if _MD_SEPARATOR.match(line.strip()):
            continue
        if columns is None and (found := task_columns(cells)):
            columns = found
        if columns is not None:
            out.append(row_line(cells))
        else:
            out.append(gap.join(c if c else " " for c in cells).rstrip())
    return out


def pipe_tables(lines: list[str]) -> list[str]:
    """Web tables flattened to text: a table of tasks becomes row lines; the
    "|" lines of every other table become blank lines (paragraph breaks)."""
    pipes = [i for i, line in enumerate(lines) if PIPE_LINE.match(line)]
    if not pipes:
        return lines
    out: list[str | None] = list(lines)
    k = 0
    while k < len(pipes):
        table = _pipe_table(lines, pipes, k)
        if table is None:
            out[pipes[k]] = ""
            k += 1
            continue
        rows, end_k = table
        first, last = pipes[k], pipes[end_k] if end_k < len(pipes) else len(lines) - 1
        for line_no in range(first, last + 1):
            out[line_no] = None
        out[first] = "\n".join(row_line(r) for r in rows)
        if end_k < len(pipes):
            out[pipes[end_k]] = ""
        k = end_k + 1
    return [line for chunk in out if chunk is not None for line in chunk.split("\n")]


def _segment(lines: list[str], pipes: list[int], k: int) -> list[str]:
    """The lines between pipe ``k`` and the next one (or the end)."""
    end = pipes[k + 1] if k + 1 < len(pipes) else len(lines)
    return lines[pipes[k] + 1 : end]


def _text(segment: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(s.strip() for s in segment)).strip()


_STT = re.compile(r"^([0-9]{1,3}[.)]?|[IVXLC]{1,5}[.)]?|[a-zđ][.)]?)(\s|$)")


def _pipe_table(lines, pipes, k) -> tuple[list[list[str]], int] | None:
    """The rows of a table of tasks whose header row starts at pipe ``k``
    (header first), and the index of the pipe that ends the table."""
    header: list[str] = []
    j = k
    while j < len(pipes) and len(header) < 9:
        segment = _segment(lines, pipes, j)
        text = _text(segment)
        if not text:
            break
        if len(segment) > 4 or len(text) > 60:
            return None
        header.append(text)
        j += 1
    if len(header) < 3 or task_columns(header) is None:
        return None
    width = len(header)
    rows = [header]
    current: list[str] = []
    j += 1  # the empty segment that ends the header row
    end = j
    while j + 1 < len(pipes):  # the text after the last pipe is not a cell
        segment = _segment(lines, pipes, j)
        text = _text(segment)
        if len(segment) > 80:
            break
        if not any(ch.isalnum() for ch in text):
            text = ""  # "…………" left where a page was cut
            following = _text(_segment(lines, pipes, j + 1)) if j + 1 < len(pipes) else ""
            starts_row = bool(_STT.match(following) or _heading_cell(following))
            if current and (len(current) >= width or starts_row or not following):
                rows.append(current)
                current = []
            elif current:
                current.append("")  # an empty cell inside the row
            j += 1
            end = j
            continue
        if not current and not (_STT.match(text) or _heading_cell(text)):
            break  # not a row: the table is over
        current.append(text)
        j += 1
        end = j
    if current:
        rows.append(current)
    return [r[:width] for r in rows if any(r)], end


def _heading_cell(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)

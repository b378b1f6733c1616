"""The Word reports on paper: converted to PDF by LibreOffice and read back
(pdftotext, pdfinfo). Slow (a LibreOffice start); `.ci/run` runs it as a
step of its own: ``python -m pytest -m slow tests/test_reports_render.py``.

Checks: the signer block and "Nơi nhận" are on one page that holds other
text too; the appendix is on landscape pages; a 2,500-character note adds
at most one page; no word of a table cell is broken over two lines.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import pytest

from cchc_tui.domain.status import Status
from cchc_tui.reports import render
from cchc_tui.services.agencies import find_agency
from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.services.indicators import record_measurement
from cchc_tui.services.opening import open_database
from cchc_tui.services.reports import build_report
from cchc_tui.services.updates import record_update

pytestmark = pytest.mark.slow

TODAY = date(2026, 11, 27)
REPORTS = ["summary", "agencies", "overdue", "history", "indicators", "reminder"]
LONG = (
    "Ủy ban nhân dân các xã, thị trấn đã triển khai số hóa hồ sơ thủ tục hành chính, tiếp "
    "nhận và trả kết quả qua Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; tổ "
    "chức tập huấn cho công chức một cửa về quy trình số hóa. "
)
SIGNER_LINES = re.compile(
    r"Nơi nhận|Các thành viên Ban Chỉ đạo|Các cơ quan, đơn vị liên quan|Như trên|Lưu: VT|"
    r"TRƯỞNG BAN|CHỦ TỊCH UBND HUYỆN|Đinh Xuân Sâm|Lập bằng cchc-tui|^\s*\d+\s*$"
)


def _tools() -> None:
    missing = [t for t in ("soffice", "pdftotext", "pdfinfo") if shutil.which(t) is None]
    assert not missing, (
        f"Thiếu {', '.join(missing)}: apt-get install -y libreoffice-writer poppler-utils"
    )


def _store(path: Path, long_note: bool):
    store = open_database(path)
    T = TODAY
    record_update(store, 3, today=T, on=date(2024, 8, 19), progress=30, note="Đã giao dự thảo")
    record_update(
        store,
        3,
        today=T,
        on=date(2024, 8, 28),
        status=Status.DONE,
        note="Đã ban hành Kế hoạch đối thoại",
        evidence="Kế hoạch 112/KH-UBND ngày 28/8/2024",
    )
    record_update(
        store,
        5,
        today=T,
        on=date(2026, 11, 10),
        agency="Phòng Nội vụ",
        status=Status.DONE,
        note="Đã trình phương án sắp xếp",
        evidence="Tờ trình 12/TTr-PNV ngày 22/11/2026",
    )
    record_update(store, 1, today=T, on=date(2024, 11, 25), agency="Các cơ quan, đơn vị huyện",
                  progress=80, note="Các phòng đã tự chấm điểm")  # fmt: skip
    note = (LONG * 20)[:2500] if long_note else LONG
    record_update(store, 2, today=T, on=date(2026, 11, 15), agency="UBND các xã, thị trấn",
                  progress=70, note=note, evidence="Báo cáo 88/BC-UBND ngày 15/11/2026")  # fmt: skip
    record_measurement(store, 1, value=92.5, today=T, on=date(2026, 11, 20), source="Một cửa")
    return store


def _write(store, folder: Path, findings: str = "") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in REPORTS:
        scope = DirectiveFilter()
        if name == "reminder":
            scope = DirectiveFilter(agency_id=find_agency(store, "UBND các xã")["id"])
        report = build_report(store, name, TODAY, scope, findings=findings)
        path = folder / f"{name}.docx"
        path.write_bytes(render(report, "docx"))
        paths.append(path)
    return paths


def _convert(paths: list[Path], folder: Path) -> list[Path]:
    """One LibreOffice run for all the files, with a profile of its own."""
    profile = folder / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdfs = [folder / (p.stem + ".pdf") for p in paths]
    assert all(p.exists() for p in pdfs), list(folder.iterdir())
    return pdfs


def _pages(pdf: Path) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf))).group(1))
    return [
        unicodedata.normalize("NFC", _run("pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"))
        for n in range(1, count + 1)
    ]  # fmt: skip


def _sizes(pdf: Path) -> list[tuple[float, float]]:
    out = _run("pdfinfo", "-f", "1", "-l", "999", str(pdf))
    return [(float(w), float(h)) for w, h in re.findall(r"size:\s+([\d.]+) x ([\d.]+)", out)]


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    _tools()
    root = tmp_path_factory.mktemp("render")
    short = _store(root / "short.db", long_note=False)
    long = _store(root / "long.db", long_note=True)
    short_docx = _write(short, root / "short")
    long_docx = _write(long, root / "long")
    short.close()
    long.close()
    return {
        "docx": {
            "short": dict(zip(REPORTS, short_docx, strict=True)),
            "long": dict(zip(REPORTS, long_docx, strict=True)),
        },
        "short": dict(zip(REPORTS, _convert(short_docx, root / "pdf-short"), strict=True)),
        "long": dict(zip(REPORTS, _convert(long_docx, root / "pdf-long"), strict=True)),
    }


def _signer_page(pages: list[str]) -> int:
    where = [i for i, text in enumerate(pages) if "Nơi nhận:" in text]
    name = [i for i, text in enumerate(pages) if "Đinh Xuân Sâm" in text]
    assert len(where) == 1 and where == name, (where, name)
    return where[0]


@pytest.mark.parametrize("name", REPORTS)
def test_signer_block_is_whole_on_a_page_with_other_text(rendered, name):
    for variant in ("short", "long"):
        pages = _pages(rendered[variant][name])
        page = pages[_signer_page(pages)]
        assert "TRƯỞNG BAN" in page and "Lưu: VT, Phòng Nội vụ." in page
        others = [
            line for line in page.splitlines() if line.strip() and not SIGNER_LINES.search(line)
        ]
        assert others, f"{name} ({variant}): the signer block stands alone\n{page}"


def test_the_appendix_is_landscape_after_the_portrait_report(rendered):
    pdf = rendered["short"]["summary"]
    pages, sizes = _pages(pdf), _sizes(pdf)
    signer = _signer_page(pages)
    assert all(w < h for w, h in sizes[: signer + 1])  # the report: portrait
    assert len(sizes) > signer + 1 and all(w > h for w, h in sizes[signer + 1 :])
    assert "PHỤ LỤC" in pages[signer + 1]
    assert "Kèm theo Báo cáo số" in pages[signer + 1]


@pytest.mark.parametrize("name", ["summary", "history"])
def test_a_long_note_adds_at_most_one_page(rendered, name):
    short = len(_pages(rendered["short"][name]))
    long = len(_pages(rendered["long"][name]))
    assert long - short <= 1, (short, long)


def _source_words(docx: Path) -> set[str]:
    """Every word the document holds (body, header, footer)."""
    words: set[str] = set()
    with zipfile.ZipFile(docx) as package:
        for part in package.namelist():
            if part.startswith("word/") and part.endswith(".xml"):
                xml = package.read(part).decode("utf-8")
                xml = xml.replace("<w:noBreakHyphen/>", "<w:t>-</w:t>")
                for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
                    text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", paragraph))
                    words |= {_token(w) for w in _unescape(text).split()}
    return words | {str(n) for n in range(1, 30)}  # page numbers


def _unescape(text: str) -> str:
    from xml.sax.saxutils import unescape

    return unescape(text, {"&quot;": '"', "&apos;": "'"})


def _token(word: str) -> str:
    # a non-breaking hyphen prints as U+2011 (or U+00AD): the source's "-"
    word = word.replace("\u2011", "-").replace("\u00ad", "-")
    return unicodedata.normalize("NFC", word).strip(".,;:()[]“”\"'")


@pytest.mark.parametrize("name", REPORTS)
def test_no_word_is_broken_over_two_lines(rendered, name):
    """Every token of the printed text is a whole word of the source: a
    column too narrow for "22/11/2026" would print "22/11/202" and "6"."""
    for variant in ("short", "long"):
        source = _source_words(rendered["docx"][variant][name])
        printed = {_token(t) for page in _pages(rendered[variant][name]) for t in page.split()}
        broken = sorted(t for t in printed - source if t)
        assert not broken, f"{name}: {broken[:20]}"

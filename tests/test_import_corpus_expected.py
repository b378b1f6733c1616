"""The expected readings written for the real documents of the shared
corpus (tests/corpus/<name>.expected.json). The documents themselves are not
in the repository: `python -m cchc_tui.importer.accuracy
../shared/notices/corpus --expected tests/corpus` measures the importer on
them. Here: every expected reading is well formed and usable by that tool."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from cchc_tui.importer.accuracy import Score, main, match, name_key, registry_for
from cchc_tui.importer.agencies import Registry
from cchc_tui.importer.draft import DirectiveDraftItem

FOLDER = Path(__file__).parent / "corpus"
FILES = sorted(FOLDER.glob("*.expected.json"))


def test_at_least_thirty_documents_have_an_expected_reading():
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=[p.name.split(".")[0] for p in FILES])
def test_expected_reading_is_well_formed(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["source"] == path.name.replace(".expected.json", ".txt")
    assert re.fullmatch(r"[0-9a-f]{16}\.txt", data["source"])
    assert isinstance(registry_for(data, Registry()), Registry)
    notice = data["notice"]
    assert set(notice) <= {"number", "issued_on", "kind"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", notice["issued_on"])
    assert data["directives"], "an expected reading lists the directives"
    for d in data["directives"]:
        assert set(d) <= {"starts", "lead", "support", "deadline", "selected"}
        assert d["starts"].strip() and len(d["starts"]) <= 60
        assert d["lead"] and all(isinstance(n, str) and n.strip() for n in d["lead"])
        assert all(isinstance(n, str) and n.strip() for n in d["support"])
        assert d["deadline"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", d["deadline"])


def test_matching_by_first_words_in_order():
    def item(content):
        return DirectiveDraftItem(number=0, title=content[:20], content=content)

    found = [item("Rà soát văn bản"), item("Tập huấn cán bộ"), item("Rà soát văn bản lần hai")]
    wanted = [{"starts": "Rà soát văn bản"}, {"starts": "rà soát văn bản lần"}, {"starts": "Khác"}]
    assert match(wanted, found) == [found[0], found[2], None]


def test_names_compare_with_ubnd_for_uy_ban_nhan_dan():
    assert name_key("Ủy ban nhân dân tỉnh Thanh Hóa") == name_key("UBND tỉnh Thanh Hoá")
    assert name_key("Các sở , ban, ngành") == name_key("các sở, ban, ngành")


def test_accuracy_reports_each_field_and_fails_under_the_required_share(tmp_path):
    (tmp_path / "a.txt").write_text(
        "UBND HUYỆN NGHĨA HÀNH\nSố: 5/TB-UBND\nNghĩa Hành, ngày 02 tháng 8 năm 2024\nTHÔNG BÁO\n"
        "Kết luận của Chủ tịch UBND huyện\n"
        "Chủ tịch kết luận như sau:\n1. Phòng Nội vụ rà soát.\n2. Phòng Y tế kiểm tra.\n",
        encoding="utf-8",
    )
    (tmp_path / "a.expected.json").write_text(
        json.dumps(
            {
                "registry": "empty",
                "notice": {"number": "5/TB-UBND", "issued_on": "2024-08-02"},
                "directives": [
                    {
                        "starts": "Phòng Nội vụ",
                        "lead": ["Phòng Nội vụ"],
                        "support": [],
                        "deadline": None,
                    },
                    {
                        "starts": "Phòng Y tế",
                        "lead": ["Phòng Tư pháp"],
                        "support": [],
                        "deadline": None,
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    assert main([str(tmp_path)], out=out) == 0
    total = next(line for line in out.getvalue().splitlines() if line.startswith("TỔNG"))
    assert total.split()[1:] == [
        "1/1", "(100%)", "1/1", "(100%)", "1/1", "(100%)",
        "1/2", "(50%)", "2/2", "(100%)", "2/2", "(100%)",
    ]  # fmt: skip
    assert "đúng 8/9 phép kiểm tra (88.9%)" in out.getvalue()
    assert main([str(tmp_path), "--require", "90"], out=io.StringIO()) == 1
    assert isinstance(Score("x").checks, tuple)

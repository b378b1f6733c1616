"""Reading notices: the seed reproduced exactly, the test notices in six
layouts against their expected readings, deadlines, names, robustness."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_tui.domain.text import fold
from cchc_tui.importer import NoticeImportError, parse_notice
from cchc_tui.importer.accuracy import default_registry, find_expected, main, read_for_accuracy
from cchc_tui.importer.agencies import Registry
from cchc_tui.importer.deadlines import directive_deadline
from cchc_tui.services.seeding import seed_data, seed_text

NOTICES = Path(__file__).parent / "notices"
SAMPLES = sorted(p for p in NOTICES.iterdir() if p.suffix in (".txt", ".md", ".docx"))


@pytest.fixture(scope="module")
def registry() -> Registry:
    return default_registry()


def test_seed_notice_is_read_as_curated(fresh_store):
    from cchc_tui.services.imports import agency_registry

    reading = parse_notice(seed_text(), agency_registry(fresh_store), source_file="seed.txt")
    expected = seed_data()["directives"]
    assert len(reading.directives) == len(expected) == 7
    for got, want in zip(reading.directives, expected, strict=True):
        assert got.number == want["number"]
        assert [a.name for a in got.leads] == want["lead"], got.number
        assert [a.name for a in got.supports] == want["support"], got.number
        assert (got.deadline.isoformat() if got.deadline else None) == want["deadline"]
        assert got.deadline_text == want["deadline_text"]
        assert got.content == want["content"]  # page breaks rejoined, text kept whole
        assert all(not a.is_new for a in got.leads + got.supports)
    assert reading.kind == "Thông báo kết luận"
    assert reading.number is None  # the notice has none: not invented
    assert reading.meeting_on == date(2024, 8, 16)
    assert reading.title == seed_data()["notice"]["title"]
    cited = {c["number"]: c for c in reading.cited_documents}
    assert set(cited) == {c["number"] for c in seed_data()["notice"]["cited_documents"]}
    assert cited["1879/QĐ-UBND"]["date"] == "2023-12-15"
    assert cited["1879/QĐ-UBND"]["issuer"] == "Chủ tịch UBND tỉnh"


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_test_notices_match_their_expected_reading(path, registry):
    expected = find_expected(path, [])
    assert expected is not None, f"{path.name} has no expected reading"
    reading = read_for_accuracy(path, registry)
    for key, value in expected["notice"].items():
        got = getattr(reading, key)
        assert (got.isoformat() if isinstance(got, date) else got) == value, key
    assert len(reading.directives) == len(expected["directives"])
    for got, want in zip(reading.directives, expected["directives"], strict=True):
        assert {fold(a.name) for a in got.leads} == {fold(x) for x in want["lead"]}, got.number
        assert {fold(a.name) for a in got.supports} == {fold(x) for x in want["support"]}, (
            got.number
        )
        assert (got.deadline.isoformat() if got.deadline else None) == want["deadline"]
        assert got.deadline_text == want["deadline_text"]
        assert got.selected == want.get("selected", True), got.number


def test_sub_items_stay_inside_their_directive(registry):
    reading = read_for_accuracy(NOTICES / "03-muc-a-b-theo-chu-de.txt", registry)
    first = reading.directives[0]
    assert first.title == "Về cải cách thể chế"
    assert "\na) Phòng Tư pháp" in first.content and "\nb) Văn phòng HĐND" in first.content
    # the assessment section's numbered items are not directives
    assert all("Kết quả đạt được" not in d.content for d in reading.directives)
    # nor is the closing or the "Tổ chức thực hiện" paragraph glued to the last one
    assert "thông báo" not in reading.directives[-1].content.lower()


def test_agency_headed_items_keep_group_names_whole(registry):
    reading = read_for_accuracy(NOTICES / "02-co-quan-gach-dau-dong.txt", registry)
    assert reading.addressees == ["Các sở, ban, ngành thuộc tỉnh", "UBND các xã, phường"]
    names = [a.name for a in reading.new_agencies()]
    assert "Các sở, ban, ngành thuộc tỉnh" in names and "UBND các xã, phường" in names
    assert not any(n in ("ban", "ngành thuộc tỉnh", "phường") for n in names)
    assert reading.directives[1].content.startswith("Các sở, ban, ngành thuộc tỉnh:\n- Rà soát")


def test_footnotes_and_page_numbers_are_removed(registry):
    reading = read_for_accuracy(NOTICES / "06-so-trang-chu-thich.txt", registry)
    text = " ".join(d.content for d in reading.directives)
    assert "Đề cương báo cáo ban hành" not in text  # footnote body
    assert "đề cương kèm theo" in text  # marker "đề cương1" removed, sentence rejoined
    assert "các cơ quan, đơn vị." in reading.directives[1].content


NOTICE_DAY = date(2024, 8, 16)


@pytest.mark.parametrize(
    "text, on, phrase",
    [
        (
            "hoàn thành trước ngày 05/10/2026.",
            date(2026, 10, 5),
            "hoàn thành trước ngày 05/10/2026",
        ),
        (
            "báo cáo trước ngày 20 tháng 10 năm 2024;",
            date(2024, 10, 20),
            "trước ngày 20 tháng 10 năm 2024",
        ),
        ("xong trước ngày 20.7.2020", date(2020, 7, 20), "xong trước ngày 20.7.2020"),
        (
            "tự chấm điểm trong tháng 11/2024 (theo Kế hoạch)",
            date(2024, 11, 30),
            "trong tháng 11/2024",
        ),
        ("trong tháng 2 năm 2028", date(2028, 2, 29), "trong tháng 2 năm 2028"),
        ("hoàn thành trong quý III/2024", date(2024, 9, 30), "hoàn thành trong quý III/2024"),
        ("trong quý IV năm 2024", date(2024, 12, 31), "trong quý IV năm 2024"),
        ("trình UBND huyện trước 30/8.", date(2024, 8, 30), "trước 30/8"),
        ("chậm nhất ngày 15/9/2024", date(2024, 9, 15), "chậm nhất ngày 15/9/2024"),
        ("từ ngày 01/8/2024 thực hiện", None, ""),
        ("hoàn thành nhiệm vụ được giao trong năm 2024", None, ""),
        ("khi Sở Nội vụ tiến hành điều tra", None, ""),
        ("nộp trước ngày 15 tháng 02 của năm liền kề sau năm báo cáo", None, ""),
        ("báo cáo trước ngày 05 hằng tháng", None, ""),
        ("trước ngày 31/02/2024", None, ""),
        (
            "trước ngày 10/9/2024; hoàn thành trước ngày 30/9/2024",
            date(2024, 9, 30),
            "hoàn thành trước ngày 30/9/2024",
        ),
    ],
)
def test_deadline_phrases(text, on, phrase):
    assert directive_deadline(text, NOTICE_DAY) == (on, phrase)


def test_day_month_without_year_needs_the_notice_date():
    assert directive_deadline("trước 30/8", None) == (None, "")


def test_text_without_numbered_items_is_refused(registry):
    with pytest.raises(NoticeImportError, match="đánh số"):
        parse_notice("THÔNG BÁO\nHọp giao ban tuần.\nCác phòng báo cáo tình hình.", registry)


def test_unknown_agencies_are_proposed_and_known_ones_matched_through_aliases(fresh_store):
    from cchc_tui.services.imports import agency_registry

    registry = agency_registry(fresh_store)
    text = (
        "THÔNG BÁO\nKết luận của Chủ tịch UBND huyện\n\nChủ tịch kết luận như sau:\n"
        "1. Phòng TN&MT chủ trì, phối hợp với Phòng Dân tộc kiểm tra vệ sinh môi trường.\n"
        "2. Ủy ban nhân dân các xã, thị trấn tiếp tục ra quân dọn vệ sinh.\n"
    )
    reading = parse_notice(text, registry)
    first, second = reading.directives
    assert [a.name for a in first.leads] == ["Phòng Tài nguyên và Môi trường"]
    assert [(a.name, a.is_new) for a in first.supports] == [("Phòng Dân tộc", True)]
    assert [a.name for a in second.leads] == ["UBND các xã, thị trấn"]
    assert [a.name for a in reading.new_agencies()] == ["Phòng Dân tộc"]


def test_accuracy_script_prints_per_document_and_total(capsys):
    import io

    out = io.StringIO()
    assert main([str(NOTICES), str(NOTICES.parent.parent / "seed")], out=out) == 0
    report = out.getvalue()
    assert "thong-bao-ket-luan-bcd-cchc-2024-08-16.txt" in report
    assert "05-dau-bang-word.docx" in report
    total = next(line for line in report.splitlines() if line.startswith("TỔNG"))
    # number, date, count, leads, supports, deadlines: all right
    assert total.split()[1:] == [
        "11/11",
        "(100%)",
        "11/11",
        "(100%)",
        "11/11",
        "(100%)",
        "42/42",
        "(100%)",
        "42/42",
        "(100%)",
        "42/42",
        "(100%)",
    ]
    assert "đúng 159/159 phép kiểm tra (100.0%)" in report


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_parser_never_raises_on_arbitrary_text(text):
    try:
        reading = parse_notice(text, Registry())
    except NoticeImportError as exc:
        assert exc.message
        return
    assert reading.directives
    json.dumps(reading.to_json(), ensure_ascii=False)


NOTICE_LIKE = st.lists(
    st.sampled_from(
        [
            "THÔNG BÁO",
            "Số: 12/TB-UBND",
            "Hà Nội, ngày 14 tháng 10 năm 2024",
            "kết luận như sau:",
            "1. Phòng Nội vụ chủ trì, phối hợp với",
            "2. Giao",
            "a) UBND các xã, phường",
            "- ",
            "II. Nhiệm vụ",
            "trước ngày 31/12/2024",
            "trong quý V/2024",
            "(như",
            ")",
            ",",
            "và",
            "Các sở, ban, ngành:",
            "./.",
            "Nơi nhận:",
            "| a | b |",
            "|---|",
            "1",
            "",
            "   ",
            "Kính gửi:",
            "V/v",
            "trước 31/2",
            "Sở",
            "các cơ quan, đơn vị",
            "1 Chú thích",
        ]
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(NOTICE_LIKE, st.sampled_from(["\n", " ", "\n\n"]))
def test_parser_never_raises_on_notice_like_fragments(parts, sep):
    try:
        reading = parse_notice(sep.join(parts), default_registry())
    except NoticeImportError:
        return
    for d in reading.directives:
        assert d.number >= 1 and isinstance(d.content, str)


def test_items_numbered_with_slash_or_dash(registry):
    text = (
        "THÔNG BÁO\nKết luận của Chủ tịch UBND huyện\n\nChủ tịch kết luận như sau:\n"
        "1/ Phòng Nội vụ tham mưu kiện toàn Ban Chỉ đạo trước ngày 10/9/2024.\n"
        "2- Phòng Y tế kiểm tra an toàn thực phẩm.\n"
    )
    reading = parse_notice(text, registry)
    assert [d.number for d in reading.directives] == [1, 2]
    assert reading.issuer == "Chủ tịch UBND huyện"
    assert [a.name for a in reading.directives[1].leads] == ["Phòng Y tế"]

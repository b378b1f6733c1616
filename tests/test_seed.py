"""The seed is a faithful reading of the notice of 16/8/2024."""

import re

from cchc_tui.domain.text import fold
from cchc_tui.services.seeding import seed_data, seed_text


def squash(text: str) -> str:
    return " ".join(text.split())


def notice_text_rejoined() -> str:
    return squash(seed_text())


def test_seven_directives_each_in_the_notice():
    data = seed_data()
    assert [d["number"] for d in data["directives"]] == list(range(1, 8))
    text = notice_text_rejoined()
    for d in data["directives"]:
        # whitespace-normalised, the content occurs in the notice text
        # (the PDF page breaks are rejoined: they only differ by whitespace)
        assert squash(d["content"]) in text, d["number"]


def test_page_breaks_rejoined():
    contents = {d["number"]: d["content"] for d in seed_data()["directives"]}
    assert "tiêu chí thành phần có khả năng bị mất điểm" in contents[1]
    assert "chỉ số CCHC năm 2024 của huyện khi Sở Nội vụ" in contents[7]


def test_every_agency_is_named_in_its_directive():
    data = seed_data()
    names = {fold(a["name"]): [a["name"], *a["aliases"]] for a in data["agencies"]}
    for d in data["directives"]:
        content = fold(d["content"])
        for agency in d["lead"] + d["support"]:
            spellings = names[fold(agency)]
            assert any(fold(s) in content for s in spellings), (d["number"], agency)


def test_roles_follow_the_reading_rules():
    by_number = {d["number"]: d for d in seed_data()["directives"]}
    assert by_number[3]["lead"] == ["Văn phòng HĐND và UBND huyện"]
    assert by_number[3]["support"] == ["Các cơ quan, đơn vị huyện"]
    assert by_number[4]["lead"] == ["Phòng Tài nguyên và Môi trường"]
    assert "Văn phòng đăng ký đất đai tỉnh – Chi nhánh huyện Nghĩa Hành" in by_number[4]["support"]
    # beneficiaries ("ưu tiên bố trí cho Phòng …") are not assignees
    assert by_number[5]["lead"] == ["Phòng Nội vụ", "Phòng Tài chính - Kế hoạch"]
    assert by_number[5]["support"] == []
    # agencies named after "như" are leads
    assert "Phòng Nông nghiệp và Phát triển nông thôn" in by_number[6]["lead"]
    assert set(by_number[7]["lead"]) == {
        "Phòng Nội vụ",
        "Phòng Kinh tế và Hạ tầng",
        "Phòng Tài chính - Kế hoạch",
    }


def test_deadlines_and_phrases():
    by_number = {d["number"]: d for d in seed_data()["directives"]}
    assert (by_number[1]["deadline"], by_number[1]["deadline_text"]) == (
        "2024-11-30",
        "trong tháng 11/2024",
    )
    assert by_number[3]["deadline"] == "2024-08-30"
    # a start date, a purpose and an event are not deadlines
    for n in (2, 4, 5, 6, 7):
        assert by_number[n]["deadline"] is None
    for d in by_number.values():
        if d["deadline_text"]:
            assert squash(d["deadline_text"]) in squash(d["content"])


def test_no_external_bodies_and_one_agency_per_spelling():
    data = seed_data()
    folded = [fold(a["name"]) for a in data["agencies"]]
    assert len(folded) == len(set(folded))
    for a in data["agencies"]:
        assert not re.match(r"(so |ubnd tinh|trung tam)", fold(a["name"]))
    # "Tài chính - Kế hoạch" and "Tài chính – Kế hoạch" fold alike: one agency
    assert fold("Phòng Tài chính – Kế hoạch") in folded


def test_notice_metadata_invents_nothing():
    notice = seed_data()["notice"]
    assert notice["number"] is None
    assert notice["meeting_on"] == "2024-08-16"
    numbers = {c["number"] for c in notice["cited_documents"]}
    assert numbers == {
        "38/BC-PNV",
        "781/QĐ-UBND",
        "1879/QĐ-UBND",
        "8305/QĐ-UBND",
        "1921/UBND",
        "536/QĐ-UBND",
        "936/QĐ-UBND",
    }
    text = seed_text()
    for c in notice["cited_documents"]:
        assert c["number"] in text
    figures = seed_data()["figures"]
    assert figures["plan_tasks_2024"] == 50 and figures["plan_progress_percent_at_meeting"] == 70

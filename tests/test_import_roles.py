"""Who leads and who supports, and deadlines, on sentences written for the
tests: agency headings, "Giao X chủ trì", people's titles, framing phrases,
lists after "các Bộ:", supports glued to names, collective phrases mapped
through the registry's aliases, per-agency and closing deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from cchc_tui.importer import parse_notice
from cchc_tui.importer.agencies import Registry, find_mentions, tokenize
from cchc_tui.importer.deadlines import directive_deadline
from cchc_tui.importer.roles import Context, heading_agencies, read_roles

CENTRAL = Context(Registry(), level="central")
PROVINCE = Context(Registry(), level="province")


def roles(text: str, ctx: Context = CENTRAL, **kw) -> tuple[list[str], list[str]]:
    got = read_roles(text, ctx, **kw)
    return [a.name for a in got.leads], [a.name for a in got.supports]


def names(text: str) -> list[str]:
    return [m.ref.name for m in find_mentions(text, tokenize(text), Registry())]


@pytest.mark.parametrize(
    "text, leads, supports",
    [
        (
            "Giao Bộ Nội vụ chủ trì, phối hợp với các cơ quan liên quan nghiên cứu, tổng hợp.",
            ["Bộ Nội vụ"],
            ["Các cơ quan liên quan"],
        ),
        (
            "Bộ trưởng Bộ Quốc phòng, Bộ trưởng Bộ Công an chỉ đạo các đơn vị trực thuộc.",
            ["Bộ Quốc phòng", "Bộ Công an"],
            [],
        ),
        (
            "Bộ Xây dựng: Khẩn trương thành lập đoàn công tác hỗ trợ các địa phương.",
            ["Bộ Xây dựng"],
            [],
        ),
        (
            "Trên cơ sở đề xuất của các bộ, ngành, Bộ Tài chính khẩn trương tổng hợp, báo cáo.",
            ["Bộ Tài chính"],
            [],
        ),
        (
            "Với vai trò là chủ đầu tư, Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam chủ "
            "động làm việc với các đối tác.",
            ["Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam"],
            [],
        ),
        (
            "Đề nghị các Tập đoàn: Bưu chính Viễn thông Việt Nam, Công nghiệp - Viễn thông Quân đội "
            "tổ chức triển khai.",
            [
                "Tập đoàn Bưu chính Viễn thông Việt Nam",
                "Tập đoàn Công nghiệp - Viễn thông Quân đội",
            ],
            [],
        ),
        (
            "Về dự án nạo vét luồng tàu: Bộ Xây dựng khẩn trương rà soát.",
            ["Bộ Xây dựng"],
            [],
        ),
        (
            "Bộ Khoa học và Công nghệ chủ trì, phối hợp Ban Quản lý các khu công nghệ cao; các "
            "doanh nghiệp viễn thông và các đơn vị liên quan rà soát quy hoạch.",
            ["Bộ Khoa học và Công nghệ"],
            [
                "Ban Quản lý các khu công nghệ cao",
                "Các doanh nghiệp viễn thông",
                "Các đơn vị liên quan",
            ],
        ),
        (
            "Bộ Khoa học và Công nghệ đã tích cực vào cuộc, cơ bản hoàn thành hồ sơ.",
            [],
            [],
        ),
        (
            "Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính và cơ quan, đơn vị liên "
            "quan cập nhật dữ liệu.",
            ["Sở Khoa học và Công nghệ"],
            ["Sở Tài chính", "Cơ quan, đơn vị liên quan"],
        ),
        (
            "Sở Nông nghiệp và Môi trường; UBND các xã, phường niêm yết công khai thủ tục.",
            ["UBND các xã, phường", "Sở Nông nghiệp và Môi trường"],
            [],
        ),
        (
            "Công an tỉnh phối hợp các lực lượng và UBND các xã, phường huy động phương tiện.",
            ["Công an tỉnh"],
            ["UBND các xã, phường"],
        ),
    ],
)
def test_leads_and_supports_in_sentences(text, leads, supports):
    assert roles(text) == (leads, supports)


def test_a_land_given_to_someone_is_not_a_task_given():
    assert roles("Rà soát diện tích đã được giao cho các đơn vị chủ rừng quản lý.") == ([], [])


def test_under_an_agency_heading_requests_are_the_heading_agency_s():
    text = "Yêu cầu các cơ quan báo chí xây dựng kế hoạch tuyên truyền."
    assert roles(text, subject=["Sở Khoa học và Công nghệ"]) == ([], [])
    assert roles(text) == (["Các cơ quan báo chí"], [])


@pytest.mark.parametrize(
    "heading, names_",
    [
        ("Sở Y tế:", ["Sở Y tế"]),
        ("Giao Sở Nội vụ", ["Sở Nội vụ"]),
        (
            "Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh",
            ["Hiệp hội Doanh nghiệp tỉnh", "Hội Nông dân tỉnh"],
        ),
        (
            "Sở Công Thương Hỗ trợ cho các doanh nghiệp kinh doanh trên môi trường số.",
            ["Sở Công Thương"],
        ),
        ("Báo và Phát thanh, Truyền hình thành phố", ["Báo và Phát thanh, Truyền hình thành phố"]),
        ("Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành", ["Sở, cơ quan, ban, ngành"]),
        (
            "Doanh nghiệp, cộng đồng, tổ chức, cá nhân: Quan tâm, đăng ký hỗ trợ",
            ["Doanh nghiệp, cộng đồng, tổ chức, cá nhân"],
        ),
        ("Nâng cao nhận thức và đổi mới tư duy", []),
        ("Bộ Tài chính chủ trì, phối hợp với các bộ liên quan:", []),  # a sentence: read as one
    ],
)
def test_agency_headings(heading, names_):
    assert [r.name for r in heading_agencies(heading, PROVINCE)] == names_


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sở Văn hóa, Thể thao và Du lịch chủ trì", ["Sở Văn hóa, Thể thao và Du lịch"]),
        (
            "Cục Du lịch Quốc gia Việt Nam Phối hợp với các địa phương",
            ["Cục Du lịch Quốc gia Việt Nam", "Các địa phương"],
        ),
        ("Ủy ban nhân dân tỉnh Thanh Hóa rà soát", ["UBND tỉnh Thanh Hóa"]),
        (
            "UBND các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng triển khai",
            ["UBND các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng"],
        ),
        (
            "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã thực hiện",
            ["Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã"],
        ),
        (
            "các cơ quan báo chí, phát thanh, truyền hình khác",
            ["Các cơ quan báo chí, phát thanh, truyền hình khác"],
        ),
        (
            "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam vận động",
            ["Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"],
        ),
        ("Viễn thông Việt Nam", []),  # "Viễn" is not "Viện"
    ],
)
def test_names_in_text(text, expected):
    assert names(text) == expected


def test_collective_phrases_map_through_the_registry_else_a_proposed_group():
    text = (
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n\nChủ tịch kết luận như sau:\n"
        "1. Các sở, ban, ngành rà soát thủ tục, phối hợp với các cơ quan, đơn vị liên quan.\n"
        "2. UBND các xã, phường tuyên truyền, phối hợp với các thôn, tổ dân phố.\n"
    )
    empty = parse_notice(text, Registry())
    first, second = empty.directives
    assert [(a.name, a.kind, a.is_new) for a in first.leads] == [
        ("Các sở, ban, ngành", "group", True)
    ]
    assert first.level("lead") == "low" and "tên chung" in first.doubts["lead"]
    # a database whose groups carry the usual phrases as aliases (a province template)
    registry = Registry.from_rows(
        [
            {
                "id": 1,
                "name": "Sở, ban, ngành tỉnh",
                "kind": "group",
                "aliases": ["các sở, ban, ngành"],
            },
            {
                "id": 2,
                "name": "Các cơ quan, đơn vị của tỉnh",
                "kind": "group",
                "aliases": ["các cơ quan, đơn vị liên quan", "các cơ quan, đơn vị"],
            },
            {"id": 3, "name": "UBND các xã, phường", "kind": "group", "aliases": []},
            {
                "id": 4,
                "name": "Các thôn, tổ dân phố",
                "kind": "group",
                "aliases": ["các thôn, tổ dân phố"],
            },
        ]
    )
    mapped = parse_notice(text, registry)
    first, second = mapped.directives
    assert [(a.name, a.agency_id) for a in first.leads] == [("Sở, ban, ngành tỉnh", 1)]
    assert [(a.name, a.agency_id) for a in first.supports] == [("Các cơ quan, đơn vị của tỉnh", 2)]
    assert first.level("lead") == first.level("support") == "high"
    assert [a.agency_id for a in second.leads] == [3]
    assert [a.agency_id for a in second.supports] == [4]
    assert "Các cơ quan, đơn vị huyện" not in str(mapped.to_json())  # nothing of the sample


@pytest.mark.parametrize(
    "text, on",
    [
        ("báo cáo chậm nhất ngày 15/12/2025", date(2025, 12, 15)),
        ("hoàn thành chậm nhất trước ngày 31/01/2026", date(2026, 1, 31)),
        ("bảo đảm mục tiêu đến hết năm 2025 có 1.700 km", date(2025, 12, 31)),
        ("trình Chính phủ trong Quý I năm 2026", date(2026, 3, 31)),
        ("định kỳ trước ngày 01/6 và 15/11 hằng năm báo cáo", None),
        ("chậm nhất 03 ngày làm việc kể từ ngày ban hành Quyết định", date(2025, 11, 21)),
        ("trong thời hạn 05 ngày kể từ ngày ký", date(2025, 11, 23)),
        ("hoàn thành nhiệm vụ được giao trong năm 2025", None),
    ],
)
def test_more_deadline_phrases(text, on):
    assert directive_deadline(text, date(2025, 11, 18))[0] == on


def test_italics_inside_a_deadline_and_date_over_two_lines():
    text = (
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 9/TB-VPCP\nHà Nội, ngày 24\ntháng 11 năm 2025\nTHÔNG BÁO\n"
        "Kết luận của Phó Thủ tướng\nPhó Thủ tướng kết luận như sau:\n"
        "1. Bộ Tài chính trình Chính phủ trước ngày *30/11/2025*.\n"
    )
    reading = parse_notice(text, Registry())
    assert reading.issued_on == date(2025, 11, 24)
    assert reading.directives[0].deadline == date(2025, 11, 30)


def test_two_deadlines_for_two_agencies_make_two_directives():
    text = (
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\nChủ tịch kết luận như sau:\n"
        "1. Sở Tài chính tổng hợp nhu cầu trước ngày 10/12/2025; Sở Xây dựng hoàn thành hồ sơ "
        "trong tháng 01/2026.\n2. Sở Y tế kiểm tra.\n"
    )
    first, second, third = parse_notice(text, Registry()).directives
    assert ([a.name for a in first.leads], first.deadline) == (["Sở Tài chính"], date(2025, 12, 10))
    assert ([a.name for a in second.leads], second.deadline) == (["Sở Xây dựng"], date(2026, 1, 31))
    assert first.content == second.content and first.level("deadline") == "low"
    assert [a.name for a in third.leads] == ["Sở Y tế"]


def test_one_closing_deadline_applies_to_every_item_without_one():
    text = (
        "UBND TỈNH HOÀ BÌNH\nSố: 3/UBND-VP\nV/v triển khai\nHòa Bình, ngày 05 tháng 11 năm 2025\n"
        "Kính gửi: Các sở, ban, ngành.\nUBND tỉnh đề nghị các cơ quan thực hiện các nội dung sau:\n"
        "1. Sở Nội vụ rà soát biên chế.\n2. Sở Tư pháp rà soát văn bản, xong trước ngày 20/11/2025.\n"
        "Các cơ quan báo cáo kết quả thực hiện về UBND tỉnh trước ngày 30/11/2025./.\n"
    )
    first, second = parse_notice(text, Registry()).directives
    assert first.deadline == date(2025, 11, 30) and first.level("deadline") == "low"
    assert second.deadline == date(2025, 11, 20) and second.level("deadline") == "high"


def test_a_province_is_the_implied_lead_of_a_conclusion_to_that_province():
    text = (
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 623/TB-VPCP\nHà Nội, ngày 15 tháng 11 năm 2025\nTHÔNG BÁO\n"
        "Kết luận của Phó Thủ tướng tại buổi làm việc với tỉnh Đắk Lắk\n"
        "II. NHIỆM VỤ TRONG THỜI GIAN TỚI\nĐể đạt mục tiêu tăng trưởng, tỉnh Đắk Lắk cần tiếp tục "
        "thực hiện một số nội dung trọng tâm sau:\n1. Rà soát các chỉ tiêu phát triển.\n"
        "III. VỀ KIẾN NGHỊ CỦA TỈNH\n1. Về vốn: Giao Bộ Tài chính nghiên cứu.\n"
    )
    first, second = parse_notice(text, Registry()).directives
    assert [a.name for a in first.leads] == ["UBND tỉnh Đắk Lắk"]
    assert first.level("lead") == "low" and "câu dẫn" in first.doubts["lead"]
    assert [a.name for a in second.leads] == ["Bộ Tài chính"]


def test_letter_items_go_to_its_addressees_when_they_name_no_one():
    text = (
        "SỞ NỘI VỤ\nSố: 8/SNV-CCHC\nV/v kiểm tra\nHòa Bình, ngày 05 tháng 11 năm 2025\n"
        "Kính gửi: UBND các xã, phường.\nThực hiện Kế hoạch của UBND tỉnh, Sở Nội vụ thông tin "
        "các nội dung sau:\n1. Tự kiểm tra công tác cải cách hành chính.\n"
    )
    (item,) = parse_notice(text, Registry()).directives
    assert [a.name for a in item.leads] == ["UBND các xã, phường"]
    assert item.level("lead") == "low" and "Kính gửi" in item.doubts["lead"]

"""The structure pass on small extracts: numbering schemes and sections,
attachments, records with field layouts, tables of tasks, letters without
numbered items, refusals, many items, and the letterhead of web pages."""

from __future__ import annotations

import time
from datetime import date

import pytest

from cchc_tui.importer import NoticeImportError, parse_notice
from cchc_tui.importer.agencies import Registry
from cchc_tui.importer.structure import build_tree, split_parts
from cchc_tui.importer.tables import pipe_tables, row_cells, task_columns

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH HOÀ BÌNH\nSố: 45/KH-UBND\n"
    "Hòa Bình, ngày 10 tháng 11 năm 2025\n\nKẾ HOẠCH\nTriển khai chuyển đổi số năm 2026\n\n"
)


def read(text: str, registry: Registry | None = None):
    return parse_notice(text, registry or Registry())


def ticked(reading):
    return [d for d in reading.directives if d.selected]


def leads(d) -> list[str]:
    return [a.name for a in d.leads]


def supports(d) -> list[str]:
    return [a.name for a in d.supports]


# -- the numbering tree -------------------------------------------------------------


def test_tree_nests_by_scheme_and_rejects_numbers_out_of_sequence():
    root = build_tree(
        [
            "I. MỤC ĐÍCH",
            "1. Mục đích",
            "- Nâng cao nhận thức",
            "II. NHIỆM VỤ",
            "1. Rà soát văn bản",
            "1.1. Sở Tư pháp rà soát",
            "1.2. Sở Nội vụ rà soát",
            "a) trước ngày 15/12/2025",
            "2025 là năm bản lề",  # not a number of the outline
            "7. không phải mục 2",  # out of sequence: text of 1.2
            "2. Tổ chức tập huấn",
        ]
    )
    first, second = root.children
    assert [c.scheme for c in root.children] == ["roman", "roman"]
    items = second.children
    assert [i.heading for i in items] == ["Rà soát văn bản", "Tổ chức tập huấn"]
    subs = items[0].children
    assert [s.scheme for s in subs] == ["decimal2", "decimal2"]
    assert [c.scheme for c in subs[1].children] == ["letter"]
    assert "7. không phải mục 2" in subs[1].content()
    assert subs[1].label() == "II.1.2"


def test_number_alone_on_its_line_goes_with_the_next_line():
    reading = read(
        HEAD + "II. NHIỆM VỤ\n1.\nSở Y tế tổ chức tiêm chủng theo quy định tại khoản\n"
        "3. Điều 5 Luật Khám bệnh, chữa bệnh.\n"
        "2.\nSở Giáo dục và Đào tạo chủ trì tập huấn.\n"
    )
    assert [leads(d) for d in ticked(reading)] == [["Sở Y tế"], ["Sở Giáo dục và Đào tạo"]]
    assert "khoản 3. Điều 5 Luật" in ticked(reading)[0].content


def test_more_than_99_items_do_not_merge():
    items = "".join(f"{n}. Phòng Nội vụ rà soát hồ sơ lần {n}.\n" for n in range(1, 131))
    started = time.perf_counter()
    reading = read("THÔNG BÁO\nKết luận của Chủ tịch\n\nChủ tịch kết luận như sau:\n" + items)
    assert time.perf_counter() - started < 2.0
    assert len(reading.directives) == 130
    assert reading.directives[99].content == "Phòng Nội vụ rà soát hồ sơ lần 100."
    assert reading.directives[129].label == "130"


# -- sections -------------------------------------------------------------------------


def test_plan_sections_about_purposes_targets_and_funding_are_not_read():
    text = HEAD + (
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao nhận thức.\n2. Yêu cầu\n- Bảo đảm tiến độ.\n"
        "II. MỤC TIÊU\n1. 100% hồ sơ được số hóa.\n2. 90% người dân hài lòng.\n"
        "III. NHIỆM VỤ, GIẢI PHÁP\n1. Sở Khoa học và Công nghệ xây dựng nền tảng số, hoàn thành "
        "trong quý II/2026.\n2. Sở Nội vụ tổ chức tập huấn.\n"
        "IV. KINH PHÍ\n1. Sở Tài chính bố trí kinh phí.\n"
        "V. TỔ CHỨC THỰC HIỆN\n1. Sở Tư pháp theo dõi, đôn đốc.\n"
    )
    got = ticked(read(text))
    assert [leads(d) for d in got] == [
        ["Sở Khoa học và Công nghệ"],
        ["Sở Nội vụ"],
        ["Sở Tư pháp"],
    ]
    assert [d.label for d in got] == ["III.1", "III.2", "V.1"]
    assert got[0].deadline == date(2026, 6, 30)


def test_items_without_anyone_to_do_them_are_proposed_unticked():
    text = HEAD + (
        "II. NHIỆM VỤ\n1. Hoàn thiện thể chế\na) Rà soát các văn bản.\nb) Ban hành quy định.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ chủ trì thực hiện mục II.1.\n"
    )
    reading = read(text)
    assert [d.selected for d in reading.directives] == [False, True]
    json_numbers = [d["number"] for d in reading.to_json()["directives"]]
    assert json_numbers == [2]


def test_decimal_sub_items_are_directives_each_letters_stay_inside():
    text = HEAD + (
        "II. NHIỆM VỤ\n1. Phân công trách nhiệm\n1.1. Sở Tài chính\na) Bố trí kinh phí.\n"
        "b) Hướng dẫn thanh quyết toán.\n1.2. Sở Y tế\na) Kiểm tra chất lượng nước.\n"
        "2. UBND các xã, phường:\na) Tuyên truyền.\nb) Kiểm tra, báo cáo trước ngày 15/12/2025.\n"
    )
    got = ticked(read(text))
    assert [leads(d) for d in got] == [["Sở Tài chính"], ["Sở Y tế"], ["UBND các xã, phường"]]
    assert "b) Hướng dẫn thanh quyết toán." in got[0].content
    assert got[2].deadline == date(2025, 12, 15)


# -- decisions and what is attached to them --------------------------------------------


DECISION = (
    "ỦY BAN NHÂN DÂN\nTỈNH HOÀ BÌNH\nSố: 12/QĐ-UBND\nHòa Bình, ngày 18 tháng 11 năm 2025\n\n"
    "QUYẾT ĐỊNH\nVề việc công bố danh mục thủ tục hành chính\n"
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
    "QUYẾT ĐỊNH:\n"
    "Điều 1. Công bố kèm theo Quyết định này danh mục 05 thủ tục hành chính.\n"
)
EXECUTION = (
    "Điều 4. Chánh Văn phòng UBND tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết định "
    "này./.\nNơi nhận:\n- Như Điều 4;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n"
)


def test_decision_articles_that_only_publish_or_take_effect_are_not_tasks():
    text = DECISION + (
        "Điều 2. Giao các cơ quan, đơn vị:\n"
        "1. Sở Tư pháp chủ trì, phối hợp với Văn phòng UBND tỉnh xây dựng quy trình nội bộ, "
        "thời hạn chậm nhất 05 ngày làm việc kể từ ngày ban hành Quyết định.\n"
        "2. UBND các xã, phường niêm yết công khai thủ tục hành chính.\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n" + EXECUTION
    )
    got = ticked(read(text))
    assert [leads(d) for d in got] == [["Sở Tư pháp"], ["UBND các xã, phường"]]
    assert supports(got[0]) == ["Văn phòng UBND tỉnh"]
    assert got[0].deadline == date(2025, 11, 25)  # 5 working days after Tue 18/11
    assert got[0].level("deadline") == "low"


def test_decision_that_only_publishes_is_refused():
    text = DECISION + "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n" + EXECUTION
    with pytest.raises(NoticeImportError, match="không mục nào giao việc"):
        read(text)


def test_plan_attached_to_a_decision_is_read_a_list_of_procedures_is_not():
    text = (
        DECISION.replace("danh mục 05 thủ tục hành chính", "Kế hoạch chuyển đổi số")
        + "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        + EXECUTION
        + "KẾ HOẠCH\nChuyển đổi số năm 2026\n(Kèm theo Quyết định số 12/QĐ-UBND)\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao nhận thức.\n- Bảo đảm an toàn dữ liệu.\n"
        "2. Yêu cầu\n- Đúng tiến độ.\nII. NHIỆM VỤ\n1. Sở Nội vụ tổ chức tập huấn.\n"
        "DANH MỤC\nThủ tục hành chính\n1. Sở Y tế cấp giấy phép hành nghề.\n"
    )
    parts = split_parts(text.split("\n"))
    assert [p.kind for p in parts] == ["main", "ke hoach", "danh muc"]
    assert [leads(d) for d in ticked(read(text))] == [["Sở Nội vụ"]]


# -- field layouts and tables --------------------------------------------------------------


def test_field_layouts_give_lead_support_deadline_and_one_record_each():
    text = HEAD + (
        "III. NHIỆM VỤ\n1. Nâng cao năng lực đội ngũ\n"
        "- Tổ chức tập huấn cho cán bộ.\n"
        "Đơn vị chủ trì thực hiện: Sở Tư pháp.\nĐơn vị phối hợp: Sở Nội vụ; các cơ quan liên quan.\n"
        "Thời gian thực hiện: Quý IV/2025.\n"
        "- Ra mắt trợ lý ảo pháp luật.\n"
        "Cơ quan chủ trì: Sở Khoa học và Công nghệ.\nThời gian thực hiện: Thường xuyên.\n"
        "2. Rà soát văn bản\n- Cơ quan thực hiện: Sở Tư pháp tiến hành rà soát; các sở, ngành rà "
        "soát văn bản thuộc lĩnh vực.\n- Thời gian thực hiện:\n"
        "+ Các sở, ngành gửi kết quả về Sở Tư pháp trước ngày 15 tháng 12 năm 2025.\n"
        "+ Sở Tư pháp tổng hợp, báo cáo UBND tỉnh trước ngày 31 tháng 12 năm 2025.\n"
    )
    got = ticked(read(text))
    assert [leads(d) for d in got] == [
        ["Sở Tư pháp"],
        ["Sở Khoa học và Công nghệ"],
        ["Các sở, ngành"],  # one directive per deadline, with its agencies
        ["Sở Tư pháp"],
    ]
    assert supports(got[0]) == ["Sở Nội vụ", "Các cơ quan liên quan"]
    assert got[0].deadline == date(2025, 12, 31) and got[1].deadline is None
    assert [got[2].deadline, got[3].deadline] == [date(2025, 12, 15), date(2025, 12, 31)]
    assert got[2].label == "III.1 (1)" or got[2].label.endswith("(1)")


@pytest.mark.parametrize(
    "value, on, certain",
    [
        ("Thường xuyên", None, True),
        ("Hằng năm", None, True),
        ("năm 2025 và các năm tiếp theo", None, True),
        ("Từ 01/7/2025", None, True),
        ("Tháng 12/2025", date(2025, 12, 31), True),
        ("Quí IV-2025", date(2025, 12, 31), True),
        ("Quý IV/2025- Quý II/2026", date(2026, 6, 30), False),
        ("Trước ngày 30/11/2025", date(2025, 11, 30), True),
        ("2026", date(2026, 12, 31), True),
        ("năm 2026 - 2027", date(2027, 12, 31), False),
        ("Tháng 12 hằng năm", None, True),
    ],
)
def test_time_written_in_a_field(value, on, certain):
    from cchc_tui.importer.fields import time_value

    got, _, sure = time_value(value, date(2025, 11, 10))
    assert (got, sure) == (on, certain)


PIPE_TABLE = """PHỤ LỤC
NHIỆM VỤ VÀ GIẢI PHÁP
|
**STT**
|
**Nội dung**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian**
|
|
**I**
|
**NHÓM GIẢI PHÁP VỀ THỂ CHẾ**
|
|
1
|
Rà soát cơ chế, chính sách
hỗ trợ doanh nghiệp.
|
Sở Tài chính
|
Sở, ban, ngành có liên quan
|
Thường xuyên
|
|
2
|
Xây dựng bộ tiêu chí.
|
Sở Khoa học và Công nghệ
|
|
2026
|
"""


def test_web_table_of_tasks_is_read_row_by_row():
    rows = [row_cells(x) for x in pipe_tables(PIPE_TABLE.replace("**", "").split("\n"))]
    rows = [r for r in rows if r]
    assert task_columns(rows[0]) == {
        "number": 0,
        "content": 1,
        "lead": 2,
        "support": 3,
        "deadline": 4,
    }
    assert rows[2] == [
        "1",
        "Rà soát cơ chế, chính sách hỗ trợ doanh nghiệp.",
        "Sở Tài chính",
        "Sở, ban, ngành có liên quan",
        "Thường xuyên",
    ]
    assert rows[3] == ["2", "Xây dựng bộ tiêu chí.", "Sở Khoa học và Công nghệ", "", "2026"]
    got = ticked(read(HEAD + "II. NHIỆM VỤ (chi tiết tại Phụ lục)\n" + PIPE_TABLE))
    assert [(leads(d), supports(d), d.deadline) for d in got] == [
        (["Sở Tài chính"], ["Sở, ban, ngành có liên quan"], None),
        (["Sở Khoa học và Công nghệ"], [], date(2026, 12, 31)),
    ]


def test_markdown_table_of_tasks_and_a_summary_annex_that_is_not():
    table = (
        "| STT | Nhiệm vụ | Chủ trì | Phối hợp | Thời hạn |\n|---|---|---|---|---|\n"
        "| 1 | Số hóa hồ sơ | Sở Nội vụ | Sở Tư pháp | Tháng 12/2025 |\n"
    )
    got = ticked(read(HEAD + "II. NHIỆM VỤ\n" + table))
    assert [(leads(d), supports(d), d.deadline) for d in got] == [
        (["Sở Nội vụ"], ["Sở Tư pháp"], date(2025, 12, 31))
    ]
    summary = (
        HEAD
        + "II. NHIỆM VỤ\n1. Sở Y tế kiểm tra.\nNơi nhận:\n- Lưu: VT.\n"
        + "PHỤ LỤC\nTỔNG HỢP CÁC NHIỆM VỤ CHẬM MUỘN\n"
        + table
    )
    assert [leads(d) for d in ticked(read(summary))] == [["Sở Y tế"]]


# -- letters, telegrams, refusals ----------------------------------------------------------


def test_one_task_letter_without_numbers_is_one_directive():
    text = (
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 11/VPCP-KGVX\nV/v\nthành lập mạng lưới quan trắc\n\n"
        "Hà Nội, ngày 18\ntháng 11 năm 2025\n\nKính gửi: Bộ trưởng Bộ Khoa học và Công nghệ.\n"
        "Xét Tờ trình số 226/TTr-BKHCN, Phó Thủ tướng có ý kiến như sau:\n"
        "Bộ Khoa học và Công nghệ chủ trì, phối hợp với Bộ Quốc phòng và các bộ, cơ quan liên quan "
        "rà soát, báo cáo Thủ tướng Chính phủ trong quý I năm 2026.\n"
        "Văn phòng Chính phủ thông báo để Bộ Khoa học và Công nghệ biết, thực hiện./.\n"
    )
    reading = read(text)
    assert (reading.kind, reading.number, reading.issued_on) == (
        "Công văn",
        "11/VPCP-KGVX",
        date(2025, 11, 18),
    )
    assert reading.title == "Thành lập mạng lưới quan trắc"
    assert reading.addressees == ["Bộ trưởng Bộ Khoa học và Công nghệ"]
    (item,) = reading.directives
    assert leads(item) == ["Bộ Khoa học và Công nghệ"]
    assert supports(item) == ["Bộ Quốc phòng", "Các bộ, cơ quan liên quan"]
    assert item.deadline == date(2026, 3, 31)


def test_addressee_list_ends_where_the_body_starts():
    text = (
        "UBND TỈNH HOÀ BÌNH\nSố: 7/UBND-NC\nV/v rà soát\nHòa Bình, ngày 02 tháng 8 năm 2025\n"
        "Kính gửi:\n- Các sở, ban, ngành;\n- UBND các xã, phường.\n"
        "Thực hiện chỉ đạo của Chủ tịch UBND tỉnh, đề nghị các cơ quan thực hiện các nội dung sau:\n"
        "1. Rà soát thủ tục hành chính.\n"
    )
    reading = read(text)
    assert reading.addressees == ["Các sở, ban, ngành", "UBND các xã, phường"]
    (item,) = reading.directives
    assert leads(item) == ["Các cơ quan"]  # the sentence introducing the list says who


def test_telegram_addressees_and_items():
    text = (
        "THỦ TƯỚNG CHÍNH PHỦ\nSố: 228/CĐ-TTg\nHà Nội, ngày 25 tháng 11 năm 2025\nCÔNG ĐIỆN\n"
        "Về việc khắc phục hậu quả mưa lũ\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n"
        "- Bộ trưởng các Bộ: Tài chính, Nội vụ, Y tế.\n"
        "- Chủ tịch Ủy ban nhân dân các tỉnh: Hà Tĩnh, Quảng Trị.\n"
        "Trong mấy ngày qua, mưa lũ đặc biệt lớn đã gây thiệt hại nặng nề.\n"
        "1. Bộ trưởng Bộ Quốc phòng, Bộ trưởng Bộ Công an chỉ đạo lực lượng hỗ trợ Nhân dân.\n"
        "2. Giao Phó Thủ tướng Hồ Đức Phớc chỉ đạo, đôn đốc.\n"
        "3. Các Bộ: Tài chính, Nội vụ theo chức năng hướng dẫn các địa phương.\n"
    )
    reading = read(text)
    assert reading.kind == "Công điện" and reading.issuer == "THỦ TƯỚNG CHÍNH PHỦ"
    assert reading.addressees[0] == "Bộ trưởng các Bộ: Tài chính, Nội vụ, Y tế"
    first, second, third = reading.directives
    assert leads(first) == ["Bộ Quốc phòng", "Bộ Công an"]
    assert not second.selected  # a Deputy Prime Minister: not an agency to track
    assert leads(third) == ["Bộ Tài chính", "Bộ Nội vụ"]


def test_news_summary_above_the_document_is_skipped():
    text = (
        "## Khắc phục hậu quả mưa lũ\nNgày 23/11/2025, Thủ tướng ban hành Công điện 227/CĐ-TTg.\n"
        "Theo đó, Bộ Tài chính chủ trì rà soát.\nXem chi tiết tại Công điện.\n"
        "THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 227/CĐ-TTg\nHà Nội, ngày 23 tháng 11 năm 2025\nCÔNG ĐIỆN\nVề việc khắc phục hậu quả\n"
        "1. Bộ trưởng Bộ Tài chính chủ trì rà soát thiệt hại, báo cáo trước ngày 26/11/2025.\n"
    )
    reading = read(text)
    assert (reading.number, reading.issued_on, reading.issuer) == (
        "227/CĐ-TTg",
        date(2025, 11, 23),
        "THỦ TƯỚNG CHÍNH PHỦ",
    )
    assert [leads(d) for d in reading.directives] == [["Bộ Tài chính"]]


def test_letterhead_of_a_web_page_one_column_with_motto_pieces():
    text = (
        "|\n**ỦY BAN NHÂN\nDÂN**\n**TỈNH BẮC NINH**\n--------\n|\n**CỘNG HÒA XÃ\n"
        "HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n---------------\n|\n|\n"
        "Số: 141/KH-UBND\n|\n*Bắc Ninh, ngày 24\ntháng 11 năm 2025*\n|\n**KẾ HOẠCH**\n"
        "NÂNG CAO NĂNG LỰC\nĐỘI NGŨ CÁN BỘ\nThực hiện Nghị quyết số 66-NQ/TW, UBND tỉnh ban hành "
        "Kế hoạch như sau:\n**1. Sở Tư pháp** chủ trì tập huấn.\n"
    )
    reading = read(text)
    assert reading.issuer == "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    assert (reading.number, reading.issued_on, reading.kind) == (
        "141/KH-UBND",
        date(2025, 11, 24),
        "Kế hoạch",
    )
    assert reading.title == "Nâng cao năng lực đội ngũ cán bộ"
    assert [leads(d) for d in reading.directives] == [["Sở Tư pháp"]]


def test_same_text_without_bold_and_italic_marks_reads_alike():
    marked = HEAD + "**II. NHIỆM VỤ**\n**1. Giao Sở Nội vụ**\n*a) Rà soát biên chế.*\n"
    plain = marked.replace("**", "").replace("*", "")
    one, two = read(marked), read(plain)
    assert (
        [leads(d) for d in one.directives] == [leads(d) for d in two.directives] == [["Sở Nội vụ"]]
    )


def test_document_without_letterhead_with_numbered_tasks_is_read():
    reading = read(
        "Các nhiệm vụ trọng tâm:\n1. Phòng Nội vụ chủ trì rà soát.\n2. Phòng Y tế kiểm tra.\n"
    )
    assert [leads(d) for d in reading.directives] == [["Phòng Nội vụ"], ["Phòng Y tế"]]


def test_numbered_text_with_no_one_to_do_anything_is_refused():
    article = "# Thủ tướng\n1. Lãnh đạo hệ thống hành chính.\n2. Trình Quốc hội phê chuẩn.\n"
    with pytest.raises(NoticeImportError, match="không mục nào giao việc"):
        read(article)

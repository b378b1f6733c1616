"""A deterministic synthetic workload: notices, agencies, directives and
progress reports with Vietnamese wording, a mix of states and deadlines.

Only the *plan* is made here (what a secretariat would have typed over the
years); :mod:`cchc_bench.writer` stores it through the project's own
storage code and rules.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from cchc_bench import TODAY
from cchc_tui.domain.dates import format_date, last_day_of_month
from cchc_tui.domain.status import Report, Status
from cchc_tui.domain.text import fold


@dataclass(frozen=True)
class Size:
    """Totals of a database, the seed included."""

    notices: int
    directives: int
    agencies: int
    updates: int
    groups: tuple[tuple[int, int], ...] = ()
    """Groups tracked per member, as (members, directives led by the group):
    a province's communes and its departments. Their members are agencies
    beyond ``agencies``; every report on such a directive is one member's."""


SCALES = {
    "S": None,  # the seed alone
    "M": Size(notices=250, directives=2_000, agencies=60, updates=20_000),
    "L": Size(
        notices=2_500,
        directives=20_000,
        agencies=200,
        updates=200_000,
        # ≈ 390,000 member assignments: 1,500 × 150 + 6,500 × 25
        groups=((150, 1_500), (25, 6_500)),
    ),
}


@dataclass
class DirectivePlan:
    notice: int  # index into Plan.notices
    number: int
    title: str
    content: str
    deadline: date | None
    deadline_text: str
    leads: list[str]  # agency names
    supports: list[str]


@dataclass
class ReportPlan:
    directive: int  # index into Plan.directives
    agency: str | None  # one lead, or None for every lead
    report: Report
    by: str


@dataclass
class Plan:
    agencies: list[tuple[str, str, list[str]]] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)
    directives: list[DirectivePlan] = field(default_factory=list)
    reports: list[ReportPlan] = field(default_factory=list)
    members: dict[str, list[str]] = field(default_factory=dict)
    """Each group of ``Size.groups`` and its members' names."""


OFFICES = [
    ("Phòng Tư pháp", ["PTP"]),
    ("Phòng Văn hóa và Thông tin", ["Phòng VH&TT", "Phòng VHTT"]),
    ("Phòng Giáo dục và Đào tạo", ["Phòng GD&ĐT", "Phòng GDĐT"]),
    ("Phòng Y tế", []),
    ("Phòng Lao động - Thương binh và Xã hội", ["Phòng LĐ-TB&XH"]),
    ("Thanh tra huyện", []),
    ("Phòng Dân tộc", []),
    ("Trung tâm Văn hóa - Thể thao và Truyền thông", ["Trung tâm VH-TT&TT"]),
    ("Trung tâm Dịch vụ nông nghiệp", []),
    ("Công an huyện", []),
    ("Ban Chỉ huy Quân sự huyện", []),
    ("Chi cục Thuế khu vực Nghĩa Hành - Minh Long", []),
    ("Bảo hiểm xã hội huyện", ["BHXH huyện"]),
    ("Kho bạc Nhà nước huyện", []),
    ("Chi cục Thống kê huyện", []),
    ("Trung tâm Y tế huyện", []),
    ("Đội Quản lý trật tự đô thị", []),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện", ["UBMTTQVN huyện"]),
    ("Hội Liên hiệp Phụ nữ huyện", []),
    ("Huyện đoàn", []),
    ("Hội Nông dân huyện", []),
    ("Hội Cựu chiến binh huyện", []),
    ("Liên đoàn Lao động huyện", []),
    ("Ngân hàng Chính sách xã hội huyện", []),
    ("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", []),
]
GROUPS = [
    "Các trường học trên địa bàn huyện",
    "Các hội, đoàn thể huyện",
    "Các trạm y tế xã, thị trấn",
]
COMMUNES = [
    "Hành Dũng",
    "Hành Đức",
    "Hành Minh",
    "Hành Nhân",
    "Hành Phước",
    "Hành Thiện",
    "Hành Thịnh",
    "Hành Thuận",
    "Hành Tín Đông",
    "Hành Tín Tây",
    "Hành Trung",
]
FIRST = ["Nghĩa", "Tịnh", "Đức", "Phổ", "Bình", "Sơn", "Ba", "Long", "Trà", "Tư"]
SECOND = ["Thắng", "Phong", "Kỳ", "Lâm", "Hiệp", "Mỹ", "Thạnh", "Lợi", "An", "Hòa", "Tân", "Điền"]
UNITS = [
    "UBND xã",
    "Trạm Y tế xã",
    "Trường THCS",
    "Trường Tiểu học",
    "Trường Mầm non",
    "Công an xã",
]

VERBS = [
    "Đẩy mạnh",
    "Triển khai",
    "Rà soát, đánh giá",
    "Nâng cao chất lượng",
    "Tăng cường",
    "Tổ chức thực hiện",
    "Kiện toàn",
    "Hoàn thiện",
    "Chấn chỉnh",
    "Tập trung chỉ đạo",
    "Tuyên truyền, phổ biến",
    "Kiểm tra, giám sát",
]
OBJECTS = [
    "công tác cải cách thủ tục hành chính",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "dịch vụ công trực tuyến toàn trình",
    "chuyển đổi số trong cơ quan nhà nước",
    "ứng dụng định danh điện tử VNeID",
    "việc tiếp nhận, giải quyết hồ sơ đất đai",
    "hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
    "kỷ luật, kỷ cương hành chính",
    "công tác thi đua, khen thưởng",
    "việc xử lý văn bản trên môi trường mạng",
    "chữ ký số chuyên dùng",
    "chỉ số hài lòng của người dân (SIPAS)",
    "bộ phận tiếp nhận và trả kết quả cấp xã",
    "thanh toán trực tuyến phí, lệ phí",
    "hồ sơ trễ hạn và xin lỗi người dân",
    "cơ sở dữ liệu cán bộ, công chức, viên chức",
    "việc sắp xếp tổ chức bộ máy tinh gọn",
    "đào tạo, bồi dưỡng cán bộ, công chức cấp xã",
    "quy chế dân chủ ở cơ sở",
    "công tác văn thư, lưu trữ",
]
QUALIFIERS = [
    "",
    "",
    "năm {year}",
    "giai đoạn {year}-{year2}",
    "trên địa bàn huyện",
    "tại cấp xã",
    "theo Kế hoạch số {k}/KH-UBND",
    "bảo đảm đúng quy định",
]
MOTIVES = [
    "nhằm nâng cao Chỉ số CCHC của huyện",
    "bảo đảm tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98%",
    "khắc phục tồn tại, hạn chế đã được chỉ ra tại hội nghị",
    "phục vụ đánh giá, xếp loại cuối năm",
    "tạo thuận lợi tối đa cho người dân, doanh nghiệp",
]
NOTES = [
    "Đã ban hành Kế hoạch số {k}/KH-{abbr} triển khai thực hiện.",
    "Đang tổng hợp số liệu, dự kiến báo cáo trong tháng {month}.",
    "Đã tổ chức hội nghị quán triệt đến cán bộ, công chức.",
    "Báo cáo qua điện thoại: đã hoàn thành khoảng {pct}% khối lượng.",
    "Báo cáo qua Zalo: đang chờ Sở hướng dẫn nghiệp vụ.",
    "Đã số hóa {pct}% hồ sơ tiếp nhận trong kỳ.",
    "Chờ bố trí kinh phí từ ngân sách tỉnh.",
    "Đã kiểm tra tại {n} xã; có văn bản chấn chỉnh.",
    "Đã hoàn thành, có báo cáo kết quả gửi Phòng Nội vụ.",
    "Đang phối hợp với đơn vị cung cấp phần mềm khắc phục lỗi.",
]
REPORTERS = ["Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Thị Hồng Nhung", "Phòng Nội vụ"]


def _place_names(rng: random.Random) -> list[str]:
    extra = [f"{a} {b}" for a in FIRST for b in SECOND]
    rng.shuffle(extra)
    return COMMUNES + extra


def plan_agencies(
    rng: random.Random, seed_names: list[str], total: int
) -> list[tuple[str, str, list[str]]]:
    """New agencies so that the registry holds ``total``; names unique when folded."""
    taken = {fold(n) for n in seed_names}
    wanted = total - len(seed_names)
    candidates: list[tuple[str, str, list[str]]] = [(n, "agency", a) for n, a in OFFICES]
    candidates += [(g, "group", []) for g in GROUPS]
    places = _place_names(rng)
    for unit in UNITS:
        for place in places:
            candidates.append((f"{unit} {place}", "agency", []))
    chosen = []
    for name, kind, aliases in candidates:
        if len(chosen) == wanted:
            break
        keys = [fold(name), *(fold(a) for a in aliases)]
        if any(k in taken for k in keys):
            continue
        taken.update(keys)
        chosen.append((name, kind, aliases))
    if len(chosen) < wanted:
        raise ValueError(f"cannot name {wanted} agencies")
    return chosen


def _deadline(rng: random.Random, issued: date) -> tuple[date | None, str]:
    roll = rng.random()
    if roll < 0.25:
        return None, ""
    target = issued + timedelta(days=rng.randint(10, 420))
    if roll < 0.6:
        return target, f"trước ngày {target.day}/{target.month}/{target.year}"
    if roll < 0.9:
        return last_day_of_month(
            target.year, target.month
        ), f"trong tháng {target.month}/{target.year}"
    quarter = (target.month - 1) // 3 + 1
    end = last_day_of_month(target.year, quarter * 3)
    return end, f"trong quý {['I', 'II', 'III', 'IV'][quarter - 1]}/{target.year}"


def _title(rng: random.Random, year: int) -> str:
    qualifier = rng.choice(QUALIFIERS).format(year=year, year2=year + 5, k=rng.randint(10, 400))
    return " ".join(p for p in (rng.choice(VERBS), rng.choice(OBJECTS), qualifier) if p)


def _content(
    rng: random.Random, title: str, leads: list[str], supports: list[str], phrase: str
) -> str:
    subject = ", ".join(leads)
    text = f"{subject} chủ trì"
    if supports:
        text += f", phối hợp với {', '.join(supports)}"
    text += f" {title[0].lower()}{title[1:]}, {rng.choice(MOTIVES)}."
    if rng.random() < 0.6:
        text += f" {rng.choice(VERBS)} {rng.choice(OBJECTS)}; {rng.choice(MOTIVES)}."
    if phrase:
        text += f" Thời gian hoàn thành: {phrase}."
    return text


def _notice(rng: random.Random, index: int, count: int) -> dict:
    # issue dates spread over ten years, oldest first
    start, end = date(2017, 1, 10), TODAY - timedelta(days=7)
    span = (end - start).days
    issued = start + timedelta(days=span * index // max(count - 1, 1) + rng.randint(-3, 3))
    issued = min(max(issued, start), end)
    number = f"{rng.randint(5, 480)}/TB-UBND" if rng.random() < 0.8 else None
    return {
        "kind": "Thông báo kết luận",
        "number": number,
        "issued_on": issued,
        "meeting_on": issued - timedelta(days=rng.randint(1, 6)),
        "issuer": "UBND huyện Nghĩa Hành",
        "title": (
            "Kết luận của Chủ tịch UBND huyện tại cuộc họp Ban Chỉ đạo Cải cách hành chính "
            f"{rng.choice(['quý I', 'quý II', 'quý III', 'quý IV', '6 tháng', 'định kỳ'])} "
            f"năm {issued.year}"
        ),
        "full_text": f"THÔNG BÁO\nKết luận cuộc họp ngày {format_date(issued)}.\n",
    }


def _report_dates(rng: random.Random, first: date, last: date, count: int) -> list[date]:
    span = max((last - first).days, 0)
    return sorted(first + timedelta(days=rng.randint(0, span)) for _ in range(count))


def _note(rng: random.Random, on: date) -> str:
    return rng.choice(NOTES).format(
        k=rng.randint(10, 300),
        abbr=rng.choice(["UBND", "PNV", "VP"]),
        month=on.month,
        pct=rng.randint(20, 95),
        n=rng.randint(2, 11),
    )


def plan_reports(
    rng: random.Random,
    index: int,
    d: DirectivePlan,
    issued: date,
    count: int,
    members: list[str] = [],  # noqa: B006 (read only)
) -> list[ReportPlan]:
    """``count`` valid reports for one directive, oldest first: rising
    progress, sometimes for a single lead, ending done, paused or unfinished.
    A directive led by a group tracked per member: every report is one
    member's own (as the communes report)."""
    if count == 0:
        return []
    outcome = rng.choices(["done", "open", "paused"], weights=[6, 3, 1])[0]
    last = TODAY
    if outcome == "done" and d.deadline and rng.random() < 0.7:
        last = min(TODAY, d.deadline)  # done on time
    dates = _report_dates(rng, issued, max(last, issued), count)
    reports = []
    progress = 0
    for i, on in enumerate(dates):
        final = i == count - 1
        agency = rng.choice(d.leads) if len(d.leads) > 1 and rng.random() < 0.5 else None
        status = None
        if members:
            agency = rng.choice(members)
        if final and outcome == "done":
            agency, status, value = (agency if members else None), Status.DONE, 100
        elif final and outcome == "paused":
            status, value = Status.PAUSED, min(progress, 99) or None
        elif rng.random() < 0.15:
            value = None  # a note alone
        else:
            progress = min(progress + rng.randint(3, 25), 95)
            value = progress
        evidence = (
            f"Báo cáo số {rng.randint(5, 300)}/BC ngày {format_date(on)}"
            if rng.random() < 0.3
            else ""
        )
        reports.append(
            ReportPlan(
                directive=index,
                agency=agency,
                report=Report(
                    on=on, status=status, progress=value, note=_note(rng, on), evidence=evidence
                ),
                by=rng.choice(REPORTERS),
            )
        )
    return reports


PROVINCE_GROUPS = ["Các xã, phường trên địa bàn tỉnh", "Các sở, ban, ngành tỉnh"]
DEPARTMENTS = [
    "Nội vụ", "Tư pháp", "Tài chính", "Xây dựng", "Công Thương", "Y tế",
    "Giáo dục và Đào tạo", "Nông nghiệp và Môi trường", "Khoa học và Công nghệ",
    "Văn hóa, Thể thao và Du lịch", "Dân tộc và Tôn giáo", "Ngoại vụ",
]  # fmt: skip


def plan_groups(size: Size, taken: set[str]) -> tuple[list[tuple[str, str, list[str]]], dict]:
    """The groups of ``size`` with members named as a province names them
    (names unique when folded, none already in ``taken``)."""
    agencies: list[tuple[str, str, list[str]]] = []
    members: dict[str, list[str]] = {}
    communes = [
        f"UBND {kind} {a} {b}{side}"
        for side in ("", " Bắc", " Nam", " Đông", " Tây")
        for kind in ("xã", "phường")
        for a in FIRST
        for b in SECOND
    ]
    offices = [f"Sở {d}" for d in DEPARTMENTS] + [
        f"Ban {a} {b} tỉnh" for a in FIRST for b in SECOND
    ]
    for index, (count, _directives) in enumerate(size.groups):
        group = PROVINCE_GROUPS[index % 2] + ("" if index < 2 else f" {index + 1}")
        pool = communes if index % 2 == 0 else offices
        names = [n for n in pool if fold(n) not in taken][:count]
        if len(names) < count:
            raise ValueError(f"cannot name {count} members of {group}")
        taken.update(fold(n) for n in [group, *names])
        agencies.append((group, "group", []))
        agencies += [(n, "agency", []) for n in names]
        members[group] = names
    return agencies, members


def make_plan(size: Size, seed_agencies: list[str], seed: int = 20261127) -> Plan:
    """Everything beyond the seed for a database of ``size`` (seed counted:
    1 notice, 7 directives, its agencies, no updates)."""
    rng = random.Random(seed)
    plan = Plan()
    plan.agencies = plan_agencies(rng, seed_agencies, size.agencies)
    names = seed_agencies + [a[0] for a in plan.agencies]
    new_notices = size.notices - 1
    plan.notices = [_notice(rng, i, new_notices) for i in range(new_notices)]
    per_notice = [0] * new_notices
    for _ in range(size.directives - 7):
        per_notice[rng.randrange(new_notices)] += 1
    for n_index, count in enumerate(per_notice):
        issued = plan.notices[n_index]["issued_on"]
        for number in range(1, count + 1):
            chosen = rng.sample(names, rng.choice([1, 1, 1, 2, 2, 3]) + rng.choice([0, 1, 2]))
            cut = max(1, len(chosen) - rng.choice([0, 1, 1, 2]))
            deadline, phrase = _deadline(rng, issued)
            title = _title(rng, issued.year)
            leads, supports = chosen[:cut], chosen[cut:]
            plan.directives.append(
                DirectivePlan(
                    notice=n_index,
                    number=number,
                    title=title,
                    content=_content(rng, title, leads, supports, phrase),
                    deadline=deadline,
                    deadline_text=phrase,
                    leads=leads,
                    supports=supports,
                )
            )
    if size.groups:
        taken = {fold(n) for n in names}
        extra, plan.members = plan_groups(size, taken)
        plan.agencies += extra
        wanted = sum(d for _, d in size.groups)
        chosen_ids = iter(rng.sample(range(len(plan.directives)), wanted))
        for group, (_count, led) in zip(plan.members, size.groups, strict=True):
            for _ in range(led):
                plan.directives[next(chosen_ids)].leads = [group]
    counts = [0] * len(plan.directives)
    # about one directive in ten has had no report yet (not started)
    weights = [0.0 if rng.random() < 0.1 else 1 + 2 * rng.random() for _ in plan.directives]
    for i in rng.choices(range(len(plan.directives)), weights=weights, k=size.updates):
        counts[i] += 1
    for i, d in enumerate(plan.directives):
        issued = plan.notices[d.notice]["issued_on"]
        members = plan.members.get(d.leads[0], []) if len(d.leads) == 1 else []
        plan.reports += plan_reports(rng, i, d, issued, counts[i], members)
    plan.reports.sort(key=lambda r: r.report.on)  # entered over the years, in order
    return plan

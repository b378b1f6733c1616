"""Services: listing, search, updates, retraction, edits, agencies, versions."""

import json
from datetime import date

import pytest

from cchc_tui.domain.errors import NotFoundError, StaleWriteError, ValidationError
from cchc_tui.domain.status import Status, Timeliness
from cchc_tui.services import agencies as ag
from cchc_tui.services.directive_editing import (
    DirectiveDraft,
    create_directive,
    draft_of,
    edit_directive,
    set_archived,
)
from cchc_tui.services.directives import (
    DirectiveFilter,
    count_by_timeliness,
    get_directive,
    list_directives,
)
from cchc_tui.services.memberships import members_of
from cchc_tui.services.notices import edit_notice, get_notice, notice_history
from cchc_tui.services.settings import get_settings, set_setting
from cchc_tui.services.updates import last_retractable_update, record_update, retract_update


def ids(rows):
    return [r.id for r in rows]


def test_list_order_and_counts_partition(fresh_store, today):
    rows = list_directives(fresh_store, today)
    assert ids(rows) == [1, 2, 3, 4, 5, 6, 7]
    counts = count_by_timeliness(fresh_store, today)
    assert sum(counts.values()) == 7
    assert counts[Timeliness.OVERDUE] == 2 and counts[Timeliness.NO_DEADLINE] == 5
    assert {r.id for r in rows if r.timeliness is Timeliness.OVERDUE} == {1, 3}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("dang ky dat dai", [4]),
        ("ĐĂNG KÝ đất ĐAI", [4]),
        ("tai nguyen", [4, 5, 6]),
        ("đối thoại", [3]),
        ("' OR 1=1 --", []),
        ("%", [2]),  # literally: "trên 90%"
        ("_", []),
        ("tai chinh – ke hoach", [5, 7]),
    ],
)
def test_search_is_accent_insensitive_and_literal(fresh_store, today, query, expected):
    assert ids(list_directives(fresh_store, today, DirectiveFilter(search=query))) == expected


def test_filters_and_paging(fresh_store, today):
    nv = ag.find_agency(fresh_store, "phong noi vu")
    # a named lead of 5 and 7, and a member of "Các cơ quan, đơn vị huyện" (leads 1, 2, 6)
    assert ids(list_directives(fresh_store, today, DirectiveFilter(agency_id=nv["id"]))) == [
        1,
        2,
        5,
        6,
        7,
    ]
    overdue = DirectiveFilter(timeliness=(Timeliness.OVERDUE,))
    assert ids(list_directives(fresh_store, today, overdue)) == [1, 3]
    assert ids(list_directives(fresh_store, today, limit=3, offset=2)) == [3, 4, 5]
    counts = count_by_timeliness(fresh_store, today, DirectiveFilter(search="tai nguyen"))
    assert sum(counts.values()) == 3


def test_update_rolls_up_and_history(fresh_store, today):
    uid = record_update(
        fresh_store, 5, today=today, progress=100, agency="Phòng Nội vụ", note="Xong phần biên chế"
    )
    d = get_directive(fresh_store, 5, today)
    leads = {a.agency: a for a in d.leads}
    assert (
        leads["Phòng Nội vụ"].status is Status.DONE and leads["Phòng Nội vụ"].completed_on == today
    )
    assert leads["Phòng Tài chính - Kế hoạch"].status is Status.NOT_STARTED
    assert d.row.status is Status.IN_PROGRESS and d.row.progress == 50
    assert d.history[0].id == uid and d.history[0].note == "Xong phần biên chế"
    record_update(fresh_store, 5, today=today, status=Status.DONE, agency="tai chinh ke hoach")
    d = get_directive(fresh_store, 5, today)
    assert d.row.status is Status.DONE and d.row.timeliness is Timeliness.DONE_ON_TIME
    assert d.row.state_label == "Hoàn thành"


def test_update_without_agency_applies_to_every_lead(fresh_store, today):
    record_update(fresh_store, 7, today=today, progress=40)
    d = get_directive(fresh_store, 7, today)
    assert [a.progress for a in d.leads] == [40, 40, 40]
    assert all(a.progress == 0 for a in d.assignments if a.role == "support")


def test_support_agency_cannot_be_updated(fresh_store, today):
    with pytest.raises(ValidationError) as info:
        record_update(fresh_store, 3, today=today, progress=10, agency="Các cơ quan, đơn vị huyện")
    assert info.value.field == "agency"


def test_retraction_restores_state_and_keeps_both(fresh_store, today):
    first = record_update(fresh_store, 3, today=today, progress=30)
    second = record_update(fresh_store, 3, today=today, progress=100, note="Đã ban hành kế hoạch")
    assert get_directive(fresh_store, 3, today).row.status is Status.DONE
    assert last_retractable_update(fresh_store, 3)["id"] == second
    rid = retract_update(fresh_store, second, "Nhập nhầm", today=today)
    d = get_directive(fresh_store, 3, today)
    assert d.row.status is Status.IN_PROGRESS and d.row.progress == 30
    by_id = {h.id: h for h in d.history if h.type != "edit"}
    assert by_id[second].retracted and by_id[second].retracted_by == rid
    assert by_id[rid].type == "retraction" and by_id[rid].retracts == second
    assert last_retractable_update(fresh_store, 3)["id"] == first
    with pytest.raises(ValidationError):
        retract_update(fresh_store, second, "lần nữa", today=today)
    with pytest.raises(ValidationError):
        retract_update(fresh_store, first, "  ", today=today)


def test_stale_version_refused(fresh_store, today):
    unit = next(a for a in get_directive(fresh_store, 3, today).assignments if a.role == "lead")
    record_update(fresh_store, 3, today=today, progress=10, by="Cửa sổ khác")
    with pytest.raises(StaleWriteError) as info:
        record_update(
            fresh_store,
            3,
            today=today,
            progress=20,
            expected_units={unit.agency_id: unit.version},
        )
    assert "Cửa sổ khác" in str(info.value)
    assert get_directive(fresh_store, 3, today).row.progress == 10


def test_reports_for_two_members_never_refuse_each_other(fresh_store, today):
    """Per-unit versions: two clerks (or forms) opened at once for two communes."""
    units = {
        a.agency: a.version
        for a in get_directive(fresh_store, 1, today).assignments
        if a.role == "member"
    }
    first, second = "UBND xã Hành Thuận", "UBND xã Hành Minh"
    for name, progress in ((first, 40), (second, 70)):
        agency_id = ag.find_agency(fresh_store, name)["id"]
        record_update(
            fresh_store,
            1,
            today=today,
            agency=name,
            progress=progress,
            expected_units={agency_id: units[name]},
        )
    by_name = {a.agency: a.progress for a in get_directive(fresh_store, 1, today).assignments}
    assert (by_name[first], by_name[second]) == (40, 70)


def test_edit_records_old_and_new_and_extension(fresh_store, today):
    draft, version = draft_of(fresh_store, 3)
    draft.deadline = date(2024, 9, 30)
    draft.title = "Kế hoạch đối thoại (sửa)"
    kt = ag.find_agency(fresh_store, "Phòng Kinh tế và Hạ tầng")["id"]
    draft.supports = draft.supports + [kt]
    edit_directive(fresh_store, 3, draft, by="Chuyên viên A", expected_version=version)
    history = get_directive(fresh_store, 3, today).history
    actions = {(h.action, h.field) for h in history}
    assert ("extend_deadline", "deadline") in actions
    assert ("edit", "title") in actions
    assert ("add_agency", "support") in actions
    ext = next(h for h in history if h.action == "extend_deadline")
    assert (ext.old, ext.new, ext.by) == ("2024-08-30", "2024-09-30", "Chuyên viên A")
    with pytest.raises(StaleWriteError):
        edit_directive(fresh_store, 3, draft, expected_version=version)


def test_create_archive_restore(fresh_store, today):
    nv = ag.find_agency(fresh_store, "noi vu")["id"]
    new_id = create_directive(
        fresh_store, DirectiveDraft(notice_id=1, number=8, title="Nhiệm vụ mới", leads=[nv])
    )
    assert new_id == 8
    with pytest.raises(ValidationError):
        create_directive(
            fresh_store, DirectiveDraft(notice_id=1, number=8, title="Trùng số", leads=[nv])
        )
    with pytest.raises(ValidationError):
        create_directive(fresh_store, DirectiveDraft(notice_id=1, number=9, title="Không chủ trì"))
    set_archived(fresh_store, 8, True)
    assert 8 not in ids(list_directives(fresh_store, today))
    assert ids(list_directives(fresh_store, today, DirectiveFilter(archived="archived"))) == [8]
    set_archived(fresh_store, 8, False)
    assert 8 in ids(list_directives(fresh_store, today))
    assert fresh_store.value("SELECT count(*) FROM directives") == 8


def test_notice_edit_history(fresh_store):
    edit_notice(fresh_store, 1, {"number": "12/TB-BCĐ"}, by="Chuyên viên A")
    assert get_notice(fresh_store, 1).number == "12/TB-BCĐ"
    h = notice_history(fresh_store, 1)[0]
    assert (h["field"], h["old_value"], h["new_value"]) == ("number", None, "12/TB-BCĐ")


def test_agencies_order_lookup_rename_merge(fresh_store, today):
    names = [a.name for a in ag.list_agencies(fresh_store, today)]
    assert names[0].startswith("Ban quản lý") and names[-1].startswith("Văn phòng HĐND")
    assert names.index("UBND các xã, thị trấn") < names.index(
        "Văn phòng đăng ký đất đai tỉnh – Chi nhánh huyện Nghĩa Hành"
    )
    assert (
        ag.find_agency(fresh_store, "Phòng Tài chính – Kế hoạch")["name"]
        == "Phòng Tài chính - Kế hoạch"
    )
    assert (
        ag.find_agency(fresh_store, "uy ban nhan dan cac xa, thi tran")["name"]
        == "UBND các xã, thị trấn"
    )
    with pytest.raises(ValidationError, match="nhiều cơ quan"):
        ag.find_agency(fresh_store, "phong")
    with pytest.raises(NotFoundError):
        ag.find_agency(fresh_store, "Sở Nội vụ")
    new = ag.add_agency(fresh_store, "Phòng Dân tộc", aliases=["Phòng DT"])
    ag.rename_agency(fresh_store, new, "Phòng Văn hóa, Khoa học và Thông tin")
    assert ag.find_agency(fresh_store, "phong dan toc")["id"] == new  # old name is an alias
    kt = ag.find_agency(fresh_store, "kinh te va ha tang")["id"]
    ag.merge_agencies(fresh_store, kt, new)
    d = get_directive(fresh_store, 7, today)
    assert "Phòng Văn hóa, Khoa học và Thông tin" in [a.agency for a in d.leads]
    assert ag.find_agency(fresh_store, "Phòng Kinh tế và Hạ tầng")["id"] == new
    assert (
        fresh_store.value("SELECT count(*) FROM agencies WHERE id=?", [kt]) == 1
    )  # kept, marked merged
    # its place in the group moved with it
    group = ag.find_agency(fresh_store, "Các cơ quan, đơn vị huyện")["id"]
    members = [m["id"] for m in members_of(fresh_store, group)]
    assert new in members and kt not in members
    with pytest.raises(ValidationError, match="nhóm"):
        ag.merge_agencies(fresh_store, group, new)


def test_settings_round_trip_and_history(fresh_store):
    assert get_settings(fresh_store)["place"] == "Nghĩa Hành"
    set_setting(fresh_store, "due_soon_days", "10", by="A")
    assert get_settings(fresh_store)["due_soon_days"] == "10"
    with pytest.raises(ValidationError):
        set_setting(fresh_store, "due_soon_days", "nhiều")
    with pytest.raises(ValidationError):
        set_setting(fresh_store, "khong_co", "x")
    edits = fresh_store.rows("SELECT * FROM edits WHERE entity='setting'")
    assert edits[-1]["old_value"] == "7" and edits[-1]["new_value"] == "10"


def test_notes_stored_verbatim(fresh_store, today):
    note = '[bold]x[/] "trích" 100% _a_ <b>'
    uid = record_update(fresh_store, 2, today=today, note=note)
    assert fresh_store.value("SELECT note FROM updates WHERE id=?", [uid]) == note
    changes = json.loads(fresh_store.value("SELECT changes FROM updates WHERE id=?", [uid]))
    # every unit of directive 2: Bộ phận một cửa, 13 departments, 12 communes
    assert len(changes) == 26


def test_directive_drafts_are_checked_under_the_write_lock(fresh_store, monkeypatch):
    from cchc_tui.services import directive_editing as directives

    seen = []
    real = directives.validate_draft

    def spy(store, draft, directive_id=None):
        seen.append(store.conn.in_transaction)
        return real(store, draft, directive_id)

    monkeypatch.setattr(directives, "validate_draft", spy)
    nv = ag.find_agency(fresh_store, "noi vu")["id"]
    new_id = create_directive(
        fresh_store, DirectiveDraft(notice_id=1, number=8, title="Nhiệm vụ mới", leads=[nv])
    )
    edit_directive(
        fresh_store, new_id, DirectiveDraft(notice_id=1, number=8, title="Đổi tên", leads=[nv])
    )
    assert seen == [True, True]

"""Groups on the agencies screen (issue #14): which rows are groups and how
many members they have, the groups an agency is in, a group's members
added and removed with keys, a new group."""

from __future__ import annotations

from conftest import db_snapshot, run_cli
from test_tui_support import SIZE, messages, settle, shown, type_text
from textual.widgets import OptionList

from cchc_tui.services.agencies import find_agency
from cchc_tui.session import VIEWER, Session, User
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.agencies import AgenciesScreen
from cchc_tui.tui.screens.agency_picker import AgencyPicker
from cchc_tui.tui.screens.dialogs import ConfirmDialog, TextDialog
from cchc_tui.tui.screens.group_members import GroupMembersScreen

XA = "UBND các xã, thị trấn"


async def open_agencies(app, pilot) -> AgenciesScreen:
    await settle(app, pilot)
    await pilot.press("a")
    await settle(app, pilot)
    assert isinstance(app.screen, AgenciesScreen)
    return app.screen


async def goto(app, pilot, screen: AgenciesScreen, name: str) -> None:
    index = next(i for i, a in enumerate(screen.agencies) if a.name == name)
    screen.query_one("#agencies").move_cursor(row=index)
    await settle(app, pilot)


def memberships(store) -> set[tuple[int, int]]:
    """(group, member) of every current membership."""
    rows = store.rows("SELECT group_id, member_id FROM agency_members WHERE removed_at IS NULL")
    return {(r["group_id"], r["member_id"]) for r in rows}


def group_cell(screen: AgenciesScreen, name: str) -> str:
    index = next(i for i, a in enumerate(screen.agencies) if a.name == name)
    return screen.query_one("#agencies").get_row_at(index)[6].plain


async def test_groups_and_their_members_are_shown(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agencies(app, pilot)
        assert group_cell(screen, XA) == "nhóm, 12 đơn vị"
        # an agency: the groups it is in (shortened to the column)
        assert group_cell(screen, "UBND xã Hành Thuận").startswith("UBND các xã")
        assert group_cell(screen, "Phòng Tư pháp").startswith("Các cơ quan")
        await goto(app, pilot, screen, XA)
        detail = shown(screen.query_one("#agency-detail"))
        assert "gồm 12 thành viên" in detail and "UBND xã Hành Thuận" in detail
        await goto(app, pilot, screen, "UBND xã Hành Thuận")
        assert "thuộc nhóm UBND các xã, thị trấn" in shown(screen.query_one("#agency-detail"))
        # t on an agency: not a group; says which groups it is in
        await pilot.press("t")
        await settle(app, pilot)
        assert app.screen is screen
        assert any("không phải nhóm" in m and XA in m for m in messages(app))


async def test_t_adds_a_member_to_a_group_and_removes_one(fresh_store, today, db_path):
    noi_vu = find_agency(fresh_store, "Phòng Nội vụ")["id"]
    hanh_thuan = find_agency(fresh_store, "UBND xã Hành Thuận")["id"]
    group = find_agency(fresh_store, XA)["id"]
    before = memberships(fresh_store)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agencies(app, pilot)
        await goto(app, pilot, screen, XA)
        await pilot.press("t")
        await settle(app, pilot)
        members = app.screen
        assert isinstance(members, GroupMembersScreen)
        assert len(members.members) == 12
        # add: the picker offers agencies only (no group inside a group), not members
        await pilot.press("n")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, AgencyPicker)
        offered = {agency_id for agency_id, _, _ in picker.agencies}
        assert group not in offered and hanh_thuan not in offered and noi_vu in offered
        await type_text(pilot, "noi vu")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is members
        assert memberships(fresh_store) == before | {(group, noi_vu)}
        assert [m.name for m in members.members].count("Phòng Nội vụ") == 1
        assert members.current_member().id == noi_vu
        # remove, after confirming (escape first: nothing changes)
        options = members.query_one("#members", OptionList)
        options.highlighted = [m.id for m in members.members].index(hanh_thuan)
        await pilot.press("delete")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(app, pilot)
        assert memberships(fresh_store) == before | {(group, noi_vu)}
        await pilot.press("delete")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is members
        assert len(members.members) == 12
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert group_cell(screen, XA) == "nhóm, 12 đơn vị"  # read again
        noi_vu_row = next(a for a in screen.agencies if a.name == "Phòng Nội vụ")
        assert noi_vu_row.groups == ["Các cơ quan, đơn vị huyện", XA]
    # exactly that change: one member in, one out (its row kept, closed)
    assert memberships(fresh_store) == (before | {(group, noi_vu)}) - {(group, hanh_thuan)}
    closed = fresh_store.rows(
        "SELECT removed_by FROM agency_members WHERE group_id=? AND member_id=? "
        "AND removed_at IS NOT NULL",
        [group, hanh_thuan],
    )
    assert len(closed) == 1
    edits = fresh_store.rows(
        "SELECT action, old_value, new_value FROM edits WHERE entity='agency' AND entity_id=? "
        "AND action IN ('add_member', 'remove_member') ORDER BY id",
        [group],
    )
    assert [(e["action"], e["old_value"], e["new_value"]) for e in edits] == [
        ("add_member", None, "Phòng Nội vụ"),
        ("remove_member", "UBND xã Hành Thuận", None),
    ]
    code, out, _ = run_cli(db_path, "agencies", "members", XA)
    assert code == 0
    assert out.splitlines()[0] == f"{XA}: 12 thành viên"
    assert "  - Phòng Nội vụ" in out and "Hành Thuận" not in out


async def test_g_adds_a_group_then_its_first_member(fresh_store, today, db_path):
    tu_phap = find_agency(fresh_store, "Phòng Tư pháp")["id"]
    before = memberships(fresh_store)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agencies(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        assert isinstance(app.screen, TextDialog)
        await type_text(pilot, "Tổ công tác CCHC")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        new = screen.current_agency()
        assert (new.name, new.kind) == ("Tổ công tác CCHC", "group")
        assert group_cell(screen, new.name) == "nhóm, 0 đơn vị"
        await pilot.press("t", "n")
        await settle(app, pilot)
        assert isinstance(app.screen, AgencyPicker)
        await type_text(pilot, "tu phap")
        await pilot.press("enter")
        await settle(app, pilot)
        assert [m.name for m in app.screen.members] == ["Phòng Tư pháp"]
    assert memberships(fresh_store) == before | {(new.id, tu_phap)}
    code, out, _ = run_cli(db_path, "agencies", "members", "Tổ công tác CCHC")
    assert out.splitlines() == ["Tổ công tác CCHC: 1 thành viên", "  - Phòng Tư pháp"]


async def test_a_viewer_sees_the_members_but_cannot_change_them(fresh_store, today, db_path):
    before = db_snapshot(db_path)
    app = CchcApp(Session(fresh_store, today, User("Khách", VIEWER)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agencies(app, pilot)
        await goto(app, pilot, screen, XA)
        await pilot.press("t")
        await settle(app, pilot)
        members = app.screen
        assert isinstance(members, GroupMembersScreen) and len(members.members) == 12
        await pilot.press("n", "delete")
        await settle(app, pilot)
        assert app.screen is members  # no picker, no confirmation
        await pilot.press("escape", "g")
        await settle(app, pilot)
        assert app.screen is screen
    assert db_snapshot(db_path) == before

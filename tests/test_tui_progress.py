"""Progress form (u): focus order, saving, validation, stale writes, leads."""

from __future__ import annotations

from conftest import db_snapshot
from test_tui_support import SIZE, messages, settle, shown, table_ids, type_text
from textual.widgets import Input, Select

from cchc_tui.domain.status import Status
from cchc_tui.services.directives import get_directive, get_directive_row
from cchc_tui.services.updates import record_update
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.dialogs import ConfirmDialog
from cchc_tui.tui.screens.progress import ALL_LEADS, ProgressForm


async def open_form(app, pilot, downs: int = 0) -> ProgressForm:
    await settle(app, pilot)
    if downs:
        await pilot.press(*["down"] * downs)
    await pilot.press("u")
    await settle(app, pilot)
    assert isinstance(app.screen, ProgressForm)
    return app.screen


async def choose_all(form, pilot) -> None:
    """A directive with several units: pick "Tất cả" (first field), then on to Trạng thái."""
    assert form.app.focused.id == "agency"
    form.query_one("#agency", Select).value = ALL_LEADS
    await pilot.pause()
    await pilot.press("tab")
    assert form.app.focused.id == "status"


async def test_down_down_u_tab_60_ctrl_s_saves_on_directive_3(fresh_store, today, cli):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(app, pilot, downs=2)
        assert form.directive_id == 3
        assert app.focused is form.query_one("#status", Select)
        order = []
        for _ in range(6):
            await pilot.press("tab")
            order.append(app.focused.id)
        assert order == ["progress", "date", "note", "evidence", "by", "save"]
        for _ in range(5):
            await pilot.press("shift+tab")
        assert app.focused.id == "progress"
        assert app.focused.selected_text == "0"  # typing replaces it
        await type_text(pilot, "60")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ProgressForm)
        assert "Đã lưu" in messages(app)
        row = app.main_screen.current_row()
        assert row.id == 3 and row.progress == 60 and row.status is Status.IN_PROGRESS
    result = cli("show", "3", "--format", "json")
    import json

    shown_json = json.loads(result.out)
    assert shown_json["progress"] == 60 and shown_json["status"] == "dang_thuc_hien"
    assert shown_json["history"][0]["progress"] == 60
    assert shown_json["history"][0]["by"] == "Phòng Nội vụ"


async def test_search_then_update_directive_4(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "dang ky dat dai")
        await settle(app, pilot)
        await pilot.press("enter", "u")
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "30")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert table_ids(app) == [4]  # the search is kept
    assert get_directive_row(fresh_store, 4, today).progress == 30


async def test_invalid_fields_say_why_and_nothing_is_saved(fresh_store, today, db_path):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(app, pilot, downs=2)
        before = db_snapshot(db_path)
        await pilot.press("tab")
        await type_text(pilot, "150")
        await pilot.press("tab")
        await type_text(pilot, "31/02/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProgressForm)
        assert "0 đến 100" in shown(form.query_one("#progress-error"))
        assert form.query_one("#progress-error").has_class("shown")
        assert "tháng 2/2026 chỉ có 28 ngày" in shown(form.query_one("#date-error"))
        assert app.focused.id == "progress"
        # a future date is refused by the service, beside the date field
        form.query_one("#progress", Input).value = "20"
        form.query_one("#date", Input).value = "28/11/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "sau ngày hôm nay" in shown(form.query_one("#date-error"))
        assert db_snapshot(db_path) == before
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProgressForm)
    assert db_snapshot(db_path) == before


async def test_unchanged_form_is_an_empty_update(fresh_store, today, db_path):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(app, pilot, downs=2)
        before = db_snapshot(db_path)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Cập nhật trống" in shown(form.query_one("#status-error"))
        assert db_snapshot(db_path) == before
        # a note alone is a valid report
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "Đã họp")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    row = get_directive_row(fresh_store, 3, today)
    assert row.last_note == "Đã họp" and row.progress == 0


async def test_status_done_with_evidence(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(app, pilot, downs=1)
        await choose_all(form, pilot)
        form.query_one("#status", Select).value = Status.DONE
        form.query_one("#evidence", Input).value = "Báo cáo 15/BC-UBND"
        form.query_one("#date", Input).value = "20/11/2026"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    detail = get_directive(fresh_store, 2, today)
    assert detail.row.status is Status.DONE and detail.row.progress == 100
    assert detail.history[0].evidence == "Báo cáo 15/BC-UBND"
    assert detail.history[0].date == "2026-11-20"


async def test_several_leads_choose_one(fresh_store, today):
    detail = get_directive(fresh_store, 5, today)
    assert len(detail.leads) > 1
    second = detail.leads[1]
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(app, pilot, downs=4)
        assert app.focused.id == "agency"  # a choice is required: first
        order = []
        for _ in range(6):
            await pilot.press("tab")
            order.append(app.focused.id)
        assert order == ["status", "progress", "date", "note", "evidence", "by"]
        form.query_one("#agency", Select).value = second.agency_id
        await pilot.pause()
        form.query_one("#progress", Input).value = "40"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    after = {a.agency_id: a for a in get_directive(fresh_store, 5, today).leads}
    assert after[second.agency_id].progress == 40
    assert all(a.progress == 0 for aid, a in after.items() if aid != second.agency_id)


async def test_stale_version_offers_reload_and_overwrites_nothing(fresh_store, today, db_path):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(app, pilot, downs=2)
        # meanwhile, the CLI (or another window) records an update
        record_update(fresh_store, 3, today=today, progress=10, by="Người khác")
        before = db_snapshot(db_path)
        form.query_one("#progress", Input).value = "50"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Người khác" in app.screen.question
        assert db_snapshot(db_path) == before
        await pilot.press("enter")  # "Tải lại"
        await settle(app, pilot)
        assert app.screen is form
        # what was typed stays; what changed meanwhile is said
        assert form.query_one("#progress", Input).value == "50"
        assert "Mới: Văn phòng HĐND và UBND huyện: Đang thực hiện 10%" in shown(
            form.query_one("#form-error")
        )
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ProgressForm)
    assert get_directive_row(fresh_store, 3, today).progress == 50


async def test_keys_typed_ahead_in_one_burst_arrive_in_order(fresh_store, today):
    """As a terminal delivers fast typing: every key posted before any is handled."""
    from textual import events

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        burst = [
            ("down", None),
            ("down", None),
            ("u", "u"),
            ("tab", "\t"),
            ("6", "6"),
            ("0", "0"),
            ("ctrl+s", None),
        ]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        for _ in range(50):
            await pilot.pause(0.05)
            if get_directive_row(fresh_store, 3, today).progress == 60:
                break
        await settle(app, pilot)
        assert not isinstance(app.screen, ProgressForm)
    assert get_directive_row(fresh_store, 3, today).progress == 60
    assert get_directive_row(fresh_store, 1, today).progress == 0


async def test_search_enter_u_typed_in_one_burst_updates_the_found_directive(fresh_store, today):
    from textual import events

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down")
        burst = [("slash", "/")]
        burst += [({" ": "space"}.get(c, c), c) for c in "dang ky dat dai"]
        burst += [
            ("enter", "\r"),
            ("u", "u"),
            ("tab", "\t"),
            ("3", "3"),
            ("0", "0"),
            ("ctrl+s", None),
        ]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        for _ in range(60):
            await pilot.pause(0.05)
            if get_directive_row(fresh_store, 4, today).progress == 30:
                break
        await settle(app, pilot)
    assert get_directive_row(fresh_store, 4, today).progress == 30
    assert get_directive_row(fresh_store, 3, today).progress == 0


async def test_all_leads_typed_percent_reaches_each_lead_it_does_not_lower(fresh_store, today):
    first, second = get_directive(fresh_store, 5, today).leads[:2]
    record_update(fresh_store, 5, today=today, agency=first.agency_id, progress=40)
    record_update(fresh_store, 5, today=today, agency=second.agency_id, progress=60)
    assert get_directive_row(fresh_store, 5, today).progress == 50
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(app, pilot, downs=4)
        assert form.directive_id == 5
        await choose_all(form, pilot)
        assert form.query_one("#progress", Input).value == "50"
        await pilot.press("tab")
        await type_text(pilot, "50")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Họp giao ban")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ProgressForm)
    leads = get_directive(fresh_store, 5, today).leads
    # 50% for "Tất cả" raises the lead at 40% and leaves the one at 60% alone
    assert [a.progress for a in leads[:2]] == [50, 60]
    assert all(a.status is Status.IN_PROGRESS for a in leads[:2])


async def test_all_leads_picking_the_shown_status_applies_it_to_every_lead(fresh_store, today):
    first = get_directive(fresh_store, 5, today).leads[0]
    record_update(fresh_store, 5, today=today, agency=first.agency_id, progress=30)
    detail = get_directive(fresh_store, 5, today)
    assert detail.row.status is Status.IN_PROGRESS
    assert any(a.status is Status.NOT_STARTED for a in detail.leads)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(app, pilot, downs=4)
        await choose_all(form, pilot)
        assert form.query_one("#status", Select).value is Status.IN_PROGRESS
        await pilot.press("enter")  # open the list
        await pilot.pause()
        await pilot.press("enter")  # pick "Đang thực hiện", the one already shown
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ProgressForm)
    leads = get_directive(fresh_store, 5, today).leads
    assert all(a.status is Status.IN_PROGRESS for a in leads)
    assert leads[0].progress == 30


async def test_all_leads_untouched_status_is_not_given(fresh_store, today):
    first = get_directive(fresh_store, 5, today).leads[0]
    record_update(fresh_store, 5, today=today, agency=first.agency_id, progress=30)
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(app, pilot, downs=4)
        await choose_all(form, pilot)
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "Chỉ ghi chú")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ProgressForm)
    detail = get_directive(fresh_store, 5, today)
    assert detail.row.last_note == "Chỉ ghi chú"
    assert [a.status for a in detail.leads][1:] == [Status.NOT_STARTED] * (len(detail.leads) - 1)
    assert [a.progress for a in detail.leads][0] == 30


async def test_a_lead_done_on_time_reads_the_same_in_the_form_and_in_show(fresh_store, today):
    with fresh_store.transaction():
        fresh_store.db.execute("UPDATE directives SET deadline = '2026-12-31' WHERE id = 5")
    first = get_directive(fresh_store, 5, today).leads[0]
    record_update(fresh_store, 5, today=today, agency=first.agency_id, status=Status.DONE)
    detail = get_directive(fresh_store, 5, today)
    assert detail.leads[0].state_label == "Hoàn thành đúng hạn"
    assert detail.to_json()["assignments"][0]["state_label"] == "Hoàn thành đúng hạn"
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(app, pilot, downs=4)
        current = shown(form.query_one("#current-state"))
        assert f"{first.agency}: Hoàn thành đúng hạn 100%" in current

"""Creating, editing and archiving directives; notices; agency picker."""

from __future__ import annotations

from datetime import date

from test_tui_support import SIZE, messages, settle, shown, table_ids, type_text
from textual.widgets import Input, SelectionList

from cchc_tui.services.directives import get_directive, get_directive_row
from cchc_tui.services.notices import get_notice, list_notices
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.agency_picker import AgencyPicker
from cchc_tui.tui.screens.dialogs import ConfirmDialog
from cchc_tui.tui.screens.directive_form import DirectiveForm
from cchc_tui.tui.screens.notice_form import NoticeForm


async def test_n_creates_a_directive_with_agencies_picked_and_added(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DirectiveForm)
        assert form.query_one("#number", Input).value == "8"
        assert app.focused.id == "title"
        await type_text(pilot, "Rà soát [thủ tục] hành chính")
        form.query_one("#deadline", Input).value = "31/12/2026"
        form.query_one("#deadline_text", Input).value = "trước ngày 31/12/2026"
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, AgencyPicker)
        await type_text(pilot, "noi vu")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_text(pilot, "Phòng Y tế mới")
        await pilot.pause()
        await pilot.press("up", "enter")  # past "Gần giống: Phòng Y tế" to "+ Thêm cơ quan mới"
        await pilot.pause()
        assert app.screen is form
        assert len(form.query_one("#supports", SelectionList).selected) == 1
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, DirectiveForm)
        assert 8 in table_ids(app)
        assert app.main_screen.current_row().id == 8
    detail = get_directive(fresh_store, 8, today)
    assert detail.row.title == "Rà soát [thủ tục] hành chính"
    assert detail.row.lead == ["Phòng Nội vụ"]
    assert detail.row.support == ["Phòng Y tế mới"]
    assert detail.row.deadline.isoformat() == "2026-12-31"
    assert detail.history[0].action == "create"


async def test_new_directive_needs_a_title_and_a_lead(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # saved in a worker
        assert "không được để trống" in shown(form.query_one("#title-error"))
        await type_text(pilot, "Việc mới")
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # saved in a worker
        assert "chủ trì" in shown(form.query_one("#leads-error"))
        assert isinstance(app.screen, DirectiveForm)
    assert fresh_store.value("SELECT count(*) FROM directives") == 7


async def test_e_extends_the_deadline_and_records_it(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DirectiveForm) and form.directive_id == 1
        form.query_one("#deadline", Input).value = "31/12/2026"
        form.query_one("#note", Input).value = "Gia hạn theo đề nghị"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Đã lưu" in messages(app)
        row = app.main_screen.current_row()
        assert row.id == 1 and row.deadline.isoformat() == "2026-12-31"
    history = get_directive(fresh_store, 1, today).history
    extension = next(h for h in history if h.action == "extend_deadline")
    assert extension.old == "2024-11-30" and extension.new == "2026-12-31"
    assert extension.note == "Gia hạn theo đề nghị"


async def test_d_archives_after_confirmation_and_filter_shows_and_restores(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert not get_directive_row(fresh_store, 2, today).archived
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert get_directive_row(fresh_store, 2, today).archived
        assert 2 not in table_ids(app)
        # show archived ones and restore
        main = app.main_screen
        from dataclasses import replace

        main.set_filter(replace(main.directive_filter, archived="archived"))
        await settle(app, pilot)
        assert table_ids(app) == [2]
        assert "chỉ nhiệm vụ đã lưu trữ" in shown(main.query_one("#filters"))
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
    assert not get_directive_row(fresh_store, 2, today).archived
    actions = [h.action for h in get_directive(fresh_store, 2, today).history]
    assert actions[:2] == ["restore", "archive"]


async def test_notice_create_and_edit_from_the_palette_actions(fresh_store, today):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await app.run_action("edit_notice")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NoticeForm)
        assert app.focused.id == "number"
        await type_text(pilot, "125/TB-UBND")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert get_notice(fresh_store, 1).number == "125/TB-UBND"
        await app.run_action("new_notice")
        await pilot.pause()
        form = app.screen
        form.query_one("#title", Input).value = "Kết luận hội nghị cuối năm"
        form.query_one("#issued_on", Input).value = "15/12/2026"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    notices = list_notices(fresh_store)
    assert notices[0].title == "Kết luận hội nghị cuối năm"
    assert notices[0].issued_on == date(2026, 12, 15)
    edits = fresh_store.rows("SELECT field, old_value, new_value FROM edits WHERE entity='notice'")
    assert {"field": "number", "old_value": None, "new_value": "125/TB-UBND"} in edits


async def test_directive_number_must_be_a_positive_whole_number(fresh_store, today, db_path):
    from conftest import db_snapshot

    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DirectiveForm)
        assert form.query_one("#number", Input).value == "8"
        await type_text(pilot, "Việc mới")
        number = form.query_one("#number", Input)
        before = db_snapshot(db_path)
        for typed in ("²", "1,5", "0", "-3", "٣x"):
            number.value = ""
            number.focus()
            await type_text(pilot, typed)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form, typed
            assert "Số thứ tự" in shown(form.query_one("#number-error")), typed
            assert app.focused is number
        assert db_snapshot(db_path) == before
        number.value = "12"
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # saved in a worker
        assert shown(form.query_one("#number-error")) == ""
        assert "chủ trì" in shown(form.query_one("#leads-error"))
    assert fresh_store.value("SELECT count(*) FROM directives") == 7

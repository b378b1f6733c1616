"""#17 item 2: overdue work in one key, sort orders, days late shown."""

from __future__ import annotations

from conftest import run_cli
from test_tui_support import SIZE, settle, shown, table_ids

from cchc_tui.services.directives import DirectiveFilter
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.widgets.detail_pane import DetailPane


async def test_o_shows_overdue_only_and_again_everything(fresh_store, today):
    session = Session(fresh_store, today)
    overdue = [r.id for r in session.directive_page(DirectiveFilter()) if r.days_late]
    assert overdue and len(overdue) < 7
    app = CchcApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert table_ids(app) == overdue
        assert "quá hạn" in shown(app.main_screen.query_one("#filters"))
        await pilot.press("o")
        await settle(app, pilot)
        assert table_ids(app) == [1, 2, 3, 4, 5, 6, 7]


async def test_s_sorts_by_urgency_then_deadline_and_back(fresh_store, today, db_path):
    session = Session(fresh_store, today)
    rows = session.directive_page(DirectiveFilter())
    by_lateness = sorted((r for r in rows if r.days_late), key=lambda r: r.deadline)
    app = CchcApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        ids = table_ids(app)
        assert ids[: len(by_lateness)] == [r.id for r in by_lateness]  # the longest late first
        assert "gấp trước" in shown(app.main_screen.query_one("#filters"))
        await pilot.press("s")
        await settle(app, pilot)
        dated = sorted((r for r in rows if r.deadline), key=lambda r: (r.deadline, r.id))
        assert table_ids(app)[: len(dated)] == [r.id for r in dated]
        await pilot.press("s")
        await settle(app, pilot)
        assert table_ids(app) == [1, 2, 3, 4, 5, 6, 7]
        assert shown(app.main_screen.query_one("#filters")) == ""


async def test_days_late_in_the_detail_pane(fresh_store, today):
    session = Session(fresh_store, today)
    first = session.directive_row(1)
    assert first.days_late == (today - first.deadline).days > 0
    app = CchcApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert f"trễ {first.days_late} ngày" in shown(app.main_screen.query_one(DetailPane))


def test_a_done_directive_is_not_late(db_path, today):
    assert run_cli(db_path, "update", "1", "--status", "hoàn thành")[0] == 0
    from cchc_tui.services.opening import open_database

    store = open_database(db_path)
    try:
        assert Session(store, today).directive_row(1).days_late == 0
    finally:
        store.close()

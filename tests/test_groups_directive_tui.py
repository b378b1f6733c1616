"""Groups in the directive list and screen (#14): a clerk records that one
commune finished directive 1 and sees the counts move."""

from __future__ import annotations

import json

from conftest import db_snapshot, run_cli
from test_tui_support import SIZE, settle, shown, table_ids, type_text
from textual.widgets import Select

from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.directive import DirectiveScreen
from cchc_tui.tui.screens.progress import ProgressForm
from cchc_tui.tui.widgets.detail_pane import DetailPane

COMMUNE = "UBND xã Hành Thuận"


def _lead_cell(app, directive_id: int) -> str:
    from cchc_tui.tui.widgets.table_cells import fit_columns, lead_cell

    table = app.main_screen.query_one("#directives")
    row = next(r for r in table.directive_rows if r.id == directive_id)
    return lead_cell(row, fit_columns(SIZE[0]).lead).plain


async def test_one_commune_finishes_directive_1_and_the_counts_follow(fresh_store, today, db_path):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert table_ids(app)[0] == 1
        pane = shown(app.main_screen.query_one(DetailPane))
        assert "Báo cáo: 0/26 đã báo cáo · 0 hoàn thành" in pane  # 14 agencies + 12 communes
        assert _lead_cell(app, 1).startswith("0/26 ")

        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DirectiveScreen)
        text = shown(app.screen.query_one("#directive-text"))
        assert "0/12 đã báo cáo · 0 hoàn thành" in text  # the communes
        assert "0/14 đã báo cáo · 0 hoàn thành" in text  # the departments
        assert COMMUNE in text and "UBND thị trấn Chợ Chùa" in text
        assert text.count("chưa báo cáo") >= 26

        await pilot.press("u")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ProgressForm) and app.focused.id == "agency"
        from cchc_tui.tui.screens.progress import agency_choices

        choices = {str(label): value for label, value in agency_choices(form.data)}
        member = next(v for k, v in choices.items() if COMMUNE in k)
        form.query_one("#agency", Select).value = member
        await pilot.pause()
        await pilot.press("tab")  # Trạng thái
        before = db_snapshot(db_path)
        await pilot.press("tab")  # Tiến độ
        await type_text(pilot, "100")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DirectiveScreen)
        text = shown(app.screen.query_one("#directive-text"))
        assert "1/12 đã báo cáo · 1 hoàn thành" in text
        # the member table puts the ones that have not reported first
        communes = text.split("1/12 đã báo cáo")[1].split("Cơ quan phối hợp")[0]
        assert communes.index(COMMUNE) > communes.index("UBND thị trấn Chợ Chùa")

        await pilot.press("escape")
        await settle(app, pilot)
        assert _lead_cell(app, 1).startswith("1/26 ")
        assert "1/26 đã báo cáo · 1 hoàn thành" in shown(app.main_screen.query_one(DetailPane))
    after = db_snapshot(db_path)
    changed = {t for t in after if after[t] != before.get(t)}
    assert changed <= {"updates", "assignments", "directives", "edits", "store_state"}
    shown_json = json.loads(run_cli(db_path, "show", "1", "--format", "json")[1])
    communes = next(a for a in shown_json["assignments"] if a["agency"] == "UBND các xã, thị trấn")
    done = [m["agency"] for m in communes["members"] if m["progress"] == 100]
    assert done == [COMMUNE] and communes["members_reported"] == 1
    others = next(
        a for a in shown_json["assignments"] if a["agency"] == "Các cơ quan, đơn vị huyện"
    )
    assert others["members_reported"] == 0


async def test_the_unreported_filter_keeps_directives_someone_must_still_report_on(
    fresh_store, today, db_path
):
    from cchc_tui.services.agencies import find_agency
    from cchc_tui.services.directives import DirectiveFilter

    session = Session(fresh_store, today)
    everything = [r.id for r in session.directive_page(DirectiveFilter(unreported=True))]
    assert everything == [r.id for r in session.directive_page(DirectiveFilter())]
    commune = find_agency(fresh_store, COMMUNE)["id"]
    mine = DirectiveFilter(agency_id=commune, unreported=True)
    before = [r.id for r in session.directive_page(mine)]
    assert 1 in before
    code, _, err = run_cli(db_path, "update", "1", "--agency", COMMUNE, "--progress", "30")
    assert code == 0, err
    assert 1 not in [r.id for r in session.directive_page(mine)]
    assert session.describe_filter(mine).endswith("chưa báo cáo")


def test_list_unreported_names_the_directives_a_commune_still_owes(db_path):
    def listed(*args):
        code, out, err = run_cli(db_path, "list", "--format", "json", *args)
        assert code == 0, err
        return [r["id"] for r in json.loads(out)]

    owed = listed("--agency", COMMUNE, "--unreported")
    assert owed and owed == listed("--agency", COMMUNE)
    assert run_cli(db_path, "update", str(owed[0]), "--agency", COMMUNE, "--progress", "10")[0] == 0
    assert listed("--agency", COMMUNE, "--unreported") == owed[1:]


def test_members_are_never_listed_as_supporting_agencies(db_path):
    code, out, err = run_cli(db_path, "list", "--format", "json")
    assert code == 0, err
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows[1]["lead"] == ["Các cơ quan, đơn vị huyện", "UBND các xã, thị trấn"]
    assert rows[1]["support"] == []  # its 26 members are tracked, not supporting
    assert rows[3]["support"] == ["Các cơ quan, đơn vị huyện"]


async def test_the_filter_dialog_offers_the_unreported_filter(fresh_store, today, db_path):
    from cchc_tui.tui.screens.filter import FilterScreen

    assert run_cli(db_path, "update", "5", "--progress", "20")[0] == 0  # every lead reported
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#unreported", Select).value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert 5 not in table_ids(app) and 1 in table_ids(app)
        assert "chưa báo cáo" in shown(app.main_screen.query_one("#filters"))

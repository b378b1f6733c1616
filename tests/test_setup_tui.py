"""Set up for an organisation from the app (#14 item 5): the sample opens at
once and says how; the palette entry replaces the untouched sample."""

from __future__ import annotations

from test_tui_support import SIZE, messages, settle, table_ids, type_text
from textual.widgets import Select

from cchc_tui.services.settings import get_settings
from cchc_tui.session import Session
from cchc_tui.tui.app import CchcApp
from cchc_tui.tui.screens.setup import SetupScreen


async def _open_setup(app, pilot) -> SetupScreen:
    await pilot.press("ctrl+p")
    await settle(app, pilot)
    await type_text(pilot, "thiet lap")
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, SetupScreen)
    return app.screen


async def test_the_sample_offers_set_up_and_the_palette_replaces_it(fresh_store, today, tmp_path):
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert table_ids(app) == [1, 2, 3, 4, 5, 6, 7]
        assert any("dữ liệu mẫu" in m and "thiết lập" in m for m in messages(app))
        form = await _open_setup(app, pilot)
        assert app.focused.id == "template"
        await pilot.press("ctrl+s")  # no level chosen: refused, nothing written
        await settle(app, pilot)
        assert isinstance(app.screen, SetupScreen)
        assert fresh_store.value("SELECT count(*) FROM notices") == 1
        form.query_one("#template", Select).value = "xa"
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "UBND xã Hành Thuận")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, SetupScreen)
        assert any(m.startswith("Đã thiết lập: Xã") for m in messages(app))
        assert table_ids(app) == []  # no notices in a template
    assert fresh_store.value("SELECT count(*) FROM notices") == 0
    assert fresh_store.state("initialised_as") == "xa"
    assert get_settings(fresh_store)["organisation"] == "UBND xã Hành Thuận"
    groups = fresh_store.value("SELECT count(*) FROM agencies WHERE kind = 'group'")
    assert groups > 0
    copies = list(tmp_path.rglob("*.db*"))
    assert len(copies) >= 2  # the file and the sample's safety copy


async def test_set_up_is_refused_once_something_was_entered(fresh_store, today, cli):
    assert cli("update", "3", "--progress", "20").code == 0
    app = CchcApp(Session(fresh_store, today))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not any("dữ liệu mẫu" in m for m in messages(app))
        form = await _open_setup(app, pilot)
        form.query_one("#template", Select).value = "phuong"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "không thiết lập lại" in str(form.query_one("#template-error").render())
    assert fresh_store.value("SELECT count(*) FROM notices") == 1
    assert fresh_store.state("initialised_as") == "sample"

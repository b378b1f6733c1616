"""#12 item 7 in the TUI: a missing data file beside a copy of it is never
started empty; the app offers to restore the copy."""

from __future__ import annotations

import pytest

from cchc_tui.session import PreviousDataError, open_session, restore_missing_data
from cchc_tui.tui.recover import RestoreOffer


def _lost(tmp_path, today):
    path = tmp_path / "cchc.db"
    session = open_session(path, today)
    session.record_progress  # noqa: B018 - the session works
    session.close()
    from conftest import run_cli

    assert run_cli(path, "update", "3", "--progress", "70", "--note", "trước khi mất")[0] == 0
    assert run_cli(path, "backup")[0] == 0
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"cchc.db{suffix}").unlink(missing_ok=True)
    with pytest.raises(PreviousDataError) as caught:
        open_session(path, today)
    return path, caught.value


@pytest.mark.parametrize(
    ("keys", "expected"), [(["k"], True), (["enter"], True), (["escape"], False)]
)
async def test_the_offer_restores_only_when_asked(tmp_path, today, keys, expected):
    path, error = _lost(tmp_path, today)
    assert error.copy is not None and "bản sao" in str(error)
    offer = RestoreOffer(str(error), error.copy)
    async with offer.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    assert offer.return_value is expected
    assert not path.exists()  # the offer itself writes nothing


def test_restoring_the_offered_copy_brings_the_work_back(tmp_path, today):
    path, error = _lost(tmp_path, today)
    restore_missing_data(path, error.copy)
    session = open_session(path, today)
    try:
        assert session.directive_row(3).progress == 70
    finally:
        session.close()

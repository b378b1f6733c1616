"""Files chosen in the browser (issue 18, item 3): the upload page of a tab
behind the key, its limits, and the import screens reading what arrives in
the tab's folder."""

from __future__ import annotations

import logging
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from cchc_tui.serve import uploads
from cchc_tui.serve import web as serve_web
from cchc_tui.serve.inbox import Inbox, browser_inbox
from cchc_tui.services.users import add_user

NOTICE = Path(__file__).parent / "notices" / "01-hai-cot-tu-pdf.txt"


@pytest.fixture
async def served(fresh_store, monkeypatch):
    """(client, the ServeApp, a tab's token and folder for user A)."""

    async def no_process(self, width, height):
        raise AssertionError("an app process was started")

    monkeypatch.setattr(serve_web.TabService, "start", no_process)
    serve_app = serve_web.ServeApp(fresh_store)
    client = TestClient(TestServer(serve_app.build()))
    await client.start_server()
    serve_app.port = client.port
    user = add_user(fresh_store, "A", "editor")
    token, folder = serve_app.inboxes.open(user.user.id)
    yield client, serve_app, user.key, token, folder
    await client.close()
    serve_app.inboxes.close_all()


async def sign_in(client, key):
    response = await client.get("/", params={"key": key}, allow_redirects=False)
    assert response.status == 303


def upload_form(name: str | None, data: bytes) -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("file", data, filename=name, content_type="application/octet-stream")
    return form


async def test_the_page_and_the_post_need_the_key(served):
    client, _, _, token, folder = served
    assert (await client.get(f"/upload/{token}")).status == 401
    response = await client.post(f"/upload/{token}", data=upload_form("a.txt", b"x"))
    assert response.status == 401
    assert list(folder.iterdir()) == []


async def test_the_page_is_vietnamese_with_a_file_input(served):
    client, _, key, token, _ = served
    await sign_in(client, key)
    page = await client.get(f"/upload/{token}", params={"for": "notice"})
    assert page.status == 200
    text = await page.text()
    assert 'type="file"' in text and 'accept=".txt,.docx"' in text and "Gửi tệp" in text
    assert "5 MB" in text and "http" not in text.replace('lang="vi"', "")
    form_page = await (await client.get(f"/upload/{token}", params={"for": "form"})).text()
    assert 'accept=".xlsx"' in form_page and "10 MB" in form_page
    assert (await client.get("/upload/not-a-tab")).status == 404


async def test_another_users_tab_is_not_theirs(served, fresh_store):
    client, _, _, token, folder = served
    await sign_in(client, add_user(fresh_store, "B", "editor").key)
    assert (await client.get(f"/upload/{token}")).status == 404
    response = await client.post(f"/upload/{token}", data=upload_form("a.txt", b"x"))
    assert response.status == 404 and list(folder.iterdir()) == []


async def test_an_accepted_notice_lands_in_the_tabs_folder(served):
    client, _, key, token, folder = served
    await sign_in(client, key)
    data = NOTICE.read_bytes()
    response = await client.post(
        f"/upload/{token}?for=notice", data=upload_form("Thông báo 245.txt", data)
    )
    assert response.status == 200
    assert "Đã nhận tệp" in await response.text()
    assert [p.name for p in folder.iterdir()] == ["Thông báo 245.txt"]
    assert (folder / "Thông báo 245.txt").read_bytes() == data


@pytest.mark.parametrize(
    "name, kind, status, logged",
    [
        ("a.exe", "notice", 415, "type .exe"),
        ("a.xlsx", "notice", 415, "type .xlsx"),  # a notice page takes no workbook
        ("a.txt", "form", 415, "type .txt"),
        ("../a.txt", "notice", 400, "file name"),
        ("..", "notice", 400, "file name"),
        ("/etc/a.txt", "notice", 400, "file name"),
        ("C:\\x\\a.txt", "notice", 400, "file name"),
        ("sub/a.txt", "notice", 400, "file name"),
        (".hidden.txt", "notice", 400, "file name"),
    ],
)
async def test_refused_names_and_types_write_nothing(served, caplog, name, kind, status, logged):
    client, _, key, token, folder = served
    await sign_in(client, key)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="cchc_tui.serve"):
        response = await client.post(f"/upload/{token}?for={kind}", data=upload_form(name, b"abc"))
    assert response.status == status
    assert list(folder.iterdir()) == []
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and logged in lines[0], lines
    assert folder.parent.joinpath("a.txt").exists() is False


async def test_over_the_importers_limit_is_refused(served, caplog):
    client, _, key, token, folder = served
    await sign_in(client, key)
    too_big = b"a" * (uploads.NOTICE_MAX_BYTES + 1)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="cchc_tui.serve"):
        response = await client.post(
            f"/upload/{token}?for=notice", data=upload_form("lon.txt", too_big)
        )
    assert response.status == 413
    assert "5 MB" in await response.text()
    assert list(folder.iterdir()) == []
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1
    # a form may be bigger than a notice, up to its own limit
    form = await client.post(f"/upload/{token}?for=form", data=upload_form("phieu.xlsx", too_big))
    assert form.status == 200 and (folder / "phieu.xlsx").stat().st_size == len(too_big)


def browser_body(name: str, data: bytes) -> tuple[bytes, dict]:
    """A multipart body as a browser sends it: the file name as it is."""
    boundary = "----cchcBoundary7MA4YWxk"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


async def test_names_as_a_browser_sends_them(served):
    client, _, key, token, folder = served
    await sign_in(client, key)
    for bad in ("../../x.txt", "/tmp/x.txt", "..\\x.txt", "a%2F..%2Fx.txt"):
        body, headers = browser_body(bad, b"abc")
        response = await client.post(f"/upload/{token}?for=notice", data=body, headers=headers)
        assert response.status == 400, bad
    assert list(folder.iterdir()) == [] and not (folder.parent / "x.txt").exists()
    body, headers = browser_body("Kết luận 12.txt", b"abc")
    response = await client.post(f"/upload/{token}?for=notice", data=body, headers=headers)
    assert response.status == 200
    assert [p.name for p in folder.iterdir()] == ["Kết luận 12.txt"]


async def test_an_upload_from_another_site_is_refused(served):
    client, _, key, token, folder = served
    await sign_in(client, key)
    response = await client.post(
        f"/upload/{token}",
        data=upload_form("a.txt", b"abc"),
        headers={"Origin": "http://evil.example"},
    )
    assert response.status == 403 and list(folder.iterdir()) == []


def test_safe_names():
    assert uploads.safe_name("Kết luận số 12.docx") == "Kết luận số 12.docx"
    for bad in ("", " ", "a/b.txt", "a\\b.txt", "..\\a.txt", "a..txt", "a.txt.", "a\x00.txt",
                "x" * 200 + ".txt", "a:b.txt"):  # fmt: skip
        assert uploads.safe_name(bad) is None, bad


async def test_a_tab_gets_its_folder_and_the_folder_goes_with_it(served, monkeypatch):
    client, serve_app, key, _, _ = served
    await sign_in(client, key)
    seen = {}

    async def remember(self, width, height):
        seen.update(self.extra_env)
        assert Path(self.extra_env["CCHC_UPLOADS"]).is_dir()
        raise RuntimeError("no app here")

    monkeypatch.setattr(serve_web.TabService, "start", remember)
    host = f"{client.host}:{client.port}"
    ws = await client.ws_connect("/ws", headers={"Host": host, "Origin": f"http://{host}"})
    await ws.receive()
    folder = Path(seen["CCHC_UPLOADS"])
    assert seen["CCHC_UPLOAD_URL"].startswith(f"http://{host}/upload/")
    assert not folder.exists()  # removed when the tab ended
    token = seen["CCHC_UPLOAD_URL"].rsplit("/", 1)[1]
    assert token not in serve_app.inboxes.folders


def test_the_inbox_sees_whole_files_only(tmp_path, monkeypatch):
    inbox = Inbox(tmp_path, "http://127.0.0.1:1/upload/t")
    assert inbox.page("notice") == "http://127.0.0.1:1/upload/t?for=notice"
    (tmp_path / ".abc.txt").write_text("being written")
    (tmp_path / "a.xlsx").write_text("x")
    assert inbox.latest((".txt", ".docx")) is None
    (tmp_path / "b.txt").write_text("x")
    assert inbox.latest((".txt",)).path.name == "b.txt"
    inbox.discard()
    assert not list(tmp_path.iterdir())
    monkeypatch.setenv("CCHC_UPLOADS", str(tmp_path))
    monkeypatch.setenv("CCHC_UPLOAD_URL", "http://x/upload/t")
    assert browser_inbox(signed_in=False) is None  # the terminal app: the path field only
    assert browser_inbox(signed_in=True) == Inbox(tmp_path, "http://x/upload/t")


# -- the import screens: a file chosen in the browser -------------------------------------


def browser_app(store, tmp_path, monkeypatch):
    """A browser tab's app: a signed-in editor, its upload folder, and the
    addresses it asked the browser to open."""
    from cchc_tui.session import Session
    from cchc_tui.session.core import User
    from cchc_tui.tui.app import CchcApp
    from tests.conftest import TODAY

    folder = tmp_path / "tai-len"
    folder.mkdir()
    monkeypatch.setenv("CCHC_UPLOADS", str(folder))
    monkeypatch.setenv("CCHC_UPLOAD_URL", "http://127.0.0.1:8000/upload/tok")
    app = CchcApp(Session(store, TODAY, User("Nguyễn Văn A", "editor", signed_in=True)))
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, new_tab=True: opened.append(url))
    return app, folder, opened


async def wait_for(app, pilot, check, seconds=5.0):
    from tests.test_tui_support import settle

    for _ in range(int(seconds / 0.1)):
        await pilot.pause(0.1)
        await settle(app, pilot)
        if check():
            return
    raise AssertionError("not in time")


async def test_a_notice_chosen_in_the_browser_is_read_then_deleted(
    fresh_store, tmp_path, monkeypatch
):
    from textual.widgets import Button, DataTable, Input

    from cchc_tui.tui.screens.import_notice import ImportNoticeScreen
    from tests.test_tui_support import settle

    app, folder, opened = browser_app(fresh_store, tmp_path, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ImportNoticeScreen)
        assert "trình duyệt" in str(screen.query_one("#browse", Button).label)
        await pilot.press("f2")
        await settle(app, pilot)
        assert opened == ["http://127.0.0.1:8000/upload/tok?for=notice"]
        # the upload page's POST lands the file (a partial one is not read)
        (folder / ".dang-ghi.txt").write_bytes(b"half")
        (folder / "TB 245.txt").write_bytes(NOTICE.read_bytes())
        table = screen.query_one("#draft-table", DataTable)
        await wait_for(app, pilot, lambda: table.row_count == 4)
        assert screen.query_one("#notice-path", Input).value == str(folder / "TB 245.txt")
        assert screen.query_one("#notice-number", Input).value == "245/TB-VP"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportNoticeScreen)
        assert list(folder.iterdir()) == []  # emptied after the import
    assert fresh_store.row("SELECT id FROM notices WHERE number='245/TB-VP'") is not None


async def test_closing_the_screen_deletes_the_upload(fresh_store, tmp_path, monkeypatch):
    from textual.widgets import DataTable

    from cchc_tui.tui.screens.import_notice import ImportNoticeScreen
    from tests.test_tui_support import settle

    app, folder, _ = browser_app(fresh_store, tmp_path, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        screen = app.screen
        await pilot.click("#browse")
        (folder / "tb.txt").write_bytes(NOTICE.read_bytes())
        await wait_for(app, pilot, lambda: screen.query_one(DataTable).row_count == 4)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportNoticeScreen)
        assert list(folder.iterdir()) == []
    assert fresh_store.row("SELECT id FROM notices WHERE number='245/TB-VP'") is None


async def test_the_terminal_app_has_the_path_field_only(fresh_store, tmp_path, monkeypatch):
    from cchc_tui.session import Session
    from cchc_tui.tui.app import CchcApp
    from tests.conftest import TODAY
    from tests.test_tui_support import settle

    monkeypatch.setenv("CCHC_UPLOADS", str(tmp_path))  # ignored: nobody is signed in
    monkeypatch.setenv("CCHC_UPLOAD_URL", "http://127.0.0.1:8000/upload/tok")
    app = CchcApp(Session(fresh_store, TODAY))
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, new_tab=True: opened.append(url))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert not app.screen.query("#browse")
        await pilot.press("f2")
        await settle(app, pilot)
        assert opened == []


async def test_a_form_chosen_in_the_browser_is_previewed(fresh_store, tmp_path, monkeypatch):
    from textual.widgets import Static

    from cchc_tui.tui.screens.form_import import FormImportScreen
    from tests.conftest import db_snapshot
    from tests.test_forms_tui import filled_form
    from tests.test_tui_support import settle

    app, folder, opened = browser_app(fresh_store, tmp_path, monkeypatch)
    form = filled_form(fresh_store, tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await app.run_action("import_forms")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, FormImportScreen)
        await pilot.press("f2")
        assert opened == ["http://127.0.0.1:8000/upload/tok?for=form"]
        before = db_snapshot(fresh_store.path)
        (folder / "a.txt").write_text("not a form")  # not for this screen
        (folder / form.name).write_bytes(form.read_bytes())
        result = screen.query_one("#import-result", Static)
        await wait_for(app, pilot, lambda: "Sẽ ghi 1 dòng" in str(result.render()))
        assert db_snapshot(fresh_store.path) == before  # a preview writes nothing
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Đã ghi 1 dòng" in str(result.render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert list(folder.iterdir()) == []

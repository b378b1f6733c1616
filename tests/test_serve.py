"""`cchc-tui serve`'s gate, without a browser: keys, cookie, failed
attempts, the websocket's origin, tickets, and a page with nothing from the
internet."""

from __future__ import annotations

import re

import pytest
from aiohttp import WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer

from cchc_tui.serve import web as serve_web
from cchc_tui.serve.gate import COOKIE, Failures
from cchc_tui.services.users import add_user, mint_local_key, revoke_user


@pytest.fixture
async def served(fresh_store, monkeypatch):
    """(client, the ServeApp); starting an app process is a failure here."""
    started = []

    async def no_process(self, width, height):
        started.append(self)
        raise AssertionError("an app process was started")

    monkeypatch.setattr(serve_web.TabService, "start", no_process)
    serve_app = serve_web.ServeApp(fresh_store)
    client = TestClient(TestServer(serve_app.build()))
    await client.start_server()
    serve_app.port = client.port
    serve_app.started = started
    yield client, serve_app
    await client.close()


async def sign_in(client, key):
    response = await client.get("/", params={"key": key}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"
    return response


@pytest.mark.parametrize("path", ["/", "/ws", "/static/js/textual.js", "/download/x", "/nowhere"])
async def test_nothing_without_a_key(served, path):
    client, serve_app = served
    response = await client.get(path)
    assert response.status == 401
    assert "khóa" in (await response.text())
    assert serve_app.started == [] and not serve_app.tabs.running and not serve_app.tabs.tickets


async def test_a_key_once_then_an_httponly_strict_cookie(served, fresh_store):
    client, _ = served
    key = add_user(fresh_store, "Nguyễn Văn A", "editor").key
    response = await sign_in(client, key)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert key not in cookie
    page = await client.get("/")  # the cookie jar carries the session
    assert page.status == 200
    assert (await client.get("/static/js/textual.js")).status == 200
    assert (await client.get("/static/")).status in (403, 404)  # no listing


async def test_the_page_loads_nothing_from_the_internet(served, fresh_store):
    client, _ = served
    await sign_in(client, add_user(fresh_store, "A", "editor").key)
    page = await (await client.get("/")).text()
    urls = re.findall(r"""(?:https?|wss?)://[^\s"'<>)]+""", page)
    own = f"{client.host}:{client.port}"
    assert urls and all(url.split("/")[2] == own for url in urls), urls
    assert re.search(r"@font-face", page) and "/static/fonts/RobotoMono" in page
    # every relative asset the page names is served here
    for asset in re.findall(r"""(?:src|href)=["'](/[^"']+)""", page):
        assert (await client.get(asset)).status == 200, asset


async def test_wrong_keys_are_refused_then_the_address_is_shut_out(served, fresh_store):
    client, _ = served
    good = add_user(fresh_store, "A", "editor").key
    for attempt in range(5):
        response = await client.get("/", params={"key": f"{good}x{attempt}"})
        assert response.status == 401
    response = await client.get("/", params={"key": good}, allow_redirects=False)
    assert response.status == 429


def test_failures_are_counted_per_minute():
    now = [0.0]
    failures = Failures(clock=lambda: now[0])
    for _ in range(4):
        failures.record("10.0.0.5")
        now[0] += 20  # spread over more than a minute: never 5 within one
    assert not failures.blocked("10.0.0.5")
    for _ in range(5):
        failures.record("10.0.0.6")
    assert failures.blocked("10.0.0.6") and not failures.blocked("10.0.0.7")
    now[0] += 61
    assert not failures.blocked("10.0.0.6")


async def test_revoked_and_replaced_keys(served, fresh_store):
    client, serve_app = served
    key = add_user(fresh_store, "B", "viewer").key
    revoke_user(fresh_store, "B")
    assert (await client.get("/", params={"key": key})).status == 403
    old = mint_local_key(fresh_store, "Máy này").key
    mint_local_key(fresh_store, "Máy này")
    assert (await client.get("/", params={"key": old})).status == 401


async def test_a_revoke_ends_the_cookie_session(served, fresh_store):
    client, _ = served
    await sign_in(client, add_user(fresh_store, "B", "viewer").key)
    assert (await client.get("/")).status == 200
    revoke_user(fresh_store, "B")
    assert (await client.get("/")).status == 403
    assert (await client.get("/")).status == 401  # the session is gone


def test_the_local_key_is_for_this_computer_only(fresh_store):
    serve_app = serve_web.ServeApp(fresh_store)
    local = mint_local_key(fresh_store, "Máy này").user
    assert serve_app._refusal(local, "127.0.0.1") is None
    assert serve_app._refusal(local, "::1") is None
    assert serve_app._refusal(local, "192.168.1.20") == "local key from afar"


@pytest.mark.parametrize("origin", [None, "http://evil.example", "http://127.0.0.1:1"])
async def test_the_websocket_needs_its_own_origin(served, fresh_store, origin):
    client, serve_app = served
    await sign_in(client, add_user(fresh_store, "A", "editor").key)
    headers = {"Origin": origin} if origin else {}
    with pytest.raises(WSServerHandshakeError):
        await client.ws_connect("/ws", headers=headers)
    response = await client.get("/ws", headers=headers)
    assert response.status == 403
    assert serve_app.started == [] and not serve_app.tabs.tickets


async def test_a_ticket_names_its_user_once(served, fresh_store):
    client, serve_app = served
    user = add_user(fresh_store, "Nguyễn Văn A", "viewer").user
    tab = serve_web.Tab(user, None, None)
    ticket = serve_app.tabs.issue(tab)
    response = await client.post("/_ticket", json={"ticket": ticket, "pid": 4242})
    assert response.status == 200
    assert await response.json() == {"name": "Nguyễn Văn A", "role": "viewer"}
    assert tab.pid == 4242
    again = await client.post("/_ticket", json={"ticket": ticket, "pid": 1})
    assert again.status == 403
    assert (await client.post("/_ticket", data=b"not json")).status == 400


def test_the_tab_environment_carries_the_ticket_not_the_key(fresh_store, monkeypatch):
    monkeypatch.setenv("CCHC_TICKET", "stale")
    service = serve_web.TabService(
        serve_web.app_command(),
        extra_env={"CCHC_DB": "/x.db", "CCHC_TICKET": "t1", "CCHC_SERVE_URL": "http://127.0.0.1:9"},
        write_bytes=None, write_str=None, close=None, download_manager=None,
    )  # fmt: skip
    environment = service._build_environment(100, 30)
    assert environment["CCHC_TICKET"] == "t1" and environment["CCHC_DB"] == "/x.db"
    assert environment["TEXTUAL_DRIVER"].endswith("WebDriver") and environment["COLUMNS"] == "100"
    assert "key" not in serve_web.app_command()


def test_an_app_with_a_refused_ticket_does_not_start(monkeypatch):
    from cchc_tui.domain.errors import DatabaseError
    from cchc_tui.serve import ticket

    monkeypatch.setenv("CCHC_TICKET", "nope")
    monkeypatch.setenv("CCHC_SERVE_URL", "http://127.0.0.1:9")  # nobody listens
    import signal

    previous = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(DatabaseError):
            ticket.browser_user()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert ticket.browser_user() is None  # the ticket is used up; the terminal app: no ticket


async def test_a_signed_in_websocket_from_its_own_page_starts_a_tab(served, fresh_store):
    client, serve_app = served
    await sign_in(client, add_user(fresh_store, "A", "editor").key)
    host = f"{client.host}:{client.port}"
    ws = await client.ws_connect("/ws", headers={"Host": host, "Origin": f"http://{host}"})
    await ws.receive()  # closed: the stand-in for the app process fails at once
    assert len(serve_app.started) == 1
    assert serve_app.started[0].extra_env["CCHC_DB"] == serve_app.db_path
    assert not serve_app.tabs.running and not serve_app.tabs.tickets  # cleaned up

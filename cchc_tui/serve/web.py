"""The aiohttp application of `cchc-tui serve`.

Built around textual-serve's public pieces — ``AppService`` (one app
process per tab), ``DownloadManager`` and ``Server.handle_download``, its
static files — with our own page, a key-checking middleware in front of
every route, and a websocket handler that starts a tab only for a signed-in
user, from the same origin. The tab's process learns its user from a
one-time ticket (``serve.ticket``); files for its imports come through
its upload page into its own temporary folder (``serve.uploads``).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import os
import secrets
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from string import Template

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server

from cchc_tui.serve.gate import COOKIE, Gate, is_loopback
from cchc_tui.serve.inbox import UPLOAD_URL_ENV, UPLOADS_ENV
from cchc_tui.serve.ticket import REDEEM_PATH, SERVER_ENV, TICKET_ENV
from cchc_tui.serve.uploads import Inboxes, UploadPages
from cchc_tui.services.users import UserRecord
from cchc_tui.store.database import Store

log = logging.getLogger("cchc_tui.serve")

TITLE = "Theo dõi nhiệm vụ CCHC"
STATICS = Path(textual_serve.__file__).parent / "static"
TICKET_TTL_S = 60.0
STOP_TIMEOUT_S = 8.0
REVOCATION_CHECK_S = 2.0


def app_command() -> str:
    """The tab's app: this Python running the package (no key, no ticket)."""
    argv = [sys.executable, "-m", "cchc_tui"]
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


@dataclass(eq=False)
class Tab:
    """One open browser tab: its user, its app, the app's process id."""

    user: UserRecord
    service: AppService
    websocket: web.WebSocketResponse
    pid: int | None = None


@dataclass
class Tabs:
    """Tickets waiting for their app process, and the tabs running."""

    tickets: dict[str, tuple[Tab, float]] = field(default_factory=dict)
    running: set = field(default_factory=set)

    def issue(self, tab: Tab) -> str:
        ticket = secrets.token_urlsafe(32)
        self.tickets[ticket] = (tab, time.monotonic() + TICKET_TTL_S)
        return ticket

    def redeem(self, ticket: str) -> Tab | None:
        tab, until = self.tickets.pop(ticket, (None, 0.0))
        return tab if tab is not None and time.monotonic() < until else None


class TabService(AppService):
    """textual-serve's app service, with the tab's own environment: the
    database and the ticket (its one override, of the environment hook)."""

    def __init__(self, command: str, *, extra_env: dict[str, str], **kwargs) -> None:
        super().__init__(command, **kwargs)
        self.extra_env = extra_env

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment.pop(TICKET_ENV, None)
        environment.update(self.extra_env)
        return environment


def _refuse(request: web.Request, status: int, reason: str, text: str) -> web.Response:
    log.warning("%s %s %s: %s", request.remote, status, request.path, reason)
    return web.Response(status=status, text=text, content_type="text/plain", charset="utf-8")


class ServeApp:
    """State of one `serve` run: the store, the gate, the tabs."""

    def __init__(self, store: Store, *, lan: bool = False, today: str | None = None) -> None:
        self.store = store
        self.today = today
        """--today given to `serve` (dd/mm/yyyy): the tabs judge deadlines at it too."""
        self.db_path = str(Path(store.path).resolve())
        self.lan = lan
        self.gate = Gate(store)
        self.tabs = Tabs()
        self.download_manager = DownloadManager()
        # textual-serve's own download handler, over our download manager
        self.downloads = Server(app_command())
        self.downloads.download_manager = self.download_manager
        self.port: int | None = None
        self.signed_in: dict[int, UserRecord] = {}
        """The user of each request being handled (past the gate), by id(request)."""
        self.revocations: asyncio.Task | None = None
        self.inboxes = Inboxes()
        """Each tab's temporary folder for uploads (removed when the tab ends)."""
        self.uploads = UploadPages(self.inboxes, lambda request: self.signed_in[id(request)])
        self.page = Template(
            files("cchc_tui.serve").joinpath("templates/index.html").read_text("utf-8")
        )

    def build(self) -> web.Application:
        app = web.Application(middlewares=[self.key_middleware], client_max_size=64 * 1024)
        app.add_routes(
            [
                web.get("/", self.handle_index),
                web.get("/ws", self.handle_websocket),
                web.get("/download/{key}", self.downloads.handle_download),
                web.post(REDEEM_PATH, self.handle_ticket),
                *self.uploads.routes(),
                web.static("/static", STATICS, show_index=False, follow_symlinks=False),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    # -- who may come in ------------------------------------------------------------
    @web.middleware
    async def key_middleware(self, request: web.Request, handler):
        address = request.remote or "?"
        if self.gate.failures.blocked(address):
            return _refuse(
                request, 429, "blocked", "Quá nhiều lần nhập sai khóa; thử lại sau 1 phút."
            )
        if request.path == REDEEM_PATH:  # the tab's own process, with its ticket
            if not is_loopback(address):
                return _refuse(request, 403, "ticket from afar", "Không được phép.")
            return await handler(request)
        if key := request.query.get("key"):
            user = await self.gate.user_of_key(key)
            if user is None:
                self.gate.failures.record(address)
                return _refuse(request, 401, "wrong key", "Khóa truy cập không đúng.")
            if problem := self._refusal(user, address):
                self.gate.failures.record(address)
                return _refuse(request, 403, problem, "Khóa này không dùng được ở đây.")
            # the key leaves the address bar (and the history) at once
            response = web.HTTPSeeOther("/")
            response.set_cookie(
                COOKIE, self.gate.open_session(user), httponly=True, samesite="Strict", path="/"
            )
            log.info("%s: %s (%s) đăng nhập", address, user.name, user.role)
            raise response
        user_id = self.gate.session_user_id(request.cookies.get(COOKIE))
        if user_id is None:
            return _refuse(
                request, 401, "no key", "Cần khóa truy cập: mở địa chỉ có ?key=… do cchc-tui in ra."
            )
        user = await self.gate.current_user(user_id)
        if user is None or (problem := self._refusal(user, address)):
            self.gate.close_sessions_of(user_id)
            return _refuse(request, 403, "revoked", "Khóa này đã bị thu hồi.")
        self.signed_in[id(request)] = user
        try:
            return await handler(request)
        finally:
            del self.signed_in[id(request)]

    def _refusal(self, user: UserRecord, address: str) -> str | None:
        if not user.active:
            return "revoked"
        if user.local and not is_loopback(address):
            return "local key from afar"  # the local key is for this computer only
        return None

    # -- the page and the tabs --------------------------------------------------------
    async def handle_index(self, request: web.Request) -> web.Response:
        scheme = "wss" if request.secure else "ws"
        body = self.page.substitute(
            title=html.escape(TITLE),
            static="/static/",
            websocket_url=html.escape(f"{scheme}://{request.host}/ws"),
            font_size=_font_size(request.query.get("fontsize")),
        )
        return web.Response(text=body, content_type="text/html", charset="utf-8")

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        expected = f"{'https' if request.secure else 'http'}://{request.host}"
        if origin != expected:
            return _refuse(request, 403, f"origin {origin!r}", "Không được phép.")
        user = self.signed_in[id(request)]
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        width = _size(request.query.get("width"), 80)
        height = _size(request.query.get("height"), 24)
        tab = Tab(user, None, websocket)  # type: ignore[arg-type]
        ticket = self.tabs.issue(tab)
        upload_token, upload_folder = self.inboxes.open(user.id)
        tab.service = TabService(
            app_command(),
            extra_env={
                "CCHC_DB": self.db_path,
                TICKET_ENV: ticket,
                SERVER_ENV: f"http://127.0.0.1:{self.port}",
                UPLOADS_ENV: str(upload_folder),
                UPLOAD_URL_ENV: f"{'https' if request.secure else 'http'}://{request.host}"
                f"/upload/{upload_token}",
                **({"CCHC_TODAY": self.today} if self.today else {}),
            },
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        self.tabs.running.add(tab)
        log.info("%s: mở thẻ cho %s (%s)", request.remote, user.name, user.role)
        try:
            await tab.service.start(width, height)
            await self._relay(websocket, tab.service)
        except asyncio.CancelledError:
            pass
        finally:
            self.tabs.tickets.pop(ticket, None)
            try:
                await self._stop(tab)
            finally:
                self.inboxes.close(upload_token)
            await websocket.close()
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, service: AppService) -> None:
        """The browser's keys, sizes and focus to the app (as textual-serve's
        own loop does)."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, data = message.json()
            except ValueError:
                continue
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(
                    _size(data.get("width"), 80), _size(data.get("height"), 24)
                )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def _stop(self, tab: Tab) -> None:
        """Ask the app to quit (it closes the database: the WAL is merged);
        one that does not within a few seconds is ended."""
        self.tabs.running.discard(tab)
        try:
            await asyncio.wait_for(tab.service.stop(), STOP_TIMEOUT_S)
        except TimeoutError:
            log.warning("thẻ của %s không tự dừng: kết thúc tiến trình %s", tab.user.name, tab.pid)
            if tab.pid:
                with contextlib.suppress(OSError):
                    os.kill(tab.pid, signal.SIGTERM)

    async def handle_ticket(self, request: web.Request) -> web.Response:
        try:
            data = await request.json()
            ticket, pid = str(data["ticket"]), int(data.get("pid") or 0)
        except (ValueError, KeyError, TypeError):
            return _refuse(request, 400, "bad ticket request", "")
        tab = self.tabs.redeem(ticket)
        if tab is None:
            self.gate.failures.record(request.remote or "?")
            return _refuse(request, 403, "unknown ticket", "")
        tab.pid = pid or None
        return web.json_response({"name": tab.user.name, "role": tab.user.role})

    # -- revocations, start and stop ---------------------------------------------------
    async def watch_revocations(self) -> None:
        """`users revoke` (another process) closes that user's open tabs."""
        while True:
            await asyncio.sleep(REVOCATION_CHECK_S)
            for user_id in {tab.user.id for tab in self.tabs.running}:
                user = await self.gate.current_user(user_id)
                if user is None or not user.active:
                    self.gate.close_sessions_of(user_id)
                    for tab in [t for t in self.tabs.running if t.user.id == user_id]:
                        log.warning("khóa của %s đã bị thu hồi: đóng thẻ", tab.user.name)
                        await tab.websocket.close()

    async def on_startup(self, app: web.Application) -> None:
        self.revocations = asyncio.create_task(self.watch_revocations())

    async def on_shutdown(self, app: web.Application) -> None:
        if self.revocations is not None:
            self.revocations.cancel()
        tabs = list(self.tabs.running)
        await asyncio.gather(*(self._stop(tab) for tab in tabs), return_exceptions=True)
        for tab in tabs:
            with contextlib.suppress(Exception):
                await tab.websocket.close()
        self.inboxes.close_all()


def _size(value, default: int) -> int:
    try:
        return max(10, min(int(value), 1000))
    except (TypeError, ValueError):
        return default


def _font_size(value) -> int:
    try:
        return max(8, min(int(value), 40))
    except (TypeError, ValueError):
        return 16

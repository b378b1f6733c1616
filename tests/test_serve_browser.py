"""`cchc-tui serve` in a real browser: headless Chromium (Debian's
/usr/bin/chromium, driven by Playwright) types into the app, and the
database holds what it typed, recorded by the signed-in user."""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
KEY = re.compile(r"Khóa truy cập \(chỉ hiện một lần\): (\S+)")
FIRST_SCREEN = "Hôm nay: 27/11/2026".encode()  # the main screen's header


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def app_processes(pid: int) -> list[int]:
    """The tabs' Python processes under serve (each behind a shell, which
    textual-serve starts the command with)."""
    found = []
    for child in children(pid):
        found += children(child) or [child]
    return found


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Served:
    """A `cchc-tui serve` process on a free port."""

    def __init__(self, db: Path) -> None:
        self.port = free_port()
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cchc_tui",
                "--db",
                str(db),
                "--today",
                "27/11/2026",
                "serve",
                "--port",
                str(self.port),
                "--no-browser",
            ],  # fmt: skip
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={k: v for k, v in os.environ.items() if k not in ("CCHC_DB", "CCHC_TICKET")},
        )
        self.log: list[str] = []
        threading.Thread(target=self._read_log, daemon=True).start()
        self.local_url = None
        for line in self.process.stdout:
            if found := re.search(r"(http://127\.0\.0\.1:\d+/\?key=\S+)", line):
                self.local_url = found.group(1)
                break
        assert self.local_url, "serve printed no URL: " + "".join(self.log)
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def _read_log(self) -> None:
        for line in self.process.stderr:
            self.log.append(line)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> int:
        self.process.send_signal(2)  # Ctrl+C
        return self.process.wait(30)


def status_of(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


class Tab:
    """A browser tab on the app, with every byte the app sent it."""

    def __init__(self, browser, url: str) -> None:
        self.received = bytearray()
        self.context = browser.new_context(viewport={"width": 1200, "height": 800})
        self.page = self.context.new_page()
        self.page.on("websocket", self._watch)
        self.page.goto(url)

    def _watch(self, websocket) -> None:
        def received(payload) -> None:
            self.received += payload if isinstance(payload, bytes) else payload.encode()

        websocket.on("framereceived", received)

    def wait_for(self, text: bytes, timeout: float = 30.0) -> float:
        """Until the app has drawn ``text``; the time it took."""
        start = time.monotonic()
        while text not in self.received:
            if time.monotonic() - start > timeout:
                self.page.screenshot(
                    path=str(Path(os.environ.get("TMPDIR", "/tmp")) / "serve-failure.png")
                )
                raise AssertionError(f"the app never showed {text!r}")
            self.page.wait_for_timeout(100)
        return time.monotonic() - start

    def keys(self, *keys: str) -> None:
        self.page.focus("textarea.xterm-helper-textarea")  # the terminal's keyboard input
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.focus("textarea.xterm-helper-textarea")
        self.page.keyboard.type(text, delay=30)


def updates(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT directive_id, progress, recorded_by FROM updates ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def wait_until(condition, timeout: float = 15.0) -> bool:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def browser():
    import playwright.sync_api as playwright_api  # in the test extra

    if not Path(CHROMIUM).exists():
        # .ci/run installs it and sets CCHC_REQUIRE_BROWSER: there, a missing
        # browser fails the run instead of passing unseen
        if os.environ.get("CCHC_REQUIRE_BROWSER"):
            pytest.fail("chromium is missing (apt-get install chromium)")
        pytest.skip("no chromium (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def served_db(db_path, seeded_template):
    shutil.copyfile(seeded_template, db_path)
    return db_path


def user_key(db: Path, name: str, role: str) -> str:
    code, out, err = run_cli(db, "users", "add", name, "--role", role)
    assert code == 0, err
    return KEY.search(out).group(1)


def test_an_editor_and_a_viewer_in_the_browser(served_db, browser, capsys):
    db = served_db
    editor = user_key(db, "Nguyễn Văn Biên", "editor")
    viewer = user_key(db, "Trần Thị Xem", "viewer")
    before = updates(db)
    served = Served(db)
    try:
        # no key, a wrong key: refused, and no app process
        assert status_of(served.url("/")) == 401
        assert status_of(served.url("/ws")) == 401
        assert status_of(served.url("/?key=" + editor + "x")) == 401
        assert children(served.process.pid) == []

        # the local key (printed by serve) opens the first screen
        local = Tab(browser, served.local_url)
        local.wait_for(FIRST_SCREEN)
        first_screen_s = time.monotonic() - served.started
        tab_pids = app_processes(served.process.pid)
        assert len(tab_pids) == 1

        # an editor: a search, then a progress update on the row found
        tab = Tab(browser, served.url("/?key=" + editor))
        tab.wait_for(FIRST_SCREEN)
        tab.page.wait_for_timeout(500)
        tab.keys("/")
        tab.type("dat dai")
        tab.keys("Enter")
        tab.page.wait_for_timeout(500)
        tab.keys("u")
        tab.wait_for("Tiến độ (%)".encode())
        tab.page.wait_for_timeout(300)
        tab.keys("Tab")
        tab.type("40")
        tab.keys("Control+s")
        ok = wait_until(lambda: len(updates(db)) == len(before) + 1)
        assert ok, "".join(served.log)
        assert updates(db)[-1] == (4, 40, "Nguyễn Văn Biên")

        # a viewer: the same keys save nothing
        look = Tab(browser, served.url("/?key=" + viewer))
        look.wait_for(FIRST_SCREEN)
        look.page.wait_for_timeout(500)
        look.keys("/")
        look.type("dat dai")
        look.keys("Enter")
        look.page.wait_for_timeout(500)
        look.keys("u")
        look.page.wait_for_timeout(1500)
        look.keys("Tab")
        look.type("90")
        look.keys("Control+s")
        look.page.wait_for_timeout(3000)
        assert len(updates(db)) == len(before) + 1
        assert "CHỈ XEM: Trần Thị Xem".encode() in look.received  # the read-only banner

        pids = app_processes(served.process.pid)
        assert len(pids) == 3
        rss = [rss_mib(pid) for pid in pids]
        with capsys.disabled():
            print(
                f"\nserve started → first screen in the browser {first_screen_s:.2f} s; "
                f"RSS per tab (local, editor, viewer) {', '.join(f'{r:.0f}' for r in rss)} MiB"
            )
        for t in (local, tab, look):
            t.context.close()
    finally:
        code = served.stop()
    assert code == 0, "".join(served.log)
    assert wait_until(
        lambda: children(served.process.pid) == [] if served.process.poll() is None else True
    )
    for pid in tab_pids + pids:
        assert not Path(f"/proc/{pid}").exists(), "an app process outlived serve"
    assert not Path(str(db) + "-wal").exists() or Path(str(db) + "-wal").stat().st_size == 0


def upload_folders() -> set[Path]:
    import tempfile

    return set(Path(tempfile.gettempdir()).glob("cchc-tai-len-*"))


def test_a_notice_chosen_in_the_browser(served_db, browser):
    """F2 on the import screen opens the tab's upload page; the file chosen
    there is read by the app, saved with ctrl+s, and the folder goes."""
    db = served_db
    editor = user_key(db, "Nguyễn Văn Biên", "editor")
    folders_before = upload_folders()
    served = Served(db)
    try:
        tab = Tab(browser, served.url("/?key=" + editor))
        tab.wait_for(FIRST_SCREEN)
        assert len(upload_folders() - folders_before) == 1  # the tab's own
        tab.page.wait_for_timeout(500)
        tab.keys("Control+o")
        tab.wait_for("Chọn tệp trong trình duyệt".encode())
        with tab.context.expect_page() as opened:
            tab.keys("F2")
        upload = opened.value
        upload.wait_for_load_state()
        assert "/upload/" in upload.url and "for=notice" in upload.url
        assert upload.locator("input[type=file]").get_attribute("accept") == ".txt,.docx"
        upload.set_input_files(
            "input[type=file]", str(Path(__file__).parent / "notices" / "01-hai-cot-tu-pdf.txt")
        )
        upload.click("button[type=submit]")
        upload.wait_for_selector("text=Đã nhận tệp")
        tab.wait_for(b"245/TB-VP")
        tab.page.wait_for_timeout(500)
        tab.keys("Control+s")

        def saved() -> bool:
            conn = sqlite3.connect(db)
            try:
                return bool(
                    conn.execute("SELECT 1 FROM notices WHERE number='245/TB-VP'").fetchall()
                )
            finally:
                conn.close()

        assert wait_until(saved), "".join(served.log)
        (folder,) = upload_folders() - folders_before
        assert wait_until(lambda: list(folder.iterdir()) == [])  # emptied after the import
        tab.context.close()
    finally:
        code = served.stop()
    assert code == 0, "".join(served.log)
    assert upload_folders() - folders_before == set()  # removed with the tab

"""The app process's side of a browser tab: who is signed in.

`serve` starts each tab's app (`python -m cchc_tui`) with a one-time ticket
in its environment (``CCHC_TICKET``, and ``CCHC_SERVE_URL`` to redeem it
at); the key itself never leaves the server. Kept small (no aiohttp): it is
imported at every start of the app.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
from urllib.parse import urlsplit

from cchc_tui.domain.errors import DatabaseError
from cchc_tui.session.core import User

TICKET_ENV, SERVER_ENV = "CCHC_TICKET", "CCHC_SERVE_URL"
REDEEM_PATH = "/_ticket"


def browser_user() -> User | None:
    """The signed-in user when this process is a browser tab, else None (the
    terminal app). A tab whose ticket the server refuses does not start:
    it never falls back to the local editor."""
    ticket = os.environ.pop(TICKET_ENV, None)
    if ticket is None:
        return None
    # the server stops its tabs itself (a quit message, then a signal): a
    # Ctrl+C in its console must not cut this one short
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    server = urlsplit(os.environ.get(SERVER_ENV, ""))
    try:
        conn = http.client.HTTPConnection(server.hostname or "127.0.0.1", server.port, timeout=10)
        body = json.dumps({"ticket": ticket, "pid": os.getpid()})
        conn.request("POST", REDEEM_PATH, body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        answer = json.loads(response.read() or b"{}") if response.status == 200 else None
        conn.close()
    except (OSError, ValueError) as error:
        raise DatabaseError(f"Không liên lạc được với máy chủ trình duyệt ({error}).") from None
    if not answer or answer.get("role") not in ("editor", "viewer") or not answer.get("name"):
        raise DatabaseError("Phiên trình duyệt không hợp lệ hoặc đã hết hạn; hãy mở lại trang.")
    return User(answer["name"], answer["role"], signed_in=True)

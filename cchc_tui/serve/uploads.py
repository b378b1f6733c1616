"""Files chosen in the browser for an import (DESIGN, Decisions — Browser
mode): each tab has a temporary folder and an upload page
(``/upload/<token>``) behind the same key check; what the page sends lands
in that folder, where the tab's app (``serve.inbox``) picks it up. The
importers' own limits apply: a notice (.txt, .docx) up to 5 MB, a form
(.xlsx) up to 10 MB. A refused upload writes nothing and logs one line."""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from urllib.parse import unquote

from aiohttp import BodyPartReader, web

from cchc_tui.importer.reading import MAX_FILE_BYTES as NOTICE_MAX_BYTES
from cchc_tui.reports.workbook_safety import MAX_FILE_BYTES as FORM_MAX_BYTES
from cchc_tui.serve.inbox import PARTIAL_PREFIX

log = logging.getLogger("cchc_tui.serve")

KINDS: dict[str, dict[str, int]] = {
    "notice": {".txt": NOTICE_MAX_BYTES, ".docx": NOTICE_MAX_BYTES},
    "form": {".xlsx": FORM_MAX_BYTES},
}
"""What each import takes: extension -> largest size in bytes."""
LABELS = {"notice": "thông báo, kết luận (.txt, .docx)", "form": "phiếu báo cáo (.xlsx)"}
NAME_MAX = 150
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')
_CHUNK = 64 * 1024

PAGE = Template("""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chọn tệp — Theo dõi nhiệm vụ CCHC</title>
<style>
body { font-family: sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; }
.note { color: #555; } .ok { color: #080; } .error { color: #b00; }
button { font-size: 1em; padding: .3em 1em; margin-top: 1em; }
</style></head><body>
<h1>Chọn tệp để nhập</h1>
$message
<form method="post" enctype="multipart/form-data" action="$action">
<p><label>Tệp $label: <input type="file" name="file" accept="$accept" required></label></p>
<p class="note">Tệp lớn nhất $limit. Sau khi gửi, quay lại thẻ ứng dụng: tệp được đọc ngay.</p>
<button type="submit">Gửi tệp</button>
</form>
</body></html>
""")


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def _kind(request: web.Request) -> str | None:
    kind = request.query.get("for")
    return kind if kind in KINDS else None


def accepted(kind: str | None) -> dict[str, int]:
    """Extension -> size limit for ``kind`` (every import's when None)."""
    if kind is not None:
        return KINDS[kind]
    return {suffix: size for limits in KINDS.values() for suffix, size in limits.items()}


def safe_name(raw: str | None) -> str | None:
    """``raw`` when it is a plain file name (no folder, no ``..``, no
    absolute or drive path, no control or reserved characters), else None."""
    if not raw:
        return None
    name = raw.strip()
    if (
        not name
        or len(name) > NAME_MAX
        or "/" in name
        or "\\" in name
        or ".." in name
        or name.startswith(PARTIAL_PREFIX)
        or _FORBIDDEN.search(name)
        or os.path.isabs(name)
        or name.rstrip(". ") != name
    ):
        return None
    return name


@dataclass
class Inboxes:
    """The temporary folder of each tab, by the token in its page's address."""

    folders: dict[str, tuple[int, Path]] = field(default_factory=dict)
    """token -> (the tab's user id, its folder)."""

    def open(self, user_id: int) -> tuple[str, Path]:
        token = secrets.token_urlsafe(24)
        folder = Path(tempfile.mkdtemp(prefix="cchc-tai-len-"))
        self.folders[token] = (user_id, folder)
        return token, folder

    def close(self, token: str) -> None:
        _, folder = self.folders.pop(token, (0, None))
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def close_all(self) -> None:
        for token in list(self.folders):
            self.close(token)


def _refuse(request: web.Request, status: int, reason: str, text: str) -> web.Response:
    log.warning("%s %s %s: %s", request.remote, status, request.path, reason)
    return web.Response(status=status, text=text, content_type="text/plain", charset="utf-8")


class UploadPages:
    """GET and POST ``/upload/{token}``; the gate has let the request in and
    ``user_of(request)`` is its signed-in user."""

    def __init__(self, inboxes: Inboxes, user_of) -> None:
        self.inboxes = inboxes
        self.user_of = user_of

    def routes(self) -> list:
        return [
            web.get("/upload/{token}", self.show),
            web.post("/upload/{token}", self.receive),
        ]

    def _folder(self, request: web.Request) -> Path | None:
        user_id, folder = self.inboxes.folders.get(request.match_info["token"], (None, None))
        if folder is None or user_id != self.user_of(request).id:
            return None
        return folder

    def _page(self, request: web.Request, message: str = "", status: int = 200) -> web.Response:
        kind = _kind(request)
        limits = accepted(kind)
        query = f"?for={kind}" if kind else ""
        body = PAGE.substitute(
            message=message,
            action=html.escape(f"/upload/{request.match_info['token']}{query}"),
            label=html.escape(LABELS[kind] if kind else "cần nhập"),
            accept=html.escape(",".join(limits)),
            limit=_megabytes(max(limits.values())),
        )
        return web.Response(status=status, text=body, content_type="text/html", charset="utf-8")

    async def show(self, request: web.Request) -> web.Response:
        if self._folder(request) is None:
            return _refuse(request, 404, "unknown upload page", "Trang chọn tệp không còn.")
        return self._page(request)

    async def receive(self, request: web.Request) -> web.Response:
        folder = self._folder(request)
        if folder is None:
            return _refuse(request, 404, "unknown upload page", "Trang chọn tệp không còn.")
        origin = request.headers.get("Origin")
        expected = f"{'https' if request.secure else 'http'}://{request.host}"
        if origin is not None and origin != expected:
            return _refuse(request, 403, f"upload from origin {origin!r}", "Không được phép.")
        limits = accepted(_kind(request))
        largest = max(limits.values())
        if request.content_length is not None and request.content_length > largest + _CHUNK:
            return self._refusal(
                request, 413, "too large", f"Tệp quá lớn: tối đa {_megabytes(largest)}."
            )
        try:
            reader = await request.multipart()
            part = await reader.next()
            while part is not None and (
                not isinstance(part, BodyPartReader) or part.name != "file"
            ):
                await part.release()
                part = await reader.next()
        except (ValueError, AssertionError, KeyError) as error:  # not a multipart form
            return self._refusal(request, 400, f"bad form ({error})", "Yêu cầu không hợp lệ.")
        if part is None:
            return self._refusal(request, 400, "no file", "Chưa chọn tệp.")
        # browsers send the name as it is (only quotes and line ends
        # %-encoded), aiohttp's client %-encodes it all: judged decoded
        raw = unquote(part.filename or "")
        name = safe_name(raw)
        if name is None:
            return self._refusal(
                request, 400, f"file name {raw!r}", "Tên tệp không hợp lệ (không được có thư mục)."
            )
        suffix = Path(name).suffix.lower()
        if suffix not in limits:
            return self._refusal(
                request,
                415,
                f"type {suffix or '(none)'} of {name!r}",
                f"Chỉ nhận tệp {', '.join(limits)}.",
            )
        data = bytearray()
        while chunk := await part.read_chunk(_CHUNK):
            data += chunk
            if len(data) > limits[suffix]:
                return self._refusal(
                    request,
                    413,
                    f"{name!r} over {limits[suffix]} bytes",
                    f"Tệp {name} quá lớn: tối đa {_megabytes(limits[suffix])}.",
                )
        if not data:
            return self._refusal(request, 400, f"{name!r} empty", f"Tệp {name} rỗng.")
        target = folder / name
        if target.resolve().parent != folder.resolve():
            return self._refusal(request, 400, f"path {raw!r}", "Tên tệp không hợp lệ.")
        partial = folder / f"{PARTIAL_PREFIX}{secrets.token_hex(8)}{suffix}"
        try:
            partial.write_bytes(data)
            os.replace(partial, target)  # the app sees the file whole, or not at all
        except OSError as error:
            with contextlib.suppress(OSError):
                partial.unlink()
            return self._refusal(request, 500, f"write failed ({error})", "Không lưu được tệp.")
        log.info("%s: nhận tệp %s (%d byte)", request.remote, name, len(data))
        return self._page(
            request,
            f'<p class="ok">Đã nhận tệp <b>{html.escape(name)}</b>. Quay lại thẻ ứng dụng; '
            "có thể đóng thẻ này.</p>",
        )

    def _refusal(self, request: web.Request, status: int, reason: str, text: str) -> web.Response:
        """One line in the log; the page again, with the reason."""
        log.warning("%s %s %s: %s", request.remote, status, request.path, reason)
        return self._page(request, f'<p class="error">{html.escape(text)}</p>', status)

"""The app process's side of an upload: the tab's own temporary folder.

`serve` creates a folder for each tab and passes it in the tab's
environment (``CCHC_UPLOADS``), with the address of the tab's upload page
(``CCHC_UPLOAD_URL``). The import screens open that page in the browser,
watch the folder, read the file that arrives, and delete it afterwards.
Kept small (no aiohttp, no textual): the screens import it.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

UPLOADS_ENV, UPLOAD_URL_ENV = "CCHC_UPLOADS", "CCHC_UPLOAD_URL"
PARTIAL_PREFIX = "."
"""A file being written (named ``.something``): not yet arrived."""


@dataclass(frozen=True)
class Arrival:
    """A file in the folder, as seen once (a new upload has a new stamp)."""

    path: Path
    stamp: tuple[int, int]  # (modification time in ns, size)


@dataclass(frozen=True)
class Inbox:
    folder: Path
    url: str

    def page(self, kind: str) -> str:
        """The upload page for ``kind`` ("notice" or "form")."""
        return f"{self.url}?{urlencode({'for': kind})}"

    def latest(self, suffixes: tuple[str, ...]) -> Arrival | None:
        """The newest complete file with one of ``suffixes``, or None."""
        best: Arrival | None = None
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return None
        for entry in entries:
            if entry.name.startswith(PARTIAL_PREFIX) or not entry.is_file(follow_symlinks=False):
                continue
            if not entry.name.lower().endswith(suffixes):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            arrival = Arrival(Path(entry.path), (info.st_mtime_ns, info.st_size))
            if best is None or arrival.stamp > best.stamp:
                best = arrival
        return best

    def discard(self, path: Path | None = None) -> None:
        """Delete ``path`` (a file of this folder), or every file in it."""
        try:
            targets = [path] if path is not None else list(self.folder.iterdir())
        except OSError:
            return
        for target in targets:
            if target.parent.resolve() == self.folder.resolve() and target.is_file():
                with contextlib.suppress(OSError):
                    target.unlink()


def browser_inbox(signed_in: bool) -> Inbox | None:
    """The tab's upload folder when this app is a browser tab with one."""
    folder, url = os.environ.get(UPLOADS_ENV), os.environ.get(UPLOAD_URL_ENV)
    if not signed_in or not folder or not url or not Path(folder).is_dir():
        return None
    return Inbox(Path(folder), url)

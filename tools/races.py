"""Races and kills beyond the writer lanes of ``reliability.py``: each round
runs real processes against one file and checks what the file then holds.

- ``form_vs_writer``: a filled progress form is imported while another
  process records progress on the same directive and agency. Wrong: the
  form's row applied over a save committed after the form was read.
- ``notice_twice``: two processes import the same notice at the same
  moment. Wrong: the notice saved twice (without --force).
- ``restore_vs_form``: a form is opened, the file is restored from a copy
  (same ids and versions), then the form saves. Wrong: the save lands in the
  restored content.
- ``restore_killed``: a restore (over a sound or a damaged file) is killed
  at a random moment. Wrong: the next start opens something that is neither
  the old content nor the copy, or silently a new database; or the restore,
  run again, does not give the copy.

Run through ``python tools/reliability.py`` (see its --races option).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "27/11/2026"
AGENCY = (
    "Bộ phận một cửa huyện"  # directive 1 is the first row of its form (a member of a lead group)
)
NOTICE = """ỦY BAN NHÂN DÂN
HUYỆN THỬ NGHIỆM

Số: {number}/TB-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Thử Nghiệm, ngày 20 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND huyện về cải cách hành chính

Chủ tịch UBND huyện kết luận như sau:

1. Phòng Nội vụ chủ trì rà soát hồ sơ cải cách hành chính, hoàn thành trước ngày 30/12/2026.

2. Phòng Tư pháp chủ trì kiểm tra văn bản quy phạm pháp luật, hoàn thành trong tháng 12/2026.
"""


@dataclass
class RaceResult:
    """What the rounds of one race found."""

    name: str
    rounds: int = 0
    wrong: int = 0
    lost: int = 0
    duplicates: int = 0
    failures: list[str] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    @property
    def ok(self) -> bool:
        return not (self.wrong or self.lost or self.duplicates or self.failures)

    def line(self) -> str:
        seen = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        return (
            f"{self.name}: {self.rounds} rounds ({seen}); wrong {self.wrong}, lost {self.lost}, "
            f"duplicate {self.duplicates}, failures {len(self.failures)}"
        )


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    """The real CLI in this process."""
    from cchc_tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db), "--today", TODAY, *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _child(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(HERE / "races.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _wait_until(moment: float) -> None:
    while time.time() < moment:
        time.sleep(0.0005)


def _value(db: Path, sql: str, params=()):
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute(sql, params).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


# -- form import against a writer (item 3) --------------------------------------------------
def _filled_form(db: Path, folder: Path, n: int, progress: int) -> Path:
    import openpyxl

    from cchc_tui.reports import form_xlsx
    from cchc_tui.services.forms import make_form_workbook
    from cchc_tui.services.opening import open_database

    store = open_database(db)
    try:
        _, data = make_form_workbook(store, AGENCY, date(2026, 11, 27))
    finally:
        store.close()
    path = folder / f"phieu-{n}.xlsx"
    path.write_bytes(data)
    wb = openpyxl.load_workbook(path)
    keys = [c[0] for c in form_xlsx.TASK_COLUMNS]
    wb[form_xlsx.TASKS_SHEET].cell(row=6, column=keys.index("new_progress") + 1, value=progress)
    wb.save(path)
    return path


def form_vs_writer(db: Path, rounds: int, rng: random.Random) -> RaceResult:
    result = RaceResult("form_vs_writer")
    folder = db.parent / "forms"
    folder.mkdir(exist_ok=True)
    for n in range(rounds):
        form = _filled_form(db, folder, n, 10 + n % 80)
        mark = _value(db, "SELECT coalesce(max(id), 0) FROM updates")
        start = time.time() + 0.4
        importer = _child("--import-form", str(db), str(form), f"{start:.4f}")
        writer = _child(
            "--update", str(db), "1", str(50 + n % 40), f"{start + rng.uniform(0, 0.5):.4f}"
        )
        for proc in (importer, writer):
            _, err = proc.communicate(timeout=120)
            if proc.returncode not in (0, 2):
                result.failures.append(err.strip().splitlines()[-1:][0] if err.strip() else "?")
        result.rounds += 1
        applied = _value(
            db,
            "SELECT id FROM updates WHERE origin_key LIKE ? AND id > ?",
            ["form:%:nhiem_vu:1", mark],
        )
        if applied is None:
            result.count("conflict")
            continue
        between = _value(
            db,
            "SELECT count(*) FROM updates WHERE directive_id = 1 AND id > ? AND id < ? "
            "AND origin_key IS NULL",
            [mark, applied],
        )
        forced = _value(db, "SELECT source FROM updates WHERE id = ?", [applied]) or ""
        if between and "xác nhận xung đột" not in forced:
            result.wrong += 1
        result.count("applied after" if between else "applied first")
        # the next round's form reads the state left here
    return result


# -- one notice imported twice at once (item 4) ----------------------------------------------
def notice_twice(db: Path, rounds: int, rng: random.Random) -> RaceResult:
    result = RaceResult("notice_twice")
    folder = db.parent / "notices"
    folder.mkdir(exist_ok=True)
    for n in range(rounds):
        number = 500 + n
        path = folder / f"tb-{number}.txt"
        path.write_text(NOTICE.format(number=number), encoding="utf-8")
        start = time.time() + 0.4
        procs = [
            _child("--import-notice", str(db), str(path), f"{start + rng.uniform(0, 0.01):.4f}")
            for _ in range(2)
        ]
        codes = []
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            codes.append(proc.returncode)
            if proc.returncode not in (0, 2):
                result.failures.append(err.strip().splitlines()[-1:][0] if err.strip() else "?")
        result.rounds += 1
        saved = _value(db, "SELECT count(*) FROM notices WHERE number = ?", [f"{number}/TB-UBND"])
        if saved > 1:
            result.duplicates += 1
        elif saved == 0:
            result.lost += 1
        result.count("one saved, one refused" if sorted(codes) == [0, 2] else f"codes {codes}")
    return result


# -- a form open across a restore (item 5) ---------------------------------------------------
def restore_vs_form(db: Path, rounds: int, rng: random.Random) -> RaceResult:
    result = RaceResult("restore_vs_form")
    for n in range(rounds):
        copy = db.parent / f"copy-{n}.db"
        code, _, err = cli(db, "backup", str(copy))
        if code != 0:
            result.failures.append(err.strip())
            continue
        go = db.parent / f"go-{n}"
        note = f"race form {n}"
        form = _child("--open-form", str(db), "3", note, str(go))
        assert form.stdout is not None
        ready = form.stdout.readline().strip()
        if ready != "READY":
            result.failures.append(f"form did not open: {ready} {form.stderr.read()[-200:]}")
            form.kill()
            continue
        time.sleep(rng.uniform(0, 0.05))
        code, _, err = cli(db, "restore", str(copy))
        if code != 0:
            result.failures.append(err.strip())
        go.touch()
        out, err = form.communicate(timeout=120)
        result.rounds += 1
        landed = _value(db, "SELECT count(*) FROM updates WHERE note = ?", [note])
        if landed:
            result.wrong += 1
        result.count(out.strip() or "no answer")
        copy.unlink(missing_ok=True)
        go.unlink(missing_ok=True)
    return result


# -- a restore killed (items 6 and 7) --------------------------------------------------------
def _updates_count(db: Path) -> int | None:
    try:
        return _value(db, "SELECT count(*) FROM updates")
    except sqlite3.Error:
        return None


def restore_killed(db: Path, rounds: int, rng: random.Random) -> RaceResult:
    result = RaceResult("restore_killed")
    copy = db.parent / "restore-source.db"
    cli(db, "backup", str(copy))
    in_copy = _updates_count(copy)
    timings: list[float] = []
    for n in range(rounds):
        # the live content differs from the copy by a few updates
        for i in range(3):
            cli(db, "update", str(1 + (n + i) % 7), "--note", f"race live {n}.{i}")
        live_count = _updates_count(db)
        damaged = n % 2 == 1
        if damaged:
            with contextlib.suppress(FileNotFoundError):
                db.with_name(db.name + "-wal").unlink()
                db.with_name(db.name + "-shm").unlink()
            data = db.read_bytes()
            db.write_bytes(data[: len(data) // 2])
        typical = sorted(timings)[len(timings) // 2] if timings else 0.3
        started = time.monotonic()
        proc = _child("--restore", str(db), str(copy))
        time.sleep(rng.uniform(0, typical * 2.5))
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=120)
        if proc.returncode == 0:
            timings.append(time.monotonic() - started)
        result.rounds += 1
        code, out, err = cli(db, "list", "--format", "json")
        killed = proc.returncode == -signal.SIGKILL
        state = "killed" if killed else "finished"
        if code == 0:
            count = _updates_count(db)
            if count == in_copy:
                result.count(f"{state}: copy in place")
            elif count == live_count and not damaged:
                result.count(f"{state}: old content kept")
            else:
                result.wrong += 1
                result.count(f"{state}: unexpected content ({count})")
                continue
        else:
            # refused at start (interrupted restore, or the damaged file):
            # never a new empty database; the restore run again must work
            if "restore" not in err:
                result.wrong += 1
            code, _, err = cli(db, "restore", str(copy))
            if code != 0 or _updates_count(db) != in_copy:
                result.lost += 1
                result.failures.append(err.strip())
                continue
            result.count(f"{state}: refused at start, restore run again")
    return result


RACES = {
    "form_vs_writer": form_vs_writer,
    "notice_twice": notice_twice,
    "restore_vs_form": restore_vs_form,
    "restore_killed": restore_killed,
}


def run_races(db: Path, rounds: int, seed: int | None = None) -> list[RaceResult]:
    """Every race, ``rounds`` rounds each, on the sample database ``db``."""
    rng = random.Random(seed)
    from cchc_tui.services.opening import open_database

    open_database(db).close()
    return [race(db, rounds, rng) for race in RACES.values()]


# -- children -------------------------------------------------------------------------------
def _child_main(argv: list[str]) -> int:
    kind, db = argv[0], Path(argv[1])
    if kind == "--import-form":
        _wait_until(float(argv[3]))
        return cli(db, "import-updates", argv[2])[0]
    if kind == "--update":
        _wait_until(float(argv[4]))
        return cli(db, "update", argv[2], "--agency", AGENCY, "--progress", argv[3])[0]
    if kind == "--import-notice":
        _wait_until(float(argv[3]))
        code, _, err = cli(db, "import-notice", argv[2])
        sys.stderr.write(err)
        return code
    if kind == "--restore":
        return cli(db, "restore", argv[2])[0]
    if kind == "--open-form":
        return _open_form(db, int(argv[2]), argv[3], Path(argv[4]))
    raise SystemExit(f"unknown child {kind}")


def _open_form(db: Path, directive_id: int, note: str, go: Path) -> int:
    """What a progress form does: read the directive (and the generation) at
    open, save later against them."""
    from cchc_tui.domain.errors import UserError
    from cchc_tui.services.opening import open_database
    from cchc_tui.services.updates import record_update

    store = open_database(db)
    try:
        generation = store.generation()
        version = store.value("SELECT version FROM directives WHERE id = ?", [directive_id])
        print("READY", flush=True)
        while not go.exists():
            time.sleep(0.005)
        try:
            with store.expecting_generation(generation):
                record_update(
                    store,
                    directive_id,
                    today=date(2026, 11, 27),
                    note=note,
                    expected_version=version,
                )
        except UserError:
            print("REFUSED", flush=True)
            return 0
        print("SAVED", flush=True)
        return 0
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))

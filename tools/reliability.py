"""Crash and concurrency harness: ``python tools/reliability.py`` (from a
checkout, with the project installed).

Runs ``cchc-tui update`` loops in concurrent subprocesses ("writers"), kills
about a third of the runs with SIGKILL at random moments, then checks that
the file is intact (``PRAGMA integrity_check``), that every update whose id a
run printed before it died (an acknowledged write) is in the database with the
note that run gave it, and that no run that was not killed failed (for
example with "database is locked").

Each run is one process that calls the real CLI entry point ``updates`` times
in a row (each call opens the file, records one update in one transaction,
prints its id and closes the file), so a kill can land anywhere: while
opening, inside a transaction, during a commit or a WAL checkpoint.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACK_PREFIX = "ACK "
# Directives of the seeded notice (ids 1–7)
DIRECTIVE_IDS = range(1, 8)


CONFIRMATIONS = ("Đã ghi cập nhật số ", "Giữ nguyên: ")
"""What `cchc-tui update` says on stderr when all went well (its update id
goes to stdout, for scripts)."""


def unexpected_stderr(text: str) -> list[str]:
    """The lines of ``text`` that are not the CLI's confirmations."""
    return [
        line for line in text.splitlines() if line.strip() and not line.startswith(CONFIRMATIONS)
    ]


@dataclass
class RunResult:
    """One subprocess run of an update loop."""

    writer: int
    run: int
    selected_for_kill: bool
    killed: bool = False
    returncode: int | None = None
    acks: list[tuple[int, str]] = field(default_factory=list)
    stderr: str = ""
    seconds: float = 0.0
    reads: int = 0  # reader runs: successful list/show/backup commands


@dataclass
class Report:
    """What the harness found."""

    writers: int
    runs: int
    results: list[RunResult]  # writer runs, then reader processes
    missing: list[tuple[int, str]]
    integrity: str
    foreign_keys_ok: bool
    rows_total: int
    drifted: list[int] = field(default_factory=list)  # see check_rollups

    @property
    def kills(self) -> int:
        return sum(r.killed for r in self.results)

    @property
    def acknowledged(self) -> int:
        return sum(len(r.acks) for r in self.results)

    @property
    def unkilled_failures(self) -> list[RunResult]:
        """Runs not killed that failed: an exit code, or anything on stderr
        but the CLI's own confirmations of what it wrote."""
        return [
            r
            for r in self.results
            if not r.killed and (r.returncode != 0 or unexpected_stderr(r.stderr))
        ]

    @property
    def ok(self) -> bool:
        return (
            not self.missing
            and self.integrity == "ok"
            and self.foreign_keys_ok
            and not self.drifted
            and not self.unkilled_failures
        )

    def lines(self) -> list[str]:
        lines = [
            f"writers: {self.writers} × runs: {self.runs} = "
            f"{sum(r.writer >= 0 for r in self.results)} runs",
            f"kills: {self.kills}",
            f"acknowledged writes: {self.acknowledged}",
            f"update rows written by the harness: {self.rows_total}",
            f"reader commands (list/show/backup) meanwhile: {sum(r.reads for r in self.results)}",
            f"lost writes: {len(self.missing)}",
            f"unkilled failures: {len(self.unkilled_failures)}",
            f"integrity: {self.integrity}",
            f"foreign keys: {'ok' if self.foreign_keys_ok else 'VIOLATED'}",
            "roll-ups match a replay of the updates: "
            + ("yes" if not self.drifted else f"NO (directives {self.drifted})"),
        ]
        for r in self.unkilled_failures[:5]:
            tail = unexpected_stderr(r.stderr)[-1:] or [f"exit {r.returncode}"]
            who = f"writer {r.writer} run {r.run}" if r.writer >= 0 else f"reader {-1 - r.writer}"
            lines.append(f"  {who}: exit {r.returncode}: {tail[0]}")
        for update_id, note in self.missing[:5]:
            lines.append(f"  lost: update {update_id} ({note})")
        lines.append("RESULT: " + ("PASS" if self.ok else "FAIL"))
        return lines


# -- the child: one run ------------------------------------------------------
def child_main(db: str, writer: int, run: int, updates: int, seed: int) -> int:
    """Record ``updates`` updates through the CLI, printing ``ACK id note``
    after each one the CLI acknowledged."""
    from cchc_tui.cli import main

    rng = random.Random(seed)
    failures = 0
    for i in range(updates):
        note = f"reliability w{writer} r{run} u{i}"
        argv = ["--db", db, "update", str(rng.choice(DIRECTIVE_IDS)), "--note", note]
        kind = rng.randrange(4)
        if kind == 1:
            argv += ["--status", "dang_thuc_hien", "--progress", str(rng.randint(1, 99))]
        elif kind == 2:
            argv += ["--progress", str(rng.randint(0, 100))]
        elif kind == 3:
            argv += ["--status", "hoan_thanh"]
        out = io.StringIO()
        code = main(argv, out=out, err=sys.stderr)
        if code != 0:
            failures += 1
            continue
        sys.stdout.write(f"{ACK_PREFIX}{out.getvalue().strip()} {note}\n")
        sys.stdout.flush()
    return 1 if failures else 0


def reader_main(db: str, stop: str, seed: int) -> int:
    """Until ``stop`` exists: list, show and back up through the CLI while
    the writers work (and die); prints ``READ`` after each success."""
    from cchc_tui.cli import main
    from cchc_tui.services.backup import check_backup_file

    rng = random.Random(seed)
    failures = 0
    copies = Path(stop).parent / "reader-copies"
    i = 0
    while not os.path.exists(stop):
        i += 1
        if i % 5 == 0:
            target = copies / f"copy-{os.getpid()}-{i}.db"
            argv = ["--db", db, "backup", str(target)]
        elif i % 2:
            argv = ["--db", db, "list", "--format", "json"]
        else:
            argv = ["--db", db, "show", str(rng.choice(DIRECTIVE_IDS)), "--format", "json"]
        out = io.StringIO()
        code = main(argv, out=out, err=sys.stderr)
        if code == 0 and argv[2] == "backup":
            try:
                check_backup_file(target)
                target.unlink()
            except Exception as exc:  # noqa: BLE001 - reported as a failure
                sys.stderr.write(f"backup copy unusable: {exc}\n")
                code = 1
        if code != 0:
            failures += 1
            continue
        sys.stdout.write("READ\n")
        sys.stdout.flush()
    return 1 if failures else 0


# -- the parent ----------------------------------------------------------------
def _start(db: Path, writer: int, run: int, updates: int, seed: int) -> subprocess.Popen:
    command = [
        sys.executable,
        str(HERE / "reliability.py"),
        "--child",
        "--db",
        str(db),
        "--writer",
        str(writer),
        "--run",
        str(run),
        "--updates-per-run",
        str(updates),
        "--seed",
        str(seed),
    ]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        bufsize=1,
    )


def _one_run(
    db: Path, writer: int, run: int, updates: int, kill: bool, rng: random.Random
) -> RunResult:
    result = RunResult(writer, run, kill)
    started = time.monotonic()
    proc = _start(db, writer, run, updates, rng.randrange(2**31))
    acked = threading.Event()
    ack_times: list[float] = []

    def read_stdout() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(ACK_PREFIX):
                update_id, note = line[len(ACK_PREFIX) :].rstrip("\n").split(" ", 1)
                result.acks.append((int(update_id), note))
                ack_times.append(time.monotonic())
                acked.set()

    def read_stderr() -> None:
        assert proc.stderr is not None
        result.stderr = proc.stderr.read()

    readers = [threading.Thread(target=read_stdout), threading.Thread(target=read_stderr)]
    for t in readers:
        t.start()
    if kill:
        # Wait for a random number of acknowledged updates, then a random
        # part of one update's duration: the kill lands inside the next one
        # (opening, in the transaction, committing or checkpointing).
        wait_for = rng.randrange(updates)
        while len(result.acks) < wait_for and proc.poll() is None:
            acked.wait(0.05)
            acked.clear()
        gaps = [b - a for a, b in zip(ack_times, ack_times[1:], strict=False)]
        typical = statistics.median(gaps) if gaps else 0.05
        time.sleep(rng.uniform(0, typical * 1.2))
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for t in readers:
        t.join()
    result.returncode = proc.returncode
    result.killed = proc.returncode == -signal.SIGKILL
    result.seconds = time.monotonic() - started
    return result


def _reader(db: Path, index: int, stop: Path, seed: int, out: list) -> None:
    result = RunResult(writer=-1 - index, run=0, selected_for_kill=False)
    command = [sys.executable, str(HERE / "reliability.py"), "--reader", "--db", str(db)]
    command += ["--stop", str(stop), "--seed", str(seed)]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    result.returncode = done.returncode
    result.stderr = done.stderr
    result.reads = done.stdout.count("READ\n")
    result.seconds = time.monotonic() - started
    out.append(result)


def _writer_lane(
    db: Path, writer: int, runs: int, updates: int, kill_runs: set[int], seed: int, out: list
) -> None:
    rng = random.Random(seed)
    for run in range(runs):
        out.append(_one_run(db, writer, run, updates, run in kill_runs, rng))


def check_rollups(db: Path) -> list[int]:
    """Directives whose stored state differs from a replay of their updates
    (a half-applied update would show here). Checked in a transaction that
    is rolled back."""
    from cchc_tui.services.opening import open_database
    from cchc_tui.services.tracking import refold

    store = open_database(db)
    drifted = []
    try:
        store.conn.execute("BEGIN IMMEDIATE")
        try:
            for directive_id in [r["id"] for r in store.rows("SELECT id FROM directives")]:
                before = store.rows("SELECT * FROM directives WHERE id=?", [directive_id])
                changes = refold(store, directive_id)
                after = store.rows("SELECT * FROM directives WHERE id=?", [directive_id])
                if changes or before != after:
                    drifted.append(directive_id)
        finally:
            store.conn.execute("ROLLBACK")
    finally:
        store.close()
    return drifted


def check_database(db: Path, results: list[RunResult]) -> tuple[list, str, bool, int]:
    """Integrity, foreign keys, and every acknowledged update present with
    its note."""
    conn = sqlite3.connect(db)
    try:
        integrity = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
        fk_ok = not conn.execute("PRAGMA foreign_key_check").fetchall()
        notes = dict(conn.execute("SELECT id, note FROM updates WHERE note LIKE 'reliability %'"))
    finally:
        conn.close()
    missing = [
        (update_id, note)
        for r in results
        for update_id, note in r.acks
        if notes.get(update_id) != note
    ]
    return missing, integrity, fk_ok, len(notes)


def run_harness(
    db: Path,
    *,
    writers: int = 2,
    runs: int = 30,
    kill_fraction: float = 0.33,
    updates_per_run: int = 8,
    readers: int = 1,
    seed: int | None = None,
) -> Report:
    """Run ``writers`` concurrent lanes of ``runs`` runs each; about
    ``kill_fraction`` of all runs are SIGKILLed. ``readers`` processes list,
    show and back up meanwhile (never killed; any failure counts)."""
    from cchc_tui.services.opening import open_database

    rng = random.Random(seed)
    open_database(db).close()  # create and seed before the writers start
    total = writers * runs
    chosen = set(rng.sample(range(total), round(total * kill_fraction)))
    kill_sets = [{i % runs for i in chosen if i // runs == w} for w in range(writers)]
    lanes: list[list[RunResult]] = [[] for _ in range(writers)]
    threads = [
        threading.Thread(
            target=_writer_lane,
            args=(db, w, runs, updates_per_run, kill_sets[w], rng.randrange(2**31), lanes[w]),
        )
        for w in range(writers)
    ]
    stop = db.with_name(db.name + ".reliability-stop")
    stop.unlink(missing_ok=True)
    reader_results: list[RunResult] = []
    reader_threads = [
        threading.Thread(target=_reader, args=(db, i, stop, rng.randrange(2**31), reader_results))
        for i in range(readers)
    ]
    for t in threads + reader_threads:
        t.start()
    for t in threads:
        t.join()
    stop.touch()
    for t in reader_threads:
        t.join()
    stop.unlink(missing_ok=True)
    shutil.rmtree(db.parent / "reader-copies", ignore_errors=True)
    results = [r for lane in lanes for r in lane] + reader_results
    missing, integrity, fk_ok, rows = check_database(db, results)
    drifted = check_rollups(db) if integrity == "ok" else []
    return Report(writers, runs, results, missing, integrity, fk_ok, rows, drifted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tools/reliability.py",
        description="Crash and concurrency harness for the cchc-tui database.",
    )
    parser.add_argument("--writers", type=int, default=2, help="concurrent writer processes")
    parser.add_argument("--runs", type=int, default=30, help="runs per writer")
    parser.add_argument("--kill-fraction", type=float, default=0.33)
    parser.add_argument("--updates-per-run", type=int, default=8)
    parser.add_argument("--readers", type=int, default=1, help="concurrent reader processes")
    parser.add_argument(
        "--races",
        type=int,
        default=10,
        help="rounds of each race (form vs writer, notice twice, restore vs form, "
        "restore killed); 0: none",
    )
    parser.add_argument("--db", help="database file (default: a new temporary file)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reader", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--stop", help=argparse.SUPPRESS)
    parser.add_argument("--writer", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--run", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.db, args.writer, args.run, args.updates_per_run, args.seed or 0)
    if args.reader:
        return reader_main(args.db, args.stop, args.seed or 0)
    with tempfile.TemporaryDirectory(prefix="cchc-reliability-") as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "cchc.db"
        started = time.monotonic()
        report = run_harness(
            db,
            writers=args.writers,
            runs=args.runs,
            kill_fraction=args.kill_fraction,
            updates_per_run=args.updates_per_run,
            readers=args.readers,
            seed=args.seed,
        )
        for line in report.lines():
            print(line)
        races_ok = True
        if args.races:
            from races import run_races

            print("races (each round: real processes on one file):")
            for race in run_races(db.with_name("races.db"), args.races, args.seed):
                print("  " + race.line())
                for failure in race.failures[:3]:
                    print(f"    failure: {failure}")
                races_ok = races_ok and race.ok
            print("RACES: " + ("PASS" if races_ok else "FAIL"))
        print(f"seconds: {time.monotonic() - started:.1f}")
    return 0 if report.ok and races_ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Time each step of sendsec's core on a demo board: `python benchmarks/steps.py [--scale 10]`.

Builds the demo board at the given scale in a temporary folder (nothing is
written anywhere else: backups go to a temporary data folder too), then times
opening the file, each register, the summary, the checks and a full set of
papers for the next meeting, and prints a table. Each step is run
`--repeat` times and the best and median times are shown; the build itself
is timed once. No step asserts a time: read the table against the design's
bars (window up in about a second, a paper set in a few seconds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def _optional(module: str, name: str) -> Callable | None:
    """Return module.name if that part of sendsec exists yet, else None."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def _size(result: Any) -> str:
    if isinstance(result, (list, tuple, dict)):
        return f"{len(result):,}"
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="demo size (1 = a year's board)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step (best shown)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 22),
                        help="the demo's today (YYYY-MM-DD)")
    parser.add_argument("--no-papers", action="store_true", help="skip the paper set")
    args = parser.parse_args(argv)

    build_demo = _optional("sendsec.demo.world", "build_demo")
    if build_demo is None:
        print("bench: sendsec.demo.world.build_demo does not exist yet; nothing to measure.")
        return 0

    with tempfile.TemporaryDirectory(prefix="sendsec-bench-") as tmp:
        tmp_path = Path(tmp)
        os.environ["SENDSEC_DATA_DIR"] = str(tmp_path / "data")  # keep backups out of real dirs
        from sendsec.reports.summary import summary
        from sendsec.services import registers
        from sendsec.services.board import Board

        run_checks = _optional("sendsec.reports.checks", "run_checks")
        generate = None if args.no_papers else _optional("sendsec.papers", "generate")
        resolve_meeting = _optional("sendsec.papers", "resolve_meeting")
        today = args.today
        path = tmp_path / f"demo x{args.scale}.sqlite"

        rows: list[tuple[str, list[float], str]] = []
        start = time.perf_counter()
        build_demo(path, today, scale=args.scale)
        rows.append(("build demo board (once)", [time.perf_counter() - start], ""))
        size_mb = path.stat().st_size / 1_000_000

        times, _ = _timed(lambda: Board.open(path, readonly=True, backup=False).close(),
                          args.repeat)
        rows.append(("open (read-only)", times, ""))
        times, _ = _timed(lambda: Board.open(path).close(), args.repeat)
        rows.append(("open (writable, daily backup)", times, ""))

        with Board.open(path, readonly=True, backup=False) as board:
            steps: list[tuple[str, Callable[[], Any]]] = [
                ("registers.cycle", lambda: registers.cycle(board, today)),
                ("registers.action_rows", lambda: registers.action_rows(board, today)),
                ("registers.risk_rows", lambda: registers.risk_rows(board, today)),
                ("registers.measure_rows", lambda: registers.measure_rows(board, today)),
                ("registers.meeting_rows", lambda: registers.meeting_rows(board, today)),
                ("registers.people_rows", lambda: registers.people_rows(board)),
                ("registers.impact_rows", lambda: registers.impact_rows(board)),
                ("summary", lambda: summary(board, today)),
                ("change_log (all)", lambda: board.change_log()),
            ]
            if run_checks is not None:
                steps.append(("checks.run_checks", lambda: run_checks(board, today)))
            for name, fn in steps:
                times, result = _timed(fn, args.repeat)
                rows.append((name, times, _size(result)))
            counts = summary(board, today)["counts"]
            updates = len(board.rows("action_update"))

            if generate is not None and resolve_meeting is not None:
                meeting = resolve_meeting(board, "next", today)
                paper_times: list[float] = []
                cpu_times: list[float] = []
                written: list = []
                for n in range(max(2, args.repeat + 1)):
                    t0, c0 = time.perf_counter(), time.process_time()
                    written = generate(board, meeting["id"], tmp_path / f"papers-{n}", today,
                                       warn=lambda _line: None)
                    paper_times.append(time.perf_counter() - t0)
                    cpu_times.append(time.process_time() - c0)
                # The first set draws every chart; later sets in the same session reuse the
                # measure charts whose figures did not change (charts.measure_png's cache).
                rows.append(("papers.generate (first in session)", paper_times[:1],
                             f"{len(written)} files, CPU {cpu_times[0]:.2f} s"))
                rows.append(("papers.generate (again)", paper_times[1:],
                             f"{len(written)} files, CPU {min(cpu_times[1:]):.2f} s"))
            elif not args.no_papers:
                rows.append(("papers.generate", [], "not built yet"))
            if run_checks is None:
                rows.append(("checks.run_checks", [], "not built yet"))

    print(f"sendsec benchmark: demo board at scale {args.scale}, today {today}, "
          f"best of {args.repeat}")
    print(f"file {size_mb:.1f} MB; {counts['actions']:,} actions, {updates:,} progress updates, "
          f"{counts['risks']:,} risks, {counts['measures']:,} measures, "
          f"{counts['meetings']:,} meetings, {counts['people']:,} people")
    print()
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  {'best s':>8}  {'median s':>8}  rows")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 8}  ----")
    for name, times, note in rows:
        if times:
            print(f"{name:<{width}}  {min(times):>8.3f}  {statistics.median(times):>8.3f}  {note}")
        else:
            print(f"{name:<{width}}  {'-':>8}  {'-':>8}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""sendsec's speed against its floor: `python benchmarks/bench.py [--scale 1 10] [--repeat 3]`.

Each job is run as whole processes, sendsec and its floor alternately, `--repeat` times, in
one run on one machine, and the table gives the median of each and their ratio. A floor is
the same work done by the libraries with no logic (benchmarks/jobs/): the window, a paper
set, importing a plan of 10,000 actions, a snapshot. CPU is the processes' user + system
time (this machine may be shared, so wall time alone misleads); wall time is shown beside it.
Every run starts cold: fresh data and matplotlib cache folders, a fresh output folder.
Tests never assert on time; this is where speed is read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
JOBS = REPO / "benchmarks" / "jobs"
TODAY = dt.date(2026, 11, 22)
PLAN_ROWS = 10_000
PYCACHE = Path(tempfile.gettempdir()) / "sendsec-bench-pycache"


@dataclass
class Job:
    """One row of the table: a name, and how to run sendsec's and the floor's process once
    (each returns the command; `prepare` runs before each, untimed). sendsec's side is told
    which code it runs ('now' or 'before'): each works on a board its own code built, since
    a board made by newer code is refused by older code."""

    name: str
    floor_name: str
    app: Callable[[Path, str], list[str]]
    floor: Callable[[Path], list[str]]
    prepare: Callable[[Path, str], None] = lambda run, side: None
    app_cpu: list[float] = field(default_factory=list)
    app_wall: list[float] = field(default_factory=list)
    floor_cpu: list[float] = field(default_factory=list)
    floor_wall: list[float] = field(default_factory=list)
    before_cpu: list[float] = field(default_factory=list)
    before_wall: list[float] = field(default_factory=list)
    #: for a job whose output says when its first result is done (the snapshot prints the
    #: sealed file and its checksum first): after how many lines of output, and its name
    mark_lines: int = 0
    mark_name: str = ""
    #: CPU and wall time at that point, by side ('before', 'now', 'floor'): a process that
    #: prints nothing before it ends (the floor, older code) is done at its end
    marks: dict[str, tuple[list[float], list[float]]] = field(default_factory=dict)


def _env(run: Path, code: Path = REPO) -> dict[str, str]:
    """Fresh data, settings and matplotlib cache folders for one process: a cold start."""
    env = dict(os.environ)
    for key, sub in (("SENDSEC_DATA_DIR", "data"), ("MPLCONFIGDIR", "mpl"),
                     ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        (run / sub).mkdir(parents=True, exist_ok=True)
        env[key] = str(run / sub)
    env["PYTHONPATH"] = str(code)
    # An installed app runs from compiled bytecode (pip compiles it); so does the floor's
    # site-packages. Keep ours compiled too, outside the repository.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["SENDSEC_TODAY"] = TODAY.isoformat()
    return env


def _time(command: list[str], run: Path, code: Path = REPO, mark_lines: int = 0
          ) -> tuple[float, float, float, float]:
    """Run one process (of sendsec's code at `code`); return (CPU seconds, wall seconds) at
    its end and when it had printed `mark_lines` lines (its end if it prints them only then,
    or if `mark_lines` is 0)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    mark: tuple[float, float] | None = None
    with subprocess.Popen(command, env=_env(run, code), cwd=run, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        for _ in range(mark_lines):
            if not proc.stdout.readline():
                break
        else:
            if mark_lines:
                mark = _cpu_of(proc.pid), time.perf_counter() - start
        proc.stdout.read()
        err = proc.stderr.read()
        code_ = proc.wait()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code_ != 0:
        raise SystemExit(f"bench: {' '.join(command[:4])} failed:\n{err[-2000:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if mark is None or mark[0] is None or mark[1] > wall - 0.01:
        return cpu, wall, cpu, wall  # it said nothing before the end
    return cpu, wall, mark[0], mark[1]


def _cpu_of(pid: int) -> float | None:
    """Return the user + system CPU seconds process `pid` has used so far (Linux), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _commit(checkout: Path) -> str:
    """Return the short commit of a checkout (its folder's name when git cannot say)."""
    done = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or checkout.name


def _py(*args: object) -> list[str]:
    return [sys.executable, *map(str, args)]


def _sendsec(*args: object) -> list[str]:
    return _py("-m", "sendsec", *args)


def build_plan(path: Path, rows: int = PLAN_ROWS) -> None:
    """Write a plan of `rows` actions as councils lay them out (one header row)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Priority Action Plan")
    sheet.append(["Ref", "Area", "Action", "Owner", "Due date", "Status", "RAG",
                  "Success measure"])
    for i in range(rows):
        area = i % 10 + 1
        sheet.append([f"PA{area}.{i // 10 + 1}", f"Area {area}",
                      f"Action {i + 1}: improve the timeliness of EHC needs assessments",
                      f"Officer {i % 40 + 1}", dt.date(2026, 1, 1) + dt.timedelta(days=i % 400),
                      "In progress", ("Green", "Amber", "Red")[i % 3],
                      "Plans issued within 20 weeks"])
    book.save(path)


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def measure_chart_specs(board_path: Path) -> dict[str, dict]:
    """Read back what each measure chart of the papers shows, by its alt text: the title,
    axis label, lines (points and style), labels, limits and legend of sendsec's own figure,
    so that the floor draws the same chart content with matplotlib and no logic."""
    sys.path.insert(0, str(REPO))
    from matplotlib.text import Annotation

    from sendsec import charts
    from sendsec.services import registers
    from sendsec.services.board import Board

    board = Board.open(board_path, readonly=True, backup=False)
    specs = {}
    for row in registers.measure_rows(board, TODAY):
        fig = charts.measure_figure(row)
        ax = fig.axes[0]
        lines = []
        for line in ax.lines:
            hline = line.get_transform() != ax.transData
            style = {"linestyle": line.get_linestyle(), "marker": line.get_marker(),
                     "color": line.get_color(), "linewidth": line.get_linewidth(),
                     "markersize": line.get_markersize(),
                     "markerfacecolor": line.get_markerfacecolor(),
                     "label": line.get_label()}
            lines.append({"hline": float(line.get_ydata()[0]) if hline else None,
                          "x": [] if hline else [d.isoformat() for d in line.get_xdata()],
                          "y": [] if hline else [float(v) for v in line.get_ydata()],
                          "style": style})
        texts = [{"text": t.get_text(), "annotate": isinstance(t, Annotation),
                  "xy": ([t.xy[0].isoformat(), float(t.xy[1])] if isinstance(t, Annotation)
                         else list(t.get_position())),
                  "fontsize": t.get_fontsize(), "color": t.get_color()} for t in ax.texts]
        specs[_words(charts.measure_alt(row))] = {
            "size": list(fig.get_size_inches()), "dpi": charts.DPI,
            "title": ax.get_title(loc="left"), "ylabel": ax.get_ylabel(), "lines": lines,
            "texts": texts, "ylim": list(ax.get_ylim()) if not ax.get_autoscaley_on() else None,
            "ticks": bool(ax.get_yticks().size), "legend": ax.get_legend() is not None}
    board.close()
    return specs


def paper_spec(folder: Path, measure_charts: dict[str, dict] | None = None) -> list[dict]:
    """Read sendsec's papers back: per .docx its paragraphs, tables and pictures, in order
    (a measure chart's picture with what it shows, from `measure_charts` by its alt text)."""
    from docx import Document
    from docx.oxml.ns import qn

    spec = []
    for path in sorted(folder.glob("*.docx")):
        blocks: list[dict] = []
        for child in Document(str(path)).element.body.iterchildren():
            if child.tag == qn("w:p"):
                blocks.append({"kind": "p", "text": "".join(t.text or "" for t in
                                                           child.iter(qn("w:t")))})
                blocks += [{"kind": "picture",
                            "chart": (measure_charts or {}).get(_words(doc_pr.get("descr")))}
                           for doc_pr in child.iter(qn("wp:docPr"))]
            elif child.tag == qn("w:tbl"):
                rows = [["".join(t.text or "" for t in tc.iter(qn("w:t")))
                         for tc in tr.iter(qn("w:tc"))] for tr in child.iter(qn("w:tr"))]
                if rows:
                    blocks.append({"kind": "table", "rows": rows})
        spec.append({"name": path.name, "blocks": blocks})
    return spec


def jobs_for(scale: int, work: Path, only: list[str] | None = None,
             before: Path | None = None) -> list[Job]:
    """Return the jobs at `scale` (those whose name has one of `only`, if given), building
    what they need in `work` once (with the `before` checkout's own code for its side)."""

    def wanted(name: str) -> bool:
        return not only or any(o in name for o in only)

    tag = f" ({_commit(before)})" if before is not None else ""

    def built(name: str, *command: object) -> dict[str, Path]:
        """Build `name` (`command` given its path) with the older checkout's code when there
        is one, so both sides work on the same records: its side on the file as built, this
        side on a copy this code has upgraded (untimed), as it would a secretary's board."""
        made = work / f"{Path(name).stem}{tag}.sqlite"
        if not made.exists():
            # cwd: `-m` puts the current folder first on the path, before PYTHONPATH
            subprocess.run(_sendsec(*command, made), env=_env(work / "build", before or REPO),
                           cwd=work, check=True, capture_output=True)
        if before is None:
            return {"now": made}
        upgraded = work / f"{Path(name).stem}{tag} upgraded.sqlite"
        if not upgraded.exists():
            shutil.copyfile(made, upgraded)
            opened = ("import sys; from sendsec.services.board import Board; "
                      "Board.open(sys.argv[1]).close()")  # open for work: upgraded
            subprocess.run(_py("-c", opened, upgraded), env=_env(work / "build"),
                           cwd=work, check=True, capture_output=True)
        return {"now": upgraded, "before": made}

    boards = built(f"demo x{scale}.sqlite", "demo", "--scale", scale, "--today", TODAY, "--db")
    board = boards["now"]
    jobs = [Job(f"window shown, Actions loaded (x{scale})", "bare PySide6 window, same tabs",
                lambda run, side: _py(JOBS / "window.py", boards[side]),
                lambda run: _py(JOBS / "window.py", board, "floor"))]
    sample = work / f"papers x{scale}"
    if wanted("paper set") and not sample.exists():
        subprocess.run(_sendsec("papers", "--db", board, "--out", sample, "--today", TODAY),
                       env=_env(work / "build"), check=True, capture_output=True)
    spec = work / f"papers x{scale}.json"
    if sample.exists():
        spec.write_text(json.dumps(paper_spec(sample, measure_chart_specs(board))),
                        encoding="utf-8")
    pictures = [b for d in json.loads(spec.read_text()) for b in d["blocks"]
                if b["kind"] == "picture"] if spec.exists() else []
    same = sum(b.get("chart") is not None for b in pictures)
    jobs.append(Job(f"paper set, next meeting (x{scale}, {len(pictures)} charts, floor: "
                    f"{same} the same)",
                    "python-docx + matplotlib, same content",
                    lambda run, side: _sendsec("papers", "--db", boards[side], "--out",
                                               run / "out", "--today", TODAY),
                    lambda run: _py(JOBS / "papers_floor.py", spec, run / "out")))
    if scale == 1 and wanted("import"):
        plan = work / "plan.xlsx"
        if not plan.exists():
            build_plan(plan)
        empty = built("empty.sqlite", "new", "--name", "Bench Board", "--db")

        def fresh(run: Path, side: str) -> None:
            if side != "floor":
                shutil.copyfile(empty[side], run / "board.sqlite")
            (run / "floor.sqlite").unlink(missing_ok=True)

        jobs.append(Job(f"import {PLAN_ROWS:,} actions from .xlsx", "openpyxl + sqlite3",
                        lambda run, side: _sendsec("import", "--db", run / "board.sqlite",
                                                   "--kind", "actions", plan),
                        lambda run: _py(JOBS / "import_floor.py", plan, run / "floor.sqlite"),
                        prepare=fresh))
    size = board.stat().st_size / 1e6
    jobs.append(Job(f"snapshot (x{scale}, {size:.0f} MB board)", "VACUUM INTO + sha256",
                    lambda run, side: _sendsec("snapshot", "--db", boards[side], "--out",
                                               run / "out"),
                    lambda run: _py(JOBS / "snapshot_floor.py", board,
                                    run / "floor.sendsec"),
                    mark_lines=2, mark_name="the sealed file and its .sha256"))
    return [j for j in jobs if wanted(j.name)]


def run_job(job: Job, repeat: int, work: Path, before: Path | None = None) -> None:
    """Run the job's processes alternately (so a busy moment of the machine hits them all):
    sendsec as it was (`before`, another checkout), sendsec now, the floor. Round -1 is not
    counted: it compiles the bytecode every side then starts from."""
    sides = [("now", REPO, job.app_cpu, job.app_wall),
             ("floor", REPO, job.floor_cpu, job.floor_wall)]
    if before is not None:
        sides.insert(0, ("before", before, job.before_cpu, job.before_wall))
    for n in range(-1, repeat):
        for side, code, cpus, walls in sides:
            run = work / "runs" / f"{job.name[:20]} {n} {side}".replace("/", "-")
            shutil.rmtree(run, ignore_errors=True)
            run.mkdir(parents=True)
            job.prepare(run, side)
            command = job.floor(run) if side == "floor" else job.app(run, side)
            cpu, wall, mark_cpu, mark_wall = _time(command, run, code, job.mark_lines)
            shutil.rmtree(run, ignore_errors=True)
            if n >= 0:
                cpus.append(cpu)
                walls.append(wall)
                if job.mark_lines:
                    marks = job.marks.setdefault(side, ([], []))
                    marks[0].append(mark_cpu)
                    marks[1].append(mark_wall)


def table(jobs: list[Job]) -> list[str]:
    med = statistics.median
    before = any(j.before_cpu for j in jobs)
    head = "| job | floor | floor CPU (wall) |"
    if before:
        head += " before: CPU (wall) | ratio before |"
    head += " now: CPU (wall) | ratio now CPU (wall) |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    rows = []
    for j in jobs:
        rows.append((j.name, j.floor_name, j.floor_cpu, j.floor_wall, j.before_cpu,
                     j.before_wall, j.app_cpu, j.app_wall))
        if j.mark_lines:  # the same runs, read when the first result was done
            m = j.marks
            rows.append((f"{j.name}: {j.mark_name}", j.floor_name, *m["floor"],
                         *m.get("before", ([], [])), *m["now"]))
    for name, floor_name, floor_cpu, floor_wall, before_cpu, before_wall, app_cpu, app_wall \
            in rows:
        floor = med(floor_cpu)
        line = f"| {name} | {floor_name} | {floor:.2f} s ({med(floor_wall):.2f} s) |"
        if before:
            line += (f" {med(before_cpu):.2f} s ({med(before_wall):.2f} s) | "
                     f"{med(before_cpu) / floor:.2f}x |")
        line += (f" {med(app_cpu):.2f} s ({med(app_wall):.2f} s) | "
                 f"{med(app_cpu) / floor:.2f}x ({med(app_wall) / med(floor_wall):.2f}x) |")
        lines.append(line)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 10],
                        help="demo sizes to measure (1 = a year's board)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (median shown)")
    parser.add_argument("--only", nargs="+", default=[], metavar="WORD",
                        help="run only the jobs whose name has one of these words")
    parser.add_argument("--keep", type=Path, help="build the boards in this folder and keep "
                                                  "them for the next run")
    parser.add_argument("--before", type=Path, help="another checkout of sendsec (e.g. a git "
                                                    "worktree of an older commit) to measure "
                                                    "in the same run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sendsec-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        jobs = [j for s in args.scale for j in jobs_for(s, work, args.only, args.before)]
        for job in jobs:
            print(f"... {job.name}", file=sys.stderr, flush=True)
            run_job(job, args.repeat, work, args.before)
    print(f"sendsec against its floor: median of {args.repeat} runs each, alternately, "
          f"{dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs")
    print()
    print("\n".join(table(jobs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

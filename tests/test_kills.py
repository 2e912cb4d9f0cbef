"""Killed at any moment: `import`, `snapshot`, `demo` and `restore` run as the user runs
them and are SIGKILLed after a random (seeded) delay. After the next start has cleared
away what they left, the board passes `PRAGMA integrity_check`, holds all of a change or
none of it, and nothing is left behind: no `.part` file, no temporary copy, no stale lock,
no snapshot under its final name that the board does not know it sent, nothing in the
system temp folder."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sendsec.cli import main
from sendsec.services.board import Board
from sendsec.storage import backups

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")

REPO = Path(__file__).resolve().parents[1]
RUNS = 7  # per command: 28 kills in all, about a minute on a shared laptop
SEED = 20261202


class Killer:
    """Runs `python -m sendsec ARGS` and kills it after a delay drawn from one seeded RNG."""

    def __init__(self, tmp_path: Path):
        self.rng = random.Random(SEED)
        self.system_temp = tmp_path / "system-temp"
        self.system_temp.mkdir()
        self.env = {**os.environ, "TMPDIR": str(self.system_temp)}

    def run(self, *args: str | Path) -> tuple[int, float]:
        """Run to the end; return the exit code and how long it took."""
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "sendsec", *map(str, args)],
                              capture_output=True, text=True, cwd=REPO, env=self.env,
                              timeout=120)
        assert "Traceback" not in proc.stderr, proc.stderr
        return proc.returncode, time.monotonic() - started

    def kill(self, longest: float, *args: str | Path) -> bool:
        """Start the command and SIGKILL it after up to `longest` seconds; return True if it
        was killed (False if it finished first)."""
        proc = subprocess.Popen([sys.executable, "-m", "sendsec", *map(str, args)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                cwd=REPO, env=self.env)
        try:
            proc.wait(timeout=self.rng.uniform(0.05, longest))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
        assert "Traceback" not in err, err
        return proc.returncode == -signal.SIGKILL


def next_start(*args: str | Path) -> None:
    """Start sendsec again (in this process: the same start-up as a real one); it clears
    away what killed processes left beside the files it is given."""
    main([str(a) for a in args])


def query(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def assert_whole(path: Path) -> None:
    assert query(path, "PRAGMA integrity_check") == [("ok",)]


def debris(*folders: Path) -> list[str]:
    """Every temporary file, copy or lock left in `folders` (and their subfolders)."""
    found = []
    for folder in folders:
        if folder.exists():
            found += [str(p) for p in folder.rglob("*")
                      if ".part" in p.name or "sendsec-" in p.name or p.name.endswith(".lock")
                      or p.name.endswith(".restoring")]
    return found


def temp_folder() -> Path:
    return backups.data_dir() / "temp"


@pytest.fixture
def killer(tmp_path, capsys) -> Killer:
    return Killer(tmp_path)


@pytest.fixture
def board(tmp_path) -> Path:
    path = tmp_path / "boards" / "board.sqlite"
    path.parent.mkdir()
    b = Board.create_new(path, "Test SEND Improvement Board")
    b.create("area", {"code": "a", "title": "Leadership", "kind": "area for priority action"})
    b.create("person", {"name": "Alex Chair", "role": "independent chair",
                        "email": "alex@example.gov.uk"})
    b.close()
    return path


def plan(folder: Path, run: int, rows: int = 60) -> Path:
    path = folder / f"plan {run}.csv"
    path.write_text("Ref,Action,Area,Due,RAG\n" + "".join(
        f"PA{run}.{n},Action {n} of plan {run},a,31/03/2027,Amber\n" for n in range(1, rows + 1)),
        encoding="utf-8")
    return path


def test_killed_imports_leave_all_of_an_import_or_none(killer, board, tmp_path):
    _, took = killer.run("import", "--db", board, plan(tmp_path, 0))
    killed = 0
    for run in range(1, RUNS + 1):
        before = query(board, "SELECT COUNT(*) FROM actions")[0][0]
        killed += killer.kill(took * 1.2, "import", "--db", board, plan(tmp_path, run))
        next_start("summary", "--db", board)
        assert_whole(board)
        added = query(board, "SELECT COUNT(*) FROM actions")[0][0] - before
        assert added in (0, 60), f"run {run}: {added} of 60 actions imported"
        assert not debris(board.parent, backups.data_dir()), run
    assert killed
    assert list(killer.system_temp.iterdir()) == []


def test_killed_snapshots_leave_no_unrecorded_file_and_no_number_twice(killer, board,
                                                                      tmp_path):
    out = tmp_path / "out"
    _, took = killer.run("snapshot", "--db", board, "--out", out)
    killed = 0
    for run in range(RUNS):
        killed += killer.kill(took * 1.2, "snapshot", "--db", board, "--out", out)
        next_start("export", "--db", board, "--out", out / "registers.xlsx")  # a start with --out
        assert_whole(board)
        sent = query(board, "SELECT sequence, file_name FROM snapshots_sent ORDER BY sequence")
        assert [s for s, _ in sent] == list(range(1, len(sent) + 1))  # never a number twice
        recorded = {name for _, name in sent}
        on_disk = {p.name for p in out.glob("*.sendsec")}
        assert on_disk <= recorded, f"run {run}: unrecorded {on_disk - recorded}"
        assert not debris(out, board.parent, temp_folder()), run
    assert killed
    # the next snapshot takes the next number and is whole
    code, _ = killer.run("snapshot", "--db", board, "--out", out)
    assert code == 0
    last = query(board, "SELECT MAX(sequence), COUNT(*) FROM snapshots_sent")[0]
    assert last[0] == last[1]
    assert list(killer.system_temp.iterdir()) == []


def test_killed_demo_builds_leave_no_board_or_a_whole_one(killer, tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    _, took = killer.run("demo", "--db", folder / "whole.sqlite")
    actions = query(folder / "whole.sqlite", "SELECT COUNT(*) FROM actions")[0][0]
    killed = 0
    for run in range(RUNS):
        target = folder / f"demo {run}.sqlite"
        killed += killer.kill(took * 1.1, "demo", "--db", target)
        next_start("summary", "--db", target)
        if target.exists():  # finished before the kill: the whole board
            assert_whole(target)
            assert query(target, "SELECT COUNT(*) FROM actions")[0][0] == actions
        assert not debris(folder, temp_folder()), run
    assert killed
    # a demo that was killed is built again under the same name
    target = next(folder / f"demo {run}.sqlite" for run in range(RUNS)
                  if not (folder / f"demo {run}.sqlite").exists())
    assert killer.run("demo", "--db", target)[0] == 0
    assert query(target, "SELECT COUNT(*) FROM actions")[0][0] == actions
    assert list(killer.system_temp.iterdir()) == []


def test_killed_restores_leave_the_board_as_it_was_or_as_the_backup(killer, board):
    code, _ = killer.run("backup", "--db", board)
    assert code == 0
    backup = backups.list_backups(backups.backup_folder(
        board, query(board, "SELECT board_uid FROM board")[0][0]))[0].path
    in_backup = query(backup, "SELECT COUNT(*) FROM organisations")[0][0]
    killed = 0
    took = 1.0
    for run in range(RUNS):
        with Board.open(board, backup=False) as b:
            b.create("organisation", {"name": f"Added after the backup ({run})"})
        now = query(board, "SELECT COUNT(*) FROM organisations")[0][0]
        killed += killer.kill(took, "restore", "--db", board, backup)
        next_start("summary", "--db", board)
        assert_whole(board)
        assert query(board, "SELECT COUNT(*) FROM organisations")[0][0] in (now, in_backup)
        assert not debris(board.parent, backups.data_dir()), run
    assert killed
    assert list(killer.system_temp.iterdir()) == []


def test_a_killed_process_with_a_snapshot_open_leaves_its_private_copy_until_the_next_start(
        killer, board, tmp_path):
    out = tmp_path / "out"
    assert killer.run("snapshot", "--db", board, "--out", out)[0] == 0
    snapshot = next(out.glob("*.sendsec"))
    script = ("import os, signal\n"
              "from sendsec.exchanges.snapshot_opening import open_snapshot\n"
              f"board = open_snapshot({str(snapshot)!r})\n"
              "print(board.private_dir, flush=True)\n"
              "os.kill(os.getpid(), signal.SIGKILL)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=REPO, env=killer.env, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    private = Path(proc.stdout.strip())
    assert private.parent == temp_folder()  # in the data folder, not the system temp folder
    assert (private / "snapshot.sqlite").exists()
    next_start("summary", "--db", board)
    assert not private.exists()
    assert list(killer.system_temp.iterdir()) == []


def test_the_next_start_clears_only_what_dead_processes_left(board, tmp_path):
    from sendsec.storage.leftovers import cleanup_leftovers

    folder = board.parent
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    left = [folder / f"x.sqlite.{dead}.part", folder / f"x.sqlite.{dead}.part-journal",
            folder / f".sendsec-{dead}-abc.docx", folder / f".sendsec-papers-{dead}-xyz"]
    live = [folder / f"y.sqlite.{os.getpid()}.part", folder / f".sendsec-{os.getpid()}-a.docx"]
    theirs = [folder / "notes.part", folder / "minutes.docx", folder / f"z.{dead}.part"]
    for path in left + live + theirs:
        path.mkdir() if "papers" in path.name else path.write_bytes(b"x")
    removed = cleanup_leftovers([folder])
    assert sorted(removed) == sorted(left)
    assert all(p.exists() for p in live + theirs)


def test_a_lock_file_its_killed_writer_left_empty_is_cleared_unless_held(board):
    """A writer killed between making its lock file and writing who holds it left an empty
    `.lock`, which the next start kept (it names nobody): it is cleared when no live process
    holds the OS lock, and kept while one does."""
    from sendsec.storage import leftovers, lock

    path = lock.lock_path(board)
    path.write_bytes(b"")
    assert leftovers.cleanup_folder(board.parent) == [path] and not path.exists()
    held = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
        "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"),
        str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert held.stdout.readline().strip() == "held"
        assert leftovers.cleanup_folder(board.parent) == [] and path.exists()
    finally:
        held.kill()
        held.communicate()
    assert leftovers.cleanup_folder(board.parent) == [path] and not path.exists()

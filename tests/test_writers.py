"""Two writers at once: the command line honours the app's single-writer lock, a second
command-line writer waits briefly and then refuses in one line, and whatever wins, the
board holds all of a change or none of it; a snapshot is recorded or leaves nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sendsec.commands.common import take_lock
from sendsec.domain.errors import SendsecError
from sendsec.services.board import Board
from sendsec.storage import lock

REPO = Path(__file__).resolve().parents[1]


def start(*args: str | Path) -> subprocess.Popen:
    """Start `python -m sendsec ARGS` as the user would."""
    return subprocess.Popen([sys.executable, "-m", "sendsec", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO, env=dict(os.environ))


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def assert_done_or_refused(code: int, out: str, err: str) -> bool:
    """Assert the command succeeded, or refused in one line with exit 2; return True if it ran."""
    assert "Traceback" not in err and "Traceback" not in out, err
    if code == 0:
        return True
    assert code == 2, (code, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sendsec: "), err
    return False


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def sheet(tmp_path_factory) -> Path:
    """A spreadsheet of the demo board's registers (48 actions, 12 risks)."""
    folder = tmp_path_factory.mktemp("sheet")
    env = {**os.environ, "SENDSEC_DATA_DIR": str(folder / "data")}
    for args in (("demo", "--db", folder / "demo.sqlite"),
                 ("export", "--db", folder / "demo.sqlite", "--out", folder / "registers.xlsx")):
        subprocess.run([sys.executable, "-m", "sendsec", *map(str, args)], check=True,
                       capture_output=True, cwd=REPO, env=env, timeout=120)
    return folder / "registers.xlsx"


@pytest.fixture
def board(tmp_path) -> Path:
    path = tmp_path / "board.sqlite"
    Board.create_new(path, "Test SEND Improvement Board").close()
    return path


HOLD = textwrap.dedent("""
    import sys, time
    from sendsec.storage import lock
    held = lock.acquire(sys.argv[1], program=sys.argv[2])
    print("held" if held else "not held", flush=True)
    sys.stdin.read()  # until the test closes our stdin
""")


def hold(path: Path, program: str) -> subprocess.Popen:
    """Hold the board's lock in another process (as the app or the command line would)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), program],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert proc.stdout.readline().strip() == "held"
    return proc


def release(proc: subprocess.Popen) -> None:
    proc.communicate(timeout=30)  # closes its stdin: it lets go and ends


def test_a_write_command_refuses_a_board_the_app_has_open(board, sheet):
    app = hold(board, "app")
    try:
        code, out, err = finish(start("import", "--db", board, sheet))
        snap_code, _, snap_err = finish(start("snapshot", "--db", board, "--out",
                                              board.parent / "out"))
    finally:
        release(app)
    assert not assert_done_or_refused(code, out, err)
    assert "open in the sendsec app" in err and lock.login_name() in err
    assert not assert_done_or_refused(snap_code, "", snap_err)
    assert count(board, "actions") == 0
    assert not (board.parent / "out").exists() or not list((board.parent / "out").iterdir())
    # reading is still allowed, and once the app lets go the import runs
    assert finish(start("summary", "--db", board))[0] == 0
    assert finish(start("import", "--db", board, sheet))[0] == 0
    assert count(board, "actions") == 48


def test_a_second_command_line_writer_waits_then_refuses_in_one_line(board):
    other = hold(board, "command line")
    try:
        with pytest.raises(SendsecError) as refused:
            take_lock(board, wait=0.3)
    finally:
        release(other)
    assert str(refused.value).startswith("The board is busy: another sendsec")
    assert "Try again in a moment." in str(refused.value)
    take_lock(board, wait=0.3).release()  # free again


def test_a_write_command_waits_for_a_short_writer_to_finish(board, sheet):
    other = hold(board, "command line")
    importing = start("import", "--db", board, sheet)
    release(other)  # the other writer finishes while the import waits
    assert finish(importing)[0] == 0
    assert count(board, "actions") == 48


def test_two_imports_at_once_each_succeed_or_refuse_and_the_board_is_whole(board, sheet):
    for _round in range(2):
        procs = [start("import", "--db", board, sheet) for _ in range(2)]
        results = [finish(p) for p in procs]
        ran = [assert_done_or_refused(*r) for r in results]
        assert any(ran)
        assert integrity(board) == "ok"
        assert count(board, "actions") == 48  # all of it, once: never half, never twice
        assert count(board, "risks") == 12


def test_a_snapshot_and_an_import_at_once(board, sheet, tmp_path):
    out = tmp_path / "out"
    snap, imp = start("snapshot", "--db", board, "--out", out), start("import", "--db", board,
                                                                      sheet)
    snapped, imported = assert_done_or_refused(*finish(snap)), \
        assert_done_or_refused(*finish(imp))
    assert integrity(board) == "ok"
    assert count(board, "actions") in (0, 48) and (count(board, "actions") == 48) == imported
    # a snapshot on disk is a recorded snapshot, and nothing else is left in the folder
    assert count(board, "snapshots_sent") == int(snapped)
    files = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert len(files) == 4 * int(snapped) and not [f for f in files if ".part" in f]


def test_two_snapshots_at_once_get_their_own_numbers(board, tmp_path):
    out = tmp_path / "out"
    procs = [start("snapshot", "--db", board, "--out", out) for _ in range(2)]
    ran = [assert_done_or_refused(*finish(p)) for p in procs]
    conn = sqlite3.connect(str(board))
    try:
        sent = conn.execute("SELECT sequence, file_name FROM snapshots_sent").fetchall()
    finally:
        conn.close()
    assert sorted(s for s, _ in sent) == list(range(1, sum(ran) + 1))
    assert sorted(p.name for p in out.glob("*.sendsec")) == sorted(f for _, f in sent)

"""One writer per board: the lock file beside the board, across processes."""

from __future__ import annotations

import errno
import getpass
import json
import os
import socket
import subprocess
import sys
import textwrap

import pytest

from sendsec.storage import lock

HOLDER = textwrap.dedent("""
    import sys
    from sendsec.storage import lock
    held = lock.acquire(sys.argv[1])
    print("locked" if held else "refused", flush=True)
    sys.stdin.readline()
""")


def _hold_in_other_process(board):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(board)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, encoding="utf-8")
    assert proc.stdout.readline().strip() == "locked"
    return proc


def _end(proc):
    proc.stdin.close()
    proc.wait(timeout=10)
    proc.stdout.close()


def test_a_second_process_cannot_take_a_held_lock_and_sees_who_holds_it(tmp_path):
    board = tmp_path / "Board file.sqlite"
    board.write_bytes(b"")
    proc = _hold_in_other_process(board)
    try:
        assert lock.acquire(board) is None
        info = lock.holder(board)
        assert info is not None and info.pid == proc.pid
        assert "since" in info.describe()
    finally:
        _end(proc)
    # the holder has ended: the lock is free again
    mine = lock.acquire(board)
    assert mine is not None and mine.info.pid == os.getpid()
    mine.release()


def test_a_lock_left_by_a_killed_process_is_taken_over(tmp_path):
    board = tmp_path / "board.sqlite"
    proc = _hold_in_other_process(board)
    proc.kill()
    _end(proc)
    assert lock.lock_path(board).exists()  # left behind by the crash
    taken = lock.acquire(board)
    assert taken is not None
    assert lock.holder(board).pid == os.getpid()
    taken.release()
    assert not lock.lock_path(board).exists()


def test_a_second_acquire_in_the_same_process_is_refused_until_released(tmp_path):
    board = tmp_path / "board.sqlite"
    first = lock.acquire(board)
    assert first is not None
    assert lock.acquire(board) is None
    first.release()
    first.release()  # twice is harmless
    again = lock.acquire(board)
    assert again is not None
    again.release()


def test_a_damaged_lock_file_is_not_a_holder_and_is_taken_over(tmp_path):
    board = tmp_path / "board.sqlite"
    lock.lock_path(board).write_bytes(b"\x00\xff not json \x0b")
    assert lock.holder(board) is None
    taken = lock.acquire(board)
    assert taken is not None
    assert json.loads(lock.lock_path(board).read_text(encoding="utf-8"))["pid"] == os.getpid()
    taken.release()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_folder_that_cannot_be_written_raises_oserror(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(OSError):
            lock.acquire(folder / "board.sqlite")
    finally:
        folder.chmod(0o755)


def test_describe_copes_with_odd_text():
    info = lock.LockInfo(1, "", "", "not a time")
    assert info.describe() == "someone since not a time"
    rtl = lock.LockInfo(1, "host", "\u0645\u0633\u062a\u062e\u062f\u0645", "2026-11-22 09:05:00")
    assert rtl.describe().endswith("since 22/11/2026 09:05")


def test_the_lock_file_names_this_computer_and_login_as_socket_and_getpass_give_them(tmp_path):
    """Lock files of every version are read with these: the same strings, or a stale lock
    left on this computer would not be known for one."""
    board = tmp_path / "board.sqlite"
    taken = lock.acquire(board)
    assert taken is not None
    try:
        written = lock.holder(board)
        assert written is not None
        assert written.host == socket.gethostname()
        assert written.user == getpass.getuser()
    finally:
        taken.release()


@pytest.mark.parametrize("env", [{}, {"USERNAME": "jo"}, {"LNAME": "ln", "USERNAME": "un"},
                                 {"USER": "u", "LNAME": "ln"}, {"LOGNAME": "lg", "USER": "u"},
                                 {"LOGNAME": "", "USER": "u"}, {"LOGNAME": "", "USERNAME": ""}])
def test_the_login_is_the_one_getpass_gives(monkeypatch, env):
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert lock.login_name() == getpass.getuser()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file locks")
def test_without_os_locks_a_live_holder_on_this_computer_keeps_the_board(tmp_path, monkeypatch):
    """On a file system without OS locks the lock file's host, as `socket.gethostname()` gave
    it to every version, says the holder is on this computer, where its pid can be checked."""
    import fcntl

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    board = tmp_path / "board.sqlite"
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)
    try:
        for host, kept in ((socket.gethostname(), True), ("ANOTHER-PC", False)):
            lock.lock_path(board).write_text(json.dumps(
                {"pid": other.pid, "host": host, "user": "jo", "since": "2026-11-22 09:05:00"}),
                encoding="utf-8")
            taken = lock.acquire(board)
            assert (taken is None) == kept, host
            if taken is not None:
                taken.release()
    finally:
        other.communicate(timeout=10)

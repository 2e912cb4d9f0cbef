"""One writer per board file: a lock file beside the board, held with an OS file lock.

The first copy of the app to open a board takes `<file name>.lock` (for
`board.sqlite`, `board.sqlite.lock`) and holds an exclusive OS lock on it
for as long as the board is open: `fcntl.flock` on Linux and macOS,
`msvcrt.locking` on Windows. A second copy finds the lock held, gets None
from `acquire` and opens the board read-only; `holder` says who has it.

The OS drops the lock when the holding process ends, however it ends, so a
lock file left behind by a crash is simply taken over. The text in the file
(pid, host, user, time) is only there to tell people who has the board open.
On a file system without OS locks the pid is checked instead: a lock written
on this computer by a process that no longer runs is stale and taken over.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Windows locks a byte range and refuses reads of it, so the lock sits far past the text.
_LOCK_OFFSET = 1 << 20
_BUSY = {errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK}


def lock_path(board_path: str | os.PathLike) -> Path:
    """Return the lock file that guards `board_path` (the same folder, name + '.lock')."""
    p = Path(board_path)
    return p.with_name(p.name + ".lock")


@dataclass(frozen=True)
class LockInfo:
    """Who holds a board: written into the lock file by the holder."""

    pid: int
    host: str
    user: str
    since: str  # 'YYYY-MM-DD HH:MM:SS', local time
    program: str = ""  # 'app' or 'command line' ('' in lock files of older versions)

    def describe(self) -> str:
        """Return e.g. "jsmith on LAPTOP-42 since 22/11/2026 09:14"."""
        try:
            when = dt.datetime.strptime(self.since, "%Y-%m-%d %H:%M:%S")
            since = f"{when:%d/%m/%Y %H:%M}"
        except ValueError:
            since = self.since or "an unknown time"
        who = self.user or "someone"
        where = f" on {self.host}" if self.host else ""
        return f"{who}{where} since {since}"


class Lock:
    """A held lock on one board file; `release()` (or closing the process) lets it go."""

    def __init__(self, path: Path, fd: int, info: LockInfo):
        self.path = path
        self.info = info
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Let the lock go and remove the lock file (safe to call twice)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        except OSError:
            pass
        try:
            os.close(fd)
        except OSError:
            pass
        try:
            self.path.unlink()
        except OSError:
            pass  # e.g. Windows while another copy is reading it; the next holder reuses it

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self, _close: Callable[[int], None] = os.close) -> None:  # pragma: no cover - a safety net
        # `_close` is bound now: at interpreter exit the os module may already be gone
        fd = getattr(self, "_fd", None)
        if fd is not None:
            try:
                _close(fd)
            except OSError:
                pass


def host_name() -> str:
    """Return this computer's name, as `socket.gethostname()` gives it.

    Lock files written by every version are compared with it to tell a stale lock left on
    this computer, so it must stay that very string. On Linux and macOS it is the node name
    `os.uname()` gives, read without importing `socket` (with `selectors` and `array`) at
    start; Windows asks its socket library.
    """
    if sys.platform == "win32":
        import socket

        return socket.gethostname()
    return os.uname().nodename


def login_name() -> str:
    """Return the computer login of the person using sendsec, as `getpass.getuser()` gives
    it, or '' when there is none.

    The same environment variables in the same order, then the password database, without
    importing `getpass` (and `termios` with it) when a board opens.
    """
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if user := os.environ.get(name):
            return user
    try:
        import pwd  # not on Windows

        return pwd.getpwuid(os.getuid())[0]
    except Exception:  # noqa: BLE001 - getuser raises various errors when no login is set
        return ""


def _try_lock(fd: int) -> bool | None:
    """Return True if locked, False if another process holds it, None if the OS cannot lock."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in _BUSY:
            return False
        return None  # ENOLCK, EOPNOTSUPP ...: a file system without locks


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def pid_alive(pid: int) -> bool:
    """Return True if a process with this id runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, run by someone else
    except OSError:
        return False
    return True


def _read_info(path: Path) -> LockInfo | None:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as fh:
            text = fh.read(4096)
    except OSError:
        return None
    try:
        data = json.loads(text.strip("\x00 \r\n"))
        return LockInfo(int(data.get("pid", 0)), str(data.get("host", "")),
                        str(data.get("user", "")), str(data.get("since", "")),
                        str(data.get("program", "")))
    except (ValueError, TypeError, AttributeError):
        return None


def holder(board_path: str | os.PathLike) -> LockInfo | None:
    """Return who holds the lock on `board_path` as written in its lock file, or None."""
    return _read_info(lock_path(board_path))


def acquire(board_path: str | os.PathLike, *, program: str = "app") -> Lock | None:
    """Take the lock on `board_path`; return it, or None if another copy holds it.

    `program` ('app' or 'command line') is written into the lock file so that
    whoever finds it held can say what holds it.

    Raises OSError if the lock file cannot be created at all (e.g. the folder
    is read-only), which the caller treats as "cannot write here".
    """
    path = lock_path(board_path)
    for _attempt in range(5):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            state = _try_lock(fd)
        except BaseException:
            os.close(fd)
            raise
        if state is False:
            os.close(fd)
            return None
        if state and not _same_file(fd, path):
            os.close(fd)  # the holder released and removed it meanwhile: lock the new file
            continue
        return _take(path, fd, state, program)
    return None


def _same_file(fd: int, path: Path) -> bool:
    if sys.platform == "win32":
        return True  # Windows cannot remove a file another process has open
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except OSError:
        return False


def _take(path: Path, fd: int, state: bool | None, program: str) -> Lock | None:
    try:
        if state is None:  # no OS locks here: trust a live pid on this computer
            info = _read_info(path)
            if info and info.pid != os.getpid() and info.host == host_name() \
                    and pid_alive(info.pid):
                os.close(fd)
                return None
        info = LockInfo(os.getpid(), host_name(), login_name(),
                        dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"), program)
        text = json.dumps({"pid": info.pid, "host": info.host, "user": info.user,
                           "since": info.since, "program": program}).encode("utf-8")
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, text + b"\n")
        os.fsync(fd)
        return Lock(path, fd, info)
    except BaseException:
        try:
            os.close(fd)
        except OSError:
            pass
        raise

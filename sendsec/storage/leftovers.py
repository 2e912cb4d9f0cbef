"""Temporary files: where they are made, and clearing away those a killed process left.

Every temporary file sendsec writes sits beside the file it becomes (or, for a
snapshot's private copy, in the data folder's `temp` folder, never the system
temp folder) and carries the id of the process that writes it:

- `<final name>.<pid>.part` (and SQLite's `-wal`, `-shm`, `-journal` beside it):
  a backup, a restore, a demo board or a snapshot's files before they are moved
  into place;
- `.sendsec-<pid>-...`: a document or a set of papers being written;
- `<data folder>/temp/snapshot-<pid>-...`: the private copy of an opened snapshot.

`cleanup_leftovers` (run when the command line and the app start, and before a
snapshot, restore or demo writes into a folder) removes those whose process no
longer runs on this computer; a live writer's files are never touched. Files
from older versions, without a process id, go once they are a day old.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from sendsec.storage import lock
from sendsec.storage.lock import pid_alive

PART = ".part"
_SIDE = r"(?:-wal|-shm|-journal)?"
_KINDS = r"(?:sqlite|sendsec|sha256|docx|eml|xlsx|csv|html|ics|pdf)"
#: `<name>.<pid>.part`, `~sendsec-<pid>-...` or `.sendsec-<pid>-...`, with SQLite's side files.
_PID_PART = re.compile(rf"^.+\.{_KINDS}\.(\d+)\.part{_SIDE}$")
_PID_PREFIX = re.compile(r"^[.~]sendsec-(?:[a-z]+-)?(\d+)-")
_PRIVATE = re.compile(r"^snapshot-(\d+)-")
#: Leftovers of older versions (no pid in their names), removed once a day old.
_OLD = re.compile(rf"^(?:~sendsec-.*|.*\.(?:sqlite|sendsec)\.part{_SIDE}|\.sendsec-.*|"
                  r".*\.restoring)$")
OLD_AGE = 24 * 3600


def part_path(final: Path) -> Path:
    """Return the temporary name `final` is written under: `<name>.<pid>.part` beside it."""
    final = Path(final)
    return final.with_name(f"{final.name}.{os.getpid()}{PART}")


def write_flushed(tmp: Path, write: Callable[[Path], object]) -> Path:
    """Write a file's new content under its temporary name: `write(tmp)`, then flush it to
    disk, so a rename makes it whole or not at all. Return `tmp`; if anything fails, `tmp`
    (and SQLite's side files) is removed and the error raised. The one way sendsec writes a
    file it will move into place (documents, snapshots and their files, backups)."""
    try:
        write(tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
    except BaseException:
        for leftover in (tmp, *(Path(f"{tmp}{side}") for side in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)
        raise
    return tmp


def prefix() -> str:
    """Return the prefix of a temporary file or folder made beside its target: '.sendsec-<pid>-'."""
    return f".sendsec-{os.getpid()}-"


def move_into_place(tmp: Path, final: Path) -> None:
    """Rename the finished file `tmp` to `final`, never replacing a file that appeared there
    meanwhile (FileExistsError). `tmp` must be closed, its write-ahead log folded in."""
    wal = Path(f"{tmp}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise OSError(errno.EIO, "its write-ahead log was not folded into it", str(tmp))
    if os.name == "nt":
        os.rename(tmp, final)  # Windows never replaces an existing file on rename
    else:
        try:
            os.link(tmp, final)  # fails if `final` exists
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            if final.exists():
                raise FileExistsError(errno.EEXIST, "File exists", str(final)) from None
            os.rename(tmp, final)
        else:
            os.unlink(tmp)
    for side in ("-wal", "-shm", "-journal"):
        Path(f"{tmp}{side}").unlink(missing_ok=True)


def temp_root() -> Path:
    """Return (creating it) the data folder's `temp` folder, for snapshots' private copies."""
    from sendsec.storage.places import data_dir

    root = data_dir() / "temp"
    root.mkdir(parents=True, exist_ok=True)
    return root


def private_prefix() -> str:
    """Return the name prefix of a private folder made in `temp_root()` by this process."""
    return f"snapshot-{os.getpid()}-"


def _dead(pid_text: str) -> bool:
    pid = int(pid_text)
    return pid != os.getpid() and not pid_alive(pid)


def _stale(path: Path, now: float) -> bool:
    name = path.name
    for pattern in (_PID_PART, _PID_PREFIX):
        m = pattern.match(name)
        if m:
            return _dead(m[1])
    if _OLD.match(name):
        try:
            return now - path.lstat().st_mtime > OLD_AGE
        except OSError:
            return False
    return False


def _remove(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return False
    except OSError:
        return False  # in use or not ours to remove: tried again next time
    return True


def cleanup_folder(folder: Path) -> list[Path]:
    """Remove what killed sendsec processes left in `folder`; return what was removed."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in entries:
        name = path.name
        if name.endswith(".lock") and name != ".lock":
            if _stale_lock(path):
                removed.append(path)
            continue
        if "sendsec-" not in name and PART not in name and not name.endswith(".restoring"):
            continue
        if _stale(path, now) and _remove(path):
            removed.append(path)
    return removed


def _stale_lock(path: Path) -> bool:
    """Take and let go of a board's lock file whose writer no longer runs (which removes it);
    return True if it was removed. One that names nobody (its writer was killed between
    making it and writing who holds it) is taken over as `lock.acquire` takes it over: the
    OS lock of a live writer still refuses it."""
    board = path.with_name(path.name[: -len(".lock")])
    if lock.lock_path(board) != path or not board.is_file():
        return False
    info = lock.holder(board)
    if info is not None and (info.pid == os.getpid() or pid_alive(info.pid)):
        return False
    try:
        held = lock.acquire(board, program="cleanup")
    except OSError:
        return False
    if held is None:
        return False
    held.release()
    return not path.exists()


def cleanup_private() -> list[Path]:
    """Remove snapshots' private copies left by processes that no longer run."""
    removed: list[Path] = []
    try:
        entries = list(temp_root().iterdir())
    except OSError:
        return removed
    for path in entries:
        m = _PRIVATE.match(path.name)
        if m and _dead(m[1]) and _remove(path):
            removed.append(path)
    return removed


def cleanup_leftovers(folders: Iterable[Path] = ()) -> list[Path]:
    """Remove temporary files of killed sendsec processes from `folders`, every board's
    backup folder and the data folder's `temp`; return what was removed. Never raises."""
    from sendsec.storage.places import data_dir

    removed: list[Path] = []
    try:
        backups = data_dir() / "backups"
        places = [*folders, backups]
        if backups.is_dir():
            places += [p for p in backups.iterdir() if p.is_dir()]
        seen: set[Path] = set()
        for folder in places:
            folder = Path(folder)
            try:
                if folder in seen or not folder.is_dir():
                    continue
            except OSError:
                continue  # a name too long, a folder that cannot be read ...
            seen.add(folder)
            removed += cleanup_folder(folder)
        removed += cleanup_private()
    except (OSError, ValueError):
        pass
    return removed

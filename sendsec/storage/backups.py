"""Rotating backups of a board file, made with SQLite's online backup API.

Backups live under the user data dir (or $SENDSEC_DATA_DIR), one folder per
board. A daily backup is taken on open (at most one a day), one before every
migration and one before every restore. A copy made with the backup API is
consistent even while the app has the file open, unlike a plain file copy.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sendsec.domain.errors import FileRefused, SendsecError, os_error_reason
from sendsec.storage.connection import Database
from sendsec.storage.leftovers import part_path, write_flushed
from sendsec.storage.places import backup_folder as backup_folder
from sendsec.storage.places import data_dir as data_dir
from sendsec.storage.places import folders_for_name
from sendsec.storage.places import restore_hint as restore_hint

KEEP = {"daily": 14, "migration": 5, "restore": 5, "manual": 10}
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{6}) (daily|migration|restore|manual)\.sqlite$")


def backups_by_name(board_path: Path) -> list[Backup]:
    """Return the backups of any board whose file had this name, newest first (for a
    board file that cannot be opened to read its id)."""
    found = [b for folder in folders_for_name(board_path) for b in list_backups(folder)]
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


@dataclass(frozen=True)
class Backup:
    """A backup file in a board's backup folder: when it was taken and why ('daily', 'manual',
    'migration' or 'restore')."""

    path: Path
    taken: dt.datetime
    reason: str

    @property
    def label(self) -> str:
        return f"{self.taken:%d %b %Y %H:%M} ({self.reason})"


def list_backups(folder: Path) -> list[Backup]:
    """Return the backups in `folder`, newest first."""
    found = []
    if folder.exists():
        for p in folder.iterdir():
            m = _NAME.match(p.name)
            if m:
                taken = dt.datetime.strptime(f"{m[1]} {m[2]}", "%Y-%m-%d %H%M%S")
                found.append(Backup(p, taken, m[3]))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of the open database `source` to the new file `target`
    (written as `<target>.<pid>.part` beside it, then renamed; never half a file)."""
    def write(tmp: Path) -> None:
        dst = sqlite3.connect(str(tmp))
        try:
            backup_pages(source, dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()

    tmp = part_path(target)
    tmp.unlink(missing_ok=True)
    write_flushed(tmp, write)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


BUSY_SECONDS = 10.0


def backup_pages(source: sqlite3.Connection, target: sqlite3.Connection,
                 seconds: float = BUSY_SECONDS) -> None:
    """Copy every page of `source` into `target` with SQLite's backup API.

    Python's backup() retries for ever while either file is locked by another
    connection; this gives up after `seconds` with a SendsecError saying so.
    """
    import time

    deadline = time.monotonic() + seconds

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) \
                and time.monotonic() > deadline:
            raise SendsecError(
                "The board file is in use by another program or copy of sendsec and "
                "cannot be copied now. Close it there and try again."
            )

    source.backup(target, progress=progress, sleep=0.05)


class BackupNotTaken(SendsecError):
    """A backup could not be written (a full or read-only backups folder); the message
    says so in one line, e.g. "No backup was taken: the backups folder is full (...)"."""


def make_backup(
    conn: sqlite3.Connection,
    folder: Path,
    reason: str = "manual",
    now: dt.datetime | None = None,
) -> Path:
    """Take a backup of `conn` into `folder` and rotate old ones; return the new file.

    Raises BackupNotTaken if the backup cannot be written; nothing is left behind.
    """
    if reason not in KEEP:
        raise ValueError(f"unknown backup reason {reason!r}")
    now = now or dt.datetime.now()
    target = folder / f"{now:%Y-%m-%d %H%M%S} {reason}.sqlite"
    try:
        while target.exists():
            now = now + dt.timedelta(seconds=1)
            target = folder / f"{now:%Y-%m-%d %H%M%S} {reason}.sqlite"
        copy_database(conn, target)
    except OSError as exc:
        raise BackupNotTaken(f"No backup was taken: {_folder_reason(os_error_reason(exc))} "
                             f"('{folder}').") from None
    except sqlite3.OperationalError as exc:  # the copy's own writes: full, read-only, I/O
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise
        why = "the backups folder is full" if "full" in text else \
            "the backups folder is read-only" if "readonly" in text else \
            f"the backup could not be written ({exc})"
        raise BackupNotTaken(f"No backup was taken: {why} ('{folder}').") from None
    _rotate(folder, reason)
    return target


def _folder_reason(why: str) -> str:
    return {"the disk is full": "the backups folder is full",
            "the disk quota is used up": "the backups folder is full (the disk quota is used up)",
            "the disk or folder is read-only": "the backups folder is read-only",
            "permission denied": "the backups folder cannot be written (permission denied)",
            }.get(why, f"the backup could not be written ({why})")


def daily_backup(conn: sqlite3.Connection, folder: Path, now: dt.datetime | None = None) -> Path | None:
    """Take today's backup unless one exists already; return it, or None if skipped."""
    now = now or dt.datetime.now()
    if any(b.reason == "daily" and b.taken.date() == now.date() for b in list_backups(folder)):
        return None
    return make_backup(conn, folder, "daily", now)


def _rotate(folder: Path, reason: str) -> None:
    same = [b for b in list_backups(folder) if b.reason == reason]
    for old in same[KEEP[reason]:]:
        old.path.unlink(missing_ok=True)


def restore_backup(backup: Path, target: Path, safety_folder: Path | None = None, *,
                   busy_seconds: float = BUSY_SECONDS) -> Path | None:
    """Replace the board at `target` with the contents of `backup`.

    The backup is checked first (integrity and that it is a sendsec board); the
    current file is itself backed up into `safety_folder` (reason 'restore')
    before it is overwritten. Returns the safety backup's path, if one was made.
    The caller must have closed its own connections to `target`.
    """
    from sendsec.storage.database import check_header, check_is_board, schema_problem

    backup, target = Path(backup), Path(target)
    check_header(backup)
    src = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        try:
            result = src.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise FileRefused(f"The backup '{backup.name}' is damaged ({exc}).") from None
        if result != "ok":
            raise FileRefused(f"The backup '{backup.name}' is damaged ({result}).")
        applied = check_is_board(Database(src), backup)
        problem = schema_problem(src, len(applied))
        if problem:
            raise FileRefused(f"The backup '{backup.name}' {problem}; it will not be restored.")
        safety = None
        if target.is_dir():
            raise FileRefused(f"'{target}' is a folder, not a board file.")
        if target.exists():
            if safety_folder is not None:
                safety = _safety_copy(target, safety_folder)
            try:
                check_header(target)
                cur = sqlite3.connect(str(target), timeout=min(5.0, busy_seconds))
                try:
                    backup_pages(src, cur, busy_seconds)
                finally:
                    cur.close()
            except sqlite3.OperationalError as exc:
                raise SendsecError(
                    f"The board file is in use and cannot be restored now ({exc})."
                    " Close other copies of sendsec and try again."
                ) from None
            except (FileRefused, sqlite3.DatabaseError):
                # the board is not a readable database (damaged, emptied, overwritten):
                # replace the file whole, with any journal left beside it
                _replace_file(src, target)
        else:
            copy_database(src, target)
        return safety
    finally:
        src.close()


def _safety_copy(target: Path, folder: Path) -> Path:
    """Keep the board as it is before a restore: a consistent copy, or the raw bytes if damaged."""
    try:
        cur = sqlite3.connect(target.resolve().as_uri() + "?mode=ro", uri=True, timeout=5)
        try:
            return make_backup(cur, folder, "restore")
        finally:
            cur.close()
    except sqlite3.DatabaseError:
        pass
    import shutil

    now = dt.datetime.now()
    copy = folder / f"{now:%Y-%m-%d %H%M%S} restore.sqlite"
    while copy.exists():
        now += dt.timedelta(seconds=1)
        copy = folder / f"{now:%Y-%m-%d %H%M%S} restore.sqlite"
    shutil.copyfile(target, copy)
    _rotate(folder, "restore")
    return copy


def _replace_file(src: sqlite3.Connection, target: Path) -> None:
    try:
        for leftover in (target.with_name(target.name + "-wal"),
                         target.with_name(target.name + "-shm")):
            leftover.unlink(missing_ok=True)
        copy_database(src, target)  # whole, under a temporary name, then renamed
    except PermissionError as exc:
        raise SendsecError(
            f"The board file is in use and cannot be restored now ({exc.strerror})."
            " Close other copies of sendsec and try again."
        ) from None


def board_uid_of(path: Path) -> str | None:
    """Return the board id stored in a backup file, or None if it cannot be read."""
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT board_uid FROM board WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None

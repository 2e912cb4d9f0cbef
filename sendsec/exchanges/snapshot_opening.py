"""Opening a snapshot defensively, and finding the one a board sent before.

Opening (`open_snapshot`): the file is never trusted. It is copied to a
private temporary folder (removed when the Board is closed), its SHA-256 is
checked against `<file>.sha256` when that is beside it, it is opened
immutable and read-only with `trusted_schema=OFF`, `cell_size_check=ON` and
limits on value and SQL length, checked with `quick_check` before anything
else, its schema compared with a board built by the same migrations, checked
as a board of a version this app understands, and then against the
fingerprint inside it (snapshots from versions before the fingerprint, or whose
sealing failed, open with `snapshot_info['self_check'] == 'not available'`).
Anything wrong is refused with one `FileRefused` message.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
import weakref
from pathlib import Path
from typing import Any

from sendsec.domain.errors import FileRefused
from sendsec.exchanges.snapshot_files import (
    PLACEHOLDER,
    SUFFIX,
    check_fingerprint,
    copy_hashed,
    file_sha256,
    sha256_path_for,
)
from sendsec.exchanges.snapshot_record import clean_name, read_carried_changes, shorten
from sendsec.services.board import Board
from sendsec.storage import incoming, leftovers, snapshot_store
from sendsec.storage.connection import Database
from sendsec.storage.database import (
    SQLITE_HEADER,
    check_header,
    check_is_board,
    open_regular,
    schema_problem,
)
from sendsec.storage.schema import MIGRATION_NAMES

_SHA_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+?)\s*$")


class SnapshotBoard(Board):
    """A snapshot open read-only from a private copy, removed when the board is closed."""

    def __init__(self, db: Database, path: Path, private_dir: Path, info: dict[str, Any]):
        super().__init__(db, path, readonly=True)
        self.private_dir = private_dir
        self.snapshot_info = info
        self._cleanup = weakref.finalize(self, shutil.rmtree, str(private_dir), True)

    def reader(self) -> Board:
        """Return another read-only Board on the private copy, for work on another thread."""
        conn = snapshot_store.open_private(self.private_dir / "snapshot.sqlite")
        board = Board(Database(conn), self.path, readonly=True,
                      user=self.user)
        board.snapshot_info = dict(self.snapshot_info or {})
        return board

    def close(self) -> None:
        """Close the copy and remove the private folder it lives in."""
        try:
            super().close()
        finally:
            self._cleanup()


def _refuse(path: Path, why: str) -> FileRefused:
    return FileRefused(f"'{path.name}' cannot be opened as a snapshot: {why}")


def verify_sha256(path: Path, copy: Path, digest: str | None = None) -> bool | None:
    """Check the private `copy` of `path` against `<path>.sha256` if it is there.

    Returns True when it matches, None when there is no checksum file; raises
    FileRefused on a mismatch or an unreadable checksum file. `digest` is the copy's hex
    SHA-256 when it is known already (taken as it was written).
    """
    sha_file = sha256_path_for(path)
    if not sha_file.is_file():
        return None
    try:
        text = sha_file.read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError as exc:
        raise _refuse(path, f"its checksum file '{sha_file.name}' cannot be read "
                            f"({exc.strerror or exc}).") from None
    line = text.strip().splitlines()[0] if text.strip() else ""
    m = _SHA_LINE.match(line)
    if not m:
        raise _refuse(path, f"its checksum file '{sha_file.name}' is not in the expected form "
                            "('<SHA-256>  <file name>').")
    if m[1].lower() != (digest or file_sha256(copy)):
        raise _refuse(path, "the file has changed since it was sent (its SHA-256 does not "
                            f"match '{sha_file.name}'). Ask the secretary to send it again.")
    return True


def _check_size(path: Path, copy: Path) -> None:
    with copy.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100:
        raise _refuse(path, "the file is cut short (truncated); it is not a complete snapshot.")
    page_size, pages = snapshot_store.page_layout(header)
    if page_size < 512 or page_size & (page_size - 1):
        raise _refuse(path, "its header is damaged (impossible page size).")
    size = copy.stat().st_size
    if size % page_size:
        raise _refuse(path, "the file is cut short or padded (its size is not a whole number "
                            "of pages); it is damaged.")
    if pages and size < pages * page_size:
        raise _refuse(path, f"the file is cut short (truncated): it holds {size:,} bytes of "
                            f"the {pages * page_size:,} its header promises.")


def _check_schema(path: Path, conn: sqlite3.Connection) -> list[str]:
    """Refuse a snapshot whose schema is not exactly what its version of sendsec makes,
    or whose records point at records that are not there; return the applied migrations."""
    applied = check_is_board(Database(conn), path)
    problem = schema_problem(conn, len(applied))
    if problem:
        raise _refuse(path, f"it {problem}; it may have been tampered with.")
    broken = snapshot_store.broken_reference(conn)
    if broken:
        raise _refuse(path, f"{broken}; it may have been tampered with.")
    return applied


def open_snapshot(path: str | os.PathLike, *, board_uid: str | None = None,
                  made_here: str | None = None) -> SnapshotBoard:
    """Open a snapshot file read-only and defensively; return the Board.

    The returned board has `readonly=True` and `snapshot_info` (board_name,
    taken_at, taken_by (the computer login), taken_by_name (the board's secretary, when
    set), sequence, note, source_path, board_uid, app_version, sha256_checked, self_check:
    'passed' or 'not available', changes: what changed since the previous snapshot as the
    snapshot carries it (see `read_carried_changes`), or None). Every write raises
    ReadOnlyError. Raises FileRefused, with one message saying why, for anything that is not
    a sound snapshot, or (when `board_uid` is given) for a snapshot of any other board.

    `made_here` is the SHA-256 of a file this app wrote and checked (the snapshot it is
    taking, or the previous one as the board recorded it when it was sent): a private copy
    with exactly that digest is those bytes, so the checks of every page, the schema and
    every value are not made again; any other file gets all of them.
    """
    path = Path(path)
    check_header(path)
    private = Path(tempfile.mkdtemp(prefix=leftovers.private_prefix(),
                                    dir=leftovers.temp_root()))
    conn: sqlite3.Connection | None = None
    try:
        copy = private / "snapshot.sqlite"
        try:
            with open_regular(path) as source, copy.open("wb") as target:
                digest = copy_hashed(source, target)  # each byte read once, hashed as written
        except OSError as exc:
            raise _refuse(path, f"it cannot be read ({exc.strerror or exc}).") from None
        with copy.open("rb") as fh:
            if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise _refuse(path, "it changed while it was being read.")
        checked = verify_sha256(path, copy, digest)
        _check_size(path, copy)
        known = made_here is not None and digest == made_here.lower()
        try:
            conn = snapshot_store.open_private(copy)
            if known:
                applied = check_is_board(Database(conn), path)
            else:
                problem = snapshot_store.check(conn, "quick_check")
                if problem != "ok":
                    raise _refuse(path, f"it is damaged ({shorten(problem)}).")
                applied = _check_schema(path, conn)
                problem = snapshot_store.check(conn, "integrity_check")
                if problem != "ok":
                    raise _refuse(path, f"it is damaged ({shorten(problem)}).")
            record = snapshot_store.snapshot_info(conn)
            settings = snapshot_store.board_settings(conn)
            if record is None:
                raise _refuse(path, "it is a board file, not a snapshot (it holds no snapshot "
                                    "record). Open it as a board file instead.")
            if not settings or record["board_uid"] != settings.get("board_uid"):
                raise _refuse(path, "its snapshot record does not belong to the board it "
                                    "holds; it may have been tampered with.")
            if board_uid is not None and record["board_uid"] != board_uid:
                name = shorten(str(settings['name']), 80)
                raise _refuse(path, f"it belongs to another board ('{name}'), not the one "
                                    "expected.")
            if known:  # sealed (and checked) when it was written, or not sealed at all
                self_check = "not available" if not snapshot_store.has_content_sha256(conn) \
                    or snapshot_store.content_sha256(conn)[1] in (None, PLACEHOLDER) \
                    else "passed"
            else:
                self_check = check_fingerprint(path, copy, conn)
                found = incoming.first_problem(conn)
                if found:
                    raise _refuse(path, f"{found}.")
            if [n for n in MIGRATION_NAMES if n not in applied]:
                conn.close()
                conn = None
                snapshot_store.migrate_copy(copy)
                conn = snapshot_store.open_private(copy)
        except sqlite3.DatabaseError as exc:
            raise _refuse(path, f"it is damaged ({shorten(str(exc))}).") from None
        except UnicodeDecodeError:
            raise _refuse(path, "it is damaged (it holds text that is not valid UTF-8).") from None
        info = _info(record, settings, bool(checked), self_check)
        board = SnapshotBoard(Database(conn), path, private, info)
        conn = None
        return board
    except BaseException:
        if conn is not None:
            conn.close()
        shutil.rmtree(private, ignore_errors=True)
        raise


def _info(record: dict[str, Any], settings: dict[str, Any], checked: bool, self_check: str
          ) -> dict[str, Any]:
    """Return a snapshot Board's `snapshot_info` from its record and board settings."""
    return {
        "board_name": settings["name"], "taken_at": record["taken_at"],
        "taken_by": record["taken_by"], "sequence": record["sequence"],
        "note": record["note"], "source_path": record["source_path"],
        "board_uid": record["board_uid"], "app_version": record["app_version"],
        "sha256_checked": checked, "self_check": self_check,
        "taken_by_name": clean_name(record.get("taken_by_name")),
        "changes": read_carried_changes(record.get("changes")),
    }


def open_being_taken(path: Path) -> Board:
    """Open in place, read-only, the snapshot this process is taking (its temporary file,
    made and checked moments ago, not yet sealed): no private copy and no checks, for
    working out what changed before it is sealed. The Board has the `snapshot_info` of
    `open_snapshot`; the caller closes it."""
    conn = snapshot_store.open_private(path)
    try:
        record = snapshot_store.snapshot_info(conn)
        if record is None:
            raise FileRefused(f"'{path.name}' holds no snapshot record.")
        board = Board(Database(conn), path, readonly=True)
        board.snapshot_info = _info(record, snapshot_store.board_settings(conn), False,
                                    "not available")
    except BaseException:
        conn.close()
        raise
    return board


def find_snapshot(folder: Path, board_uid: str, sequence: int,
                  file_name: str | None = None) -> Path | None:
    """Return the snapshot of this board with this sequence in `folder`, if it is there.

    Looks first at the recorded `file_name`, then at every .sendsec file in the folder.
    """
    folder = Path(folder)
    candidates = []
    if file_name:
        candidates.append(folder / file_name)
    try:
        candidates += sorted(p for p in folder.glob(f"*{SUFFIX}") if p.name != file_name)
    except OSError:
        return None
    for p in candidates:
        if not p.is_file():
            continue
        info = peek_info(p)
        if info and info.get("board_uid") == board_uid and info.get("sequence") == sequence:
            return p
    return None


def peek_info(path: Path) -> dict[str, Any] | None:
    """Return the snapshot record of a file (read in place, read-only), or None if it has none."""
    try:
        with Path(path).open("rb") as fh:
            if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
        conn = snapshot_store.open_private(Path(path))
    except (OSError, sqlite3.Error):
        return None
    try:
        return snapshot_store.snapshot_info(conn)
    except (sqlite3.Error, UnicodeDecodeError):
        return None
    finally:
        conn.close()

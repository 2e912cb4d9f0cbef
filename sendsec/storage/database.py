"""Opening a board file: the only place a connection is made and configured.

A live board is opened in WAL mode with synchronous=FULL and foreign keys on.
Files that are not sendsec boards, are damaged, or were made by a newer
version are refused with a `FileRefused` whose message says which and why.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from sendsec.errors import FileRefused, NeedsUpgrade
from sendsec.storage.schema import MIGRATION_NAMES, MIGRATION_SET, migrations

SQLITE_HEADER = b"SQLite format 3\x00"


def _describe(path: Path) -> str:
    return f"'{path}'"


def check_header(path: Path) -> None:
    """Raise FileRefused unless `path` is a readable file that starts like a SQLite database."""
    if not path.exists():
        raise FileRefused(f"There is no board file at {_describe(path)}.")
    if path.is_dir():
        raise FileRefused(f"{_describe(path)} is a folder, not a board file.")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise FileRefused(f"{_describe(path)} cannot be read: {exc.strerror or exc}.") from None
    if len(header) == 0:
        raise FileRefused(f"{_describe(path)} is empty: it is not a sendsec board file.")
    if header != SQLITE_HEADER:
        raise FileRefused(
            f"{_describe(path)} is not a sendsec board file (it is not an SQLite database)."
        )


def connect(path: Path, *, readonly: bool = False, wal: bool = True) -> sqlite3.Connection:
    """Return a configured connection to `path` (which must exist).

    With `wal` (and not `readonly`) the file is switched to WAL mode, which
    writes to it: pass wal=False until the file is known to be a board, then
    call `use_wal`.
    """
    conn = None
    try:
        if readonly:
            conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5)
        else:
            conn = sqlite3.connect(str(path), timeout=5)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA synchronous = FULL")
        if wal and not readonly:
            use_wal(conn)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise FileRefused(
            f"{_describe(path)} cannot be opened as a board file: {exc}."
        ) from None
    return conn


def use_wal(conn: sqlite3.Connection) -> None:
    """Switch the open file to WAL mode (or DELETE where the file system refuses WAL)."""
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        # e.g. a file on a share that refuses WAL: still safe, just slower
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")


def applied_migrations(db: Database) -> list[str]:
    """Return the names of the sendsec migrations applied to `db`, oldest first."""
    return [m.name for m in migrations.applied(db)]


def check_is_board(db: Database, path: Path) -> list[str]:
    """Raise FileRefused unless `db` is a sendsec board this version understands.

    Returns the applied migration names.
    """
    try:
        tables = set(db.table_names())
    except sqlite3.DatabaseError as exc:
        raise FileRefused(f"{_describe(path)} is damaged and cannot be read ({exc}).") from None
    if "_sqlite_migrations" not in tables:
        raise FileRefused(f"{_describe(path)} is an SQLite database but not a sendsec board file.")
    applied = [
        row["name"]
        for row in db["_sqlite_migrations"].rows_where(
            "migration_set = ?", [MIGRATION_SET], order_by="rowid"
        )
    ]
    if not applied or "board" not in tables:
        raise FileRefused(f"{_describe(path)} is an SQLite database but not a sendsec board file.")
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown:
        raise FileRefused(
            f"{_describe(path)} was made by a newer version of sendsec "
            f"(schema {len(applied)}, this version knows {len(MIGRATION_NAMES)}). "
            "Install the newer version to open it; nothing was changed."
        )
    return applied


def open_database(
    path: str | os.PathLike,
    *,
    readonly: bool = False,
    before_migration: Callable[[Database, Path], None] | None = None,
) -> Database:
    """Open an existing board file and bring its schema up to date.

    `before_migration(db, path)` is called (to take a backup) only when
    migrations are pending. A read-only file that needs migrating is refused.
    """
    path = Path(path)
    check_header(path)
    # WAL only once the file is known to be a board: switching the journal mode
    # writes to the file, and a refused file must be left exactly as it was.
    conn = connect(path, readonly=readonly, wal=False)
    db = Database(conn, execute_plugins=False)
    try:
        applied = check_is_board(db, path)
        if not readonly:
            use_wal(conn)
        pending = [name for name in MIGRATION_NAMES if name not in applied]
        if pending:
            if readonly:
                raise NeedsUpgrade(
                    f"{_describe(path)} was made by an older version of sendsec and must be "
                    "upgraded, but it is open read-only. Open a copy you can write to."
                )
            if before_migration is not None:
                before_migration(db, path)
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise FileRefused(f"{_describe(path)} is damaged and cannot be read ({exc}).") from None
    except BaseException:
        conn.close()
        raise
    return db


def create_database(path: str | os.PathLike, *, stop_before: str | None = None) -> Database:
    """Create a new, empty board file at `path` with the current schema.

    Refuses to overwrite an existing file. `stop_before` (a migration name) is
    for tests that need a file made by an older version.
    """
    path = Path(path)
    if path.exists():
        raise FileRefused(f"{_describe(path)} already exists; choose another name.")
    if not path.parent.exists():
        raise FileRefused(f"The folder '{path.parent}' does not exist.")
    try:
        conn = connect(path)
    except FileRefused:
        raise
    except OSError as exc:
        raise FileRefused(f"Cannot create {_describe(path)}: {exc.strerror or exc}.") from None
    db = Database(conn, execute_plugins=False)
    migrations.apply(db, stop_before=stop_before)
    return db


def quick_check(conn: sqlite3.Connection) -> str:
    """Return 'ok' or the first problem `PRAGMA quick_check` reports."""
    rows = conn.execute("PRAGMA quick_check").fetchall()
    return "ok" if rows and rows[0][0] == "ok" else "; ".join(str(r[0]) for r in rows[:3])

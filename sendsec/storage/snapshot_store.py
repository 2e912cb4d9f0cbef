"""The SQL of snapshots: copying a live board, the record inside a copy, and checking a copy.

A snapshot is made with `VACUUM INTO` (a complete, consistent copy of the
last committed state, even while the app or another process is writing) and
opened through `open_private`, which trusts nothing in the file: immutable,
read-only, `trusted_schema=OFF`, `cell_size_check=ON`, limits on text and SQL
length. The schema of a copy is compared, as SQL text, with a board freshly
built by the same migrations (`sendsec.storage.database.schema_problem`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sendsec.storage.connection import Database
from sendsec.storage.schema import migrations

# The longest text a board holds is 100,000 characters (4 bytes each at most in
# UTF-8); nothing longer can come from sendsec, so a longer value is refused.
MAX_VALUE_BYTES = 1_000_000
MAX_SQL_BYTES = 100_000


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    cols = [d[0] for d in cursor.description]
    return [dict(zip(cols, row, strict=True)) for row in cursor.fetchall()]


# ----------------------------------------------------------------- taking a copy

def vacuum_into(source: Path, target: Path) -> None:
    """Write a complete, consistent copy of the board file `source` to the new file `target`.

    Uses its own connection (so it may run on any thread and never sees another
    connection's uncommitted writes); `target` must not exist.
    """
    conn = sqlite3.connect(str(source), timeout=10)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("VACUUM INTO ?", [str(target)])
    finally:
        conn.close()


def connect_copy(path: Path) -> sqlite3.Connection:
    """Return a plain read-write connection to a copy being prepared (not the live board)."""
    conn = sqlite3.connect(str(path), timeout=5, isolation_level=None)
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def set_journal_delete(conn: sqlite3.Connection) -> str:
    """Put the copy in rollback-journal (DELETE) mode; return the mode now in force."""
    return str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower()


def journal_mode(conn: sqlite3.Connection) -> str:
    return str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()


def board_settings(conn: sqlite3.Connection) -> dict[str, Any]:
    """Return the board row of a copy (empty dict if there is none)."""
    rows = _dicts(conn.execute("SELECT * FROM board WHERE id = 1"))
    return rows[0] if rows else {}


def person(conn: sqlite3.Connection, person_id: int | None) -> dict[str, Any] | None:
    """Return one person of a copy, or None."""
    if person_id is None:
        return None
    rows = _dicts(conn.execute("SELECT * FROM people WHERE id = ?", [person_id]))
    return rows[0] if rows else None


def max_sequence(conn: sqlite3.Connection) -> int:
    """Return the highest snapshot sequence recorded as sent (0 if none)."""
    return conn.execute("SELECT COALESCE(MAX(sequence), 0) FROM snapshots_sent").fetchone()[0]


def last_sent(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """Return the snapshots_sent row with the highest sequence, or None."""
    rows = _dicts(conn.execute("SELECT * FROM snapshots_sent ORDER BY sequence DESC LIMIT 1"))
    return rows[0] if rows else None


def write_snapshot_info(conn: sqlite3.Connection, info: dict[str, Any]) -> None:
    """Replace the snapshot record inside a copy with `info` (one transaction)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM snapshot_info")
        conn.execute(
            "INSERT INTO snapshot_info (id, board_uid, sequence, taken_at, taken_by, "
            "source_path, note, app_version, content_sha256, taken_by_name, changes) "
            "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [info["board_uid"], info["sequence"], info["taken_at"], info["taken_by"],
             info["source_path"], info["note"], info["app_version"],
             info["content_sha256"], info.get("taken_by_name"), info.get("changes")])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def set_changes(path: Path, changes: str) -> None:
    """Write what changed since the previous snapshot (JSON text) into the record of the copy
    at `path`, before it is sealed."""
    conn = connect_copy(path)
    try:
        conn.execute("UPDATE snapshot_info SET changes = ? WHERE id = 1", [changes])
    finally:
        conn.close()


def set_content_sha256(path: Path, value: str) -> None:
    """Overwrite the fingerprint in the snapshot record of the copy at `path` with `value`.

    `value` must be as long as the one it replaces, so that SQLite rewrites the
    record where it lies and no other byte of the file moves: a fresh connection,
    rollback journal, one UPDATE and nothing after it (no VACUUM, no ANALYZE).
    """
    conn = sqlite3.connect(str(path), timeout=5, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA synchronous = FULL")
        mode = str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower()
        if mode != "delete":
            raise sqlite3.OperationalError(f"journal mode is {mode}, not delete")
        changed = conn.execute("UPDATE snapshot_info SET content_sha256 = ? WHERE id = 1 "
                               "AND length(content_sha256) = length(?)",
                               [value, value]).rowcount
        if changed != 1:
            raise sqlite3.OperationalError("the snapshot record has no fingerprint to replace")
    finally:
        conn.close()


def insert_snapshot_sent(db: Database, row: dict[str, Any]) -> int:
    """Add a row to the live file's record of snapshots sent; return its id."""
    cursor = db.execute(f"INSERT INTO snapshots_sent ({', '.join(row)}) VALUES "
                        f"({', '.join('?' for _ in row)})", list(row.values()))
    assert cursor.lastrowid is not None  # always set after an INSERT
    return cursor.lastrowid


def snapshots_sent(db: Database) -> list[dict[str, Any]]:
    """Return the snapshots sent from this file, oldest first."""
    return _dicts(db.execute("SELECT * FROM snapshots_sent ORDER BY sequence"))


# --------------------------------------------------------------- opening a copy

def open_private(path: Path) -> sqlite3.Connection:
    """Return a defensive read-only connection to a private copy of an untrusted file."""
    uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True, timeout=1, check_same_thread=True)
    try:
        if hasattr(conn, "setlimit"):
            conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
            conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
            conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA cell_size_check = ON")
        conn.execute("PRAGMA query_only = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def check(conn: sqlite3.Connection, kind: str = "quick_check") -> str:
    """Return 'ok' or the first problems that `PRAGMA quick_check`/`integrity_check` reports.

    A report about a damaged file can quote damaged names that are not valid
    UTF-8; such bytes are shown as '\ufffd' rather than stopping the check.
    """
    if kind not in ("quick_check", "integrity_check"):
        raise ValueError(kind)
    factory = conn.text_factory
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        rows = conn.execute(f"PRAGMA {kind}(5)").fetchall()
    finally:
        conn.text_factory = factory
    return "ok" if rows and rows[0][0] == "ok" else "; ".join(str(r[0]) for r in rows)


def table_columns(conn: sqlite3.Connection, table: str) -> list[tuple]:
    """Return (name, declared type, not null, primary key, hidden) of each column of `table`."""
    rows = conn.execute("SELECT name, type, \"notnull\", pk, hidden "
                        "FROM pragma_table_xinfo(?) ORDER BY cid", [table]).fetchall()
    return [tuple(r) for r in rows]


def broken_reference(conn: sqlite3.Connection) -> str | None:
    """Return a sentence naming the first record that points at a record not there
    (`PRAGMA foreign_key_check`), or None when every reference holds."""
    row = conn.execute("PRAGMA foreign_key_check").fetchone()
    if row is None:
        return None
    table, rowid, parent = row[0], row[1], row[2]
    return (f"record {rowid} of '{table}' points at a record of '{parent}' that is not there")


def snapshot_info(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """Return the record inside a snapshot, or None if the file holds none."""
    rows = _dicts(conn.execute("SELECT * FROM snapshot_info WHERE id = 1"))
    return rows[0] if rows else None


def has_content_sha256(conn: sqlite3.Connection) -> bool:
    """Return True if the file's snapshot record has a place for its fingerprint
    (files made before migration 0003 have none)."""
    return any(col[0] == "content_sha256" for col in table_columns(conn, "snapshot_info"))


def content_sha256(conn: sqlite3.Connection) -> tuple[bool, Any]:
    """Return (found, value): whether the file holds a snapshot record, and the
    fingerprint stored in it, exactly as stored (any type; None if NULL)."""
    row = conn.execute("SELECT content_sha256 FROM snapshot_info WHERE id = 1").fetchone()
    return (False, None) if row is None else (True, row[0])


def text_encoding(conn: sqlite3.Connection) -> str:
    """Return the Python codec for the text of the file ('utf-8', 'utf-16-le' or 'utf-16-be')."""
    name = str(conn.execute("PRAGMA encoding").fetchone()[0]).lower()
    return {"utf-8": "utf-8", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be"}.get(
        name, "utf-8")


def page_layout(header: bytes) -> tuple[int, int]:
    """Return (page size, page count) from the first 100 bytes of an SQLite file."""
    size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if size == 1 else size
    return page_size, int.from_bytes(header[28:32], "big")


def migrate_copy(path: Path) -> None:
    """Bring a private copy made by an older version up to this version's schema."""
    db = Database(sqlite3.connect(str(path), isolation_level=None))
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        migrations.apply(db)
    finally:
        db.close()

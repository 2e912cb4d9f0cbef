"""Every table of a board as rows, and those rows written back: the SQL of the complete
export (sendsec.spreadsheets.lossless) and of restoring it (sendsec.spreadsheets.restoring).

Table names come from the file's own schema (`sqlite_master`) or from the entity specs,
never from a workbook; values are always parameters.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sendsec.storage.connection import Database

#: Tables that are not records of the board: the migration list, SQLite's own, and what a
#: snapshot says about itself (a restored board is a live board, not a snapshot).
NOT_RECORDS = frozenset({"_sqlite_migrations", "snapshot_info"})


def record_tables(db: Database) -> list[str]:
    """Return the name of every table that holds the board's records, in creation order."""
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid").fetchall()
    return [r[0] for r in rows if r[0] not in NOT_RECORDS]


def table_columns(db: Database, table: str) -> list[tuple[str, str]]:
    """Return (column name, declared type in upper case) for every column of `table`."""
    return [(r[1], (r[2] or "").upper())
            for r in db.execute(f"PRAGMA table_info({_quote(table)})").fetchall()]


def all_rows(db: Database, table: str) -> list[dict[str, Any]]:
    """Return every row of `table` (archived ones too), by id."""
    cursor = db.execute(f"SELECT * FROM {_quote(table)} ORDER BY rowid")
    cols = [d[0] for d in cursor.description]
    return [dict(zip(cols, row, strict=True)) for row in cursor.fetchall()]


def row_counts(db: Database, tables: list[str]) -> dict[str, int]:
    """Return {table: number of rows, archived ones included}."""
    return {t: db.execute(f"SELECT COUNT(*) FROM {_quote(t)}").fetchone()[0] for t in tables}


def restore_rows(db: Database, rows_by_table: dict[str, list[dict[str, Any]]],
                 replace_whole: tuple[str, ...] = ()) -> list[tuple[str, Any, str]]:
    """Write rows with their own ids, inside the caller's transaction.

    The single row of `board` is updated in place; the tables named in `replace_whole` are
    emptied first; every other table gets its rows inserted. Foreign keys are checked when
    all rows are in. Returns the broken references as (table, row id, referenced table);
    the caller rolls back when there are any.
    """
    db.execute("PRAGMA defer_foreign_keys = ON")
    for table in replace_whole:
        db.execute(f"DELETE FROM {_quote(table)}")
    for table, rows in rows_by_table.items():
        for row in rows:
            cols = ", ".join(_quote(c) for c in row)
            marks = ", ".join("?" for _ in row)
            if table == "board":
                sets = ", ".join(f"{_quote(c)} = ?" for c in row if c != "id")
                db.execute(f"UPDATE board SET {sets} WHERE id = 1",
                           [v for c, v in row.items() if c != "id"])
            else:
                db.execute(f"INSERT INTO {_quote(table)} ({cols}) VALUES ({marks})",
                           list(row.values()))
    return [(r[0], r[1], r[2]) for r in db.execute("PRAGMA foreign_key_check").fetchall()]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


IntegrityError = sqlite3.IntegrityError
OperationalError = sqlite3.OperationalError

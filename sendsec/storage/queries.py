"""The SQL the services and registers read with. Table and column names come
from the entity specs, never from user input; values are always parameters."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Any

from sendsec.storage.connection import Database


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    cols = [d[0] for d in cursor.description]
    # map, not a comprehension: the loop runs in C (a fifth faster on 16,000 updates)
    return list(map(dict, map(zip, repeat(cols), cursor)))


def get_row(db: Database, table: str, record_id: int) -> dict[str, Any] | None:
    """Return the row with this id, or None."""
    rows = _dicts(db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id]))
    return rows[0] if rows else None


def select_rows(db: Database, table: str, where: str, params: list[Any], order_by: str,
                limit: int | None = None) -> list[dict[str, Any]]:
    """Return the rows matching `where` (trusted SQL from the specs) in `order_by` order."""
    sql = f"SELECT * FROM {table}"
    if where:
        sql += f" WHERE {where}"
    sql += f" ORDER BY {order_by}"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return _dicts(db.execute(sql, params))


def select_values(db: Database, table: str, columns: Sequence[str], where: str,
                  order_by: str) -> list[tuple[Any, ...]]:
    """Return `columns` of the rows matching `where` (trusted SQL from the specs), as tuples,
    in `order_by` order: for a reader that needs a few values of many rows."""
    sql = f"SELECT {', '.join(columns)} FROM {table}"
    if where:
        sql += f" WHERE {where}"
    return db.execute(f"{sql} ORDER BY {order_by}").fetchall()


def next_meeting_number(db: Database) -> int:
    """Return one more than the highest meeting number used."""
    row = db.execute("SELECT MAX(number) FROM meetings").fetchone()
    return (row[0] or 0) + 1


def default_invitees(db: Database, statutory_roles: tuple[str, ...]) -> list[int]:
    """Return the ids of the people invited by default: statutory invitees first, then members."""
    marks = ", ".join("?" for _ in statutory_roles)
    sql = (
        "SELECT id FROM people WHERE archived = 0 "
        "AND (active_to IS NULL OR active_to >= date('now')) "
        f"AND role IN ({marks}, 'independent chair', 'member', 'elected member', "
        "'parent carer forum representative', 'secretary') "
        f"ORDER BY CASE WHEN role IN ({marks}) THEN 0 WHEN role = 'independent chair' THEN 1 "
        "ELSE 2 END, name"
    )
    return [r[0] for r in db.execute(sql, [*statutory_roles, *statutory_roles]).fetchall()]


def change_log(db: Database, since: str | None, limit: int | None) -> list[dict[str, Any]]:
    """Return change-log rows newest first, from `since` on if given."""
    sql = "SELECT * FROM change_log"
    params: list[Any] = []
    if since:
        sql += " WHERE at >= ?"
        params.append(since)
    sql += " ORDER BY id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return _dicts(db.execute(sql, params))


def history_per_parent(db: Database, table: str, parent: str, date_col: str
                       ) -> dict[int, list[dict[str, Any]]]:
    """Return, per parent id, its live child rows newest first."""
    out: dict[int, list[dict[str, Any]]] = {}
    sql = f"SELECT * FROM {table} WHERE archived = 0 ORDER BY {parent}, {date_col} DESC, id DESC"
    for r in _dicts(db.execute(sql)):
        out.setdefault(r[parent], []).append(r)
    return out


def _newest_key(alias: str, date_col: str = "update_date") -> str:
    """SQL for a child row's place in its parent's history as one integer, larger for newer:
    its date (checked as YYYY-MM-DD when stored) then its id, the order `history_per_parent`
    reads ('<date> DESC, id DESC')."""
    return (f"(CAST(replace({alias}.{date_col}, '-', '') AS INTEGER) * 10000000000"
            f" + {alias}.id)")


def action_progress(db: Database, run_rags: Sequence[str]
                    ) -> dict[int, tuple[dict[str, Any], int, str | None, int]]:
    """Return, per action with live updates, worked out by SQLite from its history newest
    first: (its latest update, how many it has, the RAG of the newest update rated otherwise
    than the latest or None, how many of the newest updates in a row carry the latest's RAG).
    The last two are read only for an action whose latest RAG is one of `run_rags`; for any
    other they are (None, 1). One row per action reaches Python, not one per update."""
    marks = ", ".join("?" for _ in run_rags) or "NULL"
    u, v = _newest_key("u"), _newest_key("v")
    # the latest: its day, then the highest id that day (cheaper than one key per update)
    sql = f"""
        WITH latest AS (
            SELECT action_id, MAX(update_date) AS day, COUNT(*) AS n
            FROM action_updates WHERE archived = 0 GROUP BY action_id),
        top AS (
            SELECT latest.action_id, latest.n, (
                SELECT MAX(v.id) FROM action_updates v WHERE v.action_id = latest.action_id
                    AND v.archived = 0 AND v.update_date = latest.day) AS id
            FROM latest),
        other AS (
            SELECT top.action_id, MAX({u}) AS k, u.rag
            FROM top JOIN action_updates lu ON lu.id = top.id
            JOIN action_updates u ON u.action_id = top.action_id
                AND u.archived = 0 AND u.rag IS NOT lu.rag
            WHERE lu.rag IN ({marks}) GROUP BY top.action_id)
        SELECT lu.*, top.n, other.rag,
            CASE WHEN lu.rag IN ({marks}) THEN (
                SELECT COUNT(*) FROM action_updates v WHERE v.action_id = top.action_id
                    AND v.archived = 0 AND {v} > COALESCE(other.k, 0)) ELSE 1 END
        FROM top JOIN action_updates lu ON lu.id = top.id
        LEFT JOIN other ON other.action_id = top.action_id"""
    cursor = db.execute(sql, [*run_rags, *run_rags])
    width = len(cursor.description) - 3
    cols = [d[0] for d in cursor.description[:width]]
    parent = cols.index("action_id")
    return {r[parent]: (dict(zip(cols, r[:width], strict=True)), r[width], r[width + 1],
                        r[width + 2]) for r in cursor}


def risk_review_progress(db: Database, before: str | None
                         ) -> dict[int, tuple[str, dict[str, Any] | None]]:
    """Return, per risk with live reviews: (the date of its latest review, its newest review
    dated before `before` (YYYY-MM-DD) or None), one row per risk."""
    u = _newest_key("u", "review_date")
    cursor = db.execute(f"""
        WITH latest AS (
            SELECT risk_id, MAX(review_date) AS last FROM risk_reviews WHERE archived = 0
            GROUP BY risk_id),
        earlier AS (
            SELECT u.risk_id, MAX({u}) AS k FROM risk_reviews u
            WHERE u.archived = 0 AND u.review_date < ? GROUP BY u.risk_id)
        SELECT latest.risk_id, latest.last, r.* FROM latest LEFT JOIN earlier USING (risk_id)
        LEFT JOIN risk_reviews r ON r.id = earlier.k % 10000000000""", [before])
    cols = [d[0] for d in cursor.description[2:]]
    return {risk: (last, dict(zip(cols, review, strict=True)) if review[0] is not None
                   else None) for risk, last, *review in cursor}


def history_values(db: Database, table: str, parent: str, date_col: str,
                   columns: Sequence[str]) -> dict[int, list[tuple[Any, ...]]]:
    """Return, per parent id, `columns` of its live child rows as tuples, newest first (the
    order of `history_per_parent`), for a reader that needs a few values of each."""
    out: dict[int, list[tuple[Any, ...]]] = {}
    sql = (f"SELECT {parent}, {', '.join(columns)} FROM {table} WHERE archived = 0 "
           f"ORDER BY {parent}, {date_col} DESC, id DESC")
    for r in db.execute(sql):
        out.setdefault(r[0], []).append(r[1:])
    return out


def count_by(db: Database, table: str, column: str, where: str = "archived = 0"
             ) -> dict[Any, int]:
    """Return {value: count} of a column over live rows."""
    sql = f"SELECT {column}, COUNT(*) FROM {table} WHERE {where} GROUP BY {column}"
    return {r[0]: r[1] for r in db.execute(sql).fetchall()}


def count(db: Database, table: str, where: str = "archived = 0") -> int:
    """Return the number of live rows in a table."""
    return db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}").fetchone()[0]


def minute_numbers(db: Database) -> list[int]:
    """Return every minute number ever used (archived minutes too: numbers are never reused)."""
    return [r[0] for r in db.execute("SELECT number FROM minutes").fetchall()]


def action_refs(db: Database) -> list[str]:
    """Return every action reference in use (archived ones too)."""
    return [r[0] for r in db.execute("SELECT ref FROM actions").fetchall()]


def insert_row(db: Database, table: str, values: dict[str, Any]) -> int:
    """Insert one row (column names from the specs) and return its id."""
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                        list(values.values()))
    assert cursor.lastrowid is not None  # always set after an INSERT
    return cursor.lastrowid


def insert_rows(db: Database, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> None:
    """Insert many rows, each a sequence of values in the order of `columns`, in one statement."""
    marks = ", ".join("?" for _ in columns)
    db.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def max_id(db: Database, table: str) -> int:
    """Return the highest id in a table (0 when it is empty)."""
    return int(db.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0] or 0)


def update_row(db: Database, table: str, record_id: int, values: dict[str, Any]) -> None:
    """Set columns of one row by id."""
    sets = ", ".join(f"{k} = ?" for k in values)
    db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), record_id])


def checkpoint(db: Database) -> None:
    """Fold the write-ahead log back into the main file (if it cannot be done now, because
    another connection is busy or the disk is full, the next open does it: all is committed)."""
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError:
        pass

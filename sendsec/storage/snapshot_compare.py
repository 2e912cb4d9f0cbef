"""Which records of two files of one board may read differently, found by SQL over both files.

Comparing two snapshots (`sendsec.reports.diff`) reads every record of both into Python and
compares every field, which at scale 10 is most of taking a snapshot when the previous one
is beside it. Between two snapshots most records are byte for byte the same. Here both
files are opened together (the old one attached to the new) and each table's rows are
compared with its namesake by id, column by column (every value and its type: see `_same`),
in SQLite; the comparison in Python is then made only for what may differ
(`records_that_differ`).

A record may read differently when:
- its own row differs, or is in one file only;
- a record it refers to may be named differently (its label: the record's own row, or for an
  invitee or a declaration, the person it refers to by its title);
- one of its child records (updates, reviews, data points, agenda items, minutes and their
  resolutions ...) may read differently.
Any record not so found has, in both files, the same row, the same children with the same
rows, and every reference named the same: the comparison would find nothing in it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sendsec.domain.entities import ENTITIES, Entity


def _q(name: str) -> str:
    """Return a table or column name quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def _connect(new: Path, old: Path) -> sqlite3.Connection:
    """Return a read-only connection to `new` with `old` attached as 'old' (both immutable)."""
    conn = sqlite3.connect(Path(new).resolve().as_uri() + "?mode=ro&immutable=1", uri=True,
                           check_same_thread=True)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("ATTACH DATABASE ? AS old",
                     [Path(old).resolve().as_uri() + "?mode=ro&immutable=1"])
    except BaseException:
        conn.close()
        raise
    return conn


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[tuple[str, str]]:
    """Return (name, declared type) of each column of `table` in `schema`."""
    return [(r[1], str(r[2] or "").upper())
            for r in conn.execute(f"PRAGMA {schema}.table_info({_q(table)})")]


def _same(column: str, declared: str) -> str:
    """Return SQL that is true when `column` holds the same value in rows n and o.

    `IS` compares values of the same storage class exactly (text byte for byte: no column
    declares a collation) and values of different classes as different, except an integer
    and a real of equal value (1 and 1.0). A column of INTEGER, NUMERIC or REAL affinity
    cannot hold both (SQLite stores 1.0 as 1, or 1 as 1.0, on the way in), nor can one of
    TEXT affinity (it stores numbers as text); only a column of BLOB affinity (declared
    without a type, or BLOB) can, so there the types are compared too."""
    n, o = f"n.{_q(column)}", f"o.{_q(column)}"
    if not declared or ("BLOB" in declared and "INT" not in declared):
        return f"{n} IS {o} AND typeof({n}) = typeof({o})"
    return f"{n} IS {o}"


def _rows_that_differ(conn: sqlite3.Connection, table: str,
                      columns: list[tuple[str, str]]) -> set[int]:
    """Return the ids of the rows of `table` that differ between the two files (any column,
    value or type) or are in one of them only."""
    t = _q(table)
    same = " AND ".join(_same(c, declared) for c, declared in columns if c != "id") or "1"
    sql = (f"SELECT n.id FROM main.{t} n LEFT JOIN old.{t} o ON o.id = n.id "
           f"WHERE o.id IS NULL OR NOT ({same}) "
           f"UNION SELECT o.id FROM old.{t} o WHERE NOT EXISTS "
           f"(SELECT 1 FROM main.{t} n WHERE n.id = o.id)")
    return {r[0] for r in conn.execute(sql)}


def _referring(conn: sqlite3.Connection, e: Entity, column: str, ids: set[int]) -> set[int]:
    """Return the ids of the records of `e` whose `column` holds one of `ids`, in either file."""
    t, c = _q(e.table), _q(column)
    listed = "(SELECT value FROM json_each(?))"
    sql = (f"SELECT id FROM main.{t} WHERE {c} IN {listed} "
           f"UNION SELECT id FROM old.{t} WHERE {c} IN {listed}")
    arg = json.dumps(sorted(ids))
    return {r[0] for r in conn.execute(sql, [arg, arg])}


def records_that_differ(new: Path, old: Path) -> dict[str, set[int]] | None:
    """Return, by kind of record (entity name), the ids of the records that may read
    differently in the board files `new` and `old` (see the module's docstring): what a
    comparison of the two must look at; any other record reads the same in both.

    Both files must be checked, of the same board and of this version's schema. Returns
    None when this cannot be told this way and everything must be compared: a table whose
    columns differ between the two, or board settings that differ (the risk bands in them
    score every risk).
    """
    conn = _connect(new, old)
    try:
        changed: dict[str, set[int]] = {}
        for name, e in ENTITIES.items():
            columns = _columns(conn, "main", e.table)
            if not columns or columns != _columns(conn, "old", e.table):
                return None
            changed[name] = _rows_that_differ(conn, e.table, columns)
        if changed.get("board"):
            return None
        # a record is named by its own row, or an invitee by the person it refers to
        renamed = {name: set(ids) for name, ids in changed.items()}
        grew = True
        while grew:
            grew = False
            for name, e in ENTITIES.items():
                title = e.field(e.title)
                if title.kind == "ref" and title.ref and renamed.get(title.ref):
                    found = _referring(conn, e, title.name, renamed[title.ref]) - renamed[name]
                    if found:
                        renamed[name] |= found
                        grew = True
        differ = {name: set(ids) for name, ids in changed.items()}
        for name, e in ENTITIES.items():  # what names a renamed record reads differently
            for f in e.fields:
                if f.kind == "ref" and f.ref and renamed.get(f.ref):
                    differ[name] |= _referring(conn, e, f.name, renamed[f.ref])
        # a record whose child reads differently reads differently (children's children first)
        grew = True
        while grew:
            grew = False
            for name, e in ENTITIES.items():
                if not e.parent or not differ[name]:
                    continue
                owner = e.field(e.parent).ref
                assert owner is not None, f"{name}'s parent field names no kind of record"
                parents = _parents(conn, e, differ[name]) - differ[owner]
                if parents:
                    differ[owner] |= parents
                    grew = True
        return differ
    finally:
        conn.close()


def _parents(conn: sqlite3.Connection, e: Entity, ids: set[int]) -> set[int]:
    """Return the parents (in either file) of the records `ids` of the child kind `e`."""
    assert e.parent is not None
    t, p = _q(e.table), _q(e.parent)
    listed = "(SELECT value FROM json_each(?))"
    sql = (f"SELECT {p} FROM main.{t} WHERE id IN {listed} "
           f"UNION SELECT {p} FROM old.{t} WHERE id IN {listed}")
    arg = json.dumps(sorted(ids))
    return {r[0] for r in conn.execute(sql, [arg, arg]) if r[0] is not None}

"""The values of a board or snapshot are screened by SQLite on the way in, by the same rules.

`first_problem` asks SQLite, table by table, whether any value is not certainly fine, and
reads the table's text as joined bytes to see that it is UTF-8; only a table where either
finds something is read row by row. Whatever the file holds, the answer must be the one
reading every row with `row_problem` gives: the same first problem, in the same words.
And every value a CHECK constraint of the schema refuses must be refused too, since the
file checks leave the constraints to it.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendsec.demo.world import build_demo
from sendsec.domain.entities import ENTITIES, Field
from sendsec.domain.errors import FileRefused
from sendsec.services.board import Board
from sendsec.storage import incoming
from sendsec.storage.database import (
    column_names,
    create_database,
    expected_schema,
    raw_rows,
    table_names,
)
from sendsec.storage.incoming import MAX_VALUE_BYTES, first_problem, row_problem
from sendsec.storage.schema import MIGRATION_NAMES

TODAY = dt.date(2026, 3, 2)
BY_TABLE = {e.table: e for e in ENTITIES.values()}


def every_row_problem(conn: sqlite3.Connection) -> str | None:
    """The first problem as found by reading every row of every table into Python."""
    for table in table_names(conn):
        names = column_names(conn, table)
        for row in raw_rows(conn, table, MAX_VALUE_BYTES):
            problem = row_problem(BY_TABLE.get(table), table, dict(zip(names, row, strict=True)))
            if problem:
                return problem
    return None


@pytest.fixture(scope="module")
def demo_bytes(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SENDSEC_DATA_DIR", str(folder / "data"))
        path = build_demo(folder / "demo.sqlite", TODAY)
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")  # the whole board in the one file
        # a row in the snapshot tables too, as a board that sent one and a snapshot have
        conn.execute("INSERT INTO snapshots_sent (sequence, taken_at, taken_by, file_name) "
                     "VALUES (1, '2026-03-02T10:00:00', 'sam', 'Board 2026-03-02.sqlite')")
        conn.execute("INSERT INTO snapshot_info (id, board_uid, sequence, taken_at, taken_by, "
                     "source_path, app_version) VALUES (1, (SELECT board_uid FROM board), 1, "
                     "'2026-03-02T10:00:00', 'sam', 'board.sqlite', '1.0')")
        return conn.serialize()
    finally:
        conn.close()


@pytest.fixture()
def read(monkeypatch) -> list[str]:
    """The tables read row by row into Python (by `raw_rows`), in the order read."""
    tables: list[str] = []
    real = incoming.raw_rows
    monkeypatch.setattr(incoming, "raw_rows",
                        lambda conn, table, limit: tables.append(table) or real(conn, table, limit))
    return tables


def in_memory(data: bytes) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.deserialize(data)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn


# ------------------------------------------------------------------ values of every kind

def _sql(value_sql: str, *params: object) -> tuple[str, list[object]]:
    return value_sql, list(params)


def _big(n: int, char: str = "x") -> tuple[str, list[object]]:
    return _sql("replace(printf('%.*c', ?, 'x'), 'x', ?)", n, char)


#: Values of every kind, as (SQL, parameters).
FIXED = [
    _sql("NULL"), *map(_sql, ["9e999", "-9e999", "1.0", "0.0", "2.0", "-0.0", "1.5", "1e308", "3",
                             "-1", "9223372036854775807", "-9223372036854775808", "x''",
                             "x'37'", "x'00ff10'", "'7'", "'1.5'"]),
    *(_sql("?", s) for s in ["", " ", "  \t\n", "Red ", "red", "a\x00b", "\x00", "é", "😀"]),
    *(_sql("CAST(? AS TEXT)", b) for b in [b"ok \xff", b"\xc3\x28", b"\xed\xa0\x80",
                                           b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x80",
                                           b"caf\xc3\xa9", b"\xc0\x80", b"a\x00\xff"]),
    *(_big(n, c) for n, c in [(499, "x"), (500, "x"), (501, "x"), (300, "é"), (500, "€"),
                              (501, "é"), (100_000, "x"), (100_001, "x"), (60_000, "€"),
                              (1_000_000, "x"), (1_000_001, "x"), (1_500_000, "x")]),
    _sql("'a' || char(0) || printf('%.*c', 600, 'y')"),
    _sql("printf('%.*c', 400, 'é') || char(0)"),
    _sql("CAST(printf('%.*c', 2000, 'z') AS BLOB)"),
]
DATES = [_sql("?", s) for s in [
    "2026-02-30", "0000-01-01", "0001-01-01", "2026-1-1", "2024-02-29", "2023-02-29",
    "9999-12-31", "2026-02-28 ", " 2026-02-28", "2026-02-28\x00", "2026-13-01", "2026-00-10",
    "2026-01-00", "-001-01-01", "20260101", "٢٠٢٦-٠١-٠١", "2026-02-31", "2026-04-31",
    "2026-12-32", "now", "2026-03-02"]]
TIMES = [_sql("?", s) for s in ["00:00", "23:59", "24:00", "9:30", "09:60", "09:30 ", "09:3",
                                "12:00\x00", "１２:００", "2:30", "20:00"]]
BOOLS = list(map(_sql, ["0", "1", "2", "-1", "1.0", "'1'", "'yes'"]))
#: Values a column's declared type changes as they are stored: each is also put as it is.
RETYPED = {"9e999", "-9e999", "1.0", "0.0", "2.0", "-0.0", "1.5", "3", "-1", "'7'", "'1.5'",
           "'1'", "?"}
ANY = st.one_of(
    st.sampled_from(FIXED),
    st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1).map(lambda i: _sql("?", i)),
    st.floats().map(lambda x: _sql("?", x)),  # NaN is stored as NULL
    st.binary(max_size=6).map(lambda b: _sql("?", b)),
    st.text(max_size=12).map(lambda s: _sql("?", s)),
    st.binary(min_size=1, max_size=8).map(lambda b: _sql("CAST(? AS TEXT)", b)),
)


def near(f: Field | None) -> list[tuple[str, list[object]]]:
    """Values close to what `f` takes."""
    if f is not None and f.minimum is not None and f.maximum is not None:
        low, high = int(f.minimum), int(f.maximum)
        edges = [low - 1, low, high, high + 1]
        return [_sql("?", x) for x in [*edges, *map(float, edges)]]
    if f is not None and f.kind == "choice":
        words = [c for choice in f.choices for c in (choice, choice.upper(), choice + " ")]
        return [_sql("?", x) for x in [*words, "purple", ""]]
    return {"date": DATES, "time": TIMES, "bool": BOOLS, "direction": BOOLS}.get(
        f.kind if f else "", [])


def values_for(f: Field | None) -> st.SearchStrategy[tuple[str, list[object]]]:
    """Values of every kind, and as many again of those close to what `f` takes."""
    close = near(f)
    return st.one_of(st.sampled_from(close), ANY) if close else ANY


def _field(table: str, column: str) -> Field | None:
    return incoming._field(BY_TABLE.get(table), table, column)


def _kind(table: str, column: str) -> str:
    f = _field(table, column)
    return "none" if f is None else f.kind


@pytest.fixture(scope="module")
def layout(demo_bytes) -> dict[str, list[tuple[str, str, list[int]]]]:
    """The columns of the demo board's tables that have rows (but the row number) by the
    kind of their field ('none' where no spec describes them): (table, column, rowids)."""
    conn = in_memory(demo_bytes)
    try:
        out: dict[str, list[tuple[str, str, list[int]]]] = {}
        for table in table_names(conn):
            rowids = [r[0] for r in conn.execute(f'SELECT rowid FROM "{table}" ORDER BY rowid')]
            for r in conn.execute(f'PRAGMA table_info("{table}")'):
                if rowids and not r[5]:
                    out.setdefault(_kind(table, r[1]), []).append((table, r[1], rowids))
        return out
    finally:
        conn.close()


@st.composite
def plant(draw, layout) -> tuple[str, str, int, str, list[object]]:
    """A value put where another program could put it: (table, column, rowid, value SQL,
    parameters). Each kind of field is as likely as any other."""
    kind = draw(st.sampled_from(sorted(layout)), label="kind")
    table, column, rowids = draw(st.sampled_from(layout[kind]), label="column")
    rowid = draw(st.sampled_from([rowids[0], rowids[len(rowids) // 2], rowids[-1]])
                 | st.sampled_from(rowids), label="row")
    value_sql, params = draw(values_for(_field(table, column)), label="value")
    return table, column, rowid, value_sql, params


@settings(max_examples=250, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_screen_finds_the_first_problem_every_row_would(demo_bytes, layout, data):
    planted = [data.draw(plant(layout), label="value")
               for _ in range(data.draw(st.integers(min_value=0, max_value=4), label="how many"))]
    conn = in_memory(demo_bytes)
    try:
        for table, column, rowid, value_sql, params in planted:
            try:
                conn.execute(f'UPDATE "{table}" SET "{column}" = {value_sql} WHERE rowid = ?',
                             [*params, rowid])
            except sqlite3.IntegrityError:
                pass  # NOT NULL or UNIQUE: the schema itself forbids it
        assert first_problem(conn) == every_row_problem(conn)
    finally:
        conn.close()


# ------------------------------------------------------------- boards and their sizes

def test_the_demo_board_is_screened_by_sqlite_alone(demo_bytes, read):
    """Nothing of a good board is read row by row: every table passes SQLite's screen."""
    conn = in_memory(demo_bytes)
    assert first_problem(conn) is None
    assert read == []
    assert every_row_problem(conn) is None


def test_good_values_at_every_limit_pass_the_screen(demo_bytes, read):
    """Text at its limit in characters (and over it in bytes), text that is not ASCII,
    the last day of February in a leap year, the widest ranges: all fine, none read row
    by row."""
    conn = in_memory(demo_bytes)
    conn.execute("UPDATE people SET name = printf('%.*c', 500, 'x') WHERE rowid = "
                 "(SELECT min(rowid) FROM people)")
    conn.execute("UPDATE actions SET title = replace(printf('%.*c', 500, 'x'), 'x', '€'), "
                 "description = replace(printf('%.*c', 100000, 'x'), 'x', 'é'), "
                 "due_date = '2028-02-29' WHERE rowid = (SELECT max(rowid) FROM actions)")
    conn.execute("UPDATE change_log SET new = printf('%.*c', ?, 'n') WHERE rowid = "
                 "(SELECT max(rowid) FROM change_log)", [MAX_VALUE_BYTES])
    assert first_problem(conn) is None
    assert read == []
    assert every_row_problem(conn) is None


def test_one_bad_value_in_row_9999_of_10000_is_named(tmp_path):
    path = tmp_path / "big.sqlite"
    create_database(path).close()
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                     "WHERE i < 10000) INSERT INTO actions (ref, title, status, due_date) "
                     "SELECT 'X' || i, 'Action number ' || i, 'in progress', '2026-02-28' "
                     "FROM n")
        assert conn.execute("SELECT count(*) FROM actions").fetchone()[0] == 10_000
        conn.execute("UPDATE actions SET due_date = '2026-02-30' WHERE ref = 'X9999'")
    finally:
        conn.close()
    with pytest.raises(FileRefused) as refused:
        Board.open(path, readonly=True, backup=False)
    assert "Action X9999: original due date '2026-02-30' is not a date" in str(refused.value)
    conn = sqlite3.connect(str(path))
    try:
        assert first_problem(conn) == every_row_problem(conn)
        assert "Action X9999: original due date" in first_problem(conn)
    finally:
        conn.close()


def test_a_snapshot_with_text_that_is_not_utf8_in_its_last_change_is_refused(tmp_path,
                                                                           demo_bytes):
    """The change log no spec describes keeps its rule: text that is not UTF-8, far down
    the table, is named."""
    path = tmp_path / "board.sqlite"
    conn = in_memory(demo_bytes)
    conn.execute("UPDATE change_log SET old = CAST(? AS TEXT) WHERE rowid = "
                 "(SELECT max(rowid) FROM change_log)", [b"fine until \xe2\x82"])
    conn.execute(f"VACUUM INTO '{path}'")
    conn.close()
    with pytest.raises(FileRefused) as refused:
        Board.open(path, readonly=True, backup=False)
    assert "of 'change_log': old holds bytes that are not text (not valid UTF-8)" \
        in str(refused.value)


def test_a_file_in_utf16_is_read_row_by_row():
    """A file whose text is stored as UTF-16 (sendsec never makes one) gets no screen: its
    values are read as before."""
    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA encoding = 'UTF-16le'")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body)")
    conn.execute("INSERT INTO notes (body) VALUES ('fine'), ('café'), (9e999)")
    assert first_problem(conn) == every_row_problem(conn)
    assert first_problem(conn) == "Record 3 of 'notes': body is inf, not a number"


# ------------------------------------------------------- every date, time and yes/no

@pytest.fixture(scope="module")
def one_of_each(tmp_path_factory) -> bytes:
    """A new board with one action and one meeting."""
    path = tmp_path_factory.mktemp("small") / "small.sqlite"
    create_database(path).close()
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("INSERT INTO actions (ref, title, status) VALUES ('A1', 'An action', "
                     "'in progress')")
        conn.execute("INSERT INTO meetings (meeting_date) VALUES ('2026-03-02')")
        conn.execute("PRAGMA journal_mode = DELETE")
        return conn.serialize()
    finally:
        conn.close()


GRID = {
    ("actions", "due_date"): [
        f"{y}-{m:02d}-{d:02d}" for y in ("0000", "0001", "1900", "2000", "2023", "2024", "9999")
        for m in (0, 1, 2, 4, 12, 13) for d in (0, 1, 28, 29, 30, 31, 32)]
        + ["2026-1-1", " 2026-01-01", "2026-01-01 ", "2026-01-01\x00", "-001-01-01", "20260101",
           "now", "2026-01-01T00:00", "2026-01-01 00:00", "+2026-01-01", "2026-01-01Z"],
    ("meetings", "start_time"): [f"{h:02d}:{m:02d}" for h in range(26) for m in (0, 9, 59, 60)]
        + ["9:30", "09:3", "09:30 ", " 09:30", "09:30\x00", "09:30:00", "0930", "1:00"],
    ("actions", "archived"): [0, 1, 2, -1, 0.0, 1.0, "0", "1", "", None],
    ("actions", "rag"): ["red", "Red", "red ", " red", "red\x00", "amber", "purple", "", 1, None],
}


@pytest.mark.parametrize(("table", "column"), sorted(GRID))
def test_each_date_time_and_yes_or_no_is_judged_as_python_judges_it(one_of_each, table,
                                                                    column):
    for value in GRID[(table, column)]:
        conn = in_memory(one_of_each)
        try:
            conn.execute(f"UPDATE {table} SET {column} = ?", [value])
        except sqlite3.IntegrityError:
            continue  # NOT NULL
        assert first_problem(conn) == every_row_problem(conn), value
        conn.close()


# ------------------------------------------- every value in every kind of column, typed or not

def untyped(conn: sqlite3.Connection, table: str, column: str, write: Callable[[], None]) -> None:
    """Run `write` with `column` declared BLOB, so SQLite stores each value as it is given
    (1.0 stays a real in an INTEGER column, '7' stays text), as another program writing
    the file's records itself could; the schema is then put back as it was."""
    sql = conn.execute("SELECT sql FROM sqlite_schema WHERE name = ?", [table]).fetchone()[0]

    def declare(text: str) -> None:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_schema SET sql = ? WHERE name = ?", [text, table])
        conn.execute("PRAGMA writable_schema = RESET")

    declare(re.sub(rf"\b({column}) (INTEGER|TEXT|REAL)\b", r"\1 BLOB", sql, count=1))
    try:
        write()
    finally:
        declare(sql)


@pytest.fixture(scope="module")
def one_row_each(demo_bytes) -> tuple[bytes, list[tuple[str, str]]]:
    """The demo board with only the first row of each table, and a column of each sort
    (declared type, NOT NULL or not, kind, required or not, a range or not, limit)."""
    conn = in_memory(demo_bytes)
    try:
        columns: dict[tuple, tuple[str, str]] = {}
        for table in table_names(conn):
            conn.execute(f'DELETE FROM "{table}" WHERE rowid > (SELECT min(rowid) FROM "{table}")')
            for r in conn.execute(f'PRAGMA table_info("{table}")'):
                f = _field(table, r[1])
                sort = (r[2], r[3], None) if f is None else \
                    (r[2], r[3], f.kind, f.required, f.minimum is None, f.maximum is None,
                     f.minimum == f.maximum, incoming._text_limit(f))
                if not r[5]:
                    columns.setdefault(sort, (table, r[1]))
        return conn.serialize(), sorted(columns.values())
    finally:
        conn.close()


def test_every_value_in_every_sort_of_column_is_judged_as_python_judges_it(one_row_each):
    data, columns = one_row_each
    assert len(columns) > 20
    for table, column in columns:
        for value_sql, params in [*FIXED, *near(_field(table, column))]:
            for typed in (True, False) if value_sql in RETYPED else (True,):
                conn = in_memory(data)
                write = partial(conn.execute, f'UPDATE "{table}" SET "{column}" = {value_sql}',
                                params)
                try:
                    write() if typed else untyped(conn, table, column, write)
                except sqlite3.IntegrityError:
                    continue  # NOT NULL or UNIQUE: the schema itself forbids it
                assert first_problem(conn) == every_row_problem(conn), \
                    (table, column, value_sql, params, typed)
                conn.close()


@pytest.mark.parametrize("last", [b"good \xc3\xa9", b"bad \xc3"])
def test_more_text_than_is_joined_at_once_is_read_in_parts(demo_bytes, read, last):
    """Five changes of nearly a megabyte each: too much text to join in one value, so
    the change log is joined in ranges of rows and halves of them; still nothing good is
    read row by row, and a bad byte in the last change is found."""
    conn = in_memory(demo_bytes)
    conn.execute("UPDATE change_log SET new = printf('%.*c', 990000, 'n') WHERE rowid IN "
                 "(SELECT rowid FROM change_log ORDER BY rowid DESC LIMIT 6)")
    conn.execute("UPDATE change_log SET old = CAST(? AS TEXT) WHERE rowid = "
                 "(SELECT max(rowid) FROM change_log)", [last])
    assert first_problem(conn) == every_row_problem(conn)
    assert read == ([] if last.startswith(b"good") else ["change_log"])


# ------------------------------------------------------ every CHECK constraint of the schema

def check_constraints(sql: str) -> list[str]:
    """The expressions of the CHECK constraints of a CREATE TABLE statement."""
    found = []
    for start in re.finditer(r"\bCHECK\s*\(", sql, re.IGNORECASE):
        depth, i = 1, start.end()
        while depth:
            if sql[i] == "'":  # a string: to its closing quote ('' is a quote inside it)
                i = re.compile(r"'(?:[^']|'')*'").match(sql, i).end()
                continue
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            i += 1
        found.append(sql[start.end():i - 1])
    return found


def against(expression: str) -> list[object]:
    """Values at the edges of a constraint: its own strings and numbers and ones a little
    different (for a GLOB pattern, the least and greatest text it matches), and values of
    every kind."""
    strings = [x.replace("''", "'") for x in re.findall(r"'((?:[^']|'')*)'", expression)]
    numbers = [int(n) for n in re.findall(r"(?<![\w'])-?\d+(?![\w'])",
                                          re.sub(r"'(?:[^']|'')*'", "''", expression))]
    values: list[object] = [None, "", " ", "x", 0, 1, -1, 2, 1.5, 10 ** 12, b"", b"x",
                            "2026-02-30", "2026-02-28", "25:00", "12:00"]
    for x in strings:
        least, greatest = (re.sub(r"\[(.)-(.)\]", end, x) for end in (r"\1", r"\2"))
        values += [x, x.upper(), x + " ", " " + x, x[:-1], least, greatest]
    for n in numbers:
        values += [v for k in (n - 1, n, n + 1) for v in (k, float(k), str(k))]
    return values


@pytest.mark.parametrize("typed", [True, False], ids=["typed", "as given"])
def test_every_value_a_check_constraint_refuses_is_refused_by_the_screen(one_row_each, typed):
    """For each CHECK constraint of the schema, values that break it are put in a good
    board past the constraint; whichever SQLite's own check (read-write, constraints
    tested) refuses, `first_problem` refuses too, naming that row."""
    data, _columns = one_row_each
    schema = expected_schema(len(MIGRATION_NAMES))
    conn = in_memory(data)  # values are written past the constraints
    assert first_problem(conn) is None
    refused: Counter[tuple[str, str]] = Counter()
    for (kind, table), (_table, sql) in sorted(schema.items()):
        if kind != "table" or sql is None:
            continue
        names = column_names(conn, table)
        # a value in the rowid's own column is stored as the integer it is, or refused
        plain = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')
                 if typed or not r[5]]
        rowid = conn.execute(f'SELECT min(rowid) FROM "{table}"').fetchone()[0]
        for expression in check_constraints(sql):
            refused[(table, expression)] += 0
            for column in [n for n in plain if re.search(rf"\b{n}\b", expression)]:
                for value in against(expression):
                    conn.execute("SAVEPOINT planted")
                    write = partial(conn.execute, f'UPDATE "{table}" SET "{column}" = ? '
                                    "WHERE rowid = ?", [value, rowid])
                    try:
                        write() if typed else untyped(conn, table, column, write)
                    except sqlite3.IntegrityError:
                        conn.execute("ROLLBACK TO planted")
                        conn.execute("RELEASE planted")
                        continue  # NOT NULL or UNIQUE: the schema itself forbids it
                    conn.execute("PRAGMA ignore_check_constraints = OFF")
                    report = [r[0] for r in conn.execute(f'PRAGMA quick_check("{table}")')]
                    conn.execute("PRAGMA ignore_check_constraints = ON")
                    if f"CHECK constraint failed in {table}" in report:
                        refused[(table, expression)] += 1
                        [row] = raw_rows(conn, table, MAX_VALUE_BYTES)  # the one row
                        problem = row_problem(BY_TABLE.get(table), table,
                                              dict(zip(names, row, strict=True)))
                        assert problem is not None, (table, column, value)
                        assert first_problem(conn) == problem, (table, column, value)
                    conn.execute("ROLLBACK TO planted")
                    conn.execute("RELEASE planted")
    if typed:  # each constraint refused something (as given, the rowid's own are not tried)
        assert refused and all(refused.values()), [key for key, n in refused.items() if not n]

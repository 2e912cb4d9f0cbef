"""Values read from a file are checked on the way in, by the rules the services write by.

A board or snapshot that passed the file checks (`sendsec.storage.database`)
can still hold values sendsec never writes, put there by another program: text
that is not UTF-8, a date of 2026-02-30, a likelihood stored as text, a value
of megabytes, nothing where a value is required. `first_problem` checks every
value once, as stored, when the file is opened, and names the first such value
by its record and field ("Action PA1.2: due date '2026-02-30' is not a date"),
so the file is refused in one line and nothing later meets a value it cannot
handle. The rules are those of the entity specs (`sendsec.domain.entities`) the
services check every edit against, and those of the schema's CHECK constraints
(`_SCHEMA_RULES`): every value a constraint refuses is refused here too, with its
record and field named, so the file checks need not test the constraints again
(`sendsec.storage.database.quick_check`).

Most of that reading is done by SQLite itself: for each table one query looks for
a row with a value that is not certainly fine by the same rules (`_sql_fine`), and
one more reads the table's text as joined bytes to see that it is all UTF-8
(`_all_utf8`). Only a table where either finds something, or that SQLite cannot
screen (a value over `MAX_VALUE_BYTES`), is read row by row into Python, so the
message, and which problem is named first, are always those of `row_problem`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from itertools import islice
from operator import call
from pathlib import Path
from typing import Any

from sendsec.domain.entities import ENTITIES, SHORT_TEXT, Entity, Field
from sendsec.domain.errors import FileUntrusted
from sendsec.storage.database import NOT_UTF8, TOO_LONG, raw_rows, table_names
from sendsec.storage.places import restore_hint

#: No value sendsec writes is longer (100,000 characters of at most 4 bytes each,
#: or a snapshot's record of what changed); a longer one is never read whole.
MAX_VALUE_BYTES = 1_000_000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
#: Columns every register table has besides its fields.
_BOOKKEEPING = {"id": Field("id", "Record number", "int"),
                "archived": Field("archived", "Archived", "bool", required=True),
                "created_at": Field("created_at", "Created", "text"),
                "updated_at": Field("updated_at", "Last changed", "text")}
_BY_TABLE = {e.table: e for e in ENTITIES.values()}
#: What the schema's CHECK constraints ask of a column beyond its spec (or of a column no
#: spec describes): values sendsec never writes, here so that nothing a constraint refuses
#: gets through (tests/test_value_screen.py plants a value against every constraint).
_SCHEMA_RULES = {
    ("board", "id"): Field("id", "Record number", "int", minimum=1, maximum=1),
    ("snapshot_info", "id"): Field("id", "Record number", "int", minimum=1, maximum=1),
    ("snapshots_sent", "sequence"): Field("sequence", "Sequence", "int", required=True,
                                          minimum=1),
    ("challenges", "snapshot_sequence"): replace(_BY_TABLE["challenges"].field(
        "snapshot_sequence"), minimum=1),
    ("challenges", "uid"): replace(_BY_TABLE["challenges"].field("uid"), required=True),
}
#: The types a value in a table no spec describes may have without a closer look (a float
#: goes to `row_problem`, which refuses one that is not finite).
_PLAIN = frozenset({str, int, type(None)})
#: Rows checked together, column by column.
_CHUNK = 1000
#: How a column no spec describes but declared INTEGER is screened (see `_screen_queries`).
_NUMBER = Field("", "", "float")
#: The kinds of field whose values are text of any content.
_TEXTS = ("text", "longtext", "email")
#: About how many rows' text is read joined as one value per column, and the most bytes
#: that value may have (for more, SQLite refuses it and half as many rows are joined).
_JOINED_ROWS = 5000
_JOINED_BYTES = 4_000_000


def first_problem(conn: sqlite3.Connection) -> str | None:
    """Return the first value of the file that sendsec would not write, named by record
    and field, or None when every value is one sendsec could have written."""
    # SQLite hands over text in the file's own encoding; the joined bytes are read as
    # UTF-8, so a file in UTF-16 (which sendsec never makes) is read row by row
    screen = conn.execute("PRAGMA encoding").fetchone()[0] == "UTF-8"
    for table in table_names(conn):
        columns = tuple((str(r[1]), str(r[2]))
                        for r in conn.execute(f"PRAGMA table_info({_quoted(table)})"))
        if screen and _screened(conn, table, *_screen_queries(table, columns)):
            continue
        names = [name for name, _kind in columns]
        problem = _table_problem(conn, table, _BY_TABLE.get(table), names)
        if problem:
            return problem
    return None


@lru_cache(maxsize=256)
def _screen_queries(table: str, columns: tuple[tuple[str, str], ...]) -> tuple[str, str | None]:
    """Return the queries that screen `table`, whose columns are (name, declared type):
    one that finds a row with a value `_sql_fine` does not pass, and one that joins the
    text of each column that may hold text (None when none may).

    A column no spec describes is screened for text, finite numbers or nothing
    (`row_problem`'s rule), but only for numbers or nothing when it is declared INTEGER,
    so that its values need no UTF-8 check (text there is not passed: the table is then
    read row by row, by the rule)."""
    entity = _BY_TABLE.get(table)
    fields = [_field(entity, table, name) or (_NUMBER if kind.upper() == "INTEGER" else None)
              for name, kind in columns]
    every = " AND ".join(_sql_fine(f, _quoted(name))
                         for f, (name, _kind) in zip(fields, columns, strict=True))
    # CASE, not NOT(...): a condition that comes out NULL goes to ELSE, so an unforeseen
    # NULL makes a row suspect instead of letting it through; and the condition is coded
    # as jumps, each test skipped once one before it fails
    screen = (f"SELECT 1 FROM {_quoted(table)} WHERE CASE WHEN {every} THEN 0 ELSE 1 END "
              "LIMIT 1")
    texts = [name for f, (name, _kind) in zip(fields, columns, strict=True)
             if f is None or f.kind in _TEXTS]
    if not texts:
        return screen, None
    joined = ", ".join(f"group_concat({_quoted(name)})" for name in texts)
    return screen, f"SELECT {joined} FROM {_quoted(table)}"


def _screened(conn: sqlite3.Connection, table: str, screen: str, joined: str | None) -> bool:
    """Return True when SQLite finds every value of `table` certainly fine: no row is
    found by `screen` and the text `joined` is UTF-8 (see `_screen_queries`). False says
    only "look row by row"."""
    # no value over the limit is read whole (the screen then fails on SQLite's error)
    old_limit = conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    factory, conn.text_factory = conn.text_factory, bytes
    try:
        if conn.execute(screen).fetchone():
            return False
        # every value is now known to be at most MAX_VALUE_BYTES: the joined text may be more
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, _JOINED_BYTES)
        return joined is None or _all_utf8(conn, table, joined)
    except sqlite3.Error:
        return False  # e.g. a value over the limit ('string or blob too big')
    finally:
        conn.text_factory = factory
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, old_limit)


def _all_utf8(conn: sqlite3.Connection, table: str, joined: str) -> bool:
    """Return True when the text `joined` reads from `table` (each column's values joined
    by commas, see `_screen_queries`) is valid UTF-8, decoding each column's in one call.

    Joining with an ASCII byte neither hides a bad sequence nor makes one: an ASCII byte
    (00-7F) is never part of a multi-byte sequence, so the decoder is at the start of a
    character at each value's first byte and meets its bytes exactly as it would alone,
    and a sequence cut short at a value's end stays cut short, being followed by the comma
    (or the end), not by the continuation byte (80-BF) it needs. So the joined bytes are
    UTF-8 exactly when every value is (numbers are joined as their digits, which are ASCII).

    A table whose text joined is over `_JOINED_BYTES` is read in ranges of about
    `_JOINED_ROWS` rows, and a range still too big in halves.
    """
    try:
        return _decodes(conn.execute(joined).fetchone())
    except sqlite3.DataError:  # 'string or blob too big': fewer rows at a time
        pass
    low, high, count = conn.execute(
        f"SELECT min(rowid), max(rowid), count(*) FROM {_quoted(table)}").fetchone()
    width = -(-(high - low + 1) // -(-count // _JOINED_ROWS))
    ranges = [(start, min(start + width - 1, high)) for start in range(low, high + 1, width)]
    while ranges:
        first, last = ranges.pop()
        try:
            values = conn.execute(f"{joined} WHERE rowid BETWEEN ? AND ?", [first, last]
                                  ).fetchone()
        except sqlite3.DataError:
            if first == last:
                return False
            middle = (first + last) // 2
            ranges += [(middle + 1, last), (first, middle)]
            continue
        if not _decodes(values):
            return False
    return True


def _decodes(values: tuple[bytes | None, ...]) -> bool:
    try:
        for value in values:
            if value is not None:
                value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _sql_fine(f: Field | None, column: str) -> str:
    """Return an SQL condition that is true only for a value of `column` that is certainly
    fine for `f` by `_checker`'s and `row_problem`'s rules, UTF-8 apart (`_all_utf8`).

    It may fail a value that is fine (text with a NUL over its limit in bytes): the table
    is then read row by row. Types are told mostly by comparing, which costs less than
    typeof(): SQLite orders NULL < numbers < text < blobs, and `+column` has no affinity,
    so nothing is converted before it is compared (text is >= '' and < x''; a finite
    number is > -9e999 and < 9e999, which are -inf and +inf; NaN is never stored). A
    value compared is read whole, which SQLite refuses for one over the length limit
    `_screened` sets (MAX_VALUE_BYTES). Text is compared COLLATE BINARY; its length is
    counted in bytes, or in characters when there is no NUL (length() stops at the first).
    """
    c = column
    text = f"+{c} >= '' AND +{c} < x''"
    number = f"+{c} > -9e999 AND +{c} < 9e999"
    if f is None:  # text (read whole, so at most MAX_VALUE_BYTES), a finite number, nothing
        return f"({c} IS NULL OR ({text}) OR ({number}))"
    kind = f.kind
    if kind in _TEXTS:
        limit = _text_limit(f)
        if f.required:  # required text is never empty
            text = f"+{c} > '' AND +{c} < x''"
        test = (f"{text} AND (length(CAST({c} AS BLOB)) <= {limit} OR (length({c}) <= {limit} "
                f"AND instr(CAST({c} AS BLOB), x'00') = 0))")
    elif kind == "date":
        # date(x, '+0 days') writes the day x is as YYYY-MM-DD, reading text only up to a
        # NUL and 2026-02-30 as 2026-03-02 (without a modifier, SQLite 3.40 writes back
        # the 2026-02-30 it read), so only such a date, as text, is the same; it knows a
        # year 0000 (Python does not) and writes a year before it as -YYYY (less than 0001)
        test = f"+{c} COLLATE BINARY >= '0001' AND date({c}, '+0 days') = +{c} COLLATE BINARY"
    elif kind == "time":
        test = (f"{text} AND length(CAST({c} AS BLOB)) = 5 AND ({c} GLOB '[01][0-9]:[0-5][0-9]' "
                f"OR {c} GLOB '2[0-3]:[0-5][0-9]')")
    elif kind == "choice" and f.choices:  # a number or blob is never equal to text
        choices = ", ".join("'" + choice.replace("'", "''") + "'" for choice in f.choices)
        test = f"+{c} COLLATE BINARY IN ({choices})"
    elif kind in ("bool", "direction"):  # 1.0 is equal to 1: only typeof() tells an integer
        test = f"typeof({c}) = 'integer' AND +{c} IN (0, 1)"
    elif kind in ("int", "ref"):
        test = f"typeof({c}) = 'integer'"
        if f.minimum is not None:
            test += f" AND +{c} >= {f.minimum!r}"
        if f.maximum is not None:
            test += f" AND +{c} <= {f.maximum!r}"
    elif kind == "float":
        test = number
    else:
        test = "0"  # a kind this screen does not know: the table is read row by row
    return f"({test})" if f.required else f"({c} IS NULL OR ({test}))"


def _quoted(name: str) -> str:
    """Return a table or column name (from the specs or the checked schema) quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def _text_limit(f: Field) -> int:
    """Return the most characters a file may hold in text field `f`."""
    return f.stored_max if f.name not in _BOOKKEEPING else SHORT_TEXT


def _table_problem(conn: sqlite3.Connection, table: str, entity: Entity | None,
                   names: list[str]) -> str | None:
    """Return the first problem of `table` (as `first_problem`), reading its rows into Python."""
    fields = [_field(entity, table, name) for name in names]
    checks = [_checker(f) for f in fields]
    screens = [_screen(f) for f in fields]
    rows = raw_rows(conn, table, MAX_VALUE_BYTES)
    while chunk := list(islice(rows, _CHUNK)):
        # each column of the chunk at once; only a chunk one fails is looked at row by row
        if all(map(call, screens, zip(*chunk, strict=True))):
            continue
        for row in chunk:
            if not all(map(call, checks, row)):
                problem = row_problem(entity, table, dict(zip(names, row, strict=True)))
                if problem:
                    return problem
    return None


def _screen(f: Field | None) -> Callable[[tuple[Any, ...]], bool]:
    """Return a test of one column's values in a chunk of rows that passes only when each
    of them passes `_checker(f)` (it may fail more: those rows are then checked one by one)."""
    if f is None:
        return lambda values: _PLAIN.issuperset(map(type, values))
    types = {type(None)} if not f.required else set()
    if f.kind in ("text", "longtext", "email"):
        limit = _text_limit(f)
        texts = frozenset({str, *types})
        if f.required:  # no None, and no empty text
            return lambda values: texts.issuperset(map(type, values)) and all(values) and \
                max(map(len, values), default=0) <= limit
        return lambda values: texts.issuperset(map(type, values)) and \
            max(map(len, filter(None, values)), default=0) <= limit
    ints = frozenset({int, *types})
    if f.kind in ("int", "ref") and f.minimum is None and f.maximum is None:
        return lambda values: ints.issuperset(map(type, values))
    if f.kind in ("bool", "direction"):
        bools = frozenset({0, 1, *(None for _ in types)})
        return lambda values: ints.issuperset(map(type, values)) and bools.issuperset(values)
    if f.kind in ("int", "ref"):
        low, high = _bounds(f)
        return lambda values: ints.issuperset(map(type, values)) and \
            all(low <= v <= high for v in values if v is not None)
    if f.kind == "choice":
        choices = frozenset({*f.choices, *(None for _ in types)})
        return lambda values: choices.issuperset(values)
    check = _checker(f)
    return lambda values: all(map(check, values))


def _field(entity: Entity | None, table: str, name: str) -> Field | None:
    """Return the rules for column `name` of `table` (whose spec is `entity`), or None
    where nothing describes it (the change log's columns)."""
    rule = _SCHEMA_RULES.get((table, name))
    if rule is not None or entity is None:
        return rule
    try:
        return entity.field(name)
    except KeyError:
        return _BOOKKEEPING.get(name)


def _bounds(f: Field) -> tuple[float, float]:
    """Return the least and greatest whole number `f` takes (infinite where it says none)."""
    return (-math.inf if f.minimum is None else f.minimum,
            math.inf if f.maximum is None else f.maximum)


def _checker(f: Field | None) -> Callable[[Any], bool]:
    """Return a quick test that passes the values that are certainly fine for `f`; a value
    it fails is looked at by `row_problem`, which says what is wrong (if anything)."""
    if f is None:
        return lambda v: v is None or type(v) in (str, int) or \
            (type(v) is float and math.isfinite(v))
    if f.kind in ("text", "longtext", "email"):
        limit = _text_limit(f)
        if f.required:
            return lambda v: type(v) is str and 0 < len(v) <= limit
        return lambda v: (type(v) is str and len(v) <= limit) or v is None
    if f.kind in ("int", "ref") and f.minimum is None and f.maximum is None:
        return lambda v: type(v) is int or (v is None and not f.required)
    if f.kind == "choice":
        choices = frozenset(f.choices)
        return lambda v: (type(v) is str and v in choices) or (v is None and not f.required)
    if f.kind in ("bool", "direction"):
        return lambda v: (type(v) is int and (v == 0 or v == 1)) or (v is None and not f.required)
    if f.kind in ("int", "ref"):
        low, high = _bounds(f)
        return lambda v: (type(v) is int and low <= v <= high) or (v is None and not f.required)
    if f.kind == "float":
        return lambda v: type(v) is int or (type(v) is float and math.isfinite(v)) or \
            (v is None and not f.required)

    def closer(v: Any) -> bool:
        return type(v) in (str, int, float, type(None)) and value_problem(f, v) is None \
            and (type(v) is not float or math.isfinite(v))
    if f.kind != "date":
        return closer
    seen: set[str] = set()  # the dates of this column found good (most recur)

    def date(v: Any) -> bool:
        if v in seen:
            return True
        if not closer(v):
            return False
        if type(v) is str:
            seen.add(v)
        return True
    return date


def _show(value: Any, limit: int = 40) -> str:
    text = str(value)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return "'" + " ".join(text.split()) + "'"


def _label(f: Field) -> str:
    label = f.label
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _record(entity: Entity | None, table: str, row: dict[str, Any]) -> str:
    number = row.get("id")
    number = number if isinstance(number, int) else "?"
    if entity is None:
        return f"Record {number} of '{table}'"
    if entity.name == "board":
        return entity.label
    title = row.get(entity.title)
    if isinstance(title, int | str) and not isinstance(title, bool) and str(title).strip() \
            and len(str(title)) <= 60:
        return f"{entity.label} {' '.join(str(title).split())}"
    return f"{entity.label} (record {number})"


def row_problem(entity: Entity | None, table: str, row: dict[str, Any]) -> str | None:
    """Return what is wrong with one row as `raw_rows` reads it, or None."""
    for name, value in row.items():
        f = _field(entity, table, name)
        label = _label(f) if f else name
        if value is TOO_LONG:
            return (f"{_record(entity, table, row)}: {label} is longer than anything sendsec "
                    f"writes (over {MAX_VALUE_BYTES // 1_000_000} MB)")
        if value is NOT_UTF8:
            return (f"{_record(entity, table, row)}: {label} holds bytes that are not "
                    "text (not valid UTF-8)")
        if isinstance(value, bytes):
            return f"{_record(entity, table, row)}: {label} holds binary data, not text or a number"
        if isinstance(value, float) and not math.isfinite(value):
            return f"{_record(entity, table, row)}: {label} is {value}, not a number"
        why = value_problem(f, value) if f else None
        if why:
            return f"{_record(entity, table, row)}: {label} {why}"
    return None


def value_problem(f: Field, value: Any) -> str | None:
    """Return why `value`, as read from a file, is not one the services store in field `f`."""
    if value is None:
        return "is missing" if f.required else None
    kind = f.kind
    if kind in ("text", "longtext", "email"):
        if not isinstance(value, str):
            return f"is {_show(value)}, a number where text is expected"
        if not value and f.required:
            return "is missing"
        limit = _text_limit(f)
        if len(value) > limit:
            return f"is {len(value):,} characters; the limit is {limit:,}"
        return None
    if kind == "date":
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            return f"{_show(value)} is not a date"
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return f"{_show(value)} is not a date"
        return None
    if kind == "time":
        return None if isinstance(value, str) and _TIME.fullmatch(value) else \
            f"{_show(value)} is not a time"
    if kind == "choice":
        if value in f.choices:
            return None
        return f"{_show(value)} is not one of its choices ({', '.join(f.choices[:8])})"
    if kind in ("bool", "direction"):
        return None if value in (0, 1) and isinstance(value, int) else \
            f"{_show(value)} is not yes or no"
    if kind in ("int", "ref"):
        if not isinstance(value, int) or isinstance(value, bool):
            return f"{_show(value)} is not a whole number"
        low, high = _bounds(f)
        if low <= value <= high:
            return None
        if low == high:
            return f"must be {low:g}, not {value}"
        if high == math.inf:
            return f"must be at least {low:g}, not {value}"
        return f"must be from {low:g} to {high:g}, not {value}"
    if kind == "float":
        if not isinstance(value, int | float) or isinstance(value, bool):
            return f"{_show(value)} is not a number"
        return None
    return None


def refuse_bad_values(conn: sqlite3.Connection, path: Path) -> None:
    """Raise FileRefused, naming the record and field, if the file holds a value that
    sendsec would not write (see `first_problem`)."""
    problem = first_problem(conn)
    if problem:
        raise FileUntrusted(f"'{path}': {problem}. It will not be opened. {restore_hint(path)}")

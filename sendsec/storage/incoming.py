"""Values read from a file are checked on the way in, by the rules the services write by.

A board or snapshot that passed the file checks (`sendsec.storage.database`)
can still hold values sendsec never writes, put there by another program: text
that is not UTF-8, a date of 2026-02-30, a likelihood stored as text, a value
of megabytes, nothing where a value is required. `first_problem` reads every
row once, as stored, when the file is opened, and names the first such value
by its record and field ("Action PA1.2: due date '2026-02-30' is not a date"),
so the file is refused in one line and nothing later meets a value it cannot
handle. The rules are those of the entity specs (`sendsec.domain.entities`) the
services check every edit against.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sqlite3
from collections.abc import Callable
from itertools import islice
from operator import call
from pathlib import Path
from typing import Any

from sendsec.domain.entities import ENTITIES, SHORT_TEXT, Entity, Field
from sendsec.domain.errors import FileUntrusted
from sendsec.storage.database import NOT_UTF8, TOO_LONG, column_names, raw_rows, table_names
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
#: The types a value in a table no spec describes may have without a closer look (a float
#: goes to `row_problem`, which refuses one that is not finite).
_PLAIN = frozenset({str, int, type(None)})
#: Rows checked together, column by column.
_CHUNK = 1000


def first_problem(conn: sqlite3.Connection) -> str | None:
    """Return the first value of the file that sendsec would not write, named by record
    and field, or None when every value is one sendsec could have written."""
    for table in table_names(conn):
        entity = _BY_TABLE.get(table)
        names = column_names(conn, table)
        fine = _row_test(entity, names)
        screens = [_screen(_field(entity, name)) for name in names]
        rows = raw_rows(conn, table, MAX_VALUE_BYTES)
        while chunk := list(islice(rows, _CHUNK)):
            # each column of the chunk at once; only a chunk one fails is looked at row by row
            if all(map(call, screens, zip(*chunk, strict=True))):
                continue
            for row in chunk:
                if not fine(row):
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
        limit = f.stored_max if f.name not in _BOOKKEEPING else SHORT_TEXT
        texts = frozenset({str, *types})
        return lambda values: texts.issuperset(map(type, values)) and \
            max(map(len, filter(None, values)), default=0) <= limit
    ints = frozenset({int, *types})
    if f.kind in ("int", "ref") and f.minimum is None:
        return lambda values: ints.issuperset(map(type, values))
    if f.kind in ("bool", "direction"):
        bools = frozenset({0, 1, *(None for _ in types)})
        return lambda values: ints.issuperset(map(type, values)) and bools.issuperset(values)
    if f.kind in ("int", "ref") and f.maximum is not None:
        low, high = f.minimum, f.maximum
        return lambda values: ints.issuperset(map(type, values)) and \
            all(low <= v <= high for v in values if v is not None)
    if f.kind == "choice":
        choices = frozenset({*f.choices, *(None for _ in types)})
        return lambda values: choices.issuperset(values)
    check = _checker(f)
    return lambda values: all(map(check, values))


def _row_test(entity: Entity | None, names: list[str]) -> Callable[[tuple[Any, ...]], bool]:
    """Return a quick test that passes the rows of a table whose values are certainly fine;
    a row it fails is looked at by `row_problem`, which says what is wrong (if anything)."""
    if entity is None:  # no spec names its columns (the change log): the types of its values
        return lambda row: _PLAIN.issuperset(map(type, row))
    checks = [_checker(_field(entity, name)) for name in names]
    return lambda row: all(map(call, checks, row))


def _field(entity: Entity | None, name: str) -> Field | None:
    if entity is None:
        return None
    try:
        return entity.field(name)
    except KeyError:
        return _BOOKKEEPING.get(name)


def _checker(f: Field | None) -> Callable[[Any], bool]:
    """Return a quick test that passes the values that are certainly fine for `f`; a value
    it fails is looked at by `row_problem`, which says what is wrong (if anything)."""
    if f is None:
        return lambda v: v is None or type(v) in (str, int) or \
            (type(v) is float and math.isfinite(v))
    if f.kind in ("text", "longtext", "email"):
        limit = f.stored_max if f.name not in _BOOKKEEPING else SHORT_TEXT
        return lambda v: (type(v) is str and len(v) <= limit) or (v is None and not f.required)
    if f.kind in ("int", "ref") and f.minimum is None:
        return lambda v: type(v) is int or (v is None and not f.required)
    if f.kind == "choice":
        choices = frozenset(f.choices)
        return lambda v: (type(v) is str and v in choices) or (v is None and not f.required)
    if f.kind in ("bool", "direction"):
        return lambda v: (type(v) is int and (v == 0 or v == 1)) or (v is None and not f.required)
    if f.kind in ("int", "ref") and f.minimum is not None and f.maximum is not None:
        low, high = f.minimum, f.maximum
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
        f = _field(entity, name)
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
        limit = f.stored_max if f.name not in _BOOKKEEPING else SHORT_TEXT
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
        if f.minimum is not None and f.maximum is not None and \
                not f.minimum <= value <= f.maximum:
            return f"must be from {f.minimum:g} to {f.maximum:g}, not {value}"
        return None
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

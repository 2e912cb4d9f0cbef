"""What a complete export holds: every table of the board, one sheet each, every column.

The export is a backup people can read. Each sheet is one table of the board file (board
settings, organisations, people, areas, actions and their progress updates and revised due
dates, risks and reviews, measures, data points and trajectories, the impact log, meetings
with their timetable, agenda, invitees and attendance, declarations, minutes and
resolutions, challenges, findings, the snapshots sent and the change log). Its first column,
"Key", is the record's id in the board; a reference to another record is that record's key
(so "Smith & Jones" is one person, never split into two), with the record's name beside it
for people to read.

Three more sheets make the copy exact:

- "About": the board, its id, the schema version, when it was exported, and how many
  records each sheet holds.
- "Fields": for each column of each sheet, the table and column it came from, so import
  reads the columns back by what they are, not by their headers.
- "Continued text": text longer than an Excel cell holds (32,767 characters) is split;
  the first part is in its cell, the rest here (sheet, key, column, part number).

Characters XML cannot hold (a vertical tab pasted from Word, other control characters)
and carriage returns are written as Excel's `_xHHHH_` escapes, which import turns back.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sendsec.domain.entities import ENTITIES, Entity

#: The first cell of the About sheet: how import knows a workbook is a complete export.
MARKER = "sendsec export"
ABOUT = "About"
FIELDS = "Fields"
CONTINUED = "Continued text"
FIELDS_HEADER = ("Sheet", "Column", "Table", "Field", "Kind")
CONTINUED_HEADER = ("Sheet", "Key", "Column", "Part", "Text")
#: The most characters (UTF-16 code units, as Excel counts) one cell holds.
CELL_LIMIT = 32_767
#: Whole numbers beyond this are not exact as Excel numbers; they are written as text.
EXACT_INTEGER = 2 ** 53

#: Sheet names for the tables that are not entities, and the order sheets come in.
_OTHER_SHEETS = {"board": "Board settings", "snapshots_sent": "Snapshots sent",
                 "change_log": "Change log"}
_ORDER = ("board", "organisations", "people", "areas", "actions", "action_updates",
          "action_revisions", "risks", "risk_reviews", "measures", "measure_points",
          "trajectory_points", "impact_entries", "meetings", "cycle_steps", "agenda_items",
          "invitees", "declarations", "minutes", "resolutions", "challenges", "findings",
          "snapshots_sent", "change_log")
_COMMON = {"id": "Key", "archived": "Archived", "created_at": "Created at",
           "updated_at": "Updated at"}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, the table column it holds (None for a name shown
    beside a reference, for people only), and how its value is written.

    kind: key | ref | date | int | real | text | label. For 'ref' and 'label', `ref` names
    the entity referred to.
    """

    header: str
    field: str | None
    kind: str
    ref: str | None = None


@dataclass(frozen=True)
class Sheet:
    """One table of the board as one sheet of the export."""

    name: str
    table: str
    columns: tuple[Column, ...]

    @property
    def stored(self) -> tuple[Column, ...]:
        """Return the columns that hold a table column (not the names shown for people)."""
        return tuple(c for c in self.columns if c.field is not None)


def entity_of_table(table: str) -> Entity | None:
    """Return the entity stored in `table`, or None for the board's other tables."""
    for e in ENTITIES.values():
        if e.table == table and e.name != "board":
            return e
    return ENTITIES["board"] if table == "board" else None


def sheet_name(table: str) -> str:
    """Return the sheet a table is written to (at most 31 characters, as Excel allows)."""
    e = entity_of_table(table)
    if table in _OTHER_SHEETS:
        return _OTHER_SHEETS[table]
    if e is not None:
        return e.plural[:31]
    return table.replace("_", " ").capitalize()[:31]


def describe(tables: Iterable[tuple[str, list[tuple[str, str]]]]) -> list[Sheet]:
    """Return the sheets for the given (table, [(column, declared type)]), in workbook order.

    Every column of every table is there, so a column added by a later migration is
    exported (and read back) without a change here.
    """
    known = {t: i for i, t in enumerate(_ORDER)}
    ordered = sorted(tables, key=lambda t: (known.get(t[0], len(known)), t[0]))
    out = []
    for table, columns in ordered:
        e = entity_of_table(table)
        fields = {f.name: f for f in e.fields} if e else {}
        cols: list[Column] = []
        # the key, the fields in the order the app shows them, then the rest as stored
        rank = {name: i for i, name in enumerate(("id", *fields))}
        columns = sorted(columns, key=lambda c: rank.get(c[0], len(rank)))
        for name, declared in columns:
            f = fields.get(name)
            header = _COMMON.get(name) or (f.label if f else name.replace("_", " ").capitalize())
            if name == "id":
                cols.append(Column(header, name, "key"))
            elif f is not None and f.kind == "ref" and f.ref:
                cols.append(Column(f"{header} (key)", name, "ref", f.ref))
                cols.append(Column(header, None, "label", f.ref))
            elif f is not None and f.kind == "date":
                cols.append(Column(header, name, "date"))
            elif "INT" in declared:
                cols.append(Column(header, name, "int"))
            elif any(k in declared for k in ("REAL", "FLOA", "DOUB")):
                cols.append(Column(header, name, "real"))
            else:
                cols.append(Column(header, name, "text"))
        out.append(Sheet(sheet_name(table), table, tuple(_unique_headers(cols))))
    return out


def _unique_headers(cols: list[Column]) -> Iterator[Column]:
    seen: set[str] = set()
    for c in cols:
        header = c.header
        if header.casefold() in seen:
            header = f"{header} [{c.field or 'name'}]"
        seen.add(header.casefold())
        yield Column(header, c.field, c.kind, c.ref)


# ---------------------------------------------------------------------------- values out

@dataclass(frozen=True)
class Written:
    """A value as written to its cell: the cell value, the text parts that follow it in
    "Continued text", what had to be escaped and what does not round-trip (to report by
    name)."""

    value: Any
    more: tuple[str, ...] = ()
    escaped: tuple[str, ...] = ()
    problem: str = ""  # what does not round-trip exactly, to report by name


def utf16_length(text: str) -> int:
    """Return the length of `text` as Excel counts it (characters beyond U+FFFF count two)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def write_value(col: Column, value: Any) -> Written:
    """Return how `value` of column `col` is written so that `read_value` gives it back."""
    if value is None:
        return Written(None)
    if isinstance(value, bytes):
        raise ValueError("holds binary data, which a workbook cannot hold")
    if col.kind == "date" and isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None and day.isoformat() == value and day.year >= 1900:
            return Written(dt.datetime(day.year, day.month, day.day))
        return Written(_text(value).value, (), (), f"'{value}' is not a date; written as text, "
                       "and import refuses it")
    if isinstance(value, str) and value == "":
        return Written(None, (), (), "an empty text is written as a blank cell (import reads "
                                     "it back as blank)")
    if isinstance(value, bool):
        return Written(int(value))
    if isinstance(value, int):
        return Written(value if abs(value) < EXACT_INTEGER else str(value))
    if isinstance(value, float):
        return Written(value if math.isfinite(value) else repr(value))
    return _text(str(value))


def escape(text: str) -> str:
    """Return `text` as written to a cell: characters XML cannot hold (and carriage returns)
    as `_xHHHH_`, and a '_' that would read as the start of such an escape as `_x005F_`.
    `values.excel_unescape`, which the reader applies to every cell, gives `text` back."""
    return _UNSAFE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", _LITERAL.sub("_x005F_", text))


_LITERAL = re.compile(r"_(?=x[0-9A-Fa-f]{4})")
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def _text(text: str) -> Written:
    escaped = tuple(sorted({_char_name(ch) for ch in text
                            if (ord(ch) < 0x20 and ch not in "\t\n\r") or ch in "\ufffe\uffff"}))
    whole = escape(text)
    if utf16_length(whole) <= CELL_LIMIT:
        return Written(whole, (), escaped)
    parts, start, size = [], 0, 0
    for i, ch in enumerate(text):
        # the most this character can take once escaped
        n = 7 if _UNSAFE.match(ch) or ch == "_" else (2 if ord(ch) > 0xFFFF else 1)
        if size + n > CELL_LIMIT:
            parts.append(escape(text[start:i]))
            start, size = i, 0
        size += n
    parts.append(escape(text[start:]))
    return Written(parts[0], tuple(parts[1:]), escaped)


def _char_name(ch: str) -> str:
    code = f"U+{ord(ch):04X}"
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(ord(ch), "control character")
    return f"{code} {name.lower()}"


_CONTROL_NAMES = {0: "null", 7: "bell", 8: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
                  0x1B: "escape"}


# ---------------------------------------------------------------------------- values in

def read_value(col: Column, value: Any) -> Any:
    """Return the stored value of a cell written by `write_value`; text comes from the
    reader with Excel's escapes already turned back."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if col.kind == "date" else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if col.kind in ("key", "ref", "int"):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.lstrip("-").isdigit():
            return int(value)
        return value
    if col.kind == "real":
        if isinstance(value, (int, float)):
            return float(value)
        if value in ("inf", "-inf"):
            return float(value)
        return value
    return value  # text: the reader has already turned Excel's escapes back (`unescape`)



"""Reading a complete export (see `lossless`) back into a new, empty board.

`plan` reads the workbook and says what restoring it would do, writing nothing;
`apply` writes every record, with its own key, in one transaction. A board that already
holds records is refused (restore into a new board), unless it already holds exactly the
export's records, when there is nothing to do: importing twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sendsec.domain.entities import Field
from sendsec.domain.errors import SendsecError
from sendsec.domain.validation import TooLong, coerce
from sendsec.services.board import Board, Change
from sendsec.spreadsheets import lossless as ll
from sendsec.spreadsheets.reading import Workbook, read_workbook
from sendsec.storage import dump
from sendsec.storage.schema import SCHEMA_VERSION

Progress = Callable[[int, int], None]
#: Tables not compared when deciding that a board already holds an export: the change log
#: gains a line when a board is restored.
_HISTORY = ("change_log",)


class RestoreRefused(SendsecError):
    """The export cannot be restored into this board; the message says why, in one line."""


@dataclass
class RestorePlan:
    """What restoring an export would do: the records per table, and whether the board
    already holds them (`nothing_to_do`)."""

    path: Path
    board_name: str
    board_uid: str | None
    rows: dict[str, list[dict[str, Any]]]
    sheets: dict[str, str]  # table -> sheet name
    nothing_to_do: bool = False
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Return {sheet name: records} in workbook order."""
        return {self.sheets[t]: len(rows) for t, rows in self.rows.items()}

    @property
    def has_changes(self) -> bool:
        return not self.nothing_to_do

    def summary_lines(self) -> list[str]:
        """Return the preview: one line for the export, one per sheet with records."""
        lines = [f"'{self.path.name}' is a complete export of '{self.board_name}'."]
        if self.nothing_to_do:
            lines.append("This board already holds every record of the export.")
            return lines
        total = sum(len(rows) for t, rows in self.rows.items() if t not in _HISTORY)
        history = sum(len(rows) for t, rows in self.rows.items() if t in _HISTORY)
        lines.append(f"To restore: {total:,} records"
                     + (f" and {history:,} lines of the change log." if history else "."))
        lines += [f"  {name}: {n:,}" for name, n in self.counts().items() if n]
        lines += [f"Note: {n}" for n in self.notes]
        return lines


@dataclass(frozen=True)
class RestoreResult:
    """What `apply` did: the Change (None when the board already held the export)."""

    change: Change | None

    def summary(self) -> str:
        return self.change.summary + "." if self.change else "Nothing to change."


def is_export(wb: Workbook) -> bool:
    """Return True if the workbook is a complete sendsec export (its About sheet says so)."""
    for s in wb.sheets:
        if s.name == ll.ABOUT and s.rows and s.rows[0] and s.rows[0][0] == ll.MARKER:
            return True
    return False


def plan(board: Board, path: str | Path, *, workbook: Workbook | None = None) -> RestorePlan:
    """Read the export at `path` and return what restoring it into `board` would do.

    Raises RestoreRefused (one line) for a workbook that is not a complete export, one
    made by a newer version, a value that breaks the rules of its field (named by sheet,
    key and column), or a board that already holds other records.
    """
    wb = workbook or read_workbook(path)
    name = wb.path.name
    if not is_export(wb):
        raise RestoreRefused(f"'{name}' is not a complete sendsec export (it has no '{ll.ABOUT}' "
                             "sheet saying so).")
    about = _about(wb)
    version = about.get("Schema version")
    if not isinstance(version, (int, float)) or int(version) > SCHEMA_VERSION:
        raise RestoreRefused(f"'{name}' was exported by a newer version of sendsec (schema "
                             f"{version}, this version knows {SCHEMA_VERSION}); install the "
                             "newer version to read it. Nothing was changed.")
    sheets = _sheets(board, wb)
    more = _continued(wb)
    rows: dict[str, list[dict[str, Any]]] = {}
    for sheet in sheets:
        rows[sheet.table] = _rows(wb, sheet, more)
    if more:
        (sheet_name, key, header) = next(iter(more))
        raise RestoreRefused(f"'{name}': '{ll.CONTINUED}' continues {sheet_name}, key {key}, "
                             f"{header}, which the export does not have. Nothing was changed.")
    result = RestorePlan(Path(wb.path), str(about.get("Board") or ""),
                         _text(about.get("Board id")), rows,
                         {s.table: s.name for s in sheets})
    _check_board(board, result)
    return result


def apply(board: Board, plan: RestorePlan) -> Change | None:
    """Write every record of the plan into the board in one transaction; return the Change
    (None when the board already held them). Raises RestoreRefused, with nothing written,
    if the records break the board's rules (a reference to a record the export lacks)."""
    if plan.nothing_to_do:
        return None
    _check_board(board, plan)
    return board.restore(plan.rows, source=plan.path.name)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _about(wb: Workbook) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row in wb.sheet(ll.ABOUT).rows:
        if not row or row[0] is None:
            break
        out[str(row[0])] = row[1] if len(row) > 1 else None
    return out


def _sheets(board: Board, wb: Workbook) -> list[ll.Sheet]:
    """Return the sheets the export's Fields sheet describes, checked against this board."""
    name = wb.path.name
    if not any(s.name == ll.FIELDS for s in wb.sheets):
        raise RestoreRefused(f"'{name}' has no '{ll.FIELDS}' sheet; it is not a complete export.")
    fields = wb.sheet(ll.FIELDS).rows
    if not fields or tuple(fields[0][:len(ll.FIELDS_HEADER)]) != ll.FIELDS_HEADER:
        raise RestoreRefused(f"'{name}': the '{ll.FIELDS}' sheet has been changed; it must start "
                             f"with the columns {', '.join(ll.FIELDS_HEADER)}.")
    tables = set(dump.record_tables(board.db))
    by_sheet: dict[str, tuple[str, list[ll.Column]]] = {}
    for row in fields[1:]:
        sheet, header, table, column, kind = [*row, None, None, None, None, None][:5]
        if not sheet or not header or not table:
            continue
        if table not in tables:
            raise RestoreRefused(f"'{name}': sheet '{sheet}' holds records of '{table}', which "
                                 "this version of sendsec does not keep. Nothing was changed.")
        if column:
            known = {c for c, _ in dump.table_columns(board.db, table)}
            if column not in known:
                raise RestoreRefused(f"'{name}': column '{header}' of sheet '{sheet}' holds "
                                     f"'{column}', which this version of sendsec does not keep. "
                                     "Nothing was changed.")
        entry = by_sheet.setdefault(str(sheet), (str(table), []))
        entry[1].append(ll.Column(str(header), str(column) if column else None, str(kind or
                                                                                    "text")))
    return [ll.Sheet(s, t, tuple(cols)) for s, (t, cols) in by_sheet.items()]


def _continued(wb: Workbook) -> dict[tuple[str, Any, str], list[str]]:
    """Return {(sheet, key, column header): the parts after the first, in order}."""
    if not any(s.name == ll.CONTINUED for s in wb.sheets):
        return {}
    parts: dict[tuple[str, Any, str], list[tuple[int, str]]] = {}
    for row in wb.sheet(ll.CONTINUED).rows[1:]:
        sheet, key, header, n, text = [*row, None, None, None, None, None][:5]
        if sheet is None:
            continue
        key = ll.read_value(ll.Column("Key", "id", "key"), key)
        parts.setdefault((str(sheet), key, str(header)), []).append(
            (int(n or 0), "" if text is None else str(text)))
    return {k: [t for _, t in sorted(v)] for k, v in parts.items()}


def _rows(wb: Workbook, sheet: ll.Sheet, more: dict[tuple[str, Any, str], list[str]]
          ) -> list[dict[str, Any]]:
    name = wb.path.name
    if not any(s.name == sheet.name for s in wb.sheets):
        raise RestoreRefused(f"'{name}' has no sheet '{sheet.name}', which its '{ll.FIELDS}' "
                             "sheet lists; the export is incomplete. Nothing was changed.")
    rows = wb.sheet(sheet.name).rows
    header = [str(h) if h is not None else "" for h in (rows[0] if rows else [])]
    where: dict[str, int] = {}
    for col in sheet.stored:
        if col.header not in header:
            raise RestoreRefused(f"'{name}': sheet '{sheet.name}' has no column '{col.header}'; "
                                 "the export has been changed. Nothing was changed.")
        where[col.header] = header.index(col.header)
    e = ll.entity_of_table(sheet.table)
    fields = {f.name: f for f in e.fields} if e else {}
    out = []
    for number, cells in enumerate(rows[1:], 2):
        if not any(v is not None for v in cells):
            continue
        record: dict[str, Any] = {}
        key = None
        for col in sheet.stored:
            i = where[col.header]
            raw = cells[i] if i < len(cells) else None
            value = ll.read_value(col, raw)
            if col.kind == "key":
                key = value
            record[col.field] = value  # type: ignore[index]
        for col in sheet.stored:
            parts = more.pop((sheet.name, key, col.header), None)
            if parts:
                record[col.field] = (record[col.field] or "") + "".join(parts)  # type: ignore
        for col in sheet.stored:
            f = fields.get(col.field or "")
            if f is not None:
                _check(name, sheet, key, number, col, f, record[col.field])  # type: ignore
        out.append(record)
    return out


def _check(name: str, sheet: ll.Sheet, key: Any, number: int, col: ll.Column, f: Field,
           value: Any) -> None:
    """Refuse a value that breaks its field's rules, naming where it is."""
    if value is None:
        if f.required:
            raise RestoreRefused(f"'{name}': {sheet.name}, key {key} (row {number}): "
                                 f"{col.header} is required but blank. Nothing was changed.")
        return
    try:
        coerce(f, value)
    except TooLong:
        if len(value) > f.stored_max:  # longer than the limit: kept, as the board held it
            raise RestoreRefused(f"'{name}': {sheet.name}, key {key} (row {number}): "
                                 f"{col.header} is {len(value):,} characters; the most a "
                                 f"board holds is {f.stored_max:,}. Nothing was changed.") \
                from None
    except ValueError as exc:
        raise RestoreRefused(f"'{name}': {sheet.name}, key {key} (row {number}): "
                             f"{col.header} {exc}. Nothing was changed.") from None


def _check_board(board: Board, plan: RestorePlan) -> None:
    """Refuse a board that holds records other than the export's; mark a board that
    already holds exactly the export's as having nothing to do."""
    tables = [t for t in dump.record_tables(board.db) if t != "board" and t not in _HISTORY]
    held = {t: n for t, n in dump.row_counts(board.db, tables).items() if n}
    if not held:
        return
    uid = board.settings().get("board_uid")
    where = board.path.name
    if uid and uid == plan.board_uid and _same(board, plan):
        plan.nothing_to_do = True
        return
    total = sum(held.values())
    if uid and uid == plan.board_uid:
        raise RestoreRefused(
            f"'{where}' is the board this export was taken from, and its records have changed "
            f"since ({total:,} records); {_NEW_BOARD} Nothing was changed.")
    raise RestoreRefused(
        f"'{where}' already holds {total:,} records; {_NEW_BOARD} Nothing was changed.")


_NEW_BOARD = ("a complete export is restored into a new, empty board: make one first (File > "
              "New board, or 'python -m sendsec new --db NEW.sqlite --name NAME') and import "
              "into it.")


def _same(board: Board, plan: RestorePlan) -> bool:
    for table, rows in plan.rows.items():
        if table in _HISTORY:
            continue
        held = {r["id"]: r for r in dump.all_rows(board.db, table)}
        if len(held) != len(rows):
            return False
        for row in rows:
            mine = held.get(row.get("id"))
            if mine is None or any(mine.get(k) != v for k, v in row.items()):
                return False
    return True

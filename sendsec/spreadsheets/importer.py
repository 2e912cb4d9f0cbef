"""Importing the council's Priority Action Plan and risk register from Excel or CSV.

Two steps, so people see what will happen before it does:

    plan = importer.plan(board, "PAP.xlsx")      # reads the file, changes nothing
    print("\\n".join(plan.summary_lines()))
    importer.apply(board, plan)                  # one transaction: all of it or nothing

Rows are matched to records by reference (action ref / risk ref), so importing
the same file twice changes nothing and a changed file updates only what
changed, each change through the services (so it is in the change log and can
be undone). A blank or 'TBC' cell never erases what the board holds. Rows that
cannot be imported are listed with their row number and the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sendsec.dates import short_date
from sendsec.entities import ACTION_KINDS, ACTION_STATUSES, RISK_STATUSES, entity
from sendsec.errors import SendsecError, ValidationError
from sendsec.services import Board, Change, coerce
from sendsec.spreadsheets import headers as hdr
from sendsec.spreadsheets import periods, references
from sendsec.spreadsheets import values as val
from sendsec.spreadsheets.reading import Sheet, SpreadsheetRefused, Workbook, read_workbook
from sendsec.spreadsheets.restoring import is_export
from sendsec.storage import queries

Progress = Callable[[int, int], None]
EXCEL_CELL_LIMIT = 32_767  # the most characters an Excel cell holds

_ENTITY = {"actions": "action", "risks": "risk"}
_UPDATE_ENTITY = {"actions": "action_update", "risks": "risk_review"}

_STATUS_WORDS = {
    "not started": "not started", "not yet started": "not started", "to start": "not started",
    "planned": "not started", "new": "not started",
    "in progress": "in progress", "ongoing": "in progress", "on going": "in progress",
    "started": "in progress", "underway": "in progress", "under way": "in progress",
    "open": "in progress", "live": "in progress", "active": "in progress",
    "complete": "complete", "completed": "complete", "done": "complete",
    "delivered": "complete", "achieved": "complete",
    "closed": "closed", "superseded": "closed", "withdrawn": "closed", "merged": "closed",
    "deferred": "deferred", "on hold": "deferred", "paused": "deferred", "postponed": "deferred",
}
_RISK_STATUS_WORDS = {"open": "open", "active": "open", "live": "open", "current": "open",
                      "new": "open", "escalated": "open", "closed": "closed",
                      "archived": "closed", "retired": "closed", "inactive": "closed",
                      "resolved": "closed", "mitigated": "closed"}

_AREA_HEADING = re.compile(
    r"^\s*(?P<kw>area for priority action|areas? for improvement|improvement area|"
    r"priority area|area of improvement|priority action|priority|area|theme|workstream|"
    r"work stream|dfe recommendation|recommendation|objective|strand)\s*"
    r"(?:no\.?\s*)?(?P<code>[A-Za-z]{0,3}\d+(?:\.\d+)?|[A-Za-z])(?![\w.])\s*"
    r"[:\-\u2013\u2014.)]*\s*(?P<title>.*)$", re.I | re.S)
_CODED_HEADING = re.compile(
    r"^\s*(?P<code>[A-Za-z]{1,3}\d+(?:\.\d+)?|[A-Za-z])\s*[:)\-\u2013\u2014]\s*(?P<title>\S.*)$",
    re.S)
_KW_PREFIX = {"priority": "P", "priority area": "P", "priority action": "P",
              "area for priority action": "P", "improvement area": "AFI",
              "area for improvement": "AFI", "areas for improvement": "AFI",
              "area of improvement": "AFI", "recommendation": "R", "dfe recommendation": "R",
              "theme": "T", "workstream": "W", "work stream": "W", "objective": "O",
              "strand": "S", "area": ""}


# --------------------------------------------------------------------------- the plan

@dataclass
class RowNote:
    """Something about one row of the sheet: why it was skipped, or a warning."""

    sheet: str
    row: int  # as Excel numbers it (1 = the first row)
    ref: str | None
    message: str

    def __str__(self) -> str:
        ref = f" ({self.ref})" if self.ref else ""
        return f"{where(self.sheet, self.row)}{ref}: {self.message}"


def where(sheet: str, row: int) -> str:
    """Return 'row 5', or 'table 2, row 5' for a table of a Word document."""
    return f"{sheet.lower()}, row {row}" if _WORD_TABLE.fullmatch(sheet) else f"row {row}"


_WORD_TABLE = re.compile(r"Table \d+")


@dataclass
class PlannedRow:
    """One record to add or update, with its values in stored form.

    `owner` and `area` are keys into the plan's people and areas (which may be new),
    resolved when the plan is applied. `changes` (updates only) maps each field's
    label to (old, new) as people read them. `history` is the progress update or
    risk review to add, if any.
    """

    sheet: str
    row: int
    ref: str
    values: dict[str, Any]
    owner: str | None = None
    area: str | None = None
    record_id: int | None = None
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    history: dict[str, Any] | None = None
    lead: str | None = None
    area_label: str = ""
    #: earlier progress updates (month-named columns), oldest first, added before `history`
    earlier: list[dict[str, Any]] = field(default_factory=list)
    #: how values were read that the preview must show ('due 30/09/2025: read as ...')
    flags: list[str] = field(default_factory=list)


@dataclass
class NewPerson:
    """A person named as an owner who is not on the board yet (created as a member)."""

    key: str
    name: str
    title: str | None
    organisation_id: int | None
    rows: list[int] = field(default_factory=list)


@dataclass
class NewArea:
    """An area named in the sheet that the board does not have yet."""

    key: str
    code: str
    title: str
    kind: str
    rows: list[int] = field(default_factory=list)


@dataclass
class SheetPlan:
    """What importing one sheet will do."""

    name: str
    kind: str  # 'actions' | 'risks'
    header_row: int  # 1-based
    headers: tuple[str, ...]
    mapping: dict[int, str]
    adds: list[PlannedRow] = field(default_factory=list)
    updates: list[PlannedRow] = field(default_factory=list)
    unchanged: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[RowNote] = field(default_factory=list)
    warnings: list[RowNote] = field(default_factory=list)
    #: how the sheet is read, for the preview (references in the text, month-named columns)
    notes: list[str] = field(default_factory=list)

    @property
    def ignored_columns(self) -> list[str]:
        """Return the headers of the columns that are not read."""
        return [h for i, h in enumerate(self.headers) if h.strip() and i not in self.mapping]


@dataclass
class ImportPlan:
    """What an import will do: per sheet, the rows to add, update and skip; people and areas to create."""

    path: Path
    sheets: list[SheetPlan]
    new_people: dict[str, NewPerson]
    new_areas: dict[str, NewArea]
    today: dt.date
    encoding: str | None = None
    not_imported: list[str] = field(default_factory=list)  # other sheets and why
    board_state: int = 0
    #: {kind: {reference key: where it was first read}}: a reference is imported once per file
    seen: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict, repr=False)

    def _all(self, name: str) -> list:
        return [x for s in self.sheets for x in getattr(s, name)]

    @property
    def adds(self) -> list[PlannedRow]:
        return self._all("adds")

    @property
    def updates(self) -> list[PlannedRow]:
        return self._all("updates")

    @property
    def unchanged(self) -> list[tuple[int, str]]:
        return self._all("unchanged")

    @property
    def skipped(self) -> list[RowNote]:
        return self._all("skipped")

    @property
    def warnings(self) -> list[RowNote]:
        return self._all("warnings")

    @property
    def history(self) -> list[PlannedRow]:
        """Return the rows that add a progress update or risk review."""
        return [r for r in self.adds + self.updates if r.history]

    @property
    def has_changes(self) -> bool:
        return bool(self.adds or self.updates)

    def counts(self) -> dict[str, int]:
        return {"add": len(self.adds), "update": len(self.updates),
                "unchanged": len(self.unchanged), "skipped": len(self.skipped),
                "warnings": len(self.warnings), "people": len(self.new_people),
                "areas": len(self.new_areas)}

    def summary_lines(self, *, detail: bool = True) -> list[str]:
        """Return the preview as lines of text: counts, then every skipped row and warning."""
        c = self.counts()
        lines = []
        for s in self.sheets:
            what = "actions" if s.kind == "actions" else "risks"
            name = s.name if _WORD_TABLE.fullmatch(s.name) else f"Sheet '{s.name}'"
            lines.append(f"{name}: {what}, header on row {s.header_row}.")
            if s.ignored_columns:
                lines.append("  Columns not read: " + ", ".join(s.ignored_columns))
            lines += [f"  {n}" for n in s.notes]
        lines += [f"Not imported: {n}" for n in self.not_imported]
        lines.append(f"{c['add']} to add, {c['update']} to update, {c['unchanged']} unchanged, "
                     f"{c['skipped']} skipped.")
        for kind, noun in (("actions", "progress update"), ("risks", "risk review")):
            n = sum(1 for s in self.sheets if s.kind == kind for r in s.adds + s.updates
                    if r.history)
            if n:
                lines.append(f"{_count(n, 'new ' + noun)} (dated as in the sheet, by the month "
                             "its column names, or today).")
        if self.new_people:
            lines.append(f"{_count(len(self.new_people), 'person', 'people')} to create "
                         f"({'as a member' if len(self.new_people) == 1 else 'as members'}): "
                         + ", ".join(p.name for p in self.new_people.values()))
        if self.new_areas:
            lines.append(f"{_count(len(self.new_areas), 'area')} to create: " + ", ".join(
                f"{a.code} ({_short(a.title, 50)})"
                for a in sorted(self.new_areas.values(), key=lambda a: _natural(a.code))))
        if not detail:
            return lines
        for r in self.updates:
            lines.append(f"Update {where(r.sheet, r.row)} ({r.ref}): " + "; ".join(
                [f"{label}: {old or '(blank)'} -> {new or '(blank)'}"
                 for label, (old, new) in r.changes.items()] + r.flags))
        for note in self.skipped:
            lines.append(f"Skipped {note}")
        for note in self.warnings:
            lines.append(f"Warning {note}")
        if self.adds:
            lines.append(f"{_count(len(self.adds), 'row')} to add:")
            lines += ["  " + add_line(r) for r in self.adds]
        return lines


@dataclass
class ImportResult:
    """What `apply` did, and the Change that undoes all of it."""

    added: int
    updated: int
    history_added: int
    people_created: list[str]
    areas_created: list[str]
    change: Change | None

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated"]
        if self.history_added:
            parts.append(f"{self.history_added} progress "
                         f"{'update/review' if self.history_added == 1 else 'updates/reviews'}"
                         " recorded")
        if self.people_created:
            parts.append(f"{_count(len(self.people_created), 'person', 'people')} created")
        if self.areas_created:
            parts.append(f"{_count(len(self.areas_created), 'area')} created")
        return "Imported: " + ", ".join(parts) + "."


def add_line(r: PlannedRow) -> str:
    """Return one row to add as the preview lists it: where, reference, title, area, due date
    and how any value was read ('Add row 7 (2.1): Clear the backlog; area P2; due 30/09/2025,
    read as ...')."""
    parts = [f"Add {where(r.sheet, r.row)} ({r.ref}): {_short(r.values.get('title') or '', 70)}"]
    if r.area_label:
        parts.append(f"area {r.area_label}")
    due = r.values.get("due_date")
    parts.append(f"due {short_date(due)}" if due else "no due date")
    parts += r.flags
    return "; ".join(parts)


def _count(n: int, noun: str, plural: str | None = None) -> str:
    """Return '1 area' or '3 areas' ('1 person', '2 people' with the plural given)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def _natural(text: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.casefold())
                 for p in re.split(r"(\d+)", text or "") if p)


# --------------------------------------------------------------------------- what the board has

class _Known:
    """The board's records loaded once, so planning 10,000 rows runs no per-row queries."""

    def __init__(self, board: Board, kind: str):
        e = _ENTITY[kind]
        self.kind = kind
        self.records = board.rows(e, include_archived=True)
        self.by_ref = {val.ref_key(r["ref"]): r for r in self.records}
        people = board.rows("person")
        self.people = {p["id"]: p for p in board.rows("person", include_archived=True)}
        self.person_by_key: dict[str, int] = {}
        for p in people:
            self.person_by_key.setdefault(val.name_key(p["name"]), p["id"])
            if p.get("email"):
                self.person_by_key.setdefault(p["email"].strip().casefold(), p["id"])
        self.orgs: dict[str, int] = {}
        for o in board.rows("organisation"):
            for n in (o["name"], o["short_name"]):
                if n:
                    self.orgs.setdefault(val.name_key(n), o["id"])
        self.areas = board.rows("area", include_archived=True)
        self.area_by_code = {a["code"].casefold(): a for a in self.areas}
        self.area_by_title = {val.name_key(a["title"]): a for a in self.areas}
        table, parent, date_col, text_col = (
            ("action_updates", "action_id", "update_date", "narrative") if kind == "actions"
            else ("risk_reviews", "risk_id", "review_date", "note"))
        self.history = queries.history_per_parent(board.db, table, parent, date_col)
        self.history_texts = {pid: {_squash(h[text_col]) for h in rows if h[text_col]}
                              for pid, rows in self.history.items()}


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def _short(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 3] + "..."


# --------------------------------------------------------------------------- planning

def plan(board: Board, path: str | Path, *, sheet: str | None = None, kind: str = "auto",
         mapping: dict[int, str | None] | None = None, today: dt.date | None = None,
         progress: Progress | None = None, workbook: Workbook | None = None) -> ImportPlan:
    """Read `path` and return what importing it would do; nothing is written.

    `sheet` picks one sheet (else every sheet with action or risk columns is
    planned); `kind` forces 'actions' or 'risks'; `mapping` ({column index:
    field or None}) overrides the columns found from the headers (one sheet
    only). Raises SendsecError (one line, naming the file) for a file it cannot
    read or a sheet with no recognisable header row.
    """
    if kind not in ("auto", *hdr.KINDS):
        raise SendsecError(f"--kind must be actions, risks or auto, not '{kind}'.")
    if today is None:
        from sendsec.registers import today as _today
        today = _today()
    wb = workbook or read_workbook(path)
    if is_export(wb):  # a complete export is restored (sendsec.spreadsheets.restoring)
        raise SendsecError(f"'{wb.path.name}' is a complete sendsec export: it is restored into "
                           "a new, empty board (python -m sendsec import --db NEW.sqlite "
                           f"'{wb.path.name}'), not merged into this one.")
    if mapping is not None and sheet is None and len(wb.sheets) > 1:
        raise SendsecError("A column mapping can only be given for one sheet; choose the sheet.")
    targets: list[tuple[Sheet, hdr.HeaderFound, dict[int, str]]] = []
    not_imported: list[str] = []
    if sheet is not None or len(wb.sheets) == 1:
        s = wb.sheet(sheet)
        _require_rows(wb, s)
        found = hdr.find_header(s.rows, kind, s.name)
        targets.append((s, found, _columns(s, found, mapping)))
    else:
        first_error: SendsecError | None = None
        for s in wb.sheets:
            try:
                found = hdr.find_header(s.rows, kind, s.name)
                if kind != "auto" and (auto := hdr.find_header(s.rows, "auto", s.name)).kind \
                        != kind:
                    _columns(s, auto, None)  # raises for a sheet that is of neither kind
                    raise SendsecError(f"it holds {auto.kind}, not {kind}")
                targets.append((s, found, _columns(s, found, None)))
            except SendsecError as exc:
                first_error = first_error or exc
                why = _first_line(exc) if kind != "auto" and "holds" in str(exc) else \
                    "not an action plan or risk register"
                name = s.name.lower() if where(s.name, 1) != "row 1" else f"sheet '{s.name}'"
                not_imported.append(f"{name} ({why})")
        if not targets:
            if all(not s.rows for s in wb.sheets):
                raise SpreadsheetRefused(f"'{wb.path.name}' is empty: no sheet has any data.")
            raise SendsecError(f"'{wb.path.name}': {first_error}")
    known: dict[str, _Known] = {}
    result = ImportPlan(Path(wb.path), [], {}, {}, today, wb.encoding, not_imported,
                        _board_state(board))
    total = sum(max(0, len(s.rows) - f.row - 1) for s, f, _ in targets) or 1
    done = 0
    for s, found, cols in targets:
        sp = SheetPlan(s.name, found.kind, found.row + 1, found.headers, cols)
        k = known.setdefault(found.kind, _Known(board, found.kind))
        planner = _SheetPlanner(board, result, sp, k, today, wb.path.name)

        def tick(n: int, _base: int = done) -> None:
            if progress:
                progress(_base + n, total)

        planner.run(s.rows, tick, s.above)
        if not planner.refs_found and "ref" not in cols.values():
            raise SendsecError(
                f"Sheet '{s.name}' has no reference column (Ref, Reference, No. or ID) and no "
                "action starts with its reference ('Action 2.1:', 'PA2.1 -', '2.1'): rows "
                "cannot be matched to records without one.")
        done += max(0, len(s.rows) - found.row - 1)
        result.sheets.append(sp)
    if progress:
        progress(total, total)
    return result


def _columns(s: Sheet, found: hdr.HeaderFound, mapping: dict[int, str | None] | None
             ) -> dict[int, str]:
    """Return {column index: field} for a sheet: as found, with the person's choices applied."""
    cols = dict(found.mapping)
    if mapping is not None:
        allowed = set(hdr.field_labels(found.kind))
        for index, f in mapping.items():
            index = int(index)
            if f is None:
                cols.pop(index, None)
                continue
            if f not in allowed:
                raise SendsecError(f"'{f}' is not a column that can be imported into "
                                   f"{found.kind}.")
            for other in [i for i, g in cols.items() if g == f and i != index]:
                del cols[other]
            cols[index] = f
    for index in [i for i, f in cols.items() if f == "title_ref"]:
        for other in [i for i, g in cols.items() if g == "title" and i != index]:
            del cols[other]
    if "ref" not in cols.values() and "title" not in cols.values() and \
            "title_ref" not in cols.values():
        raise SendsecError(f"Sheet '{s.name}' has no reference column (Ref, Reference, No. or "
                           "ID): rows cannot be matched to records without one.")
    if "title" not in cols.values() and "title_ref" not in cols.values():
        noun = "action" if found.kind == "actions" else "risk"
        raise SendsecError(f"Sheet '{s.name}' has no {noun} column (e.g. "
                           f"'{noun.capitalize()}' or 'Description').")
    return cols


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _require_rows(wb: Workbook, s: Sheet) -> None:
    if s.rows:
        return
    if len(wb.sheets) == 1:
        raise SpreadsheetRefused(f"'{wb.path.name}' is empty: it has no rows to import.")
    raise SpreadsheetRefused(f"Sheet '{s.name}' of '{wb.path.name}' is empty.")


def _board_state(board: Board) -> int:
    rows = board.change_log(limit=1)
    return rows[0]["id"] if rows else 0


class _SheetPlanner:
    def __init__(self, board: Board, result: ImportPlan, sp: SheetPlan, known: _Known,
                 today: dt.date, filename: str):
        self.board = board
        self.result = result
        self.sp = sp
        self.k = known
        self.today = today
        self.filename = filename
        self.entity = entity(_ENTITY[sp.kind])
        self.seen = result.seen.setdefault(sp.kind, {})
        self.area_key: str | None = None
        self.header_keys = [hdr.normalise(h) for h in sp.headers]
        self.refs_found = 0
        self.row_flags: list[str] = []
        self.months: list[periods.MonthColumn] = []
        self.refs_in_text = "title_ref" in sp.mapping.values() or "ref" not in sp.mapping.values()
        if self.refs_in_text:
            sp.notes.append(f"References are taken from the start of '{self.header_of('title')}' "
                            "('Action 2.1: ...' is 2.1) and left out of the title.")

    def read_months(self, title_rows: list[list[Any]]) -> None:
        """Find the month-named progress columns and say in the preview how they are dated."""
        self.months = periods.month_columns(self.sp.headers, self.sp.mapping, title_rows,
                                            self.today)
        self.sp.notes += [m.rule for m in self.months]

    # ---------------------------------------------------------------- rows
    def run(self, rows: list[list[Any]], tick: Callable[[int], None], above: list[str]) -> None:
        start = self.sp.header_row  # index of the first data row
        title_rows: list[list[Any]] = [[t] for t in above] + rows[:start - 1]
        self.read_months(title_rows)
        for number, cells in enumerate(title_rows, 1 - len(above)):
            # 'Priority 2: Timeliness ...' above the header is the area of the rows below it
            texts = {c.strip() for c in cells if isinstance(c, str) and c.strip()}
            if len(texts) == 1 and _AREA_HEADING.match(next(iter(texts))):
                self.area_key = self.area_heading(next(iter(texts)), number)
        for offset, cells in enumerate(rows[start:]):
            if offset % 250 == 0:
                tick(offset)
            self.row(start + offset + 1, cells)

    def skip(self, row: int, ref: str | None, message: str) -> None:
        self.sp.skipped.append(RowNote(self.sp.name, row, ref, message))

    def warn(self, row: int, ref: str | None, message: str) -> None:
        self.sp.warnings.append(RowNote(self.sp.name, row, ref, message))

    def cell(self, cells: list[Any], name: str) -> Any:
        for i, f in self.sp.mapping.items():
            if f == name or (name == "title" and f == "title_ref"):
                return cells[i] if i < len(cells) else None
        return None

    def has(self, name: str) -> bool:
        return name in self.sp.mapping.values() or (
            name == "title" and "title_ref" in self.sp.mapping.values())

    def row(self, number: int, cells: list[Any]) -> None:
        filled = [(i, c) for i, c in enumerate(cells) if not val.is_blank(c)]
        if not filled:
            return
        if [hdr.normalise(c) for c in cells[:len(self.header_keys)]] == \
                self.header_keys[:len(cells)]:
            return  # the header repeated (e.g. above each area)
        distinct = {val.cell_text(c).strip() for _, c in filled}
        ref = val.read_ref(self.cell(cells, "ref"))
        if (ref is None or "title_ref" in self.sp.mapping.values()) and len(distinct) > 1:
            found = references.split_leading_ref(val.read_text(self.cell(cells, "title")))
            if found:
                ref = found[0]
        if len(distinct) == 1 and isinstance(filled[0][1], str):
            heading = self.area_heading(filled[0][1], number)
            if heading is not None:
                self.area_key = heading
                return
            if ref is None or len(ref) > 20:
                col = filled[0][0]
                header = self.sp.headers[col] if col < len(self.sp.headers) else ""
                column = f"column '{header}'" if header.strip() else f"column {col + 1}"
                self.skip(number, None, f"not a record: only '{_short(filled[0][1], 50)}' "
                                        f"in {column}")
                return
        if ref is None:
            title = val.read_text(self.cell(cells, "title"))
            what = f" ('{_short(title, 40)}')" if title else ""
            self.skip(number, None, f"no reference{what}")
            return
        key = val.ref_key(ref)
        if key in self.seen:
            sheet, first = self.seen[key]
            place = where(sheet, first)
            if sheet != self.sp.name and not _WORD_TABLE.fullmatch(sheet):
                place += f" of sheet '{sheet}'"
            self.skip(number, ref, f"duplicate reference: {ref} is also on {place}; "
                                   "only the first is imported")
            return
        self.refs_found += 1
        self.seen[key] = (self.sp.name, number)
        existing = self.k.by_ref.get(key)
        if existing and existing["archived"]:
            self.skip(number, ref, f"{existing['ref']} is archived in the board; restore it "
                                   "first to import changes to it")
            return
        try:
            planned = self.read_row(number, ref, cells, existing)
        except _Skip as exc:
            self.skip(number, ref, str(exc))
            return
        if existing is None:
            self.sp.adds.append(planned)
            return
        planned.record_id = existing["id"]
        planned.changes = self.diff(existing, planned)
        if planned.changes or planned.history:
            if planned.history and not planned.changes:
                noun = "progress update" if self.sp.kind == "actions" else "review"
                planned.changes = {f"New {noun}": ("", _short(planned.history.get(
                    "narrative") or planned.history.get("note") or "", 60))}
            self.sp.updates.append(planned)
        else:
            self.sp.unchanged.append((number, existing["ref"]))

    # ---------------------------------------------------------------- values
    def read_row(self, number: int, ref: str, cells: list[Any], existing: dict | None
                 ) -> PlannedRow:
        out: dict[str, Any] = {"ref": ref if existing is None else existing["ref"]}
        kind = self.sp.kind
        title = val.read_text(self.cell(cells, "title"))
        if kind == "risks":
            title = title or None
        if title is None and existing is None:
            noun = "action" if kind == "actions" else "risk"
            raise _Skip(f"no {noun} text: the '{self.header_of('title')}' cell is blank")
        if title is not None:
            out["title"] = references.without_ref(title, ref)
        planned = PlannedRow(self.sp.name, number, ref, out)
        self.row_flags = planned.flags
        if kind == "actions":
            self.read_action(number, ref, cells, existing, planned)
        else:
            self.read_risk(number, ref, cells, existing, planned)
        # every value in its stored form; a value too long for its field skips the row
        for name in list(out):
            f = self.entity.field(name)
            try:
                out[name] = coerce(f, out[name])
            except ValueError as exc:
                raise _Skip(f"{f.label}: {exc}") from None
        planned.area = self.read_area(cells, number)
        planned.area_label = self.area_label(planned.area)
        planned.owner = self.read_owner(cells, number, ref)
        if kind == "actions":
            planned.lead = self.read_owner(cells, number, ref, "lead")
        return planned

    def area_label(self, key: str | None) -> str:
        if key is None:
            return ""
        if key.startswith("id:"):
            return self.person_or_area("area_id", int(key[3:]))
        return self.result.new_areas[key].code

    def header_of(self, name: str) -> str:
        for i, f in self.sp.mapping.items():
            if (f == name or (name == "title" and f == "title_ref")) and i < len(self.sp.headers):
                return self.sp.headers[i].strip() or name
        return name

    def date(self, cells: list[Any], name: str, number: int, ref: str) -> dt.date | None:
        if not self.has(name):
            return None
        raw = self.cell(cells, name)
        try:
            d = val.read_date(raw)
        except ValueError as exc:
            # a month, quarter or week is read to its last day and flagged; anything else is
            # left blank and flagged, never guessed
            text = val.cell_text(raw).strip()
            period = periods.read_period(text)
            if period is None:
                why = _first_line(exc).split(" (")[0].removeprefix(f"'{text}' ")
                why = "" if why == "is not a date" else f" (it {why})"
                self.warn(number, ref, f"'{self.header_of(name)}' is '{_short(text, 40)}', "
                                       f"which cannot be read as a date{why}: no date recorded")
                self.row_flags.append(f"'{self.header_of(name)}' '{_short(text, 30)}' not "
                                      "read")
                return None
            self.row_flags.append(f"'{self.header_of(name)}' '{text}' {period.note}")
            return period.date
        if d is None and not val.is_blank(raw):
            self.warn(number, ref, f"'{self.header_of(name)}' is "
                                   f"'{val.cell_text(raw).strip()}': no date recorded")
        return d

    def text(self, cells: list[Any], name: str) -> str | None:
        return val.read_text(self.cell(cells, name)) if self.has(name) else None

    def read_action(self, number: int, ref: str, cells: list[Any], existing: dict | None,
                    planned: PlannedRow) -> None:
        out = planned.values
        for name in ("description", "organisations", "success_measure", "target", "baseline",
                     "revision_reason"):
            text = self.text(cells, name)
            if text is not None:
                out[name] = text
        for name in ("start_date", "due_date", "revised_due_date"):
            d = self.date(cells, name, number, ref)
            if d is not None:
                out[name] = d
        rag = status = None
        if self.has("rag"):
            rag = self.rag(cells, "rag", number, ref)
        if self.has("status"):
            status = self.status(self.cell(cells, "status"), number, ref)
        if self.has("rag_or_status"):
            raw = self.cell(cells, "rag_or_status")
            if not val.is_missing(raw):
                try:
                    rag = val.read_rag(raw)
                except ValueError:
                    status = self.status(raw, number, ref)
        if self.has("kind"):
            raw = self.cell(cells, "kind")
            if not val.is_blank(raw):
                word = val.cell_text(raw).strip().casefold()
                k = ("board" if "board" in word or "minute" in word else
                     "plan" if word in ("plan", "pap", "priority action plan", "action plan")
                     else None)
                if k in ACTION_KINDS:
                    out["kind"] = k
                else:
                    self.warn(number, ref, f"kind '{val.cell_text(raw).strip()}' is not "
                                           "'plan' or 'board': read as a plan action")
        monthly = self.monthly_updates(cells, number, ref, rag, existing)
        if rag is None and monthly and monthly[-1]["rag"] != (existing or {}).get("rag"):
            rag = monthly[-1]["rag"]  # the RAG of the latest month is the action's RAG
        if rag is not None:
            out["rag"] = rag
        current_status = existing["status"] if existing else "not started"
        if status is None and rag == "blue" and current_status in ("not started", "in progress"):
            status = "complete"
        elif status is None and rag is not None and current_status == "not started":
            status = "in progress"
        if status is not None:
            out["status"] = status
        known = self.k.history_texts.get(existing["id"], set()) if existing else set()
        planned.earlier = [h for h in monthly if _squash(h["narrative"]) not in known]
        planned.history = self.latest_update(cells, number, ref, rag, existing, known)
        if planned.history is None and planned.earlier:
            planned.history = planned.earlier.pop()

    def latest_update(self, cells: list[Any], number: int, ref: str, rag: str | None,
                      existing: dict | None, known: set[str]) -> dict[str, Any] | None:
        """Return the progress update of the 'Latest update' column, if it is new."""
        update = self.text(cells, "update")
        if update is None or not update.strip() or _squash(update) in known:
            return None
        history_rag = rag or (existing or {}).get("rag")
        if history_rag is None:
            self.warn(number, ref, "the update is not recorded as a progress update: the "
                                   "row has no RAG (a progress update needs one)")
            return None
        when = self.date(cells, "update_date", number, ref) or self.today
        history: dict[str, Any] = {"update_date": when, "rag": history_rag,
                                   "narrative": update}
        evidence = self.text(cells, "evidence")
        if evidence:
            history["evidence"] = evidence
        return history

    def monthly_updates(self, cells: list[Any], number: int, ref: str, rag: str | None,
                        existing: dict | None) -> list[dict[str, Any]]:
        """Return the progress updates of the month-named columns, oldest first."""
        out = []
        for m in self.months:
            text = val.read_text(cells[m.index] if m.index < len(cells) else None)
            if text is None or not text.strip():
                continue
            month_rag = None
            if m.rag_index is not None and m.rag_index < len(cells):
                raw = cells[m.rag_index]
                try:
                    month_rag = val.read_rag(raw)
                except ValueError:
                    self.warn(number, ref, f"RAG '{val.cell_text(raw).strip()}' is not Red, "
                                           "Amber, Green or Blue: RAG not imported")
            month_rag = month_rag or rag or (existing or {}).get("rag")
            if month_rag is None:
                self.warn(number, ref, f"'{_short(m.header, 40)}' is not recorded as a progress "
                                       "update: there is no RAG beside it (a progress update "
                                       "needs one)")
                continue
            out.append({"update_date": m.date, "rag": month_rag, "narrative": text})
        return sorted(out, key=lambda h: h["update_date"])

    def rag(self, cells: list[Any], name: str, number: int, ref: str) -> str | None:
        raw = self.cell(cells, name)
        try:
            return val.read_rag(raw)
        except ValueError:
            self.warn(number, ref, f"RAG '{val.cell_text(raw).strip()}' is not Red, Amber, "
                                   "Green or Blue: RAG not imported")
            return None

    def status(self, raw: Any, number: int, ref: str) -> str | None:
        if val.is_missing(raw):
            return None
        word = " ".join(val.cell_text(raw).replace("-", " ").split()).casefold()
        if word in _STATUS_WORDS:
            return _STATUS_WORDS[word]
        self.warn(number, ref, f"status '{val.cell_text(raw).strip()}' is not one of "
                               f"{', '.join(ACTION_STATUSES)}: status not imported")
        return None

    def read_risk(self, number: int, ref: str, cells: list[Any], existing: dict | None,
                  planned: PlannedRow) -> None:
        out = planned.values
        for name in ("category", "controls", "mitigation", "linked_actions"):
            text = self.text(cells, name)
            if text is not None:
                out[name] = text
        description = self.text(cells, "description")
        parts = [(label, self.text(cells, name)) for label, name in
                 (("Cause", "cause"), ("Event", "event"), ("Consequence", "consequence"))]
        parts = [(label, t) for label, t in parts if t]
        if parts:
            joined = "\n".join(f"{label}: {t}" for label, t in parts)
            description = f"{description}\n{joined}" if description else joined
        if description is not None:
            out["description"] = description
        scores: dict[str, int | None] = {}
        for prefix in ("inherent", "current", "target"):
            for part in ("likelihood", "impact"):
                name = f"{prefix}_{part}"
                if not self.has(name):
                    continue
                raw = self.cell(cells, name)
                try:
                    scores[name] = val.read_score(raw)
                except ValueError as exc:
                    raise _Skip(f"'{self.header_of(name)}': {exc}") from None
            lk, im = scores.get(f"{prefix}_likelihood"), scores.get(f"{prefix}_impact")
            if (lk is None) != (im is None) and self.has(f"{prefix}_likelihood") and \
                    self.has(f"{prefix}_impact"):
                self.warn(number, ref, f"{prefix} likelihood and impact: only one is given; "
                                       "neither is imported")
                scores[f"{prefix}_likelihood"] = scores[f"{prefix}_impact"] = None
                lk = im = None
            score_col = f"{prefix}_score"
            if self.has(score_col):
                raw = self.cell(cells, score_col)
                if not val.is_missing(raw):
                    try:
                        stated = val.read_number(raw)
                    except ValueError:
                        stated = None
                    if lk and im and stated is not None and stated != lk * im:
                        self.warn(number, ref, f"'{self.header_of(score_col)}' says "
                                               f"{val.cell_text(raw)} but likelihood {lk} x "
                                               f"impact {im} is {lk * im}; the likelihood and "
                                               "impact are imported")
        for name, score in scores.items():
            if score is not None:
                out[name] = score
        if existing is None and (out.get("current_likelihood") is None
                                 or out.get("current_impact") is None):
            raise _Skip("no current likelihood and impact (1-5 each): a risk needs both")
        target = self.date(cells, "target_date", number, ref)
        if target is not None:
            out["target_date"] = target
        if self.has("status"):
            raw = self.cell(cells, "status")
            if not val.is_missing(raw):
                word = " ".join(val.cell_text(raw).split()).casefold()
                if word in _RISK_STATUS_WORDS:
                    out["status"] = _RISK_STATUS_WORDS[word]
                else:
                    self.warn(number, ref, f"status '{val.cell_text(raw).strip()}' is not "
                                           f"{' or '.join(RISK_STATUSES)}: status not imported")
        note = self.text(cells, "review_note")
        lk, im = out.get("current_likelihood"), out.get("current_impact")
        scores_changed = existing is not None and lk is not None and im is not None and (
            (lk, im) != (existing["current_likelihood"], existing["current_impact"]))
        new_note = bool(note and note.strip()) and (
            existing is None
            or _squash(note) not in self.k.history_texts.get(existing["id"], set()))
        if scores_changed or new_note:
            when = self.date(cells, "review_date", number, ref)
            if scores_changed or when is None:
                when = self.today
            planned.history = {
                "review_date": when,
                "likelihood": lk if lk is not None else existing["current_likelihood"],
                "impact": im if im is not None else existing["current_impact"],
                "note": note if new_note else f"Scores updated from {self.filename}",
            }

    # ---------------------------------------------------------------- areas and people
    def area_heading(self, text: str, number: int) -> str | None:
        """Return the plan's key of the area a heading row names, or None if it is not one."""
        m = _AREA_HEADING.match(text) or _CODED_HEADING.match(text)
        if not m:
            return None
        kw = (m.groupdict().get("kw") or "").casefold()
        kw = " ".join(kw.split())
        return self.resolve_area(m["code"], (m["title"] or "").strip(" :-\u2013\u2014\n"),
                                 kw, text, number)

    def resolve_area(self, code: str | None, title: str, kw: str, raw: str, number: int
                     ) -> str:
        candidates = []
        if code:
            prefix = _KW_PREFIX.get(kw, "")
            candidates = [code, f"{prefix}{code}", f"{kw} {code}".strip()]
            if code.isdigit():
                candidates += [f"P{code}", f"PA{code}", f"AFI{code}"]
        for c in candidates:
            area = self.k.area_by_code.get(c.casefold())
            if area:
                return f"id:{area['id']}"
        if title:
            area = self.k.area_by_title.get(val.name_key(title))
            if area:
                return f"id:{area['id']}"
        new_code = (code if code and not code.isdigit() else
                    f"{_KW_PREFIX.get(kw, '')}{code}" if code else
                    title if len(title) <= 40 else _short(title, 40))
        key = f"new:{new_code.casefold()}"
        if key not in self.result.new_areas:
            kind = ("area for improvement" if "improvement" in kw else
                    "DfE recommendation" if "recommendation" in kw else
                    "area for priority action")
            self.result.new_areas[key] = NewArea(key, new_code, title or raw.strip(), kind)
        self.result.new_areas[key].rows.append(number)
        return key

    def read_area(self, cells: list[Any], number: int) -> str | None:
        raw = self.cell(cells, "area") if self.has("area") else None
        if val.is_missing(raw):
            return self.area_key
        text = " ".join(val.cell_text(raw).split())
        area = self.k.area_by_code.get(text.casefold())
        if area:
            return f"id:{area['id']}"
        title = val.read_text(self.cell(cells, "area_title")) if self.has("area_title") else None
        m = _AREA_HEADING.match(text) or _CODED_HEADING.match(text)
        if m:
            kw = " ".join((m.groupdict().get("kw") or "").casefold().split())
            return self.resolve_area(m["code"], (m["title"] or title or "").strip(), kw, text,
                                     number)
        area = self.k.area_by_title.get(val.name_key(text))
        if area:
            return f"id:{area['id']}"
        if len(text) <= 12 and " " not in text:  # a code such as 'k' or 'PA7'
            return self.resolve_area(text, title or "", "", text, number)
        return self.resolve_area(None, text, "", text, number)

    def read_owner(self, cells: list[Any], number: int, ref: str, column: str = "owner"
                   ) -> str | None:
        """Return the plan's key of the person a column names (the accountable owner, or the
        action lead), or None."""
        if not self.has(column):
            return None
        raw = val.read_text(self.cell(cells, column))
        if raw is None or val.is_missing(raw):
            return None
        raw = " ".join(raw.split())
        names = val.several_owners(raw)
        if len(names) > 1:
            what = "the accountable owner" if column == "owner" else "the action lead"
            self.warn(number, ref, f"several people named in '{self.header_of(column)}' "
                                   f"('{_short(raw, 60)}'): {names[0]} is recorded as {what}")
        first = names[0]
        whole = self.k.person_by_key.get(val.name_key(first)) or \
            self.k.person_by_key.get(first.casefold())
        if whole:
            return f"id:{whole}"
        name, org, title = val.split_owner(first)
        found = self.k.person_by_key.get(val.name_key(name))
        if found:
            return f"id:{found}"
        if len(name) > 500:
            raise _Skip("the owner's name is longer than 500 characters")
        key = f"new:{val.name_key(name)}"
        if key not in self.result.new_people:
            self.result.new_people[key] = NewPerson(
                key, name, title or None, self.k.orgs.get(val.name_key(org)) if org else None)
        self.result.new_people[key].rows.append(number)
        return key

    # ---------------------------------------------------------------- differences
    def diff(self, existing: dict, planned: PlannedRow) -> dict[str, tuple[str, str]]:
        changes: dict[str, tuple[str, str]] = {}
        for name, new in planned.values.items():
            if name == "ref" or new is None:
                continue
            old = existing.get(name)
            if isinstance(new, str) and len(new) == EXCEL_CELL_LIMIT and isinstance(old, str) \
                    and old.startswith(new):
                planned.values[name] = old  # Excel cut the board's longer text; keep it whole
                continue
            if old != new:
                f = self.entity.field(name)
                changes[f.label] = (_show(f.kind, old), _show(f.kind, new))
        people = [("owner_id", planned.owner, self.entity.field("owner_id").label),
                  ("area_id", planned.area, "Area")]
        if self.sp.kind == "actions":
            people.append(("lead_id", planned.lead, "Action lead"))
        for name, key, label in people:
            if key is None:
                continue
            if key.startswith("id:"):
                if int(key[3:]) == existing[name]:
                    continue
                new_label = self.person_or_area(name, int(key[3:]))
            else:
                new_label = (self.result.new_people.get(key) or self.result.new_areas.get(key))
                new_label = getattr(new_label, "name", None) or getattr(new_label, "code", "")
            old_label = self.person_or_area(name, existing[name]) if existing[name] else ""
            changes[label] = (old_label, new_label)
        return changes

    def person_or_area(self, name: str, record_id: int) -> str:
        if name != "area_id":
            p = self.k.people.get(record_id)
            return p["name"] if p else f"#{record_id}"
        for a in self.k.areas:
            if a["id"] == record_id:
                return a["code"]
        return f"#{record_id}"


class _Skip(Exception):
    """The row cannot be imported; the message says why."""


def _show(kind: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if kind == "date":
        return short_date(value)
    return _short(str(value), 60)


# --------------------------------------------------------------------------- applying

def apply(board: Board, plan: ImportPlan, *, progress: Progress | None = None) -> ImportResult:
    """Make the changes `plan` lists, in one transaction; return what was done.

    If anything fails (a value the board refuses, the board changed since the
    preview), nothing is written and SendsecError says which row and why.
    """
    if _board_state(board) != plan.board_state:
        raise SendsecError("The board has changed since this preview was made; preview the "
                           "import again.")
    total = len(plan.adds) + len(plan.updates) + len(plan.new_people) + len(plan.new_areas)
    done = 0
    last: Change | None = None
    ids: list[int] = []
    history_added = 0
    resolved: dict[str, int] = {}
    main_entity = _ENTITY[plan.sheets[0].kind] if plan.sheets else "action"

    def step() -> None:
        nonlocal done
        done += 1
        if progress and (done % 100 == 0 or done == total):
            progress(done, total)

    with board.batch(main_entity):
        position = max([a["position"] or 0 for a in board.rows("area", include_archived=True)],
                       default=0)
        for key, area in plan.new_areas.items():
            position += 1
            last = _call(area.rows[0] if area.rows else 0, f"area {area.code}", lambda a=area,
                         p=position: board.create("area", {"code": a.code, "title": a.title,
                                                           "kind": a.kind, "position": p}))
            resolved[key] = last.id
            step()
        for key, person in plan.new_people.items():
            values = {"name": person.name, "role": "member", "title": person.title,
                      "organisation_id": person.organisation_id}
            last = _call(person.rows[0] if person.rows else 0, f"owner {person.name}",
                         lambda v=values: board.create("person", v))
            resolved[key] = last.id
            step()

        def ref_id(key: str | None) -> int | None:
            if key is None:
                return None
            return int(key[3:]) if key.startswith("id:") else resolved[key]

        for sp in plan.sheets:
            e = _ENTITY[sp.kind]
            for r in sp.adds:
                values = {k: v for k, v in r.values.items() if v is not None}
                if r.owner:
                    values["owner_id"] = ref_id(r.owner)
                if r.lead:
                    values["lead_id"] = ref_id(r.lead)
                if r.area:
                    values["area_id"] = ref_id(r.area)
                last = _call(r.row, r.ref, lambda v=values, e=e: board.create(e, v), sp.name)
                ids.append(last.id)
                if r.history:
                    last = _add_history(board, sp.kind, last.id, r, plan) or last
                    history_added += 1
                step()
            for r in sp.updates:
                existing = board.get(e, r.record_id)
                values = {k: v for k, v in r.values.items()
                          if v is not None and k != "ref" and existing.get(k) != v}
                if sp.kind == "risks" and r.history:
                    # new scores are recorded as a review, which sets the current scores
                    values.pop("current_likelihood", None)
                    values.pop("current_impact", None)
                for name, key in (("owner_id", r.owner), ("area_id", r.area),
                                  ("lead_id", r.lead)):
                    if key is not None and ref_id(key) != existing[name]:
                        values[name] = ref_id(key)
                if values:
                    last = _call(r.row, r.ref,
                                 lambda v=values, e=e, i=r.record_id: board.update(e, i, v),
                                 sp.name)
                ids.append(r.record_id)
                if r.history:
                    last = _add_history(board, sp.kind, r.record_id, r, plan) or last
                    history_added += 1
                step()
    change = None
    if last is not None:  # inside one batch every Change carries the whole undo list
        change = Change(f"Imported {Path(plan.path).name}: {len(plan.adds)} added, "
                        f"{len(plan.updates)} updated", main_entity, tuple(ids) or (last.id,),
                        last.entities | _touched(plan), last.inverse)
    if progress:
        progress(total, total)
    return ImportResult(len(plan.adds), len(plan.updates), history_added,
                        [p.name for p in plan.new_people.values()],
                        [a.code for a in plan.new_areas.values()], change)


def _touched(plan: ImportPlan) -> set[str]:
    out: set[str] = set()
    if plan.new_people:
        out.add("person")
    if plan.new_areas:
        out.add("area")
    for sp in plan.sheets:
        if sp.adds or sp.updates:
            out.add(_ENTITY[sp.kind])
        if any(r.history for r in sp.adds + sp.updates):
            out.add(_UPDATE_ENTITY[sp.kind])
    return out


def _add_history(board: Board, kind: str, record_id: int, r: PlannedRow, plan: ImportPlan
                 ) -> Change | None:
    h = dict(r.history or {})
    if kind == "actions":
        for earlier in r.earlier:
            _call(r.row, r.ref, partial(board.create, "action_update",
                                        {"action_id": record_id, **earlier}), r.sheet)
        values = {"action_id": record_id, **h}
        return _call(r.row, r.ref, lambda: board.create("action_update", values), r.sheet)
    values = {"risk_id": record_id, **h}
    return _call(r.row, r.ref, lambda: board.create("risk_review", values), r.sheet)


def _call(row: int, what: str, fn: Callable[[], Change], sheet: str = "") -> Change:
    try:
        return fn()
    except ValidationError as exc:
        where = f"sheet '{sheet}' " if sheet else ""
        raise SendsecError(f"Nothing was imported: {where}row {row} ({what}) was refused: "
                           f"{exc}") from None

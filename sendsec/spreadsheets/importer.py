"""Importing the council's Priority Action Plan and risk register from Excel, CSV or the
tables of a Word document.

Two steps, so people see what will happen before it does:

    plan = importer.plan(board, "PAP.xlsx")      # reads the file, changes nothing
    print("\\n".join(plan.summary_lines()))
    importer.apply(board, plan)                  # one transaction: all of it or nothing

Rows are matched to records by reference (action ref / risk ref), so importing
the same file twice changes nothing and a changed file updates only what
changed, each change through the services (so it is in the change log and can
be undone). A blank or 'TBC' cell never erases what the board holds. Rows that
cannot be imported are listed with their row number and the reason.

What a plan holds is in `import_model`; reading each sheet's rows is `sheet_planner`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sendsec.domain.errors import SendsecError, ValidationError
from sendsec.services.board import Board, Change
from sendsec.services.bulk import RowRefused
from sendsec.spreadsheets import headers as hdr
from sendsec.spreadsheets.import_model import (
    WORD_TABLE,
    ImportPlan,
    ImportResult,
    PlannedRow,
    RowNote,
    SheetPlan,
    add_line,
    where,
)
from sendsec.spreadsheets.reading import Sheet, SpreadsheetRefused, Workbook, read_workbook
from sendsec.spreadsheets.restoring import is_export
from sendsec.spreadsheets.sheet_planner import ENTITY, Known, SheetPlanner

__all__ = ["ImportPlan", "ImportResult", "PlannedRow", "RowNote", "SendsecError", "SheetPlan",
           "add_line", "apply", "plan", "where"]

Progress = Callable[[int, int], None]
_UPDATE_ENTITY = {"actions": "action_update", "risks": "risk_review"}


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
        from sendsec.services.registers import today as _today
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
    known: dict[str, Known] = {}
    result = ImportPlan(Path(wb.path), [], {}, {}, today, wb.encoding, not_imported,
                        _board_state(board))
    total = sum(max(0, len(s.rows) - f.row - 1) for s, f, _ in targets) or 1
    area_carried: str | None = None
    done = 0
    for s, found, cols in targets:
        sp = SheetPlan(s.name, found.kind, found.row + 1, found.headers, cols)
        k = known.setdefault(found.kind, Known(board, found.kind))
        planner = SheetPlanner(board, result, sp, k, today, wb.path.name)
        if WORD_TABLE.fullmatch(s.name):
            # a Word plan split over several tables: a table with no area heading of its own
            # continues the area the table before it ended in
            planner.area_key = area_carried

        def tick(n: int, _base: int = done) -> None:
            if progress:
                progress(_base + n, total)

        planner.run(s.rows, tick, s.above, s.title)
        area_carried = planner.area_key
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
    main_entity = ENTITY[plan.sheets[0].kind] if plan.sheets else "action"

    def step(n: int = 1) -> None:
        nonlocal done
        before, done = done, done + n
        if progress and (done // 100 > before // 100 or done == total):
            progress(done, total)

    with board.batch(main_entity):
        position = max([a["position"] or 0 for a in board.rows("area", include_archived=True)],
                       default=0)
        areas = list(plan.new_areas.items())
        if areas:
            last = _call_many(board, "area", [
                {"code": a.code, "title": a.title, "kind": a.kind, "position": position + n}
                for n, (_key, a) in enumerate(areas, 1)],
                [(a.rows[0] if a.rows else 0, f"area {a.code}", "") for _key, a in areas])
            resolved.update(zip([key for key, _a in areas], last.ids, strict=True))
            step(len(areas))
        people = list(plan.new_people.items())
        if people:
            last = _call_many(board, "person", [
                # an action's owner or lead, not a board member: never invited by default
                {"name": p.name, "role": "officer in attendance", "title": p.title,
                 "organisation_id": p.organisation_id} for _key, p in people],
                [(p.rows[0] if p.rows else 0, f"owner {p.name}", "") for _key, p in people])
            resolved.update(zip([key for key, _p in people], last.ids, strict=True))
            step(len(people))

        def ref_id(key: str | None) -> int | None:
            if key is None:
                return None
            return int(key[3:]) if key.startswith("id:") else resolved[key]

        for sp in plan.sheets:
            e = ENTITY[sp.kind]
            adds = []
            for r in sp.adds:
                values = {k: v for k, v in r.values.items() if v is not None}
                if r.owner:
                    values["owner_id"] = ref_id(r.owner)
                if r.lead:
                    values["lead_id"] = ref_id(r.lead)
                if r.area:
                    values["area_id"] = ref_id(r.area)
                adds.append(values)
            if adds:
                # every row checked, then written in bulk; the history of each after it
                last = _call_many(board, e, adds, [(r.row, r.ref, sp.name) for r in sp.adds])
                ids += last.ids
                for r, record_id in zip(sp.adds, last.ids, strict=True):
                    if r.history:
                        last = _add_history(board, sp.kind, record_id, r, plan) or last
                        history_added += 1
                step(len(adds))
            for r in sp.updates:
                record_id = r.updated_id()
                existing = board.get(e, record_id)
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
                    last = _call(r.row, r.ref, partial(board.update, e, record_id, values),
                                 sp.name)
                ids.append(record_id)
                if r.history:
                    last = _add_history(board, sp.kind, record_id, r, plan) or last
                    history_added += 1
                step()
    change = None
    if last is not None:  # inside one batch every Change carries the whole undo list
        change = Change(f"Imported {Path(plan.path).name}: {len(plan.adds)} added, "
                        f"{len(plan.updates)} updated", main_entity, tuple(ids) or (last.id,),
                        last.entities | _touched(plan), last.inverse, kind="imported")
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
            out.add(ENTITY[sp.kind])
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


def _call_many(board: Board, entity_name: str, rows: list[dict[str, Any]],
               where: list[tuple[int, str, str]]) -> Change:
    """Add `rows` in bulk (`Board.create_many`); a row refused is named as `_call` names it,
    by the (row number, what, sheet) at its place in `where`."""
    try:
        return board.create_many(entity_name, rows)
    except RowRefused as exc:
        raise _refused(*where[exc.index], exc.error) from None


def _call(row: int, what: str, fn: Callable[[], Change], sheet: str = "") -> Change:
    try:
        return fn()
    except ValidationError as exc:
        raise _refused(row, what, sheet, exc) from None


def _refused(row: int, what: str, sheet: str, error: ValidationError) -> SendsecError:
    where = f"sheet '{sheet}' " if sheet else ""
    return SendsecError(f"Nothing was imported: {where}row {row} ({what}) was refused: {error}")

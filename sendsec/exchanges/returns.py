"""Reading an owner's filled-in update return back into the board.

Two steps, like the spreadsheet import, so the secretary sees what will happen:

    plan = returns.plan_return(board, "2026-12-16 ... - Update return - Jo Bloggs.xlsx")
    print("\\n".join(plan.summary_lines()))
    change = returns.apply_return(board, plan)   # one transaction

The file is read with the spreadsheet importer's reader and cell rules (UK
dates, RAG words, 1-5 scores, Excel's escapes undone). A return made for
another board, or for a meeting this board does not have, is refused whole.
Each filled-in action row adds a progress update (the owner's RAG, update and
evidence, dated the return's date, linked to the meeting) and each risk row a
risk review; rows that cannot be read are listed with their row number and
reason and change nothing. Reading the same return again adds nothing: an
update with the same text for the same meeting cycle (or the same date) is
already there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sendsec.domain.dates import long_date
from sendsec.domain.errors import SendsecError, ValidationError
from sendsec.papers.update_requests import (
    ACTIONS_SHEET,
    EXCEPTIONS_SHEET,
    META_SHEET,
    RETURN_FORMAT,
    RISKS_SHEET,
)
from sendsec.services.board import Board, Change
from sendsec.spreadsheets import values as val
from sendsec.spreadsheets.reading import Sheet, read_workbook

_ACTION_COLUMNS = {"ref": "ref", "new rag": "rag", "update": "narrative", "evidence": "evidence"}
_RISK_COLUMNS = {"ref": "ref", "new likelihood": "likelihood", "new impact": "impact",
                 "note": "note"}
_EXCEPTION_COLUMNS = {"code": "ref", "commentary": "exception_commentary",
                      "planned actions": "exception_actions"}


class ReturnRefused(SendsecError):
    """The file is not a return this board can read; nothing was changed."""


@dataclass
class RowProblem:
    """A row that was not read (or read with a warning), and why."""

    sheet: str
    row: int
    ref: str | None
    message: str

    def __str__(self) -> str:
        ref = f" ({self.ref})" if self.ref else ""
        return f"{self.sheet} row {self.row}{ref}: {self.message}"


@dataclass
class PlannedEntry:
    """One progress update or risk review to add."""

    sheet: str
    row: int
    ref: str
    entity: str  # 'action_update' | 'risk_review' | 'measure' (an exception report)
    values: dict[str, Any]
    record_id: int | None = None  # the measure an exception report updates


@dataclass
class ReturnPlan:
    """What reading a return will do."""

    path: Path
    board_uid: str
    meeting_id: int
    meeting_label: str
    owner_id: int | None
    owner: str
    return_date: dt.date
    entries: list[PlannedEntry] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    already: list[RowProblem] = field(default_factory=list)  # rows already recorded
    blank: int = 0  # rows the owner left empty

    @property
    def has_changes(self) -> bool:
        return bool(self.entries)

    def summary_lines(self) -> list[str]:
        """Return lines saying what the return holds and what reading it will do."""
        updates = sum(1 for e in self.entries if e.entity == "action_update")
        reports = sum(1 for e in self.entries if e.entity == "measure")
        reviews = len(self.entries) - updates - reports
        lines = [f"Return from {self.owner} for {self.meeting_label}, dated "
                 f"{long_date(self.return_date)}: {updates} action update"
                 f"{'' if updates == 1 else 's'} and {reviews} risk review"
                 f"{'' if reviews == 1 else 's'} to add"
                 + (f", {reports} exception report{'' if reports == 1 else 's'} to record"
                    if reports else "")
                 + f"; {len(self.already)} already recorded; "
                 f"{self.blank} left blank; {len(self.errors)} not read."]
        lines += [f"Not read: {p}" for p in self.errors]
        lines += [f"Note: {p}" for p in self.warnings]
        lines += [f"Already recorded: {p}" for p in self.already]
        return lines


def _meta(sheet: Sheet | None, path: Path) -> dict[str, Any]:
    if sheet is None:
        raise ReturnRefused(f"'{path.name}' is not a sendsec update return (it has no "
                            f"'{META_SHEET}' sheet); use 'import' for other spreadsheets.")
    meta = {}
    for row in sheet.rows:
        if len(row) >= 2 and isinstance(row[0], str):
            meta[row[0].strip()] = row[1]
    if meta.get("format") != RETURN_FORMAT:
        raise ReturnRefused(f"'{path.name}' is not an update return this version of sendsec "
                            f"can read (its format is '{meta.get('format') or 'unknown'}').")
    return meta


def _header(sheet: Sheet, names: dict[str, str]) -> tuple[int, dict[str, int]]:
    """Return (index of the header row, field -> column index), found by the headers' names."""
    for index, row in enumerate(sheet.rows[:30]):
        found = {}
        for col, cell in enumerate(row):
            key = " ".join(val.cell_text(cell).split()).casefold()
            if key in names:
                found[names[key]] = col
        if "ref" in found and len(found) == len(names):
            return index, found
    missing = ", ".join(k.capitalize() for k in names)
    raise ReturnRefused(f"The '{sheet.name}' sheet has lost its header row (it needs the "
                        f"columns {missing}); was it edited outside the shaded cells?")


def _cell(row: list[Any], col: int) -> Any:
    return row[col] if col < len(row) else None


def _same_text(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def plan_return(board: Board, path: str | Path, today: dt.date | None = None) -> ReturnPlan:
    """Read the return at `path` against the board; change nothing.

    Raise ReturnRefused (or SpreadsheetRefused) when the file cannot be read as a
    return of this board: not a spreadsheet, damaged, not a return, another
    board's, or a meeting this board does not hold.
    """
    path = Path(path)
    wb = read_workbook(path)
    sheets = {s.name.casefold(): s for s in wb.sheets}
    meta = _meta(sheets.get(META_SHEET), path)
    uid = board.settings()["board_uid"] or ""
    if str(meta.get("board_uid") or "") != uid and meta.get("board") == board.name:
        raise ReturnRefused(f"'{path.name}' was written from another board file that has the "
                            f"same name ('{board.name}'), not from this one; nothing was "
                            "changed.")
    if str(meta.get("board_uid") or "") != uid:
        raise ReturnRefused(f"'{path.name}' is a return for another board "
                            f"('{meta.get('board') or 'unknown'}'), not for {board.name}; "
                            "nothing was changed.")
    try:
        meeting_id = int(meta.get("meeting_id"))  # type: ignore[arg-type]  # None: TypeError
        meeting = board.get("meeting", meeting_id)
    except (TypeError, ValueError, SendsecError):
        raise ReturnRefused(f"'{path.name}' is for a meeting this board no longer holds "
                            f"(meeting of {meta.get('meeting_date') or 'unknown date'}); "
                            "nothing was changed.") from None
    owner_id = meta.get("owner_id")
    owner_id = int(owner_id) if isinstance(owner_id, (int, float)) else None
    owner = board.find("person", id=owner_id) if owner_id else None
    return_date = today or dt.date.today()
    plan = ReturnPlan(path, uid, meeting_id, board.label("meeting", meeting_id), owner_id
                      if owner else None, owner["name"] if owner else str(meta.get("owner")),
                      return_date)
    actions = {val.ref_key(a["ref"]): a for a in board.rows("action", include_archived=True)}
    risks = {val.ref_key(r["ref"]): r for r in board.rows("risk", include_archived=True)}
    seen: set[str] = set()
    if ACTIONS_SHEET.casefold() in sheets:
        _read_actions(board, plan, sheets[ACTIONS_SHEET.casefold()], actions, meeting, seen)
    if RISKS_SHEET.casefold() in sheets:
        _read_risks(board, plan, sheets[RISKS_SHEET.casefold()], risks, meeting, seen)
    if EXCEPTIONS_SHEET.casefold() in sheets:
        _read_exceptions(board, plan, sheets[EXCEPTIONS_SHEET.casefold()])
    if ACTIONS_SHEET.casefold() not in sheets and RISKS_SHEET.casefold() not in sheets:
        raise ReturnRefused(f"'{path.name}' has lost its Actions and Risks sheets; nothing "
                            "was changed.")
    return plan


def _rows(sheet: Sheet, names: dict[str, str]
          ) -> Iterator[tuple[int, list[Any], dict[str, int]]]:
    """Yield (row number as the spreadsheet shows it, the row, column of each name) below
    the header row."""
    header, cols = _header(sheet, names)
    for index in range(header + 1, len(sheet.rows)):
        row = sheet.rows[index]
        yield index + 1, row, cols


def _read_actions(board: Board, plan: ReturnPlan, sheet: Sheet, actions: dict[str, dict],
                  meeting: dict, seen: set[str]) -> None:
    history: dict[int, list[dict]] = {}
    for number, row, cols in _rows(sheet, _ACTION_COLUMNS):
        ref = val.read_ref(_cell(row, cols["ref"]))
        rag_cell = _cell(row, cols["rag"])
        narrative = val.read_text(_cell(row, cols["narrative"]))
        evidence = val.read_text(_cell(row, cols["evidence"]))
        if ref is None:
            if any(not val.is_blank(x) for x in (rag_cell, narrative, evidence)):
                plan.errors.append(RowProblem(sheet.name, number, None, "has an update but no "
                                              "Ref: say which action it is for"))
            continue
        if ref.casefold().startswith("you have no open"):
            continue
        action = actions.get(val.ref_key(ref))
        if action is None:
            plan.errors.append(RowProblem(sheet.name, number, ref, f"there is no action "
                                          f"'{ref}' on the board"))
            continue
        if val.is_blank(rag_cell) and narrative is None and evidence is None:
            plan.blank += 1
            continue
        key = f"action:{action['id']}"
        if key in seen:
            plan.errors.append(RowProblem(sheet.name, number, ref, "this action appears twice "
                                          "in the return; only the first row was read"))
            continue
        seen.add(key)
        try:
            rag = val.read_rag(rag_cell)
        except ValueError as exc:
            plan.errors.append(RowProblem(sheet.name, number, ref, f"New RAG: {exc}"))
            continue
        if narrative is None:
            plan.errors.append(RowProblem(sheet.name, number, ref, "Update: write what has "
                                          "happened to go with the New RAG"))
            continue
        if rag is None:
            if not action["rag"]:
                plan.errors.append(RowProblem(sheet.name, number, ref, "New RAG: choose Blue, "
                                              "Green, Amber or Red"))
                continue
            rag = action["rag"]
            plan.warnings.append(RowProblem(sheet.name, number, ref, "no New RAG given: the "
                                            f"current RAG ({rag.capitalize()}) is kept"))
        if action["archived"]:
            plan.warnings.append(RowProblem(sheet.name, number, ref, "this action is archived; "
                                            "the update is recorded against it all the same"))
        if plan.owner_id and action["owner_id"] != plan.owner_id:
            plan.warnings.append(RowProblem(sheet.name, number, ref, f"{plan.owner} is no "
                                            "longer this action's owner"))
        if action["id"] not in history:
            history[action["id"]] = board.rows("action_update", parent_id=action["id"])
        dup = next((u for u in history[action["id"]] if _same_text(u["narrative"], narrative)
                    and (u["meeting_id"] == meeting["id"]
                         or u["update_date"] == plan.return_date.isoformat())), None)
        if dup:
            plan.already.append(RowProblem(sheet.name, number, ref, "this update was recorded "
                                           f"on {long_date(dup['update_date'])}"))
            continue
        plan.entries.append(PlannedEntry(sheet.name, number, action["ref"], "action_update", {
            "action_id": action["id"], "update_date": plan.return_date.isoformat(),
            "meeting_id": meeting["id"], "rag": rag, "narrative": narrative,
            "evidence": evidence, "reported_by_id": plan.owner_id}))


def _read_risks(board: Board, plan: ReturnPlan, sheet: Sheet, risks: dict[str, dict],
                meeting: dict, seen: set[str]) -> None:
    for number, row, cols in _rows(sheet, _RISK_COLUMNS):
        ref = val.read_ref(_cell(row, cols["ref"]))
        lk_cell, im_cell = _cell(row, cols["likelihood"]), _cell(row, cols["impact"])
        note = val.read_text(_cell(row, cols["note"]))
        if ref is None:
            if any(not val.is_blank(x) for x in (lk_cell, im_cell, note)):
                plan.errors.append(RowProblem(sheet.name, number, None, "has a review but no "
                                              "Ref: say which risk it is for"))
            continue
        if ref.casefold().startswith("you have no open"):
            continue
        risk = risks.get(val.ref_key(ref))
        if risk is None:
            plan.errors.append(RowProblem(sheet.name, number, ref, f"there is no risk '{ref}' "
                                          "on the board"))
            continue
        if val.is_blank(lk_cell) and val.is_blank(im_cell) and note is None:
            plan.blank += 1
            continue
        key = f"risk:{risk['id']}"
        if key in seen:
            plan.errors.append(RowProblem(sheet.name, number, ref, "this risk appears twice in "
                                          "the return; only the first row was read"))
            continue
        seen.add(key)
        scores = {}
        bad = False
        for name, cell in (("likelihood", lk_cell), ("impact", im_cell)):
            try:
                scores[name] = val.read_score(cell)
            except ValueError as exc:
                plan.errors.append(RowProblem(sheet.name, number, ref, f"New {name}: {exc}"))
                bad = True
        if bad:
            continue
        if scores["likelihood"] is None and scores["impact"] is None:
            scores = {"likelihood": risk["current_likelihood"], "impact": risk["current_impact"]}
            plan.warnings.append(RowProblem(sheet.name, number, ref, "no new scores given: the "
                                            "current likelihood and impact are kept"))
        elif scores["likelihood"] is None or scores["impact"] is None:
            missing = "likelihood" if scores["likelihood"] is None else "impact"
            plan.errors.append(RowProblem(sheet.name, number, ref, f"New {missing}: give both "
                                          "likelihood and impact (1 to 5)"))
            continue
        reviews = board.rows("risk_review", parent_id=risk["id"])
        dup = next((v for v in reviews if v["likelihood"] == scores["likelihood"]
                    and v["impact"] == scores["impact"] and _same_text(v["note"], note)
                    and (v["meeting_id"] == meeting["id"]
                         or v["review_date"] == plan.return_date.isoformat())), None)
        if dup:
            plan.already.append(RowProblem(sheet.name, number, ref, "this review was recorded "
                                           f"on {long_date(dup['review_date'])}"))
            continue
        plan.entries.append(PlannedEntry(sheet.name, number, risk["ref"], "risk_review", {
            "risk_id": risk["id"], "review_date": plan.return_date.isoformat(),
            "meeting_id": meeting["id"], **scores, "note": note,
            "reviewed_by_id": plan.owner_id}))


def _read_exceptions(board: Board, plan: ReturnPlan, sheet: Sheet) -> None:
    """Plan the exception reports (commentary and planned actions) on measures."""
    measures = {val.ref_key(m["code"]): m for m in board.rows("measure")}
    for number, row, cols in _rows(sheet, _EXCEPTION_COLUMNS):
        code = val.read_ref(_cell(row, cols["ref"]))
        commentary = val.read_text(_cell(row, cols["exception_commentary"]))
        actions = val.read_text(_cell(row, cols["exception_actions"]))
        if code is None:
            if commentary or actions:
                plan.errors.append(RowProblem(sheet.name, number, None, "has a report but no "
                                              "Code: say which measure it is for"))
            continue
        measure = measures.get(val.ref_key(code))
        if measure is None:
            plan.errors.append(RowProblem(sheet.name, number, code, f"there is no measure "
                                          f"'{code}' on the board"))
            continue
        if commentary is None and actions is None:
            plan.blank += 1
            continue
        values = {k: v for k, v in (("exception_commentary", commentary),
                                    ("exception_actions", actions)) if v is not None}
        if all(_same_text(measure.get(k), v) for k, v in values.items()):
            plan.already.append(RowProblem(sheet.name, number, code, "this exception report "
                                           "is already recorded"))
            continue
        plan.entries.append(PlannedEntry(sheet.name, number, measure["code"], "measure", values,
                                         record_id=measure["id"]))


def apply_return(board: Board, plan: ReturnPlan) -> Change:
    """Add the planned updates and reviews in one transaction; return the Change (one undo).

    A row the services refuse (for example an update longer than a record can
    hold) is moved to `plan.errors` and the other rows are still added.
    """
    added: list[int] = []
    with board.batch("action_update") as batch:
        for entry in list(plan.entries):
            try:
                if entry.entity == "measure" and entry.record_id is not None:
                    board.update("measure", entry.record_id, entry.values)
                else:
                    added.append(board.create(entry.entity, entry.values).id)
            except ValidationError as exc:
                plan.entries.remove(entry)
                plan.errors.append(RowProblem(entry.sheet, entry.row, entry.ref, str(exc)))
        return batch.change(f"Read the update return from {plan.owner}: {len(added)} "
                            "updates and reviews added", "action_update", added or [0])


def read_return(board: Board, path: str | Path, today: dt.date | None = None, *,
                dry_run: bool = False) -> tuple[ReturnPlan, Change | None]:
    """Plan and (unless `dry_run`) apply the return at `path`; return the plan and the Change."""
    plan = plan_return(board, path, today)
    if dry_run or not plan.has_changes:
        return plan, None
    return plan, apply_return(board, plan)

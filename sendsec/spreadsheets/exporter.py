"""Writing the registers to one Excel workbook that `import` reads back.

One sheet per register (Actions, Risks, Impact log, Measures, Data points,
Meetings), each with a bold header row, frozen panes, an autofilter, column
widths that fit the content, and dates as real Excel dates (dd/mm/yyyy). The
Actions and Risks headers are the ones the importer maps, so an export
imported into another board gives the same records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sendsec import registers, rules
from sendsec.dates import from_iso
from sendsec.errors import SendsecError
from sendsec.folders import replace_file
from sendsec.services import Board
from sendsec.spreadsheets.headers import ACTION_COLUMNS, RISK_COLUMNS
from sendsec.spreadsheets.values import excel_escape

DATE_FORMAT = "dd/mm/yyyy"
MAX_WIDTH = 60
EXCEL_CELL_LIMIT = 32_767
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Col:
    """One column of an exported sheet: its header, how to get its value, and its kind."""

    header: str
    get: Callable[[dict[str, Any]], Any]
    kind: str = "text"  # text | date | number | longtext


def _h(columns, name: str) -> str:
    return next(c.header for c in columns if c.field == name)


def _key(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda r: r.get(name)


def _date(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda r: from_iso(r.get(name)) if isinstance(r.get(name), str) else r.get(name)


def _yes(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda r: "Yes" if r.get(name) else "No"


def _latest(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda r: (r.get("latest_update") or {}).get(key)


def _latest_review(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda r: (r["reviews"][0] if r.get("reviews") else {}).get(key)


A = ACTION_COLUMNS
ACTION_SHEET = (
    Col(_h(A, "ref"), _key("ref")),
    Col(_h(A, "kind"), _key("kind")),
    Col(_h(A, "area"), _key("area_code")),
    Col(_h(A, "area_title"), _key("area_title"), "longtext"),
    Col(_h(A, "title"), _key("title"), "longtext"),
    Col(_h(A, "description"), _key("description"), "longtext"),
    Col(_h(A, "owner"), _key("owner_name")),
    Col(_h(A, "organisations"), _key("organisations")),
    Col(_h(A, "success_measure"), _key("success_measure"), "longtext"),
    Col(_h(A, "target"), _key("target"), "longtext"),
    Col(_h(A, "baseline"), _key("baseline"), "longtext"),
    Col(_h(A, "start_date"), _date("start_date"), "date"),
    Col(_h(A, "due_date"), _date("due_date"), "date"),
    Col(_h(A, "revised_due_date"), _date("revised_due_date"), "date"),
    Col(_h(A, "revision_reason"), _key("revision_reason"), "longtext"),
    Col("Action status", _key("status")),
    Col(_h(A, "rag"), lambda r: rules.RAG_LABELS.get(r.get("rag") or "", "")),
    Col(_h(A, "update"), _latest("narrative"), "longtext"),
    Col(_h(A, "update_date"), lambda r: from_iso(_latest("update_date")(r)), "date"),
    Col(_h(A, "evidence"), _latest("evidence"), "longtext"),
    Col("Overdue", _yes("overdue")),
    Col("Slipped", _yes("slipped")),
    Col("Slow to progress because", lambda r: "; ".join(r.get("slow_reasons") or ()),
        "longtext"),
)

R = RISK_COLUMNS
RISK_SHEET = (
    Col(_h(R, "ref"), _key("ref")),
    Col(_h(R, "area"), _key("area_code")),
    Col(_h(R, "title"), _key("title"), "longtext"),
    Col(_h(R, "description"), _key("description"), "longtext"),
    Col(_h(R, "owner"), _key("owner_name")),
    Col(_h(R, "category"), _key("category")),
    Col(_h(R, "inherent_likelihood"), _key("inherent_likelihood"), "number"),
    Col(_h(R, "inherent_impact"), _key("inherent_impact"), "number"),
    Col(_h(R, "inherent_score"), _key("inherent_score"), "number"),
    Col(_h(R, "controls"), _key("controls"), "longtext"),
    Col(_h(R, "mitigation"), _key("mitigation"), "longtext"),
    Col(_h(R, "linked_actions"), _key("linked_actions")),
    Col(_h(R, "current_likelihood"), _key("current_likelihood"), "number"),
    Col(_h(R, "current_impact"), _key("current_impact"), "number"),
    Col(_h(R, "current_score"), _key("score"), "number"),
    Col("Band", _key("band_label")),
    Col("Movement since last cycle", _key("movement_label")),
    Col(_h(R, "target_likelihood"), _key("target_likelihood"), "number"),
    Col(_h(R, "target_impact"), _key("target_impact"), "number"),
    Col(_h(R, "target_score"), _key("target_score"), "number"),
    Col(_h(R, "target_date"), _date("target_date"), "date"),
    Col(_h(R, "status"), _key("status")),
    Col(_h(R, "review_date"), lambda r: from_iso(_latest_review("review_date")(r)), "date"),
    Col(_h(R, "review_note"), _latest_review("note"), "longtext"),
)

IMPACT_SHEET = (
    Col("Date", _date("entry_date"), "date"),
    Col("Meeting", _key("meeting_label")),
    Col("Kind", _key("kind")),
    Col("Status", _key("status")),
    Col("Summary", _key("title"), "longtext"),
    Col("What changed for children and families", _key("what_changed"), "longtext"),
    Col("Evidence", _key("evidence"), "longtext"),
    Col("Source of the evidence", _key("source")),
    Col("Area", _key("area_code")),
    Col("Linked action", _key("action_ref")),
    Col("Linked measure", _key("measure_code")),
    Col("Organisations involved", _key("organisations")),
)

MEASURE_SHEET = (
    Col("Code", _key("code")),
    Col("Measure", _key("title"), "longtext"),
    Col("Unit", _key("unit")),
    Col("Higher is better", _yes("higher_is_better")),
    Col("Baseline", _key("baseline"), "number"),
    Col("Baseline date", _date("baseline_date"), "date"),
    Col("Target", _key("target"), "number"),
    Col("Target date", _date("target_date"), "date"),
    Col("Latest value", _key("latest_value"), "number"),
    Col("Latest period", _key("latest_period"), "date"),
    Col("Expected (trajectory)", _key("expected"), "number"),
    Col("RAG", _key("rag_label")),
    Col("Trend", _key("trend")),
    Col("Data source", _key("data_source")),
    Col("Area", _key("area_code")),
    Col("Reported", _key("frequency")),
    Col("Notes", _key("notes"), "longtext"),
)

POINT_SHEET = (
    Col("Measure code", _key("measure_code")),
    Col("Measure", _key("measure_title"), "longtext"),
    Col("Period", _date("period"), "date"),
    Col("Value", _key("value"), "number"),
    Col("Expected (trajectory)", _key("expected"), "number"),
    Col("Note", _key("note"), "longtext"),
)

MEETING_SHEET = (
    Col("Meeting", _key("label")),
    Col("Kind", _key("kind")),
    Col("Number", _key("number"), "number"),
    Col("Title", _key("title")),
    Col("Date", _date("meeting_date"), "date"),
    Col("Start", _key("start_time")),
    Col("End", _key("end_time")),
    Col("Venue", _key("venue")),
    Col("Online joining details", _key("joining_details"), "longtext"),
    Col("Status", _key("status")),
    Col("Invitees", _key("invitee_count"), "number"),
    Col("Statutory invitees missing", lambda r: ", ".join(r.get("statutory_missing") or ())),
    Col("Papers deadline", lambda r: _step(r, "papers_deadline"), "date"),
    Col("Papers dispatched", lambda r: _step(r, "papers_dispatched"), "date"),
)


def _step(meeting: dict[str, Any], step: str) -> dt.date | None:
    for s in meeting.get("steps") or ():
        if s["step"] == step:
            return from_iso(s["due_date"])
    return None


def _points(measures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for m in measures:
        trajectory = [(from_iso(t["period"]), t["expected"]) for t in m["trajectory"]]
        for p in m["points"]:
            out.append({**p, "measure_code": m["code"], "measure_title": m["title"],
                        "expected": rules.trajectory_value(trajectory, from_iso(p["period"]))
                        if trajectory else None})
    return out


def sheets(board: Board, today: dt.date) -> list[tuple[str, Sequence[Col], list[dict]]]:
    """Return (sheet name, columns, records) for every register, in workbook order."""
    measures = registers.measure_rows(board, today)
    return [
        ("Actions", ACTION_SHEET, registers.action_rows(board, today)),
        ("Risks", RISK_SHEET, registers.risk_rows(board, today)),
        ("Impact log", IMPACT_SHEET, registers.impact_rows(board)),
        ("Measures", MEASURE_SHEET, measures),
        ("Data points", POINT_SHEET, _points(measures)),
        ("Meetings", MEETING_SHEET, registers.meeting_rows(board, today)),
    ]


def _value(col: Col, record: dict[str, Any]) -> Any:
    value = col.get(record)
    if value is None or value == "":
        return None
    if col.kind == "date":
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (int, float)):
        return value
    text = excel_escape(str(value))
    # Excel holds 32,767 characters in a cell; import keeps the board's longer text
    return text[:EXCEL_CELL_LIMIT]


def export(board: Board, out: str | Path, *, today: dt.date | None = None,
           progress: Progress | None = None) -> Path:
    """Write every register to the .xlsx file `out`; return its path.

    The file is written to a temporary name beside `out` and then renamed, so an
    existing file is only replaced by a complete one.
    """
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise SendsecError(f"'{out.name}': the export is an Excel workbook; name it .xlsx.")
    if out.is_dir():
        raise SendsecError(f"'{out}' is a folder; give a file name ending .xlsx.")
    if not out.parent.exists():
        raise SendsecError(f"There is no folder '{out.parent}' to write '{out.name}' into.")
    if not out.parent.is_dir():
        raise SendsecError(f"'{out.parent}' is a file, not a folder: '{out.name}' cannot be "
                           "written into it.")
    today = today or registers.today()
    content = sheets(board, today)
    total = sum(len(records) for _, _, records in content) or 1
    done = 0
    wb = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for name, columns, records in content:
        ws = wb.create_sheet(name)
        widths = [len(c.header) + 2 for c in columns]
        rows = []
        for record in records:
            values = [_value(c, record) for c in columns]
            for i, v in enumerate(values):
                if isinstance(v, str):
                    longest = max((len(line) for line in v.splitlines()), default=0)
                    widths[i] = max(widths[i], min(longest + 2, MAX_WIDTH))
                elif isinstance(v, dt.datetime):
                    widths[i] = max(widths[i], 12)
                elif v is not None:
                    widths[i] = max(widths[i], len(str(v)) + 2)
            rows.append(values)
        for i, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "B2" if name in ("Actions", "Risks") else "A2"
        last = get_column_letter(len(columns))
        ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
        header = []
        for c in columns:
            cell = WriteOnlyCell(ws, value=c.header)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for values in rows:
            cells = []
            for c, v in zip(columns, values, strict=True):
                cell = WriteOnlyCell(ws, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"  # text starting '=' stays text, never a formula
                if c.kind == "date":
                    cell.number_format = DATE_FORMAT
                cell.alignment = wrap if c.kind == "longtext" else top
                cells.append(cell)
            ws.append(cells)
            done += 1
            if progress and done % 200 == 0:
                progress(done, total)
    replace_file(out, wb.save, held_by="Excel")
    if progress:
        progress(total, total)
    return out

"""Writing the complete export: every record of the board in one Excel workbook, that
`import` reads back into a new board field for field (see `sendsec.spreadsheets.lossless`
for what the sheets are, and `restoring` for reading it back).

Each sheet has a bold header row, frozen panes, an autofilter, column widths that fit
the content, and dates as real Excel dates (dd/mm/yyyy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sendsec import __version__
from sendsec.domain.errors import SendsecError
from sendsec.services.board import Board, now_stamp
from sendsec.services.folders import discard_workbook, folder_reason, replace_file, workbook_scratch
from sendsec.spreadsheets import lossless as ll
from sendsec.storage import dump
from sendsec.storage.schema import SCHEMA_VERSION

if TYPE_CHECKING:  # openpyxl has no type hints: these say what is meant
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "dd/mm/yyyy"
MAX_WIDTH = 60
Progress = Callable[[int, int], None]


@dataclass
class ExportReport:
    """What was written: the file, records per sheet, and notes to show (by name)."""

    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def content(board: Board) -> list[tuple[ll.Sheet, list[dict[str, Any]]]]:
    """Return every sheet of the export with the rows of its table."""
    tables = dump.record_tables(board.db)
    sheets = ll.describe((t, dump.table_columns(board.db, t)) for t in tables)
    out = []
    for s in sheets:
        try:
            out.append((s, dump.all_rows(board.db, s.table)))
        except dump.OperationalError as exc:  # text that is not UTF-8, in a damaged file
            raise SendsecError(f"Nothing was exported: the records of '{s.name}' cannot be "
                               f"read ({exc}).") from None
    return out


def export(board: Board, out: str | Path, *, today: dt.date | None = None,
           progress: Progress | None = None) -> Path:
    """Write every record of the board to the .xlsx file `out`; return its path."""
    return export_report(board, out, progress=progress).path


def export_report(board: Board, out: str | Path, *,
                  progress: Progress | None = None) -> ExportReport:
    """Write every record of the board to the .xlsx file `out`; return what was written.

    The file is written to a temporary name beside `out` and then renamed, so an
    existing file is only replaced by a complete one. A value a workbook cannot hold
    (binary data) is refused by name, with nothing written. openpyxl's scratch copies
    of the sheets are kept beside `out` too, never in the system temp folder.
    """
    out = _check_target(Path(out))
    with workbook_scratch(out.parent):
        try:
            return _export_report(board, out, progress)
        except OSError as exc:  # a folder that cannot be written, a full disk ...
            raise SendsecError(f"'{out}' cannot be written: {folder_reason(exc)}. "
                               "Nothing was written.") from None


def _export_report(board: Board, out: Path, progress: Progress | None) -> ExportReport:
    import openpyxl

    report = ExportReport(out)
    data = content(board)
    total = sum(len(rows) for _, rows in data) or 1
    done = 0
    labels = _Labels(board)
    continued: list[list[Any]] = []
    prepared: list[tuple[ll.Sheet, list[list[Any]]]] = []
    for sheet, rows in data:  # every value first: a refusal leaves no workbook half-built
        cells_by_row = []
        for row in rows:
            values = []
            for col in sheet.columns:
                if col.field is None:
                    values.append(labels.of(col.ref, row.get(_field_before(sheet, col) or "")))
                    continue
                try:
                    written = ll.write_value(col, row.get(col.field))
                except ValueError as exc:
                    raise SendsecError(f"Nothing was exported: {sheet.name}, "
                                       f"{_who(sheet, row, labels)}, {col.header} {exc}.") \
                        from None
                values.append(written.value)
                for n, part in enumerate(written.more, 2):
                    continued.append([sheet.name, row.get("id"), col.header, n, part])
                if written.escaped:
                    report.notes.append(
                        f"{sheet.name}, {_who(sheet, row, labels)}, {col.header}: "
                        f"{', '.join(written.escaped)} written as an Excel escape (_xHHHH_), "
                        "which import reads back exactly")
                if written.problem:
                    report.notes.append(f"{sheet.name}, {_who(sheet, row, labels)}, "
                                        f"{col.header}: {written.problem}")
                if written.more:
                    report.notes.append(
                        f"{sheet.name}, {_who(sheet, row, labels)}, {col.header}: "
                        f"{len(written.more) + 1} parts (longer than an Excel cell holds); "
                        f"the rest is in '{ll.CONTINUED}'")
            cells_by_row.append(values)
            done += 1
            if progress and done % 200 == 0:
                progress(done, total)
        prepared.append((sheet, cells_by_row))
        report.counts[sheet.name] = len(rows)
    wb = openpyxl.Workbook(write_only=True)
    writer = _Writer(wb)
    about = wb.create_sheet(ll.ABOUT)
    for sheet, cells_by_row in prepared:
        writer.sheet(sheet.name, sheet.columns, cells_by_row)
    text = ll.Column("Text", None, "text")
    writer.sheet(ll.CONTINUED, (*tuple(ll.Column(h, None, "int" if h in ("Key", "Part") else "text") for h in ll.CONTINUED_HEADER[:-1]), text), continued)
    writer.sheet(ll.FIELDS, tuple(ll.Column(h, None, "text") for h in ll.FIELDS_HEADER),
                 [[s.name, c.header, s.table, c.field or "", c.kind]
                  for s, _ in data for c in s.columns])
    settings = board.settings()
    about_rows: list[list[Any]] = [
        [ll.MARKER, "A complete copy of every record of a sendsec board. "
                    "'python -m sendsec import' reads it back into a new board."],
        ["Board", settings.get("name")],
        ["Board id", settings.get("board_uid")],
        ["Schema version", SCHEMA_VERSION],
        ["Exported at", now_stamp()],
        ["Exported by", board.user],
        ["sendsec version", __version__],
        [],
        ["Sheet", "Records"],
        *[[name, n] for name, n in report.counts.items()],
        [ll.CONTINUED, len(continued)],
    ]
    writer.fill(about, (ll.Column("", None, "text"), ll.Column("", None, "text")), about_rows,
                header=False)
    try:
        replace_file(out, wb.save, held_by="Excel")
    except BaseException:
        discard_workbook(wb)  # quietly, instead of complaints on stderr at exit
        raise
    if progress:
        progress(total, total)
    return report


def _check_target(out: Path) -> Path:
    if out.suffix.lower() != ".xlsx":
        raise SendsecError(f"'{out.name}': the export is an Excel workbook; name it .xlsx.")
    if out.is_dir():
        raise SendsecError(f"'{out}' is a folder; give a file name ending .xlsx.")
    if not out.parent.exists():
        raise SendsecError(f"There is no folder '{out.parent}' to write '{out.name}' into.")
    if not out.parent.is_dir():
        raise SendsecError(f"'{out.parent}' is a file, not a folder: '{out.name}' cannot be "
                           "written into it.")
    return out


def _field_before(sheet: ll.Sheet, col: ll.Column) -> str | None:
    i = sheet.columns.index(col)
    return sheet.columns[i - 1].field if i else None


class _Labels:
    """How people know the records a reference points to (names, references, dates)."""

    def __init__(self, board: Board):
        self.board = board
        self.cache: dict[str, dict[int, str]] = {}

    def of(self, entity_name: str | None, record_id: Any) -> str | None:
        if entity_name is None or record_id is None:
            return None
        if entity_name not in self.cache:
            self.cache[entity_name] = self.board.labels(entity_name)
        label = self.cache[entity_name].get(record_id)
        return ll.escape(label)[:ll.CELL_LIMIT // 7] if label else None


def _who(sheet: ll.Sheet, row: dict[str, Any], labels: _Labels) -> str:
    e = ll.entity_of_table(sheet.table)
    if e is not None and e.name != "board" and row.get("id") is not None:
        label = labels.of(e.name, row["id"])
        if label and not label.startswith("#") and len(label) <= 60:
            return f"{label} (key {row['id']})"
    return f"key {row.get('id')}"


class _Writer:
    """Writes sheets in the house style: bold header, frozen, filtered, fitted widths."""

    def __init__(self, wb: Workbook) -> None:
        from openpyxl.styles import Alignment, Font

        self.wb = wb
        self.bold = Font(bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def sheet(self, name: str, columns: Sequence[ll.Column], rows: list[list[Any]]) -> None:
        ws = self.wb.create_sheet(name)
        self.fill(ws, columns, rows, header=True)

    def fill(self, ws: Worksheet, columns: Sequence[ll.Column], rows: list[list[Any]], *,
             header: bool) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        width = max([len(columns), *(len(r) for r in rows)])
        widths = [len(c.header) + 2 for c in columns] + [0] * (width - len(columns))
        for values in rows:
            for i, v in enumerate(values):
                if isinstance(v, str):
                    longest = max((len(line) for line in v[:2000].splitlines()), default=0)
                    widths[i] = max(widths[i], min(longest + 2, MAX_WIDTH))
                elif isinstance(v, dt.datetime):
                    widths[i] = max(widths[i], 12)
                elif v is not None:
                    widths[i] = max(widths[i], min(len(str(v)) + 2, MAX_WIDTH))
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = max(w, 8)
        if header:
            ws.freeze_panes = "B2" if columns and columns[0].header == "Key" else "A2"
            ws.auto_filter.ref = f"A1:{get_column_letter(max(width, 1))}{len(rows) + 1}"
            cells = []
            for c in columns:
                cell = WriteOnlyCell(ws, value=c.header)
                cell.font = self.bold
                cells.append(cell)
            ws.append(cells)
        for values in rows:
            cells = []
            for i, v in enumerate(values):
                wrap = isinstance(v, str) and (len(v) > MAX_WIDTH or "\n" in v)
                formula = isinstance(v, str) and v.startswith("=")
                if not (wrap or formula or isinstance(v, dt.datetime) or (not header and i == 0)):
                    cells.append(v)  # a plain value: no cell object, no style (fast)
                    continue
                cell = WriteOnlyCell(ws, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"  # text starting '=' stays text, never a formula
                    if wrap:
                        cell.alignment = self.wrap
                elif isinstance(v, dt.datetime):
                    cell.number_format = DATE_FORMAT
                if not header and i == 0:
                    cell.font = self.bold
                cells.append(cell)
            ws.append(cells)

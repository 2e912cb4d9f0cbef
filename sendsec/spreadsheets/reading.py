"""Turning a spreadsheet file into rows of cell values, or refusing it with one clear line.

.xlsx/.xlsm are read with openpyxl (read-only, cached formula values); .csv in
UTF-8 (with or without a byte-order mark) or Windows-1252; the tables of a Word
document (.docx) by `word_tables`, one sheet per table. A file that is not
a spreadsheet, is encrypted, damaged or empty raises `SpreadsheetRefused`,
whose message names the file and says why.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from sendsec.domain.dates import MONTH_NAMES
from sendsec.spreadsheets.sheets import Sheet as Sheet
from sendsec.spreadsheets.sheets import SpreadsheetRefused as SpreadsheetRefused
from sendsec.spreadsheets.sheets import Workbook as Workbook
from sendsec.spreadsheets.values import excel_unescape
from sendsec.storage.database import not_ordinary

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")


def read_workbook(path: str | Path) -> Workbook:
    """Return every sheet of the .xlsx or .csv file at `path`, or raise SpreadsheetRefused."""
    path = Path(path)
    odd = not_ordinary(path, "spreadsheet")  # a named pipe would be waited on for ever
    if odd:
        raise SpreadsheetRefused(odd)
    if not path.exists():
        raise SpreadsheetRefused(f"There is no file at '{path}'.")
    if path.is_dir():
        raise SpreadsheetRefused(f"'{path}' is a folder, not a spreadsheet.")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise SpreadsheetRefused(f"'{path.name}' cannot be read: {exc.strerror or exc}.") \
            from None
    if not head:
        raise SpreadsheetRefused(f"'{path.name}' is empty.")
    suffix = path.suffix.lower()
    if head == OLE_MAGIC:
        if suffix == ".doc":
            raise SpreadsheetRefused(
                f"'{path.name}' is an old-style Word 97-2003 document; open it in Word and save "
                "it as a Word Document (.docx).")
        if suffix in EXCEL_SUFFIXES:
            raise SpreadsheetRefused(
                f"'{path.name}' is password-protected (encrypted); open it in Excel, remove the "
                "password (File > Info > Protect Workbook) and save it again.")
        raise SpreadsheetRefused(
            f"'{path.name}' is an old-style Excel 97-2003 (.xls) or other Office file; open it "
            "in Excel and save it as an Excel Workbook (.xlsx).")
    if head.startswith(ZIP_MAGIC):
        return _read_xlsx(path)
    if suffix in EXCEL_SUFFIXES:
        raise SpreadsheetRefused(f"'{path.name}' is not an Excel workbook (it is damaged or "
                                 "another kind of file renamed .xlsx).")
    if suffix in CSV_SUFFIXES:
        return _read_csv(path)
    if suffix == ".xls":
        raise SpreadsheetRefused(f"'{path.name}' is not a real .xls file; save it from Excel "
                                 "as an Excel Workbook (.xlsx).")
    raise SpreadsheetRefused(
        f"'{path.name}' is not a spreadsheet sendsec can read: use an Excel workbook (.xlsx), "
        "a CSV file (.csv) or a Word document (.docx) with the plan as a table.")


# --------------------------------------------------------------------------- xlsx

def _zip_kind(path: Path) -> str:
    """Return 'xlsx', 'docx', 'pptx', 'ods' or 'zip' from a zip file's contents."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "[Content_Types].xml" in names:
                types = z.read("[Content_Types].xml")
                if b"spreadsheetml.sheet.main" in types or b"sheet.macroEnabled.main" in types:
                    return "xlsx"
                if b"wordprocessingml" in types:
                    return "docx"
                if b"presentationml" in types:
                    return "pptx"
            if "mimetype" in names and b"spreadsheet" in z.read("mimetype"):
                return "ods"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError,
            NotImplementedError, RuntimeError):
        return "damaged"
    return "zip"


def _read_xlsx(path: Path) -> Workbook:
    kind = _zip_kind(path)
    name = path.name
    if kind == "docx":
        from sendsec.spreadsheets.word_tables import read_docx

        return read_docx(path)
    refusals = {
        "pptx": f"'{name}' is a PowerPoint presentation, not a spreadsheet.",
        "ods": f"'{name}' is an OpenDocument spreadsheet; save it from Excel or LibreOffice "
               "as an Excel Workbook (.xlsx).",
        "zip": f"'{name}' is a zip file, not an Excel workbook.",
        "damaged": f"'{name}' is damaged: it cannot be opened as an Excel workbook.",
    }
    if kind != "xlsx":
        raise SpreadsheetRefused(refusals[kind])
    import openpyxl  # imported here: reading CSV or refusing a file should not pay for it

    try:
        with warnings.catch_warnings():
            # openpyxl warns about data validation, conditional formats and the like it
            # does not read; none of them matter for values
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                sheets = []
                month_formats = _has_month_formats(wb)
                with zipfile.ZipFile(path) as z:
                    for ws in wb.worksheets:
                        rows = _values(ws, month_formats)
                        rows = _trim(rows)
                        _fill_merged_down(rows, _merged_ranges(z, ws))
                        sheets.append(Sheet(ws.title, [[_unescape(v) for v in r]
                                                       for r in rows]))
            finally:
                wb.close()
    except SpreadsheetRefused:
        raise
    except MemoryError:
        raise SpreadsheetRefused(f"'{name}' is too large to read.") from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for damaged files
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise SpreadsheetRefused(f"'{name}' is damaged: it cannot be read as an Excel "
                                 f"workbook ({detail}).") from None
    if not sheets:
        raise SpreadsheetRefused(f"'{name}' has no worksheets.")
    return Workbook(path, sheets)


_MONTH_ONLY = re.compile(r"\[[^\]]*\]|\"[^\"]*\"|\\.")  # locale, quoted text, escapes


def _values(ws: Any, month_formats: bool = True) -> list[list[Any]]:
    """Return a sheet's values; a date shown as a month only ('Sep-25', the 1st of the month
    underneath, as Excel stores 'Sept 2025' typed in) is given as 'September 2025', so it is
    read as the month it shows, not as its first day. Without `month_formats` (the workbook
    has no such format) the bare values are read, which is quicker."""
    if not month_formats:
        return [list(r) for r in ws.iter_rows(values_only=True)]
    rows: list[list[Any]] = []
    for r in ws.iter_rows():
        row = []
        for c in r:
            v = c.value
            if isinstance(v, dt.datetime) and v.day == 1 and v.time() == dt.time(0) \
                    and _month_only(c.number_format or ""):
                v = f"{MONTH_NAMES[v.month - 1]} {v.year}"
            row.append(v)
        rows.append(row)
    return rows


@lru_cache(maxsize=256)
def _month_only(fmt: str) -> bool:
    """Return whether a number format shows a date as its month and year only."""
    bare = _MONTH_ONLY.sub("", fmt).casefold()
    return "m" in bare and "y" in bare and "d" not in bare and "h" not in bare \
        and "s" not in bare


def _has_month_formats(wb: Any) -> bool:
    """Return whether any cell style of the workbook `wb` (read-only) shows dates as a month
    only, the number formats looked up as openpyxl's read-only cells look them up; True when
    the styles are not what is expected (then every cell is read with its format)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    try:
        for style in wb._cell_styles:
            i = style.numFmtId
            fmt = BUILTIN_FORMATS.get(i, "General") if i < BUILTIN_FORMATS_MAX_SIZE else \
                wb._number_formats[i - BUILTIN_FORMATS_MAX_SIZE]
            if _month_only(str(fmt or "")):
                return True
    except (AttributeError, IndexError, KeyError, TypeError):
        return True
    return False


def _unescape(value: Any) -> Any:
    return excel_unescape(value) if isinstance(value, str) else value


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop empty cells at the end of each row and empty rows at the end of the sheet."""
    out = []
    for r in rows:
        end = len(r)
        while end and (r[end - 1] is None or r[end - 1] == ""):
            end -= 1
        out.append(r[:end])
    while out and not out[-1]:
        out.pop()
    return out


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _merged_ranges(z: zipfile.ZipFile, ws: Any) -> list[tuple[int, int, int, int]]:
    """Return the merged ranges of a sheet as (min_row, min_col, max_row, max_col), 1-based.

    openpyxl's read-only sheets do not report merged cells, so they are read from
    the sheet's XML (the <mergeCells> list after the data).
    """
    member = getattr(ws, "_worksheet_path", None)
    if not member:
        return []
    member = member.lstrip("/")
    try:
        data = z.read(member)
    except KeyError:
        return []
    start = data.rfind(b"mergeCells")
    if start < 0:
        return []
    return [(int(m[2]), _col_number(m[1]), int(m[4]), _col_number(m[3]))
            for m in _MERGE.finditer(data, max(0, start - 64))]


def _fill_merged_down(rows: list[list[Any]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Give the cells below the top of a merged range the top cell's value (first column only).

    A lead or area merged down over several actions then belongs to each of
    them; a title merged across columns stays in its first cell.
    """
    for min_row, min_col, max_row, _max_col in ranges:
        if max_row <= min_row or min_row > len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        if value is None:
            continue
        for r in range(min_row, min(max_row, len(rows))):
            row = rows[r]
            if len(row) < min_col:
                row.extend([None] * (min_col - len(row)))
            if row[min_col - 1] is None:
                row[min_col - 1] = value


# --------------------------------------------------------------------------- csv

def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding) for the bytes of a text file: UTF-8 with or without BOM, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Windows itself maps them to the same code points
        return data.decode("latin-1"), "cp1252"


def _read_csv(path: Path) -> Workbook:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpreadsheetRefused(f"'{path.name}' cannot be read: {exc.strerror or exc}.") \
            from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpreadsheetRefused(f"'{path.name}' is not a text (CSV) file.")
    text, encoding = decode_text(data)
    if not text.strip():
        raise SpreadsheetRefused(f"'{path.name}' is empty.")
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows: list[list[Any]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""),
                                                             delimiter=delimiter)]
    except csv.Error as exc:
        raise SpreadsheetRefused(f"'{path.name}' is not a readable CSV file ({exc}).") from None
    rows = _trim([[None if c == "" else c for c in r] for r in rows])
    return Workbook(path, [Sheet(path.stem, rows)], encoding)

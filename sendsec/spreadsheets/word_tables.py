"""Reading the tables of a Word document (.docx) as sheets, so a plan published in Word imports
exactly as the same plan in Excel.

Each table of the document becomes a sheet called 'Table N' (its position in the document;
python-docx knows nothing of pages), one row per table row, so the preview names
"table 2, row 5". Merged cells are read as a person sees them: a cell spanning several
columns (gridSpan) holds its text in its first column, so a row spanning the whole table
('Priority 2: Timeliness') is an area header row; a cell merged down several rows (vMerge)
gives its text to each of them. A cell's paragraphs are kept as lines, bulleted or numbered
ones with a '• ' in front, and line breaks inside a paragraph are kept. The paragraphs just
above a table (a heading 'Priority 2: ...', the plan's title with its year) travel with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sendsec.spreadsheets.sheets import Sheet, SpreadsheetRefused, Workbook

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ABOVE_PARAGRAPHS = 3  # the paragraphs before a table that travel with it (its heading)
TITLE_PARAGRAPHS = 3  # the first paragraphs of the document (its title, with the plan's year)


def read_docx(path: Path) -> Workbook:
    """Return every table of the Word document at `path` as a sheet, or raise SpreadsheetRefused."""
    import docx  # python-docx, imported only when a Word document is read

    try:
        document = docx.Document(str(path))
    except MemoryError:
        raise SpreadsheetRefused(f"'{path.name}' is too large to read.") from None
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds
        raise SpreadsheetRefused(f"'{path.name}' is damaged: it cannot be read as a Word "
                                 f"document ({type(exc).__name__}).") from None
    body = document.element.body
    sheets: list[Sheet] = []
    title: list[str] = []
    since: list[str] = []
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            text = _paragraph_text(child).strip()
            if text:
                since.append(text)
                if len(title) < TITLE_PARAGRAPHS and not sheets:
                    title.append(text)
        elif child.tag == f"{_W}tbl":
            number = len(sheets) + 1
            sheets.append(Sheet(f"Table {number}", _table_rows(child), since[-ABOVE_PARAGRAPHS:],
                                [t for t in title if t not in since[-ABOVE_PARAGRAPHS:]]))
            since = []
    if not sheets:
        raise SpreadsheetRefused(f"'{path.name}' is a Word document with no tables: sendsec reads "
                                 "a plan set out as a table (a header row, then one row per "
                                 "action).")
    return Workbook(path, sheets)


def _paragraph_text(p: Any) -> str:
    """Return a paragraph's text with its line breaks and tabs ('\\n', '\\t')."""
    out: list[str] = []
    for el in p.iter(f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab", f"{_W}noBreakHyphen"):
        if el.tag == f"{_W}t":
            out.append(el.text or "")
        elif el.tag == f"{_W}tab":
            if el.getparent().tag == f"{_W}r":  # a tab character, not a tab stop definition
                out.append("\t")
        elif el.tag == f"{_W}noBreakHyphen":
            out.append("-")
        elif el.get(f"{_W}type") not in ("page", "column"):
            out.append("\n")
    return "".join(out)


def _is_list(p: Any) -> bool:
    ppr = p.find(f"{_W}pPr")
    if ppr is None:
        return False
    if ppr.find(f"{_W}numPr") is not None:
        return True
    style = ppr.find(f"{_W}pStyle")
    return style is not None and "list" in (style.get(f"{_W}val") or "").casefold()


def _cell_text(tc: Any) -> str | None:
    """Return a cell's text: its paragraphs as lines, list paragraphs with a bullet."""
    lines = []
    for p in tc.iter(f"{_W}p"):
        text = _paragraph_text(p).strip()
        if not text:
            continue
        if _is_list(p) and not text.startswith(("•", "-", "*", "\u2013", "\u25aa", "o ")):
            text = "• " + text
        lines.append(text)
    return "\n".join(lines) or None


def _int(el: Any, default: int) -> int:
    try:
        return int(el.get(f"{_W}val")) if el is not None else default
    except (TypeError, ValueError):
        return default


def _own(parent: Any, tag: str) -> list[Any]:
    """Return `parent`'s own rows or cells (`tag`), those inside content controls too, not those
    of a table nested in it."""
    out = []
    for child in parent.iterchildren():
        if child.tag == tag:
            out.append(child)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                out += _own(content, tag)
    return out


def _table_rows(tbl: Any) -> list[list[Any]]:
    """Return a table's rows on its grid: spanned columns empty, vertically merged cells filled."""
    rows: list[list[Any]] = []
    above: dict[int, Any] = {}  # grid column -> the text of the cell a vMerge continues
    for tr in _own(tbl, f"{_W}tr"):
        trpr = tr.find(f"{_W}trPr")
        column = _int(trpr.find(f"{_W}gridBefore") if trpr is not None else None, 0)
        row: list[Any] = [None] * column
        for tc in _own(tr, f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            span = max(1, _int(tcpr.find(f"{_W}gridSpan") if tcpr is not None else None, 1))
            merge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
            if merge is not None and merge.get(f"{_W}val") in (None, "continue"):
                value = above.get(column)
            else:
                value = _cell_text(tc)
                if merge is not None:
                    above[column] = value
                else:
                    above.pop(column, None)
            row.append(value)
            row.extend([None] * (span - 1))
            column += span
        end = len(row)
        while end and row[end - 1] is None:
            end -= 1
        rows.append(row[:end])
    while rows and not rows[-1]:
        rows.pop()
    return rows

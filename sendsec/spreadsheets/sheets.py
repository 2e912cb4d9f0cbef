"""What a file to import is read into, whatever it was (Excel, CSV or the tables of a Word
document): a `Workbook` of `Sheet`s; `SpreadsheetRefused` says why a file cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sendsec.domain.errors import SendsecError


class SpreadsheetRefused(SendsecError):
    """The file cannot be read as a spreadsheet; the message says why."""


@dataclass
class Sheet:
    """One sheet of a file: its name and its rows (lists of cell values, row 1 first).

    `above` and `title` hold text that belongs with the sheet though it is not in it: for a
    table of a Word document, the paragraphs just above it (its heading) and the document's
    title (which may name the plan's year).
    """

    name: str
    rows: list[list[Any]]
    above: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)


@dataclass
class Workbook:
    """What was read from a file: its sheets in file order and how it was decoded."""

    path: Path
    sheets: list[Sheet]
    encoding: str | None = None  # for CSV: 'utf-8-sig', 'utf-8' or 'cp1252'

    def sheet(self, name: str | None) -> Sheet:
        """Return the sheet called `name` (any case), or the first sheet for None."""
        if name is None:
            return self.sheets[0]
        for s in self.sheets:
            if s.name == name:
                return s
        for s in self.sheets:
            if s.name.strip().casefold() == name.strip().casefold():
                return s
        names = ", ".join(f"'{s.name}'" for s in self.sheets)
        raise SpreadsheetRefused(f"'{self.path.name}' has no sheet called '{name}' "
                                 f"(its sheets are {names}).")

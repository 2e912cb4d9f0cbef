"""What an import will do, as the preview shows it: per sheet (or table of a Word document),
the rows to add and update, the rows skipped and warned about, the people and areas to
create; and what `importer.apply` did.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sendsec.domain.dates import short_date
from sendsec.domain.labels import count as _count
from sendsec.domain.labels import natural_key
from sendsec.services.board import Change

EXCEL_CELL_LIMIT = 32_767  # the most characters an Excel cell holds

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
    return f"{sheet.lower()}, row {row}" if WORD_TABLE.fullmatch(sheet) else f"row {row}"


WORD_TABLE = re.compile(r"Table \d+")


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

    def updated_id(self) -> int:
        """Return the id of the record this update changes (the planner sets it on every
        update; an add has none)."""
        if self.record_id is None:
            raise ValueError(f"{self.ref} is planned as an add, not an update")
        return self.record_id


@dataclass
class NewPerson:
    """A person named as an owner who is not on the board yet (created as an officer, not a
    board member, so never invited by default)."""

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
            name = s.name if WORD_TABLE.fullmatch(s.name) else f"Sheet '{s.name}'"
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
                         f"({'as an officer, not a board member' if len(self.new_people) == 1 else 'as officers, not board members'}): "
                         + ", ".join(p.name for p in self.new_people.values()))
        if self.new_areas:
            lines.append(f"{_count(len(self.new_areas), 'area')} to create: " + ", ".join(
                f"{a.code} ({shorten(a.title, 50)})"
                for a in sorted(self.new_areas.values(), key=lambda a: natural_key(a.code))))
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
    parts = [f"Add {where(r.sheet, r.row)} ({r.ref}): {shorten(r.values.get('title') or '', 70)}"]
    if r.area_label:
        parts.append(f"area {r.area_label}")
    due = r.values.get("due_date")
    parts.append(f"due {short_date(due)}" if due else "no due date")
    parts += r.flags
    return "; ".join(parts)


def shorten(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 3] + "..."

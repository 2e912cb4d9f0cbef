"""What a board's records read as: one record, a kind's records in their order, a record
found by its values, how people know a record (its label, a sentence naming it, pickers'
options), and the settings the rules read (working calendar, timetable offsets, risk bands).
`Board` (sendsec.services.board) reads through these; they never write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sendsec.domain import rules
from sendsec.domain.entities import TIMETABLE_STEPS, entity, noun
from sendsec.domain.errors import NotFound, SendsecError
from sendsec.domain.labels import record_label
from sendsec.storage import queries
from sendsec.storage.connection import Database


class BoardReading:
    """The reading half of a `Board`: every method returns what is in the file now."""

    db: Database
    path: Path
    _calendar: rules.WorkingCalendar | None = None

    def settings(self) -> dict[str, Any]:
        """Return the board's settings row."""
        row = queries.get_row(self.db, "board", 1)
        if row is None:
            raise SendsecError(f"'{self.path}' has no board settings; it is damaged.")
        return row

    @property
    def name(self) -> str:
        """Return the board's name."""
        return self.settings()["name"]

    def get(self, entity_name: str, record_id: int) -> dict[str, Any]:
        """Return one record as a dict, or raise NotFound."""
        e = entity(entity_name)
        row = queries.get_row(self.db, e.table, record_id)
        if row is None:
            raise NotFound(f"There is no {e.label.lower()} with id {record_id}.")
        return row

    def rows(self, entity_name: str, *, parent_id: int | None = None,
             include_archived: bool = False) -> list[dict[str, Any]]:
        """Return the records of an entity (of one parent, if given), in their natural order."""
        e = entity(entity_name)
        where, params = [], []
        if not include_archived:
            where.append("archived = 0")
        if parent_id is not None:
            if not e.parent:
                raise ValueError(f"{e.name} has no parent")
            where.append(f"{e.parent} = ?")
            params.append(parent_id)
        return queries.select_rows(self.db, e.table, " AND ".join(where), params, e.order_by)

    def find(self, entity_name: str, **equals: Any) -> dict[str, Any] | None:
        """Return the first record whose fields equal the given values, or None."""
        e = entity(entity_name)
        for name in equals:
            if name not in ("id", "archived"):
                e.field(name)  # raises KeyError for a field the entity does not have
        where = " AND ".join(f"{k} = ?" for k in equals)
        rows = queries.select_rows(self.db, e.table, where, list(equals.values()), "id", limit=1)
        return rows[0] if rows else None

    def label(self, entity_name: str, record_id: int | None) -> str:
        """Return how people know a record (its reference, name or title)."""
        if record_id is None:
            return ""
        e = entity(entity_name)
        row = queries.get_row(self.db, e.table, record_id)
        if row is None:
            return f"#{record_id}"
        title = e.field(e.title)
        if title.kind == "ref" and title.ref and row.get(e.title) is not None:
            return self.label(title.ref, row[e.title])  # an invitee is known by the person
        return record_label(e, row)

    def described(self, entity_name: str, record_id: int) -> str:
        """Return a record as a sentence names it: 'action PA1.9', 'invitee Priya Mistry
        (Meeting 9, 16 December 2026)': its kind, its label and, for a child, its parent's."""
        e = entity(entity_name)
        text = f"{noun(e.label)} {self.label(e.name, record_id)}"
        if e.parent:
            row = queries.get_row(self.db, e.table, record_id)
            parent_id = row.get(e.parent) if row else None
            if parent_id is not None:
                ref = e.field(e.parent).ref
                if ref and ref != "meeting":
                    text += f" ({noun(entity(ref).label)} {self.label(ref, parent_id)})"
                elif ref:
                    text += f" ({self.label(ref, parent_id)})"
        return text

    def labels(self, entity_name: str) -> dict[int, str]:
        """Return {id: label} for every record of an entity, archived ones included (one query:
        for labelling many records at once, where `label` would read them one by one)."""
        e = entity(entity_name)
        rows = self.rows(entity_name, include_archived=True)
        title = e.field(e.title)
        if title.kind == "ref" and title.ref:  # an invitee is known by the person
            names = self.labels(title.ref)
            return {r["id"]: names.get(r[e.title]) or record_label(e, r) for r in rows}
        return {r["id"]: record_label(e, r) for r in rows}

    def options(self, entity_name: str) -> list[tuple[int, str]]:
        """Return (id, label) pairs of the live records of an entity, for pickers."""
        e = entity(entity_name)
        return [(r["id"], record_label(e, r)) for r in self.rows(entity_name)]

    def calendar(self) -> rules.WorkingCalendar:
        """Return the working calendar (weekdays less England and Wales bank holidays), made
        once per board."""
        if self._calendar is None:
            self._calendar = rules.WorkingCalendar()
        return self._calendar

    def offsets(self) -> dict[str, int]:
        """Return each timetable step's offset from the meeting in working days (the board's
        settings, else the defaults)."""
        s = self.settings()
        return {step: (int(s[f"off_{step}"]) if s.get(f"off_{step}") is not None
                       else rules.DEFAULT_OFFSETS[step]) for step in TIMETABLE_STEPS}

    def bands(self) -> tuple[tuple[int, str], ...]:
        """Return the risk bands as (lowest score, name), lowest first."""
        s = self.settings()
        return ((1, "low"), (s["band_medium"] or 5, "medium"), (s["band_high"] or 10, "high"),
                (s["band_very_high"] or 15, "very high"))

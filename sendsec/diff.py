"""What changed between two files of the same board: two snapshots, or a snapshot and the live file.

`diff_boards(old, new)` returns a `BoardDiff`: plain data, grouped the way the
chair reads it (actions, risks, impact log, measures, meetings). Records are
matched by the keys people use, never by database ids: an action or a risk by
its reference, a measure by its code (a data point by its period), a meeting
by its calendar uid. Impact-log entries have no reference; an entry is the
same entry when its id and its creation time both match (a record restored
from a backup and a later one that reused its id are told apart).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sendsec import registers, rules
from sendsec.dates import clock, long_date
from sendsec.errors import SendsecError
from sendsec.services import Board

SECTIONS = (("actions", "Actions"), ("risks", "Risks"), ("impact", "Impact log"),
            ("measures", "Measures"), ("meetings", "Meetings"))
NONE = "(none)"
SHORT = 160


@dataclass(frozen=True)
class FieldChange:
    """One field of one record, as people read it before and after."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Item:
    """One record that was added, removed or changed.

    `kind` is 'added', 'removed' or 'changed'; `key` is how people know the
    record (e.g. 'PA2.3'); `title` says what it is; `detail` is a sentence for
    an added or removed record; `changes` the fields that changed.
    """

    kind: str
    key: str
    title: str
    detail: str = ""
    changes: tuple[FieldChange, ...] = ()

    def head(self) -> str:
        """Return e.g. 'Changed PA2.3 “Title”' (what happened to which record)."""
        verb = {"added": "Added", "removed": "Removed", "changed": "Changed"}[self.kind]
        return f"{verb} {self.key}" + (f" {_quote(self.title)}" if self.title else "")

    def line(self) -> str:
        """Return the record's first line for a person to read (head and detail)."""
        return f"{self.head()}: {self.detail}" if self.detail else self.head()


@dataclass(frozen=True)
class BoardDiff:
    """Every difference found, section by section (each a tuple of Items)."""

    board_name: str
    old_label: str
    new_label: str
    actions: tuple[Item, ...] = ()
    risks: tuple[Item, ...] = ()
    impact: tuple[Item, ...] = ()
    measures: tuple[Item, ...] = ()
    meetings: tuple[Item, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name, _ in SECTIONS)

    def sections(self) -> list[tuple[str, tuple[Item, ...]]]:
        """Return (heading, items) of each section that has differences, in the usual order."""
        return [(heading, getattr(self, name)) for name, heading in SECTIONS
                if getattr(self, name)]

    def count(self) -> int:
        return sum(len(getattr(self, name)) for name, _ in SECTIONS)

    def lines(self) -> list[str]:
        """Return the differences as text: a heading per section, a line per record and field."""
        out = [f"{self.board_name}: from {self.old_label}", f"  to {self.new_label}"]
        out += [f"Note: {n}" for n in self.notes]
        if self.is_empty():
            return [*out, "", "No differences."]
        for heading, items in self.sections():
            out += ["", f"{heading} ({len(items)})"]
            for item in items:
                out.append(f"  {_short(item.line(), 200)}")
                for c in item.changes:
                    out.append(f"    {c.field}: {_short(c.old, SHORT)} -> {_short(c.new, SHORT)}")
        return out


# --------------------------------------------------------------------- helpers

def _one_line(text: Any) -> str:
    return " ".join(str(text).split()) if text is not None else ""


def _short(text: str, limit: int) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _quote(text: str) -> str:
    return f"\u201c{_short(text, 90)}\u201d"


def _date(value: Any) -> str:
    if not value:
        return NONE
    try:
        return long_date(value)
    except (TypeError, ValueError):
        return str(value)


def _text(value: Any) -> str:
    return NONE if value is None or value == "" else str(value)


def _number(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return NONE
    text = f"{value:g}" if float(value) != int(value) else f"{int(value)}"
    if unit == "%":
        return f"{text}%"
    if unit == "£":
        return f"£{text}"
    return f"{text} {unit}" if unit in ("weeks", "days") else text


def _compare(pairs: Iterable[tuple[str, str, str]]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(label, old, new) for label, old, new in pairs if old != new)


def describe(board: Board) -> str:
    """Return how a file is named in a comparison: a snapshot (number, when, by whom) or a board file."""
    info = board.snapshot_info
    if info:
        when = _when(info.get("taken_at"))
        return f"snapshot {info.get('sequence')} taken {when} by {info.get('taken_by')} " \
               f"('{board.path.name}')"
    return f"the board file '{board.path.name}'"


def _when(stamp: str | None) -> str:
    if not stamp:
        return "at an unknown time"
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{long_date(moment.date())} at {clock(moment.strftime('%H:%M'))}"


def as_of(board: Board) -> str:
    """Return when a file's contents were current: a snapshot's taken_at; now for a live file."""
    if board.snapshot_info:
        return str(board.snapshot_info.get("taken_at") or "")
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def older_first(a: Board, b: Board) -> tuple[Board, Board]:
    """Return the two boards ordered by when their contents were current, older first."""
    def key(board: Board) -> tuple[str, int]:  # on a tie the live file is the newer
        return as_of(board), 0 if board.snapshot_info else 1

    return (a, b) if key(a) <= key(b) else (b, a)


def same_board(old: Board, new: Board) -> None:
    """Raise SendsecError unless both files belong to the same board (same board_uid)."""
    a, b = old.settings().get("board_uid"), new.settings().get("board_uid")
    if not a or not b or a != b:
        raise SendsecError(
            f"'{old.path.name}' ({old.name}) and '{new.path.name}' ({new.name}) are files of "
            "different boards; only two files of the same board can be compared."
        )


# ------------------------------------------------------------------- sections

def _live(rows: Iterable[dict[str, Any]], key) -> dict[str, dict[str, Any]]:
    return {key(r): r for r in rows if not r.get("archived")}


def _all(rows: Iterable[dict[str, Any]], key) -> dict[str, dict[str, Any]]:
    return {key(r): r for r in rows}


def _latest_update(a: dict[str, Any]) -> str:
    u = a.get("latest_update")
    if not u:
        return NONE
    return f"{_date(u['update_date'])} ({rules.rag_label(u['rag'])}): {u['narrative']}"


def _action_fields(a: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("Action", _text(a["title"])),
        ("RAG", rules.rag_label(a["rag"]) if a["rag"] else "Not rated"),
        ("Status", _text(a["status"])),
        ("Accountable owner", _text(a["owner_name"])),
        ("Original due date", _date(a["due_date"])),
        ("Revised due date", _date(a["revised_due_date"])),
        ("Latest update", _latest_update(a)),
    ]


def _actions(old: Board, new: Board, on: dt.date) -> tuple[Item, ...]:
    before_all = _all(registers.action_rows(old, on, include_archived=True), lambda r: r["ref"])
    after_all = _all(registers.action_rows(new, on, include_archived=True), lambda r: r["ref"])
    before = {k: v for k, v in before_all.items() if not v["archived"]}
    after = {k: v for k, v in after_all.items() if not v["archived"]}
    items: list[Item] = []
    for ref in sorted(set(before) | set(after), key=_natural):
        a, b = before.get(ref), after.get(ref)
        if a is None and b is not None:
            detail = f"owner {_text(b['owner_name'])}, due {_date(b['revised_due_date'] or b['due_date'])}, " \
                     f"RAG {rules.rag_label(b['rag']) if b['rag'] else 'not rated'}, {b['status']}"
            items.append(Item("added", ref, b["title"], detail))
        elif b is None and a is not None:
            why = "archived" if ref in after_all else "no longer in the file"
            items.append(Item("removed", ref, a["title"], why))
        elif a is not None and b is not None:
            old_fields, new_fields = dict(_action_fields(a)), _action_fields(b)
            changes = _compare((label, old_fields[label], value) for label, value in new_fields)
            if changes:
                items.append(Item("changed", ref, b["title"], changes=changes))
    return tuple(items)


def _risks(old: Board, new: Board, on: dt.date) -> tuple[Item, ...]:
    before_all = _all(registers.risk_rows(old, on, include_archived=True), lambda r: r["ref"])
    after_all = _all(registers.risk_rows(new, on, include_archived=True), lambda r: r["ref"])
    before = {k: v for k, v in before_all.items() if not v["archived"]}
    after = {k: v for k, v in after_all.items() if not v["archived"]}

    def score(r: dict[str, Any]) -> str:
        return f"{r['score']} ({rules.band_label(r['band']).lower()}; likelihood " \
               f"{r['current_likelihood']} x impact {r['current_impact']})"

    items: list[Item] = []
    for ref in sorted(set(before) | set(after), key=_natural):
        a, b = before.get(ref), after.get(ref)
        if a is None and b is not None:
            items.append(Item("added", ref, b["title"], f"current score {score(b)}"))
        elif b is None and a is not None:
            why = "archived" if ref in after_all else "no longer in the file"
            items.append(Item("removed", ref, a["title"], why))
        elif a is not None and b is not None:
            changes = _compare([
                ("Current score", score(a), score(b)),
                ("Status", _text(a["status"]), _text(b["status"])),
            ])
            if changes:
                items.append(Item("changed", ref, b["title"], changes=changes))
    return tuple(items)


def _impact_key(r: dict[str, Any]) -> str:
    return f"{r['id']}|{r.get('created_at') or ''}"


def _impact(old: Board, new: Board) -> tuple[Item, ...]:
    before = _live(registers.impact_rows(old, include_archived=True), _impact_key)
    after_all = _all(registers.impact_rows(new, include_archived=True), _impact_key)
    after = {k: v for k, v in after_all.items() if not v["archived"]}
    items: list[Item] = []
    for key in sorted(set(after) - set(before), key=lambda k: (after[k]["entry_date"], k)):
        e = after[key]
        links = ", ".join(x for x in (e["area_code"] and f"area {e['area_code']}",
                                      e["action_ref"], e["measure_code"]) if x)
        detail = f"{e['kind']} ({e['status']})" + \
                 (f", {links}" if links else "")
        if e.get("what_changed"):
            detail += f". What changed: {e['what_changed']}"
        items.append(Item("added", _date(e["entry_date"]), e["title"], detail))
    for key in sorted(set(before) - set(after), key=lambda k: (before[k]["entry_date"], k)):
        e = before[key]
        why = "archived" if key in after_all else "no longer in the file"
        items.append(Item("removed", _date(e["entry_date"]), e["title"], why))
    return tuple(items)


def _measures(old: Board, new: Board, on: dt.date) -> tuple[Item, ...]:
    before = _live(registers.measure_rows(old, on, include_archived=True), lambda r: r["code"])
    after = _live(registers.measure_rows(new, on, include_archived=True), lambda r: r["code"])
    items: list[Item] = []
    for code in sorted(set(before) | set(after), key=_natural):
        a, b = before.get(code), after.get(code)
        if a is None and b is not None:
            items.append(Item("added", code, b["title"],
                              f"{len(b['points'])} data points, latest "
                              f"{_number(b['latest_value'], b['unit'])}"))
            continue
        if b is None and a is not None:
            items.append(Item("removed", code, a["title"], "archived or no longer in the file"))
            continue
        old_points = {p["period"]: p["value"] for p in a["points"]}
        new_points = {p["period"]: p["value"] for p in b["points"]}
        changes = []
        for period in sorted(set(old_points) | set(new_points)):
            was, now = old_points.get(period), new_points.get(period)
            if was == now:
                continue
            label = f"Data for {_date(period)}"
            changes.append(FieldChange(label, _number(was, b["unit"]),
                                       _number(now, b["unit"])))
        if changes:
            added = sum(1 for c in changes if c.old == NONE)
            detail = ", ".join(x for x in (
                f"{added} new data point{'s' if added != 1 else ''}" if added else "",
                f"{len(changes) - added} value{'s' if len(changes) - added != 1 else ''} changed"
                if len(changes) > added else "") if x)
            items.append(Item("changed", code, b["title"], detail, tuple(changes)))
    return tuple(items)


def _meeting_key(m: dict[str, Any]) -> str:
    return m["uid"] or f"meeting {m['id']} {m.get('created_at') or ''}"


def _meetings(old: Board, new: Board) -> tuple[Item, ...]:
    before = _live(old.rows("meeting", include_archived=True), _meeting_key)
    after_all = _all(new.rows("meeting", include_archived=True), _meeting_key)
    after = {k: v for k, v in after_all.items() if not v["archived"]}

    def label(board: Board, m: dict[str, Any]) -> str:
        kind = "Stocktake review" if m["kind"] == "stocktake review" else (
            f"Meeting {m['number']}" if m["number"] else "Meeting")
        return f"{kind} ({_date(m['meeting_date'])})"

    def order(key: str) -> tuple:
        m = after.get(key) or before[key]
        return (m["meeting_date"], m["start_time"] or "", key)

    items: list[Item] = []
    for key in sorted(set(before) | set(after), key=order):
        a, b = before.get(key), after.get(key)
        if a is None and b is not None:
            detail = f"{_date(b['meeting_date'])} at {clock(b['start_time'])}" + \
                     (f", {b['venue']}" if b["venue"] else "") + f", {b['status']}"
            items.append(Item("added", label(new, b), "", detail))
        elif b is None and a is not None:
            why = "archived" if key in after_all else "no longer in the file"
            items.append(Item("removed", label(old, a), "", why))
        elif a is not None and b is not None:
            changes = _compare([
                ("Date", _date(a["meeting_date"]), _date(b["meeting_date"])),
                ("Start time", clock(a["start_time"]) or NONE, clock(b["start_time"]) or NONE),
                ("Venue", _text(a["venue"]), _text(b["venue"])),
                ("Status", _text(a["status"]), _text(b["status"])),
            ])
            if changes:
                items.append(Item("changed", label(new, b), "", changes=changes))
    return tuple(items)


def _natural(text: str) -> tuple:
    """Sort key that puts PA2.10 after PA2.9."""
    return tuple(int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", text))


# ----------------------------------------------------------------------- entry

def diff_boards(old: Board, new: Board, *, on: dt.date | None = None) -> BoardDiff:
    """Return every difference between two files of the same board, from `old` to `new`.

    Refuses (SendsecError) two files of different boards. `on` is the day the
    registers are read as of (it affects nothing compared, only derived labels).
    """
    same_board(old, new)
    on = on or registers.today()
    notes = []
    if old.name != new.name:
        notes.append(f"The board was renamed from {_quote(old.name)} to {_quote(new.name)}.")
    return BoardDiff(
        board_name=new.name,
        old_label=describe(old),
        new_label=describe(new),
        actions=_actions(old, new, on),
        risks=_risks(old, new, on),
        impact=_impact(old, new),
        measures=_measures(old, new, on),
        meetings=_meetings(old, new),
        notes=tuple(notes),
    )

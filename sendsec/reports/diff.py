"""What changed between two files of the same board: two snapshots, or a snapshot and the live file.

`diff_boards(old, new)` returns a `BoardDiff`: plain data, grouped the way the
chair reads it (board settings, actions, risks, impact log, measures, meetings,
areas, organisations, people), with every field of every record compared and
child records (updates, reviews, data points, agenda items, invitees, minutes,
resolutions ...) shown inside their parent's entry. Records are
matched by the keys people use, never by database ids: an action or a risk by
its reference, a measure by its code (a data point by its period), a meeting
by its calendar uid. Impact-log entries have no reference; an entry is the
same entry when its id and its creation time both match (a record restored
from a backup and a later one that reused its id are told apart).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sendsec.domain import rules
from sendsec.domain.dates import clock, long_date
from sendsec.domain.entities import Entity, Field, entity
from sendsec.domain.errors import SendsecError
from sendsec.domain.labels import meeting_name, natural_key
from sendsec.services import registers
from sendsec.services.board import Board

SECTIONS = (("settings", "Board settings"), ("actions", "Actions"), ("risks", "Risks"),
            ("impact", "Impact log"), ("measures", "Measures"), ("meetings", "Meetings"),
            ("areas", "Areas"), ("organisations", "Organisations"), ("people", "People"))
NONE = "(none)"
#: What a record is known by or headed with in the report, from its row.
RowText = Callable[[dict[str, Any]], str]
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
    settings: tuple[Item, ...] = ()
    areas: tuple[Item, ...] = ()
    organisations: tuple[Item, ...] = ()
    people: tuple[Item, ...] = ()
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
        who = info.get("taken_by_name") or info.get("taken_by")  # the secretary, else the login
        return f"snapshot {info.get('sequence')} taken {when} by {who} " \
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
#
# Every field of every record is compared (DESIGN §5: the chair sees what changed,
# completely). A record's own fields are read from its entity spec, so a field added
# to an entity is compared without a change here; references to other records are shown
# by the label people know them by (an owner's name, an area's code), dates as words.

#: Fields that are bookkeeping, not something a person changed.
_SKIP = frozenset({"ics_sequence", "uid", "board_uid"})

#: Child records shown inside their parent's entry: (entity, what one is called).
_CHILDREN: dict[str, tuple[tuple[str, str], ...]] = {
    "action": (("action_update", "Progress update"), ("action_revision", "Due date revision")),
    "risk": (("risk_review", "Review"),),
    "measure": (("measure_point", "Data for"), ("trajectory_point", "Trajectory for")),
    "meeting": (("cycle_step", "Timetable"), ("agenda_item", "Agenda item"),
                ("invitee", "Invitee"), ("declaration", "Declaration"), ("minute", "Minute")),
    "minute": (("resolution", "Resolution"),),
}


#: Past this many parents, a restricted view reads all of a kind of child record at once.
_ONE_BY_ONE = 100


class _View:
    """One file read for comparing: records by entity, children by parent, labels cached.

    `differ` (see `diff_boards`): only those records are compared, so the children of the
    others are not read (a parent's children are read when it is first asked for, or all of
    them once more than `_ONE_BY_ONE` parents have been)."""

    def __init__(self, board: Board, differ: Mapping[str, Collection[int]] | None = None):
        self.board = board
        self.differ = differ
        self._rows: dict[str, list[dict[str, Any]]] = {}
        self._labels: dict[str, dict[int, str]] = {}
        self._by_parent: dict[str, dict[int, list[dict[str, Any]]]] = {}
        self._one_by_one: dict[str, dict[int, list[dict[str, Any]]]] = {}

    def rows(self, name: str) -> list[dict[str, Any]]:
        if name not in self._rows:
            self._rows[name] = self.board.rows(name, include_archived=True)
        return self._rows[name]

    def label(self, name: str, record_id: Any) -> str:
        if name not in self._labels:
            self._labels[name] = self.board.labels(name)
        return self._labels[name].get(record_id, f"#{record_id}")

    def units(self) -> dict[int, str]:
        if "units" not in self._labels:
            self._labels["units"] = {m["id"]: m["unit"] for m in self.rows("measure")}
        return self._labels["units"]

    def by_key(self, name: str, key: RowText) -> dict[str, dict[str, Any]]:
        return {key(r): r for r in self.rows(name)}

    def children(self, name: str, parent_id: int) -> list[dict[str, Any]]:
        asked = self._one_by_one.setdefault(name, {})
        if self.differ is not None and name not in self._by_parent \
                and len(asked) < _ONE_BY_ONE:
            if parent_id not in asked:
                asked[parent_id] = self.board.rows(name, parent_id=parent_id,
                                                   include_archived=True)
            return [r for r in asked[parent_id] if not r["archived"]]
        if name not in self._by_parent:
            parent = entity(name).parent
            assert parent is not None, f"{name} is not a child record"
            grouped: dict[int, list[dict[str, Any]]] = {}
            for row in self.rows(name):
                grouped.setdefault(row[parent], []).append(row)
            self._by_parent[name] = grouped
        return [r for r in self._by_parent[name].get(parent_id, []) if not r["archived"]]


def _show(view: _View, f: Field, value: Any) -> str:
    """Return a stored value as people read it in a comparison."""
    if f.kind == "direction":  # empty is a direction too: neither is better
        return rules.direction_text(value)
    if value is None or value == "":
        return NONE
    if f.name == "rag":
        return rules.rag_label(value)
    if f.name == "step":
        return rules.STEP_LABELS.get(value, str(value))
    if f.kind == "date":
        return _date(value)
    if f.kind == "time":
        return clock(value) or str(value)
    if f.kind == "bool":
        return "yes" if value else "no"
    if f.kind == "ref" and f.ref:
        return view.label(f.ref, value)
    if f.kind == "float":
        try:
            return _number(float(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _fields(e: Entity, skip: Iterable[str] = ()) -> list[Field]:
    leave = _SKIP | set(skip) | ({e.parent} if e.parent else set())
    return [f for f in e.fields if f.name not in leave]


def _field_changes(e: Entity, a: dict[str, Any], b: dict[str, Any], va: _View, vb: _View,
                   *, skip: Iterable[str] = ()) -> list[FieldChange]:
    out = []
    for f in _fields(e, skip):
        x, y = a.get(f.name), b.get(f.name)
        if x == y:  # the same value; a reference to the same record (every file of a
            continue  # board keeps its ids) whose renaming is that record's own change
        old, new = _show(va, f, x), _show(vb, f, y)
        if old != new:
            out.append(FieldChange(f.label, old, new))
    return out


def _summary(e: Entity, row: dict[str, Any], view: _View) -> str:
    """Return a child record in one line: its filled fields, e.g. 'RAG: Red; Update: Stuck'."""
    if e.name == "resolution":
        return f"RESOLVED: that {row['text']}"
    if e.name == "declaration":
        return f"{view.label('person', row['person_id'])}: {row['interest']}"
    parts = []
    named = e.field(e.title).kind != "longtext"  # the title is in the record's name already
    for f in _fields(e, skip=(e.title,) if named else ()):
        shown = _show(view, f, row.get(f.name))
        if shown != NONE:
            parts.append(f"{f.label}: {shown}")
    return "; ".join(parts) or NONE


def _child_key(e: Entity, row: dict[str, Any], view: _View) -> str:
    """Return how a child record is matched across two files: its natural key where the
    entity has one (a data point's period, a timetable step, an invitee's person, a minute's
    number), else its id and creation time (a restored record is not a later one). A record
    it points to is matched by its id, which every file of one board keeps (a restore too),
    not by its name: renaming a person is not their invitation removed and another added."""
    for unique in e.unique:
        rest = [name for name in unique if name != e.parent]
        if rest:
            return "|".join(f"#{row.get(n)}" if e.field(n).kind == "ref"
                            else _show(view, e.field(n), row.get(n)) for n in rest)
    return f"{row['id']}|{row.get('created_at') or ''}"


def _child_name(e: Entity, what: str, row: dict[str, Any], view: _View) -> str:
    if e.name == "minute":
        return f"Minute {row['number']}"
    title = e.field(e.title)
    if title.kind == "longtext":  # a resolution or a declaration: its text is in the summary
        return what
    return f"{what} {_short(_show(view, title, row.get(e.title)), 60)}"


def _children_changes(parent: str, a_id: int | None, b_id: int | None,
                      va: _View, vb: _View) -> list[FieldChange]:
    """Return the changes to the children (and their children) of one record."""
    out: list[FieldChange] = []
    for child, what in _CHILDREN.get(parent, ()):
        e = entity(child)
        before = {_child_key(e, r, va): r for r in va.children(child, a_id)} \
            if a_id is not None else {}
        after = {_child_key(e, r, vb): r for r in vb.children(child, b_id)} \
            if b_id is not None else {}
        order = {k: i for i, k in enumerate([*after, *[k for k in before if k not in after]])}
        for key in sorted(set(before) | set(after), key=order.__getitem__):
            x, y = before.get(key), after.get(key)
            if e.name in ("measure_point", "trajectory_point"):
                row = y or x
                assert row is not None  # the key came from one side or the other
                field_name = "value" if e.name == "measure_point" else "expected"
                old = _number(x[field_name], _unit(va, x)) if x else NONE
                new = _number(y[field_name], _unit(vb, y)) if y else NONE
                changes = _field_changes(e, x, y, va, vb, skip=("period", field_name)) \
                    if x and y else []
                if old != new or changes:  # named only when something changed
                    name = _child_name(e, what, row, vb if y else va)
                    if old != new:
                        out.append(FieldChange(name, old, new))
                    out += [FieldChange(f"{name}: {c.field}", c.old, c.new) for c in changes]
                continue
            if x is None:
                assert y is not None
                out.append(FieldChange(_child_name(e, what, y, vb), NONE, _summary(e, y, vb)))
            elif y is None:
                out.append(FieldChange(_child_name(e, what, x, va), _summary(e, x, va), NONE))
            else:
                changes = _field_changes(e, x, y, va, vb)
                if changes:
                    name = _child_name(e, what, y, vb)
                    out += [FieldChange(f"{name}: {c.field}", c.old, c.new) for c in changes]
            out += [FieldChange(c.field, c.old, c.new) for c in _children_changes(
                child, x["id"] if x else None, y["id"] if y else None, va, vb)
                if x is not None and y is not None]
    return out


def _unit(view: _View, point: dict[str, Any]) -> str | None:
    return view.units().get(point["measure_id"])


def _records(name: str, view: _View, key: RowText) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Return (live records by key, keys of archived ones)."""
    live: dict[str, dict[str, Any]] = {}
    archived: set[str] = set()
    for row in view.rows(name):
        (archived.add(key(row)) if row["archived"] else live.__setitem__(key(row), row))
    return live, archived - set(live)


def _section(name: str, va: _View, vb: _View, *, key: RowText, head: RowText,
             title: RowText, added: Callable[[dict[str, Any], _View], str],
             order: Callable[[str], tuple[Any, ...]] | None = None,
             skip: Iterable[str] = (),
             derived: Callable[[dict[str, Any], dict[str, Any]], Iterable[FieldChange]] | None
             = None) -> tuple[Item, ...]:
    """Compare every record of one entity: added, removed (archived or gone), changed
    (every field, the derived values given, and the children)."""
    e = entity(name)
    before, _ = _records(name, va, key)
    after, after_archived = _records(name, vb, key)
    keys = sorted(_keys_to_compare(name, va, vb, key, set(before) | set(after)),
                  key=order or (lambda k: natural_key(head(after.get(k) or before[k]))))
    items: list[Item] = []
    for k in keys:
        a, b = before.get(k), after.get(k)
        if a is None and b is not None:
            items.append(Item("added", head(b), title(b), added(b, vb)))
        elif b is None and a is not None:
            why = "archived" if k in after_archived else "no longer in the file"
            items.append(Item("removed", head(a), title(a), why))
        elif a is not None and b is not None:
            changes = list(derived(a, b) if derived else ())
            changes += _field_changes(e, a, b, va, vb, skip=skip)
            changes += _children_changes(name, a["id"], b["id"], va, vb)
            if changes:
                items.append(Item("changed", head(b), title(b), changes=tuple(changes)))
    return tuple(items)


def _keys_to_compare(name: str, va: _View, vb: _View, key: RowText, keys: set[str]) -> set[str]:
    """Return the `keys` of the records of `name` that may read differently: all of them, or
    (views restricted to the records that differ) the keys of those records and any key
    more than one record has in either file (which one a key finds is not then certain)."""
    differ = va.differ
    if differ is None or vb.differ is None or name not in differ:
        return keys
    ids = set(differ[name])
    found: set[str] = set()
    for view in (va, vb):
        seen: set[str] = set()
        for row in view.rows(name):
            k = key(row)
            if row["id"] in ids or k in seen:
                found.add(k)
            seen.add(k)
    return keys & found


def _id_key(r: dict[str, Any]) -> str:
    return f"{r['id']}|{r.get('created_at') or ''}"


def _actions(va: _View, vb: _View, on: dt.date) -> tuple[Item, ...]:
    def added(b: dict[str, Any], view: _View) -> str:
        owner = view.label("person", b["owner_id"]) if b["owner_id"] else NONE
        rag = rules.rag_label(b["rag"]) if b["rag"] else "not rated"
        return f"owner {owner}, due {_date(b['revised_due_date'] or b['due_date'])}, " \
               f"RAG {rag}, {b['status']}"

    return _section("action", va, vb, key=lambda r: r["ref"], head=lambda r: r["ref"],
                    title=lambda r: r["title"], added=added, skip=("title",),
                    derived=lambda a, b: _compare([("Action", _text(a["title"]),
                                                    _text(b["title"]))]))


def _risks(va: _View, vb: _View, on: dt.date) -> tuple[Item, ...]:
    bands = {id(va): va.board.bands(), id(vb): vb.board.bands()}

    def score(view: _View, r: dict[str, Any]) -> str:
        value = r["current_likelihood"] * r["current_impact"]
        band = rules.risk_band(value, bands[id(view)])
        return f"{value} ({rules.band_label(band).lower()}; likelihood " \
               f"{r['current_likelihood']} x impact {r['current_impact']})"

    return _section(
        "risk", va, vb, key=lambda r: r["ref"], head=lambda r: r["ref"],
        title=lambda r: r["title"], added=lambda b, view: f"current score {score(view, b)}",
        skip=("current_likelihood", "current_impact"),
        derived=lambda a, b: _compare([("Current score", score(va, a), score(vb, b))]))


def _impact(va: _View, vb: _View) -> tuple[Item, ...]:
    def added(e: dict[str, Any], view: _View) -> str:
        links = ", ".join(x for x in (
            e["area_id"] and f"area {view.label('area', e['area_id'])}",
            e["action_id"] and view.label("action", e["action_id"]),
            e["measure_id"] and view.label("measure", e["measure_id"])) if x)
        detail = f"{e['kind']} ({e['status']})" + (f", {links}" if links else "")
        if e.get("what_changed"):
            detail += f". What changed: {e['what_changed']}"
        return detail

    rows = {**va.by_key("impact_entry", _id_key), **vb.by_key("impact_entry", _id_key)}

    def order(k: str) -> tuple:
        return (rows[k]["entry_date"], k)

    return _section("impact_entry", va, vb, key=_id_key, head=lambda r: _date(r["entry_date"]),
                    title=lambda r: r["title"], added=added, order=order)


def _measures(va: _View, vb: _View, on: dt.date) -> tuple[Item, ...]:
    def added(b: dict[str, Any], view: _View) -> str:
        points = view.children("measure_point", b["id"])
        latest = points[-1]["value"] if points else None
        return f"{len(points)} data points, latest {_number(latest, b['unit'])}"

    items = _section("measure", va, vb, key=lambda r: r["code"], head=lambda r: r["code"],
                     title=lambda r: r["title"], added=added)
    out = []
    for item in items:  # say how many data points came or changed, as the chair asks first
        points = [c for c in item.changes if c.field.startswith("Data for ")
                  and ":" not in c.field]
        if item.kind == "changed" and points:
            new = sum(1 for c in points if c.old == NONE)
            changed = len(points) - new
            detail = ", ".join(x for x in (
                f"{new} new data point{'s' if new != 1 else ''}" if new else "",
                f"{changed} value{'s' if changed != 1 else ''} changed" if changed else "")
                if x)
            item = Item(item.kind, item.key, item.title, detail, item.changes)
        out.append(item)
    return tuple(out)


def _meeting_key(m: dict[str, Any]) -> str:
    return m["uid"] or f"meeting {m['id']} {m.get('created_at') or ''}"


def _meeting_label(m: dict[str, Any]) -> str:
    return f"{meeting_name(m)} ({_date(m['meeting_date'])})"


def _meetings(va: _View, vb: _View) -> tuple[Item, ...]:
    def added(b: dict[str, Any], view: _View) -> str:
        return f"{_date(b['meeting_date'])} at {clock(b['start_time'])}" + \
               (f", {b['venue']}" if b["venue"] else "") + f", {b['status']}"

    rows = {**va.by_key("meeting", _meeting_key), **vb.by_key("meeting", _meeting_key)}

    def order(k: str) -> tuple:
        return (rows[k]["meeting_date"], rows[k]["start_time"] or "", k)

    return _section("meeting", va, vb, key=_meeting_key, head=_meeting_label,
                    title=lambda r: "", added=added, order=order)


def _simple(name: str, va: _View, vb: _View, *, key: RowText, head: RowText) -> tuple[Item, ...]:
    e = entity(name)

    def added(b: dict[str, Any], view: _View) -> str:
        return _summary(e, b, view)

    return _section(name, va, vb, key=key, head=head, title=lambda r: "", added=added)


def _settings(va: _View, vb: _View) -> tuple[Item, ...]:
    a, b = va.board.settings(), vb.board.settings()
    changes = _field_changes(entity("board"), a, b, va, vb)
    return (Item("changed", "Board settings", "", changes=tuple(changes)),) if changes else ()


# ----------------------------------------------------------------------- entry

def diff_boards(old: Board, new: Board, *, on: dt.date | None = None,
                differ: Mapping[str, Collection[int]] | None = None) -> BoardDiff:
    """Return every difference between two files of the same board, from `old` to `new`:
    every field of every record (board settings, areas, organisations, people, actions and
    their updates and revised dates, risks and their reviews, measures and their data,
    the impact log, meetings with their timetable, agenda, invitees, declarations, minutes
    and resolutions).

    Refuses (SendsecError) two files of different boards. `on` is the day the
    registers are read as of (it affects nothing compared, only derived labels).
    `differ` (from `sendsec.storage.snapshot_compare.records_that_differ`, by whoever may
    read both files) names, by kind of record, the ids of the records that may read
    differently; every other record is the same in both files, with its children and
    the names of what it refers to, so only those are compared (the same result, sooner).
    """
    same_board(old, new)
    on = on or registers.today()
    va, vb = _View(old, differ), _View(new, differ)
    notes = []
    if old.name != new.name:
        notes.append(f"The board was renamed from {_quote(old.name)} to {_quote(new.name)}.")
    return BoardDiff(
        board_name=new.name,
        old_label=describe(old),
        new_label=describe(new),
        settings=_settings(va, vb),
        actions=_actions(va, vb, on),
        risks=_risks(va, vb, on),
        impact=_impact(va, vb),
        measures=_measures(va, vb, on),
        meetings=_meetings(va, vb),
        areas=_simple("area", va, vb, key=lambda r: r["code"], head=lambda r: r["code"]),
        organisations=_simple("organisation", va, vb, key=_id_key, head=lambda r: r["name"]),
        people=_simple("person", va, vb, key=_id_key, head=lambda r: r["name"]),
        notes=tuple(notes),
    )

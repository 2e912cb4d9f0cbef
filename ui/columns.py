"""What each tab's table shows: its columns, filters, loader and the records it depends on.

A `Column` reads one value from a register row (the dicts of
`sendsec.services.registers`) and says how to show it (`kind`). The generic table
model turns rows + columns into text, sort keys, tooltips and chip colours
once per load, so sorting and filtering never go back to the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sendsec.domain import rules
from sendsec.domain.dates import clock, from_iso, short_date
from sendsec.domain.labels import meeting_name, natural_key
from sendsec.services import registers
from sendsec.services.board import Board
from ui.widgets.rag import colour_for

KINDS = ("text", "longtext", "date", "number", "rag", "band", "state", "severity", "bool",
         "choice")
_PALETTE = {"rag": "rag", "band": "band", "state": "state", "severity": "severity"}
_BAND_ORDER = {"low": 0, "medium": 1, "high": 2, "very high": 3}
_STATE_ORDER = {"overdue": 0, "due soon": 1, "upcoming": 2, "done": 3}
_SEVERITY_ORDER = {"error": 0, "high": 0, "warning": 1, "medium": 1, "info": 2, "low": 2}
LONG_SHOWN = 160  # characters of a long text shown in a cell (the tooltip has more)
TIP_SHOWN = 1200


@dataclass(frozen=True)
class Column:
    """One column: `key` in the row (or `get(row)`), its header, how to show it, its width."""

    key: str
    header: str
    kind: str = "text"
    width: int = 120
    get: Callable[[dict[str, Any]], Any] | None = None
    tip: Callable[[dict[str, Any]], str] | None = None
    sort: Callable[[dict[str, Any]], Any] | None = None
    show: Callable[[dict[str, Any]], str] | None = None  # text other than display(value)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.key}: unknown kind {self.kind!r}")

    @property
    def palette(self) -> str | None:
        return _PALETTE.get(self.kind)

    def value(self, row: dict[str, Any]) -> Any:
        return self.get(row) if self.get else row.get(self.key)

    def display(self, row: dict[str, Any]) -> str:
        """Return the cell's text: what a person reads (and a screen reader says)."""
        if self.show:
            return self.show(row)
        return display(self.kind, self.value(row))

    def sort_key(self, row: dict[str, Any]) -> tuple:
        """Return a key that sorts blanks last and compares like with like."""
        if self.sort:
            v = self.sort(row)
        else:
            v = _sort_value(self.kind, self.value(row))
        return (1, "") if v is None or v == "" else (0, v)

    def values(self, rows: Sequence[dict[str, Any]]) -> list[Any]:
        """Return `value(row)` of each row."""
        if self.get:
            return list(map(self.get, rows))
        key = self.key
        return [r.get(key) for r in rows]

    def texts(self, rows: Sequence[dict[str, Any]]) -> list[str]:
        """Return `display(row)` of each row, worked out once per different value."""
        if self.show:
            return list(map(self.show, rows))
        kind = self.kind
        if kind == "longtext":  # nearly every value differs: nothing to share
            return [display(kind, v) for v in self.values(rows)]
        return _once_per_value(self.values(rows), lambda v: display(kind, v))

    def sort_keys(self, rows: Sequence[dict[str, Any]]) -> list[tuple]:
        """Return `sort_key(row)` of each row, worked out once per different value."""
        if self.sort:
            return list(map(self.sort_key, rows))
        kind = self.kind

        def key(v: Any) -> tuple:
            k = _sort_value(kind, v)
            return (1, "") if k is None or k == "" else (0, k)
        return _once_per_value(self.values(rows), key)

    def tooltip(self, row: dict[str, Any]) -> str:
        if self.tip:
            return _clip(self.tip(row) or "", TIP_SHOWN)
        value = self.value(row)
        if self.kind == "rag":
            return rules.RAG_MEANINGS.get(str(value or ""), "Not rated yet")
        if self.kind == "longtext" and value:
            return _clip(str(value), TIP_SHOWN)
        return ""

    def colour(self, row: dict[str, Any]) -> str | None:
        return colour_for(self.palette, self.value(row)) if self.palette else None


def _once_per_value(values: list[Any], work: Callable[[Any], Any]) -> list[Any]:
    """Return `work(v)` for each of `values`, calling it once per different value (of the
    same type: 1, 1.0 and True are told apart)."""
    done: dict[tuple[type, Any], Any] = {}
    out = []
    for v in values:
        k = (v.__class__, v)
        try:
            r = done[k]
        except KeyError:
            r = done[k] = work(v)
        except TypeError:  # a value that cannot be a key (a list): worked out each time
            r = work(v)
        out.append(r)
    return out


def _clip(text: str, limit: int) -> str:
    text = text.replace("\x0b", "\n").replace("\r\n", "\n")
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def display(kind: str, value: Any) -> str:
    """Return `value` as a cell shows it for a column of `kind`."""
    if value is None or value == "":
        return "Not rated" if kind == "rag" else ""
    if kind == "date":
        try:
            return _short_date(value)
        except (TypeError, ValueError):
            return str(value)
    if kind == "number":
        if isinstance(value, float):
            return f"{value:,.1f}".rstrip("0").rstrip(".") if not value.is_integer() \
                else f"{int(value):,}"
        return f"{value:,}" if isinstance(value, int) else str(value)
    if kind == "rag":
        try:
            return rules.rag_label(str(value))
        except ValueError:
            return str(value)
    if kind in ("band", "state", "severity", "choice"):
        text = str(value)
        return text[:1].upper() + text[1:]
    if kind == "bool":
        return "Yes" if value else "No"
    if kind == "longtext":
        first = " ".join(str(value).replace("\x0b", " ").split())
        return first if len(first) <= LONG_SHOWN else first[: LONG_SHOWN - 1] + "\u2026"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return " ".join(str(value).replace("\x0b", " ").splitlines())


def _short_date(value: Any) -> str:
    """Return `short_date(value)` ('12/03/2025'), without strftime for a four-digit year
    (each strftime imports the time module again, through PySide6's import hook)."""
    d = from_iso(value) if isinstance(value, str) else value
    if isinstance(d, dt.date) and d.year >= 1000:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    return short_date(value)


def _sort_value(kind: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if kind == "number":
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    if kind == "rag":
        try:
            return rules.RAG_ORDER.index(rules.normalise_rag(str(value)) or "")
        except ValueError:
            return 99
    if kind == "band":
        return _BAND_ORDER.get(str(value), 99)
    if kind == "state":
        return _STATE_ORDER.get(str(value), 99)
    if kind == "severity":
        return _SEVERITY_ORDER.get(str(value).lower(), 99)
    if kind == "bool":
        return int(bool(value))
    return natural_key(display(kind, value))


@dataclass(frozen=True)
class Filter:
    """A combo box on a tab that keeps rows whose `column` shows the chosen text."""

    column: str
    label: str
    all_text: str


@dataclass(frozen=True)
class TabSpec:
    """One register tab: what it shows and which record kinds make it reload."""

    name: str
    title: str
    entity: str
    depends: frozenset[str]
    load: Callable[[Board, dt.date], list[dict[str, Any]]]
    columns: tuple[Column, ...]
    filters: tuple[Filter, ...] = ()
    sort_by: str = ""  # the column the rows come sorted by: the first if none is named
    descending: bool = False

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"{self.name} has no column {key!r}")


# ----------------------------------------------------------------- row helpers

def _action_flags(r: dict) -> str:
    flags = []
    if r.get("overdue"):
        flags.append("Overdue")
    if r.get("slipped"):
        flags.append("Slipped")
    if r.get("slow"):
        flags.append("Slow to progress")
    if r.get("no_update_this_cycle"):
        flags.append("No update this cycle")
    return ", ".join(flags)


def _action_flags_tip(r: dict) -> str:
    lines = []
    if r.get("slipped"):
        lines.append(f"Original due date {short_date(r.get('due_date'))}, revised to "
                     f"{short_date(r.get('revised_due_date'))}"
                     + (f": {r['revision_reason']}" if r.get("revision_reason") else ""))
    for reason in r.get("slow_reasons") or ():
        lines.append(f"Slow to progress: {reason}")
    if r.get("no_update_this_cycle"):
        lines.append("No progress update has been recorded since the last meeting")
    return "\n".join(lines)


def _due_tip(r: dict) -> str:
    if r.get("revised_due_date"):
        return (f"Original due date {short_date(r.get('due_date')) or 'not set'}; revised to "
                f"{short_date(r['revised_due_date'])}"
                + (f" ({r['revision_reason']})" if r.get("revision_reason") else ""))
    return ""


def _latest_tip(r: dict) -> str:
    latest = r.get("latest_update")
    if not latest:
        return "No progress update yet"
    return f"{short_date(latest.get('update_date'))}: {latest.get('narrative') or ''}"


def _risk_current(r: dict) -> str:
    if r.get("current_likelihood") and r.get("current_impact"):
        return f"{r['current_likelihood']} x {r['current_impact']} = {r['score']}"
    return ""


def _risk_movement_tip(r: dict) -> str:
    if r.get("previous_score") is None:
        return "No review before this cycle"
    return f"Score at the end of the last cycle: {r['previous_score']}; now {r.get('score')}"


def _next_step(m: dict) -> dict | None:
    for s in m.get("steps") or ():
        if s.get("state") != "done":
            return s
    return None


def _next_step_text(m: dict) -> str:
    s = _next_step(m)
    if s is None:
        return ""
    state = s.get("state")
    prefix = "Overdue: " if state == "overdue" else ""
    return f"{prefix}{s['label']} {short_date(s['due_date'])}"


def _meeting_time(m: dict) -> str:
    start, end = clock(m.get("start_time")), clock(m.get("end_time"))
    return f"{start} to {end}" if start and end else start


def _steps_tip(m: dict) -> str:
    return "\n".join(f"{s['label']}: {short_date(s['due_date'])} ({s['state']})"
                     for s in m.get("steps") or ())


def _measure_tip(m: dict) -> str:
    parts = []
    if m.get("target") is not None:
        parts.append(f"Target {display('number', m['target'])}"
                     + (f" by {short_date(m['target_date'])}" if m.get("target_date") else ""))
    if m.get("expected") is not None:
        parts.append(f"expected on the trajectory {display('number', m['expected'])}")
    parts.append(rules.direction_text(m.get("higher_is_better")))
    return "; ".join(parts)


def _trend_tip(m: dict) -> str:
    """The direction of travel is the latest figure against the one before, not the year's
    course (the chart shows that); nothing to say without two figures."""
    if m.get("trend") in (None, "", "not enough data"):
        return ""
    return "The latest figure compared with the one before it"


def _with_unit(value_key: str) -> Callable[[dict], Any]:
    def get(m: dict) -> Any:
        v = m.get(value_key)
        if v is None:
            return None
        shown = display("number", v)
        unit = m.get("unit") or ""
        if unit == "%":
            return f"{shown}%"
        if unit == "£":
            return f"£{shown}"
        return f"{shown} {unit}".strip() if unit not in ("count", "number") else shown
    return get


def _number(key: str) -> Callable[[dict], Any]:
    return lambda r: r.get(key)


# ----------------------------------------------------------------- the tabs

ACTIONS = TabSpec(
    "actions", "Actions", "action",
    frozenset({"action", "action_update", "action_revision", "area", "person", "organisation",
               "meeting", "minute"}),
    lambda board, today: registers.action_rows(board, today, history=False),
    (
        Column("ref", "Ref", width=70),
        Column("area_code", "Area", width=50, tip=lambda r: r.get("area_title") or ""),
        Column("title", "Action", "longtext", width=280),
        Column("rag", "RAG", "rag", width=90),
        Column("effective_due", "Due", "date", width=90, tip=_due_tip),
        Column("owner_name", "Owner", width=140),
        Column("status", "Status", "choice", width=95),
        Column("flags", "Flags", width=230, get=_action_flags, tip=_action_flags_tip),
        Column("owner_organisation", "Organisation", width=110),
        Column("latest_update_date", "Last update", "date", width=95, tip=_latest_tip),
    ),
    (
        Filter("area_code", "Area", "All areas"),
        Filter("owner_name", "Owner", "All owners"),
        Filter("owner_organisation", "Organisation", "All organisations"),
        Filter("rag", "RAG", "All RAG ratings"),
        Filter("status", "Status", "All statuses"),
    ),
    sort_by="ref",
)

RISKS = TabSpec(
    "risks", "Risks", "risk",
    frozenset({"risk", "risk_review", "area", "person", "organisation", "meeting", "board"}),
    lambda board, today: registers.risk_rows(board, today, history=False),
    (
        Column("ref", "Ref", width=60),
        Column("title", "Risk", "longtext", width=280),
        Column("band", "Band", "band", width=100),
        Column("current", "Current (L x I)", width=110, get=_risk_current,
               sort=_number("score")),
        Column("movement_label", "Movement", width=120, tip=_risk_movement_tip),
        Column("owner_name", "Owner", width=140),
        Column("area_code", "Area", width=50),
        Column("target_score", "Target score", "number", width=90),
        Column("last_review_date", "Last review", "date", width=95),
        Column("owner_organisation", "Organisation", width=110),
        Column("status", "Status", "choice", width=70),
    ),
    (
        Filter("area_code", "Area", "All areas"),
        Filter("owner_name", "Owner", "All owners"),
        Filter("owner_organisation", "Organisation", "All organisations"),
        Filter("band", "Band", "All bands"),
        Filter("status", "Status", "All statuses"),
    ),
    sort_by="ref",
)

IMPACT = TabSpec(
    "impact", "Impact log", "impact_entry",
    frozenset({"impact_entry", "area", "action", "measure", "meeting"}),
    lambda board, today: registers.impact_rows(board),
    (
        Column("entry_date", "Date", "date", width=90),
        Column("kind", "Kind", "choice", width=190),
        Column("title", "Summary", "longtext", width=330),
        Column("area_code", "Area", width=55),
        Column("action_ref", "Action", width=70),
        Column("measure_code", "Measure", width=70),
        Column("meeting_label", "Meeting", width=170),
        Column("organisations", "Organisations", width=150),
        Column("status", "Status", "choice", width=85),
    ),
    (
        Filter("area_code", "Area", "All areas"),
        Filter("kind", "Kind", "All kinds"),
        Filter("status", "Status", "All statuses"),
    ),
    sort_by="entry_date", descending=True,
)

MEETINGS = TabSpec(
    "meetings", "Meetings", "meeting",
    frozenset({"meeting", "cycle_step", "invitee", "person", "agenda_item", "board"}),
    lambda board, today: registers.meeting_rows(board, today),
    (
        Column("meeting_date", "Date", "date", width=90),
        Column("name", "Meeting", width=130, get=meeting_name),
        Column("status", "Status", "choice", width=130),
        Column("next_step", "Next step", "state", width=280, get=lambda m: (
            (_next_step(m) or {}).get("state")), show=_next_step_text, tip=_steps_tip,
               sort=lambda m: (_next_step(m) or {}).get("due_date") or ""),
        Column("time", "Time", width=130, get=_meeting_time,
               sort=lambda m: m.get("start_time") or ""),
        Column("venue", "Venue", width=170),
        Column("kind", "Kind", "choice", width=120),
        Column("invitee_count", "Invited", "number", width=65),
        Column("statutory_missing", "Statutory invitees missing", width=220,
               get=lambda m: ", ".join(m.get("statutory_missing") or ())),
    ),
    (
        Filter("status", "Status", "All statuses"),
        Filter("kind", "Kind", "All kinds"),
    ),
    sort_by="meeting_date",
)

MEASURES = TabSpec(
    "measures", "Measures", "measure",
    frozenset({"measure", "measure_point", "trajectory_point", "area"}),
    lambda board, today: registers.measure_rows(board, today, history=False),
    (
        Column("code", "Code", width=70),
        Column("title", "Measure", "longtext", width=330),
        Column("latest", "Latest", width=90, get=_with_unit("latest_value"),
               sort=_number("latest_value")),
        Column("latest_period", "Period", "date", width=90),
        Column("target_shown", "Target", width=90, get=_with_unit("target"),
               sort=_number("target"), tip=_measure_tip),
        Column("expected_shown", "Trajectory", width=90, get=_with_unit("expected"),
               sort=_number("expected")),
        Column("rag", "RAG", "rag", width=95, tip=_measure_tip),
        Column("trend", "Direction of travel", "choice", width=130, tip=_trend_tip),
        Column("area_code", "Area", width=55),
        Column("frequency", "Reported", "choice", width=85),
    ),
    (
        Filter("area_code", "Area", "All areas"),
        Filter("rag", "RAG", "All RAG ratings"),
    ),
    sort_by="code",
)

PEOPLE = TabSpec(
    "people", "People", "person",
    frozenset({"person", "organisation"}),
    lambda board, today: registers.people_rows(board),
    (
        Column("name", "Name", width=180),
        Column("title", "Job title", width=200),
        Column("organisation", "Organisation", width=200),
        Column("role", "Board role", "choice", width=170),
        Column("email", "Email", width=220),
        Column("phone", "Phone", width=120),
        Column("active_from", "Active from", "date", width=90),
        Column("active_to", "Active to", "date", width=90),
    ),
    (
        Filter("organisation", "Organisation", "All organisations"),
        Filter("role", "Board role", "All roles"),
    ),
    sort_by="name",
)

def _challenge_rows(board: Board, today: dt.date) -> list[dict[str, Any]]:
    return registers.challenge_rows(board)


CHALLENGES = TabSpec(
    "challenges", "Challenges", "challenge",
    frozenset({"challenge", "person"}),
    _challenge_rows,
    (
        Column("raised_on", "Raised", "date", width=90),
        Column("raised_by", "From", width=150),
        Column("record", "About", width=230),
        Column("text", "Challenge", "longtext", width=330),
        Column("status", "Status", "choice", width=85),
        Column("owner_name", "Owner", width=150),
        Column("response", "Response", "longtext", width=260),
        Column("kind", "Kind", "choice", width=85),
    ),
    (
        Filter("status", "Status", "All statuses"),
        Filter("raised_by", "From", "Everyone"),
    ),
    sort_by="raised_on", descending=True,
)

def _finding_rows(board: Board, today: dt.date) -> list[dict[str, Any]]:
    return registers.finding_rows(board)


FINDINGS = TabSpec(
    "findings", "Feedback", "finding",
    frozenset({"finding", "action", "area", "minute"}),
    _finding_rows,
    (
        Column("received_on", "Received", "date", width=90),
        Column("source", "From", "choice", width=170),
        Column("reference", "Reference", width=90),
        Column("text", "Finding or recommendation", "longtext", width=360),
        Column("answered_by", "Answered by", width=170),
        Column("status", "Status", "choice", width=95),
    ),
    (
        Filter("source", "From", "All sources"),
        Filter("status", "Status", "All statuses"),
    ),
    sort_by="received_on", descending=True,
)


AREAS = TabSpec(
    "areas", "Areas", "area",
    frozenset({"area", "action", "person", "organisation"}),
    lambda board, today: registers.area_rows(board),
    (
        Column("code", "Code", width=60),
        Column("title", "Title", "longtext", width=330),
        Column("kind", "Kind", "choice", width=190),
        Column("lead_name", "Lead", width=160),
        Column("action_count", "Actions", "number", width=70),
        Column("description", "Description", "longtext", width=300),
    ),
    (
        Filter("kind", "Kind", "All kinds"),
        Filter("lead_name", "Lead", "All leads"),
    ),
    sort_by="code",
)

ORGANISATIONS = TabSpec(
    "organisations", "Organisations", "organisation",
    frozenset({"organisation", "person"}),
    lambda board, today: registers.organisation_rows(board),
    (
        Column("name", "Name", width=260),
        Column("short_name", "Short name", width=110),
        Column("kind", "Kind", "choice", width=150),
        Column("people_count", "People", "number", width=70),
        Column("notes", "Notes", "longtext", width=300),
    ),
    (
        Filter("kind", "Kind", "All kinds"),
    ),
    sort_by="name",
)

TABS: tuple[TabSpec, ...] = (ACTIONS, RISKS, IMPACT, MEETINGS, MEASURES, PEOPLE, AREAS,
                             ORGANISATIONS, CHALLENGES, FINDINGS)

# ----------------------------------------------------------------- the overview's tables

STEP_COLUMNS = (
    Column("label", "Step", width=330),
    Column("due_date", "Due", "date", width=90),
    Column("state", "State", "state", width=110),
    Column("done_date", "Done", "date", width=90),
)

FINDING_COLUMNS = (
    Column("severity", "Severity", "severity", width=95),
    Column("rule", "Check", width=200,  # 'Risk review' for the rule 'risk-review'
           show=lambda r: str(r["rule"]).replace("-", " ").capitalize()),
    Column("record", "Record", width=160),
    Column("reason", "Why", "longtext", width=520),
)

FIRST_STEP_COLUMNS = (
    Column("done", "Done", "state", width=80, get=lambda r: "done" if r["done"] else None,
           show=lambda r: "Done" if r["done"] else "To do"),
    Column("text", "Step", width=330),
    Column("detail", "What the board has", "longtext", width=520),
)

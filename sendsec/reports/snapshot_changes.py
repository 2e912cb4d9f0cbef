"""What the chair's "changes since the last snapshot" report says, as plain data
(`ChangesReport`, from `snapshot_changes` or `report_from_diff`); the paper made of it is
`sendsec.papers.snapshot_report`. Kept apart from the papers so that a snapshot works out
what changed (which it carries inside it) without loading the document writer.

What the report compares against is chosen by `sendsec.exchanges.snapshots`, which opens the files:
the previous snapshot file when it is still in the out folder (a full comparison with
`sendsec.reports.diff`), otherwise the board's change log since the previous snapshot was taken;
the report says which.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sendsec.domain.dates import clock, long_date
from sendsec.domain.entities import ENTITIES
from sendsec.domain.labels import count
from sendsec.domain.rules import STEP_LABELS, rag_label
from sendsec.reports.summary import summary
from sendsec.services import registers
from sendsec.services.board import Board

if TYPE_CHECKING:  # a comparison is made only when the previous snapshot is there
    from sendsec.reports.diff import BoardDiff

TITLE = "Changes since the last snapshot"
MAX_LOG_ROWS = 2000
#: How change-log rows are grouped in the report, by entity.
LOG_GROUPS = (
    ("Actions", ("action", "action_update", "action_revision")),
    ("Risks", ("risk", "risk_review")),
    ("Impact log", ("impact_entry",)),
    ("Measures", ("measure", "measure_point", "trajectory_point")),
    ("Meetings", ("meeting", "cycle_step", "agenda_item", "invitee", "declaration", "minute",
                  "resolution")),
    ("Board, people and areas", ("board", "person", "organisation", "area")),
)
_SKIP_ENTITIES = {"snapshot"}


@dataclass(frozen=True)
class ChangesReport:
    """Everything the report shows, as plain data.

    `details` are (label, value) rows about the snapshot; `basis` says what it
    was compared with; exactly one of `diff` (a full comparison) or `log`
    (change-log groups: (heading, rows of When/Who/Record/What/From/To)) is
    set, or neither for the first snapshot; `glance` is the board at a glance.
    """

    board_name: str
    title: str
    details: tuple[tuple[str, str], ...]
    basis: str
    diff: BoardDiff | None = None
    log: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] | None = None
    log_omitted: int = 0
    glance: tuple[tuple[str, str], ...] = field(default=())


# ------------------------------------------------------------------ content

def _when(stamp: str | None) -> str:
    if not stamp:
        return ""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{long_date(moment.date())} at {clock(moment.strftime('%H:%M'))}"


def _details(board: Board, digest: str | None) -> list[tuple[str, str]]:
    info = board.snapshot_info or {}
    rows = [("Board", board.name)]
    if info:
        rows += [
            ("Snapshot number", str(info.get("sequence"))),
            ("File", board.path.name),
            ("Taken", _when(info.get("taken_at"))),
            ("Taken by", str(info.get("taken_by_name") or info.get("taken_by") or "")),
            ("From the board file", str(info.get("source_path") or "")),
            ("Note from the secretary", str(info.get("note") or "(none)")),
        ]
    else:
        rows.append(("File", f"{board.path.name} (the live board file)"))
    if digest:
        rows.append(("SHA-256 of the file", digest))
    return rows


def _glance(board: Board, on: dt.date) -> list[tuple[str, str]]:
    data = summary(board, on)
    c = data["counts"]
    rag = data["actions_by_rag"]
    flags = data["actions_flagged"]
    bands = data["risks_by_band"]
    nxt = data["next_meeting"]
    plan = data["plan_actions"]
    extra = c["actions"] - plan["actions"]
    rows = [
        ("Actions", f"{c['actions']}"
         + (f" (the {count(plan['actions'], 'action')} in the Priority Action Plan and "
            f"{count(extra, 'board action')} from the minutes)" if extra else "") + ": "
         + ", ".join(f"{k.capitalize()} {v}" for k, v in rag.items())),
        ("Actions flagged", f"overdue {flags['overdue']}, slipped {flags['slipped']}, slow to "
                            f"progress {flags['slow_to_progress']}, no update this cycle "
                            f"{flags['no_update_this_cycle']}"),
    ]
    if extra:  # the papers count the plan alone: say its own figures too
        rows.append(("Of them in the Priority Action Plan",
                     f"{plan['actions']}: overdue {plan['overdue']}, slipped "
                     f"{plan['slipped']}, slow to progress {plan['slow_to_progress']}, no "
                     f"update this cycle {plan['no_update_this_cycle']} (the figures the "
                     "board pack gives)"))
    return [
        *rows,
        ("Open risks by band", ", ".join(f"{k} {v}" for k, v in bands.items())),
        ("Measures", str(c["measures"])),
        ("Impact log entries", str(c["impact_entries"])),
        ("Next meeting", f"{long_date(nxt['date'])} at {clock(nxt['start_time'])}"
                         if nxt else "none planned"),
    ]


def _shown(record: str) -> str:
    return long_date(record) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", record) else record


def _record_label(board: Board, row: dict[str, Any]) -> str:
    """Return how people know the record a change-log row is about."""
    name = row["entity"]
    e = ENTITIES.get(name)
    record = str(row.get("record") or "")
    if name == "meeting":
        return record
    if e is None or not e.parent or row.get("entity_id") is None:
        return f"{e.label if e else name.replace('_', ' ').capitalize()} {_shown(record)}".strip()
    try:
        child = board.get(name, row["entity_id"])
        parent = board.label(e.field(e.parent).ref or "", child[e.parent])
        if name == "invitee":
            record = board.label("person", child["person_id"])
        elif name == "cycle_step":
            record = STEP_LABELS.get(child["step"], record)
    except Exception:  # noqa: BLE001 - a record gone from the file: show what the log kept
        parent = ""
    return f"{parent} {e.label.lower()} {_shown(record)}".strip()


def _value(board: Board, entity_name: str, field_name: str, raw: Any) -> str:
    """Return a logged value as people read it: names for references, dates in words."""
    if raw is None:
        return ""
    text = str(raw)
    e = ENTITIES.get(entity_name)
    try:
        f = e.field(field_name) if e else None
    except KeyError:
        f = None
    if f is None:
        return _shown(text) if field_name == "(created)" else text
    try:
        if f.kind == "ref" and f.ref:
            return board.label(f.ref, int(text))
        if f.kind == "date":
            return long_date(text)
        if f.name == "rag":
            return rag_label(text)
        if f.name == "step":
            return STEP_LABELS.get(text, text)
    except (ValueError, KeyError):
        return text
    return text


def _field_label(entity_name: str, field_name: str) -> str:
    if field_name == "(created)":
        return "Added"
    if field_name == "archived":
        return "Archived or restored"
    e = ENTITIES.get(entity_name)
    try:
        return e.field(field_name).label if e else field_name
    except KeyError:
        return field_name.replace("_", " ").capitalize()


def _log_groups(board: Board, previous: dict[str, Any]) -> tuple[tuple, int]:
    """Return the change-log rows written after the previous snapshot was recorded, grouped."""
    rows = list(reversed(board.change_log(since=previous["taken_at"])))
    marks = [r["id"] for r in rows if r["entity"] == "snapshot"
             and r["entity_id"] == previous.get("id")]
    if marks:  # the log row that recorded the previous snapshot: everything after it is new
        rows = [r for r in rows if r["id"] > marks[0]]
    rows = [r for r in rows if r["entity"] not in _SKIP_ENTITIES]
    omitted = max(0, len(rows) - MAX_LOG_ROWS)
    rows = rows[:MAX_LOG_ROWS]
    groups = []
    known = {name for _, names in LOG_GROUPS for name in names}
    for heading, names in (*LOG_GROUPS, ("Other records", ())):
        chosen = [r for r in rows if (r["entity"] in names if names else r["entity"] not in known)]
        if not chosen:
            continue
        groups.append((heading, tuple(
            (_when(r["at"]), str(r["user"]), _record_label(board, r),
             _field_label(r["entity"], r["field"]),
             "" if r["field"] == "(created)" else _value(board, r["entity"], r["field"], r["old"]),
             _value(board, r["entity"], r["field"], r["new"]))
            for r in chosen)))
    return tuple(groups), omitted


def report_from_diff(diff: BoardDiff, new: Board, *, digest: str | None = None,
                     on: dt.date | None = None) -> ChangesReport:
    """Return a report of a comparison already made (e.g. from "Compare with...")."""
    on = on or registers.today()
    return ChangesReport(new.name, "Differences between two files of the board",
                         tuple(_details(new, digest)),
                         f"It compares {diff.old_label} with {diff.new_label}.",
                         diff=diff, glance=tuple(_glance(new, on)))



def at_a_glance(board: Board, on: dt.date | None = None) -> tuple[tuple[str, str], ...]:
    """Return the report's 'board at a glance' rows for `board` on the day `on`."""
    return tuple(_glance(board, on or registers.today()))


def snapshot_changes(new: Board, previous: dict[str, Any] | None, *,
                     diff: BoardDiff | None = None, compared_with: str = "",
                     why_not: str = "", digest: str | None = None,
                     on: dt.date | None = None, glance: bool = True) -> ChangesReport:
    """Return the report for the snapshot `new`: the first one (`previous` None), one
    compared in full with the previous file `compared_with` (`diff`), or else the change
    log since the previous snapshot was taken, saying `why_not` the file was compared.
    Without `glance` the board at a glance is left for the caller (`at_a_glance`)."""
    on = on or registers.today()
    details = tuple(_details(new, digest))
    glance_rows = at_a_glance(new, on) if glance else ()
    if previous is None:
        return ChangesReport(new.name, TITLE, details,
                             "This is the first snapshot sent from this board file, so "
                             "there is no earlier one to compare it with.", glance=glance_rows)
    seq, taken = previous["sequence"], previous["taken_at"]
    if diff is not None:
        return ChangesReport(new.name, TITLE, details,
                             f"It compares this snapshot with snapshot {seq} "
                             f"('{compared_with}'), taken {_when(taken)}.",
                             diff=diff, glance=glance_rows)
    log, omitted = _log_groups(new, previous)
    return ChangesReport(new.name, TITLE, details,
                         f"{why_not[:1].upper()}{why_not[1:]}, so the report lists the changes "
                         f"recorded in the board's change log since that snapshot was taken "
                         f"({_when(taken)}).", log=log, log_omitted=omitted, glance=glance_rows)

"""The chair's "changes since the last snapshot" report: plain data first
(`ChangesReport`, from `snapshot_changes` or `report_from_diff`), then an ordinary
`Paper` (`changes_paper`) written by the one document writer (`report_bytes`).

What the report compares against is chosen by `sendsec.exchanges.snapshots`, which opens the files:
the previous snapshot file when it is still in the out folder (a full comparison with
`sendsec.reports.diff`), otherwise the board's change log since the previous snapshot was taken;
the report says which.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from sendsec.domain.dates import clock, long_date
from sendsec.domain.entities import ENTITIES
from sendsec.domain.rules import STEP_LABELS, rag_label
from sendsec.papers.model import Heading, Paper, Table, para
from sendsec.reports.diff import BoardDiff
from sendsec.reports.summary import summary
from sendsec.services import registers
from sendsec.services.board import Board

TITLE = "Changes since the last snapshot"
MAX_LOG_ROWS = 2000
MAX_CELL = 2000
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
    return [
        ("Actions", f"{c['actions']}: " + ", ".join(
            f"{k.capitalize()} {v}" for k, v in rag.items())),
        ("Actions flagged", f"overdue {flags['overdue']}, slipped {flags['slipped']}, slow to "
                            f"progress {flags['slow_to_progress']}, no update this cycle "
                            f"{flags['no_update_this_cycle']}"),
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


# ------------------------------------------------------------------ the paper

def _cell(text: Any) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _rows(rows: Any) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_cell(text) for text in row) for row in rows)


def _diff_rows(items: Any) -> list[tuple[str, str, str, str]]:
    rows = []
    for item in items:
        record = f"{item.key} {item.title}".strip() if item.title else item.key
        if item.kind in ("added", "removed") or not item.changes:
            what = {"added": "Added", "removed": "Removed", "changed": "Changed"}[item.kind]
            rows.append((record, what, "", item.detail))
        for c in item.changes:
            rows.append((record, c.field, c.old, c.new))
    return rows


def changes_paper(report: ChangesReport, author: str = "") -> Paper:
    """Return the report as a Paper: about the snapshot, what changed (each kind of record
    with a table of its changes, or the change log's rows), the board at a glance."""
    paper = Paper("snapshot changes", f"{report.board_name}: {report.title}",
                  "Snapshot of the board's records for the independent chair", author)
    paper.add(Heading(report.title, 0), para(report.board_name, bold=True),
              para("This report sets out what has changed in the board's records. "
                   + report.basis))
    paper.add(Heading("About this snapshot", 1), Table(("Item", "Detail"), _rows(report.details)))
    if report.diff is not None:
        diff = report.diff
        paper.add(Heading("What changed", 1))
        if diff.is_empty():
            paper.add(para("No differences were found: the records compared are the same."))
        else:
            paper.add(para("; ".join(f"{heading}: {len(items)} record"
                                     f"{'s' if len(items) != 1 else ''}"
                                     for heading, items in diff.sections()) + "."))
        paper.add(*(para(note) for note in diff.notes))
        for heading, items in diff.sections():
            paper.add(Heading(f"{heading} ({len(items)})", 2),
                      Table(("Record", "What", "Before", "After"), _rows(_diff_rows(items))))
    elif report.log is not None:
        paper.add(Heading("Changes recorded in the change log", 1))
        if not report.log:
            paper.add(para("No changes were recorded since the previous snapshot."))
        for heading, rows in report.log:
            paper.add(Heading(f"{heading} ({len(rows)})", 2),
                      Table(("When", "Who", "Record", "What", "From", "To"), _rows(rows)))
        if report.log_omitted:
            paper.add(para(f"A further {report.log_omitted:,} changes are not listed; compare "
                           "the snapshot files in sendsec to see them all."))
    if report.glance:
        paper.add(Heading("The board at a glance", 1),
                  Table(("Register", "Now"), _rows(report.glance)))
    return paper


def report_bytes(report: ChangesReport, *, now: dt.datetime | None = None,
                 author: str = "") -> bytes:
    """Return the report as the bytes of a .docx file in the house style."""
    from sendsec.papers.docx_writer import build_document
    from sendsec.papers.template import template_source

    buffer = io.BytesIO()
    build_document(changes_paper(report, author), template_source(None), now=now).save(buffer)
    return buffer.getvalue()

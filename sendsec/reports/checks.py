"""The checks that guard the Improvement Notice (DESIGN section 3).

`run_checks(board, today)` reads the registers and applies the rules; it never
writes. Each `Finding` names the rule (a stable id), the record people know
('PA2.3', 'Meeting 7, 12 March 2025'), a full sentence saying what is wrong
and which paragraph of the notice it guards, and a severity ('error' when the
notice is not being met, 'warning' when it soon will not be or the record is
incomplete). Findings are sorted by rule, then by record (actions and risks by
reference, meetings by date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sendsec.domain import rules
from sendsec.domain.dates import clock, from_iso, long_date
from sendsec.domain.entities import HELD_STATUSES, STATUTORY_ROLES
from sendsec.domain.labels import meeting_label, meeting_name, natural_key
from sendsec.services import registers
from sendsec.services.board import Board

#: Every rule, with what it guards: rule id -> (notice paragraph, what it checks).
RULES: dict[str, tuple[str, str]] = {
    "action-after-target-date": ("13", "open actions due after the board's target date"),
    "action-due-date": ("5b", "open actions without a due date"),
    "action-owner": ("5b", "open actions without a current accountable owner"),
    "agenda-overrun": ("", "planned meetings whose agenda runs past the meeting's end time"),
    "action-target": ("5b", "open actions without a measurable target or success measure"),
    "board-target-date": ("13", "the board's target date for actions is not set"),
    "impact-log": ("5e", "no confirmed action and impact log entries for the last meeting held"),
    "minutes-approval": ("12d", "held meetings whose minutes were not approved by the "
                                "following meeting"),
    "risk-review": ("5c", "open risks not reviewed in the current meeting cycle"),
    "statutory-invitees": ("6", "meetings whose invitations lack the DfE adviser, the NHS "
                                "England adviser or the DfE case lead"),
    "stocktake": ("8", "more than six months since the last stocktake review"),
    "timetable-overdue": ("", "meeting timetable steps that are overdue"),
}

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Finding:
    """One thing `check` found: which rule, which record, why, and how serious."""

    rule: str
    entity: str
    record_id: int | None
    record: str
    reason: str
    severity: str

    def line(self) -> str:
        """Return the finding as one line: '[rule] record: reason'."""
        return f"[{self.rule}] {self.record}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _the(role: str) -> str:
    return f"the {role}"


class _Collector:
    def __init__(self) -> None:
        self.items: list[tuple[tuple, Finding]] = []

    def add(self, rule: str, entity: str, record_id: int | None, record: str, reason: str,
            severity: str = "error", order: tuple = ()) -> None:
        assert rule in RULES and severity in SEVERITIES
        self.items.append(((rule, order or natural_key(record), record_id or 0),
                           Finding(rule, entity, record_id, record, reason, severity)))

    def sorted(self) -> list[Finding]:
        return [f for _, f in sorted(self.items, key=lambda item: item[0])]


def run_checks(board: Board, today: dt.date) -> list[Finding]:
    """Return every finding on the board as it stands on `today`, sorted by rule then record.

    Reads only: the board is not changed.
    """
    out = _Collector()
    settings = board.settings()
    meetings = registers.meeting_rows(board, today)
    live = [m for m in meetings if m["status"] != "cancelled"]
    live.sort(key=lambda m: (m["meeting_date"], m["start_time"] or "", m["id"]))
    cycle = registers.cycle(board, today)

    _statutory_invitees(out, live)
    _actions(out, board, today, settings)
    _risks(out, board, today, cycle, live)
    _impact_log(out, board, today, live)
    _stocktake(out, today, settings, live)
    _minutes_approval(out, today, live)
    _timetable(out, today, live)
    _agenda_overrun(out, board, today, live)
    return out.sorted()


def _meeting_order(m: dict[str, Any]) -> tuple:
    return (m["meeting_date"], m["start_time"] or "", m["id"])


def _statutory_invitees(out: _Collector, meetings: list[dict[str, Any]]) -> None:
    for m in meetings:
        missing = [r for r in STATUTORY_ROLES if r in m["statutory_missing"]]
        if not missing:
            continue
        out.add("statutory-invitees", "meeting", m["id"], meeting_label(m),
                f"{meeting_name(m)} on {long_date(m['meeting_date'])}: the invitations lack "
                f"{_and([_the(r) for r in missing])}, who must be invited to every meeting "
                "(notice 6).", "error", _meeting_order(m))


def _actions(out: _Collector, board: Board, today: dt.date, settings: dict[str, Any]) -> None:
    target = from_iso(settings.get("target_date"))
    if target is None:
        out.add("board-target-date", "board", 1, settings.get("name") or "Board",
                "The board has no target date for delivering its actions; set it in the board "
                "settings: the date the Improvement Notice sets for the actions to be delivered "
                "(notice 13).", "warning")
    for a in registers.action_rows(board, today, history=False):
        if a["status"] not in rules.OPEN_STATUSES:
            continue
        ref = a["ref"]
        kind = "board action" if a["kind"] == "board" else "action"
        order = (natural_key(ref),)
        if not a["owner_id"]:
            out.add("action-owner", "action", a["id"], ref,
                    f"The {kind} {ref} has no accountable owner; every action needs one "
                    "(notice 5b).", "error", order)
        elif a.get("owner_left"):
            out.add("action-owner", "action", a["id"], ref,
                    f"The {kind} {ref}'s accountable owner, {a['owner_name']}, has left the "
                    "board (archived); give it a current owner (notice 5b).", "error", order)
        if not (a["success_measure"] or "").strip() and not (a["target"] or "").strip():
            out.add("action-target", "action", a["id"], ref,
                    f"The {kind} {ref} has neither a success measure nor a measurable target "
                    "(notice 5b).", "error", order)
        due = a["effective_due"]
        if due is None:
            out.add("action-due-date", "action", a["id"], ref,
                    f"The {kind} {ref} has no due date, so its progress cannot be measured "
                    "(notice 5b).", "error", order)
        elif target is not None and due > target:
            which = "revised due date" if a["revised_due_date"] else "due date"
            out.add("action-after-target-date", "action", a["id"], ref,
                    f"The {kind} {ref} has a {which} of {long_date(due)}, after the board's "
                    f"target date of {long_date(target)} (notice 13).", "warning", order)


def _papers_deadline(meeting: dict[str, Any] | None) -> dt.date | None:
    if meeting is None:
        return None
    for step in meeting["steps"]:
        if step["step"] == "papers_deadline":
            return from_iso(step["due_date"])
    return None


def _risks(out: _Collector, board: Board, today: dt.date, cycle: registers.Cycle,
           meetings: list[dict[str, Any]]) -> None:
    nxt = None
    if cycle.next_meeting is not None:
        nxt = next((m for m in meetings if m["id"] == cycle.next_meeting["id"]), None)
    deadline = _papers_deadline(nxt)
    for r in registers.risk_rows(board, today, history=False):
        if r["status"] != "open" or r["reviewed_this_cycle"]:
            continue
        last = r["last_review_date"]
        since = (f"has not been reviewed since {long_date(last)}" if last
                 else "has never been reviewed")
        if cycle.last_held:
            since += (f", before the last meeting on "
                      f"{long_date(cycle.last_held['meeting_date'])}") if last else ""
        order = (natural_key(r["ref"]),)
        if nxt is not None and deadline is not None and today > deadline:
            out.add("risk-review", "risk", r["id"], r["ref"],
                    f"Risk {r['ref']} {since}; the papers deadline for {meeting_name(nxt)} "
                    f"on {long_date(nxt['meeting_date'])} was {long_date(deadline)} "
                    "(notice 5c).", "error", order)
        elif nxt is not None and deadline is not None:
            out.add("risk-review", "risk", r["id"], r["ref"],
                    f"Risk {r['ref']} {since}; review it by the papers deadline, "
                    f"{long_date(deadline)}, for {meeting_name(nxt)} on "
                    f"{long_date(nxt['meeting_date'])} (notice 5c).", "warning", order)
        else:
            out.add("risk-review", "risk", r["id"], r["ref"],
                    f"Risk {r['ref']} {since}; review it before the next meeting, which is not "
                    "yet planned (notice 5c).", "warning", order)


def _is_held(m: dict[str, Any], today: dt.date) -> bool:
    return m["status"] in HELD_STATUSES and from_iso(m["meeting_date"]) <= today


def _impact_log(out: _Collector, board: Board, today: dt.date,
                meetings: list[dict[str, Any]]) -> None:
    held = [m for m in meetings if _is_held(m, today) and m["kind"] != "stocktake review"]
    if not held:
        return
    last = held[-1]
    before = from_iso(held[-2]["meeting_date"]) if len(held) > 1 else None
    last_date = from_iso(last["meeting_date"])

    def counts(entry: dict[str, Any]) -> bool:
        if entry["status"] != "confirmed":
            return False
        if entry["meeting_id"] is not None:
            return entry["meeting_id"] == last["id"]
        when = from_iso(entry["entry_date"])
        return when <= last_date and (before is None or when > before)

    if not any(counts(e) for e in board.rows("impact_entry")):
        out.add("impact-log", "meeting", last["id"], meeting_label(last),
                f"{meeting_name(last)} on {long_date(last['meeting_date'])}, the last meeting "
                "held, has no confirmed entries in the action and impact log; the log must be "
                "updated at each meeting (notice 5e).", "error", _meeting_order(last))


def _stocktake(out: _Collector, today: dt.date, settings: dict[str, Any],
               meetings: list[dict[str, Any]]) -> None:
    held = [m for m in meetings if m["kind"] == "stocktake review" and _is_held(m, today)]
    planned = [m for m in meetings if m["kind"] == "stocktake review"
               and m["status"] not in HELD_STATUSES and from_iso(m["meeting_date"]) >= today]
    plan = (f" The next is planned for {long_date(planned[0]['meeting_date'])}."
            if planned else " None is planned.")
    if held:
        last = held[-1]
        last_date = from_iso(last["meeting_date"])
        if rules.stocktake_overdue(last_date, today):
            out.add("stocktake", "meeting", last["id"], meeting_label(last),
                    f"The last stocktake review was on {long_date(last_date)}, more than six "
                    f"months ago; reviews are due at least every six months (notice 8).{plan}",
                    "error", _meeting_order(last))
        return
    notice = from_iso(settings.get("notice_date"))
    if notice is None:
        out.add("stocktake", "board", 1, settings.get("name") or "Board",
                "No stocktake review has been held and the board has no notice date; reviews "
                f"are due at least every six months (notice 8).{plan}", "warning")
    elif rules.stocktake_overdue(notice, today):
        out.add("stocktake", "board", 1, settings.get("name") or "Board",
                f"No stocktake review has been held since the notice of {long_date(notice)}, "
                f"more than six months ago; reviews are due at least every six months "
                f"(notice 8).{plan}", "error")


def _minutes_approval(out: _Collector, today: dt.date, meetings: list[dict[str, Any]]) -> None:
    held = [m for m in meetings if _is_held(m, today)]
    boards = [m for m in held if m["kind"] != "stocktake review"]
    for m in held:
        if m["status"] == "minutes approved" or m["approved_at_meeting_id"]:
            continue
        following = next((b for b in boards if _meeting_order(b) > _meeting_order(m)), None)
        if following is None:
            continue  # the minutes are due for approval at a meeting not yet held
        out.add("minutes-approval", "meeting", m["id"], meeting_label(m),
                f"The minutes of {meeting_name(m)} on {long_date(m['meeting_date'])} were not "
                f"approved at the following meeting, {meeting_name(following)} on "
                f"{long_date(following['meeting_date'])}; approved minutes must be available "
                "to the Department's reviewers (notice 12d).", "error", _meeting_order(m))


def _timetable(out: _Collector, today: dt.date, meetings: list[dict[str, Any]]) -> None:
    for m in meetings:
        for step in m["steps"]:
            if step["state"] != "overdue":
                continue
            out.add("timetable-overdue", "cycle_step", step["id"], meeting_label(m),
                    f"{meeting_name(m)} on {long_date(m['meeting_date'])}: '{step['label']}' "
                    f"was due on {long_date(step['due_date'])} and is not marked done.",
                    "warning", (*_meeting_order(m), step["due_date"], step["id"]))


def _agenda_overrun(out: _Collector, board: Board, today: dt.date,
                    meetings: list[dict[str, Any]]) -> None:
    def minutes(hhmm: str) -> int:
        hour, minute = (int(x) for x in hhmm.split(":"))
        return hour * 60 + minute

    for m in meetings:
        if m["status"] != "planned" or from_iso(m["meeting_date"]) < today \
                or not m["start_time"] or not m["end_time"]:
            continue
        planned = minutes(m["end_time"]) - minutes(m["start_time"])
        needed = sum(i["duration"] or 0 for i in board.rows("agenda_item", parent_id=m["id"]))
        if needed > planned:
            out.add("agenda-overrun", "meeting", m["id"], meeting_label(m),
                    f"{meeting_name(m)} on {long_date(m['meeting_date'])}: the agenda's items "
                    f"take {needed} minutes but the meeting runs {planned} minutes "
                    f"({clock(m['start_time'])} to {clock(m['end_time'])}); shorten the items "
                    "or move the end time.", "warning", _meeting_order(m))


def summary_line(findings: list[Finding]) -> str:
    """Return the closing line: how many findings, errors and warnings."""
    if not findings:
        return "No findings: the board meets every check."
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    noun = "finding" if len(findings) == 1 else "findings"
    return f"{len(findings)} {noun}: {errors} error{'s' if errors != 1 else ''}, " \
           f"{warnings} warning{'s' if warnings != 1 else ''}."

"""What the evidence against the Improvement Notice is made of, and the board read once to
build it (`World`): the requirements of the notice in a few words each, a requirement's row
(evidence held, gaps by name, status), a partner's row, a revised due date's row, the
readiness summary against paragraph 13, and the few ways they put counts and references
into words. `sendsec.reports.evidence` builds them; `evidence_requirements` fills each
requirement's row."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sendsec.domain import rules
from sendsec.domain.dates import from_iso, long_date
from sendsec.domain.entities import HELD_STATUSES
from sendsec.domain.labels import agree
from sendsec.domain.labels import count as plural
from sendsec.reports.checks import Finding, run_checks
from sendsec.services import registers
from sendsec.services.board import Board

MET, PARTLY, NOT_MET = "Met", "Partly met", "Not met"

#: The requirements of the notice, by paragraph, in a few words each.
REQUIREMENTS: tuple[tuple[str, str], ...] = (
    ("4", "The plan includes the DfE's further recommendations"),
    ("5a", "An improvement board with an independent chair, attended by key leaders"),
    ("5b", "Clear accountability and measurable targets for every action"),
    ("5c", "Plans kept up to date; a risk register and mitigation plan updated each cycle"),
    ("5d", "Reports with data, analysis and evidence of impact on children and families"),
    ("5e", "An action and impact log updated at each meeting"),
    ("6", "The DfE adviser, NHS England adviser and DfE case lead invited every time"),
    ("7", "The advisers' updates and feedback recorded and answered"),
    ("8", "A DfE stocktake review at least every six months"),
    ("10a", "Self-assessment: progress against the plan's objectives"),
    ("10b", "Self-assessment: feedback from parents and carers"),
    ("10c", "Self-assessment: local accountability and governance"),
    ("10d", "Self-assessment: documentary evidence, dashboard and partners' role"),
    ("12d", "Reviewers have the minutes of meetings"),
    ("13", "Actions delivered by the target date; impact measures by their target dates"),
)
#: check's rules, by the paragraph they guard.
RULE_CODES = {"statutory-invitees": "6", "action-owner": "5b", "action-target": "5b",
               "action-due-date": "5b", "action-after-target-date": "13",
               "board-target-date": "13", "risk-review": "5c", "impact-log": "5e",
               "stocktake": "8", "minutes-approval": "12d", "timetable-overdue": "5c"}
LEADERS = re.compile(r"chief executive|accountable officer|director of children|"
                      r"executive director", re.IGNORECASE)
SIX_MONTHS = dt.timedelta(days=183)


@dataclass(frozen=True)
class Gap:
    """Something missing, named, with the record that would fix it (entity, id) if any."""

    text: str
    entity: str = ""
    record_id: int | None = None


@dataclass
class Requirement:
    """One row of the matrix."""

    code: str
    requirement: str
    evidence: list[str] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    held: bool = True  # False: nothing at all is held for it (Not met)

    @property
    def status(self) -> str:
        if not self.held:
            return NOT_MET
        return PARTLY if self.gaps else MET


@dataclass(frozen=True)
class PartnerRow:
    organisation: str
    short_name: str
    actions_open: int
    actions_overdue: int
    actions_slipped: int
    updates_missing: int
    returns_requested: int
    returns_late: int
    returns_missing: int
    members: int
    attendance: str  # e.g. '5 of 6 meetings'
    leaders: str  # the notice 5a leaders: attended / sent a substitute / absent
    impact_entries: int


@dataclass(frozen=True)
class RevisionRow:
    ref: str
    title: str
    original_due: str
    revised_on: str
    previous_due: str
    new_due: str
    reason: str
    agreed: str  # 'Minute 123' or 'not agreed by the board'
    days_slipped: int | None
    action_id: int
    revision_id: int


@dataclass(frozen=True)
class Readiness:
    target_date: dt.date | None
    actions_in_plan: int
    delivered: int
    due_by_target: int
    due_after_target: tuple[str, ...]
    no_date: tuple[str, ...]
    open_after_target: tuple[str, ...]
    measures: int
    measures_met: tuple[str, ...]
    measures_not_yet: tuple[str, ...]
    measures_no_target: tuple[str, ...]

    def lines(self) -> list[str]:
        """Return the readiness summary as sentences."""
        when = long_date(self.target_date) if self.target_date else "the target date (not set)"
        out = [f"Paragraph 13: actions delivered by {when} or sooner; impact measures "
               "evidenced by their agreed target dates."]
        out.append(f"{self.delivered} of {self.actions_in_plan} actions in the plan "
                   f"{agree(self.delivered, 'is', 'are')} delivered (complete or closed); "
                   f"{self.due_by_target} {agree(self.due_by_target, 'is', 'are')} due by "
                   f"{when}.")
        if self.due_after_target:
            out.append(f"{len(self.due_after_target)} due after it: "
                       f"{', '.join(self.due_after_target)}.")
        if self.no_date:
            out.append(f"{len(self.no_date)} with no due date: {', '.join(self.no_date)}.")
        out.append(f"{len(self.measures_met)} of {self.measures} measures "
                   f"{agree(len(self.measures_met), 'has', 'have')} met their "
                   "target" + (f" ({', '.join(self.measures_met)})" if self.measures_met else "")
                   + "; " + (f"not yet: {', '.join(self.measures_not_yet)}"
                             if self.measures_not_yet else "none is behind")
                   + (f"; no target set: {', '.join(self.measures_no_target)}"
                      if self.measures_no_target else "") + ".")
        remains = len(self.open_after_target) + len(self.measures_not_yet)
        out.append("What remains: " + (
            f"{plural(len(self.open_after_target), 'open action')} due after {when} or still "
            f"open after it, {plural(len(self.measures_not_yet), 'measure')} not yet at "
            "target." if remains else "nothing."))
        return out




# ------------------------------------------------------------------ helpers

def refs(rows: list[dict[str, Any]], key: str = "ref", limit: int = 12) -> str:
    names = [str(r[key]) for r in rows]
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def minutes_text(numbers: list[int], limit: int = 8) -> str:
    numbers = sorted(numbers)
    if not numbers:
        return ""
    if len(numbers) > limit:
        return f"minutes {numbers[0]}-{numbers[-1]}"
    return "minute" + ("s " if len(numbers) > 1 else " ") + ", ".join(map(str, numbers))


class World:
    """The board read once for every requirement."""

    def __init__(self, board: Board, today: dt.date):
        self.board, self.today = board, today
        self.settings = board.settings()
        self.cycle = registers.cycle(board, today)
        self.actions = registers.action_rows(board, today)
        self.plan = [a for a in self.actions if a["kind"] != "board"]
        self.open_plan = [a for a in self.plan if a["status"] in rules.OPEN_STATUSES]
        self.risks = [r for r in registers.risk_rows(board, today) if r["status"] == "open"]
        self.measures = registers.measure_rows(board, today)
        self.impacts = [e for e in registers.impact_rows(board) if e["status"] == "confirmed"]
        self.meetings = sorted(board.rows("meeting"), key=lambda m: (m["meeting_date"],
                                                                     m["start_time"] or ""))
        self.held = [m for m in self.meetings if m["status"] in HELD_STATUSES
                     and from_iso(m["meeting_date"]) <= today]
        self.people = {p["id"]: p for p in board.rows("person", include_archived=True)}
        self.orgs = board.rows("organisation")
        self.areas = board.rows("area")
        self.findings = board.rows("finding")
        self.minutes = board.rows("minute")
        self.minutes_by_meeting: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for m in self.minutes:
            self.minutes_by_meeting[m["meeting_id"]].append(m)
        self.checks = run_checks(board, today)
        target = self.settings.get("target_date")
        self.target = from_iso(target) if target else None
        self.revisions_unagreed: list[RevisionRow] = []

    def meeting_label(self, m: dict[str, Any]) -> str:
        return self.board.label("meeting", m["id"])

    def check_gaps(self, code: str) -> list[Gap]:
        return [gap_of(f) for f in self.checks if RULE_CODES.get(f.rule) == code]


def gap_of(f: Finding) -> Gap:
    return Gap(f"{f.record}: {f.reason}", f.entity, f.record_id)

"""Evidence against the Improvement Notice: what the board holds for each requirement.

`build_evidence(board, today)` returns an `Evidence`: plain data the papers, the
spreadsheet and the app's Stocktake view read.

- `requirements`: a row per requirement of the notice (3a-3j, 4, 5a-5e, 6, 7, 8,
  10a-10d, 12d, 13) with the evidence held (counts and the references of records,
  minutes by number), the gaps by name (each pointing at the record that fixes it) and
  a status: Met (evidence held, no gap), Partly met (evidence, with gaps) or Not met
  (nothing held for it);
- `partners`: every organisation with its actions, updates, returns, attendance and
  impact entries;
- `revisions`: every revised due date, one row per change, against the original date;
- `readiness`: the summary against paragraph 13 (actions due by the target date,
  measures evidenced by their target dates, what remains).

The rules are the same as `check`'s (its findings are gaps here), so the two never
disagree; each gap says what is missing in the words the secretary would use.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sendsec.domain import rules
from sendsec.domain.dates import from_iso, long_date
from sendsec.domain.entities import HELD_STATUSES, STATUTORY_ROLES
from sendsec.domain.labels import natural_key
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
_RULE_CODES = {"statutory-invitees": "6", "action-owner": "5b", "action-target": "5b",
               "action-due-date": "5b", "action-after-target-date": "13",
               "board-target-date": "13", "risk-review": "5c", "impact-log": "5e",
               "stocktake": "8", "minutes-approval": "12d", "timetable-overdue": "5c"}
_LEADERS = re.compile(r"chief executive|accountable officer|director of children|"
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
        out.append(f"{self.delivered} of {self.actions_in_plan} actions in the plan are "
                   f"delivered (complete or closed); {self.due_by_target} are due by {when}.")
        if self.due_after_target:
            out.append(f"{len(self.due_after_target)} due after it: "
                       f"{', '.join(self.due_after_target)}.")
        if self.no_date:
            out.append(f"{len(self.no_date)} with no due date: {', '.join(self.no_date)}.")
        out.append(f"{len(self.measures_met)} of {self.measures} measures have met their "
                   "target" + (f" ({', '.join(self.measures_met)})" if self.measures_met else "")
                   + "; " + (f"not yet: {', '.join(self.measures_not_yet)}"
                             if self.measures_not_yet else "none is behind")
                   + (f"; no target set: {', '.join(self.measures_no_target)}"
                      if self.measures_no_target else "") + ".")
        remains = len(self.open_after_target) + len(self.measures_not_yet)
        out.append("What remains: " + (
            f"{_plural(len(self.open_after_target), 'open action')} due after {when} or still "
            f"open after it, {_plural(len(self.measures_not_yet), 'measure')} not yet at "
            "target." if remains else "nothing."))
        return out


@dataclass
class Evidence:
    board_name: str
    today: dt.date
    requirements: list[Requirement]
    partners: list[PartnerRow]
    revisions: list[RevisionRow]
    readiness: Readiness

    def requirement(self, code: str) -> Requirement:
        return next(r for r in self.requirements if r.code == code)

    def counts(self) -> dict[str, int]:
        out = {MET: 0, PARTLY: 0, NOT_MET: 0}
        for r in self.requirements:
            out[r.status] += 1
        return out


# ------------------------------------------------------------------ helpers

def _refs(rows: list[dict[str, Any]], key: str = "ref", limit: int = 12) -> str:
    names = [str(r[key]) for r in rows]
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _minutes_text(numbers: list[int], limit: int = 8) -> str:
    numbers = sorted(numbers)
    if not numbers:
        return ""
    if len(numbers) > limit:
        return f"minutes {numbers[0]}-{numbers[-1]}"
    return "minute" + ("s " if len(numbers) > 1 else " ") + ", ".join(map(str, numbers))


class _World:
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
        return [_gap_of(f) for f in self.checks if _RULE_CODES.get(f.rule) == code]


def _gap_of(f: Finding) -> Gap:
    return Gap(f"{f.record}: {f.reason}", f.entity, f.record_id)


# -------------------------------------------------------------- requirements

def _area_rows(w: _World) -> list[Requirement]:
    out = []
    measures_by_area = defaultdict(list)
    for m in w.measures:
        measures_by_area[m["area_id"]].append(m)
    impacts_by_area = defaultdict(list)
    for e in w.impacts:
        impacts_by_area[e["area_id"]].append(e)
    inspection = [a for a in w.areas if a["kind"] in ("area for priority action",
                                                       "area for improvement")]
    for area in inspection:
        code = f"3{area['code']}" if re.fullmatch(r"[a-z]", area["code"]) else area["code"]
        req = Requirement(code, " ".join(str(area["title"]).split())[:160])
        actions = [a for a in w.plan if a["area_id"] == area["id"]]
        if not actions:
            req.held = False
            req.gaps.append(Gap(f"No action in the plan addresses area {area['code']}.",
                                "area", area["id"]))
            out.append(req)
            continue
        delivered = [a for a in actions if a["status"] in ("complete", "closed")]
        req.evidence.append(f"{_plural(len(actions), 'action')} ({_refs(actions)}), "
                            f"{len(delivered)} delivered")
        sro = w.people.get(area.get("sro_id") or area.get("lead_id"))
        if sro:
            req.evidence.append(f"Senior responsible officer: {sro['name']}")
        else:
            req.gaps.append(Gap(f"Area {area['code']} has no senior responsible officer.",
                                "area", area["id"]))
        measures = measures_by_area.get(area["id"], [])
        with_data = [m for m in measures if m["latest_value"] is not None]
        if with_data:
            req.evidence.append(f"{_plural(len(with_data), 'measure')} with data "
                                f"({_refs(with_data, 'code')})")
        impacts = impacts_by_area.get(area["id"], [])
        if impacts:
            req.evidence.append(f"{_plural(len(impacts), 'impact log entry', 'impact log entries')}")
        if not with_data and not impacts:
            req.gaps.append(Gap(f"Area {area['code']} has no measure with data and no impact "
                                "log entry: nothing yet evidences its impact.", "area",
                                area["id"]))
        for a in actions:
            if a["status"] not in rules.OPEN_STATUSES:
                continue
            if a["overdue"]:
                req.gaps.append(Gap(f"{a['ref']} is overdue (due "
                                    f"{long_date(a['effective_due'])}).", "action", a["id"]))
            elif a["no_update_this_cycle"]:
                req.gaps.append(Gap(f"{a['ref']} has no progress update this cycle.", "action",
                                    a["id"]))
        out.append(req)
    return out


def _r4(w: _World) -> Requirement:
    req = Requirement("4", dict(REQUIREMENTS)["4"])
    recs = [a for a in w.areas if a["kind"] == "DfE recommendation"]
    dfe = [f for f in w.findings if f["source"].startswith("DfE")]
    if not recs and not dfe:
        req.held = False
        req.gaps.append(Gap("No DfE recommendation or finding is recorded: record the "
                            "stocktake letter's findings (Stocktake > DfE and NHS England "
                            "feedback).", "finding", None))
        return req
    for area in recs:
        actions = [a for a in w.plan if a["area_id"] == area["id"]]
        if actions:
            req.evidence.append(f"DfE recommendation {area['code']}: {_refs(actions)}")
        else:
            req.gaps.append(Gap(f"DfE recommendation {area['code']} has no action in the plan.",
                                "area", area["id"]))
    _findings_evidence(req, dfe, w)
    return req


def _findings_evidence(req: Requirement, findings: list[dict[str, Any]], w: _World) -> None:
    answered = [f for f in findings if f["action_id"] or f["minute_id"] or f["area_id"]]
    if findings:
        req.evidence.append(f"{_plural(len(findings), 'finding')} recorded, "
                            f"{len(answered)} linked to what answers it")
    actions = {a["id"]: a for a in w.actions}
    minutes = {m["id"]: m for m in w.minutes}
    for f in findings:
        short = " ".join(str(f["text"]).split())
        short = short if len(short) <= 80 else short[:79].rsplit(" ", 1)[0] + "…"
        if f["action_id"] in actions:
            req.evidence.append(f"'{short}' ({f['source']}, {long_date(f['received_on'])}): "
                                f"answered by {actions[f['action_id']]['ref']}, {f['status']}")
        elif f["minute_id"] in minutes:
            req.evidence.append(f"'{short}': board decision at minute "
                                f"{minutes[f['minute_id']]['number']}, {f['status']}")
        elif f["status"] in ("open", "in progress") and not f["area_id"]:
            req.gaps.append(Gap(f"The finding '{short}' ({f['source']}, "
                                f"{long_date(f['received_on'])}) is not linked to an action or "
                                "a board decision.", "finding", f["id"]))


def _r5a(w: _World) -> Requirement:
    req = Requirement("5a", dict(REQUIREMENTS)["5a"])
    chair = w.people.get(w.settings.get("chair_id"))
    if chair and not chair["archived"]:
        req.evidence.append(f"Independent chair: {chair['name']}")
    else:
        req.gaps.append(Gap("The board has no independent chair (Board settings).", "board",
                            None))
    if not w.held:
        req.held = bool(chair)
        req.gaps.append(Gap("No meeting of the board has been held yet.", "meeting", None))
        return req
    req.evidence.append(f"{_plural(len(w.held), 'meeting')} held, the last on "
                        f"{long_date(w.held[-1]['meeting_date'])}")
    last = w.held[-1]
    invitees = w.board.rows("invitee", parent_id=last["id"])
    for i in invitees:
        person = w.people.get(i["person_id"])
        if not person or not _LEADERS.search(person.get("title") or ""):
            continue
        if i["attendance"] in ("present", "in attendance"):
            continue
        substitute = any(j["substitute_for_id"] == person["id"] and j["attendance"] ==
                         "substitute" for j in invitees)
        if not substitute:
            req.gaps.append(Gap(f"{person['name']} ({person['title']}) was not at "
                                f"{w.meeting_label(last)} and sent no substitute "
                                f"({i['attendance']}).", "meeting", last["id"]))
    return req


def _r5b(w: _World) -> Requirement:
    req = Requirement("5b", dict(REQUIREMENTS)["5b"])
    if not w.plan:
        req.held = False
        req.gaps.append(Gap("The plan has no actions yet.", "action", None))
        return req
    owned = [a for a in w.open_plan if a["owner_id"]]
    measured = [a for a in w.open_plan if (a.get("target") or a.get("success_measure"))]
    req.evidence.append(f"{len(owned)} of {len(w.open_plan)} open actions have an accountable "
                        f"owner; {len(measured)} a measurable target")
    leads = [a for a in w.open_plan if a.get("lead_id")]
    if leads:
        req.evidence.append(f"{len(leads)} name an action lead as well")
    req.gaps += w.check_gaps("5b")
    for area in w.areas:
        if area["kind"] != "DfE recommendation" and not (area.get("sro_id")
                                                         or area.get("lead_id")):
            req.gaps.append(Gap(f"Area {area['code']} has no senior responsible officer.",
                                "area", area["id"]))
    for r in w.revisions_unagreed:
        req.gaps.append(Gap(f"{r.ref}'s due date was revised to {long_date(r.new_due)} on "
                            f"{long_date(r.revised_on)} but no board decision agrees it.",
                            "action", r.action_id))
    return req


def _r5c(w: _World) -> Requirement:
    req = Requirement("5c", dict(REQUIREMENTS)["5c"])
    if not w.risks:
        req.held = False
        req.gaps.append(Gap("The risk register has no open risks.", "risk", None))
        return req
    reviewed = [r for r in w.risks if r["reviewed_this_cycle"]]
    req.evidence.append(f"{_plural(len(w.risks), 'open risk')}; {len(reviewed)} reviewed this "
                        "cycle")
    updated = [a for a in w.open_plan if not a["no_update_this_cycle"]]
    req.evidence.append(f"{len(updated)} of {len(w.open_plan)} open actions updated this cycle")
    req.gaps += [g for g in w.check_gaps("5c")]
    for r in w.risks:
        if r["band"] in ("high", "very high") and not (r.get("mitigation") or "").strip():
            req.gaps.append(Gap(f"{r['ref']} is {r['band']} with no mitigation plan.", "risk",
                                r["id"]))
    return req


def _r5d(w: _World) -> Requirement:
    req = Requirement("5d", dict(REQUIREMENTS)["5d"])
    recent = w.today - dt.timedelta(days=120)
    with_data = [m for m in w.measures if m["latest_period"] and m["latest_period"] >= recent]
    lived = [e for e in w.impacts if e["kind"] == "impact on lived experience"]
    if not w.measures and not lived:
        req.held = False
        req.gaps.append(Gap("No measure and no impact on lived experience is recorded.",
                            "measure", None))
        return req
    req.evidence.append(f"{len(with_data)} of {len(w.measures)} measures with data in the last "
                        "four months")
    if lived:
        req.evidence.append(f"{_plural(len(lived), 'entry', 'entries')} on the impact on the "
                            "lived experience of children and families")
    else:
        req.gaps.append(Gap("No impact on lived experience is recorded in the impact log.",
                            "impact_entry", None))
    for m in w.measures:
        if m["latest_value"] is None:
            req.gaps.append(Gap(f"{m['code']} has no data.", "measure", m["id"]))
        elif m["latest_period"] < recent:
            req.gaps.append(Gap(f"{m['code']}'s latest data is for "
                                f"{long_date(m['latest_period'])}.", "measure", m["id"]))
        if m["rag"] == "red" and not (m.get("exception_commentary") or "").strip():
            req.gaps.append(Gap(f"{m['code']} is off its trajectory (Red) with no exception "
                                "report (commentary and planned actions).", "measure", m["id"]))
    return req


def _r5e(w: _World) -> Requirement:
    req = Requirement("5e", dict(REQUIREMENTS)["5e"])
    if not w.impacts:
        req.held = False
        req.gaps.append(Gap("The action and impact log has no entries.", "impact_entry", None))
        return req
    by_meeting = defaultdict(list)
    for e in w.impacts:
        by_meeting[e["meeting_id"]].append(e)
    recent_held = [m for m in w.held if m["kind"] != "stocktake review"][-6:]
    with_entries = [m for m in recent_held if by_meeting.get(m["id"])]
    req.evidence.append(f"{_plural(len(w.impacts), 'entry', 'entries')}; entries at "
                        f"{len(with_entries)} of the last {len(recent_held)} meetings held")
    slow_entries = {e["action_id"] for e in w.impacts if e["kind"] == "slow progress"}
    strengthen = [e for e in w.impacts if e["kind"] == "contribution to strengthen"]
    if strengthen:
        req.evidence.append(f"{_plural(len(strengthen), 'contribution')} to be strengthened "
                            "recorded")
    req.gaps += w.check_gaps("5e")
    for a in w.open_plan:
        if a["slow"] and a["id"] not in slow_entries:
            req.gaps.append(Gap(f"{a['ref']} is slow to progress and the log does not "
                                "highlight it.", "action", a["id"]))
    return req


def _r6(w: _World) -> Requirement:
    req = Requirement("6", dict(REQUIREMENTS)["6"])
    roles = {pid: p["role"] for pid, p in w.people.items()}
    checked = [m for m in w.meetings if m["status"] != "cancelled"]
    if not checked:
        req.held = False
        req.gaps.append(Gap("No meeting is recorded.", "meeting", None))
        return req
    complete = 0
    for m in checked:
        invited = {roles.get(i["person_id"]) for i in w.board.rows("invitee", parent_id=m["id"])}
        if all(r in invited for r in STATUTORY_ROLES):
            complete += 1
    req.evidence.append(f"{complete} of {len(checked)} meetings invited all three "
                        "(the DfE adviser, the NHS England adviser and the DfE case lead)")
    req.gaps += w.check_gaps("6")
    return req


def _r7(w: _World) -> Requirement:
    req = Requirement("7", dict(REQUIREMENTS)["7"])
    advisers = [f for f in w.findings]
    if not advisers:
        req.held = False
        req.gaps.append(Gap("No update or feedback from the DfE or NHS England advisers is "
                            "recorded.", "finding", None))
        return req
    _findings_evidence(req, advisers, w)
    return req


def _r8(w: _World) -> Requirement:
    req = Requirement("8", dict(REQUIREMENTS)["8"])
    stocktakes = [m for m in w.meetings if m["kind"] == "stocktake review"
                  and m["status"] != "cancelled"]
    done = [m for m in stocktakes if m["status"] in HELD_STATUSES]
    coming = [m for m in stocktakes if m["status"] not in HELD_STATUSES]
    if not stocktakes:
        req.held = False
        req.gaps.append(Gap("No stocktake review is recorded.", "meeting", None))
        return req
    if done:
        req.evidence.append(f"{_plural(len(done), 'stocktake review')} held: "
                            + ", ".join(long_date(m["meeting_date"]) for m in done))
    if coming:
        req.evidence.append(f"Next stocktake review: {long_date(coming[0]['meeting_date'])}")
    req.gaps += w.check_gaps("8")
    return req


def _r10(w: _World) -> list[Requirement]:
    a = Requirement("10a", dict(REQUIREMENTS)["10a"])
    if not w.plan:
        a.held = False
        a.gaps.append(Gap("The plan has no actions yet.", "action", None))
    else:
        by_rag: dict[str, int] = defaultdict(int)
        for x in w.plan:
            by_rag[rules.rag_label(x["rag"]) if x["rag"] else "Not rated"] += 1
        a.evidence.append(f"{len(w.plan)} actions in the plan: " + ", ".join(
            f"{n} {k}" for k, n in sorted(by_rag.items())))
        missing = [x for x in w.open_plan if x["no_update_this_cycle"]]
        for x in missing:
            a.gaps.append(Gap(f"{x['ref']} has no progress update this cycle.", "action",
                              x["id"]))
    b = Requirement("10b", dict(REQUIREMENTS)["10b"])
    since = w.today - SIX_MONTHS
    voices = [e for e in w.impacts if e["kind"] == "family and young people's voice"]
    recent = [e for e in voices if from_iso(e["entry_date"]) >= since]
    if not voices:
        b.held = False
        b.gaps.append(Gap("No feedback from parents, carers, children or young people is "
                          "recorded in the impact log.", "impact_entry", None))
    else:
        b.evidence.append(f"{_plural(len(voices), 'entry', 'entries')} of families' and young "
                          f"people's voice, {len(recent)} in the last six months")
        if not recent:
            b.gaps.append(Gap("No feedback from families in the last six months.",
                              "impact_entry", None))
    c = Requirement("10c", dict(REQUIREMENTS)["10c"])
    chair = w.people.get(w.settings.get("chair_id"))
    secretary = w.people.get(w.settings.get("secretary_id"))
    c.evidence.append("Chair: " + (chair["name"] if chair else "not set") + "; secretary: "
                      + (secretary["name"] if secretary else "not set"))
    with_sro = [x for x in w.areas if x.get("sro_id") or x.get("lead_id")]
    c.evidence.append(f"{len(with_sro)} of {len(w.areas)} areas have a senior responsible "
                      "officer")
    if not chair:
        c.gaps.append(Gap("No independent chair is set (Board settings).", "board", None))
    if not secretary:
        c.gaps.append(Gap("No board secretary is set (Board settings).", "board", None))
    for x in w.areas:
        if not (x.get("sro_id") or x.get("lead_id")):
            c.gaps.append(Gap(f"Area {x['code']} has no senior responsible officer.", "area",
                              x["id"]))
    if not w.areas:
        c.held = False
    d = Requirement("10d", dict(REQUIREMENTS)["10d"])
    with_target = [m for m in w.measures if m["target"] is not None]
    with_traj = [m for m in w.measures if m["trajectory"]]
    d.evidence.append(f"Dashboard: {len(w.measures)} measures, {len(with_target)} with a "
                      f"target, {len(with_traj)} with a trajectory")
    contributing = {o.strip() for a in w.plan for o in (a.get("organisations") or "").split(",")
                    if o.strip()}
    d.evidence.append(f"{_plural(len(contributing), 'organisation')} contributing to actions")
    for m in w.measures:
        if m["target"] is None:
            d.gaps.append(Gap(f"{m['code']} has no target.", "measure", m["id"]))
        elif not m["trajectory"]:
            d.gaps.append(Gap(f"{m['code']} has no trajectory to show slippage against.",
                              "measure", m["id"]))
    if not w.measures:
        d.held = False
    return [a, b, c, d]


def _r12d(w: _World) -> Requirement:
    req = Requirement("12d", dict(REQUIREMENTS)["12d"])
    if not w.held:
        req.held = False
        req.gaps.append(Gap("No meeting has been held yet.", "meeting", None))
        return req
    numbers = [m["number"] for m in w.minutes if m["meeting_id"] in {x["id"] for x in w.held}]
    approved = [m for m in w.held if m["status"] == "minutes approved"]
    req.evidence.append(f"Minutes of {len([m for m in w.held if w.minutes_by_meeting.get(m['id'])])}"
                        f" of {len(w.held)} meetings held ({_minutes_text(numbers)}); "
                        f"{len(approved)} approved")
    for m in w.held:
        if not w.minutes_by_meeting.get(m["id"]):
            req.gaps.append(Gap(f"{w.meeting_label(m)} has no minutes recorded.", "meeting",
                                m["id"]))
    req.gaps += w.check_gaps("12d")
    return req


def _r13(w: _World, readiness: Readiness) -> Requirement:
    req = Requirement("13", dict(REQUIREMENTS)["13"])
    if not w.plan:
        req.held = False
        req.gaps.append(Gap("The plan has no actions yet.", "action", None))
        return req
    req.evidence += [line.rstrip(".") for line in readiness.lines()[1:3]]
    req.gaps += w.check_gaps("13")
    for m in w.measures:
        if m["target_date"] and from_iso(m["target_date"]) < w.today and \
                m["code"] in readiness.measures_not_yet:
            req.gaps.append(Gap(f"{m['code']} was due to reach its target by "
                                f"{long_date(m['target_date'])} and has not.", "measure",
                                m["id"]))
    return req


# ---------------------------------------------------------------- the rest

def _revisions(w: _World) -> list[RevisionRow]:
    actions = {a["id"]: a for a in w.board.rows("action", include_archived=True)}
    minutes = {m["id"]: m for m in w.minutes}
    out = []
    for r in w.board.rows("action_revision"):
        a = actions.get(r["action_id"])
        if a is None or a["archived"]:
            continue
        original = a["due_date"]
        agreed = minutes.get(r.get("agreed_minute_id"))
        days = (from_iso(r["new_due"]) - from_iso(original)).days if original else None
        out.append(RevisionRow(
            ref=a["ref"], title=a["title"], original_due=original or "",
            revised_on=r["revised_on"], previous_due=r["previous_due"] or "",
            new_due=r["new_due"], reason=" ".join((r["reason"] or "").split()),
            agreed=f"Minute {agreed['number']}" if agreed else "not agreed by the board",
            days_slipped=days, action_id=a["id"], revision_id=r["id"]))
    return sorted(out, key=lambda r: (natural_key(r.ref), r.revised_on, r.revision_id))


def _partners(w: _World) -> list[PartnerRow]:
    members_by_org = defaultdict(list)
    for p in w.people.values():
        if not p["archived"] and p["organisation_id"]:
            members_by_org[p["organisation_id"]].append(p)
    nxt = w.cycle.next_meeting
    steps = {s["step"]: s for s in w.board.rows("cycle_step", parent_id=nxt["id"])} if nxt else {}
    requested = steps.get("request_updates", {}).get("done_date")
    due = steps.get("updates_due", {}).get("due_date")
    recent = [m for m in w.held if m["kind"] != "stocktake review"][-6:]
    invites = {m["id"]: w.board.rows("invitee", parent_id=m["id"]) for m in recent}
    out = []
    for org in w.orgs:
        members = members_by_org.get(org["id"], [])
        ids = {p["id"] for p in members}
        owned = [a for a in w.plan if a["owner_id"] in ids]
        open_ = [a for a in owned if a["status"] in rules.OPEN_STATUSES]
        missing = [a for a in open_ if a["no_update_this_cycle"]]
        late = [a for a in open_ if not a["no_update_this_cycle"] and due and
                a["latest_update_date"] and a["latest_update_date"] > from_iso(due)]
        attended = 0
        for m in recent:
            if any(i["person_id"] in ids and i["attendance"] in ("present", "substitute",
                                                                 "in attendance")
                   for i in invites[m["id"]]):
                attended += 1
        leaders = [p for p in members if _LEADERS.search(p.get("title") or "")]
        leader_words = []
        for p in leaders:
            there = sum(1 for m in recent if any(i["person_id"] == p["id"] and i["attendance"]
                                                 in ("present", "in attendance")
                                                 for i in invites[m["id"]]))
            subbed = sum(1 for m in recent if any(i["substitute_for_id"] == p["id"]
                                                  for i in invites[m["id"]]))
            leader_words.append(f"{p['name']}: {there} attended, {subbed} by substitute")
        words = {org["name"].lower(), (org["short_name"] or "").lower()} - {""}
        impact = [e for e in w.impacts if any(word in (e.get("organisations") or "").lower()
                                              for word in words)]
        out.append(PartnerRow(
            organisation=org["name"], short_name=org["short_name"] or "",
            actions_open=len(open_), actions_overdue=sum(1 for a in open_ if a["overdue"]),
            actions_slipped=sum(1 for a in owned if a["slipped"]),
            updates_missing=len(missing),
            returns_requested=len(open_) if requested else 0,
            returns_late=len(late), returns_missing=len(missing) if requested else 0,
            members=len(members),
            attendance=f"{attended} of {len(recent)} meetings" if recent else "no meetings yet",
            leaders="; ".join(leader_words) or "none named", impact_entries=len(impact)))
    return out


def _readiness(w: _World) -> Readiness:
    target = w.target
    delivered = [a for a in w.plan if a["status"] in ("complete", "closed")]
    dated = [a for a in w.plan if a["effective_due"]]
    by_target = [a for a in dated if target and a["effective_due"] <= target]
    after = [a for a in dated if target and a["effective_due"] > target]
    no_date = [a for a in w.plan if not a["effective_due"]]
    open_after = [a for a in w.open_plan if target and (not a["effective_due"] or
                                                         a["effective_due"] > target
                                                         or w.today > target)]
    met, behind, none = [], [], []
    for m in w.measures:
        if m["target"] is None:
            none.append(m["code"])
            continue
        value = m["latest_value"]
        if value is not None and ((m["higher_is_better"] and value >= m["target"]) or
                                  (not m["higher_is_better"] and value <= m["target"])):
            met.append(m["code"])
        else:
            behind.append(m["code"])
    return Readiness(target, len(w.plan), len(delivered), len(by_target),
                     tuple(a["ref"] for a in after), tuple(a["ref"] for a in no_date),
                     tuple(a["ref"] for a in open_after), len(w.measures), tuple(met),
                     tuple(behind), tuple(none))


def build_evidence(board: Board, today: dt.date) -> Evidence:
    """Return the evidence the board holds against each requirement of the notice."""
    w = _World(board, today)
    revisions = _revisions(w)
    w.revisions_unagreed = [r for r in revisions if r.agreed == "not agreed by the board"]
    readiness = _readiness(w)
    requirements = [*_area_rows(w), _r4(w), _r5a(w), _r5b(w), _r5c(w), _r5d(w), _r5e(w),
                    _r6(w), _r7(w), _r8(w), *_r10(w), _r12d(w), _r13(w, readiness)]
    for r in requirements:  # a gap named twice (by check and by the row) is said once
        seen: set[str] = set()
        unique = []
        for g in r.gaps:
            if g.text not in seen:
                seen.add(g.text)
                unique.append(g)
        r.gaps = unique
    return Evidence(board.name, today, requirements, _partners(w), revisions, readiness)

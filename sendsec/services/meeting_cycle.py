"""Working a meeting cycle: taking the meeting, minuting it, approving the minutes,
proposing action and impact log entries, and the attendance record.

Notice 5e: the board keeps an action and impact log, updated at each meeting,
highlighting objectives slow to progress and where contributions need to be
strengthened. Every function here writes through `Board` services (one
transaction each) and returns the services' `Change`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sendsec.domain import dates, rules
from sendsec.domain.dates import from_iso, long_date
from sendsec.domain.entities import HELD_STATUSES
from sendsec.domain.errors import SendsecError, ValidationError
from sendsec.services import registers
from sendsec.services.board import Board, Change
from sendsec.storage import queries

MEMBER_ROLES = ("independent chair", "member", "elected member",
                "parent carer forum representative")
_RESOLVED = re.compile(r"^\s*(resolved\s*:?\s*)?(that\s*:?\s*)?", re.IGNORECASE)


def next_minute_number(board: Board) -> int:
    """Return the next minute number: numbers run on across meetings and are never reused."""
    return rules.next_minute_number(queries.minute_numbers(board.db))


def ensure_minutes(board: Board, meeting_id: int) -> Change:
    """Give every agenda item of the meeting a minute, numbered in agenda order.

    Items already minuted keep their numbers; new minutes continue from the
    highest number used by any meeting.
    """
    meeting = board.get("meeting", meeting_id)
    with board.batch("minute") as batch:
        minuted = {m["agenda_item_id"] for m in board.rows("minute", parent_id=meeting_id)}
        created = []
        number = next_minute_number(board)
        for item in board.rows("agenda_item", parent_id=meeting_id):
            if item["id"] in minuted:
                continue
            change = board.create("minute", {"meeting_id": meeting_id,
                                             "agenda_item_id": item["id"], "number": number,
                                             "heading": item["title"]})
            created.append(change.id)
            number += 1
        return batch.change(_numbered(board.label("meeting", meeting["id"]), number - len(created),
                                      len(created)), "minute", created or [0])


def _numbered(meeting: str, first: int, count: int) -> str:
    """Say which minute numbers were given ('Minute numbers 12 to 21 given to ...'): not
    "Numbered 10 minutes", which reads as a length of time."""
    if count == 0:
        return f"No agenda item of {meeting} was waiting for a minute number"
    if count == 1:
        return f"Minute number {first} given to an agenda item of {meeting}"
    return f"Minute numbers {first} to {first + count - 1} given to {count} agenda items of " \
        f"{meeting}"


def minute_for_item(board: Board, agenda_item_id: int) -> dict[str, Any]:
    """Return the minute of an agenda item, numbering the meeting's minutes if it has none.

    The first minute written for a meeting numbers all its items in agenda order
    (`ensure_minutes`), so the numbers do not depend on which item was written first.
    """
    item = board.get("agenda_item", agenda_item_id)
    existing = board.find("minute", agenda_item_id=agenda_item_id, archived=0)
    if existing:
        return existing
    with board.batch("minute"):
        ensure_minutes(board, item["meeting_id"])
        made = board.find("minute", agenda_item_id=agenda_item_id, archived=0)
        assert made is not None  # ensure_minutes numbers every item
        return made


def edit_minute(board: Board, agenda_item_id: int, edit: Callable[[int], Change]) -> Change:
    """Run `edit(minute_id)` on the minute of an agenda item, numbering the minutes first if
    this is the meeting's first minute; return one Change (one undo step) for both."""
    with board.batch("minute"):
        return edit(minute_for_item(board, agenda_item_id)["id"])


def write_discussion(board: Board, agenda_item_id: int, text: str) -> Change:
    """Set the discussion minuted for an agenda item."""
    return edit_minute(board, agenda_item_id,
                       lambda mid: board.update("minute", mid, {"discussion": text}))


def mark_held(board: Board, meeting_id: int, today: dt.date | None = None) -> Change:
    """Record that a meeting was held; refused before the meeting's date, with the reason."""
    meeting = board.get("meeting", meeting_id)
    day = today or dates.today()
    if meeting["status"] in HELD_STATUSES:
        raise SendsecError(f"{board.label('meeting', meeting_id)} is already recorded as held.")
    if meeting["status"] == "cancelled":
        raise SendsecError(f"{board.label('meeting', meeting_id)} was cancelled, so it cannot "
                           "be marked as held.")
    if from_iso(meeting["meeting_date"]) > day:
        raise SendsecError(f"{board.label('meeting', meeting_id)} is still to come: it can "
                           "be marked as held on that day or after, not before.")
    return board.update("meeting", meeting_id, {"status": "held"})


#: How a recorded attendance reads after a name: 'Marked Jane Smith present'.
ATTENDANCE_WORDS = {"invited": "as not recorded", "present": "present",
                    "apologies": "as sending apologies", "substitute": "as a substitute",
                    "in attendance": "in attendance", "absent": "absent"}


def attendance_summary(board: Board, person_id: int, attendance: str,
                       substitute_for_id: int | None = None) -> str:
    """Return e.g. 'Marked Jane Smith present' or 'Marked Sam Lee as a substitute for
    Jane Smith'."""
    name = board.get("person", person_id)["name"]
    words = ATTENDANCE_WORDS.get(attendance, attendance)
    if attendance == "substitute" and substitute_for_id is not None:
        words += f" for {board.get('person', substitute_for_id)['name']}"
    return f"Marked {name} {words}"


def record_attendance(board: Board, meeting_id: int, person_id: int, attendance: str,
                      substitute_for_id: int | None = None) -> Change:
    """Set a person's attendance at a meeting, inviting them first if they were not invited;
    the Change names the person ('Marked Jane Smith present')."""
    with board.batch("invitee") as batch:
        inv = board.find("invitee", meeting_id=meeting_id, person_id=person_id)
        values: dict[str, Any] = {"attendance": attendance,
                                  "substitute_for_id": substitute_for_id}
        if attendance != "substitute":
            values["substitute_for_id"] = None
        elif substitute_for_id is None:
            raise ValidationError({"substitute_for_id": "Substitute for: say whom this person "
                                   "substitutes for"}, "invitee")
        if inv is None:
            invitee_id = board.create("invitee", {"meeting_id": meeting_id,
                                                  "person_id": person_id, **values}).id
        else:
            invitee_id = inv["id"]
            if inv["archived"]:
                board.archive("invitee", invitee_id, archived=False)
            board.update("invitee", invitee_id, values)
        substitute = substitute_for_id if attendance == "substitute" else None
        return batch.change(attendance_summary(board, person_id, attendance, substitute),
                            "invitee", [invitee_id])


def everyone_else_present(board: Board, meeting_id: int) -> Change:
    """Mark present every invitee whose attendance is not recorded yet; one Change naming
    them ('Marked 5 people present: ...')."""
    with board.batch("invitee") as batch:
        marked = [inv for inv in board.rows("invitee", parent_id=meeting_id)
                  if inv["attendance"] == "invited"]
        for inv in marked:
            board.update("invitee", inv["id"], {"attendance": "present"})
        names = [board.get("person", inv["person_id"])["name"] for inv in marked]
        summary = (f"Marked {len(names)} {'person' if len(names) == 1 else 'people'} present: "
                   + ", ".join(names)) if names else "Everyone's attendance was already recorded"
        return batch.change(summary, "invitee", [inv["id"] for inv in marked] or [0])


def declare_interest(board: Board, meeting_id: int, person_id: int, interest: str,
                     agenda_item_id: int | None = None) -> Change:
    """Record a declaration of interest made at a meeting."""
    return board.create("declaration", {"meeting_id": meeting_id, "person_id": person_id,
                                        "interest": interest, "agenda_item_id": agenda_item_id})


def resolution_text(text: str) -> str:
    """Return the resolution without a leading 'RESOLVED:' or 'that', which papers add."""
    return _RESOLVED.sub("", text or "", count=1).strip()


def add_resolution(board: Board, minute_id: int, text: str) -> Change:
    """Add a resolution ('RESOLVED: that ...') to a minute, after the existing ones."""
    cleaned = resolution_text(text)
    if not cleaned:
        raise ValidationError({"text": "RESOLVED: that ...: say what was resolved"},
                              "resolution")
    position = len(board.rows("resolution", parent_id=minute_id)) + 1
    return board.create("resolution", {"minute_id": minute_id, "text": cleaned,
                                       "position": position})


def next_board_action_ref(board: Board) -> str:
    """Return the next free reference for a board action: BA1, BA2, ..."""
    used = [int(m[1]) for r in queries.action_refs(board.db)
            if (m := re.fullmatch(r"BA(\d+)", r))]
    return f"BA{max(used, default=0) + 1}"


def add_action_arising(board: Board, minute_id: int, title: str, owner_id: int | None,
                       due_date: Any, ref: str | None = None) -> Change:
    """Record an action arising from a minute as a board action linked to it."""
    minute = board.get("minute", minute_id)
    meeting = board.get("meeting", minute["meeting_id"])
    values = {"ref": ref or next_board_action_ref(board), "kind": "board", "title": title,
              "owner_id": owner_id, "due_date": due_date, "status": "not started",
              "start_date": meeting["meeting_date"], "minute_id": minute_id,
              "target": f"Reported back to the board (minute {minute['number']})"}
    return board.create("action", values)


def agreeing_minutes(board: Board) -> list[tuple[int, str]]:
    """Return the minutes that can record a board decision (those of held meetings), latest
    first, as (id, 'Minute 124: Risk register (Meeting 4, 22 April 2026)')."""
    meetings = {m["id"]: m for m in board.rows("meeting") if m["status"] in HELD_STATUSES}
    minutes = [m for m in board.rows("minute") if m["meeting_id"] in meetings]
    minutes.sort(key=lambda m: (meetings[m["meeting_id"]]["meeting_date"], m["number"] or 0),
                 reverse=True)
    out = []
    for m in minutes:
        meeting = meetings[m["meeting_id"]]
        name = board.label("meeting", meeting["id"]).split(",")[0]
        heading = f": {m['heading']}" if m["heading"] else ""
        out.append((m["id"], f"Minute {m['number']}{heading} ({name}, "
                             f"{long_date(meeting['meeting_date'])})"))
    return out


def agree_revision(board: Board, revision_id: int, minute_id: int | None) -> Change:
    """Record the board decision (a minute of a held meeting) that agreed a revised due date,
    or None to say no decision agrees it (notice 5b: dates move only by the board)."""
    if minute_id is not None and minute_id not in dict(agreeing_minutes(board)):
        raise ValidationError({"agreed_minute_id": "Choose a minute of a meeting that has "
                                                   "been held"}, "action_revision")
    return board.update("action_revision", revision_id, {"agreed_minute_id": minute_id})


def approve_minutes(board: Board, meeting_id: int, at_meeting_id: int) -> Change:
    """Record that the minutes of `meeting_id` were agreed as a correct record at `at_meeting_id`.

    Adds the resolution to the approving meeting's 'minutes of the last meeting'
    item (creating its minute if needed) and marks the minutes approved, which
    removes the DRAFT marking from the minutes document.
    """
    meeting = board.get("meeting", meeting_id)
    at = board.get("meeting", at_meeting_id)
    if meeting_id == at_meeting_id:
        raise SendsecError("A meeting's minutes are approved at a later meeting, not at itself.")
    if at["meeting_date"] < meeting["meeting_date"]:
        raise SendsecError(f"{board.label('meeting', at_meeting_id)} is before "
                           f"{board.label('meeting', meeting_id)}; minutes are approved at a "
                           "later meeting.")
    if meeting["status"] not in HELD_STATUSES:
        raise SendsecError(f"{board.label('meeting', meeting_id)} has not been held, so it has "
                           "no minutes to approve.")
    if meeting["status"] == "minutes approved" and meeting["approved_at_meeting_id"]:
        raise SendsecError(f"The minutes of {board.label('meeting', meeting_id)} were already "
                           f"approved at {board.label('meeting', meeting['approved_at_meeting_id'])}.")
    items = board.rows("agenda_item", parent_id=at_meeting_id)
    item = next((i for i in items if i["standard"] == "minutes"), None)
    with board.batch("meeting") as batch:
        if item is None:
            item_id = board.create("agenda_item", {
                "meeting_id": at_meeting_id, "position": 3, "purpose": "decision",
                "title": "Minutes of the last meeting and matters arising"}).id
        else:
            item_id = item["id"]
        minute = minute_for_item(board, item_id)
        add_resolution(board, minute["id"],
                       f"the minutes of the meeting held on {long_date(meeting['meeting_date'])}"
                       " be agreed as a correct record and signed by the Chair.")
        board.update("meeting", meeting_id, {"status": "minutes approved"})
        board.set_links("meeting", meeting_id, approved_at_meeting_id=at_meeting_id)
        return batch.change(f"Minutes of {board.label('meeting', meeting_id)} approved at "
                            f"{board.label('meeting', at_meeting_id)}", "meeting", [meeting_id])


@dataclass(frozen=True)
class Quorum:
    """Whether enough members are present: `present` counts members and substitutes."""

    present: int
    required: int
    names: tuple[str, ...]

    @property
    def met(self) -> bool:
        return self.present >= self.required

    @property
    def message(self) -> str:
        if self.met:
            return f"Quorate: {self.present} members present (quorum {self.required})."
        return (f"Not quorate: {self.present} members present, the quorum is {self.required}. "
                "Decisions taken should be ratified at the next quorate meeting.")


def quorum(board: Board, meeting_id: int) -> Quorum:
    """Return the quorum state of a meeting from its recorded attendance."""
    required = board.settings()["quorum"] or 0
    people = {p["id"]: p for p in board.rows("person", include_archived=True)}
    names = []
    for inv in board.rows("invitee", parent_id=meeting_id):
        p = people.get(inv["person_id"])
        if p is None:
            continue
        if inv["attendance"] == "substitute" or (inv["attendance"] == "present"
                                                  and p["role"] in MEMBER_ROLES):
            names.append(p["name"])
    return Quorum(len(names), required, tuple(names))


def _organisation(person: dict[str, Any]) -> str:
    """Return the organisation a person's attendance counts for; someone with none (the
    independent chair, a parent) counts under their role ('Independent chair')."""
    role = person["role"] or "member"
    return person["organisation"] or role[:1].upper() + role[1:]


def attendance_record(board: Board, today: dt.date, months: int = 12) -> dict[str, Any]:
    """Return attendance over the last `months` months, cancelled meetings excluded.

    {'people': [{name, organisation, role, invited, present, apologies, absent,
    substitute_sent, rate}], 'organisations': [{organisation, invited, present, rate}]}.
    A substitute sent in someone's place counts for the organisation, not the person.
    """
    since = rules.add_months(today, -months)
    meetings = {m["id"]: m for m in board.rows("meeting")
                if m["status"] in HELD_STATUSES
                and since <= from_iso(m["meeting_date"]) <= today}
    people = {p["id"]: p for p in registers.people_rows(board, include_archived=True)}
    per_person: dict[int, dict[str, Any]] = {}
    per_org: dict[str, dict[str, int]] = defaultdict(lambda: {"invited": 0, "present": 0})
    for meeting_id in meetings:
        for inv in board.rows("invitee", parent_id=meeting_id):
            p = people.get(inv["person_id"])
            if p is None:
                continue
            row = per_person.setdefault(p["id"], {
                "name": p["name"], "organisation": p["organisation"], "role": p["role"],
                "invited": 0, "present": 0, "apologies": 0, "absent": 0, "substitute_sent": 0})
            state = inv["attendance"]
            if state == "substitute":
                sub_for = people.get(inv["substitute_for_id"])
                org = _organisation(sub_for or p)
                per_org[org]["present"] += 1
                if sub_for:
                    r = per_person.setdefault(sub_for["id"], {
                        "name": sub_for["name"], "organisation": sub_for["organisation"],
                        "role": sub_for["role"], "invited": 0, "present": 0, "apologies": 0,
                        "absent": 0, "substitute_sent": 0})
                    r["substitute_sent"] += 1
                continue
            row["invited"] += 1
            org = _organisation(p)
            per_org[org]["invited"] += 1
            if state in ("present", "in attendance"):
                row["present"] += 1
                per_org[org]["present"] += 1
            elif state == "apologies":
                row["apologies"] += 1
            elif state == "absent":
                row["absent"] += 1
    def rate(present: int, invited: int) -> float | None:
        return round(100 * present / invited) if invited else None
    people_out = sorted(({**r, "rate": rate(r["present"], r["invited"])}
                         for r in per_person.values() if r["invited"] or r["substitute_sent"]),
                        key=lambda r: (r["organisation"], r["name"]))
    orgs_out = sorted(({"organisation": org, **c,
                        "rate": rate(min(c["present"], c["invited"]), c["invited"])}
                       for org, c in per_org.items()), key=lambda r: str(r["organisation"]))
    return {"people": people_out, "organisations": orgs_out, "meetings": len(meetings),
            "since": since.isoformat()}


@dataclass(frozen=True)
class Proposal:
    """An action and impact log entry the app suggests; the secretary confirms, edits or dismisses it."""

    key: str
    kind: str
    title: str
    evidence: str
    area_id: int | None = None
    action_id: int | None = None
    organisations: str = ""
    reasons: tuple[str, ...] = field(default=())

    def values(self, meeting_id: int | None, today: dt.date) -> dict[str, Any]:
        return {"entry_date": today.isoformat(), "meeting_id": meeting_id, "kind": self.kind,
                "title": self.title, "evidence": self.evidence, "area_id": self.area_id,
                "action_id": self.action_id, "organisations": self.organisations or None,
                "source": "Proposed by sendsec from the action plan", "status": "confirmed"}


def propose_impact_entries(board: Board, today: dt.date) -> list[Proposal]:
    """Return proposed log entries for the coming meeting, skipping ones already logged this cycle.

    One 'slow progress' entry per action slow to progress; one 'contribution to
    strengthen' entry per organisation whose owners have open actions with no
    update this cycle or slipped more than once.
    """
    actions = registers.action_rows(board, today, history=False)
    c = registers.cycle(board, today)
    start = c.start.isoformat() if c.start else "0000-00-00"
    logged = board.rows("impact_entry")  # an undone (archived) entry no longer counts
    done_actions = {e["action_id"] for e in logged
                    if e["kind"] == "slow progress" and e["entry_date"] >= start}
    done_orgs = {(e["organisations"] or "") for e in logged
                 if e["kind"] == "contribution to strengthen" and e["entry_date"] >= start}
    revisions = queries.count_by(board.db, "action_revisions", "action_id")
    out: list[Proposal] = []
    for a in actions:
        if a["slow"] and a["id"] not in done_actions:
            out.append(Proposal(
                key=f"slow:{a['ref']}", kind="slow progress",
                title=f"{a['ref']} is slow to progress: {a['title']}",
                evidence="; ".join(a["slow_reasons"])
                + (f". Owner: {a['owner_name']}" if a["owner_name"] else ". No accountable owner"),
                area_id=a["area_id"], action_id=a["id"],
                organisations=a["owner_organisation"], reasons=tuple(a["slow_reasons"])))
    by_org: dict[str, list[str]] = defaultdict(list)
    for a in actions:
        org = a["owner_organisation"]
        if not org or a["status"] not in rules.OPEN_STATUSES:
            continue
        if a["no_update_this_cycle"]:
            by_org[org].append(f"{a['ref']}: no update this cycle")
        if revisions.get(a["id"], 0) >= 2:
            by_org[org].append(f"{a['ref']}: due date revised {revisions[a['id']]} times")
    for org, reasons in sorted(by_org.items()):
        if org in done_orgs:
            continue
        out.append(Proposal(
            key=f"org:{org}", kind="contribution to strengthen",
            title=f"Contributions from {org} need to be strengthened",
            evidence="; ".join(reasons), organisations=org, reasons=tuple(reasons)))
    return out


def confirm_proposal(board: Board, proposal: Proposal, meeting_id: int | None, today: dt.date,
                     edits: dict[str, Any] | None = None) -> Change:
    """Record a proposal in the action and impact log, with the secretary's edits."""
    return board.create("impact_entry", {**proposal.values(meeting_id, today), **(edits or {})})


def dismiss_proposal(board: Board, proposal: Proposal, meeting_id: int | None,
                     today: dt.date) -> Change:
    """Record that a proposal was dismissed, so it is not proposed again this cycle."""
    return board.create("impact_entry", {**proposal.values(meeting_id, today),
                                         "status": "dismissed"})


def previous_unapproved(board: Board, meeting_id: int) -> dict[str, Any] | None:
    """Return the oldest earlier held meeting whose minutes `meeting_id` is asked to agree
    (`rules.minutes_to_approve`), None when there are none: approving it and asking again
    works through every set still waiting."""
    waiting = rules.minutes_to_approve(board.get("meeting", meeting_id), board.rows("meeting"))
    return dict(waiting[0]) if waiting else None

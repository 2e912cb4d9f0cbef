"""What each paper says, as plain data (`Paper` blocks), before any Word is written.

`gather` reads everything a meeting's papers need from the board once; the
builders (`agenda`, `invitation`, `cancellation`, `board_pack`,
`minutes_template`) turn it into blocks. Nothing here touches python-docx.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sendsec import charts, registers, rules
from sendsec.dates import clock, day_date, from_iso, long_date, short_date
from sendsec.entities import ENTITIES, HELD_STATUSES, STATUTORY_ROLES
from sendsec.errors import SendsecError
from sendsec.papers import challenges_section, highlights
from sendsec.papers import part_b as part_b_text
from sendsec.papers.model import (
    Bullets,
    Figure,
    Heading,
    PageBreak,
    Paper,
    Para,
    SignatureLines,
    Table,
    Toc,
    labelled,
    para,
)
from sendsec.services import Board

NOTICE_PARAGRAPH_6 = (
    "the Improvement Notice (paragraph 6) requires invitations to every meeting of the "
    "improvement board to be sent to the DfE adviser, the NHS England adviser and the "
    "Department's case lead"
)
EXCLUSION_WORDING = (
    "The Chair will ask the board to agree that observers and anyone who is not a member of the "
    "board, or an officer or adviser needed for the item, leave the meeting for the following "
    "item(s), on the grounds that they are likely to involve the disclosure of confidential or "
    "exempt information (information of the descriptions in Part 1 of Schedule 12A to the Local "
    "Government Act 1972, such as information about individual children, families or staff). "
    "Papers for these items are not for publication."
)
#: Longest old/new value shown in "what changed" (the records themselves keep every word).
CHANGE_VALUE_LIMIT = 160
#: Most changed records listed per kind of record in "what changed".
CHANGE_ROWS_LIMIT = 80
_NATURAL = re.compile(r"(\d+)")


def natural_key(text: str | None) -> tuple:
    """Return a sort key that puts 'PA2.10' after 'PA2.9'."""
    return tuple(int(p) if p.isdigit() else p.lower() for p in _NATURAL.split(text or ""))


def table_date(d: dt.date | str | None) -> str:
    """Return a compact date for table cells: '16 Dec 2026' ('' for None)."""
    if isinstance(d, str):
        d = from_iso(d)
    return f"{d.day} {d:%b %Y}" if d else ""


def _add_minutes(hhmm: str, minutes: int) -> str:
    hour, minute = (int(x) for x in hhmm.split(":"))
    total = hour * 60 + minute + minutes
    return f"{(total // 60) % 24:02d}:{total % 60:02d}"


def _minutes_between(a: str, b: str) -> int:
    ha, ma = (int(x) for x in a.split(":"))
    hb, mb = (int(x) for x in b.split(":"))
    return (hb * 60 + mb) - (ha * 60 + ma)


@dataclass
class Person:
    """Someone the papers name: their name, job title, organisation, contact and board role."""

    id: int
    name: str
    title: str
    organisation: str
    email: str
    phone: str
    role: str

    @property
    def statutory(self) -> bool:
        return self.role in STATUTORY_ROLES

    def described(self) -> str:
        """Return 'Name, Job title, Organisation' (parts that exist; the organisation is
        left out when the job title already ends with it)."""
        organisation = "" if names_organisation(self.title, self.organisation) \
            else self.organisation
        return ", ".join(p for p in (self.name, self.title, organisation) if p)


def names_organisation(title: str | None, organisation: str | None) -> bool:
    """Return True if the job title already ends with the organisation's name
    ('SEND Adviser, NHS England' for NHS England), so it is not written twice."""
    if not title or not organisation:
        return False
    title, organisation = title.strip().casefold(), organisation.strip().casefold()
    return title == organisation or title.rsplit(",", 1)[-1].strip() == organisation


@dataclass
class Item:
    """An agenda item in running order with its number, start time and minute number."""

    number: int
    start: str
    record: dict[str, Any]
    minute_number: int

    @property
    def title(self) -> str:
        return self.record["title"]

    @property
    def confidential(self) -> bool:
        return bool(self.record["confidential"])


@dataclass
class Invitee:
    person: Person
    attendance: str
    substitute_for: str


@dataclass
class MeetingData:
    """Everything a meeting's papers say, read from the board once."""

    today: dt.date
    settings: dict[str, Any]
    meeting: dict[str, Any]
    label: str
    items: list[Item]
    end: str
    invitees: list[Invitee]
    secretary: Person | None
    chair: Person | None
    steps: dict[str, dt.date]
    previous: dict[str, Any] | None
    following: list[dict[str, Any]]
    stocktakes: list[dict[str, Any]]
    areas: list[dict[str, Any]]
    actions: list[dict[str, Any]] = field(default_factory=list)
    risks: list[dict[str, Any]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    impacts: list[dict[str, Any]] = field(default_factory=list)
    previous_minutes: list[tuple[dict, list[dict]]] = field(default_factory=list)
    previous_attendance: list[Invitee] = field(default_factory=list)
    declarations: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    change_labels: dict[tuple[str, int], str] = field(default_factory=dict)
    challenges: list[dict[str, Any]] = field(default_factory=list)
    people_names: dict[int, str] = field(default_factory=dict)
    unagreed_revisions: dict[int, str] = field(default_factory=dict)
    bands: tuple[tuple[int, str], ...] = rules.DEFAULT_BANDS
    cycle_start: dt.date | None = None

    # ------------------------------------------------------------ derived facts

    @property
    def board_name(self) -> str:
        return self.settings["name"]

    @property
    def date(self) -> dt.date:
        return from_iso(self.meeting["meeting_date"])

    @property
    def cancelled(self) -> bool:
        return self.meeting["status"] == "cancelled"

    @property
    def number_text(self) -> str:
        m = self.meeting
        if m["kind"] == "stocktake review":
            return "stocktake review"
        kind = "extraordinary meeting" if m["kind"] == "extraordinary" else "meeting"
        return f"{kind} {m['number']}" if m.get("number") else kind

    @property
    def time_text(self) -> str:
        return f"{clock(self.meeting['start_time'])} to {clock(self.end)}"

    @property
    def author(self) -> str:
        return self.secretary.name if self.secretary else self.board_name

    def missing_statutory(self) -> list[str]:
        """Return the statutory roles (notice 6) nobody invited to this meeting holds."""
        roles = {i.person.role for i in self.invitees}
        return [r for r in STATUTORY_ROLES if r not in roles]

    def papers_sent(self) -> dt.date | None:
        return self.steps.get("papers_dispatched")

    def reply_by(self, calendar: rules.WorkingCalendar) -> dt.date:
        """Return the date invitees are asked to reply by: the papers deadline, or (when that
        has passed) two working days from today, never later than the day before the meeting."""
        deadline = self.steps.get("papers_deadline")
        soonest = calendar.add_working_days(self.today, 2)
        chosen = deadline if deadline and deadline >= soonest else soonest
        latest = calendar.add_working_days(self.date, -1)
        return min(chosen, latest) if latest >= self.today else self.today

    def part(self, confidential: bool) -> list[Item]:
        return [i for i in self.items if i.confidential == confidential]

    def plan_actions(self) -> list[dict[str, Any]]:
        return [a for a in self.actions if a["kind"] == "plan"]

    def board_actions(self) -> list[dict[str, Any]]:
        return [a for a in self.actions if a["kind"] == "board"]


# ---------------------------------------------------------------------------- reading


def _people(board: Board) -> dict[int, Person]:
    out = {}
    for p in registers.people_rows(board, include_archived=True):
        out[p["id"]] = Person(p["id"], p["name"], p["title"] or "", p["organisation"] or "",
                              p["email"] or "", p["phone"] or "", p["role"])
    return out


def _invitees(board: Board, meeting_id: int, people: dict[int, Person]) -> list[Invitee]:
    out = []
    for row in board.rows("invitee", parent_id=meeting_id):
        person = people.get(row["person_id"])
        if person is None:
            continue
        sub = people.get(row["substitute_for_id"]) if row["substitute_for_id"] else None
        out.append(Invitee(person, row["attendance"], sub.name if sub else ""))
    order = {r: i for i, r in enumerate(STATUTORY_ROLES)}
    out.sort(key=lambda i: (0 if i.person.statutory else 1 if i.person.role ==
                            "independent chair" else 2, order.get(i.person.role, 0),
                            i.person.name.lower()))
    return out


def _all_minute_numbers(board: Board) -> list[int]:
    return [m["number"] for m in board.rows("minute", include_archived=True)]


def gather(board: Board, meeting_id: int, today: dt.date) -> MeetingData:
    """Return everything the papers for `meeting_id` say, as of `today`."""
    meeting = board.get("meeting", meeting_id)
    settings = board.settings()
    people = _people(board)
    records = board.rows("agenda_item", parent_id=meeting_id)
    ordered = [r for r in records if not r["confidential"]] + [r for r in records
                                                                if r["confidential"]]
    first_minute = rules.next_minute_number(_all_minute_numbers(board))
    existing = {m["agenda_item_id"]: m["number"]
                for m in board.rows("minute", parent_id=meeting_id)}
    items, start = [], meeting["start_time"] or "10:00"
    next_number = first_minute
    for number, record in enumerate(ordered, 1):
        if record["id"] in existing:
            minute = existing[record["id"]]
        else:
            minute, next_number = next_number, next_number + 1
        items.append(Item(number, start, record, minute))
        start = _add_minutes(start, record["duration"] or 0)
    end = meeting["end_time"] or start
    steps = {s["step"]: from_iso(s["done_date"]) if s["step"] == "papers_dispatched" and
             s["done_date"] else from_iso(s["due_date"])
             for s in board.rows("cycle_step", parent_id=meeting_id)}

    meetings = board.rows("meeting")
    this_key = (meeting["meeting_date"], meeting["start_time"] or "", meeting["id"])
    earlier = [m for m in meetings if (m["meeting_date"], m["start_time"] or "", m["id"])
               < this_key and m["status"] in HELD_STATUSES]
    previous = earlier[-1] if earlier else None
    following = [m for m in meetings if (m["meeting_date"], m["start_time"] or "", m["id"])
                 > this_key and m["status"] != "cancelled"]
    stocktakes = [m for m in meetings if m["kind"] == "stocktake review"
                  and m["status"] != "cancelled"]

    secretary = people.get(settings.get("secretary_id"))
    chair = people.get(settings.get("chair_id"))
    live_ids = {r["id"] for r in board.rows("person")}
    current = [p for p in people.values() if p.id in live_ids]
    if chair is None:  # someone who has left (archived) is not the chair nor the contact
        chair = next((p for p in current if p.role == "independent chair"), None)
    if secretary is None:
        secretary = next((p for p in current if p.role == "secretary"), None)

    data = MeetingData(
        today=today, settings=settings, meeting=meeting, label=board.label("meeting", meeting_id),
        items=items, end=end,
        # a meeting still to be held invites only people still on the board; the record of
        # one held keeps everyone who was there
        invitees=_invitees(board, meeting_id, people if meeting["status"] in HELD_STATUSES
                           else {i: p for i, p in people.items() if i in live_ids}),
        secretary=secretary, chair=chair, steps=steps, previous=previous,
        following=following, stocktakes=stocktakes,
        areas=board.rows("area"), bands=board.bands(),
    )
    data.cycle_start = (from_iso(previous["meeting_date"]) + dt.timedelta(days=1)
                        if previous else None)
    area_order = {a["id"]: i for i, a in enumerate(data.areas)}
    data.actions = sorted(registers.action_rows(board, today),
                          key=lambda a: (area_order.get(a["area_id"], 10**6),
                                         natural_key(a["ref"])))
    data.risks = sorted(registers.risk_rows(board, today), key=lambda r: natural_key(r["ref"]))
    data.measures = sorted(registers.measure_rows(board, today),
                           key=lambda m: natural_key(m["code"]))
    data.impacts = registers.impact_rows(board)
    data.challenges = board.rows("challenge")
    for r in board.rows("action_revision"):
        if not r.get("agreed_minute_id"):
            data.unagreed_revisions[r["action_id"]] = (
                f"{long_date(r['previous_due']) if r['previous_due'] else 'no date'} to "
                f"{long_date(r['new_due'])}, revised on {long_date(r['revised_on'])}")
    data.people_names = {pid: p.name for pid, p in people.items()}
    if previous:
        for minute in board.rows("minute", parent_id=previous["id"]):
            data.previous_minutes.append(
                (minute, board.rows("resolution", parent_id=minute["id"])))
        data.previous_attendance = _invitees(board, previous["id"], people)
        data.changes = board.change_log(since=previous["meeting_date"])
        data.change_labels = _change_labels(board, data.changes)
    for d in board.rows("declaration", parent_id=meeting_id):
        who = people.get(d["person_id"])
        data.declarations.append(f"{who.name if who else 'Unknown'}: {d['interest']}")
    return data


def _change_labels(board: Board, changes: list[dict]) -> dict[tuple[str, int], str]:
    """Return a readable label per changed record: a child record names its parent too.

    Reads each kind of record once (not once per change), so a long change log stays quick.
    """
    wanted: dict[str, set[int]] = defaultdict(set)
    for row in changes:
        if row["entity_id"] is not None and row["entity"] in ENTITIES:
            wanted[row["entity"]].add(row["entity_id"])
    known: dict[str, dict[int, str]] = {}

    def label(name: str, record_id: int | None) -> str:
        if record_id is None:
            return ""
        if name not in known:
            known[name] = board.labels(name)
        return known[name].get(record_id, f"#{record_id}")

    labels: dict[tuple[str, int], str] = {}
    for name, ids in wanted.items():
        e = ENTITIES[name]
        if e.name == "board":
            labels.update(((name, i), "Board settings") for i in ids)
            continue
        parents: dict[int, Any] = {}
        if e.parent:
            parents = {r["id"]: r[e.parent] for r in board.rows(name, include_archived=True)}
            parent_entity = e.field(e.parent).ref
        for record_id in ids:
            text = label(name, record_id)
            if record_id in parents:
                text = f"{label(parent_entity, parents[record_id])}: {text}"
            labels[(name, record_id)] = text
    return labels


# ---------------------------------------------------------------------------- checks


def check_statutory(data: MeetingData) -> None:
    """Raise SendsecError naming who is missing when a statutory invitee is not invited."""
    missing = data.missing_statutory()
    if not missing:
        return
    who = " or ".join(missing)
    raise SendsecError(
        f"{data.number_text[0].upper()}{data.number_text[1:]} on {long_date(data.date)} has no "
        f"{who} invited: {NOTICE_PARAGRAPH_6}. Add them to the meeting's invitees; no papers "
        "were written.")


def warnings_for(data: MeetingData) -> list[str]:
    """Return one line per thing the secretary should know before sending the papers."""
    out = []
    for inv in data.invitees:
        if not inv.person.email:
            out.append(f"{inv.person.name} ({inv.person.role}) has no email address: their "
                       "email draft has an empty To line.")
    planned_end = data.meeting["end_time"]
    if planned_end and data.items:
        last = data.items[-1]
        running_end = _add_minutes(last.start, last.record["duration"] or 0)
        over = _minutes_between(planned_end, running_end)
        if over > 0:
            out.append(f"The agenda runs to {clock(running_end)}, {over} minutes after the "
                       f"planned end at {clock(planned_end)}.")
    if data.secretary is None:
        out.append("No board secretary is set: the papers give no contact and the email "
                   "drafts have no From line.")
    return out


# ---------------------------------------------------------------------------- shared pieces


def _part_heading_needed(data: MeetingData) -> bool:
    return bool(data.part(True))


def agenda_table(items: list[Item], pages: Mapping[int, tuple[int, int]] | None = None
                 ) -> Table:
    """Return the agenda table: number, time, item (with description and, when the pack has
    been laid out, "(Pages x – y)" of the pack), purpose, presenter, paper."""
    rows = []
    for item in items:
        r = item.record
        text = r["title"]
        if r.get("description"):
            text += "\n" + r["description"]
        if pages and item.number in pages:
            first, last = pages[item.number]
            text += f"\n(Page {first})" if first == last else f"\n(Pages {first} – {last})"
        rows.append((str(item.number), clock(item.start), text,
                     (r["purpose"] or "").capitalize(), r["presenter"] or "",
                     r["paper_ref"] or ""))
    return Table(("No.", "Time", "Item", "Purpose", "Presenter", "Paper"), tuple(rows),
                 widths=(0.9, 1.6, 4.6, 1.8, 2.8, 1.2))


def _meeting_intro(data: MeetingData, verb: str = "will be held") -> list[Para]:
    m = data.meeting
    place = m.get("venue") or ("online" if m.get("joining_details") else "a venue to be "
                                                                           "confirmed")
    out = [para(f"{data.number_text[0].upper()}{data.number_text[1:]} of the "
                f"{data.board_name} {verb} at {place} on {day_date(data.date)} from "
                f"{data.time_text}.")]
    if m.get("title"):
        out.append(labelled("Subject", m["title"]))
    if m.get("joining_details"):
        out.append(labelled("Joining online", m["joining_details"]))
    return out


def _contact(data: MeetingData) -> list[Para]:
    s = data.secretary
    if s is None:
        return [para("No board secretary is recorded; contact the lead council's SEND "
                     "service.")]
    out = [labelled("Board secretary", s.described())]
    if s.email:
        out.append(labelled("Email", s.email))
    if s.phone:
        out.append(labelled("Phone", s.phone))
    return out


def _rag(rag: str | None) -> str:
    return rules.rag_label(rag)


def _due(a: dict) -> str:
    return table_date(a["effective_due"]) if a.get("effective_due") else "No date"


def _latest(a: dict) -> str:
    if not a.get("latest_update"):
        return "No update recorded"
    return f"{table_date(a['latest_update_date'])}: {a['latest_narrative']}"


def _owner(a: dict) -> str:
    if not a.get("owner_name"):
        return "No owner"
    return a["owner_name"] + (f" ({a['owner_organisation']})" if a.get("owner_organisation")
                              else "")


# ---------------------------------------------------------------------------- agenda


def item_pages(items: list[Item], sections: Mapping[str, tuple[int, int]]
               ) -> dict[int, tuple[int, int]]:
    """Return {agenda item number: (first, last) page of the pack} for each item whose title
    begins with, or is begun by, a pack section's title (its number dropped)."""
    out = {}
    for item in items:
        title = item.title.strip().lower()
        for heading, span in sections.items():
            words = re.sub(r"^\d+\.\s*", "", heading).strip().lower()
            if words and (title.startswith(words) or words.startswith(title)):
                out[item.number] = span
                break
    return out


def agenda(data: MeetingData, pages: Mapping[int, tuple[int, int]] | None = None) -> Paper:
    """Return the agenda: meeting details, items with times (and their pages in the pack,
    by item number, when known), Part B, invitees, contact."""
    paper = Paper("agenda", f"{data.board_name}: agenda, {long_date(data.date)}",
                  f"Agenda for {data.number_text} on {long_date(data.date)}", data.author,
                  header_text=f"{data.board_name} | Agenda | {long_date(data.date)}")
    paper.add(Heading(data.board_name, 0))
    paper.add(*_meeting_intro(data))
    if data.chair:
        paper.add(labelled("Chair", data.chair.described()))
    paper.add(Heading("Agenda", 1))
    part_a, part_b = data.part(False), data.part(True)
    if part_b:
        paper.add(Heading("Part A: items in open session", 2))
    paper.add(agenda_table(part_a, pages))
    if part_b:
        paper.add(Heading("Part B: confidential items", 2), para(EXCLUSION_WORDING),
                  agenda_table(part_b, pages))
    if data.secretary:
        paper.add(Para(((data.secretary.name, True),
                        (f"\nSecretary to the board\nPublished {long_date(data.today)}",
                         False))))
    else:
        paper.add(para(f"Published {long_date(data.today)}"))

    paper.add(Heading("Invited", 1))
    statutory = [i for i in data.invitees if i.person.statutory]
    paper.add(Heading("Required by the Improvement Notice (paragraph 6)", 2))
    if statutory:
        paper.add(Bullets(tuple(f"{i.person.role}: {i.person.described()}" for i in statutory)))
    paper.add(Heading("Members and others invited", 2))
    others = [i for i in data.invitees if not i.person.statutory]
    paper.add(Bullets(tuple(_with_role(i.person) for i in others)) if others
              else para("No other invitees are recorded."))
    paper.add(Heading("Information about this agenda", 1))
    paper.add(Heading("Apologies and substitutes", 2),
              para("Please send apologies, and the name of any substitute, to the board "
                   "secretary before the meeting."))
    paper.add(Heading("Declarations of interest", 2),
              para("Members are asked to declare any interest, and its nature, in any item on "
                   "the agenda at item 2, or at the start of the item if they arrive later."))
    paper.add(Heading("Access to the meeting and papers", 2),
              para("If you need the papers in another format (such as large print) or any "
                   "help to take part in the meeting, please contact the board secretary as "
                   "soon as you can."))
    paper.add(Heading("Queries about this agenda", 2), *_contact(data))
    return paper


def _with_role(person: Person) -> str:
    """Return 'Name, title, organisation (role)', leaving out a role the title already says."""
    text = person.described()
    if person.role == "member" or person.role.lower() in text.lower():
        return text
    return f"{text} ({person.role})"


# ---------------------------------------------------------------------------- invitations


def _agenda_brief(data: MeetingData) -> Bullets:
    return Bullets(tuple(
        f"{i.number}. {i.title} ({clock(i.start)})" + (" (Part B, confidential)"
                                                        if i.confidential else "")
        for i in data.items))


def _letter_head(data: MeetingData, person: Person) -> list:
    address = "\n".join(p for p in (person.name, person.title, person.organisation) if p)
    out: list = []
    if data.secretary and data.secretary.organisation:
        out.append(para(data.secretary.organisation, bold=True))
    out += [para(long_date(data.today)), para(address), para(f"Dear {person.name},")]
    return out


def _sign_off(data: MeetingData) -> list:
    s = data.secretary
    out: list = [para("Yours sincerely,")]
    if s:
        lines = [s.name, f"Secretary to the {data.board_name}"]
        lines += [x for x in (s.organisation, s.email, s.phone) if x]
        out.append(para("\n".join(lines)))
    else:
        out.append(para(f"Secretary to the {data.board_name}"))
    return out


_ROLE_PHRASES = {
    "independent chair": "the Independent Chair",
    "member": "a member of the board",
    "elected member": "an elected member",
    "officer in attendance": "an officer in attendance",
    "secretary": "the board secretary",
    "observer": "an observer",
}


def invitation(data: MeetingData, invitee: Invitee, calendar: rules.WorkingCalendar) -> Paper:
    """Return the invitation letter to one invitee, addressed by name and role."""
    person = invitee.person
    paper = Paper("invitation", f"Invitation to the {data.board_name}, {long_date(data.date)}",
                  f"Invitation to {person.name} for {data.number_text} on "
                  f"{long_date(data.date)}", data.author,
                  header_text=f"{data.board_name} | Invitation")
    paper.add(Heading(f"Invitation: {data.board_name}", 0))
    paper.add(*_letter_head(data, person))
    role_text = _ROLE_PHRASES.get(person.role, f"the {person.role}")
    paper.add(para(f"I am writing to invite you, as {role_text}, to {data.number_text} of the "
                   f"{data.board_name} on {day_date(data.date)} from {data.time_text}."))
    if person.statutory:
        paper.add(para(f"You are invited because {NOTICE_PARAGRAPH_6}."))
    paper.add(Heading("Meeting details", 1),
              labelled("Date", day_date(data.date)),
              labelled("Time", data.time_text),
              labelled("Venue", data.meeting.get("venue") or "Online only"))
    if data.meeting.get("title"):
        paper.add(labelled("Subject", data.meeting["title"]))
    if data.meeting.get("joining_details"):
        paper.add(labelled("Joining online", data.meeting["joining_details"]))
    if data.chair:
        paper.add(labelled("Chair", data.chair.described()))
    paper.add(Heading("Agenda in brief", 1), _agenda_brief(data))
    sent = data.papers_sent()
    reply = data.reply_by(calendar)
    paper.add(Heading("Papers and your reply", 1))
    if sent:
        verb = "were sent" if sent < data.today else "will be sent"
        paper.add(para(f"The papers for the meeting {verb} on {day_date(sent)}."))
    paper.add(para(f"Please reply by {day_date(reply)} to say whether you will attend. If you "
                   "cannot attend, please send your apologies and, if you wish, the name of a "
                   "substitute. A calendar file for the meeting is attached to the email."))
    paper.add(*_sign_off(data))
    return paper


def cancellation(data: MeetingData, invitee: Invitee) -> Paper:
    """Return the letter telling one invitee the meeting is cancelled."""
    person = invitee.person
    paper = Paper("cancellation", f"Meeting cancelled: {data.board_name}, "
                  f"{long_date(data.date)}", f"Cancellation of {data.number_text}",
                  data.author, header_text=f"{data.board_name} | Cancellation")
    paper.add(Heading(f"Meeting cancelled: {data.board_name}", 0))
    paper.add(*_letter_head(data, person))
    paper.add(para(f"{data.number_text[0].upper()}{data.number_text[1:]} of the "
                   f"{data.board_name}, planned for {day_date(data.date)} from "
                   f"{data.time_text}, has been cancelled. The updated calendar file attached "
                   "to the email removes it from your calendar."))
    paper.add(Heading("Next meeting", 1))
    nxt = next((m for m in data.following if m["meeting_date"] > data.meeting["meeting_date"]),
               None)
    paper.add(para(f"The next meeting is on {day_date(nxt['meeting_date'])} at "
                   f"{clock(nxt['start_time'])}." if nxt else
                   "The date of the next meeting will be confirmed."))
    paper.add(*_sign_off(data))
    return paper


# ---------------------------------------------------------------------------- minutes template


MEMBER_ROLES = ("independent chair", "member", "elected member",
                "parent carer forum representative")
OFFICER_ROLES = ("officer in attendance", "secretary")
ATTENDANCE_HEADINGS = ("Present", "Substitutes", "Also present", "Apologies", "Officers",
                       "Absent", "Not recorded")


def attendance_heading(role: str, attendance: str) -> str:
    """Return the heading of the attendance block an invitee is listed under: members
    present are 'Present'; advisers, observers and others attending are 'Also present';
    officers are 'Officers' (one of ATTENDANCE_HEADINGS)."""
    if attendance == "substitute":
        return "Substitutes"
    if attendance == "apologies":
        return "Apologies"
    if attendance == "absent":
        return "Absent"
    if attendance == "invited":
        return "Not recorded"
    if role in OFFICER_ROLES:
        return "Officers"
    if attendance == "present" and role in MEMBER_ROLES:
        return "Present"
    return "Also present"


def _attendance_groups(invitees: list[Invitee]) -> dict[str, list[str]]:
    groups: dict[str, list[tuple[tuple, str]]] = {k: [] for k in ATTENDANCE_HEADINGS}
    for i in invitees:
        key = (0 if i.person.role == "independent chair" else 1, i.person.name.casefold())
        groups[attendance_heading(i.person.role, i.attendance)].append(
            (key, i.person.described() + (f" (substitute for {i.substitute_for})"
                                          if i.substitute_for else "")))
    return {k: [t for _, t in sorted(v)] for k, v in groups.items()}


def minutes_template(data: MeetingData, part_b: bool = False) -> Paper:
    """Return the minutes template: header, attendance, one numbered minute per item, signature;
    the public items only (Part B items named by minute number), or with `part_b` the
    confidential items alone, marked not for publication (a document of its own)."""
    paper = Paper("minutes template", f"{data.board_name}: draft minutes, {long_date(data.date)}"
                  + (part_b_text.TITLE if part_b else ""),
                  f"Draft minutes of {data.number_text} on {long_date(data.date)}",
                  data.author, header_text=(part_b_text.HEADER if part_b else "")
                  + f"{data.board_name} | Minutes",
                  draft=True)
    paper.add(Heading(data.board_name + (part_b_text.TITLE if part_b else ""), 0))
    if part_b:
        paper.add(para(part_b_text.MARK, bold=True))
    paper.add(para("DRAFT: not yet approved by the board", bold=True))
    venue = data.meeting.get("venue") or "online"
    paper.add(para(f"Minutes of {data.number_text} of the {data.board_name} held at {venue} on "
                   f"{day_date(data.date)} at {clock(data.meeting['start_time'])}."))
    paper.add(Heading("Attendance", 1))
    expected = [i for i in data.invitees if i.attendance not in ("apologies", "absent")
                and i.person.role not in ("officer in attendance", "secretary", "observer")]
    paper.add(Heading("Expected", 2), Table(
        ("Name", "Role", "Organisation", "Attended (present, substitute or absent)"),
        tuple((i.person.name, i.person.role[:1].upper() + i.person.role[1:],
               i.person.organisation, "")
              for i in expected), widths=(2.4, 2.0, 2.4, 2.4)))
    apologies = _attendance_groups(data.invitees)["Apologies"]
    paper.add(Heading("Apologies received", 2),
              Bullets(tuple(apologies)) if apologies else para("None received so far."))
    officers = [i.person.described() for i in data.invitees
                if i.person.role in ("officer in attendance", "secretary", "observer")]
    paper.add(Heading("In attendance", 2),
              Bullets(tuple(officers)) if officers else para("[Officers and others present]"))

    previous_date = long_date(data.previous["meeting_date"]) if data.previous else None
    nxt = next((m for m in data.following), None)
    exempt = data.part(True)
    parts = ((("Part B: confidential minutes", exempt),) if part_b
             else (("Minutes", data.part(False)),))
    for part, items in parts:
        if not items:
            continue
        paper.add(Heading(part, 1))
        if part_b:
            paper.add(para(f"RESOLVED: {part_b_text.EXCLUSION}"))
        for item in items:
            paper.add(Heading(f"{item.minute_number}. {item.title}", 2))
            standard = item.record.get("standard")
            if standard == "welcome":
                text = ("The Chair welcomed everyone to the meeting. Apologies were received "
                        f"from {', '.join(apologies)}." if apologies else
                        "The Chair welcomed everyone to the meeting. [Apologies received.]")
                paper.add(para(text))
                continue
            if standard == "declarations":
                paper.add(para("; ".join(data.declarations) if data.declarations else
                               "There were no declarations of interest."))
                continue
            if standard == "minutes" and previous_date:
                paper.add(para(f"RESOLVED: that the minutes of the meeting held on "
                               f"{previous_date} be agreed as a correct record and signed "
                               "by the Chair."),
                          para("Matters arising: [none / as follows]"))
                continue
            if standard == "next meeting":
                paper.add(para(f"The next meeting will be held on {day_date(nxt['meeting_date'])}"
                               f" at {clock(nxt['start_time'])}"
                               + (f", {nxt['venue']}." if nxt.get("venue") else ".")
                               if nxt else "The date of the next meeting will be confirmed."))
                continue
            presenter = item.record.get("presenter")
            paper.add(para((f"{presenter} presented the item. " if presenter else "")
                           + "[Summary of the discussion]"),
                      para("RESOLVED: that ", bold=False))
            paper.add(Heading("Actions arising", 3),
                      Table(("Action", "Owner", "Due date"), (("", "", ""), ("", "", "")),
                            widths=(5, 2.5, 1.5)))
    if exempt and not part_b:
        paper.add(Heading("Exclusion of the press and public", 1),
                  para(f"RESOLVED: {part_b_text.EXCLUSION}"),
                  para(part_b_text.numbers_note([i.minute_number for i in exempt]),
                       italic=True))
    paper.add(para("The meeting closed at ____________"), SignatureLines())
    return paper


# ---------------------------------------------------------------------------- board pack


def _section(paper: Paper, number: int, title: str) -> None:
    paper.add(Heading(f"{number}. {title}", 1))


def _action_table(actions: list[dict], *, with_area: bool = False) -> Table:
    rows = []
    for a in actions:
        row = [a["ref"], a["title"], _owner(a), _due(a), _rag(a["rag"]), _latest(a)]
        if with_area:
            row.insert(1, a["area_code"])
        rows.append(tuple(row))
    headers = ["Ref", "Action", "Owner", "Due", "RAG", "Latest update"]
    widths = [1.3, 3.2, 2.0, 1.7, 1.4, 4.6]
    if with_area:
        headers.insert(1, "Area")
        widths.insert(1, 0.9)
    return Table(tuple(headers), tuple(rows), widths=tuple(widths),
                 rag_columns=(5 if with_area else 4,), bold_first_column=True)


def _none(text: str) -> Para:
    return para(text, italic=True)


def _pack_minutes(paper: Paper, data: MeetingData) -> None:
    prev = data.previous
    if prev is None:
        paper.add(_none("This is the board's first meeting: there are no earlier minutes."))
        return
    when = long_date(prev["meeting_date"])
    label = f"meeting {prev['number']}" if prev.get("number") else "the last meeting"
    status = {"minutes approved": "approved", "minutes drafted": "draft"}.get(prev["status"],
                                                                               "draft")
    if not data.previous_minutes:
        paper.add(_none(f"The minutes of {label}, held on {when}, have not been recorded in "
                        "the board's records yet; they will be circulated separately."))
        return
    paper.add(para(f"Minutes of {label}, held on {when} ({status}). The board is asked to "
                   "agree them as a correct record."))
    groups = _attendance_groups(data.previous_attendance)
    for title in ("Present", "Substitutes", "Also present", "Apologies", "Officers"):
        if groups[title]:
            paper.add(labelled(title, "; ".join(groups[title])))
    for minute, resolutions in data.previous_minutes:
        paper.add(Heading(f"{minute['number']}. {minute['heading']}", 2))
        if minute.get("discussion"):
            paper.add(para(minute["discussion"]))
        for res in resolutions:
            text = res["text"]
            paper.add(Para((("RESOLVED: ", True),
                            (text if text.lower().startswith("that") else f"that {text}",
                             False))))
    if prev.get("closed_at"):
        paper.add(para(f"The meeting closed at {clock(prev['closed_at'])}."))


def _change_text(row: dict, board_labels: dict) -> str:
    if row["field"] == "(created)":
        return "Added"
    if row["field"] == "archived":
        return "Archived" if row["new"] == "1" else "Restored"
    e = ENTITIES.get(row["entity"])
    try:
        f = e.field(row["field"]) if e else None
    except KeyError:
        f = None
    label = f.label if f else row["field"]

    def show(value: str | None) -> str:
        if value is None or value == "":
            return "(blank)"
        if f is not None and f.kind == "ref":
            try:
                return board_labels.get((f.ref, int(value)), f"#{value}")
            except ValueError:
                return value
        if f is not None and f.kind == "date":
            return long_date(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else value
        if f is not None and f.name == "rag":
            return _rag(value)
        if len(value) > CHANGE_VALUE_LIMIT:
            return value[:CHANGE_VALUE_LIMIT].rstrip() + "… (shortened)"
        return value

    return f"{label}: {show(row['old'])} → {show(row['new'])}"


_CHANGE_ORDER = ("action", "action_update", "action_revision", "risk", "risk_review", "measure",
                 "measure_point", "trajectory_point", "impact_entry", "meeting", "agenda_item",
                 "invitee", "cycle_step", "minute", "resolution", "declaration", "area",
                 "person", "organisation", "board")
_QUIET_FIELDS = {"ics_sequence", "position"}


#: Kinds of record whose additions are named in "what changed" (others are counted: their
#: records appear elsewhere in the pack, e.g. progress updates under their actions).
_NAMED_WHEN_ADDED = ("action", "risk", "measure", "impact_entry", "meeting", "area", "person",
                     "organisation")
#: Kinds whose field changes are bookkeeping of the meeting cycle, counted but not listed.
_COUNTED_ONLY = ("cycle_step", "agenda_item", "invitee")


def what_changed(data: MeetingData, board_labels: dict) -> dict[str, Any]:
    """Return the change log since the last meeting, grouped for people.

    Keys: 'summary' [(kind plural, added, changed records, archived)], 'added'
    [(kind plural, [record labels])], 'changed' [(record, 'Field: old → new' lines,
    when, by)] newest first, 'more' (changed records left out beyond CHANGE_ROWS_LIMIT).
    """
    changes = [c for c in data.changes if c["field"] not in _QUIET_FIELDS]
    kinds: dict[str, dict[str, Any]] = {}
    per_record: dict[tuple[str, int], dict[str, Any]] = {}
    for c in changes:  # newest first
        k = kinds.setdefault(c["entity"], {"added": [], "changed": set(), "archived": set()})
        key = (c["entity"], c["entity_id"])
        label = data.change_labels.get(key, c["record"] or "")
        if c["field"] == "(created)":
            k["added"].append(label)
            continue
        if c["field"] == "archived":
            k["archived"].add(c["entity_id"])
        else:
            k["changed"].add(c["entity_id"])
        if c["entity"] in _COUNTED_ONLY:
            continue
        rec = per_record.setdefault(key, {"label": label, "fields": {}, "at": c["at"],
                                          "users": set()})
        rec["users"].add(c["user"] or "")
        # newest first: the first row seen for a field has the newest value; keep the oldest old
        field = rec["fields"].get(c["field"])
        rec["fields"][c["field"]] = {**c, "new": field["new"]} if field else dict(c)

    def order(name: str) -> tuple:
        return (_CHANGE_ORDER.index(name) if name in _CHANGE_ORDER else 99, name)

    plural = {name: (ENTITIES[name].plural if name in ENTITIES else name) for name in kinds}
    summary = [(plural[n], len(kinds[n]["added"]), len(kinds[n]["changed"]),
                len(kinds[n]["archived"])) for n in sorted(kinds, key=order)]
    added = [(plural[n], list(reversed(kinds[n]["added"]))) for n in sorted(kinds, key=order)
             if n in _NAMED_WHEN_ADDED and kinds[n]["added"]]
    for r in per_record.values():  # a field changed and changed back has not changed
        r["fields"] = {k: f for k, f in r["fields"].items() if f["old"] != f["new"]}
    records = sorted((r for r in per_record.values() if r["fields"]), key=lambda r: r["at"],
                     reverse=True)
    changed = [(r["label"], "\n".join(_change_text(f, board_labels)
                                       for f in r["fields"].values()),
                short_date(r["at"][:10]) + " " + r["at"][11:16],
                ", ".join(sorted(u for u in r["users"] if u)))
               for r in records[:CHANGE_ROWS_LIMIT]]
    return {"summary": summary, "added": added, "changed": changed,
            "more": max(0, len(records) - CHANGE_ROWS_LIMIT), "count": len(changes)}


def _pack_changes(paper: Paper, data: MeetingData, board_labels: dict) -> None:
    if data.previous is None:
        paper.add(_none("There is no earlier meeting to compare with."))
        return
    when = long_date(data.previous["meeting_date"])
    wc = what_changed(data, board_labels)
    if not wc["count"]:
        paper.add(_none(f"Nothing has changed in the records since {when}."))
        return
    paper.add(para(f"{wc['count']} changes were recorded in the board's records since the last "
                   f"meeting on {when}."))
    paper.add(Heading("Summary", 2), Table(
        ("Kind of record", "Added", "Changed", "Archived"),
        tuple((kind, str(a), str(c), str(x)) for kind, a, c, x in wc["summary"]),
        widths=(5, 1.5, 1.5, 1.5), bold_first_column=True))
    if wc["added"]:
        paper.add(Heading("Added", 2))
        for kind, labels in wc["added"]:
            paper.add(labelled(f"{kind} ({len(labels)})", "; ".join(labels)))
    paper.add(Heading("Changed", 2))
    if wc["changed"]:
        paper.add(Table(("Record", "What changed", "When", "By"), tuple(wc["changed"]),
                        widths=(3.0, 5.6, 1.6, 1.2)))
        if wc["more"]:
            paper.add(para(f"… and {wc['more']} records changed earlier in the cycle: the full "
                           "change log is in the app.", italic=True))
    else:
        paper.add(_none("No existing records were changed."))


def _chart(fig_builder, alt: str, title: str, width: float = 16.0) -> Figure:
    return Figure(charts.figure_png(fig_builder()), alt, title, width)


def board_pack(data: MeetingData, board_labels: dict | None = None) -> Paper:
    """Return the board pack: cover, contents, agenda, minutes, action log, PAP progress,
    exceptions, risks, impact log, performance, forward plan and what changed."""
    board_labels = board_labels or {}
    paper = Paper("pack", f"{data.board_name}: board pack, {long_date(data.date)}",
                  f"Board pack (minutes-ready papers) for {data.number_text} on "
                  f"{long_date(data.date)}", data.author,
                  header_text=f"{data.board_name} | Board pack | {long_date(data.date)}")
    paper.add(Heading(data.board_name, 0))
    paper.add(para("Board pack: minutes-ready papers", bold=True))
    paper.add(*_meeting_intro(data))
    if data.chair:
        paper.add(labelled("Chair", data.chair.described()))
    paper.add(labelled("Published", long_date(data.today)))
    if data.cycle_start:
        paper.add(para(f"This pack reports the cycle since the last meeting on "
                       f"{long_date(data.previous['meeting_date'])}, as the records stood on "
                       f"{long_date(data.today)}."))
    if data.part(True):
        paper.add(para("Papers for Part B (confidential) items are circulated separately.",
                       italic=True))
    paper.add(*_contact(data))
    paper.add(PageBreak(), para("Contents", bold=True))
    toc_index = len(paper.blocks)
    paper.add(Toc())

    plan = [a for a in data.plan_actions() if a["status"] in rules.OPEN_STATUSES + (
        "complete", "closed", "deferred")]
    open_plan = [a for a in plan if a["status"] in rules.OPEN_STATUSES]
    n = 0

    def section(title: str, *, first: bool = False) -> None:
        nonlocal n
        n += 1
        paper.add(Heading(f"{n}. {title}", 1) if first else PageBreak())
        if not first:
            paper.add(Heading(f"{n}. {title}", 1))

    paper.add(PageBreak())
    section("Agenda", first=True)
    paper.add(agenda_table(data.part(False)))
    if data.part(True):
        paper.add(para("Part B (confidential) items:", bold=True), agenda_table(data.part(True)))

    section("Minutes of the last meeting")
    _pack_minutes(paper, data)

    section("Action log")
    paper.add(para("Board actions arising from the minutes, open and recently closed. Matters "
                   "arising from the last meeting are listed first."))
    minute_ids = {m["id"] for m, _ in data.previous_minutes}
    arising = [a for a in data.board_actions() if a.get("minute_id") in minute_ids]
    paper.add(Heading("Matters arising from the last meeting", 2))
    paper.add(_board_action_table(arising) if arising else
              _none("No actions arose from the last meeting's minutes."))
    others = [a for a in data.board_actions() if a not in arising
              and a["status"] in rules.OPEN_STATUSES]
    paper.add(Heading("Other open board actions", 2))
    paper.add(_board_action_table(others) if others else _none("There are no other open "
                                                                 "board actions."))

    section("Progress against the Priority Action Plan")
    counts = _rag_counts(plan, data.areas)
    paper.add(para(f"{len(plan)} actions in the Priority Action Plan: "
                   + ", ".join(f"{counts['total'][r]} {_rag(r)}" for r in
                               ("red", "amber", "green", "blue", None)
                               if counts["total"][r]) + "."))
    paper.add(Heading("Actions by RAG in each area", 2))
    paper.add(Table(("Area", "Title", "Red", "Amber", "Green", "Blue", "Not rated", "Total"),
                    tuple(counts["rows"]), widths=(0.9, 5.0, 0.9, 1.0, 1.0, 0.9, 1.1, 0.9),
                    bold_first_column=True))
    paper.add(_chart(lambda: charts.actions_by_rag_figure(plan, data.areas),
                     charts.actions_by_rag_alt(plan, data.areas),
                     "Priority Action Plan actions by RAG rating in each area"))
    paper.add(para("RAG ratings: " + "; ".join(f"{_rag(r)}: {rules.RAG_MEANINGS[r]}"
                                               for r in ("blue", "green", "amber", "red"))
                   + ".", italic=True))
    by_area: dict[Any, list[dict]] = defaultdict(list)
    for a in plan:
        by_area[a["area_id"]].append(a)
    paper.add(para("A highlight report for each area follows, one page each: its senior "
                   "responsible officer, its RAG and why, progress since the last report, "
                   "what is at risk, its measures and the decisions the board is asked to "
                   "take."))
    first = True
    for area in data.areas:
        if area["id"] not in by_area:
            continue
        paper.add(*highlights.highlight_report(
            area, by_area.pop(area["id"]),
            [m for m in data.measures if m["area_id"] == area["id"]],
            [r for r in data.risks if r["area_id"] == area["id"] and r["status"] == "open"],
            data.people_names, data.cycle_start, data.unagreed_revisions, first=first))
        first = False
    if by_area:
        paper.add(Heading("Actions without an area", 2))
        paper.add(_action_table([a for rows in by_area.values() for a in rows]))

    section("Exceptions")
    _pack_exceptions(paper, open_plan, data.today)

    section("Risk register")
    _pack_risks(paper, data)

    section("Action and impact log")
    _pack_impact(paper, data)

    section("The chair's challenges")
    paper.add(*challenges_section.blocks(data.challenges, data.people_names, data.cycle_start))

    section("Performance dashboard")
    _pack_measures(paper, data)

    section("Forward plan")
    _pack_forward(paper, data)

    section("What changed since the last meeting")
    _pack_changes(paper, data, board_labels)

    entries = tuple((b.level, b.text) for b in paper.blocks
                    if isinstance(b, Heading) and b.level == 1)
    paper.blocks[toc_index] = Toc(entries)
    return paper


def _board_action_table(actions: list[dict]) -> Table:
    rows = []
    for a in actions:
        state = a["status"].capitalize() + (" (overdue)" if a["overdue"] else "")
        rows.append((a["ref"], a["title"], _owner(a), _due(a), state, _rag(a["rag"]),
                     _latest(a)))
    return Table(("Ref", "Action", "Owner", "Due", "Status", "RAG", "Latest update"),
                 tuple(rows), widths=(1.3, 3.0, 1.9, 1.7, 1.6, 1.4, 3.6), rag_columns=(5,),
                 bold_first_column=True)


def _rag_counts(actions: list[dict], areas: list[dict]) -> dict:
    per: dict[Any, Counter] = defaultdict(Counter)
    total: Counter = Counter()
    for a in actions:
        per[a["area_id"]][a["rag"]] += 1
        total[a["rag"]] += 1
    rows = []
    for area in areas:
        c = per.get(area["id"], Counter())
        rows.append((area["code"], area["title"], *(str(c[r]) for r in
                                                    ("red", "amber", "green", "blue", None)),
                     str(sum(c.values()))))
    if per.get(None):
        c = per[None]
        rows.append(("-", "No area", *(str(c[r]) for r in ("red", "amber", "green", "blue",
                                                            None)), str(sum(c.values()))))
    rows.append(("All", "All areas", *(str(total[r]) for r in ("red", "amber", "green", "blue",
                                                                None)), str(sum(total.values()))))
    return {"rows": rows, "total": total}


def exceptions(open_actions: list[dict]) -> dict[str, list[dict]]:
    """Return the open actions that are red, overdue, slipped, slow to progress or not updated."""
    return {
        "red": [a for a in open_actions if a["rag"] == "red"],
        "overdue": [a for a in open_actions if a["overdue"]],
        "slipped": [a for a in open_actions if a["slipped"]],
        "slow": [a for a in open_actions if a["slow"]],
        "no_update": [a for a in open_actions if a["no_update_this_cycle"]],
    }


def _pack_exceptions(paper: Paper, open_plan: list[dict], today: dt.date) -> None:
    ex = exceptions(open_plan)
    paper.add(para(f"Of {len(open_plan)} open actions: {len(ex['red'])} Red, "
                   f"{len(ex['overdue'])} overdue, {len(ex['slipped'])} with a revised due "
                   f"date, {len(ex['slow'])} slow to progress and {len(ex['no_update'])} with no "
                   "update this cycle."))
    paper.add(Heading("Red: off track", 2))
    paper.add(_action_table(ex["red"], with_area=True) if ex["red"] else _none("None."))
    paper.add(Heading("Overdue", 2))
    paper.add(Table(("Ref", "Action", "Owner", "Due", "Days overdue", "RAG"), tuple(
        (a["ref"], a["title"], _owner(a), _due(a),
         str((today - a["effective_due"]).days) if a.get("effective_due") else "",
         _rag(a["rag"])) for a in ex["overdue"]), widths=(1.3, 4.0, 2.2, 1.7, 1.4, 1.4),
        rag_columns=(5,), bold_first_column=True) if ex["overdue"] else _none("None."))
    paper.add(Heading("Slipped: due date revised", 2))
    paper.add(Table(("Ref", "Action", "Owner", "Original due", "Revised due", "Reason"), tuple(
        (a["ref"], a["title"], _owner(a), table_date(a["due_date"]),
         table_date(a["revised_due_date"]), a["revision_reason"] or "No reason recorded")
        for a in ex["slipped"]), widths=(1.3, 3.2, 1.9, 1.7, 1.7, 3.2),
        bold_first_column=True) if ex["slipped"] else _none("None."))
    paper.add(Heading("Slow to progress", 2))
    paper.add(Table(("Ref", "Action", "Owner", "RAG", "Why it is slow to progress"), tuple(
        (a["ref"], a["title"], _owner(a), _rag(a["rag"]), "; ".join(a["slow_reasons"]))
        for a in ex["slow"]), widths=(1.3, 3.6, 2.0, 1.4, 4.0), rag_columns=(3,),
        bold_first_column=True) if ex["slow"] else _none("None."))
    paper.add(Heading("No update this cycle", 2))
    paper.add(Table(("Ref", "Action", "Owner", "Last update", "RAG"), tuple(
        (a["ref"], a["title"], _owner(a),
         table_date(a["latest_update_date"]) if a["latest_update_date"] else "Never",
         _rag(a["rag"])) for a in ex["no_update"]), widths=(1.3, 4.6, 2.4, 1.8, 1.4),
        rag_columns=(4,), bold_first_column=True) if ex["no_update"] else _none("None."))


def _score_text(lk: int | None, im: int | None) -> str:
    if not lk or not im:
        return "Not set"
    return f"{lk} x {im} = {lk * im}"


def _pack_risks(paper: Paper, data: MeetingData) -> None:
    open_risks = [r for r in data.risks if r["status"] == "open"]
    closed = [r for r in data.risks if r["status"] != "open"]
    bands = Counter(r["band"] for r in open_risks)
    paper.add(para(f"{len(open_risks)} open risks: " + ", ".join(
        f"{bands[b]} {rules.band_label(b).lower()}" for _, b in sorted(
            data.bands, key=lambda x: -x[0]) if bands[b]) + ". Scores are likelihood x impact "
        "(1 to 5 each); movement compares the current score with the score at the end of the "
        "last cycle."))
    rows = []
    for r in open_risks:
        movement = r["movement_label"]
        if r["previous_score"] is not None and r["movement"] != "same":
            movement += f" from {r['previous_score']}"
        rows.append((r["ref"], r["title"], r["owner_name"] or "No owner",
                     _score_text(r["current_likelihood"], r["current_impact"]),
                     r["band_label"], movement,
                     _score_text(r["target_likelihood"], r["target_impact"])
                     + (f" by {table_date(r['target_date'])}" if r.get("target_date") else ""),
                     table_date(r["last_review_date"]) if r["last_review_date"] else "Never"))
    paper.add(Table(("Ref", "Risk", "Owner", "Current", "Band", "Movement", "Target",
                     "Last review"), tuple(rows),
                    widths=(1.0, 3.2, 1.7, 1.5, 1.6, 1.8, 1.8, 1.5), band_columns=(4,),
                    bold_first_column=True) if rows else _none("No open risks are recorded."))
    if closed:
        paper.add(para("Closed risks: " + ", ".join(f"{r['ref']} ({r['title']})"
                                                   for r in closed) + "."))
    paper.add(Heading("Heat map", 2))
    paper.add(_chart(lambda: charts.risk_heatmap_figure(open_risks, data.bands),
                     charts.risk_heatmap_alt(open_risks, data.bands),
                     "Risk heat map with movement since the last cycle", 13.5))
    not_reviewed = [r["ref"] for r in open_risks if not r["reviewed_this_cycle"]]
    if not_reviewed:
        paper.add(para("Not reviewed this cycle: " + ", ".join(not_reviewed) + ".", bold=True))
    paper.add(Heading("Controls and mitigations", 2))
    for r in open_risks:
        paper.add(Heading(f"{r['ref']}: {r['title']}", 3))
        paper.add(labelled("Inherent score", _score_text(r["inherent_likelihood"],
                                                          r["inherent_impact"])))
        for label, key in (("Cause, event and consequence", "description"),
                           ("Controls in place", "controls"), ("Mitigation plan", "mitigation"),
                           ("Linked actions", "linked_actions")):
            if r.get(key):
                paper.add(labelled(label, r[key]))
        if r["reviews"]:
            last = r["reviews"][0]
            paper.add(labelled(f"Latest review ({long_date(last['review_date'])}, "
                               f"{_score_text(last['likelihood'], last['impact'])})",
                               last["note"] or "No note recorded"))
        if not any(r.get(k) for k in ("controls", "mitigation")):
            paper.add(para("No controls or mitigation plan recorded.", bold=True))


_IMPACT_GROUPS = (
    ("Slow progress", ("slow progress",)),
    ("Contributions to strengthen", ("contribution to strengthen",)),
    ("Escalations", ("escalation",)),
    ("Impact on the lived experience of children and families",
     ("impact on lived experience", "family and young people's voice")),
)


def impact_since(data: MeetingData) -> list[dict]:
    """Return the impact-log entries for this cycle (since the last meeting, or for this
    meeting), leaving out dismissed proposals."""
    out = []
    for e in data.impacts:
        if e["status"] == "dismissed":
            continue
        if e["meeting_id"] == data.meeting["id"] or data.cycle_start is None or \
                from_iso(e["entry_date"]) >= data.cycle_start:
            out.append(e)
    return out


def impact_sentence(entries: list[dict], since: str) -> str:
    """Return e.g. '1 entry since ...: 1 highlights slow progress and 0 contributions need
    to be strengthened (notice 5e).' for the action and impact log entries given."""
    kinds = Counter(e["kind"] for e in entries)
    slow, weak = kinds["slow progress"], kinds["contribution to strengthen"]
    return (f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'} {since}: "
            f"{slow} {'highlights' if slow == 1 else 'highlight'} slow progress and {weak} "
            f"{'contribution needs' if weak == 1 else 'contributions need'} to be strengthened "
            "(notice 5e).")


def _pack_impact(paper: Paper, data: MeetingData) -> None:
    entries = impact_since(data)
    since = (f"since the last meeting on {long_date(data.previous['meeting_date'])}"
             if data.previous else "so far")
    paper.add(para(impact_sentence(entries, since)))
    for title, group in _IMPACT_GROUPS:
        rows = [e for e in entries if e["kind"] in group]
        paper.add(Heading(title, 2))
        if not rows:
            paper.add(_none("None this cycle."))
            continue
        paper.add(Table(("Date", "Area", "Summary", "What changed and evidence", "Organisations",
                         "Linked"), tuple(
            (long_date(e["entry_date"]), e["area_code"],
             e["title"] + (" (proposed: for the board to confirm)" if e["status"] == "proposed"
                           else ""),
             "\n".join(x for x in (e["what_changed"], f"Evidence: {e['evidence']}" if
                                   e["evidence"] else "", f"Source: {e['source']}" if
                                   e["source"] else "") if x),
             e["organisations"] or "", ", ".join(x for x in (e["action_ref"], e["measure_code"])
                                                 if x))
            for e in rows), widths=(1.5, 0.7, 3.0, 4.2, 1.6, 1.0),
            bold_first_column=title in ("Slow progress", "Contributions to strengthen")))


def _pack_measures(paper: Paper, data: MeetingData) -> None:
    ms = data.measures
    rags = Counter(m["rag"] for m in ms)
    paper.add(para(f"{len(ms)} measures: " + ", ".join(f"{rags[r]} {_rag(r)}" for r in
                                                        ("red", "amber", "green", None)
                                                        if rags[r]) +
                   ". RAG compares the latest value with the target and the trajectory."))
    rows = []
    for m in ms:
        latest = (f"{charts.format_value(m['latest_value'], m['unit'])} "
                  f"({m['latest_period']:%b %Y})" if m["latest_period"] else "No data")
        target = charts.format_value(m["target"], m["unit"]) if m["target"] is not None \
            else "Not set"
        if m.get("target_date"):
            target += f" by {table_date(m['target_date'])}"
        expected = charts.format_value(m["expected"], m["unit"]) if m["expected"] is not None \
            else "-"
        rows.append((m["code"], m["title"], latest, target, expected, _rag(m["rag"]),
                     m["trend"].capitalize()))
    paper.add(Table(("Code", "Measure", "Latest", "Target", "Expected on trajectory", "RAG",
                     "Trend"), tuple(rows), widths=(1.0, 3.8, 1.8, 2.0, 1.6, 1.3, 1.5),
                    rag_columns=(5,), bold_first_column=True)
              if rows else _none("No measures are recorded."))
    paper.add(Heading("Exception reports", 2))
    paper.add(*highlights.exception_reports(ms, data.people_names))
    for m in ms:
        paper.add(Heading(f"{m['code']}: {m['title']}", 2))
        if m.get("data_source"):
            paper.add(labelled("Source", m["data_source"]))
        paper.add(Figure(charts.measure_png(m), charts.measure_alt(m),
                         f"{m['code']}: {m['title']}", 15.0))
        if m["points"] and m["points"][-1].get("note"):
            paper.add(labelled(f"Note for {from_iso(m['points'][-1]['period']):%B %Y}",
                               m["points"][-1]["note"]))


def _pack_forward(paper: Paper, data: MeetingData) -> None:
    upcoming = data.following
    paper.add(Heading("Next meetings", 2))
    paper.add(Table(("Date", "Meeting", "Time", "Venue", "Papers dispatched"), tuple(
        (day_date(m["meeting_date"]),
         ("Stocktake review" if m["kind"] == "stocktake review" else
          f"Meeting {m['number']}" if m.get("number") else m["kind"].capitalize()),
         f"{clock(m['start_time'])} to {clock(m['end_time'])}" if m.get("end_time")
         else clock(m["start_time"]), m.get("venue") or "To be confirmed",
         long_date(rules.cycle_timetable(from_iso(m["meeting_date"]))["papers_dispatched"]))
        for m in upcoming), widths=(2.6, 1.8, 2.0, 3.0, 2.0)) if upcoming
        else _none("No further meetings are planned yet."))
    paper.add(Heading("Stocktake reviews", 2))
    held = [m for m in data.stocktakes if from_iso(m["meeting_date"]) <= data.today
            and m["status"] in HELD_STATUSES]
    planned = [m for m in data.stocktakes if from_iso(m["meeting_date"]) > data.today]
    last = from_iso(held[-1]["meeting_date"]) if held else None
    if last:
        due = rules.add_months(last, 6)
        text = (f"The last DfE stocktake review was on {long_date(last)}; the next is due by "
                f"{long_date(due)} (at least every six months, notice 8).")
        if rules.stocktake_overdue(last, data.today):
            text += " It is overdue."
    else:
        text = "No DfE stocktake review is recorded yet (due at least every six months, notice 8)."
    paper.add(para(text))
    if planned:
        paper.add(para("Planned: " + "; ".join(day_date(m["meeting_date"]) for m in planned)
                       + ". The council's self-assessment (notice 10) is due before it."))
    paper.add(Heading("This meeting's timetable", 2))
    paper.add(Table(("Step", "Date"), tuple(
        (rules.STEP_LABELS[s], long_date(d)) for s, d in sorted(data.steps.items(),
                                                                key=lambda x: x[1])),
        widths=(4, 3)))


def board_labels_for(board: Board) -> dict[tuple[str, int], str]:
    """Return (entity, id) -> label for the records a change-log value may point at."""
    out = {}
    for name in ("person", "area", "action", "measure", "meeting", "organisation", "minute",
                 "agenda_item", "risk"):
        for rid, label in board.options(name):
            out[(name, rid)] = label
    return out

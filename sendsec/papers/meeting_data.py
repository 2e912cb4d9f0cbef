"""What a meeting's papers need from the board, read once (`gather` returns a
`MeetingData`), with the checks before papers go out and the pieces several papers share."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sendsec.domain import rules
from sendsec.domain.dates import clock, day_date, from_iso, long_date
from sendsec.domain.entities import ENTITIES, HELD_STATUSES, STATUTORY_ROLES
from sendsec.domain.errors import SendsecError
from sendsec.domain.labels import natural_key
from sendsec.papers.model import (
    Para,
    labelled,
    para,
)
from sendsec.services import registers
from sendsec.services.board import Board

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
        left out when the job title already ends with it); someone with neither, by their
        board role ('Gemma Rowe, Parent carer forum representative')."""
        organisation = "" if names_organisation(self.title, self.organisation) \
            else self.organisation
        role = "" if self.title or organisation or not self.role \
            else self.role[:1].upper() + self.role[1:]
        return ", ".join(p for p in (self.name, self.title, organisation, role) if p)


def presenter_name(text: str | None) -> str:
    """Return the name a presenter field starts with ('Ian Cheung, Head of ...' gives
    'Ian Cheung')."""
    return (text or "").split(",")[0].strip()


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
    #: False when the item would start at or after the meeting's end: its time is not printed
    timed: bool = True

    @property
    def time(self) -> str:
        """Return the item's start as the papers print it ('2.30pm'), '' when not timed."""
        return clock(self.start) if self.timed else ""

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
class MinutesForApproval:
    """A set of minutes put to the meeting for approval: the meeting they record, their
    public minutes with resolutions, the numbers of their Part B minutes (never printed in
    a public paper) and who attended."""

    meeting: dict[str, Any]
    minutes: list[tuple[dict, list[dict]]]
    part_b: list[int]
    attendance: list[Invitee]


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
    #: Numbers of the last meeting's Part B minutes (kept out of the public pack).
    previous_part_b: list[int] = field(default_factory=list)
    previous_attendance: list[Invitee] = field(default_factory=list)
    declarations: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    change_labels: dict[tuple[str, int], str] = field(default_factory=dict)
    challenges: list[dict[str, Any]] = field(default_factory=list)
    people_names: dict[int, str] = field(default_factory=dict)
    unagreed_revisions: dict[int, str] = field(default_factory=dict)
    bands: tuple[tuple[int, str], ...] = rules.DEFAULT_BANDS
    cycle_start: dt.date | None = None
    #: Earlier held meetings whose minutes this meeting is asked to agree, oldest first
    #: (`rules.minutes_to_approve`).
    outstanding_minutes: list[dict[str, Any]] = field(default_factory=list)
    #: The same, each with its minutes, as the pack prints them.
    for_approval: list[MinutesForApproval] = field(default_factory=list)
    #: Every revised due date recorded (action_revision rows).
    revisions: list[dict[str, Any]] = field(default_factory=list)
    #: Presenters of this meeting's items found among the board's people (not invited yet).
    presenters: list[Person] = field(default_factory=list)
    #: Presenters named on the agenda who are not among the board's people.
    unknown_presenters: list[tuple[Item, str]] = field(default_factory=list)

    def attending(self) -> list[Invitee]:
        """Return everyone invited: the invitees, then the presenters of items not among
        them; one list, used by the agenda, the invitations and the minutes template."""
        invited = {i.person.id for i in self.invitees}
        return self.invitees + [Invitee(p, "invited", "") for p in self.presenters
                                if p.id not in invited]

    def presents(self, person: Person) -> str:
        """Return ' (presenting item 7)' for someone who presents items, or ''."""
        items = [str(i.number) for i in self.items
                 if presenter_name(i.record.get("presenter")).casefold()
                 == person.name.casefold()]
        return (f" (presenting {'item' if len(items) == 1 else 'items'} {', '.join(items)})"
                if items else "")

    def is_secretary(self, person: Person) -> bool:
        return self.secretary is not None and person.id == self.secretary.id

    def addressees(self) -> list[Invitee]:
        """Return who gets an invitation (or cancellation) letter and email draft: everyone
        invited (`attending`), never the secretary, who sends them."""
        return [i for i in self.attending() if not self.is_secretary(i.person)]

    def presenting(self, person: Person) -> list[Item]:
        """Return the items this person presents (named first on the item), Part B ones too:
        the invitation is to them alone, and its agenda in brief names those items."""
        return [i for i in self.items
                if presenter_name(i.record.get("presenter")).casefold()
                == person.name.casefold()]

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
        """Return how the papers name the meeting in a sentence: 'meeting 9', 'extraordinary
        meeting 4', 'the stocktake review' ('to the stocktake review of the ... board')."""
        m = self.meeting
        if m["kind"] == "stocktake review":
            return "the stocktake review"
        kind = "extraordinary meeting" if m["kind"] == "extraordinary" else "meeting"
        return f"{kind} {m['number']}" if m.get("number") else kind

    @property
    def time_text(self) -> str:
        return f"{clock(self.meeting['start_time'])} to {clock(self.end)}"

    @property
    def author(self) -> str:
        return self.secretary.name if self.secretary else self.board_name

    def described(self, text: str) -> str:
        """Return a presenter field (or `author`) as a report names its author: the person's
        job title and organisation added when it gives only the name of someone known."""
        known = [i.person for i in self.attending()] + ([self.secretary] if self.secretary
                                                         else [])
        found = next((p for p in known if p.name.casefold() == text.strip().casefold()), None)
        return found.described() if found else text

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

    def next_of_kind(self) -> dict[str, Any] | None:
        """Return the next meeting after this one: of its own kind (a board meeting's next
        meeting is the next board meeting, not a stocktake review), else any, else None."""
        stocktake = self.meeting["kind"] == "stocktake review"
        same = [m for m in self.following if (m["kind"] == "stocktake review") == stocktake]
        return next(iter(same or self.following), None)

    def plan_actions(self) -> list[dict[str, Any]]:
        """Return the Priority Action Plan's actions (rules.in_plan)."""
        return [a for a in self.actions if rules.in_plan(a)]

    def board_actions(self) -> list[dict[str, Any]]:
        """Return the board's own actions from the minutes (not in the plan)."""
        return [a for a in self.actions if not rules.in_plan(a)]


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


#: Meetings whose minutes will never be numbered here: cancelled, or minuted elsewhere
_TAKE_NO_MINUTE_NUMBERS = ("cancelled", "minutes drafted", "minutes approved")


def _minutes_to_come_before(board: Board, meetings: list[dict[str, Any]],
                            this_key: tuple[str, str, int]) -> int:
    """Return how many minutes the meetings before this one will take that none is yet
    written for: the items of each earlier meeting not cancelled with no minutes at all,
    unless its minutes are drafted or approved (written elsewhere, as a board's meetings
    before it used sendsec were: they take no numbers here) or a later meeting is minuted
    already (it was passed over). The numbers after them are this
    meeting's, so that the papers of two meetings to come (a board meeting and the stocktake
    review after it) never print the same minute numbers."""
    def key(m: dict[str, Any]) -> tuple[str, str, int]:
        return (m["meeting_date"], m["start_time"] or "", m["id"])

    minuted = {m["meeting_id"] for m in board.rows("minute")}
    # a meeting left unminuted before one already minuted will not be minuted in turn now:
    # only those after the last minuted meeting hold numbers back
    last = max((key(m) for m in meetings if m["id"] in minuted), default=None)
    before = {m["id"] for m in meetings if m["status"] not in _TAKE_NO_MINUTE_NUMBERS
              and m["id"] not in minuted and key(m) < this_key
              and (last is None or key(m) > last)}
    return sum(1 for i in board.rows("agenda_item") if i["meeting_id"] in before) if before \
        else 0


def _minutes_of(board: Board, meeting: dict[str, Any], people: dict[int, Person]
                ) -> MinutesForApproval:
    """Return the minutes of a held `meeting` as a paper prints them (Part B kept apart)."""
    secret = {i["id"] for i in board.rows("agenda_item", parent_id=meeting["id"])
              if i["confidential"]}
    out = MinutesForApproval(meeting, [], [], _invitees(board, meeting["id"], people))
    for minute in board.rows("minute", parent_id=meeting["id"]):
        if minute["agenda_item_id"] in secret:  # Part B: never in a public paper
            out.part_b.append(minute["number"])
        else:
            out.minutes.append((minute, board.rows("resolution", parent_id=minute["id"])))
    return out


def gather(board: Board, meeting_id: int, today: dt.date) -> MeetingData:
    """Return everything the papers for `meeting_id` say, as of `today`."""
    meeting = board.get("meeting", meeting_id)
    settings = board.settings()
    people = _people(board)
    records = board.rows("agenda_item", parent_id=meeting_id)
    ordered = [r for r in records if not r["confidential"]] + [r for r in records
                                                                if r["confidential"]]
    meetings = board.rows("meeting")
    this_key = (meeting["meeting_date"], meeting["start_time"] or "", meeting["id"])
    first_minute = rules.next_minute_number(_all_minute_numbers(board)) \
        + _minutes_to_come_before(board, meetings, this_key)
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
    for item in items:  # an agenda that overruns never prints a time after the end
        item.timed = not meeting["end_time"] or item.start < meeting["end_time"]
    steps = {s["step"]: from_iso(s["done_date"]) if s["step"] == "papers_dispatched" and
             s["done_date"] else from_iso(s["due_date"])
             for s in board.rows("cycle_step", parent_id=meeting_id)}

    # a board meeting reports the cycle since the last board meeting; a stocktake review,
    # since the last meeting of any kind. Which minutes it agrees is `rules.minutes_to_approve`.
    stocktake = meeting["kind"] == "stocktake review"
    earlier = [m for m in meetings if (m["meeting_date"], m["start_time"] or "", m["id"])
               < this_key and m["status"] in HELD_STATUSES
               and (stocktake or m["kind"] != "stocktake review")]
    previous = earlier[-1] if earlier else None
    outstanding = [dict(m) for m in rules.minutes_to_approve(meeting, meetings)]
    following = [m for m in meetings if (m["meeting_date"], m["start_time"] or "", m["id"])
                 > this_key and m["status"] != "cancelled"]
    stocktakes = [m for m in meetings if m["kind"] == "stocktake review"
                  and m["status"] != "cancelled"]

    secretary = people.get(settings["secretary_id"])
    chair = people.get(settings["chair_id"])
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
    by_name = {p.name.casefold(): p for p in current}
    for item in items:
        name = presenter_name(item.record.get("presenter"))
        if not name or item.confidential:
            continue
        found = by_name.get(name.casefold())
        if found is None:
            data.unknown_presenters.append((item, name))
        elif found not in data.presenters:
            data.presenters.append(found)
    data.outstanding_minutes = outstanding
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
    data.revisions = board.rows("action_revision")
    since = str(previous["meeting_date"])[:10] if previous else ""
    for r in data.revisions:  # a revision before the last meeting was for that one to agree
        if not r.get("agreed_minute_id") and str(r["revised_on"] or "")[:10] >= since:
            data.unagreed_revisions[r["action_id"]] = (
                f"{long_date(r['previous_due']) if r['previous_due'] else 'no date'} to "
                f"{long_date(r['new_due'])}, revised on {long_date(r['revised_on'])}")
    data.people_names = {pid: p.name for pid, p in people.items()}
    data.for_approval = [_minutes_of(board, m, people) for m in outstanding]
    if previous:
        last = _minutes_of(board, previous, people)
        data.previous_minutes, data.previous_part_b = last.minutes, last.part_b
        data.previous_attendance = last.attendance
        data.changes = board.change_log(since=previous["meeting_date"])
        # labels for the changes the pack lists one by one: a bulk load is summed up
        data.change_labels = _change_labels(board, bulk_loads(data.changes)[1])
    for d in board.rows("declaration", parent_id=meeting_id):
        who = people.get(d["person_id"])
        data.declarations.append(f"{who.name if who else 'Unknown'}: {d['interest']}")
    return data


#: At least this many records written in the same minute by the same person is a bulk
#: load (the demo, an import): it is summed up in one line, not listed.
BULK_ROWS = 50


def bulk_loads(changes: list[dict]) -> tuple[list[tuple[str, str, int, Counter]], list[dict]]:
    """Split the change log into bulk loads [(minute 'YYYY-MM-DD HH:MM', by, rows, records
    by kind)] and the changes made one by one."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in changes:
        groups[(c["at"][:16], c["user"] or "")].append(c)
    loads, single = [], []
    for (minute, user), rows in sorted(groups.items()):
        if len(rows) >= BULK_ROWS:
            kinds = Counter(r["entity"] for r in rows if r["field"] == "(created)")
            loads.append((minute, user, len(rows), kinds))
        else:
            single.extend(rows)
    single.sort(key=lambda c: c["at"], reverse=True)
    return loads, single


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
            parent_entity = e.field(e.parent).ref or ""
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
    for item, name in data.unknown_presenters:
        out.append(f"{name}, presenting item {item.number} ('{item.title}'), is not among the "
                   "board's people, so no invitation is written for them.")
    by_hand = [f"{inv.person.name} ({inv.person.role})" for inv in data.addressees()
               if not inv.person.email]
    if by_hand:
        out.append(f"To send by hand (no email address, so no email draft): "
                   f"{', '.join(by_hand)}; their letters are written.")
    planned_end = data.meeting["end_time"]
    if planned_end and data.items:
        last = data.items[-1]
        running_end = _add_minutes(last.start, last.record["duration"] or 0)
        over = _minutes_between(planned_end, running_end)
        if over > 0:
            untimed = [str(i.number) for i in data.items if not i.timed]
            out.append(f"The agenda runs to {clock(running_end)}, {over} minutes after the "
                       f"planned end at {clock(planned_end)}"
                       + (f": item{'s' if len(untimed) > 1 else ''} {', '.join(untimed)} "
                          f"would start at or after the end and {'are' if len(untimed) > 1 else 'is'}"
                          " printed without a time" if untimed else "")
                       + "; shorten the items or move the end time.")
    if data.secretary is None:
        out.append("No board secretary is set: the papers give no contact and the email "
                   "drafts have no From line.")
    return out


# ---------------------------------------------------------------------------- shared pieces


def _part_heading_needed(data: MeetingData) -> bool:
    return bool(data.part(True))

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


def _none(text: str) -> Para:
    """Return an italic paragraph saying there is nothing to show."""
    return para(text, italic=True)


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


def board_labels_for(board: Board) -> dict[tuple[str, int], str]:
    """Return (entity, id) -> label for the records a change-log value may point at."""
    out = {}
    for name in ("person", "area", "action", "measure", "meeting", "organisation", "minute",
                 "agenda_item", "risk"):
        for rid, label in board.options(name):
            out[(name, rid)] = label
    return out


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


def rag_as_of(action: dict[str, Any], day: dt.date) -> str | None:
    """Return the action's RAG as its last progress update before `day` gave it (None if
    it had none)."""
    earlier = [u for u in action.get("updates") or []
               if u.get("rag") and u.get("update_date") and from_iso(u["update_date"]) < day]
    return max(earlier, key=lambda u: u["update_date"])["rag"] if earlier else None

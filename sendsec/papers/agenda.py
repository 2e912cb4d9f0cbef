"""The agenda, the invitation letters and the cancellation letters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping

from sendsec.domain import rules
from sendsec.domain.dates import clock, day_date, from_iso, long_date
from sendsec.domain.labels import and_list, salutation
from sendsec.papers.meeting_data import (
    EXCLUSION_WORDING,
    NOTICE_PARAGRAPH_6,
    Invitee,
    Item,
    MeetingData,
    Person,
    _contact,
    _meeting_intro,
)
from sendsec.papers.model import (
    Bullets,
    Heading,
    Paper,
    Para,
    Table,
    labelled,
    para,
)


def agenda_table(items: list[Item], pages: Mapping[int, tuple[int, int]] | None = None, *,
                 agenda: list[Item] | None = None, pages_of: str = "",
                 confirm: str = "") -> Table:
    """Return the agenda table: number, time, item (with description and, when the pack has
    been laid out, "(Pages x – y)" of the pack, or "(Pages x – y of <pages_of>)" when they are
    another pack's), purpose, presenter, paper (`agenda`: the whole agenda when `items` is a
    part of it, so no paper letter is given twice); `confirm` ('To confirm the minutes of
    ...') is said under the minutes item, as a council's agenda says it."""
    from sendsec.papers.covering import letters

    lettered = letters(agenda or items)
    rows = []
    for item in items:
        r = item.record
        text = r["title"]
        if confirm and r.get("standard") == "minutes":
            text += "\n" + confirm
        if r.get("description"):
            text += "\n" + r["description"]
        if pages and item.number in pages:
            first, last = pages[item.number]
            of = f" of {pages_of}" if pages_of else ""
            text += f"\n(Page {first}{of})" if first == last else \
                f"\n(Pages {first} – {last}{of})"
        rows.append((str(item.number), item.time, text,
                     (r["purpose"] or "").capitalize(), r["presenter"] or "",
                     r["paper_ref"] or (f"Paper {lettered[item.number]}"
                                        if item.number in lettered else "")))
    return Table(("No.", "Time", "Item", "Purpose", "Presenter", "Paper"), tuple(rows),
                 widths=(0.9, 1.6, 4.6, 1.8, 2.8, 1.2))


# ---------------------------------------------------------------------------- agenda


def _dates_text(meetings: list[dict]) -> str:
    """Return when `meetings` were held: '28 October 2026', '14 October and 11 November 2026'
    or '9 December 2026 and 20 January 2027' (the year said once when every date shares it);
    a day with more than one meeting is said once, with their times: '28 October 2026
    (10.00am and 2.00pm)', or how many when their times are the same too ('(2 meetings)')."""
    days: dict[dt.date, list[str]] = {}
    for m in sorted(meetings, key=lambda m: (m["meeting_date"], m.get("start_time") or "")):
        days.setdefault(from_iso(m["meeting_date"]), []).append(clock(m.get("start_time")))
    if len({d.year for d in days}) == 1 and all(len(t) == 1 for t in days.values()):
        return and_list(f"{d.day} {d:%B}" for d in days) + f" {next(iter(days)).year}"
    return and_list(long_date(d) + _times(times) for d, times in days.items())


def _times(times: list[str]) -> str:
    """Return '' for one meeting's day, ' (10.00am and 2.00pm)' or ' (2 meetings)'."""
    if len(times) == 1:
        return ""
    distinct = list(dict.fromkeys(times))
    if len(distinct) == len(times) and all(distinct):
        return f" ({and_list(distinct)})"
    return f" ({len(times)} meetings)"


def minutes_sets(data: MeetingData) -> str:
    """Return the sets of minutes put to the meeting for approval, as a council's agenda
    names them: 'the meeting held on 28 October 2026', 'the meetings held on 14 October and
    11 November 2026' ('' when none is)."""
    meetings = [a.meeting for a in data.for_approval]
    if not meetings:
        return ""
    return (f"the {'meetings' if len(meetings) > 1 else 'meeting'} held on "
            f"{_dates_text(meetings)}")


def minutes_confirm(data: MeetingData) -> str:
    """Return 'To confirm the minutes of the meeting held on 28 October 2026.', said under the
    agenda's minutes item ('' when no minutes are put to the meeting)."""
    sets = minutes_sets(data)
    return f"To confirm the minutes of {sets}." if sets else ""


#: The board pack's section of minutes for approval begins with this word ('Minutes of the
#: meeting held on ...'), and the agenda's minutes item points to it.
MINUTES_SECTION = "Minutes"


def item_pages(items: list[Item], sections: Mapping[str, tuple[int, int]], *,
               part_b: bool = False) -> dict[int, tuple[int, int]]:
    """Return {agenda item number: (first, last) page of the pack}: a lettered item's paper
    with its appendices ('Paper A: ...', 'Paper A, appendix: ...'), the minutes section for
    the minutes item, or the pack section whose title begins the item's title (or is begun
    by it); with `part_b`, the Part B items' papers in the Part B pack's `sections`."""
    from sendsec.papers.covering import letters

    lettered = letters(items, part_b=part_b)
    out = {}
    for item in items:
        letter = lettered.get(item.number)
        if letter:
            spans = [span for heading, span in sections.items()
                     if heading.startswith((f"Paper {letter}:", f"Paper {letter},"))]
            if spans:
                out[item.number] = (min(a for a, _ in spans), max(b for _, b in spans))
            continue
        title = item.title.strip().lower()
        if item.record.get("standard") == "minutes" or title.startswith("minutes"):
            title = MINUTES_SECTION.lower()  # 'Minutes of the meeting(s) held on ...'
        for heading, span in sections.items():
            words = re.sub(r"^\d+\.\s*", "", heading).strip().lower()
            if words and (title.startswith(words) or words.startswith(title)):
                out[item.number] = span
                break
    return out


#: What the agenda calls the pack a Part B item's pages are in.
PART_B_PAGES_OF = "the Part B pack"


def agenda(data: MeetingData, pages: Mapping[int, tuple[int, int]] | None = None,
           part_b_pages: Mapping[int, tuple[int, int]] | None = None) -> Paper:
    """Return the agenda: meeting details, items with times (and their pages in the pack, by
    item number, when known; a Part B item's in the Part B pack, `part_b_pages`), Part B,
    invitees, contact."""
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
    paper.add(agenda_table(part_a, pages, agenda=data.items, confirm=minutes_confirm(data)))
    if part_b:
        paper.add(Heading("Part B: confidential items", 2), para(EXCLUSION_WORDING),
                  agenda_table(part_b, part_b_pages, agenda=data.items,
                               pages_of=PART_B_PAGES_OF))
    if data.secretary:
        paper.add(Para(((data.secretary.name, True),
                        (f"\nSecretary to the board\nPublished {long_date(data.today)}",
                         False))))
    else:
        paper.add(para(f"Published {long_date(data.today)}"))

    paper.add(Heading("Invited", 1))
    invited = data.addressees()  # the secretary is named apart, as clerk
    statutory = [i for i in invited if i.person.statutory]
    paper.add(Heading("Required by the Improvement Notice (paragraph 6)", 2))
    if statutory:
        paper.add(Bullets(tuple(f"{i.person.role}: {i.person.described()}" for i in statutory)))
    paper.add(Heading("Members and others invited", 2))
    others = [i for i in invited if not i.person.statutory]
    paper.add(Bullets(tuple(_with_role(i.person, data.presents(i.person))
                            for i in others)) if others
              else para("No other invitees are recorded."))
    if data.secretary:
        paper.add(Heading("Clerk/secretary", 2), Bullets((data.secretary.described(),)))
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


def _with_role(person: Person, presents: str = "") -> str:
    """Return 'Name, title, organisation (role; presenting item 7)', leaving out a role the
    title already says (`presents`: ' (presenting item 7)' or '')."""
    text = person.described()
    notes = [n for n in (person.role if person.role != "member" and person.role.lower()
                         not in text.lower() else "", presents.strip()[1:-1]) if n]
    return f"{text} ({'; '.join(notes)})" if notes else text


# ---------------------------------------------------------------------------- invitations


def _agenda_brief(data: MeetingData) -> list[Para]:
    """Return the agenda in brief, one numbered line per item (numbers, not bullets too), its
    time first as an agenda gives it: '3. 10.10am: DfE stocktake of progress (notice 10)'
    (after the title it read '(notice 10) (10.10am)'). The lines are one paragraph, as the
    address is, so that a letter keeps to one page (a paragraph an item ran it onto two)."""
    if not data.items:
        return []
    return [para("\n".join(f"{i.number}. " + (f"{i.time}: " if i.timed else "") + i.title
                           + (", Part B (confidential)" if i.confidential else "")
                           for i in data.items))]


def _details(pairs: list[tuple[str, str]]) -> Para:
    """Return 'Label: text' lines, each label in bold, as one paragraph (see `_agenda_brief`)."""
    runs: list[tuple[str, bool]] = []
    for n, (label, text) in enumerate(pairs):
        runs += [(("\n" if n else "") + f"{label}: ", True), (text, False)]
    return Para(tuple(runs))


def _letter_head(data: MeetingData, person: Person) -> list:
    address = "\n".join(p for p in (person.name, person.title, person.organisation) if p)
    out: list = []
    if data.secretary and data.secretary.organisation:
        out.append(para(data.secretary.organisation, bold=True))
    out += [para(long_date(data.today)), para(address), para(f"Dear {salutation(person.name)},")]
    return out


def _sign_off(data: MeetingData) -> list:
    s = data.secretary
    out: list = [para("Yours sincerely,")]
    if s:  # the organisation heads the letter (`_letter_head`); the contacts share a line
        contacts = ", ".join(x for x in (s.email, s.phone) if x)
        out.append(para("\n".join([s.name, f"Secretary to the {data.board_name}",
                                    *([contacts] if contacts else [])])))
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


def invitation(data: MeetingData, invitee: Invitee, calendar: rules.WorkingCalendar,
               attached: Collection[str] = ()) -> Paper:
    """Return the invitation letter to one invitee, addressed by name and role (`attached`:
    the letters of the papers already in hand, which their presenters are not asked for)."""
    person = invitee.person
    paper = Paper("invitation", f"Invitation to the {data.board_name}, {long_date(data.date)}",
                  f"Invitation to {person.name} for {data.number_text} on "
                  f"{long_date(data.date)}", data.author,
                  header_text=f"{data.board_name} | Invitation")
    paper.add(Heading("Invitation", 0))  # the board is named below (a long title took 2 lines)
    paper.add(*_letter_head(data, person))
    role_text = _ROLE_PHRASES.get(person.role, f"the {person.role}")
    # the day and time are the first of the meeting's details below; why the person is
    # invited and what they present follow in the same paragraph (the letter keeps to a page)
    opening = [f"I am writing to invite you, as {role_text}, to {data.number_text} of the "
               f"{data.board_name}."]
    if person.statutory:
        opening.append(f"You are invited because {NOTICE_PARAGRAPH_6}.")
    from sendsec.papers.covering import letters, report_kind

    lettered = {**letters(data.items), **letters(data.items, part_b=True)}
    deadline = data.steps.get("papers_deadline")
    for item in data.presenting(person):
        named = item.record.get("paper_ref") or (
            f"Paper {lettered[item.number]}" if item.number in lettered else "")
        secret = ", Part B: not for publication" if item.confidential else ""
        opening.append(f"You are presenting item {item.number}, '{item.title}'"
                       + (f" ({named}{secret})" if named or secret else "") + ", "
                       + (f"at {item.time} " if item.timed else "")
                       + f"({item.record['duration'] or 0} minutes)."
                       # a paper the presenter writes (not one the board's records make) is
                       # due for the pack by the papers deadline
                       + (f" Please send me your paper by {day_date(deadline)}, the papers "
                          "deadline, so that it goes out with the pack."
                          if item.record.get("paper_ref") and report_kind(item.title) == "other"
                          and lettered.get(item.number) not in attached
                          and deadline and deadline >= data.today else ""))
    paper.add(para(" ".join(opening)))
    details = [("Date", f"{day_date(data.date)}, {data.time_text}"),
               ("Venue", data.meeting.get("venue") or "Online only")]
    if data.meeting.get("title"):
        details.append(("Subject", data.meeting["title"]))
    if data.meeting.get("joining_details"):
        details.append(("Joining online", data.meeting["joining_details"]))
    if data.chair:
        details.append(("Chair", data.chair.described()))
    paper.add(Heading("Meeting details", 1), _details(details))
    paper.add(Heading("Agenda in brief", 1), *_agenda_brief(data))
    sent = data.papers_sent()
    reply = data.reply_by(calendar)
    papers = ""
    if sent:
        verb = "were sent" if sent < data.today else "will be sent"
        papers = f"The papers for the meeting {verb} on {day_date(sent)}. "
    # the chair is not asked for a substitute: the board's own arrangements cover the chair
    substitute = "" if person.role == "independent chair" else \
        " and, if you wish, the name of a substitute"
    paper.add(para(f"{papers}Please reply by {day_date(reply)} to say whether you will attend. "
                   f"If you cannot attend, please send your apologies{substitute}. A calendar "
                   "file for the meeting is attached to the email."))
    paper.add(*_sign_off(data))
    return paper


def cancellation(data: MeetingData, invitee: Invitee) -> Paper:
    """Return the letter telling one invitee the meeting is cancelled."""
    person = invitee.person
    paper = Paper("cancellation", f"Meeting cancelled: {data.board_name}, "
                  f"{long_date(data.date)}", f"Cancellation of {data.number_text}",
                  data.author, header_text=f"{data.board_name} | Cancellation")
    paper.add(Heading("Meeting cancelled", 0))
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



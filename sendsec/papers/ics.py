"""The meeting as an iCalendar (.ics) file (RFC 5545) that Outlook adds to a calendar.

One VEVENT with the meeting's stored UID (so a second file updates the same
calendar entry rather than adding another), SEQUENCE from the meeting's
`ics_sequence` (raised by the services whenever the date, time or place
changes), local times in Europe/London with a VTIMEZONE, and STATUS:CANCELLED
for a cancelled meeting.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from sendsec import __version__
from sendsec.domain.dates import clock, day_date
from sendsec.papers.safe_text import clean, one_line

TZID = "Europe/London"
PRODID = f"-//sendsec//SEND Improvement Board papers {__version__}//EN"


def london_timezone() -> Timezone:
    """Return the VTIMEZONE for Europe/London: GMT, and BST from the last Sunday in March
    to the last Sunday in October (the rule since 1996), written as yearly rules."""
    tz = Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", dt.datetime(1981, 3, 29, 1, 0, 0))
    summer.add("tzoffsetfrom", dt.timedelta(hours=0))
    summer.add("tzoffsetto", dt.timedelta(hours=1))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", dt.datetime(1996, 10, 27, 2, 0, 0))
    winter.add("tzoffsetfrom", dt.timedelta(hours=1))
    winter.add("tzoffsetto", dt.timedelta(hours=0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _local(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute)


def meeting_ics(*, board_name: str, meeting: dict, end: str, agenda_lines: list[str],
                papers_sent: dt.date | None, organiser: tuple[str, str] | None = None,
                now: dt.datetime | None = None) -> bytes:
    """Return the .ics bytes (CRLF line ends) for one meeting.

    `end` is the end time 'HH:MM' (the meeting's, or where the agenda ends);
    `organiser` is (name, email) of the secretary, written as ORGANIZER only
    when an email is known. METHOD is PUBLISH: the file adds the meeting to
    a calendar; replies go to the secretary by email.
    """
    day = dt.date.fromisoformat(meeting["meeting_date"])
    start_time = meeting["start_time"] or "10:00"
    start = _local(day, start_time)
    finish = _local(day, end) if end and end > start_time else start + dt.timedelta(hours=2)
    cancelled = meeting["status"] == "cancelled"

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add_component(london_timezone())

    event = Event()
    event.add("uid", meeting["uid"] or f"sendsec-meeting-{meeting['id']}@sendsec")
    event.add("sequence", int(meeting["ics_sequence"] or 0))
    event.add("dtstamp", (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(
        microsecond=0))
    event.add("dtstart", start, parameters={"TZID": TZID})
    event.add("dtend", finish, parameters={"TZID": TZID})
    number = f" meeting {meeting['number']}" if meeting.get("number") else " meeting"
    if meeting["kind"] == "stocktake review":
        number = " stocktake review"
    summary = one_line(f"{board_name}{number}")
    event.add("summary", f"CANCELLED: {summary}" if cancelled else summary)
    if meeting.get("venue"):
        event.add("location", one_line(meeting["venue"]))
    elif meeting.get("joining_details"):
        event.add("location", "Online")
    description = [f"{summary}, {day_date(day)} from {clock(start_time)} to "
                   f"{clock(finish.strftime('%H:%M'))}."]
    if cancelled:
        description.insert(0, "This meeting has been cancelled.")
    if meeting.get("joining_details"):
        description += ["", "Joining online:", clean(meeting["joining_details"])]
    if agenda_lines and not cancelled:
        description += ["", "Agenda:", *agenda_lines]
    if papers_sent and not cancelled:
        description += ["", f"Papers will be sent on {day_date(papers_sent)}."]
    event.add("description", "\n".join(description))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    event.add("class", "PUBLIC")
    if organiser and organiser[1]:
        event.add("organizer", f"mailto:{organiser[1]}",
                  parameters={"CN": one_line(organiser[0])})
    cal.add_component(event)
    return cal.to_ical()

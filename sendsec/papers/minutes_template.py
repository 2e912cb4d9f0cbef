"""The minutes template: attendance, one numbered minute per item, draft resolutions."""

from __future__ import annotations

from sendsec.domain.dates import clock, day_date, long_date
from sendsec.domain.labels import and_list
from sendsec.papers import covering
from sendsec.papers import part_b as part_b_text
from sendsec.papers.meeting_data import Invitee, MeetingData
from sendsec.papers.model import (
    Bullets,
    Heading,
    Paper,
    Para,
    SignatureLines,
    Table,
    para,
)

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
    # the chair first, as a council's minutes list those present (the invitations put the
    # advisers the notice names first)
    expected.sort(key=lambda i: i.person.role != "independent chair")
    paper.add(Heading("Expected", 2), Table(
        ("Name", "Role", "Organisation", "Attended (present, substitute or absent)"),
        tuple((i.person.name, i.person.role[:1].upper() + i.person.role[1:],
               i.person.organisation, "")
              for i in expected), widths=(2.4, 2.0, 2.4, 2.4)))
    apologies = _attendance_groups(data.invitees)["Apologies"]
    paper.add(Heading("Apologies received", 2),
              Bullets(tuple(apologies)) if apologies else para("None received so far."))
    invited = {i.person.id for i in data.invitees}
    officers = [i.person.described()
                + (" (board secretary)" if data.is_secretary(i.person)
                   and "secretary" not in i.person.described().lower() else "")
                + ("" if i.person.id in invited else data.presents(i.person))
                for i in data.attending()
                if i.person.role in ("officer in attendance", "secretary", "observer")
                or i.person.id not in invited or data.is_secretary(i.person)]
    paper.add(Heading("In attendance", 2),
              Bullets(tuple(officers)) if officers else para("[Officers and others present]"))

    previous_date = long_date(data.previous["meeting_date"]) if data.previous else None
    nxt = data.next_of_kind()
    covers = {**covering.reports(data), **covering.reports(data, part_b=True)}
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
            if standard == "minutes" and data.outstanding_minutes:
                dates = [long_date(m["meeting_date"]) for m in data.outstanding_minutes]
                meetings = (f"the meeting held on {dates[0]} be agreed as a correct record"
                            if len(dates) == 1 else "the meetings held on "
                            + and_list(dates) + " be agreed as correct records")
                paper.add(para(f"RESOLVED: that the minutes of {meetings} and signed by the "
                               "Chair."),
                          para("Matters arising: [none / as follows]"))
                continue
            if standard == "minutes" and previous_date:
                paper.add(para("No minutes were before the meeting for approval."),
                          para("Matters arising: [none / as follows]"))
                continue
            if standard == "next meeting":
                paper.add(para(f"The next meeting will be held on {day_date(nxt['meeting_date'])}"
                               f" at {clock(nxt['start_time'])}"
                               + (f", {nxt['venue']}." if nxt.get("venue") else ".")
                               if nxt else "The date of the next meeting will be confirmed."))
                continue
            presenter = item.record.get("presenter")
            report = covers.get(item.number)
            what = f"Paper {report.letter}" if report else "the item"
            said = (f"{presenter} presented {what}. " if presenter else
                    f"{what} was presented. " if report else "")
            paper.add(para(said + "[Summary of the discussion]"))
            paper.add(*_draft_resolutions(report.resolutions() if report else []))
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


def _draft_resolutions(texts: list[str]) -> list[Para]:
    """Return 'RESOLVED: that ...' for one recommendation, 'RESOLVED: that the board:' and
    a), b), ... for several, or an empty 'RESOLVED: that ' line to complete."""
    if not texts:
        return [para("RESOLVED: that ")]
    if len(texts) == 1:
        return [Para((("RESOLVED: ", True), (texts[0] + ".", False)))]
    out = [Para((("RESOLVED: ", True), ("that the board:", False)))]
    for n, text in enumerate(texts):
        words = text.removeprefix("that the board ")
        out.append(para(f"{'abcdefghijklmnopqrstuvwxyz'[n % 26]}) {words}"
                        + (";" if n < len(texts) - 1 else ".")))
    return out

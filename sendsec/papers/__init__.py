"""Word papers for a meeting: agenda, invitations (.docx, .ics, .eml), board pack, minutes template.

`generate(board, meeting_id, out_dir, today)` writes the full set and returns
the paths written. Everything is checked first (statutory invitees, the
template, the folder); the files are written to a temporary folder beside
the destination and moved into place only when all of them are made, so a
failure leaves the folder as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sendsec.domain.dates import day_date, long_date, parse_date
from sendsec.domain.errors import NotFound, SendsecError, os_error_reason
from sendsec.domain.labels import salutation
from sendsec.papers import attach, docx_writer, eml, naming, office, part_b
from sendsec.papers.template import template_source
from sendsec.services import registers
from sendsec.services.board import Board
from sendsec.services.folders import output_folder

if TYPE_CHECKING:  # the papers' content (and its charts: matplotlib) loads when papers are made,
    # not when the package is imported for its template or writer (the snapshot's report)
    from sendsec.domain.timetable import WorkingCalendar
    from sendsec.papers import content
    from sendsec.papers.model import Paper

__all__ = ["generate", "paper_warnings", "resolve_meeting"]

Progress = Callable[[int, int, str], None]


_DATE_SHAPED = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")


def resolve_meeting(board: Board, spec: str | int, today: dt.date) -> dict[str, Any]:
    """Return the meeting named by `spec`: 'next' (the next planned meeting on or after
    today), a meeting id, or a date (YYYY-MM-DD or 31/01/2025). Raise SendsecError if none."""
    text = str(spec).strip()
    if text.lower() == "next":
        meeting = registers.cycle(board, today).next_meeting
        if meeting is None:
            raise SendsecError(f"There is no planned meeting on or after {long_date(today)}.")
        return meeting
    if re.fullmatch(r"\d{1,9}", text):
        try:
            meeting = board.get("meeting", int(text))
        except NotFound:
            raise SendsecError(f"There is no meeting with id {text}.") from None
        if meeting["archived"]:
            raise SendsecError(f"Meeting {text} is archived.")
        return meeting
    try:
        day = parse_date(text)
    except ValueError as exc:
        if _DATE_SHAPED.fullmatch(text):  # '31/02/2026': say what is wrong with the date
            raise SendsecError(f"{exc}.") from None
        day = None
    if day is None:
        raise SendsecError(f"'{text}' is not a meeting: give next, a meeting id or a date "
                           "(YYYY-MM-DD).")
    found = [m for m in board.rows("meeting") if m["meeting_date"] == day.isoformat()]
    if not found:
        raise SendsecError(f"There is no meeting on {long_date(day)}.")
    live = [m for m in found if m["status"] != "cancelled"] or found
    if len(live) > 1:
        ids = ", ".join(str(m["id"]) for m in live)
        raise SendsecError(f"There are {len(live)} meetings on {long_date(day)} (ids {ids}): "
                           "give the id instead.")
    return live[0]


def paper_warnings(board: Board, meeting_id: int, today: dt.date) -> list[str]:
    """Return what the secretary should know before sending (e.g. invitees with no email)."""
    from sendsec.papers import content

    return content.warnings_for(content.gather(board, meeting_id, today))


def _check_folder(out_dir: Path) -> None:
    output_folder(out_dir)


def _check_replaceable(path: Path) -> None:
    """Raise SendsecError when an existing paper cannot be overwritten (e.g. open in Word)."""
    if not path.exists():
        return
    try:
        with path.open("r+b"):
            pass
    except OSError as exc:
        raise SendsecError(f"'{path.name}' cannot be replaced ({exc.strerror or exc}); close it "
                           "(it may be open in Word or Outlook) and try again. No papers were "
                           "changed.") from None


def generate(board: Board, meeting_id: int, out_dir: str | os.PathLike, today: dt.date,
             progress: Progress | None = None, *,
             warn: Callable[[str], None] | None = None, pdf: bool = False,
             attached_in: Sequence[Path] = (), invitations: bool = True) -> list[Path]:
    """Write every paper for the meeting into `out_dir`; return the paths written, in order:
    agenda, invitation letters, the .ics, the email drafts, the board pack, the minutes
    template, the Part B pack and minutes template when there are confidential items (for a
    cancelled meeting: the .ics, cancellation letters and drafts), and with
    `pdf` the board pack's PDF made by the office suite the machine has, its page numbers
    then shown in the pack's contents and the agenda's "(Pages x – y)" (without an office
    suite `warn` says so once and the .docx papers are still written). Without `invitations`
    (papers made from a snapshot, to read), no letters, calendar file or email drafts: those
    are the secretary's to send.

    `progress(step, total, label)` is called before each file (from the calling thread);
    `warn(line)` with each warning (invitees without an email, an agenda that overruns).
    Papers from others are looked for in `out_dir`, then in `attached_in` (the meeting's
    papers folder where the app attached them, when the papers are written elsewhere).
    Raises SendsecError, writing nothing, when a statutory invitee is missing, the
    template is unusable or the folder cannot be written.
    """
    from sendsec.papers import content, ics

    report = progress or (lambda step, total, label: None)
    data = content.gather(board, meeting_id, today)
    if not data.cancelled:
        content.check_statutory(data)
    template = template_source(data.settings.get("template_path"))
    out = Path(out_dir)
    _check_folder(out)
    for line in content.warnings_for(data):
        if warn:
            warn(line)

    calendar = board.calendar()
    day = data.date
    name = data.board_name

    limit = naming.name_limit(out.resolve())
    if limit < 80:
        raise SendsecError(f"The folder '{out}' is too deep for the papers' names to stay within "
                           "Windows' 260-character path limit: choose a shorter folder.")

    def file(paper: str, ext: str, person: str | None = None) -> str:
        return naming.paper_name(day, name, paper, ext, person, limit)

    addressees = data.addressees()
    people = naming.unique_names([i.person.name for i in addressees])
    letter_kind = "Cancellation" if data.cancelled else "Invitation"
    plan: list[tuple[str, str]] = []  # (file name, what) in output order
    if not data.cancelled:
        plan.append((file("Agenda", "docx"), "agenda"))
    if not invitations:
        addressees, people = [], []
    letters = [file(letter_kind, "docx", p) for p in people]
    # an invitee with no email address gets a letter to send by hand, never a draft with an
    # empty To line (warnings_for names them in one line)
    emailed = [(i, p) for i, p in zip(addressees, people, strict=True) if i.person.email]
    drafts = [file(letter_kind, "eml", p) for _, p in emailed]
    ics_name = file("", "ics")
    plan += [(n, "letter") for n in letters] + ([(ics_name, "ics")] if invitations else []) \
        + [(n, "draft") for n in drafts]
    if not plan:  # a cancelled meeting, from a snapshot: its papers are all the secretary's
        return []
    if not data.cancelled:
        plan += [(file("Board pack", "docx"), "pack"),
                 (file("Minutes template", "docx"), "minutes")]
        if data.part(True):
            plan += [(file(part_b.PACK, "docx"), "pack part b"),
                     (file(part_b.MINUTES_TEMPLATE, "docx"), "minutes part b")]
    suite = office.find_office() if pdf and not data.cancelled else None
    if pdf and not data.cancelled and suite is None and warn:
        warn(office.NO_OFFICE)
    if suite is not None:
        plan.append((file("Board pack", "pdf"), "pack pdf"))
        if data.part(True):  # the Part B items' page references point into it
            plan.append((file(part_b.PACK, "pdf"), "pack part b pdf"))
    for filename, _ in plan:
        _check_replaceable(out / filename)

    total = len(plan) + 1
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".sendsec-papers-{os.getpid()}-", dir=out))
    except OSError as exc:
        raise SendsecError(f"Papers cannot be written to '{out}': {exc.strerror or exc}.") \
            from None
    try:
        step = 0

        def tick(label: str) -> None:
            nonlocal step
            step += 1
            report(step, total, label)

        agenda_lines = [f"{i.number}. " + (f"{i.time}: " if i.timed else "") + i.title
                        for i in data.items]
        secretary = (data.secretary.name, data.secretary.email) if data.secretary else None
        ics_bytes = ics.meeting_ics(board_name=name, meeting=data.meeting, end=data.end,
                                    agenda_lines=agenda_lines, papers_sent=data.papers_sent(),
                                    organiser=secretary)
        if not data.cancelled:
            tick("Agenda")
            docx_writer.write_paper(content.agenda(data), template, staging / plan[0][0])
        attached: dict[str, Path] = {}  # the papers others wrote, by letter
        if not data.cancelled:
            # out_dir first (its paper wins), each folder once
            for folder in dict.fromkeys(Path(f).resolve() for f in (out, *attached_in)):
                for paper_letter, path in attachments(folder, warn).items():
                    attached.setdefault(paper_letter, path)
        for invitee, letter in zip(addressees, letters, strict=True):
            tick(f"{letter_kind} to {invitee.person.name}")
            paper = (content.cancellation(data, invitee) if data.cancelled
                     else content.invitation(data, invitee, calendar, attached))
            docx_writer.write_paper(paper, template, staging / letter)
        if invitations:
            tick("Calendar file")
            (staging / ics_name).write_bytes(ics_bytes)
        by_person = dict(zip(people, letters, strict=True))
        for (invitee, person), draft_name in zip(emailed, drafts, strict=True):
            letter = by_person[person]
            tick(f"Email draft to {invitee.person.name}")
            (staging / draft_name).write_bytes(_draft(data, invitee, letter, staging,
                                                      ics_name, ics_bytes, calendar))
        if not data.cancelled:
            tick("Board pack (charts)")
            pack = content.board_pack(data, content.board_labels_for(board), attached)
            pack_name = file("Board pack", "docx")
            docx_writer.write_paper(pack, template, staging / pack_name)
            part_b_pack: Paper | None = None
            if data.part(True):
                tick("Board pack (Part B, not for publication)")
                part_b_pack = content.part_b_pack(data, attached)
                docx_writer.write_paper(part_b_pack, template,
                                        staging / file(part_b.PACK, "docx"))
            tick("Minutes template")
            docx_writer.write_paper(content.minutes_template(data), template,
                                    staging / file("Minutes template", "docx"))
            if data.part(True):
                tick("Minutes template (Part B)")
                docx_writer.write_paper(content.minutes_template(data, part_b=True), template,
                                        staging / file(part_b.MINUTES_TEMPLATE, "docx"))
        if suite is not None:
            tick("Board pack PDF")
            pdf_name = file("Board pack", "pdf")
            secret = (part_b_pack, file(part_b.PACK, "docx"), file(part_b.PACK, "pdf")) \
                if part_b_pack else None
            if not _lay_out(data, pack, template, staging, pack_name, file("Agenda", "docx"),
                            pdf_name, suite, warn, secret):
                plan.remove((pdf_name, "pack pdf"))
            # a PDF that could not be made is not in the plan (warn said why)
            plan = [(n, what) for n, what in plan
                    if what != "pack part b pdf" or (staging / n).exists()]
            for name in (pdf_name, file(part_b.PACK, "pdf")):
                if (out / name).exists() and all(n != name for n, _ in plan) and warn:
                    warn(stale_pdf(name))
        written = []
        for filename, _ in plan:
            target = out / filename
            os.replace(staging / filename, target)
            written.append(target)
        report(total, total, "Done")
        return written
    except OSError as exc:
        named = isinstance(exc.filename, (str, os.PathLike))
        where = f" ('{Path(exc.filename).name}')" if named else ""
        raise SendsecError(f"Papers could not be written to '{out}': {os_error_reason(exc)}"
                           f"{where}. No papers were changed.") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def stale_pdf(name: str) -> str:
    """Return the warning for a PDF of an earlier run that this run could not make again."""
    return (f"'{name}', made by an earlier run, is still in the folder and no longer matches "
            "the papers: delete it, or make the PDF again.")


def attachments(folder: Path, warn: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Return the papers others wrote, by letter: each .docx in the meeting's folder whose
    name starts 'Paper D' (e.g. 'Paper D - Neurodevelopmental pathway.docx'), merged into the
    pack in place of 'to follow'. One that cannot be read (damaged, not Word, with macros) is
    left out, and `warn` says so in one line naming it."""
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.docx")):
        letter = attach.letter_of_file(path)
        if letter is None or letter in found:
            continue
        why = attach.problem(path)
        if why is None:
            try:
                import docx

                docx.Document(str(path))
            except Exception:  # noqa: BLE001 - any unreadable file is left out, and said
                why = f"'{path.name}' is not a Word document that can be read."
        if why:
            if warn:
                warn(f"{why} Paper {letter} is shown as to follow.")
            continue
        found[letter] = path
    return found


def _lay_out(data: content.MeetingData, pack: Paper, template: bytes, staging: Path, pack_name: str,
             agenda_name: str, pdf_name: str, suite: office.Office,
             warn: Callable[[str], None] | None,
             secret: tuple[Paper, str, str] | None = None) -> bool:
    """Make the pack's PDF with the office suite, then write its page numbers into the
    pack's contents and the agenda's "(Pages x – y)"; return whether the PDF was made
    (when it was not, `warn` says why and the .docx papers stand as written). The Part B
    pack (`secret`: its paper, file name and PDF's name) becomes a PDF too, which numbers its
    contents and its items' "(Pages x – y of the Part B pack)", so that the pages named are
    those of a file sent with the papers; when it cannot be, they show no page numbers."""
    from sendsec.papers import content

    say = warn or (lambda line: None)
    try:
        pages = office.lay_out(suite, staging / pack_name, staging / pdf_name,
                               _writer(pack, template))
    except SendsecError as exc:
        say(f"{exc} The .docx papers are written.")
        return False
    if not pages:
        say(office.UNREAD.replace("the .docx contents", "the .docx contents and the agenda"))
        _lay_out_part_b(data, template, staging, suite, say, secret)  # its PDF all the same
        return True
    sections = docx_writer.section_pages(pack, pages, pages.get(office.PAGES, 0))
    part_b_pages = _lay_out_part_b(data, template, staging, suite, say, secret)
    docx_writer.write_paper(content.agenda(data, content.item_pages(data.items, sections),
                                           part_b_pages),
                            template, staging / agenda_name)
    return True


def _lay_out_part_b(data: content.MeetingData, template: bytes, staging: Path,
                    suite: office.Office, say: Callable[[str], None],
                    secret: tuple[Paper, str, str] | None) -> dict[int, tuple[int, int]]:
    """Make the Part B pack's PDF, write its page numbers into its .docx contents, and
    return {Part B item number: (first, last) page of the Part B pack} ({}
    without a Part B pack, or when it cannot be laid out: `say` tells why)."""
    from sendsec.papers import content

    if secret is None:
        return {}
    paper, name, pdf_name = secret
    try:
        pages = office.lay_out(suite, staging / name, staging / pdf_name,
                               _writer(paper, template))
    except SendsecError as exc:
        say(f"{exc} The Part B items on the agenda show no page numbers.")
        return {}
    if not pages:
        return {}
    sections = docx_writer.section_pages(paper, pages, pages.get(office.PAGES, 0))
    secret_items = {i.number for i in data.part(True)}
    return {number: span for number, span in
            content.item_pages(data.items, sections, part_b=True).items()
            if number in secret_items}


def _writer(paper: Paper, template: bytes) -> Callable[[Path, Mapping[str, int] | None], object]:
    """Return what writes `paper` at a path with the contents' page numbers it is given."""
    return lambda path, pages: docx_writer.write_paper(paper, template, path, pages=pages)


def _draft(data: content.MeetingData, invitee: content.Invitee, letter: str, staging: Path,
           ics_name: str, ics_bytes: bytes, calendar: WorkingCalendar) -> bytes:
    person = invitee.person
    when = f"{day_date(data.date)} from {data.time_text}"
    venue = data.meeting.get("venue") or "online"
    named = data.number_text.removeprefix("the ")  # a subject line: 'stocktake review'
    if data.cancelled:
        subject = f"Cancelled: {data.board_name}, {named}, {day_date(data.date)}"
        body = (f"Dear {salutation(person.name)},\n\n{data.number_text[0].upper()}{data.number_text[1:]} of "
                f"the {data.board_name}, planned for {when}, has been cancelled. The attached "
                "letter gives the details, and the attached calendar file removes the meeting "
                "from your calendar.\n")
    else:
        subject = f"Invitation: {data.board_name}, {named}, {day_date(data.date)}"
        sent = data.papers_sent()
        body = (f"Dear {salutation(person.name)},\n\nYou are invited to {data.number_text} of the "
                f"{data.board_name} on {when}, at {venue}.\n\n"
                "Your invitation letter, with the agenda in brief, is attached, with a calendar "
                "file to add the meeting to your calendar.\n\n")
        if data.meeting.get("joining_details"):
            body += f"Joining online:\n{data.meeting['joining_details']}\n\n"
        if sent:
            body += f"The papers will be sent on {day_date(sent)}. "
        body += (f"Please reply by {day_date(data.reply_by(calendar))} to say whether you will "
                 "attend, or to send your apologies.\n")
    sign = data.secretary.name if data.secretary else ""
    body += f"\nKind regards\n\n{sign}\nSecretary to the {data.board_name}\n"
    return eml.draft(
        to=(person.name, person.email),
        sender=(data.secretary.name, data.secretary.email) if data.secretary else None,
        subject=subject, body=body,
        attachments=[(letter, (staging / letter).read_bytes(), eml.DOCX_TYPE),
                     (ics_name, ics_bytes, eml.ICS_TYPE)])


def papers_for_meeting(board: Board, meeting_id: int, out_dir: str | os.PathLike,
                       today: dt.date, progress: Progress | None = None, *,
                       warn: Callable[[str], None] | None = None,
                       publish_anyway: bool = False, pdf: bool = False,
                       attached_in: Sequence[Path] = (), invitations: bool | None = None
                       ) -> list[Path]:
    """Write the papers a meeting needs at its stage; return the paths written.

    Before it is held: the agenda, invitations, .ics, drafts, board pack and
    minutes template (`generate`), plus the self-assessment for a stocktake
    review (notice 10); with `pdf`, the board pack's and the self-assessment's PDFs, their
    contents numbered from them. Once held: its minutes, the actions-from-the-minutes
    extract (DRAFT until approved) and the chair's public update (.docx and .html),
    after the publishability check of the public papers (PublishabilityError lists what
    must not be published, and nothing is written, unless `publish_anyway`).
    `invitations` (letters, calendar file, email drafts) are written unless the board is a
    snapshot (its papers are to read: the secretary sends the invitations), or as given.
    """
    from sendsec.domain.entities import HELD_STATUSES

    out_dir = Path(out_dir)
    meeting = board.get("meeting", meeting_id)
    if meeting["status"] in HELD_STATUSES:
        from sendsec.papers.chair_update import check_public, write_chair_update
        from sendsec.papers.minutes import write_minutes

        check_public(board, meeting_id, publish_anyway=publish_anyway, warn=warn)
        if progress:
            progress(0, 2, "Minutes")
        paths = write_minutes(board, meeting_id, out_dir, today)
        if progress:
            progress(1, 2, "Chair's update")
        paths += write_chair_update(board, meeting_id, out_dir, publish_anyway=True)
        if progress:
            progress(2, 2, "Done")
        return paths
    if invitations is None:
        invitations = getattr(board, "snapshot_info", None) is None
    paths = generate(board, meeting_id, out_dir, today, progress, warn=warn, pdf=pdf,
                     attached_in=attached_in, invitations=invitations)
    if meeting["kind"] == "stocktake review":
        from sendsec.papers.self_assessment import generate_for_meeting

        # generate has said, once, when there is no office suite for the PDFs
        suite = office.find_office() if pdf else None
        if progress:
            progress(len(paths), len(paths) + 1,
                     "Self-assessment and its PDF" if suite else "Self-assessment")
        paths += generate_for_meeting(board, meeting_id, out_dir, today, suite=suite,
                                      warn=warn)
    return paths

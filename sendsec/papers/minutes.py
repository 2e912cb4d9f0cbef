"""The minutes of a held meeting, and the 'actions from the minutes' extract.

Written from what was captured when the meeting was taken (attendance,
declarations, one minute per agenda item with its discussion, resolutions and
actions arising), in the council style of the seeds: "Minutes of a meeting of
the ... held at ... on ... at ...", Present / Substitutes / Also present /
Apologies / Officers, numbered minutes that continue across meetings,
"RESOLVED: that ...", "The meeting closed at ...", and Chair and Date lines.
Until the minutes are approved at a later meeting the document is marked
DRAFT (page header, title and a line under it); once approved the marking is
gone and the approval is stated.

`minutes_paper` and `actions_extract_paper` build plain `Paper` blocks;
`write_minutes` writes both documents.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx.shared import Pt

from sendsec.domain import rules
from sendsec.domain.dates import clock, day_date, long_date
from sendsec.domain.entities import HELD_STATUSES, STATUTORY_ROLES
from sendsec.domain.errors import SendsecError
from sendsec.domain.labels import and_list, natural_key
from sendsec.papers import part_b as part_b_text
from sendsec.papers.docx_writer import build_document
from sendsec.papers.meeting_data import names_organisation
from sendsec.papers.minutes_template import ATTENDANCE_HEADINGS, attendance_heading
from sendsec.papers.model import Bullets, Heading, Paper, Para, SignatureLines, Table, para
from sendsec.papers.naming import paper_name
from sendsec.papers.safe_text import clean
from sendsec.papers.template import template_source
from sendsec.services import registers
from sendsec.services.board import Board
from sendsec.services.folders import output_folder, replace_file
from sendsec.services.meeting_cycle import resolution_text

DRAFT_LINE = ("DRAFT: these minutes are subject to approval by the board at its next meeting "
              "and may change.")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_BULLET = re.compile(r"^\s*(?:[-\u2022*])\s+")


def _described(p: dict[str, Any]) -> str:
    role = ""
    if p["role"] == "independent chair":
        role = "Independent Chair"
    elif p["role"] in STATUTORY_ROLES or p["role"] in ("parent carer forum representative",
                                                        "elected member", "observer"):
        role = p["role"][0].upper() + p["role"][1:]
    parts = [p["name"]]
    organisation = "" if names_organisation(p.get("title"), p.get("organisation")) \
        else p.get("organisation_short") or p.get("organisation")
    detail = ", ".join(x for x in (p.get("title") or role, organisation) if x)
    if detail:
        parts.append(f"({detail})")
    return " ".join(parts)


def attendance_groups(board: Board, meeting_id: int) -> dict[str, list[str]]:
    """Return the names under each heading of the attendance block.

    Keys: Present (members, the Chair first), Substitutes ('X for Y'), Also present
    (advisers, observers and others in attendance), Apologies, Officers, Absent,
    Not recorded (invited, attendance not yet recorded).
    """
    people = {p["id"]: p for p in registers.people_rows(board, include_archived=True)}
    groups: dict[str, list[tuple[tuple, str]]] = {k: [] for k in ATTENDANCE_HEADINGS}
    for inv in board.rows("invitee", parent_id=meeting_id):
        p = people.get(inv["person_id"])
        if p is None:
            continue
        state, role = inv["attendance"], p["role"]
        key = (0 if role == "independent chair" else 1, p["name"].casefold())
        text = _described(p)
        if state == "substitute":
            whom = people.get(inv["substitute_for_id"])
            text = f"{text} for {whom['name'] if whom else 'a member'}"
        groups[attendance_heading(role, state)].append((key, text))
    return {k: [t for _, t in sorted(v)] for k, v in groups.items()}


def apologies_sentence(board: Board, meeting_id: int) -> str:
    """Return 'Apologies were received from A and B. C attended as a substitute for B.'"""
    people = {p["id"]: p for p in board.rows("person", include_archived=True)}
    invitees = board.rows("invitee", parent_id=meeting_id)
    names = sorted(people[i["person_id"]]["name"] for i in invitees
                   if i["attendance"] == "apologies" and i["person_id"] in people)
    text = ("Apologies were received from " + and_list(names) + "." if names
            else "There were no apologies for absence.")
    for i in invitees:
        if i["attendance"] == "substitute" and i["person_id"] in people:
            whom = people.get(i["substitute_for_id"])
            text += (f" {people[i['person_id']]['name']} attended as a substitute for "
                     f"{whom['name'] if whom else 'a member'}.")
    return text


def _paragraphs(text: str | None) -> list[Any]:
    """Return the discussion as blocks: paragraphs split at blank lines, '- ' lines as bullets."""
    out: list[Any] = []
    body = clean(text).strip()
    if not body:
        return out
    for chunk in re.split(r"\n\s*\n", body):
        lines = [ln for ln in chunk.split("\n") if ln.strip()]
        if lines and all(_BULLET.match(ln) for ln in lines):
            out.append(Bullets(tuple(_BULLET.sub("", ln) for ln in lines)))
        else:
            out.append(para("\n".join(lines)))
    return out


def resolution_blocks(texts: list[str]) -> list[Para]:
    """Return 'RESOLVED: that ...' (one) or 'RESOLVED: that:' with a), b), ... (several)."""
    if not texts:
        return []
    if len(texts) == 1:
        return [Para((("RESOLVED: ", True), (f"that {texts[0]}", False)))]
    out = [Para((("RESOLVED: ", True), ("that:", False)))]
    for i, text in enumerate(texts):
        label = _LETTERS[i] if i < len(_LETTERS) else str(i + 1)
        out.append(para(f"{label}) {text}"))
    return out


def _status_word(a: dict[str, Any]) -> str:
    word = a["status"][0].upper() + a["status"][1:]
    return word + (" (overdue)" if a.get("overdue") else "")


def _owner(a: dict[str, Any]) -> str:
    if not a.get("owner_name"):
        return "No owner"
    return a["owner_name"] + (f" ({a['owner_organisation']})" if a.get("owner_organisation")
                              else "")


def _meeting_words(meeting: dict[str, Any]) -> str:
    if meeting["kind"] == "stocktake review":
        return "a stocktake review meeting"
    if meeting["kind"] == "extraordinary":
        return "an extraordinary meeting"
    return "a meeting"


def minutes_title(board_name: str, meeting: dict[str, Any]) -> str:
    """Return 'Minutes of a meeting of the <board> held at <venue> on <Day date> at <time>'."""
    venue = meeting.get("venue") or "an online meeting"
    name = board_name if board_name.lower().startswith("the ") else f"the {board_name}"
    return (f"Minutes of {_meeting_words(meeting)} of {name} held at {venue} on "
            f"{day_date(meeting['meeting_date'])} at {clock(meeting['start_time'])}")


def _approval(board: Board, meeting: dict[str, Any]) -> str | None:
    at = meeting.get("approved_at_meeting_id")
    if meeting["status"] != "minutes approved":
        return None
    if not at:
        return "These minutes have been approved as a correct record."
    when = board.get("meeting", at)
    item = next((i for i in board.rows("agenda_item", parent_id=at)
                 if i["standard"] == "minutes"), None)
    minute = board.find("minute", agenda_item_id=item["id"], archived=0) if item else None
    ref = f" (minute {minute['number']})" if minute else ""
    return (f"Approved as a correct record at the meeting held on "
            f"{long_date(when['meeting_date'])}{ref}.")


def _check_held(board: Board, meeting: dict[str, Any]) -> None:
    if meeting["status"] not in HELD_STATUSES:
        raise SendsecError(f"{board.label('meeting', meeting['id'])} has not been held (its "
                           f"status is '{meeting['status']}'): there are no minutes to "
                           "produce yet. Mark it held first.")


def minutes_paper(board: Board, meeting_id: int, today: dt.date, *, part_b: bool = False
                  ) -> Paper:
    """Return the minutes of a held meeting as a Paper (draft until approved): the public
    minutes, which say only which minute numbers are in Part B, or with `part_b` the
    confidential items' minutes alone, marked not for publication."""
    meeting = board.get("meeting", meeting_id)
    _check_held(board, meeting)
    settings = board.settings()
    board_name = settings["name"]
    draft = meeting["status"] != "minutes approved"
    title = minutes_title(board_name, meeting) + (part_b_text.TITLE if part_b else "")
    secretary = board.find("person", id=settings["secretary_id"]) if settings.get(
        "secretary_id") else None
    paper = Paper("minutes", title + (" - DRAFT" if draft else ""),
                  f"Minutes of {board.label('meeting', meeting_id)}",
                  secretary["name"] if secretary else board_name,
                  header_text=(part_b_text.HEADER if part_b else "")
                  + f"{board_name} | Minutes | {long_date(meeting['meeting_date'])}",
                  draft=draft)
    paper.add(Heading(title + (" - DRAFT" if draft else ""), 0))
    if part_b:
        paper.add(para(part_b_text.MARK, bold=True))
    if draft:
        paper.add(para(DRAFT_LINE, bold=True))
    else:
        paper.add(para(_approval(board, meeting) or "", italic=True))

    groups = attendance_groups(board, meeting_id)
    rows = [(label, "\n".join(names)) for label, names in groups.items()
            if names and label != "Not recorded"]
    if rows:
        paper.add(Table(("Attendance", "Names"), tuple(rows), widths=(1.2, 4.8),
                        bold_first_column=True))
    else:
        paper.add(para("Attendance was not recorded.", italic=True))
    if groups["Not recorded"] and draft:
        paper.add(para("Attendance not yet recorded for: " + "; ".join(groups["Not recorded"])
                       + ".", italic=True))

    minutes = board.rows("minute", parent_id=meeting_id)
    items = {i["id"]: i for i in board.rows("agenda_item", parent_id=meeting_id)}
    people = {p["id"]: p for p in board.rows("person", include_archived=True)}
    actions = registers.action_rows(board, today)
    by_minute: dict[int, list[dict]] = {}
    for a in actions:
        if a["minute_id"]:
            by_minute.setdefault(a["minute_id"], []).append(a)
    declarations = board.rows("declaration", parent_id=meeting_id)
    item_minute = {m["agenda_item_id"]: m["number"] for m in minutes}

    def declared(d: dict) -> str:
        who = people.get(d["person_id"], {}).get("name", "Unknown")
        where = ""
        if d["agenda_item_id"] in items:
            num = item_minute.get(d["agenda_item_id"])
            where = f" in the item '{items[d['agenda_item_id']]['title']}'" + (
                f" (minute {num})" if num else "")
        return f"{who} declared an interest{where}: {d['interest'].strip()}"

    def order(m: dict) -> tuple:
        item = items.get(m["agenda_item_id"])
        return (1 if item and item["confidential"] else 0, m["number"])

    if not minutes:
        paper.add(para("No minutes have been recorded for this meeting yet.", italic=True))
    exempt = [m for m in sorted(minutes, key=order)
              if (items.get(m["agenda_item_id"]) or {}).get("confidential")]
    if exempt and not part_b:
        paper.add(Heading("Exclusion of the press and public", 1),
                  Para((("RESOLVED: ", True), (part_b_text.EXCLUSION, False))),
                  para(part_b_text.numbers_note([m["number"] for m in exempt]), italic=True))
    elif part_b:
        paper.add(Para((("RESOLVED: ", True), (part_b_text.EXCLUSION, False))))
    for m in sorted(minutes, key=order):
        item = items.get(m["agenda_item_id"]) or {}
        if bool(item.get("confidential")) != part_b:
            continue
        paper.add(Heading(f"{m['number']}. {m['heading']}", 1))
        standard = item.get("standard")
        blocks = _paragraphs(m["discussion"])
        if standard == "welcome" and "apolog" not in (m["discussion"] or "").lower():
            blocks.append(para(("" if blocks else "The Chair welcomed everyone to the meeting. ")
                               + apologies_sentence(board, meeting_id)))
        if standard == "declarations":
            said = (m["discussion"] or "").lower()
            if declarations:
                blocks += [para(declared(d) + ("" if d["interest"].strip().endswith(".")
                                               else ".")) for d in declarations]
            elif "no declaration" not in said and "no interests" not in said:
                blocks.append(para("There were no declarations of interest."))
        else:
            for d in declarations:
                if d["agenda_item_id"] == m["agenda_item_id"] and m["agenda_item_id"]:
                    blocks.append(para(f"{people.get(d['person_id'], {}).get('name', 'Unknown')}"
                                       " had declared an interest in this item.", italic=True))
        resolutions = [resolution_text(r["text"])
                       for r in board.rows("resolution", parent_id=m["id"])]
        arising = sorted(by_minute.get(m["id"], []), key=lambda a: natural_key(a["ref"]))
        if standard == "next meeting" and not blocks and not resolutions:
            blocks.append(_next_meeting(board, meeting))
        if not blocks and not resolutions and not arising:
            blocks.append(para("No discussion was recorded for this item.", italic=True))
        paper.add(*blocks, *resolution_blocks(resolutions))
        if arising:
            paper.add(Para((("Actions arising", True),)))
            paper.add(Table(("Ref", "Action", "Owner", "Due"), tuple(
                (a["ref"], a["title"], _owner(a),
                 long_date(a["effective_due"]) if a["effective_due"] else "No date")
                for a in arising), widths=(1.4, 3.9, 2.2, 1.6), bold_first_column=True))
    closed = meeting.get("closed_at")
    paper.add(para(f"The meeting closed at {clock(closed)}." if closed
                   else "The meeting closed at ____________"))
    paper.add(SignatureLines())
    return paper


def has_part_b(board: Board, meeting_id: int) -> bool:
    """Return whether the meeting minuted any confidential (Part B) item."""
    items = {i["id"]: i for i in board.rows("agenda_item", parent_id=meeting_id)}
    return any((items.get(m["agenda_item_id"]) or {}).get("confidential")
               for m in board.rows("minute", parent_id=meeting_id))


def _next_meeting(board: Board, meeting: dict[str, Any]) -> Para:
    later = [m for m in board.rows("meeting") if m["meeting_date"] > meeting["meeting_date"]
             and m["status"] != "cancelled"]
    if not later:
        return para("The date of the next meeting will be confirmed.")
    # a board meeting's next meeting is the next board meeting, not a stocktake review (as
    # its minutes template says)
    stocktake = meeting["kind"] == "stocktake review"
    nxt = next((m for m in later if (m["kind"] == "stocktake review") == stocktake), later[0])
    venue = f" at {nxt['venue']}" if nxt.get("venue") else ""
    return para(f"The next meeting will be held on {day_date(nxt['meeting_date'])} at "
                f"{clock(nxt['start_time'])}{venue}.")


def actions_extract_paper(board: Board, meeting_id: int, today: dt.date) -> Paper:
    """Return the table of every action arising from the meeting's minutes, as it stands today."""
    meeting = board.get("meeting", meeting_id)
    _check_held(board, meeting)
    settings = board.settings()
    board_name = settings["name"]
    when = long_date(meeting["meeting_date"])
    minutes = {m["id"]: m for m in board.rows("minute", parent_id=meeting_id)}
    rows = [a for a in registers.action_rows(board, today) if a["minute_id"] in minutes]
    rows.sort(key=lambda a: (minutes[a["minute_id"]]["number"], natural_key(a["ref"])))
    paper = Paper("actions from the minutes", f"{board_name}: actions from the minutes, {when}",
                  f"Actions arising from the minutes of {board.label('meeting', meeting_id)}",
                  board_name, header_text=f"{board_name} | Actions from the minutes | {when}")
    paper.add(Heading(f"Actions from the minutes: {board_name}", 0))
    paper.add(para(f"Actions arising from the minutes of {_meeting_words(meeting)} held on "
                   f"{day_date(meeting['meeting_date'])}, with their status on "
                   f"{long_date(today)}."))
    if meeting["status"] != "minutes approved":
        paper.add(para("The minutes are a draft until the board approves them.", italic=True))
    if rows:
        paper.add(Table(("Minute", "Ref", "Action", "Owner", "Due date", "Status", "RAG"),
                        tuple((str(minutes[a["minute_id"]]["number"]), a["ref"], a["title"],
                               _owner(a), long_date(a["effective_due"]) if a["effective_due"]
                               else "No date", _status_word(a), rules.rag_label(a["rag"]))
                              for a in rows),
                        widths=(1.2, 1.4, 3.5, 2.0, 1.6, 1.4, 1.1), rag_columns=(6,)))
        open_count = sum(1 for a in rows if a["status"] in rules.OPEN_STATUSES)
        paper.add(para(f"{len(rows)} action{'s' if len(rows) != 1 else ''} arose; "
                       f"{open_count} {'is' if open_count == 1 else 'are'} still open."))
    else:
        paper.add(para("No actions arose from the minutes of this meeting."))
    return paper


# ---------------------------------------------------------------------------- writing


def save_paper(paper: Paper, template: bytes, path: Path, *, title_points: int | None = None,
               now: dt.datetime | None = None, pages: Mapping[str, int] | None = None) -> Path:
    """Write `paper` to `path` through a temporary file; return `path`.

    `title_points` shrinks a long title (the minutes' one-sentence title) to fit; `pages`
    numbers its contents as `docx_writer.build_document` says.
    """
    doc = build_document(paper, template, now=now, pages=pages)
    if title_points:
        for p in doc.paragraphs:
            if p.style is not None and p.style.name == "Title":
                for run in p.runs:
                    run.font.size = Pt(title_points)
                break
    return replace_file(path, lambda tmp: doc.save(str(tmp)), held_by="Word")


def out_folder(out_dir: str | Path) -> Path:
    """Return `out_dir` as a folder that exists, or raise SendsecError saying why it cannot."""
    return output_folder(out_dir)


def write_minutes(board: Board, meeting_id: int, out_dir: str | Path, today: dt.date,
                  *, now: dt.datetime | None = None) -> list[Path]:
    """Write the minutes and the actions-from-the-minutes extract of a held meeting.

    Return [minutes path, extract path] and, when a confidential item was minuted, the Part B
    minutes' path (a document of their own). Raise SendsecError for a meeting not held.
    """
    minutes = minutes_paper(board, meeting_id, today)
    extract = actions_extract_paper(board, meeting_id, today)
    out = out_folder(out_dir)
    settings = board.settings()
    template = template_source(settings.get("template_path"))
    meeting = board.get("meeting", meeting_id)
    name = settings["name"]
    paths = [
        save_paper(minutes, template, out / paper_name(meeting["meeting_date"], name, "Minutes",
                                                       ".docx"), title_points=16, now=now),
        save_paper(extract, template, out / paper_name(meeting["meeting_date"], name,
                                                       "Actions from the minutes", ".docx"),
                   title_points=18, now=now),
    ]
    if has_part_b(board, meeting_id):
        paths.append(save_paper(minutes_paper(board, meeting_id, today, part_b=True), template,
                                out / paper_name(meeting["meeting_date"], name, part_b_text.MINUTES,
                                                 ".docx"), title_points=16, now=now))
    return paths

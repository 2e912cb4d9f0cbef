"""The chair's update: a plain-English public summary of a held meeting, as .docx and HTML.

Real boards publish one after each meeting ("What was said / What we will do",
"You said, we did"); GOV.UK guidance prefers accessible HTML to documents. It is built
from the records of a held meeting:

- per substantive agenda item (not Part B, not the procedural items): what was said
  (the minute's discussion) and what we will do (its resolutions and the actions arising);
- "You said, we did" from the impact log's family and young people's voice entries of the
  meeting's cycle;
- the next board meeting.

No Part B content, and no names other than the office holders': a board member's name in
the minutes is replaced by their job title ("the Director of Children's Services"), the
independent chair's name is kept. `chair_update(board, meeting_id)` returns plain data;
`to_paper` and `to_html` write it; `write_chair_update` checks publishability first.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sendsec.domain.dates import clock, day_date, long_date
from sendsec.domain.entities import HELD_STATUSES
from sendsec.domain.errors import SendsecError
from sendsec.papers import publishable
from sendsec.papers.model import Bullets, Heading, Paper, Table, para
from sendsec.papers.naming import paper_name
from sendsec.papers.safe_text import clean
from sendsec.services.board import Board
from sendsec.services.meeting_cycle import resolution_text

#: Agenda items that are procedure, not business, and stay out of the public update.
_PROCEDURAL = ("welcome", "declarations", "minutes", "aob", "next meeting")
_SPACE = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class Item:
    """One agenda item as the public reads it."""

    title: str
    said: tuple[str, ...]
    will_do: tuple[str, ...]


@dataclass(frozen=True)
class ChairUpdate:
    """The chair's update of one meeting, as plain data."""

    board_name: str
    local_area: str
    meeting_label: str
    meeting_date: str
    title: str
    intro: str
    items: tuple[Item, ...]
    you_said_we_did: tuple[tuple[str, str], ...]
    next_meeting: str
    signed: str
    notes: tuple[str, ...] = field(default=())

    def texts(self) -> list[tuple[str, str]]:
        """Return every piece of text with where it is, for the publishability check."""
        out = [("title", self.title), ("introduction", self.intro)]
        for item in self.items:
            where = f"item '{item.title}'"
            out.append((where, item.title))
            out += [(f"{where}, what was said", t) for t in item.said]
            out += [(f"{where}, what we will do", t) for t in item.will_do]
        for n, (said, did) in enumerate(self.you_said_we_did, start=1):
            out += [(f"you said, we did, row {n}", said), (f"you said, we did, row {n}", did)]
        out += [("next meeting", self.next_meeting), ("signature", self.signed)]
        return out


def _people_words(board: Board) -> list[tuple[str, str, str]]:
    """Return (name, job title, replacement) for every person who is not an office holder
    whose name may be published (the independent chair), longest names first."""
    settings = board.settings()
    chair_id = settings.get("chair_id")
    out = []
    for p in board.rows("person", include_archived=True):
        if p["id"] == chair_id or p["role"] == "independent chair":
            continue
        name = " ".join(str(p["name"]).split())
        if len(name) < 3:
            continue
        title = " ".join(str(p.get("title") or "").split())
        if title:
            replacement = f"the {title}" if not title.lower().startswith("the ") else title
        else:
            replacement = {"elected member": "an elected member",
                           "DfE adviser": "the DfE adviser",
                           "NHS England adviser": "the NHS England adviser",
                           "DfE case lead": "the DfE case lead",
                           "secretary": "the board secretary",
                           "parent carer forum representative":
                               "the parent carer forum representative"}.get(
                               p["role"], "a board member")
        out.append((name, title, replacement))
    return sorted(out, key=lambda t: -len(t[0]))


def without_names(text: str, people: list[tuple[str, str, str]]) -> str:
    """Return `text` with each person's name replaced by their job title ('George Pritchard,
    Head of Therapy presented' -> 'The Head of Therapy presented')."""
    for name, title, replacement in people:
        pattern = re.escape(name)
        if title:  # "Name, Title" or "Name (Title)" -> "the Title"
            text = re.sub(rf"{pattern}\s*(?:,\s*|\(\s*){re.escape(title)}\)?", replacement, text)
        text = re.sub(rf"(?<!\w){pattern}(?!\w)", replacement, text)
    # a replacement at the start of a sentence gets its capital
    return re.sub(r"(^|[.!?]\s+)(the|a|an) ", lambda m: m.group(1) + m.group(2).capitalize()
                  + " ", text)


def _sentences(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    parts = [_SPACE.sub(" ", p).strip() for p in clean(text).splitlines()]
    return tuple(p for p in parts if p)


def _meeting_words(meeting: dict[str, Any]) -> str:
    if meeting["kind"] == "stocktake review":
        return "the stocktake review"
    if meeting["kind"] == "extraordinary":
        return "the extraordinary meeting"
    return f"meeting {meeting['number']}" if meeting.get("number") else "the meeting"


def chair_update(board: Board, meeting_id: int) -> ChairUpdate:
    """Return the chair's update of a held meeting; raise SendsecError for one not held."""
    meeting = board.get("meeting", meeting_id)
    if meeting["status"] not in HELD_STATUSES:
        raise SendsecError(f"{board.label('meeting', meeting_id)} has not been held; the "
                           "chair's update is written after the meeting.")
    settings = board.settings()
    board_name = " ".join(str(settings["name"]).split())
    people = _people_words(board)
    items = [i for i in board.rows("agenda_item", parent_id=meeting_id)
             if not i.get("confidential") and i.get("standard") not in _PROCEDURAL]
    minutes_by_item: dict[int, list[dict[str, Any]]] = {}
    for m in board.rows("minute", parent_id=meeting_id):
        if m["agenda_item_id"] is not None:
            minutes_by_item.setdefault(m["agenda_item_id"], []).append(m)
    minute_ids = {m["id"]: m for ms in minutes_by_item.values() for m in ms}
    arising: dict[int, list[dict[str, Any]]] = {}
    for a in board.rows("action"):
        if a.get("minute_id") in minute_ids:
            arising.setdefault(a["minute_id"], []).append(a)
    out_items = []
    for item in items:
        said: list[str] = []
        will: list[str] = []
        for m in minutes_by_item.get(item["id"], []):
            said += [without_names(s, people) for s in _sentences(m.get("discussion"))]
            for r in board.rows("resolution", parent_id=m["id"]):
                text = resolution_text(r["text"])
                if text:
                    will.append(without_names(f"We agreed that {text.rstrip('.')}.", people))
            for a in arising.get(m["id"], []):
                due = a.get("revised_due_date") or a.get("due_date")
                by = f" by {long_date(due)}" if due else ""
                will.append(without_names(f"{a['title'].rstrip('.')}{by}.", people))
        if not said:
            said = [f"The board considered {item['title'][0].lower()}{item['title'][1:]}."]
        out_items.append(Item(item["title"], tuple(said), tuple(will)))

    earlier = [m for m in board.rows("meeting") if m["meeting_date"] < meeting["meeting_date"]
               and m["status"] in HELD_STATUSES and m["kind"] != "stocktake review"]
    since = max((m["meeting_date"] for m in earlier), default="0000-00-00")
    voices = [e for e in board.rows("impact_entry")
              if e["kind"] == "family and young people's voice" and e["status"] == "confirmed"
              and (e["meeting_id"] == meeting_id or
                   since < e["entry_date"] <= meeting["meeting_date"])]
    you_said = tuple((without_names(" ".join(clean(e["title"]).split()), people),
                      without_names(" ".join(clean(e.get("what_changed") or
                                                   "We are looking into this.").split()),
                                    people))
                     for e in sorted(voices, key=lambda e: (e["entry_date"], e["id"])))

    later = [m for m in board.rows("meeting") if m["meeting_date"] > meeting["meeting_date"]
             and m["status"] != "cancelled" and m["kind"] != "stocktake review"]
    if later:
        nxt = later[0]
        venue = f" at {nxt['venue']}" if nxt.get("venue") else ""
        next_text = (f"The board next meets on {day_date(nxt['meeting_date'])} at "
                     f"{clock(nxt['start_time'])}{venue}.")
    else:
        next_text = "The date of the board's next meeting will be published here."
    chair = None
    if settings.get("chair_id"):
        try:
            chair = board.get("person", settings["chair_id"])
        except SendsecError:
            chair = None
    signed = f"{' '.join(chair['name'].split())}, Independent Chair" if chair \
        else "The Independent Chair"
    when = day_date(meeting["meeting_date"])
    area = " ".join(str(settings.get("local_area") or "").split())
    intro = (f"The {board_name} met on {when}. This update says, in plain English, what the "
             "board discussed, what it agreed to do, and what children, young people and "
             "families told us and what changed as a result. The full public minutes are "
             "published once the board has approved them.")
    return ChairUpdate(
        board_name=board_name, local_area=area,
        meeting_label=_meeting_words(meeting), meeting_date=meeting["meeting_date"],
        title=f"Chair's update: {board_name}, {long_date(meeting['meeting_date'])}",
        intro=intro, items=tuple(out_items), you_said_we_did=you_said,
        next_meeting=next_text, signed=signed)


# -------------------------------------------------------------------- writing

def to_paper(update: ChairUpdate) -> Paper:
    """Return the chair's update as a Paper for the Word writer."""
    paper = Paper("chair's update", update.title,
                  f"Chair's update after {update.meeting_label} of the {update.board_name}",
                  update.signed, header_text=f"{update.board_name} | Chair's update | "
                                             f"{long_date(update.meeting_date)}")
    paper.add(Heading(update.title, 0), para(update.intro))
    for item in update.items:
        paper.add(Heading(item.title, 1), Heading("What was said", 2))
        paper.add(*[para(s) for s in item.said])
        paper.add(Heading("What we will do", 2))
        if item.will_do:
            paper.add(Bullets(item.will_do))
        else:
            paper.add(para("The board noted the item; no new actions were needed."))
    paper.add(Heading("You said, we did", 1))
    if update.you_said_we_did:
        paper.add(Table(("You said", "We did"), update.you_said_we_did, widths=(1, 1)))
    else:
        paper.add(para("No new feedback from children, young people or families was recorded "
                       "in this cycle."))
    paper.add(Heading("Next meeting", 1), para(update.next_meeting), para(update.signed))
    return paper


_CSS = ("body{font-family:Arial,Helvetica,sans-serif;font-size:1.1rem;line-height:1.5;"
        "max-width:46rem;margin:2rem auto;padding:0 1rem;color:#0b0c0c;background:#fff}"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #505a5f;"
        "padding:.5rem;text-align:left;vertical-align:top}caption{text-align:left;"
        "font-weight:bold;padding:.5rem 0}footer{margin-top:2rem;border-top:1px solid "
        "#b1b4b6;padding-top:1rem}")


def to_html(update: ChairUpdate) -> str:
    """Return the chair's update as one self-contained, accessible HTML page (lang en-GB,
    a title, one h1, headings in order, tables with header cells; readable without CSS)."""
    def e(text: str) -> str:
        return html.escape(text, quote=True)

    out = ["<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(update.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           "<main>", f"<h1>{e(update.title)}</h1>", f"<p>{e(update.intro)}</p>"]
    for item in update.items:
        out += [f"<h2>{e(item.title)}</h2>", "<h3>What was said</h3>"]
        out += [f"<p>{e(s)}</p>" for s in item.said]
        out.append("<h3>What we will do</h3>")
        if item.will_do:
            out += ["<ul>", *[f"<li>{e(w)}</li>" for w in item.will_do], "</ul>"]
        else:
            out.append("<p>The board noted the item; no new actions were needed.</p>")
    out.append("<h2>You said, we did</h2>")
    if update.you_said_we_did:
        out += ["<table>", "<caption>What children, young people and families told us, and "
                "what changed</caption>", "<thead>",
                '<tr><th scope="col">You said</th><th scope="col">We did</th></tr>',
                "</thead>", "<tbody>"]
        out += [f"<tr><td>{e(said)}</td><td>{e(did)}</td></tr>"
                for said, did in update.you_said_we_did]
        out += ["</tbody>", "</table>"]
    else:
        out.append("<p>No new feedback from children, young people or families was recorded "
                   "in this cycle.</p>")
    out += ["<h2>Next meeting</h2>", f"<p>{e(update.next_meeting)}</p>", "</main>",
            f"<footer><p>{e(update.signed)}</p></footer>", "</body>", "</html>", ""]
    return "\n".join(out)


def check_public(board: Board, meeting_id: int, *, publish_anyway: bool = False,
                 warn: Callable[[str], None] | None = None) -> list[publishable.Hit]:
    """Run the publishability check on a held meeting's public papers (the chair's update
    and the public minutes) before anything is written; raise PublishabilityError listing
    every hit, unless `publish_anyway` (then warn of each and return them)."""
    update = chair_update(board, meeting_id)
    return publishable.refuse_if_unpublishable(
        {"Chair's update": update.texts(),
         "Minutes": publishable.public_minutes_texts(board, meeting_id)},
        publishable.Rules.for_board(board), publish_anyway=publish_anyway, warn=warn)


def write_chair_update(board: Board, meeting_id: int, out_dir: str | Path, *,
                       publish_anyway: bool = False,
                       warn: Callable[[str], None] | None = None) -> list[Path]:
    """Write the chair's update of a held meeting as .docx and .html into `out_dir` (after
    the publishability check of it and the public minutes); return the two paths."""
    from sendsec.papers.docx_writer import build_document
    from sendsec.papers.template import template_source
    from sendsec.services.folders import output_folder, replace_file

    check_public(board, meeting_id, publish_anyway=publish_anyway, warn=warn)
    update = chair_update(board, meeting_id)
    out = output_folder(out_dir)
    settings = board.settings()
    docx_path = out / paper_name(update.meeting_date, settings["name"], "Chair's update", "docx")
    html_path = docx_path.with_suffix(".html")
    doc = build_document(to_paper(update), template_source(settings.get("template_path")))
    replace_file(docx_path, lambda tmp: doc.save(str(tmp)), held_by="Word")
    page = to_html(update).encode("utf-8")
    replace_file(html_path, lambda tmp: tmp.write_bytes(page), held_by="a web browser")
    return [docx_path, html_path]


__all__ = ["ChairUpdate", "Item", "chair_update", "check_public", "to_html", "to_paper", "without_names",
           "write_chair_update"]


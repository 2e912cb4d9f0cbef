"""The two boards the papers' must-show tests run on (no test functions here).

- **demo**: the demo board (`python -m sendsec demo`).
- **imported**: a board set up as a council's secretary would, through the services (board
  settings, areas, organisations, people), whose Priority Action Plan and risk register are
  then imported from the .xlsx files the council keeps, laid out as councils lay them out
  (title rows, "Priority 1: ..." area rows, a senior responsible officer and an action lead,
  success criteria as bullets, progress columns named by month with a RAG beside each,
  month-only dates), through `python -m sendsec import`. The risk register is imported twice
  (the September version, then November's, whose scores moved). Meetings, minutes, measures
  and the impact log are then kept in the app, as the secretary would.

Each board is built once per test session with the papers of its next board meeting, of
its next stocktake review and of its last held meeting; the tests only read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from sendsec.cli import main
from sendsec.demo.world import build_demo
from sendsec.papers import papers_for_meeting
from sendsec.services import registers
from sendsec.services.board import Board

TODAY = dt.date(2026, 11, 22)
BOARD_NAME = "North Northamptonshire SEND Improvement Board"
#: a progress update a lead pasted in whole (a report of its own), under the 20,000 limit
LONG_UPDATE = ("Locality panel report, October 2026. " + "The locality panel reviewed every "
               "open request in the north and the south localities, school by school, with the "
               "family's key worker present. " * 120).strip()
LONG_MARK = "Locality panel report, October 2026."


@dataclass
class PaperSet:
    """A board and the papers of its next board meeting, next stocktake and last held
    meeting (.docx only)."""

    name: str
    db: Path
    today: dt.date
    next_id: int
    stocktake_id: int
    held_id: int
    next_papers: list[Path] = field(default_factory=list)
    stocktake_papers: list[Path] = field(default_factory=list)
    held_papers: list[Path] = field(default_factory=list)

    @property
    def papers(self) -> list[Path]:
        return self.next_papers + self.stocktake_papers + self.held_papers

    def one(self, ending: str, which: str = "next") -> Path:
        """Return the one paper of `which` meeting whose name ends with `ending`."""
        found = [p for p in getattr(self, f"{which}_papers") if p.name.endswith(ending)]
        assert len(found) == 1, (ending, [p.name for p in getattr(self, f"{which}_papers")])
        return found[0]

    def open(self) -> Board:
        return Board.open(self.db, readonly=True, backup=False)


def word_paper(path: Path, text: str, heading: str = "Deep dive") -> Path:
    """Write a small Word document, as a paper's author would send it; return its path."""
    import docx

    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.add_heading(heading, 1)
    document.add_paragraph(text)
    document.save(str(path))
    return path


def _docx(paths: list[Path]) -> list[Path]:
    return [p for p in paths if p.suffix == ".docx"]


def _write_papers(board: Board, root: Path, paper_set: PaperSet) -> PaperSet:
    today = paper_set.today
    paper_set.next_papers = _docx(papers_for_meeting(board, paper_set.next_id, root / "next",
                                                     today))
    paper_set.stocktake_papers = _docx(papers_for_meeting(board, paper_set.stocktake_id,
                                                          root / "stocktake", today))
    paper_set.held_papers = _docx(papers_for_meeting(board, paper_set.held_id, root / "held",
                                                     today, publish_anyway=True))
    return paper_set


def _meetings(board: Board, today: dt.date) -> tuple[int, int, int]:
    """Return (next board meeting, next stocktake review, last held board meeting) ids."""
    nxt = registers.cycle(board, today).next_meeting
    rows = board.rows("meeting")
    stocktake = next(m for m in rows if m["kind"] == "stocktake review"
                     and m["status"] == "planned" and m["meeting_date"] >= today.isoformat())
    held = max((m for m in rows if m["kind"] == "board" and m["status"] in
                ("held", "minutes drafted", "minutes approved")),
               key=lambda m: m["meeting_date"])
    return nxt["id"], stocktake["id"], held["id"]


def demo_set(root: Path, today: dt.date = TODAY) -> PaperSet:
    """Build the demo board in `root` with its papers."""
    board = Board.open(build_demo(root / "demo.sqlite", today))
    try:
        paper_set = PaperSet("demo", root / "demo.sqlite", today, *_meetings(board, today))
        return _write_papers(board, root, paper_set)
    finally:
        board.close()


def imported_set(root: Path, today: dt.date = TODAY) -> PaperSet:
    """Build the imported board in `root` with its papers."""
    db = build_imported(root, today)
    board = Board.open(db)
    try:
        paper_set = PaperSet("imported", db, today, *_meetings(board, today))
        return _write_papers(board, root, paper_set)
    finally:
        board.close()


# ---------------------------------------------------------------------------- the imported board


def _d(today: dt.date, days: int) -> str:
    return (today + dt.timedelta(days=days)).isoformat()


ORGANISATIONS = (
    ("North Northamptonshire Council", "NNC", "council"),
    ("NHS Northamptonshire Integrated Care Board", "ICB", "health"),
    ("Northamptonshire Children's Trust", "NCT", "children's trust"),
    ("Northamptonshire Healthcare NHS Foundation Trust", "NHFT", "health"),
    ("Department for Education", "DfE", "government"),
    ("NHS England", "NHSE", "health"),
)

#: (name, job title, organisation short name or None, board role, email)
PEOPLE = (
    ("Professor Anne Holloway", "Independent Chair", None, "independent chair",
     "anne.holloway@example.org"),
    ("Marcus Bell", "Democratic Services Officer", "NNC", "secretary",
     "marcus.bell@northnorthants.gov.uk"),
    ("Stephen Ridley", "SEND Adviser", "DfE", "DfE adviser", "s.ridley@education.gov.uk"),
    ("Dr Claire Moffat", "SEND Adviser", "NHSE", "NHS England adviser", "claire.moffat@nhs.net"),
    ("Oliver Grant", "Case Lead", "DfE", "DfE case lead", "o.grant@education.gov.uk"),
    ("David Ndlovu", "Executive Director of Children's Services", "NNC", "member",
     "david.ndlovu@northnorthants.gov.uk"),
    ("Sarah Whitmore", "Assistant Director, Education", "NNC", "member",
     "sarah.whitmore@northnorthants.gov.uk"),
    ("Dr Ola Okafor", "Director of Nursing and Quality", "ICB", "member",
     "ola.okafor@nhs.net"),
    ("Councillor Helen Fry", "Executive Member for Children, Families and Education", "NNC",
     "elected member", "cllr.helen.fry@northnorthants.gov.uk"),
    # the forum's chair is a parent: no organisation, no job title
    ("Gemma Rowe", "", None, "parent carer forum representative", "chair@nnpcf.example.org"),
)

AREAS = (
    ("P1", "Leaders' strategic oversight, joint commissioning and co-production",
     "area for priority action"),
    ("P2", "The timeliness and quality of EHC needs assessments and plans",
     "area for priority action"),
    ("P3", "Identifying and meeting needs early, in mainstream settings",
     "area for priority action"),
    ("P4", "Preparing young people for adulthood", "area for priority action"),
    ("AFI5", "The local offer and information for families", "area for improvement"),
    ("AFI6", "Health services' waiting times for assessment and therapy",
     "area for improvement"),
    ("AFI7", "Alternative provision commissioning", "area for improvement"),
    ("AFI8", "Annual reviews of EHC plans", "area for improvement"),
    ("AFI9", "Children missing education", "area for improvement"),
    ("AFI10", "Workforce development across the partnership", "area for improvement"),
)

PLAN_HEADER = ["Ref", "Action", "Senior responsible officer", "Action lead",
               "Contributing organisations", "Success criteria", "Measurable target",
               "Due date", "Revised date", "Reason for slippage",
               "August progress update", "August RAG", "September progress update",
               "September RAG", "October progress update", "October RAG", "Evidence"]


def _plan_rows() -> list[list]:
    """The plan as the council's workbook holds it: two title rows, a note, the header, then
    area rows and actions. Progress columns are August, September and October 2026."""
    b = "\u2022 "
    return [
        ["North Northamptonshire SEND Priority Action Plan 2026/27"],
        ["Version 5: for the board on 9 December 2026"],
        ["RAG as reported by the action lead. Blue: complete."],
        PLAN_HEADER,
        ["Priority 1: Leaders' strategic oversight, joint commissioning and co-production"],
        ["1.1", "Publish a joint SEND and AP strategy co-produced with families",
         "David Ndlovu", "Sarah Whitmore", "NNC, ICB, NNPCF",
         f"{b}Strategy signed off by the council and the ICB\n{b}Parent carer forum sign-off",
         "Published by December 2026", "31/12/2026", None, None,
         "Drafting group met twice.", "Green", "Consultation with families opened.", "Green",
         "Consultation closed: 412 responses.", "Green", "Consultation report, October 2026"],
        ["1.2", "Agree a joint commissioning framework for therapies", "Dr Ola Okafor",
         "Priya Shah", "ICB, NNC", "Framework agreed by both boards",
         "Agreed by September 2026", "Sep-26", "Mar-27",
         "ICB board postponed to the spring", "Options paper drafted.", "Amber",
         "Options appraisal delayed.", "Amber", "ICB board date moved to March 2027.", "Red",
         None],
        ["1.3", "Co-produce the SEND dashboard with the parent carer forum", "David Ndlovu",
         "Gemma Rowe", "NNPCF, NNC", "Dashboard reviewed by the forum each quarter", None,
         "Q3 2026/27", None, None, "First draft shared.", "Green", None, None,
         "Forum reviewed the second draft.", "Green", None],
        ["Priority 2: The timeliness and quality of EHC needs assessments and plans"],
        ["2.1", "Clear the backlog of EHC needs assessments", "Sarah Whitmore", "Tom Bailey",
         "NNC, NHFT",
         f"{b}Backlog under 50 by March 2027\n{b}60% of plans issued within 20 weeks",
         "60% within 20 weeks by March 2027", "31/03/2027", None, None,
         "Agency caseworkers started.", "Amber", "Backlog 212, down from 260.", "Amber",
         LONG_UPDATE, "Red", "Weekly backlog tracker"],
        ["2.2", "Audit the quality of every new EHC plan", "Sarah Whitmore", "Tom Bailey",
         "NNC, ICB, NCT", "90% of audited plans good or better", "90% by June 2027",
         "30/06/2027", None, None, "Audit tool agreed.", "Green",
         "First 40 plans audited: 55% good or better.", "Amber",
         "Second audit: 61% good or better.", "Amber", "Quality assurance audit, October 2026"],
        ["2.3", "Recruit educational psychologists to the establishment",
         "Sarah Whitmore", "Tom Bailey", "NNC",
         "Establishment filled", "14 posts filled", "31/08/2026", None, None,
         "Two posts advertised.", "Amber", "No appointable candidates.", "Red",
         "Agency cover for four posts.", "Red", None],
        ["Priority 3: Identifying and meeting needs early, in mainstream settings"],
        ["3.1", "Roll out the ordinarily available provision guide to every school",
         "Sarah Whitmore", "Lucy Marsh", "NNC, schools",
         "Every school trained", "100% of schools by July 2027", "31/07/2027", None, None,
         "Guide published.", "Green", "Training for 60 schools.", "Green",
         "Training for 118 schools.", "Green", "Training register"],
        ["3.2", "Early help SEND support in the family hubs", "David Ndlovu", None,
         "NCT, NNC", None, None, "end of March 2027", None, None, None, None,
         "Scoping meeting held.", "Green", None, None, None],
        ["Priority 4: Preparing young people for adulthood"],
        ["4.1", "Preparing for adulthood outcomes in every Year 9 annual review",
         "David Ndlovu", "Lucy Marsh", "NNC, NHFT",
         "Every Year 9 EHC plan has preparing for adulthood outcomes", "100% by July 2027",
         "31/07/2027", None, None, "Template changed.", "Green",
         "Reviews sampled.", "Green", "70% of Year 9 reviews sampled have outcomes.", "Green",
         None],
        ["4.2", "Supported internships with the college", "David Ndlovu", "Lucy Marsh",
         "NNC, college", "40 internships", "40 internships by September 2026", "30/09/2026",
         None, None, "32 places agreed.", "Green", "41 interns started.", "Blue", None, None,
         "College enrolment list"],
        ["Area for improvement 5: The local offer and information for families"],
        ["5.1", "Refresh the local offer website with the forum", "Sarah Whitmore",
         "Priya Shah", "NNC, NNPCF", "Hits up 20%", "20% more visits", "31/01/2027", None,
         None, None, None, None, None, "Supplier appointed.", "Green", None],
        ["Area for improvement 6: Health services' waiting times for assessment and therapy"],
        ["6.1", "Reduce waits for speech and language therapy", "Dr Ola Okafor",
         "Priya Shah", "ICB, NHFT", "Waits under 18 weeks", "18 weeks by March 2027",
         "31/03/2027", None, None, "Waiting list validated.", "Amber",
         "Extra sessions commissioned.", "Amber", "Average wait 31 weeks.", "Amber",
         "NHFT waiting list report"],
        ["Area for improvement 7: Alternative provision commissioning"],
        ["7.1", "Commission alternative provision places on a framework", "David Ndlovu",
         "Tom Bailey", "NNC", "Framework in place", None, "TBC", None, None,
         None, None, None, None, "Market engagement planned.", "Green", None],
        ["Area for improvement 8: Annual reviews of EHC plans"],
        ["8.1", "Hold every annual review on time", "Sarah Whitmore", "Tom Bailey", "NNC",
         "90% of annual reviews on time", "90% by March 2027", "31/03/2027", None, None,
         "Annual review team restructured.", "Amber", "62% on time.", "Amber",
         "64% on time.", "Amber", None],
    ]


RISK_HEADER = ["Risk ref", "Risk", "Cause", "Consequence", "Risk owner", "Inherent likelihood",
               "Inherent impact", "Controls in place", "Mitigation plan", "Linked PAP actions",
               "Likelihood", "Impact", "Target likelihood", "Target impact", "Latest review",
               "Review date"]


def _risk_rows(version: int) -> list[list]:
    """The risk register as the council keeps it: September's version, then November's."""
    september = version == 1
    rows = [
        ["North Northamptonshire SEND Improvement Board: strategic risk register"],
        RISK_HEADER,
        ["R1", "Not enough educational psychologists to meet statutory timescales",
         "National shortage; posts unfilled", "Assessments late; families wait",
         "Sarah Whitmore", 5, 5, "Agency cover for four posts; weekly tracker review",
         "Grow-our-own trainee scheme; regional recruitment campaign", "2.1, 2.3",
         3 if september else 4, 4 if september else 5, 2, 3,
         "Two posts vacant." if september else "Agency cover ends in January.",
         "30/09/2026" if september else "10/11/2026"],
        ["R2", "Families lose confidence in the partnership",
         "Late plans and poor communication", "Complaints and tribunals rise",
         "David Ndlovu", 4, 5, "Forum attends every board; monthly newsletter",
         "Co-produced communication plan", "1.1, 1.3, 5.1",
         4 if september else 3, 4 if september else 3, 2, 2,
         "Complaints steady." if september else "Forum survey improved.",
         "30/09/2026" if september else "12/11/2026"],
        ["R3", "Health data cannot be shared with the council's case system",
         "Systems do not connect", "Health advice late in assessments",
         "Dr Ola Okafor", 4, 4, "Data sharing agreement signed",
         "Interim secure email route", "6.1", 3, 3, 2, 2, "No change.",
         "30/09/2026" if september else "10/11/2026"],
    ]
    if not september:
        rows.append(["R4", "High needs block overspend limits new provision",
                     "Demand for specialist places", "Fewer places commissioned",
                     "David Ndlovu", 5, 4, "Monthly high needs budget monitoring",
                     "Safety valve conversations with the DfE", "7.1", 4, 4, 3, 3,
                     "New risk agreed by officers.", "12/11/2026"])
    return rows


def _workbook(path: Path, rows: list[list], title: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _import(db: Path, sheet: Path, today: dt.date) -> None:
    code = main(["import", "--db", str(db), str(sheet), "--today", today.isoformat()])
    assert code == 0, f"importing {sheet.name} failed"


def _setup(db: Path, today: dt.date) -> dict[str, int]:
    """Set the board up as its secretary would in the app; return people's ids by name."""
    board = Board.create_new(db, BOARD_NAME, local_area="North Northamptonshire",
                             lead_council="North Northamptonshire Council",
                             target_date="2027-11-30", user="Marcus Bell")
    try:
        board.update_settings({"inspection_date": "2025-09-22", "report_date": "2025-11-14",
                               "notice_date": "2026-01-20"})
        org = {short: board.create("organisation", {"name": name, "short_name": short,
                                                    "kind": kind}).id
               for name, short, kind in ORGANISATIONS}
        people = {}
        for name, title, o, role, email in PEOPLE:
            people[name] = board.create("person", {
                "name": name, "title": title or None, "role": role, "email": email,
                "organisation_id": org[o] if o else None}).id
        board.update_settings({"chair_id": people["Professor Anne Holloway"],
                               "secretary_id": people["Marcus Bell"]})
        for pos, (code, title, kind) in enumerate(AREAS, 1):
            board.create("area", {"code": code, "title": title, "kind": kind,
                                  "position": pos})
    finally:
        board.close()
    return people


def build_imported(root: Path, today: dt.date = TODAY) -> Path:
    """Build the imported board in `root`; return its path."""
    db = root / "imported.sqlite"
    _setup(db, today)
    _import(db, _workbook(root / "NN SEND PAP 2026-27 v5.xlsx", _plan_rows(), "PAP"), today)
    _import(db, _workbook(root / "Risk register September 2026.xlsx", _risk_rows(1),
                          "Risks"), today)
    _import(db, _workbook(root / "Risk register November 2026.xlsx", _risk_rows(2),
                          "Risks"), today)
    board = Board.open(db, user="Marcus Bell")
    try:
        _keep(board, today)
    finally:
        board.close()
    return db


def _keep(board: Board, today: dt.date) -> None:
    """What the secretary keeps in the app: meetings, minutes, measures, the impact log."""
    people = {p["name"]: p["id"] for p in board.rows("person")}
    areas = {a["code"]: a["id"] for a in board.rows("area")}
    actions = {a["ref"]: a["id"] for a in board.rows("action")}

    def meeting(days: int, **values) -> int:
        return board.create("meeting", {"meeting_date": _d(today, days), "start_time": "14:00",
                                        "end_time": "16:00",
                                        "venue": "Corby Cube, George Street, Corby",
                                        **values}).id

    def minutes(meeting_id: int, first: int, headings: tuple[str, ...]) -> list[int]:
        return [board.create("minute", {"meeting_id": meeting_id, "number": first + i,
                                        "heading": h, "discussion": f"The board discussed {h.lower()}."}
                             ).id for i, h in enumerate(headings)]

    standard = ("Welcome and apologies", "Declarations of interest",
                "Minutes of the last meeting", "Progress against the Priority Action Plan",
                "Risk register", "Any other business")
    first = meeting(-130, number=1)  # 15 July 2026
    minutes(first, 1, standard[:5])
    date_item = next(i for i in board.rows("agenda_item", parent_id=first)
                     if i["standard"] == "next meeting")  # minuted as the minutes say
    board.create("minute", {"meeting_id": first, "agenda_item_id": date_item["id"],
                            "number": 6, "heading": date_item["title"]})
    stocktake_held = meeting(-74, kind="stocktake review", start_time="10:00",
                             end_time="12:00")  # 9 September 2026
    minutes(stocktake_held, 7, ("Welcome and apologies", "DfE stocktake of progress"))
    held = meeting(-32, number=2, closed_at="15:52")  # 21 October 2026
    held_minutes = minutes(held, 9, standard)
    board.create("resolution", {"minute_id": held_minutes[3],
                                "text": "that a recovery plan for action 2.3 comes to the "
                                        "next meeting"})
    secret = board.create("agenda_item", {"meeting_id": held, "position": 98,
                                          "title": "Contract with an independent provider",
                                          "confidential": 1, "duration": 10,
                                          "presenter": "David Ndlovu"}).id
    board.create("minute", {"meeting_id": held, "agenda_item_id": secret, "number": 15,
                            "heading": "Contract with an independent provider",
                            "discussion": "The board noted the contract position."})
    board.create("action", {"ref": "BA1", "kind": "board", "title": "Bring a recovery plan "
                            "for action 2.3", "owner_id": people["Sarah Whitmore"],
                            "due_date": _d(today, 17)})
    for invitee in board.rows("invitee", parent_id=held):
        board.update("invitee", invitee["id"], {"attendance": "apologies" if invitee[
            "person_id"] == people["Dr Ola Okafor"] else "present"})
    board.update("meeting", first, {"status": "minutes approved"})
    board.update("meeting", stocktake_held, {"status": "minutes drafted"})
    board.update("meeting", held, {"status": "minutes drafted"})

    nxt = meeting(17, number=3)  # 9 December 2026
    items = board.rows("agenda_item", parent_id=nxt)
    log = next(i for i in items if i["title"] == "Action and impact log")
    board.create("agenda_item", {"meeting_id": nxt, "position": log["position"],
                                 "title": "Deep dive: speech and language therapy waits",
                                 "presenter": "Dr Ola Okafor, Director of Nursing and Quality",
                                 "purpose": "discussion", "paper_ref": "Paper E"})
    board.create("agenda_item", {"meeting_id": nxt, "position": 99,
                                 "title": "Independent provider contract: update",
                                 "confidential": 1, "duration": 10,
                                 "presenter": "David Ndlovu", "paper_ref": "Paper F",
                                 "description": "The provider's notice, the tender and the "
                                                "interim placements"})
    meeting(59, kind="stocktake review", start_time="10:00", end_time="12:00")  # 20 January
    meeting(73, number=4)  # 3 February 2027

    def measure(code: str, title: str, unit: str, area: str | None, points, **values) -> int:
        mid = board.create("measure", {"code": code, "title": title, "unit": unit,
                                       "area_id": areas[area] if area else None,
                                       **values}).id
        for month_end, value in points:
            board.create("measure_point", {"measure_id": mid, "period": month_end,
                                           "value": value})
        return mid

    ehc = measure("M1", "EHC plans issued within 20 weeks (%)", "%", "P2",
                  (("2026-05-31", 18), ("2026-06-30", 22), ("2026-07-31", 21),
                   ("2026-08-31", 27), ("2026-09-30", 31), ("2026-10-31", 35)),
                  target=60, target_date="2027-03-31", baseline=18, baseline_date="2026-05-31",
                  data_source="Council case system", accountable_id=people["Sarah Whitmore"])
    for period, expected in (("2026-05-31", 18), ("2027-03-31", 60)):
        board.create("trajectory_point", {"measure_id": ehc, "period": period,
                                          "expected": expected})
    measure("M2", "Average wait for speech and language therapy (weeks)", "weeks", "AFI6",
            (("2026-08-31", 35), ("2026-09-30", 33), ("2026-10-31", 31)),
            higher_is_better=0, target=18, target_date="2027-03-31")
    measure("M3", "Annual reviews held on time (%)", "%", None,
            (("2026-09-30", 62), ("2026-10-31", 64)), target=90)
    # a count of demand: the secretary chose "Neither" as its direction in the measure's form
    measure("M4", "Requests for an EHC needs assessment", "count", "P2",
            (("2026-09-30", 41), ("2026-10-31", 48)), higher_is_better=None)

    def impact(days: int, kind: str, title: str, area: str | None, action: str | None,
               **values) -> None:
        board.create("impact_entry", {"entry_date": _d(today, days), "kind": kind,
                                      "title": title, "area_id": areas[area] if area else None,
                                      "action_id": actions[action] if action else None,
                                      **values})

    impact(-60, "impact on lived experience", "Families told the date of their assessment",
           "P2", "2.1", what_changed="Parents at the forum said they now know when to expect "
           "the assessment.", evidence="Forum minutes, September 2026")
    impact(-10, "impact on lived experience", "Families told the date of their assessment",
           "P2", "2.1", what_changed="Parents at the forum said they now know when to expect "
           "the assessment.", evidence="Forum minutes, November 2026")
    impact(-12, "slow progress", "Educational psychologist posts still vacant", "P2", "2.3")
    impact(-8, "contribution to strengthen", "Health advice late into assessments", "AFI6",
           "6.1", organisations="ICB, NHFT")
    impact(-5, "family and young people's voice", "Young people's panel on internships", None,
           None, what_changed="Interns asked for travel training.")


# ---------------------------------------------------------------------------- reading papers back


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """Return (style name, text) of each body paragraph of a .docx, in order."""
    import docx

    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def text_of(path: Path) -> str:
    """Return every paragraph's and every table cell's text of a .docx, one a line."""
    import docx

    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def section(path: Path, heading: str) -> list[tuple[str, str]]:
    """Return the paragraphs after the level 1 heading that starts with `heading`, up to
    the next level 1 heading."""
    found = paragraphs(path)
    start = next(i for i, (style, text) in enumerate(found)
                 if style == "Heading 1" and text.startswith(heading))
    end = next((i for i in range(start + 1, len(found)) if found[i][0] == "Heading 1"),
               len(found))
    return found[start + 1:end]

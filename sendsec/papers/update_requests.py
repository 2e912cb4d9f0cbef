"""Asking action and risk owners for their updates before a meeting.

For the meeting, every person who owns an open action or an open risk gets:

* an Excel **return** (`<date> <board> - Update return - <name>.xlsx`) listing
  their open actions (Ref, Title, Current RAG, Latest update, then New RAG,
  Update, Evidence for them to fill in) and open risks (Ref, Risk, current
  likelihood and impact, then New likelihood, New impact, Note). Reference
  columns are locked (the sheet is protected without a password), the columns
  to fill in are unlocked and checked by Excel (RAG from a list, scores 1-5).
  A hidden sheet 'sendsec' carries the board's id, the meeting and the owner,
  so `sendsec.exchanges.returns` refuses a return from another board or meeting.
* an **email draft** (`.eml`, `X-Unsent: 1`, opens in Outlook ready to send)
  to the owner from the secretary, subject "<board> - updates needed by
  <date>", listing the actions and risks with their latest update and the
  date updates are due (the meeting's 'updates_due' step), with the return
  attached.

`owner_requests` gathers the content (plain data, easy to test);
`write_update_requests` writes the files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sendsec.domain import rules
from sendsec.domain.dates import day_date, from_iso, long_date
from sendsec.domain.errors import SendsecError
from sendsec.domain.labels import meeting_name, natural_key, salutation
from sendsec.papers import eml, long_updates
from sendsec.papers.naming import paper_name, unique_names
from sendsec.papers.safe_text import clean, one_line
from sendsec.services import registers
from sendsec.services.board import Board
from sendsec.services.folders import replace_file, workbook_bytes
from sendsec.spreadsheets.values import excel_escape

if TYPE_CHECKING:  # openpyxl has no type hints: this says what is meant
    from openpyxl.worksheet.worksheet import Worksheet

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
#: Version of the return's layout, written into its hidden sheet.
RETURN_FORMAT = "sendsec update return 1"
META_SHEET = "sendsec"
ACTIONS_SHEET = "Actions"
RISKS_SHEET = "Risks"
EXCEPTIONS_SHEET = "Exception reports"
EXCEPTION_HEADERS = ("Code", "Measure", "Latest", "Expected", "Target", "Commentary",
                     "Planned actions")
ACTION_HEADERS = ("Ref", "Title", "Current RAG", "Latest update", "New RAG", "Update",
                  "Evidence")
RISK_HEADERS = ("Ref", "Risk", "Current likelihood", "Current impact", "New likelihood",
                "New impact", "Note")
#: The row of the column headers on the Actions and Risks sheets (rows above explain the sheet).
HEADER_ROW = 6
#: Excel holds at most 32,767 characters in a cell; longer text is cut with a note.
EXCEL_CELL_LIMIT = 32_000
RAG_CHOICES = ("Blue", "Green", "Amber", "Red")


@dataclass
class OwnerRequest:
    """What one owner is asked for: their open actions and risks for one meeting."""

    person: dict[str, Any]
    actions: list[dict[str, Any]] = field(default_factory=list)
    risks: list[dict[str, Any]] = field(default_factory=list)
    #: measures off their trajectory (Red) this person is the accountable manager of:
    #: an exception report (commentary and planned actions) is asked for each
    measures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.person["name"]

    @property
    def email(self) -> str:
        return self.person.get("email") or ""


@dataclass
class RequestSet:
    """Everything the update requests for one meeting say."""

    board_name: str
    board_uid: str
    meeting: dict[str, Any]
    meeting_label: str
    updates_due: dt.date
    today: dt.date
    secretary: dict[str, Any] | None
    owners: list[OwnerRequest]
    unowned: list[str]  # refs of open actions and risks with no current owner: nobody to ask
    #: codes of measures off their trajectory (Red) with no current accountable manager:
    #: nobody is asked for their exception report
    unmanaged: list[str] = field(default_factory=list)

    def warnings(self) -> list[str]:
        """Return what the requests cannot ask, one line each ([] when they ask for all)."""
        out = []
        if self.unowned:
            many = len(self.unowned) > 1
            out.append(f"Nobody can be asked for updates on {', '.join(self.unowned)}: "
                       f"{'they have' if many else 'it has'} no current owner.")
        if self.unmanaged:
            many = len(self.unmanaged) > 1
            out.append(f"Nobody is asked for the exception report on {', '.join(self.unmanaged)}"
                       f" (off {'their' if many else 'its'} trajectory): "
                       f"{'they have' if many else 'it has'} no current accountable manager.")
        return out

    @property
    def meeting_date(self) -> dt.date:
        return from_iso(self.meeting["meeting_date"])


def _updates_due(board: Board, meeting: dict[str, Any]) -> dt.date:
    for step in board.rows("cycle_step", parent_id=meeting["id"]):
        if step["step"] == "updates_due":
            return from_iso(step["due_date"])
    return rules.cycle_timetable(from_iso(meeting["meeting_date"]), board.offsets(),
                                 board.calendar())["updates_due"]


def owner_requests(board: Board, meeting_id: int, today: dt.date) -> RequestSet:
    """Return the update requests for `meeting_id`: one OwnerRequest per owner of an open
    action (not started or in progress) or an open risk, owners sorted by name."""
    meeting = board.get("meeting", meeting_id)
    if meeting["status"] == "cancelled":
        raise SendsecError(f"{board.label('meeting', meeting_id)} is cancelled: no updates are "
                           "needed for it.")
    settings = board.settings()
    people = {p["id"]: p for p in registers.people_rows(board, include_archived=True)}
    by_owner: dict[int, OwnerRequest] = {}
    unowned: list[str] = []
    unmanaged: list[str] = []
    for a in registers.action_rows(board, today):
        if a["status"] not in rules.OPEN_STATUSES:
            continue
        if a["owner_id"] not in people or people[a["owner_id"]]["archived"]:
            unowned.append(a["ref"])  # no owner, or one who has left: nobody to ask
            continue
        by_owner.setdefault(a["owner_id"], OwnerRequest(people[a["owner_id"]])).actions.append(a)
    for r in registers.risk_rows(board, today):
        if r["status"] != "open":
            continue
        if r["owner_id"] not in people or people[r["owner_id"]]["archived"]:
            unowned.append(r["ref"])
            continue
        by_owner.setdefault(r["owner_id"], OwnerRequest(people[r["owner_id"]])).risks.append(r)
    for m in registers.measure_rows(board, today):
        if m["rag"] != "red":
            continue
        manager = m.get("accountable_id")
        if manager is None or manager not in people or people[manager]["archived"]:
            unmanaged.append(m["code"])  # an exception report is due, and nobody to ask
            continue
        by_owner.setdefault(manager, OwnerRequest(people[manager])).measures.append(m)

    for req in by_owner.values():
        req.actions.sort(key=lambda a: natural_key(a["ref"]))
        req.risks.sort(key=lambda r: natural_key(r["ref"]))
        req.measures.sort(key=lambda m: natural_key(m["code"]))
    owners = sorted(by_owner.values(), key=lambda o: (o.name.casefold(), o.person["id"]))
    secretary = people.get(settings.get("secretary_id")) or next(
        (p for p in people.values() if p["role"] == "secretary" and not p["archived"]), None)
    return RequestSet(settings["name"], settings["board_uid"] or "", meeting,
                      board.label("meeting", meeting_id), _updates_due(board, meeting), today,
                      secretary, owners, sorted(unowned, key=natural_key),
                      sorted(unmanaged, key=natural_key))


# ---------------------------------------------------------------------------- the email


def _quoted(text: str) -> str:
    """Return an earlier update or note as the email quotes it: on one line, and a long one
    cut near 600 characters at a word boundary with a pointer to the board's records (the
    owner is asked for what has happened since, not to re-read a report; the return cuts it
    the same way)."""
    return long_updates.cut(one_line(text), long_updates.IN_RECORDS)


def email_subject(rs: RequestSet) -> str:
    """Return '<board> - updates needed by <date>'."""
    return f"{rs.board_name} - updates needed by {long_date(rs.updates_due)}"


def email_body(rs: RequestSet, req: OwnerRequest, attachment_name: str) -> str:
    """Return the plain-text body of the request to one owner."""
    lines = [f"Dear {salutation(req.name)},", ""]
    named = meeting_name(rs.meeting)  # in a sentence: 'meeting 9', 'the stocktake review'
    named = "the stocktake review" if rs.meeting.get("kind") == "stocktake review" else \
        named[:1].lower() + named[1:]
    when = f"{named} of the {rs.board_name} on {day_date(rs.meeting_date)}"
    if rs.updates_due >= rs.today:
        lines.append(f"Ahead of {when}, please send me your updates on the actions and risks "
                     f"you own by {day_date(rs.updates_due)}.")
    else:
        lines.append(f"Ahead of {when}, updates were due by {day_date(rs.updates_due)}. Please "
                     "send yours as soon as you can so they reach the board papers.")
    lines += ["", f"The attached return ({attachment_name}) lists them. For each action give a "
              "New RAG (Blue, Green, Amber or Red), your update and the evidence; for each risk "
              "the new likelihood and impact (1 to 5) and a note. Please leave the Ref column "
              "as it is and send the file back to me.", ""]
    lines += [f"RAG ratings: Blue = {rules.RAG_MEANINGS['blue']}; Green = "
              f"{rules.RAG_MEANINGS['green']}; Amber = {rules.RAG_MEANINGS['amber']}; Red = "
              f"{rules.RAG_MEANINGS['red']}.", ""]
    if req.actions:
        lines.append(f"Your open actions ({len(req.actions)}):")
        for a in req.actions:
            due = long_date(a["effective_due"]) if a.get("effective_due") else "no due date"
            flags = [w for w, on in (("overdue", a["overdue"]), ("no update this cycle",
                                                                  a["no_update_this_cycle"]))
                     if on]
            lines.append(f"- {a['ref']}: {one_line(a['title'])} (due {due}; RAG "
                         f"{rules.rag_label(a['rag'])}{'; ' + ', '.join(flags) if flags else ''})")
            if a.get("latest_update"):
                lines.append(f"  Latest update ({long_date(a['latest_update_date'])}): "
                             f"{_quoted(a['latest_narrative'])}")
            else:
                lines.append("  No update has been recorded yet.")
        lines.append("")
    if req.risks:
        lines.append(f"Your open risks ({len(req.risks)}):")
        for r in req.risks:
            lines.append(f"- {r['ref']}: {one_line(r['title'])} (current score "
                         f"{r['current_likelihood']} x {r['current_impact']} = {r['score']}, "
                         f"{r['band_label'].lower()})")
            if r["reviews"]:
                last = r["reviews"][0]
                lines.append(f"  Last reviewed {long_date(last['review_date'])}"
                             + (f": {_quoted(last['note'])}"
                                if last.get("note") else "."))
            else:
                lines.append("  Not reviewed yet.")
        lines.append("")
    if req.measures:
        lines.append(f"Measures off their trajectory that you are accountable for "
                     f"({len(req.measures)}): please give an exception report (why, and the "
                     "actions planned) on the 'Exception reports' sheet:")
        for m in req.measures:
            lines.append(f"- {m['code']}: {one_line(m['title'])}")
        lines.append("")
    lines.append("Thank you.")
    lines.append("")
    s = rs.secretary
    if s:
        lines.append(s["name"])
        lines.append(f"Secretary to the {rs.board_name}")
        lines += [x for x in (s.get("organisation"), s.get("email"), s.get("phone")) if x]
    else:
        lines.append(f"Secretary to the {rs.board_name}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- the return


def _text(value: Any, limit: int = EXCEL_CELL_LIMIT) -> str:
    """Return a value as a cell of the return shows it: control characters pasted from Word
    as the line breaks they stand for, or left out, as the Word papers show them (Excel
    would show '_x000B_')."""
    text = clean(value)
    if len(text) > limit:
        text = text[:limit] + "\n[cut here: the full text is in sendsec]"
    return excel_escape(text)


def return_workbook(rs: RequestSet, req: OwnerRequest) -> bytes:
    """Return the bytes of the owner's .xlsx return."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    white_bold = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F3864")
    entry_fill = PatternFill("solid", fgColor="FFF8DC")
    wrap = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)

    def intro(ws: Worksheet, title: str, what: str) -> None:
        ws["A1"] = _text(f"{rs.board_name}: {title}")
        ws["A1"].font = Font(bold=True, size=14)
        ws["A2"] = _text(f"For: {req.name}. {meeting_name(rs.meeting)} on "
                         f"{day_date(rs.meeting_date)}. Updates due by "
                         f"{day_date(rs.updates_due)}.")
        ws["A3"] = what  # the board's id is in the hidden sheet the return is read by

    def table(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Any]],
              widths: Sequence[float], entry_cols: Collection[int],
              long_cols: Collection[int]) -> None:
        for col, (h, w) in enumerate(zip(headers, widths, strict=True), 1):
            c = ws.cell(HEADER_ROW, col, h)
            c.font = white_bold
            c.fill = header_fill
            c.alignment = wrap
            ws.column_dimensions[get_column_letter(col)].width = w
        for r, values in enumerate(rows, HEADER_ROW + 1):
            for col, v in enumerate(values, 1):
                c = ws.cell(r, col, v)
                if isinstance(v, str):
                    c.data_type = "s"  # text starting '=' stays text, never a formula
                c.alignment = wrap
                if col in entry_cols:
                    c.protection = unlocked
                    c.fill = entry_fill
            if any(col in long_cols for col in range(1, len(headers) + 1)):
                ws.row_dimensions[r].height = 60
        ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
        ws.protection.sheet = True  # no password: the owner may unprotect it if they must
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        # printed as it is read: landscape, every column on the page's width
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    ws = wb.active
    ws.title = ACTIONS_SHEET
    intro(ws, "action updates", "Fill in the shaded columns: New RAG (Blue, Green, Amber or Red),"
          " Update (what has happened since the last update) and Evidence. Leave Ref as it is.")
    action_rows = [(a["ref"], _text(a["title"]), rules.rag_label(a["rag"]),
                    _text(f"{long_date(a['latest_update_date'])}: "
                          f"{long_updates.cut(a['latest_narrative'], long_updates.IN_RECORDS)}"
                          if a.get("latest_update") else "No update recorded"), None, None, None)
                   for a in req.actions]
    table(ws, ACTION_HEADERS, action_rows, (10, 40, 12, 50, 12, 60, 40), {5, 6, 7}, {2, 4})
    if req.actions:
        dv = DataValidation(type="list", formula1='"' + ",".join(RAG_CHOICES) + '"',
                            allow_blank=True, showErrorMessage=True,
                            errorTitle="New RAG", error="Choose Blue, Green, Amber or Red.",
                            promptTitle="New RAG", prompt="Blue, Green, Amber or Red",
                            showInputMessage=True)
        ws.add_data_validation(dv)
        dv.add(f"E{HEADER_ROW + 1}:E{HEADER_ROW + len(req.actions)}")
    else:
        ws.cell(HEADER_ROW + 1, 1, "You have no open actions.")

    ws = wb.create_sheet(RISKS_SHEET)
    intro(ws, "risk reviews", "Fill in the shaded columns: New likelihood and New impact (1 to "
          "5 each) and a Note on the controls and mitigations. Leave Ref as it is.")
    risk_rows = [(r["ref"], _text(r["title"]), r["current_likelihood"], r["current_impact"],
                  None, None, None) for r in req.risks]
    table(ws, RISK_HEADERS, risk_rows, (10, 50, 12, 12, 12, 12, 60), {5, 6, 7}, {2})
    if req.risks:
        dv = DataValidation(type="whole", operator="between", formula1="1", formula2="5",
                            allow_blank=True, showErrorMessage=True, errorTitle="Score",
                            error="Likelihood and impact are whole numbers from 1 to 5.")
        ws.add_data_validation(dv)
        dv.add(f"E{HEADER_ROW + 1}:F{HEADER_ROW + len(req.risks)}")
    else:
        ws.cell(HEADER_ROW + 1, 1, "You have no open risks.")

    if req.measures:
        from sendsec.charts import format_value

        ws = wb.create_sheet(EXCEPTIONS_SHEET)
        intro(ws, "exception reports", "These measures are off their trajectory. Fill in the "
              "shaded columns: Commentary (why) and Planned actions. Leave Code as it is.")
        rows = [(m["code"], _text(m["title"]),
                 format_value(m["latest_value"], m["unit"]) if m["latest_value"] is not None
                 else "No data",
                 format_value(m["expected"], m["unit"]) if m["expected"] is not None else "-",
                 format_value(m["target"], m["unit"]) if m["target"] is not None else "Not set",
                 _text(m.get("exception_commentary") or None) or None,
                 _text(m.get("exception_actions") or None) or None) for m in req.measures]
        table(ws, EXCEPTION_HEADERS, rows, (10, 45, 12, 12, 12, 60, 60), {6, 7}, {2, 6, 7})

    meta = wb.create_sheet(META_SHEET)
    for row in (("format", RETURN_FORMAT), ("board_uid", rs.board_uid),
                ("board", excel_escape(rs.board_name)), ("meeting_id", rs.meeting["id"]),
                ("meeting_date", rs.meeting["meeting_date"]),
                ("owner_id", req.person["id"]), ("owner", excel_escape(req.name)),
                ("updates_due", rs.updates_due.isoformat()),
                ("written", rs.today.isoformat())):
        meta.append(row)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    # what File > Info shows (openpyxl would name itself the author)
    wb.properties.creator = _text(rs.secretary["name"]) if rs.secretary else _text(rs.board_name)
    wb.properties.title = _text(f"{rs.board_name}: update return for {req.name}, "
                                f"{meeting_name(rs.meeting)}")
    return workbook_bytes(wb)


# ---------------------------------------------------------------------------- writing


def _write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file, so a file is replaced only when complete."""
    return replace_file(path, lambda tmp: tmp.write_bytes(data))


def write_update_requests(board: Board, meeting_id: int, out_dir: str | Path, today: dt.date,
                          *, now: dt.datetime | None = None,
                          warn: Callable[[str], object] | None = None) -> list[Path]:
    """Write one .xlsx return and one .eml draft (with the return attached) per owner.

    Return the paths written: for each owner (by name) the return, then the draft. `warn` is
    told each thing the requests cannot ask (`RequestSet.warnings`).
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise SendsecError(f"'{out}' is a file; give a folder to write the requests into.")
    out.mkdir(parents=True, exist_ok=True)
    rs = owner_requests(board, meeting_id, today)
    if warn is not None:
        for line in rs.warnings():
            warn(line)
    names = unique_names([paper_name(rs.meeting_date, rs.board_name, "Update return", ".xlsx",
                                     person=req.name) for req in rs.owners])
    paths: list[Path] = []
    sender = (rs.secretary["name"], rs.secretary.get("email") or "") if rs.secretary else None
    for req, name in zip(rs.owners, names, strict=True):
        data = return_workbook(rs, req)
        xlsx = _write_bytes(out / name, data)
        message = eml.draft(to=(req.name, req.email), sender=sender, subject=email_subject(rs),
                            body=email_body(rs, req, name),
                            attachments=[(name, data, XLSX_TYPE)], now=now)
        draft = _write_bytes(out / (name[: -len(".xlsx")].replace(" - Update return - ",
                                                                   " - Update request - ")
                                    + ".eml"), message)
        paths += [xlsx, draft]
    return paths

"""The evidence against the Improvement Notice, as a Word paper and an Excel workbook.

`evidence_paper(evidence)` opens with a one-page readiness summary against paragraph 13,
then says, requirement by requirement, what is held, what is missing and the status;
then the partners' contributions and every revised due date against its original date.
`evidence_workbook(evidence)` writes the same as three sheets: Notice, Partners,
Revised dates (a requirement's code in the first column).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sendsec.domain.dates import long_date
from sendsec.papers.model import Bullets, Heading, PageBreak, Paper, Table, labelled, para
from sendsec.papers.naming import paper_name
from sendsec.papers.safe_text import shorten
from sendsec.reports.evidence import MET, NOT_MET, PARTLY, Evidence
from sendsec.services.folders import workbook_bytes

TITLE = "Evidence against the Improvement Notice"
NOTICE_HEADERS = ("Code", "Requirement", "Evidence held", "Gaps", "Status")
PARTNER_HEADERS = ("Organisation", "Open actions owned", "Overdue", "Slipped",
                   "Updates missing this cycle", "Returns requested", "Returns late",
                   "Returns not returned", "Members", "Attendance (last six meetings)",
                   "Notice 5a leaders", "Impact entries")
REVISION_HEADERS = ("Ref", "Action", "Original due date", "Revised on", "From", "To", "Reason",
                    "Agreed by the board", "Days slipped against the original")


def _date(value: str) -> str:
    return long_date(value) if value else "Not set"


def evidence_paper(ev: Evidence, author: str = "") -> Paper:
    """Return the evidence as a Paper for the Word writer."""
    paper = Paper("evidence", f"{ev.board_name}: {TITLE.lower()}, {long_date(ev.today)}",
                  f"{TITLE}, as the records stood on {long_date(ev.today)}", author,
                  header_text=f"{ev.board_name} | {TITLE} | {long_date(ev.today)}")
    paper.add(Heading(f"{TITLE}: {ev.board_name}", 0))
    counts = ev.counts()
    paper.add(para(f"As the records stood on {long_date(ev.today)}: {counts[MET]} requirements "
                   f"met, {counts[PARTLY]} partly met and {counts[NOT_MET]} not met. Each gap "
                   "names the record that would close it."))
    paper.add(Heading("Readiness against paragraph 13", 1))
    paper.add(*[para(line) for line in ev.readiness.lines()])
    paper.add(Table(("Status", "Requirements"), tuple(
        (status, ", ".join(r.code for r in ev.requirements if r.status == status) or "None")
        for status in (MET, PARTLY, NOT_MET)), widths=(1.2, 5.0)))
    paper.add(PageBreak(), Heading("The notice, requirement by requirement", 1))
    for r in ev.requirements:
        paper.add(Heading(f"{r.code}: {r.requirement}", 2))
        paper.add(labelled("Status", r.status))
        if r.evidence:
            paper.add(para("Evidence held:", bold=True), Bullets(tuple(r.evidence)))
        else:
            paper.add(para("No evidence is held for this requirement yet."))
        if r.gaps:
            paper.add(para("Gaps:", bold=True), Bullets(tuple(g.text for g in r.gaps)))
    paper.add(PageBreak(), Heading("Partners' contributions", 1))
    paper.add(para("Every organisation on the board: the actions it owns, the progress updates "
                   "and update returns due from it this cycle, the attendance of its members "
                   "over the last six board meetings (and of the leaders the notice names at "
                   "5a), and the impact log entries it contributed to."))
    for p in ev.partners:
        paper.add(Heading(p.organisation, 2))
        paper.add(Bullets((
            f"Actions owned: {p.actions_open} open, {p.actions_overdue} overdue, "
            f"{p.actions_slipped} slipped",
            f"Progress updates missing this cycle: {p.updates_missing}",
            f"Update returns: {p.returns_requested} requested, {p.returns_late} late, "
            f"{p.returns_missing} not returned",
            f"Members on the board: {p.members}; attendance: {p.attendance}",
            f"Leaders named in the notice (5a): {p.leaders}",
            f"Impact log entries: {p.impact_entries}")))
    paper.add(PageBreak(), Heading("Revised due dates", 1))
    if ev.revisions:
        paper.add(para(f"{len(ev.revisions)} changes of due date, each against the original "
                       "baseline. A date revised outside a meeting stays flagged until a board "
                       "decision (a minute) agrees it."))
        for rev in ev.revisions:
            paper.add(Heading(f"{rev.ref}: {_short(rev.title)}", 2))
            slipped = f"{rev.days_slipped} days after the original date" \
                if rev.days_slipped is not None else "no original date"
            paper.add(Bullets((
                f"Original due date: {_date(rev.original_due)}",
                f"Revised on {_date(rev.revised_on)}: from {_date(rev.previous_due)} to "
                f"{_date(rev.new_due)} ({slipped})",
                f"Reason: {rev.reason or 'No reason recorded'}",
                f"Agreed by the board: {rev.agreed}")))
    else:
        paper.add(para("No action's due date has been revised."))
    return paper


def _short(text: str | None, limit: int = 120) -> str:
    return shorten(text, limit)


def evidence_workbook(ev: Evidence) -> bytes:
    """Return the .xlsx bytes: sheets Notice, Partners and Revised dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from sendsec.spreadsheets.values import excel_escape

    wb = Workbook()
    sheets: list[tuple[str, tuple[str, ...], list[tuple[Any, ...]], tuple[int, ...]]] = [
        ("Notice", NOTICE_HEADERS, [
            (r.code, r.requirement, "\n".join(r.evidence), "\n".join(g.text for g in r.gaps),
             r.status) for r in ev.requirements],
         (8, 40, 60, 60, 12)),
        ("Partners", PARTNER_HEADERS, [
            (p.organisation, p.actions_open, p.actions_overdue, p.actions_slipped,
             p.updates_missing, p.returns_requested, p.returns_late, p.returns_missing,
             p.members, p.attendance, p.leaders, p.impact_entries) for p in ev.partners],
         (34, 10, 10, 10, 12, 12, 10, 12, 10, 20, 40, 10)),
        ("Revised dates", REVISION_HEADERS, [
            (r.ref, r.title, _xl_date(r.original_due), _xl_date(r.revised_on),
             _xl_date(r.previous_due), _xl_date(r.new_due), r.reason, r.agreed,
             r.days_slipped) for r in ev.revisions],
         (10, 40, 14, 14, 14, 14, 50, 20, 14)),
    ]
    for n, (name, headers, rows, widths) in enumerate(sheets):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = name
        ws.append(list(headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([excel_escape(v) if isinstance(v, str) else v for v in row])
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text from the records is never a formula
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
        ws.freeze_panes = "B2"
    return workbook_bytes(wb)


def _xl_date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def write_evidence(ev: Evidence, template: bytes, out_dir: Path, *, author: str = ""
                   ) -> list[Path]:
    """Write '<today> <board> - Evidence against the Improvement Notice' as .docx and .xlsx
    into `out_dir`; return both paths."""
    from sendsec.papers.docx_writer import build_document
    from sendsec.services.folders import output_folder, replace_file

    out = output_folder(out_dir)
    docx_path = out / paper_name(ev.today, ev.board_name, TITLE, "docx")
    xlsx_path = docx_path.with_suffix(".xlsx")
    doc = build_document(evidence_paper(ev, author), template)
    book = evidence_workbook(ev)
    replace_file(docx_path, lambda tmp: doc.save(str(tmp)), held_by="Word")
    replace_file(xlsx_path, lambda tmp: tmp.write_bytes(book), held_by="Excel")
    return [docx_path, xlsx_path]

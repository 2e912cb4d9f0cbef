"""The chair's "changes since the last snapshot" report (.docx).

Two steps, as every paper: `changes_since_last` (or `report_from_diff`) builds
a `ChangesReport` of plain data, `report_bytes`/`write_report` writes it with
python-docx in the house style: the shipped template (through
`sendsec.papers.template` when it is available), en-GB, real headings in
order, data tables with a repeating header row and no merged cells, RAG in
words, page numbers in the footer, core properties set.

What the report compares against: the previous snapshot file when it is still
in the out folder (a full comparison with `sendsec.diff`), otherwise the
board's change log since the previous snapshot was taken; the report says which.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from sendsec import registers
from sendsec.dates import clock, long_date
from sendsec.diff import BoardDiff, diff_boards
from sendsec.entities import ENTITIES
from sendsec.errors import FileRefused
from sendsec.rules import STEP_LABELS, rag_label
from sendsec.services import Board
from sendsec.summary import summary

LANGUAGE = "en-GB"
TITLE = "Changes since the last snapshot"
MAX_LOG_ROWS = 2000
MAX_CELL = 2000
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: How change-log rows are grouped in the report, by entity.
LOG_GROUPS = (
    ("Actions", ("action", "action_update", "action_revision")),
    ("Risks", ("risk", "risk_review")),
    ("Impact log", ("impact_entry",)),
    ("Measures", ("measure", "measure_point", "trajectory_point")),
    ("Meetings", ("meeting", "cycle_step", "agenda_item", "invitee", "declaration", "minute",
                  "resolution")),
    ("Board, people and areas", ("board", "person", "organisation", "area")),
)
_SKIP_ENTITIES = {"snapshot"}


@dataclass(frozen=True)
class ChangesReport:
    """Everything the report shows, as plain data.

    `details` are (label, value) rows about the snapshot; `basis` says what it
    was compared with; exactly one of `diff` (a full comparison) or `log`
    (change-log groups: (heading, rows of When/Who/Record/What/From/To)) is
    set, or neither for the first snapshot; `glance` is the board at a glance.
    """

    board_name: str
    title: str
    details: tuple[tuple[str, str], ...]
    basis: str
    diff: BoardDiff | None = None
    log: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] | None = None
    log_omitted: int = 0
    glance: tuple[tuple[str, str], ...] = field(default=())


# ------------------------------------------------------------------ content

def _when(stamp: str | None) -> str:
    if not stamp:
        return ""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{long_date(moment.date())} at {clock(moment.strftime('%H:%M'))}"


def _details(board: Board, digest: str | None) -> list[tuple[str, str]]:
    info = board.snapshot_info or {}
    rows = [("Board", board.name)]
    if info:
        rows += [
            ("Snapshot number", str(info.get("sequence"))),
            ("File", board.path.name),
            ("Taken", _when(info.get("taken_at"))),
            ("Taken by", str(info.get("taken_by_name") or info.get("taken_by") or "")),
            ("From the board file", str(info.get("source_path") or "")),
            ("Note from the secretary", str(info.get("note") or "(none)")),
        ]
    else:
        rows.append(("File", f"{board.path.name} (the live board file)"))
    if digest:
        rows.append(("SHA-256 of the file", digest))
    return rows


def _glance(board: Board, on: dt.date) -> list[tuple[str, str]]:
    data = summary(board, on)
    c = data["counts"]
    rag = data["actions_by_rag"]
    flags = data["actions_flagged"]
    bands = data["risks_by_band"]
    nxt = data["next_meeting"]
    return [
        ("Actions", f"{c['actions']}: " + ", ".join(
            f"{k.capitalize()} {v}" for k, v in rag.items())),
        ("Actions flagged", f"overdue {flags['overdue']}, slipped {flags['slipped']}, slow to "
                            f"progress {flags['slow_to_progress']}, no update this cycle "
                            f"{flags['no_update_this_cycle']}"),
        ("Open risks by band", ", ".join(f"{k} {v}" for k, v in bands.items())),
        ("Measures", str(c["measures"])),
        ("Impact log entries", str(c["impact_entries"])),
        ("Next meeting", f"{long_date(nxt['date'])} at {clock(nxt['start_time'])}"
                         if nxt else "none planned"),
    ]


def _shown(record: str) -> str:
    return long_date(record) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", record) else record


def _record_label(board: Board, row: dict[str, Any]) -> str:
    """Return how people know the record a change-log row is about."""
    name = row["entity"]
    e = ENTITIES.get(name)
    record = str(row.get("record") or "")
    if name == "meeting":
        return record
    if e is None or not e.parent or row.get("entity_id") is None:
        return f"{e.label if e else name.replace('_', ' ').capitalize()} {_shown(record)}".strip()
    try:
        child = board.get(name, row["entity_id"])
        parent = board.label(e.field(e.parent).ref, child[e.parent])
        if name == "invitee":
            record = board.label("person", child["person_id"])
        elif name == "cycle_step":
            record = STEP_LABELS.get(child["step"], record)
    except Exception:  # noqa: BLE001 - a record gone from the file: show what the log kept
        parent = ""
    return f"{parent} {e.label.lower()} {_shown(record)}".strip()


def _value(board: Board, entity_name: str, field_name: str, raw: Any) -> str:
    """Return a logged value as people read it: names for references, dates in words."""
    if raw is None:
        return ""
    text = str(raw)
    e = ENTITIES.get(entity_name)
    try:
        f = e.field(field_name) if e else None
    except KeyError:
        f = None
    if f is None:
        return _shown(text) if field_name == "(created)" else text
    try:
        if f.kind == "ref":
            return board.label(f.ref, int(text))
        if f.kind == "date":
            return long_date(text)
        if f.name == "rag":
            return rag_label(text)
        if f.name == "step":
            return STEP_LABELS.get(text, text)
    except (ValueError, KeyError):
        return text
    return text


def _field_label(entity_name: str, field_name: str) -> str:
    if field_name == "(created)":
        return "Added"
    if field_name == "archived":
        return "Archived or restored"
    e = ENTITIES.get(entity_name)
    try:
        return e.field(field_name).label if e else field_name
    except KeyError:
        return field_name.replace("_", " ").capitalize()


def _log_groups(board: Board, previous: dict[str, Any]) -> tuple[tuple, int]:
    """Return the change-log rows written after the previous snapshot was recorded, grouped."""
    rows = list(reversed(board.change_log(since=previous["taken_at"])))
    marks = [r["id"] for r in rows if r["entity"] == "snapshot"
             and r["entity_id"] == previous.get("id")]
    if marks:  # the log row that recorded the previous snapshot: everything after it is new
        rows = [r for r in rows if r["id"] > marks[0]]
    rows = [r for r in rows if r["entity"] not in _SKIP_ENTITIES]
    omitted = max(0, len(rows) - MAX_LOG_ROWS)
    rows = rows[:MAX_LOG_ROWS]
    groups = []
    known = {name for _, names in LOG_GROUPS for name in names}
    for heading, names in (*LOG_GROUPS, ("Other records", ())):
        chosen = [r for r in rows if (r["entity"] in names if names else r["entity"] not in known)]
        if not chosen:
            continue
        groups.append((heading, tuple(
            (_when(r["at"]), str(r["user"]), _record_label(board, r),
             _field_label(r["entity"], r["field"]),
             "" if r["field"] == "(created)" else _value(board, r["entity"], r["field"], r["old"]),
             _value(board, r["entity"], r["field"], r["new"]))
            for r in chosen)))
    return tuple(groups), omitted


def report_from_diff(diff: BoardDiff, new: Board, *, digest: str | None = None,
                     on: dt.date | None = None) -> ChangesReport:
    """Return a report of a comparison already made (e.g. from "Compare with...")."""
    on = on or registers.today()
    return ChangesReport(new.name, "Differences between two files of the board",
                         tuple(_details(new, digest)),
                         f"It compares {diff.old_label} with {diff.new_label}.",
                         diff=diff, glance=tuple(_glance(new, on)))


def changes_since_last(snapshot: Path, out_dir: Path, previous: dict[str, Any] | None,
                       digest: str | None = None, *, on: dt.date | None = None
                       ) -> ChangesReport:
    """Return the report for the new `snapshot`, compared with the previous one sent.

    `previous` is the previous snapshots_sent row (None for the first
    snapshot). The previous file is looked for in `out_dir`; when it is not
    there (or cannot be opened) the change log since it was taken is used.
    """
    from sendsec.snapshots import find_snapshot, open_snapshot

    on = on or registers.today()
    new = open_snapshot(snapshot)
    try:
        details = tuple(_details(new, digest))
        glance = tuple(_glance(new, on))
        if previous is None:
            return ChangesReport(new.name, TITLE, details,
                                 "This is the first snapshot sent from this board file, so "
                                 "there is no earlier one to compare it with.", glance=glance)
        seq, taken = previous["sequence"], previous["taken_at"]
        uid = new.snapshot_info["board_uid"]
        found = find_snapshot(out_dir, uid, seq, previous.get("file_name"))
        why_not = f"snapshot {seq} ('{previous.get('file_name')}') is not in the folder " \
                  f"'{Path(out_dir).name}'"
        if found is not None:
            try:
                old = open_snapshot(found, board_uid=uid)
            except FileRefused as exc:
                why_not = f"snapshot {seq} could not be opened ({exc})"
            else:
                try:
                    diff = diff_boards(old, new, on=on)
                finally:
                    old.close()
                return ChangesReport(new.name, TITLE, details,
                                     f"It compares this snapshot with snapshot {seq} "
                                     f"('{found.name}'), taken {_when(taken)}.",
                                     diff=diff, glance=glance)
        log, omitted = _log_groups(new, previous)
        return ChangesReport(new.name, TITLE, details,
                             f"{why_not[0].upper()}{why_not[1:]}, so the report lists the changes recorded in the board's "
                             f"change log since that snapshot was taken ({_when(taken)}).",
                             log=log, log_omitted=omitted, glance=glance)
    finally:
        new.close()


# ------------------------------------------------------------------ writing

def clean(text: Any) -> str:
    """Return text safe for Word XML: line breaks kept as '\\n', forbidden characters removed."""
    if text is None:
        return ""
    text = _LINE_BREAKS.sub("\n", str(text))
    return _FORBIDDEN.sub("", text)


def _cell_text(text: Any) -> str:
    text = clean(text)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _template_document() -> DocxDocument:
    """Return an empty document in the house style."""
    try:
        from sendsec.papers.template import new_document, template_source
    except ImportError:
        new_document = template_source = None
    if new_document is not None:
        return new_document(template_source(None))
    path = Path(__file__).resolve().parents[1] / "resources" / "template.docx"
    doc = Document(str(path)) if path.is_file() else Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _set_language(doc)
    _page_numbers(doc)
    return doc


def _set_language(doc: DocxDocument) -> None:
    from sendsec.papers.template import apply_language

    apply_language(doc)


def _page_numbers(doc: DocxDocument) -> None:
    paragraph = doc.sections[0].footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    field_el = OxmlElement("w:fldSimple")
    field_el.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field_el.append(run)
    paragraph._p.append(field_el)


def _para(doc: DocxDocument, text: Any, *, bold: bool = False, style: str | None = None):
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(clean(text))
    run.bold = bold or None
    return paragraph


def _table(doc: DocxDocument, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    try:
        table.style = doc.styles["Table Grid"]
    except KeyError:
        pass
    head = table.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    tr_pr.append(mark)
    for cell, text in zip(head.cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(clean(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(_cell_text(text))
    doc.add_paragraph()


def _diff_rows(items) -> list[tuple[str, str, str, str]]:
    rows = []
    for item in items:
        record = f"{item.key} {item.title}".strip() if item.title else item.key
        if item.kind in ("added", "removed") or not item.changes:
            what = {"added": "Added", "removed": "Removed", "changed": "Changed"}[item.kind]
            rows.append((record, what, "", item.detail))
        for c in item.changes:
            rows.append((record, c.field, c.old, c.new))
    return rows


def build_document(report: ChangesReport, *, now: dt.datetime | None = None,
                   author: str = "") -> DocxDocument:
    """Return the report as a python-docx Document (not saved)."""
    now = now or dt.datetime.now()
    doc = _template_document()
    props = doc.core_properties
    props.title = clean(f"{report.board_name}: {report.title}")[:255]
    props.subject = "Snapshot of the board's records for the independent chair"
    props.author = clean(author)[:255]
    props.last_modified_by = clean(author)[:255]
    props.language = LANGUAGE
    props.keywords = "SEND Improvement Board; snapshot; changes"
    props.created = now
    props.modified = now
    props.comments = clean(report.basis)[:255]

    doc.add_heading(clean(report.title), level=0)
    _para(doc, report.board_name, bold=True)
    _para(doc, "This report sets out what has changed in the board's records. " + report.basis)

    doc.add_heading("About this snapshot", level=1)
    _table(doc, ("Item", "Detail"), list(report.details))

    if report.diff is not None:
        diff = report.diff
        doc.add_heading("What changed", level=1)
        if diff.is_empty():
            _para(doc, "No differences were found: the records compared are the same.")
        else:
            _para(doc, "; ".join(f"{heading}: {len(items)} record{'s' if len(items) != 1 else ''}"
                                 for heading, items in diff.sections()) + ".")
        for note in diff.notes:
            _para(doc, note)
        for heading, items in diff.sections():
            doc.add_heading(f"{heading} ({len(items)})", level=2)
            _table(doc, ("Record", "What", "Before", "After"), _diff_rows(items))
    elif report.log is not None:
        doc.add_heading("Changes recorded in the change log", level=1)
        if not report.log:
            _para(doc, "No changes were recorded since the previous snapshot.")
        for heading, rows in report.log:
            doc.add_heading(f"{heading} ({len(rows)})", level=2)
            _table(doc, ("When", "Who", "Record", "What", "From", "To"), list(rows))
        if report.log_omitted:
            _para(doc, f"A further {report.log_omitted:,} changes are not listed; compare the "
                       "snapshot files in sendsec to see them all.")

    if report.glance:
        doc.add_heading("The board at a glance", level=1)
        _table(doc, ("Register", "Now"), list(report.glance))
    return doc


def report_bytes(report: ChangesReport, *, now: dt.datetime | None = None,
                 author: str = "") -> bytes:
    """Return the report as the bytes of a .docx file."""
    buffer = io.BytesIO()
    build_document(report, now=now, author=author).save(buffer)
    return buffer.getvalue()


def write_report(report: ChangesReport, path: Path, *, now: dt.datetime | None = None,
                 author: str = "") -> Path:
    """Write the report to `path` (replacing it atomically); return the path."""
    from sendsec.folders import replace_file

    data = report_bytes(report, now=now, author=author)
    return replace_file(path, lambda tmp: tmp.write_bytes(data))

"""The chair's "changes since the last snapshot" report: an ordinary `Paper`
(`changes_paper`) of what `sendsec.reports.snapshot_changes` works out (`ChangesReport`, from
`snapshot_changes` or `report_from_diff`, still importable from here), written by the one
document writer (`report_bytes`).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from sendsec.papers.model import Heading, Paper, Table, para
from sendsec.reports.snapshot_changes import (
    LOG_GROUPS,
    MAX_LOG_ROWS,
    TITLE,
    ChangesReport,
    at_a_glance,
    report_from_diff,
    snapshot_changes,
)

__all__ = ["LOG_GROUPS", "MAX_LOG_ROWS", "TITLE", "ChangesReport", "at_a_glance",
           "changes_paper", "report_bytes", "report_from_diff", "snapshot_changes"]

MAX_CELL = 2000


# ------------------------------------------------------------------ the paper

def _cell(text: Any) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _rows(rows: Any) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_cell(text) for text in row) for row in rows)


def _diff_rows(items: Any) -> list[tuple[str, str, str, str]]:
    rows = []
    for item in items:
        record = f"{item.key} {item.title}".strip() if item.title else item.key
        if item.kind in ("added", "removed") or not item.changes:
            what = {"added": "Added", "removed": "Removed", "changed": "Changed"}[item.kind]
            rows.append((record, what, "", item.detail))
        for c in item.changes:
            rows.append((record, c.field, c.old, c.new))
    return rows


def changes_paper(report: ChangesReport, author: str = "") -> Paper:
    """Return the report as a Paper: about the snapshot, what changed (each kind of record
    with a table of its changes, or the change log's rows), the board at a glance."""
    paper = Paper("snapshot changes", f"{report.board_name}: {report.title}",
                  "Snapshot of the board's records for the independent chair", author)
    paper.add(Heading(report.title, 0), para(report.board_name, bold=True),
              para("This report sets out what has changed in the board's records. "
                   + report.basis))
    paper.add(Heading("About this snapshot", 1), Table(("Item", "Detail"), _rows(report.details)))
    if report.diff is not None:
        diff = report.diff
        paper.add(Heading("What changed", 1))
        if diff.is_empty():
            paper.add(para("No differences were found: the records compared are the same."))
        else:
            paper.add(para("; ".join(f"{heading}: {len(items)} record"
                                     f"{'s' if len(items) != 1 else ''}"
                                     for heading, items in diff.sections()) + "."))
        paper.add(*(para(note) for note in diff.notes))
        for heading, items in diff.sections():
            paper.add(Heading(f"{heading} ({len(items)})", 2),
                      Table(("Record", "What", "Before", "After"), _rows(_diff_rows(items))))
    elif report.log is not None:
        paper.add(Heading("Changes recorded in the change log", 1))
        if not report.log:
            paper.add(para("No changes were recorded since the previous snapshot."))
        for heading, rows in report.log:
            paper.add(Heading(f"{heading} ({len(rows)})", 2),
                      Table(("When", "Who", "Record", "What", "From", "To"), _rows(rows)))
        if report.log_omitted:
            paper.add(para(f"A further {report.log_omitted:,} changes are not listed; compare "
                           "the snapshot files in sendsec to see them all."))
    if report.glance:
        paper.add(Heading("The board at a glance", 1),
                  Table(("Register", "Now"), _rows(report.glance)))
    return paper


def report_bytes(report: ChangesReport, *, now: dt.datetime | None = None,
                 author: str = "") -> bytes:
    """Return the report as the bytes of a .docx file in the house style."""
    from sendsec.papers.docx_writer import build_document
    from sendsec.papers.template import template_source

    buffer = io.BytesIO()
    build_document(changes_paper(report, author), template_source(None), now=now).save(buffer)
    return buffer.getvalue()

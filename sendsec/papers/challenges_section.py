"""The pack's section on the chair's challenges: what the chair asked, and what came back.

The challenges come from the chair's comments on a snapshot (sendsec.exchanges.comments). The pack
shows every challenge still open, and those answered or closed since the last meeting,
with the response and who owns it, so the board sees its chair's challenge and the answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendsec.domain.dates import long_date, short_date
from sendsec.papers.model import Block, Table, para
from sendsec.papers.safe_text import tidy_lines


def relevant(rows: list[dict[str, Any]], since: dt.date | None) -> list[dict[str, Any]]:
    """Return the challenges the pack shows: open ones, and those answered or closed (or
    raised) since `since`, oldest first."""
    start = since.isoformat() if since else ""

    def recent(c: dict[str, Any]) -> bool:
        when = c.get("answered_on") or c.get("raised_on") or ""
        return when >= start or (c.get("raised_on") or "") >= start

    shown = [c for c in rows if (c["status"] == "open" and not _for_the_record(c)) or recent(c)]
    return sorted(shown, key=lambda c: (c["raised_on"], c["id"]))


def _for_the_record(c: dict[str, Any]) -> bool:
    """A comment the chair made for the record: no answer was asked for, so it is never
    'open' or 'waiting', and it is shown in the cycle it was made (or answered) only."""
    return c.get("kind") == "comment"


def blocks(rows: list[dict[str, Any]], people: dict[int, str], since: dt.date | None
           ) -> list[Block]:
    """Return the section's blocks: a sentence of counts and one table."""
    shown = relevant(rows, since)
    if not shown:
        return [para("The chair raised no challenges in this cycle, and none is open.")]
    noted = sum(1 for c in shown if _for_the_record(c))
    asked = len(shown) - noted
    open_n = sum(1 for c in shown if c["status"] == "open" and not _for_the_record(c))
    period = f" since {long_date(since)}" if since else ""
    also = f"; and {noted} comment{'s' if noted != 1 else ''} for the record" if noted else ""
    out: list[Block] = [para(
        f"{asked} challenge{'s' if asked != 1 else ''} from the chair: "
        f"{open_n} still open, {asked - open_n} answered or closed{period}{also}. The chair "
        "raises them on the snapshot of the records sent before each meeting.")]
    table_rows = []
    for c in shown:
        owner = people.get(c["owner_id"], "") if c.get("owner_id") else ""
        response = tidy_lines(c.get("response")) or (
            "No answer asked for." if _for_the_record(c) else "No response yet.")
        if c.get("answered_on"):
            response += f" ({short_date(c['answered_on'])})"
        status = "Comment for the record" if _for_the_record(c) else c["status"].capitalize()
        table_rows.append((short_date(c["raised_on"]), c.get("record") or "The board",
                           tidy_lines(c["text"]), status,
                           owner or "Not assigned", response))
    out.append(Table(("Raised", "About", "Challenge", "Status", "Owner", "Response"),
                     tuple(table_rows), widths=(1.8, 2.3, 3.2, 1.7, 1.6, 3.0)))
    return out

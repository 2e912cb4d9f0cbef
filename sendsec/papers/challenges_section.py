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


def relevant(rows: list[dict[str, Any]], since: dt.date | None) -> list[dict[str, Any]]:
    """Return the challenges the pack shows: open ones, and those answered or closed (or
    raised) since `since`, oldest first."""
    start = since.isoformat() if since else ""

    def recent(c: dict[str, Any]) -> bool:
        when = c.get("answered_on") or c.get("raised_on") or ""
        return when >= start or (c.get("raised_on") or "") >= start

    shown = [c for c in rows if c["status"] == "open" or recent(c)]
    return sorted(shown, key=lambda c: (c["raised_on"], c["id"]))


def blocks(rows: list[dict[str, Any]], people: dict[int, str], since: dt.date | None
           ) -> list[Block]:
    """Return the section's blocks: a sentence of counts and one table."""
    shown = relevant(rows, since)
    if not shown:
        return [para("The chair raised no challenges in this cycle, and none is open.")]
    open_n = sum(1 for c in shown if c["status"] == "open")
    answered = len(shown) - open_n
    period = f" since {long_date(since)}" if since else ""
    out: list[Block] = [para(
        f"{len(shown)} challenge{'s' if len(shown) != 1 else ''} from the chair: "
        f"{open_n} still open, {answered} answered or closed{period}. The chair raises them on "
        "the snapshot of the records sent before each meeting.")]
    table_rows = []
    for c in shown:
        owner = people.get(c["owner_id"], "") if c.get("owner_id") else ""
        response = " ".join((c.get("response") or "").split()) or "No response yet."
        if c.get("answered_on"):
            response += f" ({short_date(c['answered_on'])})"
        table_rows.append((short_date(c["raised_on"]), c.get("record") or "The board",
                           " ".join(c["text"].split()), c["status"].capitalize(),
                           owner or "Not assigned", response))
    out.append(Table(("Raised", "About", "Challenge", "Status", "Owner", "Response"),
                     tuple(table_rows), widths=(1.8, 2.3, 3.2, 1.7, 1.6, 3.0)))
    return out

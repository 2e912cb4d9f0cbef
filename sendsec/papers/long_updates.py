"""Long progress updates (a lead's pasted report): cut in tables and highlight reports at a
word boundary with '…' and a pointer, and printed in full once, in the paper's appendix of
updates in full; cut the same way, pointing to the board's records, in the update returns and
requests that ask an owner for the next update."""

from __future__ import annotations

from typing import Any

from sendsec.domain.dates import long_date
from sendsec.papers.model import Block, Heading, para
from sendsec.papers.safe_text import shorten

#: An update longer than this is cut where a table or a highlight report gives it.
LIMIT = 600
#: The title of the appendix that gives each long update in full.
FULL_TITLE = "Progress updates in full"
#: Where the whole of an update cut in an update return or request is.
IN_RECORDS = "shortened: the whole update is kept in the board's records"


def is_long(text: str | None) -> bool:
    return bool(text) and len(" ".join(str(text).split())) > LIMIT


def cut(text: str, pointer: str = f"shortened: in full in '{FULL_TITLE}'") -> str:
    """Return `text` whole when it is short, else cut at a word boundary with '…' and a
    pointer (by default to the appendix that gives it in full)."""
    if not is_long(text):
        return text
    return shorten(text, LIMIT) + f" ({pointer})"


def long_ones(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the actions whose latest update is long, each once, in the order given."""
    seen: set[int] = set()
    out = []
    for a in actions:
        if a.get("latest_update") and is_long(a.get("latest_narrative")) \
                and a["id"] not in seen:
            seen.add(a["id"])
            out.append(a)
    return out


def appendix(actions: list[dict[str, Any]], level: int = 2) -> list[Block]:
    """Return each long latest update in full, under its action's reference and title."""
    out: list[Block] = []
    for a in long_ones(actions):
        out.append(Heading(f"{a['ref']}: {shorten(a['title'], 120)}", level))
        when = f"Update of {long_date(a['latest_update_date'])}" \
            if a.get("latest_update_date") else "Latest update"
        out.append(para(f"{when}:", bold=True))
        out.append(para(a["latest_narrative"]))
    return out

"""How records are named and put in order for people, in one place, so the app, the checks,
the comparison of two files and the papers all say the same thing.

- `natural_key`: references in the order people expect ('PA2.9' before 'PA2.10').
- `meeting_name` / `meeting_label`: 'Meeting 7' and 'Meeting 7, 12 March 2025'.
- `record_label`: how people know any record (its reference, name, title or day).
- `long_date`: a date in words, council style ('12 March 2025'); from `sendsec.domain.dates`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from sendsec.domain.dates import long_date
from sendsec.domain.entities import Entity

__all__ = ["long_date", "meeting_label", "meeting_name", "natural_key", "record_label"]

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str | None) -> tuple[str | int, ...]:
    """Return a sort key that puts 'PA2.10' after 'PA2.9' and 'BA10' after 'BA2', case
    ignored; None and '' sort first. Any text gives a key (every other part is a number)."""
    parts = _DIGITS.split((text or "").casefold())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def count(n: int, one: str, many: str | None = None, *, no: bool = False) -> str:
    """Return a number with its noun in agreement: '1 action', '3 actions', '2 entries'
    (with `many` given); with `no`, 0 reads 'No action' ('No entry') instead of '0 actions'."""
    if n == 0 and no:
        return f"No {one}"
    return f"{n} {one if n == 1 else (many or one + 's')}"


def agree(n: int, one: str, many: str) -> str:
    """Return the verb (or word) that agrees with `n`: agree(1, 'is', 'are') is 'is'."""
    return one if n == 1 else many


def and_list(words: Any) -> str:
    """Return 'a', 'a and b' or 'a, b and c' ('' for none)."""
    items = [str(w) for w in words]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


#: Titles a letter is addressed by with the surname: 'Dear Councillor Wareing'.
_TITLES = frozenset({"councillor", "cllr", "cllr.", "dr", "dr.", "doctor", "professor",
                     "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx",
                     "mx.", "sir", "dame", "lord", "lady", "baroness", "baron", "revd", "rev",
                     "rev.", "reverend"})
#: Letters after a name, which a greeting leaves out ('Dr Amina Yusuf PhD').
_AFTER_NAME = frozenset({"phd", "dphil", "md", "obe", "mbe", "cbe", "dbe", "kbe", "qc", "kc",
                         "frcp", "frcpch", "mrcp", "mrcpch", "frcs", "bsc", "ba", "ma", "msc",
                         "med", "mba", "llb", "jp", "dl", "mp", "rn", "frsa", "fcipd", "mcipd"})
#: Words that begin a surname of several words ('Dr Jan van der Berg': 'Dr van der Berg').
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "da", "di", "du",
                        "la", "le", "st", "st.", "mac", "al", "el", "bin", "ibn", "ten", "ter"})


def salutation(name: str) -> str:
    """Return whom a letter greets, as a council writes it: 'Councillor Wareing' for
    'Councillor Gillian Wareing', 'Dr Yusuf' for 'Dr Amina Yusuf PhD' or 'Dr Amina Yusuf,
    OBE', 'Dr van der Berg', 'Lord Smith' for 'Lord Smith of Finsbury', 'Sir John' for 'Sir
    John Smith'; what follows a comma and words in brackets ('(Chair)') are left out. A name
    without a title is greeted whole ('Stephen Ridley'): nothing says which title the person
    uses."""
    plain = re.sub(r"\([^)]*\)", " ", name).split(",")[0]
    words = plain.split() or name.split()
    if len(words) < 3 or words[0].casefold() not in _TITLES:
        return " ".join(words)
    title, rest = words[0], words[1:]
    if "of" in rest[1:]:  # a territorial title: 'Lord Smith of Finsbury'
        rest = rest[:rest.index("of", 1)]
    while len(rest) > 1 and rest[-1].casefold().strip(".") in _AFTER_NAME:
        rest = rest[:-1]
    if title.casefold() in ("sir", "dame"):
        return f"{title} {rest[0]}"
    first = len(rest) - 1  # the surname, with the particles before it
    while first > 0 and rest[first - 1].casefold() in _PARTICLES:
        first -= 1
    return " ".join([title, *rest[first:]])


def clauses(parts: Any) -> str:
    """Return parts of one sentence as its clauses: 'Red or Amber in two consecutive cycles
    (Red, Red); no movement: Red for 3 cycles' (a capital after a comma reads as a new
    sentence)."""
    return "; ".join(p if i == 0 else p[:1].lower() + p[1:] for i, p in enumerate(parts))


def meeting_name(meeting: Mapping[str, Any]) -> str:
    """Return how people name a meeting: 'Meeting 7', 'Extraordinary meeting 2' or
    'Stocktake review'; 'Board meeting' or 'Extraordinary meeting' when it has no number."""
    kind = meeting.get("kind") or "board"
    if kind == "stocktake review":
        return "Stocktake review"
    number = meeting.get("number")
    if kind == "extraordinary":
        return f"Extraordinary meeting {number}" if number else "Extraordinary meeting"
    return f"Meeting {number}" if number else "Board meeting"


def meeting_label(meeting: Mapping[str, Any]) -> str:
    """Return 'Meeting 7, 12 March 2025' (the name alone when the date is not a date)."""
    value = meeting.get("meeting_date")
    try:
        when = long_date(value) if value else ""
    except (TypeError, ValueError):
        when = str(value)
    return f"{meeting_name(meeting)}, {when}" if when else meeting_name(meeting)


def record_label(e: Entity, row: Mapping[str, Any]) -> str:
    """Return how people know the record `row` of kind `e`: its reference, name or title, a
    meeting's name and date, 'Minute 12', the day of an update or review, or '#id';
    at most 80 characters."""
    value = row.get(e.title)
    if e.name == "meeting":
        return meeting_label(row)
    if e.name == "minute":
        return f"Minute {value}"
    if value is None or value == "":
        return f"#{row.get('id')}"
    if e.field(e.title).kind == "date":  # an update, review or data point: its day
        try:
            return long_date(dt.date.fromisoformat(str(value)))
        except ValueError:
            pass
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."

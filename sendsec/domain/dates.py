"""Reading and writing dates and times the way English councils write them."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import overload

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
# a time after the date is allowed (spreadsheets write "2025-01-31 00:00:00"); other words are not
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})"
                  r"(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?$")
_UK = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_WORDS = re.compile(r"^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2})(?::\d{2})?)?\s*(am|pm)?$")
_NOON = ("noon", "12noon", "midday", "12midday")
_MIDNIGHT = ("midnight", "12midnight")
YEARS = (1900, 2199)  # a date outside these years is a typing mistake in a board's records
EXCEL_EPOCH = dt.date(1899, 12, 30)
# English names whatever the machine's locale (strftime's %B follows it)
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def today() -> dt.date:
    """Return today's date ($SENDSEC_TODAY, as YYYY-MM-DD, fixes it for demos and tests)."""
    fixed = os.environ.get("SENDSEC_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def parse_date(value: object) -> dt.date | None:
    """Return the date `value` stands for, None for blank, or raise ValueError saying why.

    Accepts date objects, ISO 'YYYY-MM-DD', UK '31/01/2025', '31-01-2025',
    '31.01.25', '31 Jan 2025', 'Friday 31st January 2025', and Excel serial numbers.
    'TBC' and similar raise ValueError (a missing date is never invented).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a date")
    if isinstance(value, (int, float)):
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(f"'{value}' is not a date")
    text = " ".join(str(value).split()).strip().lower()
    if not text:
        return None
    found = None
    try:
        if m := _ISO.match(text):
            found = dt.date(int(m[1]), int(m[2]), int(m[3]))
        elif m := _UK.match(text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            found = dt.date(year, int(m[2]), int(m[1]))
        elif (m := _WORDS.match(text)) and m[2] in _MONTHS:
            found = dt.date(int(m[3]), _MONTHS[m[2]], int(m[1]))
        elif re.fullmatch(r"\d{5}(\.\d+)?", text):
            return parse_date(float(text))
    except ValueError:
        raise ValueError(f"'{value}' is not a real date") from None
    if found is None:
        raise ValueError(f"'{value}' is not a date (write it as 31/01/2025 or 2025-01-31)")
    if not YEARS[0] <= found.year <= YEARS[1]:
        raise ValueError(f"'{value}' is not a likely date: the year {found.year} is "
                         f"before {YEARS[0]} or after {YEARS[1]}")
    return found


def parse_time(value: object) -> str | None:
    """Return 'HH:MM' for a time like '10:00', '6.00pm', '14.30', None for blank; else ValueError."""
    if value is None:
        return None
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    text = str(value).strip().lower().replace(" ", "")
    if not text:
        return None
    if text in _NOON:
        return "12:00"
    if text in _MIDNIGHT:
        return "00:00"
    m = _TIME.match(text)
    if not m:
        raise ValueError(f"'{value}' is not a time (write it as 14:30)")
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3] and not 1 <= hour <= 12:
        raise ValueError(f"'{value}' is not a real time")
    if m[3] == "pm" and hour < 12:
        hour += 12
    if m[3] == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError(f"'{value}' is not a real time")
    return f"{hour:02d}:{minute:02d}"


def iso(d: dt.date | None) -> str | None:
    """Return 'YYYY-MM-DD' or None."""
    return d.isoformat() if d else None


@overload
def from_iso(text: str) -> dt.date: ...
@overload
def from_iso(text: None) -> None: ...
@overload
def from_iso(text: str | None) -> dt.date | None: ...
def from_iso(text: str | None) -> dt.date | None:
    """Return the date of a stored 'YYYY-MM-DD' string, or None."""
    return dt.date.fromisoformat(text) if text else None


def long_date(d: dt.date | str | None) -> str:
    """Return '12 March 2025' (council style), or '' for None."""
    if isinstance(d, str):
        d = from_iso(d)
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}" if d else ""


def day_date(d: dt.date | str | None) -> str:
    """Return 'Wednesday 12 March 2025', or '' for None."""
    if isinstance(d, str):
        d = from_iso(d)
    return f"{DAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year}" if d else ""


def short_date(d: dt.date | str | None) -> str:
    """Return '12/03/2025', or '' for None."""
    if isinstance(d, str):
        d = from_iso(d)
    return f"{d:%d/%m/%Y}" if d else ""


def clock(hhmm: str | None) -> str:
    """Return council-style '10.00am' / '6.30pm' / '12 noon' / '12 midnight' for 'HH:MM',
    or ''."""
    if not hhmm:
        return ""
    hour, minute = (int(x) for x in hhmm.split(":"))
    if minute == 0 and hour in (0, 12):  # '12.00pm' is read as midnight as often as noon
        return "12 noon" if hour == 12 else "12 midnight"
    suffix = "am" if hour < 12 else "pm"
    return f"{(hour % 12) or 12}.{minute:02d}{suffix}"

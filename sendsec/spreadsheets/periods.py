"""Reading the periods councils write where a date should be: 'Sept 2025', 'Q3 2025/26'.

A plan's due date is often a month, a quarter of the financial year or a
week. Each is read to the LAST day of the period it names, and the reading
says so ("read as 30/09/2025, the end of September 2025") so the preview can
flag it: nothing is invented silently. What names no single period (a season,
'Q3 2025' without saying which kind of year, 'next spring') is not read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from sendsec.domain.dates import MONTH_NAMES, YEARS, parse_date

_MONTHS = {name[:3].casefold(): i + 1 for i, name in enumerate(MONTH_NAMES)}
_MONTHS["sept"] = 9
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_LEAD_IN = re.compile(r"^(?:by|before|no later than|due|complete by|completed by|deadline)?\s*"
                      r"(?:the\s+)?(?:end\s+of|end|close\s+of)?\s*(?:the\s+)?", re.I)
# a two-digit year only after a hyphen or apostrophe ('Sep-25'): 'March 26' may be a day
_MONTH_YEAR = re.compile(rf"^{_MONTH}(?:[\s,]*(\d{{4}})|\s*[-']\s*(\d{{2}}))$", re.I)
_QUARTER = re.compile(r"^(?:q|quarter\s*)([1-4])\s*(?:of\s+)?(?:fy\s*)?(\d{4}|\d{2})\s*[/\-]\s*"
                      r"(\d{2}|\d{4})$|^(?:fy\s*)?(\d{4}|\d{2})\s*[/\-]\s*(\d{2}|\d{4})\s*"
                      r"(?:q|quarter\s*)([1-4])$", re.I)
_FINANCIAL_YEAR = re.compile(r"^(?:fy|financial\s+year)\s*(\d{4})\s*[/\-]\s*(\d{2}|\d{4})"
                             r"(?:\s+financial\s+year)?$|^(\d{4})\s*[/\-]\s*(\d{2}|\d{4})\s+"
                             r"financial\s+year$", re.I)
_ACADEMIC_YEAR = re.compile(r"^(?:academic\s+year\s*(\d{4})\s*[/\-]\s*(\d{2}|\d{4})|"
                            r"(\d{4})\s*[/\-]\s*(\d{2}|\d{4})\s+academic\s+year)$", re.I)
_WEEK = re.compile(r"^(?:w/?c|wc|w\.c\.|week\s+commencing|week\s+beginning|w/b)\.?\s*(.+)$",
                   re.I)
_YEAR_END = re.compile(r"^(?:end\s+of\s+|by\s+end\s+of\s+|by\s+the\s+end\s+of\s+)(\d{4})$", re.I)
_SEASON = re.compile(r"\b(spring|summer|autumn|winter)\b", re.I)


@dataclass(frozen=True)
class Period:
    """A date read from a period: the period's last day and the words that say how it was read."""

    date: dt.date
    period: str  # 'the end of September 2025'

    @property
    def note(self) -> str:
        """Return 'read as 30/09/2025 (the end of September 2025)'."""
        return f"read as {self.date:%d/%m/%Y} ({self.period})"


def month_end(year: int, month: int) -> dt.date:
    """Return the last day of `month` of `year`."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    y = int(text.lstrip("'"))
    return y + 2000 if y < 100 else y


def _fy(first: str, second: str) -> int | None:
    """Return the first calendar year of financial year 'first/second' if the two follow on."""
    a, b = _year(first), _year(second)
    return a if b == a + 1 else None


def _check(d: dt.date) -> dt.date | None:
    return d if YEARS[0] <= d.year <= YEARS[1] else None


def read_period(text: str) -> Period | None:
    """Return the last day of the period `text` names, or None if it names no single period.

    'Sept 2025' / 'September 2025' / 'Sep-25' -> 30/09/2025; 'end of March 2026' ->
    31/03/2026; 'Q3 2025/26' (the UK financial year: Q1 April-June ... Q4 January-March)
    -> 31/12/2025; 'FY 2025/26' -> 31/03/2026; 'academic year 2025/26' -> 31/08/2026;
    'w/c 3 Nov 2025' -> Friday 07/11/2025; 'end of 2025' -> 31/12/2025. Seasons
    ('Spring 2026') and quarters without a financial year ('Q3 2025') are not read.
    """
    raw = " ".join(str(text).split())
    if not raw or _SEASON.search(raw):
        return None
    if m := _WEEK.match(raw):
        try:
            start = parse_date(m[1].strip())
        except ValueError:
            return None
        if start is None:
            return None
        friday = start + dt.timedelta(days=(4 - start.weekday()) % 7)
        return Period(friday, f"the Friday of the week commencing {start:%d/%m/%Y}")
    body = _LEAD_IN.sub("", raw, count=1).strip(" .,")
    if m := _MONTH_YEAR.match(body):
        month = _MONTHS[m[1][:3].casefold()]
        year = _year(m[2] or m[3])
        d = _check(month_end(year, month))
        return Period(d, f"the end of {MONTH_NAMES[month - 1]} {year}") if d else None
    if m := _QUARTER.match(body):
        q, first, second = (m[1], m[2], m[3]) if m[1] else (m[6], m[4], m[5])
        start_year = _fy(first, second)
        if start_year is None:
            return None
        quarter = int(q)
        month = (3 * quarter + 3 - 1) % 12 + 1  # Q1 -> June, Q2 -> Sept, Q3 -> Dec, Q4 -> March
        year = start_year + (1 if quarter == 4 else 0)
        d = _check(month_end(year, month))
        label = (f"the end of Q{quarter} of the financial year {start_year}/"
                 f"{(start_year + 1) % 100:02d}")
        return Period(d, label) if d else None
    for pattern, month, what in ((_FINANCIAL_YEAR, 3, "financial"), (_ACADEMIC_YEAR, 8, "academic")):
        if m := pattern.match(body):
            start_year = _fy(m[1] or m[3], m[2] or m[4])
            if start_year is None:
                return None
            d = _check(month_end(start_year + 1, month))
            return Period(d, f"the end of the {what} year {start_year}/"
                             f"{(start_year + 1) % 100:02d}") if d else None
    if m := _YEAR_END.match(raw):
        d = _check(dt.date(int(m[1]), 12, 31))
        return Period(d, f"the end of {m[1]}") if d else None
    return None


def month_named(text: str) -> int | None:
    """Return the month (1-12) a header names ('November progress update' -> 11), or None."""
    found = {_MONTHS[m[:3].casefold()] for m in re.findall(
        r"\b(january|february|march|april|may|june|july|august|september|october|november|"
        r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b", str(text), re.I)}
    return found.pop() if len(found) == 1 else None


def year_named(text: str) -> int | None:
    """Return a four-digit year a header or title names ('November 2025 update' -> 2025), or None."""
    years = {int(y) for y in re.findall(r"\b(20\d\d)\b(?!\s*[/\-]\s*\d)", str(text))}
    return years.pop() if len(years) == 1 else None


def financial_year_named(text: str) -> int | None:
    """Return the first calendar year of a financial year a title names ('2025/26' -> 2025)."""
    for m in re.finditer(r"\b(20\d\d)\s*[/\-]\s*(\d{2}|20\d\d)\b", str(text)):
        start = _fy(m[1], m[2])
        if start is not None:
            return start
    return None


@dataclass(frozen=True)
class MonthColumn:
    """A '<Month> progress update' column: where it is, the RAG beside it, and its date."""

    index: int
    rag_index: int | None
    date: dt.date
    header: str
    rule: str  # how the date was chosen, for the preview


def plan_year(title_rows: list[list[object]]) -> tuple[int, str] | None:
    """Return (year, 'the title ...') from the rows above a plan's header, if they name one.

    A financial year ('2025/26') gives its first year; a single year ('2025') gives itself.
    """
    for row in title_rows:
        for cell in row:
            if not isinstance(cell, str) or not cell.strip():
                continue
            fy = financial_year_named(cell)
            if fy is not None:
                return fy, f"the financial year {fy}/{(fy + 1) % 100:02d} in '{_short(cell)}'"
            y = year_named(cell)
            if y is not None:
                return y, f"{y} in '{_short(cell)}'"
    return None


def month_columns(headers: tuple[str, ...], mapping: dict[int, str],
                  title_rows: list[list[object]], today: dt.date) -> list[MonthColumn]:
    """Return the month-named progress columns of a header row, each dated in its month.

    The date is the last day of the month named, in the year the header names, else the
    plan's year (its title rows; a financial year 2025/26 puts April-December in 2025 and
    January-March in 2026), else the latest such month that has begun by `today`. The RAG
    is a 'November RAG' column, or a RAG column right beside the update.
    """
    found = plan_year(title_rows)
    rags = {i: month_named(headers[i]) for i, f in mapping.items() if f == "rag_month"}
    plain_rag = [i for i, f in mapping.items() if f in ("rag", "rag_or_status")]
    out = []
    for i, f in sorted(mapping.items()):
        if f != "update_month":
            continue
        header = " ".join(headers[i].split())
        month = month_named(header)
        if month is None:
            continue
        stated = year_named(header)
        if stated is not None:
            year, why = stated, "the year in the header"
        elif found is not None:
            fy_start = financial_year_named(" ".join(str(c) for r in title_rows for c in r
                                                     if isinstance(c, str)))
            year = found[0] + (1 if fy_start is not None and month <= 3 else 0)
            why = f"the plan's year: {found[1]}"
        else:
            year = today.year if month <= today.month else today.year - 1
            why = "the plan names no year: the latest such month up to the import"
        rag = next((j for j, m in rags.items() if m == month), None)
        if rag is None:
            rag = next((j for j in (i + 1, i - 1) if j in plain_rag or j in rags), None)
        d = month_end(year, month)
        out.append(MonthColumn(i, rag, d, header,
                               f"'{_short(header)}' is read as progress updates dated "
                               f"{d:%d/%m/%Y}, the last day of {MONTH_NAMES[month - 1]} "
                               f"({why})"))
    return out


def _short(text: str, n: int = 50) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 3] + "..."

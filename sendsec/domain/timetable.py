"""Working days in England and the meeting cycle's timetable: when each step falls before
and after a meeting (request updates, papers deadline, papers dispatched, draft minutes ...),
counted in working days that skip weekends and England and Wales bank holidays."""

from __future__ import annotations

import importlib.util
import itertools
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sendsec.domain.entities import TIMETABLE_STEPS

# ---------------------------------------------------------------------------
# Working days
# ---------------------------------------------------------------------------


@cache
def _bank_holidays(year: int) -> Mapping[date, str]:
    """England and Wales bank holidays for one year (computed locally, no network; the
    `holidays` package is imported when a date first needs it, not at start-up)."""
    return dict(_united_kingdom()(subdiv="ENG", years=year).items())


@cache
def _united_kingdom() -> Any:
    """Return the `holidays` package's UnitedKingdom class (what `country_holidays("GB")`
    makes), loaded from its own module file when it is there: the package's `countries`
    imports every country's module first (about 200, 0.1 s of CPU), and one is used here.
    Anywhere else (a frozen build), through the package as usual."""
    import holidays

    path = Path(holidays.__file__).with_name("countries") / "united_kingdom.py"
    spec = importlib.util.spec_from_file_location("sendsec_holidays_united_kingdom", path)
    if path.is_file() and spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.UnitedKingdom
    return holidays.UnitedKingdom


class WorkingCalendar:
    """Working days in England: Monday to Friday, excluding England and Wales
    bank holidays (from the ``holidays`` package, computed offline year by
    year as needed) and any extra closure days given.
    """

    def __init__(self, extra_holidays: Iterable[date] = frozenset()):
        self.extra_holidays: frozenset[date] = frozenset(extra_holidays)

    def __repr__(self) -> str:
        return f"WorkingCalendar(extra_holidays={sorted(self.extra_holidays)!r})"

    def holiday_name(self, d: date) -> str | None:
        """Return the bank holiday's name ('Boxing Day (observed)'), 'Closure day' for an extra holiday, else None."""
        name = _bank_holidays(d.year).get(d)
        if name is not None:
            return name
        if d in self.extra_holidays:
            return "Closure day"
        return None

    def is_working_day(self, d: date) -> bool:
        """Return True for Monday to Friday unless a bank holiday or extra closure day."""
        return d.weekday() < 5 and d not in self.extra_holidays and d not in _bank_holidays(d.year)

    def add_working_days(self, d: date, n: int) -> date:
        """Return the n-th working day after d (n > 0) or before d (n < 0).

        Counting starts from the day after (or before) d, so d itself never
        counts and need not be a working day: add_working_days(Friday, 1) is
        the next Monday (if a working day).  n == 0 returns d when it is a
        working day, else the next working day after it.
        """
        step = timedelta(days=1 if n >= 0 else -1)
        if n == 0:
            while not self.is_working_day(d):
                d += step
            return d
        remaining = abs(n)
        while remaining:
            d += step
            if self.is_working_day(d):
                remaining -= 1
        return d

    def clear_working_days_before(self, d: date, n: int) -> date:
        """Return the date that leaves exactly n clear working days before d.

        "n clear working days before" a meeting on D means the latest working
        day such that n working days lie strictly between it and D (neither
        the returned day nor D counts).  This is add_working_days(D, -(n + 1)):
        e.g. papers dispatched 5 clear working days before a Thursday meeting
        (no holidays) go on the Wednesday of the week before, leaving Thursday
        to Wednesday (5 working days) clear.  n == 0 gives the
        last working day before D.  ValueError for negative n.
        """
        if n < 0:
            raise ValueError(f"Number of clear working days must not be negative, not {n}")
        return self.add_working_days(d, -(n + 1))

    def working_days_between(self, a: date, b: date) -> int:
        """Return the number of working days strictly after a and up to and including b.

        Negative (minus the days strictly after b up to and including a) when b < a;
        0 when a == b.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a
        while d < b:
            d += timedelta(days=1)
            if self.is_working_day(d):
                count += 1
        return count


# ---------------------------------------------------------------------------
# Meeting cycle timetable
# ---------------------------------------------------------------------------

# The steps themselves are a closed list of the domain (sendsec.domain.entities).
#: Steps that fall before the meeting (offset = clear working days before it).
BEFORE_STEPS = TIMETABLE_STEPS[:4]
#: Steps that fall after the meeting (offset = working days after it).
AFTER_STEPS = TIMETABLE_STEPS[4:]

STEP_LABELS = {
    "request_updates": "Request updates from owners",
    "updates_due": "Updates due from owners",
    "papers_deadline": "Papers deadline",
    "papers_dispatched": "Papers dispatched",
    "draft_minutes_to_chair": "Draft minutes to chair",
    "draft_minutes_circulated": "Draft minutes circulated",
}

#: Negative = clear working days before the meeting; positive = working days after it.
DEFAULT_OFFSETS = {
    "request_updates": -20,
    "updates_due": -12,
    "papers_deadline": -8,
    "papers_dispatched": -5,
    "draft_minutes_to_chair": 5,
    "draft_minutes_circulated": 10,
}

DUE_SOON_DAYS = 5


def _merged_offsets(offsets: Mapping[str, int]) -> dict[str, int]:
    merged = dict(DEFAULT_OFFSETS)
    merged.update(offsets)
    return merged


def validate_offsets(offsets: Mapping[str, int]) -> list[str]:
    """Return the problems with a set of timetable offsets (empty list = usable).

    Missing steps take their default.  Before-meeting steps need an offset of
    0 or less, after-meeting steps 1 or more, all whole numbers, and the
    steps must not go backwards in TIMETABLE_STEPS order.
    """
    problems: list[str] = []
    for key in offsets:
        if key not in STEP_LABELS:
            problems.append(f"Unknown timetable step {key!r}")
    merged = _merged_offsets(offsets)
    for step in TIMETABLE_STEPS:
        value = merged[step]
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"{STEP_LABELS[step]}: offset must be a whole number, not {value!r}")
        elif step in BEFORE_STEPS and value > 0:
            problems.append(
                f"{STEP_LABELS[step]}: must be before the meeting "
                f"(0 or a negative number of clear working days), not {value}"
            )
        elif step in AFTER_STEPS and value < 1:
            problems.append(
                f"{STEP_LABELS[step]}: must be after the meeting "
                f"(1 or more working days), not {value}"
            )
    if not problems:
        for earlier, later in itertools.pairwise(TIMETABLE_STEPS):
            if merged[later] < merged[earlier]:
                problems.append(
                    f"{STEP_LABELS[later]} ({merged[later]}) would come before "
                    f"{STEP_LABELS[earlier]} ({merged[earlier]})"
                )
    return problems


def cycle_timetable(
    meeting_date: date,
    offsets: Mapping[str, int] = DEFAULT_OFFSETS,
    calendar: WorkingCalendar | None = None,
) -> dict[str, date]:
    """Return {step: date} for the meeting's cycle, in TIMETABLE_STEPS order.

    A negative offset -n puts the step n clear working days before the
    meeting (WorkingCalendar.clear_working_days_before); a positive offset n
    puts it n working days after the meeting.  Steps missing from ``offsets``
    use DEFAULT_OFFSETS.  Every date is a working day; before-steps fall
    strictly before the meeting and after-steps strictly after it.
    ValueError (listing the problems) for offsets validate_offsets() rejects.
    """
    problems = validate_offsets(offsets)
    if problems:
        raise ValueError("Invalid timetable offsets: " + "; ".join(problems))
    cal = calendar if calendar is not None else WorkingCalendar()
    merged = _merged_offsets(offsets)
    result: dict[str, date] = {}
    for step in TIMETABLE_STEPS:
        k = merged[step]
        if step in BEFORE_STEPS:
            result[step] = cal.clear_working_days_before(meeting_date, -k)
        else:
            result[step] = cal.add_working_days(meeting_date, k)
    return result


def step_state(due: date, done: date | None, today: date) -> str:
    """Return 'done' (a done date is set), 'overdue' (due before today),
    'due soon' (due today or within DUE_SOON_DAYS calendar days) or 'upcoming'.
    """
    if done is not None:
        return "done"
    if due < today:
        return "overdue"
    if (due - today).days <= DUE_SOON_DAYS:
        return "due soon"
    return "upcoming"

"""Where every date of the demo board falls, given the day it is built for: `timeline`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sendsec.domain import rules

# --------------------------------------------------------------------------- the calendar


@dataclass(frozen=True)
class Timeline:
    """Where every date of the demo falls, given `today` and the scale."""

    today: dt.date
    inspection: dt.date
    report: dt.date
    notice: dt.date
    target: dt.date
    held: tuple[dt.date, ...]        # board meetings held, oldest first
    upcoming: tuple[dt.date, ...]    # board meetings planned, soonest first
    stocktakes_held: tuple[dt.date, ...]
    stocktake_next: dt.date


def _working(d: dt.date, cal: rules.WorkingCalendar) -> dt.date:
    return cal.add_working_days(d, 0)


def _working_on_or_before(d: dt.date, cal: rules.WorkingCalendar) -> dt.date:
    while not cal.is_working_day(d):
        d -= dt.timedelta(days=1)
    return d


def _out_of_christmas(d: dt.date) -> dt.date:
    """Return `d`, or the same weekday a week later until it is past the days between
    Christmas and New Year when councils close (a board never meets on 30 December)."""
    while (d.month == 12 and d.day >= 23) or (d.month == 1 and d.day <= 3):
        d += dt.timedelta(days=7)
    return d


def _weekday_on_or_after(d: dt.date, weekday: int) -> dt.date:
    return d + dt.timedelta(days=(weekday - d.weekday()) % 7)


def _month_end(d: dt.date) -> dt.date:
    return rules.add_months(d.replace(day=1), 1) - dt.timedelta(days=1)


def timeline(today: dt.date, scale: int = 1) -> Timeline:
    """Return the demo's calendar for `today`: a board meeting every seven weeks (more often
    at larger scales), the next one three to four weeks after `today`."""
    cal = rules.WorkingCalendar()
    next_meeting = _working(_out_of_christmas(
        _weekday_on_or_after(today + dt.timedelta(days=21), 2)), cal)
    last_held = _working(next_meeting - dt.timedelta(days=49), cal)
    count = 8 * scale
    span = 7 * 49
    held: list[dt.date] = []
    for i in range(count):
        d = last_held - dt.timedelta(days=round(span * (count - 1 - i) / (count - 1)))
        d = _working(d, cal)
        while held and d <= held[-1]:
            d = cal.add_working_days(d, 1)
        held.append(min(d, last_held) if i < count - 1 else last_held)
    upcoming = [next_meeting]
    for _ in range(2):
        upcoming.append(_working(_out_of_christmas(upcoming[-1] + dt.timedelta(days=49)), cal))
    notice = held[0] - dt.timedelta(days=42)
    target = _month_end(rules.add_months(notice, 17))
    s1 = _working(_weekday_on_or_after(rules.add_months(notice, 5), 1), cal)
    s2 = _working(_weekday_on_or_after(rules.add_months(notice, 10), 1), cal)
    s3 = _working(_weekday_on_or_after(rules.add_months(s2, 6) - dt.timedelta(days=21), 1), cal)
    return Timeline(
        today=today,
        # seed: 18 March -> 14 June 2024; an inspection is on a working day
        inspection=_working_on_or_before(notice - dt.timedelta(days=88), cal),
        report=notice + dt.timedelta(days=28),      # seed: report published 12 July 2024
        notice=notice, target=target, held=tuple(held), upcoming=tuple(upcoming),
        stocktakes_held=(s1, s2), stocktake_next=s3,
    )

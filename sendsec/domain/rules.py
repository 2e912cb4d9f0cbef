"""Business rules for the SEND Improvement Board secretariat.

Pure functions only: no I/O, no database, no Qt.  Everything here works on
plain values (``datetime.date``, ``int``, ``float``, ``str``) so that the
storage, check, document and UI layers can share one definition of each rule.

Covered here:

* RAG ratings (Blue / Green / Amber / Red) with written meanings;
* action slippage, overdue, "no update this cycle" and "slow to progress";
* risk scoring, bands and movement between cycles;
* performance measures: trajectory, RAG against target and trajectory, trend;
* a working-day calendar (England and Wales bank holidays) and the meeting
  cycle timetable built on it;
* minute numbering and the six-monthly stocktake interval.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sendsec.domain.dates import long_date
from sendsec.domain.entities import TIMETABLE_STEPS
from sendsec.domain.fields import HELD_STATUSES
from sendsec.domain.timetable import (
    AFTER_STEPS,
    BEFORE_STEPS,
    DEFAULT_OFFSETS,
    DUE_SOON_DAYS,
    STEP_LABELS,
    WorkingCalendar,
    cycle_timetable,
    step_state,
    validate_offsets,
)

__all__ = [
    "ACTION_STATUSES",
    "AFTER_STEPS",
    "BEFORE_STEPS",
    "DEFAULT_BANDS",
    "DEFAULT_OFFSETS",
    "DUE_SOON_DAYS",
    "NO_MOVEMENT_CYCLES",
    "OPEN_STATUSES",
    "RAG_LABELS",
    "RAG_MEANINGS",
    "RAG_ORDER",
    "STEP_LABELS",
    "TIMETABLE_STEPS",
    "WorkingCalendar",
    "add_months",
    "band_label",
    "better_when",
    "cycle_start",
    "cycle_timetable",
    "direction_text",
    "effective_due",
    "has_update_since",
    "in_plan",
    "is_overdue",
    "is_slipped",
    "long_date",
    "measure_rag",
    "measure_trend",
    "months_between",
    "movement_label",
    "next_minute_number",
    "normalise_rag",
    "number_minutes",
    "rag_label",
    "risk_band",
    "risk_movement",
    "risk_score",
    "slow_to_progress",
    "step_state",
    "stocktake_overdue",
    "trajectory_value",
    "validate_offsets",
    "worst_rag",
]

# ---------------------------------------------------------------------------
# RAG ratings
# ---------------------------------------------------------------------------

#: Worst first.
RAG_ORDER = ("red", "amber", "green", "blue")

RAG_MEANINGS: dict[str, str] = {
    "blue": "Complete: the action is delivered and its impact is evidenced",
    "green": "On track: the action will be delivered by its due date",
    "amber": ("At risk: the action may miss its due date or target without further action"),
    "red": (
        "Off track: the action will miss its due date or target and needs the board's intervention"
    ),
}

RAG_LABELS: dict[str, str] = {
    "blue": "Blue",
    "green": "Green",
    "amber": "Amber",
    "red": "Red",
}

_RAG_SYNONYMS: dict[str, str] = {
    "r": "red",
    "red": "red",
    "off track": "red",
    "a": "amber",
    "amber": "amber",
    "at risk": "amber",
    "g": "green",
    "green": "green",
    "on track": "green",
    "b": "blue",
    "blue": "blue",
    "complete": "blue",
    "completed": "blue",
}


def _squash(text: str) -> str:
    """Lower-case, treat '-' and '_' as spaces, collapse runs of whitespace."""
    return " ".join(text.replace("-", " ").replace("_", " ").lower().split())


def normalise_rag(text: str | None) -> str | None:
    """Return 'red', 'amber', 'green' or 'blue' for a RAG as typed; None for blank/None.

    Accepts R/A/G/B, Red/Amber/Green/Blue, 'Complete'/'Completed' (blue),
    'On track' (green), 'At risk' (amber) and 'Off track' (red), in any case
    and spacing ('off-track' and 'OFF  TRACK' also work).  Anything else
    (e.g. 'TBC') raises ValueError naming the accepted values.
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise ValueError(f"RAG rating must be text, not {type(text).__name__}")
    found = _RAG_SYNONYMS.get(text)  # as stored ('amber'): already in its squashed form
    if found is not None:
        return found
    key = _squash(text)
    if not key:
        return None
    try:
        return _RAG_SYNONYMS[key]
    except KeyError:
        raise ValueError(
            f"Unrecognised RAG rating {text.strip()!r}: use Red, Amber, Green "
            "or Blue (or R, A, G, B; Off track, At risk, On track, Complete)"
        ) from None


def rag_label(rag: str | None) -> str:
    """Return the display label for a RAG ('Green'); 'Not rated' for None or blank.

    Any spelling accepted by normalise_rag() is accepted; unknown values raise
    ValueError.
    """
    value = normalise_rag(rag)
    if value is None:
        return "Not rated"
    return RAG_LABELS[value]


def worst_rag(rags: Iterable[str | None]) -> str | None:
    """Return the worst rating present (red > amber > green > blue); None if none rated."""
    found = {normalise_rag(r) for r in rags} - {None}
    for rag in RAG_ORDER:
        if rag in found:
            return rag
    return None


# ---------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------

ACTION_STATUSES = ("not started", "in progress", "complete", "closed", "deferred")
OPEN_STATUSES = ("not started", "in progress")


def in_plan(action: dict) -> bool:
    """Return whether an action is one of the Priority Action Plan's (not a board action from
    the minutes): the one definition every paper, the summary and the app count by."""
    return action.get("kind", "plan") == "plan"

#: Number of consecutive identical Red/Amber ratings that counts as "no movement".
NO_MOVEMENT_CYCLES = 3


def _status(status: str | None) -> str:
    return _squash(status or "")


def effective_due(due: date | None, revised_due: date | None) -> date | None:
    """Return the date the action is now due: the revised due date if set, else the original."""
    return revised_due if revised_due is not None else due


def is_overdue(due: date | None, revised_due: date | None, status: str, today: date) -> bool:
    """Return True when the effective due date is before today and the action is still open.

    Open means status 'not started' or 'in progress'.  An action with no due
    date is never overdue; an action due today is not yet overdue.
    """
    eff = effective_due(due, revised_due)
    return eff is not None and eff < today and _status(status) in OPEN_STATUSES


def is_slipped(due: date | None, revised_due: date | None) -> bool:
    """Return True when a revised due date is set and is later than the original due date."""
    return due is not None and revised_due is not None and revised_due > due


def has_update_since(latest_update: date | None, cycle_start: date | None) -> bool:
    """Return True when there is a progress update dated on or after the cycle start.

    With no cycle start (no meeting held yet) any update at all counts.
    """
    if latest_update is None:
        return False
    if cycle_start is None:
        return True
    return latest_update >= cycle_start


def slow_to_progress(
    rags_newest_first: Sequence[str | None],
    overdue: bool,
    status: str,
    start: date | None,
    today: date,
) -> list[str]:
    """Return the reasons an action is slow to progress; an empty list means it is not.

    ``rags_newest_first`` holds the RAG of each cycle's progress update, the
    latest first (None for an unrated update; it breaks any run).  Reasons,
    in this order:

    * ``'Red or Amber in two consecutive cycles (Amber, Red)'`` when the latest
      two ratings are both Red or Amber (shown oldest first, then latest);
    * ``'Overdue'``;
    * ``'Not started although its start date (3 March 2025) has passed'``;
    * ``'No movement: Amber for 3 cycles'`` when the latest
      NO_MOVEMENT_CYCLES or more ratings are the same Red or Amber (the count
      is the full length of the run).

    Only open actions ('not started', 'in progress') can be slow: complete,
    closed and deferred actions always give an empty list.
    """
    state = _status(status)
    if state not in OPEN_STATUSES:
        return []
    rags = [normalise_rag(r) for r in rags_newest_first]
    reasons: list[str] = []

    bad = ("red", "amber")
    if len(rags) >= 2 and rags[0] in bad and rags[1] in bad:
        reasons.append(
            f"Red or Amber in two consecutive cycles ({RAG_LABELS[rags[1]]}, {RAG_LABELS[rags[0]]})"
        )

    if overdue:
        reasons.append("Overdue")

    if state == "not started" and start is not None and start < today:
        reasons.append(f"Not started although its start date ({long_date(start)}) has passed")

    if rags and rags[0] in bad:
        run = 1
        while run < len(rags) and rags[run] == rags[0]:
            run += 1
        if run >= NO_MOVEMENT_CYCLES:
            reasons.append(f"No movement: {RAG_LABELS[rags[0]]} for {run} cycles")

    return reasons


def cycle_start(held_meeting_dates: Iterable[date], today: date) -> date | None:
    """Return the first day of the current cycle: the day after the latest held meeting on or before today.

    None when no meeting has been held on or before today.
    """
    past = [d for d in held_meeting_dates if d is not None and d <= today]
    if not past:
        return None
    return max(past) + timedelta(days=1)


# ---------------------------------------------------------------------------
# Risks
# ---------------------------------------------------------------------------

#: (lowest score in the band, band name), ascending.  1-4 low, 5-9 medium,
#: 10-14 high, 15-25 very high.
DEFAULT_BANDS: tuple[tuple[int, str], ...] = (
    (1, "low"),
    (5, "medium"),
    (10, "high"),
    (15, "very high"),
)

_MOVEMENT_LABELS = {
    "up": "Up (worse)",
    "down": "Down (better)",
    "same": "No change",
    "new": "New this cycle",
}


def _check_1_to_5(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number from 1 to 5, not {value!r}")
    if not 1 <= value <= 5:
        raise ValueError(f"{name} must be from 1 to 5, not {value}")
    return value


def risk_score(likelihood: int, impact: int) -> int:
    """Return likelihood x impact (1-25); ValueError unless each is a whole number 1-5."""
    return _check_1_to_5("Likelihood", likelihood) * _check_1_to_5("Impact", impact)


def risk_band(score: int, bands: Sequence[tuple[int, str]] = DEFAULT_BANDS) -> str:
    """Return the name of the band the score falls in (by default 'low', 'medium', 'high' or 'very high').

    ``bands`` is a sequence of (lowest score, band name); a score belongs to
    the band with the greatest lowest score not above it.  ValueError for a
    score outside 1-25, empty bands or a score below every band.
    """
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValueError(f"Risk score must be a whole number from 1 to 25, not {score!r}")
    if not 1 <= score <= 25:
        raise ValueError(f"Risk score must be from 1 to 25, not {score}")
    if not bands:
        raise ValueError("No risk bands are defined")
    chosen: str | None = None
    for lowest, name in sorted(bands, key=lambda b: b[0]):
        if score >= lowest:
            chosen = name
    if chosen is None:
        raise ValueError(f"Risk score {score} is below the lowest band")
    return chosen


def band_label(band: str) -> str:
    """Return the display label for a band, e.g. 'very high' -> 'Very high'."""
    band = band.strip()
    return band[:1].upper() + band[1:]


def risk_areas(area_id: int | None, linked_actions: str | None,
               action_areas: dict[str, int | None]) -> tuple[int, ...]:
    """Return the areas a risk belongs to: its own area, else the areas of the actions it is
    linked to ('2.1, 2.3'; `action_areas` maps each action's reference, casefolded, to its
    area), in the order the links name them; () when neither gives one."""
    if area_id is not None:
        return (area_id,)
    out: list[int] = []
    for ref in re.split(r"[,;/\s]+|\band\b", (linked_actions or "").casefold()):
        ref = ref.strip(" .()")
        area = action_areas.get(ref)
        if area is None:  # 'PA2.1' for an action numbered '2.1', or the other way round
            area = action_areas.get(ref.lstrip("abcdefghijklmnopqrstuvwxyz")) or next(
                (a for r, a in action_areas.items()
                 if a is not None and r.lstrip("abcdefghijklmnopqrstuvwxyz") == ref), None)
        if area is not None and area not in out:
            out.append(area)
    return tuple(out)


def risk_movement(previous_score: int | None, current_score: int | None) -> str:
    """Return 'new' (no previous score), 'up' (worse), 'down' (better) or 'same'.

    A risk with a previous score but no current score is 'same' (nothing new
    recorded).
    """
    if previous_score is None:
        return "new"
    if current_score is None or current_score == previous_score:
        return "same"
    return "up" if current_score > previous_score else "down"


def movement_label(movement: str) -> str:
    """Return the display label: 'Up (worse)', 'Down (better)', 'No change' or 'New this cycle'."""
    try:
        return _MOVEMENT_LABELS[movement]
    except KeyError:
        raise ValueError(
            f"Unknown risk movement {movement!r}: expected one of " + ", ".join(_MOVEMENT_LABELS)
        ) from None


# ---------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------


def trajectory_value(trajectory: Sequence[tuple[date, float]], period: date) -> float | None:
    """Return the expected value at ``period``.

    The value at an exact trajectory point; otherwise linear interpolation
    (by days) between the neighbouring points; None before the first point,
    after the last, or when the trajectory is empty.
    """
    points = sorted(trajectory, key=lambda p: p[0])
    if not points or period < points[0][0] or period > points[-1][0]:
        return None
    for d, v in points:
        if d == period:
            return float(v)
    for (d0, v0), (d1, v1) in itertools.pairwise(points):
        if d0 < period < d1:
            frac = (period - d0).days / (d1 - d0).days
            return float(v0) + (float(v1) - float(v0)) * frac
    return None  # pragma: no cover - unreachable: period lies within the range


def better_when(higher_is_better: object) -> bool | None:
    """Return a measure's direction from its stored `higher_is_better`: True (higher is
    better), False (lower is better) or None (neither: a count of demand or activity, such as
    requests for EHC needs assessment, watched as rising or falling, never judged)."""
    return None if higher_is_better is None else bool(higher_is_better)


def direction_text(higher_is_better: object) -> str:
    """Return 'higher is better', 'lower is better' or 'a count of demand: neither higher nor
    lower is better'."""
    better = better_when(higher_is_better)
    if better is None:
        return "a count of demand: neither higher nor lower is better"
    return "higher is better" if better else "lower is better"


def _meets(value: float, goal: float, higher_is_better: bool) -> bool:
    return value >= goal if higher_is_better else value <= goal


def measure_rag(
    value: float | None,
    target: float | None,
    expected: float | None,
    higher_is_better: bool | None,
    tolerance: float = 0.05,
) -> str | None:
    """Return 'green', 'amber' or 'red' for a measure's value; None if it cannot be rated.

    * green: the value meets the target, or meets or beats the trajectory's
      expected value for the period;
    * amber: it misses the expected value (or the target, when there is no
      trajectory value) by no more than ``tolerance * |target|`` (or
      ``tolerance * |expected|`` when there is no target);
    * red: it misses by more than that.

    None when the value is None, there is neither a target nor an expected value, or
    neither direction is better (`higher_is_better` None: a count of demand).
    """
    if value is None or (target is None and expected is None) or higher_is_better is None:
        return None
    if target is not None and _meets(value, target, higher_is_better):
        return "green"
    if expected is not None and _meets(value, expected, higher_is_better):
        return "green"
    reference = expected if expected is not None else target
    scale = target if target is not None else expected
    assert reference is not None and scale is not None
    allowance = tolerance * abs(scale)
    shortfall = (reference - value) if higher_is_better else (value - reference)
    # A little slack so that a shortfall of exactly the allowance stays amber
    # despite floating-point rounding.
    if shortfall <= allowance + 1e-9 * max(1.0, abs(allowance), abs(reference)):
        return "amber"
    return "red"


def measure_trend(values_oldest_first: Sequence[float], higher_is_better: bool | None) -> str:
    """Return 'improving', 'worsening', 'no change' or 'not enough data' (latest vs previous
    value); for a measure where neither direction is better (`higher_is_better` None: a count
    of demand), 'rising' or 'falling' instead of improving or worsening."""
    values = [v for v in values_oldest_first if v is not None]
    if len(values) < 2:
        return "not enough data"
    previous, latest = values[-2], values[-1]
    if math.isclose(latest, previous, rel_tol=1e-9, abs_tol=1e-12):
        return "no change"
    if higher_is_better is None:
        return "rising" if latest > previous else "falling"
    better = latest > previous if higher_is_better else latest < previous
    return "improving" if better else "worsening"


# ---------------------------------------------------------------------------
# Minutes
# ---------------------------------------------------------------------------


def next_minute_number(existing: Iterable[int], start: int = 1) -> int:
    """Return the next minute number: one more than the highest existing, never less than ``start``.

    ``start`` when there are no existing minutes.
    """
    numbers = [n for n in existing if n is not None]
    if not numbers:
        return start
    return max(max(numbers) + 1, start)


def minutes_to_approve(meeting: Mapping[str, Any], meetings: Iterable[Mapping[str, Any]]
                       ) -> list[Mapping[str, Any]]:
    """Return the earlier held meetings whose minutes `meeting` is asked to agree, oldest first.

    A board meeting agrees every set of minutes not yet approved, board meetings' and
    stocktake reviews' alike (a set the board never agreed stays on its agenda until it is);
    a stocktake review agrees only earlier stocktake reviews' minutes still not approved.
    Minutes already approved are never put to a meeting again."""
    def key(m: Mapping[str, Any]) -> tuple[str, str, int]:
        return (m["meeting_date"], m.get("start_time") or "", m.get("id") or 0)

    stocktake = meeting.get("kind") == "stocktake review"
    return sorted((m for m in meetings if key(m) < key(meeting)
                   and m["status"] in HELD_STATUSES and m["status"] != "minutes approved"
                   and (not stocktake or m.get("kind") == "stocktake review")), key=key)


def number_minutes(first: int, count: int) -> list[int]:
    """Return ``count`` consecutive minute numbers starting at ``first``; ValueError if count < 0."""
    if count < 0:
        raise ValueError(f"Number of minutes must not be negative, not {count}")
    return list(range(first, first + count))


# ---------------------------------------------------------------------------
# Stocktake interval
# ---------------------------------------------------------------------------


def months_between(a: date, b: date) -> float:
    """Return the approximate number of months from a to b (days / 30.4375; negative if b < a)."""
    return (b - a).days / 30.4375


def add_months(d: date, months: int) -> date:
    """Return the same day ``months`` calendar months later (earlier if negative), clamped to month end."""
    import calendar  # here: opening a board and its first screen add no months

    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def stocktake_overdue(last_stocktake: date | None, today: date, months: int = 6) -> bool:
    """Return True when more than ``months`` calendar months have passed since the last stocktake review.

    Due on the same day ``months`` months later (month end if that day does
    not exist) and overdue from the day after.  True when no stocktake review
    is recorded.
    """
    if last_stocktake is None:
        return True
    return today > add_months(last_stocktake, months)

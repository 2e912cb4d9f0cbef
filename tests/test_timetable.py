"""Tests for sendsec.domain.timetable: working days in England and the cycle timetable built on
them (the pure rules of when each step of a meeting's cycle falls due)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendsec.domain.timetable import (
    DEFAULT_OFFSETS,
    STEP_LABELS,
    TIMETABLE_STEPS,
    WorkingCalendar,
    cycle_timetable,
    step_state,
    validate_offsets,
)

CAL = WorkingCalendar()
D = date

dates = st.dates(min_value=D(2018, 1, 1), max_value=D(2032, 12, 31))
slow_settings = settings(deadline=None, max_examples=200)


# ---------------------------------------------------------------------------
# Working days
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        D(2025, 1, 1),  # New Year's Day
        D(2025, 4, 18),  # Good Friday
        D(2025, 4, 21),  # Easter Monday
        D(2025, 5, 5),  # Early May
        D(2025, 5, 26),  # Spring
        D(2025, 8, 25),  # Late summer
        D(2025, 12, 25),  # Christmas Day
        D(2025, 12, 26),  # Boxing Day
        D(2026, 1, 1),
        D(2026, 4, 3),  # Good Friday
        D(2026, 4, 6),  # Easter Monday
        D(2026, 5, 4),  # Early May
        D(2026, 5, 25),
        D(2026, 8, 31),  # Late summer
        D(2026, 12, 25),  # Christmas Day (Friday)
        D(2026, 12, 28),  # substitute for Boxing Day (Saturday)
        D(2027, 12, 27),  # substitute Christmas Day 2027
        D(2027, 12, 28),  # substitute Boxing Day 2027
    ],
)
def test_bank_holidays_are_not_working_days(day):
    assert day.weekday() < 5
    assert CAL.is_working_day(day) is False
    assert CAL.holiday_name(day) is not None


@pytest.mark.parametrize(
    "day",
    [
        D(2025, 12, 24),
        D(2025, 12, 29),
        D(2025, 12, 30),
        D(2025, 12, 31),
        D(2026, 1, 2),
        D(2026, 4, 2),
        D(2026, 4, 7),
        D(2026, 12, 24),
        D(2026, 12, 29),
        D(2025, 4, 17),
        D(2025, 4, 22),
        D(2025, 5, 6),
    ],
)
def test_ordinary_weekdays_are_working_days(day):
    assert CAL.is_working_day(day) is True
    assert CAL.holiday_name(day) is None


def test_weekends_are_not_working_days():
    assert CAL.is_working_day(D(2025, 6, 7)) is False  # Saturday
    assert CAL.is_working_day(D(2025, 6, 8)) is False  # Sunday
    assert CAL.is_working_day(D(2025, 6, 9)) is True  # Monday


def test_holiday_names():
    assert CAL.holiday_name(D(2026, 12, 28)) == "Boxing Day (observed)"
    assert CAL.holiday_name(D(2025, 12, 25)) == "Christmas Day"


def test_calendar_works_far_ahead_and_behind():
    # lazily covers any year
    assert CAL.is_working_day(D(2035, 12, 25)) is False
    assert CAL.is_working_day(D(2019, 5, 6)) is False  # Early May 2019
    assert CAL.is_working_day(D(2022, 9, 19)) is False  # State funeral, one-off


def test_extra_holidays():
    closure = D(2025, 12, 29)
    cal = WorkingCalendar({closure, D(2025, 12, 30)})
    assert cal.is_working_day(closure) is False
    assert cal.holiday_name(closure) == "Closure day"
    assert CAL.is_working_day(closure) is True
    assert cal.add_working_days(D(2025, 12, 24), 1) == D(2025, 12, 31)
    assert CAL.add_working_days(D(2025, 12, 24), 1) == D(2025, 12, 29)


def test_add_working_days_over_holidays():
    # Christmas 2025: Wed 24 -> Mon 29 (25, 26 holidays; 27, 28 weekend)
    assert CAL.add_working_days(D(2025, 12, 24), 1) == D(2025, 12, 29)
    assert CAL.add_working_days(D(2025, 12, 29), -1) == D(2025, 12, 24)
    # Christmas 2026: Thu 24 -> Tue 29 (25 Fri, 26-27 weekend, 28 substitute)
    assert CAL.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    # Easter 2026: Thu 2 April -> Tue 7 April
    assert CAL.add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)
    assert CAL.add_working_days(D(2026, 4, 7), -1) == D(2026, 4, 2)
    # Easter 2025: Thu 17 April + 2 -> Wed 23 April
    assert CAL.add_working_days(D(2025, 4, 17), 2) == D(2025, 4, 23)
    # Late summer 2025: Fri 22 Aug -> Tue 26 Aug
    assert CAL.add_working_days(D(2025, 8, 22), 1) == D(2025, 8, 26)
    # Early May 2026: Fri 1 May -> Tue 5 May
    assert CAL.add_working_days(D(2026, 5, 1), 1) == D(2026, 5, 5)
    # ordinary week
    assert CAL.add_working_days(D(2025, 6, 9), 5) == D(2025, 6, 16)
    assert CAL.add_working_days(D(2025, 6, 16), -5) == D(2025, 6, 9)


def test_add_working_days_zero():
    assert CAL.add_working_days(D(2025, 6, 9), 0) == D(2025, 6, 9)
    assert CAL.add_working_days(D(2025, 6, 7), 0) == D(2025, 6, 9)  # Sat -> Mon
    assert CAL.add_working_days(D(2025, 12, 25), 0) == D(2025, 12, 29)


def test_add_working_days_from_non_working_day():
    assert CAL.add_working_days(D(2025, 6, 7), 1) == D(2025, 6, 9)  # Sat + 1 = Mon
    assert CAL.add_working_days(D(2025, 6, 7), -1) == D(2025, 6, 6)  # Sat - 1 = Fri


def test_clear_working_days_before():
    # Thursday 19 June 2025, no holidays near: 5 clear days are 12-18 June
    meeting = D(2025, 6, 19)
    assert CAL.clear_working_days_before(meeting, 5) == D(2025, 6, 11)
    assert CAL.clear_working_days_before(meeting, 5) == CAL.add_working_days(meeting, -6)
    assert CAL.working_days_between(D(2025, 6, 11), meeting) - 1 == 5
    assert CAL.clear_working_days_before(meeting, 0) == D(2025, 6, 18)
    # across Christmas and New Year: meeting Thu 8 Jan 2026
    assert CAL.clear_working_days_before(D(2026, 1, 8), 5) == D(2025, 12, 30)
    with pytest.raises(ValueError):
        CAL.clear_working_days_before(meeting, -1)


def test_working_days_between():
    assert CAL.working_days_between(D(2025, 6, 9), D(2025, 6, 9)) == 0
    assert CAL.working_days_between(D(2025, 6, 9), D(2025, 6, 13)) == 4
    assert CAL.working_days_between(D(2025, 6, 9), D(2025, 6, 16)) == 5
    assert CAL.working_days_between(D(2025, 6, 16), D(2025, 6, 9)) == -5
    assert CAL.working_days_between(D(2025, 12, 24), D(2025, 12, 29)) == 1
    assert CAL.working_days_between(D(2026, 4, 2), D(2026, 4, 7)) == 1
    # a whole year: 2025 had 8 bank holidays, all on weekdays, and 261 weekdays
    assert CAL.working_days_between(D(2024, 12, 31), D(2025, 12, 31)) == 261 - 8


@slow_settings
@given(dates, st.integers(min_value=-80, max_value=80))
def test_add_working_days_lands_on_working_day(d, n):
    result = CAL.add_working_days(d, n)
    assert CAL.is_working_day(result)
    if n > 0:
        assert result > d
    elif n < 0:
        assert result < d
    else:
        assert result >= d


@slow_settings
@given(dates, st.integers(min_value=-80, max_value=80))
def test_add_then_subtract_round_trips(d, n):
    start = CAL.add_working_days(d, 0)  # a working day
    there = CAL.add_working_days(start, n)
    assert CAL.add_working_days(there, -n) == start
    assert CAL.working_days_between(start, there) == n


@slow_settings
@given(dates, st.integers(min_value=0, max_value=30))
def test_clear_days_property(d, n):
    result = CAL.clear_working_days_before(d, n)
    assert CAL.is_working_day(result)
    between = sum(
        CAL.is_working_day(result + timedelta(days=i)) for i in range(1, (d - result).days)
    )
    assert between == n


# ---------------------------------------------------------------------------
# Cycle timetable
# ---------------------------------------------------------------------------


def test_timetable_constants():
    assert TIMETABLE_STEPS == tuple(STEP_LABELS) == tuple(DEFAULT_OFFSETS)
    assert STEP_LABELS["papers_dispatched"] == "Papers dispatched"
    assert DEFAULT_OFFSETS["papers_dispatched"] == -5


def test_cycle_timetable_over_christmas():
    # meeting Thursday 8 January 2026
    tt = cycle_timetable(D(2026, 1, 8))
    assert list(tt) == list(TIMETABLE_STEPS)
    assert tt == {
        "request_updates": D(2025, 12, 5),
        "updates_due": D(2025, 12, 17),
        "papers_deadline": D(2025, 12, 23),
        "papers_dispatched": D(2025, 12, 30),
        "draft_minutes_to_chair": D(2026, 1, 15),
        "draft_minutes_circulated": D(2026, 1, 22),
    }


def test_cycle_timetable_plain_weeks():
    # meeting Thursday 19 June 2025; only the spring bank holiday
    # (Monday 26 May 2025) falls in range
    tt = cycle_timetable(D(2025, 6, 19))
    assert tt["papers_dispatched"] == D(2025, 6, 11)
    assert tt["papers_deadline"] == D(2025, 6, 6)
    assert tt["updates_due"] == D(2025, 6, 2)
    assert tt["request_updates"] == D(2025, 5, 20)  # would be 21 May without it
    assert tt["draft_minutes_to_chair"] == D(2025, 6, 26)
    assert tt["draft_minutes_circulated"] == D(2025, 7, 3)


def test_cycle_timetable_custom_offsets_and_calendar():
    cal = WorkingCalendar({D(2025, 6, 18)})
    tt = cycle_timetable(D(2025, 6, 19), {"papers_dispatched": -3}, cal)
    # 3 clear working days: 17, 16, 13 June (18th is a closure day)
    assert tt["papers_dispatched"] == D(2025, 6, 12)
    assert tt["draft_minutes_to_chair"] == D(2025, 6, 26)


@pytest.mark.parametrize(
    ("offsets", "message"),
    [
        ({"papers_dispatched": 2}, "must be before the meeting"),
        ({"draft_minutes_to_chair": 0}, "must be after the meeting"),
        ({"draft_minutes_to_chair": -2}, "must be after the meeting"),
        ({"papers_deadline": -2}, "would come before"),
        ({"draft_minutes_circulated": 3}, "would come before"),
        ({"coffee": -3}, "Unknown timetable step"),
        ({"updates_due": 1.5}, "whole number"),
    ],
)
def test_cycle_timetable_rejects_bad_offsets(offsets, message):
    assert any(message in p for p in validate_offsets(offsets))
    with pytest.raises(ValueError, match=message):
        cycle_timetable(D(2025, 6, 19), offsets)


def test_validate_offsets_defaults_ok():
    assert validate_offsets(DEFAULT_OFFSETS) == []
    assert validate_offsets({}) == []


@st.composite
def _offsets(draw):
    before = sorted(draw(st.lists(st.integers(0, 30), min_size=4, max_size=4)), reverse=True)
    after = sorted(draw(st.lists(st.integers(1, 30), min_size=2, max_size=2)))
    values = [-b for b in before] + after
    return dict(zip(TIMETABLE_STEPS, values, strict=True))


@slow_settings
@given(dates, st.none() | _offsets())
def test_cycle_timetable_properties(meeting, offsets):
    tt = cycle_timetable(meeting, offsets) if offsets else cycle_timetable(meeting)
    dates_in_order = [tt[s] for s in TIMETABLE_STEPS]
    assert list(tt) == list(TIMETABLE_STEPS)
    assert all(CAL.is_working_day(d) for d in dates_in_order)
    assert dates_in_order == sorted(dates_in_order)
    if offsets is None:
        assert len(set(dates_in_order)) == len(dates_in_order)  # strictly ordered
    assert all(tt[s] < meeting for s in TIMETABLE_STEPS[:4])
    assert all(tt[s] > meeting for s in TIMETABLE_STEPS[4:])
    used = offsets or DEFAULT_OFFSETS
    assert (
        CAL.working_days_between(tt["papers_dispatched"], meeting) - CAL.is_working_day(meeting)
        == -used["papers_dispatched"]
    )


def test_step_state():
    today = D(2025, 6, 10)
    assert step_state(D(2025, 6, 1), D(2025, 6, 1), today) == "done"
    assert step_state(D(2025, 6, 30), D(2025, 6, 1), today) == "done"
    assert step_state(D(2025, 6, 9), None, today) == "overdue"
    assert step_state(D(2025, 6, 10), None, today) == "due soon"
    assert step_state(D(2025, 6, 15), None, today) == "due soon"
    assert step_state(D(2025, 6, 16), None, today) == "upcoming"


def test_bank_holidays_are_the_holidays_package_s_own(monkeypatch):
    """The UK's holidays, loaded from their module alone, are those the package gives (and
    without the module file, as in a frozen build, the package gives them)."""
    import holidays

    from sendsec.domain import timetable

    for year in range(2010, 2041):
        assert timetable._bank_holidays(year) == dict(
            holidays.country_holidays("GB", subdiv="ENG", years=year).items()), year
    timetable._united_kingdom.cache_clear()
    monkeypatch.setattr(timetable.Path, "is_file", lambda self: False)
    try:
        assert dict(timetable._united_kingdom()(subdiv="ENG", years=2026).items()) == \
            timetable._bank_holidays(2026)
    finally:
        timetable._united_kingdom.cache_clear()

"""Tests for sendsec.domain.rules: pure business rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendsec.domain import rules
from sendsec.domain.rules import (
    DEFAULT_BANDS,
    DEFAULT_OFFSETS,
    OPEN_STATUSES,
    RAG_LABELS,
    RAG_MEANINGS,
    RAG_ORDER,
    STEP_LABELS,
    TIMETABLE_STEPS,
    WorkingCalendar,
    add_months,
    band_label,
    cycle_start,
    cycle_timetable,
    effective_due,
    has_update_since,
    is_overdue,
    is_slipped,
    long_date,
    measure_rag,
    measure_trend,
    months_between,
    movement_label,
    next_minute_number,
    normalise_rag,
    number_minutes,
    rag_label,
    risk_band,
    risk_movement,
    risk_score,
    slow_to_progress,
    step_state,
    stocktake_overdue,
    trajectory_value,
    validate_offsets,
    worst_rag,
)

CAL = WorkingCalendar()
D = date

dates = st.dates(min_value=D(2018, 1, 1), max_value=D(2032, 12, 31))
slow_settings = settings(deadline=None, max_examples=200)


# ---------------------------------------------------------------------------
# RAG
# ---------------------------------------------------------------------------


def test_rag_constants():
    assert RAG_ORDER == ("red", "amber", "green", "blue")
    assert set(RAG_MEANINGS) == set(RAG_ORDER) == set(RAG_LABELS)
    assert RAG_LABELS == {"blue": "Blue", "green": "Green", "amber": "Amber", "red": "Red"}
    assert RAG_MEANINGS["blue"].startswith("Complete")
    assert RAG_MEANINGS["green"].startswith("On track")
    assert RAG_MEANINGS["amber"].startswith("At risk")
    assert RAG_MEANINGS["red"].startswith("Off track")
    assert "board" in RAG_MEANINGS["red"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R", "red"),
        ("r", "red"),
        ("Red", "red"),
        (" RED ", "red"),
        ("Off track", "red"),
        ("off-track", "red"),
        ("OFF  TRACK", "red"),
        ("A", "amber"),
        ("amber", "amber"),
        ("At risk", "amber"),
        ("at_risk", "amber"),
        ("G", "green"),
        ("Green", "green"),
        ("On track", "green"),
        ("on  Track", "green"),
        ("B", "blue"),
        ("Blue", "blue"),
        ("Complete", "blue"),
        ("COMPLETED", "blue"),
        ("\tblue\n", "blue"),
    ],
)
def test_normalise_rag_spellings(text, expected):
    assert normalise_rag(text) == expected


@pytest.mark.parametrize("text", [None, "", "   ", "\t"])
def test_normalise_rag_blank(text):
    assert normalise_rag(text) is None


@pytest.mark.parametrize("text", ["TBC", "tbc", "Purple", "RA", "Amber/Red", "N/A", "0"])
def test_normalise_rag_unknown_raises(text):
    with pytest.raises(ValueError, match="Unrecognised RAG rating") as err:
        normalise_rag(text)
    assert "Red, Amber, Green or Blue" in str(err.value)


def test_normalise_rag_tbc_message_names_the_value():
    with pytest.raises(ValueError, match="'TBC'"):
        normalise_rag(" TBC ")


def test_normalise_rag_non_string():
    with pytest.raises(ValueError, match="must be text"):
        normalise_rag(3)  # type: ignore[arg-type]


def test_rag_label():
    assert rag_label("green") == "Green"
    assert rag_label("blue") == "Blue"
    assert rag_label("amber") == "Amber"
    assert rag_label("red") == "Red"
    assert rag_label("R") == "Red"
    assert rag_label(None) == "Not rated"
    assert rag_label("") == "Not rated"
    with pytest.raises(ValueError):
        rag_label("TBC")


def test_worst_rag():
    assert worst_rag(["green", "amber", "blue"]) == "amber"
    assert worst_rag(["green", None, "red", "amber"]) == "red"
    assert worst_rag(["blue", "green"]) == "green"
    assert worst_rag(["blue"]) == "blue"
    assert worst_rag([None, ""]) is None
    assert worst_rag([]) is None


def test_long_date():
    assert long_date(D(2025, 3, 3)) == "3 March 2025"
    assert long_date(D(2025, 11, 30)) == "30 November 2025"


# ---------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------


def test_effective_due():
    assert effective_due(D(2025, 5, 1), None) == D(2025, 5, 1)
    assert effective_due(D(2025, 5, 1), D(2025, 7, 1)) == D(2025, 7, 1)
    assert effective_due(None, D(2025, 7, 1)) == D(2025, 7, 1)
    assert effective_due(None, None) is None


def test_is_overdue():
    today = D(2025, 6, 10)
    assert OPEN_STATUSES == ("not started", "in progress")
    assert is_overdue(D(2025, 6, 9), None, "in progress", today) is True
    assert is_overdue(D(2025, 6, 9), None, "not started", today) is True
    assert is_overdue(D(2025, 6, 9), None, " In Progress ", today) is True
    # due today is not overdue
    assert is_overdue(D(2025, 6, 10), None, "in progress", today) is False
    # revised date takes over
    assert is_overdue(D(2025, 6, 1), D(2025, 7, 1), "in progress", today) is False
    assert is_overdue(D(2025, 7, 1), D(2025, 6, 1), "in progress", today) is True
    # finished or parked actions are never overdue
    for status in ("complete", "closed", "deferred"):
        assert is_overdue(D(2025, 1, 1), None, status, today) is False
    assert is_overdue(None, None, "in progress", today) is False


def test_is_slipped():
    assert is_slipped(D(2025, 5, 1), D(2025, 5, 2)) is True
    assert is_slipped(D(2025, 5, 1), D(2025, 5, 1)) is False
    assert is_slipped(D(2025, 5, 1), D(2025, 4, 1)) is False
    assert is_slipped(D(2025, 5, 1), None) is False
    assert is_slipped(None, D(2025, 5, 1)) is False


def test_has_update_since():
    start = D(2025, 6, 6)
    assert has_update_since(D(2025, 6, 6), start) is True
    assert has_update_since(D(2025, 6, 20), start) is True
    assert has_update_since(D(2025, 6, 5), start) is False
    assert has_update_since(None, start) is False
    assert has_update_since(D(2020, 1, 1), None) is True
    assert has_update_since(None, None) is False


def test_slow_two_consecutive_red_amber():
    today = D(2025, 6, 10)
    assert slow_to_progress(["red", "amber"], False, "in progress", None, today) == [
        "Red or Amber in two consecutive cycles (Amber, Red)"
    ]
    assert slow_to_progress(["amber", "amber", "green"], False, "in progress", None, today) == [
        "Red or Amber in two consecutive cycles (Amber, Amber)"
    ]
    # accepts any spelling
    assert slow_to_progress(["R", "At risk"], False, "in progress", None, today) == [
        "Red or Amber in two consecutive cycles (Amber, Red)"
    ]


def test_slow_not_when_recovered_or_single():
    today = D(2025, 6, 10)
    assert slow_to_progress(["green", "red", "red"], False, "in progress", None, today) == []
    assert slow_to_progress(["red"], False, "in progress", None, today) == []
    assert slow_to_progress(["red", "green", "red"], False, "in progress", None, today) == []
    assert slow_to_progress(["amber", None, "amber"], False, "in progress", None, today) == []
    assert slow_to_progress([], False, "in progress", None, today) == []
    assert slow_to_progress(["green", "green", "green"], False, "in progress", None, today) == []


def test_slow_overdue():
    assert slow_to_progress(["green"], True, "in progress", None, D(2025, 6, 10)) == ["Overdue"]


def test_slow_not_started_after_start_date():
    today = D(2025, 6, 10)
    assert slow_to_progress([], False, "not started", D(2025, 3, 3), today) == [
        "Not started although its start date (3 March 2025) has passed"
    ]
    # start date today has not yet passed
    assert slow_to_progress([], False, "not started", today, today) == []
    assert slow_to_progress([], False, "not started", None, today) == []
    # in progress: start date irrelevant
    assert slow_to_progress([], False, "in progress", D(2025, 3, 3), today) == []


def test_slow_no_movement():
    today = D(2025, 6, 10)
    reasons = slow_to_progress(["amber"] * 3 + ["green"], False, "in progress", None, today)
    assert reasons == [
        "Red or Amber in two consecutive cycles (Amber, Amber)",
        "No movement: Amber for 3 cycles",
    ]
    reasons = slow_to_progress(["red"] * 4, False, "in progress", None, today)
    assert reasons[-1] == "No movement: Red for 4 cycles"
    # two in a row is not yet "no movement"
    reasons = slow_to_progress(["red", "red", "amber"], False, "in progress", None, today)
    assert reasons == ["Red or Amber in two consecutive cycles (Red, Red)"]


def test_slow_all_reasons_in_order():
    reasons = slow_to_progress(
        ["Red", "red", "red"], True, "Not started", D(2025, 3, 3), D(2025, 6, 10)
    )
    assert reasons == [
        "Red or Amber in two consecutive cycles (Red, Red)",
        "Overdue",
        "Not started although its start date (3 March 2025) has passed",
        "No movement: Red for 3 cycles",
    ]


@pytest.mark.parametrize("status", ["complete", "closed", "deferred", "Complete"])
def test_slow_never_for_finished(status):
    assert slow_to_progress(["red"] * 5, True, status, D(2025, 1, 1), D(2025, 6, 10)) == []


def test_cycle_start():
    held = [D(2025, 3, 5), D(2025, 5, 7), D(2025, 7, 9)]
    assert cycle_start(held, D(2025, 6, 1)) == D(2025, 5, 8)
    assert cycle_start(held, D(2025, 7, 9)) == D(2025, 7, 10)  # meeting today counts
    assert cycle_start(held, D(2025, 12, 1)) == D(2025, 7, 10)
    assert cycle_start(held, D(2025, 3, 4)) is None
    assert cycle_start([], D(2025, 3, 4)) is None
    assert cycle_start(list(reversed(held)), D(2025, 6, 1)) == D(2025, 5, 8)


# ---------------------------------------------------------------------------
# Risks
# ---------------------------------------------------------------------------


def test_risk_score():
    assert risk_score(1, 1) == 1
    assert risk_score(3, 4) == 12
    assert risk_score(5, 5) == 25


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 3), (3, 0), (3, 6), (-1, 1)])
def test_risk_score_out_of_range(likelihood, impact):
    with pytest.raises(ValueError, match="1 to 5"):
        risk_score(likelihood, impact)


@pytest.mark.parametrize("bad", [2.5, "3", True, None])
def test_risk_score_not_whole_number(bad):
    with pytest.raises(ValueError):
        risk_score(bad, 3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "low"),
        (4, "low"),
        (5, "medium"),
        (9, "medium"),
        (10, "high"),
        (14, "high"),
        (15, "very high"),
        (25, "very high"),
    ],
)
def test_risk_band_boundaries(score, band):
    assert risk_band(score) == band


def test_risk_band_custom_bands():
    bands = ((1, "green"), (8, "amber"), (16, "red"))
    assert risk_band(7, bands) == "green"
    assert risk_band(8, bands) == "amber"
    assert risk_band(16, bands) == "red"
    # order of the bands does not matter
    assert risk_band(9, tuple(reversed(bands))) == "amber"
    with pytest.raises(ValueError, match="below the lowest band"):
        risk_band(2, ((3, "x"),))
    with pytest.raises(ValueError, match="No risk bands"):
        risk_band(2, ())


@pytest.mark.parametrize("score", [0, 26, -3])
def test_risk_band_out_of_range(score):
    with pytest.raises(ValueError, match="1 to 25"):
        risk_band(score)


def test_band_label():
    assert band_label("very high") == "Very high"
    assert band_label("low") == "Low"
    assert band_label("medium") == "Medium"
    assert band_label("high") == "High"
    assert band_label("") == ""


def test_risk_movement_and_labels():
    assert risk_movement(None, 12) == "new"
    assert risk_movement(None, None) == "new"
    assert risk_movement(8, 12) == "up"
    assert risk_movement(12, 8) == "down"
    assert risk_movement(12, 12) == "same"
    assert risk_movement(12, None) == "same"
    assert movement_label("up") == "Up (worse)"
    assert movement_label("down") == "Down (better)"
    assert movement_label("same") == "No change"
    assert movement_label("new") == "New this cycle"
    with pytest.raises(ValueError, match="Unknown risk movement"):
        movement_label("sideways")


_levels = st.integers(min_value=1, max_value=5)


@given(_levels, _levels, _levels, _levels)
def test_risk_score_and_band_monotonic(l1, i1, l2, i2):
    lo_l, hi_l = sorted((l1, l2))
    lo_i, hi_i = sorted((i1, i2))
    low, high = risk_score(lo_l, lo_i), risk_score(hi_l, hi_i)
    assert 1 <= low <= high <= 25
    names = [name for _, name in DEFAULT_BANDS]
    assert names.index(risk_band(low)) <= names.index(risk_band(high))


@given(st.integers(min_value=1, max_value=24))
def test_risk_band_monotonic_in_score(score):
    names = [name for _, name in DEFAULT_BANDS]
    assert names.index(risk_band(score)) <= names.index(risk_band(score + 1))


# ---------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------

TRAJ = [(D(2025, 4, 1), 40.0), (D(2025, 7, 1), 50.0), (D(2025, 10, 1), 60.0)]


def test_trajectory_value_exact_and_interpolated():
    assert trajectory_value(TRAJ, D(2025, 4, 1)) == 40.0
    assert trajectory_value(TRAJ, D(2025, 7, 1)) == 50.0
    assert trajectory_value(TRAJ, D(2025, 10, 1)) == 60.0
    # 1 April -> 1 July is 91 days; 16 May is 45 days in
    assert trajectory_value(TRAJ, D(2025, 5, 16)) == pytest.approx(40 + 10 * 45 / 91)
    # 1 July -> 1 October is 92 days; 15 August is 45 days in
    assert trajectory_value(TRAJ, D(2025, 8, 15)) == pytest.approx(50 + 10 * 45 / 92)
    # unsorted input works too
    assert trajectory_value(list(reversed(TRAJ)), D(2025, 5, 16)) == pytest.approx(
        40 + 10 * 45 / 91
    )


def test_trajectory_value_outside_range():
    assert trajectory_value(TRAJ, D(2025, 3, 31)) is None
    assert trajectory_value(TRAJ, D(2025, 10, 2)) is None
    assert trajectory_value([], D(2025, 5, 1)) is None
    assert trajectory_value([(D(2025, 5, 1), 7)], D(2025, 5, 1)) == 7.0


def test_trajectory_value_decreasing():
    traj = [(D(2025, 1, 1), 30.0), (D(2025, 1, 11), 20.0)]
    assert trajectory_value(traj, D(2025, 1, 6)) == pytest.approx(25.0)


def test_measure_rag_higher_is_better():
    # EHC plans within 20 weeks (%), target 60, trajectory expects 50 now
    assert measure_rag(62, 60, 50, True) == "green"  # meets target
    assert measure_rag(60, 60, 50, True) == "green"  # exactly the target
    assert measure_rag(51, 60, 50, True) == "green"  # beats trajectory
    assert measure_rag(50, 60, 50, True) == "green"  # meets trajectory
    assert measure_rag(47, 60, 50, True) == "amber"  # 3 short; allowance 0.05*60 = 3
    assert measure_rag(46.9, 60, 50, True) == "red"
    assert measure_rag(10, 60, 50, True) == "red"


def test_measure_rag_lower_is_better():
    # weeks to issue a plan, target 20, trajectory expects 30 now
    assert measure_rag(19, 20, 30, False) == "green"
    assert measure_rag(30, 20, 30, False) == "green"
    assert measure_rag(31, 20, 30, False) == "amber"  # allowance 0.05*20 = 1
    assert measure_rag(31.5, 20, 30, False) == "red"


def test_measure_rag_missing_comparators():
    assert measure_rag(None, 60, 50, True) is None
    assert measure_rag(50, None, None, True) is None
    # target only: compare against the target
    assert measure_rag(60, 60, None, True) == "green"
    assert measure_rag(57, 60, None, True) == "amber"
    assert measure_rag(56, 60, None, True) == "red"
    # trajectory only: tolerance relative to the expected value
    assert measure_rag(40, None, 40, True) == "green"
    assert measure_rag(38, None, 40, True) == "amber"  # 0.05*40 = 2
    assert measure_rag(37.9, None, 40, True) == "red"


def test_measure_rag_custom_tolerance():
    assert measure_rag(44, 60, 50, True, tolerance=0.10) == "amber"
    assert measure_rag(43.9, 60, 50, True, tolerance=0.10) == "red"
    assert measure_rag(49.9, 60, 50, True, tolerance=0) == "red"


_vals = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(_vals, st.none() | _vals, st.none() | _vals, st.floats(min_value=0, max_value=0.5))
def test_measure_rag_symmetry(value, target, expected, tolerance):
    def neg(x):
        return None if x is None else -x

    higher = measure_rag(value, target, expected, True, tolerance)
    lower = measure_rag(-value, neg(target), neg(expected), False, tolerance)
    assert higher == lower
    if target is None and expected is None:
        assert higher is None
    else:
        assert higher in ("green", "amber", "red")


def test_measure_trend():
    assert measure_trend([], True) == "not enough data"
    assert measure_trend([40], True) == "not enough data"
    assert measure_trend([40, 45], True) == "improving"
    assert measure_trend([40, 45], False) == "worsening"
    assert measure_trend([50, 40, 45], True) == "improving"  # only the last two count
    assert measure_trend([45, 40], True) == "worsening"
    assert measure_trend([45, 40], False) == "improving"
    assert measure_trend([45, 45], True) == "no change"
    assert measure_trend([0.1 + 0.2, 0.3], False) == "no change"


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


# ---------------------------------------------------------------------------
# Minutes
# ---------------------------------------------------------------------------


def test_next_minute_number():
    assert next_minute_number([]) == 1
    assert next_minute_number([], start=21) == 21
    assert next_minute_number([21, 22, 23]) == 24
    assert next_minute_number([23, 21, 22], start=21) == 24
    assert next_minute_number([3, 9, 4]) == 10
    assert next_minute_number([1, 2], start=21) == 21  # never below the start


def test_number_minutes():
    assert number_minutes(21, 3) == [21, 22, 23]
    assert number_minutes(5, 0) == []
    with pytest.raises(ValueError):
        number_minutes(1, -1)


# ---------------------------------------------------------------------------
# Stocktake
# ---------------------------------------------------------------------------


def test_months_between():
    assert months_between(D(2025, 1, 1), D(2025, 1, 1)) == 0
    assert months_between(D(2025, 1, 1), D(2026, 1, 1)) == pytest.approx(365 / 30.4375)
    assert months_between(D(2025, 1, 1), D(2025, 7, 2)) == pytest.approx(182 / 30.4375)
    assert months_between(D(2025, 7, 2), D(2025, 1, 1)) < 0


def test_add_months():
    assert add_months(D(2025, 3, 15), 6) == D(2025, 9, 15)
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)
    assert add_months(D(2025, 1, 31), -2) == D(2024, 11, 30)
    assert add_months(D(2025, 12, 1), 1) == D(2026, 1, 1)


def test_stocktake_overdue():
    last = D(2025, 3, 15)
    assert stocktake_overdue(last, D(2025, 9, 15)) is False  # exactly six months
    assert stocktake_overdue(last, D(2025, 9, 16)) is True
    assert stocktake_overdue(last, D(2025, 6, 1)) is False
    assert stocktake_overdue(last, D(2025, 6, 16), months=3) is True
    assert stocktake_overdue(None, D(2025, 6, 1)) is True
    assert stocktake_overdue(D(2025, 8, 31), D(2026, 2, 28)) is False
    assert stocktake_overdue(D(2025, 8, 31), D(2026, 3, 1)) is True


def test_public_names_exist():
    for name in rules.__all__:
        assert hasattr(rules, name), name

"""Tests for sendsec.domain.rules: pure business rules."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendsec.domain import rules
from sendsec.domain.rules import (
    DEFAULT_BANDS,
    OPEN_STATUSES,
    RAG_LABELS,
    RAG_MEANINGS,
    RAG_ORDER,
    add_months,
    band_label,
    cycle_start,
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
    stocktake_overdue,
    trajectory_value,
    worst_rag,
)

D = date


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

"""Dates and times the way English councils write them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendsec.domain.dates import (
    clock,
    day_date,
    from_iso,
    iso,
    long_date,
    parse_date,
    parse_time,
    short_date,
)

JAN31 = dt.date(2025, 1, 31)


@pytest.mark.parametrize("text", [
    "2025-01-31", "2025-1-31", " 2025-01-31 ", "2025-01-31 00:00:00", "2025-01-31T10:30:00",
    "2025-01-31T10:30:00.123", "2025-01-31T10:30:00Z", "2025-01-31 10:30+01:00",
    "31/01/2025", "31/1/2025", "31-01-2025", "31.01.2025", "31/01/25", "31.01.25",
    "31 Jan 2025", "31 jan 2025", "31 JAN 2025", "31 January 2025", "31st January 2025",
    "Friday 31st January 2025", "Friday, 31 January 2025", "31 Jan. 2025", "31 January, 2025",
    "  31   January   2025  ", "45688", "45688.5", 45688, 45688.75,
    JAN31, dt.datetime(2025, 1, 31, 23, 59),
    "٣١/٠١/٢٠٢٥",  # Arabic-Indic digits are digits too
])
def test_accepted_date_forms(text):
    assert parse_date(text) == JAN31


@pytest.mark.parametrize("text, expected", [
    ("1 Sept 2025", dt.date(2025, 9, 1)),
    ("2 sep 2025", dt.date(2025, 9, 2)),
    ("3rd May 2025", dt.date(2025, 5, 3)),
    ("22nd November 2026", dt.date(2026, 11, 22)),
    ("29/02/2024", dt.date(2024, 2, 29)),
    ("01/01/00", dt.date(2000, 1, 1)),
    ("31/12/99", dt.date(2099, 12, 31)),
])
def test_more_accepted_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("blank", [None, "", "   ", "\t\n"])
def test_blank_is_none(blank):
    assert parse_date(blank) is None
    assert parse_time(blank) is None


@pytest.mark.parametrize("text, words", [
    ("TBC", "is not a date"),
    ("tbc", "is not a date"),
    ("N/A", "is not a date"),
    ("next Tuesday", "is not a date"),
    ("Q3 2025", "is not a date"),
    ("2025", "is not a date"),
    ("2025-01-31 TBC", "is not a date"),
    ("01/31/2025", "is not a real date"),  # American order
    ("31/02/2025", "is not a real date"),
    ("29/02/2025", "is not a real date"),
    ("2025-13-01", "is not a real date"),
    ("0/01/2025", "is not a real date"),
    ("31 Foo 2025", "is not a date"),
    ("32 January 2025", "is not a real date"),
    ("31/01/0025", "year 25"),
    ("31/01/2205", "year 2205"),
    ("1000-01-01", "year 1000"),
    ("31\x0b01\x0b2025x", "is not a date"),
    ("😀", "is not a date"),
    ("x" * 40_000, "is not a date"),
])
def test_bad_dates_raise_a_clear_message(text, words):
    with pytest.raises(ValueError) as caught:
        parse_date(text)
    message = str(caught.value)
    assert words in message
    assert message.startswith("'")


@pytest.mark.parametrize("value", [True, False, 0, -1, 3_000_000, float("nan"), float("inf")])
def test_non_dates_of_other_types_raise(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize("text, expected", [
    ("10:00", "10:00"), ("9:05", "09:05"), ("10.00", "10:00"), ("14.30", "14:30"),
    ("10am", "10:00"), ("10.00am", "10:00"), ("10.00 am", "10:00"), ("6.30pm", "18:30"),
    ("6.30 PM", "18:30"), ("12pm", "12:00"), ("12am", "00:00"), ("12.15am", "00:15"),
    ("noon", "12:00"), ("12 noon", "12:00"), ("Midday", "12:00"), ("10:00:00", "10:00"),
    ("23:59", "23:59"), ("0:00", "00:00"), (dt.time(9, 30), "09:30"), ("7", "07:00"),
])
def test_accepted_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text, words", [
    ("25:00", "is not a real time"), ("10:60", "is not a real time"),
    ("13pm", "is not a real time"), ("0am", "is not a real time"),
    ("TBC", "is not a time"), ("10-12", "is not a time"), ("1030", "is not a time"),
    ("10:0", "is not a time"), ("half ten", "is not a time"), ("😀", "is not a time"),
])
def test_bad_times_raise_a_clear_message(text, words):
    with pytest.raises(ValueError, match=words):
        parse_time(text)


def test_formatting_for_papers():
    d = dt.date(2025, 3, 12)
    assert long_date(d) == "12 March 2025"
    assert long_date("2025-03-02") == "2 March 2025"
    assert day_date(d) == "Wednesday 12 March 2025"
    assert day_date("2025-03-12") == "Wednesday 12 March 2025"
    assert short_date(d) == "12/03/2025"
    assert short_date("2025-03-02") == "02/03/2025"
    assert clock("10:00") == "10.00am"
    assert clock("18:30") == "6.30pm"
    assert clock("12:00") == "12 noon" and clock("00:00") == "12 midnight"
    assert clock("12:30") == "12.30pm" and clock("00:15") == "12.15am"
    assert clock("00:15") == "12.15am"
    for blank in (None, ""):
        assert long_date(blank) == day_date(blank) == short_date(blank) == clock(blank) == ""
    assert iso(d) == "2025-03-12" and iso(None) is None
    assert from_iso("2025-03-12") == d and from_iso(None) is None


DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31))


@given(DATES)
def test_round_trip_through_every_written_form(d):
    assert parse_date(d.isoformat()) == d
    assert parse_date(short_date(d)) == d
    assert parse_date(long_date(d)) == d
    assert parse_date(day_date(d)) == d
    assert parse_date(f"{d.day}-{d.month}-{d.year}") == d
    assert parse_date(f"{d.day:02d}.{d.month:02d}.{d.year}") == d
    assert parse_date(f"{d.day} {d:%b} {d.year}") == d
    assert from_iso(iso(d)) == d


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2199, 12, 31)))
def test_excel_serial_numbers_round_trip(d):
    serial = (d - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == d
    assert parse_date(float(serial) + 0.5) == d
    if 10_000 <= serial < 100_000:  # as text, five digits (Excel's range to 2173)
        assert parse_date(str(serial)) == d


@given(st.times())
def test_time_round_trip(t):
    hhmm = f"{t.hour:02d}:{t.minute:02d}"
    assert parse_time(t) == hhmm
    assert parse_time(hhmm) == hhmm
    assert parse_time(clock(hhmm)) == hhmm
    assert parse_time(hhmm.replace(":", ".")) == hhmm


@given(st.text(max_size=40))
def test_any_text_either_parses_or_says_why(text):
    try:
        result = parse_date(text)
    except ValueError as exc:
        assert str(exc)
        assert "\n" not in str(exc).replace(text, "")
    else:
        assert result is None or isinstance(result, dt.date)
    try:
        parse_time(text)
    except ValueError as exc:
        assert str(exc)


def test_long_and_day_dates_are_english_whatever_the_locale(monkeypatch):
    import datetime as dt
    import locale

    from sendsec.domain.dates import day_date, long_date

    for name in ("fr_FR.UTF-8", "de_DE.UTF-8", "C"):
        try:
            previous = locale.setlocale(locale.LC_TIME)
            locale.setlocale(locale.LC_TIME, name)
        except locale.Error:
            continue
        try:
            assert long_date(dt.date(2025, 3, 12)) == "12 March 2025"
            assert day_date("2025-03-12") == "Wednesday 12 March 2025"
        finally:
            locale.setlocale(locale.LC_TIME, previous)

"""What SQLite works out for the registers agrees with the rules over the whole history.

The Actions register reads each action's latest update and its run of RAG ratings from
SQLite (`queries.action_progress`), one row per action, instead of every update; the rules
(`rules.slow_to_progress`) stay the one definition of what the history means. The Risks
register reads each risk's latest review date and its newest review before the cycle
(`queries.risk_review_progress`). These tests hold each together with the whole history
(`history=True`: every update or review, newest first) on the demo board and on generated
histories (ties on a date, archived records, every rating).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendsec.demo.world import build_demo
from sendsec.domain import rules
from sendsec.domain.dates import from_iso
from sendsec.domain.entities import RAGS
from sendsec.services import registers
from sendsec.services.board import Board

TODAY = dt.date(2026, 11, 22)


def _agrees(full: dict[str, Any], light: dict[str, Any], on: dt.date) -> None:
    """`full` is an action_rows row with its history, `light` the same action without."""
    updates = full["updates"]
    assert full["latest_update"] == (updates[0] if updates else None)
    assert {k: v for k, v in full.items() if k != "updates"} == light
    assert "updates" not in light
    rags = [u["rag"] for u in updates]
    assert full["slow_reasons"] == rules.slow_to_progress(
        rags, full["overdue"], full["status"], from_iso(full["start_date"]), on)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    board = Board.open(build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite", TODAY),
                       readonly=True, backup=False)
    yield board
    board.close()


@pytest.mark.parametrize("on", [TODAY, dt.date(2026, 1, 15), dt.date(2027, 6, 1)])
def test_the_demo_actions_read_the_same_with_or_without_their_history(demo, on):
    full = registers.action_rows(demo, on, include_archived=True)
    light = registers.action_rows(demo, on, include_archived=True, history=False)
    assert [a["id"] for a in full] == [a["id"] for a in light]
    for f, lt in zip(full, light, strict=True):
        _agrees(f, lt, on)
    assert any(a["slow_reasons"] for a in full)
    assert any(len(a["updates"]) > 2 for a in full)


def _risk_agrees(full: dict[str, Any], light: dict[str, Any], start: dt.date | None) -> None:
    reviews = full["reviews"]
    assert {k: v for k, v in full.items() if k != "reviews"} == light
    assert full["last_review_date"] == (from_iso(reviews[0]["review_date"]) if reviews
                                        else None)
    before = [v for v in reviews if start and from_iso(v["review_date"]) < start]
    assert (full["previous_likelihood"], full["previous_impact"]) == (
        (before[0]["likelihood"], before[0]["impact"]) if before else (None, None))


@pytest.mark.parametrize("on", [TODAY, dt.date(2026, 1, 15), dt.date(2027, 6, 1)])
def test_the_demo_risks_read_the_same_with_or_without_their_reviews(demo, on):
    full = registers.risk_rows(demo, on, include_archived=True)
    light = registers.risk_rows(demo, on, include_archived=True, history=False)
    assert [r["id"] for r in full] == [r["id"] for r in light]
    start = registers.cycle(demo, on).start
    for f, lt in zip(full, light, strict=True):
        _risk_agrees(f, lt, start)
    assert any(r["previous_score"] is not None for r in full)


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    b = Board.create_new(tmp_path_factory.mktemp("h") / "board.sqlite", "SEND Board",
                         local_area="Northshire", target_date="2027-11-30")
    b.create("meeting", {"meeting_date": "2026-10-01", "status": "held"})
    yield b
    b.close()


_refs = itertools.count(1)
UPDATES = st.lists(st.tuples(st.integers(0, 6), st.sampled_from(RAGS), st.booleans()),
                   max_size=12)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(updates=UPDATES, status=st.sampled_from(rules.ACTION_STATUSES),
       overdue=st.booleans())
def test_generated_histories_read_as_the_rules_say(board, updates, status, overdue):
    """Dates from a week (so several updates share a day and their ids decide), some
    archived, every rating, every status, overdue or not."""
    action = board.create("action", {
        "ref": f"PA{next(_refs)}", "title": "Generated", "status": status,
        "start_date": "2026-01-01",
        "due_date": "2026-03-31" if overdue else "2027-03-31"}).id
    for day, rag, archived in updates:
        u = board.create("action_update", {
            "action_id": action, "update_date": f"2026-09-{day + 1:02d}", "rag": rag,
            "narrative": "Progress"}).id
        if archived:
            board.archive("action_update", u)
    on = dt.date(2026, 11, 1)
    full = next(a for a in registers.action_rows(board, on) if a["id"] == action)
    light = next(a for a in registers.action_rows(board, on, history=False)
                 if a["id"] == action)
    assert len(full["updates"]) == sum(not archived for *_, archived in updates)
    _agrees(full, light, on)


REVIEWS = st.lists(st.tuples(st.integers(0, 9), st.integers(1, 5), st.integers(1, 5),
                             st.booleans()), max_size=10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reviews=REVIEWS)
def test_generated_reviews_read_as_the_whole_history_says(board, reviews):
    """Review dates around the day the cycle began (2 October: the meeting of 1 October was
    held), several on a day, some archived."""
    risk = board.create("risk", {"ref": f"R{next(_refs)}", "title": "Generated",
                                 "current_likelihood": 3, "current_impact": 3}).id
    for day, likelihood, impact, archived in reviews:
        v = board.create("risk_review", {"risk_id": risk, "review_date": f"2026-09-{day + 25}"
                                         if day < 6 else f"2026-10-0{day - 5}",
                                         "likelihood": likelihood, "impact": impact}).id
        if archived:
            board.archive("risk_review", v)
    on = dt.date(2026, 11, 1)
    full = next(r for r in registers.risk_rows(board, on) if r["id"] == risk)
    light = next(r for r in registers.risk_rows(board, on, history=False) if r["id"] == risk)
    assert len(full["reviews"]) == sum(not archived for *_, archived in reviews)
    _risk_agrees(full, light, registers.cycle(board, on).start)


def test_the_demo_measures_meetings_and_log_read_as_the_board_labels_them(demo):
    full = registers.measure_rows(demo, TODAY, include_archived=True)
    light = registers.measure_rows(demo, TODAY, include_archived=True, history=False)
    assert [{k: v for k, v in m.items() if k not in ("points", "trajectory")} for m in full] \
        == light
    for m in full:  # the latest value and trend as the points say, oldest first
        values = [p["value"] for p in m["points"]]
        assert m["latest_value"] == (values[-1] if values else None)
        higher = rules.better_when(m["higher_is_better"])
        assert m["trend"] == rules.measure_trend(values, higher)
    assert any(m["expected"] is not None for m in full)
    for m in registers.meeting_rows(demo, TODAY, include_archived=True):
        assert m["label"] == demo.label("meeting", m["id"])
        assert m["invitee_count"] == len(demo.rows("invitee", parent_id=m["id"]))
    entries = registers.impact_rows(demo, include_archived=True)
    assert any(e["meeting_label"] for e in entries)
    for e in entries:
        assert e["meeting_label"] == (demo.label("meeting", e["meeting_id"])
                                      if e["meeting_id"] else "")

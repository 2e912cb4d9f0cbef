"""Rules the app once kept itself, now in the core: how a picker names each record, and which
meeting's minutes a meeting approves."""

from __future__ import annotations

import pytest

from sendsec.services import meeting_cycle, registers
from sendsec.services.board import Board


@pytest.fixture
def board(tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_TODAY", "2026-11-22")
    b = Board.create_new(tmp_path / "b.sqlite", "Board", user="t")
    yield b
    b.close()


def test_pickers_name_records_as_people_know_them(board):
    org = board.create("organisation", {"name": "Integrated Care Board", "short_name": "ICB"}).id
    board.create("person", {"name": "Ola Okafor", "organisation_id": org})
    board.create("area", {"code": "a", "title": "Leaders' strategic oversight", "position": 1})
    assert registers.picker_options(board, "person") == [(1, "Ola Okafor (ICB)")]
    assert registers.picker_options(board, "area") == [(1, "a: Leaders' strategic oversight")]


def test_a_meeting_approves_the_minutes_of_the_held_meeting_before_it(board):
    first = board.create("meeting", {"meeting_date": "2026-09-01"}).id
    second = board.create("meeting", {"meeting_date": "2026-12-01"}).id
    assert meeting_cycle.previous_unapproved(board, second) is None  # nothing held yet
    board.update("meeting", first, {"status": "held"})
    assert meeting_cycle.previous_unapproved(board, second)["id"] == first
    assert registers.picker_options(board, "meeting")[0] == (second, "Meeting 2, 1 December 2026")

"""The board's settings are checked together: dates in order, timetable steps in order, risk
bands in order, a template that is a .docx that exists; new offsets move the timetables of
meetings still to be held."""

from __future__ import annotations

import pytest

from sendsec.domain.errors import ValidationError
from sendsec.services.board import Board


@pytest.fixture
def board(tmp_path):
    b = Board.create_new(tmp_path / "b.sqlite", "Test SEND Improvement Board",
                         notice_date="2026-05-05", inspection_date="2026-02-10")
    yield b
    b.close()


def _refused(board, changes) -> dict[str, str]:
    before = len(board.change_log())
    settings = board.settings()
    with pytest.raises(ValidationError) as caught:
        board.update_settings(changes)
    assert board.settings() == settings and len(board.change_log()) == before
    return caught.value.errors


def test_a_target_date_before_the_notice_is_refused_next_to_the_target_date(board):
    errors = _refused(board, {"target_date": "01/03/2026"})
    assert errors == {"target_date": "Target date for actions: 1 March 2026 is before the "
                                     "Improvement Notice (5 May 2026)"}


def test_an_inspection_after_the_notice_is_refused_even_with_the_report_date_blank(board):
    errors = _refused(board, {"inspection_date": "2026-06-01"})
    assert "is after the Improvement Notice (5 May 2026)" in errors["inspection_date"]


def test_the_notice_may_come_before_the_report_is_published(board):
    # West Northamptonshire: notice 14 June 2024, report published 12 July 2024
    board.update_settings({"report_date": "2026-06-12"})
    assert board.settings()["report_date"] == "2026-06-12"


def test_an_impossible_date_is_refused_with_the_field_named(board):
    errors = _refused(board, {"report_date": "31/02/2026"})
    assert errors["report_date"].startswith("Date the report was published: '31/02/2026'")


def test_risk_bands_must_rise(board):
    errors = _refused(board, {"band_high": 5})
    assert errors == {"band_high": "Lowest score of the high band: 5 is not above the "
                                   "lowest score of the medium band (5)"}
    errors = _refused(board, {"band_medium": 12, "band_high": 11})
    assert "band_high" in errors


def test_timetable_steps_must_stay_in_order(board):
    errors = _refused(board, {"off_papers_deadline": -25})
    assert errors["off_papers_deadline"] == (
        "Papers deadline (working days before): 25 working days before the meeting is earlier "
        "than updates due (12 working days before the meeting)")
    errors = _refused(board, {"off_draft_minutes_circulated": 3})
    assert "later than" not in errors["off_draft_minutes_circulated"]
    assert "earlier than the draft minutes going to the chair" in \
        errors["off_draft_minutes_circulated"]


def test_the_template_must_be_a_docx_that_exists(board, tmp_path):
    text = tmp_path / "template.txt"
    text.write_text("not a template", encoding="utf-8")
    assert "is not a Word document (.docx)" in _refused(
        board, {"template_path": str(text)})["template_path"]
    gone = tmp_path / "gone.docx"
    assert "there is no file at" in _refused(board, {"template_path": str(gone)})["template_path"]


def test_validate_checks_without_writing(board):
    before = len(board.change_log())
    assert board.validate("board", {"local_area": " Northshire "}, record_id=1) == {
        "local_area": "Northshire"}
    with pytest.raises(ValidationError):
        board.validate("board", {"target_date": "2020-01-01"}, record_id=1)
    assert len(board.change_log()) == before and board.settings()["local_area"] is None


def test_saving_settings_is_one_change_logged_field_by_field_and_undone_at_once(board):
    change = board.update_settings({"local_area": "Northshire", "lead_council": "Northshire "
                                    "Council", "target_date": "2027-03-31"})
    assert change.summary.startswith("Changed the board settings: ")
    assert "local area" in change.summary and "target date for actions" in change.summary
    fields = {r["field"] for r in board.change_log(limit=3)}
    assert fields == {"local_area", "lead_council", "target_date"}
    board.revert(change)
    s = board.settings()
    assert (s["local_area"], s["lead_council"], s["target_date"]) == (None, None, None)


def test_emoji_and_right_to_left_names_are_kept_as_typed(board):
    name = "مجلس تحسين 🌟 SEND Board"
    board.update_settings({"name": name, "local_area": "שלום"})
    assert board.name == name and board.settings()["local_area"] == "שלום"


def test_new_offsets_move_the_timetable_of_meetings_still_to_be_held_only(board):
    held = board.create("meeting", {"meeting_date": "2026-06-10", "status": "held"}).id
    planned = board.create("meeting", {"meeting_date": "2026-12-09"}).id

    def deadline(meeting_id):
        return next(s["due_date"] for s in board.rows("cycle_step", parent_id=meeting_id)
                    if s["step"] == "papers_deadline")

    held_before, planned_before = deadline(held), deadline(planned)
    change = board.update_settings({"off_papers_deadline": -10})
    assert deadline(held) == held_before
    assert deadline(planned) < planned_before
    board.revert(change)
    assert deadline(planned) == planned_before

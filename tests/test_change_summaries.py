"""What the status bar and the Undo menu say after an edit reads as a person would say it."""

from __future__ import annotations

from sendsec.domain.entities import noun
from sendsec.services.board import Board


def make(tmp_path):
    b = Board.create_new(tmp_path / "b.sqlite", "Northshire SEND Improvement Board")
    area = b.create("area", {"code": "a", "title": "Leadership"}).id
    person = b.create("person", {"name": "Priya Mistry", "role": "member"}).id
    action = b.create("action", {"ref": "PA1.9", "area_id": area, "title": "Publish it",
                                 "owner_id": person, "due_date": "2026-12-31"}).id
    meeting = b.create("meeting", {"meeting_date": "2026-12-09"}).id
    return b, person, action, meeting


def test_a_field_called_like_its_record_is_its_title(tmp_path):
    b, _, action, _ = make(tmp_path)
    assert b.update("action", action, {"title": "Publish the strategy"}).summary == \
        "Changed the title of action PA1.9"
    assert b.update("action", action, {"status": "complete", "title": "x"}).summary == \
        "Changed the status and title of action PA1.9"
    assert b.update("action", action, {"title": "x"}).summary == \
        "Nothing changed in action PA1.9"


def test_an_invitee_is_named_with_the_meeting_they_are_invited_to(tmp_path):
    b, person, _, meeting = make(tmp_path)
    invitee = next(r for r in b.rows("invitee", parent_id=meeting) if r["person_id"] == person)
    summary = b.update("invitee", invitee["id"], {"attendance": "present"}).summary
    assert summary == "Changed the attendance of invitee Priya Mistry (Meeting 1, 9 December 2026)"
    assert b.label("invitee", invitee["id"]) == "Priya Mistry"
    assert b.labels("invitee")[invitee["id"]] == "Priya Mistry"


def test_a_child_record_names_its_parent_and_acronyms_keep_their_capitals(tmp_path):
    b, _, action, _ = make(tmp_path)
    update = b.create("action_update", {"action_id": action, "update_date": "2026-11-16",
                                        "rag": "amber", "narrative": "On track"}).id
    assert b.update("action_update", update, {"rag": "red"}).summary == \
        "Changed the RAG of progress update 16 November 2026 (action PA1.9)"
    assert noun("DfE or NHS England finding") == "DfE or NHS England finding"
    assert noun("Impact log entry") == "impact log entry"


def test_the_setting_up_checklist_counts_areas_in_english(tmp_path):
    from sendsec.services.first_steps import first_steps

    b, _, _, _ = make(tmp_path)  # area "a", of the default kind
    b.create("area", {"code": "b", "title": "EHC plans", "kind": "area for priority action"})
    b.create("area", {"code": "1", "title": "Transitions", "kind": "area for improvement"})
    areas = next(s for s in first_steps(b) if s.key == "areas")
    assert areas.detail == "3 areas: 1 area for improvement, 2 areas for priority action."

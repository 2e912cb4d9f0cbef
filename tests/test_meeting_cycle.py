"""The meeting cycle through the services: minutes, attendance, approval, quorum, proposals."""

from __future__ import annotations

import datetime as dt

import pytest

from sendsec.domain.errors import SendsecError, ValidationError
from sendsec.services import meeting_cycle as mc
from sendsec.services.board import Board

TODAY = dt.date(2025, 5, 20)


@pytest.fixture
def board(tmp_path):
    b = Board.create_new(tmp_path / "b.sqlite", "Test SEND Improvement Board", quorum=2)
    council = b.create("organisation", {"name": "West Northamptonshire Council",
                                        "short_name": "WNC", "kind": "council"}).id
    icb = b.create("organisation", {"name": "NHS Northamptonshire ICB", "short_name": "ICB",
                                    "kind": "health"}).id
    people = {}
    for name, role, org in [
        ("Chair Person", "independent chair", None),
        ("Mem Council", "member", council),
        ("Mem Health", "member", icb),
        ("Sub Health", "officer in attendance", icb),
        ("Dee Adviser", "DfE adviser", None),
        ("Nia Adviser", "NHS England adviser", None),
        ("Cal Lead", "DfE case lead", None),
    ]:
        people[name] = b.create("person", {"name": name, "role": role,
                                           "organisation_id": org}).id
    b.people = people
    area = b.create("area", {"code": "b", "title": "EHC needs assessment timeliness"}).id
    b.area = area
    yield b
    b.close()


def _meeting(board, date, status="planned"):
    return board.create("meeting", {"meeting_date": date, "status": status}).id


def test_minute_numbers_continue_across_meetings(board):
    m1 = _meeting(board, "2025-01-15", "held")
    m2 = _meeting(board, "2025-03-12", "held")
    mc.ensure_minutes(board, m1)
    first = [m["number"] for m in board.rows("minute", parent_id=m1)]
    assert first == list(range(1, len(board.rows("agenda_item", parent_id=m1)) + 1))
    mc.ensure_minutes(board, m2)
    second = [m["number"] for m in board.rows("minute", parent_id=m2)]
    assert second[0] == first[-1] + 1
    assert second == list(range(second[0], second[0] + len(second)))
    # doing it again numbers nothing new
    again = mc.ensure_minutes(board, m2)
    assert [m["number"] for m in board.rows("minute", parent_id=m2)] == second
    assert again.summary == f"No agenda item of {board.label('meeting', m2)} was waiting for a " \
        "minute number"
    board.create("agenda_item", {"meeting_id": m2, "position": 20, "title": "Late item"})
    one = mc.ensure_minutes(board, m2)  # numbers "of 10 minutes" read as a length of time
    assert one.summary == f"Minute number {second[-1] + 1} given to an agenda item of " \
        f"{board.label('meeting', m2)}"


def test_minute_numbers_are_never_reused_after_archiving(board):
    m1 = _meeting(board, "2025-01-15", "held")
    mc.ensure_minutes(board, m1)
    last = board.rows("minute", parent_id=m1)[-1]
    board.archive("minute", last["id"])
    assert mc.next_minute_number(board) == last["number"] + 1


def test_attendance_substitute_requires_whom_and_quorum(board):
    m = _meeting(board, "2025-03-12", "held")
    p = board.people
    mc.record_attendance(board, m, p["Chair Person"], "present")
    assert not mc.quorum(board, m).met
    with pytest.raises(ValidationError) as err:
        mc.record_attendance(board, m, p["Sub Health"], "substitute")
    assert "substitute_for_id" in err.value.errors
    mc.record_attendance(board, m, p["Sub Health"], "substitute", p["Mem Health"])
    mc.record_attendance(board, m, p["Mem Health"], "apologies")
    q = mc.quorum(board, m)
    assert q.met and q.present == 2
    assert set(q.names) == {"Chair Person", "Sub Health"}
    assert "Quorate" in q.message


def test_actions_arising_become_board_actions_linked_to_the_minute(board):
    m = _meeting(board, "2025-03-12", "held")
    mc.ensure_minutes(board, m)
    minute = board.rows("minute", parent_id=m)[3]
    c1 = mc.add_action_arising(board, minute["id"], "Circulate the EHC recovery plan",
                               board.people["Mem Council"], "30/04/2025")
    c2 = mc.add_action_arising(board, minute["id"], "Report SALT waits",
                               board.people["Mem Health"], "2025-05-30")
    a1, a2 = board.get("action", c1.id), board.get("action", c2.id)
    assert (a1["ref"], a2["ref"]) == ("BA1", "BA2")
    assert a1["kind"] == "board" and a1["minute_id"] == minute["id"]
    assert a1["due_date"] == "2025-04-30"
    assert any(r["entity"] == "action" and r["entity_id"] == a1["id"]
               for r in board.change_log())


def test_resolutions_drop_a_typed_resolved_that(board):
    m = _meeting(board, "2025-03-12", "held")
    mc.ensure_minutes(board, m)
    minute = board.rows("minute", parent_id=m)[0]
    mc.add_resolution(board, minute["id"], "RESOLVED: that the report be noted.")
    mc.add_resolution(board, minute["id"], "the plan be approved")
    texts = [r["text"] for r in board.rows("resolution", parent_id=minute["id"])]
    assert texts == ["the report be noted.", "the plan be approved"]
    with pytest.raises(ValidationError):
        mc.add_resolution(board, minute["id"], "RESOLVED: that ")


def test_approving_minutes_records_the_resolution_and_can_be_undone(board):
    m1 = _meeting(board, "2025-01-15", "held")
    m2 = _meeting(board, "2025-03-12")
    change = mc.approve_minutes(board, m1, m2)
    assert board.get("meeting", m1)["status"] == "minutes approved"
    assert board.get("meeting", m1)["approved_at_meeting_id"] == m2
    # the meeting's first minute numbers all its items in agenda order
    minutes = [m for m in board.rows("minute", parent_id=m2)
               if m["heading"].startswith("Minutes of the last meeting")]
    assert len(minutes) == 1
    res = board.rows("resolution", parent_id=minutes[0]["id"])
    assert res[0]["text"].startswith("the minutes of the meeting held on 15 January 2025 be "
                                     "agreed as a correct record")
    with pytest.raises(SendsecError, match="already"):
        mc.approve_minutes(board, m1, m2)
    board.revert(change)
    assert board.get("meeting", m1)["status"] == "held"
    assert board.get("meeting", m1)["approved_at_meeting_id"] is None
    assert board.rows("resolution", parent_id=minutes[0]["id"]) == []


def test_cannot_approve_unheld_or_at_an_earlier_meeting(board):
    m1 = _meeting(board, "2025-01-15", "planned")
    m2 = _meeting(board, "2025-03-12")
    with pytest.raises(SendsecError, match="not been held"):
        mc.approve_minutes(board, m1, m2)
    board.update("meeting", m1, {"status": "held"})
    with pytest.raises(SendsecError, match="before"):
        mc.approve_minutes(board, m2, m1)
    with pytest.raises(SendsecError, match="later meeting"):
        mc.approve_minutes(board, m1, m1)


def test_proposals_for_slow_actions_and_late_contributions(board):
    _meeting(board, "2025-01-15", "held")
    _meeting(board, "2025-03-12", "held")
    _meeting(board, "2025-06-11")
    slow = board.create("action", {"ref": "PA2.1", "title": "Clear the EHC backlog",
                                   "area_id": board.area, "owner_id": board.people["Mem Council"],
                                   "due_date": "2025-12-31", "status": "in progress"}).id
    for date, rag in [("2025-01-10", "amber"), ("2025-03-05", "red")]:
        board.create("action_update", {"action_id": slow, "update_date": date, "rag": rag,
                                       "narrative": "Backlog still high"})
    quiet = board.create("action", {"ref": "PA4.1", "title": "Cut SALT waits",
                                    "owner_id": board.people["Mem Health"],
                                    "due_date": "2025-12-31", "status": "in progress"}).id
    board.create("action_update", {"action_id": quiet, "update_date": "2025-01-10",
                                   "rag": "green", "narrative": "On track"})
    fine = board.create("action", {"ref": "PA1.1", "title": "JSNA",
                                   "owner_id": board.people["Mem Council"],
                                   "due_date": "2025-12-31", "status": "in progress"}).id
    board.create("action_update", {"action_id": fine, "update_date": "2025-04-01",
                                   "rag": "green", "narrative": "Done the draft"})
    proposals = mc.propose_impact_entries(board, TODAY)
    keys = {p.key for p in proposals}
    assert "slow:PA2.1" in keys
    assert "org:ICB" in keys  # PA4.1 has no update since the March meeting
    assert "org:WNC" in keys  # so has PA2.1 (its last update came before the meeting)
    assert "slow:PA1.1" not in keys
    slow_p = next(p for p in proposals if p.key == "slow:PA2.1")
    assert slow_p.kind == "slow progress" and slow_p.action_id == slow
    assert "two consecutive" in slow_p.evidence
    org_p = next(p for p in proposals if p.key == "org:ICB")
    assert "PA4.1: no update this cycle" in org_p.evidence

    mc.confirm_proposal(board, slow_p, None, TODAY, {"what_changed": "Families still wait"})
    mc.dismiss_proposal(board, org_p, None, TODAY)
    entries = board.rows("impact_entry")
    assert {(e["kind"], e["status"]) for e in entries} == {
        ("slow progress", "confirmed"), ("contribution to strengthen", "dismissed")}
    assert [p.key for p in mc.propose_impact_entries(board, TODAY)] == ["org:WNC"]
    mc.dismiss_proposal(board, next(p for p in proposals if p.key == "org:WNC"), None, TODAY)
    assert mc.propose_impact_entries(board, TODAY) == []


def test_attendance_record_excludes_cancelled_and_old_meetings(board):
    p = board.people
    old = _meeting(board, "2024-01-10", "held")
    held = _meeting(board, "2025-03-12", "held")
    cancelled = _meeting(board, "2025-04-09", "cancelled")
    for m in (old, held, cancelled):
        mc.record_attendance(board, m, p["Mem Health"], "present")
    mc.record_attendance(board, held, p["Mem Council"], "apologies")
    rec = mc.attendance_record(board, TODAY)
    assert rec["meetings"] == 1
    rows = {r["name"]: r for r in rec["people"]}
    assert rows["Mem Health"]["invited"] == 1 and rows["Mem Health"]["present"] == 1
    assert rows["Mem Council"]["apologies"] == 1 and rows["Mem Council"]["rate"] == 0
    orgs = {r["organisation"]: r for r in rec["organisations"]}
    assert orgs["NHS Northamptonshire ICB"]["rate"] == 100

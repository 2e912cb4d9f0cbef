"""The one door for changes: validation, change log, undo, meetings, read-only, batches."""

from __future__ import annotations

import datetime as dt
import getpass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendsec.domain import rules
from sendsec.domain.entities import ENTITIES, STATUTORY_ROLES, TIMETABLE_STEPS
from sendsec.domain.errors import NotFound, ReadOnlyError, SendsecError, ValidationError
from sendsec.services.board import Board
from sendsec.services.entity_rules import STANDARD_AGENDA

ODD_TEXTS = [
    "Line one\x0bline two pasted from Word",
    "Tab\tand\r\nWindows line break",
    "Emoji 😀👨‍👩‍👧 and flags 🇬🇧",
    "العربية نص من اليمين إلى اليسار",
    "עברית ו-English mixed",
    "Ampersand & <angle> \"quotes\" 'single'",
    "Zero\u200bwidth and non\u00a0breaking",
    "Bell\x07 and escape\x1b and form feed\x0c inside",
]


@pytest.fixture
def board(tmp_path):
    b = Board.create_new(tmp_path / "board.sqlite", "SEND Improvement Board", user="tester")
    yield b
    b.close()


@pytest.fixture
def world(board):
    """A small board: organisations, people in every statutory role, an area, a measure."""
    ids = {}
    ids["council"] = board.create("organisation", {"name": "West Northamptonshire Council",
                                                   "kind": "council"}).id
    ids["dfe"] = board.create("organisation", {"name": "Department for Education",
                                               "kind": "government"}).id
    people = [
        ("chair", "Ann Chair", "independent chair", ids["council"]),
        ("adviser", "Dee Adviser", "DfE adviser", ids["dfe"]),
        ("nhse", "Nia England", "NHS England adviser", None),
        ("caselead", "Cass Lead", "DfE case lead", ids["dfe"]),
        ("member", "Mo Member", "member", ids["council"]),
        ("observer", "Obi Server", "observer", None),
    ]
    for key, name, role, org in people:
        ids[key] = board.create("person", {"name": name, "role": role, "organisation_id": org,
                                           "email": f"{key}@example.org"}).id
    ids["area"] = board.create("area", {"code": "a", "title": "EHC plan timeliness"}).id
    ids["measure"] = board.create("measure", {"code": "M1",
                                              "title": "EHC plans issued within 20 weeks (%)",
                                              "target": 60, "area_id": ids["area"]}).id
    return ids


def _log_count(board: Board) -> int:
    return len(board.change_log())


# ------------------------------------------------------------------ every entity


def _valid_values(board: Board, world: dict, name: str) -> tuple[dict, dict]:
    """Return (values to create one `name`, a change to make to it)."""
    action = lambda: board.create("action", {"ref": f"PA{len(board.rows('action')) + 1}",  # noqa: E731
                                             "title": "An action"}).id
    meeting = lambda: board.create("meeting", {"meeting_date": "2025-03-12"}).id  # noqa: E731
    risk = lambda: board.create("risk", {"ref": "R1", "title": "A risk",  # noqa: E731
                                         "current_likelihood": 3, "current_impact": 3}).id
    if name == "organisation":
        return {"name": "Parent Carer Forum"}, {"short_name": "PCF"}
    if name == "person":
        return {"name": "New Person", "role": "member"}, {"email": "new@example.org"}
    if name == "area":
        return {"code": "b", "title": "Another area"}, {"lead_id": world["member"]}
    if name == "action":
        return ({"ref": "PA2.3", "title": "Reduce waiting times", "owner_id": world["member"],
                 "due_date": "31/03/2025", "area_id": world["area"]},
                {"status": "in progress"})
    if name == "action_update":
        return ({"action_id": action(), "update_date": "2025-02-01", "rag": "green",
                 "narrative": "On track"}, {"evidence": "Minutes"})
    if name == "action_revision":
        return ({"action_id": action(), "revised_on": "2025-02-01", "new_due": "2025-06-30"},
                {"reason": "Staff shortage"})
    if name == "measure":
        return {"code": "M2", "title": "Another measure"}, {"target": 75}
    if name == "measure_point":
        return {"measure_id": world["measure"], "period": "2025-01-31", "value": "45%"}, \
            {"value": 50}
    if name == "trajectory_point":
        return {"measure_id": world["measure"], "period": "2025-03-31", "expected": 50}, \
            {"expected": 55}
    if name == "risk":
        return ({"ref": "R9", "title": "Capacity", "current_likelihood": 4,
                 "current_impact": 5}, {"current_impact": 4})
    if name == "risk_review":
        return ({"risk_id": risk(), "review_date": "2025-02-01", "likelihood": 2,
                 "impact": 3}, {"note": "Reviewed"})
    if name == "impact_entry":
        return ({"entry_date": "2025-03-12", "title": "Families report faster plans"},
                {"kind": "escalation"})
    if name == "meeting":
        return {"meeting_date": "2025-03-12", "venue": "One Angel Square"}, \
            {"venue": "The Guildhall"}
    if name == "cycle_step":
        return {"meeting_id": meeting(), "step": "request_updates", "due_date": "2025-01-01"}, \
            {"done_date": "2025-01-02"}
    if name == "agenda_item":
        return {"meeting_id": meeting(), "title": "SEND sufficiency"}, {"duration": 25}
    if name == "invitee":
        return {"meeting_id": meeting(), "person_id": world["observer"]}, \
            {"attendance": "present"}
    if name == "declaration":
        return ({"meeting_id": meeting(), "person_id": world["member"],
                 "interest": "Governor of a special school"}, {"interest": "Parent governor"})
    if name == "minute":
        return {"meeting_id": meeting(), "number": 21, "heading": "Welcome"}, \
            {"discussion": "The chair welcomed members."}
    if name == "resolution":
        m = meeting()
        minute = board.create("minute", {"meeting_id": m, "number": 30, "heading": "Risks"}).id
        return {"minute_id": minute, "text": "that the risk register be noted"}, {"position": 2}
    if name == "finding":
        return ({"source": "DfE stocktake letter", "received_on": "2025-04-01",
                 "text": "Strengthen the joint commissioning agreement"},
                {"status": "addressed", "response": "Agreed at the board"})
    if name == "challenge":
        return ({"raised_by": "Chair", "raised_on": "2025-03-13", "uid": "c-1",
                 "text": "Why has this slipped again?"},
                {"response": "A new date was agreed", "status": "answered"})
    raise AssertionError(name)


@pytest.mark.parametrize("name", [n for n in ENTITIES if n != "board"])
def test_every_entity_can_be_created_updated_archived_and_restored(board, world, name):
    values, change = _valid_values(board, world, name)
    if name == "cycle_step":  # a meeting is created with every step: a second is refused
        with pytest.raises(ValidationError, match="already used"):
            board.create(name, values)
        step_id = board.find("cycle_step", meeting_id=values["meeting_id"],
                             step="request_updates")["id"]
    else:
        created = board.create(name, values)
        assert created.entity == name and name in created.entities
        step_id = created.id
    row = board.get(name, step_id)
    updated = board.update(name, step_id, change)
    assert updated.ids == (step_id,)
    for key, value in change.items():
        stored = board.get(name, step_id)[key]
        assert stored == value or (key.endswith("date") and stored == "2025-01-02")
    assert board.get(name, step_id)["updated_at"] >= row["created_at"]

    board.archive(name, step_id)
    assert board.get(name, step_id)["archived"] == 1
    assert step_id not in [r["id"] for r in board.rows(name)]
    assert step_id in [r["id"] for r in board.rows(name, include_archived=True)]
    board.archive(name, step_id, archived=False)
    assert step_id in [r["id"] for r in board.rows(name)]


def test_board_settings_can_be_changed_but_not_created_or_archived(board):
    board.update_settings({"local_area": "West Northamptonshire", "target_date": "30/11/2025"})
    s = board.settings()
    assert (s["local_area"], s["target_date"]) == ("West Northamptonshire", "2025-11-30")
    with pytest.raises(SendsecError, match="one board"):
        board.create("board", {"name": "Second"})
    with pytest.raises(SendsecError, match="cannot be archived"):
        board.archive("board", 1)
    with pytest.raises(ValidationError, match="cannot be changed"):
        board.update("board", 1, {"board_uid": "x"})


def test_create_new_refuses_a_blank_name(tmp_path):
    with pytest.raises(ValidationError, match="Board name: is required"):
        Board.create_new(tmp_path / "b.sqlite", "   ")
    assert not (tmp_path / "b.sqlite").exists()


def test_unknown_record_raises_not_found(board):
    with pytest.raises(NotFound, match="no action with id 99"):
        board.get("action", 99)
    with pytest.raises(NotFound):
        board.update("action", 99, {"title": "x"})
    assert board.label("action", 99) == "#99"


# ------------------------------------------------------------------ validation

BAD_INPUTS = [
    ("action", {"title": "No ref"}, "ref", "Reference: is required"),
    ("action", {"ref": "PA1", "title": "   \n  "}, "title", "Action: is required"),
    ("action", {"ref": "PA1", "title": "T", "due_date": "31/02/2025"}, "due_date",
     "Original due date: '31/02/2025' is not a real date"),
    ("action", {"ref": "PA1", "title": "T", "due_date": "TBC"}, "due_date",
     "Original due date: 'TBC' is not a date"),
    ("action", {"ref": "PA1", "title": "T", "status": "done"}, "status",
     "Status: 'done' is not one of: not started, in progress"),
    ("action", {"ref": "PA1", "title": "T", "rag": "purple"}, "rag", "RAG: "),
    ("action", {"ref": "PA1", "title": "T", "owner_id": 999}, "owner_id",
     "Accountable owner: there is no person with id 999"),
    ("action", {"ref": "PA1", "title": "T", "owner_id": "Ann Chair"}, "owner_id",
     "Accountable owner: 'Ann Chair' is not a whole number"),
    ("action", {"ref": "PA1", "title": "x" * 40_000}, "title",
     "Action is 40,000 characters; the limit is 300."),
    ("action", {"ref": "P" * 41, "title": "T"}, "ref",
     "Reference is 41 characters; the limit is 40."),
    ("action", {"ref": "PA1", "title": "T", "colour": "red"}, "colour", "no such field"),
    ("risk", {"ref": "R1", "title": "T", "current_likelihood": 6, "current_impact": 2},
     "current_likelihood", "Current likelihood: must be from 1 to 5, not 6"),
    ("risk", {"ref": "R1", "title": "T", "current_likelihood": 2.5, "current_impact": 2},
     "current_likelihood", "Current likelihood: '2.5' is not a whole number"),
    ("risk", {"ref": "R1", "title": "T", "current_likelihood": 2}, "current_impact",
     "Current impact: is required"),
    ("person", {"name": "P", "email": "not-an-email"}, "email",
     "Email: 'not-an-email' is not an email address"),
    ("person", {"name": "P", "role": "boss"}, "role", "Board role: 'boss' is not one of"),
    ("meeting", {"meeting_date": "2025-03-12", "start_time": "25:00"}, "start_time",
     "Start time: '25:00' is not a real time"),
    ("meeting", {"meeting_date": "next Tuesday"}, "meeting_date", "Date: 'next Tuesday' is not"),
    ("measure", {"code": "M9", "title": "T", "target": "lots"}, "target",
     "Target: 'lots' is not a number"),
    ("measure", {"code": "M9", "title": "T", "target": "inf"}, "target", "is not a number"),
    ("measure", {"code": "M9", "title": "T", "higher_is_better": "maybe"}, "higher_is_better",
     "'maybe' is not yes, no or neither"),
]


@pytest.mark.parametrize("name, values, field, message", BAD_INPUTS)
def test_validation_names_the_field_and_writes_nothing(board, world, name, values, field,
                                                       message):
    log_before = _log_count(board)
    rows_before = board.rows(name, include_archived=True)
    with pytest.raises(ValidationError) as caught:
        board.create(name, values)
    assert field in caught.value.errors
    assert message in caught.value.errors[field]
    assert message in str(caught.value)
    assert caught.value.entity == name
    assert _log_count(board) == log_before
    assert board.rows(name, include_archived=True) == rows_before


def test_every_wrong_field_is_reported_at_once(board):
    with pytest.raises(ValidationError) as caught:
        board.create("risk", {"ref": "", "title": "", "current_likelihood": 0,
                              "current_impact": "high", "target_date": "TBC"})
    assert set(caught.value.errors) == {"ref", "title", "current_likelihood", "current_impact",
                                        "target_date"}


def test_duplicate_reference_is_refused_on_create_and_update(board):
    board.create("action", {"ref": "PA1", "title": "First"})
    second = board.create("action", {"ref": "PA2", "title": "Second"}).id
    log_before = _log_count(board)
    with pytest.raises(ValidationError) as caught:
        board.create("action", {"ref": " PA1 ", "title": "Again"})
    assert caught.value.errors["ref"] == "Reference: PA1 is already used by another action"
    with pytest.raises(ValidationError, match="already used"):
        board.update("action", second, {"ref": "PA1"})
    assert board.get("action", second)["ref"] == "PA2"
    assert _log_count(board) == log_before
    board.update("action", second, {"ref": "PA2", "title": "Same ref is fine"})


def test_failed_update_changes_nothing(board, world):
    action = board.create("action", {"ref": "PA1", "title": "T", "due_date": "2025-03-31"}).id
    before, log_before = board.get("action", action), _log_count(board)
    with pytest.raises(ValidationError):
        board.update("action", action, {"title": "New title", "due_date": "30/02/2025"})
    assert board.get("action", action) == before
    assert _log_count(board) == log_before
    with pytest.raises(ValidationError, match="Reference: is required"):
        board.update("action", action, {"ref": ""})
    with pytest.raises(ValidationError, match="cannot be changed"):
        board.update("action", action, {"minute_id": 1})
    assert board.get("action", action) == before


def test_values_are_coerced_the_way_people_type_them(board, world):
    a = board.create("action", {"ref": "  PA1  ", "title": "T", "due_date": "31 Jan 2025",
                                "status": "IN PROGRESS", "rag": "On track",
                                "owner_id": str(world["member"])}).id
    row = board.get("action", a)
    assert (row["ref"], row["due_date"], row["status"], row["rag"], row["owner_id"]) == (
        "PA1", "2025-01-31", "in progress", "green", world["member"])
    m = board.create("meeting", {"meeting_date": dt.date(2025, 3, 12), "start_time": "6.30pm"}).id
    assert board.get("meeting", m)["start_time"] == "18:30"
    p = board.create("measure_point", {"measure_id": world["measure"], "period": "2025-01-31",
                                       "value": "1,234.5"}).id
    assert board.get("measure_point", p)["value"] == 1234.5


def test_huge_text_within_the_limit_is_kept_whole(board):
    text = ("Progress narrative with detail. " * 1250)[:20_000]  # the narrative limit
    a = board.create("action", {"ref": "PA1", "title": "T", "description": text}).id
    assert board.get("action", a)["description"] == text


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_text_is_stored_and_read_back_exactly(board, text):
    a = board.create("action", {"ref": "PA1", "title": text, "organisations": text}).id
    row = board.get("action", a)
    assert row["title"] == text
    assert row["organisations"] == text.strip()
    board.update("action", a, {"description": text})
    assert board.get("action", a)["description"] == text


def test_nul_is_removed_and_nothing_else(board):
    a = board.create("action", {"ref": "PA\x001", "title": "Be\x00fore & after"}).id
    row = board.get("action", a)
    assert (row["ref"], row["title"]) == ("PA1", "Before & after")


def test_a_lone_surrogate_does_not_crash_the_write(board):
    o = board.create("organisation", {"name": "Broken \ud83d paste"}).id
    assert board.get("organisation", o)["name"] == "Broken \ufffd paste"


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=300))
def test_any_text_survives_a_round_trip(board, text):
    expected_long = text.replace("\x00", "")
    expected_short = expected_long.strip()
    if not expected_long.strip():
        with pytest.raises(ValidationError, match="is required"):
            board.create("organisation", {"name": text})
        return
    change = board.create("impact_entry", {"entry_date": "2025-01-01", "title": text,
                                           "source": text})
    row = board.get("impact_entry", change.id)
    assert row["title"] == expected_long
    assert row["source"] == (expected_short or None)
    assert board.rows("impact_entry")[0]["title"] == expected_long


# ------------------------------------------------------------------ the change log


def test_change_log_records_who_what_when_for_create_update_archive(board, world):
    start = dt.datetime.now().replace(microsecond=0) - dt.timedelta(seconds=1)
    a = board.create("action", {"ref": "PA1", "title": "First title"}).id
    board.update("action", a, {"title": "Second title", "rag": "amber"})
    board.archive("action", a)
    rows = [r for r in board.change_log() if r["entity"] == "action"]
    by_field = {r["field"]: r for r in rows}
    assert set(by_field) == {"(created)", "title", "rag", "archived"}
    assert by_field["title"]["old"] == "First title"
    assert by_field["title"]["new"] == "Second title"
    assert (by_field["rag"]["old"], by_field["rag"]["new"]) == (None, "amber")
    assert (by_field["archived"]["old"], by_field["archived"]["new"]) == ("0", "1")
    for r in rows:
        assert r["entity_id"] == a
        assert r["user"] == "tester"
        assert r["record"] == "PA1"
        at = dt.datetime.strptime(r["at"], "%Y-%m-%d %H:%M:%S")
        assert start <= at <= dt.datetime.now() + dt.timedelta(seconds=1)
    # newest first
    assert next(r["field"] for r in rows) == "archived"


def test_change_log_user_defaults_to_the_computer_login(tmp_path):
    with Board.create_new(tmp_path / "b.sqlite", "B") as board:
        assert board.change_log()[0]["user"] == getpass.getuser()


def test_change_log_since_filters_by_time(board):
    board.create("organisation", {"name": "O"})
    assert board.change_log(since="2999-01-01") == []
    assert len(board.change_log(since="2000-01-01")) == len(board.change_log())
    assert len(board.change_log(limit=1)) == 1


def test_an_update_that_changes_nothing_logs_nothing(board):
    a = board.create("action", {"ref": "PA1", "title": "T"}).id
    before = _log_count(board)
    change = board.update("action", a, {"title": "T"})
    assert change.inverse == ()
    assert _log_count(board) == before


# ------------------------------------------------------------------ undo and redo


def test_revert_undoes_an_update_and_redo_reapplies_it(board):
    a = board.create("action", {"ref": "PA1", "title": "Old", "rag": "green"}).id
    change = board.update("action", a, {"title": "New", "rag": "red"})
    undo = board.revert(change)
    assert (board.get("action", a)["title"], board.get("action", a)["rag"]) == ("Old", "green")
    assert undo.summary.startswith("Undone:")
    board.revert(undo)
    assert (board.get("action", a)["title"], board.get("action", a)["rag"]) == ("New", "red")


def test_revert_of_a_create_archives_it_and_redo_restores_it(board):
    change = board.create("risk", {"ref": "R1", "title": "T", "current_likelihood": 2,
                                   "current_impact": 2})
    undo = board.revert(change)
    assert board.rows("risk") == []
    assert board.get("risk", change.id)["archived"] == 1
    board.revert(undo)
    assert [r["ref"] for r in board.rows("risk")] == ["R1"]


def test_revert_of_an_archive_restores_it(board):
    a = board.create("action", {"ref": "PA1", "title": "T"}).id
    change = board.archive("action", a)
    board.revert(change)
    assert board.get("action", a)["archived"] == 0


def test_revert_of_an_action_update_restores_the_actions_rag_and_status(board):
    a = board.create("action", {"ref": "PA1", "title": "T", "rag": "amber"}).id
    change = board.create("action_update", {"action_id": a, "update_date": "2025-02-01",
                                            "rag": "blue", "narrative": "Delivered"})
    after = board.get("action", a)
    assert (after["rag"], after["status"]) == ("blue", "complete")
    undo = board.revert(change)
    before = board.get("action", a)
    assert (before["rag"], before["status"]) == ("amber", "not started")
    assert board.rows("action_update", parent_id=a) == []
    board.revert(undo)
    assert (board.get("action", a)["rag"], board.get("action", a)["status"]) == (
        "blue", "complete")
    assert len(board.rows("action_update", parent_id=a)) == 1


def test_action_update_sets_rag_from_the_newest_dated_update(board):
    a = board.create("action", {"ref": "PA1", "title": "T"}).id
    board.create("action_update", {"action_id": a, "update_date": "2025-03-01", "rag": "red",
                                   "narrative": "Late"})
    assert (board.get("action", a)["rag"], board.get("action", a)["status"]) == (
        "red", "in progress")
    # an older update typed in afterwards does not override the newer rating
    board.create("action_update", {"action_id": a, "update_date": "2025-01-01", "rag": "green",
                                   "narrative": "Earlier"})
    assert board.get("action", a)["rag"] == "red"


def test_risk_review_sets_current_scores_and_undo_restores_them(board):
    r = board.create("risk", {"ref": "R1", "title": "T", "current_likelihood": 4,
                              "current_impact": 4}).id
    change = board.create("risk_review", {"risk_id": r, "review_date": "2025-02-01",
                                          "likelihood": 2, "impact": 3})
    assert (board.get("risk", r)["current_likelihood"], board.get("risk", r)["current_impact"]) \
        == (2, 3)
    board.revert(change)
    assert (board.get("risk", r)["current_likelihood"], board.get("risk", r)["current_impact"]) \
        == (4, 4)


def test_revising_a_due_date_keeps_the_slippage_visible(board):
    a = board.create("action", {"ref": "PA1", "title": "T", "due_date": "2025-03-31"}).id
    board.update("action", a, {"revised_due_date": "2025-06-30",
                               "revision_reason": "Recruitment delayed"})
    revisions = board.rows("action_revision", parent_id=a)
    assert [(r["previous_due"], r["new_due"], r["reason"]) for r in revisions] == [
        ("2025-03-31", "2025-06-30", "Recruitment delayed")]
    assert board.get("action", a)["due_date"] == "2025-03-31"


# ------------------------------------------------------------------ meetings


def test_new_meeting_has_standard_agenda_timetable_on_working_days_and_statutory_invitees(
        board, world):
    m = board.create("meeting", {"meeting_date": "2025-03-12"})
    assert {"meeting", "agenda_item", "cycle_step", "invitee"} <= m.entities
    meeting = board.get("meeting", m.id)
    assert meeting["number"] == 1 and meeting["ics_sequence"] == 0
    assert meeting["uid"].endswith("@sendsec")

    items = board.rows("agenda_item", parent_id=m.id)
    assert [i["title"] for i in items] == [t for _, t, _, _ in STANDARD_AGENDA]
    assert items[0]["standard"] == "welcome" and items[-1]["standard"] == "next meeting"

    steps = {s["step"]: s for s in board.rows("cycle_step", parent_id=m.id)}
    assert set(steps) == set(TIMETABLE_STEPS)
    cal = rules.WorkingCalendar()
    for s in steps.values():
        assert cal.is_working_day(dt.date.fromisoformat(s["due_date"])), s
    assert steps["papers_dispatched"]["due_date"] < "2025-03-12" < \
        steps["draft_minutes_to_chair"]["due_date"]
    assert steps["request_updates"]["due_date"] < steps["updates_due"]["due_date"] < \
        steps["papers_deadline"]["due_date"] <= steps["papers_dispatched"]["due_date"]

    invited = {board.get("person", i["person_id"])["role"]
               for i in board.rows("invitee", parent_id=m.id)}
    assert set(STATUTORY_ROLES) <= invited
    assert "independent chair" in invited and "member" in invited
    assert "observer" not in invited

    second = board.create("meeting", {"meeting_date": "2025-05-14"}).id
    assert board.get("meeting", second)["number"] == 2


def test_timetable_skips_bank_holidays(board):
    # Easter 2025: Good Friday 18 April, Easter Monday 21 April
    m = board.create("meeting", {"meeting_date": "2025-04-23"}).id
    dates = {s["due_date"] for s in board.rows("cycle_step", parent_id=m)}
    assert not dates & {"2025-04-18", "2025-04-21"}


def test_moving_a_meeting_moves_its_timetable_and_raises_the_sequence(board, world):
    m = board.create("meeting", {"meeting_date": "2025-03-12"}).id
    before = {s["step"]: s["due_date"] for s in board.rows("cycle_step", parent_id=m)}
    change = board.update("meeting", m, {"meeting_date": "2025-03-26"})
    after = {s["step"]: s["due_date"] for s in board.rows("cycle_step", parent_id=m)}
    assert all(after[k] > before[k] for k in before)
    assert board.get("meeting", m)["ics_sequence"] == 1
    assert "cycle_step" in change.entities
    board.update("meeting", m, {"venue": "Guildhall"})
    assert board.get("meeting", m)["ics_sequence"] == 2
    board.update("meeting", m, {"venue": "Guildhall"})  # no change, no new sequence
    assert board.get("meeting", m)["ics_sequence"] == 2
    # undo moves everything back but the calendar sequence keeps rising
    board.revert(change)
    assert {s["step"]: s["due_date"] for s in board.rows("cycle_step", parent_id=m)} == before
    assert board.get("meeting", m)["meeting_date"] == "2025-03-12"
    assert board.get("meeting", m)["ics_sequence"] == 3


def test_moving_a_meeting_with_an_archived_timetable_step_moves_that_step_too(board, world):
    m = board.create("meeting", {"meeting_date": "2025-03-12"}).id
    step = board.find("cycle_step", meeting_id=m, step="papers_deadline")
    board.archive("cycle_step", step["id"])
    change = board.update("meeting", m, {"meeting_date": "2025-03-26"})
    moved = board.get("cycle_step", step["id"])
    assert moved["archived"] == 1 and moved["due_date"] > step["due_date"]
    assert {s["step"] for s in board.rows("cycle_step", parent_id=m)} == \
        {"request_updates", "updates_due", "papers_dispatched", "draft_minutes_to_chair",
         "draft_minutes_circulated"}
    # restoring the step shows the date that goes with the meeting; undo puts it back
    board.archive("cycle_step", step["id"], archived=False)
    assert board.get("cycle_step", step["id"])["due_date"] == moved["due_date"]
    board.archive("cycle_step", step["id"])
    board.revert(change)
    assert board.get("cycle_step", step["id"])["due_date"] == step["due_date"]


def test_removing_a_statutory_invitee_needs_force(board, world):
    m = board.create("meeting", {"meeting_date": "2025-03-12"}).id
    adviser = board.find("invitee", meeting_id=m, person_id=world["adviser"])
    with pytest.raises(SendsecError, match="paragraph 6"):
        board.remove_invitee(adviser["id"])
    with pytest.raises(SendsecError, match="Dee Adviser is the DfE adviser"):
        board.archive("invitee", adviser["id"])
    assert board.get("invitee", adviser["id"])["archived"] == 0
    board.remove_invitee(adviser["id"], force=True)
    assert board.get("invitee", adviser["id"])["archived"] == 1
    # force does not stick to the next call
    nhse = board.find("invitee", meeting_id=m, person_id=world["nhse"])
    with pytest.raises(SendsecError):
        board.remove_invitee(nhse["id"])
    member = board.find("invitee", meeting_id=m, person_id=world["member"])
    board.remove_invitee(member["id"])


def test_move_agenda_item_and_tick_a_step(board):
    m = board.create("meeting", {"meeting_date": "2025-03-12"}).id
    items = board.rows("agenda_item", parent_id=m)
    board.move_agenda_item(items[2]["id"], -1)
    titles = [i["title"] for i in board.rows("agenda_item", parent_id=m)]
    assert titles[1] == items[2]["title"] and titles[2] == items[1]["title"]
    board.move_agenda_item(items[0]["id"], -1)  # already first: stays
    assert board.rows("agenda_item", parent_id=m)[0]["id"] == items[0]["id"]
    step = board.rows("cycle_step", parent_id=m)[0]
    board.set_step_done(step["id"], "03/02/2025")
    assert board.get("cycle_step", step["id"])["done_date"] == "2025-02-03"
    board.set_step_done(step["id"], None)
    assert board.get("cycle_step", step["id"])["done_date"] is None


# ------------------------------------------------------------------ read-only and batches


def test_read_only_board_refuses_every_write(tmp_path, world, board):
    m = board.create("meeting", {"meeting_date": "2025-03-12"}).id
    a = board.create("action", {"ref": "PA1", "title": "T"})
    path = board.path
    board.close()
    with Board.open(path, readonly=True) as ro:
        before = len(ro.change_log())
        inv = ro.rows("invitee", parent_id=m)[0]["id"]
        item = ro.rows("agenda_item", parent_id=m)[0]["id"]
        step = ro.rows("cycle_step", parent_id=m)[0]["id"]
        attempts = [
            lambda: ro.create("organisation", {"name": "X"}),
            lambda: ro.update("action", a.id, {"title": "X"}),
            lambda: ro.update_settings({"local_area": "X"}),
            lambda: ro.archive("action", a.id),
            lambda: ro.revert(a),
            lambda: ro.remove_invitee(inv, force=True),
            lambda: ro.move_agenda_item(item, 1),
            lambda: ro.set_step_done(step, "2025-01-01"),
        ]
        for attempt in attempts:
            with pytest.raises(ReadOnlyError, match="read-only"):
                attempt()
        with pytest.raises(ReadOnlyError), ro.batch():
            pass
        assert len(ro.change_log()) == before
        assert ro.get("action", a.id)["title"] == "T"


def test_batch_rolls_back_everything_on_an_error(board):
    log_before = _log_count(board)
    with pytest.raises(ValidationError), board.batch():
        board.create("organisation", {"name": "One"})
        board.create("meeting", {"meeting_date": "2025-03-12"})
        board.create("action", {"ref": "PA1", "title": "T", "due_date": "TBC"})
    assert board.rows("organisation") == []
    assert board.rows("meeting", include_archived=True) == []
    assert board.rows("agenda_item", include_archived=True) == []
    assert _log_count(board) == log_before


def test_batch_commits_when_all_calls_succeed(board):
    with board.batch():
        board.create("organisation", {"name": "One"})
        board.create("organisation", {"name": "Two"})
    assert [o["name"] for o in board.rows("organisation")] == ["One", "Two"]


def test_a_caught_failure_inside_a_batch_leaves_nothing(board):
    with board.batch():
        board.create("organisation", {"name": "Kept"})
        with pytest.raises(ValidationError):
            board.create("organisation", {"name": "Kept"})
        try:
            with board.batch():
                board.create("organisation", {"name": "Dropped"})
                raise RuntimeError("stop")
        except RuntimeError:
            pass
        last = board.create("organisation", {"name": "Also kept"})
    assert [o["name"] for o in board.rows("organisation")] == ["Also kept", "Kept"]
    board.revert(last)
    assert all(r["name"] != "Dropped" for r in board.rows("organisation", include_archived=True))


def test_options_and_labels_for_pickers(board, world):
    assert (world["chair"], "Ann Chair") in board.options("person")
    m = board.create("meeting", {"meeting_date": "2025-03-12"}).id
    assert board.label("meeting", m) == "Meeting 1, 12 March 2025"
    s = board.create("meeting", {"meeting_date": "2025-06-12", "kind": "stocktake review"}).id
    assert board.label("meeting", s).startswith("Stocktake review")
    assert board.label("action", None) == ""
    with pytest.raises(KeyError):
        board.find("action", colour="red")


def test_archiving_or_correcting_an_update_keeps_the_actions_rag_true(board):
    a = board.create("action", {"ref": "PA1", "title": "T"}).id
    board.create("action_update", {"action_id": a, "update_date": "2025-01-10", "rag": "amber",
                                   "narrative": "First"})
    wrong = board.create("action_update", {"action_id": a, "update_date": "2025-03-10",
                                           "rag": "red", "narrative": "Typed on the wrong action"})
    assert board.get("action", a)["rag"] == "red"
    change = board.archive("action_update", wrong.id)
    assert board.get("action", a)["rag"] == "amber"
    board.revert(change)
    assert board.get("action", a)["rag"] == "red"
    board.update("action_update", wrong.id, {"rag": "green"})
    assert board.get("action", a)["rag"] == "green"
    board.update("action_update", wrong.id, {"update_date": "2024-12-01"})  # now the oldest
    assert board.get("action", a)["rag"] == "amber"


def test_archiving_or_correcting_a_review_keeps_the_risks_scores_true(board):
    r = board.create("risk", {"ref": "R1", "title": "T", "current_likelihood": 5,
                              "current_impact": 5}).id
    board.create("risk_review", {"risk_id": r, "review_date": "2025-01-10", "likelihood": 3,
                                 "impact": 3})
    wrong = board.create("risk_review", {"risk_id": r, "review_date": "2025-03-10",
                                         "likelihood": 1, "impact": 1})
    board.archive("risk_review", wrong.id)
    assert (board.get("risk", r)["current_likelihood"], board.get("risk", r)["current_impact"]) \
        == (3, 3)
    board.archive("risk_review", wrong.id, archived=False)
    board.update("risk_review", wrong.id, {"impact": 4})
    assert (board.get("risk", r)["current_likelihood"], board.get("risk", r)["current_impact"]) \
        == (1, 4)

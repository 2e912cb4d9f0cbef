"""Each editor's own sections: an action's updates and revisions, a risk's reviews and
scores, a measure's points, a meeting's timetable, agenda and invitees."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.editors.world import TODAY, log_count, make, type_into
from ui.editors import StatutoryWarning

# --------------------------------------------------------------------------- action

def test_adding_this_cycles_update_changes_the_actions_rag(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    updates = editor.updates
    form = updates.form
    assert form.record_id is None
    assert form.field_widget("update_date").value() == "22/11/2026"
    assert form.field_widget("reported_by_id").value() == board._ids["person"]
    assert form.field_widget("meeting_id").value() == board._ids["meeting"]
    rag = form.field_widget("rag")
    rag.combo.setCurrentIndex(rag.combo.findData("red"))
    assert "Off track" in rag.meaning.text()
    type_into(form.field_widget("narrative"), "Cabinet date moved")
    assert form.add() is not None
    assert board.get("action", board._ids["action"])["rag"] == "red"
    assert editor.form.field_widget("rag").value() == "red"
    assert len(updates.rows()) == 2
    assert updates.table.item(0, 1).text() == "Red"
    assert "Slow to progress" in editor.summary.text()
    assert form.record_id is None and form.field_widget("narrative").value() == ""


def test_an_update_without_narrative_is_refused(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    form = editor.updates.form
    rag = form.field_widget("rag")
    rag.combo.setCurrentIndex(rag.combo.findData("green"))
    before = log_count(board)
    assert form.add() is None
    assert "is required" in form.error("narrative")
    assert log_count(board) == before


def test_the_action_shows_its_flags_and_revisions(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    text = editor.summary.text()
    assert "Overdue" in text and "Slipped" in text and "No update this cycle" in text
    assert editor.revisions.rowCount() == 1
    assert editor.revisions.item(0, 2).text() == "30/06/2026"
    assert editor.revisions.item(0, 4).text() == "Consultation extended"


def test_selecting_an_update_edits_it(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    editor.updates.select(editor.updates.rows()[0]["id"])
    form = editor.updates.form
    assert form.field_widget("narrative").value() == "Draft out to consultation"
    type_into(form.field_widget("evidence"), "Consultation report")
    assert board.rows("action_update", parent_id=board._ids["action"])[0]["evidence"] == \
        "Consultation report"


# --------------------------------------------------------------------------- risk

def test_risk_score_and_band_update_live(qtbot, ctx, board):
    editor = make(qtbot, ctx, "risk", board._ids["risk"])
    badge = editor.badges["current"]
    assert badge.text() == "Score 12: High"
    editor.form.field_widget("current_likelihood").spin.setValue(5)
    assert badge.text() == "Score 20: Very high" and badge.band == "very high"
    editor.form.field_widget("current_impact").spin.setValue(1)
    assert badge.text() == "Score 5: Medium"
    inherent = editor.badges["inherent"]
    assert inherent.text() == "Score: not set"
    editor.form.field_widget("inherent_likelihood").spin.setValue(2)
    editor.form.field_widget("inherent_impact").spin.setValue(2)
    assert inherent.text() == "Score 4: Low"


def test_a_risk_score_is_saved_when_the_spin_box_is_left(qtbot, ctx, board):
    editor = make(qtbot, ctx, "risk", board._ids["risk"])
    field = editor.form.field_widget("current_impact")
    field.spin.setValue(5)
    field.spin.editingFinished.emit()
    assert board.get("risk", board._ids["risk"])["current_impact"] == 5
    field.spin.setValue(field.spin.minimum())  # 'not set' on a required score
    field.spin.editingFinished.emit()
    assert "is required" in editor.form.error("current_impact")
    assert board.get("risk", board._ids["risk"])["current_impact"] == 5


def test_stepping_a_score_saves_after_a_pause(qtbot, ctx, board):
    editor = make(qtbot, ctx, "risk", board._ids["risk"])
    field = editor.form.field_widget("target_likelihood")
    field.spin.stepBy(2)  # not set -> 1 -> 2, as clicks on the arrow would
    qtbot.waitUntil(lambda: board.get("risk", board._ids["risk"])["target_likelihood"] == 2,
                    timeout=3000)


def test_reviewing_a_risk_for_this_cycle_sets_its_current_scores(qtbot, ctx, board):
    editor = make(qtbot, ctx, "risk", board._ids["risk"])
    form = editor.reviews.form
    assert form.field_widget("likelihood").value() == 3  # starts from the current scores
    form.field_widget("likelihood").spin.setValue(2)
    assert editor.review_badge.text() == "Score 8: Medium"
    type_into(form.field_widget("note"), "Two new caseworkers in post")
    assert form.add() is not None
    risk = board.get("risk", board._ids["risk"])
    assert (risk["current_likelihood"], risk["current_impact"]) == (2, 4)
    assert editor.badges["current"].text() == "Score 8: Medium"
    assert editor.reviews.table.rowCount() == 2
    assert editor.reviews.table.item(0, 3).text() == "8 Medium"


# --------------------------------------------------------------------------- measure

def test_measure_points_can_be_added_edited_and_removed(qtbot, ctx, board):
    editor = make(qtbot, ctx, "measure", board._ids["measure"])
    assert "Latest 41.5%" in editor.summary.text()
    assert "41.5%" in editor.chart.description and "Target 60%" in editor.chart.description
    assert editor.chart.canvas is not None
    points = editor.points
    type_into(points.form.field_widget("period"), "31/10/2026")
    type_into(points.form.field_widget("value"), "55")
    assert points.form.add() is not None
    assert [p["value"] for p in board.rows("measure_point", parent_id=board._ids["measure"])] \
        == [20, 25, 41.5, 55]
    assert "Latest 55%" in editor.summary.text()
    new = board.find("measure_point", period="2026-10-31")["id"]
    assert points.select(new)
    type_into(points.form.field_widget("value"), "fifty")
    assert "not a number" in points.form.error("value")
    type_into(points.form.field_widget("value"), "52.5")
    assert board.get("measure_point", new)["value"] == 52.5
    assert points.select(new)
    points.remove_selected()
    assert board.get("measure_point", new)["archived"] == 1
    assert len(points.rows()) == 3
    ctx.undo()
    assert len(points.rows()) == 4


def test_a_duplicate_period_is_refused(qtbot, ctx, board):
    editor = make(qtbot, ctx, "measure", board._ids["measure"])
    form = editor.trajectory.form
    type_into(form.field_widget("period"), "31/07/2026")
    type_into(form.field_widget("expected"), "30")
    assert form.add() is None
    assert "already used" in form.error("period")


# --------------------------------------------------------------------------- meeting

def test_ticking_a_timetable_step_sets_its_done_date(qtbot, ctx, board):
    editor = make(qtbot, ctx, "meeting", board._ids["meeting"])
    table = editor.timetable
    assert table.rowCount() == 6
    states = [table.item(r, 2).text() for r in range(6)]
    assert "Overdue" in states  # request updates fell due before 22 November
    tick = table.item(0, 3)
    step_id = tick.data(Qt.ItemDataRole.UserRole)
    tick.setCheckState(Qt.CheckState.Checked)
    assert board.get("cycle_step", step_id)["done_date"] == TODAY
    assert editor.timetable.item(0, 2).text() == "Done"
    editor.timetable.item(0, 3).setCheckState(Qt.CheckState.Unchecked)
    assert board.get("cycle_step", step_id)["done_date"] is None


def test_agenda_items_move_up_and_down(qtbot, ctx, board):
    editor = make(qtbot, ctx, "meeting", board._ids["meeting"])
    agenda = editor.agenda
    titles = [r["title"] for r in agenda.rows()]
    second = agenda.rows()[1]["id"]
    assert agenda.select(second)
    agenda.move_selected(-1)
    assert [r["title"] for r in agenda.rows()][:2] == [titles[1], titles[0]]
    assert agenda.selected_id() == second
    assert agenda.table.item(0, 0).text() == "1" and agenda.table.item(0, 2).text() == titles[1]
    assert agenda.table.item(0, 1).text() == "10.00am"
    agenda.move_selected(1)
    assert [r["title"] for r in agenda.rows()] == titles
    ctx.undo()
    assert [r["title"] for r in agenda.rows()][:2] == [titles[1], titles[0]]


def test_agenda_items_are_added_edited_and_removed(qtbot, ctx, board):
    editor = make(qtbot, ctx, "meeting", board._ids["meeting"])
    agenda = editor.agenda
    count = len(agenda.rows())
    type_into(agenda.form.field_widget("title"), "SEND sufficiency plan")
    agenda.form.field_widget("confidential").box.setChecked(True)
    assert agenda.form.add() is not None
    rows = agenda.rows()
    assert len(rows) == count + 1 and rows[-1]["title"] == "SEND sufficiency plan"
    assert rows[-1]["confidential"] == 1
    assert agenda.table.item(count, 2).text() == "Part B: SEND sufficiency plan"
    assert agenda.select(rows[-1]["id"])
    agenda.form.field_widget("duration").spin.setValue(25)
    agenda.form.field_widget("duration").spin.editingFinished.emit()
    assert board.get("agenda_item", rows[-1]["id"])["duration"] == 25
    agenda.remove_selected()
    assert len(agenda.rows()) == count


@pytest.mark.parametrize("confirm", [False, True])
def test_removing_a_statutory_invitee_asks_first(qtbot, ctx, board, monkeypatch, confirm):
    asked = []
    monkeypatch.setattr(StatutoryWarning, "ask",
                        classmethod(lambda cls, parent, name, role: asked.append((name, role))
                                    or confirm))
    editor = make(qtbot, ctx, "meeting", board._ids["meeting"])
    invitees = editor.invitees
    adviser = next(r for r in invitees.rows()
                   if r["person_id"] == board._ids["people"]["Dana Adviser"])
    row = [r["id"] for r in invitees.rows()].index(adviser["id"])
    assert "statutory" in invitees.table.item(row, 2).text()
    invitees.select(adviser["id"])
    before = log_count(board)
    invitees.remove_selected()
    assert asked == [("Dana Adviser", "DfE adviser")]
    assert board.get("invitee", adviser["id"])["archived"] == int(confirm)
    assert (log_count(board) > before) == confirm
    assert ("DfE adviser" in editor.summary.text()) == confirm


def test_removing_an_ordinary_invitee_does_not_ask(qtbot, ctx, board, monkeypatch):
    monkeypatch.setattr(StatutoryWarning, "ask",
                        classmethod(lambda cls, *a: pytest.fail("should not ask")))
    editor = make(qtbot, ctx, "meeting", board._ids["meeting"])
    member = next(r for r in editor.invitees.rows()
                  if r["person_id"] == board._ids["people"]["Kim Health"])
    editor.invitees.select(member["id"])
    editor.invitees.remove_selected()
    assert board.get("invitee", member["id"])["archived"] == 1


def test_inviting_someone_and_setting_attendance(qtbot, ctx, board):
    editor = make(qtbot, ctx, "meeting", board._ids["meeting"])
    invitees = editor.invitees
    person = invitees.form.field_widget("person_id")
    person.combo.setCurrentIndex(person.combo.findData(board._ids["people"]["Obi Observer"]))
    assert invitees.form.add() is not None
    obi = board.find("invitee", meeting_id=board._ids["meeting"],
                     person_id=board._ids["people"]["Obi Observer"])
    assert obi is not None
    invitees.select(obi["id"])
    attendance = invitees.form.field_widget("attendance")
    attendance.combo.setCurrentIndex(attendance.combo.findData("apologies"))
    assert board.get("invitee", obi["id"])["attendance"] == "apologies"
    # inviting the same person twice is refused by the services and said next to the field
    person = invitees.form.field_widget("person_id")
    invitees.show_new()
    person.combo.setCurrentIndex(person.combo.findData(board._ids["people"]["Obi Observer"]))
    assert invitees.form.add() is None
    assert "already used" in invitees.form.error("person_id")


def test_moving_the_meeting_moves_its_timetable(qtbot, ctx, board):
    editor = make(qtbot, ctx, "meeting", board._ids["meeting"])
    before = editor.timetable.item(3, 1).text()
    type_into(editor.form.field_widget("meeting_date"), "16/12/2026")
    assert board.get("meeting", board._ids["meeting"])["meeting_date"] == "2026-12-16"
    assert editor.timetable.item(3, 1).text() != before
    assert "Wednesday 16 December 2026" in editor.heading.text()
    assert "Calendar version 1" in editor.summary.text()


def test_moving_the_meeting_with_an_archived_timetable_step(qtbot, ctx, board):
    step = board.find("cycle_step", meeting_id=board._ids["meeting"], step="updates_due")
    board.archive("cycle_step", step["id"])
    editor = make(qtbot, ctx, "meeting", board._ids["meeting"])
    type_into(editor.form.field_widget("meeting_date"), "16/12/2026")
    assert not editor.form.error("meeting_date")
    assert board.get("meeting", board._ids["meeting"])["meeting_date"] == "2026-12-16"
    assert editor.timetable.rowCount() == 5
    assert board.get("cycle_step", step["id"])["due_date"] > step["due_date"]




def test_a_revised_due_date_is_agreed_at_a_board_meeting(qtbot, ctx, board, monkeypatch):
    from ui.editors import action as action_editor

    held = board.rows("meeting")[0]
    minute = board.create("minute", {"meeting_id": held["id"], "number": 7,
                                     "heading": "Priority Action Plan"}).id
    editor = make(qtbot, ctx, "action", board._ids["action"])
    table = editor.revisions
    assert table.rowCount() == 1
    assert table.item(0, 3).text() == "Not yet agreed"
    assert table.item(0, 0).text() and table.item(0, 4).text() == "Consultation extended"
    assert not editor.agree_button.isEnabled()  # nothing selected
    table.selectRow(0)
    assert editor.agree_button.isEnabled()
    offered = []
    monkeypatch.setattr(action_editor.RevisionQuestions, "choose_minute", classmethod(
        lambda cls, parent, choices, current: offered.append(choices) or minute))
    before = log_count(board)
    qtbot.mouseClick(editor.agree_button, Qt.MouseButton.LeftButton)
    assert offered == [[(minute, "Minute 7: Priority Action Plan (Meeting 1, 14 October 2026)")]]
    [revision] = board.rows("action_revision")
    assert revision["agreed_minute_id"] == minute
    assert log_count(board) == before + 1
    assert editor.revisions.item(0, 3).text() == "Minute 7"
    assert editor.revisions.item(0, 3).toolTip().startswith("Minute 7: Priority Action Plan")
    ctx.undo()
    assert board.rows("action_revision")[0]["agreed_minute_id"] is None
    # the revised_on date is the board's today, not the computer's
    assert revision["revised_on"] == TODAY


def test_only_a_minute_of_a_held_meeting_can_agree_a_revision(board):
    from sendsec.domain.errors import ValidationError
    from sendsec.services import meeting_cycle

    upcoming = board._ids["meeting"]
    minute = board.create("minute", {"meeting_id": upcoming, "number": 8,
                                     "heading": "Not yet held"}).id
    [revision] = board.rows("action_revision")
    with pytest.raises(ValidationError, match="meeting that has been held"):
        meeting_cycle.agree_revision(board, revision["id"], minute)
    assert board.rows("action_revision")[0]["agreed_minute_id"] is None

"""The record editors: they show a record, save edits field by field through
ctx.apply (database + change log + undo), refuse bad values next to the field,
and carry each entity's own sections (updates, reviews, points, timetable,
agenda, invitees)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from sendsec.services.board import Board
from ui.context import AppContext
from ui.editors import EDITORS, StatutoryWarning
from ui.editors.meeting import MeetingEditor

TODAY = "2026-11-22"


def build_board(path) -> Board:
    """A small board with one of everything the editors show."""
    b = Board.create_new(path, "Test SEND Improvement Board", user="tester")
    council = b.create("organisation", {"name": "Test Council", "short_name": "Council",
                                        "kind": "council"}).id
    icb = b.create("organisation", {"name": "Test ICB", "short_name": "ICB",
                                    "kind": "health"}).id
    people = {}
    for name, role, org in [
        ("Alex Chair", "independent chair", None),
        ("Sam Owner", "member", council),
        ("Kim Health", "member", icb),
        ("Dana Adviser", "DfE adviser", None),
        ("Nia England", "NHS England adviser", None),
        ("Cas Lead", "DfE case lead", None),
        ("Obi Observer", "observer", council),
    ]:
        people[name] = b.create("person", {"name": name, "role": role, "organisation_id": org,
                                           "email": f"{name.split()[0].lower()}@example.gov.uk"}
                                ).id
    area = b.create("area", {"code": "a", "title": "Leadership and governance",
                             "kind": "area for priority action"}).id
    b.create("meeting", {"meeting_date": "2026-10-14", "status": "held"})
    meeting = b.create("meeting", {"meeting_date": "2026-12-09", "venue": "One Angel Square"}).id
    action = b.create("action", {
        "ref": "PA1.1", "area_id": area, "title": "Agree the SEND strategy",
        "owner_id": people["Sam Owner"], "target": "Strategy agreed by Cabinet",
        "start_date": "2026-01-05", "due_date": "2026-03-31", "status": "in progress",
    }).id
    b.create("action_update", {"action_id": action, "update_date": "2026-09-01", "rag": "amber",
                               "narrative": "Draft out to consultation"})
    b.update("action", action, {"revised_due_date": "2026-06-30",
                                "revision_reason": "Consultation extended"})
    risk = b.create("risk", {"ref": "R1", "title": "Capacity of the EHC team",
                             "current_likelihood": 3, "current_impact": 4,
                             "owner_id": people["Sam Owner"]}).id
    b.create("risk_review", {"risk_id": risk, "review_date": "2026-09-02", "likelihood": 3,
                             "impact": 4, "note": "No change"})
    measure = b.create("measure", {"code": "M1", "title": "EHC plans issued within 20 weeks (%)",
                                   "unit": "%", "target": 60, "target_date": "2027-03-31"}).id
    for period, value in [("2026-07-31", 20), ("2026-08-31", 25), ("2026-09-30", 41.5)]:
        b.create("measure_point", {"measure_id": measure, "period": period, "value": value})
    for period, value in [("2026-07-31", 20), ("2027-03-31", 60)]:
        b.create("trajectory_point", {"measure_id": measure, "period": period,
                                      "expected": value})
    b.create("impact_entry", {"entry_date": "2026-10-14", "title": "Parents report quicker "
                              "replies", "kind": "impact on lived experience",
                              "action_id": action})
    b._ids = {"action": action, "risk": risk, "measure": measure, "meeting": meeting,
              "area": area, "person": people["Sam Owner"], "organisation": council,
              "people": people}
    return b


@pytest.fixture
def board(tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_TODAY", TODAY)
    b = build_board(tmp_path / "board.sqlite")
    yield b
    b.close()


@pytest.fixture
def ctx(qtbot, board):
    return AppContext(board)


def make(qtbot, ctx, name, record_id=None):
    editor = EDITORS[name](ctx)
    qtbot.addWidget(editor)
    editor.resize(600, 900)
    editor.show()
    editor.show_record(record_id)
    return editor


def log_count(board) -> int:
    return len(board.change_log())


def type_into(field_widget, text: str) -> None:
    """Type as a person would and leave the field."""
    edit = field_widget.control
    if isinstance(edit, QPlainTextEdit):
        edit.setPlainText(text)
    else:
        edit.setText(text)
    field_widget.edited.emit()


# --------------------------------------------------------------------------- every editor

@pytest.mark.parametrize("name, field, expected", [
    ("action", "ref", "PA1.1"),
    ("risk", "ref", "R1"),
    ("measure", "code", "M1"),
    ("meeting", "venue", "One Angel Square"),
    ("person", "name", "Sam Owner"),
    ("organisation", "name", "Test Council"),
    ("area", "code", "a"),
])
def test_every_editor_opens_on_a_record_and_shows_its_values(qtbot, ctx, board, name, field,
                                                              expected):
    editor = make(qtbot, ctx, name, board._ids[name])
    assert editor.form.field_widget(field).value() == expected
    assert editor.record_id == board._ids[name]
    assert expected in editor.heading.text() or name in ("meeting", "organisation", "person")


def test_the_impact_editor_shows_its_entry(qtbot, ctx, board):
    entry = board.rows("impact_entry")[0]
    editor = make(qtbot, ctx, "impact_entry", entry["id"])
    assert editor.form.field_widget("title").value() == "Parents report quicker replies"
    assert editor.form.field_widget("action_id").value() == board._ids["action"]
    assert editor.form.field_widget("kind").value() == "impact on lived experience"


def test_editors_provide_the_interface_the_main_window_uses():
    for name in ("action", "risk", "impact_entry", "meeting", "measure", "person",
                 "organisation", "area"):
        cls = EDITORS[name]
        assert callable(cls.show_record) and callable(cls.set_read_only)
        assert hasattr(cls, "changed")


def test_people_are_offered_with_their_organisation(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    combo = editor.form.field_widget("owner_id").combo
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert "Sam Owner (Council)" in labels
    assert combo.currentText() == "Sam Owner (Council)"


# --------------------------------------------------------------------------- editing

def test_an_edit_lands_in_the_database_and_the_change_log(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    seen = []
    editor.changed.connect(seen.append)
    before = log_count(board)
    type_into(editor.form.field_widget("target"), "Strategy agreed by Cabinet in March")
    assert board.get("action", board._ids["action"])["target"] == \
        "Strategy agreed by Cabinet in March"
    log = board.change_log(limit=1)[0]
    assert (log["field"], log["old"], log["new"]) == (
        "target", "Strategy agreed by Cabinet", "Strategy agreed by Cabinet in March")
    assert log_count(board) == before + 1
    assert len(seen) == 1 and seen[0].entity == "action"


def test_a_date_typed_the_uk_way_is_stored_and_shown_the_uk_way(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    field = editor.form.field_widget("due_date")
    type_into(field, "30 April 2026")
    assert board.get("action", board._ids["action"])["due_date"] == "2026-04-30"
    assert field.value() == "30/04/2026"


def test_leaving_a_field_unchanged_writes_nothing(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    before = log_count(board)
    editor.form.field_widget("ref").edited.emit()
    editor.form.field_widget("description").edited.emit()
    assert log_count(board) == before


@pytest.mark.parametrize("field, typed, words", [
    ("due_date", "31/02/2025", "not a real date"),
    ("due_date", "TBC", "not a date"),
    ("title", "", "is required"),
    ("ref", "x" * 40_000, "is 40,000 characters; the limit is 40."),
    ("title", "x" * 40_000, "is 40,000 characters; the limit is 300."),
])
def test_a_bad_value_is_refused_next_to_the_field_and_the_typed_text_stays(
        qtbot, ctx, board, field, typed, words):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    before_row = board.get("action", board._ids["action"])
    before = log_count(board)
    widget = editor.form.field_widget(field)
    type_into(widget, typed)
    message = editor.form.error(field)
    assert words in message
    assert message.startswith(editor.form.entity.field(field).label)
    assert editor.form.rows[field].error.isVisibleTo(editor)
    assert log_count(board) == before
    assert board.get("action", board._ids["action"]) == before_row
    shown = widget.control.toPlainText() if isinstance(widget.control, QPlainTextEdit) \
        else widget.control.text()
    assert shown == typed


def test_the_message_clears_on_the_next_good_edit(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    widget = editor.form.field_widget("due_date")
    type_into(widget, "31/02/2025")
    assert editor.form.error("due_date")
    type_into(widget, "28/02/2025")
    assert editor.form.error("due_date") == ""
    assert not editor.form.rows["due_date"].error.isVisibleTo(editor)
    assert board.get("action", board._ids["action"])["due_date"] == "2025-02-28"


def test_undo_restores_the_old_value_and_the_form_shows_it(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    type_into(editor.form.field_widget("organisations"), "Council, ICB")
    status = editor.form.field_widget("status")
    status.combo.setCurrentIndex(status.combo.findData("deferred"))
    assert board.get("action", board._ids["action"])["status"] == "deferred"
    ctx.undo()
    assert board.get("action", board._ids["action"])["status"] == "in progress"
    assert status.value() == "in progress"
    ctx.undo()
    assert board.get("action", board._ids["action"])["organisations"] is None
    assert editor.form.field_widget("organisations").value() == ""
    ctx.redo()
    assert editor.form.field_widget("organisations").value() == "Council, ICB"


def test_long_text_emoji_rtl_and_vertical_tabs_survive_exactly(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    text = ("Paragraph from Word\x0bwith a soft break, an emoji 👨‍👩‍👧 and Arabic "
            "مرحبا بالعالم & <tags> \"quotes\"\u00a0nbsp ") * 400
    text = text[:20_000]
    assert len(text) == 20_000
    type_into(editor.form.field_widget("description"), text)
    assert board.get("action", board._ids["action"])["description"] == text
    editor.show_record(board._ids["action"])
    assert editor.form.field_widget("description").value() == text
    before = log_count(board)
    editor.form.field_widget("description").edited.emit()  # shown again, left untouched
    assert log_count(board) == before


def test_a_ref_picker_changes_the_owner(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    combo = editor.form.field_widget("owner_id").combo
    combo.setCurrentIndex(combo.findData(board._ids["people"]["Kim Health"]))
    assert board.get("action", board._ids["action"])["owner_id"] == \
        board._ids["people"]["Kim Health"]


def test_typing_part_of_a_name_picks_the_person(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    owner = editor.form.field_widget("owner_id")
    owner.combo.lineEdit().setText("kim")
    owner.combo.lineEdit().editingFinished.emit()
    assert board.get("action", board._ids["action"])["owner_id"] == \
        board._ids["people"]["Kim Health"]
    owner.combo.lineEdit().setText("nobody by that name")
    owner.combo.lineEdit().editingFinished.emit()
    assert owner.combo.currentText() == "Kim Health (ICB)"
    assert board.get("action", board._ids["action"])["owner_id"] == \
        board._ids["people"]["Kim Health"]


# --------------------------------------------------------------------------- adding

def test_a_blank_form_adds_a_record_and_goes_on_editing_it(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", None)
    assert editor.form.add_button.isVisible() or not editor.isVisible()
    assert editor.heading.text() == "New action"
    assert editor.form.labels["ref"].text().endswith("*")
    type_into(editor.form.field_widget("ref"), "PA9.9")
    assert board.find("action", ref="PA9.9") is None  # nothing saved before Add
    editor.form.add()
    assert "is required" in editor.form.error("title")
    assert board.find("action", ref="PA9.9") is None
    assert editor.form.field_widget("ref").value() == "PA9.9"
    type_into(editor.form.field_widget("title"), "A new action")
    change = editor.form.add()
    row = board.find("action", ref="PA9.9")
    assert row is not None and change.id == row["id"] and row["title"] == "A new action"
    assert row["start_date"] == TODAY  # the form's default
    assert editor.record_id == row["id"]
    assert "PA9.9" in editor.heading.text()
    type_into(editor.form.field_widget("baseline"), "None yet")
    assert board.get("action", row["id"])["baseline"] == "None yet"


def test_a_duplicate_reference_is_refused_on_add(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", None)
    type_into(editor.form.field_widget("ref"), "PA1.1")
    type_into(editor.form.field_widget("title"), "Duplicate")
    before = log_count(board)
    assert editor.form.add() is None
    assert "already used" in editor.form.error("ref")
    assert log_count(board) == before


def test_adding_a_person_with_a_bad_email(qtbot, ctx, board):
    editor = make(qtbot, ctx, "person", None)
    type_into(editor.form.field_widget("name"), "New Person 😀")
    type_into(editor.form.field_widget("email"), "not an email")
    assert editor.form.add() is None
    assert "not an email address" in editor.form.error("email")
    type_into(editor.form.field_widget("email"), "new.person@example.gov.uk")
    change = editor.form.add()
    assert board.get("person", change.id)["name"] == "New Person 😀"


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
    agenda.move(-1)
    assert [r["title"] for r in agenda.rows()][:2] == [titles[1], titles[0]]
    assert agenda.selected_id() == second
    assert agenda.table.item(0, 0).text() == "1" and agenda.table.item(0, 2).text() == titles[1]
    assert agenda.table.item(0, 1).text() == "10.00am"
    agenda.move(1)
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


# --------------------------------------------------------------------------- read-only

EDIT_TYPES = (QLineEdit, QPlainTextEdit, QComboBox, QSpinBox, QCheckBox, QAbstractButton)


def editable_controls(editor):
    """Every input a person could change something with."""
    out = []
    for w in editor.findChildren(QWidget):
        if not isinstance(w, EDIT_TYPES) or not w.isVisibleTo(editor):
            continue
        if w.parent() is not None and isinstance(w.parent(), (QComboBox, QSpinBox)):
            continue  # the combo's or spin box's own line edit
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            if not w.isReadOnly() and w.isEnabled():
                out.append(w)
        elif w.isEnabled():
            out.append(w)
    return out


@pytest.mark.parametrize("name", ["action", "risk", "measure", "meeting", "person",
                                  "impact_entry", "organisation", "area"])
def test_set_read_only_disables_every_input(qtbot, ctx, board, name, monkeypatch):
    record = board.rows("impact_entry")[0]["id"] if name == "impact_entry" else board._ids[name]
    editor = make(qtbot, ctx, name, record)
    editor.show()
    assert editable_controls(editor), "the editor should have inputs when writable"
    editor.set_read_only(True)
    assert editable_controls(editor) == []
    if name == "meeting":
        flags = editor.timetable.item(0, 3).flags()
        assert not flags & Qt.ItemFlag.ItemIsUserCheckable
    editor.set_read_only(False)
    assert editable_controls(editor)


def test_a_read_only_board_opens_read_only(qtbot, tmp_path, board):
    path = board.path
    board.close()
    ro = Board.open(path, readonly=True)
    try:
        ctx = AppContext(ro)
        editor = make(qtbot, ctx, "action", ro.find("action", ref="PA1.1")["id"])
        editor.show()
        assert editable_controls(editor) == []
    finally:
        ro.close()


def test_show_record_none_hides_the_sections_and_offers_add(qtbot, ctx, board):
    editor = make(qtbot, ctx, "meeting", None)
    editor.show()
    assert not editor.timetable_box.isVisible()
    assert editor.form.add_button.isVisible()
    type_into(editor.form.field_widget("meeting_date"), "20/01/2027")
    change = editor.form.add()
    assert change is not None
    assert editor.timetable_box.isVisible()
    assert editor.timetable.rowCount() == 6
    assert len(editor.agenda.rows()) == 10


def test_an_archived_record_says_so(qtbot, ctx, board):
    ctx.apply(lambda b: b.archive("risk", board._ids["risk"]))
    editor = make(qtbot, ctx, "risk", board._ids["risk"])
    editor.show()
    assert "archived" in editor.banner.text() and editor.banner.isVisible()


def test_a_hidden_editor_catches_up_when_shown(qtbot, ctx, board):
    editor = make(qtbot, ctx, "action", board._ids["action"])
    editor.hide()
    ctx.apply(lambda b: b.create("action_update", {
        "action_id": board._ids["action"], "update_date": TODAY, "rag": "green",
        "narrative": "Back on track"}))
    assert len(editor.updates.rows()) == 1  # not refreshed while hidden
    editor.show()
    assert len(editor.updates.rows()) == 2
    assert editor.form.field_widget("rag").value() == "green"


def test_a_meeting_editor_class_is_exported():
    assert EDITORS["meeting"] is MeetingEditor
    assert dt.date.fromisoformat(TODAY)


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

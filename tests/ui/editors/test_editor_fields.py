"""The record editors show a record, save edits field by field through ctx.apply
(database + change log + undo), refuse bad values next to the field, and add records
from a blank form."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QPlainTextEdit

from tests.ui.editors.world import TODAY, log_count, make, type_into
from ui.editors import EDITORS
from ui.editors.meeting import MeetingEditor

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


def test_a_meeting_editor_class_is_exported():
    assert EDITORS["meeting"] is MeetingEditor
    assert dt.date.fromisoformat(TODAY)


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

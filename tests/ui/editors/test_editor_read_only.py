"""What an editor shows when it cannot be changed: a read-only board or editor, no record,
an archived record, and catching up with changes made while it was hidden."""

from __future__ import annotations

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
from tests.ui.editors.world import TODAY, make, type_into
from ui.context import AppContext

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


@pytest.mark.parametrize("name", ["meeting", "action"])
def test_with_nothing_selected_a_read_only_editor_offers_no_blank_form(qtbot, tmp_path, board,
                                                                       name):
    """A chair reading a snapshot, nothing selected, must not meet a 'New meeting' form of
    defaults she cannot fill in: the editor asks her to select a record."""
    path = board.path
    board.close()
    ro = Board.open(path, readonly=True)
    try:
        editor = make(qtbot, AppContext(ro), name, None)
        editor.show()
        label = editor.entity.label.lower()
        assert editor.heading.text() == f"Select {'an' if label[0] in 'aeiou' else 'a'} " \
                                        f"{label} to see it here."
        assert not editor.form.isVisible()
        editor.show_record(ro.rows(name)[0]["id"])
        assert editor.form.isVisible() and not editor.heading.text().startswith("Select")
    finally:
        ro.close()


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

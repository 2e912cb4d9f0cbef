"""Nothing typed is lost without a word: an unmatched picker entry says so, leaving a record
with a refused value asks (fix / discard), and the editor shows the selected row or none."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui.dialogs.errors import UnsavedDialog


@pytest.fixture
def window(small_window):
    return small_window


@pytest.fixture
def actions(window):
    tab = window.register_tabs["actions"]
    window.tabs.setCurrentWidget(tab)
    tab.view.selectRow(0)
    return tab


def _type(qtbot, line_edit, text):
    line_edit.setFocus()
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)


def test_a_typed_owner_that_matches_no_one_is_said_next_to_the_field(qtbot, window, actions):
    editor = actions.editor
    before = editor.record()["owner_id"]
    owner = editor.form.field_widget("owner_id")
    _type(qtbot, owner.combo.lineEdit(), "Nobody Atall")
    message = editor.form.error("owner_id")
    assert message.startswith("No person matches 'Nobody Atall'.")
    assert "Accountable owner is still" in message
    assert editor.record()["owner_id"] == before  # nothing written, nothing cleared
    assert editor.form.rows["owner_id"].error.isVisibleTo(editor)


def test_leaving_a_record_with_a_refused_date_asks_fix_or_discard(qtbot, window, actions,
                                                                   monkeypatch):
    editor = actions.editor
    first = editor.record_id
    due = editor.form.field_widget("due_date")
    _type(qtbot, due.edit, "31/02/2026")
    assert editor.form.error("due_date")
    asked = []
    monkeypatch.setattr(UnsavedDialog, "fix_or_discard",
                        classmethod(lambda cls, parent, problems: asked.append(problems) or True))
    actions.view.selectRow(1)
    qtbot.waitUntil(lambda: actions.selected_id() == first)
    assert editor.record_id == first and due.edit.text() == "31/02/2026"  # kept to fix
    assert "Original due date" in asked[0][0]
    monkeypatch.setattr(UnsavedDialog, "fix_or_discard",
                        classmethod(lambda cls, parent, problems: asked.append(problems) or False))
    actions.view.selectRow(1)
    assert len(asked) == 2
    assert editor.record_id == actions.selected_id() != first  # discarded: the next one shown
    assert window.ctx.board.get("action", first)["due_date"] != "2026-02-31"


def test_after_undo_of_an_added_record_the_editor_shows_none(qtbot, window, actions):
    editor = actions.editor
    actions.add_record()
    editor.form.field_widget("ref").edit.setText("PA9.9")
    editor.form.field_widget("title").edit.setPlainText("A new action")
    assert editor.form.add() is not None
    added = editor.record_id
    assert added is not None
    window.ctx.undo()
    assert editor.record_id is None  # not the record that is gone
    assert actions.model.row_of(added) is None


def test_a_search_that_hides_the_selected_row_leaves_the_editor_empty(qtbot, window, actions):
    editor = actions.editor
    assert editor.record_id is not None
    actions.search.setText("no action says this")
    assert actions.selected_id() is None and editor.record_id is None
    actions.search.clear()
    actions.view.selectRow(0)
    assert editor.record_id == actions.selected_id() is not None

"""Ctrl+Z undoes the board's last change wherever the focus is, unless the field under the
focus has typing of its own to undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit


@pytest.fixture
def window(small_window):
    return small_window


def _changed_title(window):
    action = window.ctx.board.find("action", ref="PA1.2")
    window.ctx.apply(lambda b: b.update("action", action["id"], {"title": "Changed title"}))
    return action


@pytest.mark.parametrize("kind", [QLineEdit, QPlainTextEdit])
def test_ctrl_z_in_an_empty_field_undoes_the_boards_last_change(qtbot, window, kind):
    tab = window.register_tabs["actions"]
    window.tabs.setCurrentWidget(tab)
    assert tab.editor is not None  # made after the rows are painted, or now when asked for
    action = _changed_title(window)
    field = next(f for f in tab.findChildren(kind)
                 if f.isVisible() and f.isEnabled() and not f.isReadOnly()
                 and not (f.text() if kind is QLineEdit else f.toPlainText()))
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.board.get("action", action["id"])["title"] == action["title"]
    qtbot.keyClick(field, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.board.get("action", action["id"])["title"] == "Changed title"


def test_ctrl_z_in_a_field_with_typing_undoes_the_typing_first(qtbot, window):
    tab = window.register_tabs["actions"]
    window.tabs.setCurrentWidget(tab)
    action = _changed_title(window)
    field = next(f for f in tab.findChildren(QLineEdit)
                 if f.isVisible() and f.isEnabled() and not f.isReadOnly() and not f.text())
    field.setFocus()
    qtbot.keyClicks(field, "abc")
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == ""  # the field's own typing went first
    assert window.ctx.board.get("action", action["id"])["title"] == "Changed title"
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.board.get("action", action["id"])["title"] == action["title"]

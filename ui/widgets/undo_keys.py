"""Ctrl+Z undoes the board's last change wherever the focus is.

A text field takes Ctrl+Z (and Ctrl+Y, Ctrl+Shift+Z) for its own undo even when
it has nothing of its own to undo, so the board's Undo did nothing while the
focus was in an empty field. An application-wide filter (`install_undo_keys`)
lets the key through to the window's Undo/Redo when the field under the focus
(a line edit, a text box, a spin or date box, an editable combo box) has
nothing of its own to undo or redo; a field with typing of its own still
undoes that first, as people expect.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

from ui.widgets.app_events import listen

_OVERRIDE = QEvent.Type.ShortcutOverride
_UNDO = QKeySequence.StandardKey.Undo
_REDO = QKeySequence.StandardKey.Redo
_REDO_KEYS = ("Ctrl+Y", "Ctrl+Shift+Z")


def _which(event: QKeyEvent) -> str | None:
    """Return 'undo' or 'redo' for the keys that ask for it, else None."""
    if event.matches(_UNDO):
        return "undo"
    pressed = QKeySequence(event.keyCombination()).toString(QKeySequence.SequenceFormat.PortableText)
    if event.matches(_REDO) or pressed in _REDO_KEYS:
        return "redo"
    return None


def own_history(widget: QObject, which: str) -> bool | None:
    """Return whether text field `widget` has its own typing to undo (or redo);
    None when it is not a text field."""
    if isinstance(widget, QAbstractSpinBox):
        widget = widget.findChild(QLineEdit) or widget
    elif isinstance(widget, QComboBox):
        line = widget.lineEdit()
        if line is None:
            return None
        widget = line
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return False
        return widget.isUndoAvailable() if which == "undo" else widget.isRedoAvailable()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        if widget.isReadOnly():
            return False
        doc = widget.document()
        return doc.isUndoAvailable() if which == "undo" else doc.isRedoAvailable()
    return None


def _shortcut_override(watched: QObject, event: QEvent) -> bool:
    if isinstance(event, QKeyEvent):
        which = _which(event)
        if which and own_history(watched, which) is False:
            event.ignore()  # not the field's: the window's Undo/Redo shortcut takes it
            return True
    return False


def install_undo_keys() -> None:
    """Listen in the running QApplication (once; later calls do nothing)."""
    listen(_OVERRIDE, _shortcut_override)

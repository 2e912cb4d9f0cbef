"""The real window on the demo board: the wheel edits nothing unfocused, editors fit a
laptop screen, nothing typed is lost without a word, screen readers hear what is shown."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

from ui import main_window as mw
from ui.widgets.wheel import is_value_field

TODAY = dt.date(2026, 11, 22)
REGISTERS = ("actions", "risks", "impact", "meetings", "measures", "people")


@pytest.fixture
def window(qtbot, demo_copy):
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.open_path(demo_copy)
    w.resize(1000, 340)  # every editor is taller than this: the wheel has somewhere to go
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def _first_record(window, name):
    tab = window.register_tabs[name]
    window.tabs.setCurrentWidget(tab)
    tab.view.selectRow(0)
    assert tab.editor is not None and tab.editor.record_id is not None
    return tab


def _value(field: QWidget):
    if isinstance(field, QComboBox):
        return field.currentIndex(), field.currentText()
    if isinstance(field, QAbstractSpinBox):
        return field.text()
    return field.value()  # a slider


def wheel(widget: QWidget, down: bool = True) -> None:
    """Send one notch of the wheel to the middle of `widget`, as the mouse would."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(),
                        QPoint(0, -120 if down else 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def value_fields(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if is_value_field(w) and w.isVisibleTo(root)]


# ------------------------------------------------------------------ the wheel
def assert_wheel_scrolls_and_changes_nothing(editor, board, last_change) -> None:
    """Wheel over every unfocused value field of `editor`: it scrolls, nothing changes."""
    fields = value_fields(editor)
    assert len(fields) >= 1, "every editor has drop-downs or number boxes"
    log_before = len(board.change_log())
    before = [_value(f) for f in fields]
    bar = editor.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0, "the editor is taller than the window, so it can scroll"
    for field in fields:
        assert not field.hasFocus()
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel gives no focus
        bar.setValue(0)
        wheel(field)
        assert bar.value() > 0, f"{field.accessibleName()}: the editor did not scroll"
        wheel(field, down=False)
        assert bar.value() == 0
    QApplication.processEvents()
    assert [_value(f) for f in fields] == before
    assert len(board.change_log()) == log_before
    assert last_change() is None


@pytest.mark.parametrize("name", REGISTERS)
def test_the_wheel_over_an_unfocused_field_scrolls_the_editor_and_changes_nothing(
        window, qtbot, name):
    tab = _first_record(window, name)
    tab.view.setFocus()  # the person clicked the table, not a field
    assert_wheel_scrolls_and_changes_nothing(tab.editor, window.ctx.board,
                                             lambda: window.ctx.last_change)


def test_the_wheel_changes_nothing_in_any_editor_of_any_kind(qtbot, demo_copy):
    """Every editor there is (areas, organisations and any added later too)."""
    from sendsec.services.board import Board
    from ui.context import AppContext
    from ui.editors import EDITORS

    board = Board.open(demo_copy)
    ctx = AppContext(board)
    try:
        for entity_name, cls in EDITORS.items():
            editor = cls(ctx)
            qtbot.addWidget(editor)
            editor.show_record(board.rows(entity_name)[0]["id"])
            editor.resize(700, 150)
            editor.show()
            qtbot.waitExposed(editor)
            assert_wheel_scrolls_and_changes_nothing(editor, board, lambda: ctx.last_change)
            editor.close()
    finally:
        board.close()


def test_the_wheel_still_changes_the_field_the_person_is_in(window, qtbot):
    tab = _first_record(window, "risks")
    spin = tab.editor.form.field_widget("current_likelihood").spin
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    before = spin.value()
    wheel(spin, down=False)
    assert spin.value() == before + 1


@pytest.fixture
def no_guards(qapp):
    """The application as before the main window's first paint: no guards, whatever the tests
    before installed; they are on again after."""
    from ui.widgets.app_events import stop_listening
    from ui.widgets.guards import install_guards

    stop_listening()
    yield
    install_guards()


def test_the_wheel_over_take_the_meeting_changes_no_attendance(qtbot, demo_copy, no_guards):
    """Opened with the main window's own context (which leaves the guards to the window's
    first paint): the dialog guards its fields itself."""
    from sendsec.services.board import Board
    from ui.context import AppContext
    from ui.dialogs.take_meeting import TakeMeetingDialog

    board = Board.open(demo_copy)
    ctx = AppContext(board, guards=False)
    meeting = board.rows("meeting")[-1]["id"]
    dialog = TakeMeetingDialog(ctx, meeting)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    attendance = [dialog.attendance.cellWidget(row, 2)
                  for row in range(dialog.attendance.rowCount())]
    assert len(attendance) >= 5 and all(isinstance(c, QComboBox) for c in attendance)
    invitees_before = board.rows("invitee", parent_id=meeting)
    log_before = len(board.change_log())
    fields = value_fields(dialog)
    assert set(attendance) <= set(fields)
    before = [_value(f) for f in fields]
    dialog.setFocus()
    for field in fields:
        assert not field.hasFocus()
        wheel(field)
        wheel(field)
    QApplication.processEvents()
    assert [_value(f) for f in fields] == before
    assert board.rows("invitee", parent_id=meeting) == invitees_before
    assert len(board.change_log()) == log_before
    dialog.close()
    board.close()


def test_the_wheel_over_a_chair_comment_keeps_its_kind(qtbot, no_guards):
    from ui.dialogs.chair_comments import CommentDialog

    dialog = CommentDialog(None, "Action PA1.1: Do the thing")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.text.setFocus()  # the chair is writing; the pointer rests on the kind
    qtbot.waitUntil(dialog.text.hasFocus)
    before = dialog.kind.currentData()
    wheel(dialog.kind)
    wheel(dialog.kind)
    assert dialog.kind.currentData() == before
    dialog.close()


def test_the_wheel_over_board_settings_changes_no_setting(window, qtbot):
    from ui.dialogs.board_settings import BoardSettingsDialog

    board = window.ctx.board
    dialog = BoardSettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.resize(700, 300)  # shorter than its fields: the wheel has somewhere to go
    dialog.show()
    qtbot.waitExposed(dialog)
    log_before = len(board.change_log())
    settings_before = dict(board.settings())
    fields = value_fields(dialog)
    assert len(fields) >= 8  # chair, secretary, quorum, timetable offsets, risk bands
    before = [_value(f) for f in fields]
    dialog.setFocus()
    for field in fields:
        assert not field.hasFocus()
        wheel(field)
        wheel(field, down=False)
    QApplication.processEvents()
    assert [_value(f) for f in fields] == before
    assert dialog.save()  # saving what is shown writes nothing new
    QApplication.processEvents()
    assert dict(board.settings()) == settings_before
    assert len(board.change_log()) == log_before
    dialog.close()

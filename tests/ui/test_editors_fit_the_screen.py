"""On a council laptop (1366x768, or 1280x720) every editor fits the width it has:
no button or label cut off on the right, nothing scrolls sideways, and the first
window is no larger than the screen it opens on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from ui import main_window as mw
from ui.settings import AppSettings

SCREENS = [(1366, 768), (1280, 720)]


def open_window(qtbot, path, settings_path, size=None):
    w = mw.MainWindow(settings=AppSettings(settings_path))
    qtbot.addWidget(w)
    w.open_path(path)
    w.show()
    qtbot.waitExposed(w)
    if size is not None:  # the whole screen, as a maximised window
        w.resize(*size)
        QApplication.processEvents()
        assert (w.width(), w.height()) == size
    return w


def shown(widget: QWidget, root: QWidget) -> bool:
    """True if `widget` and every parent up to `root` are shown."""
    return widget.isVisibleTo(root) and widget.width() > 0


def cut_off(widget: QWidget) -> str:
    """Return why `widget` shows less than its text needs ('' if it shows it all)."""
    width = widget.width()
    if isinstance(widget, QLabel) and widget.wordWrap():
        if widget.minimumSizeHint().width() > width:
            return f"its longest word needs {widget.minimumSizeHint().width()}px, has {width}"
        if widget.text() and widget.heightForWidth(width) > widget.height() + 1:
            return f"needs {widget.heightForWidth(width)}px of height, has {widget.height()}"
        return ""
    if widget.sizeHint().width() > width:
        return f"needs {widget.sizeHint().width()}px, has {width}"
    return ""


def assert_editor_fits(tab) -> None:
    editor = tab.editor
    viewport = editor.scroll_area.viewport()
    assert editor.scroll_area.horizontalScrollBar().maximum() == 0, "the editor scrolls sideways"
    assert tab.editor_area.horizontalScrollBar().maximum() == 0, "the panel scrolls sideways"
    assert editor.body.width() <= viewport.width()
    problems = []
    checked = 0
    for widget in editor.body.findChildren(QWidget):
        if not shown(widget, editor.body) or widget.window() is not editor.window():
            continue
        right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
        what = f"{type(widget).__name__} {widget.accessibleName() or getattr(widget, 'text', str)()!r}"
        if right > viewport.width():
            problems.append(f"{what} ends at {right}px, past the editor's {viewport.width()}px")
        if isinstance(widget, (QAbstractButton, QLabel)):
            checked += 1
            why = cut_off(widget)
            if why:
                problems.append(f"{what} is cut: {why}")
    assert checked >= 3
    assert not problems, f"{tab.spec.title} editor:\n" + "\n".join(problems)


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_editor_fits_a_laptop_screen_without_sideways_scrolling(
        qtbot, demo_copy, tmp_path, size, monkeypatch):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, *size))
    window = open_window(qtbot, demo_copy, tmp_path / "app.ini", size)
    tabs = list(window.register_tabs.values())  # every tab with a table
    assert len(tabs) >= 8
    for tab in tabs:
        window.tabs.setCurrentWidget(tab)
        tab.view.selectRow(0)
        QApplication.processEvents()
        assert tab.editor is not None and tab.editor.record_id is not None, tab.spec.title
        assert_editor_fits(tab)
    # a long band badge that wraps keeps its whole text for a tooltip and a screen reader
    risk = window.register_tabs["risks"].editor
    for badge in risk.badges.values():
        assert badge.toolTip() == badge.accessibleName() == badge.text()
    window.close()


def test_tabbing_through_an_editor_never_scrolls_it_sideways(qtbot, demo_copy, tmp_path,
                                                            monkeypatch):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1366, 768))
    window = open_window(qtbot, demo_copy, tmp_path / "app.ini", (1366, 768))
    tab = window.register_tabs["risks"]
    window.tabs.setCurrentWidget(tab)
    tab.view.selectRow(0)
    editor = tab.editor
    window.activateWindow()
    qtbot.waitActive(window)
    editor.focus_first_field()
    reached = set()
    for _ in range(40):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        reached.add(window.focusWidget())
        assert editor.scroll_area.horizontalScrollBar().value() == 0
        assert tab.editor_area.horizontalScrollBar().value() == 0
    assert editor.form.field_widget("current_impact").spin in reached
    window.close()


@pytest.fixture
def small_screen(monkeypatch):
    """The screen offers 1280x680 (a 1280x720 laptop with its taskbar)."""
    free = QRect(0, 0, 1280, 680)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(free))
    return free


def test_the_first_window_fits_the_screen_it_opens_on(qtbot, demo_copy, tmp_path, small_screen):
    window = open_window(qtbot, demo_copy, tmp_path / "app.ini")
    assert small_screen.contains(window.frameGeometry())
    assert window.width() >= 1200 and window.height() >= 600  # not a small fixed size
    window.close()


def test_a_window_last_closed_on_a_larger_screen_fits_the_smaller_one(
        qtbot, demo_copy, tmp_path, small_screen):
    settings = AppSettings(tmp_path / "app.ini")
    big = mw.MainWindow(settings=settings)
    qtbot.addWidget(big)
    big.setGeometry(100, 80, 1900, 1150)  # as it was on a desktop monitor
    big.save_layout()
    big.close()
    window = open_window(qtbot, demo_copy, tmp_path / "app.ini")
    assert small_screen.contains(window.frameGeometry())
    window.close()


def test_dialogs_sized_for_a_desktop_open_within_a_laptop_screen(
        qtbot, demo_copy, tmp_path, small_screen):
    from ui.dialogs.take_meeting import TakeMeetingDialog

    window = open_window(qtbot, demo_copy, tmp_path / "app.ini")
    settings = window.open_board_settings()
    qtbot.waitExposed(settings)
    assert small_screen.contains(settings.frameGeometry())
    settings.close()
    meeting = window.ctx.board.rows("meeting")[-1]["id"]
    take = TakeMeetingDialog(window.ctx, meeting, window)
    qtbot.addWidget(take)
    take.show()
    qtbot.waitExposed(take)
    assert small_screen.contains(take.frameGeometry())
    assert take.height() >= take.minimumSizeHint().height()
    take.close()
    window.close()

"""A secretary's walk through a meeting cycle in the real window (real editors, no fakes).

Each test here pins a defect found by driving the app as a person would:
undo/redo wording, keyboard focus, accessible names of every tab stop.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from ui import main_window as mw


@pytest.fixture
def window(qtbot, small_board):
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.open_path(small_board)
    w.show()
    yield w
    w.close()


def _tab(window, name):
    tab = window.register_tabs[name]
    window.tabs.setCurrentWidget(tab)
    return tab


@pytest.mark.parametrize("name", ["actions", "risks", "impact", "meetings", "measures", "people"])
def test_closing_the_board_with_an_editor_built_raises_nothing(window, name):
    # Restore a backup closes the board before putting the copy in its place;
    # File > Quit closes it too. An editor's blank form must not read a board
    # that is no longer there (the error hook fails the test if anything raises).
    tab = _tab(window, name)
    tab.view.selectRow(0)
    QApplication.processEvents()
    window.close_board()
    QApplication.processEvents()
    assert window.ctx.board is None and tab.editor.record_id is None

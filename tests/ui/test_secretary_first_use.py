"""What a new secretary meets on first use of a fresh board: each register's blank form,
filled in and added without first pressing the toolbar's Add button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from sendsec.services.board import Board
from ui import main_window as mw


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_TODAY", "2026-11-02")
    path = tmp_path / "Wolverhampton SEND Improvement Board.sqlite"
    Board.create_new(path, "Wolverhampton SEND Improvement Board").close()
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.open_path(path)
    yield w
    w.close()


def test_a_record_added_from_the_blank_form_a_tab_opens_with_is_selected(qtbot, window):
    """The empty Areas tab opens on a blank 'New area' form; adding from it selects the new
    row, as the toolbar's Add does, so Archive works and the table shows what is edited."""
    tab = window.go_to_tab("area")
    qtbot.waitUntil(lambda: tab.editor is not None)
    form = tab.editor.form
    assert form.record_id is None  # the blank form, no Add pressed
    for name, text in (("code", "AfPA1"), ("title", "Leaders' shared understanding")):
        control = form.field_widget(name).control
        control.setFocus()
        qtbot.keyClicks(control, text)
    qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)

    assert form.record_id is not None
    assert tab.selected_id() == form.record_id
    assert tab.archive_button.isEnabled()

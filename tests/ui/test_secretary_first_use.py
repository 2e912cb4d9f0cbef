"""What a new secretary meets on first use of a fresh board: each register's blank form,
filled in and added without first pressing the toolbar's Add button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from sendsec.services.board import Board
from ui import main_window as mw
from ui.dialogs.errors import UnsavedDialog


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


def _start_a_second_area(qtbot, window):
    """Add area AfPA1, then press Add and type a second area without adding it; return the
    tab."""
    tab = window.go_to_tab("area")
    qtbot.waitUntil(lambda: tab.editor is not None)
    form = tab.editor.form
    for code in ("AfPA1", "AfI1"):
        tab.add_record()
        for name, text in (("code", code), ("title", f"Area {code}")):
            control = form.field_widget(name).control
            control.setFocus()
            qtbot.keyClicks(control, text)
        if code == "AfPA1":
            qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
    return tab


def _click_first_row(qtbot, tab):
    rect = tab.view.visualRect(tab.view.model().index(0, 0))
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_clicking_a_row_while_a_new_record_is_typed_but_not_added_asks_first(
        qtbot, window, monkeypatch):
    asked = []
    monkeypatch.setattr(UnsavedDialog, "add_or_discard", classmethod(
        lambda cls, parent, noun: asked.append(noun) or True))  # go back to it
    tab = _start_a_second_area(qtbot, window)
    _click_first_row(qtbot, tab)
    qtbot.wait(10)

    assert asked == ["area"]
    form = tab.editor.form
    assert form.record_id is None and tab.selected_id() is None
    assert form.field_widget("code").value() == "AfI1"  # what was typed is still there
    assert not tab.archive_button.isEnabled()


def test_discarding_the_new_record_shows_the_row_clicked(qtbot, window, monkeypatch):
    monkeypatch.setattr(UnsavedDialog, "add_or_discard", classmethod(
        lambda cls, parent, noun: False))
    tab = _start_a_second_area(qtbot, window)
    _click_first_row(qtbot, tab)

    assert tab.editor.form.field_widget("code").value() == "AfPA1"
    assert tab.selected_id() == tab.editor.form.record_id is not None


def test_a_blank_new_form_is_left_without_a_question(qtbot, window, monkeypatch):
    monkeypatch.setattr(UnsavedDialog, "add_or_discard", classmethod(
        lambda cls, parent, noun: pytest.fail("asked about an untouched form")))
    tab = _start_a_second_area(qtbot, window)
    tab.add_record()  # a fresh blank form
    _click_first_row(qtbot, tab)
    assert tab.selected_id() is not None


def test_the_hint_in_an_empty_time_field_is_not_cut_off(qtbot, window):
    """'Meeting closed at' is empty on every planned meeting: its hint 'e.g. 10:00 or
    2.30pm' must be read whole at 1366x768, not 'e.g. 10:00 or 2.3...'."""
    tab = window.go_to_tab("meeting")
    qtbot.waitUntil(lambda: tab.editor is not None)
    edit = tab.editor.form.field_widget("closed_at").control
    qtbot.waitUntil(edit.isVisible)
    room = edit.contentsRect().width() - edit.textMargins().left() - edit.textMargins().right()
    room -= 2 * 2  # the horizontal margin QLineEdit keeps inside its frame
    assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= room


def test_a_long_area_picked_by_typing_shows_its_code_once_left(qtbot, window):
    """Typing 'AfPA', taking the match from the list and pressing Tab left the picker scrolled to the end
    of 'AfPA1: Leaders do not ... SEND', its code out of sight."""
    window.ctx.apply(lambda b: b.create("area", {
        "code": "AfPA1", "kind": "area for priority action", "title": (
            "Leaders do not have a shared, accurate understanding of the needs of children "
            "and young people with SEND")}))
    tab = window.go_to_tab("action")
    qtbot.waitUntil(lambda: tab.editor is not None)
    picker = tab.editor.form.field_widget("area_id")
    line = picker.combo.lineEdit()
    line.setFocus()
    qtbot.keyClicks(line, "AfPA")
    popup = picker.combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # the match taken from the list
    qtbot.keyClick(line, Qt.Key.Key_Tab)

    assert picker.combo.currentText().startswith("AfPA1: Leaders")
    assert line.cursorPosition() == 0


def test_invitees_board_roles_read_as_on_the_people_tab(qtbot, window):
    """The invitees of a meeting read 'Independent chair', 'Member', as the People tab and
    its Board role list do, not 'independent chair', 'member' beside 'DfE adviser'."""
    def build(b):
        b.create("person", {"name": "Margaret Oyelaran", "role": "independent chair"})
        b.create("person", {"name": "Alan Price", "role": "member"})
        b.create("person", {"name": "Dan Whitfield", "role": "DfE adviser"})
        return b.create("meeting", {"meeting_date": "2027-01-14", "venue": "Civic Centre"})
    meeting_id = window.ctx.apply(build).id
    tab = window.go_to_tab("meeting")
    tab.select_record(meeting_id)
    table = tab.editor.invitees.table
    roles = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}

    assert roles == {"Margaret Oyelaran": "Independent chair", "Alan Price": "Member",
                     "Dan Whitfield": "DfE adviser (statutory)"}


def test_the_overview_names_each_check_in_words(qtbot, window):
    """The Check column read 'risk-review', 'board-target-date': the rule's id, not words."""
    window.ctx.apply(lambda b: b.create("risk", {"ref": "R1", "title": "EP capacity",
                                                 "current_likelihood": 3,
                                                 "current_impact": 3}))
    window.ctx.apply(lambda b: b.create("meeting", {"meeting_date": "2026-12-10"}))
    window.tabs.setCurrentWidget(window.overview)
    view = window.overview.findings_view
    qtbot.waitUntil(lambda: view.model().rowCount() > 1)
    checks = {view.model().index(r, 1).data() for r in range(view.model().rowCount())}

    assert "Risk review" in checks
    assert all(c[:1].isupper() and "-" not in c for c in checks), checks


def test_adding_from_the_keyboard_leaves_the_focus_in_the_new_record(qtbot, window):
    """Space on 'Add area' hid the button under the focus, which fell to the row of tabs:
    someone working by keyboard lost their place after every record added."""
    tab = window.go_to_tab("area")
    qtbot.waitUntil(lambda: tab.editor is not None)
    form = tab.editor.form
    for name, text in (("code", "AfPA1"), ("title", "Leaders' shared understanding")):
        control = form.field_widget(name).control
        control.setFocus()
        qtbot.keyClicks(control, text)
    form.add_button.setFocus()
    qtbot.keyClick(form.add_button, Qt.Key.Key_Space)

    assert form.record_id is not None
    assert QApplication.focusWidget() is form.field_widget("code").control


def _papers_options(qtbot, folder):
    from ui.dialogs.papers_dialog import PapersOptions

    dialog = PapersOptions(None, "Meeting 1, 14 January 2027", folder, False)
    qtbot.addWidget(dialog)
    dialog.show()
    return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]


def test_writing_the_papers_again_says_it_replaces_those_in_the_folder(qtbot, tmp_path):
    """Generate papers a second time silently wrote over the agenda and letters already in
    the folder, with any change the secretary had made to them in Word."""
    (tmp_path / "2027-01-14 Board - Agenda.docx").write_bytes(b"edited in Word")
    (tmp_path / "2027-01-14 Board - Invitation - Dan Whitfield.docx").write_bytes(b"")
    said = " ".join(_papers_options(qtbot, tmp_path))
    assert "2 Word files" in said and "replaced" in said

    empty = tmp_path / "new"
    empty.mkdir()
    assert not any("replaced" in text for text in _papers_options(qtbot, empty))

"""A secretary's walk through a meeting cycle in the real window (real editors, no fakes).

Each test here pins a defect found by driving the app as a person would:
undo/redo wording, keyboard focus, accessible names of every tab stop.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QScrollBar, QWidget


def _tab(window, name):
    tab = window.register_tabs[name]
    window.tabs.setCurrentWidget(tab)
    return tab


def test_undo_after_redo_names_the_change_once(window):
    tab = _tab(window, "actions")
    tab.view.selectRow(0)
    editor = tab.editor
    form = editor.updates.form
    form.field_widget("rag").set_value("red")
    form.field_widget("narrative").set_value("Partners left the pilot")
    added = form.add()
    assert added is not None
    assert window.undo_action.text() == f"&Undo {added.summary}"
    window.undo_action.trigger()
    assert window.redo_action.text() == f"&Redo {added.summary}"
    window.redo_action.trigger()
    # the Edit menu and the status bar speak of the change itself, not 'Undone: Undone: ...'
    assert window.undo_action.text() == f"&Undo {added.summary}"
    assert "Undone: Undone" not in window.statusBar().currentMessage()
    window.undo_action.trigger()
    assert window.redo_action.text() == f"&Redo {added.summary}"


def test_ctrl_n_puts_the_cursor_in_the_first_field_of_the_new_record(window, qtbot):
    for name in ("actions", "risks", "impact", "meetings", "measures", "people"):
        tab = _tab(window, name)
        tab.view.selectRow(0)
        window.new_record_action.trigger()
        QApplication.processEvents()
        focused = QApplication.focusWidget()
        first = next(iter(tab.editor.form.rows.values())).widget
        assert focused is not None and focused in first.controls(), \
            f"{name}: Ctrl+N left the focus on {type(focused).__name__} " \
            f"'{focused.accessibleName() if focused else ''}'"


def _unnamed_tab_stops(root: QWidget) -> list[str]:
    found = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if isinstance(w, QScrollBar) or isinstance(w.parent(), QAbstractSpinBox | QComboBox):
            continue  # parts of a named composite control
        if not w.accessibleName():
            found.append(f"{type(w).__name__} in {type(w.parent()).__name__}")
    return found


def test_every_tab_stop_of_every_tab_with_its_editor_has_an_accessible_name(window):
    assert _unnamed_tab_stops(window) == [], "overview"
    for name in window.register_tabs:
        tab = _tab(window, name)
        tab.view.selectRow(0)
        QApplication.processEvents()
        assert _unnamed_tab_stops(window) == [], name


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


def test_a_blank_measure_form_leaves_no_stray_chart_window(window):
    tab = _tab(window, "measures")
    tab.view.selectRow(0)  # and straight away Ctrl+N, before the chart was painted
    assert tab.editor.chart.canvas is not None
    window.new_record_action.trigger()
    QApplication.processEvents()
    shown = [type(w).__name__ for w in QApplication.topLevelWidgets()
             if w.isVisible() and w is not window]
    assert shown == []
    assert tab.editor.chart.canvas is None


def test_recording_attendance_by_keyboard_keeps_the_focus_on_that_person(window, qtbot):
    from PySide6.QtTest import QTest

    from sendsec.services import registers
    from ui.dialogs.take_meeting import TakeMeetingDialog

    meeting = registers.cycle(window.ctx.board, window.ctx.today()).next_meeting
    d = TakeMeetingDialog(window.ctx, meeting["id"], window)
    qtbot.addWidget(d)
    d.show()
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    first = d.attendance.cellWidget(0, 2)
    name = first.accessibleName()
    first.setFocus()
    QTest.keyClick(first, Qt.Key.Key_Down)  # Not recorded -> Present, saved at once
    qtbot.waitUntil(lambda: not d._refresh_pending)
    qtbot.wait(50)  # the table's old boxes are deleted
    focused = QApplication.focusWidget()
    assert focused is not None and focused.accessibleName() == name
    QTest.keyClick(focused, Qt.Key.Key_Down)  # and on to Apologies
    qtbot.waitUntil(lambda: not d._refresh_pending)
    qtbot.wait(50)
    invitee = window.ctx.board.rows("invitee", parent_id=meeting["id"])[0]
    assert invitee["attendance"] == "apologies"
    assert QApplication.focusWidget().accessibleName() == name
    d.done(0)


def test_the_take_the_meeting_window_has_no_unnamed_tab_stops(window, qtbot):
    from sendsec.services import registers
    from ui.dialogs.take_meeting import TakeMeetingDialog

    meeting = registers.cycle(window.ctx.board, window.ctx.today()).next_meeting
    d = TakeMeetingDialog(window.ctx, meeting["id"], window)
    qtbot.addWidget(d)
    d.show()
    for i in range(d.tabs.count()):
        d.tabs.setCurrentIndex(i)
        unnamed = [w for w in _unnamed_tab_stops(d)
                   if not w.startswith("QPushButton")]  # a button is named by its text
        assert unnamed == [], d.tabs.tabText(i)
    d.done(0)


def test_adding_again_after_a_refusal_says_only_what_is_still_wrong(window):
    tab = _tab(window, "measures")
    tab.view.selectRow(0)
    form = tab.editor.points.form
    form.field_widget("period").control.setText("31/02/2026")
    form.field_widget("value").control.setText("abc")
    before = len(window.ctx.board.rows("measure_point"))
    assert form.add() is None
    assert set(form.errors()) == {"period", "value"}
    # the value is put right; the period is one already recorded for this measure
    form.field_widget("period").control.setText("31/10/2026")
    form.field_widget("value").control.setText("56")
    assert form.add() is None
    assert form.errors() == {"period": "Period: 31 October 2026 is already used by another "
                                       "data point of this measure"}
    assert len(window.ctx.board.rows("measure_point")) == before


def test_papers_progress_is_shown_from_the_gui_thread(window, monkeypatch, tmp_path):
    # the progress dialog is a widget: touching it from the worker thread can crash the app
    import threading

    from PySide6.QtWidgets import QProgressDialog

    from ui.dialogs.papers_dialog import PapersDialog, PapersQuestions

    monkeypatch.setattr(PapersQuestions, "choose_options", classmethod(
        lambda cls, parent, meeting, suggested, pdf, review=False: (tmp_path, False)))
    monkeypatch.setattr(PapersQuestions, "show_result",
                        classmethod(lambda cls, parent, paths, warnings, folder: False))
    threads: list[str] = []
    original = QProgressDialog.setLabelText

    def record(self, text):
        threads.append(threading.current_thread().name)
        original(self, text)

    monkeypatch.setattr(QProgressDialog, "setLabelText", record)
    paths = PapersDialog.run(window, window.ctx)
    assert paths
    assert len(threads) > 1 and set(threads) == {threading.main_thread().name}


def test_export_progress_is_shown_from_the_gui_thread(window, monkeypatch, tmp_path):
    import threading

    from PySide6.QtWidgets import QProgressDialog

    from ui.dialogs.export_dialog import ExportDialog, export_to_excel

    monkeypatch.setattr(ExportDialog, "choose_path",
                        classmethod(lambda cls, parent, suggested: tmp_path / "registers.xlsx"))
    monkeypatch.setattr(ExportDialog, "report", classmethod(lambda cls, parent, m, ok: None))
    threads: list[str] = []
    original = QProgressDialog.setValue

    def record(self, value):
        threads.append(threading.current_thread().name)
        original(self, value)

    monkeypatch.setattr(QProgressDialog, "setValue", record)
    assert export_to_excel(window, window.ctx) == tmp_path / "registers.xlsx"
    assert threads and set(threads) == {threading.main_thread().name}


def test_take_the_meeting_forgets_a_refusal_once_the_next_edit_is_saved(window, qtbot,
                                                                         monkeypatch):
    from sendsec.services import registers
    from ui.dialogs.errors import ErrorDialog
    from ui.dialogs.take_meeting import TakeMeetingDialog

    monkeypatch.setattr(ErrorDialog, "show_message", classmethod(lambda *a, **k: None))
    meeting = registers.cycle(window.ctx.board, window.ctx.today()).next_meeting
    d = TakeMeetingDialog(window.ctx, meeting["id"], window)
    qtbot.addWidget(d)
    d.resolution_text.setText("")
    d.add_resolution()
    assert "say what was resolved" in d.status.text()
    d.action_title.setText("Write to every school about the EHC plan timescales")
    d.add_action()
    assert window.ctx.board.find("action", title="Write to every school about the EHC plan "
                                                  "timescales")
    assert "say what was resolved" not in d.status.text()
    d.done(0)


def test_filters_are_named_as_people_say_them(window):
    names = {c.accessibleName() for c in _tab(window, "actions").filters.values()}
    assert "Filter by RAG" in names and "Filter by owner" in names


def test_a_meeting_cannot_end_before_it_starts(window):
    tab = _tab(window, "meetings")
    planned = next(r for r in window.ctx.board.rows("meeting") if r["start_time"] == "14:00")
    assert tab.select_record(planned["id"])
    form = tab.editor.form
    form.field_widget("end_time").control.setText("0")  # 'midnight', typed by mistake
    assert form.commit("end_time") is None
    assert form.error("end_time") == "End time: 00:00 is not after the start time 14:00"
    stored = window.ctx.board.get("meeting", planned["id"])
    assert (stored["start_time"], stored["end_time"]) == ("14:00", "16:00")
    form.field_widget("end_time").control.setText("4pm")  # the slip put right
    form.commit("end_time")
    assert form.error("end_time") == ""
    # a later start moves the end with it, keeping the two hours, as calendars do
    form.field_widget("start_time").control.setText("5pm")
    assert form.commit("start_time") is not None
    stored = window.ctx.board.get("meeting", planned["id"])
    assert (stored["start_time"], stored["end_time"]) == ("17:00", "19:00")
    assert form.field_widget("end_time").value() == "19:00"
    # unless that would run past midnight
    form.field_widget("start_time").control.setText("23:00")
    assert form.commit("start_time") is None
    assert form.error("start_time") == "Start time: 23:00 is not before the end time 19:00"
    window.undo_action.trigger()
    stored = window.ctx.board.get("meeting", planned["id"])
    assert (stored["start_time"], stored["end_time"]) == ("14:00", "16:00")


def test_an_evening_meeting_added_without_an_end_time_has_none(window):
    change = window.ctx.apply(lambda b: b.create("meeting", {"meeting_date": "2027-01-13",
                                                             "start_time": "18:30"}))
    assert window.ctx.board.get("meeting", change.id)["end_time"] is None


def test_ctrl_z_and_ctrl_y_from_the_keyboard_undo_and_redo_an_edit(window, qtbot):
    from PySide6.QtTest import QTest

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tab = _tab(window, "risks")
    tab.view.selectRow(0)
    rid = tab.selected_id()
    old = window.ctx.board.get("risk", rid)["title"]
    window.ctx.apply(lambda b: b.update("risk", rid, {"title": "Typed by the secretary"}))
    tab.view.setFocus()
    QTest.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.board.get("risk", rid)["title"] == old
    QTest.keyClick(tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.board.get("risk", rid)["title"] == "Typed by the secretary"
    assert tab.editor.form.field_widget("title").value() == "Typed by the secretary"


def test_the_overview_waits_for_a_modal_window_to_close_before_reloading(window, qtbot):
    # during the meeting every attendance click is a change; reloading the overview behind
    # the 'Take the meeting' window each time made each click slow on a large board
    from sendsec.services import registers
    from ui.dialogs.take_meeting import TakeMeetingDialog

    window.tabs.setCurrentWidget(window.overview)
    meeting = registers.cycle(window.ctx.board, window.ctx.today()).next_meeting
    d = TakeMeetingDialog(window.ctx, meeting["id"], window)
    qtbot.addWidget(d)
    d.setWindowModality(Qt.WindowModality.ApplicationModal)
    d.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is d)
    reloads = []
    original = window.overview.reload
    window.overview.reload = lambda: (reloads.append(1), original())
    people = [i["person_id"] for i in window.ctx.board.rows("invitee", parent_id=meeting["id"])]
    for person in people[:3]:
        assert d.set_attendance(person, "present")
    assert reloads == [] and window.overview.stale
    d.done(0)
    qtbot.waitUntil(lambda: reloads == [1])
    assert not window.overview.stale

"""The main window: tabs, filters, undo, read-only files, change routing, layout memory."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTableView, QWidget

from sendsec.services.board import Board
from sendsec.storage import backups, lock
from ui import main_window as mw
from ui import main_window_files as files
from ui.dialogs.errors import ConfirmDialog, ErrorDialog
from ui.dialogs.first_run import NewBoardDialog
from ui.settings import AppSettings

pytestmark = pytest.mark.usefixtures("fake_editors")


@pytest.fixture
def messages(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(ErrorDialog, "show_message",
                        classmethod(lambda cls, parent, text, title="sendsec": shown.append(text)))
    monkeypatch.setattr(ErrorDialog, "show_error",
                        classmethod(lambda cls, parent, text, details="": shown.append(text)))
    return shown


def _tab(window, name):
    tab = window.register_tabs[name]
    window.tabs.setCurrentWidget(tab)
    return tab


def test_the_title_names_the_board_and_the_file(window, small_board):
    assert window.windowTitle() == f"Northshire SEND Improvement Board - {small_board.name} - sendsec"
    assert window.tabs.tabText(0).replace("&", "") == "Overview"
    assert [window.tabs.tabText(i) for i in range(1, 7)] == [
        "Actions", "Risks", "Impact log", "Meetings", "Measures", "People"]


@pytest.mark.parametrize("name,count", [("actions", 4), ("risks", 3), ("impact", 2),
                                        ("meetings", 3), ("measures", 1), ("people", 7)])
def test_every_tab_loads_when_first_shown_and_shows_its_rows(window, name, count):
    tab = window.register_tabs[name]
    assert not tab.loaded  # nothing loaded before it is shown
    window.tabs.setCurrentWidget(tab)
    assert tab.loaded and tab.model.rowCount() == count
    assert tab.proxy.rowCount() == count
    assert f"{count}" in tab.count_label.text()


def test_the_overview_shows_the_next_meeting_overdue_steps_and_counts(window):
    window.tabs.setCurrentIndex(0)
    o = window.overview
    assert "Meeting 3" in o.meeting_label.text() and "9 December 2026" in o.meeting_label.text()
    steps = o.step_texts()
    assert any("Request updates from owners" in s and "Overdue" in s for s in steps)
    assert any("Draft minutes to chair (Meeting 2" in s for s in steps)  # the last meeting's
    assert o.rag_chips["red"].label.text() == "Red: 1 action"
    assert o.band_chips["very high"].label.text() == "Very high: 1 risk"
    assert o.findings_note.text()  # either the findings or why there are none


class _FirstPaint(QObject):
    """Notes, at each paint of a widget, whether the Overview was loaded by then."""

    def __init__(self, overview):
        super().__init__()
        self.overview, self.seen = overview, []

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.seen.append(self.overview.loaded)
        return False


def test_the_overview_is_complete_when_first_painted(qtbot, small_board):
    window = mw.MainWindow()
    qtbot.addWidget(window)
    window.open_path(small_board)
    window.tabs.setCurrentIndex(0)
    spy = _FirstPaint(window.overview)
    window.overview.heading.installEventFilter(spy)
    window.show()
    qtbot.waitUntil(lambda: bool(spy.seen))
    assert spy.seen[0] is True
    assert window.overview.findings_model.rowCount() > 0


def test_a_window_that_goes_straight_to_a_register_loads_the_overview_when_shown(
        qtbot, small_board):
    window = mw.MainWindow()
    qtbot.addWidget(window)
    window.open_path(small_board)
    window.tabs.setCurrentIndex(0)
    window.show()
    window.tabs.setCurrentIndex(1)
    actions = window.register_tabs["actions"]
    qtbot.waitUntil(lambda: actions.view.model().rowCount() > 0)
    qtbot.wait(20)
    assert not window.overview.loaded  # never seen, so never computed
    window.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.overview.loaded)
    assert window.overview.findings_model.rowCount() > 0


def test_search_and_filters_narrow_the_rows(window, qtbot):
    tab = _tab(window, "actions")
    qtbot.keyClicks(tab.search, "EHC")
    assert tab.proxy.rowCount() == 1
    assert "Showing 1 of 4" in tab.count_label.text()
    tab.search.clear()
    tab.set_filter("owner_name", "Priya Health")
    assert tab.proxy.rowCount() == 2
    tab.set_filter("rag", "Red")
    assert tab.proxy.rowCount() == 0
    tab.set_filter("owner_name", None)
    assert tab.proxy.rowCount() == 1
    combo = tab.filters["area_code"]
    assert [combo.itemText(i) for i in range(combo.count())] == ["All areas", "a", "c"]


def test_selecting_a_row_shows_it_in_the_editor_and_enables_archive(window):
    tab = _tab(window, "risks")
    editor = tab.editor
    assert type(editor).__name__ == "FakeEditor" and not tab.archive_button.isEnabled()
    risk = window.ctx.board.find("risk", ref="R2")
    assert tab.select_record(risk["id"])
    assert editor.shown[-1] == risk["id"]
    assert tab.archive_button.isEnabled()
    tab.add_record()
    assert editor.shown[-1] is None


def test_undo_from_the_edit_menu_restores_the_old_value(window):
    tab = _tab(window, "actions")
    action = window.ctx.board.find("action", ref="PA1.2")
    window.ctx.apply(lambda b: b.update("action", action["id"], {"title": "Changed title"}))
    assert "Changed the title of action PA1.2" in window.statusBar().currentMessage()
    assert window.undo_action.isEnabled()
    assert "PA1.2" in window.undo_action.text()
    row = tab.model.row_of(action["id"])
    assert tab.model.record(row)["title"] == "Changed title"  # the tab reloaded
    window.undo_action.trigger()
    assert window.ctx.board.get("action", action["id"])["title"] == action["title"]
    assert tab.model.record(tab.model.row_of(action["id"]))["title"] == action["title"]
    assert window.redo_action.isEnabled() and "PA1.2" in window.redo_action.text()
    window.redo_action.trigger()
    assert window.ctx.board.get("action", action["id"])["title"] == "Changed title"


def test_a_change_reloads_only_the_tabs_that_show_it(window):
    actions, people = _tab(window, "actions"), window.register_tabs["people"]
    window.tabs.setCurrentWidget(people)
    window.tabs.setCurrentWidget(actions)
    risk = window.ctx.board.find("risk", ref="R3")
    window.ctx.apply(lambda b: b.create("risk_review", {"risk_id": risk["id"], "likelihood": 5,
                                                         "impact": 5,
                                                         "review_date": "2026-11-20"}))
    assert window.register_tabs["risks"].stale
    assert not actions.stale and not people.stale
    assert window.overview.stale
    risks = _tab(window, "risks")
    assert not risks.stale
    assert risks.model.record(risks.model.row_of(risk["id"]))["band"] == "very high"


def test_the_selection_survives_a_reload(window):
    tab = _tab(window, "actions")
    target = window.ctx.board.find("action", ref="PA3.2")
    tab.select_record(target["id"])
    window.ctx.apply(lambda b: b.update("action", target["id"], {"ref": "PA0.1"}))
    assert tab.model.index(0, 0).data() == "PA0.1"  # re-sorted to the top ...
    assert tab.selected_id() == target["id"]  # ... and still selected


def test_archive_asks_first_and_no_leaves_the_record(window, monkeypatch):
    tab = _tab(window, "people")
    person = window.ctx.board.find("person", name="Priya Health")
    tab.select_record(person["id"])
    asked = []
    monkeypatch.setattr(ConfirmDialog, "ask",
                        classmethod(lambda cls, parent, text, title="": asked.append(text)))
    assert not tab.archive_selected()
    assert "Priya Health" in asked[0] and tab.model.rowCount() == 7
    monkeypatch.setattr(ConfirmDialog, "ask", classmethod(lambda cls, parent, text, title="": True))
    assert tab.archive_selected()
    assert tab.model.row_of(person["id"]) is None and tab.model.rowCount() == 6
    window.undo()
    assert tab.model.row_of(person["id"]) is not None


def test_a_refused_archive_shows_the_reason_and_changes_nothing(window, monkeypatch, messages):
    tab = _tab(window, "people")
    monkeypatch.setattr(ConfirmDialog, "ask", classmethod(lambda cls, parent, text, title="": True))

    def refuse(call):
        from sendsec.domain.errors import SendsecError
        raise SendsecError("This person is the DfE adviser and must stay.")

    monkeypatch.setattr(window.ctx, "apply", refuse)
    tab.select_record(window.ctx.board.find("person", role="DfE adviser")["id"])
    assert not tab.archive_selected()
    assert messages == ["This person is the DfE adviser and must stay."]
    assert tab.model.rowCount() == 7


def test_a_file_open_in_another_copy_opens_read_only_with_a_banner(qtbot, small_board):
    first = mw.MainWindow()
    qtbot.addWidget(first)
    first.open_path(small_board)
    assert not first.ctx.readonly and first.banner.isHidden()
    second = mw.MainWindow()
    qtbot.addWidget(second)
    second.open_path(small_board)
    second.show()
    try:
        assert second.ctx.readonly
        assert not second.banner.isHidden()
        assert "already open in another copy of sendsec" in second.banner.message
        assert second.mode_label.text() == "Read-only"
        assert not second.new_record_action.isEnabled()
        assert not second.undo_action.isEnabled() and not second.restore_action.isEnabled()
        tab = _tab(second, "actions")
        assert not tab.add_button.isEnabled() and not tab.archive_button.isEnabled()
        assert tab.editor.read_only is True
        assert tab.model.rowCount() == 4  # still readable
        with pytest.raises(Exception, match="read-only"):
            second.ctx.apply(lambda b: b.update("action", 1, {"title": "x"}))
    finally:
        second.close()
        first.close()
    # both closed: the lock is free again and a new window can write
    third = mw.MainWindow()
    qtbot.addWidget(third)
    third.open_path(small_board)
    assert not third.ctx.readonly
    third.close()


def test_a_file_without_write_permission_opens_read_only(qtbot, small_board, monkeypatch):
    # tests may run as root, where chmod does not stop writes: ask the same question the
    # window asks, with the answer a read-only file gives
    monkeypatch.setattr(files.os, "access", lambda path, mode: False)
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.open_path(small_board)
    assert w.ctx.readonly and w.lock is None
    assert "permission" in w.banner.message
    assert not lock.lock_path(small_board).exists()
    w.close()


def test_a_second_writer_is_refused_by_the_lock(qtbot, small_board):
    held = lock.acquire(small_board)
    try:
        w = mw.MainWindow()
        qtbot.addWidget(w)
        w.open_path(small_board)
        assert w.ctx.readonly
        assert "already open" in w.banner.message
        w.close()
    finally:
        held.release()


def test_a_backup_that_could_not_be_taken_is_shown_and_the_board_stays_editable(
        qtbot, small_board, monkeypatch):
    import errno

    from sendsec.storage import backups

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "list_backups", lambda folder: [])  # today's is still to take
    monkeypatch.setattr(backups, "backup_pages", full)
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.open_path(small_board)
    w.show()  # the day's backup is taken once the window is painted
    qtbot.waitUntil(lambda: "No backup was taken: the backups folder is full" in w.banner.message)
    assert not w.ctx.readonly
    w.close()


def test_a_damaged_file_is_refused_and_the_open_board_stays(window, tmp_path, messages):
    bad = tmp_path / "not a board.sqlite"
    bad.write_bytes(b"PK\x03\x04 this is a zip file, not a board" * 50)
    assert not window.open_interactive(bad)
    assert "not a sendsec board file" in messages[0]
    assert window.ctx.board is not None and "Northshire" in window.windowTitle()
    assert not window.ctx.readonly  # still holding its own lock


def test_shortcuts_and_accessible_names(window):
    assert window.undo_action.shortcut() == QKeySequence("Ctrl+Z")
    assert {s.toString() for s in window.redo_action.shortcuts()} == {"Ctrl+Y", "Ctrl+Shift+Z"}
    assert window.new_record_action.shortcut() == QKeySequence("Ctrl+N")
    assert window.find_action.shortcut() == QKeySequence("Ctrl+F")
    for name in window.register_tabs:
        tab = _tab(window, name)
        for w in tab.findChildren(QWidget):
            if isinstance(w, QLineEdit | QComboBox | QAbstractButton | QTableView) \
                    and type(w).__name__ != "FakeEditor" and w.isVisibleTo(tab) \
                    and w.focusPolicy() != Qt.FocusPolicy.NoFocus \
                    and w.parent() is not None and "qt_" not in w.objectName():
                assert w.accessibleName() or (isinstance(w, QAbstractButton) and w.text()), \
                    f"{name}: {type(w).__name__} {w.objectName()} has no accessible name"


def test_ctrl_f_focuses_the_search_of_the_tab_shown(window, qtbot):
    tab = _tab(window, "risks")
    window.find_action.trigger()
    assert tab.search.hasFocus() or window.focusWidget() is tab.search


def test_closing_and_reopening_restores_file_tab_and_geometry(qtbot, small_board):
    from ui.app import start

    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.open_path(small_board)
    w.show()
    w.resize(960, 560)
    _tab(w, "measures")
    w.close()
    again = start([])
    qtbot.addWidget(again)
    assert again is not None and again.path == small_board
    assert again.tabs.currentWidget() is again.register_tabs["measures"]
    # the offscreen screen is 800 pixels wide: Qt fits a restored window to it, so the
    # height (which fits) shows the geometry came back
    assert again.size().height() == 560
    assert AppSettings().recent_files()[0] == small_board.resolve()
    again.close()


def test_a_register_is_built_when_first_shown_or_used(window):
    risks, people = window.register_tabs["risks"], window.register_tabs["people"]
    assert not risks.built and not people.built
    window.tabs.setCurrentWidget(risks)
    assert risks.built and risks.view.isVisible() and risks.proxy.rowCount() == 3
    assert not people.built
    assert people.view.model().rowCount() == 0 and people.built  # reading it builds it
    assert people.select_record(window.ctx.board.find("person", name="Jo Secretary")["id"])
    assert people.editor_area.widget() is people.editor  # needed at once: made at once
    assert type(people.editor).__name__ == "FakeEditor"


def test_the_editor_is_made_just_after_the_rows_are_painted(window, qtbot):
    tab = _tab(window, "actions")
    assert tab.model.rowCount() == 4
    assert tab.editor_area.widget() is tab.placeholder  # the rows first
    assert "Select an action" in tab.placeholder.text()
    qtbot.waitUntil(lambda: tab.editor_area.widget() is not tab.placeholder)
    assert type(tab.editor_area.widget()).__name__ == "FakeEditor"
    assert tab.editor_area.widget() is tab.editor


def test_the_widths_of_table_and_editor_come_back_even_for_a_tab_not_shown(qtbot, small_board):
    first = mw.MainWindow()
    qtbot.addWidget(first)
    first.open_path(small_board)
    first.show()
    tab = _tab(first, "risks")
    tab.splitter.setSizes([200, 600])
    _tab(first, "actions")  # the tab the next window opens on
    first.close()
    kept = AppSettings().splitter("risks")
    second = mw.MainWindow()  # opens, never shows Risks, closes
    qtbot.addWidget(second)
    second.open_path(small_board)
    second.show()
    assert not second.register_tabs["risks"].built
    second.close()
    assert AppSettings().splitter("risks") == kept
    third = mw.MainWindow()
    qtbot.addWidget(third)
    third.open_path(small_board)
    third.show()
    left, right = _tab(third, "risks").splitter.sizes()
    assert left < right / 2
    third.close()


def test_going_to_a_record_from_elsewhere(window):
    meeting = window.ctx.board.find("meeting", meeting_date="2026-12-09")
    assert window.show_record("meeting", meeting["id"])
    assert window.tabs.currentWidget() is window.register_tabs["meetings"]
    step = window.ctx.board.rows("cycle_step", parent_id=meeting["id"])[0]
    assert window.show_record("cycle_step", step["id"])
    assert window.register_tabs["meetings"].selected_id() == meeting["id"]
    assert not window.show_record("action", 999_999)


def test_restore_a_backup_puts_the_board_back(window, monkeypatch, messages, qtbot):
    board = window.ctx.board
    qtbot.waitUntil(lambda: bool(backups.list_backups(board.backup_folder())))  # once painted
    action = board.find("action", ref="PA1.1")
    window.ctx.apply(lambda b: b.update("action", action["id"], {"title": "After the backup"}))
    monkeypatch.setattr(files.BackupChooser, "ask", classmethod(lambda cls, p, choices: choices[0]))
    monkeypatch.setattr(ConfirmDialog, "ask", classmethod(lambda cls, parent, text, title="": True))
    window.restore_backup()
    assert messages == []
    assert window.ctx.board.get("action", action["id"])["title"] == action["title"]
    assert not window.ctx.readonly and window.lock is not None
    reasons = {b.reason for b in backups.list_backups(window.ctx.board.backup_folder())}
    assert "restore" in reasons  # the board as it was is kept too


def test_menu_actions_reach_their_dialogs_with_the_window_and_its_board(window, monkeypatch):
    from ui.dialogs import (
        compare_dialog,
        export_dialog,
        import_dialog,
        papers_dialog,
        snapshot_dialog,
    )

    calls = []
    monkeypatch.setattr(import_dialog.ImportDialog, "run",
                        classmethod(lambda cls, parent, ctx: calls.append(("import", ctx))))
    monkeypatch.setattr(export_dialog, "export_to_excel",
                        lambda parent, ctx: calls.append(("export", ctx)))
    monkeypatch.setattr(snapshot_dialog, "send_snapshot",
                        lambda parent, ctx: calls.append(("snapshot", ctx)))
    monkeypatch.setattr(compare_dialog, "compare_with",
                        lambda parent, ctx: calls.append(("compare", ctx)))
    monkeypatch.setattr(papers_dialog.PapersDialog, "run",
                        classmethod(lambda cls, parent, ctx, mid=None: calls.append(("papers", mid))))
    for action in (window.import_action, window.export_action, window.snapshot_action,
                   window.compare_action):
        action.trigger()
    window.meetings.papers_requested.emit(7)
    assert calls == [("import", window.ctx), ("export", window.ctx), ("snapshot", window.ctx),
                     ("compare", window.ctx), ("papers", 7)]


def test_new_board_from_the_file_menu(window, monkeypatch, tmp_path):
    path = tmp_path / "Second board.sqlite"
    Board.create_new(path, "Second board").close()
    monkeypatch.setattr(NewBoardDialog, "ask", classmethod(lambda cls, parent=None: path))
    window.new_board()
    assert window.path == path and window.windowTitle().startswith("Second board - ")
    tab = _tab(window, "actions")
    assert tab.model.rowCount() == 0 and tab.filters["area_code"].count() == 1


def test_the_today_used_is_the_fixed_one(window, today_fixed):
    assert window.ctx.today() == today_fixed == dt.date(2026, 11, 22)


def test_a_board_with_a_planted_trigger_or_a_named_pipe_is_refused_in_a_message(
        window, tmp_path, small_board, messages):
    import os
    import shutil
    import sqlite3

    hostile = tmp_path / "sent by a colleague.sqlite"
    shutil.copyfile(small_board, hostile)
    conn = sqlite3.connect(str(hostile), isolation_level=None)
    conn.execute("CREATE TRIGGER t AFTER INSERT ON change_log BEGIN DELETE FROM actions; END")
    conn.close()
    assert not window.open_interactive(hostile)
    assert "has a trigger 't' that sendsec did not make" in messages[-1]
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.sendsec"
        os.mkfifo(fifo)
        assert not window.open_interactive(fifo)  # refused at once, never waited on
        assert "named pipe" in messages[-1]
        plain = tmp_path / "pipe.sqlite"
        os.mkfifo(plain)
        assert not window.open_interactive(plain)
        assert "named pipe" in messages[-1]
    assert window.ctx.board is not None and "Northshire" in window.windowTitle()

"""The Overview walks a new board through what the notice needs first (a checklist ticked
from the records), and every finding of the checks opens the place that puts it right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sendsec.reports.checks import RULES, run_checks
from sendsec.services.board import Board
from sendsec.services.first_steps import first_steps
from ui import main_window as mw

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def empty_path(tmp_path, today_fixed) -> Path:
    path = tmp_path / "Eastshire board.sqlite"
    Board.create_new(path, "Eastshire SEND Improvement Board").close()
    return path


def _window(qtbot, path: Path) -> mw.MainWindow:
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 740)
    w.open_path(path)
    w.tabs.setCurrentIndex(0)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def _steps(window) -> dict[str, tuple[str, str]]:
    m = window.overview.steps_first_model
    return {m.record(r)["id"]: (m.text(r, 0), m.text(r, 1)) for r in range(m.rowCount())}


def _activate_step(qtbot, window, key: str) -> None:
    """Select the step's row in the checklist and press Enter, as a keyboard user would."""
    view = window.overview.first_steps_view
    m = window.overview.steps_first_model
    row = next(r for r in range(m.rowCount()) if m.record(r)["id"] == key)
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, 1))  # the view shows the model's rows in order
    qtbot.keyClick(view, Qt.Key.Key_Return)


def _focused_field(window, tab_name: str) -> str | None:
    editor = window.register_tabs[tab_name].editor
    focus = QApplication.focusWidget()
    for name, row in editor.form.rows.items():
        if focus is row.widget.control or row.widget.control.isAncestorOf(focus):
            return name
    return None


def test_a_new_board_shows_every_step_to_do_and_each_is_ticked_from_the_records(
        qtbot, empty_path):
    w = _window(qtbot, empty_path)
    overview = w.overview
    assert overview.first_steps_box.isVisible()
    steps = _steps(w)
    assert list(steps) == ["settings", "areas", "organisations", "dfe-adviser", "nhse-adviser",
                           "case-lead", "chair", "actions", "meeting"]
    assert all(done == "To do" for done, _ in steps.values())
    assert overview.first_steps_note.text().startswith("0 of 9 done.")

    ctx = w.ctx
    ctx.apply(lambda b: b.update_settings({"local_area": "Eastshire", "lead_council":
                                           "Eastshire Council", "notice_date": "2026-06-01",
                                           "target_date": "2027-12-31"}))
    ctx.apply(lambda b: b.create("area", {"code": "a", "title": "Leadership"}))
    ctx.apply(lambda b: b.create("organisation", {"name": "Eastshire Council"}))
    for role in ("DfE adviser", "NHS England adviser", "DfE case lead"):
        ctx.apply(lambda b, r=role: b.create("person", {"name": f"A {r}", "role": r}))
    chair = ctx.apply(lambda b: b.create("person", {"name": "Alex Chair",
                                                    "role": "independent chair"})).id
    steps = _steps(w)
    assert [k for k, (done, _) in steps.items() if done == "Done"] == [
        "settings", "areas", "organisations", "dfe-adviser", "nhse-adviser", "case-lead"]
    # the chair has the role but is not yet named in the settings: not done yet
    assert steps["chair"][0] == "To do"
    ctx.apply(lambda b: b.update_settings({"chair_id": chair}))
    ctx.apply(lambda b: b.create("action", {"ref": "PA1.1", "title": "Do it"}))
    steps = _steps(w)
    assert steps["chair"][0] == "Done"
    assert steps["actions"][0] == "To do"  # an action without an owner
    ctx.apply(lambda b: b.update("action", 1, {"owner_id": chair}))
    ctx.apply(lambda b: b.create("meeting", {"meeting_date": "2026-12-16"}))
    assert all(done == "Done" for done, _ in _steps(w).values())
    assert not overview.first_steps_box.isVisible()  # set up: the checklist steps aside
    w.undo()  # undo brings it back
    assert overview.first_steps_box.isVisible() and _steps(w)["meeting"][0] == "To do"
    w.close()


@pytest.mark.parametrize("width", [1366, 700])
def test_every_step_is_in_view_however_narrow_the_window(qtbot, empty_path, width):
    """The checklist is as tall as its steps: in a narrow window its scroll bar comes below
    the last step instead of covering it."""
    w = _window(qtbot, empty_path)
    w.resize(width, 740)
    view = w.overview.first_steps_view
    qtbot.waitUntil(lambda: w.overview.loaded and view.model().rowCount() == 9)
    qtbot.wait(50)  # the layout settles, the scroll bar comes or goes
    bar = view.horizontalScrollBar()
    assert bar.isVisible() == (width < 1000)  # (the columns are some 930 pixels wide)
    shown = view.viewport().height()
    for row in range(view.model().rowCount()):
        rect = view.visualRect(view.model().index(row, 1))
        assert rect.top() >= 0 and rect.bottom() < shown, (row, rect, shown)


def test_each_step_opens_the_editor_that_does_it(qtbot, empty_path):
    w = _window(qtbot, empty_path)
    log_before = len(w.ctx.board.change_log())

    _activate_step(qtbot, w, "settings")
    dialog = w.settings_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is
                    dialog.field_widget("local_area").control)
    dialog.reject()
    w.activateWindow()  # the offscreen platform does not give the window back by itself
    qtbot.waitUntil(w.isActiveWindow)

    _activate_step(qtbot, w, "areas")
    assert w.tabs.currentWidget() is w.register_tabs["areas"]
    editor = w.register_tabs["areas"].editor
    assert editor.record_id is None
    qtbot.waitUntil(lambda: _focused_field(w, "areas") == "code")

    w.tabs.setCurrentIndex(0)
    _activate_step(qtbot, w, "organisations")
    assert w.tabs.currentWidget() is w.register_tabs["organisations"]
    qtbot.waitUntil(lambda: _focused_field(w, "organisations") == "name")

    for key, role in (("dfe-adviser", "DfE adviser"), ("nhse-adviser", "NHS England adviser"),
                      ("case-lead", "DfE case lead"), ("chair", "independent chair")):
        w.tabs.setCurrentIndex(0)
        _activate_step(qtbot, w, key)
        people = w.register_tabs["people"]
        assert w.tabs.currentWidget() is people
        assert people.editor.record_id is None  # a blank form for the new person...
        assert people.editor.form.field_widget("role").value() == role  # ...in that role
        qtbot.waitUntil(lambda: _focused_field(w, "people") == "name")

    w.tabs.setCurrentIndex(0)
    _activate_step(qtbot, w, "actions")
    assert w.tabs.currentWidget() is w.register_tabs["actions"]
    qtbot.waitUntil(lambda: _focused_field(w, "actions") == "ref")

    w.tabs.setCurrentIndex(0)
    _activate_step(qtbot, w, "meeting")
    assert w.tabs.currentWidget() is w.register_tabs["meetings"]
    qtbot.waitUntil(lambda: _focused_field(w, "meetings") == "meeting_date")
    # going somewhere changes nothing
    assert len(w.ctx.board.change_log()) == log_before
    w.close()


def test_the_chair_step_goes_to_the_settings_once_the_chair_is_a_person(qtbot, empty_path):
    w = _window(qtbot, empty_path)
    w.ctx.apply(lambda b: b.create("person", {"name": "Alex Chair",
                                              "role": "independent chair"}))
    w.tabs.setCurrentIndex(0)
    view = w.overview.first_steps_view
    at = view.visualRect(view.model().index(6, 1)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    dialog = w.settings_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (
        dialog.field_widget("chair_id").control,
        dialog.field_widget("chair_id").control.lineEdit()))
    dialog.reject()
    w.close()


# ---------------------------------------------------------------- every rule's finding

def _action(b: Board, **values) -> None:
    b.create("action", {"ref": "PA1.1", "title": "Publish the strategy", **values})


def _people(b: Board) -> None:
    for role in ("DfE adviser", "NHS England adviser", "DfE case lead"):
        b.create("person", {"name": f"The {role}", "role": role})


#: rule -> (how to make a board with that finding, where its finding should lead:
#:          ('settings', field) | (tab, 'record', field or section) | (tab, 'new', field, values))
CASES: dict[str, tuple[Callable[[Board], None], tuple]] = {
    "board-target-date": (lambda b: None, ("settings", "target_date")),
    "stocktake": (lambda b: None, ("settings", "notice_date")),
    "action-owner": (lambda b: _action(b, due_date="2027-01-31", target="x"),
                     ("actions", "record", "owner_id")),
    "action-target": (lambda b: _action(b, due_date="2027-01-31"),
                      ("actions", "record", "target")),
    "action-due-date": (lambda b: _action(b, target="x"), ("actions", "record", "due_date")),
    "action-after-target-date": (
        lambda b: (b.update_settings({"target_date": "2027-01-31"}),
                   _action(b, target="x", due_date="2027-06-30")),
        ("actions", "record", "revised_due_date")),
    "statutory-invitees": (lambda b: b.create("meeting", {"meeting_date": "2026-12-16"}),
                           ("people", "new", "name", {"role": "DfE adviser"})),
    "risk-review": (lambda b: b.create("risk", {"ref": "R1", "title": "Data",
                                                "current_likelihood": 3,
                                                "current_impact": 3}),
                    ("risks", "record", "reviews_box")),
    "impact-log": (lambda b: (_people(b), b.create("meeting", {"meeting_date": "2026-10-21",
                                                               "status": "held"})),
                   ("impact", "new", "title", {"kind": "impact on lived experience"})),
    "minutes-approval": (
        lambda b: (_people(b),
                   b.create("meeting", {"meeting_date": "2026-09-16", "status": "held"}),
                   b.create("meeting", {"meeting_date": "2026-10-21", "status": "held"})),
        ("meetings", "record", "status")),
    "agenda-overrun": (
        lambda b: (_people(b), b.create("meeting", {"meeting_date": "2026-12-16",
                                                    "start_time": "10:00",
                                                    "end_time": "10:30"})),
        ("meetings", "record", "agenda_box")),
    "timetable-overdue": (
        lambda b: (_people(b), b.create("meeting", {"meeting_date": "2026-12-02"})),
        ("meetings", "record", "timetable_box")),
}


def test_every_rule_of_the_checks_has_a_case_here():
    assert set(CASES) == set(RULES)


def _finding_row(window, rule: str) -> int:
    m = window.overview.findings_model
    view = window.overview.findings_view
    for r in range(m.rowCount()):
        index = view.model().index(r, 0)
        if m.record(index.row())["rule"] == rule:
            return r
    raise AssertionError(f"no {rule} finding in {[m.record(r)['rule'] for r in range(m.rowCount())]}")


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_finding_opens_the_place_that_puts_it_right(qtbot, empty_path, rule):
    make, expected = CASES[rule]
    with Board.open(empty_path) as b:
        make(b)
        found = [f for f in run_checks(b, TODAY) if f.rule == rule]
        assert found, f"the case for {rule} makes no finding"
        meeting_id = found[0].record_id if found[0].entity == "meeting" else None
    w = _window(qtbot, empty_path)
    log_before = len(w.ctx.board.change_log())
    view = w.overview.findings_view
    row = _finding_row(w, rule)
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, 1))
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter on the finding

    if expected[0] == "settings":
        dialog = w.settings_dialog
        assert dialog is not None and dialog.isVisible()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is
                        dialog.field_widget(expected[1]).control)
        dialog.reject()
    else:
        tab_name, kind, target = expected[:3]
        tab = w.register_tabs[tab_name]
        assert w.tabs.currentWidget() is tab
        editor = tab.editor
        if kind == "new":
            assert editor.record_id is None
            for name, value in expected[3].items():
                assert editor.form.field_widget(name).value() == value
            if rule == "impact-log":  # the entry is for the meeting the finding names
                assert editor.form.field_widget("meeting_id").value() == meeting_id
        else:
            assert editor.record_id == tab.selected_id() is not None
            if meeting_id is not None:
                assert editor.record_id == meeting_id
        if target.endswith("_box"):
            box = getattr(editor, target)
            qtbot.waitUntil(lambda: box.isAncestorOf(QApplication.focusWidget()))
        else:
            qtbot.waitUntil(lambda: _focused_field(w, tab_name) == target)
    assert len(w.ctx.board.change_log()) == log_before  # going there changed nothing
    w.close()


def test_a_statutory_finding_goes_to_the_meetings_invitees_once_the_people_exist(
        qtbot, empty_path):
    with Board.open(empty_path) as b:
        meeting = b.create("meeting", {"meeting_date": "2026-12-16"}).id
        _people(b)  # added after the meeting: not on its invitation list
    w = _window(qtbot, empty_path)
    view = w.overview.findings_view
    view.setFocus()
    view.setCurrentIndex(view.model().index(_finding_row(w, "statutory-invitees"), 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    tab = w.register_tabs["meetings"]
    assert w.tabs.currentWidget() is tab and tab.selected_id() == meeting
    qtbot.waitUntil(lambda: tab.editor.invitees_box.isAncestorOf(QApplication.focusWidget()))
    w.close()


def test_a_stocktake_overdue_since_the_notice_opens_a_new_stocktake_review(qtbot, empty_path):
    with Board.open(empty_path) as b:
        b.update_settings({"notice_date": "2026-01-15"})
    w = _window(qtbot, empty_path)
    view = w.overview.findings_view
    view.setFocus()
    view.setCurrentIndex(view.model().index(_finding_row(w, "stocktake"), 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    editor = w.register_tabs["meetings"].editor
    assert w.tabs.currentWidget() is w.register_tabs["meetings"]
    assert editor.record_id is None
    assert editor.form.field_widget("kind").value() == "stocktake review"
    w.close()


def test_first_steps_read_only(tmp_path):
    with Board.create_new(tmp_path / "b.sqlite", "B") as b:
        before = len(b.change_log())
        assert [s.done for s in first_steps(b)] == [False] * 9
        assert len(b.change_log()) == before

"""The 'Take the meeting' window, the proposals review and the attendance record."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from PySide6.QtCore import Qt

from sendsec.domain.errors import ValidationError
from sendsec.services import meeting_cycle as mc
from sendsec.services.board import Board
from ui.context import AppContext
from ui.dialogs import take_meeting as tm
from ui.dialogs.attendance import AttendanceDialog
from ui.dialogs.errors import ErrorDialog
from ui.dialogs.proposals import ProposalsDialog


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_TODAY", "2026-11-22")
    b = Board.create_new(tmp_path / "b.sqlite", "Test SEND Improvement Board", quorum=2)
    org = b.create("organisation", {"name": "Test Council"}).id
    ids = {}
    for name, role in [("Chair Person", "independent chair"), ("Mem One", "member"),
                       ("Mem Two", "member"), ("Off Icer", "officer in attendance"),
                       ("Dee Adviser", "DfE adviser"), ("Nia Adviser", "NHS England adviser"),
                       ("Cal Lead", "DfE case lead")]:
        ids[name] = b.create("person", {"name": name, "role": role,
                                        "organisation_id": org}).id
    prev = b.create("meeting", {"meeting_date": "2026-09-09", "status": "held"}).id
    meeting = b.create("meeting", {"meeting_date": "2026-11-18", "status": "held"}).id
    a = b.create("action", {"ref": "PA1.1", "title": "Slow one", "owner_id": ids["Mem One"],
                            "status": "in progress", "due_date": "2026-01-31"}).id
    b.create("action_update", {"action_id": a, "update_date": "2026-06-01", "rag": "red",
                               "narrative": "Late"})
    context = AppContext(b)
    context.ids = {**ids, "meeting": meeting, "prev": prev}
    monkeypatch.setattr(ErrorDialog, "show_message", classmethod(lambda *a, **k: None))
    yield context
    b.close()


def _row_of(dialog, name):
    for row in range(dialog.attendance.rowCount()):
        if dialog.attendance.item(row, 0).text() == name:
            return row
    raise AssertionError(name)


def test_attendance_changes_update_the_quorum_label(qtbot, ctx):
    d = tm.TakeMeetingDialog(ctx, ctx.ids["meeting"])
    qtbot.addWidget(d)
    assert d.quorum_label.text().startswith("Not quorate: 0 members present")
    for name in ("Chair Person", "Mem One"):
        d.attendance.cellWidget(_row_of(d, name), 2).setCurrentIndex(1)  # Present
        qtbot.waitUntil(lambda: not d._refresh_pending)
    assert d.quorum_label.text() == "Quorate: 2 members present (quorum 2)."
    # a substitute is saved only once whom they stand in for is chosen
    d.attendance.cellWidget(_row_of(d, "Mem Two"), 2).setCurrentIndex(2)  # Apologies
    qtbot.waitUntil(lambda: not d._refresh_pending)
    d.add_person.setCurrentIndex(d.add_person.findData(ctx.ids["Off Icer"]))
    d._add_person_present()  # not invited: added as present, not a member
    qtbot.waitUntil(lambda: not d._refresh_pending)
    assert d.quorum_label.text() == "Quorate: 2 members present (quorum 2)."
    row = _row_of(d, "Off Icer")
    d.attendance.cellWidget(row, 2).setCurrentIndex(3)  # Substitute
    assert "Choose whom" in d.status.text()
    inv = ctx.board.find("invitee", meeting_id=ctx.ids["meeting"], person_id=ctx.ids["Off Icer"])
    assert inv["attendance"] == "present"
    whom = d.attendance.cellWidget(row, 3)
    whom.setCurrentIndex(whom.findData(ctx.ids["Mem Two"]))
    qtbot.waitUntil(lambda: not d._refresh_pending)
    inv = ctx.board.find("invitee", meeting_id=ctx.ids["meeting"], person_id=ctx.ids["Off Icer"])
    assert (inv["attendance"], inv["substitute_for_id"]) == ("substitute", ctx.ids["Mem Two"])
    assert d.quorum_label.text() == "Quorate: 3 members present (quorum 2)."
    # undo takes the substitute back and the label follows
    ctx.undo()
    qtbot.waitUntil(lambda: not d._refresh_pending)
    assert d.quorum_label.text().startswith("Quorate: 2")


def test_minutes_resolutions_and_actions_arising_land_in_the_board(qtbot, ctx, tmp_path,
                                                                   monkeypatch):
    d = tm.TakeMeetingDialog(ctx, ctx.ids["meeting"])
    qtbot.addWidget(d)
    assert ctx.board.rows("minute", parent_id=ctx.ids["meeting"]) == []  # opening numbers none
    assert d.items.count() == 10 and d.items.item(4).text().endswith("(not minuted yet)")
    d.items.setCurrentRow(4)
    d.discussion.setPlainText("The board discussed progress \U0001F600\x0bnext line")
    d.resolution_text.setText("RESOLVED: that progress be noted")
    d.add_resolution()
    qtbot.waitUntil(lambda: not d._refresh_pending)
    minutes = ctx.board.rows("minute", parent_id=ctx.ids["meeting"])
    assert len(minutes) == 10  # the first minute written numbers the items in agenda order
    minute = minutes[4]
    assert d.items.item(4).text() == f"{minute['number']}. {minute['heading']}"
    assert ctx.board.get("minute", minute["id"])["discussion"].startswith("The board discussed")
    assert [r["text"] for r in ctx.board.rows("resolution", parent_id=minute["id"])] == [
        "progress be noted"]
    assert d.resolutions.item(0).text() == "RESOLVED: that progress be noted"
    d.resolution_text.setText("   ")
    d.add_resolution()
    assert "say what was resolved" in d.status.text()
    d.action_title.setText("Report back on recruitment")
    d.action_owner.setCurrentIndex(d.action_owner.findData(ctx.ids["Mem One"]))
    d.add_action()
    qtbot.waitUntil(lambda: not d._refresh_pending)
    ba = ctx.board.find("action", ref="BA1")
    assert ba["minute_id"] == minute["id"] and ba["owner_id"] == ctx.ids["Mem One"]
    assert ba["due_date"] == "2026-12-30"
    assert d.arising.count() == 1
    # declarations
    d.decl_person.setCurrentIndex(d.decl_person.findData(ctx.ids["Mem Two"]))
    d.decl_text.setText("Governor of a special school")
    d.add_declaration()
    qtbot.waitUntil(lambda: not d._refresh_pending)
    assert ctx.board.rows("declaration", parent_id=ctx.ids["meeting"])[0]["interest"] == \
        "Governor of a special school"
    # approve the previous meeting's minutes here
    monkeypatch.setattr(tm.TakeMeetingQuestions, "confirm", classmethod(lambda *a: True))
    d.approve_previous()
    assert ctx.board.get("meeting", ctx.ids["prev"])["status"] == "minutes approved"
    # produce the minutes off the GUI thread
    monkeypatch.setattr(tm.TakeMeetingQuestions, "choose_folder",
                        classmethod(lambda *a: tmp_path / "out"))
    offered = []
    monkeypatch.setattr(tm.TakeMeetingQuestions, "offer_folder",
                        classmethod(lambda cls, parent, paths: offered.append(paths) or False))
    d.produce("minutes")
    qtbot.waitUntil(lambda: bool(offered), timeout=20000)
    qtbot.waitUntil(lambda: not d.busy(), timeout=5000)
    minutes_path = offered[0][0]
    text = "\n".join(p.text for p in Document(str(minutes_path)).paragraphs)
    assert "RESOLVED: that progress be noted" in text and "DRAFT" in text
    d.accept()


def test_the_window_is_read_only_on_a_snapshot(qtbot, ctx, tmp_path):
    ctx.board.readonly = True
    d = tm.TakeMeetingDialog(ctx, ctx.ids["meeting"])
    qtbot.addWidget(d)
    assert not d.attendance.cellWidget(0, 2).isEnabled()
    assert not d.approve_button.isEnabled()
    ctx.board.readonly = False


def test_proposals_confirm_with_edits_and_dismiss(qtbot, ctx):
    d = ProposalsDialog(ctx, ctx.ids["meeting"])
    qtbot.addWidget(d)
    assert d.list.count() >= 2
    kinds = [p.kind for p in d.proposals]
    assert "slow progress" in kinds and "contribution to strengthen" in kinds
    d.list.setCurrentRow(kinds.index("slow progress"))
    d.title_edit.setText("PA1.1 is slow: recovery plan asked for")
    d.changed_edit.setPlainText("Nothing yet for families")
    assert d.confirm_current()
    entry = ctx.board.find("impact_entry", kind="slow progress")
    assert entry["title"] == "PA1.1 is slow: recovery plan asked for"
    assert entry["what_changed"] == "Nothing yet for families" and entry["status"] == "confirmed"
    assert "slow progress" not in [p.kind for p in d.proposals]
    d.list.setCurrentRow(0)
    assert d.dismiss_current()
    assert ctx.board.find("impact_entry", status="dismissed") is not None
    assert d.list.count() == 0 and "Nothing to propose" in d.intro.text()
    ctx.undo()
    d.reload()
    assert d.list.count() == 1


def test_attendance_record_dialog(qtbot, ctx):
    mc.record_attendance(ctx.board, ctx.ids["meeting"], ctx.ids["Mem One"], "present")
    mc.record_attendance(ctx.board, ctx.ids["prev"], ctx.ids["Mem One"], "apologies")
    d = AttendanceDialog(ctx)
    qtbot.addWidget(d)
    assert d.record["meetings"] == 2
    rows = {d.organisations.item(r, 0).text(): [d.organisations.item(r, c).text()
                                                for c in range(4)]
            for r in range(d.organisations.rowCount())}
    assert rows["Test Council"][1:] == ["12", "1", "8%"]  # 6 invited to each of 2 meetings
    assert "2 meetings held since 22 November 2025" in d.summary.text()
    assert dt.date(2026, 11, 22) == ctx.today()


def test_attendance_record_sorts_a_to_z_and_numbers_by_value(qtbot):
    from ui.dialogs.attendance import _table

    t = _table("Attendance", ["Organisation", "Invitations", "Rate"],
               [["West", "9", "78%"], ["Council", "73", "100%"], ["Academy", "10", "-"]])
    qtbot.addWidget(t)
    assert [t.item(r, 0).text() for r in range(3)] == ["Academy", "Council", "West"]
    t.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [t.item(r, 1).text() for r in range(3)] == ["9", "10", "73"]
    t.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert [t.item(r, 2).text() for r in range(3)] == ["78%", "100%", "-"]


def test_opening_the_window_changes_nothing(qtbot, ctx):
    before = len(ctx.board.change_log())
    d = tm.TakeMeetingDialog(ctx, ctx.ids["meeting"])
    qtbot.addWidget(d)
    d.show()
    d.tabs.setCurrentIndex(2)
    d.items.setCurrentRow(3)
    d.close()
    assert len(ctx.board.change_log()) == before
    assert ctx.board.rows("minute", parent_id=ctx.ids["meeting"]) == []
    assert ctx.undo() is None  # nothing to undo


def test_enter_in_the_resolution_adds_it_and_does_not_mark_the_meeting_held(qtbot, ctx):
    coming = ctx.board.create("meeting", {"meeting_date": "2026-11-22"}).id  # today
    d = tm.TakeMeetingDialog(ctx, coming)
    qtbot.addWidget(d)
    d.show()
    assert d.held_button.isVisible()
    d.tabs.setCurrentIndex(2)
    d.items.setCurrentRow(0)
    d.resolution_text.setFocus()
    qtbot.keyClicks(d.resolution_text, "the report be noted")
    qtbot.keyClick(d.resolution_text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not d._refresh_pending)
    minute = ctx.board.rows("minute", parent_id=coming)[0]
    assert [r["text"] for r in ctx.board.rows("resolution", parent_id=minute["id"])] == [
        "the report be noted"]
    assert ctx.board.get("meeting", coming)["status"] == "planned"
    assert not any(b.isDefault() or b.autoDefault()
                   for b in d.findChildren(tm.QPushButton))
    # one undo takes back the resolution and the numbering it brought
    ctx.undo()
    assert ctx.board.rows("minute", parent_id=coming) == []


def test_marking_held_before_the_meeting_day_is_refused_with_the_reason(qtbot, ctx):
    coming = ctx.board.create("meeting", {"meeting_date": "2026-12-16"}).id
    d = tm.TakeMeetingDialog(ctx, coming)
    qtbot.addWidget(d)
    d.mark_held()
    assert ctx.board.get("meeting", coming)["status"] == "planned"
    assert "16 December 2026 is still to come" in d.status.text() and "not before" in d.status.text()
    # the services refuse it however it is asked for (the meeting editor's status too)
    with pytest.raises(ValidationError, match="cannot be marked as held before"):
        ctx.board.update("meeting", coming, {"status": "held"})
    today = ctx.board.create("meeting", {"meeting_date": "2026-11-22"}).id
    d2 = tm.TakeMeetingDialog(ctx, today)
    qtbot.addWidget(d2)
    d2.mark_held()
    assert ctx.board.get("meeting", today)["status"] == "held"


def test_ctrl_z_in_the_window_undoes_the_boards_last_change(qtbot, ctx):
    d = tm.TakeMeetingDialog(ctx, ctx.ids["meeting"])
    qtbot.addWidget(d)
    with qtbot.waitActive(d):
        d.show()
        d.activateWindow()
    d.tabs.setCurrentIndex(1)
    d.decl_person.setCurrentIndex(d.decl_person.findData(ctx.ids["Mem Two"]))
    d.decl_text.setFocus()
    qtbot.keyClicks(d.decl_text, "Governor of a special school")
    qtbot.keyClick(d.decl_text, Qt.Key.Key_Return)  # Enter adds the declaration
    assert len(ctx.board.rows("declaration", parent_id=ctx.ids["meeting"])) == 1
    assert d.decl_text.text() == ""
    qtbot.keyClick(d.decl_text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ctx.board.rows("declaration", parent_id=ctx.ids["meeting"]) == []


def test_attendance_is_typed_row_by_row_and_names_the_person(qtbot, ctx):
    d = tm.TakeMeetingDialog(ctx, ctx.ids["meeting"])
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    people = [d.attendance.item(r, 0).text() for r in range(d.attendance.rowCount())]
    d.attendance.setCurrentCell(0, 0)
    d.attendance.setFocus()
    qtbot.keyClick(d.attendance, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: not d._refresh_pending)
    assert d.status.text() == f"Marked {people[0]} present"
    assert ctx.last_change.summary == f"Marked {people[0]} present"  # the status bar's words
    assert d.attendance.currentRow() == 1
    qtbot.keyClick(d.attendance, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: not d._refresh_pending)
    assert d.status.text() == f"Marked {people[1]} as sending apologies"
    assert d.attendance.currentRow() == 2
    found = {ctx.board.get("person", i["person_id"])["name"]: i["attendance"]
             for i in ctx.board.rows("invitee", parent_id=ctx.ids["meeting"])}
    assert found[people[0]] == "present" and found[people[1]] == "apologies"
    # the rest in one go, one undo step
    d.everyone_button.click()
    qtbot.waitUntil(lambda: not d._refresh_pending)
    states = [i["attendance"] for i in ctx.board.rows("invitee", parent_id=ctx.ids["meeting"])]
    assert states.count("apologies") == 1 and set(states) == {"present", "apologies"}
    assert d.status.text().startswith(f"Marked {len(states) - 2} people present: {people[2]}")
    assert not d.everyone_button.isEnabled()
    ctx.undo()
    qtbot.waitUntil(lambda: not d._refresh_pending)
    states = [i["attendance"] for i in ctx.board.rows("invitee", parent_id=ctx.ids["meeting"])]
    assert states.count("invited") == len(states) - 2


def test_attendance_words_are_not_cut(qtbot, ctx):
    d = tm.TakeMeetingDialog(ctx, ctx.ids["meeting"])
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    for row in range(d.attendance.rowCount()):
        box = d.attendance.cellWidget(row, 2)
        assert box.width() >= box.sizeHint().width()  # "Not recorded", never "Not recorde"


def test_enter_in_a_proposal_does_not_confirm_it(qtbot, ctx):
    d = ProposalsDialog(ctx, ctx.ids["meeting"])
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.list.setCurrentRow(0)
    d.title_edit.setFocus()
    qtbot.keyClicks(d.title_edit, " (edited)")
    qtbot.keyClick(d.title_edit, Qt.Key.Key_Return)
    assert ctx.board.rows("impact_entry") == []  # only the Confirm button confirms
    assert d.isVisible()

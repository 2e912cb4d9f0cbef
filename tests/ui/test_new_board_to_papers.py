"""A board built from an empty file to its first set of papers through the app alone:
File > New board, Board > Board settings, the Areas and Organisations tabs, People,
Actions, a meeting in the Meetings tab, then Generate papers; the papers read back with
the names typed."""

from __future__ import annotations

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QPlainTextEdit

from sendsec.services.board import Board
from tests.ui.test_board_settings import _menu_action
from ui import main_window as mw
from ui.dialogs import first_run
from ui.dialogs.papers_dialog import PapersQuestions

BOARD = "Westmoor SEND Improvement Board"


def _type(qtbot, widget, text: str) -> None:
    """Type `text` over what the field holds and finish it, as a person would."""
    control = widget.control
    if isinstance(control, QComboBox) and control.isEditable():
        control = control.lineEdit()
    control.setFocus()
    control.selectAll()
    qtbot.keyClicks(control, text)
    if isinstance(control, QPlainTextEdit):
        widget.edited.emit()  # Tab out of a long text
    else:
        qtbot.keyClick(control, Qt.Key.Key_Return)


def _choose(widget, value) -> None:
    widget.combo.setCurrentIndex(widget.combo.findData(value))


def _add(qtbot, window, entity: str, texts: dict[str, str], choices: dict | None = None) -> int:
    """Add a record in its register tab's editor; return its id."""
    tab = window.go_to_tab(entity)
    tab.add_record()
    form = tab.editor.form
    for name, text in texts.items():
        _type(qtbot, form.field_widget(name), text)
    for name, value in (choices or {}).items():
        _choose(form.field_widget(name), value)
    qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
    assert form.errors() == {}, form.errors()
    assert form.record_id is not None
    return form.record_id


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_TODAY", "2026-11-02")
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()

    def new_board(parent=None):  # the New board dialog, filled in and its button pressed
        dialog = first_run.NewBoardDialog(parent)
        qtbot.addWidget(dialog)
        dialog.form.name.setText(BOARD)
        dialog.form.folder.setText(str(tmp_path))
        dialog.findChild(QDialogButtonBox).button(
            QDialogButtonBox.StandardButton.Ok).click()
        return dialog.path

    monkeypatch.setattr(first_run.NewBoardDialog, "ask", classmethod(
        lambda cls, parent=None: new_board(parent)))
    yield w
    w.close()


def test_a_new_board_reaches_its_first_papers_through_the_app(qtbot, window, tmp_path,
                                                              monkeypatch):
    _menu_action(window, "File", "New board...").trigger()
    board = window.ctx.board
    assert board is not None and board.name == BOARD
    assert board.rows("action") == [] and board.rows("person") == []

    # the areas and the organisations, in their tabs
    area = _add(qtbot, window, "area", {"code": "a", "title": "Leadership and governance"})
    council = _add(qtbot, window, "organisation", {"name": "Westmoor Council"})
    icb = _add(qtbot, window, "organisation", {"name": "Westmoor Integrated Care Board"})

    # the people: the chair, the secretary, an owner and the three the notice requires
    people = {}
    for name, role, org in [
            ("Harriet Chair", "independent chair", None),
            ("Sam Secretary", "secretary", council),
            ("Olu Owner", "member", council),
            ("Hana Health", "member", icb),
            ("Dana DfE", "DfE adviser", None),
            ("Nico NHSE", "NHS England adviser", None),
            ("Cara Caselead", "DfE case lead", None)]:
        people[name] = _add(qtbot, window, "person", {"name": name},
                            {"role": role, **({"organisation_id": org} if org else {})})

    # Board > Board settings: the notice, the chair and the secretary
    _menu_action(window, "Board", "Board settings\u2026").trigger()
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    for name, text in [("local_area", "Westmoor"), ("lead_council", "Westmoor Council"),
                       ("notice_date", "05/05/2026"), ("target_date", "30/11/2027"),
                       ("chair_id", "Harriet Chair"), ("secretary_id", "Sam Secretary")]:
        _type(qtbot, dialog.field_widget(name), text)
    assert dialog.save(), dialog.message.text()
    settings = board.settings()
    assert settings["chair_id"] == people["Harriet Chair"]
    assert settings["notice_date"] == "2026-05-05"

    # an action with its area and accountable owner, typed into the pickers
    action = _add(qtbot, window, "action",
                  {"ref": "PA1.1", "title": "Publish the board's terms of reference",
                   "area_id": "a: Leadership", "owner_id": "Olu Owner",
                   "target": "Agreed by the board"})
    row = board.get("action", action)
    assert (row["area_id"], row["owner_id"]) == (area, people["Olu Owner"])

    # a meeting in the Meetings tab: the invitees and the agenda come with it
    meeting = _add(qtbot, window, "meeting", {"meeting_date": "09/12/2026",
                                              "venue": "Westmoor Civic Centre"})
    invited = {i["person_id"] for i in board.rows("invitee", parent_id=meeting)}
    assert {people["Dana DfE"], people["Nico NHSE"], people["Cara Caselead"]} <= invited

    # Meetings > Generate papers, into a folder the secretary picks
    out = tmp_path / "papers"
    monkeypatch.setattr(PapersQuestions, "choose_options",
                        classmethod(lambda cls, p, m, s, pdf, review=False: (out, False)))
    monkeypatch.setattr(PapersQuestions, "show_result", classmethod(lambda *a: False))
    meetings = window.go_to_tab("meeting")
    assert meetings.select_record(meeting)
    qtbot.mouseClick(meetings.papers_button, Qt.MouseButton.LeftButton)
    written = sorted(p.name for p in out.iterdir())
    agenda = next(out / n for n in written if n.endswith("Agenda.docx"))
    pack = next(out / n for n in written if n.endswith("Board pack.docx"))

    def text_of(path):
        doc = Document(str(path))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)

    agenda_text, pack_text = text_of(agenda), text_of(pack)
    assert BOARD in agenda_text and "Westmoor Civic Centre" in agenda_text
    assert "9 December 2026" in agenda_text
    assert "PA1.1" in pack_text and "Publish the board's terms of reference" in pack_text
    assert "Olu Owner" in pack_text and "Leadership and governance" in pack_text
    with Board.open(board.path, readonly=True, backup=False) as again:
        assert again.settings()["name"] == BOARD

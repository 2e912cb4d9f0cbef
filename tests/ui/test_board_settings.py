"""Board > Board settings…: every setting in one dialog, each checked as it is left, saved in
one undoable change that refreshes the window; refused input says why and saves nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import Qt

from sendsec.services.board import Board
from ui import main_window as mw
from ui import main_window_files as files
from ui.dialogs import board_settings as bs


@pytest.fixture
def new_board(tmp_path, today_fixed) -> Path:
    path = tmp_path / "Eastshire board.sqlite"
    Board.create_new(path, "Eastshire SEND Improvement Board",
                     notice_date="2026-05-05").close()
    return path


@pytest.fixture
def window(qtbot, new_board):
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.open_path(new_board)
    w.show()
    yield w
    w.close()


def _menu_action(window, menu_title: str, text: str):
    for menu_action in window.menuBar().actions():
        if menu_action.text().replace("&", "") == menu_title:
            for action in menu_action.menu().actions():
                if action.text().replace("&", "") == text:
                    return action
    raise AssertionError(f"no {menu_title} > {text}")


def _open(window, qtbot) -> bs.BoardSettingsDialog:
    _menu_action(window, "Board", "Board settings\u2026").trigger()
    dialog = window.settings_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _type(qtbot, dialog, name: str, text: str) -> None:
    """Select the field's text, type `text` over it and press Enter (as a person would)."""
    control = dialog.field_widget(name).control
    control.setFocus()
    control.selectAll()
    qtbot.keyClicks(control, text)
    qtbot.keyClick(control, Qt.Key.Key_Return)


def test_the_board_menu_opens_the_settings_showing_what_is_stored(window, qtbot):
    dialog = _open(window, qtbot)
    assert dialog.windowTitle() == "Board settings"
    assert dialog.field_widget("name").value() == "Eastshire SEND Improvement Board"
    assert dialog.field_widget("notice_date").value() == "05/05/2026"
    # offsets read as days before or after the meeting, not as signed numbers
    assert dialog.field_widget("off_request_updates").value() == 20
    assert dialog.field_widget("off_request_updates").control.text() == \
        "20 working days before"
    assert dialog.field_widget("off_draft_minutes_to_chair").control.text() == \
        "5 working days after"
    # no people yet: the dialog says where to add the chair and secretary
    assert "No people yet" in dialog.partners.text()
    # neither button is a default button, so Enter in a field never saves the dialog
    assert not dialog.save_button.isDefault() and not dialog.save_button.autoDefault()


def test_a_target_date_before_the_notice_is_shown_next_to_it_and_nothing_is_saved(
        window, qtbot):
    board = window.ctx.board
    log_before = len(board.change_log())
    dialog = _open(window, qtbot)
    _type(qtbot, dialog, "target_date", "01/03/2026")
    assert dialog.error("target_date") == ("Target date for actions: 1 March 2026 is before "
                                           "the Improvement Notice (5 May 2026)")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Nothing was saved" in dialog.message.text()
    assert board.settings()["target_date"] is None
    assert len(board.change_log()) == log_before
    # an impossible date: its own message, still nothing saved
    _type(qtbot, dialog, "target_date", "30/02/2027")
    assert "'30/02/2027' is not a real date" in dialog.error("target_date")
    assert len(board.change_log()) == log_before


def test_saving_is_one_change_that_refreshes_the_window_and_is_undone_at_once(window, qtbot):
    board = window.ctx.board
    dialog = _open(window, qtbot)
    _type(qtbot, dialog, "name", "Eastshire Local Area SEND Improvement Board")
    _type(qtbot, dialog, "local_area", "Eastshire")
    _type(qtbot, dialog, "lead_council", "Eastshire County Council")
    _type(qtbot, dialog, "target_date", "31/03/2028")
    dialog.field_widget("band_very_high").control.setValue(16)
    assert len(board.change_log(since="2000-01-01")) and board.settings()["local_area"] is None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    s = board.settings()
    assert (s["name"], s["local_area"], s["lead_council"], s["target_date"],
            s["band_very_high"]) == ("Eastshire Local Area SEND Improvement Board", "Eastshire",
                                     "Eastshire County Council", "2028-03-31", 16)
    assert window.windowTitle().startswith("Eastshire Local Area SEND Improvement Board - ")
    assert window.statusBar().currentMessage().startswith("Changed the board settings: ")
    window.tabs.setCurrentIndex(0)
    assert window.overview.heading.text() == "Eastshire Local Area SEND Improvement Board"
    window.undo()  # one step undoes the whole save
    s = board.settings()
    assert (s["name"], s["local_area"], s["target_date"]) == (
        "Eastshire SEND Improvement Board", None, None)
    assert window.windowTitle().startswith("Eastshire SEND Improvement Board - ")


def test_the_chair_and_secretary_are_chosen_from_the_people(window, qtbot):
    board = window.ctx.board
    chair = board.create("person", {"name": "Alex Chair", "role": "independent chair"}).id
    window.ctx.apply(lambda b: b.create("person", {"name": "Jo Secretary", "role": "secretary"}))
    secretary = board.find("person", name="Jo Secretary")["id"]
    dialog = _open(window, qtbot)
    for name, person in (("chair_id", chair), ("secretary_id", secretary)):
        combo = dialog.field_widget(name).control
        combo.setCurrentIndex(combo.findData(person))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    s = board.settings()
    assert (s["chair_id"], s["secretary_id"]) == (chair, secretary)


def test_cancel_keeps_the_board_as_it_was(window, qtbot):
    board = window.ctx.board
    dialog = _open(window, qtbot)
    _type(qtbot, dialog, "local_area", "Somewhere else")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert board.settings()["local_area"] is None


def test_emoji_and_right_to_left_names_are_saved_and_shown_as_typed(window, qtbot):
    name = "مجلس تحسين 🌟 Board"
    dialog = _open(window, qtbot)
    control = dialog.field_widget("name").control
    control.setFocus()
    control.selectAll()
    control.insert(name)  # pasted: QTest cannot type characters beyond the BMP
    qtbot.keyClick(control, Qt.Key.Key_Return)
    assert dialog.error("name") == ""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.ctx.board.name == name
    assert window.windowTitle().startswith(name)


def _template(path: Path, *, drop: str | None = None) -> Path:
    from sendsec.papers.template import build_template, template_bytes

    doc = build_template()
    if drop:
        style = doc.styles[drop]
        style.element.getparent().remove(style.element)
    Document(io.BytesIO(template_bytes(doc))).save(str(path))
    return path


def test_the_template_is_chosen_and_checked_for_the_styles_the_papers_need(
        window, qtbot, tmp_path, monkeypatch):
    board = window.ctx.board
    chosen: list[Path] = []
    monkeypatch.setattr(bs.TemplateChooser, "choose",
                        classmethod(lambda cls, parent, start: chosen.pop(0)))
    dialog = _open(window, qtbot)

    not_docx = tmp_path / "letterhead.txt"
    not_docx.write_text("hello", encoding="utf-8")
    chosen.append(not_docx)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert "is not a Word document (.docx)" in dialog.error("template_path")

    chosen.append(_template(tmp_path / "no headings.docx", drop="Heading 2"))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert "lacks styles the papers need: Heading 2" in dialog.error("template_path")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert board.settings()["template_path"] is None

    good = _template(tmp_path / "Eastshire template.docx")
    chosen.append(good)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.error("template_path") == ""
    good.unlink()  # the file vanishes before Save: refused, nothing saved
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "there is no file at" in dialog.error("template_path") or \
        "was not found" in dialog.error("template_path")
    assert board.settings()["template_path"] is None

    _template(good)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert board.settings()["template_path"] == str(good)


def test_a_read_only_board_shows_its_settings_disabled(qtbot, new_board, monkeypatch):
    monkeypatch.setattr(files.os, "access", lambda path, mode: False)
    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.open_path(new_board)
    w.show()
    try:
        assert w.ctx.readonly
        dialog = _open(w, qtbot)
        assert not dialog.save_button.isEnabled() and not dialog.choose_button.isEnabled()
        assert not dialog.field_widget("chair_id").control.isEnabled()
        assert dialog.field_widget("name").control.isReadOnly()
        assert "read-only" in dialog.message.text()
        assert dialog.field_widget("notice_date").value() == "05/05/2026"
    finally:
        w.close()


def test_the_dialog_leads_to_the_organisations_tab(window, qtbot):
    dialog = _open(window, qtbot)
    qtbot.mouseClick(dialog.partners_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.tabs.currentWidget() is window.register_tabs["organisations"]

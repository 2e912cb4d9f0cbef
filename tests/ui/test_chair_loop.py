"""The chair's loop in the window: comment in chair mode, send, read into the Challenges tab."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from sendsec.domain.errors import SendsecError
from sendsec.exchanges import comments
from sendsec.exchanges.snapshot_files import file_sha256
from sendsec.exchanges.snapshots import take_snapshot
from sendsec.services.board import Board
from tests.test_snapshots import build_board
from ui.dialogs.chair_comments import ChairQuestions, CommentDialog, MyCommentsDialog
from ui.dialogs.snapshot_changes import SnapshotChangesDialog
from ui.main_window import MainWindow

TEXT = "Why has this slipped again? Smith & Jones <b> \U0001F600"


@pytest.fixture
def files(tmp_path):
    board = build_board(tmp_path / "board.sqlite")
    with Board.open(board) as b:
        snapshot = take_snapshot(b, tmp_path / "sent").path
    return board, snapshot


@pytest.fixture
def answers(monkeypatch, tmp_path):
    said: dict[str, list] = {"comments": [("challenge", TEXT), ("comment", "Good progress")],
                             "told": [], "errors": [], "confirm": []}
    monkeypatch.setattr(ChairQuestions, "write_comment", classmethod(
        lambda cls, parent, record: said["comments"].pop(0) if said["comments"] else None))
    monkeypatch.setattr(ChairQuestions, "choose_folder", classmethod(
        lambda cls, parent, suggested: tmp_path / "back"))
    monkeypatch.setattr(ChairQuestions, "tell", classmethod(
        lambda cls, parent, text: said["told"].append(text)))
    monkeypatch.setattr(ChairQuestions, "show_error", classmethod(
        lambda cls, parent, text: said["errors"].append(text)))
    monkeypatch.setattr(ChairQuestions, "confirm", classmethod(
        lambda cls, parent, text, detail="": said["confirm"].append(text) or True))
    return said


def _window(qtbot, path: Path) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(path)
    return window


def test_chair_comments_on_a_snapshot_and_the_secretary_reads_them(qtbot, files, answers,
                                                                    monkeypatch):
    board, snapshot = files
    digest = file_sha256(snapshot)
    chair = _window(qtbot, snapshot)
    assert chair.comment_action.isEnabled() and not chair.read_comments_action.isEnabled()
    assert not chair.snapshot_action.isEnabled()  # a snapshot is not sent on from a snapshot
    actions = chair.register_tabs["actions"]
    chair.tabs.setCurrentWidget(actions)
    actions.select_record(chair.ctx.board.find("action", ref="PA1.1")["id"])
    chair.comment_action.trigger()
    risks = chair.register_tabs["risks"]
    chair.tabs.setCurrentWidget(risks)
    risks.select_record(chair.ctx.board.find("risk", ref="R1")["id"])
    chair.show()
    qtbot.waitExposed(chair)
    chair.activateWindow()
    qtbot.waitUntil(chair.isActiveWindow)
    risks.view.setFocus()
    qtbot.keyClick(risks.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert answers["errors"] == []
    kept = comments.load(comments.comments_path(snapshot))
    assert [(c.entity, c.kind, c.text) for c in kept.comments] == [
        ("action", "challenge", TEXT), ("risk", "comment", "Good progress")]
    assert file_sha256(snapshot) == digest  # the snapshot itself is never touched

    mine = MyCommentsDialog(chair, chair.ctx)
    qtbot.addWidget(mine)
    assert mine.list.count() == 2 and "2 comments by Chris Chair" in mine.heading.text()
    mine.send.click()
    sent = sorted((snapshot.parent.parent / "back").glob("*.sendsec-comments"))
    assert len(sent) == 1 and len(answers["told"]) == 1
    chair.close()

    secretary = _window(qtbot, board)
    assert not secretary.comment_action.isEnabled() and secretary.snapshot_action.isEnabled()
    monkeypatch.setattr(ChairQuestions, "choose_comments_file", classmethod(
        lambda cls, parent: sent[0]))
    secretary.read_comments_action.trigger()
    assert answers["errors"] == [] and ("1 challenge and 1 comment for the record" in answers["confirm"][0])
    tab = secretary.register_tabs["challenges"]
    assert secretary.tabs.currentWidget() is tab
    assert tab.model.rowCount() == 2
    # read again: nothing added, the secretary is told
    secretary.read_comments_action.trigger()
    assert tab.model.rowCount() == 2 and "read before" in answers["told"][-1]
    # one undo takes the whole reading back
    secretary.undo_action.trigger()
    assert secretary.ctx.board.rows("challenge") == []
    secretary.redo_action.trigger()
    assert len(secretary.ctx.board.rows("challenge")) == 2


def test_the_secretary_answers_a_challenge_in_the_challenges_tab(qtbot, files, answers):
    board, _ = files
    with Board.open(board) as b:
        cid = b.create("challenge", {"uid": "a" * 32, "raised_by": "Chris Chair",
                                     "raised_on": "2025-03-05", "text": "Why so late?",
                                     "entity": "action", "record": "Action PA1.1",
                                     "record_id": b.find("action", ref="PA1.1")["id"]}).id
    window = _window(qtbot, board)
    tab = window.register_tabs["challenges"]
    window.tabs.setCurrentWidget(tab)
    assert tab.select_record(cid)
    editor = tab.editor
    form = editor.form
    response = form.field_widget("response")
    response.control.setPlainText("A recovery plan is agreed.")
    response.edited.emit()
    status = form.field_widget("status")
    status.combo.setCurrentIndex(status.combo.findData("answered"))
    row = window.ctx.board.get("challenge", cid)
    assert row["response"] == "A recovery plan is agreed." and row["status"] == "answered"
    editor.go.click()
    assert window.tabs.currentWidget() is window.register_tabs["actions"]


def test_a_comment_needs_words_and_its_buttons_are_never_default(qtbot):
    dialog = CommentDialog(None, "Action PA1.1: Do the thing")
    qtbot.addWidget(dialog)
    assert not dialog.ok.isDefault() and not dialog.ok.autoDefault()
    dialog.ok.click()
    assert dialog.error.isVisible() is False or dialog.error.text() == "Write the comment first."
    assert dialog.result() == 0


def test_the_evidence_matrix_in_the_app_opens_the_record_of_a_gap(qtbot, files, answers,
                                                                  monkeypatch, tmp_path):
    from ui.dialogs.evidence_dialog import EvidenceDialog, EvidenceQuestions

    board, _ = files
    with Board.open(board) as b:
        b.update("action", b.find("action", ref="PA1.2")["id"], {"owner_id": None})
    window = _window(qtbot, board)
    dialog = EvidenceDialog(window, window.ctx, window.open_gap_record)
    qtbot.addWidget(dialog)
    codes = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert codes[:1] == ["3a"] and "5b" in codes and "13" in codes
    gap = next(i for i in dialog.gap_items() if "PA1.2" in i.text(2)
               and "accountable owner" in i.text(2))
    dialog.tree.setCurrentItem(gap)
    dialog.tree.itemActivated.emit(gap, 2)
    actions = window.register_tabs["actions"]
    assert window.tabs.currentWidget() is actions
    assert actions.selected_id() == window.ctx.board.find("action", ref="PA1.2")["id"]
    told = []
    monkeypatch.setattr(EvidenceQuestions, "choose_folder", classmethod(
        lambda cls, parent, suggested: tmp_path / "evidence"))
    monkeypatch.setattr(EvidenceQuestions, "tell", classmethod(
        lambda cls, parent, text: told.append(text)))
    paths = dialog.write_files()
    assert [p.suffix for p in paths] == [".docx", ".xlsx"] and told


def test_a_snapshot_opened_on_its_own_says_who_sent_it_and_what_changed(qtbot, tmp_path,
                                                                         monkeypatch):
    board = build_board(tmp_path / "board.sqlite")
    with Board.open(board) as b:
        take_snapshot(b, tmp_path / "sent")
        b.update("risk", b.find("risk", ref="R1")["id"], {"title": "Risk one, rewritten"})
        second = take_snapshot(b, tmp_path / "sent", note="Ahead of the March meeting").path
    lone = tmp_path / "inbox" / second.name  # no report, email or .sha256 beside it
    lone.parent.mkdir()
    lone.write_bytes(second.read_bytes())
    chair = _window(qtbot, lone)
    banner = chair.banner.message
    assert "Snapshot 2, taken" in banner and "by Sam Secretary" in banner
    assert "Note from the secretary: Ahead of the March meeting. Checked" in banner
    assert chair.banner.button.isVisibleTo(chair) and chair.snapshot_changes_action.isEnabled()
    shown = []
    monkeypatch.setattr(SnapshotChangesDialog, "exec", lambda self: shown.append(self) or 0)
    qtbot.mouseClick(chair.banner.button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    text = shown[0].text.toPlainText()
    assert "snapshot 1" in text and "R1" in text and "Risk one, rewritten" in text
    assert "by Sam Secretary" in shown[0].heading.text()
    shown[0].deleteLater()
    secretary = _window(qtbot, board)
    assert not secretary.banner.button.isVisibleTo(secretary)
    assert not secretary.snapshot_changes_action.isEnabled()


def test_a_snapshot_renamed_to_a_board_name_opens_as_the_read_only_snapshot(qtbot, files,
                                                                          tmp_path):
    _, snapshot = files
    renamed = tmp_path / "from the chair.sqlite"
    renamed.write_bytes(snapshot.read_bytes())
    window = _window(qtbot, renamed)
    assert window.ctx.readonly and window.ctx.board.snapshot_info["sequence"] == 1
    assert window.comment_action.isEnabled() and not window.read_comments_action.isEnabled()


def test_a_comments_file_opened_as_a_board_says_what_it_is_and_where_it_goes(
        qtbot, files, answers, tmp_path):
    """The secretary double-clicks the chair's attachment, or picks it in File > Open."""
    _, snapshot = files
    chair = _window(qtbot, snapshot)
    actions = chair.register_tabs["actions"]
    chair.tabs.setCurrentWidget(actions)
    actions.select_record(chair.ctx.board.find("action", ref="PA1.1")["id"])
    chair.comment_action.trigger()
    sent = comments.export_comments(chair.ctx.current_board, tmp_path / "back")[0]
    window = MainWindow()
    qtbot.addWidget(window)
    with pytest.raises(SendsecError) as caught:
        window.open_path(sent)
    assert str(caught.value) == (
        f"'{sent.name}' holds the chair's comments on a snapshot; it is not a board file. "
        "Open the board, then choose File > Read the chair's comments.")

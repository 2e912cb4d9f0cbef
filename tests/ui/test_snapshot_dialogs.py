"""File > Send snapshot to chair... and File > Compare with..., driven through their classmethods."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendsec.exchanges.snapshot_opening import open_snapshot
from sendsec.services.board import Board
from tests.test_snapshots import build_board
from ui.context import AppContext
from ui.dialogs import compare_dialog, snapshot_dialog
from ui.dialogs.compare_dialog import CompareDialog, DifferencesDialog, compare_with
from ui.dialogs.snapshot_dialog import (
    SnapshotDialog,
    SnapshotDoneDialog,
    SnapshotMessages,
    send_snapshot,
)


@pytest.fixture
def ctx(tmp_path, qtbot):
    board = Board.open(build_board(tmp_path / "board.sqlite"))
    context = AppContext(board)
    yield context
    context.set_board(None)


@pytest.fixture
def shown(monkeypatch):
    seen: dict[str, list] = {"messages": [], "results": [], "diffs": []}
    monkeypatch.setattr(SnapshotMessages, "show_message", classmethod(
        lambda cls, parent, message, title="": seen["messages"].append(message)))
    monkeypatch.setattr(SnapshotDoneDialog, "show_result", classmethod(
        lambda cls, parent, result: seen["results"].append(result)))
    monkeypatch.setattr(DifferencesDialog, "show_diff", classmethod(
        lambda cls, parent, diff: seen["diffs"].append(diff)))
    return seen


def _answer(monkeypatch, folder: Path | None, note: str | None = None) -> None:
    value = None if folder is None else (folder, note)
    monkeypatch.setattr(SnapshotDialog, "ask", classmethod(lambda cls, p, f, c: value))


def test_send_snapshot_writes_records_and_shows_the_files(ctx, shown, monkeypatch, tmp_path):
    _answer(monkeypatch, tmp_path / "out", "For the March meeting")
    changes = []
    ctx.changed.connect(changes.append)
    result = send_snapshot(None, ctx)
    assert result is not None and result.path.is_file() and result.eml_path.is_file()
    assert shown["results"] == [result] and shown["messages"] == []
    assert [r["sequence"] for r in ctx.board.snapshots_sent()] == [1]
    assert changes and changes[-1].entity == "snapshot"
    assert not ctx._undo  # recording a snapshot is not undoable: the file exists
    with open_snapshot(result.path) as s:
        assert s.snapshot_info["note"] == "For the March meeting"
    assert snapshot_dialog.default_folder(ctx) == tmp_path / "out"  # remembered


def test_cancelled_send_writes_nothing(ctx, shown, monkeypatch, tmp_path):
    _answer(monkeypatch, None)
    assert send_snapshot(None, ctx) is None
    assert ctx.board.snapshots_sent() == [] and shown["results"] == []


def test_a_failure_is_told_and_nothing_is_recorded(ctx, shown, monkeypatch, tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("x", encoding="utf-8")
    _answer(monkeypatch, blocker)
    assert send_snapshot(None, ctx) is None
    assert len(shown["messages"]) == 1 and "was not sent" in shown["messages"][0]
    assert ctx.board.snapshots_sent() == []


def test_a_snapshot_cannot_send_a_snapshot(ctx, shown, monkeypatch, tmp_path):
    _answer(monkeypatch, tmp_path / "out")
    result = send_snapshot(None, ctx)
    ctx.set_board(open_snapshot(result.path))
    assert send_snapshot(None, ctx) is None
    assert "read-only" in shown["messages"][-1]


def test_the_dialogs_check_their_input(qtbot, tmp_path):
    dialog = SnapshotDialog(None, tmp_path / "out", "Chris Chair")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled() and dialog.problems() == ""
    dialog.note.setPlainText("x" * 40_000)
    assert not ok.isEnabled() and "40,000" in dialog.problem.text()
    dialog.note.setPlainText("Line\x0bbreak \U0001F600 \u0645\u0631\u062d\u0628\u0627")
    assert ok.isEnabled()
    dialog.folder.setText("   ")
    assert not ok.isEnabled() and "Choose a folder" in dialog.problem.text()
    afile = tmp_path / "f.txt"
    afile.write_text("x", encoding="utf-8")
    dialog.folder.setText(str(afile))
    assert "is a file" in dialog.problem.text()
    dialog.folder.setText(str(tmp_path / "snapshots"))
    folder, note = dialog.values()
    assert folder == tmp_path / "snapshots" and note.startswith("Line\x0bbreak")


def test_done_dialog_shows_the_files_and_opens_the_folder(ctx, shown, monkeypatch, qtbot,
                                                          tmp_path):
    _answer(monkeypatch, tmp_path / "out")
    result = send_snapshot(None, ctx)
    dialog = SnapshotDoneDialog(None, result)
    qtbot.addWidget(dialog)
    assert dialog.sha.text() == result.sha256
    assert result.path.name in dialog.files.toPlainText()
    assert result.eml_path.name in dialog.files.toPlainText()
    opened = []
    monkeypatch.setattr(snapshot_dialog.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    dialog.open_button.click()
    assert [Path(p) for p in opened] == [result.path.parent]


def test_compare_with_a_snapshot_shows_grouped_differences(ctx, shown, monkeypatch, qtbot,
                                                           tmp_path):
    _answer(monkeypatch, tmp_path / "out")
    result = send_snapshot(None, ctx)
    action = ctx.board.find("action", ref="PA1.1")
    ctx.apply(lambda b: b.update("action", action["id"], {"rag": "red"}))
    monkeypatch.setattr(CompareDialog, "choose_file", classmethod(lambda c, p, s: result.path))
    diff = compare_with(None, ctx)
    assert shown["diffs"] == [diff]
    assert diff.old_label.startswith("snapshot 1")  # the snapshot is the older file
    assert [(i.kind, i.key) for i in diff.actions] == [("changed", "PA1.1")]
    dialog = DifferencesDialog(None, diff)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 1
    section = model.item(0, 0)
    assert section.text() == "Actions (1)"
    record = section.child(0, 0)
    assert record.text() == "Changed PA1.1 \u201cDo the thing\u201d"
    assert [record.child(0, c).text() for c in range(3)] == ["RAG", "Amber", "Red"]


def test_compare_refuses_another_board_and_a_hostile_file(ctx, shown, monkeypatch, tmp_path):
    other = build_board(tmp_path / "other.sqlite", name="Another Board")
    monkeypatch.setattr(CompareDialog, "choose_file", classmethod(lambda c, p, s: other))
    assert compare_with(None, ctx) is None
    assert "different boards" in shown["messages"][-1]
    bad = tmp_path / "bad.sendsec"
    bad.write_text("not a board", encoding="utf-8")
    monkeypatch.setattr(CompareDialog, "choose_file", classmethod(lambda c, p, s: bad))
    assert compare_with(None, ctx) is None
    assert "not an SQLite database" in shown["messages"][-1]
    monkeypatch.setattr(CompareDialog, "choose_file", classmethod(lambda c, p, s: None))
    assert compare_with(None, ctx) is None
    assert shown["diffs"] == []


def test_compare_files_orders_older_first(ctx, shown, monkeypatch, tmp_path):
    _answer(monkeypatch, tmp_path / "out")
    result = send_snapshot(None, ctx)
    forward = compare_dialog.compare_files(ctx.board.path, result.path)
    backward = compare_dialog.compare_files(result.path, ctx.board.path)
    assert forward.old_label == backward.old_label
    assert forward.is_empty() and backward.is_empty()


def test_a_report_that_cannot_be_written_leaves_the_snapshot_sent_and_says_so(
        ctx, shown, monkeypatch, tmp_path):
    from sendsec.papers import snapshot_report

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(snapshot_report, "report_bytes", full)
    _answer(monkeypatch, tmp_path / "out")
    result = send_snapshot(None, ctx)
    assert result is not None and result.path.is_file() and result.sha256_path.is_file()
    assert shown["results"] == [result]  # the snapshot was shown as soon as it was sealed
    assert not result.report_path.exists() and not result.eml_path.exists()
    [message] = shown["messages"]
    assert "was written and recorded" in message and "No space left on device" in message
    assert [r["sequence"] for r in ctx.board.snapshots_sent()] == [1]
    assert not [p for p in (tmp_path / "out").iterdir() if ".part" in p.name]


def test_the_done_dialog_shows_each_file_name_whole(ctx, shown, monkeypatch, qtbot, tmp_path):
    """At 1366x768 the names of a board called 'Wolverhampton SEND Improvement Board' were cut
    ('... - changes since the last snapshot.d') and the fourth hid under a scroll bar."""
    ctx.apply(lambda b: b.update_settings({"name": "Wolverhampton SEND Improvement Board"}))
    _answer(monkeypatch, tmp_path / "out")
    dialog = SnapshotDoneDialog(None, send_snapshot(None, ctx))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.files
    names = box.toPlainText().splitlines()
    widest = max(box.fontMetrics().horizontalAdvance(name) for name in names)
    room = box.viewport().width() - 2 * box.document().documentMargin()
    assert len(names) == 4 and widest <= room
    assert not box.horizontalScrollBar().isVisible() and not box.verticalScrollBar().isVisible()

"""File > Import from Excel with a complete export: the preview counts the records per sheet,
Import restores them into the empty board, and a board with records is refused."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from test_import_helpers import new_board

from sendsec.services.board import Board
from sendsec.spreadsheets.exporter import export
from ui.context import AppContext
from ui.dialogs.import_dialog import ImportDialog


def _export(tmp_path: Path) -> Path:
    with Board.create_new(tmp_path / "source.sqlite", "Source board", user="t") as board:
        with board.batch():
            p = board.create("person", {"name": "Smith & Jones"}).id
            a = board.create("action", {"ref": "PA1", "title": "Line one\nline two\ttab",
                                        "owner_id": p}).id
            board.create("action_update", {"action_id": a, "update_date": "2026-01-05",
                                           "rag": "green", "narrative": "On track"})
        return export(board, tmp_path / "source.xlsx")


def _wait(qtbot, dialog):
    qtbot.waitUntil(lambda: not dialog.busy and (dialog.plan is not None or bool(dialog.error)),
                    timeout=20_000)


def test_an_export_is_previewed_and_restored_into_an_empty_board(qtbot, tmp_path):
    out = _export(tmp_path)
    ctx = AppContext(Board.create_new(tmp_path / "empty.sqlite", "Empty", user="t"))
    changes = []
    ctx.changed.connect(changes.append)
    dialog = ImportDialog(ctx, out)
    qtbot.addWidget(dialog)
    _wait(qtbot, dialog)
    assert dialog.counts.text() == "To restore: 4 records and 6 lines of the change log."
    preview = dialog.preview.toPlainText()
    assert "is a complete export of 'Source board'" in preview
    assert "  Actions: 1" in preview and "  People: 1" in preview
    assert not dialog.columns.isEnabled() and not dialog.sheet_box.isEnabled()
    dialog.grab().save(str(tmp_path / "restore.png"))
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.busy, timeout=20_000)
    assert dialog.outcome.summary().startswith("Restored 4 records")
    action = ctx.board.find("action", ref="PA1")
    assert action["title"] == "Line one\nline two\ttab"
    assert ctx.board.label("person", action["owner_id"]) == "Smith & Jones"
    assert ctx.board.name == "Source board"
    assert changes and {"action", "person", "board"} <= changes[-1].entities


def test_a_board_with_records_refuses_the_export_and_changes_nothing(qtbot, tmp_path):
    out = _export(tmp_path)
    board = new_board(tmp_path)
    board.create("action", {"ref": "X1", "title": "Ours"})
    ctx = AppContext(board)
    dialog = ImportDialog(ctx, out)
    qtbot.addWidget(dialog)
    _wait(qtbot, dialog)
    assert "already holds 5 records" in dialog.counts.text()
    assert "File > New board" in dialog.counts.text()
    assert not dialog.import_button.isEnabled()
    assert [a["ref"] for a in ctx.board.rows("action")] == ["X1"]

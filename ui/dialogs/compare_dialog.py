"""File > Compare with...: what changed between the open board and another file of it.

The other file (a snapshot or a board file) is opened and compared off the
GUI thread: the worker opens both files itself (read-only; a snapshot through
the defensive `open_snapshot`), so it never shares the window's connection.
The older of the two is taken as "before". The differences are shown grouped
(actions, risks, impact log, measures, meetings), each record with its fields
before and after, in a tree view over a QStandardItemModel.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from sendsec.exchanges.snapshot_files import SUFFIX
from sendsec.exchanges.snapshot_opening import open_snapshot
from sendsec.reports.diff import BoardDiff, diff_boards, older_first
from sendsec.services.board import Board
from ui.context import AppContext
from ui.dialogs.snapshot_dialog import SnapshotMessages
from ui.ops import BackgroundOp

TITLE = "Compare with another file"


def _open(path: Path) -> Board:
    if path.suffix.lower() == SUFFIX:
        return open_snapshot(path)
    return Board.open(path, readonly=True, backup=False)


def compare_files(current: Path, other: Path) -> BoardDiff:
    """Open both files read-only, compare the older with the newer; return the differences."""
    a = _open(current)
    try:
        b = _open(other)
        try:
            old, new = older_first(a, b)
            return diff_boards(old, new)
        finally:
            b.close()
    finally:
        a.close()


def diff_model(diff: BoardDiff) -> QStandardItemModel:
    """Return the differences as a tree: section -> record -> field (what, before, after)."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["What changed", "Before", "After"])

    def cell(text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setToolTip(text if len(text) < 2000 else text[:2000] + "…")
        return item

    if diff.is_empty():
        model.appendRow([cell("No differences."), cell(""), cell("")])
    for heading, items in diff.sections():
        section = cell(f"{heading} ({len(items)})")
        for item in items:
            record = cell(" ".join(item.head().split()))
            for change in item.changes:
                record.appendRow([cell(change.field), cell(" ".join(change.old.split())),
                                  cell(" ".join(change.new.split()))])
            section.appendRow([record, cell(""), cell(" ".join(item.detail.split()))])
        model.appendRow([section, cell(""), cell("")])
    return model


class DifferencesDialog(QDialog):
    """Shows a BoardDiff grouped by register, fully expanded, with 'Copy as text'."""

    def __init__(self, parent: QWidget | None, diff: BoardDiff):
        super().__init__(parent)
        self.diff = diff
        self.setWindowTitle(f"Differences - {diff.board_name}")
        self.setAccessibleName("Differences between two files of the board")
        layout = QVBoxLayout(self)
        head = QLabel(f"From {diff.old_label}\nto {diff.new_label}"
                      + "".join(f"\n{n}" for n in diff.notes))
        head.setWordWrap(True)
        head.setAccessibleName("Files compared")
        layout.addWidget(head)
        self.model = diff_model(diff)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Differences")
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)
        self.view.expandAll()
        self.view.setColumnWidth(0, 420)
        self.view.setColumnWidth(1, 220)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("&Copy as text", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText("\n".join(diff.lines())))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(980, 620)

    @classmethod
    def show_diff(cls, parent: QWidget | None, diff: BoardDiff) -> None:
        cls(parent, diff).exec()


class CompareDialog:
    """The question compare asks, as a classmethod tests replace."""

    @classmethod
    def choose_file(cls, parent: QWidget | None, start: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            parent, "Compare with", str(start),
            "Snapshots and board files (*.sendsec *.sqlite *.db);;All files (*)")
        return Path(name) if name else None


def compare_with(parent: QWidget | None, ctx: AppContext) -> BoardDiff | None:
    """Ask for another file of the board, compare off the GUI thread, show the differences.

    Returns the BoardDiff, or None if cancelled or refused (the person is told why).
    """
    if ctx.board is None:
        return None
    current = ctx.board.path
    other = CompareDialog.choose_file(parent, current.parent)
    if other is None:
        return None
    outcome = BackgroundOp(parent, TITLE, "Opening and comparing the files...",
                           lambda _progress: compare_files(current, other)).run()
    if not outcome.ok:
        SnapshotMessages.show_message(parent, outcome.message, TITLE)
        return None
    diff = outcome.value
    DifferencesDialog.show_diff(parent, diff)
    return diff

"""The chair's loop in the app.

The chair, with a snapshot open read-only: Chair > Comment on the selected record…,
Chair > My comments on this snapshot… (take one back), Chair > Send my comments to the
secretary… (a .sendsec-comments file and an email draft). The comments live beside the
snapshot, never in it.

The secretary: File > Read the chair's comments… reads a comments file into the
challenge log (a preview first; one undo step), and answers them in the Challenges tab.

Questions go through classmethods that tests replace (`ChairQuestions`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.entities import COMMENTABLE
from sendsec.domain.errors import SendsecError
from sendsec.exchanges import comments
from sendsec.services.board_files import data_dir
from ui.context import AppContext
from ui.widgets.guards import install_guards

TITLE = "The chair's comments"
KIND_LABELS = (("challenge", "Challenge: needs an answer"), ("comment", "Comment: for the record"))


class CommentDialog(QDialog):
    """Write one comment or challenge on one record. Enter in the text adds a line; the
    buttons are never default, so nothing is sent by a stray Enter."""

    def __init__(self, parent: QWidget | None, record: str):
        super().__init__(parent)
        install_guards()  # even before the main window is first painted (ui.widgets.guards)
        self.setWindowTitle("Comment on a record")
        self.setAccessibleName(f"Comment on {record}")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        about = QLabel(record, self)
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.PlainText)
        about.setAccessibleName(f"Record: {record}")
        layout.addWidget(about)
        form = QFormLayout()
        self.kind = QComboBox(self)
        for value, label in KIND_LABELS:
            self.kind.addItem(label, value)
        self.kind.setAccessibleName("Kind of comment")
        form.addRow("&Kind:", self.kind)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("Comment or challenge")
        self.text.setAccessibleDescription("Required. Up to 20,000 characters.")
        self.text.setPlaceholderText("e.g. Why has this slipped again?")
        self.text.setTabChangesFocus(True)
        form.addRow("&Text:", self.text)
        layout.addLayout(form)
        self.error = QLabel("", self)
        self.error.setStyleSheet("color: #a4262c;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("Add comment", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        for b in (self.ok, cancel):
            b.setAutoDefault(False)
            b.setDefault(False)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.text.setFocus()

    def _accept(self) -> None:
        if not self.text.toPlainText().strip():
            self.error.setText("Write the comment first.")
            self.error.setAccessibleName("Write the comment first.")
            self.error.show()
            self.text.setFocus()
            return
        self.accept()

    def values(self) -> tuple[str, str]:
        return self.kind.currentData(), self.text.toPlainText()


class ChairQuestions:
    """The questions of the chair's loop, as classmethods that tests replace."""

    @classmethod
    def write_comment(cls, parent: QWidget | None, record: str) -> tuple[str, str] | None:
        dialog = CommentDialog(parent, record)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def choose_folder(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        suggested.mkdir(parents=True, exist_ok=True)
        chosen = QFileDialog.getExistingDirectory(
            parent, "Write the comments file into which folder?", str(suggested))
        return Path(chosen) if chosen else None

    @classmethod
    def choose_comments_file(cls, parent: QWidget | None) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "Read the chair's comments", str(Path.home()),
            f"The chair's comments (*{comments.SUFFIX});;All files (*)")
        return Path(chosen) if chosen else None

    @classmethod
    def confirm(cls, parent: QWidget | None, text: str, detail: str = "") -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, TITLE, text, parent=parent)
        if detail:
            box.setDetailedText(detail)
        yes = box.addButton("Read them", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        # None: no default button (PySide6 takes it; its type hints do not say so)
        box.setDefaultButton(None)  # type: ignore[call-overload]
        box.exec()
        return box.clickedButton() is yes

    @classmethod
    def tell(cls, parent: QWidget | None, text: str) -> None:
        QMessageBox.information(parent, TITLE, text)

    @classmethod
    def show_error(cls, parent: QWidget | None, text: str) -> None:
        QMessageBox.warning(parent, TITLE, text)


def _is_snapshot(ctx: AppContext) -> bool:
    return ctx.board is not None and bool(getattr(ctx.board, "snapshot_info", None))


def comment_on(parent: QWidget | None, ctx: AppContext, entity_name: str,
               record_id: Any) -> comments.Comment | None:
    """Ask the chair for a comment on one record of the open snapshot and keep it beside
    the snapshot; return it (None if cancelled or refused, the chair told why)."""
    board = ctx.board
    if not _is_snapshot(ctx) or board is None:
        ChairQuestions.show_error(parent, "Comments are made on a snapshot the secretary sent "
                                          "(File > Open snapshot).")
        return None
    if entity_name not in COMMENTABLE or record_id is None:
        ChairQuestions.show_error(parent, "Select an action, risk, measure, impact log entry "
                                          "or meeting first.")
        return None
    try:
        row = board.get(entity_name, record_id)
        answer = ChairQuestions.write_comment(parent, comments.describe(board, entity_name, row))
        if answer is None:
            return None
        kind, text = answer
        comment, _ = comments.add_comment(board, entity_name, record_id, text, kind=kind)
    except SendsecError as exc:
        ChairQuestions.show_error(parent, str(exc))
        return None
    return comment


class MyCommentsDialog(QDialog):
    """The chair's comments on the open snapshot: read them, take one back, send them."""

    def __init__(self, parent: QWidget | None, ctx: AppContext):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("My comments on this snapshot")
        self.setAccessibleName("My comments on this snapshot")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Comments")
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(self)
        self.remove = QPushButton("&Take back", self)
        self.remove.setAccessibleName("Take back the selected comment")
        self.send = QPushButton("&Send to the secretary...", self)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        for b in (self.remove, self.send, close):
            b.setAutoDefault(False)
            b.setDefault(False)
        buttons.addButton(self.remove, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.send, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.remove.clicked.connect(self._remove)
        self.send.clicked.connect(lambda: send_comments(self, self.ctx))
        layout.addWidget(buttons)
        self.fill()

    def fill(self) -> None:
        self.list.clear()
        try:
            kept = comments.load_own(self.ctx.current_board)
        except SendsecError as exc:
            self.heading.setText(str(exc))
            self.remove.setEnabled(False)
            self.send.setEnabled(False)
            return
        n = len(kept.comments)
        text = (f"{n} comment{'s' if n != 1 else ''} by {kept.author} on snapshot "
                f"{kept.snapshot_sequence}, kept beside the snapshot (never in it).")
        self.heading.setText(text)
        self.heading.setAccessibleName(text)
        for c in kept.comments:
            item = QListWidgetItem(f"{c.record}\n{c.kind.capitalize()}: {c.text}")
            item.setData(Qt.ItemDataRole.UserRole, c.uid)
            self.list.addItem(item)
        self.remove.setEnabled(n > 0)
        self.send.setEnabled(n > 0)

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        try:
            comments.remove_comment(self.ctx.current_board, item.data(Qt.ItemDataRole.UserRole))
        except SendsecError as exc:
            ChairQuestions.show_error(self, str(exc))
        self.fill()


def send_comments(parent: QWidget | None, ctx: AppContext) -> list[Path] | None:
    """Write the chair's comments file and the email to the secretary into a folder the chair
    chooses; return the files (None if cancelled or refused)."""
    if not _is_snapshot(ctx):
        return None
    folder = ChairQuestions.choose_folder(parent, data_dir() / "comments")
    if folder is None:
        return None
    try:
        paths = comments.export_comments(ctx.current_board, folder)
    except SendsecError as exc:
        ChairQuestions.show_error(parent, str(exc))
        return None
    ChairQuestions.tell(parent, f"Written to {folder}:\n" + "\n".join(p.name for p in paths)
                        + "\n\nOpen the email draft in Outlook to send the comments.")
    return paths


def read_chairs_comments(parent: QWidget | None, ctx: AppContext,
                         path: Path | None = None) -> list[int] | None:
    """File > Read the chair's comments: preview, then read them into the challenge log as
    one undoable step; return the ids of the challenges added (None if nothing was read)."""
    board = ctx.board
    if board is None or ctx.readonly:
        ChairQuestions.show_error(parent, "Open the board file itself (not read-only) to read "
                                          "the chair's comments into it.")
        return None
    path = path or ChairQuestions.choose_comments_file(parent)
    if path is None:
        return None
    try:
        preview = comments.read_comments(board, path, dry_run=True)
    except SendsecError as exc:
        ChairQuestions.show_error(parent, str(exc))
        return None
    if not preview.added:
        ChairQuestions.tell(parent, preview.lines()[0].replace(" would be added", " to add")
                            + " Nothing was changed.")
        return None
    kept = comments.load(path)
    detail = "\n\n".join(f"{c.record}\n{c.kind.capitalize()}: {c.text}" for c in kept.comments)
    if not ChairQuestions.confirm(parent, "\n".join(preview.lines()), detail):
        return None
    result: dict[str, Any] = {}

    def work(b):
        r = comments.read_comments(b, path)
        result["r"] = r
        return r.change

    try:
        ctx.apply(work)
    except SendsecError as exc:
        ChairQuestions.show_error(parent, str(exc))
        return None
    return list(result["r"].added) if "r" in result else None

"""File > Send snapshot to chair...: write a read-only copy of the board for the chair.

The copy and its checksum are written off the GUI thread
(`sendsec.exchanges.snapshots.prepare_snapshot` uses its own connections) under temporary
names; the snapshot is then recorded in the open board through `ctx.apply` and only then
moved into place, and shown with an offer to open the folder while its changes report and
email draft are written in the background (a failure there is told in its own message; the
snapshot stays sent).
Every question and message goes through a classmethod tests can replace.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.errors import SendsecError
from sendsec.exchanges.snapshots import MAX_NOTE, SnapshotResult, prepare_snapshot
from ui import output_folders
from ui.context import AppContext
from ui.ops import BackgroundOp, error_message

TITLE = "Send snapshot to chair"


# ------------------------------------------------------------- off the GUI thread




# ------------------------------------------------------------------- the asking

def default_folder(ctx: AppContext) -> Path:
    """Return where snapshots go unless the person chooses otherwise: the board's output
    folder's 'Snapshots', or the folder chosen for them before."""
    return output_folders.propose(ctx, "snapshots")


class SnapshotDialog(QDialog):
    """Asks which folder to write the snapshot into, and for an optional note to the chair."""

    def __init__(self, parent: QWidget | None, folder: Path, chair: str):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "sendsec writes a read-only copy of the board for the chair"
            + (f" ({chair})" if chair else "") + ", with its SHA-256 checksum, a Word report of "
            "what changed since the last snapshot, and an email draft with them attached.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        row = QHBoxLayout()
        self.folder = QLineEdit(str(folder))
        self.folder.setAccessibleName("Folder to write the snapshot into")
        browse = QPushButton("Browse...")
        browse.setAccessibleName("Choose the folder")
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        folder_label = QLabel("&Folder:")
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, row)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note to the chair (optional)")
        self.note.setPlaceholderText("Optional: a note kept inside the snapshot, e.g. "
                                     "'Updates for the March meeting'")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        form.addRow("&Note:", self.note)
        layout.addLayout(form)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("What is wrong")
        self.problem.setStyleSheet("color: #a00000;")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Take snapshot")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.folder.textChanged.connect(self._check)
        self.note.textChanged.connect(self._check)
        self.resize(560, 0)
        self._check()

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the snapshot",
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def problems(self) -> str:
        """Return what stops the snapshot being taken ('' when nothing does)."""
        if not self.folder.text().strip():
            return "Choose a folder to write the snapshot into."
        target = Path(self.folder.text().strip())
        if target.exists() and not target.is_dir():
            return f"'{target}' is a file, not a folder."
        size = len(self.note.toPlainText())
        if size > MAX_NOTE:
            return f"The note is {size:,} characters long; the most it can hold is {MAX_NOTE:,}."
        return ""

    def _check(self) -> None:
        problem = self.problems()
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def values(self) -> tuple[Path, str | None]:
        note = self.note.toPlainText().strip()
        return Path(self.folder.text().strip()), note or None

    @classmethod
    def ask(cls, parent: QWidget | None, folder: Path, chair: str
            ) -> tuple[Path, str | None] | None:
        """Return (folder, note), or None if the person cancels."""
        dialog = cls(parent, folder, chair)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()


class SnapshotDoneDialog(QDialog):
    """Shows the files written and the SHA-256, and offers to open the folder."""

    def __init__(self, parent: QWidget | None, result: SnapshotResult):
        super().__init__(parent)
        self.written = result
        self.setWindowTitle(f"Snapshot {result.sequence} written")
        self.setAccessibleName(f"Snapshot {result.sequence} written")
        layout = QVBoxLayout(self)
        head = QLabel(f"Snapshot {result.sequence} of the board was written to "
                      f"<b>{_html(result.path.parent)}</b>. Open the email draft in Outlook, "
                      "check it and send it to the chair.")
        head.setWordWrap(True)
        layout.addWidget(head)
        self.files = QPlainTextEdit("\n".join(p.name for p in (
            result.path, result.sha256_path, result.report_path, result.eml_path)))
        self.files.setReadOnly(True)
        self.files.setAccessibleName("Files written")
        self.files.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._fit_files()
        layout.addWidget(self.files)
        self.sha = QLineEdit(result.sha256)
        self.sha.setReadOnly(True)
        self.sha.setAccessibleName("SHA-256 of the snapshot")
        form = QFormLayout()
        form.addRow("SHA-256:", self.sha)
        layout.addLayout(form)
        basis = QLabel(f"The report: {result.compared_with}")
        basis.setWordWrap(True)
        layout.addWidget(basis)
        for note in result.notes:
            warn = QLabel(note)
            warn.setWordWrap(True)
            warn.setStyleSheet("color: #7a4a00;")
            layout.addWidget(warn)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton("&Open folder",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button = buttons.addButton("&Copy SHA-256",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self.open_folder)
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(result.sha256))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(680, self.sizeHint().height())

    def _fit_files(self) -> None:
        """Make the list of files wide enough for its longest name (a long board name makes
        names of 100 characters), as far as the screen allows, and tall enough for all four
        with a scroll bar under them when it does not."""
        box = self.files
        metrics = box.fontMetrics()
        widest = max(metrics.horizontalAdvance(n) for n in box.toPlainText().splitlines())
        needed = int(widest + 2 * box.document().documentMargin() + 2 * box.frameWidth() + 4)
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().width() - 80 if screen is not None else needed
        box.setMinimumWidth(min(needed, room))
        bar = box.horizontalScrollBar().sizeHint().height() if needed > room else 0
        box.setFixedHeight(metrics.lineSpacing() * 4 + 24 + bar)
        box.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # all four fit

    def open_folder(self) -> bool:
        """Open the snapshot's folder in the file manager; return whether it opened."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written.path.parent)))

    @classmethod
    def show_result(cls, parent: QWidget | None, result: SnapshotResult) -> None:
        cls(parent, result).exec()


class SnapshotMessages:
    """Messages about snapshots, as a classmethod tests replace."""

    @classmethod
    def show_message(cls, parent: QWidget | None, message: str, title: str = TITLE) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(message)
        box.setAccessibleName(title)
        box.exec()


def _html(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ------------------------------------------------------------------- the action

def send_snapshot(parent: QWidget | None, ctx: AppContext) -> SnapshotResult | None:
    """Ask for a folder and note, write the snapshot off the GUI thread, record it, show it.

    Returns the SnapshotResult, or None if cancelled or refused (the person is told why).
    """
    board = ctx.board
    if board is None:
        return None
    if board.snapshot_info is not None:
        SnapshotMessages.show_message(parent, "This is a snapshot, open read-only. Snapshots "
                                      "are sent from the live board file.")
        return None
    if board.readonly:
        SnapshotMessages.show_message(parent, "The board is open read-only, so the snapshot "
                                      "could not be recorded in it. Open it for editing to send "
                                      "a snapshot.")
        return None
    chair_id = board.settings().get("chair_id")
    chair = board.label("person", chair_id) if chair_id else ""
    answer = SnapshotDialog.ask(parent, default_folder(ctx), chair)
    if answer is None:
        return None
    folder, note = answer
    source, user = board.path, board.user
    outcome = BackgroundOp(
        parent, TITLE, "Writing the snapshot and its checksum...",
        lambda _progress: prepare_snapshot(source, folder, note=note, user=user)).run()
    if not outcome.ok:
        SnapshotMessages.show_message(parent, f"The snapshot was not sent. {outcome.message}")
        return None
    prepared = outcome.value
    output_folders.remember(ctx, "snapshots", None, folder)
    result = prepared.result
    # recorded in the board first, then moved into place: a snapshot under its final name
    # is always one the board knows it sent
    try:
        ctx.apply(lambda b: b.record_snapshot(sequence=result.sequence,
                                              taken_at=result.taken_at,
                                              file_name=result.path.name,
                                              sha256=result.sha256, note=result.note))
        prepared.publish()
    except SendsecError as exc:
        prepared.discard()
        SnapshotMessages.show_message(parent, f"The snapshot was not sent: it could not be "
                                      f"recorded in the board or put in its folder. {exc}")
        return None
    # the snapshot is sealed and in place: it is shown while its report and email draft are
    # written in the background; if they cannot be, the snapshot stays and the person is told
    papers = BackgroundOp(parent, TITLE, "Writing the changes report and the email draft...",
                          lambda _progress: prepared.write_papers(), dialog=False)
    papers.failure(lambda exc: SnapshotMessages.show_message(parent, error_message(exc)))
    papers.run_in_background()
    SnapshotDoneDialog.show_result(parent, result)
    _wait_for(papers)
    return result


def _wait_for(op: BackgroundOp) -> None:
    """Let the event loop run (user input aside) until `op` has ended and told its outcome."""
    if op.outcome is not None:
        return
    loop = QEventLoop()
    op.finally_(loop.quit)
    if op.outcome is None:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

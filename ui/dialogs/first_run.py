"""Starting with no board: make a new one, open a file, or try the demo board.

`FirstRunDialog.ask(parent)` returns (choice, path): ('new', the new board's
file, already created), ('open', the chosen file), ('demo', where to build the
demo board) or (None, None) if the person closed the dialog.
`NewBoardDialog.ask(parent)` is the "New board" part alone (File > New board).
Both are classmethods so tests replace them instead of clicking.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.entities import TITLE_LIMIT
from sendsec.domain.errors import SendsecError, ValidationError
from sendsec.services.board import Board
from sendsec.services.board_files import data_dir

BOARD_FILTER = "sendsec boards (*.sqlite *.sendsec);;All files (*)"


def default_folder() -> Path:
    """Return the folder new boards go in by default (sendsec's data folder, 'Boards')."""
    folder = data_dir() / "Boards"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_name_for(board_name: str) -> str:
    """Return a safe file name for a board called `board_name`."""
    stem = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", board_name).strip(" .")
    stem = " ".join(stem.split())[:80] or "Board"
    return f"{stem}.sqlite"


def unused_path(folder: Path, file_name: str) -> Path:
    """Return folder/file_name, or 'name (2).sqlite' ... if it exists."""
    path = folder / file_name
    n = 2
    while path.exists():
        path = folder / f"{Path(file_name).stem} ({n}){Path(file_name).suffix}"
        n += 1
    return path


class NewBoardForm(QWidget):
    """The board's name and where its file goes; `create()` makes it or says what is wrong."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. West Northamptonshire SEND Improvement Board")
        self.name.setAccessibleName("Board name")
        self.name.setMaxLength(TITLE_LIMIT)
        self.folder = QLineEdit(str(default_folder()), self)
        self.folder.setAccessibleName("Folder for the board file")
        browse = QPushButton("Choose folder...", self)
        browse.setAccessibleName("Choose the folder for the board file")
        browse.clicked.connect(self._browse)
        self.file_label = QLabel(self)
        self.file_label.setAccessibleName("The board file that will be made")
        self.file_label.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        self.error.hide()
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Board &name:", self.name)
        folder_label = QLabel("&Folder:", self)  # Alt+F goes to the folder box
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, row)
        form.addRow("", self.file_label)
        form.addRow("", self.error)
        self.name.textChanged.connect(self._update)
        self.folder.textChanged.connect(self._update)
        self._update()

    def target(self) -> Path:
        folder = Path(self.folder.text().strip() or str(default_folder()))
        return unused_path(folder, file_name_for(self.name.text()))

    def _update(self) -> None:
        self.file_label.setText(f"The file will be: {self.target()}")

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the board file",
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.name.setAccessibleDescription(message)

    def create_board(self) -> Path | None:
        """Create the board file; return its path, or None after showing what is wrong."""
        name = self.name.text().replace("\x0b", " ").strip()
        if not name:
            self.show_error("Type the board's name first.")
            self.name.setFocus()
            return None
        path = self.target()
        if not path.parent.exists():
            self.show_error(f"The folder '{path.parent}' does not exist.")
            return None
        try:
            board = Board.create_new(path, name)
        except ValidationError as exc:
            self.show_error(str(exc))
            return None
        except SendsecError as exc:
            self.show_error(str(exc))
            return None
        except OSError as exc:
            self.show_error(f"The board file cannot be made there: {exc.strerror or exc}.")
            return None
        board.close()
        return path


class NewBoardDialog(QDialog):
    """File > New board: the name and the folder."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New board")
        self.form = NewBoardForm(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create board")
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(620, 200)
        self.path: Path | None = None

    def _create(self) -> None:
        self.path = self.form.create_board()
        if self.path is not None:
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> Path | None:
        """Return the new board's file (created), or None if cancelled."""
        dialog = cls(parent)
        return dialog.path if dialog.exec() == QDialog.DialogCode.Accepted else None


class FirstRunDialog(QDialog):
    """Three ways to start: a new board, an existing file, or the demo board."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Welcome to sendsec")
        self.choice: tuple[str | None, Path | None] = (None, None)
        intro = QLabel(
            "<h2>Welcome to sendsec</h2>"
            "<p>sendsec keeps the SEND Improvement Board's records in one file on this "
            "computer: the Priority Action Plan, the risk register, the action and impact log, "
            "the performance measures and the meeting cycle, and writes the papers for every "
            "meeting.</p><p>How would you like to start?</p>", self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        self.form = NewBoardForm(self)
        new_button = QPushButton("Create the new board", self)
        new_button.setAccessibleName("Create the new board")
        new_button.setDefault(True)
        new_button.clicked.connect(self._new)
        new_box = _section(self, "Start a new board", self.form, new_button)

        open_button = QPushButton("Open a board file...", self)
        open_button.setAccessibleName("Open a board file")
        open_button.clicked.connect(self._open)
        open_box = _section(self, "Open a board file or a snapshot from the secretary",
                            QLabel("A .sqlite board file, or a .sendsec snapshot (opens "
                                   "read-only)."), open_button)

        demo_button = QPushButton("Try the demo board", self)
        demo_button.setAccessibleName("Try the demo board")
        demo_button.clicked.connect(self._demo)
        demo_box = _section(self, "Try it out",
                            QLabel("A made-up board with actions, risks, measures and "
                                   "meetings to explore. Your own boards are not touched."),
                            demo_button)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(new_box)
        layout.addWidget(open_box)
        layout.addWidget(demo_box)
        layout.addWidget(close)
        self.resize(680, 560)
        self.form.name.setFocus()

    def _new(self) -> None:
        path = self.form.create_board()
        if path is not None:
            self.choice = ("new", path)
            self.accept()

    def _open(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Open a board file", str(default_folder()),
                                                BOARD_FILTER)
        if chosen:
            self.choice = ("open", Path(chosen))
            self.accept()

    def _demo(self) -> None:
        self.choice = ("demo", default_folder() / "Demo board.sqlite")
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> tuple[str | None, Path | None]:
        """Return (choice, path): see the module's docstring."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None, None
        return dialog.choice


def _section(parent: QWidget, title: str, body: QWidget, button: QPushButton) -> QFrame:
    frame = QFrame(parent)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(frame)
    heading = QLabel(f"<b>{title}</b>", frame)
    layout.addWidget(heading)
    if isinstance(body, QLabel):
        body.setWordWrap(True)
    layout.addWidget(body)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    layout.addLayout(row)
    frame.setAccessibleName(title)
    return frame

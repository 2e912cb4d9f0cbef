"""'Take the meeting': attendance, declarations and the minutes, as the meeting happens.

Every edit goes through `AppContext.apply(lambda b: meeting_cycle.xxx(b, ...))`,
so it is saved at once, can be undone, and every other view hears of it. The
quorum message under the title follows the attendance as it is recorded.
"Produce minutes" and "Actions extract" write the Word documents on a worker
thread (with its own read-only connection to the board file) and then offer to
open the folder; "Approve minutes of the previous meeting" records the
resolution at this meeting. The pages live beside this shell:
`take_meeting_attendance` (attendance, declarations) and `take_meeting_minutes`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.dates import clock, long_date
from sendsec.domain.entities import HELD_STATUSES
from sendsec.domain.errors import SendsecError
from sendsec.services import meeting_cycle as mc
from sendsec.services.board import Board
from ui import output_folders
from ui.context import AppContext
from ui.dialogs.errors import ErrorDialog
from ui.dialogs.take_meeting_attendance import AttendancePages
from ui.dialogs.take_meeting_minutes import MinutesPage
from ui.ops import BackgroundOp, error_message
from ui.widgets.buttons import no_default_buttons
from ui.widgets.guards import install_guards


class TakeMeetingQuestions:
    """The questions the window asks, as classmethods tests can replace."""

    @classmethod
    def choose_folder(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        """Ask which folder to write the documents into; None if the person cancels."""
        name = QFileDialog.getExistingDirectory(parent, "Write the documents into",
                                                str(suggested))
        return Path(name) if name else None

    @classmethod
    def offer_folder(cls, parent: QWidget | None, paths: list[Path]) -> bool:
        """Say what was written and ask whether to open the folder; True to open it."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("Documents written")
        box.setText("Written:\n" + "\n".join(p.name for p in paths))
        box.setInformativeText("Open the folder?")
        box.setStandardButtons(QMessageBox.StandardButton.Open
                               | QMessageBox.StandardButton.Close)
        return box.exec() == QMessageBox.StandardButton.Open

    @classmethod
    def confirm(cls, parent: QWidget | None, text: str) -> bool:
        from ui.dialogs.errors import ConfirmDialog
        return ConfirmDialog.ask(parent, text)


class TakeMeetingDialog(AttendancePages, MinutesPage, QDialog):
    """The window the secretary keeps open during a meeting."""

    def __init__(self, ctx: AppContext, meeting_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        install_guards()  # even before the main window is first painted (ui.widgets.guards)
        self.ctx = ctx
        self.meeting_id = meeting_id
        self._filling = False
        self._refresh_pending = False
        self._minute_id: int | None = None
        self._op: BackgroundOp | None = None
        self.last_written: list[Path] = []
        self.setAccessibleName("Take the meeting")
        self.resize(1000, 720)
        self._item_id: int | None = None  # the agenda item whose minute is shown
        self._build()
        no_default_buttons(self)
        for keys, step in ((("Ctrl+Z",), ctx.undo), (("Ctrl+Y", "Ctrl+Shift+Z"), ctx.redo)):
            # the board's Undo/Redo work here as in the main window
            shortcut = QAction(self)
            shortcut.setShortcuts([QKeySequence(k) for k in keys])
            shortcut.triggered.connect(lambda _c=False, step=step: self._undo_step(step))
            self.addAction(shortcut)
        self.refresh()
        ctx.changed.connect(self._on_changed)

    # ----------------------------------------------------------------- helpers
    @property
    def board(self) -> Board:
        return self.ctx.current_board

    def _apply(self, call) -> bool:
        try:
            self.ctx.apply(call)
        except SendsecError as exc:
            self.status.setText(str(exc))
            ErrorDialog.show_message(self, str(exc), "Take the meeting")
            return False
        self.status.clear()  # what was refused before is no longer the news
        return True

    def _undo_step(self, step) -> None:
        self._save_discussion()
        try:
            step()
        except SendsecError as exc:
            self.status.setText(str(exc))

    def _unminuted_items(self) -> bool:
        items = {i["id"] for i in self.board.rows("agenda_item", parent_id=self.meeting_id)}
        minuted = {m["agenda_item_id"] for m in self.board.rows("minute",
                                                                parent_id=self.meeting_id)}
        return bool(items - minuted)

    # ----------------------------------------------------------------- layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.quorum_label = QLabel()
        self.quorum_label.setAccessibleName("Quorum")
        self.quorum_label.setWordWrap(True)
        layout.addWidget(self.quorum_label)
        row = QHBoxLayout()
        self.held_button = QPushButton("Mark as &held")
        self.held_button.setAccessibleName("Mark the meeting as held")
        self.held_button.clicked.connect(self.mark_held)
        row.addWidget(self.held_button)
        row.addWidget(QLabel("Meeting closed at:"))
        self.closed_edit = QLineEdit()
        self.closed_edit.setAccessibleName("Meeting closed at")
        self.closed_edit.setPlaceholderText("e.g. 12.25pm")
        self.closed_edit.setMaximumWidth(120)
        self.closed_edit.editingFinished.connect(self._closed_edited)
        row.addWidget(self.closed_edit)
        row.addStretch(1)
        layout.addLayout(row)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Attendance, declarations and minutes")
        self.tabs.tabBar().setAccessibleName("Attendance, declarations and minutes")
        self.tabs.addTab(self._attendance_tab(), "&Attendance")
        self.tabs.addTab(self._declarations_tab(), "&Declarations")
        self.tabs.addTab(self._minutes_tab(), "&Minutes")
        layout.addWidget(self.tabs, 1)

        self.status = QLabel()
        self.status.setAccessibleName("Status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.minutes_button = QPushButton("&Produce minutes")
        self.minutes_button.clicked.connect(lambda: self.produce("minutes"))
        self.extract_button = QPushButton("Actions e&xtract")
        self.extract_button.clicked.connect(lambda: self.produce("extract"))
        self.approve_button = QPushButton("Approve minutes of the pre&vious meeting")
        self.approve_button.clicked.connect(self.approve_previous)
        close = QPushButton("&Close")
        close.clicked.connect(self.accept)
        for b in (self.minutes_button, self.extract_button, self.approve_button):
            b.setAccessibleName(b.text().replace("&", ""))
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    # ----------------------------------------------------------------- refresh
    def _on_changed(self, change) -> None:
        # later, not inside the signal: the combo box that made the change is replaced
        if self.board is not None and not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._deferred_refresh)

    def _deferred_refresh(self) -> None:
        self._refresh_pending = False
        if self.board is not None:
            self.refresh()

    def refresh(self) -> None:
        """Show the meeting as the board holds it now."""
        # the attendance boxes are rebuilt: the one being used by keyboard keeps the focus
        focused = QApplication.focusWidget()
        refocus = focused.accessibleName() if isinstance(focused, QComboBox) \
            and self.attendance.isAncestorOf(focused) else ""
        self._filling = True
        try:
            b = self.board
            m = b.get("meeting", self.meeting_id)
            self.setWindowTitle(f"Take the meeting - {b.label('meeting', self.meeting_id)}")
            self.title.setText(f"{b.label('meeting', self.meeting_id).split(',')[0]}, "
                               f"{long_date(m['meeting_date'])} ({m['status']})")
            readonly = self.ctx.readonly
            self.held_button.setVisible(m["status"] not in HELD_STATUSES)
            self.held_button.setEnabled(not readonly)
            self.closed_edit.setText(clock(m["closed_at"]))
            self.closed_edit.setReadOnly(readonly)
            self.approve_button.setEnabled(not readonly and self.previous_unapproved() is not None)
            self._fill_attendance()
            self._fill_declarations()
            self._fill_items()
            self.update_quorum()
        finally:
            self._filling = False
        if refocus:
            for row in range(self.attendance.rowCount()):
                for column in (2, 3):
                    box = self.attendance.cellWidget(row, column)
                    if box is not None and box.accessibleName() == refocus:
                        box.setFocus(Qt.FocusReason.OtherFocusReason)
                        self.attendance.scrollTo(self.attendance.model().index(row, column))
                        return

    def _people(self) -> list[tuple[int, str]]:
        return self.board.options("person")


    # ----------------------------------------------------------------- meeting-level
    def mark_held(self) -> None:
        """Record the meeting as held (refused, with the reason, before its date)."""
        self._apply(lambda b: mc.mark_held(b, self.meeting_id, self.ctx.today()))

    def _closed_edited(self) -> None:
        if self._filling or self.ctx.readonly:
            return
        text = self.closed_edit.text().strip() or None
        current = self.board.get("meeting", self.meeting_id)["closed_at"]
        try:
            from sendsec.domain.dates import parse_time
            if parse_time(text) == current:
                return
        except ValueError:
            pass
        self._apply(lambda b: b.update("meeting", self.meeting_id, {"closed_at": text}))

    def previous_unapproved(self) -> dict[str, Any] | None:
        """Return the oldest earlier meeting whose minutes are waiting for this one to agree."""
        return mc.previous_unapproved(self.board, self.meeting_id)

    def approve_previous(self) -> None:
        prev = self.previous_unapproved()
        if prev is None:
            self.status.setText("The previous meeting's minutes are already approved.")
            return
        label = self.board.label("meeting", prev["id"])
        if not TakeMeetingQuestions.confirm(self, f"Record that the minutes of {label} were "
                                                  "agreed as a correct record at this meeting?"):
            return
        if self._apply(lambda b: mc.approve_minutes(b, prev["id"], self.meeting_id)):
            self.status.setText(f"The minutes of {label} are recorded as approved.")

    # ----------------------------------------------------------------- documents
    def produce(self, which: str) -> None:
        """Write the minutes and the extract ('minutes') or the extract alone ('extract')."""
        self._save_discussion()
        if self._op is not None:
            return
        meeting = self.board.get("meeting", self.meeting_id)
        folder = TakeMeetingQuestions.choose_folder(
            self, output_folders.propose(self.ctx, "minutes", meeting["meeting_date"]))
        if folder is None:
            return
        output_folders.remember(self.ctx, "minutes", meeting["meeting_date"], folder)
        # the minutes are written: every item gets its number now
        if not self.ctx.readonly and meeting["status"] in HELD_STATUSES \
                and self._unminuted_items() \
                and not self._apply(lambda b: mc.ensure_minutes(b, self.meeting_id)):
            return
        board, meeting_id, today = self.board, self.meeting_id, self.ctx.today()
        path, readonly = board.path, board.readonly

        def work(_progress):
            from sendsec.papers import minutes as md

            def write(b: Board) -> list[Path]:
                paths = md.write_minutes(b, meeting_id, folder, today)
                return paths if which == "minutes" else paths[1:]
            if readonly:
                return write(board)
            with Board.open(path, readonly=True, backup=False) as own:
                return write(own)

        if readonly:  # a snapshot: its private copy is used on this thread
            try:
                self._written(work(None))
            except SendsecError as exc:
                self._failed(str(exc))
            return
        self._op = BackgroundOp(self, "Take the meeting", "", work, dialog=False)
        self._op.success(self._written).failure(lambda exc: self._failed(error_message(exc)))
        self._op.finally_(self._work_finished)
        self.minutes_button.setEnabled(False)
        self.extract_button.setEnabled(False)
        self.status.setText("Writing the documents...")
        self._op.run_in_background()

    def _work_finished(self) -> None:
        self._op = None
        self.minutes_button.setEnabled(True)
        self.extract_button.setEnabled(True)

    def busy(self) -> bool:
        return self._op is not None

    def _written(self, paths: list[Path]) -> None:
        self.last_written = list(paths)
        self.status.setText("Written: " + "; ".join(str(p) for p in paths))
        if paths and TakeMeetingQuestions.offer_folder(self, paths):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths[0].parent)))

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        ErrorDialog.show_message(self, message, "Take the meeting")

    def done(self, result: int) -> None:
        self._save_discussion()
        if self._op is not None:
            self._op.wait()
        try:
            self.ctx.changed.disconnect(self._on_changed)
        except (RuntimeError, TypeError):
            pass
        super().done(result)

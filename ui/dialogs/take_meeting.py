"""'Take the meeting': attendance, declarations and the minutes, as the meeting happens.

Every edit goes through `AppContext.apply(lambda b: meeting_cycle.xxx(b, ...))`,
so it is saved at once, can be undone, and every other view hears of it. The
quorum message under the title follows the attendance as it is recorded.
"Produce minutes" and "Actions extract" write the Word documents on a worker
thread (with its own read-only connection to the board file) and then offer to
open the folder; "Approve minutes of the previous meeting" records the
resolution at this meeting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
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
from ui.ops import BackgroundOp, error_message
from ui.widgets.buttons import no_default_buttons

ATTENDANCE_CHOICES = (("Not recorded", "invited"), ("Present", "present"),
                      ("Apologies", "apologies"), ("Substitute", "substitute"),
                      ("In attendance", "in attendance"), ("Absent", "absent"))
#: The key that records each attendance on the selected row of the table.
ATTENDANCE_KEYS = {"P": "present", "A": "apologies", "S": "substitute", "I": "in attendance",
                   "X": "absent", "N": "invited"}
ATTENDANCE_HINT = ("Select a row and type P present, A apologies, S substitute, "
                   "I in attendance, X absent, N not recorded: the next row is selected.")


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


class TakeMeetingDialog(QDialog):
    """The window the secretary keeps open during a meeting."""

    def __init__(self, ctx: AppContext, meeting_id: int, parent: QWidget | None = None):
        super().__init__(parent)
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
        return self.ctx.board

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

    def _on_minute(self, edit) -> bool:
        """Apply `edit(board, minute_id)` to the minute shown; an agenda item not yet minuted
        gets its number (the meeting's minutes are numbered) in the same undo step."""
        item, mid = self._item_id, self._minute_id
        if item is not None:
            return self._apply(lambda b: mc.edit_minute(b, item, lambda m: edit(b, m)))
        if mid is not None:
            return self._apply(lambda b: edit(b, mid))
        return False

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

    def _attendance_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.attendance = QTableWidget(0, 4)
        self.attendance.setAccessibleName("Attendance")
        self.attendance.setHorizontalHeaderLabels(["Name", "Role and organisation",
                                                   "Attendance", "Substitute for"])
        self.attendance.verticalHeader().setVisible(False)
        self.attendance.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.attendance.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.attendance.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.attendance.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.attendance.installEventFilter(self)
        self.attendance.setAccessibleDescription(ATTENDANCE_HINT)
        self._row_people: list[int] = []
        hint = QLabel(ATTENDANCE_HINT)
        hint.setWordWrap(True)
        v.addWidget(hint)
        v.addWidget(self.attendance)
        row = QHBoxLayout()
        row.addWidget(QLabel("Add someone who was not invited:"))
        self.add_person = QComboBox()
        self.add_person.setAccessibleName("Person to add")
        row.addWidget(self.add_person, 1)
        add = QPushButton("Add as &present")
        add.setAccessibleName("Add as present")
        add.clicked.connect(self._add_person_present)
        row.addWidget(add)
        v.addLayout(row)
        self.everyone_button = QPushButton("&Everyone else present")
        self.everyone_button.setAccessibleName("Everyone else present")
        self.everyone_button.setToolTip("Mark present everyone whose attendance is not "
                                        "recorded yet")
        self.everyone_button.clicked.connect(self.everyone_else_present)
        v.addWidget(self.everyone_button, 0, Qt.AlignmentFlag.AlignLeft)
        return w

    def _declarations_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.declarations = QListWidget()
        self.declarations.setAccessibleName("Declarations of interest")
        v.addWidget(self.declarations, 1)
        form = QFormLayout()
        self.decl_person = QComboBox()
        self.decl_person.setAccessibleName("Who declared")
        self.decl_item = QComboBox()
        self.decl_item.setAccessibleName("Agenda item")
        self.decl_text = QLineEdit()
        self.decl_text.setAccessibleName("Interest declared")
        self.decl_text.returnPressed.connect(self.add_declaration)
        form.addRow("Who:", self.decl_person)
        form.addRow("Item:", self.decl_item)
        form.addRow("Interest:", self.decl_text)
        v.addLayout(form)
        row = QHBoxLayout()
        add = QPushButton("Add declaration")
        add.clicked.connect(self.add_declaration)
        remove = QPushButton("Remove selected")
        remove.clicked.connect(self.remove_declaration)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        v.addLayout(row)
        return w

    def _minutes_tab(self) -> QWidget:
        split = QSplitter()
        self.items = QListWidget()
        self.items.setAccessibleName("Minutes")
        self.items.currentRowChanged.connect(self._item_chosen)
        split.addWidget(self.items)
        right = QWidget()
        v = QVBoxLayout(right)
        self.minute_heading = QLabel()
        self.minute_heading.setWordWrap(True)
        f = self.minute_heading.font()
        f.setBold(True)
        self.minute_heading.setFont(f)
        v.addWidget(self.minute_heading)
        v.addWidget(QLabel("Discussion (saved when you leave the box):"))
        self.discussion = _DiscussionEdit(self._save_discussion)
        self.discussion.setAccessibleName("Discussion")
        v.addWidget(self.discussion, 2)
        v.addWidget(QLabel("Resolutions (RESOLVED: that ...):"))
        self.resolutions = QListWidget()
        self.resolutions.setAccessibleName("Resolutions")
        self.resolutions.setWordWrap(True)
        v.addWidget(self.resolutions, 1)
        row = QHBoxLayout()
        self.resolution_text = QLineEdit()
        self.resolution_text.setAccessibleName("New resolution")
        self.resolution_text.setPlaceholderText("that the report be noted")
        # Enter adds the resolution and nothing else: the dialog has no default button
        self.resolution_text.returnPressed.connect(self.add_resolution)
        add = QPushButton("Add resolution")
        add.clicked.connect(self.add_resolution)
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove resolution")
        remove.clicked.connect(self.remove_resolution)
        row.addWidget(self.resolution_text, 1)
        row.addWidget(add)
        row.addWidget(remove)
        v.addLayout(row)
        v.addWidget(QLabel("Actions arising:"))
        self.arising = QListWidget()
        self.arising.setAccessibleName("Actions arising")
        self.arising.setWordWrap(True)
        v.addWidget(self.arising, 1)
        row = QHBoxLayout()
        self.action_title = QLineEdit()
        self.action_title.setAccessibleName("Action arising")
        self.action_title.setPlaceholderText("What is to be done")
        self.action_title.returnPressed.connect(self.add_action)
        self.action_owner = QComboBox()
        self.action_owner.setAccessibleName("Owner")
        self.action_due = QDateEdit()
        self.action_due.setAccessibleName("Due date")
        self.action_due.setCalendarPopup(True)
        self.action_due.setDisplayFormat("dd/MM/yyyy")
        add = QPushButton("Add action")
        add.clicked.connect(self.add_action)
        row.addWidget(self.action_title, 2)
        row.addWidget(self.action_owner, 1)
        row.addWidget(self.action_due)
        row.addWidget(add)
        v.addLayout(row)
        split.addWidget(right)
        split.setSizes([280, 720])
        return split

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

    def update_quorum(self) -> None:
        q = mc.quorum(self.board, self.meeting_id)
        self.quorum_label.setText(q.message)
        colour = "#2e7d32" if q.met else "#B00020"
        self.quorum_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _people(self) -> list[tuple[int, str]]:
        return self.board.options("person")

    def _fill_attendance(self) -> None:
        from sendsec.services import registers

        people = {p["id"]: p for p in registers.people_rows(self.board, include_archived=True)}
        invitees = self.board.rows("invitee", parent_id=self.meeting_id)
        self.attendance.setRowCount(len(invitees))
        self._row_people = [inv["person_id"] for inv in invitees]
        self.everyone_button.setEnabled(not self.ctx.readonly and any(
            inv["attendance"] == "invited" for inv in invitees))
        options = self._people()
        widest = 0
        for row, inv in enumerate(invitees):
            p = people.get(inv["person_id"], {"name": "?", "role": "", "organisation": ""})
            self.attendance.setItem(row, 0, QTableWidgetItem(p["name"]))
            self.attendance.setItem(row, 1, QTableWidgetItem(
                ", ".join(x for x in (p["role"], p.get("organisation")) if x)))
            state = QComboBox()
            state.setAccessibleName(f"Attendance of {p['name']}")
            for label, value in ATTENDANCE_CHOICES:
                state.addItem(label, value)
            state.setCurrentIndex(max(0, state.findData(inv["attendance"])))
            whom = QComboBox()
            whom.setAccessibleName(f"{p['name']} substitutes for")
            whom.addItem("(choose whom)", None)
            for pid, label in options:
                if pid != inv["person_id"]:
                    whom.addItem(label, pid)
            whom.setCurrentIndex(max(0, whom.findData(inv["substitute_for_id"])))
            whom.setEnabled(inv["attendance"] == "substitute" and not self.ctx.readonly)
            state.setEnabled(not self.ctx.readonly)
            pid = inv["person_id"]
            state.currentIndexChanged.connect(
                lambda _i, pid=pid, s=state, w=whom: self._attendance_edited(pid, s, w))
            whom.currentIndexChanged.connect(
                lambda _i, pid=pid, s=state, w=whom: self._attendance_edited(pid, s, w))
            state.installEventFilter(self)  # P, A, S ... on the box as on the row
            self.attendance.setCellWidget(row, 2, state)
            self.attendance.setCellWidget(row, 3, whom)
            widest = max(widest, state.sizeHint().width())
        self.attendance.resizeColumnToContents(0)
        if widest:  # the whole word: "Not recorded", "In attendance", never "Not recorde"
            self.attendance.setColumnWidth(2, widest + 6)
        self.attendance.setColumnWidth(3, 200)
        invited = {i["person_id"] for i in invitees}
        self.add_person.clear()
        for pid, label in options:
            if pid not in invited:
                self.add_person.addItem(label, pid)
        for combo in (self.decl_person, self.action_owner):
            current = combo.currentData()
            combo.clear()
            if combo is self.action_owner:
                combo.addItem("(no owner yet)", None)
            for pid, label in options:
                combo.addItem(label, pid)
            if current is not None:
                combo.setCurrentIndex(max(0, combo.findData(current)))

    def set_attendance(self, person_id: int, attendance: str,
                       substitute_for_id: int | None = None) -> bool:
        """Record one person's attendance (what the table's boxes do); return True if saved.
        The status line names the person: 'Marked Jane Smith present'."""
        done = self._apply(lambda b: mc.record_attendance(b, self.meeting_id, person_id,
                                                          attendance, substitute_for_id))
        if done and self.ctx.last_change is not None:
            self.status.setText(self.ctx.last_change.summary)
        return done

    def everyone_else_present(self) -> None:
        """Mark present everyone whose attendance is not recorded yet (one undo step)."""
        if self._apply(lambda b: mc.everyone_else_present(b, self.meeting_id)) \
                and self.ctx.last_change is not None:
            self.status.setText(self.ctx.last_change.summary)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and not self.ctx.readonly \
                and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                             | Qt.KeyboardModifier.AltModifier):
            value = ATTENDANCE_KEYS.get(event.text().upper())
            row = self.attendance.currentRow() if watched is self.attendance else next(
                (r for r in range(self.attendance.rowCount())
                 if self.attendance.cellWidget(r, 2) is watched), -1)
            if value is not None and 0 <= row < len(self._row_people):
                self.type_attendance(row, value)
                return True
        return super().eventFilter(watched, event)

    def type_attendance(self, row: int, value: str) -> None:
        """Record `value` for the person on `row` and select the next row (a substitute
        first asks whom they stand in for)."""
        if value == "substitute":
            box = self.attendance.cellWidget(row, 2)
            box.setCurrentIndex(box.findData("substitute"))  # then 'whom' takes the focus
            return
        if self.set_attendance(self._row_people[row], value):
            following = min(row + 1, self.attendance.rowCount() - 1)
            self.attendance.setCurrentCell(following, 0)
            self.attendance.setFocus(Qt.FocusReason.OtherFocusReason)

    def _attendance_edited(self, person_id: int, state: QComboBox, whom: QComboBox) -> None:
        if self._filling:
            return
        value = state.currentData()
        whom.setEnabled(value == "substitute")
        if value == "substitute" and whom.currentData() is None:
            self.status.setText("Choose whom this person substitutes for; the attendance is "
                                "saved when you do.")
            whom.setFocus()
            return
        self.set_attendance(person_id, value, whom.currentData() if value == "substitute"
                            else None)

    def _add_person_present(self) -> None:
        pid = self.add_person.currentData()
        if pid is not None:
            self.set_attendance(pid, "present")

    def _fill_declarations(self) -> None:
        self.declarations.clear()
        names = dict(self._people())
        items = {i["id"]: i["title"] for i in self.board.rows("agenda_item",
                                                                   parent_id=self.meeting_id)}
        for d in self.board.rows("declaration", parent_id=self.meeting_id):
            where = f" (item: {items[d['agenda_item_id']]})" if d["agenda_item_id"] in items \
                else ""
            entry = QListWidgetItem(f"{names.get(d['person_id'], '?')}{where}: {d['interest']}")
            entry.setData(Qt.ItemDataRole.UserRole, d["id"])
            self.declarations.addItem(entry)
        current = self.decl_item.currentData()
        self.decl_item.clear()
        self.decl_item.addItem("(the meeting generally)", None)
        for iid, title in items.items():
            self.decl_item.addItem(title, iid)
        if current is not None:
            self.decl_item.setCurrentIndex(max(0, self.decl_item.findData(current)))

    def add_declaration(self) -> None:
        person, text = self.decl_person.currentData(), self.decl_text.text()
        if person is None:
            self.status.setText("Choose who declared the interest.")
            return
        item = self.decl_item.currentData()
        if self._apply(lambda b: mc.declare_interest(b, self.meeting_id, person, text, item)):
            self.decl_text.setText("")  # setText, not clear(): the added text is not undo here

    def remove_declaration(self) -> None:
        entry = self.declarations.currentItem()
        if entry is not None:
            did = entry.data(Qt.ItemDataRole.UserRole)
            self._apply(lambda b: b.archive("declaration", did))

    def _entries(self) -> list[tuple[int | None, int | None, str]]:
        """Return (agenda item id, minute id, label) in agenda order: items not yet minuted
        have no number until their first minute is written, then minutes of no item."""
        minutes = self.board.rows("minute", parent_id=self.meeting_id)
        by_item = {m["agenda_item_id"]: m for m in minutes if m["agenda_item_id"]}
        out: list[tuple[int | None, int | None, str]] = []
        for item in self.board.rows("agenda_item", parent_id=self.meeting_id):
            m = by_item.get(item["id"])
            out.append((item["id"], m["id"], f"{m['number']}. {m['heading']}") if m
                       else (item["id"], None, f"{item['title']} (not minuted yet)"))
        out += [(None, m["id"], f"{m['number']}. {m['heading']}") for m in minutes
                if m["agenda_item_id"] not in {e[0] for e in out}]
        return out

    def _fill_items(self) -> None:
        entries = self._entries()
        current = (self._item_id, self._minute_id)
        self.items.clear()
        for item_id, minute_id, label in entries:
            entry = QListWidgetItem(label)
            entry.setData(Qt.ItemDataRole.UserRole, (item_id, minute_id))
            self.items.addItem(entry)
        keys = [(i, m) for i, m, _ in entries]
        row = next((n for n, (i, m) in enumerate(keys)
                    if (i is not None and i == current[0])
                    or (i is None and m is not None and m == current[1])),
                   0 if keys else -1)
        self.items.setCurrentRow(row)
        self._show_minute(*(keys[row] if row >= 0 else (None, None)))

    def _item_chosen(self, row: int) -> None:
        if self._filling:
            return
        self._save_discussion()
        entry = self.items.item(row) if row >= 0 else None
        self._show_minute(*(entry.data(Qt.ItemDataRole.UserRole) if entry else (None, None)))

    def _show_minute(self, item_id: int | None, minute_id: int | None) -> None:
        was = self._filling
        self._filling = True
        try:
            self._item_id, self._minute_id = item_id, minute_id
            enabled = (item_id is not None or minute_id is not None) and not self.ctx.readonly
            for w in (self.discussion, self.resolution_text, self.action_title,
                      self.action_owner, self.action_due):
                w.setEnabled(enabled)
            self.resolutions.clear()
            self.arising.clear()
            meeting = self.board.get("meeting", self.meeting_id)
            start = dt.date.fromisoformat(meeting["meeting_date"]) + dt.timedelta(days=42)
            if not self.action_title.text():
                self.action_due.setDate(QDate(start.year, start.month, start.day))
            if minute_id is None:
                if item_id is None:
                    self.minute_heading.setText("This meeting has no agenda items to minute.")
                else:
                    title = self.board.get("agenda_item", item_id)["title"]
                    self.minute_heading.setText(f"{title} (numbered when its minute is "
                                                "first written)")
                self.discussion.setPlainText("")
                return
            m = self.board.get("minute", minute_id)
            self.minute_heading.setText(f"{m['number']}. {m['heading']}")
            if self.discussion.toPlainText() != (m["discussion"] or ""):
                self.discussion.setPlainText(m["discussion"] or "")
            for r in self.board.rows("resolution", parent_id=minute_id):
                entry = QListWidgetItem(f"RESOLVED: that {mc.resolution_text(r['text'])}")
                entry.setData(Qt.ItemDataRole.UserRole, r["id"])
                self.resolutions.addItem(entry)
            names = dict(self._people())
            for a in self.board.rows("action"):
                if a["minute_id"] == minute_id:
                    due = long_date(a["due_date"]) if a["due_date"] else "no date"
                    self.arising.addItem(f"{a['ref']}: {a['title']} "
                                         f"({names.get(a['owner_id'], 'no owner')}, due {due})")
        finally:
            self._filling = was

    # ----------------------------------------------------------------- minute edits
    def _save_discussion(self) -> None:
        if (self._minute_id is None and self._item_id is None) or self.ctx.readonly:
            return
        text = self.discussion.toPlainText()
        minute = self.board.find("minute", agenda_item_id=self._item_id, archived=0) \
            if self._item_id is not None else self.board.get("minute", self._minute_id)
        current = (minute or {}).get("discussion") or ""
        if text != current:
            self._on_minute(lambda b, mid: b.update("minute", mid, {"discussion": text}))

    def add_resolution(self) -> None:
        self._save_discussion()
        text = self.resolution_text.text()
        if self._on_minute(lambda b, mid: mc.add_resolution(b, mid, text)):
            self.resolution_text.setText("")

    def remove_resolution(self) -> None:
        self._save_discussion()
        entry = self.resolutions.currentItem()
        if entry is not None:
            rid = entry.data(Qt.ItemDataRole.UserRole)
            self._apply(lambda b: b.archive("resolution", rid))

    def add_action(self) -> None:
        self._save_discussion()
        title, owner = self.action_title.text(), self.action_owner.currentData()
        due = self.action_due.date().toString("yyyy-MM-dd")
        if self._on_minute(lambda b, mid: mc.add_action_arising(b, mid, title, owner, due)):
            self.action_title.setText("")

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
        """Return the latest held meeting before this one whose minutes are not approved."""
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


class _DiscussionEdit(QPlainTextEdit):
    """A plain text box that saves when it loses focus."""

    def __init__(self, on_leave):
        super().__init__()
        self._on_leave = on_leave
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._on_leave()
        super().focusOutEvent(event)

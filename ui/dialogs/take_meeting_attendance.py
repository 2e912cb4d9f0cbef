"""'Take the meeting': the Attendance and Declarations pages.

The attendance table records each invitee's attendance through its box or by
a key typed on the row (P, A, S, I, X, N; the next row is then selected); a
substitute names whom they stand in for. The quorum message follows. The
declarations of interest are listed, added and removed. `AttendancePages` is
a part of `ui.dialogs.take_meeting.TakeMeetingDialog`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sendsec.services import meeting_cycle as mc
from sendsec.services.board import Board
from ui.context import AppContext

if TYPE_CHECKING:  # to the type checker this page is the dialog it is mixed into
    from PySide6.QtWidgets import QDialog as _Dialog
else:
    _Dialog = object

ATTENDANCE_CHOICES = (("Not recorded", "invited"), ("Present", "present"),
                      ("Apologies", "apologies"), ("Substitute", "substitute"),
                      ("In attendance", "in attendance"), ("Absent", "absent"))
#: The key that records each attendance on the selected row of the table.
ATTENDANCE_KEYS = {"P": "present", "A": "apologies", "S": "substitute", "I": "in attendance",
                   "X": "absent", "N": "invited"}
ATTENDANCE_HINT = ("Select a row and type P present, A apologies, S substitute, "
                   "I in attendance, X absent, N not recorded: the next row is selected.")


class AttendancePages(_Dialog):
    """The dialog's Attendance and Declarations pages."""

    ctx: AppContext
    meeting_id: int
    status: QLabel
    _filling: bool
    quorum_label: QLabel
    action_owner: QComboBox  # on the Minutes page, offered the same people

    if TYPE_CHECKING:  # the rest of the dialog
        @property
        def board(self) -> Board: ...
        def _apply(self, call: Callable[[Board], object]) -> bool: ...
        def _people(self) -> list[tuple[int, str]]: ...

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


    def update_quorum(self) -> None:
        q = mc.quorum(self.board, self.meeting_id)
        self.quorum_label.setText(q.message)
        colour = "#2e7d32" if q.met else "#B00020"
        self.quorum_label.setStyleSheet(f"color: {colour}; font-weight: bold;")


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
            if isinstance(box, QComboBox):  # then 'whom' takes the focus
                box.setCurrentIndex(box.findData("substitute"))
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

"""The attendance record over the last 12 months: per person and per organisation.

Evidence of partners' involvement for the stocktake (notice 10d-III). Cancelled
meetings are left out; a substitute counts for the organisation they stand in for.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.dates import long_date
from sendsec.services import meeting_cycle as mc
from ui.context import AppContext


class _Cell(QTableWidgetItem):
    """A cell that sorts numbers and rates ('9', '78%') by value, not as text."""

    def __init__(self, text: str):
        super().__init__(text)
        digits = text.rstrip("%")
        self.number = int(digits) if digits.isdigit() else None

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.number, getattr(other, "number", None)
        if mine is not None and theirs is not None:
            return mine < theirs
        if (mine is None) != (theirs is None):  # blanks ('-') after the numbers
            return mine is not None
        return self.text().casefold() < other.text().casefold()


def _table(name: str, headers: list[str], rows: list[list[str]]) -> QTableWidget:
    t = QTableWidget(len(rows), len(headers))
    t.setAccessibleName(name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = _Cell(text)
            if c > 0 and item.number is not None:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            t.setItem(r, c, item)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    t.setSortingEnabled(True)
    t.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # A to Z until someone clicks a header
    return t


def _rate(value: int | None) -> str:
    return f"{value}%" if value is not None else "-"


class AttendanceDialog(QDialog):
    """Shows `meeting_cycle.attendance_record` as two tables."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, months: int = 12):
        super().__init__(parent)
        self.setWindowTitle("Attendance record")
        self.setAccessibleName("Attendance record")
        self.resize(820, 520)
        self.record = mc.attendance_record(ctx.current_board, ctx.today(), months)
        layout = QVBoxLayout(self)
        self.summary = QLabel(
            f"{self.record['meetings']} meetings held since {long_date(self.record['since'])} "
            "(cancelled meetings are not counted). A substitute counts for the organisation of "
            "the person they stood in for.")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        tabs = QTabWidget()
        tabs.setAccessibleName("Attendance record")
        tabs.tabBar().setAccessibleName("Attendance record")
        self.people = _table("Attendance by person", [
            "Name", "Organisation", "Role", "Invited", "Attended", "Apologies", "Absent",
            "Sent a substitute", "Rate"], [
            [p["name"], p["organisation"] or "", p["role"], str(p["invited"]),
             str(p["present"]), str(p["apologies"]), str(p["absent"]),
             str(p["substitute_sent"]), _rate(p["rate"])] for p in self.record["people"]])
        self.organisations = _table("Attendance by organisation", [
            "Organisation", "Invitations", "Attended", "Rate"], [
            [o["organisation"], str(o["invited"]), str(o["present"]), _rate(o["rate"])]
            for o in self.record["organisations"]])
        tabs.addTab(self.organisations, "By &organisation")
        tabs.addTab(self.people, "By &person")
        layout.addWidget(tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

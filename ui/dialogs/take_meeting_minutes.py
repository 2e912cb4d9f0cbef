"""'Take the meeting': the Minutes page.

The agenda items in order, each with its minute (numbered when first written),
the discussion (saved when the box is left), the resolutions and the actions
arising, each added or removed in one undo step. `MinutesPage` is a part of
`ui.dialogs.take_meeting.TakeMeetingDialog`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.dates import long_date
from sendsec.services import meeting_cycle as mc
from sendsec.services.board import Board
from ui.context import AppContext

if TYPE_CHECKING:  # to the type checker this page is the dialog it is mixed into
    from PySide6.QtWidgets import QDialog as _Dialog
else:
    _Dialog = object


class MinutesPage(_Dialog):
    """The dialog's Minutes page: one minute at a time, edited as the meeting goes."""

    ctx: AppContext
    meeting_id: int
    status: QLabel
    _filling: bool
    _item_id: int | None  # the agenda item whose minute is shown
    _minute_id: int | None

    if TYPE_CHECKING:  # the rest of the dialog
        @property
        def board(self) -> Board: ...
        def _apply(self, call: Callable[[Board], object]) -> bool: ...
        def _people(self) -> list[tuple[int, str]]: ...

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


    def _on_minute(self, edit) -> bool:
        """Apply `edit(board, minute_id)` to the minute shown; an agenda item not yet minuted
        gets its number (the meeting's minutes are numbered) in the same undo step."""
        item, mid = self._item_id, self._minute_id
        if item is not None:
            return self._apply(lambda b: mc.edit_minute(b, item, lambda m: edit(b, m)))
        if mid is not None:
            return self._apply(lambda b: edit(b, mid))
        return False


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
        if self.ctx.readonly:
            return
        if self._item_id is not None:
            minute = self.board.find("minute", agenda_item_id=self._item_id, archived=0)
        elif self._minute_id is not None:
            minute = self.board.get("minute", self._minute_id)
        else:
            return
        text = self.discussion.toPlainText()
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


class _DiscussionEdit(QPlainTextEdit):
    """A plain text box that saves when it loses focus."""

    def __init__(self, on_leave):
        super().__init__()
        self._on_leave = on_leave
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._on_leave()
        super().focusOutEvent(event)

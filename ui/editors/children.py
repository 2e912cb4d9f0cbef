"""A record's child list: a table of its children and a form to edit one or add one.

Used for progress updates, risk reviews, data points, trajectory points,
agenda items and invitees. The table is filled once per refresh (children
lists are short: a few hundred rows at most; beyond `MAX_ROWS` the newest are
shown and a note says how many are not).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.entities import entity
from sendsec.domain.errors import SendsecError
from sendsec.services.board import Change
from ui.context import AppContext
from ui.editors.base import fit_table_height, read_only_table, table_item
from ui.widgets.fields import ERROR_COLOUR
from ui.widgets.flow import FlowLayout, WrappingRow
from ui.widgets.record_form import RecordForm, RowSpec

MAX_ROWS = 500
MAX_COLUMN = 130  # pixels: a wider cell is cut with '...' (its tooltip has it all)


@dataclass(frozen=True)
class Column:
    """A column of a child table: its header, its text, and optional (fill, text) colours."""

    header: str
    text: Callable[[dict[str, Any]], Any]
    colours: Callable[[dict[str, Any]], tuple[str, str] | None] | None = None
    tooltip: Callable[[dict[str, Any]], str] | None = None
    stretch: bool = False  # this column takes the spare width (default: the last column)
    hide_if_empty: bool = False  # hidden while no row has anything in it
    max_width: int = 0  # pixels (0: MAX_COLUMN); wider text is cut with '...'


class ChildSection(QWidget):
    """The children of one parent record: table, New / Remove (/ Up / Down) and a form."""

    changed = Signal(object)

    def __init__(self, ctx: AppContext, entity_name: str, columns: Sequence[Column], *,
                 form_rows: Sequence[RowSpec], noun: str, defaults: dict[str, Any] | None = None,
                 add_text: str | None = None, new_text: str | None = None,
                 remove_text: str | None = None, movable: bool = False,
                 remove: Callable[[dict[str, Any]], Change | None] | None = None,
                 describe: Callable[[dict[str, Any]], str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.entity = entity(entity_name)
        self.columns = list(columns)
        self.noun = noun
        self.parent_id: int | None = None
        self._rows: list[dict[str, Any]] = []
        self._remove = remove
        self._describe = describe or (lambda r: ctx.current_board.label(entity_name, r["id"]))
        self._read_only = False

        layout = self._column = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.table = read_only_table([c.header for c in self.columns],
                                     self.entity.plural, self)
        self._stretch = next((i for i, c in enumerate(self.columns) if c.stretch),
                             len(self.columns) - 1)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for c in range(len(self.columns)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c == self._stretch
                                        else QHeaderView.ResizeMode.Interactive)
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table)
        self.more = QLabel(self)
        self.more.setStyleSheet("color: #505050;")
        self.more.hide()
        layout.addWidget(self.more)

        # the buttons wrap onto a second row in a narrow editor; the row asks for that height
        self.button_row = WrappingRow(self)
        buttons = self.button_row.flow
        self.new_button = self._button(new_text or f"New {noun}", self.show_new, buttons)
        self.up_button = self.down_button = None
        if movable:
            self.up_button = self._button("Move up", lambda: self.move_selected(-1), buttons)
            self.down_button = self._button("Move down", lambda: self.move_selected(1), buttons)
        self.remove_button = self._button(remove_text or f"Remove {noun}", self.remove_selected,
                                          buttons)
        layout.addWidget(self.button_row)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.hide()
        layout.addWidget(self.message)

        self.form_title = QLabel(self)
        self.form_title.setStyleSheet("font-weight: bold;")
        self.form_title.setWordWrap(True)  # a long title wraps, never cut at the editor's edge
        layout.addWidget(self.form_title)
        self.form = RecordForm(ctx, entity_name, self, rows=form_rows, defaults=defaults,
                               add_text=add_text or f"Add {noun}", after_add="clear",
                               label_width=150)
        self.form.changed.connect(self.changed)
        self.form.created.connect(self._created)
        layout.addWidget(self.form)
        self._update_buttons()

    def _button(self, text: str, slot: Callable, row: FlowLayout) -> QPushButton:
        button = QPushButton(text, self.button_row)
        button.setAccessibleName(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def add_below_buttons(self, widget: QWidget) -> None:
        """Put a widget of the parent's own (e.g. a row with its own button) under New /
        Remove and their message, above the form."""
        self._column.insertWidget(self._column.indexOf(self.message) + 1, widget)

    # ---------------------------------------------------------------- showing
    def set_parent(self, parent_id: int | None) -> None:
        """Show the children of this parent record, with a blank form to add one."""
        if parent_id != self.parent_id:
            self.parent_id = parent_id
            assert self.entity.parent is not None, f"{self.entity.name} has no parent record"
            self.form.fixed[self.entity.parent] = parent_id
            self.reload()
            self.show_new()
        else:
            self.reload()

    def rows(self) -> list[dict[str, Any]]:
        """Return the children shown, in the table's order."""
        return list(self._rows)

    def reload(self) -> None:
        """Refill the table from the board, keeping the selected child selected."""
        keep = self.selected_id()
        board = self.ctx.board
        if board is None or self.parent_id is None:
            rows: list[dict[str, Any]] = []
        else:
            rows = board.rows(self.entity.name, parent_id=self.parent_id)
        hidden = max(0, len(rows) - MAX_ROWS)
        if hidden:
            ascending = not self.entity.order_by.split(",")[0].strip().upper().endswith("DESC")
            rows = rows[-MAX_ROWS:] if ascending else rows[:MAX_ROWS]
        self._rows = rows
        self.more.setVisible(bool(hidden))
        self.more.setText(f"Showing the newest {MAX_ROWS} of {len(rows) + hidden}.")
        table = self.table
        blocked = table.blockSignals(True)
        try:
            table.clearContents()
            table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                for c, column in enumerate(self.columns):
                    colours = column.colours(row) if column.colours else None
                    tip = column.tooltip(row) if column.tooltip else None
                    table.setItem(r, c, table_item(column.text(row), tooltip=tip,
                                                   data=row["id"], colours=colours))
            for c, column in enumerate(self.columns):
                if column.hide_if_empty:
                    items = [table.item(r, c) for r in range(len(rows))]
                    table.setColumnHidden(c, not any(i is not None and i.text() for i in items))
                if c != self._stretch:
                    table.resizeColumnToContents(c)
                    limit = column.max_width or MAX_COLUMN
                    if table.columnWidth(c) > limit:
                        table.setColumnWidth(c, limit)
        finally:
            table.blockSignals(blocked)
        fit_table_height(table)
        if keep is not None and not self.select(keep):
            self.show_new()
        self._update_buttons()

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def selected_row(self) -> dict[str, Any] | None:
        chosen = self.selected_id()
        return next((r for r in self._rows if r["id"] == chosen), None)

    def select(self, child_id: int) -> bool:
        """Select a child by id (and show it in the form); False if it is not shown."""
        for r, row in enumerate(self._rows):
            if row["id"] == child_id:
                self.table.selectRow(r)
                item = self.table.item(r, 0)
                if item is not None:
                    self.table.scrollToItem(item)
                self._selected()
                return True
        return False

    def show_new(self) -> None:
        """Clear the selection and show the blank form for a new child."""
        blocked = self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.blockSignals(blocked)
        self.form.show_record(None)
        self.form_title.setText(f"New {self.noun}")
        self._update_buttons()

    def _selected(self) -> None:
        row = self.selected_row()
        self.message.hide()
        if row is None:
            self.show_new()
            return
        if self.form.record_id is not None and self.form.record_id != row["id"]:
            self.form.commit_pending()
        self.form.show_record(row["id"])
        self.form_title.setText(f"Editing {self.noun}: {self._describe(row)}")
        self._update_buttons()

    def _created(self, child_id: int) -> None:
        self.reload()
        self.form_title.setText(f"New {self.noun}")

    # ---------------------------------------------------------------- changing
    def remove_selected(self) -> Change | None:
        """Archive the selected child (kept with its history; undo brings it back)."""
        row = self.selected_row()
        if row is None or self._read_only:
            return None
        try:
            if self._remove is not None:
                change = self._remove(row)
            else:
                name, child = self.entity.name, row["id"]
                change = self.ctx.apply(lambda b: b.archive(name, child))
        except SendsecError as exc:
            self.say(str(exc))
            return None
        if change is not None:
            self.changed.emit(change)
            self.reload()
            self.show_new()
        return change

    def move_selected(self, step: int) -> Change | None:
        """Move the selected child up (-1) or down (+1); it stays selected."""
        row = self.selected_row()
        if row is None or self._read_only:
            return None
        child = row["id"]
        try:
            change = self.ctx.apply(lambda b: b.move_agenda_item(child, step))
        except SendsecError as exc:
            self.say(str(exc))
            return None
        self.changed.emit(change)
        self.reload()
        self.select(child)
        return change

    def say(self, text: str) -> None:
        """Show one line about what could not be done, under the buttons."""
        self.message.setText(text)
        self.message.show()

    # ---------------------------------------------------------------- state
    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.form.set_read_only(read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ro = self._read_only or self.ctx.readonly
        chosen = self.selected_id() is not None
        self.new_button.setEnabled(not ro and chosen)
        self.remove_button.setEnabled(not ro and chosen)
        index = next((i for i, r in enumerate(self._rows) if r["id"] == self.selected_id()), -1)
        if self.up_button is not None and self.down_button is not None:
            self.up_button.setEnabled(not ro and chosen and index > 0)
            self.down_button.setEnabled(not ro and chosen and 0 <= index < len(self._rows) - 1)

"""What every record editor shares: a heading, a RecordForm, sections, read-only state.

An editor is built once and then shows one record after another
(`show_record(id)`, or `show_record(None)` for a blank form that adds one).
Edits go through `ctx.apply`; the editor re-emits each Change as `changed`
and refreshes its sections when a change touches what they show (undo too).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.entities import Entity, entity
from sendsec.domain.errors import NotFound
from sendsec.services.board import Change
from ui.context import AppContext
from ui.widgets.info import InfoLabel
from ui.widgets.record_form import RecordForm, RowSpec

CELL_CHARS = 240  # text longer than this is cut in a table cell (the tooltip has it all)


def clip(text: Any, n: int = CELL_CHARS) -> str:
    """Return `text` on one line, cut to `n` characters with an ellipsis."""
    one = " ".join(str(text or "").split())
    return one if len(one) <= n else one[: n - 1] + "\u2026"


class OwnColoursDelegate(QStyledItemDelegate):
    """Cells with their own fill and text colours (a step's state, a risk's band) keep them
    when their row is selected, outlined in the selection colour: the selection's white
    text on the cell's fill (white on the grey of "Upcoming") could not be read."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if not selected or index.data(Qt.ItemDataRole.BackgroundRole) is None:
            super().paint(painter, option, index)
            return
        plain = QStyleOptionViewItem(option)
        plain.state &= ~QStyle.StateFlag.State_Selected
        super().paint(painter, plain, index)
        painter.save()
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
        painter.restore()


def read_only_table(headers: Sequence[str], name: str, parent: QWidget | None = None
                    ) -> QTableWidget:
    """Return a table for showing rows: whole-row selection, no in-place editing."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setItemDelegate(OwnColoursDelegate(table))
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setTabKeyNavigation(False)
    table.setMinimumHeight(120)
    return table


def table_item(text: Any, *, tooltip: str | None = None, data: Any = None,
               colours: tuple[str, str] | None = None) -> QTableWidgetItem:
    """Return a cell: clipped text, the full text as tooltip, optional fill/text colours."""
    full = "" if text is None else str(text)
    item = QTableWidgetItem(clip(full))
    if tooltip is not None or len(full) > CELL_CHARS:
        item.setToolTip(clip(tooltip if tooltip is not None else full, 2000))
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if colours:
        from PySide6.QtGui import QBrush, QColor
        item.setBackground(QBrush(QColor(colours[0])))
        item.setForeground(QBrush(QColor(colours[1])))
    return item


def fit_table_height(table: QTableWidget, max_rows: int = 10) -> None:
    """Make a table tall enough for its rows (up to `max_rows`, then it scrolls)."""
    rows = max(2, min(max_rows, table.rowCount()))
    row_h = table.verticalHeader().defaultSectionSize()
    height = table.horizontalHeader().sizeHint().height() + rows * row_h + 2 * table.frameWidth()
    if table.horizontalScrollBar().isVisible() or table.rowCount() > max_rows:
        height += table.horizontalScrollBar().sizeHint().height()
    table.setFixedHeight(height + 4)


def note_label(parent: QWidget | None = None, name: str = "") -> QLabel:
    """Return a wrapped, selectable label for derived facts about a record, read out by
    screen readers as its caption `name` and its text ('About this action: Overdue...')."""
    label = InfoLabel(name, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


class FitWidthBody(QWidget):
    """The inside of a scroll area that scrolls only up and down: it takes the viewport's
    width (its contents reflow to it) and never asks for more, so nothing scrolls sideways.

    `content_width()` is the narrowest its contents can be without being cut; the
    register gives the editor at least that much (with the scroll bar).
    """

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, super().minimumSizeHint().height())

    def content_width(self) -> int:
        layout = self.layout()
        return layout.minimumSize().width() if layout is not None else 0


class RecordEditor(QWidget):
    """The editor of one kind of record. Subclasses set `entity_name` and may add sections."""

    entity_name = ""
    #: Entities whose changes make the sections refresh (the editor's own is always watched).
    watch: frozenset[str] = frozenset()

    changed = Signal(object)  # the services Change after a successful edit

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.entity: Entity = entity(self.entity_name)
        self._read_only = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # the fields are the tab stops; the scroll area follows the focus and is not one
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(self.scroll_area)
        self.body = FitWidthBody(self.scroll_area)
        self.body.setAccessibleName(f"{self.entity.label} editor")
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.setContentsMargins(10, 8, 10, 10)
        self.layout_.setSpacing(8)
        self.scroll_area.setWidget(self.body)

        self.heading = QLabel(self.body)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.layout_.addWidget(self.heading)
        self.banner = note_label(self.body, "Notice")
        self.banner.setStyleSheet("background: #fff4ce; border: 1px solid #d4b106; padding: 4px;")
        self.banner.hide()
        self.layout_.addWidget(self.banner)
        self.summary = note_label(self.body, f"About this {self.entity.label.lower()}")
        self.summary.hide()
        self.layout_.addWidget(self.summary)

        self.form = RecordForm(ctx, self.entity_name, self.body, rows=self.form_rows(),
                               defaults=self.form_defaults(),
                               add_text=f"Add {self.entity.label.lower()}")
        self.form.changed.connect(self.changed)
        self.form.created.connect(self._created)
        self.layout_.addWidget(self.form)
        self.build_sections()
        self.layout_.addStretch(1)
        ctx.changed.connect(self._on_ctx_changed)
        ctx.board_replaced.connect(lambda: self.show_record(None))
        self.show_record(None)

    # ---------------------------------------------------------------- for subclasses
    def form_rows(self) -> Sequence[RowSpec] | None:
        """Return the form's rows (None: every editable field)."""
        return None

    def form_defaults(self) -> dict[str, Any]:
        return {}

    def build_sections(self) -> None:
        """Add the editor's sections under the form."""

    def refresh(self) -> None:
        """Show the current record's derived facts and child records."""

    def sections_read_only(self, read_only: bool) -> None:
        """Disable (or enable) the edit controls of the sections."""

    def section(self, title: str) -> tuple[QGroupBox, QVBoxLayout]:
        box = QGroupBox(title, self.body)
        box.setAccessibleName(title)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)
        self.layout_.addWidget(box)
        return box, layout

    # ---------------------------------------------------------------- the interface
    @property
    def record_id(self) -> int | None:
        return self.form.record_id

    def record(self) -> dict[str, Any] | None:
        if self.record_id is None or self.ctx.board is None:
            return None
        try:
            return self.ctx.board.get(self.entity_name, self.record_id)
        except NotFound:
            return None

    def show_record(self, record_id: int | None) -> None:
        """Show this record (None: a blank form whose first save adds one)."""
        if self.form.record_id is not None and record_id != self.form.record_id \
                and not self.is_read_only():
            self.form.commit_pending()
        self.form.show_record(record_id)
        self._update_heading()
        self.refresh()
        self._apply_read_only()
        self.scroll_area.verticalScrollBar().setValue(0)

    def refused(self) -> dict[str, str]:
        """Save what can be saved, then return {field: message} for the typed values that
        were refused and are still shown unsaved."""
        if self.record_id is not None and not self.is_read_only():
            self.form.commit_pending()
        return self.form.refused()

    def focus_refused(self) -> None:
        """Put the focus in the first field whose typed value was refused."""
        self.form.focus_refused()

    def focus_first_field(self) -> None:
        """Put the keyboard focus in the form's first field that can be edited."""
        control = self.form.first_field()
        if control is not None:
            control.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.scroll_area.ensureWidgetVisible(control)

    def set_read_only(self, read_only: bool) -> None:
        """Disable (or enable) every edit control of the editor."""
        self._read_only = read_only
        self._apply_read_only()

    def is_read_only(self) -> bool:
        return self._read_only or self.ctx.readonly

    # ---------------------------------------------------------------- internals
    def title_text(self, record: dict[str, Any]) -> str:
        return f"{self.entity.label} {self.ctx.current_board.label(self.entity_name, record['id'])}"

    def _update_heading(self) -> None:
        record = self.record()
        if record is None:
            self.heading.setText(self._blank_heading())
            self.banner.hide()
        else:
            self.heading.setText(self.title_text(record))
            if record.get("archived"):
                self.banner.setText(f"This {self.entity.label.lower()} is archived: it is kept "
                                    "with its history but no longer shown in the registers.")
                self.banner.show()
            else:
                self.banner.hide()
        self.heading.setAccessibleName(self.heading.text())

    def _apply_read_only(self) -> None:
        ro = self.is_read_only()
        self.form.set_read_only(ro)
        self.sections_read_only(ro or self.record_id is None)
        # nothing selected in a file that cannot be changed (a snapshot): no blank form of
        # defaults that reads as 'New meeting' and cannot be filled in
        blank = self.record_id is None
        self.form.setVisible(not (ro and blank))
        if blank:
            self.heading.setText(self._blank_heading())
            self.heading.setAccessibleName(self.heading.text())

    def _blank_heading(self) -> str:
        """Return the heading over no record: 'New meeting', or when nothing can be added
        'Select a meeting to see it here.'"""
        label = self.entity.label.lower()
        if not self.is_read_only():
            return f"New {label}"
        return f"Select {'an' if label[0] in 'aeiou' else 'a'} {label} to see it here."

    def _created(self, record_id: int) -> None:
        self._update_heading()
        self.refresh()
        self._apply_read_only()

    def _on_ctx_changed(self, change: Change) -> None:
        if self.record_id is None:
            return
        if change.entities & (self.watch | {self.entity_name}):
            if not self.isVisible():  # a hidden editor (another tab) catches up when shown
                self._stale = True
                return
            self._catch_up()

    def _catch_up(self) -> None:
        self._stale = False
        self._update_heading()
        self.refresh()
        self._apply_read_only()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self._catch_up()

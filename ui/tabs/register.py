"""A register tab: search, filters, Add and Archive above a sortable table, its editor beside it.

One class serves every register; what differs (columns, filters, loader, the
record kinds it depends on) comes from its `TabSpec`. A tab is cheap to make: its
inside (toolbar, table, editor area) is built when it is first shown or first read
(`tab.view`, `tab.model`...), it loads when it is first shown and reloads only when
a change names one of the kinds it depends on (`on_changed`), keeping the selected
record selected. Its editor is made just after the table is first painted, or at
once when something needs it (`tab.editor`, selecting a record, adding one).
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QTimer, Signal
from PySide6.QtGui import QPaintEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.entities import entity, noun
from sendsec.domain.errors import SendsecError
from sendsec.services.board import Change
from ui.columns import TabSpec
from ui.context import AppContext
from ui.table_model import RecordFilterProxy, RecordTableModel
from ui.widgets.rag import CHIP_ICON_SIZE

log = logging.getLogger("sendsec.ui")


def editor_class(entity_name: str) -> tuple[type | None, str]:
    """Return (the editor class for `entity_name`, '') or (None, why there is none)."""
    from ui.editors import EDITORS

    cls = EDITORS.get(entity_name)
    if cls is None:
        return None, "These records are not edited here."
    return cls, ""


class AfterPaint:
    """For a widget class: `after_paint(then)` calls `then()` on the turn of the event loop
    after the widget is next painted.

    Through the widget's own paintEvent, not an event filter: a filter written in Python sees
    every event of the widget, and the first of them has PySide6 make the Python class of
    every QEvent subclass to find which it is."""

    def after_paint(self, then: Callable[[], object]) -> None:
        self.__dict__.setdefault("_after_paint", []).append(then)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)  # type: ignore[misc]
        waiting = self.__dict__.get("_after_paint")
        if waiting:
            self.__dict__["_after_paint"] = []
            for then in waiting:
                QTimer.singleShot(0, self, then)  # type: ignore[call-overload]


def make_table_view(parent: QWidget | None, name: str) -> QTableView:
    """Return a read-only, row-selecting table view. Qt's own delegate draws each cell, a
    chip (the model's DecorationRole) before its text at the chip's size."""
    view = QTableView(parent)
    view.setIconSize(CHIP_ICON_SIZE)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    view.setAccessibleName(name)
    return view


def show_rows(view: QTableView, model: RecordTableModel, shown: RecordFilterProxy | None = None,
              sort: tuple[int, bool] | None = None,
              later: Callable[[Callable[[], object]], None] | None = None) -> RecordFilterProxy:
    """Show `model` in `view` through `shown` (or a new proxy), put over it here, its columns
    named and sized as `model.columns` say; with `sort` (a column, descending?), sorted by it
    and sortable by clicking a column's name. Return the proxy: the view's rows are its rows.

    The header reads the names from a model of its own, and the rows are sorted by `model`
    itself at once: the header's arrow, and sorting by a click, come with `later` (a register
    passes its `after_paint`), as they pass a Qt enum through Python, which would otherwise
    have PySide6 build its Qt namespace before the first rows are painted (`ui.qt_values`).
    `model.headerData` still names the columns to screen readers, which ask the view's model.
    """
    # a header asks its model for every column's name as it is given it: the proxy is given
    # the rows once the header has a model of names
    proxy = RecordFilterProxy(view) if shown is None else shown
    view.setModel(proxy)
    names = QStandardItemModel(0, len(model.columns), view)
    for i, column in enumerate(model.columns):
        item = QStandardItem()  # (QStandardItem(text) would have PySide6 make QIcon's class)
        item.setText(column.header)
        if sort is not None:  # a table shown in its own order is not sorted by a click
            item.setToolTip(model.header_tip(i))
        names.setHorizontalHeaderItem(i, item)
    header = view.horizontalHeader()
    header.setModel(names)
    for i, column in enumerate(model.columns):
        header.resizeSection(i, column.width)
    proxy.setSourceModel(model)
    if sort is None:
        return proxy
    column_index, descending = sort
    model.sort_rows(column_index, descending)

    def sortable() -> None:
        from PySide6.QtCore import Qt

        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        view.sortByColumn(column_index, order)  # the arrow; the rows are in that order already
        view.setSortingEnabled(True)

    (later or _now)(sortable)
    return proxy


def _now(then: Callable[[], object]) -> None:
    then()


def push_button(text: str, parent: QWidget) -> QPushButton:
    """Return a push button saying `text`. (QPushButton(text, parent) would have PySide6 make
    QIcon's Python class, to rule out the overload that takes an icon.)"""
    button = QPushButton(parent)
    button.setText(text)
    return button


#: Plurals for counting where the entity's plural names a register, not things counted.
COUNT_PLURALS = {"impact_entry": "impact log entries", "finding": "DfE and NHS England findings",
                 "trajectory_point": "trajectory points", "cycle_step": "timetable steps",
                 "agenda_item": "agenda items", "invitee": "invitees"}


def counted(n: int, entity_name: str) -> str:
    """Return '1 action', '26 impact log entries', '12 people'."""
    e = entity(entity_name)
    if n == 1:
        return f"1 {noun(e.label)}"
    return f"{n:,} {COUNT_PLURALS.get(entity_name) or noun(e.plural)}"


class RegisterTab(AfterPaint, QWidget):
    """One register: the toolbar, the table and the editor of the selected record."""

    record_selected = Signal(object)  # record id or None

    #: What `build` makes: reading any of these builds the tab's inside first.
    INSIDE = frozenset({"model", "proxy", "search", "filters", "add_button", "archive_button",
                        "extra_buttons", "_bar", "view", "count_label",
                        "editor_area", "placeholder", "splitter"})

    def __init__(self, spec: TabSpec, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.ctx = ctx
        self.built = False
        self.loaded = False
        self.stale = True
        self.last_load_seconds = 0.0
        self._adding = False
        self._selecting_added = False
        self._read_only = ctx.readonly
        self._editor: Any = None
        self._editor_tried = False
        self._editor_waits = False
        self._splitter_state: QByteArray | None = None
        e = entity(spec.entity)
        self.noun = e.label.lower()
        self.a_noun = f"{'an' if self.noun[0] in 'aeiou' else 'a'} {self.noun}"  # 'an action'
        self.plural = e.plural.lower()

    def __getattr__(self, name: str) -> Any:
        # Only reached when `name` is not set: the inside is built on first use.
        if name in type(self).INSIDE and not self.__dict__.get("built", True):
            self.build()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's name
        if visible:
            self.build()  # before Qt shows the children, so they are shown with it
        super().setVisible(visible)

    def build(self) -> None:
        """Make the toolbar, the table and the editor area (once)."""
        if self.built:
            return
        self.built = True
        spec = self.spec
        e = entity(spec.entity)

        self.model = RecordTableModel(spec.columns, self)
        self.proxy = RecordFilterProxy(self)  # over the model once the view shows it

        # ------------------------------------------------ the toolbar
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(f"Search {spec.title.lower()}")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Search {spec.title.lower()}")
        self.search.setMinimumWidth(180)
        self.search.textChanged.connect(self._search_changed)

        self.filters: dict[str, QComboBox] = {}
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.search, 3)
        for f in spec.filters:
            combo = QComboBox(self)
            what = f.label if f.label.isupper() else f.label.lower()  # 'RAG' stays 'RAG'
            combo.setAccessibleName(f"Filter by {what}")
            combo.setToolTip(f"Show only {spec.title.lower()} with this {what}")
            combo.addItem(f.all_text, None)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(8)
            combo.setMaximumWidth(220)
            combo.currentIndexChanged.connect(lambda _i, key=f.column: self._filter_changed(key))
            self.filters[f.column] = combo
            bar.addWidget(combo)
        self.add_button = push_button(f"Add {self.noun}", self)
        self.add_button.setAccessibleName(f"Add {self.noun}")
        self.add_button.setToolTip(f"Add a new {self.noun} (Ctrl+N)")
        self.add_button.clicked.connect(self.add_record)
        self.archive_button = push_button("Archive", self)
        self.archive_button.setAccessibleName(f"Archive the selected {self.noun}")
        self.archive_button.setToolTip(f"Archive the selected {self.noun}: it is hidden but "
                                       "kept with its history")
        self.archive_button.clicked.connect(self.archive_selected)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.archive_button)
        self.extra_buttons: list[QPushButton] = []
        self._bar = bar

        # ------------------------------------------------ table and editor
        self.view = make_table_view(self, f"{spec.title} table")
        sort_by = self.model.column_index(spec.sort_by) if spec.sort_by else 0
        show_rows(self.view, self.model, self.proxy, (sort_by, spec.descending), self.after_paint)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(f"Number of {spec.title.lower()} shown")

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.count_label)

        self.editor_area = QScrollArea(self)
        self.editor_area.setWidgetResizable(True)
        self.editor_area.setAccessibleName(f"{e.label} details")
        self.editor_area.setMinimumWidth(280)
        # the editor scrolls up and down itself and reflows to the width it is given
        self.editor_area.setProperty("horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self.placeholder = QLabel(f"Select {self.a_noun} to see it here.", self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setProperty("alignment", "AlignTop|AlignLeft")  # ui.qt_values
        self.placeholder.setContentsMargins(12, 12, 12, 12)
        self.placeholder.setAccessibleName(f"{e.label} details")
        self.editor_area.setWidget(self.placeholder)

        # side by side, a splitter's own orientation (QSplitter(self) has PySide6 weigh the
        # overload taking an orientation first: ui.qt_values); parented by the layout below
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self.restore_splitter(self._splitter_state)
        self._fix_tab_order()
        self.set_read_only(self._read_only)

    # ------------------------------------------------------------ the editor
    @property
    def editor(self) -> Any:
        """The selected record's editor, made now if it is not yet (None when this register
        has none, or no board is open)."""
        self._ensure_editor()
        return self._editor

    def _ensure_editor(self) -> None:
        """Make the editor the first time a board is shown (editors read the open board)."""
        if self._editor_tried or self.ctx.board is None:
            return
        self.build()
        self._editor_tried = True
        cls, why = editor_class(self.spec.entity)
        if cls is None:
            self.placeholder.setText(f"Select {self.a_noun} to see it here.\n\n{why}")
            return
        try:
            editor = cls(self.ctx, self)
        except Exception:
            log.exception("The %s editor could not be made", self.spec.entity)
            self.placeholder.setText(f"The {self.noun} editor could not be opened; the "
                                     "details are in the log file.")
            return
        self._editor = editor
        changed = getattr(editor, "changed", None)
        if changed is not None:
            changed.connect(self._editor_changed)
        self.editor_area.takeWidget()
        self.placeholder.setParent(None)
        self.editor_area.setWidget(editor)
        body = getattr(editor, "body", None)
        if body is not None and hasattr(body, "content_width"):
            # the splitter cannot squeeze the editor narrower than its fields fit
            bar = editor.scroll_area.verticalScrollBar().sizeHint().width()
            self.editor_area.setMinimumWidth(max(280, body.content_width() + bar
                                                 + 2 * self.editor_area.frameWidth() + 4))
        self._fix_tab_order()
        if hasattr(editor, "set_read_only"):
            editor.set_read_only(self._read_only)

    def _editor_after_paint(self) -> None:
        """Make the editor once the table has been painted (the rows come first)."""
        if self._editor_tried or self._editor_waits or self.ctx.board is None:
            return
        self._editor_waits = True
        # The tab is painted in the same pass as its table's rows. (Not the table's viewport:
        # Python has not seen that plain QWidget, and PySide6 would make the Python class of
        # every QWidget subclass, some 60 enums, to find which it is.)
        self.after_paint(self._editor_painted)

    def _editor_painted(self) -> None:
        self._editor_waits = False
        self._ensure_editor()

    def add_button_to_bar(self, text: str, accessible: str, slot, tip: str = "") -> QPushButton:
        """Add a button after Archive (e.g. the Meetings tab's "Generate papers")."""
        button = push_button(text, self)
        button.setAccessibleName(accessible)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(slot)
        self._bar.addWidget(button)
        self.extra_buttons.append(button)
        self._fix_tab_order()
        return button

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.search, *self.filters.values(), self.add_button,
                                self.archive_button, *self.extra_buttons, self.view]
        if self._editor is not None:
            chain.append(self._editor)
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    # ------------------------------------------------------------ loading
    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.stale:
            self.reload()
        self._editor_after_paint()

    def reload(self) -> None:
        """Load the register's rows again, keeping the selected record selected."""
        board = self.ctx.board
        started = time.perf_counter()
        selected = self.selected_id()
        rows = [] if board is None else self.spec.load(board, self.ctx.today())
        self.model.set_rows(rows)
        self._refresh_filters()
        self.loaded, self.stale = True, False
        if selected is not None:
            self.select_record(selected, show=False, reveal=False)
        self._update_count()
        self._follow_selection()  # a record gone (an add undone) is no longer shown
        self.last_load_seconds = time.perf_counter() - started
        log.debug("%s loaded %d rows in %.3fs", self.spec.name, len(rows), self.last_load_seconds)

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():
            self.reload()

    def on_changed(self, change: Change) -> None:
        """Reload if the change touched a kind of record this tab shows."""
        if not (self.spec.depends & change.entities):
            return
        self.mark_stale()
        if (self._adding or self._editing_blank_form()) and change.entity == self.spec.entity \
                and change.ids and change.kind == "added":
            self._adding = False
            if self.loaded:
                self._selecting_added = True  # the blank form it came from is not left
                try:
                    self.select_record(change.ids[0])
                finally:
                    self._selecting_added = False

    def _editing_blank_form(self) -> bool:
        """True if this tab is shown with its editor's blank form: an empty register opens
        on one, and what is added from it is selected as if Add had been pressed first."""
        return self.isVisible() and self._editor is not None \
            and getattr(self._editor, "record_id", 0) is None

    def board_replaced(self) -> None:
        self._adding = False
        self.set_read_only(self.ctx.readonly)
        self.loaded = False
        if not self.built:
            self.stale = True
            return
        self.search.clear()
        for combo in self.filters.values():
            combo.setCurrentIndex(0)
        self.model.set_rows([])
        self.mark_stale()
        if self._editor is not None:
            self._show_in_editor(None, blank=False)

    def _refresh_filters(self) -> None:
        for key, combo in self.filters.items():
            current = combo.currentData()
            values = self.model.distinct(key)
            combo.blockSignals(True)
            all_text = combo.itemText(0)
            combo.clear()
            combo.addItem(all_text, None)
            for v in values:
                combo.addItem(v, v)
            if current is not None and current not in values:
                combo.addItem(current, current)  # keep the person's choice (it now shows none)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
            combo.blockSignals(False)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = counted(total, self.spec.entity) if shown == total \
            else f"Showing {shown:,} of {counted(total, self.spec.entity)}"
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)  # a screen reader reads the number itself

    # ------------------------------------------------------------ search and filters
    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()
        self._follow_selection()

    def _filter_changed(self, key: str) -> None:
        self.proxy.set_filter(key, self.filters[key].currentData())
        self._update_count()
        self._follow_selection()

    def set_filter(self, key: str, text: str | None) -> None:
        """Choose `text` in the filter of column `key` (None: all)."""
        combo = self.filters[key]
        combo.setCurrentIndex(0 if text is None else combo.findData(text))

    def focus_search(self) -> None:
        from PySide6.QtCore import Qt  # where first used (ui.qt_values)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ------------------------------------------------------------ selection
    def selected_id(self) -> Any:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(
                index.row(), index.parent()):
            return None
        return self.model.id_at(self.proxy.mapToSource(index).row())

    def select_record(self, record_id: Any, *, show: bool = True, reveal: bool = True) -> bool:
        """Select the row of `record_id`; return False if it is not shown.

        With `reveal`, the search and filters are cleared if they hide it; with
        `show`, its editor is shown.
        """
        if not self.loaded or self.stale:
            self.reload()
        row = self.proxy.proxy_row_of(record_id)
        if row is None and reveal and self.model.row_of(record_id) is not None:
            self.search.clear()
            for combo in self.filters.values():
                combo.setCurrentIndex(0)
            row = self.proxy.proxy_row_of(record_id)
        if row is None:
            return False
        index = self.proxy.index(row, 0)
        sm = self.view.selectionModel()
        sm.blockSignals(not show)
        sm.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                           | QItemSelectionModel.SelectionFlag.Rows)
        sm.blockSignals(False)
        self.view.scrollTo(index)
        return True

    def _current_changed(self, current, _previous) -> None:
        record_id = self.model.id_at(self.proxy.mapToSource(current).row()) \
            if current.isValid() else None
        editing = getattr(self._editor, "record_id", None)
        if editing is not None and record_id != editing and not self.may_leave_record():
            # back to the record with the refused value, once Qt has finished moving
            QTimer.singleShot(0, lambda: self._back_to(editing))
            return
        if editing is None and record_id is not None and not self._selecting_added \
                and not self.may_leave_new_record():
            QTimer.singleShot(0, self._back_to_new)
            return
        self._adding = False
        self._show_in_editor(record_id)
        self.archive_button.setEnabled(record_id is not None and not self._read_only)
        self.record_selected.emit(record_id)

    def may_leave_record(self) -> bool:
        """Return True when the editor's record can be left: nothing typed was refused, or
        the person chose to discard it; False when they chose to go back and fix it."""
        editor = self._editor
        refused = getattr(editor, "refused", None)
        record = editor.record() if refused is not None else None
        if refused is None or editor.is_read_only() or not record or record.get("archived"):
            return True  # nothing to ask about a record that is gone
        problems = refused()  # what can be saved is saved first
        if not problems:
            return True
        from ui.dialogs.errors import UnsavedDialog

        return not UnsavedDialog.fix_or_discard(self, list(problems.values()))

    def may_leave_new_record(self) -> bool:
        """Return True when the editor's blank form can be left: nothing was typed in it, or
        the person chose to discard what was; False when they chose to go back to it."""
        form = getattr(self._editor, "form", None)
        typed = getattr(form, "typed_not_added", None)
        if typed is None or not self.isVisible() or not typed():
            return True
        from ui.dialogs.errors import UnsavedDialog

        return not UnsavedDialog.add_or_discard(self, self.noun)

    def _back_to_new(self) -> None:
        """Show the blank form again, no row selected, as it was before the click."""
        self._clear_selection()
        form = getattr(self._editor, "form", None)
        if form is not None:
            from PySide6.QtCore import Qt  # where first used (ui.qt_values)
            form.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_selection(self) -> None:
        """Select no row, with no current row either, so that clicking any row shows it."""
        sm = self.view.selectionModel()
        sm.blockSignals(True)  # the editor is not told: it shows the blank form already
        sm.clear()
        sm.blockSignals(False)
        self.view.viewport().update()
        self.archive_button.setEnabled(False)

    def _back_to(self, record_id: Any) -> None:
        self.select_record(record_id, show=False)
        if self._editor is not None:
            self._editor.focus_refused()

    def _follow_selection(self) -> None:
        """Show the selected record in the editor, or none: never one no longer listed."""
        editing = getattr(self._editor, "record_id", None)
        if editing is None:
            return
        selected = self.selected_id()
        if selected == editing:
            return
        if selected is None and not self.may_leave_record():
            self.select_record(editing, show=False)  # the search is cleared to show it
            self._editor.focus_refused()
            return
        self._show_in_editor(selected)

    def _show_in_editor(self, record_id: Any, *, blank: bool = True) -> None:
        self._ensure_editor()
        if self._editor is not None:
            if record_id is None and not blank:
                return
            self._editor.show_record(record_id)
        elif record_id is not None and self.ctx.board is not None:
            self.placeholder.setText(f"{self.ctx.board.label(self.spec.entity, record_id)}\n\n"
                                     "These records are not edited here.")

    def _editor_changed(self, change: object) -> None:
        pass  # the change also arrives through ctx.changed, which reloads this tab

    # ------------------------------------------------------------ adding and archiving
    def add_record(self) -> None:
        """Show a blank form for a new record in the editor."""
        if self._read_only:
            return
        self._clear_selection()
        self._adding = True
        editor = self.editor
        if editor is not None:
            editor.show_record(None)
            if hasattr(editor, "focus_first_field"):
                editor.focus_first_field()
            else:
                from PySide6.QtCore import Qt  # where first used (ui.qt_values)
                editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
                editor.focusNextChild()
        else:
            from ui.dialogs.errors import ErrorDialog

            ErrorDialog.show_message(self, "These records are not added here.")

    def archive_selected(self) -> bool:
        """Archive the selected record after asking; return True if it was archived."""
        from ui.dialogs.errors import ConfirmDialog, ErrorDialog

        record_id = self.selected_id()
        if record_id is None or self._read_only:
            return False
        label = self.ctx.current_board.label(self.spec.entity, record_id)
        if not ConfirmDialog.ask(self, f"Archive {self.noun} {label}?\n\nIt will be hidden from "
                                       "the registers and the papers but kept in the file with "
                                       "its history. Undo (Ctrl+Z) brings it back."):
            return False
        try:
            self.ctx.apply(lambda b: b.archive(self.spec.entity, record_id))
        except SendsecError as exc:
            ErrorDialog.show_message(self, str(exc))
            return False
        return True

    # ------------------------------------------------------------ read-only
    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        if not self.built:
            return  # `build` applies it
        self.add_button.setEnabled(not read_only)
        self.archive_button.setEnabled(not read_only and self.selected_id() is not None)
        if self._editor is not None and hasattr(self._editor, "set_read_only"):
            self._editor.set_read_only(read_only)

    # ------------------------------------------------------------ layout memory
    def restore_splitter(self, state: QByteArray | None) -> None:
        """Give the table and the editor the widths kept in `state` (None: the default)."""
        self._splitter_state = state
        if self.built:
            if state is not None:
                self.splitter.restoreState(state)
            else:
                self.splitter.setSizes([580, 420])  # the table 58%, the editor 42%

    def splitter_state(self) -> QByteArray | None:
        """Return the widths to keep (None when the tab was never built and had none)."""
        return self.splitter.saveState() if self.built else self._splitter_state

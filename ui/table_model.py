"""One generic table model for every register, driven by column specs (`ui.columns`).

`RecordTableModel` holds the register's rows and, computed once per load, each
cell's text and each row's search text; sort keys are computed per column the
first time it is sorted. Sorting happens here (one Python sort with a key, not
a comparison per pair through Qt), so the proxy only filters and a board with
thousands of rows sorts and filters at once.

`RecordFilterProxy` keeps the rows that contain every word of the search text
and match every chosen filter. A view's header names the columns from a model of
its own (`ui.tabs.register.show_rows`); `headerData` names them to screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)

from ui.columns import Column
from ui.qt_values import (
    ACCESSIBLE_TEXT_ROLE,
    ALIGN_LEFT,
    ALIGN_RIGHT,
    ALIGN_VCENTER,
    DECORATION_ROLE,
    DESCENDING,
    DISPLAY_ROLE,
    HORIZONTAL,
    TEXT_ALIGNMENT_ROLE,
    TOOLTIP_ROLE,
    USER_ROLE,
)
from ui.widgets.rag import COLOUR_ROLE, chip_icon

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

ID_ROLE = USER_ROLE + 2
SORT_ROLE = USER_ROLE + 3

_RIGHT = ALIGN_RIGHT | ALIGN_VCENTER
_ROOT = QModelIndex()
_LEFT = ALIGN_LEFT | ALIGN_VCENTER
_TEXT_ROLES = frozenset({DISPLAY_ROLE, ACCESSIBLE_TEXT_ROLE})
#: The roles `data` answers; Qt asks for a dozen more per cell painted.
_ROLES = _TEXT_ROLES | {TOOLTIP_ROLE, TEXT_ALIGNMENT_ROLE, DECORATION_ROLE, COLOUR_ROLE, ID_ROLE,
                        SORT_ROLE}


class RecordTableModel(QAbstractTableModel):
    """Rows of plain dicts shown through `columns`; each row is known by its 'id'."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None):
        super().__init__(parent)
        self.columns: tuple[Column, ...] = tuple(columns)
        self._chips = tuple(bool(c.palette) for c in self.columns)  # which columns have chips
        self._rows: list[dict[str, Any]] = []
        self._text: list[list[str]] = [[] for _ in self.columns]  # by column, then row
        self._search: list[str] | None = []
        self._row_of: dict[Any, int] = {}
        self._sort: tuple[int, bool] | None = None  # the column, and descending?

    # ---------------------------------------------------------------- loading
    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Replace the rows (keeping the current sort). Views keep their selection by id."""
        self.beginResetModel()
        self._rows = list(rows)
        self._text = [c.texts(self._rows) for c in self.columns]
        if self._sort is not None:
            self._reorder(self._order(*self._sort))
        self._rebuild()
        self.endResetModel()

    def _rebuild(self) -> None:
        self._search = None  # made when first searched
        self._row_of = {r.get("id", i): i for i, r in enumerate(self._rows)}

    def _reorder(self, order: list[int]) -> None:
        """Put the rows (and their texts) in `order`, a list of their present positions."""
        rows = self._rows
        self._rows = [rows[i] for i in order]
        self._text = [[texts[i] for i in order] for texts in self._text]

    def _order(self, column: int, descending: bool) -> list[int]:
        """Return the rows' positions sorted by `column`, blanks last whichever way."""
        keys = self.columns[column].sort_keys(self._rows)
        # sort the filled ones, then append the blanks in order
        filled = [i for i, k in enumerate(keys) if k[0] == 0]
        blanks = [i for i, k in enumerate(keys) if k[0] != 0]
        # equal keys keep their order either way (stable for the person reading)
        filled.sort(key=lambda i: (keys[i], -i if descending else i), reverse=descending)
        return filled + blanks

    # ---------------------------------------------------------------- lookups
    @property
    def rows(self) -> list[dict[str, Any]]:
        return self._rows

    def record(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def id_at(self, row: int) -> Any:
        return self._rows[row].get("id") if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: Any) -> int | None:
        """Return the model row showing `record_id`, or None."""
        return self._row_of.get(record_id)

    def column_index(self, key: str) -> int:
        for i, c in enumerate(self.columns):
            if c.key == key:
                return i
        raise KeyError(key)

    def text(self, row: int, column: int) -> str:
        return self._text[column][row]

    def search_text(self, row: int) -> str:
        if self._search is None:
            self._search = _search_texts(self._rows, self.columns, self._text)
        return self._search[row]

    def distinct(self, key: str) -> list[str]:
        """Return the different non-blank texts shown in column `key`, in its sort order."""
        i = self.column_index(key)
        col = self.columns[i]
        seen: dict[str, tuple] = {}
        for r, t in zip(self._rows, self._text[i], strict=True):
            if t and t not in seen:
                seen[t] = col.sort_key(r)
        return sorted(seen, key=lambda t: (seen[t], t))

    # ---------------------------------------------------------------- the Qt model
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = DISPLAY_ROLE) -> Any:
        if role not in _ROLES or not index.isValid():  # most roles Qt asks for: nothing
            return None
        row, column = index.row(), index.column()
        if row >= len(self._rows) or column >= len(self.columns):
            return None
        if role in _TEXT_ROLES:
            return self._text[column][row]
        if role == DECORATION_ROLE:  # asked of every cell painted: the chip, if it has one
            if not self._chips[column]:
                return None
            colour = self.columns[column].colour(self._rows[row])
            return chip_icon(colour) if colour else None
        col = self.columns[column]
        if role == TOOLTIP_ROLE:
            tip = col.tooltip(self._rows[row])
            return tip or None
        if role == COLOUR_ROLE:
            return col.colour(self._rows[row])
        if role == TEXT_ALIGNMENT_ROLE:
            return _RIGHT if col.kind == "number" else _LEFT
        if role == ID_ROLE:
            return self._rows[row].get("id")
        if role == SORT_ROLE:
            return repr(col.sort_key(self._rows[row]))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = DISPLAY_ROLE) -> Any:
        """The columns' names, for screen readers; a view's header shows them from a model
        of its own (`ui.tabs.register.show_rows`), as Qt hands this method an enum
        (`ui.qt_values`). A caller may pass the enum or its number."""
        if getattr(orientation, "value", orientation) != HORIZONTAL or not 0 <= section < len(self.columns):
            return None
        if role in _TEXT_ROLES:
            return self.columns[section].header
        if role == TOOLTIP_ROLE:
            return self.header_tip(section)
        return None

    def header_tip(self, section: int) -> str:
        return f"Sort by {self.columns[section].header.lower()}"

    # The rows' flags are QAbstractTableModel's: enabled and selectable, never editable here.

    def sort(self, column: int, order: Qt.SortOrder | None = None) -> None:
        """Qt's sort (a header clicked): `order` the enum or its number, None ascending."""
        self.sort_rows(column, getattr(order, "value", order) == DESCENDING)

    def sort_rows(self, column: int, descending: bool = False) -> None:
        """Put the rows in the order of `column` (blanks last either way) and keep them so
        when they are loaded again; a column out of range stops sorting."""
        if not 0 <= column < len(self.columns):
            self._sort = None
            return
        if self._sort == (column, descending):
            return  # already so: each load and sort leaves the rows in `_sort`'s order
        self._sort = (column, descending)
        self.layoutAboutToBeChanged.emit()
        positions = self._order(column, descending)
        new_row_of_old = [0] * len(positions)
        for new, old in enumerate(positions):
            new_row_of_old[old] = new
        self._reorder(positions)
        self._rebuild()
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent,
            [self.index(new_row_of_old[p.row()], p.column()) if p.row() < len(new_row_of_old)
             else QModelIndex() for p in persistent],
        )
        self.layoutChanged.emit()

    @property
    def sort_state(self) -> tuple[int, bool] | None:
        """The column the rows are sorted by, and whether descending; None if unsorted."""
        return self._sort


def _search_texts(rows: Sequence[dict[str, Any]], columns: Sequence[Column],
                  texts: Sequence[Sequence[str]]) -> list[str]:
    """Return each row's search text: its cells' texts, then its long texts in full (a cell
    shows only their start), one a line, in lower case."""
    parts = [list(t) for t in zip(*texts, strict=True)] if texts else [[] for _ in rows]
    for c in columns:
        if c.kind == "longtext":
            for p, value in zip(parts, c.values(rows), strict=True):
                if value:
                    p.append(str(value))
    return ["\n".join(p).casefold() for p in parts]


class RecordFilterProxy(QSortFilterProxyModel):
    """Keeps rows holding every word of the search text and matching each chosen filter.

    Sorting is passed to the source model, which sorts its rows once with a key.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._words: list[str] = []
        self._filters: dict[int, str] = {}

    def source(self) -> RecordTableModel:
        model = self.sourceModel()
        assert isinstance(model, RecordTableModel)
        return model

    def _refilter(self, words: list[str], filters: dict[int, str]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            self._words, self._filters = words, filters
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._words, self._filters = words, filters
            self.invalidateFilter()

    def set_search(self, text: str) -> None:
        """Keep rows holding every word of `text` (any case, anywhere in the row)."""
        words = text.casefold().split()
        if words != self._words:
            self._refilter(words, self._filters)

    def set_filter(self, key: str, value: str | None) -> None:
        """Keep only rows whose column `key` shows `value` (None or '' clears it)."""
        column = self.source().column_index(key)
        filters = dict(self._filters)
        if value:
            filters[column] = value
        else:
            filters.pop(column, None)
        if filters != self._filters:
            self._refilter(self._words, filters)

    def clear_filters(self) -> None:
        if self._words or self._filters:
            self._refilter([], {})

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._filters and not self._words:  # asked for every row on each load
            return True
        model = self.sourceModel()
        if not isinstance(model, RecordTableModel) or source_row >= model.rowCount():
            return True
        for column, value in self._filters.items():
            if model.text(source_row, column) != value:
                return False
        if self._words:
            hay = model.search_text(source_row)
            return all(w in hay for w in self._words)
        return True

    def sort(self, column: int, order: Qt.SortOrder | None = None) -> None:
        model = self.sourceModel()
        if isinstance(model, RecordTableModel):
            model.sort(column, order)

    def source_row(self, proxy_row: int) -> int:
        return self.mapToSource(self.index(proxy_row, 0)).row()

    def proxy_row_of(self, record_id: Any) -> int | None:
        """Return the visible row showing `record_id`, or None if it is filtered out."""
        row = self.source().row_of(record_id)
        if row is None:
            return None
        index = self.mapFromSource(self.source().index(row, 0))
        return index.row() if index.isValid() else None

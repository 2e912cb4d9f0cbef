"""A layout that places its items in a row and wraps them onto the next row when the
width runs out (Qt's "Flow Layout" example), so a row of buttons or of paired fields
is never cut off on a narrow screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items left to right (or packed to the right with `align_right`), wrapping as needed.

    Its minimum width is that of its widest item, and it reports the height it needs
    at a given width (heightForWidth), so a scroll area or form gives it more rows.
    """

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6,
                 align_right: bool = False):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._align_right = align_right
        self.setContentsMargins(QMargins(0, 0, 0, 0))
        self.setSpacing(spacing)

    # ------------------------------------------------------------ QLayout
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """All items on one row."""
        width = height = 0
        for item in self._visible():
            hint = item.sizeHint()
            width += hint.width() + (self.spacing() if width else 0)
            height = max(height, hint.height())
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        """The widest item (everything else wraps)."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # ------------------------------------------------------------ placing
    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _width_of(self, item: QLayoutItem, room: int) -> int:
        """An item's width in a row of `room`: its size hint, shrunk to fit if it may."""
        hint = item.sizeHint().width()
        if hint <= room:
            return hint
        return max(item.minimumSize().width(), room)

    def _height_of(self, item: QLayoutItem, width: int) -> int:
        if item.hasHeightForWidth():
            return max(item.heightForWidth(width), item.minimumSize().height())
        return item.sizeHint().height()

    def _place(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in `rect` (when `move`); return the height they take."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        room = max(1, area.width())
        gap = self.spacing()
        rows: list[list[tuple[QLayoutItem, int]]] = [[]]
        used = 0
        for item in self._visible():
            width = self._width_of(item, room)
            if rows[-1] and used + gap + width > room:
                rows.append([])
                used = 0
            used += (gap if rows[-1] else 0) + width
            rows[-1].append((item, width))
        y = area.y()
        for row in rows:
            if not row:
                continue
            height = max(self._height_of(item, width) for item, width in row)
            total = sum(width for _, width in row) + gap * (len(row) - 1)
            x = area.x() + (room - total if self._align_right and total < room else 0)
            for item, width in row:
                if move:  # each item its own height, at the top of its row
                    item_h = min(height, max(self._height_of(item, width),
                                             item.sizeHint().height()))
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, item_h)))
                x += width + gap
            y += height + gap
        return max(0, y - gap - area.y()) + m.top() + m.bottom()


class WrappingRow(QWidget):
    """A widget holding a FlowLayout whose minimum height is always that of its wrapped
    rows at its current width, so a parent that honours only minimum sizes (not
    heightForWidth) still leaves room for the second row instead of overlapping it."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6,
                 align_right: bool = False):
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing=spacing, align_right=align_right)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit_height()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # a button shown, hidden or renamed
            self.fit_height()
        return handled

    def fit_height(self) -> None:
        """Ask for the height the rows take at the current width (the parent re-lays out)."""
        needed = self.flow.heightForWidth(max(1, self.width()))
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

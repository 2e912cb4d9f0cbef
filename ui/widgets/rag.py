"""RAG ratings, risk bands and step states: a colour chip AND the word, never colour alone.

Tables put the chip's colour in `COLOUR_ROLE`; `ChipDelegate` paints a small
square of that colour before the text. `ChipLabel` is the same look outside
a table (the overview's counts).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

COLOUR_ROLE = Qt.ItemDataRole.UserRole + 1

RAG_COLOURS = {"red": "#c62828", "amber": "#f2a900", "green": "#2e7d32", "blue": "#1565c0"}
BAND_COLOURS = {"low": "#2e7d32", "medium": "#f2a900", "high": "#e65100",
                "very high": "#b71c1c"}
STATE_COLOURS = {"overdue": "#c62828", "due soon": "#f2a900", "done": "#2e7d32",
                 "upcoming": "#9e9e9e"}
SEVERITY_COLOURS = {"error": "#c62828", "high": "#c62828", "warning": "#f2a900",
                    "medium": "#f2a900", "info": "#1565c0", "low": "#1565c0"}
NOT_RATED = "#bdbdbd"

PALETTES = {"rag": RAG_COLOURS, "band": BAND_COLOURS, "state": STATE_COLOURS,
            "severity": SEVERITY_COLOURS}

CHIP = 12  # pixels

# read once: each read of a PySide6 enum, and each | or & of its flags, costs a call. (No
# QStyle here: PySide6 makes its Python class, with its ten enums of some 450 values, the
# first time Python sees one, which the first screen can do without.)
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_MIDDLE_LEFT = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)


def colour_for(palette: str, value: object) -> str | None:
    """Return the '#rrggbb' colour of `value` in a palette ('rag', 'band', 'state', 'severity').

    A RAG or band with no value gets the grey of "not rated"; an unknown value gets None.
    """
    colours = PALETTES[palette]
    if value is None or value == "":
        return NOT_RATED if palette in ("rag", "band") else None
    return colours.get(str(value).strip().lower())


class ChipDelegate(QStyledItemDelegate):
    """Paints a colour chip before the text of any cell whose COLOUR_ROLE is set."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._without_text = False

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        if self._without_text:
            option.text = ""  # a chip's cell: `paint` draws its text after the chip

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        colour = index.data(COLOUR_ROLE)
        if not colour:
            super().paint(painter, option, index)
            return
        # the cell as Qt draws it (background, selection, focus), without its text
        self._without_text = True
        try:
            super().paint(painter, option, index)
        finally:
            self._without_text = False
        opt = QStyleOptionViewItem(option)
        super().initStyleOption(opt, index)
        text = opt.text
        rect: QRect = opt.rect
        painter.save()
        painter.setRenderHint(_ANTIALIASING, True)
        chip = QRect(rect.left() + 6, rect.center().y() - CHIP // 2 + 1, CHIP, CHIP)
        fill = QColor(colour)
        painter.setBrush(fill)
        painter.setPen(fill.darker(140))
        painter.drawRoundedRect(chip, 2, 2)
        text_rect = rect.adjusted(6 + CHIP + 6, 0, -4, 0)
        selection = getattr(opt.widget, "selectionModel", None)  # the view's, as Qt's reads it
        selected = selection is not None and selection().isSelected(index)
        role = opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        painter.setFont(opt.font)
        shown = opt.fontMetrics.elidedText(text, _ELIDE_RIGHT, text_rect.width())
        painter.drawText(text_rect, _MIDDLE_LEFT, shown)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(COLOUR_ROLE):
            size.setWidth(size.width() + CHIP + 12)
        return size


class ChipLabel(QWidget):
    """A colour chip and a word, e.g. the overview's "[red] Red 4"."""

    def __init__(self, colour: str | None, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.chip = QLabel()
        self.chip.setFixedSize(CHIP + 2, CHIP + 2)
        self.label = QLabel(text)
        layout.addWidget(self.chip)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.set(colour, text)

    def set(self, colour: str | None, text: str) -> None:
        c = QColor(colour or NOT_RATED)
        self.chip.setStyleSheet(f"background: {c.name()}; border: 1px solid "
                                f"{c.darker(140).name()}; border-radius: 2px;")
        self.label.setText(text)
        self.setAccessibleName(text)
        self.label.setAccessibleName(text)

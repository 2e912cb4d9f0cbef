"""RAG ratings, risk bands and step states: a colour chip AND the word, never colour alone.

Tables put the chip's colour in `COLOUR_ROLE` and its picture, `chip_icon(colour)`, in
Qt's DecorationRole: the view's own delegate draws it before the text, with no call into
Python per cell painted. `ChipLabel` is the same look outside a table (the overview's
counts).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.qt_values import USER_ROLE

COLOUR_ROLE = USER_ROLE + 1

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
#: A table's chip picture: the chip and, round it, the pixel its antialiased edge reaches into.
#: Views showing chips take it as their icon size.
CHIP_ICON_SIZE = QSize(CHIP + 2, CHIP + 2)

_chip_icons: dict[str, QIcon] = {}


def colour_for(palette: str, value: object) -> str | None:
    """Return the '#rrggbb' colour of `value` in a palette ('rag', 'band', 'state', 'severity').

    A RAG or band with no value gets the grey of "not rated"; an unknown value gets None.
    """
    colours = PALETTES[palette]
    if value is None or value == "":
        return NOT_RATED if palette in ("rag", "band") else None
    return colours.get(str(value).strip().lower())


def chip_icon(colour: str) -> QIcon:
    """Return the chip of `colour` (e.g. '#c62828') for a table cell's DecorationRole: a
    CHIP-pixel rounded square of the colour, edged with its darker shade, transparent round it.

    Made the first time a colour is asked for (a QApplication must exist by then) and kept:
    one picture per pixel ratio of the screens (sharp on a high-DPI screen), the same picture
    when its row is selected (Qt would otherwise tint it with the selection's colour).
    """
    icon = _chip_icons.get(colour)
    if icon is None:
        icon = _chip_icons[colour] = _make_chip_icon(colour)
    return icon


def _make_chip_icon(colour: str) -> QIcon:
    fill = QColor(colour)
    edge = fill.darker(140)
    ratios = {1.0, *(screen.devicePixelRatio() for screen in QGuiApplication.screens())}
    pairs = ((fill.red(), edge.red()), (fill.green(), edge.green()),
             (fill.blue(), edge.blue()), (255, 255))
    icon = QIcon()
    for ratio in sorted(ratios):
        side = math.ceil(CHIP_ICON_SIZE.width() * ratio)
        pixels = bytes([round(f * fill_share + e * edge_share)
                        for fill_share, edge_share in _chip_shares(side, ratio)
                        for f, e in pairs])  # premultiplied by the share covered
        image = QImage(pixels, side, side, 4 * side,
                       QImage.Format.Format_RGBA8888_Premultiplied).copy()  # copy: own its pixels
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        icon.addPixmap(pixmap, QIcon.Mode.Normal)
        icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon


_SAMPLES = 4  # per side of a pixel: its share of the chip is measured at 16 points
_shares: dict[tuple[int, float], list[tuple[float, float]]] = {}


def _chip_shares(side: int, ratio: float) -> list[tuple[float, float]]:
    """For each pixel of the chip's side x side picture, row by row: the share of it that is
    the chip's fill and the share that is its edge (the rest is transparent).

    The chip is a CHIP-pixel square with corners of radius 2, a pixel in from each side, edged
    by a line one pixel wide astride its outline, as QPainter.drawRoundedRect draws it. It is
    measured here, not painted: a painter's pen or brush has PySide6 build its Qt namespace
    (ui.qt_values), and the first chips are drawn with the first rows.
    """
    key = (side, ratio)
    if key not in _shares:
        n = _SAMPLES
        shares = []
        for row in range(side):
            filled = [0] * side
            edged = [0] * side
            for sample in range(row * n, row * n + n):
                y = (sample + 0.5) / n / ratio  # in logical pixels
                inner = _samples_across(y, 1.5, CHIP + 0.5, 1.5, n * ratio)
                outer = _samples_across(y, 0.5, CHIP + 1.5, 2.5, n * ratio)
                for column in range(side):
                    here = range(column * n, column * n + n)
                    f = _overlap(inner, here)
                    filled[column] += f
                    edged[column] += _overlap(outer, here) - f
            shares += [(f / n / n, e / n / n) for f, e in zip(filled, edged, strict=True)]
        _shares[key] = shares
    return _shares[key]


def _samples_across(y: float, low: float, high: float, radius: float,
                    per_pixel: float) -> range:
    """Return the samples (numbered from the left, `per_pixel` to a logical pixel) inside the
    square from `low` to `high` with corners of `radius`, along the line at height `y`."""
    if not low <= y <= high:
        return range(0)
    corner = min(max(y, low + radius), high - radius)
    half = math.sqrt(max(radius * radius - (y - corner) ** 2, 0.0))
    left, right = low + radius - half, high - radius + half
    return range(math.ceil(left * per_pixel - 0.5), math.floor(right * per_pixel - 0.5) + 1)


def _overlap(a: range, b: range) -> int:
    return max(0, min(a.stop, b.stop) - max(a.start, b.start))


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

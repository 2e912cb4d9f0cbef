"""Colour contrast as WCAG 2 measures it, and a selection colour that reads at 4.5:1."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

#: The selection's fill where the style's own is too light for its white text
#: (Fusion's #308cc6 reads at 3.7:1; this blue at 6.8:1).
READABLE_HIGHLIGHT = "#1a5d99"


def luminance(colour: QColor | str) -> float:
    """Return the relative luminance of a colour (0 black to 1 white)."""
    # (QColor(a QColor) has PySide6 weigh the overload taking a Qt colour: ui.qt_values)
    c = colour if isinstance(colour, QColor) else QColor(colour)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) \
        + 0.0722 * channel(c.blueF())


def contrast(a: QColor | str, b: QColor | str) -> float:
    """Return the contrast ratio of two colours (1 to 21; text wants at least 4.5)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_selection(app: QGuiApplication) -> None:
    """Make selected rows' text read at 4.5:1 or more on the selection's fill."""
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        fill = palette.color(group, QPalette.ColorRole.Highlight)
        text = palette.color(group, QPalette.ColorRole.HighlightedText)
        if contrast(fill, text) < 4.5:
            palette.setColor(group, QPalette.ColorRole.Highlight, QColor(READABLE_HIGHLIGHT))
            palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    app.setPalette(palette)

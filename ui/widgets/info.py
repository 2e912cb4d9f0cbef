"""Labels that show information, read out by screen readers as caption and text.

A QLabel given a fixed accessible name ("Next meeting") makes a screen reader
read only that name, never what the label says. `InfoLabel` keeps its
accessible name as "caption: text" whenever its text changes.
"""

from __future__ import annotations

from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QWidget


def plain(text: str) -> str:
    """Return a label's text without markup ('<b>Meeting 9</b>: ...' -> 'Meeting 9: ...')."""
    if "<" in text and ">" in text:
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


class InfoLabel(QLabel):
    """A label whose accessible name is its caption and its text ('Next meeting: ...')."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.caption = caption
        self._name()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._name()

    def clear(self) -> None:
        super().clear()
        self._name()

    def _name(self) -> None:
        text = " ".join(plain(self.text()).split())
        self.setAccessibleName(f"{self.caption}: {text}" if text and self.caption
                               else text or self.caption)

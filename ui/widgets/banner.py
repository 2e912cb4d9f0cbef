"""The yellow strip under the menus that says why the board cannot be changed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget


class Banner(QFrame):
    """A clear, high-contrast notice (dark text on yellow); hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet("#banner { background: #fff3b0; border: 1px solid #c9a400; "
                           "border-radius: 3px; } #banner QLabel { color: #1a1a1a; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        self.setAccessibleName("Notice")
        self.hide()

    def show_message(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.setAccessibleDescription(f"{title} {text}")
        self.setToolTip(text)
        self.show()

    def clear(self) -> None:
        self.title.clear()
        self.text.clear()
        self.hide()

    @property
    def message(self) -> str:
        """Return the notice as one line ('' when the banner is hidden)."""
        return "" if self.isHidden() else f"{self.title.text()} {self.text.text()}".strip()

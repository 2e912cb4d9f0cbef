"""The yellow strip under the menus that says why the board cannot be changed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


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
        self.text.setProperty("textInteractionFlags", "TextSelectableByMouse")  # ui.qt_values
        self.button = QPushButton(self)
        self.button.setAutoDefault(False)
        self.button.hide()
        self.button.clicked.connect(self._clicked)
        self._callback: Callable[[], None] | None = None
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.setAccessibleName("Notice")
        self.hide()

    def _clicked(self) -> None:
        if self._callback is not None:
            self._callback()

    def show_message(self, title: str, text: str, *, button: str = "",
                     on_click: Callable[[], None] | None = None) -> None:
        """Show the notice; with `button` and `on_click`, a button beside it that calls it."""
        self._callback = on_click if button else None
        self.button.setText(button)
        self.button.setAccessibleName(button)
        self.button.setVisible(bool(button and on_click))
        self.title.setText(title)
        self.text.setText(text)
        self.setAccessibleDescription(f"{title} {text}")
        self.setToolTip(text)
        self.show()

    def clear(self) -> None:
        self._callback = None
        self.button.hide()
        self.title.clear()
        self.text.clear()
        self.hide()

    @property
    def message(self) -> str:
        """Return the notice as one line ('' when the banner is hidden)."""
        return "" if self.isHidden() else f"{self.title.text()} {self.text.text()}".strip()

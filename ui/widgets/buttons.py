"""Buttons that only do what they say when they are pressed."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget


def no_default_buttons(window: QWidget) -> None:
    """Make no push button of `window` a default button, now or when it gets the focus.

    A dialog presses its default button when Enter is pressed in any field; a button
    that changes the board must never be pressed that way, so Enter in a field acts
    on that field only.
    """
    for button in window.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)

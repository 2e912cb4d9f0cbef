"""Windows and dialogs open within the free part of the screen they open on.

A dialog sized for a desktop monitor (Take the meeting, Board settings) would
open with its buttons below the taskbar of a 1280x720 laptop. `fit_window`
shrinks a window to the screen's available geometry (never below its own
minimum) and moves it onto the screen; `install_screen_fit` does that for every
dialog the first time it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

from ui.widgets.app_events import listen

GUESSED_FRAME = QSize(16, 40)  # title bar and borders, before the window manager says


def fit_window(window: QWidget) -> None:
    """Make `window` no larger than the free part of its screen, and on it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    free = screen.availableGeometry()
    frame = window.frameGeometry().size() - window.geometry().size()
    if frame.isNull():  # not known yet: leave room for it
        frame = GUESSED_FRAME
    width = min(window.width(), free.width() - max(0, frame.width()))
    height = min(window.height(), free.height() - max(0, frame.height()))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    geometry = window.frameGeometry()
    if not free.contains(geometry):
        x = min(max(geometry.x(), free.x()), free.right() + 1 - geometry.width())
        y = min(max(geometry.y(), free.y()), free.bottom() + 1 - geometry.height())
        window.move(max(x, free.x()), max(y, free.y()))


def _fit_dialog(watched: QObject, _event: QEvent) -> bool:
    if isinstance(watched, QDialog) and watched.isWindow() \
            and not watched.property("sendsec_fitted"):
        watched.setProperty("sendsec_fitted", True)
        fit_window(watched)
    return False


def install_screen_fit() -> None:
    """Fit every dialog to its screen when first shown (once per application)."""
    listen(QEvent.Type.Show, _fit_dialog)

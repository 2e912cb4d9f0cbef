"""One application-wide event filter for what the app does in every window and dialog.

Qt passes every event of every object through the application's event filters (thousands
while the window is built), and a filter written in Python costs a call into Python for
each. So the app installs one, and each behaviour (the wheel guard, the undo keys, dialogs
fitted to the screen) asks for the kinds of event it handles with `listen`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

#: Called with (the object, its event); returns True to stop the event there.
Handler = Callable[[QObject, QEvent], bool]

_handlers: dict[QEvent.Type, list[Handler]] = {}


class AppEvents(QObject):
    """The application-wide event filter: hands each event to the handlers of its kind."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        handlers = _handlers.get(event.type())
        if handlers:
            for handler in handlers:
                if handler(watched, event):
                    return True
        return False


_filter: AppEvents | None = None


def listen(kind: QEvent.Type, handler: Handler) -> None:
    """Have `handler` see every event of `kind` in the running QApplication (once: asking
    again does nothing)."""
    global _filter
    app = QApplication.instance()
    if app is None:
        return
    if _filter is None or _filter.parent() is not app:
        _filter = AppEvents(app)
        app.installEventFilter(_filter)
    handlers = _handlers.setdefault(kind, [])
    if handler not in handlers:
        handlers.append(handler)


def listening(kind: QEvent.Type, handler: Handler) -> bool:
    """Return True when `handler` sees the events of `kind` in the running QApplication."""
    app = QApplication.instance()
    return _filter is not None and app is not None and _filter.parent() is app \
        and handler in _handlers.get(kind, ())


def stop_listening() -> None:
    """Take the filter out of the running QApplication and forget every handler, as before
    anything listened (tests use it to see what installs the guards on its own)."""
    global _filter
    _handlers.clear()
    app = QApplication.instance()
    if _filter is not None and app is not None:
        app.removeEventFilter(_filter)
        _filter.setParent(None)
    _filter = None

"""Signals from worker threads, answered on the GUI thread.

A signal connected to a plain function or lambda runs it on the thread that
emits it; a worker's progress signal would then touch a progress dialog from
the worker thread, which Qt forbids (warnings at best, a crash at worst).
`on_gui_thread` connects through a small object that lives on the GUI thread,
so Qt queues each call to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, SignalInstance


class _Relay(QObject):
    def __init__(self, func: Callable[..., Any], parent: QObject | None):
        super().__init__(parent)
        self._func = func

    def call(self, *args: Any) -> None:
        self._func(*args)


def on_gui_thread(signal: SignalInstance, func: Callable[..., Any],
                  owner: QObject) -> QObject:
    """Connect `signal` so that `func` runs on the thread of `owner` (a GUI object).

    Call it on the GUI thread. The relay is a child of `owner` and goes with it;
    it is returned so a caller without such an owner can keep it alive.
    """
    relay = _Relay(func, owner)
    signal.connect(relay.call)
    return relay

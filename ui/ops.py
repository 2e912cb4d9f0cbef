"""Slow work off the GUI thread, one way for the whole app (as Anki's `CollectionOp` and
`QueryOp`): the work runs on a worker thread, its progress is relayed to the GUI thread,
and what it returned (or raised) comes back to a success or failure callback there.

    op = BackgroundOp(parent, "Export to Excel", "Writing the workbook...",
                      lambda progress: export(board, path, progress=progress))
    outcome = op.run()                         # waits; the window stays alive meanwhile
    op.success(show).failure(say).run_in_background()   # or goes on at once

`work(progress)` must not touch widgets or the open board's connection (it opens its own);
it may call `progress(done, total)` or `progress(done, total, label)`. One error policy:
`error_message` says a SendsecError as it is, an OSError with its reason and file, anything
else as "Something went wrong: ..." (and logs it); a failure without its own callback is
shown in an error dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from sendsec.domain.errors import SendsecError
from ui.threads import on_gui_thread

log = logging.getLogger("sendsec.ui")

Progress = Callable[..., None]


def error_message(exc: BaseException) -> str:
    """Return what to tell the person about `exc`, in one line (the one error policy)."""
    if isinstance(exc, SendsecError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    log.error("Work off the GUI thread failed", exc_info=exc)
    return f"Something went wrong: {exc}"


@dataclass
class Outcome:
    """What a background operation ended with: `value`, or the `error` it raised."""

    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def message(self) -> str:
        """The error as the person reads it ('' when it succeeded)."""
        return error_message(self.error) if self.error is not None else ""

    def result(self) -> Any:
        """Return the value, or raise the error."""
        if self.error is not None:
            raise self.error
        return self.value


class _Worker(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)

    def __init__(self, work: Callable[[Progress], Any]):
        super().__init__()
        self._work = work

    def _progress(self, done: int, total: int, label: str = "") -> None:
        self.progress.emit(int(done), int(total), label)

    @Slot()
    def run(self) -> None:
        try:
            outcome = Outcome(value=self._work(self._progress))
        except BaseException as exc:  # noqa: BLE001 - handed back to the GUI thread
            outcome = Outcome(error=exc)
        self.finished.emit(outcome)


class BackgroundOp:
    """One piece of slow work: `work(progress)` on a worker thread, a progress dialog (or
    the caller's own progress, `on_progress`), then `success(value)` or `failure(error)` on
    the GUI thread."""

    def __init__(self, parent: QWidget | None, title: str, label: str,
                 work: Callable[[Progress], Any], *, dialog: bool = True,
                 min_duration: int = 300):
        self.parent, self.title, self.label, self.work = parent, title, label, work
        self._dialog_wanted, self._min_duration = dialog, min_duration
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_progress: Callable[[int, int, str], None] | None = None
        self._on_finished: Callable[[], None] | None = None
        self.thread: QThread | None = None
        self.outcome: Outcome | None = None
        self._dialog: QProgressDialog | None = None
        self._waiting = False

    def success(self, fn: Callable[[Any], None]) -> BackgroundOp:
        self._on_success = fn
        return self

    def failure(self, fn: Callable[[BaseException], None]) -> BackgroundOp:
        self._on_failure = fn
        return self

    def on_progress(self, fn: Callable[[int, int, str], None]) -> BackgroundOp:
        """Show progress with `fn(done, total, label)` on the GUI thread, as well."""
        self._on_progress = fn
        return self

    def finally_(self, fn: Callable[[], None]) -> BackgroundOp:
        """Call `fn()` on the GUI thread when the work has ended, either way."""
        self._on_finished = fn
        return self

    @property
    def running(self) -> bool:
        return self.thread is not None and self.outcome is None

    # ------------------------------------------------------------------ running
    def run_in_background(self) -> None:
        """Start the work and return at once; the callbacks follow on the GUI thread."""
        owner: QObject | None = self.parent
        if self._dialog_wanted:
            dialog = QProgressDialog(self.label, "", 0, 0, self.parent)
            dialog.setWindowTitle(self.title)
            dialog.setAccessibleName(self.title)
            dialog.setCancelButton(None)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(self._min_duration)
            self._dialog = dialog
            owner = dialog
        if owner is None:
            owner = self._anchor = QObject()  # made here, so it lives on the GUI thread
        thread = QThread()
        worker = _Worker(self.work)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # the worker's thread ends as soon as the work has (quit is thread-safe) ...
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        # ... and everything else happens on the GUI thread, through relays it owns
        self._relays = [on_gui_thread(worker.progress, self._progress, owner),
                        on_gui_thread(worker.finished, self._finish, owner)]
        self.thread, self._worker = thread, worker
        thread.start()

    def run(self) -> Outcome:
        """Run the work and wait for it (a local event loop keeps the window alive, user
        input excluded); the callbacks run first. Return the Outcome."""
        loop = QEventLoop()
        ended = self._on_finished

        def quit_loop() -> None:
            if ended:
                ended()
            loop.quit()

        self._on_finished = quit_loop
        self._waiting = True
        self.run_in_background()
        if self.outcome is None:
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        assert self.outcome is not None
        return self.outcome

    def wait(self) -> None:
        """Wait for a running worker thread to end (when its owner closes)."""
        if self.thread is not None:
            self.thread.quit()
            self.thread.wait()

    # ------------------------------------------------------------------ on the GUI thread
    def _progress(self, done: int, total: int, label: str) -> None:
        dialog = self._dialog
        if dialog is not None and self.outcome is None:
            if label:
                dialog.setLabelText(label)
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, total))  # a modal dialog processes events here
        if self._on_progress:
            self._on_progress(done, total, label)

    def _finish(self, outcome: Outcome) -> None:
        if self.outcome is not None:
            return
        self.outcome = outcome
        if self.thread is not None:
            self.thread.wait()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        try:
            if outcome.error is None:
                if self._on_success:
                    self._on_success(outcome.value)
            elif self._on_failure:
                self._on_failure(outcome.error)
            elif not self._waiting:  # a caller of run() reads the outcome itself
                from ui.dialogs.errors import ErrorDialog

                ErrorDialog.show_message(self.parent, outcome.message, self.title)
        finally:
            if self._on_finished:
                self._on_finished()

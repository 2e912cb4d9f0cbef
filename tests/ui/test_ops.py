"""The one background runner: work off the GUI thread, progress and callbacks on it."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from sendsec.domain.errors import SendsecError
from ui.ops import BackgroundOp, error_message


def test_work_runs_off_the_gui_thread_and_reports_back_on_it(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    gui = threading.get_ident()
    seen: dict[str, object] = {"progress": []}

    def work(progress):
        for n in range(3):
            progress(n + 1, 3, f"step {n + 1}")
        return threading.get_ident()

    op = BackgroundOp(owner, "Work", "", work, dialog=False)
    op.on_progress(lambda d, t, label: seen["progress"].append(
        (d, t, label, threading.get_ident() == gui)))
    op.success(lambda value: seen.__setitem__("value", (value, threading.get_ident())))
    op.finally_(lambda: seen.__setitem__("ended", True))
    op.run_in_background()
    qtbot.waitUntil(lambda: seen.get("ended") is True, timeout=5_000)
    assert op.outcome is not None and op.outcome.ok, op.outcome
    worker, called_on = seen["value"]
    assert worker != gui and called_on == gui
    assert seen["progress"] == [(1, 3, "step 1", True), (2, 3, "step 2", True),
                                (3, 3, "step 3", True)]


def test_one_error_policy(qtbot):
    failures = []
    op = BackgroundOp(None, "Work", "", lambda _p: (_ for _ in ()).throw(OSError(28, "No space left on device", "x.docx")), dialog=False)
    op.failure(failures.append).run()
    assert error_message(failures[0]) == "No space left on device: x.docx"
    assert error_message(SendsecError("The board is busy.")) == "The board is busy."
    assert error_message(ValueError("bad")) == "Something went wrong: bad"

"""Starting the app and showing the Actions register imports none of the heavy libraries the
first screen does not need (issue 14): they are imported when first used (sqlite-utils when a
board is made or upgraded). Nor does it import the app's own parts that screen does not show:
the dialogs, the Overview's summary and checklist, going to a finding, snapshots; each is
imported, and works, when it is first used. The guards every window has (ui.widgets.guards)
come on the turn after the window is first painted. And the app's own start (its data and log
folders, its log, the lock) imports none of the standard modules a bare window does without.

Nor do they have PySide6 build its Qt namespace (119 enums, ~13 ms: `ui.qt_values`) before the
first rows are painted; the register's sort arrow, its editor and the guards build it after."""

from __future__ import annotations

import getpass
import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sendsec.cli import main

HEAVY = ("matplotlib", "numpy", "docx", "openpyxl", "icalendar", "holidays",
         # sqlite-utils (and click, pluggy, dateutil with it) applies migrations only
         "sqlite_utils", "click", "pluggy", "dateutil",
         # checksums, new ids and Help > About's package versions: when first used
         "hashlib", "uuid", "email")

#: The app's parts the window showing the Actions register does without until it is painted
#: (and `platform`, which only Help > About uses; `calendar`, which adding months and reading
#: the backups' dates use: the day's backup comes after the paint).
LAZY = ("ui.dialogs", "ui.navigation", "sendsec.reports.summary", "sendsec.services.first_steps",
        "sendsec.exchanges.snapshots", "platform", "calendar")

#: What the app's start would import only for the log's rotation (logging.handlers, with
#: pickle and queue), the lock file's host name (socket), the login (getpass) and the data
#: and log folders (platformdirs); none is needed for them.
UNNEEDED = ("logging.handlers", "socket", "platformdirs", "getpass", "pickle", "queue")

SHOW_ACTIONS = textwrap.dedent("""
    import json, sys
    import PySide6.QtCore
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from ui.main_window import MainWindow

    def qt_built():
        return "Qt" in PySide6.QtCore.__dict__  # made on first use, then kept there

    def imported(names):
        return sorted(m for m in sys.modules for n in names.split(",")
                      if m == n or m.startswith(n + "."))

    window = MainWindow()
    window.open_path(sys.argv[1])
    window.show()
    window.tabs.setCurrentIndex(1)
    actions = window.register_tabs["actions"]
    while actions.view.model().rowCount() == 0:
        app.processEvents()
    app.processEvents()  # the rows are painted
    seen = {"lazy_at_start": imported(sys.argv[3]), "overview_built": window.overview.built,
            "qt_at_paint": qt_built()}
    for _ in range(20):
        app.processEvents()
    seen["rows"] = actions.view.model().rowCount()
    header = actions.view.horizontalHeader()
    seen["arrow"] = [actions.view.isSortingEnabled(), header.sortIndicatorSection(),
                     header.sortIndicatorOrder().name, qt_built()]
    actions.view.selectRow(0)
    for _ in range(20):
        app.processEvents()
    seen["heavy"] = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2].split(",")))

    # each part when first used: the Overview, Help > About, going to a finding
    window.tabs.setCurrentIndex(0)
    for _ in range(5):
        app.processEvents()
    overview = window.overview
    seen["overview"] = [overview.heading.text() == window.ctx.board.name,
                        overview.findings_model.rowCount()]
    about = []

    def close_about():
        box = QApplication.activeModalWidget()
        about.append(box.text())
        box.done(0)

    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    QTimer.singleShot(0, close_about)
    next(a for a in help_menu.actions() if a.text() == "&About sendsec").trigger()
    seen["about"] = about
    finding = dict(overview.findings_model.record(0))
    seen["went"] = [window.go_to_finding(finding), window.tabs.currentIndex() != 0]
    seen["lazy_after"] = imported(sys.argv[3])
    print(json.dumps(seen))
""")


def run_app(script: str, *args, env: dict[str, str] | None = None) -> dict:
    """Run `script` in a fresh Python (no window of another test has installed anything in
    its QApplication) with the offscreen platform (and `env`, or this process's environment);
    return the JSON its last line prints."""
    env = {**(os.environ if env is None else env), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    out = subprocess.run([sys.executable, "-c", script, *map(str, args)],
                         capture_output=True, text=True, timeout=120, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_window_shows_the_actions_register_without_the_heavy_libraries(tmp_path):
    board = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(board)]) == 0
    seen = run_app(SHOW_ACTIONS, board, ",".join(HEAVY), ",".join(LAZY))
    assert seen["rows"] >= 40  # the register really is shown, with its first record selected
    assert seen["heavy"] == []
    assert seen["lazy_at_start"] == []
    assert seen["overview_built"] is False  # shown first but left at once: its inside not made
    assert seen["qt_at_paint"] is False
    assert seen["arrow"] == [True, 0, "AscendingOrder", True]  # sorted by reference, then shown
    # each part is there, and works, once used
    assert seen["overview"][0] and seen["overview"][1] > 0  # the Overview computed in full
    assert len(seen["about"]) == 1 and "PySide6: " in seen["about"][0]
    assert seen["went"] == [True, True]  # the finding's record is shown on its tab
    assert {"ui.dialogs.about", "ui.navigation", "sendsec.reports.summary",
            "sendsec.services.first_steps", "platform"} <= set(seen["lazy_after"])


GUARDS_AFTER_PAINT = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    app = QApplication([sys.argv[0]])
    from ui.app import start

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                Paints.count += 1
            return False

    window = start(["--db", sys.argv[1]])  # as the app starts, without its event loop
    paints = Paints()
    window.installEventFilter(paints)
    while Paints.count == 0:
        app.processEvents()
    for _ in range(5):
        app.processEvents()
    seen = {"first_tab": window.tabs.currentIndex()}

    # The Actions tab, before it is painted: its editor's fields install the guards
    # themselves once it is, so its filter is the field that shows whether the window did.
    actions = window.register_tabs["actions"]
    window.tabs.setCurrentWidget(actions)
    rag = actions.filters["rag"]

    def shown():
        return [rag.currentText(), actions.view.model().rowCount(),
                len(window.ctx.board.change_log())]

    seen.update(focus=rag.hasFocus(), choices=rag.count(), before=shown())
    centre = QPointF(rag.rect().center())
    wheel = QWheelEvent(centre, QPointF(rag.mapToGlobal(centre.toPoint())), QPoint(),
                        QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(rag, wheel)
    for _ in range(5):
        app.processEvents()
    seen["after"] = shown()
    window.close()
    print(json.dumps(seen))
""")


def test_the_window_installs_the_guards_once_it_is_first_painted(tmp_path):
    """In a fresh app on its first screen (the Overview, which has no field that installs the
    guards), a few turns after the first paint the wheel over an unfocused drop-down leaves it
    as it was: the main window installed the guards."""
    board = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(board)]) == 0
    seen = run_app(GUARDS_AFTER_PAINT, board)
    assert seen["first_tab"] == 0  # else a register's editor would have installed them
    assert seen["focus"] is False and seen["choices"] > 1
    assert seen["before"][0] == "All RAG ratings" and seen["before"][1] >= 40
    assert seen["after"] == seen["before"]  # the same filter, rows and change log


START = textwrap.dedent("""
    import gc, json, logging, sys
    import ui.app  # as the app's entry point does, before Qt
    import PySide6.QtCore
    from PySide6.QtWidgets import QApplication
    app = QApplication([sys.argv[0]])
    window = ui.app.start(["--db", sys.argv[1]])
    qt_at_start = "Qt" in PySide6.QtCore.__dict__
    collector = [gc.isenabled()]
    window.tabs.setCurrentIndex(1)
    actions = window.register_tabs["actions"]
    while actions.view.model().rowCount() == 0:
        app.processEvents()
    for _ in range(5):
        app.processEvents()
    logging.getLogger("sendsec").info("started")
    collector += [gc.isenabled(), gc.get_freeze_count() > 1000]
    seen = {"unneeded": sorted(n for n in sys.argv[2].split(",") if n in sys.modules),
            "lock": [window.lock.held, window.lock.info.host, window.lock.info.user],
            "log": ui.app.setup_logging().as_posix(), "qt_at_start": qt_at_start,
            "collector": collector}
    window.close()
    print(json.dumps(seen))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="this system's own folders")
def test_the_app_starts_without_the_modules_its_folders_log_and_lock_once_needed(tmp_path,
                                                                                    monkeypatch):
    """In a person's own home (no SENDSEC_DATA_DIR), the app starts, opens a board and logs
    without importing them, and puts its settings and log where platformdirs says."""
    import platformdirs

    board = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(board)]) == 0
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("SENDSEC_DATA_DIR", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    seen = run_app(START, board, ",".join(UNNEEDED), env=dict(os.environ))
    assert seen["unneeded"] == []
    assert seen["qt_at_start"] is False  # the first-run dialog and the selection's colours
    # the garbage collector off while starting, on (what the start made frozen) once painted
    assert seen["collector"] == [False, True, True]
    assert seen["lock"] == [True, socket.gethostname(), getpass.getuser()]  # the board is open
    log = Path(platformdirs.user_log_dir("sendsec", False)) / "sendsec.log"
    assert seen["log"] == log.as_posix() and "INFO sendsec: started" in log.read_text("utf-8")
    assert (Path(platformdirs.user_data_dir("sendsec", False)) / "sendsec-app.ini").exists()

"""Starting the app and showing the Actions register imports none of the heavy libraries the
first screen does not need (issue 14): they are imported when first used (sqlite-utils when a
board is made or upgraded)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from sendsec.cli import main

HEAVY = ("matplotlib", "numpy", "docx", "openpyxl", "icalendar", "holidays",
         # sqlite-utils (and click, pluggy, dateutil with it) applies migrations only
         "sqlite_utils", "click", "pluggy", "dateutil",
         # checksums, new ids and Help > About's package versions: when first used
         "hashlib", "uuid", "email")

SHOW_ACTIONS = textwrap.dedent("""
    import json, sys
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from ui.main_window import MainWindow
    window = MainWindow()
    window.open_path(sys.argv[1])
    window.show()
    window.tabs.setCurrentIndex(1)
    for _ in range(20):
        app.processEvents()
    actions = window.register_tabs["actions"]
    rows = actions.view.model().rowCount()
    actions.view.selectRow(0)
    for _ in range(20):
        app.processEvents()
    heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2].split(",")))
    print(json.dumps({"rows": rows, "heavy": heavy}))
""")


def test_the_window_shows_the_actions_register_without_the_heavy_libraries(tmp_path):
    board = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(board)]) == 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    out = subprocess.run([sys.executable, "-c", SHOW_ACTIONS, str(board), ",".join(HEAVY)],
                         capture_output=True, text=True, timeout=120, env=env, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["rows"] >= 40  # the register really is shown, with its first record selected
    assert seen["heavy"] == []

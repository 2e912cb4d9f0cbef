"""Make the README's screenshots of the app on the demo board (offscreen, no display needed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUTPUT FOLDER]

Writes board-settings.png (Board > Board settings... on the demo board) and
risks-1366x768.png (the Risks tab of a 1366x768 window, first risk selected) to
docs/screenshots/ (or the folder given). Nothing outside a temporary folder is
touched: the demo board and the app's settings live there.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)  # the demo board's story is told as of this day


def settle(app) -> None:
    for _ in range(10):
        app.processEvents()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["SENDSEC_TODAY"] = TODAY.isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SENDSEC_DATA_DIR"] = tmp
        sys.path.insert(0, str(ROOT))
        from PySide6.QtWidgets import QApplication

        from sendsec.demo.world import build_demo
        from ui.main_window import MainWindow
        from ui.settings import AppSettings

        app = QApplication.instance() or QApplication(["sendsec"])
        board = build_demo(Path(tmp) / "Demo board.sqlite", TODAY)
        window = MainWindow(settings=AppSettings(Path(tmp) / "app.ini"))
        window.open_path(board)
        window.show()
        window.resize(1366, 768)
        settle(app)

        risks = window.register_tabs["risks"]
        window.tabs.setCurrentWidget(risks)
        risks.view.selectRow(0)
        settle(app)
        window.grab().save(str(out / "risks-1366x768.png"))

        dialog = window.open_board_settings()
        settle(app)
        dialog.grab().save(str(out / "board-settings.png"))
        dialog.close()
        window.close()
        window.close_board()
    print(f"Wrote board-settings.png and risks-1366x768.png to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

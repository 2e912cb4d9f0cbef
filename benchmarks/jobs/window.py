"""Job: the window shown with the Actions register loaded (`window.py BOARD [floor]`).

Without `floor`: the app starts as `sendsec --db BOARD` does (`ui.app.start`: its log, the
window, the board opened, the window shown), goes to the Actions tab and waits until its
table has rows on screen (the editor beside it is made straight after); modules are imported
in the app's order, `ui` (which imports the core before Qt) first, then PySide6. With `floor`:
the same screen done by PySide6 and sqlite3 with no logic: a main window with the same tabs,
each a table view over all the rows of its table, read with one SELECT each.
"""

import sys

TABLES = ("actions", "risks", "impact_entries", "meetings", "measures", "people", "areas",
          "organisations", "challenges", "findings")


def sendsec_window(path: str) -> None:
    # as ui.app:main starts the app, its event loop apart: `ui` is imported before Qt
    import ui.app  # noqa: I001
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    window = ui.app.start(["--db", path])
    window.tabs.setCurrentIndex(1)
    view = window.register_tabs["actions"].view
    while view.model().rowCount() == 0:
        app.processEvents()
    app.processEvents()  # painted: the register is usable (ISSUE-NOTES, issue 14)


def floor_window(path: str) -> None:
    import sqlite3

    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget

    app = QApplication([])
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    window = QMainWindow()
    tabs = QTabWidget(window)
    tabs.addTab(QTableView(), "Overview")
    for table in TABLES:
        cursor = conn.execute(f"SELECT * FROM {table}")
        model = QStandardItemModel(0, len(cursor.description), tabs)
        model.setHorizontalHeaderLabels([d[0] for d in cursor.description])
        for row in cursor:
            model.appendRow([QStandardItem("" if v is None else str(v)) for v in row])
        view = QTableView()
        view.setModel(model)
        tabs.addTab(view, table)
    window.setCentralWidget(tabs)
    window.show()
    tabs.setCurrentIndex(1)
    app.processEvents()


if __name__ == "__main__":
    (floor_window if sys.argv[2:] == ["floor"] else sendsec_window)(sys.argv[1])

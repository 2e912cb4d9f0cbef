"""`sendsec [--db FILE]`: start the desktop app."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    parser = argparse.ArgumentParser(prog="sendsec")
    parser.add_argument("--db", help="the board file to open")
    args, qt_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    app = QApplication([sys.argv[0], *qt_args])
    window = QMainWindow()
    window.setWindowTitle(f"sendsec - {args.db}" if args.db else "sendsec")
    window.resize(1200, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

"""Help > About: what this is and the versions of everything it runs on (for support calls)."""

from __future__ import annotations

import platform
import sqlite3
import sys

from PySide6.QtWidgets import QMessageBox, QWidget

import sendsec


def _version(dist: str) -> str:
    from importlib import metadata  # on opening the box: importing it costs every start

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> list[tuple[str, str]]:
    """Return (component, version) pairs: sendsec, Python, Qt, PySide6, SQLite, python-docx ..."""
    import PySide6
    from PySide6.QtCore import qVersion

    return [
        ("sendsec", getattr(sendsec, "__version__", _version("sendsec"))),
        ("Python", f"{platform.python_version()} ({sys.platform})"),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("SQLite", sqlite3.sqlite_version),
        ("python-docx", _version("python-docx")),
        ("matplotlib", _version("matplotlib")),
        ("openpyxl", _version("openpyxl")),
        ("sqlite-utils", _version("sqlite-utils")),
    ]


def about_text() -> str:
    """Return the About box's text as plain lines."""
    lines = ["sendsec: records and papers of a SEND Improvement Board.",
             "Works offline; nothing is sent over a network.", ""]
    lines += [f"{name}: {version}" for name, version in versions()]
    return "\n".join(lines)


class AboutDialog:
    @classmethod
    def show(cls, parent: QWidget | None = None) -> None:
        box = QMessageBox(parent)
        box.setWindowTitle("About sendsec")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(about_text())
        box.setAccessibleName("About sendsec")
        box.exec()

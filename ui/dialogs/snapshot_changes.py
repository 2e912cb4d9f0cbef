"""Chair > What changed since the previous snapshot: what a snapshot carries inside it.

A snapshot opened on its own (without its report or email) still says what changed since
the snapshot before it, who sent it and the note: `make_snapshot` writes that into the
snapshot's own record before it is sealed, and `open_snapshot` reads it back (never
trusting it: what is not in its form is simply not shown).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.dates import clock, long_date

TITLE = "What changed since the previous snapshot"


def sent_by(info: dict[str, Any]) -> str:
    """Return 'Snapshot 3, taken 2 December 2026 at 10.15am by Sam Secretary' from a
    snapshot's record (the secretary's name when the board names one, else the login)."""
    taken = str(info.get("taken_at") or "")
    when = taken
    if len(taken) >= 16:
        try:
            when = f"{long_date(taken[:10])} at {clock(taken[11:16])}"
        except ValueError:
            when = taken
    who = info.get("taken_by_name") or info.get("taken_by") or "an unknown person"
    return f"Snapshot {info.get('sequence', '?')}, taken {when or 'at an unknown time'} by {who}"


def changes_text(info: dict[str, Any]) -> str:
    """Return what the snapshot says changed, as the dialog shows it."""
    changes = info.get("changes")
    if not changes:
        return ("This snapshot does not say what changed (it was taken by an earlier version "
                "of sendsec). The changes report sent with it does, or use File > Compare "
                "with... on the previous snapshot.")
    lines = list(changes["lines"]) or ["No changes were recorded since the previous snapshot."]
    if changes["omitted"]:
        lines += ["", f"A further {changes['omitted']:,} changes are in the changes report "
                      "sent with the snapshot."]
    return "\n".join([changes["basis"], "", *lines])


class SnapshotChangesDialog(QDialog):
    """Read-only: who sent the snapshot, the note, and what changed since the one before."""

    def __init__(self, info: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        layout = QVBoxLayout(self)
        self.heading = QLabel(sent_by(info) + ".")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setAccessibleName(self.heading.text())
        note = info.get("note") or "(none)"
        self.note = QLabel(f"Note from the secretary: {note}")
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.note.text())
        self.text = QPlainTextEdit(changes_text(info))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
        self.text.setAccessibleName(TITLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(720, 520)

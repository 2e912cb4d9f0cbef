"""The editor of a challenge from the chair: answer it, name who owns it, close it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton

from sendsec.domain.dates import long_date
from ui.editors.base import RecordEditor


class ChallengeEditor(RecordEditor):
    entity_name = "challenge"
    watch = frozenset({"person", "action", "risk", "measure", "meeting", "impact_entry",
                       "minute"})

    def form_rows(self):
        return ["status", "response", "owner_id", "answered_on", "kind", "text"]

    def title_text(self, record: dict[str, Any]) -> str:
        kind = "Comment" if record["kind"] == "comment" else "Challenge"
        return f"{kind} from {record['raised_by']}"

    def build_sections(self) -> None:
        self.go = QPushButton("Show the record", self.body)
        self.go.setAccessibleName("Show the record the challenge is about")
        self.go.setAutoDefault(False)
        self.go.clicked.connect(self._go)
        self.layout_.addWidget(self.go)

    def _go(self) -> None:
        record = self.record()
        window = self.window()
        if record and record.get("entity") and record.get("record_id") and \
                hasattr(window, "show_record"):
            window.show_record(record["entity"], record["record_id"])

    def refresh(self) -> None:
        record = self.record()
        if record is None:
            self.summary.hide()
            self.go.hide()
            return
        about = record.get("record") or "the board"
        snapshot = f" on snapshot {record['snapshot_sequence']}" \
            if record.get("snapshot_sequence") else ""
        text = (f"Raised on {long_date(record['raised_on'])}{snapshot}, about {about}.")
        if record.get("record_id") is None and record.get("entity"):
            text += " That record is no longer on the board."
        if record["status"] == "open":
            text += " Write the response, then set the status to answered; the next board " \
                    "pack shows it."
        self.summary.setText(text)
        self.summary.show()
        self.go.setVisible(bool(record.get("record_id")))

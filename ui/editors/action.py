"""The action editor: the action's fields, what the rules say about it, its
progress updates (with this cycle's update to add) and its revised due dates."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QWidget

from sendsec.domain import rules
from sendsec.domain.dates import long_date, short_date
from sendsec.domain.errors import SendsecError
from sendsec.services import meeting_cycle, registers
from sendsec.services.board import Change
from ui.editors.base import RecordEditor, fit_table_height, read_only_table, table_item
from ui.editors.children import ChildSection, Column
from ui.widgets.fields import RAG_COLOURS, RAG_TEXT


def rag_colours(row: dict[str, Any]) -> tuple[str, str] | None:
    rag = row.get("rag")
    return (RAG_COLOURS[rag], RAG_TEXT[rag]) if rag in RAG_COLOURS else None


def action_flags(row: dict[str, Any]) -> str:
    """Return what the rules say about an action (a row of registers.action_rows), in words."""
    parts = [f"RAG: {row['rag_label']}"
             + (f" ({rules.RAG_MEANINGS[row['rag']]})" if row.get("rag") else "") + "."]
    due = row.get("effective_due")
    if row["overdue"]:
        parts.append(f"Overdue: it was due on {long_date(due)}.")
    elif due:
        parts.append(f"Due {long_date(due)}.")
    else:
        parts.append("No due date.")
    if row["slipped"]:
        parts.append(f"Slipped: originally due {long_date(row['due_date'])}, now "
                     f"{long_date(row['revised_due_date'])}.")
    if row["slow_reasons"]:
        parts.append("Slow to progress: " + "; ".join(row["slow_reasons"]) + ".")
    if row["no_update_this_cycle"]:
        parts.append("No update this cycle.")
    elif row.get("latest_update_date"):
        parts.append(f"Last update {long_date(row['latest_update_date'])}.")
    return " ".join(parts)


class ActionEditor(RecordEditor):
    entity_name = "action"
    watch = frozenset({"action_update", "action_revision", "meeting", "person", "area"})

    def form_rows(self):
        return ["ref", "kind", "area_id", "title", "description", "owner_id", "lead_id",
                "organisations", "success_measure", "target", "baseline", "start_date",
                "due_date", "revised_due_date", "revision_reason", "status", "rag",
                "rag_reason", "mitigation", "impact_if_not_mitigated", "measure_id"]

    def form_defaults(self) -> dict[str, Any]:
        return {"start_date": lambda: self.ctx.today().isoformat()}

    def build_sections(self) -> None:
        self.updates_box, layout = self.section("Progress updates")
        people = lambda r: self._person(r.get("reported_by_id"))  # noqa: E731
        self.updates = ChildSection(
            self.ctx, "action_update",
            [Column("Date", lambda r: short_date(r["update_date"])),
             Column("RAG", lambda r: rules.rag_label(r["rag"]), rag_colours,
                    lambda r: rules.RAG_MEANINGS.get(r["rag"] or "", "")),
             Column("Update", lambda r: r["narrative"], stretch=True),
             Column("Evidence", lambda r: r["evidence"]),
             Column("Reported by", people)],
            form_rows=["update_date", "meeting_id", "rag", "narrative", "evidence",
                       "reported_by_id"],
            defaults={"update_date": lambda: self.ctx.today().isoformat(),
                      "meeting_id": self._cycle_meeting,
                      "reported_by_id": lambda: (self.record() or {}).get("owner_id")},
            noun="update", new_text="New update", add_text="Add this cycle's update",
            remove_text="Remove update",
            describe=lambda r: long_date(r["update_date"]), parent=self.updates_box)
        self.updates.changed.connect(self.changed)
        layout.addWidget(self.updates)

        self.revisions_box, layout = self.section("Revised due dates")
        self.revisions = read_only_table(
            ["Revised on", "From", "To", "Agreed by the board", "Reason"],
            "Revised due dates", self.revisions_box)
        layout.addWidget(self.revisions)
        row = QHBoxLayout()
        self.agree_button = QPushButton("Agreed by the &board at...", self.revisions_box)
        self.agree_button.setAutoDefault(False)
        self.agree_button.setAccessibleName("Agreed by the board at")
        self.agree_button.setToolTip("Record the board decision (a minute) that agreed the "
                                     "selected revised due date")
        self.agree_button.clicked.connect(self.agree_selected_revision)
        self.revision_message = QLabel(self.revisions_box)
        self.revision_message.setWordWrap(True)
        self.revision_message.hide()
        row.addWidget(self.agree_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.revision_message)
        self.revisions.itemSelectionChanged.connect(self._revision_buttons)

    def _person(self, person_id: int | None) -> str:
        return self.ctx.current_board.label("person", person_id) if person_id else ""

    def _cycle_meeting(self) -> int | None:
        c = registers.cycle(self.ctx.current_board, self.ctx.today())
        return c.next_meeting["id"] if c.next_meeting else None

    def refresh(self) -> None:
        record = self.record()
        for box in (self.updates_box, self.revisions_box):
            box.setVisible(record is not None)
        if record is None:
            self.summary.hide()
            return
        row = next((a for a in registers.action_rows(self.ctx.current_board, self.ctx.today(),
                                                     include_archived=True, history=False)
                    if a["id"] == record["id"]), None)
        if row is not None:
            self.summary.setText(action_flags(row))
            self.summary.show()
        self.updates.set_parent(record["id"])
        revisions = self.ctx.current_board.rows("action_revision", parent_id=record["id"])
        table = self.revisions
        table.setRowCount(len(revisions))
        agreed = dict(meeting_cycle.agreeing_minutes(self.ctx.current_board)) if revisions else {}
        for r, rev in enumerate(revisions):
            minute = rev.get("agreed_minute_id")
            by = (agreed.get(minute) or self.ctx.current_board.label("minute", minute)) if minute \
                else "Not yet agreed"
            for c, text in enumerate((short_date(rev["revised_on"]), short_date(rev["previous_due"]),
                                      short_date(rev["new_due"]), by.split(":")[0],
                                      rev["reason"] or "")):
                table.setItem(r, c, table_item(text, data=rev["id"], tooltip=by if c == 3
                                               else None))
        table.resizeColumnsToContents()
        fit_table_height(table, 6)
        self.revisions_box.setTitle(f"Revised due dates ({len(revisions)})")
        self.updates_box.setTitle(f"Progress updates ({len(self.updates.rows())})")

    def sections_read_only(self, read_only: bool) -> None:
        self.updates.set_read_only(read_only)
        self._revision_buttons()

    def _revision_buttons(self) -> None:
        chosen = bool(self.revisions.selectedItems())
        self.agree_button.setEnabled(chosen and not self.is_read_only())

    def agree_selected_revision(self) -> Change | None:
        """Ask which minute agreed the selected revised due date, and record it."""
        items = self.revisions.selectedItems()
        if not items or self.is_read_only():
            return None
        revision_id = items[0].data(Qt.ItemDataRole.UserRole)
        choices = meeting_cycle.agreeing_minutes(self.ctx.current_board)
        if not choices:
            self._say_revision("No meeting has been held yet, so no minute can have agreed it.")
            return None
        current = self.ctx.current_board.get("action_revision", revision_id).get("agreed_minute_id")
        chosen = RevisionQuestions.choose_minute(self, choices, current)
        if chosen is None:
            return None
        minute_id = None if chosen == 0 else chosen
        try:
            change = self.ctx.apply(
                lambda b: meeting_cycle.agree_revision(b, revision_id, minute_id))
        except SendsecError as exc:
            self._say_revision(str(exc))
            return None
        self.revision_message.hide()
        self.changed.emit(change)
        self.refresh()
        for r in range(self.revisions.rowCount()):
            item = self.revisions.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == revision_id:
                self.revisions.selectRow(r)
        return change

    def _say_revision(self, text: str) -> None:
        self.revision_message.setText(text)
        self.revision_message.show()


class RevisionQuestions:
    """The question the revisions section asks, as a classmethod that tests replace."""

    @classmethod
    def choose_minute(cls, parent: QWidget, choices: list[tuple[int, str]],
                      current: int | None) -> int | None:
        """Return the chosen minute's id, 0 for 'not agreed by the board', None if cancelled."""
        labels = [NOT_AGREED, *(label for _, label in choices)]
        ids = [0, *(i for i, _ in choices)]
        start = ids.index(current) if current in ids else (1 if len(ids) > 1 else 0)
        text, ok = QInputDialog.getItem(parent, "Agreed by the board",
                                        "Which board decision (minute) agreed this revised "
                                        "due date?", labels, start, False)
        return ids[labels.index(text)] if ok and text in labels else None


NOT_AGREED = "Not agreed by the board (yet)"

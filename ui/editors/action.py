"""The action editor: the action's fields, what the rules say about it, its
progress updates (with this cycle's update to add) and its revised due dates."""

from __future__ import annotations

from typing import Any

from sendsec import registers, rules
from sendsec.dates import long_date, short_date
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
            ["Revised on", "Previous due date", "New due date", "Reason"],
            "Revised due dates", self.revisions_box)
        layout.addWidget(self.revisions)

    def _person(self, person_id: int | None) -> str:
        return self.ctx.board.label("person", person_id) if person_id else ""

    def _cycle_meeting(self) -> int | None:
        c = registers.cycle(self.ctx.board, self.ctx.today())
        return c.next_meeting["id"] if c.next_meeting else None

    def refresh(self) -> None:
        record = self.record()
        for box in (self.updates_box, self.revisions_box):
            box.setVisible(record is not None)
        if record is None:
            self.summary.hide()
            return
        row = next((a for a in registers.action_rows(self.ctx.board, self.ctx.today(),
                                                     include_archived=True)
                    if a["id"] == record["id"]), None)
        if row is not None:
            self.summary.setText(action_flags(row))
            self.summary.show()
        self.updates.set_parent(record["id"])
        revisions = self.ctx.board.rows("action_revision", parent_id=record["id"])
        table = self.revisions
        table.setRowCount(len(revisions))
        for r, rev in enumerate(revisions):
            for c, text in enumerate((short_date(rev["revised_on"]), short_date(rev["previous_due"]),
                                      short_date(rev["new_due"]), rev["reason"] or "")):
                table.setItem(r, c, table_item(text, data=rev["id"]))
        table.resizeColumnsToContents()
        fit_table_height(table, 6)
        self.revisions_box.setTitle(f"Revised due dates ({len(revisions)})")
        self.updates_box.setTitle(f"Progress updates ({len(self.updates.rows())})")

    def sections_read_only(self, read_only: bool) -> None:
        self.updates.set_read_only(read_only)

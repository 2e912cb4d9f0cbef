"""Editors that are a form and a few facts: person, impact log entry, organisation, area."""

from __future__ import annotations

from typing import Any

from sendsec.domain.entities import STATUTORY_ROLES
from ui.editors.base import RecordEditor


class PersonEditor(RecordEditor):
    entity_name = "person"
    watch = frozenset({"organisation", "action", "risk", "invitee"})

    def form_rows(self):
        return ["name", "title", "organisation_id", "role", "email", "phone", "active_from",
                "active_to"]

    def title_text(self, record: dict[str, Any]) -> str:
        return record["name"]

    def refresh(self) -> None:
        record = self.record()
        if record is None:
            self.summary.hide()
            return
        board = self.ctx.current_board
        parts = []
        if record["role"] in STATUTORY_ROLES:
            parts.append(f"As the {record['role']}, they are invited to every meeting of the "
                         "board (Improvement Notice, paragraph 6).")
        actions = [a["ref"] for a in board.rows("action") if a["owner_id"] == record["id"]]
        risks = [r["ref"] for r in board.rows("risk") if r["owner_id"] == record["id"]]
        if actions:
            parts.append(f"Accountable owner of {len(actions)} action"
                         f"{'s' if len(actions) != 1 else ''}: {', '.join(actions[:12])}"
                         + (" ..." if len(actions) > 12 else "") + ".")
        if risks:
            parts.append(f"Owner of {len(risks)} risk{'s' if len(risks) != 1 else ''}: "
                         f"{', '.join(risks[:12])}" + (" ..." if len(risks) > 12 else "") + ".")
        if not record["email"]:
            parts.append("No email address: invitations and update requests cannot be "
                         "addressed to them.")
        self.summary.setText(" ".join(parts))
        self.summary.setVisible(bool(parts))


class ImpactEntryEditor(RecordEditor):
    entity_name = "impact_entry"

    def form_rows(self):
        return ["entry_date", "meeting_id", "kind", "status", "title", "what_changed",
                "evidence", "source", "area_id", "action_id", "measure_id", "organisations"]

    def form_defaults(self) -> dict[str, Any]:
        return {"entry_date": lambda: self.ctx.today().isoformat()}

    def title_text(self, record: dict[str, Any]) -> str:
        return f"Impact log entry: {self.ctx.current_board.label('impact_entry', record['id'])}"


class OrganisationEditor(RecordEditor):
    entity_name = "organisation"
    watch = frozenset({"person"})

    def refresh(self) -> None:
        record = self.record()
        if record is None:
            self.summary.hide()
            return
        people = [p["name"] for p in self.ctx.current_board.rows("person")
                  if p["organisation_id"] == record["id"]]
        self.summary.setText(f"{len(people)} {'person' if len(people) == 1 else 'people'} on "
                             "the board's list" + (": " + ", ".join(people[:15]) if people
                                                   else "") + (" ..." if len(people) > 15 else "")
                             + ".")
        self.summary.show()


class AreaEditor(RecordEditor):
    entity_name = "area"
    watch = frozenset({"action"})

    def form_rows(self):
        return ["code", "title", "kind", "description", "lead_id", "sro_id", "position"]

    def title_text(self, record: dict[str, Any]) -> str:
        return f"Area {record['code']}"

    def refresh(self) -> None:
        record = self.record()
        if record is None:
            self.summary.hide()
            return
        actions = [a for a in self.ctx.current_board.rows("action") if a["area_id"] == record["id"]]
        by_rag: dict[str, int] = {}
        for a in actions:
            key = (a["rag"] or "not rated").capitalize()
            by_rag[key] = by_rag.get(key, 0) + 1
        counts = ", ".join(f"{k} {v}" for k, v in sorted(by_rag.items()))
        self.summary.setText(f"{len(actions)} action{'s' if len(actions) != 1 else ''}"
                             + (f" ({counts})" if counts else "") + ".")
        self.summary.show()


class FindingEditor(RecordEditor):
    """A DfE or NHS England finding, linked to the action, area or board decision that
    answers it (notice 4 and 7)."""

    entity_name = "finding"
    watch = frozenset({"action", "area", "minute"})

    def form_rows(self):
        return ["source", "received_on", "reference", "text", "action_id", "area_id",
                "minute_id", "status", "response"]

    def form_defaults(self) -> dict[str, Any]:
        return {"received_on": lambda: self.ctx.today().isoformat()}

    def title_text(self, record: dict[str, Any]) -> str:
        return f"Finding from the {record['source']}" if record["source"] != "other" \
            else "Finding"

    def refresh(self) -> None:
        record = self.record()
        if record is None:
            self.summary.hide()
            return
        linked = record["action_id"] or record["minute_id"] or record["area_id"]
        text = ("Linked to what answers it; it counts as evidence for notice paragraphs 4 "
                "and 7." if linked else "Not yet linked to an action, an area or a board "
                "decision: the evidence matrix names it as a gap until it is.")
        self.summary.setText(text)
        self.summary.setAccessibleName(f"About this finding: {text}")
        self.summary.show()

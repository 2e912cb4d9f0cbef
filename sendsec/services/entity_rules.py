"""What creating, updating or archiving some kinds of record does beyond storing their
fields: an action update gives its action its RAG and status, a risk review its risk's
scores, a revised due date is kept as a revision, a new meeting gets its timetable, the
standard agenda and its statutory invitees, a meeting moved moves its timetable, new
timetable offsets move the meetings still to be held. `Board` (sendsec.services.board) holds
these steps; `services.ENTITY_RULES` is the table of which runs when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendsec.domain import rules
from sendsec.domain.dates import long_date, today
from sendsec.domain.entities import (
    ENTITIES,
    HELD_STATUSES,
    STATUTORY_ROLES,
    TIMETABLE_STEPS,
    Entity,
)
from sendsec.domain.errors import ValidationError
from sendsec.storage import queries
from sendsec.storage.connection import Database

STANDARD_AGENDA = (
    ("welcome", "Welcome, introductions and apologies", "information", 5),
    ("declarations", "Declarations of interest", "information", 5),
    ("minutes", "Minutes of the last meeting and matters arising", "decision", 10),
    ("action log", "Action log", "assurance", 15),
    (None, "Progress against the Priority Action Plan", "assurance", 30),
    (None, "Risk register", "assurance", 15),
    (None, "Performance dashboard and impact on children and families", "discussion", 20),
    (None, "Action and impact log", "discussion", 10),
    ("aob", "Any other business", "information", 5),
    ("next meeting", "Date of next meeting", "information", 5),
)
_MEETING_CALENDAR_FIELDS = {"meeting_date", "start_time", "end_time", "venue", "joining_details",
                            "title"}


class EntityRuleSteps:
    """The entity rules, as steps of the board that runs them (its unit of work)."""

    db: Database

    def get(self, entity_name: str, record_id: int) -> dict[str, Any]:
        raise NotImplementedError

    def rows(self, entity_name: str, *, parent_id: int | None = None,
             include_archived: bool = False) -> list[dict[str, Any]]:
        raise NotImplementedError

    def offsets(self) -> dict[str, int]:
        raise NotImplementedError

    def calendar(self) -> rules.WorkingCalendar:
        raise NotImplementedError

    def _insert(self, e: Entity, clean: dict[str, Any]) -> int:
        raise NotImplementedError

    def _update_row(self, e: Entity, record_id: int, clean: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError


    def _create_action_update(self, e: Entity, clean: dict[str, Any]) -> int:
        record_id = self._insert(e, clean)
        action = self.get("action", clean["action_id"])
        latest = self.rows("action_update", parent_id=action["id"])[0]
        changes: dict[str, Any] = {}
        if latest["rag"] != action["rag"]:
            changes["rag"] = latest["rag"]
        if action["status"] == "not started":
            changes["status"] = "in progress"
        if latest["rag"] == "blue" and action["status"] in rules.OPEN_STATUSES:
            changes["status"] = "complete"
        if changes:
            self._update_row(ENTITIES["action"], action["id"], changes)
        return record_id

    def _sync_action_rag(self, action_id: int) -> None:
        """Give the action the RAG of its newest live update (when it has one)."""
        updates = self.rows("action_update", parent_id=action_id)
        if updates and updates[0]["rag"] != self.get("action", action_id)["rag"]:
            self._update_row(ENTITIES["action"], action_id, {"rag": updates[0]["rag"]})

    def _after_archive_action_update(self, record_id: int) -> None:
        self._sync_action_rag(self.get("action_update", record_id)["action_id"])

    def _after_update_action_update(self, record_id: int, diff: dict[str, tuple]) -> None:
        if {"rag", "update_date"} & set(diff):
            self._sync_action_rag(self.get("action_update", record_id)["action_id"])

    def _sync_risk_scores(self, risk_id: int) -> None:
        """Give the risk the scores of its newest live review (when it has one)."""
        reviews = self.rows("risk_review", parent_id=risk_id)
        if reviews:
            self._update_row(ENTITIES["risk"], risk_id,
                             {"current_likelihood": reviews[0]["likelihood"],
                              "current_impact": reviews[0]["impact"]})

    def _after_archive_risk_review(self, record_id: int) -> None:
        self._sync_risk_scores(self.get("risk_review", record_id)["risk_id"])

    def _after_update_risk_review(self, record_id: int, diff: dict[str, tuple]) -> None:
        if {"likelihood", "impact", "review_date"} & set(diff):
            self._sync_risk_scores(self.get("risk_review", record_id)["risk_id"])

    def _create_risk_review(self, e: Entity, clean: dict[str, Any]) -> int:
        record_id = self._insert(e, clean)
        self._sync_risk_scores(clean["risk_id"])
        return record_id

    def _before_update_action(self, record_id: int, clean: dict[str, Any]) -> None:
        if "revised_due_date" in clean:
            old = self.get("action", record_id)
            if clean["revised_due_date"] and clean["revised_due_date"] != old["revised_due_date"]:
                self._insert(ENTITIES["action_revision"], {
                    "action_id": record_id,
                    "revised_on": today().isoformat(),
                    "previous_due": old["revised_due_date"] or old["due_date"],
                    "new_due": clean["revised_due_date"],
                    "reason": clean.get("revision_reason") or old["revision_reason"],
                })

    def _create_meeting(self, e: Entity, clean: dict[str, Any]) -> int:
        if clean.get("number") is None and clean.get("kind") != "stocktake review":
            clean["number"] = queries.next_meeting_number(self.db)
        import uuid  # here: it loads more than the window needs to open a board

        clean["uid"] = f"{uuid.uuid4()}@sendsec"
        clean["ics_sequence"] = 0
        meeting_id = self._insert(e, clean)
        self._write_timetable(meeting_id, dt.date.fromisoformat(clean["meeting_date"]))
        for position, (standard, title, purpose, duration) in enumerate(STANDARD_AGENDA, 1):
            self._insert(ENTITIES["agenda_item"], {
                "meeting_id": meeting_id, "position": position, "title": title,
                "purpose": purpose, "duration": duration, "standard": standard,
                "confidential": 0})
        for person in queries.default_invitees(self.db, STATUTORY_ROLES):
            self._insert(ENTITIES["invitee"], {"meeting_id": meeting_id,
                                               "person_id": person, "attendance": "invited"})
        return meeting_id

    def _write_timetable(self, meeting_id: int, meeting_date: dt.date) -> None:
        dates = rules.cycle_timetable(meeting_date, self.offsets(), self.calendar())
        # an archived step keeps its place (one row per step and meeting) and moves too,
        # so restoring it later shows the date that goes with the meeting
        existing = {r["step"]: r for r in self.rows("cycle_step", parent_id=meeting_id,
                                                     include_archived=True)}
        for step in TIMETABLE_STEPS:
            due = dates[step].isoformat()
            if step in existing:
                self._update_row(ENTITIES["cycle_step"], existing[step]["id"], {"due_date": due})
            else:
                self._insert(ENTITIES["cycle_step"], {"meeting_id": meeting_id, "step": step,
                                                      "due_date": due})

    def _before_update_meeting(self, record_id: int, clean: dict[str, Any]) -> None:
        old = self.get("meeting", record_id)
        date = clean.get("meeting_date", old["meeting_date"])
        if clean.get("status") in HELD_STATUSES and old["status"] not in HELD_STATUSES \
                and date > today().isoformat():
            # a meeting still to come cannot have been held (Enter in a field once did this)
            raise ValidationError({"status": f"Status: the meeting is on {long_date(date)}, "
                                   f"so it cannot be marked as held before that day"}, "meeting")
        cancelled = "status" in clean and "cancelled" in (clean["status"], old["status"]) \
            and clean["status"] != old["status"]
        if cancelled or any(k in _MEETING_CALENDAR_FIELDS and clean[k] != old.get(k)
                            for k in clean):
            clean["ics_sequence"] = (old["ics_sequence"] or 0) + 1

    def _after_update_meeting(self, record_id: int, diff: dict[str, tuple]) -> None:
        if "meeting_date" in diff:
            self._write_timetable(record_id, dt.date.fromisoformat(diff["meeting_date"][1]))

    def _after_update_board(self, record_id: int, diff: dict[str, tuple]) -> None:
        if any(name.startswith("off_") for name in diff):
            # new timetable offsets apply to every meeting still to be held
            for m in self.rows("meeting"):
                if m["status"] not in (*HELD_STATUSES, "cancelled"):
                    self._write_timetable(m["id"], dt.date.fromisoformat(m["meeting_date"]))

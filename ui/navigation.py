"""Where to go to put something right: a `check` finding or a setting-up step -> a Place.

A Place is the board settings (with the field to fill), a record on its tab (with the
field or the editor's section to show), or a blank form for a new record (with values
already chosen, e.g. a person with the role DfE adviser). The main window goes there
(`MainWindow.go`); nothing here changes the board.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any

from sendsec.domain import rules
from sendsec.domain.errors import SendsecError
from sendsec.services.board import Board
from sendsec.services.first_steps import (
    ROLE_STEPS,
    missing_settings,
    people_with_role,
    statutory_roles_without_people,
)

SETTINGS, RECORD, NEW = "settings", "record", "new"


@dataclass(frozen=True)
class Place:
    """Where to go: `kind` is 'settings', 'record' or 'new'.

    For 'settings', `field` is the setting to focus. For 'record', `entity`/`record_id`
    name the record, `field` a field of its form to focus and `section` the editor's
    section to show ('invitees_box', 'timetable_box', 'reviews_box'). For 'new',
    `entity` is the kind of record and `values` what its blank form starts with.
    """

    kind: str
    entity: str = ""
    record_id: int | None = None
    field: str | None = None
    section: str | None = None
    values: dict[str, Any] = _field(default_factory=dict)


#: For each rule of `sendsec.reports.checks`: the field of the finding's record that fixes it.
_ACTION_FIELDS = {"action-owner": "owner_id", "action-target": "target",
                  "action-due-date": "due_date", "action-after-target-date": "revised_due_date"}


def place_for_finding(board: Board, finding: dict[str, Any]) -> Place | None:
    """Return the place that fixes a finding of `run_checks` (a dict with rule, entity and
    record_id), or None when its record is gone."""
    rule, entity, record_id = finding.get("rule"), finding.get("entity"), \
        finding.get("record_id")
    if rule in _ACTION_FIELDS:
        return Place(RECORD, "action", record_id, field=_ACTION_FIELDS[rule])
    if rule == "board-target-date":
        return Place(SETTINGS, field="target_date")
    if rule == "impact-log":
        return Place(NEW, "impact_entry", field="title",
                     values={"meeting_id": record_id, "kind": "impact on lived experience"})
    if rule == "minutes-approval":
        return Place(RECORD, "meeting", record_id, field="status")
    if rule == "risk-review":
        return Place(RECORD, "risk", record_id, section="reviews_box")
    if rule == "statutory-invitees":
        nobody = statutory_roles_without_people(board)
        if nobody:  # no one to invite yet: add the person first
            return Place(NEW, "person", values={"role": nobody[0]}, field="name")
        return Place(RECORD, "meeting", record_id, section="invitees_box")
    if rule == "stocktake":
        if entity == "board" and not board.settings().get("notice_date"):
            return Place(SETTINGS, field="notice_date")
        return Place(NEW, "meeting", values={"kind": "stocktake review"}, field="meeting_date")
    if rule == "agenda-overrun":
        return Place(RECORD, "meeting", record_id, section="agenda_box")
    if rule == "timetable-overdue":
        if record_id is None:
            return None
        try:
            step = board.get("cycle_step", record_id)
        except SendsecError:
            return None
        return Place(RECORD, "meeting", step["meeting_id"], section="timetable_box")
    if entity == "board":
        return Place(SETTINGS)
    if entity and record_id is not None:
        return Place(RECORD, entity, record_id)
    return None


def place_for_step(board: Board, key: str) -> Place:
    """Return where to go for setting-up step `key` (see sendsec.services.first_steps)."""
    if key == "settings":
        missing = missing_settings(board)
        return Place(SETTINGS, field=missing[0] if missing else "local_area")
    if key == "areas":
        return Place(NEW, "area", values={"kind": "area for priority action"}, field="code")
    if key == "organisations":
        return Place(NEW, "organisation", field="name")
    if key in ROLE_STEPS or key == "chair":
        role = ROLE_STEPS.get(key, "independent chair")
        people = people_with_role(board, role)
        if not people:
            return Place(NEW, "person", values={"role": role}, field="name")
        if key == "chair" and not board.settings().get("chair_id"):
            return Place(SETTINGS, field="chair_id")
        return Place(RECORD, "person", people[0]["id"])
    if key == "actions":
        ownerless = [a for a in board.rows("action")
                     if not a["owner_id"] and a["status"] in rules.OPEN_STATUSES]
        if board.rows("action") and ownerless:
            return Place(RECORD, "action", ownerless[0]["id"], field="owner_id")
        return Place(NEW, "action", field="ref")
    if key == "meeting":
        return Place(NEW, "meeting", field="meeting_date")
    raise KeyError(f"no setting-up step {key!r}")

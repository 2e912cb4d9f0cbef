"""The record editors the main window shows beside each table.

Each class is built as `EditorClass(ctx, parent=None)` and offers
`show_record(record_id | None)` (None: a blank form that adds a record),
`set_read_only(bool)` and the signal `changed(Change)`.
"""

from __future__ import annotations

from ui.editors.action import ActionEditor
from ui.editors.base import RecordEditor
from ui.editors.challenge import ChallengeEditor
from ui.editors.measure import MeasureEditor
from ui.editors.meeting import MeetingEditor, StatutoryWarning
from ui.editors.risk import RiskEditor
from ui.editors.simple import (
    AreaEditor,
    FindingEditor,
    ImpactEntryEditor,
    OrganisationEditor,
    PersonEditor,
)

EDITORS: dict[str, type[RecordEditor]] = {
    "action": ActionEditor,
    "risk": RiskEditor,
    "impact_entry": ImpactEntryEditor,
    "meeting": MeetingEditor,
    "measure": MeasureEditor,
    "person": PersonEditor,
    "organisation": OrganisationEditor,
    "area": AreaEditor,
    "challenge": ChallengeEditor,
    "finding": FindingEditor,
}

__all__ = [
    "EDITORS",
    "ActionEditor",
    "AreaEditor",
    "ChallengeEditor",
    "FindingEditor",
    "ImpactEntryEditor",
    "MeasureEditor",
    "MeetingEditor",
    "OrganisationEditor",
    "PersonEditor",
    "RecordEditor",
    "RiskEditor",
    "StatutoryWarning",
]

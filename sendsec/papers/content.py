"""What each paper says, as plain data (`Paper` blocks), before any Word is written.

`gather` (meeting_data) reads everything a meeting's papers need from the board once; the
builders, one module a paper — `agenda` and the letters (agenda), `board_pack`
(board_pack), `minutes_template` (minutes_template), what changed (changes) — turn it into
blocks. Nothing here touches python-docx. This module names them all in one place.
"""

from __future__ import annotations

from sendsec.papers.agenda import agenda, agenda_table, cancellation, invitation, item_pages
from sendsec.papers.board_pack import board_pack, exceptions, part_b_pack
from sendsec.papers.changes import what_changed
from sendsec.papers.meeting_data import (
    EXCLUSION_WORDING,
    Invitee,
    Item,
    MeetingData,
    Person,
    board_labels_for,
    check_statutory,
    gather,
    impact_sentence,
    impact_since,
    names_organisation,
    natural_key,
    table_date,
    warnings_for,
)
from sendsec.papers.minutes_template import (
    ATTENDANCE_HEADINGS,
    MEMBER_ROLES,
    OFFICER_ROLES,
    attendance_heading,
    minutes_template,
)

__all__ = [
    "ATTENDANCE_HEADINGS", "EXCLUSION_WORDING", "MEMBER_ROLES", "OFFICER_ROLES", "Invitee",
    "Item", "MeetingData", "Person", "agenda", "agenda_table", "attendance_heading",
    "board_labels_for", "board_pack", "cancellation", "check_statutory", "exceptions", "gather",
    "impact_sentence", "impact_since", "invitation", "item_pages", "minutes_template",
    "names_organisation", "natural_key", "part_b_pack", "table_date", "warnings_for",
    "what_changed",
]

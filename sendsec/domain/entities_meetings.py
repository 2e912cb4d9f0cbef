"""The specs of meetings and what hangs from them: a meeting's timetable steps, agenda items,
invitees, declarations of interest, minutes and resolutions; and the oversight around the
meetings, the chair's challenges and the DfE's and NHS England's findings. Gathered by name
in `sendsec.domain.entities.ENTITIES`."""

from __future__ import annotations

from sendsec.domain.fields import (
    AGENDA_PURPOSES,
    ATTENDANCE,
    CHALLENGE_KINDS,
    CHALLENGE_STATUSES,
    COMMENTABLE,
    FINDING_SOURCES,
    FINDING_STATUSES,
    MEETING_KINDS,
    MEETING_STATUSES,
    TIMETABLE_STEPS,
    Entity,
    Field,
)

#: The specs below are long lists of fields: a short name for making one.
_f = Field


MEETING = Entity(
    "meeting",
    "meetings",
    "Meeting",
    "Meetings",
    (
        _f("kind", "Kind", "choice", choices=MEETING_KINDS, required=True, default="board"),
        _f("number", "Meeting number", "int", minimum=1, maximum=100_000),
        _f("title", "Title"),
        _f("meeting_date", "Date", "date", required=True),
        _f("start_time", "Start time", "time", required=True, default="10:00"),
        _f("end_time", "End time", "time", default="12:00"),
        _f("venue", "Venue"),
        _f("joining_details", "Online joining details", "longtext"),
        _f("status", "Status", "choice", choices=MEETING_STATUSES, required=True,
           default="planned"),
        _f("closed_at", "Meeting closed at", "time"),
        _f("approved_at_meeting_id", "Minutes approved at", "ref", ref="meeting",
           editable=False),
        _f("ics_sequence", "Calendar sequence", "int", editable=False, default=0),
        _f("uid", "Calendar id", editable=False),
    ),
    title="meeting_date",
    order_by="meeting_date, start_time",
)

CYCLE_STEP = Entity(
    "cycle_step",
    "cycle_steps",
    "Timetable step",
    "Timetable",
    (
        _f("meeting_id", "Meeting", "ref", ref="meeting", required=True, editable=False),
        _f("step", "Step", "choice", choices=TIMETABLE_STEPS, required=True, editable=False),
        _f("due_date", "Due", "date", required=True),
        _f("done_date", "Done", "date"),
    ),
    title="step",
    parent="meeting_id",
    order_by="due_date, id",
    unique=(("meeting_id", "step"),),
)

AGENDA_ITEM = Entity(
    "agenda_item",
    "agenda_items",
    "Agenda item",
    "Agenda",
    (
        _f("meeting_id", "Meeting", "ref", ref="meeting", required=True, editable=False),
        _f("position", "Order", "int", minimum=0, maximum=10_000),
        _f("title", "Item", required=True),
        _f("description", "Description", "longtext"),
        _f("purpose", "Purpose", "choice", choices=AGENDA_PURPOSES, default="information"),
        _f("presenter", "Presenter"),
        _f("paper_ref", "Paper"),
        _f("duration", "Minutes allowed", "int", minimum=0, maximum=600, default=10),
        _f("confidential", "Part B (confidential)", "bool", default=0),
        _f("standard", "Standard item", "choice",
           choices=("welcome", "declarations", "minutes", "action log", "aob", "next meeting"),
           editable=False),
    ),
    title="title",
    parent="meeting_id",
    order_by="position, id",
)

INVITEE = Entity(
    "invitee",
    "invitees",
    "Invitee",
    "Invitees and attendance",
    (
        _f("meeting_id", "Meeting", "ref", ref="meeting", required=True, editable=False),
        _f("person_id", "Person", "ref", ref="person", required=True),
        _f("attendance", "Attendance", "choice", choices=ATTENDANCE, required=True,
           default="invited"),
        _f("substitute_for_id", "Substitute for", "ref", ref="person"),
    ),
    title="person_id",
    parent="meeting_id",
    order_by="id",
    unique=(("meeting_id", "person_id"),),
)

DECLARATION = Entity(
    "declaration",
    "declarations",
    "Declaration of interest",
    "Declarations of interest",
    (
        _f("meeting_id", "Meeting", "ref", ref="meeting", required=True, editable=False),
        _f("person_id", "Person", "ref", ref="person", required=True),
        _f("agenda_item_id", "Agenda item", "ref", ref="agenda_item"),
        _f("interest", "Interest declared", "longtext", required=True),
    ),
    title="interest",
    parent="meeting_id",
)

MINUTE = Entity(
    "minute",
    "minutes",
    "Minute",
    "Minutes",
    (
        _f("meeting_id", "Meeting", "ref", ref="meeting", required=True, editable=False),
        _f("agenda_item_id", "Agenda item", "ref", ref="agenda_item"),
        _f("number", "Minute number", "int", required=True, minimum=1, maximum=1_000_000),
        _f("heading", "Heading", required=True),
        _f("discussion", "Discussion", "longtext"),
    ),
    title="number",
    parent="meeting_id",
    order_by="number",
    unique=(("number",),),
)

RESOLUTION = Entity(
    "resolution",
    "resolutions",
    "Resolution",
    "Resolutions",
    (
        _f("minute_id", "Minute", "ref", ref="minute", required=True, editable=False),
        _f("position", "Order", "int", minimum=0, maximum=10_000),
        _f("text", "RESOLVED: that ...", "longtext", required=True),
    ),
    title="text",
    parent="minute_id",
    order_by="position, id",
)


CHALLENGE = Entity(
    "challenge",
    "challenges",
    "Challenge",
    "Challenges",
    (
        _f("raised_by", "From", required=True),
        _f("raised_on", "Raised on", "date", required=True),
        _f("kind", "Kind", "choice", choices=CHALLENGE_KINDS, required=True,
           default="challenge"),
        _f("entity", "Record kind", "choice", choices=COMMENTABLE, editable=False),
        _f("record_id", "Record id", "int", editable=False),
        _f("record", "Record", editable=False),
        _f("text", "Comment or challenge", "longtext", required=True),
        _f("response", "Response", "longtext"),
        _f("owner_id", "Owner (answers it)", "ref", ref="person"),
        _f("status", "Status", "choice", choices=CHALLENGE_STATUSES, required=True,
           default="open"),
        _f("answered_on", "Answered on", "date"),
        _f("snapshot_sequence", "Snapshot", "int", editable=False),
        _f("source_file", "Read from", editable=False),
        _f("uid", "Comment id", editable=False),
    ),
    title="text",
    order_by="raised_on DESC, id DESC",
    unique=(("uid",),),
)


FINDING = Entity(
    "finding",
    "findings",
    "DfE or NHS England finding",
    "DfE and NHS England feedback",
    (
        _f("source", "From", "choice", choices=FINDING_SOURCES, required=True,
           default="DfE stocktake letter"),
        _f("received_on", "Received on", "date", required=True),
        _f("reference", "Reference", help="e.g. the letter's paragraph"),
        _f("text", "Finding or recommendation", "longtext", required=True),
        _f("action_id", "Answered by action", "ref", ref="action"),
        _f("area_id", "Area", "ref", ref="area"),
        _f("minute_id", "Board decision (minute)", "ref", ref="minute"),
        _f("status", "Status", "choice", choices=FINDING_STATUSES, required=True,
           default="open"),
        _f("response", "Response", "longtext"),
    ),
    title="text",
    order_by="received_on DESC, id DESC",
)


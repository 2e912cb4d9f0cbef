"""What the board records: every entity, its fields, and the closed lists of values.

The specs here drive validation in the services, the editors in the app, the
column mapping of import and export, and the CHECK constraints of the schema,
so a value list lives in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RAGS = ("red", "amber", "green", "blue")
ACTION_STATUSES = ("not started", "in progress", "complete", "closed", "deferred")
ACTION_KINDS = ("plan", "board")
BOARD_ROLES = (
    "independent chair",
    "member",
    "elected member",
    "DfE adviser",
    "NHS England adviser",
    "DfE case lead",
    "officer in attendance",
    "secretary",
    "observer",
    "parent carer forum representative",
)
STATUTORY_ROLES = ("DfE adviser", "NHS England adviser", "DfE case lead")
ORGANISATION_KINDS = (
    "council",
    "health",
    "children's trust",
    "school",
    "parent carer forum",
    "government",
    "other",
)
AREA_KINDS = ("area for priority action", "area for improvement", "DfE recommendation")
MEASURE_UNITS = ("%", "weeks", "days", "count", "number", "£")
MEASURE_FREQUENCIES = ("monthly", "quarterly", "termly", "annual")
RISK_STATUSES = ("open", "closed")
IMPACT_KINDS = (
    "impact on lived experience",
    "slow progress",
    "contribution to strengthen",
    "escalation",
    "family and young people's voice",
)
IMPACT_STATUSES = ("proposed", "confirmed", "dismissed")
MEETING_KINDS = ("board", "stocktake review", "extraordinary")
MEETING_STATUSES = (
    "planned",
    "invitations sent",
    "papers published",
    "held",
    "minutes drafted",
    "minutes approved",
    "cancelled",
)
HELD_STATUSES = ("held", "minutes drafted", "minutes approved")
AGENDA_PURPOSES = ("decision", "discussion", "assurance", "information")
ATTENDANCE = ("invited", "present", "apologies", "substitute", "in attendance", "absent")
FINDING_SOURCES = ("DfE stocktake letter", "DfE deep dive", "DfE adviser",
                   "NHS England adviser", "DfE case lead", "other")
FINDING_STATUSES = ("open", "in progress", "addressed", "closed")
CHALLENGE_KINDS = ("challenge", "comment")
CHALLENGE_STATUSES = ("open", "answered", "closed")
#: The records the chair may comment on in a snapshot.
COMMENTABLE = ("action", "risk", "measure", "impact_entry", "meeting", "minute")
TIMETABLE_STEPS = (
    "request_updates",
    "updates_due",
    "papers_deadline",
    "papers_dispatched",
    "draft_minutes_to_chair",
    "draft_minutes_circulated",
)

SHORT_TEXT = 500
LONG_TEXT = 100_000
#: Length limits (characters): a reference or code, a one-line text or a title, and a
#: narrative (updates, descriptions, notes, minutes). Existing longer values still open.
REF_LIMIT = 40
TITLE_LIMIT = 300
NARRATIVE_LIMIT = 20_000


@dataclass(frozen=True)
class Field:
    """One field of an entity: its column, its label for people, and how to check it.

    kind is one of: text, longtext, date, time, int, float, bool, choice, ref, email.
    For 'ref', `ref` names the entity the id points to.
    """

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    ref: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    editable: bool = True
    default: object = None
    help: str = ""
    limit: int | None = None  # the most characters a text holds (None: by its kind)

    @property
    def max_length(self) -> int:
        """Return the most characters this text field holds: its own limit, else a
        narrative's (long text) or a title's (one line)."""
        if self.limit is not None:
            return self.limit
        return NARRATIVE_LIMIT if self.kind == "longtext" else TITLE_LIMIT

    @property
    def stored_max(self) -> int:
        """Return the most characters a board file may hold in this field: what earlier
        versions allowed, so a longer value already in a file still opens and shows."""
        return LONG_TEXT if self.kind == "longtext" else SHORT_TEXT


@dataclass(frozen=True)
class Entity:
    """A kind of record: its table, label and fields.

    `title` names the field that identifies a record to people (e.g. 'ref');
    `parent` names the field that ties a child record to its owner.
    """

    name: str
    table: str
    label: str
    plural: str
    fields: tuple[Field, ...]
    title: str
    parent: str | None = None
    order_by: str = "id"
    unique: tuple[tuple[str, ...], ...] = field(default=())

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _f(name, label, kind="text", **kw) -> Field:
    return Field(name, label, kind, **kw)


def _score(name, label, required=False) -> Field:
    return Field(name, label, "int", required=required, minimum=1, maximum=5)


ENTITIES: dict[str, Entity] = {}


def _register(e: Entity) -> Entity:
    ENTITIES[e.name] = e
    return e


BOARD = _register(
    Entity(
        "board",
        "board",
        "Board settings",
        "Board settings",
        (
            _f("name", "Board name", required=True),
            _f("local_area", "Local area"),
            _f("lead_council", "Lead council"),
            _f("inspection_date", "Date of the inspection", "date"),
            _f("report_date", "Date the report was published", "date"),
            _f("notice_date", "Date of the Improvement Notice", "date"),
            _f("target_date", "Target date for actions", "date",
               help="Notice 13: actions delivered by this date or sooner"),
            _f("chair_id", "Independent chair", "ref", ref="person"),
            _f("secretary_id", "Board secretary", "ref", ref="person"),
            _f("off_request_updates", "Request updates (working days before)", "int",
               default=-20, minimum=-120, maximum=0),
            _f("off_updates_due", "Updates due (working days before)", "int",
               default=-12, minimum=-120, maximum=0),
            _f("off_papers_deadline", "Papers deadline (working days before)", "int",
               default=-8, minimum=-120, maximum=0),
            _f("off_papers_dispatched", "Papers dispatched (clear working days before)", "int",
               default=-5, minimum=-120, maximum=0),
            _f("off_draft_minutes_to_chair", "Draft minutes to chair (working days after)", "int",
               default=5, minimum=0, maximum=120),
            _f("off_draft_minutes_circulated", "Draft minutes circulated (working days after)",
               "int", default=10, minimum=0, maximum=120),
            _f("band_medium", "Lowest score of the medium band", "int", default=5,
               minimum=2, maximum=25),
            _f("band_high", "Lowest score of the high band", "int", default=10,
               minimum=3, maximum=25),
            _f("band_very_high", "Lowest score of the very high band", "int", default=15,
               minimum=4, maximum=25),
            _f("quorum", "Quorum (members present)", "int", default=4, minimum=0, maximum=100),
            _f("template_path", "Council's Word template (.docx)"),
            _f("board_uid", "Board id", editable=False),
        ),
        title="name",
    )
)

ORGANISATION = _register(
    Entity(
        "organisation",
        "organisations",
        "Organisation",
        "Organisations",
        (
            _f("name", "Name", required=True),
            _f("short_name", "Short name"),
            _f("kind", "Kind", "choice", choices=ORGANISATION_KINDS, default="other"),
            _f("notes", "Notes", "longtext"),
        ),
        title="name",
        order_by="name",
        unique=(("name",),),
    )
)

PERSON = _register(
    Entity(
        "person",
        "people",
        "Person",
        "People",
        (
            _f("name", "Name", required=True),
            _f("title", "Job title"),
            _f("organisation_id", "Organisation", "ref", ref="organisation"),
            _f("email", "Email", "email"),
            _f("phone", "Phone"),
            _f("role", "Board role", "choice", required=True, choices=BOARD_ROLES,
               default="member"),
            _f("active_from", "Active from", "date"),
            _f("active_to", "Active to", "date"),
        ),
        title="name",
        order_by="name",
    )
)

AREA = _register(
    Entity(
        "area",
        "areas",
        "Area",
        "Areas",
        (
            _f("code", "Code", required=True, help="e.g. 'a' or 'PA1'", limit=REF_LIMIT),
            _f("title", "Title", "longtext", required=True, limit=TITLE_LIMIT),
            _f("kind", "Kind", "choice", required=True, choices=AREA_KINDS,
               default="area for priority action"),
            _f("description", "Description", "longtext"),
            _f("lead_id", "Lead", "ref", ref="person"),
            _f("sro_id", "Senior responsible officer", "ref", ref="person",
               help="Accountable for the area's actions (notice 5b)"),
            _f("position", "Order", "int", minimum=0, maximum=10_000),
        ),
        title="code",
        order_by="position, code",
        unique=(("code",),),
    )
)

ACTION = _register(
    Entity(
        "action",
        "actions",
        "Action",
        "Actions",
        (
            _f("ref", "Reference", required=True, help="Unique, e.g. PA2.3", limit=REF_LIMIT),
            _f("kind", "Kind", "choice", choices=ACTION_KINDS, default="plan",
               help="'plan' for the Priority Action Plan, 'board' for actions arising from minutes"),
            _f("area_id", "Area", "ref", ref="area"),
            _f("title", "Action", "longtext", required=True, limit=TITLE_LIMIT),
            _f("description", "Description", "longtext"),
            _f("owner_id", "Accountable owner", "ref", ref="person",
               help="Notice 5b: every action has an accountable owner"),
            _f("lead_id", "Action lead", "ref", ref="person",
               help="The responsible officer who does the work"),
            _f("organisations", "Contributing organisations"),
            _f("success_measure", "Success measure", "longtext"),
            _f("target", "Measurable target", "longtext"),
            _f("baseline", "Baseline", "longtext"),
            _f("start_date", "Start date", "date"),
            _f("due_date", "Original due date", "date"),
            _f("revised_due_date", "Revised due date", "date"),
            _f("revision_reason", "Reason for the revised date", "longtext"),
            _f("status", "Status", "choice", required=True, choices=ACTION_STATUSES,
               default="not started"),
            _f("rag", "RAG", "choice", choices=RAGS),
            _f("rag_reason", "Reason for the RAG", "longtext"),
            _f("mitigation", "Mitigation", "longtext"),
            _f("impact_if_not_mitigated", "Impact if not mitigated", "longtext"),
            _f("measure_id", "Linked measure", "ref", ref="measure"),
            _f("minute_id", "Arising from minute", "ref", ref="minute", editable=False),
        ),
        title="ref",
        order_by="ref",
        unique=(("ref",),),
    )
)

ACTION_UPDATE = _register(
    Entity(
        "action_update",
        "action_updates",
        "Progress update",
        "Progress updates",
        (
            _f("action_id", "Action", "ref", ref="action", required=True, editable=False),
            _f("update_date", "Date", "date", required=True),
            _f("meeting_id", "Meeting cycle", "ref", ref="meeting"),
            _f("rag", "RAG", "choice", choices=RAGS, required=True),
            _f("narrative", "Update", "longtext", required=True),
            _f("evidence", "Evidence", "longtext"),
            _f("reported_by_id", "Reported by", "ref", ref="person"),
        ),
        title="update_date",
        parent="action_id",
        order_by="update_date DESC, id DESC",
    )
)

ACTION_REVISION = _register(
    Entity(
        "action_revision",
        "action_revisions",
        "Revised due date",
        "Revised due dates",
        (
            _f("action_id", "Action", "ref", ref="action", required=True, editable=False),
            _f("revised_on", "Revised on", "date", required=True),
            _f("previous_due", "Previous due date", "date"),
            _f("new_due", "New due date", "date", required=True),
            _f("reason", "Reason", "longtext"),
            _f("agreed_minute_id", "Agreed by the board at", "ref", ref="minute"),
        ),
        title="revised_on",
        parent="action_id",
        order_by="revised_on, id",
    )
)

MEASURE = _register(
    Entity(
        "measure",
        "measures",
        "Measure",
        "Measures",
        (
            _f("code", "Code", required=True, limit=REF_LIMIT),
            _f("title", "Measure", "longtext", required=True, limit=TITLE_LIMIT),
            _f("unit", "Unit", "choice", choices=MEASURE_UNITS, required=True, default="%"),
            _f("higher_is_better", "Higher is better", "bool", default=1),
            _f("baseline", "Baseline", "float"),
            _f("baseline_date", "Baseline date", "date"),
            _f("target", "Target", "float"),
            _f("target_date", "Target date", "date"),
            _f("data_source", "Data source"),
            _f("area_id", "Area", "ref", ref="area"),
            _f("frequency", "Reported", "choice", choices=MEASURE_FREQUENCIES,
               default="monthly"),
            _f("notes", "Notes", "longtext"),
            _f("accountable_id", "Accountable manager", "ref", ref="person"),
            _f("exception_commentary", "Exception report: commentary", "longtext",
               help="Why the measure is off its trajectory"),
            _f("exception_actions", "Exception report: planned actions", "longtext"),
        ),
        title="code",
        order_by="code",
        unique=(("code",),),
    )
)

MEASURE_POINT = _register(
    Entity(
        "measure_point",
        "measure_points",
        "Data point",
        "Data points",
        (
            _f("measure_id", "Measure", "ref", ref="measure", required=True, editable=False),
            _f("period", "Period", "date", required=True, help="The last day of the period"),
            _f("value", "Value", "float", required=True),
            _f("note", "Note", "longtext"),
        ),
        title="period",
        parent="measure_id",
        order_by="period",
        unique=(("measure_id", "period"),),
    )
)

TRAJECTORY_POINT = _register(
    Entity(
        "trajectory_point",
        "trajectory_points",
        "Trajectory point",
        "Trajectory",
        (
            _f("measure_id", "Measure", "ref", ref="measure", required=True, editable=False),
            _f("period", "Period", "date", required=True),
            _f("expected", "Expected value", "float", required=True),
        ),
        title="period",
        parent="measure_id",
        order_by="period",
        unique=(("measure_id", "period"),),
    )
)

RISK = _register(
    Entity(
        "risk",
        "risks",
        "Risk",
        "Risks",
        (
            _f("ref", "Reference", required=True, limit=REF_LIMIT),
            _f("title", "Risk", "longtext", required=True, limit=TITLE_LIMIT),
            _f("description", "Cause, event and consequence", "longtext"),
            _f("area_id", "Area", "ref", ref="area"),
            _f("owner_id", "Owner", "ref", ref="person"),
            _f("category", "Category"),
            _score("inherent_likelihood", "Inherent likelihood"),
            _score("inherent_impact", "Inherent impact"),
            _f("controls", "Controls in place", "longtext"),
            _f("mitigation", "Mitigation plan", "longtext"),
            _f("linked_actions", "Linked actions", help="Action references, e.g. PA2.1, PA2.3"),
            _score("current_likelihood", "Current likelihood", required=True),
            _score("current_impact", "Current impact", required=True),
            _score("target_likelihood", "Target likelihood"),
            _score("target_impact", "Target impact"),
            _f("target_date", "Target date", "date"),
            _f("status", "Status", "choice", choices=RISK_STATUSES, required=True,
               default="open"),
        ),
        title="ref",
        order_by="ref",
        unique=(("ref",),),
    )
)

RISK_REVIEW = _register(
    Entity(
        "risk_review",
        "risk_reviews",
        "Risk review",
        "Risk reviews",
        (
            _f("risk_id", "Risk", "ref", ref="risk", required=True, editable=False),
            _f("review_date", "Review date", "date", required=True),
            _f("meeting_id", "Meeting cycle", "ref", ref="meeting"),
            _score("likelihood", "Likelihood", required=True),
            _score("impact", "Impact", required=True),
            _f("note", "Note", "longtext"),
            _f("reviewed_by_id", "Reviewed by", "ref", ref="person"),
        ),
        title="review_date",
        parent="risk_id",
        order_by="review_date DESC, id DESC",
    )
)

IMPACT_ENTRY = _register(
    Entity(
        "impact_entry",
        "impact_entries",
        "Impact log entry",
        "Impact log",
        (
            _f("entry_date", "Date", "date", required=True),
            _f("meeting_id", "Meeting", "ref", ref="meeting"),
            _f("kind", "Kind", "choice", choices=IMPACT_KINDS, required=True,
               default="impact on lived experience"),
            _f("status", "Status", "choice", choices=IMPACT_STATUSES, required=True,
               default="confirmed"),
            _f("title", "Summary", "longtext", required=True, limit=TITLE_LIMIT),
            _f("what_changed", "What changed for children and families", "longtext"),
            _f("evidence", "Evidence", "longtext"),
            _f("source", "Source of the evidence"),
            _f("area_id", "Area", "ref", ref="area"),
            _f("action_id", "Linked action", "ref", ref="action"),
            _f("measure_id", "Linked measure", "ref", ref="measure"),
            _f("organisations", "Organisations involved"),
        ),
        title="title",
        order_by="entry_date DESC, id DESC",
    )
)

MEETING = _register(
    Entity(
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
)

CYCLE_STEP = _register(
    Entity(
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
)

AGENDA_ITEM = _register(
    Entity(
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
)

INVITEE = _register(
    Entity(
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
)

DECLARATION = _register(
    Entity(
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
)

MINUTE = _register(
    Entity(
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
)

RESOLUTION = _register(
    Entity(
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
)


CHALLENGE = _register(
    Entity(
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
)


FINDING = _register(
    Entity(
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
)


def entity(name: str) -> Entity:
    """Return the Entity called `name`, or raise KeyError naming the known ones."""
    try:
        return ENTITIES[name]
    except KeyError:
        raise KeyError(f"Unknown entity {name!r}; known: {', '.join(ENTITIES)}") from None


def noun(label: str) -> str:
    """Return a label as it reads inside a sentence: 'Action' -> 'action', 'Impact log
    entry' -> 'impact log entry'; 'DfE or NHS England finding' and 'RAG' stay as they are."""
    first = label.split(" ", 1)[0]
    return label[:1].lower() + label[1:] if first[1:].islower() else label

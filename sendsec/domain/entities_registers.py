"""The specs of what the board records about itself and its plan: the board's settings,
organisations and people, the areas of the plan and their actions (with their updates and
revised due dates), measures (with their data and trajectories), risks (with their reviews)
and the action and impact log. Gathered by name in `sendsec.domain.entities.ENTITIES`."""

from __future__ import annotations

from sendsec.domain.fields import (
    ACTION_KINDS,
    ACTION_STATUSES,
    AREA_KINDS,
    BOARD_ROLES,
    IMPACT_KINDS,
    IMPACT_STATUSES,
    MEASURE_FREQUENCIES,
    MEASURE_UNITS,
    ORGANISATION_KINDS,
    RAGS,
    REF_LIMIT,
    RISK_STATUSES,
    TITLE_LIMIT,
    Entity,
    Field,
)

#: The specs below are long lists of fields: a short name for making one.
_f = Field


def _score(name: str, label: str, required: bool = False) -> Field:
    """Return a field holding a score from 1 (low) to 5 (high)."""
    return _f(name, label, "int", required=required, minimum=1, maximum=5)


BOARD = Entity(
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

ORGANISATION = Entity(
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

PERSON = Entity(
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

AREA = Entity(
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

ACTION = Entity(
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

ACTION_UPDATE = Entity(
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

ACTION_REVISION = Entity(
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

MEASURE = Entity(
    "measure",
    "measures",
    "Measure",
    "Measures",
    (
        _f("code", "Code", required=True, limit=REF_LIMIT),
        _f("title", "Measure", "longtext", required=True, limit=TITLE_LIMIT),
        _f("unit", "Unit", "choice", choices=MEASURE_UNITS, required=True, default="%"),
        _f("higher_is_better", "Higher is better", "direction", default=1,
           help="Neither: a count of demand or activity (e.g. requests for EHC needs "
                "assessment), shown as rising or falling, never as improving or worsening"),
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

MEASURE_POINT = Entity(
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

TRAJECTORY_POINT = Entity(
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

RISK = Entity(
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

RISK_REVIEW = Entity(
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

IMPACT_ENTRY = Entity(
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


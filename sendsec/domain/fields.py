"""How a kind of record is described (`Entity`, its `Field`s), the closed lists of values
its fields may hold and the length limits of text: each list in exactly one place, read by
the specs (`sendsec.domain.entities`), validation, the editors, import and export and the
schema's CHECK constraints."""

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

    kind is one of: text, longtext, date, time, int, float, bool, direction, choice, ref,
    email. For 'ref', `ref` names the entity the id points to. A 'direction' is a measure's:
    1 higher is better, 0 lower is better, empty (None) neither (a count of demand).
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


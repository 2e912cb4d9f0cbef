"""What the board records: every entity by name (`ENTITIES`, `entity`), and how a label
reads inside a sentence (`noun`).

The specs are in `entities_registers` (the board, people, the plan, measures, risks, the
impact log) and `entities_meetings` (meetings and what hangs from them, challenges,
findings); how they are described (`Entity`, `Field`) and the closed lists of values are
in `fields`, and are importable from here too. The specs drive validation in the services,
the editors in the app, the column mapping of import and export, and the CHECK
constraints of the schema, so a value list lives in exactly one place.
"""

from __future__ import annotations

from sendsec.domain.entities_meetings import (
    AGENDA_ITEM,
    CHALLENGE,
    CYCLE_STEP,
    DECLARATION,
    FINDING,
    INVITEE,
    MEETING,
    MINUTE,
    RESOLUTION,
)
from sendsec.domain.entities_registers import (
    ACTION,
    ACTION_REVISION,
    ACTION_UPDATE,
    AREA,
    BOARD,
    IMPACT_ENTRY,
    MEASURE,
    MEASURE_POINT,
    ORGANISATION,
    PERSON,
    RISK,
    RISK_REVIEW,
    TRAJECTORY_POINT,
)
from sendsec.domain.fields import (
    ACTION_KINDS,
    ACTION_STATUSES,
    AGENDA_PURPOSES,
    AREA_KINDS,
    ATTENDANCE,
    BOARD_ROLES,
    CHALLENGE_KINDS,
    CHALLENGE_STATUSES,
    COMMENTABLE,
    FINDING_SOURCES,
    FINDING_STATUSES,
    HELD_STATUSES,
    IMPACT_KINDS,
    IMPACT_STATUSES,
    LONG_TEXT,
    MEASURE_FREQUENCIES,
    MEASURE_UNITS,
    MEETING_KINDS,
    MEETING_STATUSES,
    NARRATIVE_LIMIT,
    ORGANISATION_KINDS,
    RAGS,
    REF_LIMIT,
    RISK_STATUSES,
    SHORT_TEXT,
    STATUTORY_ROLES,
    TIMETABLE_STEPS,
    TITLE_LIMIT,
    Entity,
    Field,
)

#: The specs' names, and what they are described with (from `fields`), importable from here.
__all__ = [
    "ACTION_KINDS", "ACTION_STATUSES", "AGENDA_PURPOSES", "AREA_KINDS", "ATTENDANCE",
    "BOARD_ROLES", "CHALLENGE_KINDS", "CHALLENGE_STATUSES", "COMMENTABLE", "ENTITIES",
    "FINDING_SOURCES", "FINDING_STATUSES", "HELD_STATUSES", "IMPACT_KINDS", "IMPACT_STATUSES",
    "LONG_TEXT", "MEASURE_FREQUENCIES", "MEASURE_UNITS", "MEETING_KINDS", "MEETING_STATUSES",
    "NARRATIVE_LIMIT", "ORGANISATION_KINDS", "RAGS", "REF_LIMIT", "RISK_STATUSES", "SHORT_TEXT",
    "STATUTORY_ROLES", "TIMETABLE_STEPS", "TITLE_LIMIT", "Entity", "Field", "counted", "entity",
    "noun",
]

#: Every kind of record, by name, in the order the board shows them.
ENTITIES: dict[str, Entity] = {e.name: e for e in (
    BOARD, ORGANISATION, PERSON, AREA, ACTION, ACTION_UPDATE,
    ACTION_REVISION, MEASURE, MEASURE_POINT, TRAJECTORY_POINT, RISK, RISK_REVIEW,
    IMPACT_ENTRY, MEETING, CYCLE_STEP, AGENDA_ITEM, INVITEE, DECLARATION,
    MINUTE, RESOLUTION, CHALLENGE, FINDING,
)}


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


def counted(name: str, n: int) -> str:
    """Return `n` records of the kind called `name` as a sentence says it: '1 agenda item',
    '154 agenda items', '2 impact log entries', '3 declarations of interest', '5 people'."""
    label = ENTITIES[name].label if name in ENTITIES else name.replace("_", " ")
    text = noun(label)
    if n != 1 and not text.endswith("settings"):
        head, sep, tail = text.partition(" of ")
        if head.endswith("person"):
            head = head[:-6] + "people"
        elif head.endswith("y") and head[-2:-1] not in "aeiou":
            head = head[:-1] + "ies"
        else:
            head += "es" if head.endswith(("s", "x", "ch", "sh")) else "s"
        text = head + sep + tail
    return f"{n:,} {text}"

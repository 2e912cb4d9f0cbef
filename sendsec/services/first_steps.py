"""What a new board needs first, ticked from its records: the setting-up checklist.

`first_steps(board)` returns the steps in the order a secretary takes them (the board's
settings, its areas and organisations, the statutory invitees and the chair as people, the
first actions with owners, the first meeting), each `done` or not with a sentence saying
what is there or what is missing. It only reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from sendsec.domain import rules
from sendsec.domain.entities import STATUTORY_ROLES
from sendsec.services.board import Board

#: The settings a board needs before its first papers (the chair and secretary are steps of
#: their own, as people come first).
SETTINGS_NEEDED = ("local_area", "lead_council", "notice_date", "target_date")
_SETTING_NAMES = {"local_area": "local area", "lead_council": "lead council",
                  "notice_date": "date of the Improvement Notice",
                  "target_date": "target date for actions"}
#: step key -> the statutory role it asks for.
ROLE_STEPS = {"dfe-adviser": "DfE adviser", "nhse-adviser": "NHS England adviser",
              "case-lead": "DfE case lead"}


@dataclass(frozen=True)
class Step:
    """One step of setting up a board: its key, what to do, whether it is done, and a
    sentence saying what is there (done) or what is missing."""

    key: str
    text: str
    done: bool
    detail: str


def missing_settings(board: Board) -> list[str]:
    """Return the names of SETTINGS_NEEDED that are not set, in order."""
    s = board.settings()
    return [name for name in SETTINGS_NEEDED if not s.get(name)]


def people_with_role(board: Board, role: str) -> list[dict]:
    """Return the live people with board role `role`, by name."""
    return [p for p in board.rows("person") if p["role"] == role]


def _kind_count(n: int, kind: str) -> str:
    """'1 area for priority action', '5 areas for improvement' (the first word counts)."""
    if n == 1 or not kind:
        return f"{n} {kind}"
    first, _, rest = kind.partition(" ")
    return f"{n} {first}s {rest}".rstrip()


def first_steps(board: Board) -> list[Step]:
    """Return the setting-up steps of `board`, in order, ticked from its records."""
    steps: list[Step] = []
    missing = missing_settings(board)
    steps.append(Step(
        "settings", "Fill in the board settings", not missing,
        "Local area, lead council, notice and target dates are set." if not missing else
        "Still to set: " + ", ".join(_SETTING_NAMES[n] for n in missing) + "."))

    areas = board.rows("area")
    kinds = [a["kind"] for a in areas]
    steps.append(Step(
        "areas", "Add the areas for priority action and improvement", bool(areas),
        (f"{len(areas)} area{'s' if len(areas) != 1 else ''}: "
         + ", ".join(_kind_count(kinds.count(k), k) for k in dict.fromkeys(kinds)) + ".")
        if areas else
        "None yet: add each area the Improvement Notice lists (notice 4), with its code."))

    organisations = board.rows("organisation")
    steps.append(Step(
        "organisations", "Add the partner organisations", bool(organisations),
        f"{len(organisations)} organisation{'s' if len(organisations) != 1 else ''}."
        if organisations else "None yet: the council, the health partners and the others the "
                              "notice names."))

    for key, role in ROLE_STEPS.items():
        people = people_with_role(board, role)
        steps.append(Step(
            key, f"Add the {role}", bool(people),
            ", ".join(p["name"] for p in people) + "." if people else
            f"No one has the role {role} yet; they must be invited to every meeting "
            "(notice 6)."))

    chairs = people_with_role(board, "independent chair")
    chair_id = board.settings().get("chair_id")
    if chair_id:
        chair_text = f"{board.label('person', chair_id)} is named in the board settings."
    elif chairs:
        chair_text = (f"{chairs[0]['name']} has the role; name the chair in the board "
                      "settings.")
    else:
        chair_text = "No one has the role independent chair yet."
    steps.append(Step("chair", "Add the independent chair", bool(chair_id), chair_text))

    actions = [a for a in board.rows("action") if a["status"] in rules.OPEN_STATUSES]
    ownerless = [a["ref"] for a in actions if not a["owner_id"]]
    if not board.rows("action"):
        action_text = "None yet: add the Priority Action Plan's actions (or import them)."
    elif ownerless:
        action_text = (f"{len(ownerless)} open action{'s' if len(ownerless) != 1 else ''} "
                       f"without an accountable owner: {', '.join(ownerless[:8])}"
                       + (" ..." if len(ownerless) > 8 else "") + " (notice 5b).")
    else:
        n = len(board.rows("action"))
        action_text = f"{n} action{'s' if n != 1 else ''}, each open one with an owner."
    steps.append(Step("actions", "Add the first actions, each with an owner",
                      bool(board.rows("action")) and not ownerless, action_text))

    meetings = [m for m in board.rows("meeting") if m["status"] != "cancelled"]
    steps.append(Step(
        "meeting", "Plan the first meeting", bool(meetings),
        f"{len(meetings)} meeting{'s' if len(meetings) != 1 else ''} planned or held."
        if meetings else "None yet: add the date, time and venue of the first meeting."))
    return steps


def statutory_roles_without_people(board: Board) -> list[str]:
    """Return the statutory roles nobody on the board's list has, in the notice's order."""
    return [role for role in STATUTORY_ROLES if not people_with_role(board, role)]

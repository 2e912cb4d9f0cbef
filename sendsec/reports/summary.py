"""The board at a glance: counts by area, RAG, band and role, and the next meeting.

The shape of `summary()` is the stable `summary --json` output documented in the README.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sendsec.domain import rules
from sendsec.domain.dates import day_date
from sendsec.domain.entities import BOARD_ROLES, CHALLENGE_STATUSES, RAGS
from sendsec.domain.labels import agree, count
from sendsec.services import registers
from sendsec.services.board import Board


def summary(board: Board, on: dt.date) -> dict[str, Any]:
    """Return the board's summary as plain JSON-ready data."""
    s = board.settings()
    actions = registers.action_rows(board, on, history=False)
    risks = registers.risk_rows(board, on, history=False)
    people = board.rows("person")
    areas = board.rows("area")
    c = registers.cycle(board, on)
    by_rag = Counter(a["rag"] or "not rated" for a in actions)
    by_band = Counter(r["band"] for r in risks if r["status"] == "open")
    by_role = Counter(p["role"] for p in people)
    by_area = Counter(a["area_code"] or "(none)" for a in actions)
    plan = [a for a in actions if rules.in_plan(a)]
    stocktakes = [m for m in board.rows("meeting") if m["kind"] == "stocktake review"]
    nxt = c.next_meeting
    next_stocktake = min((m["meeting_date"] for m in stocktakes
                          if m["meeting_date"] >= on.isoformat() and m["status"] != "cancelled"),
                         default=None)
    return {
        "board": {"name": s["name"], "local_area": s["local_area"],
                  "lead_council": s["lead_council"], "target_date": s["target_date"],
                  "board_uid": s["board_uid"]},
        "today": on.isoformat(),
        "counts": {
            "areas": len(areas),
            "actions": len(actions),
            "risks": len(risks),
            "measures": len(board.rows("measure")),
            "impact_entries": len(board.rows("impact_entry")),
            "meetings": len(board.rows("meeting")),
            "people": len(people),
            "challenges": len(board.rows("challenge")),
        },
        "challenges_by_status": {status: sum(1 for c in board.rows("challenge")
                                             if c["status"] == status)
                                 for status in CHALLENGE_STATUSES},
        "actions_by_area": {a["code"]: by_area.get(a["code"], 0) for a in areas},
        "actions_by_rag": {**{r: by_rag.get(r, 0) for r in RAGS},
                           "not rated": by_rag.get("not rated", 0)},
        "actions_flagged": {
            "overdue": sum(a["overdue"] for a in actions),
            "slipped": sum(a["slipped"] for a in actions),
            "slow_to_progress": sum(a["slow"] for a in actions),
            "no_update_this_cycle": sum(a["no_update_this_cycle"] for a in actions),
        },
        # the same for the Priority Action Plan alone (rules.in_plan), as the papers count
        "plan_actions": {
            "actions": len(plan),
            "overdue": sum(a["overdue"] for a in plan),
            "slipped": sum(a["slipped"] for a in plan),
            "slow_to_progress": sum(a["slow"] for a in plan),
            "no_update_this_cycle": sum(a["no_update_this_cycle"] for a in plan),
        },
        "risks_by_band": {band: by_band.get(band, 0) for _, band in board.bands()},
        "people_by_role": {role: by_role.get(role, 0) for role in BOARD_ROLES},
        "next_meeting": None if not nxt else {
            "id": nxt["id"], "kind": nxt["kind"], "number": nxt["number"],
            "date": nxt["meeting_date"], "start_time": nxt["start_time"],
            "venue": nxt["venue"], "status": nxt["status"],
        },
        "next_stocktake": next_stocktake,
        "last_meeting_held": c.last_held["meeting_date"] if c.last_held else None,
    }


def summary_text(data: dict[str, Any]) -> str:
    """Return the summary as lines for a person to read."""
    lines = [data["board"]["name"]]
    if data["board"]["local_area"]:
        lines[0] += f" ({data['board']['local_area']})"
    c = data["counts"]
    lines.append(", ".join((count(c["areas"], "area"), count(c["actions"], "action"),
                            count(c["risks"], "risk"), count(c["measures"], "measure"),
                            count(c["impact_entries"], "impact log entry", "impact log entries"),
                            count(c["meetings"], "meeting"), count(c["people"], "person", "people"))))
    if c.get("challenges"):
        lines.append("Chair's challenges: " + ", ".join(
            f"{k} {v}" for k, v in data["challenges_by_status"].items()))
    lines.append("Actions by RAG: " + ", ".join(
        f"{rules.rag_label(k) if k in RAGS else 'Not rated'} {v}"
        for k, v in data["actions_by_rag"].items()))
    f = data["actions_flagged"]
    lines.append(f"Overdue {f['overdue']}, slipped {f['slipped']}, slow to progress "
                 f"{f['slow_to_progress']}, no update this cycle {f['no_update_this_cycle']}")
    p = data.get("plan_actions")
    if p and p["actions"] != c["actions"]:
        lines.append(f"Of these, in the Priority Action Plan ({count(p['actions'], 'action')}; the "
                     f"other {c['actions'] - p['actions']} "
                     f"{agree(c['actions'] - p['actions'], 'is a board action', 'are board actions')} "
                     "from the minutes): "
                     f"overdue {p['overdue']}, slipped {p['slipped']}, slow to progress "
                     f"{p['slow_to_progress']}, no update this cycle "
                     f"{p['no_update_this_cycle']}")
    lines.append("Open risks by band: " + ", ".join(
        f"{rules.band_label(k)} {v}" for k, v in data["risks_by_band"].items()))
    lines.append("Actions by area: " + (", ".join(
        f"{k} {v}" for k, v in data["actions_by_area"].items()) or "none"))
    lines.append("People by role: " + (", ".join(
        f"{k} {v}" for k, v in data["people_by_role"].items() if v) or "none"))
    n = data["next_meeting"]
    lines.append("Next meeting: " + (f"{day_date(n['date'])} at {n['start_time']}"
                                     f"{', ' + n['venue'] if n['venue'] else ''}" if n
                                     else "none planned"))
    lines.append("Next stocktake review: " + (day_date(data["next_stocktake"])
                                              if data["next_stocktake"] else "none planned"))
    return "\n".join(lines)

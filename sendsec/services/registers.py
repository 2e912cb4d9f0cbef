"""The registers as people read them: records joined with names and the rules applied.

Each function returns plain dicts (the record's own fields plus derived ones),
so the app's tables, the papers, `check` and `summary` all show the same
thing. `today` is always passed in, so results are repeatable in tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sendsec.domain import rules
from sendsec.domain.dates import from_iso, long_date
from sendsec.domain.dates import today as today  # re-exported: registers.today() is used widely
from sendsec.domain.entities import HELD_STATUSES, STATUTORY_ROLES, entity
from sendsec.domain.labels import meeting_label, record_label
from sendsec.services.board import Board
from sendsec.storage import queries


@dataclass(frozen=True)
class Cycle:
    """Where the board is in its meeting cycle on a given day.

    `last_held` is the latest held meeting on or before today, `next_meeting`
    the first planned meeting after today (not cancelled), `start` the first
    day of the current cycle (the day after `last_held`), `previous_start` the
    first day of the cycle before it.
    """

    today: dt.date
    last_held: dict[str, Any] | None
    next_meeting: dict[str, Any] | None
    start: dt.date | None
    previous_start: dt.date | None


def cycle(board: Board, on: dt.date) -> Cycle:
    """Return the board's meeting cycle as it stands on `on`."""
    meetings = board.rows("meeting")
    held = [m for m in meetings if m["status"] in HELD_STATUSES
            and from_iso(m["meeting_date"]) <= on]
    held.sort(key=lambda m: (m["meeting_date"], m["start_time"] or ""))
    upcoming = [m for m in meetings if m["status"] not in (*HELD_STATUSES, "cancelled")
                and from_iso(m["meeting_date"]) >= on]
    upcoming.sort(key=lambda m: (m["meeting_date"], m["start_time"] or ""))
    last = held[-1] if held else None
    start = from_iso(last["meeting_date"]) + dt.timedelta(days=1) if last else None
    prev = (from_iso(held[-2]["meeting_date"]) + dt.timedelta(days=1)
            if len(held) > 1 else None)
    return Cycle(on, last, upcoming[0] if upcoming else None, start, prev)


def _names(board: Board) -> tuple[dict[int, dict], dict[int, dict], dict[int, dict]]:
    people = {p["id"]: p for p in board.rows("person", include_archived=True)}
    orgs = {o["id"]: o for o in board.rows("organisation", include_archived=True)}
    areas = {a["id"]: a for a in board.rows("area", include_archived=True)}
    return people, orgs, areas


def _person_fields(prefix: str, person_id: int | None, people: dict, orgs: dict) -> dict:
    p = people.get(person_id) if person_id else None
    org = orgs.get(p["organisation_id"]) if p and p["organisation_id"] else None
    return {
        f"{prefix}_name": p["name"] if p else "",
        f"{prefix}_organisation": (org["short_name"] or org["name"]) if org else "",
        f"{prefix}_left": bool(p and p["archived"]),  # the person has left (archived)
    }


#: The registers' rows computed inside `reusing`, by board (see there).
_REUSED: dict[int, dict[tuple[Any, ...], list[dict[str, Any]]]] = {}


@contextmanager
def reusing(board: Board) -> Iterator[None]:
    """Within the block, each register's rows are computed once for `board` and handed to
    every caller that asks (the Overview's refresh asks for the actions three times: its
    counts, the checks, the summary). For reading: a write inside the block (the board's
    change count moves) computes them afresh."""
    outer = id(board) in _REUSED
    if not outer:
        _REUSED[id(board)] = {}
    try:
        yield
    finally:
        if not outer:
            del _REUSED[id(board)]


def _once(board: Board, key: tuple[Any, ...],
          compute: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    memo = _REUSED.get(id(board))
    if memo is None:
        return compute()
    key = (*key, board.db.conn.total_changes)
    if key not in memo:
        memo[key] = compute()
    return list(memo[key])  # a caller may sort its list; the rows are for reading


def action_rows(board: Board, on: dt.date, *, include_archived: bool = False,
                kind: str | None = None, history: bool = True) -> list[dict[str, Any]]:
    """Return every action with its area, owner, latest update and the rules' verdicts.

    Added keys: area_code, area_title, owner_name, owner_organisation, effective_due,
    latest_update (dict or None), latest_update_date, latest_narrative, updates
    (newest first; not there with `history=False`, for a reader that needs only the
    latest, such as the Actions register), overdue, slipped, no_update_this_cycle,
    slow_reasons, slow, rag_label.
    """
    return _once(board, ("actions", on, include_archived, kind, history),
                 lambda: _action_rows(board, on, include_archived, kind, history))


#: The ratings whose runs `rules.slow_to_progress` reads (two in a row, no movement): for an
#: action whose latest update carries another, its latest RAG alone gives the same reasons.
_RUN_RAGS = ("red", "amber")


def _rags_newest_first(latest_rag: str | None, other_rag: str | None, run: int
                       ) -> list[str]:
    """Return an action's RAG history newest first as far as `rules.slow_to_progress` reads
    it: the latest RAG `run` times, then the newest RAG that differs, if any."""
    if latest_rag is None:
        return []
    return [latest_rag] * run + ([other_rag] if other_rag is not None else [])


def _action_rows(board: Board, on: dt.date, include_archived: bool, kind: str | None,
                 history: bool) -> list[dict[str, Any]]:
    people, orgs, areas = _names(board)
    progress = queries.action_progress(board.db, _RUN_RAGS)
    updates_of = queries.history_per_parent(board.db, "action_updates", "action_id",
                                            "update_date") if history else {}
    c = cycle(board, on)
    out = []
    for a in board.rows("action", include_archived=include_archived):
        if kind and a["kind"] != kind:
            continue
        latest, _n, other_rag, run = progress.get(a["id"]) or (None, 0, None, 0)
        updates = updates_of.get(a["id"], [])
        if updates:
            latest = updates[0]  # the same record as in `updates`
        due, revised = from_iso(a["due_date"]), from_iso(a["revised_due_date"])
        overdue = rules.is_overdue(due, revised, a["status"], on)
        latest_date = from_iso(latest["update_date"]) if latest else None
        open_action = a["status"] in rules.OPEN_STATUSES
        no_update = open_action and not rules.has_update_since(latest_date, c.start)
        rags = _rags_newest_first(latest["rag"] if latest else None, other_rag, run)
        slow = rules.slow_to_progress(rags, overdue, a["status"], from_iso(a["start_date"]), on)
        area = areas.get(a["area_id"])
        row = {
            **a,
            "area_code": area["code"] if area else "",
            "area_title": area["title"] if area else "",
            **_person_fields("owner", a["owner_id"], people, orgs),
            "effective_due": rules.effective_due(due, revised),
            "latest_update": latest,
            "latest_update_date": latest_date,
            "latest_narrative": latest["narrative"] if latest else "",
            "updates": updates,
            "overdue": overdue,
            "slipped": rules.is_slipped(due, revised),
            "no_update_this_cycle": no_update,
            "slow_reasons": slow,
            "slow": bool(slow),
            "rag_label": rules.rag_label(a["rag"]),
        }
        if not history:
            del row["updates"]
        out.append(row)
    return out


def risk_rows(board: Board, on: dt.date, *, include_archived: bool = False,
              history: bool = True) -> list[dict[str, Any]]:
    """Return every risk with owner, scores, band and movement since the last cycle.

    Added keys: area_code, area_ids (its area, else its linked actions' areas), owner_name,
    owner_organisation, score, band, band_label,
    inherent_score, target_score, previous_score, previous_likelihood, previous_impact,
    movement, movement_label,
    reviews (newest first; not there with `history=False`), last_review_date,
    reviewed_this_cycle.
    """
    return _once(board, ("risks", on, include_archived, history),
                 lambda: _risk_rows(board, on, include_archived, history))


def _values(board: Board, entity_name: str, columns: Sequence[str], *,
            include_archived: bool = False) -> list[tuple[Any, ...]]:
    """Return `columns` of an entity's records as tuples, in their natural order."""
    e = entity(entity_name)
    return queries.select_values(board.db, e.table, columns,
                                 "" if include_archived else "archived = 0", e.order_by)


def _risk_rows(board: Board, on: dt.date, include_archived: bool, history: bool
               ) -> list[dict[str, Any]]:
    people, orgs, areas = _names(board)
    bands = board.bands()
    c = cycle(board, on)
    progress = queries.risk_review_progress(board.db, c.start.isoformat() if c.start else None)
    reviews_of = queries.history_per_parent(board.db, "risk_reviews", "risk_id",
                                            "review_date") if history else {}
    action_areas = {ref.casefold(): area for ref, area in _values(board, "action",
                                                                  ("ref", "area_id")) if ref}
    out = []
    for r in board.rows("risk", include_archived=include_archived):
        reviews = reviews_of.get(r["id"], [])
        last, before = progress.get(r["id"]) or (None, None)
        score = rules.risk_score(r["current_likelihood"], r["current_impact"])
        # the score as it stood at the end of the last cycle: the newest review before it began
        previous = rules.risk_score(before["likelihood"], before["impact"]) if before \
            else None
        last_review = from_iso(last)
        movement = rules.risk_movement(previous, score)
        area = areas.get(r["area_id"])

        def _score(lk: str, im: str, row: dict = r) -> int | None:
            return rules.risk_score(row[lk], row[im]) if row[lk] and row[im] else None

        row = {
            **r,
            "area_code": area["code"] if area else "",
            "area_ids": rules.risk_areas(r["area_id"], r["linked_actions"], action_areas),
            **_person_fields("owner", r["owner_id"], people, orgs),
            "score": score,
            "band": rules.risk_band(score, bands),
            "band_label": rules.band_label(rules.risk_band(score, bands)),
            "inherent_score": _score("inherent_likelihood", "inherent_impact"),
            "target_score": _score("target_likelihood", "target_impact"),
            "previous_score": previous,
            "previous_likelihood": before["likelihood"] if before else None,
            "previous_impact": before["impact"] if before else None,
            "movement": movement,
            "movement_label": rules.movement_label(movement),
            "reviews": reviews,
            "last_review_date": last_review,
            "reviewed_this_cycle": bool(last_review and (c.start is None
                                                         or last_review >= c.start)),
        }
        if not history:
            del row["reviews"]
        out.append(row)
    return out


def measure_rows(board: Board, on: dt.date, *, include_archived: bool = False,
                 history: bool = True) -> list[dict[str, Any]]:
    """Return every measure with its data, latest value, expected value, RAG and trend.

    Added keys: area_code, points (oldest first), trajectory (oldest first; neither there
    with `history=False`), latest_value, latest_period, expected, rag, rag_label, trend.
    """
    _, _, areas = _names(board)
    values = queries.history_values(board.db, "measure_points", "measure_id", "period",
                                    ("period", "value"))
    expected_of = queries.history_values(board.db, "trajectory_points", "measure_id", "period",
                                         ("period", "expected"))
    if history:
        points = queries.history_per_parent(board.db, "measure_points", "measure_id", "period")
        traj = queries.history_per_parent(board.db, "trajectory_points", "measure_id",
                                          "period")
    out = []
    for m in board.rows("measure", include_archived=include_archived):
        pts = values.get(m["id"], [])  # newest first
        period = from_iso(pts[0][0]) if pts else None
        expected = rules.trajectory_value(
            [(from_iso(d), v) for d, v in reversed(expected_of.get(m["id"], []))],
            period) if period else None
        higher = rules.better_when(m["higher_is_better"])
        rag = rules.measure_rag(pts[0][1] if pts else None, m["target"], expected, higher)
        area = areas.get(m["area_id"])
        row = {
            **m,
            "area_code": area["code"] if area else "",
            "points": list(reversed(points.get(m["id"], []))) if history else [],
            "trajectory": list(reversed(traj.get(m["id"], []))) if history else [],
            "latest_value": pts[0][1] if pts else None,
            "latest_period": period,
            "expected": expected,
            "rag": rag,
            "rag_label": rules.rag_label(rag),
            "trend": rules.measure_trend([v for _, v in reversed(pts)], higher),
        }
        if not history:
            del row["points"], row["trajectory"]
        out.append(row)
    return out


def meeting_rows(board: Board, on: dt.date, *, include_archived: bool = False
                 ) -> list[dict[str, Any]]:
    """Return every meeting with its label, timetable steps (with state) and invitee counts.

    Added keys: label, steps (dicts with 'label' and 'state'), invitee_count,
    statutory_missing (roles not invited).
    """
    return _once(board, ("meetings", on, include_archived),
                 lambda: _meeting_rows(board, on, include_archived))


def _meeting_rows(board: Board, on: dt.date, include_archived: bool) -> list[dict[str, Any]]:
    people = {p["id"]: p for p in board.rows("person", include_archived=True)}
    steps = queries.history_per_parent(board.db, "cycle_steps", "meeting_id", "due_date")
    invitees: dict[int, list[int]] = {}
    for meeting_id, person_id in _values(board, "invitee", ("meeting_id", "person_id")):
        invitees.setdefault(meeting_id, []).append(person_id)
    out = []
    for m in board.rows("meeting", include_archived=include_archived):
        ss = sorted(steps.get(m["id"], []), key=lambda s: (s["due_date"], s["id"]))
        inv = invitees.get(m["id"], [])
        # someone who has left (archived) does not count for a meeting still to be held
        roles = {people[i]["role"] for i in inv if i in people
                 and (m["status"] in HELD_STATUSES or not people[i]["archived"])}
        out.append({
            **m,
            "label": meeting_label(m),  # as board.label reads it
            "steps": [{**s, "label": rules.STEP_LABELS[s["step"]],
                       "state": rules.step_state(from_iso(s["due_date"]),
                                                 from_iso(s["done_date"]), on)} for s in ss],
            "invitee_count": len(inv),
            "statutory_missing": [r for r in STATUTORY_ROLES if r not in roles],
        })
    return out


def people_rows(board: Board, *, include_archived: bool = False) -> list[dict[str, Any]]:
    """Return every person with their organisation's name."""
    orgs = {o["id"]: o for o in board.rows("organisation", include_archived=True)}
    out = []
    for p in board.rows("person", include_archived=include_archived):
        org = orgs.get(p["organisation_id"])
        out.append({**p, "organisation": org["name"] if org else "",
                    "organisation_short": (org["short_name"] or org["name"]) if org else ""})
    return out


def impact_rows(board: Board, *, include_archived: bool = False) -> list[dict[str, Any]]:
    """Return impact-log entries with the area code, action ref, measure code and meeting label."""
    areas = {a["id"]: a for a in board.rows("area", include_archived=True)}
    actions = dict(_values(board, "action", ("id", "ref"), include_archived=True))
    measures = dict(_values(board, "measure", ("id", "code"), include_archived=True))
    meetings = board.labels("meeting")
    out = []
    for e in board.rows("impact_entry", include_archived=include_archived):
        area = areas.get(e["area_id"])
        meeting = e["meeting_id"]
        out.append({
            **e,
            "area_code": area["code"] if area else "",
            "action_ref": actions.get(e["action_id"], ""),
            "measure_code": measures.get(e["measure_id"], ""),
            "meeting_label": (meetings[meeting] if meeting in meetings
                              else board.label("meeting", meeting)) if meeting else "",
        })
    return out


def area_rows(board: Board, *, include_archived: bool = False) -> list[dict[str, Any]]:
    """Return every area with its lead's name and how many live actions it holds."""
    people, orgs, _ = _names(board)
    counts = queries.count_by(board.db, "actions", "area_id")
    return [{**a, **_person_fields("lead", a["lead_id"], people, orgs),
             "action_count": counts.get(a["id"], 0)}
            for a in board.rows("area", include_archived=include_archived)]


def organisation_rows(board: Board, *, include_archived: bool = False) -> list[dict[str, Any]]:
    """Return every organisation with how many people on the board's list belong to it."""
    counts: dict[int, int] = {}
    for p in board.rows("person"):
        if p["organisation_id"] is not None:
            counts[p["organisation_id"]] = counts.get(p["organisation_id"], 0) + 1
    return [{**o, "people_count": counts.get(o["id"], 0)}
            for o in board.rows("organisation", include_archived=include_archived)]

def challenge_rows(board: Board, *, statuses: Iterable[str] | None = None
                   ) -> list[dict[str, Any]]:
    """Return the challenge log, newest first, with `owner_name` and `raised_on_words`."""
    wanted = set(statuses) if statuses else None
    people = board.labels("person")
    out = []
    for row in board.rows("challenge"):
        if wanted and row["status"] not in wanted:
            continue
        out.append({**row, "owner_name": people.get(row["owner_id"], "") if row["owner_id"]
                    else "", "raised_on_words": long_date(row["raised_on"])})
    return out


def _labels_of(board: Board, entity_name: str, ids: set[int]) -> dict[int, str]:
    """Return {id: label} of the records of `entity_name` with these ids (as `board.labels`
    has them; one query for the records named, not every record of the kind)."""
    e = entity(entity_name)
    if not ids:
        return {}
    if len(ids) > 500 or e.field(e.title).kind == "ref":  # a name read through another record
        return board.labels(entity_name)
    marks = ", ".join("?" for _ in ids)
    return {r["id"]: record_label(e, r)
            for r in queries.select_rows(board.db, e.table, f"id IN ({marks})", sorted(ids),
                                         "id")}


def finding_rows(board: Board) -> list[dict[str, Any]]:
    """Return the DfE and NHS England findings, each with what answers it: 'answered_by',
    the labels of its action, area ('area c') and minute, joined by '; '."""
    findings = board.rows("finding")
    actions = _labels_of(board, "action", {f["action_id"] for f in findings if f["action_id"]})
    areas = _labels_of(board, "area", {f["area_id"] for f in findings if f["area_id"]})
    minutes = _labels_of(board, "minute", {f["minute_id"] for f in findings if f["minute_id"]})
    return [{**f, "answered_by": "; ".join(x for x in (
        actions.get(f["action_id"], "") if f["action_id"] else "",
        f"area {areas[f['area_id']]}" if f["area_id"] in areas else "",
        minutes.get(f["minute_id"], "") if f["minute_id"] else "") if x)}
        for f in findings]


def picker_options(board: Board, entity_name: str) -> list[tuple[int, str]]:
    """Return (id, label) pairs for a picker of `entity_name`, labelled as people know them.

    People read 'Name (Organisation)'; areas 'a: title'; actions 'PA2.3: title';
    measures 'code: title'; others as the services label them.
    """
    def clip(text: str, n: int = 70) -> str:
        text = " ".join(str(text or "").split())
        return text if len(text) <= n else text[: n - 1] + "\u2026"

    if entity_name == "person":
        out = []
        for p in people_rows(board):
            org = p["organisation_short"]
            out.append((p["id"], f"{p['name']} ({org})" if org else p["name"]))
        return out
    if entity_name == "area":
        return [(a["id"], clip(f"{a['code']}: {a['title']}")) for a in board.rows("area")]
    if entity_name == "action":
        return [(a["id"], clip(f"{a['ref']}: {a['title']}")) for a in board.rows("action")]
    if entity_name == "measure":
        return [(m["id"], clip(f"{m['code']}: {m['title']}")) for m in board.rows("measure")]
    if entity_name == "meeting":
        # newest first: the likeliest choice
        return [(m["id"], meeting_label(m)) for m in reversed(board.rows("meeting"))]
    return [(i, clip(label)) for i, label in board.options(entity_name)]

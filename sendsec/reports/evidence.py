"""Evidence against the Improvement Notice: what the board holds for each requirement.

`build_evidence(board, today)` returns an `Evidence`: plain data the papers, the
spreadsheet and the app's Stocktake view read.

- `requirements`: a row per requirement of the notice (3a-3j, 4, 5a-5e, 6, 7, 8,
  10a-10d, 12d, 13) with the evidence held (counts and the references of records,
  minutes by number), the gaps by name (each pointing at the record that fixes it) and
  a status: Met (evidence held, no gap), Partly met (evidence, with gaps) or Not met
  (nothing held for it);
- `partners`: every organisation with its actions, updates, returns, attendance and
  impact entries;
- `revisions`: every revised due date, one row per change, against the original date;
- `readiness`: the summary against paragraph 13 (actions due by the target date,
  measures evidenced by their target dates, what remains).

The rules are the same as `check`'s (its findings are gaps here), so the two never
disagree; each gap says what is missing in the words the secretary would use.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sendsec.domain import rules
from sendsec.domain.dates import from_iso
from sendsec.domain.labels import natural_key
from sendsec.reports.evidence_requirements import (
    area_rows,
    r4,
    r5a,
    r5b,
    r5c,
    r5d,
    r5e,
    r6,
    r7,
    r8,
    r10,
    r12d,
    r13,
)
from sendsec.reports.evidence_rows import (
    LEADERS,
    MET,
    NOT_MET,
    PARTLY,
    PartnerRow,
    Readiness,
    Requirement,
    RevisionRow,
    World,
)
from sendsec.services.board import Board


@dataclass
class Evidence:
    """What `build_evidence` returns: the rows the papers, the spreadsheet and the app show."""

    board_name: str
    today: dt.date
    requirements: list[Requirement]
    partners: list[PartnerRow]
    revisions: list[RevisionRow]
    readiness: Readiness

    def requirement(self, code: str) -> Requirement:
        return next(r for r in self.requirements if r.code == code)

    def counts(self) -> dict[str, int]:
        out = {MET: 0, PARTLY: 0, NOT_MET: 0}
        for r in self.requirements:
            out[r.status] += 1
        return out


# ---------------------------------------------------- partners, revisions, readiness

def _revisions(w: World) -> list[RevisionRow]:
    actions = {a["id"]: a for a in w.board.rows("action", include_archived=True)}
    minutes = {m["id"]: m for m in w.minutes}
    out = []
    for r in w.board.rows("action_revision"):
        a = actions.get(r["action_id"])
        if a is None or a["archived"]:
            continue
        original = a["due_date"]
        agreed = minutes.get(r.get("agreed_minute_id"))
        days = (from_iso(r["new_due"]) - from_iso(original)).days if original else None
        out.append(RevisionRow(
            ref=a["ref"], title=a["title"], original_due=original or "",
            revised_on=r["revised_on"], previous_due=r["previous_due"] or "",
            new_due=r["new_due"], reason=" ".join((r["reason"] or "").split()),
            agreed=f"Minute {agreed['number']}" if agreed else "not agreed by the board",
            days_slipped=days, action_id=a["id"], revision_id=r["id"]))
    return sorted(out, key=lambda r: (natural_key(r.ref), r.revised_on, r.revision_id))


def _partners(w: World) -> list[PartnerRow]:
    members_by_org = defaultdict(list)
    for p in w.people.values():
        if not p["archived"] and p["organisation_id"]:
            members_by_org[p["organisation_id"]].append(p)
    nxt = w.cycle.next_meeting
    steps = {s["step"]: s for s in w.board.rows("cycle_step", parent_id=nxt["id"])} if nxt else {}
    requested = steps.get("request_updates", {}).get("done_date")
    due = steps.get("updates_due", {}).get("due_date")
    recent = [m for m in w.held if m["kind"] != "stocktake review"][-6:]
    invites = {m["id"]: w.board.rows("invitee", parent_id=m["id"]) for m in recent}
    out = []
    for org in w.orgs:
        members = members_by_org.get(org["id"], [])
        ids = {p["id"] for p in members}
        owned = [a for a in w.plan if a["owner_id"] in ids]
        open_ = [a for a in owned if a["status"] in rules.OPEN_STATUSES]
        missing = [a for a in open_ if a["no_update_this_cycle"]]
        late = [a for a in open_ if not a["no_update_this_cycle"] and due and
                a["latest_update_date"] and a["latest_update_date"] > from_iso(due)]
        attended = 0
        for m in recent:
            if any(i["person_id"] in ids and i["attendance"] in ("present", "substitute",
                                                                 "in attendance")
                   for i in invites[m["id"]]):
                attended += 1
        leaders = [p for p in members if LEADERS.search(p.get("title") or "")]
        leader_words = []
        for p in leaders:
            there = sum(1 for m in recent if any(i["person_id"] == p["id"] and i["attendance"]
                                                 in ("present", "in attendance")
                                                 for i in invites[m["id"]]))
            subbed = sum(1 for m in recent if any(i["substitute_for_id"] == p["id"]
                                                  for i in invites[m["id"]]))
            leader_words.append(f"{p['name']}: {there} attended, {subbed} by substitute")
        words = {org["name"].lower(), (org["short_name"] or "").lower()} - {""}
        impact = [e for e in w.impacts if any(word in (e.get("organisations") or "").lower()
                                              for word in words)]
        out.append(PartnerRow(
            organisation=org["name"], short_name=org["short_name"] or "",
            actions_open=len(open_), actions_overdue=sum(1 for a in open_ if a["overdue"]),
            actions_slipped=sum(1 for a in owned if a["slipped"]),
            updates_missing=len(missing),
            returns_requested=len(open_) if requested else 0,
            returns_late=len(late), returns_missing=len(missing) if requested else 0,
            members=len(members),
            attendance=f"{attended} of {len(recent)} meetings" if recent else "no meetings yet",
            leaders="; ".join(leader_words) or "none named", impact_entries=len(impact)))
    return out


def _readiness(w: World) -> Readiness:
    target = w.target
    delivered = [a for a in w.plan if a["status"] in ("complete", "closed")]
    dated = [a for a in w.plan if a["effective_due"]]
    by_target = [a for a in dated if target and a["effective_due"] <= target]
    after = [a for a in dated if target and a["effective_due"] > target]
    no_date = [a for a in w.plan if not a["effective_due"]]
    open_after = [a for a in w.open_plan if target and (not a["effective_due"] or
                                                         a["effective_due"] > target
                                                         or w.today > target)]
    met, behind, none = [], [], []
    for m in w.measures:
        if m["target"] is None:
            none.append(m["code"])
            continue
        if m["higher_is_better"] is None:  # a count of demand: watched, never met or behind
            continue
        value = m["latest_value"]
        if value is not None and ((m["higher_is_better"] and value >= m["target"]) or
                                  (not m["higher_is_better"] and value <= m["target"])):
            met.append(m["code"])
        else:
            behind.append(m["code"])
    return Readiness(target, len(w.plan), len(delivered), len(by_target),
                     tuple(a["ref"] for a in after), tuple(a["ref"] for a in no_date),
                     tuple(a["ref"] for a in open_after), len(w.measures), tuple(met),
                     tuple(behind), tuple(none))


def build_evidence(board: Board, today: dt.date) -> Evidence:
    """Return the evidence the board holds against each requirement of the notice."""
    w = World(board, today)
    revisions = _revisions(w)
    w.revisions_unagreed = [r for r in revisions if r.agreed == "not agreed by the board"]
    readiness = _readiness(w)
    requirements = [*area_rows(w), r4(w), r5a(w), r5b(w), r5c(w), r5d(w), r5e(w),
                    r6(w), r7(w), r8(w), *r10(w), r12d(w), r13(w, readiness)]
    for r in requirements:  # a gap named twice (by check and by the row) is said once
        seen: set[str] = set()
        unique = []
        for g in r.gaps:
            if g.text not in seen:
                seen.add(g.text)
                unique.append(g)
        r.gaps = unique
    return Evidence(board.name, today, requirements, _partners(w), revisions, readiness)

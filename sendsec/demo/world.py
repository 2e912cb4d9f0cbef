"""A demo board built from the seed documents: West Northamptonshire's SEND Improvement Board.

`build_demo(path, today)` writes a complete, realistic board file through the
services only (so every record is validated and change-logged like a real
one): the notice's ten areas a-j, a Priority Action Plan of 35 actions with
update histories over eight meeting cycles, a risk register with reviews, a
performance dashboard (the seeds' "EHC plans issued within 20 weeks (%)"
series continued to today), an action and impact log, held meetings with
attendance, declarations, minutes numbered from 21 and resolutions, planned
meetings and DfE stocktake reviews.

The calendar is placed so that `today` falls about fourteen months after the
Improvement Notice, with the next board meeting three to four weeks away and
the next stocktake review within six months of the last. Everything except
the dates comes from one fixed random seed, so two builds for the same day
are identical in content and builds for different days differ only in dates.

A few realistic gaps are planted for `check` to find (see `PLANTED`); the
next meeting itself always has its three statutory invitees, so its papers
can be produced.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from sendsec.demo.calendar import Timeline, _month_end, timeline
from sendsec.demo.data import (
    ACTIONS,
    AREA_PARTNERS,
    AREAS,
    BOARD_NAME,
    DEEP_DIVES,
    EHC_SEED_COMPLETED,
    EHC_SEED_PERCENT,
    EHC_SEED_REQUESTS,
    EVIDENCE,
    IMPACT_ITEMS,
    MAX_SCALE,
    MEASURES,
    NARRATIVE,
    ORGANISATIONS,
    OWN_FROM,
    PEOPLE,
    RISK_CONTROLS,
    RISKS,
    SEED,
    SEED_FIGURES,
    SEED_LAST,
    SEED_LAST_MONTH,
    VENUES,
    area_title,
)
from sendsec.demo.minutes import MinutesAndFollowUp
from sendsec.domain import rules
from sendsec.domain.errors import SendsecError
from sendsec.services.board import Board
from sendsec.storage import leftovers

# --------------------------------------------------------------------------- the builder


def build_demo(path: str | Path, today: dt.date, scale: int = 1) -> Path:
    """Build the demo board at `path` (which must not exist) as it stands on `today`.

    Returns the path written. `scale` (1-50) multiplies the actions, updates,
    risks, measures and meetings, for trying the app on a large board. If the
    build fails, no file is left behind.
    """
    path = Path(path)
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= MAX_SCALE:
        raise SendsecError(f"The demo scale must be a whole number from 1 to {MAX_SCALE}, "
                           f"not {scale!r}.")
    if path.exists():
        raise SendsecError(f"'{path}' already exists; the demo board needs a new file name.")
    # built under a temporary name beside it and renamed when whole: a build that fails or
    # is killed leaves no board under the final name (the next start clears the rest away)
    tmp = path.with_name(f"{leftovers.prefix()}demo-{path.name}")
    try:
        board = Board.create_new(tmp, BOARD_NAME, user="demo")
        try:
            with board.batch():  # one transaction for the whole board: all of it or nothing
                _Builder(board, timeline(today, scale), scale).build()
        finally:
            board.close()
        leftovers.move_into_place(tmp, path)
    except BaseException:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        raise
    return path


class _Builder(MinutesAndFollowUp):
    def __init__(self, board: Board, t: Timeline, scale: int):
        self.b = board
        self.t = t
        self.scale = scale
        self.rng = random.Random(SEED)
        self.org: dict[str, int] = {}
        self.person: dict[str, int] = {}
        self.area: dict[str, int] = {}
        self.area_lead: dict[str, int] = {}  # area code -> its senior responsible officer
        self.measure: dict[str, int] = {}
        self.action: dict[str, int] = {}
        self.area_actions: dict[str, list[str]] = {}
        self.meetings: list[dict[str, Any]] = []  # every meeting, oldest first
        self.minute_no = 21
        self.stalled = False

    def new(self, entity: str, values: dict[str, Any]) -> int:
        return self.b.create(entity, values).id

    # ---------------------------------------------------------------- the order of building

    def build(self) -> None:
        self.organisations_and_people()
        self.settings()
        self.areas()
        self.measures()
        self.meetings_()
        self.actions()
        self.risks()
        self.impact_log()
        self.minutes()
        self.challenges()
        self.evidence_records()
        self.timetable()
        self.planted_gaps()

    def organisations_and_people(self) -> None:
        for name, short, kind in ORGANISATIONS:
            self.org[short] = self.new("organisation", {"name": name, "short_name": short,
                                                        "kind": kind})
        for key, name, title, org, role, email, phone in PEOPLE:
            self.person[key] = self.new("person", {
                "name": name, "title": title, "organisation_id": self.org.get(org) if org else None,
                "role": role, "email": email, "phone": phone,
                "active_from": self.t.notice.isoformat()})

    def settings(self) -> None:
        t = self.t
        self.b.update_settings({
            "local_area": "West Northamptonshire", "lead_council": "West Northamptonshire Council",
            "inspection_date": t.inspection, "report_date": t.report, "notice_date": t.notice,
            "target_date": t.target, "chair_id": self.person["chair"],
            "secretary_id": self.person["secretary"]})

    def areas(self) -> None:
        for position, (code, kind, wording, lead) in enumerate(AREAS, 1):
            self.area_lead[code] = self.person[lead]
            self.area[code] = self.new("area", {
                "code": code, "title": area_title(wording), "kind": kind,
                "description": f"Improvement Notice, paragraph 3{code}: {wording}.",
                "lead_id": self.person[lead], "sro_id": self.person[lead],
                "position": position})

    # ---------------------------------------------------------------- measures

    def measures(self) -> None:
        notice_month = self.t.notice.replace(day=1)
        for copy in range(self.scale):
            for code, title, unit, higher, area, freq, source, target in MEASURES:
                series = self._series(code)
                key = code if copy == 0 else f"{code}-{copy + 1}"
                shown = title if copy == 0 else f"{title} (cohort {copy + 1})"
                base_offset = 0
                baseline = series.get(base_offset)
                mid = self.new("measure", {
                    "code": key, "title": shown, "unit": unit, "higher_is_better": higher,
                    "baseline": baseline,
                    "baseline_date": _month_end(notice_month) if baseline is not None else None,
                    "target": target, "target_date": self.t.target if target is not None else None,
                    "data_source": source, "area_id": self.area[area], "frequency": freq,
                    # its area's senior responsible officer answers for it (exception reports)
                    "accountable_id": self.area_lead[area],
                    "notes": "Historic figures to November 2021 from the People Overview and "
                             "Scrutiny Committee report of 25 January 2022."
                             if code in ("M01", "M02", "M03") else None})
                self.measure[key] = mid
                seeds = SEED_FIGURES.get(code, {})
                for offset, value in sorted(series.items()):
                    if offset in seeds:  # a real published figure, at its real date
                        period = _month_end(rules.add_months(SEED_LAST_MONTH, offset - SEED_LAST))
                        note = ("Seed figure, at its real date (People Overview and Scrutiny "
                                "Committee report, 25 January 2022)")
                    elif seeds and offset < OWN_FROM:
                        continue  # drawn (the same random numbers each build) but not kept
                    else:  # the demo's own (invented) series, dated from the demo's notice
                        period = _month_end(rules.add_months(notice_month, offset))
                        note = None
                    self.new("measure_point", {"measure_id": mid, "period": period,
                                               "value": value, "note": note})
                if target is not None and baseline is not None:
                    for q in range(0, 19, 3):
                        period = _month_end(rules.add_months(notice_month, min(q, 17)))
                        expected = baseline + (target - baseline) * min(q, 17) / 17
                        whole = unit == "count"
                        self.new("trajectory_point", {
                            "measure_id": mid, "period": period,
                            "expected": float(round(expected)) if whole else round(expected, 1)})

    def _series(self, code: str) -> dict[int, float]:
        """Return month offset (from the notice) -> value for one measure's data."""
        rng = self.rng
        out: dict[int, float] = {}
        if code == "M01":
            out.update(EHC_SEED_PERCENT)
            for m in range(-30, 13):
                if m <= 0:
                    value = rng.uniform(7, 18)
                else:
                    value = 14 + 38 * (m / 12) + rng.uniform(-5, 4)
                out[m] = round(value, 1)
            return out
        if code == "M02":
            out.update(EHC_SEED_REQUESTS)
            for m in range(-30, 13):
                out[m] = float(round(95 + m * 0.6 + rng.uniform(-12, 14)))
            return out
        if code == "M03":
            out.update(EHC_SEED_COMPLETED)
            for m in range(-30, 13):
                out[m] = float(round((34 if m <= 0 else 34 + 50 * m / 12) + rng.uniform(-8, 8)))
            return out
        start, end, low, high, step = {
            "M04": (52.0, 24.0, 0, 12, 1), "M05": (1140.0, 310.0, 0, 12, 1),
            "M06": (16.5, 10.2, 0, 12, 4), "M07": (38.0, 63.0, 0, 12, 1),
            "M08": (22.0, 41.0, 0, 12, 4), "M09": (41.0, 78.0, 0, 12, 1),
        }[code]
        for m in range(low, high + 1, step):
            value = start + (end - start) * m / high
            out[m] = round(value * (1 + rng.uniform(-0.05, 0.05)), 1)
            if code == "M05":  # a count of children is a whole number
                out[m] = float(round(out[m]))
        return out

    # ---------------------------------------------------------------- meetings

    def meetings_(self) -> None:
        """Create every meeting, oldest first; record attendance and declarations for the
        held ones. Which meeting approves whose minutes is decided here and recorded with
        the minutes."""
        t = self.t
        plan: list[dict[str, Any]] = []
        for i, d in enumerate(t.held):
            plan.append({"kind": "board", "date": d, "held": True, "n": i + 1})
        for i, d in enumerate(t.upcoming):
            plan.append({"kind": "board", "date": d, "held": False, "n": len(t.held) + i + 1})
        for d in t.stocktakes_held:
            plan.append({"kind": "stocktake review", "date": d, "held": True, "n": None})
        plan.append({"kind": "stocktake review", "date": t.stocktake_next, "held": False,
                     "n": None})
        plan.sort(key=lambda m: (m["date"], m["kind"] != "stocktake review"))
        board_held = [m for m in plan if m["held"] and m["kind"] == "board"]
        never_approved = board_held[-3] if len(board_held) >= 3 else None
        last_board_held = board_held[-1]
        following_board: dict[int, dict[str, Any]] = {}
        for i in range(len(plan)):
            later = [x for x in plan[i + 1:] if x["kind"] == "board"]
            if later:
                following_board[i] = later[0]
        for i, m in enumerate(plan):
            venue, joining = VENUES[i % 2] if m["kind"] == "board" else VENUES[0]
            nxt = following_board.get(i)
            if not m["held"]:
                status = "invitations sent" if m["date"] == t.upcoming[0] else "planned"
            elif m is never_approved:  # drafted late, never put to a meeting: a planted gap
                status = "minutes drafted"
            else:
                status = "minutes drafted"
                if m is not last_board_held and nxt and nxt["held"]:
                    m["approved_by"] = nxt
            stocktake = m["kind"] == "stocktake review"
            values = {
                "kind": m["kind"], "number": m["n"], "meeting_date": m["date"],
                "start_time": "13:30" if stocktake else "10:00",
                "end_time": "16:30" if stocktake else "12:30",
                "title": "DfE stocktake review" if stocktake else None,
                "venue": venue, "joining_details": joining, "status": status,
                "closed_at": ("16:20" if stocktake else "12:25") if m["held"] else None,
            }
            with self.b.batch():
                m["id"] = self.new("meeting", values)
        self.meetings = plan
        for m in plan:
            with self.b.batch():
                self._agenda(m)
                if m["held"]:
                    self._attendance(m)

    def _agenda(self, m: dict[str, Any]) -> None:
        items = self.b.rows("agenda_item", parent_id=m["id"])
        presenters = {"Progress against the Priority Action Plan": ("dcs", "Paper A"),
                      "Risk register": ("ad_send", "Paper B"),
                      "Performance dashboard and impact on children and families":
                          ("performance", "Paper C"),
                      "Action and impact log": ("secretary", "Paper E")}
        for item in items:
            if item["title"] in presenters:
                key, paper = presenters[item["title"]]
                self.b.update("agenda_item", item["id"], {
                    "presenter": self._name(key), "paper_ref": paper})
        index = self.meetings.index(m)
        if m["kind"] == "stocktake review":
            title, key, _ = ("Self-assessment of progress against the Improvement Notice "
                             "(notice 10)", "dcs", "j")
        else:
            title, key, _ = DEEP_DIVES[index % len(DEEP_DIVES)]
        # the item goes before 'Action and impact log', AOB and the date of the next meeting
        for item in items[-3:]:
            self.b.update("agenda_item", item["id"], {"position": item["position"] + 1})
        self.new("agenda_item", {
            "meeting_id": m["id"], "position": items[-3]["position"], "title": title,
            "presenter": self._name(key), "purpose": "discussion", "duration": 30,
            "paper_ref": "Paper D"})  # it comes before the action and impact log (Paper E)
        m["deep_dive"] = title

    def _name(self, key: str) -> str:
        for k, name, title, *_ in PEOPLE:
            if k == key:
                return f"{name}, {title}"
        raise KeyError(key)

    def _attendance(self, m: dict[str, Any]) -> None:
        rng = self.rng
        invitees = self.b.rows("invitee", parent_id=m["id"])
        by_person = {inv["person_id"]: inv for inv in invitees}
        apologies: list[int] = []
        for inv in invitees:
            person = self.b.get("person", inv["person_id"])
            if person["role"] in ("independent chair", "secretary", "DfE adviser",
                                  "DfE case lead"):
                attendance = "present"
            else:
                attendance = "apologies" if rng.random() < 0.18 else "present"
            if attendance == "apologies":
                apologies.append(inv["person_id"])
            self.b.update("invitee", inv["id"], {"attendance": attendance})
        # an officer substitutes for a member who sent apologies; others attend to present
        members = [p for p in apologies if self.b.get("person", p)["role"] == "member"]
        deputies = ["head_assessment", "commissioning", "pep"]
        if members:
            deputy = self.person[deputies[rng.randrange(len(deputies))]]
            if deputy not in by_person:
                self.new("invitee", {"meeting_id": m["id"], "person_id": deputy,
                                     "attendance": "substitute",
                                     "substitute_for_id": members[0]})
        for key in ("performance", "ap_lead", "salt", "pfa"):
            pid = self.person[key]
            if pid not in by_person and rng.random() < 0.6:
                current = {i["person_id"] for i in self.b.rows("invitee", parent_id=m["id"])}
                if pid not in current:
                    self.new("invitee", {"meeting_id": m["id"], "person_id": pid,
                                         "attendance": "in attendance"})
        if rng.random() < 0.4:
            who, interest = rng.choice((
                ("head_special", "Headteacher of a special school that provides outreach "
                                 "commissioned by the Council."),
                ("head_secondary", "Principal of an academy that places pupils in Alternative "
                                   "Provision."),
                ("pcf", "Parent of a child with an EHC plan."),
            ))
            self.new("declaration", {"meeting_id": m["id"], "person_id": self.person[who],
                                     "interest": interest})

    # ---------------------------------------------------------------- actions

    def _rags(self, profile: str, n: int) -> list[str]:
        """Return the RAG of each of n cycle updates, oldest first, for a profile."""
        rng = self.rng
        if n <= 0:
            return []
        if profile == "complete":
            done = max(1, min(n, n - rng.randrange(0, 3)))
            return ["green"] * (done - 1) + ["blue"]
        if profile == "on track":
            rags = ["green"] * n
            if n > 3 and rng.random() < 0.5:
                rags[rng.randrange(1, n - 1)] = "amber"
            return rags
        if profile == "recovering":
            cut = max(1, n // 2)
            return [rng.choice(("amber", "red")) for _ in range(cut)] + ["green"] * (n - cut)
        if profile == "slipped":
            cut = max(1, n // 3)
            return ["green"] * cut + ["amber"] * min(2, n - cut) + \
                ["green"] * max(0, n - cut - 2)
        if profile in ("slow", "overdue"):
            cut = max(0, n - 3)
            tail = rng.choice((["amber", "red", "amber"], ["amber", "amber", "red"],
                               ["red", "red", "amber"], ["amber", "red", "red"]))
            return ["green"] * cut + tail[-min(3, n):]
        if profile == "late start":
            return ["amber"] + ["green"] * (n - 1)
        raise ValueError(profile)

    def actions(self) -> None:
        t, rng = self.t, self.rng
        board_meetings = [m for m in self.meetings if m["kind"] == "board"]
        held = [m for m in board_meetings if m["held"]]
        next_meeting = next(m for m in board_meetings if not m["held"])
        cycles = len(held)
        counters: dict[str, int] = {}
        for copy in range(self.scale):
            for spec in ACTIONS:
                area_index = "abcdefghij".index(spec.area) + 1
                prefix = "PA" if area_index <= 5 else "AI"
                counters[spec.area] = counters.get(spec.area, 0) + 1
                ref = f"{prefix}{area_index}.{counters[spec.area]}"
                title = spec.title if copy == 0 else f"{spec.title} (phase {copy + 1})"
                first = self._first_cycle(copy, cycles)
                if spec.profile == "late start":
                    first += (cycles - first) // 2
                start = held[first]["date"] - dt.timedelta(days=35)
                n = cycles - first
                rags = self._rags(spec.profile, n)
                done_at = rags.index("blue") if "blue" in rags else None
                due, revised, reason = self._due_dates(spec.profile, held, first, done_at)
                planted = copy == 0
                if spec.profile == "slipped" and ref == "AI8.2" and planted:
                    revised = _month_end(rules.add_months(t.target, 4))
                    reason = ("The AP quality framework is being co-produced with schools and "
                              "families; the consultation was extended by a term.")
                owner = spec.owner if (spec.owner or not planted) else None
                if owner is None and not planted:
                    owner = "dcs"
                action_id = self.new("action", {
                    "ref": ref, "kind": "plan", "area_id": self.area[spec.area], "title": title,
                    "description": f"Responds to notice paragraph 3{spec.area}.",
                    "owner_id": self.person[owner] if owner else None,
                    "organisations": spec.orgs,
                    "success_measure": spec.measure if (spec.measure or planted) else
                    "Progress reported to the board",
                    "target": spec.target if (spec.target or planted) else "Agreed milestones met",
                    "baseline": spec.baseline, "start_date": start, "due_date": due,
                    "revised_due_date": revised, "revision_reason": reason,
                    "status": "not started",
                    "measure_id": self.measure.get(spec.measure_code) if spec.measure_code
                    else None})
                self.action[ref] = action_id
                self.area_actions.setdefault(spec.area, []).append(ref)
                if revised:
                    revised_on = held[min(cycles - 1, first + max(1, n // 3))]["date"]
                    self.new("action_revision", {
                        "action_id": action_id, "revised_on": revised_on, "previous_due": due,
                        "new_due": revised, "reason": reason})
                reporter = self.person[owner] if owner else self.person["secretary"]
                for k, rag in enumerate(rags):
                    m = held[first + k]
                    prev = held[first + k - 1]["date"] if first + k > 0 else start
                    gap = max(1, (m["date"] - prev).days // 4)
                    self.new("action_update", {
                        "action_id": action_id, "update_date": m["date"] - dt.timedelta(days=gap),
                        "meeting_id": m["id"], "rag": rag,
                        "narrative": rng.choice(NARRATIVE[rag]),
                        "evidence": rng.choice(EVIDENCE), "reported_by_id": reporter})
                # this cycle: most owners have already sent their update for the next meeting
                if done_at is None and rng.random() < 0.7:
                    rag = rags[-1] if rags else "green"
                    self.new("action_update", {
                        "action_id": action_id,
                        # sent since the last meeting, never after today
                        "update_date": min(held[-1]["date"] + dt.timedelta(
                            days=rng.randint(3, 20)), self.t.today),
                        "meeting_id": next_meeting["id"], "rag": rag,
                        "narrative": rng.choice(NARRATIVE[rag]),
                        "evidence": rng.choice(EVIDENCE), "reported_by_id": reporter})

    def _first_cycle(self, copy: int, cycles: int) -> int:
        """Return the cycle a copy of the plan starts in: the seed plan at the first meeting,
        each further phase of a scaled-up demo a little later (so updates grow with the scale,
        not with its square)."""
        return (copy * cycles) // (self.scale + 1)

    def _due_dates(self, profile: str, held: list[dict], first: int, done_at: int | None
                   ) -> tuple[dt.date, dt.date | None, str | None]:
        t, rng = self.t, self.rng
        if profile == "complete":
            when = held[first + (done_at or 0)]["date"]
            return when + dt.timedelta(days=rng.randint(0, 21)), None, None
        if profile == "slipped":
            due = held[-1]["date"] - dt.timedelta(days=rng.randint(30, 120))
            revised = t.target - dt.timedelta(days=rng.randint(7, 60))
            return due, revised, rng.choice((
                "Recruitment to two key posts took longer than planned; the board agreed a new "
                "date.",
                "The dependency on the joint commissioning agreement moved the start of delivery.",
                "Partners' governance timetables meant sign-off could not happen by the original "
                "date."))
        if profile == "overdue":
            return held[-1]["date"] - dt.timedelta(days=14), None, None
        return t.target - dt.timedelta(days=rng.randint(7, 90)), None, None

    # ---------------------------------------------------------------- risks

    def risks(self) -> None:
        rng = self.rng
        board_meetings = [m for m in self.meetings if m["kind"] == "board"]
        held = [m for m in board_meetings if m["held"]]
        next_meeting = next(m for m in board_meetings if not m["held"])
        number = 0
        for copy in range(self.scale):
            for index, (title, desc, area, owner, category, inherent, target, linked) in \
                    enumerate(RISKS):
                number += 1
                ref = f"R{number:02d}"
                risk_id = self.new("risk", {
                    "ref": ref, "title": title if copy == 0 else f"{title} (cohort {copy + 1})",
                    "description": desc, "area_id": self.area[area],
                    "owner_id": self.person[owner], "category": category,
                    "inherent_likelihood": inherent[0], "inherent_impact": inherent[1],
                    "controls": RISK_CONTROLS[index % len(RISK_CONTROLS)],
                    "mitigation": f"Delivery of the linked actions ({linked}) and the recovery "
                                  "steps agreed at the board.",
                    "linked_actions": linked,
                    "current_likelihood": inherent[0], "current_impact": inherent[1],
                    "target_likelihood": target[0], "target_impact": target[1],
                    "target_date": self.t.target, "status": "open"})
                lk, im = inherent
                first = self._first_cycle(copy, len(held))
                reviews = [(m["date"] - dt.timedelta(days=7), m["id"]) for m in held[first:]]
                skip_current = copy == 0 and ref == "R09"
                if not skip_current:
                    reviews.append((min(held[-1]["date"] + dt.timedelta(
                        days=rng.randint(2, 18)), self.t.today), next_meeting["id"]))
                for when, meeting_id in reviews:
                    before = lk * im
                    move = rng.random()
                    if move < 0.45 and lk > target[0]:
                        lk -= 1
                    elif move < 0.6 and im > target[1]:
                        im -= 1
                    elif move > 0.92 and lk < 5:
                        lk += 1
                    note = rng.choice((
                        "Controls working; score reduced as the linked actions deliver.",
                        "No change this cycle; mitigation continues.",
                        "Reviewed with the accountable owner; evidence checked.",
                        "Score raised: new pressure reported by partners this cycle."))
                    # the note says what the score did
                    if lk * im < before:
                        note = "Controls working; score reduced as the linked actions deliver."
                    elif lk * im > before:
                        note = "Score raised: new pressure reported by partners this cycle."
                    elif "reduced" in note or "raised" in note:
                        note = "No change this cycle; mitigation continues."
                    self.new("risk_review", {
                        "risk_id": risk_id, "review_date": when, "meeting_id": meeting_id,
                        "likelihood": lk, "impact": im, "note": note,
                        "reviewed_by_id": self.person[owner]})

    # ---------------------------------------------------------------- impact log

    def impact_log(self) -> None:
        held = [m for m in self.meetings if m["held"] and m["kind"] == "board"]
        i = 0
        for m in held:
            for _ in range(3):
                kind, title, changed, source, area, measure = IMPACT_ITEMS[i % len(IMPACT_ITEMS)]
                i += 1
                linked = self.area_actions.get(area, [])
                self.new("impact_entry", {
                    "entry_date": m["date"], "meeting_id": m["id"], "kind": kind,
                    "status": "confirmed", "title": title, "what_changed": changed,
                    "evidence": f"{source}, reported to the board.", "source": source,
                    "area_id": self.area[area],
                    "action_id": self.action[linked[0]] if linked else None,
                    "measure_id": self.measure.get(measure) if measure else None,
                    "organisations": AREA_PARTNERS[area]})
        nxt = next(m for m in self.meetings if m["kind"] == "board" and not m["held"])
        for kind, title, ref in (
                ("slow progress", "Backlog of overdue EHC needs assessments is not falling "
                 "fast enough", "PA2.2"),
                ("contribution to strengthen", "Health advice for annual reviews is missing "
                 "from some providers", "PA3.3")):
            self.new("impact_entry", {
                "entry_date": min(self.t.held[-1] + dt.timedelta(days=14), self.t.today),
                "meeting_id": nxt["id"],
                "kind": kind, "status": "proposed", "title": title,
                "action_id": self.action[ref], "area_id": self.b.get(
                    "action", self.action[ref])["area_id"]})

    # ---------------------------------------------------------------- minutes

    def timetable(self) -> None:
        """Tick every timetable step due before today, as a diligent secretary would."""
        today = self.t.today
        first_next = self.t.upcoming[0]
        for m in self.meetings:
            for step in self.b.rows("cycle_step", parent_id=m["id"]):
                due = dt.date.fromisoformat(step["due_date"])
                if due >= today:
                    continue
                if m["date"] == first_next and step["step"] == "request_updates":
                    continue  # planted: the request for updates was never sent
                self.b.set_step_done(step["id"], due)

    def planted_gaps(self) -> None:
        second = next(m for m in self.meetings if m["kind"] == "board"
                      and m["date"] == self.t.upcoming[1])
        nhse = self.person["nhse_adviser"]
        for inv in self.b.rows("invitee", parent_id=second["id"]):
            if inv["person_id"] == nhse:
                self.b.remove_invitee(inv["id"], force=True)

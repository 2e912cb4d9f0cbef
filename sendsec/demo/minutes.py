"""The demo board's held meetings on paper: the minutes of each (discussion, declarations,
resolutions, actions arising), the chair's challenges and the DfE's findings with the
evidence that answers them. A part of the demo's builder (`sendsec.demo.world`)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sendsec.demo.calendar import Timeline
from sendsec.demo.data import ARISING
from sendsec.domain.dates import day_date, long_date
from sendsec.services import meeting_cycle
from sendsec.services.board import Board


class MinutesAndFollowUp:
    """The builder's steps that write minutes and what follows from them (the builder
    gives it the board, the timeline and what it has made so far)."""

    b: Board
    t: Timeline
    rng: random.Random
    person: dict[str, int]
    area: dict[str, int]
    action: dict[str, int]
    meetings: list[dict[str, Any]]
    minute_no: int
    stalled: bool

    def new(self, entity: str, values: dict[str, Any]) -> int:
        raise NotImplementedError

    def minutes(self) -> None:
        held = [m for m in self.meetings if m["held"]]
        for m in held:
            with self.b.batch():
                self._minutes_of(m)

    def _minutes_of(self, m: dict[str, Any]) -> None:
        rng = self.rng
        people = {p["id"]: p for p in self.b.rows("person")}
        invitees = self.b.rows("invitee", parent_id=m["id"])
        apologies = [people[i["person_id"]]["name"] for i in invitees
                     if i["attendance"] == "apologies"]
        subs = [(people[i["person_id"]]["name"], people[i["substitute_for_id"]]["name"])
                for i in invitees if i["attendance"] == "substitute"]
        declarations = self.b.rows("declaration", parent_id=m["id"])
        later = [x for x in self.meetings if x["date"] > m["date"] and x["kind"] == "board"]
        for item in self.b.rows("agenda_item", parent_id=m["id"]):
            number = self.minute_no
            self.minute_no += 1
            resolutions: list[str] = []
            arising: list[tuple[str, str]] = []
            std = item["standard"]
            if std == "welcome":
                text = "The Chair welcomed everyone to the meeting."
                if apologies:
                    text += " Apologies were received from " + _and(apologies) + "."
                for who, for_whom in subs:
                    text += f" {who} attended as a substitute for {for_whom}."
            elif std == "declarations":
                if declarations:
                    text = " ".join(f"{people[d['person_id']]['name']} declared an interest: "
                                    f"{d['interest']}" for d in declarations)
                else:
                    text = "There were no declarations of interest."
            elif std == "minutes":
                approved = [x for x in self.meetings if x.get("approved_by") is m]
                texts = []
                for x in approved:
                    what = "DfE stocktake review" if x["kind"] == "stocktake review" \
                        else "meeting"
                    texts.append(f"The minutes of the {what} held on {long_date(x['date'])} "
                                 "were agreed as a correct record.")
                for x in self.meetings:  # every earlier set no meeting has agreed yet
                    if x["held"] and x["date"] < m["date"] and x.get("approved_by") is None \
                            and x["kind"] == m["kind"] == "board":
                        texts.append(f"The draft minutes of the meeting held on "
                                     f"{long_date(x['date'])} were not available and will be "
                                     "brought to a later meeting.")
                text = " ".join(texts) or (
                    "No minutes were before the review for approval; the board's meetings "
                    "agree them." if m["kind"] == "stocktake review" else
                    "This was the first meeting of the board under the Improvement Notice.")
            elif std == "action log":
                text = ("The board reviewed the action log. Completed actions were closed; open "
                        "actions were carried forward with their owners.")
                resolutions.append("that the action log be noted.")
            elif std == "aob":
                text = "There was no other business."
            elif std == "next meeting":
                if later:
                    text = (f"The next meeting will be held on {day_date(later[0]['date'])} at "
                            f"10.00am.")
                else:
                    text = "The date of the next meeting will be confirmed."
            elif item["title"].startswith("Progress against"):
                text = ("The Executive Director of Children's Services presented progress "
                        "against the Priority Action Plan by area, with the exceptions report. "
                        "Members challenged the pace of the actions rated Red or Amber for a "
                        "second cycle.")
                resolutions.append("that progress against the Priority Action Plan be noted "
                                   "and the exceptions be escalated as set out in the report.")
                arising.append(ARISING[rng.randrange(len(ARISING))])
            elif item["title"] == "Risk register":
                text = ("The Assistant Director, Education and SEND presented the risk register. "
                        "The board considered the movement in scores since the last cycle.")
                resolutions.append("that the risk register and mitigation plan be approved.")
            elif item["title"].startswith("Performance dashboard"):
                text = ("The Head of Performance and Insight presented the dashboard, including "
                        "EHC plans issued within 20 weeks against the trajectory.")
                resolutions.append("that the performance dashboard be noted.")
                if rng.random() < 0.5:
                    arising.append(("Provide a breakdown of EHC timeliness by the partner "
                                    "whose advice was late", "performance"))
            elif item["title"] == "Action and impact log":
                text = ("The board reviewed the action and impact log, including the evidence "
                        "of impact on children and families and the contributions to be "
                        "strengthened.")
                resolutions.append("that the action and impact log be updated as discussed.")
            else:
                text = (f"{item['presenter'] or 'The lead officer'} presented the item. The "
                        "board discussed the evidence and the next steps with partners and the "
                        "parent carer forum.")
                resolutions.append("that the report be noted and its recommendations agreed.")
            minute_id = self.new("minute", {
                "meeting_id": m["id"], "agenda_item_id": item["id"], "number": number,
                "heading": item["title"], "discussion": text})
            for r in resolutions:
                meeting_cycle.add_resolution(self.b, minute_id, r)
            for title, owner in arising:
                self._board_action(m, later, minute_id, title, owner)
        for x in self.meetings:
            if x.get("approved_by") is m:
                meeting_cycle.approve_minutes(self.b, x["id"], m["id"])

    def _board_action(self, m: dict, later: list[dict], minute_id: int, title: str,
                      owner: str) -> None:
        due = later[0]["date"] if later else m["date"] + dt.timedelta(days=49)
        done = bool(later and later[0]["held"])
        stalled = done and m["date"] == self.t.held[-3] and not self.stalled
        change = meeting_cycle.add_action_arising(self.b, minute_id, title, self.person[owner],
                                                  due)
        self.b.update("action", change.id, {"success_measure": "Reported to the board"})
        if stalled:
            self.stalled = True
            self.new("action_update", {
                "action_id": change.id, "update_date": due, "meeting_id": later[0]["id"],
                "rag": "amber", "reported_by_id": self.person[owner],
                "narrative": "Started but not finished: partners' information is still "
                             "awaited."})
        elif done:
            self.b.update("action", change.id, {"status": "complete", "rag": "blue"})
        self.action[self.b.get("action", change.id)["ref"]] = change.id

    # ---------------------------------------------------------------- timetable and gaps

    def challenges(self) -> None:
        """The chair's challenges on the snapshot sent before the last meeting held: one
        answered, one still open (the chair's loop, issue 16)."""
        held = [m for m in self.meetings if m["held"] and m["kind"] == "board"]
        if not held:
            return
        last = dt.date.fromisoformat(held[-1]["date"]) if isinstance(held[-1]["date"], str) \
            else held[-1]["date"]
        # raised on the snapshot sent after the last meeting, so the next pack shows them
        raised = min(last + dt.timedelta(days=14), self.t.today - dt.timedelta(days=6))
        reds = [a for a in self.b.rows("action") if a["rag"] in ("red", "amber")
                and a["kind"] == "plan"]
        risks = self.b.rows("risk")
        chair = self.b.get("person", self.person["chair"])["name"]
        if reds:
            a = reds[0]
            self.new("challenge", {
                "uid": "d" * 31 + "1", "raised_by": chair, "raised_on": raised,
                "kind": "challenge", "entity": "action", "record_id": a["id"],
                "record": f"Action {a['ref']}: {a['title']}",
                "text": "Why has this slipped again, and what would bring it back on track "
                        "before the stocktake?",
                "response": "The owner has agreed a recovery plan with weekly checkpoints; "
                            "the revised date is for the board to agree.",
                "owner_id": a["owner_id"], "status": "answered",
                "answered_on": raised + dt.timedelta(days=5), "snapshot_sequence": 1})
        if risks:
            r = max(risks, key=lambda r: r["current_likelihood"] * r["current_impact"])
            self.new("challenge", {
                "uid": "d" * 31 + "2", "raised_by": chair, "raised_on": raised,
                "kind": "challenge", "entity": "risk", "record_id": r["id"],
                "record": f"Risk {r['ref']}: {r['title']}",
                "text": "This risk has been very high for three cycles: is the mitigation "
                        "plan working, and what does the board need to decide?",
                "owner_id": r["owner_id"], "status": "open", "snapshot_sequence": 1})

    def evidence_records(self) -> None:
        """What issue 15's evidence reads: the reason for a Red or Amber RAG with its
        mitigation, the board decision that agreed one revised date (the others are planted
        gaps: revised outside a meeting), and the DfE and NHS England feedback, one finding
        still unanswered (a planted gap)."""
        b = self.b
        minutes = {m["id"]: m for m in b.rows("minute")}
        progress = [m for m in minutes.values()
                    if m["heading"].startswith("Progress against the Priority Action Plan")]
        meetings = {m["id"]: m for m in b.rows("meeting")}
        for a in b.rows("action"):
            if a["kind"] == "plan" and a["rag"] in ("red", "amber") and a["owner_id"]:
                b.update("action", a["id"], {
                    "rag_reason": "Recruitment to the specialist posts has taken longer than "
                                  "planned, so the work started late.",
                    "mitigation": "Agency cover is in place and partners have lent staff until "
                                  "the posts are filled.",
                    "impact_if_not_mitigated": "Children and families wait longer for the "
                                               "support the plan promises."})
        revisions = b.rows("action_revision")
        if revisions and progress:
            first = revisions[0]
            later = sorted((m for m in progress
                            if meetings[m["meeting_id"]]["meeting_date"] >= first["revised_on"]),
                           key=lambda m: m["number"])
            if later:
                b.update("action_revision", first["id"], {"agreed_minute_id": later[0]["id"]})
        stocktakes = [m for m in self.meetings if m["kind"] == "stocktake review" and m["held"]]
        if not stocktakes:
            return
        letter = stocktakes[0]["date"] + dt.timedelta(days=21)
        if letter > self.t.today:
            return
        plan = [a for a in b.rows("action") if a["kind"] == "plan"]
        by_area: dict[int, dict[str, Any]] = {}
        for a in plan:
            by_area.setdefault(a["area_id"], a)
        first_area = by_area.get(self.area["b"]) if "b" in self.area else None
        self.new("finding", {
            "source": "DfE stocktake letter", "received_on": letter, "reference": "Paragraph 4",
            "text": "Set out a trajectory for EHC plans issued within 20 weeks, agreed with "
                    "health partners, and report against it at every board.",
            "action_id": first_area["id"] if first_area else None, "status": "addressed",
            "response": "The trajectory was agreed and is reported in the performance "
                        "dashboard."})
        if progress:
            decision = sorted(progress, key=lambda m: m["number"])[-1]
            self.new("finding", {
                "source": "NHS England adviser", "received_on": letter,
                "text": "Assure the board that neurodevelopmental waiting lists are validated "
                        "and that families are offered support while they wait.",
                "minute_id": decision["id"], "status": "in progress",
                "response": "The ICB reports validation monthly; the board asked for a deep "
                            "dive."})
        self.new("finding", {
            "source": "DfE deep dive", "received_on": letter,
            "text": "Strengthen how schools' views shape the SEND ranges training.",
            "status": "open"})

def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

"""A small, realistic board for the papers tests, built through the services only.

Meeting 1 was held 30 days before TODAY (with minutes 21-23, a resolution
and a board action arising); meeting 2 (the next) is 24 days after TODAY,
with a Part B item. The Priority Action Plan has actions that are slow to
progress (Amber then Red), overdue, slipped (with a reason), not updated this
cycle, complete, and one holding awkward text; the risk register has a risk
that moved up, one that moved down and one new this cycle; two measures have
data and a trajectory. The tests in this file pin those facts down, so the
other papers tests can rely on them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sendsec.services import registers
from sendsec.services.board import Board

TODAY = dt.date(2026, 11, 22)
HELD = TODAY - dt.timedelta(days=30)  # 23 October 2026
NEXT = TODAY + dt.timedelta(days=24)  # 16 December 2026
AWKWARD = ("Parents said: \"waits < 20 weeks & fair\" \x0bsecond line\nthird 🙂 "
           "שלום عربى\x01 end")


def _d(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def build_world(path: Path, *, statutory: bool = True, emails: bool = True) -> Board:
    """Create the board file at `path` and return it open (write mode)."""
    board = Board.create_new(path, "West Northamptonshire SEND Improvement Board",
                             local_area="West Northamptonshire",
                             lead_council="West Northamptonshire Council",
                             target_date="2025-11-30")
    org = {}
    for name, short, kind in (("West Northamptonshire Council", "WNC", "council"),
                              ("NHS Northamptonshire Integrated Care Board", "ICB", "health"),
                              ("Department for Education", "DfE", "government"),
                              ("NHS England", "NHSE", "health")):
        org[short] = board.create("organisation", {"name": name, "short_name": short,
                                                   "kind": kind}).id
    people = {}
    for key, name, title, o, role, email in (
        ("chair", "Dr Margaret Ellison", "Independent Chair", None, "independent chair",
         "m.ellison@example.org"),
        ("sec", "Jane Whitfield", "Board Secretary", "WNC", "secretary",
         "jane.whitfield@westnorthants.gov.uk"),
        ("dfe", "Stephen Ridley", "SEND Adviser", "DfE", "DfE adviser", "s.ridley@education.gov.uk"),
        ("nhse", "Dr Claire Moffat", "SEND Adviser", "NHSE", "NHS England adviser",
         "" if not emails else "claire.moffat@nhs.net"),
        ("case", "Oliver Grant", "Case Lead", "DfE", "DfE case lead", "o.grant@education.gov.uk"),
        ("dcs", "Rachel Okafor", "Director of Children's Services", "WNC", "member",
         "rachel.okafor@westnorthants.gov.uk"),
        ("icb", "Joanne Fletcher", "Chief Nursing Officer", "ICB", "member",
         "joanne.fletcher@nhs.net"),
        ("ad", "Priya Mistry", "Assistant Director, Education", "WNC", "member",
         "priya.mistry@westnorthants.gov.uk"),
    ):
        values = {"name": name, "title": title, "role": role,
                  "organisation_id": org.get(o) if o else None}
        if email:
            values["email"] = email
        people[key] = board.create("person", values).id
    board.update_settings({"chair_id": people["chair"], "secretary_id": people["sec"]})

    areas = {}
    for pos, (code, title) in enumerate((
            ("a", "Joint commissioning based on a thorough needs assessment"),
            ("b", "Reduce the time families wait for EHC needs assessments"),
            ("c", "Quality of EHC plans")), 1):
        areas[code] = board.create("area", {"code": code, "title": title, "position": pos}).id

    held = board.create("meeting", {"meeting_date": HELD.isoformat(), "start_time": "10:00",
                                    "end_time": "12:00", "venue": "One Angel Square, Northampton"
                                    }).id
    earlier = board.create("meeting", {"meeting_date": (HELD - dt.timedelta(days=63)).isoformat(),
                                       "start_time": "10:00", "end_time": "12:00"}).id

    def action(ref, area, title, owner, due, **kw):
        return board.create("action", {"ref": ref, "area_id": areas[area], "title": title,
                                       "owner_id": people[owner], "due_date": due,
                                       "start_date": _d(-200), "target": "95% within 20 weeks",
                                       **kw}).id

    def update(action_id, days, rag, text):
        board.create("action_update", {"action_id": action_id, "update_date": _d(days),
                                       "rag": rag, "narrative": text,
                                       "reported_by_id": people["ad"]})

    slow = action("PA2.3", "b", "Recruit educational psychologists", "ad", _d(120))
    update(slow, -70, "amber", "Two posts advertised; no appointable candidates.")
    update(slow, -5, "red", "Still no appointments; agency cover being sought.")
    overdue = action("PA1.2", "a", "Agree the joint commissioning strategy", "icb", _d(-10))
    update(overdue, -70, "green", "Draft strategy shared with partners.")
    update(overdue, -4, "green", "Final sign-off at the ICB board next month.")
    slipped = action("PA3.1", "c", "Quality assurance framework for EHC plans", "dcs", _d(-30))
    board.update("action", slipped, {"revised_due_date": _d(60),
                                     "revision_reason": "Awaiting the new audit tool"})
    update(slipped, -3, "amber", "Audit tool procured; training in January.")
    stale = action("PA2.10", "b", "Tracker of every open EHC needs assessment", "ad", _d(90))
    update(stale, -70, "green", "Tracker built.")
    done = action("PA1.1", "a", "Complete the joint strategic needs assessment", "icb", _d(-60))
    update(done, -8, "blue", "JSNA chapter published.")
    awkward = action("PA2.9", "b", "Improve communication with families", "dcs", _d(100))
    update(awkward, -2, "green", AWKWARD)

    def minute(meeting_id, number, heading, discussion):
        return board.create("minute", {"meeting_id": meeting_id, "number": number,
                                       "heading": heading, "discussion": discussion}).id

    minute(earlier, 20, "Action log", "Reviewed.")
    m21 = minute(held, 21, "Welcome and apologies", "Apologies from Joanne Fletcher.")
    minute(held, 22, "Minutes of the last meeting", "Agreed.")
    m23 = minute(held, 23, "Progress against the Priority Action Plan",
                 "The board noted slow progress on PA2.3.")
    board.create("resolution", {"minute_id": m23, "text": "that a recovery plan for PA2.3 "
                                                          "comes to the next meeting"})
    board.create("action", {"ref": "BA1", "kind": "board", "title": "Bring a recovery plan for "
                            "PA2.3", "owner_id": people["ad"], "due_date": NEXT.isoformat(),
                            "minute_id": None})
    assert m21
    board.update("meeting", held, {"status": "held"})
    board.update("meeting", earlier, {"status": "minutes approved"})

    def risk(ref, title, lk, im, reviews):
        rid = board.create("risk", {"ref": ref, "title": title, "owner_id": people["dcs"],
                                    "current_likelihood": lk, "current_impact": im,
                                    "inherent_likelihood": 5, "inherent_impact": 5,
                                    "controls": "Weekly tracker review",
                                    "mitigation": "Agency capacity; escalation to the board",
                                    "linked_actions": "PA2.3"}).id
        for days, l2, i2 in reviews:
            board.create("risk_review", {"risk_id": rid, "review_date": _d(days),
                                         "likelihood": l2, "impact": i2,
                                         "note": f"Reviewed {days}"})
        return rid

    risk("R1", "Not enough educational psychologists", 3, 4, [(-60, 3, 4), (-5, 4, 5)])
    risk("R2", "Families lose trust in the partnership", 4, 4, [(-60, 4, 4), (-6, 3, 3)])
    risk("R3", "Data quality of the EHC tracker", 2, 3, [(-4, 2, 3)])

    ehc = board.create("measure", {"code": "M1", "title": "EHC plans issued within 20 weeks "
                                   "(%)", "unit": "%", "target": 60, "target_date": _d(200),
                                   "baseline": 9, "area_id": areas["b"]}).id
    for days, value in ((-150, 9), (-120, 20), (-90, 25), (-60, 31), (-30, 38)):
        board.create("measure_point", {"measure_id": ehc, "period": _d(days), "value": value})
    for days, value in ((-150, 9), (200, 60)):
        board.create("trajectory_point", {"measure_id": ehc, "period": _d(days),
                                          "expected": value})
    waits = board.create("measure", {"code": "M2", "title": "Average weeks to assessment",
                                     "unit": "weeks", "higher_is_better": 0, "target": 18}).id
    for days, value in ((-60, 30), (-30, 27)):
        board.create("measure_point", {"measure_id": waits, "period": _d(days), "value": value})

    for kind, title in (("slow progress", "PA2.3 slow: no EPs appointed"),
                        ("contribution to strengthen", "Schools' returns to the tracker late"),
                        ("impact on lived experience", "Parents report faster replies")):
        board.create("impact_entry", {"entry_date": _d(-3), "kind": kind, "title": title,
                                      "what_changed": "Described at the forum",
                                      "area_id": areas["b"], "action_id": slow})

    nxt = board.create("meeting", {"meeting_date": NEXT.isoformat(), "start_time": "10:00",
                                   "end_time": "12:30", "venue": "One Angel Square, Northampton",
                                   "joining_details": "Microsoft Teams\x0bMeeting ID 381 224"}).id
    board.create("agenda_item", {"meeting_id": nxt, "position": 99, "title": "Staffing "
                                 "matter", "confidential": 1, "duration": 15,
                                 "presenter": "Rachel Okafor", "paper_ref": "Paper X"})
    invitees = {i["person_id"]: i["id"] for i in board.rows("invitee", parent_id=nxt)}
    board.update("invitee", invitees[people["icb"]], {"attendance": "apologies"})
    if not statutory:
        board.remove_invitee(invitees[people["nhse"]], force=True)
    board.create("meeting", {"meeting_date": (NEXT + dt.timedelta(days=56)).isoformat(),
                             "start_time": "14:00"})
    return board


def next_meeting(board: Board) -> dict:
    return registers.cycle(board, TODAY).next_meeting


# ---------------------------------------------------------------------------- the world itself


def test_world_holds_what_the_papers_tests_rely_on(tmp_path):
    board = build_world(tmp_path / "w.sqlite")
    rows = {a["ref"]: a for a in registers.action_rows(board, TODAY)}
    assert rows["PA2.3"]["slow"] and rows["PA2.3"]["rag"] == "red"
    assert rows["PA1.2"]["overdue"]
    assert rows["PA3.1"]["slipped"]
    assert rows["PA2.10"]["no_update_this_cycle"]
    risks = {r["ref"]: r for r in registers.risk_rows(board, TODAY)}
    assert (risks["R1"]["movement"], risks["R2"]["movement"], risks["R3"]["movement"]) == (
        "up", "down", "new")
    assert next_meeting(board)["meeting_date"] == NEXT.isoformat()

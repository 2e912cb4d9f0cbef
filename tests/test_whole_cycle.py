"""A whole meeting cycle through the services, as the secretary works it:
plan a meeting, request updates, read a return back, take the meeting, produce the
minutes (DRAFT), approve them at the next meeting and produce them again (not DRAFT)."""

from __future__ import annotations

import datetime as dt

import openpyxl
from docx import Document
from docx.oxml.ns import qn

from sendsec.exchanges import returns
from sendsec.papers import minutes as minutes_doc
from sendsec.papers import update_requests as ur
from sendsec.services import meeting_cycle as mc
from sendsec.services import registers
from sendsec.services.board import Board


def _text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _header(path) -> str:
    doc = Document(str(path))
    return " ".join(p.text for p in doc.sections[0].header.paragraphs)


def test_a_whole_cycle(tmp_path, monkeypatch):
    b = Board.create_new(tmp_path / "board.sqlite", "Test SEND Improvement Board", quorum=3)
    council = b.create("organisation", {"name": "Test Council", "short_name": "TC"}).id
    icb = b.create("organisation", {"name": "Test ICB", "short_name": "ICB"}).id
    p = {}
    for name, role, org in [("Chair Person", "independent chair", None),
                            ("Cara Council", "member", council), ("Hal Health", "member", icb),
                            ("Sid Sub", "officer in attendance", icb),
                            ("Sec Retary", "secretary", council),
                            ("Dee Adviser", "DfE adviser", None),
                            ("Nia Adviser", "NHS England adviser", None),
                            ("Cal Lead", "DfE case lead", None)]:
        p[name] = b.create("person", {"name": name, "role": role, "organisation_id": org,
                                      "email": f"{name.split()[0].lower()}@x.example"}).id
    b.update_settings({"secretary_id": p["Sec Retary"], "chair_id": p["Chair Person"]})
    area = b.create("area", {"code": "b", "title": "EHC timeliness"}).id
    action = b.create("action", {"ref": "PA2.1", "title": "Recruit caseworkers", "area_id": area,
                                 "owner_id": p["Cara Council"], "status": "in progress",
                                 "rag": "amber", "due_date": "2027-03-31"}).id
    b.create("risk", {"ref": "R1", "title": "Staff leave", "owner_id": p["Hal Health"],
                      "current_likelihood": 4, "current_impact": 3})

    # 1. plan the meeting: invitees, agenda and timetable come with it
    m1 = b.create("meeting", {"meeting_date": "2026-12-16", "venue": "Room 1"}).id
    for who in ("Chair Person", "Cara Council", "Hal Health", "Sid Sub", "Sec Retary"):
        mc.record_attendance(b, m1, p[who], "invited")
    today = dt.date(2026, 11, 16)

    # 2. request updates: a return and a draft for each of the two owners
    written = ur.write_update_requests(b, m1, tmp_path / "requests", today)
    assert sorted(x.suffix for x in written) == [".eml", ".eml", ".xlsx", ".xlsx"]

    # 3. Cara fills her return in Excel; it is read back
    cara = next(x for x in written if "Cara Council" in x.name and x.suffix == ".xlsx")
    wb = openpyxl.load_workbook(cara)
    ws = wb[ur.ACTIONS_SHEET]
    ws.cell(ur.HEADER_ROW + 1, 5, "Green")
    ws.cell(ur.HEADER_ROW + 1, 6, "Four of five posts filled & induction booked")
    wb.save(cara)
    plan, change = returns.read_return(b, cara, dt.date(2026, 12, 1))
    assert change is not None and plan.errors == []
    assert b.get("action", action)["rag"] == "green"

    # 4. take the meeting: attendance, declarations, minutes, resolutions, actions arising
    monkeypatch.setenv("SENDSEC_TODAY", "2026-12-16")  # the day of the meeting
    b.update("meeting", m1, {"status": "held", "closed_at": "12:05"})
    mc.record_attendance(b, m1, p["Chair Person"], "present")
    mc.record_attendance(b, m1, p["Cara Council"], "present")
    mc.record_attendance(b, m1, p["Hal Health"], "apologies")
    assert not mc.quorum(b, m1).met
    mc.record_attendance(b, m1, p["Sid Sub"], "substitute", p["Hal Health"])
    mc.record_attendance(b, m1, p["Sec Retary"], "present")
    mc.record_attendance(b, m1, p["Dee Adviser"], "present")
    assert mc.quorum(b, m1).met
    mc.ensure_minutes(b, m1)
    items = b.rows("agenda_item", parent_id=m1)
    pap = next(i for i in items if i["title"].startswith("Progress against"))
    decl = next(i for i in items if i["standard"] == "declarations")
    mc.declare_interest(b, m1, p["Cara Council"], "Governor of a special school", pap["id"])
    minute = mc.minute_for_item(b, pap["id"])
    b.update("minute", minute["id"], {"discussion": "The board reviewed progress.\n\n"
                                                    "- PA2.1 is now on track"})
    mc.add_resolution(b, minute["id"], "RESOLVED: that progress be noted")
    mc.add_action_arising(b, minute["id"], "Report recruitment to the next meeting",
                          p["Cara Council"], "2027-02-03")
    numbers = [m["number"] for m in b.rows("minute", parent_id=m1)]
    assert numbers == list(range(1, len(items) + 1))

    # 5. produce the minutes: DRAFT
    out = tmp_path / "papers"
    paths = minutes_doc.write_minutes(b, m1, out, dt.date(2026, 12, 17))
    text = _text(paths[0])
    assert "Minutes of a meeting of the Test SEND Improvement Board held at Room 1 on " \
           "Wednesday 16 December 2026 at 10.00am - DRAFT" in text
    assert "DRAFT" in _header(paths[0])
    assert f"{minute['number']}. Progress against the Priority Action Plan" in text
    assert "RESOLVED: that progress be noted" in text
    assert "Sid Sub (TC, ICB)" not in text and "Sid Sub (ICB) for Hal Health" in text
    decl_minute = b.find("minute", agenda_item_id=decl["id"])
    assert f"{decl_minute['number']}. Declarations of interest" in text
    assert "Cara Council declared an interest in the item 'Progress against the Priority " \
           "Action Plan'" in text
    assert "BA1 | Report recruitment to the next meeting | Cara Council (TC) | 3 February 2027" \
           in text
    assert "The meeting closed at 12.05pm." in text
    extract = _text(paths[1])
    assert f"{minute['number']} | BA1 | Report recruitment to the next meeting" in extract

    # 6. the next meeting approves them; minutes produced again without DRAFT
    m2 = b.create("meeting", {"meeting_date": "2027-02-03", "venue": "Room 2"}).id
    monkeypatch.setenv("SENDSEC_TODAY", "2027-02-03")
    b.update("meeting", m2, {"status": "held"})
    change = mc.approve_minutes(b, m1, m2)
    assert b.get("meeting", m1)["status"] == "minutes approved"
    assert b.get("meeting", m1)["approved_at_meeting_id"] == m2
    mc.ensure_minutes(b, m2)
    m2_minutes = b.rows("minute", parent_id=m2)
    assert m2_minutes[0]["number"] == max(numbers) + 1  # numbering runs on
    approving = next(m for m in m2_minutes if "Minutes of the last" in m["heading"])
    resolutions = [r["text"] for r in b.rows("resolution", parent_id=approving["id"])]
    assert resolutions == ["the minutes of the meeting held on 16 December 2026 be agreed as a "
                           "correct record and signed by the Chair."]
    log = b.change_log()
    assert any(r["entity"] == "meeting" and r["field"] == "status" and
               r["new"] == "minutes approved" for r in log)
    assert any(r["entity"] == "resolution" and r["field"] == "(created)" for r in log)

    paths = minutes_doc.write_minutes(b, m1, out, dt.date(2027, 2, 4))
    text = _text(paths[0])
    assert "DRAFT" not in text and "DRAFT" not in _header(paths[0])
    assert f"Approved as a correct record at the meeting held on 3 February 2027 (minute " \
           f"{approving['number']})." in text
    m2_paths = minutes_doc.write_minutes(b, m2, out, dt.date(2027, 2, 4))
    m2_text = _text(m2_paths[0])
    assert f"{approving['number']}. Minutes of the last meeting" in m2_text
    assert "RESOLVED: that the minutes of the meeting held on 16 December 2026 be agreed" \
           in m2_text

    # 7. proposals for the action and impact log at the next cycle
    b.update("action", action, {"revised_due_date": "2027-06-30",
                                "revision_reason": "Recruitment slower"})
    proposals = mc.propose_impact_entries(b, dt.date(2027, 2, 10))
    kinds = {x.kind for x in proposals}
    assert "contribution to strengthen" in kinds  # TC: PA2.1 not updated this cycle
    first = proposals[0]
    mc.confirm_proposal(b, first, m2, dt.date(2027, 2, 10), {"what_changed": "Edited"})
    assert first.key not in {x.key for x in mc.propose_impact_entries(b, dt.date(2027, 2, 10))}
    assert registers.impact_rows(b)[0]["what_changed"] == "Edited"

    # documents are accessible: tblHeader, en-GB, title
    doc = Document(str(paths[0]))
    assert doc.core_properties.language == "en-GB"
    assert doc.core_properties.title.startswith("Minutes of a meeting of the Test SEND")
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in doc.tables)
    b.close()

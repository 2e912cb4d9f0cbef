"""The minutes, the actions-from-the-minutes extract and the stocktake self-assessment,
read back from the written Word files."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from docx.oxml.ns import qn

from sendsec.domain.errors import SendsecError
from sendsec.papers import minutes as md
from sendsec.papers import self_assessment as sa
from sendsec.services import meeting_cycle as mc
from sendsec.services.board import Board

TODAY = dt.date(2026, 11, 22)
NASTY = "Tom & Jerry <ok> \"quoted\"\x0bnew line \U0001F600 \u0645\u0631\u062d\u0628\u0627"


@pytest.fixture
def board(tmp_path):
    b = Board.create_new(tmp_path / "b.sqlite", "Test SEND Improvement Board", quorum=2)
    council = b.create("organisation", {"name": "Test Council", "short_name": "TC"}).id
    school = b.create("organisation", {"name": "Oak School", "kind": "school"}).id
    pcf = b.create("organisation", {"name": "Parent Forum", "kind": "parent carer forum"}).id
    ids = {}
    for name, role, org in [("Chair Person", "independent chair", None),
                            ("Cara Council", "member", council),
                            ("Sam School", "member", school),
                            ("Pat Parent", "parent carer forum representative", pcf),
                            ("Dee Adviser", "DfE adviser", None),
                            ("Nia Adviser", "NHS England adviser", None),
                            ("Cal Lead", "DfE case lead", None)]:
        ids[name] = b.create("person", {"name": name, "role": role,
                                        "organisation_id": org}).id
    b.update_settings({"chair_id": ids["Chair Person"]})
    areas = {}
    for code, title, kind in [("a", "Joint commissioning", "area for priority action"),
                              ("b", "EHC timeliness", "area for priority action"),
                              ("f", "Preparing for adulthood", "area for improvement")]:
        areas[code] = b.create("area", {"code": code, "title": title, "kind": kind}).id
    a = b.create("action", {"ref": "PA2.1", "title": "Recruit caseworkers",
                            "area_id": areas["b"], "owner_id": ids["Cara Council"],
                            "status": "in progress", "due_date": "2026-06-30"}).id
    b.create("action_update", {"action_id": a, "update_date": "2026-09-01", "rag": "red",
                               "narrative": "Behind"})
    b.create("action_update", {"action_id": a, "update_date": "2026-10-20", "rag": "red",
                               "narrative": NASTY})
    b.create("action", {"ref": "PA1.1", "title": "Agree commissioning", "area_id": areas["a"],
                        "owner_id": ids["Sam School"], "status": "complete", "rag": "blue"})
    m = b.create("measure", {"code": "M01", "title": "EHC plans issued within 20 weeks (%)",
                             "unit": "%", "target": 60, "target_date": "2027-03-31",
                             "baseline": 9, "area_id": areas["b"]}).id
    for period, value in (("2026-07-31", 20), ("2026-08-31", 25), ("2026-09-30", 31)):
        b.create("measure_point", {"measure_id": m, "period": period, "value": value})
    for period, value in (("2026-09-30", 35), ("2026-12-31", 45), ("2027-03-31", 60)):
        b.create("trajectory_point", {"measure_id": m, "period": period, "expected": value})
    b.create("impact_entry", {"entry_date": "2026-10-01", "kind": "family and young people's voice",
                              "title": "Parents said letters are clearer", "area_id": areas["b"],
                              "what_changed": "Fewer complaints", "source": "Parent Forum survey",
                              "organisations": "Parent Forum"})
    b.create("impact_entry", {"entry_date": "2026-10-02", "kind": "impact on lived experience",
                              "title": "Plans issued sooner", "area_id": areas["b"],
                              "organisations": "Test Council, Oak School"})
    m1 = b.create("meeting", {"meeting_date": "2026-09-09", "status": "held",
                              "venue": "Room 1"}).id
    m2 = b.create("meeting", {"meeting_date": "2026-10-28", "status": "held",
                              "venue": "Room 2", "closed_at": "12:25"}).id
    st = b.create("meeting", {"meeting_date": "2027-01-26", "kind": "stocktake review"}).id
    for meeting in (m1, m2):
        for who, state in (("Chair Person", "present"), ("Cara Council", "present"),
                           ("Sam School", "apologies"), ("Pat Parent", "present"),
                           ("Dee Adviser", "present")):
            mc.record_attendance(b, meeting, ids[who], state)
    b.ids = {**ids, "m1": m1, "m2": m2, "st": st, **areas}
    yield b
    b.close()


def _doc_text(path) -> str:
    doc = Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        out += [" | ".join(c.text for c in row.cells) for row in t.rows]
    return "\n".join(out)


def _headings(path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs
            if p.style.name == "Title" or p.style.name.startswith("Heading")]


def test_minute_numbers_run_on_across_meetings_in_the_documents(board, tmp_path):
    mc.ensure_minutes(board, board.ids["m1"])
    mc.ensure_minutes(board, board.ids["m2"])
    first = md.write_minutes(board, board.ids["m1"], tmp_path, TODAY)[0]
    second = md.write_minutes(board, board.ids["m2"], tmp_path, TODAY)[0]
    h1 = [t for s, t in _headings(first) if s == "Heading 1"]
    h2 = [t for s, t in _headings(second) if s == "Heading 1"]
    assert h1[0] == "1. Welcome, introductions and apologies"
    assert h2[0] == f"{len(h1) + 1}. Welcome, introductions and apologies"
    assert first.name == "2026-09-09 Test SEND Improvement Board - Minutes.docx"


def test_minutes_read_like_council_minutes(board, tmp_path):
    m2 = board.ids["m2"]
    mc.ensure_minutes(board, m2)
    items = board.rows("agenda_item", parent_id=m2)
    aob = next(i for i in items if i["standard"] == "aob")
    board.update("agenda_item", aob["id"], {"confidential": 1})
    minute = mc.minute_for_item(board, items[4]["id"])
    board.update("minute", minute["id"], {"discussion": NASTY + "\n\n" + "word " * 3900})
    mc.add_resolution(board, minute["id"], "the first thing be done")
    mc.add_resolution(board, minute["id"], "that the second thing be done")
    paths = md.write_minutes(board, m2, tmp_path, TODAY)
    path = paths[0]
    text = _doc_text(path)
    assert "There were no declarations of interest." in text
    assert "Apologies were received from Sam School." in text
    assert "Present | Chair Person (Independent Chair)\nCara Council (TC)\nPat Parent " \
           "(Parent carer forum representative, Parent Forum)" in text
    assert "Also present | Dee Adviser (DfE adviser)" in text
    assert "Apologies | Sam School (Oak School)" in text
    assert "RESOLVED: that:\na) the first thing be done\nb) the second thing be done" in text
    assert "Tom & Jerry <ok> \"quoted\"\nnew line \U0001F600 \u0645\u0631\u062d\u0628\u0627" \
        in text
    # Part B is in a document of its own: the public minutes give only its minute number
    aob_minute = mc.minute_for_item(board, aob["id"])["number"]
    assert "Any other business" not in text
    assert f"Minute {aob_minute} is recorded in the Part B minutes, which are not for " \
        "publication." in text
    assert "RESOLVED: that the public, observers and anyone who is not a member of the board, " \
        "other than an officer or adviser needed for the item, be excluded" in text
    [part_b] = [p for p in paths if "(Part B, not for publication)" in p.name]
    assert part_b.name.endswith(" Test SEND Improvement Board - Minutes (Part B, not for "
                                "publication).docx")
    secret = _doc_text(part_b)
    assert secret.index("NOT FOR PUBLICATION") < secret.index(f"{aob_minute}. Any other business")
    assert "Welcome" not in secret
    header = " ".join(p.text for p in Document(str(part_b)).sections[0].header.paragraphs)
    assert "NOT FOR PUBLICATION" in header
    assert "The meeting closed at 12.25pm." in text
    assert "Chair: ____" in text and "Date: ____" in text
    styles = [s for s, _ in _headings(path)]
    assert styles[0] == "Title" and set(styles[1:]) == {"Heading 1"}
    doc = Document(str(path))
    assert doc.core_properties.language == "en-GB"
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in doc.tables)
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer


def test_declarations_are_listed_under_their_item(board, tmp_path):
    m2 = board.ids["m2"]
    mc.ensure_minutes(board, m2)
    items = board.rows("agenda_item", parent_id=m2)
    mc.declare_interest(board, m2, board.ids["Sam School"], "Headteacher of Oak School.",
                        items[4]["id"])
    text = "\n".join(b.text for b in md.minutes_paper(board, m2, TODAY).blocks
                     if hasattr(b, "text"))
    number = board.find("minute", agenda_item_id=items[4]["id"])["number"]
    assert (f"Sam School declared an interest in the item '{items[4]['title']}' (minute "
            f"{number}): Headteacher of Oak School.") in text
    assert "There were no declarations of interest." not in text


def test_a_meeting_not_held_has_no_minutes(board, tmp_path):
    with pytest.raises(SendsecError, match="has not been held"):
        md.write_minutes(board, board.ids["st"], tmp_path, TODAY)


def test_empty_minutes_say_so_and_stay_draft(board, tmp_path):
    paper = md.minutes_paper(board, board.ids["m1"], TODAY)
    assert paper.draft
    assert "No minutes have been recorded for this meeting yet." in paper.text()
    assert "The meeting closed at ____" in paper.text()


def test_actions_extract_lists_every_action_arising(board, tmp_path):
    m2 = board.ids["m2"]
    mc.ensure_minutes(board, m2)
    minutes = board.rows("minute", parent_id=m2)
    mc.add_action_arising(board, minutes[5]["id"], "Second", board.ids["Sam School"],
                          "2026-12-01")
    mc.add_action_arising(board, minutes[3]["id"], "First " + NASTY, board.ids["Cara Council"],
                          "2026-11-30")
    path = md.write_minutes(board, m2, tmp_path, TODAY)[1]
    doc = Document(str(path))
    table = doc.tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Minute", "Ref", "Action", "Owner", "Due date", "Status", "RAG"]
    assert [r[0] for r in rows[1:]] == [str(minutes[3]["number"]), str(minutes[5]["number"])]
    assert rows[1][1] == "BA2" and rows[1][5] == "Not started" and rows[1][6] == "Not rated"
    assert "Sam School (Oak School)" in rows[2][3]
    assert path.name == "2026-10-28 Test SEND Improvement Board - Actions from the minutes.docx"


def test_self_assessment_content(board, tmp_path):
    mc.ensure_minutes(board, board.ids["m1"])
    mc.approve_minutes(board, board.ids["m1"], board.ids["m2"])
    paper = sa.self_assessment_paper(board, board.ids["st"], TODAY)
    h1 = paper.headings(1)
    assert h1 == ["1. Summary of progress", "2. Progress against each area",
                  "3. Feedback from families, children and young people",
                  "4. Governance and accountability", "5. Dashboard of performance measures",
                  "6. Partners' involvement", "7. Feedback from the DfE and NHS England",
                  "8. Documents available to reviewers"]
    h2 = paper.headings(2)
    for code, title in (("a", "Joint commissioning"), ("b", "EHC timeliness"),
                        ("f", "Preparing for adulthood")):
        assert f"{code}. {title}" in h2
    text = paper.text()
    assert "No actions are recorded for this area." in text  # area f
    assert "Parents said letters are clearer" in text and "Parent Forum survey" in text
    measures = next(t for t in paper.tables() if t.headers[0] == "Code")
    row = measures.rows[0]
    assert row[0] == "M01" and row[3] == "31% (Sep 2026)" and row[4] == "60% by 31 March 2027"
    assert row[8] == "Behind the milestone by 4 percentage points"
    assert row[9].startswith("45% by 31 December 2026")
    orgs = next(t for t in paper.tables() if t.headers[:2] == ("Organisation", "Invitations"))
    assert ("Oak School", "2", "0", "0%") in orgs.rows
    assert ("Test Council", "2", "2", "100%") in orgs.rows
    docs = next(t for t in paper.tables() if t.headers[0] == "Date" and "Status" in t.headers)
    assert docs.rows[0][0] == "9 September 2026" and docs.rows[0][3] == "Approved on 28 October 2026"
    assert docs.rows[1][3] == "Not yet drafted"
    slow = "PA2.1: Red or Amber in two consecutive cycles"
    assert slow in text
    figures = [b for b in paper.blocks if type(b).__name__ == "Figure"]
    assert figures and all(f.alt for f in figures)
    assert any("area b 1 Red" in f.alt for f in figures)  # the pack's chart and wording


def test_self_assessment_reports_dfe_and_nhs_england_findings(board):
    paper = sa.self_assessment_paper(board, board.ids["st"], TODAY)
    assert "No findings from the DfE or NHS England are recorded yet." in paper.text()
    action = board.rows("action")[0]
    mc.ensure_minutes(board, board.ids["m1"])
    minute = board.rows("minute", parent_id=board.ids["m1"])[0]
    board.create("finding", {"source": "DfE stocktake letter", "received_on": "2026-07-14",
                             "reference": "para 3", "status": "in progress",
                             "text": "Strengthen the quality assurance of EHC plans & <audits>",
                             "action_id": action["id"], "minute_id": minute["id"],
                             "response": "Audit cycle started"})
    board.create("finding", {"source": "NHS England adviser", "received_on": "2026-09-01",
                             "text": "Set out the health contribution to plans"})
    paper = sa.self_assessment_paper(board, board.ids["st"], TODAY)
    text = paper.text()
    assert "1 open, 1 in progress, of 2 recorded." in text
    table = next(t for t in paper.tables() if t.headers[:3] == (
        "Received", "From", "Finding or recommendation"))
    first, second = table.rows
    assert first[:3] == ("14 July 2026", "DfE stocktake letter (para 3)",
                         "Strengthen the quality assurance of EHC plans & <audits>")
    assert f"action {action['ref']}" in first[3] and "board decision" in first[3]
    assert first[4:] == ("In progress", "Audit cycle started")
    assert second[3] == "Not yet linked to an action or board decision"


def test_self_assessment_written_and_only_for_stocktakes(board, tmp_path):
    assert sa.generate_for_meeting(board, board.ids["m2"], tmp_path, TODAY) == []
    [path] = sa.generate_for_meeting(board, board.ids["st"], tmp_path, TODAY)
    assert path.name == "2027-01-26 Test SEND Improvement Board - Self-assessment.docx"
    doc = Document(str(path))
    assert doc.core_properties.language == "en-GB"
    styles = [p.style.name for p in doc.paragraphs if p.style.name.startswith(("Heading",
                                                                               "Title"))]
    level = 0
    for s in styles[1:]:
        n = int(s.split()[-1])
        assert n <= level + 1
        level = n
    descr = [d.get("descr") for d in doc.element.body.iter(qn("wp:docPr"))]
    assert descr and all(descr)
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in doc.tables)
    assert "Tom & Jerry <ok>" in _doc_text(path)


def test_self_assessment_of_an_empty_board(tmp_path):
    b = Board.create_new(tmp_path / "e.sqlite", "Empty Board")
    st = b.create("meeting", {"meeting_date": "2027-01-26", "kind": "stocktake review"}).id
    text = sa.self_assessment_paper(b, st, TODAY).text()
    assert "No feedback from families or young people is recorded" in text
    assert "No performance measures are recorded" in text
    assert "No meetings have been held yet." in text
    assert "No DfE adviser or NHS England adviser or DfE case lead is recorded" in text
    path = sa.write_self_assessment(b, st, tmp_path / "new folder", TODAY)
    assert path.exists()
    b.close()


def test_writing_into_a_file_instead_of_a_folder_is_refused(board, tmp_path):
    target = tmp_path / "afile"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(SendsecError, match="is a file"):
        sa.write_self_assessment(board, board.ids["st"], target, TODAY)


def test_attendance_does_not_repeat_an_organisation_the_job_title_names(tmp_path):
    b = Board.create_new(tmp_path / "b.sqlite", "Test SEND Improvement Board")
    nhse = b.create("organisation", {"name": "NHS England", "short_name": "NHSE"}).id
    person = b.create("person", {"name": "Dr Claire Moffat", "role": "NHS England adviser",
                                 "title": "SEND Adviser, NHS England",
                                 "organisation_id": nhse}).id
    meeting = b.create("meeting", {"meeting_date": "2026-10-28"}).id
    invitee = b.find("invitee", meeting_id=meeting, person_id=person)["id"]
    b.update("invitee", invitee, {"attendance": "apologies"})
    assert md.attendance_groups(b, meeting)["Apologies"] == \
        ["Dr Claire Moffat (SEND Adviser, NHS England)"]


def test_the_pack_groups_the_last_meetings_attendance_as_its_minutes_do(board):
    from sendsec.papers import content
    from sendsec.papers.model import Para

    m2 = board.ids["m2"]
    mc.ensure_minutes(board, m2)
    secretary = board.create("person", {"name": "Sue Secretary", "role": "secretary"}).id
    mc.record_attendance(board, m2, secretary, "present")
    # the next board meeting's pack (a stocktake review approves stocktake minutes only)
    nxt = board.create("meeting", {"meeting_date": "2027-02-10"}).id
    data = content.gather(board, nxt, TODAY)
    assert data.previous["id"] == m2
    review = content.gather(board, board.ids["st"], TODAY)
    assert review.previous["id"] == m2  # its cycle runs from the last meeting of any kind
    assert review.for_approval == []  # a stocktake review agrees stocktake minutes only
    pack = content.board_pack(data, content.board_labels_for(board))
    shown = {}
    for block in pack.blocks:
        if isinstance(block, Para) and len(block.runs) == 2 and block.runs[0][1]:
            shown[block.runs[0][0].rstrip(": ")] = block.runs[1][0]
    groups = md.attendance_groups(board, m2)
    for heading in ("Present", "Also present", "Apologies", "Officers"):
        names = [n.split(" (")[0] for n in groups[heading]]
        assert [n.split(",")[0] for n in shown[heading].split("; ")] == names, heading
    # the DfE adviser attends but is not a member: 'Also present', as in the minutes
    assert "Dee Adviser" not in shown["Present"] and "Dee Adviser" in shown["Also present"]
    assert "Sue Secretary" in shown["Officers"] and "Sue Secretary" not in shown["Present"]
    assert shown["Present"].startswith("Chair Person")
    assert "Sam School" in shown["Apologies"]


def test_a_slipped_actions_reason_ending_in_a_full_stop_is_not_doubled(board):
    action = board.find("action", ref="PA2.1")["id"]
    board.update("action", action, {"revised_due_date": "2027-01-31",
                                    "revision_reason": "Recruitment took a term longer."})
    text = sa.self_assessment_paper(board, board.ids["st"], TODAY).text()
    assert "PA2.1 from 30 June 2026 to 31 January 2027 (Recruitment took a term longer)." \
        in text


def test_an_actions_reasons_for_being_slow_read_as_one_sentence():
    from sendsec.domain.labels import clauses

    assert clauses(["Red or Amber in two consecutive cycles (Red, Red)",
                     "No movement: Red for 3 cycles"]) == (
        "Red or Amber in two consecutive cycles (Red, Red); no movement: Red for 3 cycles")
    assert clauses(["Overdue"]) == "Overdue" and clauses([]) == ""

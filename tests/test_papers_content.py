"""What each paper says, tested as plain data before any Word is written."""

from __future__ import annotations

import re

import pytest
from test_papers_world import AWKWARD, HELD, NEXT, TODAY, build_world, next_meeting

from sendsec.domain.dates import day_date
from sendsec.domain.errors import SendsecError
from sendsec.papers import content, resolve_meeting
from sendsec.papers.model import Figure, Heading, Table


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SENDSEC_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        board = build_world(tmp_path_factory.mktemp("w") / "w.sqlite")
        data = content.gather(board, next_meeting(board)["id"], TODAY)
        yield board, data
        board.close()


@pytest.fixture(scope="module")
def pack(world):
    board, data = world
    return content.board_pack(data, content.board_labels_for(board))


def _highlight_table(paper, heading_text):
    """Return the action table at the end of an area's highlight report."""
    blocks = paper.blocks
    index = next(i for i, b in enumerate(blocks) if isinstance(b, Heading)
                 and b.text == heading_text)
    for b in blocks[index + 1:]:
        if isinstance(b, Table):
            return b
        if isinstance(b, Heading) and b.level <= 2:
            return None
    return None


def _table_after(paper, heading_text):
    blocks = paper.blocks
    index = next(i for i, b in enumerate(blocks) if isinstance(b, Heading)
                 and b.text == heading_text)
    for b in blocks[index + 1:]:
        if isinstance(b, Table):
            return b
        if isinstance(b, Heading):
            return None
    return None


def test_agenda_items_run_in_order_with_start_times_from_durations(world):
    _, data = world
    assert [i.start for i in data.items[:4]] == ["10:00", "10:05", "10:10", "10:20"]
    assert data.items[-1].title == "Staffing matter" and data.items[-1].confidential
    paper = content.agenda(data)
    text = paper.text()
    assert "Part B: confidential items" in paper.headings(2)
    assert "Schedule 12A" in text
    assert "Part A: items in open session" in paper.headings(2)
    part_b = _table_after(paper, "Part B: confidential items")
    assert part_b.rows[0][2] == "Staffing matter" and part_b.rows[0][4] == "Rachel Okafor"
    assert part_b.rows[0][5] == "Paper X"


def test_agenda_names_the_statutory_invitees_and_the_secretary(world):
    _, data = world
    text = content.agenda(data).text()
    assert "DfE adviser: Stephen Ridley" in text
    assert "NHS England adviser: Dr Claire Moffat" in text
    assert "DfE case lead: Oliver Grant" in text
    assert "jane.whitfield@westnorthants.gov.uk" in text
    assert "Published 22 November 2026" in text
    assert "Wednesday 16 December 2026" in text


def test_minutes_template_numbers_continue_from_the_highest_minute(world):
    _, data = world
    paper = content.minutes_template(data)
    numbered = [h for h in paper.headings(2) if h[:2].isdigit()]
    assert numbered[0] == "24. Welcome, introductions and apologies"
    assert [int(h.split(".")[0]) for h in numbered] == list(range(24, 24 + len(data.part(False))))
    text = paper.text()
    # a resolution, worded as the minutes record it once the meeting is taken
    assert f"RESOLVED: that the minutes of the meeting held on {HELD.day} October 2026 be " \
           "agreed as a correct record and signed by the Chair." in text
    assert "Joanne Fletcher" in text.split("Apologies received")[1]
    assert "RESOLVED: that" in text and paper.draft
    # Part B items are minuted in a template of their own, marked not for publication
    assert "Part B: confidential minutes" not in paper.headings(1)
    assert "Staffing matter" not in text
    secret_number = data.items[-1].minute_number
    assert f"Minute {secret_number} is recorded in the Part B minutes" in text
    part_b = content.minutes_template(data, part_b=True)
    assert "Part B: confidential minutes" in part_b.headings(1)
    assert f"{secret_number}. Staffing matter" in part_b.headings(2)
    assert part_b.text().index("NOT FOR PUBLICATION") < part_b.text().index("Staffing matter")
    assert "Welcome" not in part_b.text()


def test_pack_lists_slow_to_progress_actions_with_their_reasons(pack):
    slow = _table_after(pack, "Slow to progress")
    row = next(r for r in slow.rows if r[0] == "PA2.3")
    assert "Red or Amber in two consecutive cycles (Amber, Red)" in row[4]
    assert row[3] == "Red"
    assert {r[0] for r in slow.rows} == {"PA2.3", "PA1.2"}  # PA1.2 is overdue


def test_pack_exceptions_cover_red_overdue_slipped_and_no_update(pack):
    assert [r[0] for r in _table_after(pack, "Red: off track").rows] == ["PA2.3"]
    overdue = _table_after(pack, "Overdue")
    assert overdue.rows[0][0] == "PA1.2" and overdue.rows[0][4] == "10"
    slipped = _table_after(pack, "Slipped: due date revised")
    assert slipped.rows[0][0] == "PA3.1" and slipped.rows[0][5] == "Awaiting the new audit tool"
    assert [r[0] for r in _table_after(pack, "No update this cycle").rows] == ["PA2.10"]


def test_pack_risk_register_shows_movement_and_the_heat_map_says_it(pack):
    table = _table_after(pack, "Risk register")
    rows = {r[0]: r for r in table.rows}
    assert rows["R1"][3] == "4\u00a0x\u00a05\u00a0=\u00a020" and rows["R1"][4] == "Very high"
    assert rows["R1"][5] == "Up (worse) from 12"
    assert rows["R2"][5] == "Down (better) from 16"
    assert rows["R3"][5] == "New this cycle"
    heat = next(b for b in pack.blocks if isinstance(b, Figure) and "Heat map" in b.alt)
    assert "1 moved up (worse): R1 from 12 to 20" in heat.alt
    assert "1 moved down (better): R2 from 16 to 9" in heat.alt
    assert "1 new this cycle (R3)" in heat.alt


def test_pack_progress_counts_by_area_and_every_action_with_rag_word(pack):
    counts = _table_after(pack, "Actions by RAG in each area")
    total = counts.rows[-1]
    assert total[0] == "All" and total[-1] == "6"
    area_b = _highlight_table(pack, "Area b: Reduce the time families wait for EHC needs "
                                    "assessments")
    refs = [r[0] for r in area_b.rows]
    assert refs == ["PA2.3", "PA2.9", "PA2.10"]  # natural order
    assert all(r[5] in ("Red", "Amber", "Green", "Blue", "Not rated") for r in area_b.rows)
    # each action says how its success is judged (notice 5b)
    assert area_b.headers[2] == "Success measure and target"
    assert all(r[2] for r in area_b.rows)
    text = pack.text()
    for part in ("Progress since the last report", "What is at risk", "Measures",
                 "Decisions needed"):
        assert part in pack.headings(3)
    assert "Senior responsible officer: " in text and "RAG: " in text
    chart = next(b for b in pack.blocks if isinstance(b, Figure) and "Bar chart" in b.alt)
    assert "area b 1 Red, 2 Green" in chart.alt and chart.png.startswith(b"\x89PNG")


def test_pack_keeps_awkward_text_whole(pack):
    assert AWKWARD in pack.text()  # cleaning happens when writing Word, not here


def test_pack_action_log_impact_measures_forward_plan_and_changes(pack):
    text = pack.text()
    headings = pack.headings(1)
    assert headings[1].startswith("Minutes of the meeting held on ")
    assert headings[:1] + headings[2:] == [
        "Agenda", "Action log",
        "Paper A: Progress against the Priority Action Plan", "Paper A, appendix: Exceptions",
        "Paper B: Risk register",
        "Paper C: Performance dashboard and impact on children and families",
        "Paper D: Action and impact log", "Appendix 1: The chair's challenges",
        "Appendix 2: Forward plan", "Appendix 3: What changed since the last meeting"]
    assert "BA1" in text and "RESOLVED: that a recovery plan for PA2.3" in text
    slow = _table_after(pack, "Slow progress")
    assert slow.rows[0][2] == "PA2.3 slow: no EPs appointed"
    dash = _table_after(pack, "Performance dashboard")
    m1 = next(r for r in dash.rows if r[0] == "M1")
    assert m1[2].startswith("38%") and m1[5] in ("Red", "Amber", "Green")
    assert sum(1 for b in pack.blocks if isinstance(b, Figure)) == 4  # bar, heat map, 2 measures
    assert "Wednesday 10 February 2027" in text  # the meeting after next
    # what changed is a digest of what moved, by area; the world's records, written in one
    # go, are a bulk load summed up in one line
    assert "RAG: PA2.3 Amber to Red; PA2.9 first rated Green." in text
    assert "Due date of PA3.1 revised to " in text
    assert "Risk R1 score 12 to 20 (up)." in text and "New risk R3: " in text
    assert "New figures for M1: 31% (" in text
    assert "Area b: Reduce the time families wait for EHC needs assessments" in \
        pack.headings(2)
    bulk = [line for line in text.splitlines() if "records were loaded in one go" in line]
    assert len(bulk) == 1 and "they are not listed one by one" in bulk[0]
    assert "Added: Actions" not in text  # the bulk-loaded actions are not listed one by one


def test_invitation_letter_addresses_the_person_and_gives_the_dates(world):
    board, data = world
    statutory = next(i for i in data.invitees if i.person.role == "NHS England adviser")
    paper = content.invitation(data, statutory, board.calendar())
    text = paper.text()
    assert "Dear Dr Moffat," in text  # as a council writes: title and surname
    assert "Dr Claire Moffat" in text  # the address keeps the whole name
    assert "as the NHS England adviser" in text
    assert "the name of a substitute" in text
    assert "Improvement Notice (paragraph 6)" in text
    papers_sent = data.steps["papers_dispatched"]
    assert f"will be sent on {papers_sent:%A} {papers_sent.day}" in text
    assert "Please reply by" in text
    # one page: the day and time in the details, the papers and the reply after the agenda
    assert paper.headings(1) == ["Meeting details", "Agenda in brief"]
    assert f"\nDate: {day_date(data.date)}, {data.time_text}\n" in text
    first = data.items[0]  # the time first, as an agenda gives it; never '(...) (10.00am)'
    assert f"\n{first.number}. {first.time}: {first.title}\n" in f"\n{text}\n"
    secret = next(i for i in data.items if i.confidential)
    assert f"{secret.title}, Part B (confidential)" in text and ") (" not in text


def test_a_presenter_is_told_their_part_b_item_and_when_their_paper_is_due(world):
    """Rachel Okafor presents the Part B staffing matter (Paper X, which she writes): her
    letter said nothing of it; it now names the item as Part B and the papers deadline."""
    board, data = world
    rachel = next(i for i in data.invitees if i.person.name == "Rachel Okafor")
    text = content.invitation(data, rachel, board.calendar()).text()
    deadline = data.steps["papers_deadline"]
    item = next(i for i in data.items if i.title == "Staffing matter")
    assert (f"You are presenting item {item.number}, 'Staffing matter' (Paper X, Part B: not "
            "for publication), ") in text
    assert (f"Please send me your paper by {deadline:%A} {deadline.day} {deadline:%B %Y}, "
            "the papers deadline") in text
    # once Paper X is in the meeting's folder, she is not asked for it
    text = content.invitation(data, rachel, board.calendar(), attached={"X"}).text()
    assert "Paper X, Part B" in text and "Please send me your paper" not in text


def test_the_chairs_invitation_does_not_ask_for_a_substitute(world):
    board, data = world
    chair = next(i for i in data.invitees if i.person.role == "independent chair")
    text = content.invitation(data, chair, board.calendar()).text()
    assert "please send your apologies." in text and "substitute" not in text


def test_reply_by_is_never_in_the_past_nor_after_the_meeting(world):
    board, data = world
    reply = data.reply_by(board.calendar())
    assert TODAY < reply < NEXT


def test_missing_statutory_invitee_is_refused_naming_them(tmp_path):
    board = build_world(tmp_path / "w.sqlite", statutory=False)
    data = content.gather(board, next_meeting(board)["id"], TODAY)
    with pytest.raises(SendsecError) as err:
        content.check_statutory(data)
    message = str(err.value)
    assert message.startswith("Meeting 3 on 16 December 2026 has no NHS England adviser "
                              "invited: the Improvement Notice (paragraph 6) requires")


def test_resolve_meeting_by_next_id_and_date(world):
    board, _ = world
    nxt = resolve_meeting(board, "next", TODAY)
    assert nxt["meeting_date"] == NEXT.isoformat()
    assert resolve_meeting(board, str(nxt["id"]), TODAY)["id"] == nxt["id"]
    assert resolve_meeting(board, NEXT.isoformat(), TODAY)["id"] == nxt["id"]
    assert resolve_meeting(board, "16/12/2026", TODAY)["id"] == nxt["id"]
    for bad, says in (("999", "no meeting with id 999"), ("2030-01-01", "no meeting on 1 "
                                                                         "January 2030"),
                      ("TBC", "is not a meeting"), ("", "is not a meeting")):
        with pytest.raises(SendsecError, match=says):
            resolve_meeting(board, bad, TODAY)


def test_warnings_name_invitees_without_email(tmp_path):
    board = build_world(tmp_path / "w.sqlite", emails=False)
    data = content.gather(board, next_meeting(board)["id"], TODAY)
    [line] = [w for w in content.warnings_for(data) if w.startswith("To send by hand")]
    assert "Dr Claire Moffat (NHS England adviser)" in line


def test_a_job_title_that_already_names_the_organisation_does_not_repeat_it():
    def person(title, organisation):
        return content.Person(1, "Dr Claire Moffat", title, organisation, "", "", "member")

    assert person("SEND Adviser, NHS England", "NHS England").described() == \
        "Dr Claire Moffat, SEND Adviser, NHS England"
    assert person("SEND Adviser, nhs england", "NHS England").described() == \
        "Dr Claire Moffat, SEND Adviser, nhs england"
    assert person("SEND Adviser", "NHS England").described() == \
        "Dr Claire Moffat, SEND Adviser, NHS England"
    # a title that merely contains the name is not the organisation
    assert person("Head of NHS England liaison", "NHS England").described() == \
        "Dr Claire Moffat, Head of NHS England liaison, NHS England"
    assert person("", "NHS England").described() == "Dr Claire Moffat, NHS England"


def test_the_impact_log_sentence_agrees_in_number():
    slow, weak = {"kind": "slow progress"}, {"kind": "contribution to strengthen"}
    assert content.impact_sentence([slow, weak], "since the last meeting") == (
        "2 entries since the last meeting: 1 highlights slow progress and 1 contribution "
        "needs to be strengthened (notice 5e).")
    assert content.impact_sentence([slow], "so far") == (
        "1 entry so far: 1 highlights slow progress and 0 contributions need to be "
        "strengthened (notice 5e).")
    assert content.impact_sentence([slow, slow, weak, weak, {"kind": "impact"}], "so far") == (
        "5 entries so far: 2 highlight slow progress and 2 contributions need to be "
        "strengthened (notice 5e).")


def test_a_meetings_own_title_is_on_its_agenda_pack_and_invitation(tmp_path):
    board = build_world(tmp_path / "w.sqlite")
    meeting = next_meeting(board)["id"]
    board.update("meeting", meeting, {"title": "SEND sufficiency & <AP> strategy"})
    data = content.gather(board, meeting, TODAY)
    papers = [content.agenda(data), content.board_pack(data, content.board_labels_for(board)),
              content.invitation(data, data.invitees[0], board.calendar())]
    for paper in papers:
        assert "Subject: SEND sufficiency & <AP> strategy" in paper.text(), paper.kind


def test_without_a_secretary_the_agenda_is_not_signed_by_the_board(tmp_path):
    board = build_world(tmp_path / "w.sqlite")
    board.update_settings({"secretary_id": None})
    for person in board.rows("person"):
        if person["role"] == "secretary":
            board.archive("person", person["id"])
    data = content.gather(board, next_meeting(board)["id"], TODAY)
    text = content.agenda(data).text()
    assert "Secretary to the board" not in text
    assert "Published 22 November 2026" in text


def test_what_changed_leaves_out_a_field_that_ended_where_it_started(tmp_path):
    board = build_world(tmp_path / "w.sqlite")
    action = board.rows("action")[0]
    board.update("action", action["id"], {"title": "Changed for a moment"})
    board.update("action", action["id"], {"title": action["title"], "baseline": "12 plans"})
    data = content.gather(board, next_meeting(board)["id"], TODAY)
    changed = {label: text for label, text, _, _ in
               content.what_changed(data, content.board_labels_for(board))["changed"]}
    assert changed[action["ref"]] == f"Baseline: {action['baseline'] or '(blank)'} → 12 plans"


def test_a_statutory_invitee_who_has_left_does_not_count_as_invited(tmp_path):
    from sendsec.reports import checks
    from sendsec.services import registers

    board = build_world(tmp_path / "w.sqlite")
    meeting = next_meeting(board)
    adviser = board.find("person", role="DfE adviser")
    board.archive("person", adviser["id"])
    data = content.gather(board, meeting["id"], TODAY)
    assert adviser["name"] not in [i.person.name for i in data.invitees]
    with pytest.raises(SendsecError, match="DfE adviser"):
        content.check_statutory(data)
    rows = {m["id"]: m for m in registers.meeting_rows(board, TODAY)}
    assert "DfE adviser" in rows[meeting["id"]]["statutory_missing"]
    assert any(f.rule == "statutory-invitees" and f.record_id == meeting["id"]
               and "DfE adviser" in f.reason for f in checks.run_checks(board, TODAY))


# ---------------------------------------------------------------------------- on both boards


def test_what_changed_is_a_digest_with_each_bulk_load_in_one_line_on_both_boards(paper_set):
    from papers_boards import section, text_of

    found = section(paper_set.one(" - Board pack.docx"), "Appendix 3: What changed")
    texts = [text for _, text in found]
    areas = [text for style, text in found if style == "Heading 2" and text.startswith("Area ")]
    assert areas and len(texts) > len(areas) + 2  # what moved, area by area
    # one plain line per day of bulk loads, in record nouns, never the computer's login name
    bulk = [t for t in texts if "records were loaded in one go" in t]
    assert len(bulk) == 1 and bulk[0].endswith("; they are not listed one by one.")
    assert re.search(r" \d[\d,]* agenda items\b", bulk[0]) and "invitees and" not in bulk[0]
    board = paper_set.open()
    try:
        users = {r[0] for r in board.db.conn.execute("SELECT DISTINCT user FROM change_log")
                 if r[0]} - {r[0] for r in board.db.conn.execute("SELECT name FROM people")}
    finally:
        board.close()
    assert users  # the loads were made by a login ('demo', 'root' ...)
    whole = text_of(paper_set.one(" - Board pack.docx"))
    assert not [u for u in users if re.search(rf"\b{re.escape(u)}\b", whole)]
    assert not any(t.startswith("Added: Actions") for t in texts)
    assert len(found) < 80  # a digest, not the change log
    if paper_set.name == "imported":
        assert "RAG: 2.1 Amber to Red." in texts
        assert "Risk R1 score 12 to 20 (up)." in texts


def test_part_b_business_is_only_in_documents_of_its_own_on_both_boards(paper_set):
    from papers_boards import text_of

    from sendsec.papers import part_b

    board = paper_set.open()
    try:
        secret = {paper_set.next_id: [], paper_set.held_id: []}
        for meeting_id, titles in secret.items():
            titles += [i["title"] for i in board.rows("agenda_item", parent_id=meeting_id)
                       if i["confidential"]]
    finally:
        board.close()
    assert any(secret.values()) or paper_set.name == "demo"  # the demo's have none
    # the agenda and the invitations name a Part B item; nothing else public does
    public = [p for p in paper_set.next_papers + paper_set.held_papers
              if "Part B" not in p.name and "Agenda" not in p.name
              and " - Invitation - " not in p.name]
    agenda = text_of(paper_set.one(" - Agenda.docx"))
    for path in public:
        text = text_of(path)
        assert part_b.MARK not in text, path.name
        for title in secret[paper_set.next_id] + secret[paper_set.held_id]:
            # the pack opens with the agenda, which names its Part B items
            assert text.count(title) == (agenda.count(title) if "Board pack" in path.name
                                         else 0), (path.name, title)
    for path in [p for p in paper_set.papers if "Part B" in p.name]:
        assert part_b.MARK in text_of(path) and "not for publication" in path.name
    for papers, meeting_id in ((paper_set.next_papers, paper_set.next_id),
                               (paper_set.held_papers, paper_set.held_id)):
        assert any("Part B" in p.name for p in papers) == bool(secret[meeting_id])


def test_the_pack_reads_well_where_the_records_are_thin_on_both_boards(paper_set):
    """A board set up from an imported plan has areas with no SRO or no action, people with
    no organisation or title, measures without figures or a trajectory: the pack says so
    in words, never 'None' or an empty chart."""
    import re

    import docx
    from docx.oxml.ns import qn
    from papers_boards import paragraphs, text_of

    board = paper_set.open()
    try:
        areas = board.rows("area")
        planned = {a["area_id"] for a in board.rows("action") if a["kind"] == "plan"}
    finally:
        board.close()
    path = paper_set.one(" - Board pack.docx")
    texts = [t for _, t in paragraphs(path)]
    sros = [t for t in texts if t.startswith("Senior responsible officer: ")]
    assert sros and "Senior responsible officer: Not named" not in sros
    empty = [a for a in areas if a["id"] not in planned]
    if empty:
        [gap] = [t for t in texts if t.startswith("No action in the plan yet for ")]
        assert all(f"area {a['code']} ({a['title']})" in gap for a in empty)
    if paper_set.name == "imported":
        assert {a["code"] for a in empty} == {"AFI9", "AFI10"}
    text = text_of(path)
    assert not re.search(r"\bNone (expected|against)\b|\bagainst None\b|\d\.0 against", text)
    alts = [d.get("descr") for d in docx.Document(str(path)).element.body.iter(qn("wp:docPr"))]
    assert alts and not any("no data points" in (alt or "") for alt in alts)


def test_the_demo_packs_exception_reports_name_their_accountable_manager(demo_paper_set):
    """Every exception report in the demo's pack read 'Accountable manager: Not named': each
    demo measure is answered for by its area's senior responsible officer."""
    from papers_boards import paragraphs

    texts = [t for _, t in paragraphs(demo_paper_set.one(" - Board pack.docx"))]
    managers = [t for t in texts if t.startswith("Accountable manager: ")]
    assert managers and "Accountable manager: Not named" not in managers

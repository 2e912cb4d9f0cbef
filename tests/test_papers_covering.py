"""Each agenda item with a paper gets a lettered paper in the pack, opening with a covering
report in the council template built from the records; its recommendations are the minutes
template's draft resolutions; a paper from others is 'to follow' until its .docx is in the
meeting's folder, then merged."""

from __future__ import annotations

import datetime as dt
import re

import docx
import pytest
from test_papers_world import TODAY, build_world, next_meeting

from sendsec.domain.fields import HELD_STATUSES
from sendsec.papers import content, covering, generate
from sendsec.papers.model import Heading

SECTIONS = ["1. Purpose", "2. Recommendations", "3. Reason for recommendations", "4. Report",
            "5. Implications", "6. Background papers"]


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_DATA_DIR", str(tmp_path / "data"))
    board = build_world(tmp_path / "w.sqlite", emails=False)
    meeting = next_meeting(board)
    items = board.rows("agenda_item", parent_id=meeting["id"])
    log = next(i for i in items if i["title"] == "Action and impact log")
    board.create("agenda_item", {"meeting_id": meeting["id"], "position": log["position"],
                                 "title": "Deep dive: speech and language therapy",
                                 "presenter": "Joanne Fletcher, Chief Nursing Officer",
                                 "paper_ref": "Paper E", "purpose": "discussion"})
    yield board, meeting
    board.close()


def _data(board, meeting):
    return content.gather(board, meeting["id"], TODAY)


def test_each_lettered_item_gets_its_paper_with_a_covering_report(world):
    board, meeting = world
    data = _data(board, meeting)
    pack = content.board_pack(data, content.board_labels_for(board))
    papers = [h for h in pack.headings(1) if h.startswith("Paper ") and "appendix" not in h]
    assert papers == ["Paper A: Progress against the Priority Action Plan",
                      "Paper B: Risk register",
                      "Paper C: Performance dashboard and impact on children and families",
                      "Paper D: Action and impact log",
                      "Paper E: Deep dive: speech and language therapy"]
    # the agenda names the same letters: those given, and the next free ones for the rest
    agenda_papers = [r[-1] for r in content.agenda(data).tables()[0].rows if r[-1]]
    assert agenda_papers[:5] == ["Paper A", "Paper B", "Paper C", "Paper D", "Paper E"]
    blocks = pack.blocks
    for title in papers:
        start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == title)
        following = [b.text for b in blocks[start + 1:] if isinstance(b, Heading)
                     and b.level == 2][:6]
        assert following == SECTIONS, title
    text = pack.text()
    assert "Report of: Joanne Fletcher, Chief Nursing Officer" in text
    assert "5.1 Finance: " in text and "5.4 Equality: " in text and "5.5 Consultation: " in text


def test_recommendations_come_from_the_records_and_flow_into_the_minutes_template(world):
    board, meeting = world
    data = _data(board, meeting)
    reports = covering.reports(data)
    plan = next(r for r in reports.values() if r.kind == "plan")
    slow = [a["ref"] for a in data.plan_actions() if a["slow"] and a["status"] in
            ("not started", "in progress")]
    assert slow and any(all(ref in rec for ref in slow) and rec.startswith("agree")
                        for rec in plan.recommendations)
    assert any("analysis" not in p and "slow to progress" in p for p in plan.report)
    risks = next(r for r in reports.values() if r.kind == "risks")
    assert risks.recommendations[0].startswith("note the risk register (")
    assert "agree the higher score of R1 and its mitigation" in risks.recommendations
    template = content.minutes_template(data).text()
    assert "Paper A was presented." in template
    assert "RESOLVED: that the board:" in template
    assert "a) notes progress against the Priority Action Plan" in template
    assert "agrees the higher score of R1 and its mitigation" in template


def test_a_paper_from_others_is_to_follow_until_its_docx_is_in_the_folder(world, tmp_path):
    board, meeting = world
    out = tmp_path / "out"
    paths = generate(board, meeting["id"], out, TODAY)
    [pack] = [p for p in paths if p.name.endswith(" - Board pack.docx")]
    text = "\n".join(p.text for p in docx.Document(str(pack)).paragraphs)
    assert "To follow: this paper is being prepared by Joanne Fletcher" in text

    theirs = docx.Document()
    theirs.add_heading("Speech and language therapy deep dive", 0)
    theirs.add_heading("Waiting times", 1)
    theirs.add_paragraph("Waits fell from 41 to 23.5 weeks since March.")
    table = theirs.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 0).text = "Month", "March"
    theirs.save(str(out / "Paper E - SALT deep dive.docx"))
    paths = generate(board, meeting["id"], out, TODAY)
    merged = docx.Document(str(pack))
    paragraphs = {p.text: p.style.name for p in merged.paragraphs}
    assert "To follow: this paper" not in "\n".join(paragraphs)
    assert paragraphs["Waits fell from 41 to 23.5 weeks since March."] == "Normal"
    assert paragraphs["Speech and language therapy deep dive"] == "Heading 2"
    assert paragraphs["Waiting times"] == "Heading 2"
    assert any(t.cell(1, 0).text == "March" for t in merged.tables)
    assert (out / "Paper E - SALT deep dive.docx").exists()  # theirs is left as it was


def test_presenters_are_invited_and_the_secretary_never_writes_to_herself(world, tmp_path):
    board, meeting = world
    cheung = board.create("person", {"name": "Ian Cheung", "role": "officer in attendance",
                                     "title": "Head of Performance and Insight",
                                     "email": "ian.cheung@example.org"}).id
    items = board.rows("agenda_item", parent_id=meeting["id"])
    dashboard = next(i for i in items if i["title"].startswith("Performance dashboard"))
    board.update("agenda_item", dashboard["id"],
                 {"presenter": "Ian Cheung, Head of Performance and Insight"})
    log = next(i for i in items if i["title"] == "Action and impact log")
    board.update("agenda_item", log["id"], {"presenter": "Jane Whitfield, Board Secretary"})
    invited = {r["person_id"] for r in board.rows("invitee", parent_id=meeting["id"])}
    assert cheung not in invited
    warnings: list[str] = []
    paths = generate(board, meeting["id"], tmp_path / "out", TODAY, warn=warnings.append)
    names = [p.name for p in paths]
    assert any(n.endswith("Invitation - Ian Cheung.docx") for n in names)
    assert any(n.endswith("Invitation - Ian Cheung.eml") for n in names)
    assert not any("Jane Whitfield" in n for n in names)  # the sender
    [letter] = [p for p in paths if p.name.endswith("Invitation - Ian Cheung.docx")]
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert "You are presenting item 7, 'Performance dashboard and impact on children and " \
           "families' (Paper C)" in text
    assert "Please send me your paper" not in text  # the board's records make Paper C
    assert any("Joanne Fletcher" in w and "not among the board's people" in w
               for w in warnings) is False  # she is a person of the board


def test_progress_tables_show_the_success_measure_and_updates_their_evidence(world):
    board, meeting = world
    action = next(a for a in board.rows("action") if a["ref"] == "PA2.3")
    board.update("action", action["id"], {"success_measure": "EHC plans issued in 20 weeks",
                                          "target": "60% by March 2027"})
    board.create("action_update", {"action_id": action["id"], "update_date":
                                   TODAY.isoformat(), "rag": "red", "narrative": "Two posts filled",
                                   "evidence": "Recruitment tracker, November"})
    pack = content.board_pack(_data(board, meeting), content.board_labels_for(board))
    table = next(t for t in pack.tables() if t.headers[:3] == ("Ref", "Action",
                                                              "Success measure and target")
                 and any(r[0] == "PA2.3" for r in t.rows))
    row = next(r for r in table.rows if r[0] == "PA2.3")
    assert row[2] == "EHC plans issued in 20 weeks\nTarget: 60% by March 2027"
    assert "PA2.3 (Red): Two posts filled Evidence: Recruitment tracker, November." in \
        pack.text()


def test_one_definition_of_the_plan_counts_in_the_pack_and_the_summary(world):
    from sendsec.domain import rules
    from sendsec.reports.summary import summary, summary_text

    board, meeting = world
    board.create("action", {"ref": "BA9", "title": "Write to the DfE", "kind": "board",
                            "status": "in progress"})
    data = _data(board, meeting)
    plan = [a for a in data.actions if rules.in_plan(a)]
    s = summary(board, TODAY)
    assert s["plan_actions"]["actions"] == len(plan) == len(data.plan_actions())
    assert s["counts"]["actions"] > len(plan)
    pack = content.board_pack(data, content.board_labels_for(board)).text()
    board_actions = s["counts"]["actions"] - len(plan)
    assert f"{len(plan)} actions in the Priority Action Plan: " in pack
    assert f"leave out the {board_actions} board actions from the minutes" in pack
    assert f"in the Priority Action Plan ({len(plan)} actions; the other {board_actions} are " \
           "board actions from the minutes)" in summary_text(s)


def test_every_unapproved_set_of_minutes_is_carried_to_the_next_board_meeting(world):
    import datetime as dt

    from test_papers_world import HELD

    board, meeting = world
    held = next(m for m in board.rows("meeting") if m["meeting_date"] == HELD.isoformat())
    earlier = next(m for m in board.rows("meeting")
                   if m["meeting_date"] == (HELD - dt.timedelta(days=63)).isoformat())
    board.update("meeting", earlier["id"], {"status": "held"})  # never approved
    stocktake = board.create("meeting", {"meeting_date": (HELD + dt.timedelta(days=7))
                                         .isoformat(), "kind": "stocktake review",
                                         "start_time": "13:30"}).id
    board.update("meeting", stocktake, {"status": "minutes drafted"})
    data = _data(board, meeting)
    assert data.previous["id"] == held["id"]  # the cycle runs from the last board meeting
    assert [m["id"] for m in data.outstanding_minutes] == [earlier["id"], held["id"], stocktake]
    template = content.minutes_template(data).text()
    first, last, review = (f"{d.day} {d:%B %Y}" for d in (
        HELD - dt.timedelta(days=63), HELD, HELD + dt.timedelta(days=7)))
    assert f"RESOLVED: that the minutes of the meetings held on {first}, {last} and {review} " \
           "be agreed as correct records and signed by the Chair." in template
    pack = content.board_pack(data, content.board_labels_for(board))
    assert [h for h in pack.headings(2) if h.startswith("Minutes of ")] == [
        f"Minutes of Meeting {earlier['number']}, held on {first} (draft)",
        f"Minutes of Meeting {held['number']}, held on {last} (draft)",
        f"Minutes of the DfE stocktake review, held on {review} (draft)"]
    nxt = next(m for m in board.rows("meeting") if m["meeting_date"] > meeting["meeting_date"])
    assert nxt["kind"] != "stocktake review"


def test_each_risk_movement_on_the_heat_map_is_its_own_arrow_named_at_its_start(world):
    from sendsec import charts
    from sendsec.services import registers

    board, _ = world
    rows = registers.risk_rows(board, TODAY)
    moved = [r for r in rows if r["status"] == "open" and r.get("previous_likelihood")
             and (r["previous_likelihood"], r["previous_impact"])
             != (r["current_likelihood"], r["current_impact"])]
    assert len(moved) >= 2
    fig = charts.risk_heatmap_figure(rows, board.bands())
    ax = fig.axes[0]
    arrows = [(a.xy, a.xyann) for a in ax.texts if hasattr(a, "xyann")]
    assert len(arrows) == len(moved)
    assert len({round(end[1], 3) for _, end in arrows}) == len(moved)  # a lane each
    labels = {t.get_text() for t in ax.texts if t.get_fontsize() == 6.5}
    assert {r["ref"] for r in moved} <= labels


def test_finance_implications_name_the_registers_financial_risks(world):
    board, meeting = world
    finance = dict(next(iter(covering.reports(_data(board, meeting)).values())).implications)
    assert "No open risk on the register is about finance." in finance["Finance"]
    board.create("risk", {"ref": "R9", "title": "The high needs block deficit limits investment",
                          "category": "Financial", "current_likelihood": 4,
                          "current_impact": 4})
    board.create("risk", {"ref": "R10", "title": "Transport budget overspend",
                          "current_likelihood": 2, "current_impact": 2})
    finance = dict(next(iter(covering.reports(_data(board, meeting)).values())).implications)
    assert ("The register holds 2 open financial risks: R9 The high needs block deficit "
            "limits investment (score 16," in finance["Finance"])
    assert "R10 Transport budget overspend (score 4," in finance["Finance"]


# ---------------------------------------------------------------------------- on both boards
# The demo board and a board whose plan was imported (tests/papers_boards.py): the papers of
# each board's next meeting, read back from Word.


def test_each_agenda_paper_is_in_the_pack_after_its_covering_report_on_both_boards(paper_set):
    from papers_boards import paragraphs, text_of

    agenda = docx.Document(str(paper_set.one(" - Agenda.docx")))
    lettered = [r.cells[-1].text for r in agenda.tables[0].rows[1:] if r.cells[-1].text]
    assert len(lettered) >= 4 and len(set(lettered)) == len(lettered)
    found = paragraphs(paper_set.one(" - Board pack.docx"))
    papers = [(i, text) for i, (style, text) in enumerate(found)
              if style == "Heading 1" and text.startswith("Paper ") and "appendix" not in text]
    assert sorted(text.split(":")[0] for _, text in papers) == sorted(lettered)
    for i, title in papers:
        following = [text for style, text in found[i + 1:] if style == "Heading 2"][:6]
        assert following == SECTIONS, title
    template = text_of(paper_set.one(" - Minutes template.docx"))
    assert "RESOLVED: that the board:" in template  # the covering reports' recommendations
    for letter in lettered:
        assert f"{letter} was presented." in template or f" presented {letter}." in template
    if paper_set.name == "imported":  # a paper from others, not yet in the meeting's folder
        assert "To follow: this paper is being prepared by Dr Ola Okafor" in text_of(
            paper_set.one(" - Board pack.docx"))


def test_the_minutes_chain_runs_board_to_board_on_both_boards(paper_set):
    from papers_boards import section, text_of

    board = paper_set.open()
    try:
        meetings = {m["id"]: m for m in board.rows("meeting")}
    finally:
        board.close()
    held = meetings[paper_set.held_id]

    def long(iso: str) -> str:
        day = dt.date.fromisoformat(iso)
        return f"{day.day} {day:%B %Y}"

    minutes = section(paper_set.one(" - Board pack.docx"), "Minutes")
    assert f"Minutes of Meeting {held['number']}, held on {long(held['meeting_date'])} " \
           "(draft)" in [text for style, text in minutes if style == "Heading 2"]
    template = text_of(paper_set.one(" - Minutes template.docx"))
    [approve] = [line for line in template.splitlines()
                 if line.startswith("RESOLVED: that the minutes of the meeting")]
    assert long(held["meeting_date"]) in approve
    for m in meetings.values():  # minutes already approved are never put to a meeting again
        if m["status"] == "minutes approved":
            assert long(m["meeting_date"]) not in approve
    [nxt] = [line for line in template.splitlines() if line.startswith("The next meeting")]
    later = sorted((m for m in meetings.values() if m["kind"] == "board" and m["meeting_date"]
                    > meetings[paper_set.next_id]["meeting_date"]),
                   key=lambda m: m["meeting_date"])
    day = dt.date.fromisoformat(later[0]["meeting_date"])
    assert f"{day:%A} {day.day} {day:%B %Y}" in nxt  # the next board meeting, not a stocktake


def test_presenters_are_invited_and_the_secretary_is_not_on_both_boards(paper_set):
    from sendsec.papers.meeting_data import presenter_name

    board = paper_set.open()
    try:
        secretary = board.get("person", board.settings()["secretary_id"])["name"]
        people = {p["name"] for p in board.rows("person")}
    finally:
        board.close()
    agenda = docx.Document(str(paper_set.one(" - Agenda.docx")))
    presenters = {presenter_name(r.cells[4].text) for r in agenda.tables[0].rows[1:]} - {""}
    invited = {p.name.rsplit(" - Invitation - ", 1)[1][:-5] for p in paper_set.next_papers
               if " - Invitation - " in p.name}
    assert presenters & people, presenters
    assert (presenters & people) - {secretary} <= invited
    assert secretary not in invited
    # one list of who is invited: the agenda's and the minutes template's are the letters'
    from papers_boards import paragraphs, section

    listed = section(paper_set.one(" - Agenda.docx"), "Invited")
    texts = [t for _, t in listed]
    clerk = texts.index("Clerk/secretary")
    members = {t.split(",")[0].split(":")[-1].strip() for t in texts[:clerk]}
    assert invited <= members and secretary not in members
    assert [t.split(",")[0] for t in texts[clerk + 1:]] == [secretary]
    found = [t for _, t in paragraphs(paper_set.one(" - Minutes template.docx"))]
    start = found.index("In attendance")
    attending = found[start + 1:found.index("Minutes", start)]
    expected = {c.text for t in docx.Document(str(paper_set.one(" - Minutes template.docx")))
                .tables[:1] for c in t.columns[0].cells}
    assert any(t.startswith(secretary + ",") for t in attending)
    assert (presenters & people) - {secretary} <= {t.split(",")[0] for t in attending} | expected


def test_the_pack_counts_the_plan_as_the_summary_does_on_both_boards(paper_set):
    from papers_boards import text_of

    from sendsec.reports.summary import summary

    board = paper_set.open()
    try:
        s = summary(board, paper_set.today)
    finally:
        board.close()
    plan = s["plan_actions"]["actions"]
    board_actions = s["counts"]["actions"] - plan
    text = text_of(paper_set.one(" - Board pack.docx"))
    assert f"\n{plan} actions in the Priority Action Plan: " in text
    if board_actions == 1:
        assert "leave out the board action from the minutes, which is in the action log" in text
    else:
        assert f"leave out the {board_actions} board actions from the minutes" in text
    pack = docx.Document(str(paper_set.one(" - Board pack.docx")))
    [counts] = [t for t in pack.tables if t.rows[0].cells[0].text == "Area"
                and t.rows[0].cells[-1].text == "Total"]
    assert counts.rows[-1].cells[-1].text == str(plan)


def test_every_plan_action_shows_its_success_measure_and_updates_their_evidence(paper_set):
    from papers_boards import paragraphs, text_of

    board = paper_set.open()
    try:
        plan = [a for a in board.rows("action") if a["kind"] == "plan"
                and a["status"] not in ("closed",)]
        updates = board.rows("action_update")
    finally:
        board.close()
    pack = docx.Document(str(paper_set.one(" - Board pack.docx")))
    rows = {r.cells[0].text: r.cells[2].text for t in pack.tables
            if [c.text for c in t.rows[0].cells][:3] == ["Ref", "Action",
                                                         "Success measure and target"]
            for r in t.rows[1:]}
    assert {a["ref"] for a in plan} <= set(rows)
    for a in plan:
        if a["success_measure"]:
            assert rows[a["ref"]].startswith(a["success_measure"].split("\n")[0]), a["ref"]
        else:
            assert rows[a["ref"]] in ("Not set", f"Target: {a['target']}"), a["ref"]
    text = text_of(paper_set.one(" - Board pack.docx"))
    with_evidence = [u for u in updates if u["evidence"]]
    assert with_evidence and "Evidence: " in text
    found = [t for _, t in paragraphs(paper_set.one(" - Board pack.docx"))]
    lived = found.index("Impact on the lived experience of children and families")
    assert found[lived + 1] != "None this cycle."  # said plainly, with or without entries


def test_held_minutes_name_the_next_meeting_of_their_kind_on_both_boards(paper_set):
    from sendsec.domain.dates import day_date
    from sendsec.domain.entities import HELD_STATUSES
    from sendsec.papers.minutes import minutes_paper

    board = paper_set.open()
    try:
        meetings = sorted(board.rows("meeting"), key=lambda m: m["meeting_date"])
        checked = 0
        for index, m in enumerate(meetings):
            later = [n for n in meetings[index + 1:] if n["status"] != "cancelled"]
            if m["status"] not in HELD_STATUSES or m["kind"] != "board" or not later:
                continue
            nxt = next(n for n in later if n["kind"] != "stocktake review")
            said = [line for line in minutes_paper(board, m["id"], paper_set.today).text()
                    .splitlines() if line.startswith("The next meeting will be held on ")]
            for line in said:  # where the minutes minute the date of the next meeting
                assert line.startswith("The next meeting will be held on "
                                       f"{day_date(nxt['meeting_date'])}"), line
                checked += later[0]["kind"] == "stocktake review"  # a stocktake came first
    finally:
        board.close()
    assert checked  # a board meeting followed by a stocktake review is among them


def _paper(found: list[tuple[str, str]], kind: str) -> list[tuple[str, str]]:
    """Return the paragraphs of the pack's paper whose title starts with `kind`, up to the
    next level 1 heading."""
    start = next(i for i, (style, text) in enumerate(found)
                 if style == "Heading 1" and text.startswith("Paper ") and kind in text)
    end = next((i for i in range(start + 1, len(found)) if found[i][0] == "Heading 1"),
               len(found))
    return found[start + 1:end]


def _asked(paper: list[tuple[str, str]]) -> list[str]:
    """Return the recommendations under '2.1 The board is asked to:', without ';' or '.'."""
    texts = [text for _, text in paper]
    start = texts.index("2.1 The board is asked to:") + 1
    end = texts.index("3. Reason for recommendations")
    return [t.rstrip(";.") for t in texts[start:end]]


def test_what_the_board_is_asked_matches_the_papers_on_both_boards(paper_set):
    from papers_boards import paragraphs

    board = paper_set.open()
    try:
        meetings = {m["id"]: m for m in board.rows("meeting")}
        this = str(meetings[paper_set.next_id]["meeting_date"])
        previous = max(str(m["meeting_date"]) for m in meetings.values()
                       if m["kind"] != "stocktake review" and m["status"] in HELD_STATUSES
                       and str(m["meeting_date"]) < this)
        measures = {m["code"]: m for m in board.rows("measure")}
    finally:
        board.close()
    found = paragraphs(paper_set.one(" - Board pack.docx"))
    plan, risks, dash = (_paper(found, k) for k in ("Priority Action Plan", "Risk register",
                                                    "Performance"))
    asked = {"plan": _asked(plan), "risks": _asked(risks), "measures": _asked(dash)}
    # a purpose asks for agreement only where a recommendation does
    for paper, recs in zip((plan, risks, dash), asked.values(), strict=True):
        purpose = next(t for _, t in paper if t.startswith("1.1 The purpose"))
        assert ("and to ask" in purpose) == any(not r.startswith("note ") for r in recs), purpose
    # exception reports are agreed only for measures that have one; the others are asked for
    for rec in asked["measures"]:
        codes = re.findall(r"\bM\d+\b", rec)
        with_report = [c for c in codes if (measures[c].get("exception_commentary") or "")
                       .strip() or (measures[c].get("exception_actions") or "").strip()]
        if rec.startswith("agree the exception"):
            assert codes and with_report == codes, rec
        elif rec.startswith("ask for an exception report"):
            assert codes and not with_report and " by the next meeting on " in rec, rec
    # revised due dates to agree are those revised since the last meeting
    for rec in asked["plan"]:
        if rec.startswith("agree the revised due date"):
            revised = dt.datetime.strptime(rec.split("revised on ")[1].rstrip(")"),
                                           "%d %B %Y").date()
            assert revised >= dt.date.fromisoformat(str(previous)[:10]), rec
    # each area's decisions are the recommendations about its actions and measures: one list
    recs = {r[:1].upper() + r[1:] + "." for r in asked["plan"] + asked["measures"]}
    texts = [t for _, t in plan]
    areas = [i for i, (style, t) in enumerate(plan) if style == "Heading 2"
             and t.startswith("Area ")]
    assert areas
    for n, start in enumerate(areas):
        end = areas[n + 1] if n + 1 < len(areas) else len(plan)
        block = texts[start:end]
        refs = {r[0] for r in docx_rows_after(block)}
        decided = block[block.index("Decisions needed") + 1:]
        decided = decided[:next((i for i, t in enumerate(decided)
                                 if t not in recs), len(decided))]
        assert decided or block[block.index("Decisions needed") + 1] == \
            "No decision is needed from the board for this area."
        for rec in asked["plan"]:
            mine = {ref for ref in refs if re.search(rf"(?<![\w.]){re.escape(ref)}(?![\w.])",
                                                     rec)}
            if rec.startswith("agree") and mine:
                assert rec[:1].upper() + rec[1:] + "." in decided, (block[0], rec)
    assert all(t in recs for t in texts if t.startswith(("Agree a recovery plan",)))


def docx_rows_after(block: list[str]) -> list[tuple[str]]:
    """Return the action refs an area's highlight names in its 'Why' and progress bullets
    ('PA2.2 (Red): ...')."""
    return [(m.group(1),) for t in block for m in [re.match(r"^(\S+) \((Red|Amber|Green|Blue|"
                                                            r"Not rated)\)", t)] if m]


def test_public_papers_use_plain_words_not_placeholders_on_both_boards(paper_set):
    from papers_boards import paragraphs, text_of

    pack = text_of(paper_set.one(" - Board pack.docx"))
    assert "minutes-ready" not in pack
    owners: list[str] = []
    for table in docx.Document(str(paper_set.one(" - Board pack.docx"))).tables:
        header = [c.text for c in table.rows[0].cells]
        if "Accountable owner" in header:
            col = header.index("Accountable owner")
            owners += [row.cells[col].text for row in table.rows[1:]]
    assert owners and "None" not in owners
    assessment = next(p for p in paper_set.stocktake_papers if "Self-assessment" in p.name)
    text = text_of(assessment)
    assert "sendsec" not in text.lower() and "(no organisation)" not in text
    letter = next(p for p in paper_set.next_papers if " - Invitation - " in p.name)
    found = paragraphs(letter)
    start = found.index(("Heading 1", "Agenda in brief"))
    style, brief = found[start + 1]  # one line an item, numbered, in one paragraph
    assert "List" not in style and all(re.match(r"\d+\. ", t) for t in brief.split("\n")), brief


def test_each_paper_names_its_own_risks_and_says_each_thing_once_on_both_boards(paper_set):
    from papers_boards import paragraphs

    found = paragraphs(paper_set.one(" - Board pack.docx"))
    papers = {k: [t for _, t in _paper(found, k)] for k in ("Priority Action Plan",
                                                            "Performance", "impact log")}
    risk = {k: next(t for t in v if t.startswith("5.3 Risk: ")) for k, v in papers.items()}
    assert len(set(risk.values())) > 1, risk  # not one sentence pasted into every paper
    assert re.search(r"\bR\d+ ", risk["Priority Action Plan"]) or "No open risk" in \
        risk["Priority Action Plan"]
    # the log's covering report does not say again what its body says (no voice this cycle)
    texts = papers["impact log"]
    report = [re.sub(r"^4\.\d+ ", "", t) for t in texts if re.match(r"4\.\d+ \S", t)]
    body = texts[texts.index("6. Background papers"):]
    assert report and not [r for r in report if any(r[:60] in t for t in body)]


def test_self_assessment_gives_the_notice_and_report_dates_in_order_on_both_boards(paper_set):
    from papers_boards import paragraphs

    assessment = next(p for p in paper_set.stocktake_papers if "Self-assessment" in p.name)
    line = next((t for _, t in paragraphs(assessment) if "Improvement Notice issued: " in t),
                None)
    if paper_set.name == "imported" and line is None:
        return  # the imported board records no notice date
    assert line is not None
    dates = [dt.datetime.strptime(d, "%d %B %Y").date()
             for d in re.findall(r": (\d{1,2} [A-Z][a-z]+ \d{4})", line)]
    assert len(dates) >= 2 and dates == sorted(dates), line

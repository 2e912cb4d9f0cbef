"""Counts in the self-assessment that differ from its summary say why, on the demo board and
on a board whose plan was imported: the accountability table also counts the board actions
from the minutes, the log's proposed entries are counted apart, and the contributions table
names an entry once for each organisation it names."""

from __future__ import annotations

import docx

from sendsec.domain import rules
from sendsec.domain.labels import count


def _tables(path):
    out = []
    for t in docx.Document(str(path)).tables:
        rows = [[c.text for c in r.cells] for r in t.rows]
        out.append(rows)
    return out


def test_the_self_assessment_says_why_its_counts_differ(paper_set):
    with paper_set.open() as board:
        actions = board.rows("action")
        plan = [a for a in actions if rules.in_plan(a)]
        extra = [a for a in actions if a["kind"] == "board"]
        entries = board.rows("impact_entry")
    confirmed = sum(e["status"] == "confirmed" for e in entries)
    proposed = sum(e["status"] == "proposed" for e in entries)
    path = paper_set.one(" - Self-assessment.docx", "stocktake")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    plan_open = sum(a["status"] in rules.OPEN_STATUSES for a in plan)
    assert f"{plan_open} open." in text
    owners = next(t for t in _tables(path) if t[0][:3] == ["Organisation", "Accountable owners",
                                                           "Open actions"])
    table_open = sum(int(r[2]) for r in owners[1:])
    if table_open != plan_open:  # the table counts the board actions too, and says so
        assert extra
        assert f"and also the {count(len(extra), 'board action')} from the minutes" in text
        assert f"add up to {table_open}, against the {plan_open} open in the plan alone" in text
    logged = f"{count(confirmed, 'entry', 'entries', no=True)} in the action and impact log"
    assert logged + (f" ({proposed} more proposed, not yet agreed)" if proposed else ",") \
        in text
    contributions = next(t for t in _tables(path) if t[0][:2] == ["Organisation", "Entries"])
    named = sum(int(r[1]) for r in contributions[1:])
    if named > confirmed:
        assert f"An entry may name several organisations, so the entries below add up to " \
               f"{named}, more than the {count(confirmed, 'entry', 'entries')} in the log." in text


def test_the_snapshot_report_says_which_actions_it_counts_and_gives_the_packs_figures(
        paper_set):
    from papers_boards import text_of

    from sendsec.reports.snapshot_changes import at_a_glance

    with paper_set.open() as board:
        actions = board.rows("action")
        plan = [a for a in actions if rules.in_plan(a)]
        glance = dict(at_a_glance(board, paper_set.today))
    extra = len(actions) - len(plan)
    assert extra  # both boards have board actions from the minutes
    assert glance["Actions"].startswith(
        f"{len(actions)} (the {count(len(plan), 'action')} in the Priority Action Plan and "
        f"{count(extra, 'board action')} from the minutes): ")
    mine = glance["Of them in the Priority Action Plan"]
    assert mine.startswith(f"{len(plan)}: overdue ")
    pack = text_of(paper_set.one(" - Board pack.docx"))
    assert f"{count(len(plan), 'action')} in the Priority Action Plan: " in pack


def test_the_contributions_to_strengthen_are_counted_as_they_are_listed(paper_set):
    """The table's 'To strengthen' column counted slow progress and escalations too (ICB 7,
    22 in all) over a list of 4 contributions to strengthen."""
    from sendsec.papers import self_assessment as sa

    with paper_set.open() as board:
        paper = sa.self_assessment_paper(board, paper_set.stocktake_id, paper_set.today)
        entries = board.rows("impact_entry")
    table = next(t for t in paper.tables() if "To strengthen" in t.headers)
    column = table.headers.index("To strengthen")
    named = sum(len([o for o in (e["organisations"] or "").replace(";", ",").split(",")
                     if o.strip()])
                for e in entries if e["kind"] == "contribution to strengthen"
                and not e.get("archived"))
    assert sum(int(r[column]) for r in table.rows) == named


def test_an_area_with_blue_actions_and_no_impact_evidence_says_so(paper_set):
    """Blue means delivered with its impact evidenced; an area whose Blue actions have no
    evidence logged said only 'No evidence of impact is logged for this area yet.'"""
    from sendsec.papers import self_assessment as sa

    with paper_set.open() as board:
        text = sa.self_assessment_paper(board, paper_set.stocktake_id, paper_set.today).text()
        areas = {a["id"]: a for a in board.rows("area")}
        evidenced = {e["area_id"] for e in board.rows("impact_entry")
                     if e["kind"] in sa.IMPACT_KINDS}
        blue = [a for a in board.rows("action") if a["rag"] == "blue"
                and a["area_id"] in areas and a["area_id"] not in evidenced]
    for action in blue:
        assert f"{action['ref']}" in text
    gaps = [line for line in text.splitlines()
            if line.startswith("No evidence of impact is logged for this area yet")]
    assert all(("rated Blue" in g) == any(a["ref"] in g for a in blue) for g in gaps)
    assert bool(blue) == any("rated Blue" in g for g in gaps)


def test_a_date_slipped_past_the_notices_target_date_is_said(paper_set):
    from sendsec.domain.dates import long_date
    from sendsec.papers import self_assessment as sa

    with paper_set.open() as board:
        text = sa.self_assessment_paper(board, paper_set.stocktake_id, paper_set.today).text()
        target = board.settings()["target_date"]
        late = [a for a in board.rows("action") if a["revised_due_date"] and target
                and a["revised_due_date"] > target and a["status"] not in ("closed",)]
    said = text.count(f"after the notice's target date of {long_date(target)}")
    assert said >= 1 if late else said == 0


def test_evidence_of_impact_does_not_repeat_its_source(paper_set):
    """'Evidence: Youth forum feedback, reported to the board (source: Youth forum feedback).'
    named the source twice."""
    import re

    from sendsec.papers import self_assessment as sa

    with paper_set.open() as board:
        text = sa.self_assessment_paper(board, paper_set.stocktake_id, paper_set.today).text()
    assert "Evidence: " in text
    twice = [m.group(0) for m in re.finditer(r"Evidence: ([^;(]+?), reported to the board "
                                             r"\(source: \1\)", text)]
    assert twice == []


def test_the_demo_credits_each_area_s_impact_to_partners_who_do_that_work():
    """NHFT was credited with 'Schools apply the SEND ranges consistently': the demo's impact
    log names the partners of each entry's area."""
    from sendsec.demo.data import AREA_PARTNERS, AREAS, ORGANISATIONS

    short = {o[1] for o in ORGANISATIONS} | {"schools"}
    assert set(AREA_PARTNERS) == {a[0] for a in AREAS}
    assert all(set(p.split(", ")) <= short for p in AREA_PARTNERS.values())
    assert "NHFT" not in AREA_PARTNERS["i"] and "schools" in AREA_PARTNERS["i"]

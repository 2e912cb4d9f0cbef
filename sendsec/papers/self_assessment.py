"""The council's self-assessment of improvement, for a DfE stocktake review (notice 10).

Sections follow paragraph 10 of the Improvement Notice:

1. Summary of progress.
2. Progress against each area of priority action and improvement area (10a, 10d-I):
   per area the actions by RAG, completed, slipped and slow to progress, and the
   key evidence of impact from the action and impact log.
3. Feedback from families, children and young people (10b): the log's
   "family and young people's voice" entries.
4. Governance and accountability (10c): board roles, the Chair and advisers,
   who owns the actions in each organisation, the meeting cadence.
5. Dashboard of performance measures (10d-II): targets, milestones
   (trajectory), slippage and whether the next milestone is in reach, with a
   chart per measure.
6. Partners' involvement (10d-III): attendance by organisation over 12 months
   and their contributions in the log.
7. Documents available to reviewers (12d): the minutes of every held meeting,
   with whether they are approved.

`self_assessment_paper` builds the plain blocks; `write_self_assessment`
writes `<date> <board> - Self-assessment.docx`; `generate_for_meeting` is what
the `papers` command calls for a stocktake review.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sendsec import charts
from sendsec.domain import rules
from sendsec.domain.dates import day_date, from_iso, long_date
from sendsec.domain.entities import HELD_STATUSES, STATUTORY_ROLES
from sendsec.domain.errors import SendsecError
from sendsec.domain.labels import agree, and_list, clauses, count, natural_key
from sendsec.papers import long_updates, office
from sendsec.papers.minutes import out_folder, save_paper
from sendsec.papers.model import Bullets, Figure, Heading, Paper, Table, Toc, labelled, para
from sendsec.papers.naming import paper_name
from sendsec.papers.template import template_source
from sendsec.services import meeting_cycle, registers
from sendsec.services.board import Board
from sendsec.services.folders import replace_file

VOICE = "family and young people's voice"
IMPACT_KINDS = ("impact on lived experience", VOICE)
RAG_COLUMNS = ("red", "amber", "green", "blue", None)
_ROLE_ORDER = ("independent chair", "DfE adviser", "NHS England adviser", "DfE case lead",
               "member", "elected member", "parent carer forum representative",
               "officer in attendance", "secretary", "observer")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _sentence(text: str) -> str:
    text = (text or "").strip()
    return text if not text or text[-1] in ".!?)\"'" else text + "."


def _owner(a: dict[str, Any]) -> str:
    if not a.get("owner_name"):
        return "No owner"
    return a["owner_name"] + (f" ({a['owner_organisation']})" if a.get("owner_organisation")
                              else "")


def _value(value: float | None, unit: str | None) -> str:
    return "-" if value is None else charts.format_value(value, unit)


def _slippage(m: dict[str, Any]) -> tuple[str, str]:
    """Return (against the milestone, next milestone) in words for one measure."""
    unit, latest, expected = m["unit"], m["latest_value"], m["expected"]
    higher = rules.better_when(m["higher_is_better"])
    if latest is None:
        against = "No data yet"
    elif expected is None:
        against = "No milestone set for this period"
    else:
        gap = latest - expected
        behind = gap < 0 if higher else gap > 0
        # a count of demand is above or below its milestone, neither better
        word = ("Above" if gap > 0 else "Below") if higher is None else \
            "Behind" if behind else "Ahead of"
        against = "On the milestone" if abs(gap) < 1e-9 else (
            f"{word} the milestone by {_value(abs(gap), unit if unit != '%' else '')}"
            + (" percentage points" if unit == "%" else ""))
    after = [t for t in m["trajectory"] if m["latest_period"] is None
             or from_iso(t["period"]) > m["latest_period"]]
    if after:
        nxt = after[0]
        nxt_text = f"{_value(nxt['expected'], unit)} by {long_date(nxt['period'])}"
        if latest is not None:
            gap = nxt["expected"] - latest
            needed = abs(gap) > 1e-9 if higher is None else gap > 0 if higher else gap < 0
            nxt_text += (f" (a further {'rise' if gap > 0 else 'fall'} of "
                         f"{_value(abs(gap), unit if unit != '%' else '')}"
                         f"{' points' if unit == '%' else ''} needed)" if needed
                         else " (already met)")
    elif m["target"] is not None:
        nxt_text = f"Target {_value(m['target'], unit)}" + (
            f" by {long_date(m['target_date'])}" if m.get("target_date") else "")
    else:
        nxt_text = "No further milestone set"
    return against, nxt_text


@dataclass(frozen=True)
class _World:
    """What every section of the self-assessment reads, gathered once."""

    board: Board
    today: dt.date
    meeting: dict[str, Any]
    s: dict[str, Any]
    name: str
    people: dict[Any, dict[str, Any]]  # by id (None finds no one)
    secretary: dict[str, Any] | None
    chair: dict[str, Any] | None
    areas: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    board_actions: list[dict[str, Any]]
    measures: list[dict[str, Any]]
    risks: list[dict[str, Any]]
    impacts: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    review: str


def _world(board: Board, meeting_id: int, today: dt.date) -> _World:
    meeting = board.get("meeting", meeting_id)
    s = board.settings()
    name = s["name"]
    people = {p["id"]: p for p in registers.people_rows(board, include_archived=True)}
    secretary = people.get(s.get("secretary_id"))
    chair = people.get(s.get("chair_id")) or next(
        (p for p in people.values() if p["role"] == "independent chair" and not p["archived"]),
        None)
    areas = board.rows("area")
    actions = [a for a in registers.action_rows(board, today) if rules.in_plan(a)]
    board_actions = [a for a in registers.action_rows(board, today) if a["kind"] == "board"]
    measures = sorted(registers.measure_rows(board, today), key=lambda m: natural_key(m["code"]))
    risks = [r for r in registers.risk_rows(board, today) if r["status"] == "open"]
    impacts = [e for e in registers.impact_rows(board) if e["status"] == "confirmed"]
    meetings = board.rows("meeting")
    review = "DfE stocktake review" if meeting["kind"] == "stocktake review" else \
        board.label("meeting", meeting_id)
    return _World(board, today, meeting, s, name, people, secretary, chair, areas, actions,
                  board_actions, measures, risks, impacts, meetings, review)


def self_assessment_paper(board: Board, meeting_id: int, today: dt.date) -> Paper:
    """Return the self-assessment for the stocktake review `meeting_id`, as of `today`: one
    section per part of the Improvement Notice's paragraph 10."""
    w = _world(board, meeting_id, today)
    meeting, s, name, secretary, review = w.meeting, w.s, w.name, w.secretary, w.review
    paper = Paper("self-assessment", f"{name}: self-assessment of improvement, "
                  f"{long_date(meeting['meeting_date'])}",
                  f"The council's assessment of improvement for the {review} on "
                  f"{long_date(meeting['meeting_date'])} (Improvement Notice paragraph 10)",
                  secretary["name"] if secretary else name,
                  header_text=f"{name} | Self-assessment | {long_date(meeting['meeting_date'])}")
    paper.add(Heading(f"{name}: self-assessment of improvement", 0))
    paper.add(para(f"Prepared for the {review} on {day_date(meeting['meeting_date'])}. The "
                   f"position is as recorded by the board on {long_date(today)}."))
    # in the order they happened: the notice may come before Ofsted publishes the report
    # (West Northamptonshire: notice 14 June 2024, report published 12 July 2024)
    dated = sorted((str(s[key])[:10], label) for key, label in (
        ("inspection_date", "Area SEND inspection"),
        ("notice_date", "Improvement Notice issued"),
        ("report_date", "inspection report published")) if s.get(key))
    facts = [f"{label}: {long_date(day)}" for day, label in dated]
    if s.get("target_date"):
        facts.append(f"target date for actions (notice 13): {long_date(s['target_date'])}")
    if facts:
        paper.add(para(_cap("; ".join(facts)) + "."))
    toc_index = len(paper.blocks)
    paper.add(Toc())

    _summary_section(paper, w)
    _areas_section(paper, w)
    _voice_section(paper, w)
    _governance_section(paper, w)
    _dashboard_section(paper, w.measures, w.impacts)
    _partners_section(paper, w)
    _feedback_section(paper, board)
    _documents_section(paper, w)
    if long_updates.long_ones(w.actions):  # each long update in full, once
        paper.add(Heading(f"Appendix: {long_updates.FULL_TITLE}", 1))
        paper.add(*long_updates.appendix(w.actions))
    entries = tuple((b.level, b.text) for b in paper.blocks
                    if isinstance(b, Heading) and b.level in (1, 2))
    paper.blocks[toc_index] = Toc(entries)
    return paper




def _summary_section(paper: Paper, w: _World) -> None:
    """Add section 1: a summary of progress (actions, measures, risks, the log)."""
    areas, actions, measures = w.areas, w.actions, w.measures
    risks, impacts = w.risks, w.impacts
    open_plan = [a for a in actions if a["status"] in rules.OPEN_STATUSES]
    done = [a for a in actions if a["status"] in ("complete", "closed")]
    rag = Counter(a["rag"] for a in actions)
    m_rag = Counter(m["rag"] for m in measures)
    overdue = sum(a["overdue"] for a in open_plan)
    proposed = sum(e["status"] == "proposed" for e in w.board.rows("impact_entry"))
    slipped = sum(a["slipped"] for a in actions)
    slow = sum(a["slow"] for a in open_plan)
    paper.add(Heading("1. Summary of progress", 1))
    paper.add(Bullets(tuple(x for x in (
        f"{count(len(actions), 'action')} in the Priority Action Plan across "
        f"{count(len(areas), 'area')}: "
        f"{len(done)} complete or closed, {len(open_plan)} open. By RAG: "
        + ", ".join(f"{rag[r]} {rules.rag_label(r)}" for r in RAG_COLUMNS if rag[r]) + ".",
        f"{count(overdue, 'open action')} {agree(overdue, 'is', 'are')} overdue, "
        f"{slipped} {agree(slipped, 'has', 'have')} a revised due date and "
        f"{slow} {agree(slow, 'is', 'are')} slow to progress.",
        f"{len(measures)} performance measures: " + (", ".join(
            f"{m_rag[r]} {rules.rag_label(r)}" for r in ("green", "amber", "red", None)
            if m_rag[r]) or "none recorded") + " against their target and trajectory.",
        f"{len(risks)} open risks: " + (", ".join(
            f"{n} {rules.band_label(b).lower()}" for b, n in sorted(
                Counter(r["band"] for r in risks).items(),
                key=lambda x: ("low", "medium", "high", "very high").index(x[0])
                if x[0] in ("low", "medium", "high", "very high") else 9)) or "none") + ".",
        f"{count(len(impacts), 'entry', 'entries', no=True)} in the action and impact log"
        + (f" ({proposed} more proposed, not yet agreed)" if proposed else "")
        + f", {sum(1 for e in impacts if e['kind'] == VOICE)} of them from families and young "
        "people.",
    ) if x)))


def _areas_section(paper: Paper, w: _World) -> None:
    """Add section 2: progress against each area: its actions, slippage, evidence of impact."""
    people, areas, actions, impacts = w.people, w.areas, w.actions, w.impacts
    paper.add(Heading("2. Progress against each area", 1))
    paper.add(para("Notice 10a and 10d-I: progress against each area of priority action and "
                   "improvement area. RAG ratings: " + "; ".join(
                       f"{rules.rag_label(r)}: {rules.RAG_MEANINGS[r]}" for r in
                       ("blue", "green", "amber", "red")) + "."))
    per_area: dict[Any, list[dict]] = defaultdict(list)
    for a in actions:
        per_area[a["area_id"]].append(a)
    table_rows = []
    listed = list(areas) + ([{"id": None, "code": "-", "title": "No area", "kind": ""}]
                            if per_area.get(None) else [])
    unrated = any(a["rag"] is None for a in actions)
    rag_keys = RAG_COLUMNS if unrated else RAG_COLUMNS[:4]
    for area in listed:
        acts = per_area.get(area["id"], [])
        c = Counter(a["rag"] for a in acts)
        table_rows.append((f"{area['code']}. {area['title']}", *(str(c[r]) for r in rag_keys),
                           str(sum(a["status"] in ("complete", "closed") for a in acts)),
                           str(sum(a["slipped"] for a in acts)),
                           str(sum(a["slow"] for a in acts if a["status"]
                                   in rules.OPEN_STATUSES))))
    headers = ("Area", "Red", "Amber", "Green", "Blue") + (("Not rated",) if unrated else ()) \
        + ("Complete", "Slipped", "Slow")
    widths = (4.5, 1.0, 1.3, 1.3, 1.0) + ((1.5,) if unrated else ()) + (1.6, 1.4, 1.1)
    paper.add(Table(headers, tuple(table_rows), widths=widths))
    if actions:
        from sendsec import charts  # the pack's chart: the same colours and patterns

        paper.add(Figure(charts.figure_png(charts.actions_by_rag_figure(actions, areas)),
                         charts.actions_by_rag_alt(actions, areas),
                         "Actions by RAG rating in each area", 15.0))
    for area in listed:
        acts = sorted(per_area.get(area["id"], []), key=lambda a: natural_key(a["ref"]))
        heading = f"{area['code']}. {area['title']}" if area["id"] else "Actions with no area"
        paper.add(Heading(heading, 2))  # the notice's own words, never cut
        if area.get("kind"):
            lead = people.get(area.get("lead_id"))
            paper.add(para(_cap(area["kind"]) + (f". Lead: {lead['name']}" if lead else "")
                           + "."))
        if not acts:
            paper.add(para("No actions are recorded for this area.", bold=True))
        else:
            c = Counter(a["rag"] for a in acts)
            complete = sum(a["status"] in ("complete", "closed") for a in acts)
            slow = [a for a in acts if a["slow"] and a["status"] in rules.OPEN_STATUSES]
            slipped = [a for a in acts if a["slipped"]]
            paper.add(para(f"{count(len(acts), 'action')}: " + ", ".join(
                f"{c[r]} {rules.rag_label(r)}" for r in RAG_COLUMNS if c[r])
                + f"; {complete} complete; {len(slipped)} slipped; {len(slow)} slow to "
                "progress."))
            paper.add(Table(("Ref", "Action", "Owner", "Due", "RAG", "Latest update"), tuple(
                (a["ref"], a["title"], _owner(a),
                 long_date(a["effective_due"]) if a["effective_due"] else "No date",
                 rules.rag_label(a["rag"]),
                 long_updates.cut(f"{long_date(a['latest_update_date'])}: "
                                  f"{a['latest_narrative']}")
                 if a["latest_update"] else "No update recorded") for a in acts),
                widths=(1.1, 3.0, 1.8, 1.7, 1.1, 4.3), rag_columns=(4,), bold_first_column=True))
            if slipped:  # a date past the notice's target date is said (check finds it)
                target = w.s.get("target_date")
                paper.add(labelled("Slipped", "; ".join(
                    f"{a['ref']} from {long_date(a['due_date'])} to "
                    f"{long_date(a['revised_due_date'])}"
                    + (f" ({a['revision_reason'].strip().rstrip('.')})"
                       if (a["revision_reason"] or "").strip() else "")
                    + (f", after the notice's target date of {long_date(target)}"
                       if target and str(a["revised_due_date"]) > str(target) else "")
                    for a in slipped) + "."))
            if slow:
                paper.add(labelled("Slow to progress", " ".join(
                    f"{a['ref']}: {clauses(a['slow_reasons'])}." for a in slow)))
        evidence = [e for e in impacts if e["kind"] in IMPACT_KINDS and (
            e["area_id"] == area["id"] if area["id"] else False)]
        paper.add(Heading("Key evidence of impact", 3))
        if evidence:
            # an entry logged again in the same words (its summary and what changed) is said
            # once, with each of its dates and each different piece of evidence
            said: dict[str, tuple[list[str], list[str]]] = {}
            for e in evidence:
                text = (_sentence(e["title"])
                        + (f" What changed: {_sentence(e['what_changed'])}"
                           if e["what_changed"] else ""))
                dates, proofs = said.setdefault(text, ([], []))
                dates.append(long_date(e["entry_date"]))
                proof = ((e["evidence"] or "").strip().rstrip(".")
                         + (f" (source: {e['source']})" if e["source"] and e["source"]
                            not in (e["evidence"] or "") else "")).strip()
                if proof and proof not in proofs:
                    proofs.append(proof)
            lines = [f"{_and_dates(dates)}: {text}"
                     + (f" Evidence: {'; '.join(proofs)}." if proofs else "")
                     for text, (dates, proofs) in said.items()]
            paper.add(Bullets(tuple(lines[:12])))
            if len(lines) > 12:
                paper.add(para(f"and {len(lines) - 12} earlier entries in the action and "
                               "impact log.", italic=True))
        else:  # Blue says delivered with its impact evidenced: the gap is named
            blue = [a["ref"] for a in acts if a["rag"] == "blue"]
            paper.add(para("No evidence of impact is logged for this area yet" + (
                f", although {and_list(blue)} {agree(len(blue), 'is', 'are')} rated Blue "
                "(delivered, its impact evidenced): log the evidence or review the rating"
                if blue else "") + ".", italic=True))


def _voice_section(paper: Paper, w: _World) -> None:
    """Add section 3: feedback from families, children and young people."""
    impacts = w.impacts
    paper.add(Heading("3. Feedback from families, children and young people", 1))
    voice = [e for e in impacts if e["kind"] == VOICE]
    paper.add(para("Notice 10b: what parents, carers, children and young people have told the "
                   "partnership, from the action and impact log."))
    if voice:
        paper.add(Table(("Date", "Area", "What families and young people told us",
                         "What changed", "Source"), tuple(
            (long_date(e["entry_date"]), e["area_code"] or "-", e["title"]
             + (f"\nEvidence: {e['evidence']}" if e["evidence"] else ""),
             e["what_changed"] or "-", e["source"] or "-") for e in voice),
            widths=(1.4, 0.6, 4.4, 3.4, 1.8)))
    else:
        paper.add(para("No feedback from families or young people is recorded in the action "
                       "and impact log. The board should record the parent carer forum's and "
                       "young people's views before the review.", bold=True))


def _governance_section(paper: Paper, w: _World) -> None:
    """Add section 4: governance and accountability (the board, owners by organisation, cadence)."""
    board, today, people, chair = w.board, w.today, w.people, w.chair
    actions, board_actions, meetings = w.actions, w.board_actions, w.meetings
    paper.add(Heading("4. Governance and accountability", 1))
    paper.add(para("Notice 10c and 5a-b: the improvement board, who sits on it and who is "
                   "accountable for each action."))
    paper.add(Heading("The improvement board", 2))
    if chair:
        paper.add(labelled("Independent Chair", chair["name"] + (
            f", {chair['title']}" if chair.get("title") else "")))
    # who sits on it: an officer or observer only when invited (an action's lead is not)
    invited = {i["person_id"] for i in board.rows("invitee")}
    live = [p for p in people.values() if not p["archived"] and (
        p["role"] not in ("officer in attendance", "observer") or p["id"] in invited)]
    live.sort(key=lambda p: (_ROLE_ORDER.index(p["role"]) if p["role"] in _ROLE_ORDER else 99,
                             p["name"].casefold()))
    paper.add(Table(("Board role", "Name", "Job title", "Organisation"), tuple(
        (_cap(p["role"]), p["name"], p["title"] or "", p["organisation"] or "") for p in live),
        widths=(2.2, 2.4, 3.6, 2.8)))
    missing = [r for r in STATUTORY_ROLES if not any(p["role"] == r for p in live)]
    if missing:
        paper.add(para("No " + " or ".join(missing) + " is recorded on the board (notice 6).",
                       bold=True))
    paper.add(Heading("Accountability for actions by organisation", 2))
    if board_actions:
        plan_open = sum(a["status"] in rules.OPEN_STATUSES for a in actions)
        extra_open = sum(a["status"] in rules.OPEN_STATUSES for a in board_actions)
        paper.add(para(f"This table counts the {count(len(actions), 'action')} in the Priority "
                       f"Action Plan and also the {count(len(board_actions), 'board action')} "
                       f"from the minutes ({extra_open} of them open), so its open actions add "
                       f"up to {plan_open + extra_open}, against the {plan_open} open in the "
                       "plan alone (section 1)."))
    org_rows: dict[str, dict[str, Any]] = {}
    for a in actions + board_actions:
        org = a["owner_organisation"] or ("No owner" if not a["owner_name"] else
                                          "No organisation")
        row = org_rows.setdefault(org, {"owners": set(), "open": 0, "done": 0, "red": 0})
        if a["owner_name"]:
            row["owners"].add(a["owner_name"])
        if a["status"] in rules.OPEN_STATUSES:
            row["open"] += 1
            row["red"] += a["rag"] == "red"
        elif a["status"] in ("complete", "closed"):
            row["done"] += 1
    paper.add(Table(("Organisation", "Accountable owners", "Open actions", "Of which Red",
                     "Complete or closed"), tuple(
        (org, ", ".join(sorted(r["owners"])) or "-", str(r["open"]), str(r["red"]),
         str(r["done"])) for org, r in sorted(org_rows.items())),
        widths=(2.0, 5.0, 1.2, 1.2, 1.4), bold_first_column=True))
    unowned = [a["ref"] for a in actions if not a["owner_id"]]
    if unowned:
        paper.add(para("Actions with no accountable owner (notice 5b): " + ", ".join(unowned)
                       + ".", bold=True))
    paper.add(Heading("Meeting cadence", 2))
    year_ago = rules.add_months(today, -12)
    held = [m for m in meetings if m["status"] in HELD_STATUSES
            and from_iso(m["meeting_date"]) <= today]
    held_year = [m for m in held if from_iso(m["meeting_date"]) >= year_ago]
    planned = [m for m in meetings if m["status"] not in (*HELD_STATUSES, "cancelled")
               and from_iso(m["meeting_date"]) >= today]
    offsets = board.offsets()
    reviews = sum(m["kind"] == "stocktake review" for m in held_year)
    cadence = [f"{count(len(held_year), 'meeting')} held in the last 12 months"
               + (f" ({reviews} of them DfE stocktake reviews)." if reviews > 1 else
                  " (one of them a DfE stocktake review)." if reviews else ".")]
    if planned:
        cadence.append("Planned: " + "; ".join(
            f"{day_date(m['meeting_date'])} ({board.label('meeting', m['id']).split(',')[0]})"
            for m in planned[:6]) + ".")
    cadence.append(f"Each cycle, owners are asked for updates {-offsets['request_updates']} "
                   f"working days before the meeting; papers are sent "
                   f"{-offsets['papers_dispatched']} clear working days before; draft minutes "
                   f"go to the Chair within {offsets['draft_minutes_to_chair']} working days.")
    cadence.append("The DfE adviser, the NHS England adviser and the DfE case lead are invited "
                   "to every meeting (notice 6); the risk register is reviewed and the action "
                   "and impact log updated at each meeting (notice 5c, 5e).")
    paper.add(Bullets(tuple(cadence)))


def _partners_section(paper: Paper, w: _World) -> None:
    """Add section 6: partners' involvement (attendance, contributions to the log)."""
    board, today, impacts = w.board, w.today, w.impacts
    paper.add(Heading("6. Partners' involvement", 1))
    paper.add(para("Notice 10d-III: evidence that key partners, including children and young "
                   "people, families and schools, play an active role in improving services."))
    record = meeting_cycle.attendance_record(board, today)
    paper.add(Heading("Attendance at board meetings by organisation", 2))
    paper.add(para(f"Over the last 12 months ({count(record['meetings'], 'meeting')} held since "
                   f"{long_date(record['since'])}, cancelled meetings excluded). A substitute "
                   "counts for the organisation they represent."))
    if record["organisations"]:
        paper.add(Table(("Organisation", "Invitations", "Attended", "Attendance rate"), tuple(
            (r["organisation"], str(r["invited"]), str(r["present"]),
             f"{r['rate']}%" if r["rate"] is not None else "-")
            for r in record["organisations"]), widths=(4.0, 1.5, 1.5, 1.5),
            bold_first_column=True))
    else:
        paper.add(para("No attendance has been recorded at meetings in the last 12 months.",
                       bold=True))
    paper.add(Heading("Contributions recorded in the action and impact log", 2))
    contributions: dict[str, list[dict]] = defaultdict(list)
    for e in impacts:
        for org in [o.strip() for o in (e["organisations"] or "").replace(";", ",").split(",")]:
            if org:
                contributions[org].append(e)
    if contributions:
        named = sum(len(es) for es in contributions.values())
        if named > len(impacts):
            paper.add(para(f"An entry may name several organisations, so the entries below add "
                           f"up to {named}, more than the {count(len(impacts), 'entry', 'entries')}"
                           " in the log."))
        paper.add(Table(("Organisation", "Entries", "Impact and voice", "To strengthen",
                         "Most recent"), tuple(
            (org, str(len(es)), str(sum(e["kind"] in IMPACT_KINDS for e in es)),
             # as the list below it: slow progress and escalations are the areas' own
             str(sum(e["kind"] == "contribution to strengthen" for e in es)),
             f"{long_date(es[0]['entry_date'])}: {es[0]['title']}")
            for org, es in sorted(contributions.items())),
            widths=(2.2, 0.9, 1.2, 1.2, 5.0), bold_first_column=True))
    else:
        paper.add(para("No organisations are named in the action and impact log.", italic=True))
    strengthen = [e for e in impacts if e["kind"] == "contribution to strengthen"]
    if strengthen:
        paper.add(Heading("Where contributions need to be strengthened", 2))
        paper.add(Bullets(tuple(f"{long_date(e['entry_date'])}: {e['title']}"
                                + (f" ({e['evidence']})" if e["evidence"] else "")
                                for e in strengthen[:15])))


def _documents_section(paper: Paper, w: _World) -> None:
    """Add section 8: the documents available to reviewers (minutes of every meeting, records)."""
    board, name, secretary, meetings, today = w.board, w.name, w.secretary, w.meetings, w.today
    held = [m for m in meetings if m["status"] in HELD_STATUSES
            and from_iso(m["meeting_date"]) <= today]
    paper.add(Heading("8. Documents available to reviewers", 1))
    paper.add(para("Notice 12d: the minutes of every meeting of the board, and the records "
                   "used to plan, track and evaluate the impact of actions (notice 10d)."))
    held_all = sorted(held, key=lambda m: (m["meeting_date"], m["start_time"] or ""))
    if held_all:
        rows = []
        for m in held_all:
            minutes = board.rows("minute", parent_id=m["id"])
            numbers = [x["number"] for x in minutes]
            if m["status"] == "minutes approved":
                at = m.get("approved_at_meeting_id")
                state = ("Approved" + (f" on {long_date(board.get('meeting', at)['meeting_date'])}"
                                       if at else ""))
            elif m["status"] == "minutes drafted" or any(x["discussion"] for x in minutes):
                state = "Draft, awaiting approval"
            else:
                state = "Not yet drafted"
            span = (f"{min(numbers)} to {max(numbers)}" if len(numbers) > 1 else
                    str(numbers[0]) if numbers else "-")
            rows.append((long_date(m["meeting_date"]),
                         board.label("meeting", m["id"]).split(",")[0], span, state,
                         paper_name(m["meeting_date"], name, "Minutes", ".docx")
                         if state != "Not yet drafted" else "-"))
        paper.add(Table(("Date", "Meeting", "Minutes", "Status", "File"), tuple(rows),
                        widths=(1.6, 1.8, 1.1, 2.0, 5.0)))
    else:
        paper.add(para("No meetings have been held yet.", italic=True))
    paper.add(Bullets((
        "The Priority Action Plan with every progress update (the board's workbook, Actions "
        "sheet).",
        "The risk register with each cycle's review (the board's workbook, Risks sheet).",
        "The action and impact log (the board's workbook, Impact log sheet).",
        "The performance dashboard data and trajectories (the board's workbook, Measures and Data "
        "points sheets).",
        "The board packs for each meeting, including the exceptions report.")))
    if secretary:
        paper.add(labelled("Contact", ", ".join(x for x in (
            secretary["name"], f"Secretary to the {name}", secretary.get("email"),
            secretary.get("phone")) if x)))


def _dashboard_section(paper: Paper, measures: list[dict[str, Any]],
                       impacts: list[dict[str, Any]]) -> None:
    """Add section 5: the dashboard of performance measures, with a chart per measure."""
    paper.add(Heading("5. Dashboard of performance measures", 1))
    paper.add(para("Notice 10d-II: whether targets and milestones are being met in a timely "
                   "manner, any slippage, and whether the area is on track for the next "
                   "milestone. RAG compares the latest value with the target and the "
                   "trajectory; the direction of travel compares it with the figure before."))
    if measures:
        rows = []
        for m in measures:
            against, nxt = _slippage(m)
            latest = (f"{_value(m['latest_value'], m['unit'])} ({m['latest_period']:%b %Y})"
                      if m["latest_period"] else "No data")
            target = _value(m["target"], m["unit"]) + (
                f" by {long_date(m['target_date'])}" if m.get("target_date") else "")
            baseline = _value(m["baseline"], m["unit"]) if m["baseline"] is not None else "-"
            rows.append((m["code"], m["title"], baseline, latest, target,
                         _value(m["expected"], m["unit"]), rules.rag_label(m["rag"]),
                         _cap(m["trend"]), against, nxt))
        paper.add(Table(("Code", "Measure", "Baseline", "Latest", "Target", "Milestone now",
                         "RAG", "Direction of travel", "Against the milestone", "Next milestone"),
                        tuple(rows), widths=(0.8, 2.6, 1.0, 1.3, 1.4, 1.1, 0.9, 1.1, 1.8, 1.9),
                        rag_columns=(6,), bold_first_column=True))
        # the pack's chart of each measure, and its words: the whole series, its span and gaps
        pictures = iter(charts.measure_pngs([m for m in measures if m["points"]]))
        for m in measures:
            paper.add(Heading(f"{m['code']}: {m['title']}", 2))
            if m.get("data_source"):
                paper.add(labelled("Source", m["data_source"]))
            if m["points"]:
                paper.add(Figure(next(pictures), charts.measure_alt(m),
                                 f"{m['code']}: {m['title']}", 15.0))
            else:
                paper.add(para("No figures are recorded for this measure yet.", italic=True))
            linked: dict[str, list[str]] = {}
            for e in impacts:
                if e["measure_id"] == m["id"]:
                    linked.setdefault(e["title"], []).append(long_date(e["entry_date"]))
            for title, dates in list(linked.items())[:3]:
                paper.add(labelled(f"Impact ({_and_dates(dates)})", title))
    else:
        paper.add(para("No performance measures are recorded (notice 5b, 10d-II).", bold=True))


def _and_dates(dates: list[str]) -> str:
    """Return '3 May 2026', or '3 May 2026 and 9 June 2026', or 'a, b and c'."""
    return dates[0] if len(dates) == 1 else ", ".join(dates[:-1]) + " and " + dates[-1]


def _answered_by(board: Board, f: dict[str, Any]) -> str:
    """Return what answers a finding, in words: the action, area and board decision."""
    parts = []
    if f["action_id"]:
        parts.append(f"action {board.label('action', f['action_id'])}")
    if f["area_id"]:
        parts.append(f"area {board.label('area', f['area_id'])}")
    if f["minute_id"]:
        parts.append(f"board decision, {board.label('minute', f['minute_id'])}")
    return "; ".join(parts) or "Not yet linked to an action or board decision"


def _feedback_section(paper: Paper, board: Board) -> None:
    """7. What the DfE and NHS England said (stocktake letters, deep dives, the advisers'
    findings; notice paragraphs 4 and 7) and what answers each."""
    findings = sorted(board.rows("finding"), key=lambda f: (f["received_on"] or "", f["id"]))
    paper.add(Heading("7. Feedback from the DfE and NHS England", 1))
    paper.add(para("Notice 4 and 7: the recommendations and findings of the DfE and NHS England "
                   "advisers, stocktake letters and deep dives, and what the board is doing "
                   "about each."))
    if not findings:
        paper.add(para("No findings from the DfE or NHS England are recorded yet.",
                       italic=True))
        return
    by_status = Counter(f["status"] for f in findings)
    paper.add(para(_cap(", ".join(f"{by_status[s]} {s}" for s in
                                  ("open", "in progress", "addressed", "closed")
                                  if by_status[s])) + f", of {len(findings)} recorded."))
    rows = tuple((long_date(f["received_on"]) if f["received_on"] else "",
                  f["source"] + (f" ({f['reference']})" if f["reference"] else ""),
                  f["text"], _answered_by(board, f), _cap(f["status"]),
                  f["response"] or "")
                 for f in findings)
    paper.add(Table(("Received", "From", "Finding or recommendation", "Answered by", "Status",
                     "Response"), rows, widths=(1.4, 1.6, 3.3, 2.0, 1.7, 2.6)))


def write_self_assessment(board: Board, meeting_id: int, out_dir: str | Path, today: dt.date,
                          *, now: dt.datetime | None = None) -> Path:
    """Write `<date> <board> - Self-assessment.docx` for the review; return its path."""
    return _write(board, meeting_id, out_dir, today, now=now)[0]


def generate_for_meeting(board: Board, meeting_id: int, out_dir: str | Path, today: dt.date,
                         *, suite: office.Office | None = None,
                         warn: Callable[[str], None] | None = None) -> list[Path]:
    """Return the self-assessment written for a stocktake review (nothing for other meetings):
    the .docx and, laid out by the office `suite` when one is given, its PDF
    `<date> <board> - Self-assessment.pdf`, whose page numbers its contents then show (when
    the PDF cannot be made, `warn` says why in one line and the .docx is written)."""
    meeting = board.get("meeting", meeting_id)
    if meeting["kind"] != "stocktake review":
        return []
    return _write(board, meeting_id, out_dir, today, suite=suite, warn=warn)


def _write(board: Board, meeting_id: int, out_dir: str | Path, today: dt.date, *,
           now: dt.datetime | None = None, suite: office.Office | None = None,
           warn: Callable[[str], None] | None = None) -> list[Path]:
    """Write the self-assessment's .docx, and its PDF with `suite`; return the paths written."""
    meeting = board.get("meeting", meeting_id)
    if meeting["status"] == "cancelled":
        raise SendsecError(f"{board.label('meeting', meeting_id)} is cancelled: no "
                           "self-assessment is needed for it.")
    paper = self_assessment_paper(board, meeting_id, today)
    out = out_folder(out_dir)
    settings = board.settings()
    template = template_source(settings.get("template_path"))
    path = out / paper_name(meeting["meeting_date"], settings["name"], "Self-assessment",
                            ".docx")

    def write(at: Path, pages: Mapping[str, int] | None) -> Path:
        return save_paper(paper, template, at, now=now, pages=pages)

    write(path, None)  # first as without a PDF: one open in Word is refused as ever
    if suite is None:
        return [path]
    pdf = path.with_suffix(".pdf")
    found: dict[str, int] = {}

    def lay_out(made: Path) -> None:
        made.unlink()  # the office suite writes it: a file there already would hide a failure
        found.update(office.lay_out(suite, path, made, write))

    try:
        replace_file(pdf, lay_out, held_by="a PDF reader")
    except SendsecError as exc:
        write(path, None)  # numbered from no PDF that was kept
        if warn:
            warn(f"{exc} The self-assessment's .docx is written, its contents without page "
                 "numbers.")
            if pdf.exists():
                from sendsec.papers import stale_pdf
                warn(stale_pdf(pdf.name))
        return [path]
    if not found and warn:
        warn(office.UNREAD.replace("the .docx contents", "the self-assessment's .docx contents"))
    return [path, pdf]

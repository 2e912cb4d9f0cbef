"""The board pack: contents, agenda, last minutes, action log and a section per report."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sendsec import charts
from sendsec.domain import rules
from sendsec.domain.dates import clock, day_date, from_iso, long_date
from sendsec.domain.entities import HELD_STATUSES
from sendsec.domain.labels import and_list, count, meeting_name
from sendsec.papers import challenges_section, covering, highlights, long_updates
from sendsec.papers import part_b as part_b_text
from sendsec.papers.agenda import (
    MINUTES_SECTION,
    agenda_table,
    minutes_confirm,
    minutes_sets,
)
from sendsec.papers.changes import _pack_changes
from sendsec.papers.layout import NBSP
from sendsec.papers.meeting_data import (
    _IMPACT_GROUPS,
    EXCLUSION_WORDING,
    MeetingData,
    _contact,
    _due,
    _latest,
    _meeting_intro,
    _none,
    _owner,
    _rag,
    impact_sentence,
    impact_since,
    table_date,
)
from sendsec.papers.minutes_template import _attendance_groups
from sendsec.papers.model import (
    Attached,
    Figure,
    Heading,
    PageBreak,
    Paper,
    Para,
    Table,
    Toc,
    labelled,
    para,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

# ---------------------------------------------------------------------------- board pack


#: A progress update longer than this is cut in tables and highlight reports, with a pointer
#: to the pack's appendix that gives it in full (a long update is printed once).
TABLE_UPDATE_LIMIT = long_updates.LIMIT


def _action_table(actions: list[dict], *, with_area: bool = False) -> Table:
    """Return the table of `actions` (a long update cut, with a pointer to it in full)."""
    rows = []
    for a in actions:
        row = [a["ref"], a["title"], _owner(a), _due(a), _rag(a["rag"]),
               long_updates.cut(_latest(a))]
        if with_area:
            row.insert(1, a["area_code"])
        rows.append(tuple(row))
    headers = ["Ref", "Action", "Owner", "Due", "RAG", "Latest update"]
    widths = [1.3, 3.2, 2.0, 1.7, 1.4, 4.6]
    if with_area:
        headers.insert(1, "Area")
        widths.insert(1, 0.9)
    return Table(tuple(headers), tuple(rows), widths=tuple(widths),
                 rag_columns=(5 if with_area else 4,), bold_first_column=True)


def _minutes_name(meeting: dict) -> str:
    """Return 'Meeting 6' or 'the DfE stocktake review': whose minutes they are."""
    if meeting.get("kind") == "stocktake review":
        return "the DfE stocktake review"
    return meeting_name(meeting)


def minutes_heading(data: MeetingData) -> str:
    """Return the pack's minutes section heading, naming the sets put to the meeting, as a
    council's agenda does ('To confirm the Minutes of the meeting held on ...'): 'Minutes of
    the meeting held on 28 October 2026', 'Minutes of the meetings held on 14 October and 11
    November 2026', or 'Minutes' when none is put to it."""
    sets = minutes_sets(data)
    return f"{MINUTES_SECTION} of {sets}" if sets else MINUTES_SECTION


def _pack_minutes(paper: Paper, data: MeetingData) -> None:
    """Print every set of minutes put to the meeting for approval, each under its own
    heading, or say why there are none (never asking to agree minutes already approved)."""
    prev = data.previous
    if not data.for_approval:
        if prev is None:
            paper.add(_none("This is the first stocktake review: there are no earlier "
                            "minutes." if data.meeting["kind"] == "stocktake review" else
                            "This is the board's first meeting: there are no earlier minutes."))
        elif data.meeting["kind"] == "stocktake review":
            paper.add(_none("No minutes are before this review for approval: the minutes of "
                            "earlier meetings are agreed at the board's meetings."))
        else:
            paper.add(_none(f"The minutes of {_minutes_name(prev)}, held on "
                            f"{long_date(prev['meeting_date'])}, are already approved; no "
                            "minutes are before the board for approval."))
        return
    several = len(data.for_approval) > 1
    if several:
        paper.add(para("The board is asked to agree as correct records the minutes of "
                       + and_list(f"{_minutes_name(a.meeting)} held on "
                              f"{long_date(a.meeting['meeting_date'])}"
                              for a in data.for_approval) + ". Each set follows under its own "
                       "heading.", bold=True))
    for approval in data.for_approval:
        m = approval.meeting
        when = long_date(m["meeting_date"])
        name = _minutes_name(m)
        paper.add(Heading(f"Minutes of {name}, held on {when} (draft)", 2))
        if not approval.minutes and not approval.part_b:
            paper.add(_none(f"The minutes of {name}, held on {when}, have not been recorded "
                            "in the board's records yet; they will be circulated separately."))
            continue
        if not several:
            paper.add(para(f"The board is asked to agree the minutes of {name}, held on "
                           f"{when}, as a correct record."))
        groups = _attendance_groups(approval.attendance)
        for group in ("Present", "Substitutes", "Also present", "Apologies", "Officers"):
            if groups[group]:
                paper.add(labelled(group, "; ".join(groups[group])))
        for minute, resolutions in approval.minutes:
            paper.add(Heading(f"{minute['number']}. {minute['heading']}", 3))
            if minute.get("discussion"):
                paper.add(para(minute["discussion"]))
            for res in resolutions:
                text = res["text"]
                paper.add(Para((("RESOLVED: ", True),
                                (text if text.lower().startswith("that") else f"that {text}",
                                 False))))
        if approval.part_b:
            paper.add(para(part_b_text.numbers_note(approval.part_b), italic=True))
        if m.get("closed_at"):
            paper.add(para(f"The meeting closed at {clock(m['closed_at'])}."))


def _chart(fig_builder: Callable[[], MplFigure], alt: str, title: str, width: float = 16.0
           ) -> Figure:
    return Figure(charts.figure_png(fig_builder()), alt, title, width)


def _pack_paper(data: MeetingData, part_b: bool) -> Paper:
    """Return a pack's front: its cover (for Part B marked not for publication, with the
    exclusion under Schedule 12A) and a Contents filled in by `_contents`."""
    mark = part_b_text.TITLE if part_b else ""
    paper = Paper("pack", f"{data.board_name}: board pack{mark}, {long_date(data.date)}",
                  f"Board pack{mark}: the papers for {data.number_text} on "
                  f"{long_date(data.date)}", data.author,
                  header_text=(part_b_text.HEADER if part_b else "")
                  + f"{data.board_name} | Board pack | {long_date(data.date)}")
    paper.add(Heading(data.board_name + mark, 0))
    if part_b:
        paper.add(para(part_b_text.MARK, bold=True), para(EXCLUSION_WORDING))
    paper.add(para("Papers for the meeting" + (": the Part B (confidential) items"
                                                 if part_b else ""), bold=True))
    paper.add(*_meeting_intro(data))
    if data.chair:
        paper.add(labelled("Chair", data.chair.described()))
    paper.add(labelled("Published" if not part_b else "Circulated", long_date(data.today)))
    if data.cycle_start and data.previous and not part_b:
        paper.add(para(f"This pack reports the cycle since the last meeting on "
                       f"{long_date(data.previous['meeting_date'])}, as the records stood on "
                       f"{long_date(data.today)}."))
    if data.part(True) and not part_b:
        paper.add(para("Papers for Part B (confidential) items are circulated separately.",
                       italic=True))
    paper.add(*_contact(data))
    paper.add(PageBreak(), para("Contents", bold=True), Toc(), PageBreak())
    return paper


def _contents(paper: Paper) -> Paper:
    """Fill the pack's Contents with its Heading 1 titles; return the pack."""
    entries = tuple((b.level, b.text) for b in paper.blocks
                    if isinstance(b, Heading) and b.level == 1)
    index = next(n for n, b in enumerate(paper.blocks) if isinstance(b, Toc))
    paper.blocks[index] = Toc(entries)
    return paper


def _section(paper: Paper, title: str, *, first: bool = False) -> None:
    if not first:
        paper.add(PageBreak())
    paper.add(Heading(title, 1))


def _others_report(paper: Paper, report: covering.CoveringReport,
                   attachments: Mapping[str, Path] | None) -> None:
    """Add a paper's report that the records do not make: the .docx attached for its letter,
    else where it is (the self-assessment) or 'to follow'."""
    attached = (attachments or {}).get(report.letter)
    paper.add(Heading("The report", 2))
    if attached:
        paper.add(Attached(str(attached), report.heading))
    elif report.kind == "self-assessment":
        paper.add(para("The self-assessment is a separate document circulated with "
                       "this pack.", italic=True))
    else:
        paper.add(para(f"To follow: this paper is being prepared by {report.author} "
                       "and will be circulated before the meeting.", italic=True))


def part_b_pack(data: MeetingData, attachments: Mapping[str, Path] | None = None) -> Paper:
    """Return the Part B board pack, a document of its own marked not for publication: its
    cover, contents, the Part B agenda, then a lettered paper for each Part B item the agenda
    gives a paper ('Paper F: ...'), each opening with its covering report, its report merged
    from `attachments` (by letter) or 'to follow'."""
    paper = _pack_paper(data, part_b=True)
    _section(paper, "Part B agenda", first=True)
    paper.add(agenda_table(data.part(True), agenda=data.items))
    covers = covering.reports(data, part_b=True)
    for item in data.part(True):
        report = covers.get(item.number)
        if report is not None:
            _section(paper, report.heading)
            paper.add(*covering.blocks(report, data))
            _others_report(paper, report, attachments)
    return _contents(paper)


def board_pack(data: MeetingData, board_labels: dict | None = None,
               attachments: Mapping[str, Path] | None = None) -> Paper:
    """Return the board pack: cover, contents, agenda, last minutes, action log, then a paper
    for each lettered agenda item ('Paper A: ...'), each opening with its covering report,
    and appendices (what no paper reports, the forward plan, what changed). A paper from
    others is 'to follow' until its .docx is in `attachments` (by letter), then merged;
    never one a Part B item's paper has the letter of (those go in `part_b_pack`)."""
    board_labels = board_labels or {}
    secret = set(covering.letters(data.items, part_b=True).values())
    attachments = {k: v for k, v in (attachments or {}).items() if k not in secret}
    paper = _pack_paper(data, part_b=False)

    plan = [a for a in data.plan_actions() if a["status"] in (
        *rules.OPEN_STATUSES, "complete", "closed", "deferred")]
    open_plan = [a for a in plan if a["status"] in rules.OPEN_STATUSES]

    def section(title: str, *, first: bool = False) -> None:
        _section(paper, title, first=first)

    section("Agenda", first=True)
    paper.add(agenda_table(data.part(False), agenda=data.items, confirm=minutes_confirm(data)))
    if data.part(True):
        paper.add(para("Part B (confidential) items:", bold=True),
                  agenda_table(data.part(True), agenda=data.items))

    section(minutes_heading(data))
    _pack_minutes(paper, data)

    section("Action log")
    _pack_action_log(paper, data)

    # what each report holds: (kind, [(section title, writer)]); a lettered paper on the
    # agenda opens with its covering report, anything no paper claims goes in an appendix
    reports: dict[str, list[tuple[str, Any]]] = {
        "plan": [("Progress against the Priority Action Plan",
                  lambda: _pack_plan(paper, data, plan)),
                 ("Exceptions", lambda: _pack_exceptions(paper, open_plan, data.today,
                                                         data.cycle_start))],
        "risks": [("Risk register", lambda: _pack_risks(paper, data))],
        "measures": [("Performance dashboard", lambda: _pack_measures(paper, data))],
        "impact": [("Action and impact log", lambda: _pack_impact(paper, data))],
        "challenges": [("The chair's challenges", lambda: paper.add(*challenges_section.blocks(
            data.challenges, data.people_names, data.cycle_start)))],
    }
    covers = covering.reports(data)
    for item in data.part(False):
        report = covers.get(item.number)
        if report is None:
            continue
        section(report.heading)
        paper.add(*covering.blocks(report, data))
        parts = reports.pop(report.kind, None)
        if parts is None:
            _others_report(paper, report, attachments)
            continue
        for index, (title, write) in enumerate(parts):
            if index:
                section(f"Paper {report.letter}, appendix: {title}")
            else:
                paper.add(Heading(title, 2))
            write()
    appendices = [part for parts in reports.values() for part in parts]
    appendices += [("Forward plan", lambda: _pack_forward(paper, data)),
                   ("What changed since the last meeting",
                    lambda: _pack_changes(paper, data, board_labels))]
    in_pack = data.plan_actions() + data.board_actions()
    if long_updates.long_ones(in_pack):  # each long update in full, once
        appendices.append((long_updates.FULL_TITLE,
                           lambda: paper.add(*long_updates.appendix(in_pack))))
    for number, (title, write) in enumerate(appendices, 1):
        section(f"Appendix {number}: {title}")
        write()
    return _contents(paper)


def _pack_action_log(paper: Paper, data: MeetingData) -> None:
    paper.add(para("Board actions arising from the minutes, open and recently closed. Matters "
                   "arising from the last meeting are listed first."))
    minute_ids = {m["id"] for m, _ in data.previous_minutes}
    arising = [a for a in data.board_actions() if a.get("minute_id") in minute_ids]
    paper.add(Heading("Matters arising from the last meeting", 2))
    paper.add(_board_action_table(arising) if arising else
              _none("No actions arose from the last meeting's minutes."))
    others = [a for a in data.board_actions() if a not in arising
              and a["status"] in rules.OPEN_STATUSES]
    paper.add(Heading("Other open board actions", 2))
    paper.add(_board_action_table(others) if others else _none("There are no other open "
                                                                 "board actions."))


def _pack_plan(paper: Paper, data: MeetingData, plan: list[dict]) -> None:
    counts = _rag_counts(plan, data.areas)
    board_actions = len(data.board_actions())
    paper.add(para(f"{count(len(plan), 'action')} in the Priority Action Plan: "
                   + ", ".join(f"{counts['total'][r]} {_rag(r)}" for r in
                               ("red", "amber", "green", "blue", None)
                               if counts["total"][r]) + "."
                   + (" These counts leave out the board action from the minutes, which is "
                      "in the action log." if board_actions == 1 else
                      f" These counts leave out the {board_actions} board actions from the "
                      "minutes, which are in the action log." if board_actions else "")))
    paper.add(Heading("Actions by RAG in each area", 2))
    paper.add(Table(("Area", "Title", "Red", "Amber", "Green", "Blue", "Not rated", "Total"),
                    tuple(counts["rows"]), widths=(0.9, 5.0, 0.9, 1.0, 1.0, 0.9, 1.1, 0.9),
                    bold_first_column=True))
    paper.add(_chart(lambda: charts.actions_by_rag_figure(plan, data.areas),
                     charts.actions_by_rag_alt(plan, data.areas),
                     "Priority Action Plan actions by RAG rating in each area"))
    paper.add(para("RAG ratings: " + "; ".join(f"{_rag(r)}: {rules.RAG_MEANINGS[r]}"
                                               for r in ("blue", "green", "amber", "red"))
                   + ".", italic=True))
    by_area: dict[Any, list[dict]] = defaultdict(list)
    for a in plan:
        by_area[a["area_id"]].append(a)
    paper.add(para("A highlight report for each area follows, one page each: its senior "
                   "responsible officer, its RAG and why, progress since the last report, "
                   "what is at risk, its measures and the decisions the board is asked to "
                   "take."))
    empty = [a for a in data.areas if a["id"] not in by_area]
    if empty:  # an area of the notice the plan does not yet address is a gap to say
        paper.add(para("No action in the plan yet for "
                       + "; ".join(f"area {a['code']} ({a['title']})" for a in empty)
                       + ": the board may ask for actions to be added (notice 5b).",
                       bold=True))
    decisions = covering.plan_decisions(data) + covering.measure_decisions(data)
    for area in data.areas:
        if area["id"] not in by_area:
            continue
        actions = by_area.pop(area["id"])
        measures = [m for m in data.measures if m["area_id"] == area["id"]]
        ids, codes = {a["id"] for a in actions}, {m["id"] for m in measures}
        paper.add(*highlights.highlight_report(
            area, actions, measures,
            [r for r in data.risks if area["id"] in r["area_ids"] and r["status"] == "open"],
            data.people_names, data.cycle_start,
            [d.text for d in decisions if d.actions & ids or d.measures & codes]))
    if by_area:
        paper.add(Heading("Actions without an area", 2))
        paper.add(_action_table([a for rows in by_area.values() for a in rows]))


def _board_action_table(actions: list[dict]) -> Table:
    rows = []
    for a in actions:
        state = a["status"].capitalize() + (" (overdue)" if a["overdue"] else "")
        rows.append((a["ref"], a["title"], _owner(a), _due(a), state, _rag(a["rag"]),
                     long_updates.cut(_latest(a))))
    return Table(("Ref", "Action", "Owner", "Due", "Status", "RAG", "Latest update"),
                 tuple(rows), widths=(1.3, 3.0, 1.9, 1.7, 1.6, 1.4, 3.6), rag_columns=(5,),
                 bold_first_column=True)


def _rag_counts(actions: list[dict], areas: list[dict]) -> dict:
    per: dict[Any, Counter] = defaultdict(Counter)
    total: Counter = Counter()
    for a in actions:
        per[a["area_id"]][a["rag"]] += 1
        total[a["rag"]] += 1
    rows = []
    for area in areas:
        c = per.get(area["id"], Counter())
        rows.append((area["code"], area["title"], *(str(c[r]) for r in
                                                    ("red", "amber", "green", "blue", None)),
                     str(sum(c.values()))))
    if per.get(None):
        c = per[None]
        rows.append(("-", "No area", *(str(c[r]) for r in ("red", "amber", "green", "blue",
                                                            None)), str(sum(c.values()))))
    rows.append(("All", "All areas", *(str(total[r]) for r in ("red", "amber", "green", "blue",
                                                                None)), str(sum(total.values()))))
    return {"rows": rows, "total": total}


def exceptions(open_actions: list[dict]) -> dict[str, list[dict]]:
    """Return the open actions that are red, overdue, slipped, slow to progress or not updated."""
    return {
        "red": [a for a in open_actions if a["rag"] == "red"],
        "overdue": [a for a in open_actions if a["overdue"]],
        "slipped": [a for a in open_actions if a["slipped"]],
        "slow": [a for a in open_actions if a["slow"]],
        "no_update": [a for a in open_actions if a["no_update_this_cycle"]],
    }


def _pack_exceptions(paper: Paper, open_plan: list[dict], today: dt.date,
                     since: dt.date | None) -> None:
    ex = exceptions(open_plan)
    paper.add(para(f"Of {len(open_plan)} open actions: {len(ex['red'])} Red, "
                   f"{len(ex['overdue'])} overdue, {len(ex['slipped'])} with a revised due "
                   f"date, {len(ex['slow'])} slow to progress and {len(ex['no_update'])} with no "
                   "update this cycle."))
    paper.add(Heading("Red: off track", 2))
    paper.add(_action_table(ex["red"], with_area=True) if ex["red"]
              else _none("None."))
    paper.add(Heading("Overdue", 2))
    paper.add(Table(("Ref", "Action", "Owner", "Due", "Days overdue", "RAG"), tuple(
        (a["ref"], a["title"], _owner(a), _due(a),
         str((today - a["effective_due"]).days) if a.get("effective_due") else "",
         _rag(a["rag"])) for a in ex["overdue"]), widths=(1.3, 4.0, 2.2, 1.7, 1.4, 1.4),
        rag_columns=(5,), bold_first_column=True) if ex["overdue"] else _none("None."))
    paper.add(Heading("Slipped: due date revised", 2))
    paper.add(Table(("Ref", "Action", "Owner", "Original due", "Revised due", "Reason"), tuple(
        (a["ref"], a["title"], _owner(a), table_date(a["due_date"]),
         table_date(a["revised_due_date"]), a["revision_reason"] or "No reason recorded")
        for a in ex["slipped"]), widths=(1.3, 3.2, 1.9, 1.7, 1.7, 3.2),
        bold_first_column=True) if ex["slipped"] else _none("None."))
    paper.add(Heading("Slow to progress", 2))
    paper.add(Table(("Ref", "Action", "Owner", "RAG", "Why it is slow to progress"), tuple(
        (a["ref"], a["title"], _owner(a), _rag(a["rag"]), "; ".join(a["slow_reasons"]))
        for a in ex["slow"]), widths=(1.3, 3.6, 2.0, 1.4, 4.0), rag_columns=(3,),
        bold_first_column=True) if ex["slow"] else _none("None."))
    paper.add(Heading("No update this cycle", 2))
    paper.add(Table(("Ref", "Action", "Owner", "Last update", "RAG"), tuple(
        (a["ref"], a["title"], _owner(a),
         table_date(a["latest_update_date"]) if a["latest_update_date"] else "Never",
         _rag(a["rag"])) for a in ex["no_update"]), widths=(1.3, 4.6, 2.4, 1.8, 1.4),
        rag_columns=(4,), bold_first_column=True) if ex["no_update"] else _none("None."))


def _score_text(lk: int | None, im: int | None) -> str:
    """Return 'likelihood x impact = score' joined by no-break spaces (a score is never
    broken across lines, and a table column is as wide as the whole score), or 'Not set'."""
    if not lk or not im:
        return "Not set"
    return f"{lk} x {im} = {lk * im}".replace(" ", NBSP)


def _pack_risks(paper: Paper, data: MeetingData) -> None:
    open_risks = [r for r in data.risks if r["status"] == "open"]
    closed = [r for r in data.risks if r["status"] != "open"]
    bands = Counter(r["band"] for r in open_risks)
    paper.add(para(f"{len(open_risks)} open risks: " + ", ".join(
        f"{bands[b]} {rules.band_label(b).lower()}" for _, b in sorted(
            data.bands, key=lambda x: -x[0]) if bands[b]) + ". Scores are likelihood x impact "
        "(1 to 5 each); movement compares the current score with the score at the end of the "
        "last cycle."))
    rows = []
    for r in open_risks:
        movement = r["movement_label"]
        if r["previous_score"] is not None and r["movement"] != "same":
            movement += f" from {r['previous_score']}"
        rows.append((r["ref"], r["title"], r["owner_name"] or "No owner",
                     _score_text(r["current_likelihood"], r["current_impact"]),
                     r["band_label"], movement,
                     _score_text(r["target_likelihood"], r["target_impact"])
                     + (f" by {table_date(r['target_date'])}" if r.get("target_date") else ""),
                     table_date(r["last_review_date"]) if r["last_review_date"] else "Never"))
    paper.add(Table(("Ref", "Risk", "Owner", "Current", "Band", "Movement", "Target",
                     "Last review"), tuple(rows),
                    widths=(1.0, 3.2, 1.7, 1.5, 1.6, 1.8, 1.8, 1.5), band_columns=(4,),
                    bold_first_column=True) if rows else _none("No open risks are recorded."))
    if closed:
        paper.add(para("Closed risks: " + ", ".join(f"{r['ref']} ({r['title']})"
                                                   for r in closed) + "."))
    paper.add(Heading("Heat map", 2))
    paper.add(_chart(lambda: charts.risk_heatmap_figure(open_risks, data.bands),
                     charts.risk_heatmap_alt(open_risks, data.bands),
                     "Risk heat map with movement since the last cycle", 13.5))
    not_reviewed = [r["ref"] for r in open_risks if not r["reviewed_this_cycle"]]
    if not_reviewed:
        paper.add(para("Not reviewed this cycle: " + ", ".join(not_reviewed) + ".", bold=True))
    paper.add(Heading("Controls and mitigations", 2))
    for r in open_risks:
        paper.add(Heading(f"{r['ref']}: {r['title']}", 3))
        paper.add(labelled("Inherent score", _score_text(r["inherent_likelihood"],
                                                          r["inherent_impact"])))
        for label, key in (("Cause, event and consequence", "description"),
                           ("Controls in place", "controls"), ("Mitigation plan", "mitigation"),
                           ("Linked actions", "linked_actions")):
            if r.get(key):
                paper.add(labelled(label, r[key]))
        if r["reviews"]:
            last = r["reviews"][0]
            paper.add(labelled(f"Latest review ({long_date(last['review_date'])}, "
                               f"{_score_text(last['likelihood'], last['impact'])})",
                               last["note"] or "No note recorded"))
        if not any(r.get(k) for k in ("controls", "mitigation")):
            paper.add(para("No controls or mitigation plan recorded.", bold=True))


def _pack_impact(paper: Paper, data: MeetingData) -> None:
    entries = impact_since(data)
    since = (f"since the last meeting on {long_date(data.previous['meeting_date'])}"
             if data.previous else "so far")
    paper.add(para(impact_sentence(entries, since)))
    for title, group in _IMPACT_GROUPS:
        rows = [e for e in entries if e["kind"] in group]
        paper.add(Heading(title, 2))
        if not rows and title.startswith("Impact on the lived experience"):
            paper.add(para("No entry this cycle records a change in the lived experience of "
                           "children and families: the board has no evidence of impact for "
                           "this period and may ask the area leads for it at the next "
                           "meeting (notice 5d).", bold=True))
            continue
        if not rows:
            paper.add(_none("None this cycle."))
            continue
        paper.add(Table(("Date", "Area", "Summary", "What changed and evidence", "Organisations",
                         "Linked"), tuple(
            (long_date(e["entry_date"]), e["area_code"],
             e["title"] + (" (proposed: for the board to confirm)" if e["status"] == "proposed"
                           else ""),
             "\n".join(x for x in (e["what_changed"], f"Evidence: {e['evidence']}" if
                                   e["evidence"] else "", f"Source: {e['source']}" if
                                   e["source"] else "") if x),
             e["organisations"] or "", ", ".join(x for x in (e["action_ref"], e["measure_code"])
                                                 if x))
            for e in rows), widths=(1.5, 0.7, 3.0, 4.2, 1.6, 1.0),
            bold_first_column=title in ("Slow progress", "Contributions to strengthen")))


def _pack_measures(paper: Paper, data: MeetingData) -> None:
    ms = data.measures
    rags = Counter(m["rag"] for m in ms)
    paper.add(para(f"{count(len(ms), 'measure')}: " + ", ".join(f"{rags[r]} {_rag(r)}" for r in
                                                        ("red", "amber", "green", None)
                                                        if rags[r]) +
                   ". RAG compares the latest value with the target and the trajectory; the "
                   "direction of travel compares it with the figure before (each chart below "
                   "shows the whole series)."))
    rows = []
    for m in ms:
        latest = (f"{charts.format_value(m['latest_value'], m['unit'])} "
                  f"({m['latest_period']:%b %Y})" if m["latest_period"] else "No data")
        target = charts.format_value(m["target"], m["unit"]) if m["target"] is not None \
            else "Not set"
        if m.get("target_date"):
            target += f" by {table_date(m['target_date'])}"
        expected = charts.format_value(m["expected"], m["unit"]) if m["expected"] is not None \
            else "-"
        rows.append((m["code"], m["title"], latest, target, expected, _rag(m["rag"]),
                     m["trend"].capitalize()))
    paper.add(Table(("Code", "Measure", "Latest", "Target", "Expected on trajectory", "RAG",
                     "Direction of travel"), tuple(rows), widths=(1.0, 3.8, 1.8, 2.0, 1.6, 1.3, 1.5),
                    rag_columns=(5,), bold_first_column=True)
              if rows else _none("No measures are recorded."))
    paper.add(Heading("Exception reports", 2))
    paper.add(*highlights.exception_reports(ms, data.people_names))
    pictures = charts.measure_pngs(ms)  # drawn over the cores when there are many
    for m, picture in zip(ms, pictures, strict=True):
        paper.add(Heading(f"{m['code']}: {m['title']}", 2))
        if m.get("data_source"):
            paper.add(labelled("Source", m["data_source"]))
        if not m["points"]:  # an empty chart says nothing a sentence does not
            paper.add(para("No figures are recorded for this measure yet.", italic=True))
            continue
        paper.add(Figure(picture, charts.measure_alt(m),
                         f"{m['code']}: {m['title']}", 15.0))
        if m["points"] and m["points"][-1].get("note"):
            paper.add(labelled(f"Note for {from_iso(m['points'][-1]['period']):%B %Y}",
                               m["points"][-1]["note"]))


def _pack_forward(paper: Paper, data: MeetingData) -> None:
    upcoming = data.following
    paper.add(Heading("Next meetings", 2))
    paper.add(Table(("Date", "Meeting", "Time", "Venue", "Papers dispatched"), tuple(
        (day_date(m["meeting_date"]),
         meeting_name(m),
         f"{clock(m['start_time'])} to {clock(m['end_time'])}" if m.get("end_time")
         else clock(m["start_time"]), m.get("venue") or "To be confirmed",
         long_date(rules.cycle_timetable(from_iso(m["meeting_date"]))["papers_dispatched"]))
        for m in upcoming), widths=(2.6, 1.8, 2.0, 3.0, 2.0)) if upcoming
        else _none("No further meetings are planned yet."))
    paper.add(Heading("Stocktake reviews", 2))
    held = [m for m in data.stocktakes if from_iso(m["meeting_date"]) <= data.today
            and m["status"] in HELD_STATUSES]
    planned = [m for m in data.stocktakes if from_iso(m["meeting_date"]) > data.today]
    last = from_iso(held[-1]["meeting_date"]) if held else None
    if last:
        due = rules.add_months(last, 6)
        text = (f"The last DfE stocktake review was on {long_date(last)}; the next is due by "
                f"{long_date(due)} (at least every six months, notice 8).")
        if rules.stocktake_overdue(last, data.today):
            text += " It is overdue."
    else:
        text = "No DfE stocktake review is recorded yet (due at least every six months, notice 8)."
    paper.add(para(text))
    if planned:
        paper.add(para("Planned: " + "; ".join(day_date(m["meeting_date"]) for m in planned)
                       + ". The council's self-assessment (notice 10) is due before it."))
    paper.add(Heading("This meeting's timetable", 2))
    paper.add(Table(("Step", "Date"), tuple(
        (rules.STEP_LABELS[s], long_date(d)) for s, d in sorted(data.steps.items(),
                                                                key=lambda x: x[1])),
        widths=(4, 3)))



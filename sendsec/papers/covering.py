"""The covering report that opens each lettered paper of the pack, in the council template.

Each agenda item with a paper ('Paper A') gets a report built from the records: Purpose,
Recommendations (what the board is asked to note and agree), Reason for recommendations,
Report (what the figures mean, the trend since the last meeting, the risks to delivery),
Implications (finance, legal, risk, equality, consultation), Background papers and the
author. The recommendations are also the minutes template's draft resolutions.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sendsec.charts import format_value
from sendsec.domain import rules
from sendsec.domain.dates import long_date
from sendsec.domain.labels import agree, and_list, count
from sendsec.papers.attach import letter_of
from sendsec.papers.meeting_data import Item, MeetingData, impact_since, rag_as_of
from sendsec.papers.model import Block, Bullets, Heading, labelled, para

#: What a paper reports, found from its agenda item's title (first match wins).
_KINDS = (
    ("self-assessment", ("self-assessment", "self assessment")),
    ("impact", ("impact log",)),
    ("risks", ("risk",)),
    ("measures", ("performance", "dashboard", "measure")),
    ("plan", ("priority action plan", "action plan", "progress")),
    ("challenges", ("challenge",)),
)
_PURPOSES = {
    "plan": "to give the board assurance on progress against the Priority Action Plan, area "
            "by area",
    "risks": "to give the board assurance that the risks to delivering the improvement are "
             "known, scored and being mitigated",
    "measures": "to report performance against the measures of the Improvement Notice, "
                "against their targets and trajectories, and what the figures mean",
    "impact": "to report the action and impact log: what has changed for children, young "
              "people and families, and where progress or contributions need strengthening",
    "challenges": "to report the chair's challenges and the answers given",
    "self-assessment": "to present the board's self-assessment of progress against the "
                       "Improvement Notice for the DfE stocktake review (notice 10)",
}


#: What a purpose adds when the paper asks the board for more than noting it.
_ASKS = {
    "plan": "and to ask it to act where delivery is off track",
    "risks": "and to ask it to agree the changes",
    "measures": "and to ask the board to act where measures are off track",
}


@dataclass(frozen=True)
class Decision:
    """One recommendation about particular actions or measures: a covering report lists it,
    and the highlight report of each area holding one of them names it."""

    text: str  # completes 'The board is asked to ...'
    actions: frozenset[int] = frozenset()
    measures: frozenset[int] = frozenset()


@dataclass(frozen=True)
class CoveringReport:
    """One paper's covering report, as plain data."""

    letter: str
    title: str
    kind: str  # plan, risks, measures, impact, challenges, self-assessment, other
    author: str
    purpose: str
    recommendations: tuple[str, ...]  # each completes 'The board is asked to ...'
    reasons: str
    report: tuple[str, ...]
    implications: tuple[tuple[str, str], ...]
    background: tuple[str, ...]

    @property
    def heading(self) -> str:
        return f"Paper {self.letter}: {self.title}"

    def resolutions(self) -> list[str]:
        """Return the recommendations worded as draft resolutions ('that the board notes ...')."""
        return [f"that the board {_third_person(r)}" for r in self.recommendations]


def paper_letter(item: Item) -> str | None:
    """Return the paper letter of an agenda item ('Paper D' gives 'D'), or None."""
    return letter_of(item.record.get("paper_ref"))


def letters(items: list[Item], *, part_b: bool = False) -> dict[int, str]:
    """Return the paper letter of each public agenda item that has a paper, by item number:
    the letter the agenda gives it ('Paper D'), else, for an item reporting the records (the
    plan, risks, measures, impact log, challenges), the next letter no item has taken. With
    `part_b`, of each Part B item the agenda gives a paper ('Paper F') instead."""
    taken = {paper_letter(i) for i in items}
    free = (c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in taken)
    out = {}
    for item in items:
        if item.confidential != part_b:
            continue
        letter = paper_letter(item)
        if letter is None and not part_b and not item.record.get("standard") and \
                report_kind(item.title) != "other":
            letter = next(free, None)
        if letter:
            out[item.number] = letter
    return out


def merges_attached(title: str, confidential: bool) -> bool:
    """Return whether the pack merges a paper attached for an agenda item with this title
    (papers from others, the self-assessment and every Part B paper), not one it makes from
    the records (the plan, risks, measures, impact log, challenges)."""
    return confidential or report_kind(title) in ("other", "self-assessment")


def report_kind(title: str) -> str:
    """Return what a paper with this agenda title reports ('other' when none of the records)."""
    lowered = title.lower()
    for kind, words in _KINDS:
        if any(w in lowered for w in words):
            return kind
    return "other"


def _third_person(recommendation: str) -> str:
    verb, _, rest = recommendation.partition(" ")
    return f"{verb}s {rest}" if verb in ("note", "agree", "ask", "consider", "endorse") else \
        recommendation


def _refs(rows: list[dict[str, Any]], key: str = "ref", limit: int = 8) -> str:
    refs = [str(r[key]) for r in rows]
    return ", ".join(refs[:limit]) + (f" and {len(refs) - limit} more" if len(refs) > limit
                                      else "")


_ORDER = {"red": 0, "amber": 1, "green": 2, "blue": 3}


def _plan(data: MeetingData, risk_paper: str) -> tuple[list[str], list[str], str]:
    plan = [a for a in data.plan_actions() if a["status"] not in ("cancelled",)]
    open_ = [a for a in plan if a["status"] in rules.OPEN_STATUSES]
    rag = Counter(a["rag"] for a in plan)
    done = [a for a in plan if a["status"] in ("complete", "closed")]
    report = [f"The Priority Action Plan holds {count(len(plan), 'action')}: "
              f"{len(done)} complete or closed and {len(open_)} open. By RAG: "
              + ", ".join(f"{rag[r]} {rules.rag_label(r)}" for r in ("red", "amber", "green",
                                                                   "blue") if rag[r]) + "."]
    if data.cycle_start:
        better = worse = 0
        for a in plan:
            before = rag_as_of(a, data.cycle_start)
            if before and a["rag"] and before != a["rag"]:
                if _ORDER[a["rag"]] > _ORDER[before]:
                    better += 1
                else:
                    worse += 1
        report.append("No action's RAG changed since the last meeting." if not better + worse
                      else f"Since the last meeting the RAG of {count(better, 'action')} "
                           f"improved and of {count(worse, 'action')} worsened.")
    overdue = [a for a in open_ if a["overdue"]]
    slow = [a for a in open_ if a["slow"]]
    slipped = [a for a in open_ if a["slipped"]]
    quiet = [a for a in open_ if a["no_update_this_cycle"]]
    report.append(f"Of the open actions, {len(overdue)} {agree(len(overdue), 'is', 'are')} "
                  f"overdue, {len(slipped)} {agree(len(slipped), 'has', 'have')} a revised due "
                  f"date, {len(slow)} {agree(len(slow), 'is', 'are')} slow to progress (Red or "
                  f"Amber in two consecutive cycles, or overdue) and {len(quiet)} "
                  f"{agree(len(quiet), 'has', 'have')} had no update this cycle. " + (f"Slow to progress: {_refs(slow)}." if slow else ""))
    by_area = Counter(a["area_code"] for a in open_ if a["rag"] in ("red", "amber"))
    if by_area:
        worst = ", ".join(f"area {code} ({n})" for code, n in by_area.most_common(3) if code)
        report.append(f"The areas with most actions at Red or Amber are {worst}: their "
                      "highlight reports say what is at risk and what is being done.")
    high = [r for r in data.risks if r["status"] == "open" and r["band"] in ("high",
                                                                            "very high")]
    report.append(f"Risks to delivery: {count(len(high), 'open risk')} scored high or very "
                  f"high{' (' + _refs(high) + ')' if high else ''}; see {risk_paper}.")
    recs = [f"note progress against the Priority Action Plan ({len(done)} of {len(plan)} "
            "actions complete or closed)"] + [d.text for d in plan_decisions(data)]
    reason = ("The Improvement Notice asks the board to monitor progress against each area and "
              "to act on slippage (notice 5); revised dates take effect only once the board "
              "agrees them.")
    return recs, report, reason


def plan_decisions(data: MeetingData) -> list[Decision]:
    """Return what the board is asked to agree about particular plan actions: revised due
    dates made since the last meeting, and escalating the actions slow to progress."""
    plan = [a for a in data.plan_actions() if a["status"] not in ("cancelled",)]
    out = [Decision(f"agree the revised due date of {a['ref']} "
                    f"({data.unagreed_revisions[a['id']]})", frozenset({a["id"]}))
           for a in plan if a["id"] in data.unagreed_revisions]
    slow = [a for a in plan if a["status"] in rules.OPEN_STATUSES and a["slow"]]
    if slow:
        out.append(Decision(f"agree that the {count(len(slow), 'action')} slow to progress "
                            f"({_refs(slow)}) are escalated to their senior responsible "
                            "officers, with a recovery update to the next meeting",
                            frozenset(a["id"] for a in slow)))
    return out


def measure_decisions(data: MeetingData) -> list[Decision]:
    """Return what the board is asked to do about measures off their trajectory (Red, those
    with an exception report in the pack): agree the exception reports received, and ask
    for those not received by the next meeting."""
    behind = [m for m in data.measures if m.get("rag") == "red"]
    received = [m for m in behind if (m.get("exception_commentary") or "").strip()
                or (m.get("exception_actions") or "").strip()]
    missing = [m for m in behind if m not in received]
    out = []
    if received:
        out.append(Decision(f"agree the exception {'report' if len(received) == 1 else 'reports'}"
                            f" and recovery actions for {_refs(received, 'code')}",
                            measures=frozenset(m["id"] for m in received)))
    if missing:
        nxt = data.next_of_kind()
        by = (f"the next meeting on {long_date(nxt['meeting_date'])}" if nxt
              else "the next meeting")
        out.append(Decision(f"ask for an exception report for {_refs(missing, 'code')} by {by}",
                            measures=frozenset(m["id"] for m in missing)))
    return out


def _risks(data: MeetingData) -> tuple[list[str], list[str], str]:
    open_ = [r for r in data.risks if r["status"] == "open"]
    bands = Counter(r["band_label"] for r in open_)
    up = [r for r in open_ if r["movement"] == "up"]
    down = [r for r in open_ if r["movement"] == "down"]
    new = [r for r in open_ if r["movement"] == "new"]
    stale = [r for r in open_ if not r.get("reviewed_this_cycle")]
    top = sorted(open_, key=lambda r: -(r["score"] or 0))[:3]
    report = [f"The register holds {count(len(open_), 'open risk')}: "
              + ", ".join(f"{n} {band.lower()}" for band, n in bands.most_common()) + ".",
              f"Since the last review {count(len(up), 'risk', no=True).lower()} rose, "
              f"{len(down) or 'none'} fell and "
              + (f"{len(new)} {agree(len(new), 'is', 'are')} new." if new else "none is new.")
              + (f" Rising: {_refs(up)}." if up else ""),
              "The highest scored now: " + "; ".join(
                  f"{r['ref']} {r['title']} (score {r['score']}, {r['band_label'].lower()})"
                  for r in top) + "." if top else "No open risks are recorded.",
              (f"{count(len(stale), 'risk')} {'was' if len(stale) == 1 else 'were'} not "
               f"reviewed this cycle ({_refs(stale)})." if stale else
               "Every open risk was reviewed this cycle.")]
    recs = [f"note the risk register ({count(len(open_), 'open risk')})"]
    if up:
        recs.append(f"agree the {agree(len(up), 'higher score', 'higher scores')} of "
                    f"{_refs(up)} and {agree(len(up), 'its', 'their')} mitigation")
    if new:
        recs.append(f"agree to add {_refs(new)} to the register")
    reason = "The board reviews the risk register at each meeting (notice 5c)."
    return recs, report, reason


def _demand_trends(measures: list[dict[str, Any]]) -> str:
    """Return '; counts of demand, neither better nor worse: M02 rising' for the measures
    where neither direction is better (empty when there are none with a trend)."""
    demand = [f"{m['code']} {m['trend']}" for m in measures
              if m.get("higher_is_better") is None and m.get("trend") in ("rising", "falling",
                                                                          "no change")]
    if not demand:
        return ""
    return (f"; {agree(len(demand), 'a count', 'counts')} of demand, neither better nor "
            f"worse: {and_list(demand)}")


def _measures(data: MeetingData) -> tuple[list[str], list[str], str]:
    rated = [m for m in data.measures if m.get("rag")]
    rag = Counter(m["rag"] for m in rated)
    trends = Counter(m.get("trend") for m in data.measures
                     if m.get("trend") and m.get("higher_is_better") is not None)
    behind = [m for m in rated if m["rag"] in ("red", "amber")]
    report = [f"{count(len(data.measures), 'measure')} {agree(len(data.measures), 'is', 'are')}"
              f" reported; against target and trajectory {rag['green'] + rag['blue']} "
              f"{agree(rag['green'] + rag['blue'], 'is', 'are')} on or ahead, {rag['amber']} Amber and {rag['red']} Red"
              + (f", {len(data.measures) - len(rated)} not rated" if len(rated) <
                 len(data.measures) else "") + ".",
              f"Trend over the latest figures: {trends['improving']} improving, "
              f"{trends['worsening']} worsening, {trends['no change']} unchanged"
              + _demand_trends(data.measures) + "."]
    for m in behind:
        against = (f"{format_value(m['expected'], m['unit'])} expected by now"
                   if m["expected"] is not None else
                   f"a target of {format_value(m['target'], m['unit'])}"
                   if m["target"] is not None else "no target")
        report.append(f"{m['code']} {m['title']} is {m['rag_label']}: latest "
                      f"{format_value(m['latest_value'], m['unit'])} against {against}"
                      + (f"; the accountable manager says: {m['exception_commentary']}"
                         if m.get("exception_commentary") else "") + ".")
    recs = [f"note performance against the {count(len(data.measures), 'measure')}"]
    recs += [d.text for d in measure_decisions(data)]
    reason = ("The Improvement Notice asks the board to judge whether targets and milestones "
              "are being met in a timely manner and to act on slippage (notice 5d).")
    return recs, report, reason


def _impact(data: MeetingData) -> tuple[list[str], list[str], str]:
    entries = impact_since(data)
    kinds = Counter(e["kind"] for e in entries)
    voice = kinds["family and young people's voice"] + kinds["impact on lived experience"]
    proposed = [e for e in entries if e["status"] == "proposed"]
    report = [f"{count(len(entries), 'entry', 'entries')} this cycle: {voice} on the lived "
              f"experience and voice of children and families, {kinds['slow progress']} on "
              f"slow progress, {kinds['contribution to strengthen']} on contributions to "
              f"strengthen and {kinds['escalation']} "
              f"{'escalation' if kinds['escalation'] == 1 else 'escalations'}."]
    # no voice this cycle: the log's own section below says so, once
    recs = ["note the action and impact log"]
    if proposed:
        recs.append(f"agree the {count(len(proposed), 'proposed entry', 'proposed entries')} "
                    "for the log")
    reason = "The board updates the action and impact log at each meeting (notice 5e)."
    return recs, report, reason


_FINANCIAL = re.compile(r"financ|fund|budget|deficit|overspend|cost|high needs", re.I)


def _financial_risks(open_risks: list[dict]) -> str:
    """Name the open risks of the register that are about money (by category or title), so the
    finance implications come from the board's own records, or say there are none."""
    money = [r for r in open_risks
             if _FINANCIAL.search(r.get("category") or "") or _FINANCIAL.search(r["title"])]
    if not money:
        return "No open risk on the register is about finance. "
    named = "; ".join(f"{r['ref']} {r['title']} (score {r['score']}, {r['band_label'].lower()})"
                      for r in money)
    return (f"The register holds {count(len(money), 'open financial risk')}: {named}. ")


def _paper_areas(data: MeetingData, kind: str) -> set[int] | None:
    """Return the areas a paper reports on as off track (the plan: its actions at Red or
    Amber or slow; the measures: those at Red or Amber; the log: this cycle's entries), or
    None for a paper about the whole register or the whole improvement."""
    if kind == "plan":
        return {a["area_id"] for a in data.plan_actions() if a["status"] in rules.OPEN_STATUSES
                and (a["rag"] in ("red", "amber") or a["slow"]) and a["area_id"]}
    if kind == "measures":
        return {m["area_id"] for m in data.measures if m.get("rag") in ("red", "amber")
                and m.get("area_id")}
    if kind == "impact":
        return {e["area_id"] for e in impact_since(data) if e.get("area_id")}
    return None


def _risk_line(data: MeetingData, kind: str, risk_paper: str) -> str:
    """Return a paper's Risk implication: the open risks of the areas it reports on."""
    open_risks = [r for r in data.risks if r["status"] == "open"]
    high = [r for r in open_risks if r["band"] in ("high", "very high")]
    register = (f"{count(len(open_risks), 'open risk')} on the register, {len(high)} high or "
                "very high")
    areas = _paper_areas(data, kind)
    if kind == "risks" or areas is None:
        return register + ("." if kind == "risks" else f" (see {risk_paper}).")
    own = [r for r in open_risks if areas & set(r.get("area_ids") or ())]
    if not own:
        return (f"No open risk on the register is linked to the areas this paper reports on "
                f"({register}; see {risk_paper}).")
    return ("The open risks linked to the areas this paper reports on: "
            + "; ".join(f"{r['ref']} {r['title']} (score {r['score']}, "
                        f"{r['band_label'].lower()})" for r in own[:6])
            + (f" and {len(own) - 6} more" if len(own) > 6 else "") + f" (see {risk_paper}).")


def _consultation_line(data: MeetingData, kind: str) -> str:
    """Return a paper's Consultation implication: the forum on the board, and this cycle's
    log entries with the voice of families about what the paper reports on."""
    forum = [i.person.name for i in data.invitees if "parent carer forum" in i.person.role]
    areas = _paper_areas(data, kind) if kind != "impact" else None
    voice = [e for e in impact_since(data)
             if e["kind"] in ("family and young people's voice", "impact on lived experience")
             and (areas is None or e.get("area_id") in areas)]
    where = "" if areas is None else " about the areas this paper reports on"
    heard = (f"{count(len(voice), 'entry', 'entries')} of the action and impact log this "
             f"cycle{where} {agree(len(voice), 'records', 'record')} the voice or lived "
             "experience of children, young people and families: "
             + "; ".join(e["title"] for e in voice[:4]) + "." if voice else
             f"No entry of the action and impact log this cycle{where} records the voice or "
             "lived experience of children, young people and families.")
    return (f"The parent carer forum is represented on the board ({', '.join(forum)}). "
            if forum else "") + heard


def _implications(data: MeetingData, kind: str, risk_paper: str) -> tuple[tuple[str, str], ...]:
    s = data.settings
    notice = (f"the Improvement Notice issued on {long_date(s['notice_date'])}"
              if s.get("notice_date") else "the Improvement Notice")
    open_risks = [r for r in data.risks if r["status"] == "open"]
    return (
        ("Finance", "There are no direct financial implications of this report. "
                    + _financial_risks(open_risks)
                    + "Resources needed to recover actions that are off track are decided by "
                      "the accountable organisations and reported in the highlight reports."),
        ("Legal", f"The board oversees the response to {notice}"
                  + (f"; actions are to be complete by {long_date(s['target_date'])}"
                     if s.get("target_date") else "")
                  + ". Insufficient progress may lead to further intervention by the Secretary "
                    "of State."),
        ("Risk", _risk_line(data, kind, risk_paper)),
        ("Equality", "The improvement plan serves children and young people with special "
                     "educational needs and disabilities, who share the protected "
                     "characteristic of disability (Equality Act 2010); delay falls on them "
                     "and their families first."),
        ("Consultation", _consultation_line(data, kind)),
    )


def covering_report(data: MeetingData, item: Item, letter: str, by_kind: dict[str, str]
                    ) -> CoveringReport:
    """Return the covering report of an agenda item's paper (`by_kind`: the paper letter of
    each kind on this agenda, to refer to, e.g. {'risks': 'B'}). A Part B paper never
    reports the records: it is written by others."""
    kind = "other" if item.confidential else report_kind(item.title)
    risk_paper = (f"Paper {by_kind['risks']}" if "risks" in by_kind
                  else "the risk register in this pack")
    if kind == "plan":
        recs, report, reason = _plan(data, risk_paper)
    elif kind == "risks":
        recs, report, reason = _risks(data)
    elif kind == "measures":
        recs, report, reason = _measures(data)
    elif kind == "impact":
        recs, report, reason = _impact(data)
    elif kind == "self-assessment":
        recs = ["agree the self-assessment as the board's account of progress for the DfE "
                "stocktake review"]
        report = ["The self-assessment is circulated as a separate document with this pack."]
        reason = "The DfE stocktake review asks for the board's own view of progress (notice 10)."
    else:
        recs = [f"note the report '{item.title}'",
                "agree any actions arising, with owners and dates"]
        report = [f"The report by {item.record.get('presenter') or 'its author'} follows."]
        if item.record.get("description"):
            report.insert(0, item.record["description"])
        reason = "The board asked for this report to inform its oversight of the improvement."
    s = data.settings
    background = [f"Improvement Notice, {long_date(s['notice_date'])}" if s.get("notice_date")
                  else "Improvement Notice"]
    if data.previous:
        background.append(f"Minutes of the meeting held on "
                          f"{long_date(data.previous['meeting_date'])}")
    if kind == "measures":
        sources = sorted({m["data_source"] for m in data.measures if m.get("data_source")})
        background += sources[:4]
    author = data.described(item.record.get("presenter") or data.author)
    purpose = _PURPOSES.get(kind, f"to present the report '{item.title}' to the board")
    if kind in _ASKS and any(not r.startswith("note ") for r in recs):
        purpose += ", " + _ASKS[kind]
    return CoveringReport(letter, item.title, kind, author, purpose,
                          tuple(recs), reason, tuple(report),
                          _implications(data, kind, risk_paper), tuple(background))


def reports(data: MeetingData, *, part_b: bool = False) -> dict[int, CoveringReport]:
    """Return the covering report of each public agenda item with a paper, by item number
    (with `part_b`, of each Part B item with a paper)."""
    lettered = letters(data.items, part_b=part_b)
    items = [i for i in data.part(part_b) if i.number in lettered]
    public = letters(data.items)
    by_kind: dict[str, str] = {}  # what a paper refers to is a public paper
    for i in data.part(False):
        if i.number in public:
            by_kind.setdefault(report_kind(i.title), public[i.number])
    return {i.number: covering_report(data, i, lettered[i.number], by_kind) for i in items}


def blocks(report: CoveringReport, data: MeetingData) -> list[Block]:
    """Return the covering report in the council template (under the paper's Heading 1)."""
    out: list[Block] = [
        labelled("Report to", f"{data.board_name}, {long_date(data.date)}"),
        labelled("Report of", report.author),
        Heading("1. Purpose", 2),
        para(f"1.1 The purpose of this report is {report.purpose}."),
        Heading("2. Recommendations", 2),
        para("2.1 The board is asked to:"),
        Bullets(tuple(f"{r};" if n < len(report.recommendations) else f"{r}."
                      for n, r in enumerate(report.recommendations, 1))),
        Heading("3. Reason for recommendations", 2),
        para(f"3.1 {report.reasons}"),
        Heading("4. Report", 2),
        *(para(f"4.{n} {text}") for n, text in enumerate(report.report, 1)),
        Heading("5. Implications", 2),
        *(labelled(f"5.{n} {name}", text)
          for n, (name, text) in enumerate(report.implications, 1)),
        Heading("6. Background papers", 2),
        Bullets(report.background),
        labelled("Author", report.author
                 + (f"; contact {data.secretary.email}" if data.secretary and
                    data.secretary.email else "")),
    ]
    return out

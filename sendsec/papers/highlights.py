"""Highlight reports per area and exception reports per measure, for the board pack.

A highlight report is one page per area, as boards publish them: the senior responsible
officer, the area's RAG and why, progress since the last report, what is at risk (with the
mitigation and the impact if not mitigated), the measures, and the decisions the board is
asked to take; then the area's actions in one short table.

An exception report (Stockport's pattern) is written for every measure off its trajectory
(RAG Red): the latest value against the expected value and the target, the accountable
manager's commentary and planned actions, or a line saying none has been received.

Both take the register rows of `sendsec.services.registers` and return Paper blocks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendsec.charts import format_value
from sendsec.domain import rules
from sendsec.domain.dates import from_iso, long_date
from sendsec.papers import long_updates
from sendsec.papers.model import Block, Bullets, Heading, PageBreak, Table, labelled, para
from sendsec.papers.safe_text import shorten

_ORDER = {"red": 0, "amber": 1, "green": 2, "blue": 3}


def area_rag(actions: list[dict[str, Any]]) -> str | None:
    """Return an area's RAG: the worst of its open actions; Blue when all are delivered."""
    open_ = [a for a in actions if a["status"] in rules.OPEN_STATUSES]
    if not actions:
        return None
    if not open_:
        return "blue"
    rated = [a["rag"] for a in open_ if a["rag"]]
    return min(rated, key=lambda r: _ORDER[r]) if rated else None


def _rag_word(rag: str | None) -> str:
    return rules.rag_label(rag) if rag else "Not rated"


def _short(text: str | None, limit: int = 300) -> str:
    return shorten(text, limit)


def highlight_report(area: dict[str, Any], actions: list[dict[str, Any]],
                     measures: list[dict[str, Any]], risks: list[dict[str, Any]],
                     people: dict[int, str], since: dt.date | None,
                     decisions: list[str]) -> list[Block]:
    """Return the highlight report of one area, on a page of its own (so its heading is never
    left at the foot of the page before);
    `decisions`: the recommendations of the covering reports about its actions and
    measures, each completing 'The board is asked to ...'."""
    out: list[Block] = [PageBreak()]
    out.append(Heading(f"Area {area['code']}: {area['title']}", 2))
    sro = people.get(area.get("sro_id") or area.get("lead_id") or -1)
    owners = sorted({a["owner_name"] for a in actions if a.get("owner_name")})
    out.append(labelled("Senior responsible officer", sro or (
        "Not named for the area; its actions' accountable owners: " + ", ".join(owners)
        if owners else "Not named")))
    rag = area_rag(actions)
    out.append(labelled("RAG", _rag_word(rag)))
    worrying = [a for a in actions if a["status"] in rules.OPEN_STATUSES
                and a["rag"] in ("red", "amber")]
    if worrying:
        out.append(para("Why:", bold=True))
        out.append(Bullets(tuple(
            f"{a['ref']} ({_rag_word(a['rag'])}): "
            + _short(a.get("rag_reason") or a.get("latest_narrative") or
                     "No reason has been given.") for a in worrying)))
    elif rag in ("green", "blue"):
        out.append(para("Every open action is on track." if rag == "green"
                        else "Every action in the area is delivered."))
    recent = [a for a in actions if a["latest_update_date"] and
              (since is None or a["latest_update_date"] >= since)]
    out.append(Heading("Progress since the last report", 3))
    if recent:
        # a long update is cut, with a pointer to the pack's appendix that gives it in full
        out.append(Bullets(tuple(f"{a['ref']} ({_rag_word(a['rag'])}): "
                                 + long_updates.cut(a["latest_narrative"])
                                 + _evidence(a) for a in recent)))
    else:
        out.append(para("No progress update has been received since the last report.",
                        italic=True))
    out.append(Heading("What is at risk", 3))
    at_risk = []
    for a in worrying:
        parts = []
        if a.get("impact_if_not_mitigated"):
            parts.append("if not mitigated, "
                         + _short(a["impact_if_not_mitigated"], 200).rstrip(".").lower()[:1]
                         + _short(a["impact_if_not_mitigated"], 200).rstrip(".")[1:])
        if a.get("mitigation"):
            parts.append(f"mitigation: {_short(a['mitigation'], 200).rstrip('.')}")
        at_risk.append(f"{a['ref']}: " + ("; ".join(parts) if parts else
                                         "no mitigation or impact recorded") + ".")
    for r in risks:
        if r["band"] in ("high", "very high"):
            at_risk.append(f"Risk {r['ref']} ({r['band_label'].lower()}, score {r['score']}): "
                           f"{_short(r['title'], 160)}")
    out.append(Bullets(tuple(at_risk)) if at_risk else
               para("Nothing in this area is rated Red or Amber, and no high risk is linked "
                    "to it.", italic=True))
    out.append(Heading("Measures", 3))
    if measures:
        out.append(Bullets(tuple(_measure_line(m) for m in measures)))
    else:
        out.append(para("No measure is linked to this area.", italic=True))
    out.append(Heading("Decisions needed", 3))
    out.append(Bullets(tuple(d[:1].upper() + d[1:] + "." for d in decisions)) if decisions else
               para("No decision is needed from the board for this area.", italic=True))
    rows = tuple((a["ref"], _short(a["title"], 140), _success(a),
                  people.get(a["owner_id"] or -1, "Not named"),
                  long_date(a["effective_due"]) if a["effective_due"] else "No date",
                  _rag_word(a["rag"])) for a in actions)
    if rows:
        out.append(Table(("Ref", "Action", "Success measure and target", "Accountable owner",
                          "Due", "RAG"), rows, rag_columns=(5,), bold_first_column=True))
    return out


def _success(a: dict[str, Any]) -> str:
    """Return how the action's success is judged: its success measure and target (notice 5b)."""
    parts = [_short(a.get("success_measure"), 160)] if a.get("success_measure") else []
    if a.get("target"):
        parts.append(f"Target: {_short(a['target'], 120)}")
    return "\n".join(parts) or "Not set"


def _evidence(a: dict[str, Any]) -> str:
    """Return ' Evidence: ...' for the latest progress update's evidence, or ''."""
    dated = [u for u in a.get("updates") or [] if u.get("update_date")]
    latest = max(dated, key=lambda u: u["update_date"]) if dated else None
    evidence = (latest or {}).get("evidence")
    return f" Evidence: {_short(evidence, 200).rstrip('.')}." if evidence else ""


def _measure_line(m: dict[str, Any]) -> str:
    unit = m.get("unit")
    latest = format_value(m["latest_value"], unit) if m["latest_value"] is not None else "no data"
    parts = [f"{m['code']} {_short(m['title'], 90)}: {latest}"]
    if m.get("expected") is not None:
        parts.append(f"expected {format_value(m['expected'], unit)}")
    if m.get("target") is not None:
        parts.append(f"target {format_value(m['target'], unit)}")
    return ", ".join(parts) + f" ({_rag_word(m['rag'])})"


def exception_reports(measures: list[dict[str, Any]], people: dict[int, str]) -> list[Block]:
    """Return an exception report for every measure off its trajectory (Red)."""
    off = [m for m in measures if m["rag"] == "red"]
    if not off:
        return [para("No measure is off its trajectory, so no exception report is needed.",
                     italic=True)]
    out: list[Block] = []
    for m in off:
        out.append(Heading(f"Exception report: {m['code']}, {_short(m['title'], 120)}", 3))
        out.append(labelled("Latest", _measure_line(m)))
        when = m.get("latest_period")
        if isinstance(when, str):
            when = from_iso(when)
        if when:
            out.append(labelled("Period", long_date(when)))
        out.append(labelled("Accountable manager",
                            people.get(m.get("accountable_id") or -1, "Not named")))
        commentary = (m.get("exception_commentary") or "").strip()
        actions = (m.get("exception_actions") or "").strip()
        if commentary or actions:
            out.append(labelled("Commentary", commentary or "None given"))
            out.append(labelled("Planned actions", actions or "None given"))
        else:
            out.append(para("No exception report has been received from the accountable "
                            "manager; it is requested with this cycle's update returns.",
                            italic=True))
    return out

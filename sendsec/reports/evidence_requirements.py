"""The row of each requirement of the Improvement Notice: what the board holds for it and
what is missing, one function per paragraph (3a-3j by area, 4, 5a-5e, 6, 7, 8, 10a-10d, 12d,
13), each reading the board as `World` read it once. The rules are `check`'s where they
overlap (its findings are gaps here), so the two never disagree."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from sendsec.domain import rules
from sendsec.domain.dates import from_iso, long_date
from sendsec.domain.entities import HELD_STATUSES, STATUTORY_ROLES
from sendsec.reports.evidence_rows import (
    LEADERS,
    REQUIREMENTS,
    SIX_MONTHS,
    Gap,
    Readiness,
    Requirement,
    World,
    minutes_text,
    plural,
    refs,
)


def area_rows(w: World) -> list[Requirement]:
    out = []
    measures_by_area = defaultdict(list)
    for m in w.measures:
        measures_by_area[m["area_id"]].append(m)
    impacts_by_area = defaultdict(list)
    for e in w.impacts:
        impacts_by_area[e["area_id"]].append(e)
    inspection = [a for a in w.areas if a["kind"] in ("area for priority action",
                                                       "area for improvement")]
    for area in inspection:
        code = f"3{area['code']}" if re.fullmatch(r"[a-z]", area["code"]) else area["code"]
        req = Requirement(code, " ".join(str(area["title"]).split())[:160])
        actions = [a for a in w.plan if a["area_id"] == area["id"]]
        if not actions:
            req.held = False
            req.gaps.append(Gap(f"No action in the plan addresses area {area['code']}.",
                                "area", area["id"]))
            out.append(req)
            continue
        delivered = [a for a in actions if a["status"] in ("complete", "closed")]
        req.evidence.append(f"{plural(len(actions), 'action')} ({refs(actions)}), "
                            f"{len(delivered)} delivered")
        sro = w.people.get(area.get("sro_id") or area.get("lead_id"))
        if sro:
            req.evidence.append(f"Senior responsible officer: {sro['name']}")
        else:
            req.gaps.append(Gap(f"Area {area['code']} has no senior responsible officer.",
                                "area", area["id"]))
        measures = measures_by_area.get(area["id"], [])
        with_data = [m for m in measures if m["latest_value"] is not None]
        if with_data:
            req.evidence.append(f"{plural(len(with_data), 'measure')} with data "
                                f"({refs(with_data, 'code')})")
        impacts = impacts_by_area.get(area["id"], [])
        if impacts:
            req.evidence.append(f"{plural(len(impacts), 'impact log entry', 'impact log entries')}")
        if not with_data and not impacts:
            req.gaps.append(Gap(f"Area {area['code']} has no measure with data and no impact "
                                "log entry: nothing yet evidences its impact.", "area",
                                area["id"]))
        for a in actions:
            if a["status"] not in rules.OPEN_STATUSES:
                continue
            if a["overdue"]:
                req.gaps.append(Gap(f"{a['ref']} is overdue (due "
                                    f"{long_date(a['effective_due'])}).", "action", a["id"]))
            elif a["no_update_this_cycle"]:
                req.gaps.append(Gap(f"{a['ref']} has no progress update this cycle.", "action",
                                    a["id"]))
        out.append(req)
    return out


def r4(w: World) -> Requirement:
    req = Requirement("4", dict(REQUIREMENTS)["4"])
    recs = [a for a in w.areas if a["kind"] == "DfE recommendation"]
    dfe = [f for f in w.findings if f["source"].startswith("DfE")]
    if not recs and not dfe:
        req.held = False
        req.gaps.append(Gap("No DfE recommendation or finding is recorded: record the "
                            "stocktake letter's findings (Stocktake > DfE and NHS England "
                            "feedback).", "finding", None))
        return req
    for area in recs:
        actions = [a for a in w.plan if a["area_id"] == area["id"]]
        if actions:
            req.evidence.append(f"DfE recommendation {area['code']}: {refs(actions)}")
        else:
            req.gaps.append(Gap(f"DfE recommendation {area['code']} has no action in the plan.",
                                "area", area["id"]))
    _findings_evidence(req, dfe, w)
    return req


def _findings_evidence(req: Requirement, findings: list[dict[str, Any]], w: World) -> None:
    answered = [f for f in findings if f["action_id"] or f["minute_id"] or f["area_id"]]
    if findings:
        req.evidence.append(f"{plural(len(findings), 'finding')} recorded, "
                            f"{len(answered)} linked to what answers it")
    actions = {a["id"]: a for a in w.actions}
    minutes = {m["id"]: m for m in w.minutes}
    for f in findings:
        short = " ".join(str(f["text"]).split())
        short = short if len(short) <= 80 else short[:79].rsplit(" ", 1)[0] + "…"
        if f["action_id"] in actions:
            req.evidence.append(f"'{short}' ({f['source']}, {long_date(f['received_on'])}): "
                                f"answered by {actions[f['action_id']]['ref']}, {f['status']}")
        elif f["minute_id"] in minutes:
            req.evidence.append(f"'{short}': board decision at minute "
                                f"{minutes[f['minute_id']]['number']}, {f['status']}")
        elif f["status"] in ("open", "in progress") and not f["area_id"]:
            req.gaps.append(Gap(f"The finding '{short}' ({f['source']}, "
                                f"{long_date(f['received_on'])}) is not linked to an action or "
                                "a board decision.", "finding", f["id"]))


def r5a(w: World) -> Requirement:
    req = Requirement("5a", dict(REQUIREMENTS)["5a"])
    chair = w.people.get(w.settings.get("chair_id"))
    if chair and not chair["archived"]:
        req.evidence.append(f"Independent chair: {chair['name']}")
    else:
        req.gaps.append(Gap("The board has no independent chair (Board settings).", "board",
                            None))
    if not w.held:
        req.held = bool(chair)
        req.gaps.append(Gap("No meeting of the board has been held yet.", "meeting", None))
        return req
    req.evidence.append(f"{plural(len(w.held), 'meeting')} held, the last on "
                        f"{long_date(w.held[-1]['meeting_date'])}")
    last = w.held[-1]
    invitees = w.board.rows("invitee", parent_id=last["id"])
    for i in invitees:
        person = w.people.get(i["person_id"])
        if not person or not LEADERS.search(person.get("title") or ""):
            continue
        if i["attendance"] in ("present", "in attendance"):
            continue
        substitute = any(j["substitute_for_id"] == person["id"] and j["attendance"] ==
                         "substitute" for j in invitees)
        if not substitute:
            req.gaps.append(Gap(f"{person['name']} ({person['title']}) was not at "
                                f"{w.meeting_label(last)} and sent no substitute "
                                f"({i['attendance']}).", "meeting", last["id"]))
    return req


def r5b(w: World) -> Requirement:
    req = Requirement("5b", dict(REQUIREMENTS)["5b"])
    if not w.plan:
        req.held = False
        req.gaps.append(Gap("The plan has no actions yet.", "action", None))
        return req
    owned = [a for a in w.open_plan if a["owner_id"]]
    measured = [a for a in w.open_plan if (a.get("target") or a.get("success_measure"))]
    req.evidence.append(f"{len(owned)} of {len(w.open_plan)} open actions have an accountable "
                        f"owner; {len(measured)} a measurable target")
    leads = [a for a in w.open_plan if a.get("lead_id")]
    if leads:
        req.evidence.append(f"{len(leads)} name an action lead as well")
    req.gaps += w.check_gaps("5b")
    for area in w.areas:
        if area["kind"] != "DfE recommendation" and not (area.get("sro_id")
                                                         or area.get("lead_id")):
            req.gaps.append(Gap(f"Area {area['code']} has no senior responsible officer.",
                                "area", area["id"]))
    for r in w.revisions_unagreed:
        req.gaps.append(Gap(f"{r.ref}'s due date was revised to {long_date(r.new_due)} on "
                            f"{long_date(r.revised_on)} but no board decision agrees it.",
                            "action", r.action_id))
    return req


def r5c(w: World) -> Requirement:
    req = Requirement("5c", dict(REQUIREMENTS)["5c"])
    if not w.risks:
        req.held = False
        req.gaps.append(Gap("The risk register has no open risks.", "risk", None))
        return req
    reviewed = [r for r in w.risks if r["reviewed_this_cycle"]]
    req.evidence.append(f"{plural(len(w.risks), 'open risk')}; {len(reviewed)} reviewed this "
                        "cycle")
    updated = [a for a in w.open_plan if not a["no_update_this_cycle"]]
    req.evidence.append(f"{len(updated)} of {len(w.open_plan)} open actions updated this cycle")
    req.gaps += [g for g in w.check_gaps("5c")]
    for r in w.risks:
        if r["band"] in ("high", "very high") and not (r.get("mitigation") or "").strip():
            req.gaps.append(Gap(f"{r['ref']} is {r['band']} with no mitigation plan.", "risk",
                                r["id"]))
    return req


def r5d(w: World) -> Requirement:
    req = Requirement("5d", dict(REQUIREMENTS)["5d"])
    recent = w.today - dt.timedelta(days=120)
    with_data = [m for m in w.measures if m["latest_period"] and m["latest_period"] >= recent]
    lived = [e for e in w.impacts if e["kind"] == "impact on lived experience"]
    if not w.measures and not lived:
        req.held = False
        req.gaps.append(Gap("No measure and no impact on lived experience is recorded.",
                            "measure", None))
        return req
    req.evidence.append(f"{len(with_data)} of {len(w.measures)} measures with data in the last "
                        "four months")
    if lived:
        req.evidence.append(f"{plural(len(lived), 'entry', 'entries')} on the impact on the "
                            "lived experience of children and families")
    else:
        req.gaps.append(Gap("No impact on lived experience is recorded in the impact log.",
                            "impact_entry", None))
    for m in w.measures:
        if m["latest_value"] is None:
            req.gaps.append(Gap(f"{m['code']} has no data.", "measure", m["id"]))
        elif m["latest_period"] < recent:
            req.gaps.append(Gap(f"{m['code']}'s latest data is for "
                                f"{long_date(m['latest_period'])}.", "measure", m["id"]))
        if m["rag"] == "red" and not (m.get("exception_commentary") or "").strip():
            req.gaps.append(Gap(f"{m['code']} is off its trajectory (Red) with no exception "
                                "report (commentary and planned actions).", "measure", m["id"]))
    return req


def r5e(w: World) -> Requirement:
    req = Requirement("5e", dict(REQUIREMENTS)["5e"])
    if not w.impacts:
        req.held = False
        req.gaps.append(Gap("The action and impact log has no entries.", "impact_entry", None))
        return req
    by_meeting = defaultdict(list)
    for e in w.impacts:
        by_meeting[e["meeting_id"]].append(e)
    recent_held = [m for m in w.held if m["kind"] != "stocktake review"][-6:]
    with_entries = [m for m in recent_held if by_meeting.get(m["id"])]
    req.evidence.append(f"{plural(len(w.impacts), 'entry', 'entries')}; entries at "
                        f"{len(with_entries)} of the last {len(recent_held)} meetings held")
    slow_entries = {e["action_id"] for e in w.impacts if e["kind"] == "slow progress"}
    strengthen = [e for e in w.impacts if e["kind"] == "contribution to strengthen"]
    if strengthen:
        req.evidence.append(f"{plural(len(strengthen), 'contribution')} to be strengthened "
                            "recorded")
    req.gaps += w.check_gaps("5e")
    for a in w.open_plan:
        if a["slow"] and a["id"] not in slow_entries:
            req.gaps.append(Gap(f"{a['ref']} is slow to progress and the log does not "
                                "highlight it.", "action", a["id"]))
    return req


def r6(w: World) -> Requirement:
    req = Requirement("6", dict(REQUIREMENTS)["6"])
    roles = {pid: p["role"] for pid, p in w.people.items()}
    checked = [m for m in w.meetings if m["status"] != "cancelled"]
    if not checked:
        req.held = False
        req.gaps.append(Gap("No meeting is recorded.", "meeting", None))
        return req
    complete = 0
    for m in checked:
        invited = {roles.get(i["person_id"]) for i in w.board.rows("invitee", parent_id=m["id"])}
        if all(r in invited for r in STATUTORY_ROLES):
            complete += 1
    req.evidence.append(f"{complete} of {len(checked)} meetings invited all three "
                        "(the DfE adviser, the NHS England adviser and the DfE case lead)")
    req.gaps += w.check_gaps("6")
    return req


def r7(w: World) -> Requirement:
    req = Requirement("7", dict(REQUIREMENTS)["7"])
    advisers = [f for f in w.findings]
    if not advisers:
        req.held = False
        req.gaps.append(Gap("No update or feedback from the DfE or NHS England advisers is "
                            "recorded.", "finding", None))
        return req
    _findings_evidence(req, advisers, w)
    return req


def r8(w: World) -> Requirement:
    req = Requirement("8", dict(REQUIREMENTS)["8"])
    stocktakes = [m for m in w.meetings if m["kind"] == "stocktake review"
                  and m["status"] != "cancelled"]
    done = [m for m in stocktakes if m["status"] in HELD_STATUSES]
    coming = [m for m in stocktakes if m["status"] not in HELD_STATUSES]
    if not stocktakes:
        req.held = False
        req.gaps.append(Gap("No stocktake review is recorded.", "meeting", None))
        return req
    if done:
        req.evidence.append(f"{plural(len(done), 'stocktake review')} held: "
                            + ", ".join(long_date(m["meeting_date"]) for m in done))
    if coming:
        req.evidence.append(f"Next stocktake review: {long_date(coming[0]['meeting_date'])}")
    req.gaps += w.check_gaps("8")
    return req


def r10(w: World) -> list[Requirement]:
    a = Requirement("10a", dict(REQUIREMENTS)["10a"])
    if not w.plan:
        a.held = False
        a.gaps.append(Gap("The plan has no actions yet.", "action", None))
    else:
        by_rag: dict[str, int] = defaultdict(int)
        for x in w.plan:
            by_rag[rules.rag_label(x["rag"]) if x["rag"] else "Not rated"] += 1
        a.evidence.append(f"{len(w.plan)} actions in the plan: " + ", ".join(
            f"{n} {k}" for k, n in sorted(by_rag.items())))
        missing = [x for x in w.open_plan if x["no_update_this_cycle"]]
        for x in missing:
            a.gaps.append(Gap(f"{x['ref']} has no progress update this cycle.", "action",
                              x["id"]))
    b = Requirement("10b", dict(REQUIREMENTS)["10b"])
    since = w.today - SIX_MONTHS
    voices = [e for e in w.impacts if e["kind"] == "family and young people's voice"]
    recent = [e for e in voices if from_iso(e["entry_date"]) >= since]
    if not voices:
        b.held = False
        b.gaps.append(Gap("No feedback from parents, carers, children or young people is "
                          "recorded in the impact log.", "impact_entry", None))
    else:
        b.evidence.append(f"{plural(len(voices), 'entry', 'entries')} of families' and young "
                          f"people's voice, {len(recent)} in the last six months")
        if not recent:
            b.gaps.append(Gap("No feedback from families in the last six months.",
                              "impact_entry", None))
    c = Requirement("10c", dict(REQUIREMENTS)["10c"])
    chair = w.people.get(w.settings.get("chair_id"))
    secretary = w.people.get(w.settings.get("secretary_id"))
    c.evidence.append("Chair: " + (chair["name"] if chair else "not set") + "; secretary: "
                      + (secretary["name"] if secretary else "not set"))
    with_sro = [x for x in w.areas if x.get("sro_id") or x.get("lead_id")]
    c.evidence.append(f"{len(with_sro)} of {len(w.areas)} areas have a senior responsible "
                      "officer")
    if not chair:
        c.gaps.append(Gap("No independent chair is set (Board settings).", "board", None))
    if not secretary:
        c.gaps.append(Gap("No board secretary is set (Board settings).", "board", None))
    for x in w.areas:
        if not (x.get("sro_id") or x.get("lead_id")):
            c.gaps.append(Gap(f"Area {x['code']} has no senior responsible officer.", "area",
                              x["id"]))
    if not w.areas:
        c.held = False
    d = Requirement("10d", dict(REQUIREMENTS)["10d"])
    with_target = [m for m in w.measures if m["target"] is not None]
    with_traj = [m for m in w.measures if m["trajectory"]]
    d.evidence.append(f"Dashboard: {len(w.measures)} measures, {len(with_target)} with a "
                      f"target, {len(with_traj)} with a trajectory")
    contributing = {o.strip() for a in w.plan for o in (a.get("organisations") or "").split(",")
                    if o.strip()}
    d.evidence.append(f"{plural(len(contributing), 'organisation')} contributing to actions")
    for m in w.measures:
        if m["target"] is None:
            d.gaps.append(Gap(f"{m['code']} has no target.", "measure", m["id"]))
        elif not m["trajectory"]:
            d.gaps.append(Gap(f"{m['code']} has no trajectory to show slippage against.",
                              "measure", m["id"]))
    if not w.measures:
        d.held = False
    return [a, b, c, d]


def r12d(w: World) -> Requirement:
    req = Requirement("12d", dict(REQUIREMENTS)["12d"])
    if not w.held:
        req.held = False
        req.gaps.append(Gap("No meeting has been held yet.", "meeting", None))
        return req
    numbers = [m["number"] for m in w.minutes if m["meeting_id"] in {x["id"] for x in w.held}]
    approved = [m for m in w.held if m["status"] == "minutes approved"]
    req.evidence.append(f"Minutes of {len([m for m in w.held if w.minutes_by_meeting.get(m['id'])])}"
                        f" of {len(w.held)} meetings held ({minutes_text(numbers)}); "
                        f"{len(approved)} approved")
    for m in w.held:
        if not w.minutes_by_meeting.get(m["id"]):
            req.gaps.append(Gap(f"{w.meeting_label(m)} has no minutes recorded.", "meeting",
                                m["id"]))
    req.gaps += w.check_gaps("12d")
    return req


def r13(w: World, readiness: Readiness) -> Requirement:
    req = Requirement("13", dict(REQUIREMENTS)["13"])
    if not w.plan:
        req.held = False
        req.gaps.append(Gap("The plan has no actions yet.", "action", None))
        return req
    req.evidence += [line.rstrip(".") for line in readiness.lines()[1:3]]
    req.gaps += w.check_gaps("13")
    for m in w.measures:
        if m["target_date"] and from_iso(m["target_date"]) < w.today and \
                m["code"] in readiness.measures_not_yet:
            req.gaps.append(Gap(f"{m['code']} was due to reach its target by "
                                f"{long_date(m['target_date'])} and has not.", "measure",
                                m["id"]))
    return req


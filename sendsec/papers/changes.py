"""What changed since the last meeting, for the board pack."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

from sendsec.charts import format_value
from sendsec.domain.dates import from_iso, long_date, short_date
from sendsec.domain.entities import ENTITIES, counted
from sendsec.domain.labels import count
from sendsec.papers.meeting_data import (
    CHANGE_ROWS_LIMIT,
    CHANGE_VALUE_LIMIT,
    MeetingData,
    _none,
    _rag,
    bulk_loads,
    impact_since,
    rag_as_of,
)
from sendsec.papers.model import (
    Bullets,
    Heading,
    Paper,
    Table,
    labelled,
    para,
)

#: How many kinds of record a bulk load's line names.
BULK_KINDS_NAMED = 4


def _change_text(row: dict, board_labels: dict) -> str:
    if row["field"] == "(created)":
        return "Added"
    if row["field"] == "archived":
        return "Archived" if row["new"] == "1" else "Restored"
    e = ENTITIES.get(row["entity"])
    try:
        f = e.field(row["field"]) if e else None
    except KeyError:
        f = None
    label = f.label if f else row["field"]

    def show(value: str | None) -> str:
        if value is None or value == "":
            return "(blank)"
        if f is not None and f.kind == "ref":
            try:
                return board_labels.get((f.ref, int(value)), f"#{value}")
            except ValueError:
                return value
        if f is not None and f.kind == "date":
            return long_date(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else value
        if f is not None and f.name == "rag":
            return _rag(value)
        if len(value) > CHANGE_VALUE_LIMIT:
            return value[:CHANGE_VALUE_LIMIT].rstrip() + "… (shortened)"
        return value

    return f"{label}: {show(row['old'])} → {show(row['new'])}"


_CHANGE_ORDER = ("action", "action_update", "action_revision", "risk", "risk_review", "measure",
                 "measure_point", "trajectory_point", "impact_entry", "meeting", "agenda_item",
                 "invitee", "cycle_step", "minute", "resolution", "declaration", "area",
                 "person", "organisation", "board")
_QUIET_FIELDS = {"ics_sequence", "position"}


#: Kinds of record whose additions are named in "what changed" (others are counted: their
#: records appear elsewhere in the pack, e.g. progress updates under their actions).
_NAMED_WHEN_ADDED = ("action", "risk", "measure", "impact_entry", "meeting", "area", "person",
                     "organisation")
#: Kinds whose field changes are bookkeeping of the meeting cycle, counted but not listed.
_COUNTED_ONLY = ("cycle_step", "agenda_item", "invitee")


def what_changed(data: MeetingData, board_labels: dict) -> dict[str, Any]:
    """Return the change log since the last meeting, grouped for people.

    Keys: 'summary' [(kind plural, added, changed records, archived)], 'added'
    [(kind plural, [record labels])], 'changed' [(record, 'Field: old → new' lines,
    when, by)] newest first, 'more' (changed records left out beyond CHANGE_ROWS_LIMIT).
    """
    changes = [c for c in data.changes if c["field"] not in _QUIET_FIELDS]
    kinds: dict[str, dict[str, Any]] = {}
    per_record: dict[tuple[str, int], dict[str, Any]] = {}
    for c in changes:  # newest first
        k = kinds.setdefault(c["entity"], {"added": [], "changed": set(), "archived": set()})
        key = (c["entity"], c["entity_id"])
        label = data.change_labels.get(key, c["record"] or "")
        if c["field"] == "(created)":
            k["added"].append(label)
            continue
        if c["field"] == "archived":
            k["archived"].add(c["entity_id"])
        else:
            k["changed"].add(c["entity_id"])
        if c["entity"] in _COUNTED_ONLY:
            continue
        rec = per_record.setdefault(key, {"label": label, "fields": {}, "at": c["at"],
                                          "users": set()})
        rec["users"].add(c["user"] or "")
        # newest first: the first row seen for a field has the newest value; keep the oldest old
        field = rec["fields"].get(c["field"])
        rec["fields"][c["field"]] = {**c, "new": field["new"]} if field else dict(c)

    def order(name: str) -> tuple:
        return (_CHANGE_ORDER.index(name) if name in _CHANGE_ORDER else 99, name)

    plural = {name: (ENTITIES[name].plural if name in ENTITIES else name) for name in kinds}
    summary = [(plural[n], len(kinds[n]["added"]), len(kinds[n]["changed"]),
                len(kinds[n]["archived"])) for n in sorted(kinds, key=order)]
    added = [(plural[n], list(reversed(kinds[n]["added"]))) for n in sorted(kinds, key=order)
             if n in _NAMED_WHEN_ADDED and kinds[n]["added"]]
    for r in per_record.values():  # a field changed and changed back has not changed
        r["fields"] = {k: f for k, f in r["fields"].items() if f["old"] != f["new"]}
    records = sorted((r for r in per_record.values() if r["fields"]), key=lambda r: r["at"],
                     reverse=True)
    changed = [(r["label"], "\n".join(_change_text(f, board_labels)
                                       for f in r["fields"].values()),
                short_date(r["at"][:10]) + " " + r["at"][11:16],
                ", ".join(sorted(u for u in r["users"] if u)))
               for r in records[:CHANGE_ROWS_LIMIT]]
    return {"summary": summary, "added": added, "changed": changed,
            "more": max(0, len(records) - CHANGE_ROWS_LIMIT), "count": len(changes)}


def digest(data: MeetingData) -> list[tuple[str, list[str]]]:
    """Return what moved since the last meeting, by area: [(area heading, lines)], from the
    dated records (progress updates, revised dates, risk reviews, data points, impact log)."""
    start = data.cycle_start
    if start is None:
        return []
    figures_from = start - dt.timedelta(days=35)  # a month's figures arrive the month after
    lines: dict[Any, list[str]] = defaultdict(list)
    moves: dict[Any, list[str]] = defaultdict(list)
    for a in data.plan_actions():
        before, now = rag_as_of(a, start), a["rag"]
        if now and before and before != now:
            moves[a["area_id"]].append(f"{a['ref']} {_rag(before)} to {_rag(now)}")
        elif now and not before and any(from_iso(u["update_date"]) >= start
                                        for u in a.get("updates") or [] if u.get("rag")):
            moves[a["area_id"]].append(f"{a['ref']} first rated {_rag(now)}")
    for area, found in moves.items():
        lines[area].append("RAG: " + "; ".join(found) + ".")
    actions = {a["id"]: a for a in data.actions}
    for r in data.revisions:
        revised = actions.get(r["action_id"])
        if revised and r.get("revised_on") and from_iso(r["revised_on"]) >= start:
            lines[revised["area_id"]].append(
                f"Due date of {revised['ref']} revised to {long_date(r['new_due'])}"
                + (f" (was {long_date(r['previous_due'])})" if r.get("previous_due") else "")
                + ".")
    for r in data.risks:
        if r["status"] != "open" or not r.get("reviewed_this_cycle"):
            continue
        for area_id in r["area_ids"] or (None,):
            if r["movement"] in ("up", "down"):
                lines[area_id].append(f"Risk {r['ref']} score {r['previous_score']} to "
                                      f"{r['score']} ({'up' if r['movement'] == 'up' else 'down'}).")
            elif r["movement"] == "new":
                lines[area_id].append(f"New risk {r['ref']}: {r['title']} (score {r['score']}).")
    for m in data.measures:
        new = [p for p in m.get("points") or [] if from_iso(p["period"]) >= figures_from]
        if new:
            lines[m["area_id"]].append(f"New figures for {m['code']}: " + "; ".join(
                f"{format_value(p['value'], m['unit'])} ({long_date(p['period'])})"
                for p in new) + ".")
    per_area = Counter(e["area_id"] for e in impact_since(data))
    for area, n in per_area.items():
        lines[area].append(f"Action and impact log: {n} {'entry' if n == 1 else 'entries'}.")
    out = []
    for area in data.areas:
        if lines.get(area["id"]):
            out.append((f"Area {area['code']}: {area['title']}", lines[area["id"]]))
    if lines.get(None):
        out.append(("Not linked to an area", lines[None]))
    return out


def _bulk_lines(loads: list[tuple[str, str, int, Counter]]) -> list[str]:
    """Return one plain line per day of bulk loads (an import, the demo's sample data): how
    many records, and the kinds most added, in record nouns; never who made them (a public
    paper does not print the computer's login names)."""
    days: dict[str, tuple[int, Counter]] = {}
    for minute, _user, rows, kinds in loads:
        total, added = days.get(minute[:10], (0, Counter()))
        days[minute[:10]] = (total + rows, added + kinds)
    lines = []
    for day, (total, added) in sorted(days.items()):
        top = [counted(kind, n) for kind, n in added.most_common(BULK_KINDS_NAMED)]
        among = (f", among them {', '.join(top[:-1])} and {top[-1]}" if len(top) > 1
                 else f", among them {top[0]}" if top else "")
        lines.append(f"On {long_date(day)}, {total:,} records were loaded in one go (an "
                     f"import from a workbook, or sample data){among}; they are not listed "
                     "one by one.")
    return lines


def _pack_changes(paper: Paper, data: MeetingData, board_labels: dict) -> None:
    if data.previous is None:
        paper.add(_none("There is no earlier meeting to compare with."))
        return
    when = long_date(data.previous["meeting_date"])
    paper.add(para(f"What moved since the last meeting on {when}, area by area, from the dated "
                   "records: RAG changes in progress updates, revised due dates, risk scores "
                   "at review, new figures and the action and impact log."))
    areas = digest(data)
    for heading, lines in areas:
        paper.add(Heading(heading, 2), Bullets(tuple(lines)))
    if not areas:
        paper.add(_none("Nothing moved in the dated records since the last meeting."))
    loads, single = bulk_loads(data.changes)
    paper.add(Heading("Other changes to the records", 2))
    for line in _bulk_lines(loads):
        paper.add(para(line))
    wc = what_changed(replace(data, changes=single), board_labels)
    if not wc["count"]:
        paper.add(_none(f"No other record was changed one by one since {when}."))
        return
    paper.add(para(f"{wc['count']} other changes were made one by one since {when}."))
    paper.add(Table(
        ("Kind of record", "Added", "Changed", "Archived"),
        tuple((kind, str(a), str(c), str(x)) for kind, a, c, x in wc["summary"]),
        bold_first_column=True))
    if wc["added"]:
        for kind, labels in wc["added"]:
            paper.add(labelled(f"Added: {kind} ({len(labels)})", "; ".join(labels)))
    if wc["changed"]:
        paper.add(Table(("Record", "What changed", "When"),
                        tuple(row[:3] for row in wc["changed"])))
        if wc["more"]:
            paper.add(para(f"… and {count(wc['more'], 'record')} changed earlier in the cycle: the full "
                           "change log is in the app.", italic=True))

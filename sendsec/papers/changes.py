"""What changed since the last meeting, for the board pack."""

from __future__ import annotations

import re
from typing import Any

from sendsec.dates import long_date, short_date
from sendsec.entities import ENTITIES
from sendsec.papers.meeting_data import (
    CHANGE_ROWS_LIMIT,
    CHANGE_VALUE_LIMIT,
    MeetingData,
    _none,
    _rag,
)
from sendsec.papers.model import (
    Heading,
    Paper,
    Table,
    labelled,
    para,
)


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


def _pack_changes(paper: Paper, data: MeetingData, board_labels: dict) -> None:
    if data.previous is None:
        paper.add(_none("There is no earlier meeting to compare with."))
        return
    when = long_date(data.previous["meeting_date"])
    wc = what_changed(data, board_labels)
    if not wc["count"]:
        paper.add(_none(f"Nothing has changed in the records since {when}."))
        return
    paper.add(para(f"{wc['count']} changes were recorded in the board's records since the last "
                   f"meeting on {when}."))
    paper.add(Heading("Summary", 2), Table(
        ("Kind of record", "Added", "Changed", "Archived"),
        tuple((kind, str(a), str(c), str(x)) for kind, a, c, x in wc["summary"]),
        widths=(5, 1.5, 1.5, 1.5), bold_first_column=True))
    if wc["added"]:
        paper.add(Heading("Added", 2))
        for kind, labels in wc["added"]:
            paper.add(labelled(f"{kind} ({len(labels)})", "; ".join(labels)))
    paper.add(Heading("Changed", 2))
    if wc["changed"]:
        paper.add(Table(("Record", "What changed", "When", "By"), tuple(wc["changed"]),
                        widths=(3.0, 5.6, 1.6, 1.2)))
        if wc["more"]:
            paper.add(para(f"… and {wc['more']} records changed earlier in the cycle: the full "
                           "change log is in the app.", italic=True))
    else:
        paper.add(_none("No existing records were changed."))



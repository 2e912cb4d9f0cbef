"""Reading the rows of one sheet into what importing them would do (`importer.plan` runs it).

Each row is an area heading, a record (to add, update or leave as it is) or a row
skipped with its reason; values are read the way councils type them (`values`,
`periods`, `references`) and compared with what the board holds, loaded once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from sendsec.domain.dates import short_date
from sendsec.domain.entities import ACTION_KINDS, ACTION_STATUSES, RISK_STATUSES, entity
from sendsec.domain.validation import coerce, field_problem
from sendsec.services.board import Board
from sendsec.spreadsheets import headers as hdr
from sendsec.spreadsheets import periods, references
from sendsec.spreadsheets import values as val
from sendsec.spreadsheets.import_model import (
    EXCEL_CELL_LIMIT,
    WORD_TABLE,
    ImportPlan,
    NewArea,
    NewPerson,
    PlannedRow,
    RowNote,
    SheetPlan,
    shorten,
    where,
)
from sendsec.storage import queries

ENTITY = {"actions": "action", "risks": "risk"}

_STATUS_WORDS = {
    "not started": "not started", "not yet started": "not started", "to start": "not started",
    "planned": "not started", "new": "not started",
    "in progress": "in progress", "ongoing": "in progress", "on going": "in progress",
    "started": "in progress", "underway": "in progress", "under way": "in progress",
    "open": "in progress", "live": "in progress", "active": "in progress",
    "complete": "complete", "completed": "complete", "done": "complete",
    "delivered": "complete", "achieved": "complete",
    "closed": "closed", "superseded": "closed", "withdrawn": "closed", "merged": "closed",
    "deferred": "deferred", "on hold": "deferred", "paused": "deferred", "postponed": "deferred",
}
_RISK_STATUS_WORDS = {"open": "open", "active": "open", "live": "open", "current": "open",
                      "new": "open", "escalated": "open", "closed": "closed",
                      "archived": "closed", "retired": "closed", "inactive": "closed",
                      "resolved": "closed", "mitigated": "closed"}

_AREA_HEADING = re.compile(
    r"^\s*(?P<kw>area for priority action|areas? for improvement|improvement area|"
    r"priority area|area of improvement|priority action|priority|area|theme|workstream|"
    r"work stream|dfe recommendation|recommendation|objective|strand)\s*"
    r"(?:no\.?\s*)?(?P<code>[A-Za-z]{0,3}\d+(?:\.\d+)?|[A-Za-z])(?![\w.])\s*"
    r"[:\-\u2013\u2014.)]*\s*(?P<title>.*)$", re.I | re.S)
_CODED_HEADING = re.compile(
    r"^\s*(?P<code>[A-Za-z]{1,3}\d+(?:\.\d+)?|[A-Za-z])\s*[:)\-\u2013\u2014]\s*(?P<title>\S.*)$",
    re.S)
_KW_PREFIX = {"priority": "P", "priority area": "P", "priority action": "P",
              "area for priority action": "P", "improvement area": "AFI",
              "area for improvement": "AFI", "areas for improvement": "AFI",
              "area of improvement": "AFI", "recommendation": "R", "dfe recommendation": "R",
              "theme": "T", "workstream": "W", "work stream": "W", "objective": "O",
              "strand": "S", "area": ""}


# --------------------------------------------------------------------------- what the board has

class Known:
    """The board's records loaded once, so planning 10,000 rows runs no per-row queries."""

    def __init__(self, board: Board, kind: str):
        e = ENTITY[kind]
        self.kind = kind
        self.records = board.rows(e, include_archived=True)
        self.by_ref = {val.ref_key(r["ref"]): r for r in self.records}
        people = board.rows("person")
        self.people = {p["id"]: p for p in board.rows("person", include_archived=True)}
        self.person_by_key: dict[str, int] = {}
        for p in people:
            self.person_by_key.setdefault(val.name_key(p["name"]), p["id"])
            if p.get("email"):
                self.person_by_key.setdefault(p["email"].strip().casefold(), p["id"])
        self.orgs: dict[str, int] = {}
        for o in board.rows("organisation"):
            for n in (o["name"], o["short_name"]):
                if n:
                    self.orgs.setdefault(val.name_key(n), o["id"])
        self.areas = board.rows("area", include_archived=True)
        self.area_by_code = {a["code"].casefold(): a for a in self.areas}
        self.area_by_title = {val.name_key(a["title"]): a for a in self.areas}
        table, parent, date_col, text_col = (
            ("action_updates", "action_id", "update_date", "narrative") if kind == "actions"
            else ("risk_reviews", "risk_id", "review_date", "note"))
        self.history = queries.history_per_parent(board.db, table, parent, date_col)
        self.action_areas = {a["ref"].casefold(): a["area_id"] for a in board.rows("action")
                             if a["ref"]} if kind == "risks" else {}
        self.history_texts = {pid: {_squash(h[text_col]) for h in rows if h[text_col]}
                              for pid, rows in self.history.items()}


def _distinct(cells: Iterable[Any], enough: int = 2) -> set[str]:
    """Return the distinct texts of `cells`, stopping once there are `enough` (a row is a
    heading or a note when it holds one text, a record when it holds more)."""
    found: set[str] = set()
    for c in cells:
        found.add(val.cell_text(c).strip())
        if len(found) >= enough:
            break
    return found


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


class SheetPlanner:
    """Plans the rows of one sheet into an ImportPlan: adds, updates, skipped rows, warnings."""

    def __init__(self, board: Board, result: ImportPlan, sp: SheetPlan, known: Known,
                 today: dt.date, filename: str):
        self.board = board
        self.result = result
        self.sp = sp
        self.k = known
        self.today = today
        self.filename = filename
        self.entity = entity(ENTITY[sp.kind])
        self.seen = result.seen.setdefault(sp.kind, {})
        self.area_key: str | None = None
        self.header_keys = [hdr.normalise(h) for h in sp.headers]
        #: the column of each field (the first, as the mapping lists them), looked up per cell
        self.column: dict[str, int] = {}
        for i, f in sp.mapping.items():
            self.column.setdefault(f, i)
            if f == "title_ref":
                self.column.setdefault("title", i)
        self.refs_found = 0
        self.row_flags: list[str] = []
        self.months: list[periods.MonthColumn] = []
        self.refs_in_text = "title_ref" in sp.mapping.values() or "ref" not in sp.mapping.values()
        if self.refs_in_text:
            sp.notes.append(f"References are taken from the start of '{self.header_of('title')}' "
                            "('Action 2.1: ...' is 2.1) and left out of the title.")
        owner = next((i for i, f in sp.mapping.items() if f == "owner"), None)
        if owner is not None and sp.kind == "actions" and \
                hdr.match_field(sp.headers[owner], "actions") == "lead":
            sp.notes.append(f"'{sp.headers[owner].strip()}' is read as the accountable owner: "
                            "the plan names no senior responsible officer.")

    def qualified(self, ref: str) -> str:
        """Return a bare action number from the text under a numbered area as the area's
        number, a dot and it ('1' under 'Priority 2' is 2.1), as a council reads it."""
        if not re.fullmatch(r"\d+[a-z]?", ref) or self.area_key is None:
            return ref
        number = re.search(r"(\d+)$", self.area_label(self.area_key))
        if number is None:
            return ref
        note = (f"Actions numbered 1, 2 ... under each area are read with the area's number "
                f"first ('{ref}' under {self.area_label(self.area_key)} is {number[1]}.{ref}).")
        if not any(n.startswith("Actions numbered") for n in self.sp.notes):
            self.sp.notes.append(note)
        return f"{number[1]}.{ref}"

    def read_months(self, title_rows: list[list[Any]]) -> None:
        """Find the month-named progress columns and say in the preview how they are dated."""
        self.months = periods.month_columns(self.sp.headers, self.sp.mapping, title_rows,
                                            self.today)
        self.sp.notes += [m.rule for m in self.months]

    # ---------------------------------------------------------------- rows
    def run(self, rows: list[list[Any]], tick: Callable[[int], None], above: list[str],
            title: list[str]) -> None:
        """Plan the rows below the header; `above` (a Word table's heading paragraphs) and the
        rows above the header may name the area, and with `title` the plan's year."""
        start = self.sp.header_row  # index of the first data row
        title_rows: list[list[Any]] = [[t] for t in above] + rows[:start - 1]
        self.read_months([[t] for t in title] + title_rows)
        for number, cells in enumerate(title_rows, 1 - len(above)):
            # 'Priority 2: Timeliness ...' above the header is the area of the rows below it
            texts = {c.strip() for c in cells if isinstance(c, str) and c.strip()}
            if len(texts) == 1 and _AREA_HEADING.match(next(iter(texts))):
                self.area_key = self.area_heading(next(iter(texts)), number)
        for offset, cells in enumerate(rows[start:]):
            if offset % 250 == 0:
                tick(offset)
            self.row(start + offset + 1, cells)

    def skip(self, row: int, ref: str | None, message: str) -> None:
        self.sp.skipped.append(RowNote(self.sp.name, row, ref, message))

    def warn(self, row: int, ref: str | None, message: str) -> None:
        self.sp.warnings.append(RowNote(self.sp.name, row, ref, message))

    def cell(self, cells: list[Any], name: str) -> Any:
        i = self.column.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    def has(self, name: str) -> bool:
        return name in self.column

    def row(self, number: int, cells: list[Any]) -> None:
        filled = [(i, c) for i, c in enumerate(cells) if not val.is_blank(c)]
        if not filled:
            return
        if all(hdr.normalise(c) == k for c, k in zip(cells, self.header_keys, strict=False)):
            return  # the header repeated (e.g. above each area)
        distinct = _distinct(c for _, c in filled)
        ref = val.read_ref(self.cell(cells, "ref"))
        if (ref is None or "title_ref" in self.sp.mapping.values()) and len(distinct) > 1:
            found = references.split_leading_ref(val.read_text(self.cell(cells, "title")))
            if found:
                ref = self.qualified(found[0])
        if len(distinct) == 1 and isinstance(filled[0][1], str):
            heading = self.area_heading(filled[0][1], number)
            if heading is not None:
                self.area_key = heading
                return
            if ref is None or len(ref) > 20:
                col = filled[0][0]
                header = self.sp.headers[col] if col < len(self.sp.headers) else ""
                column = f"column '{header}'" if header.strip() else f"column {col + 1}"
                self.skip(number, None, f"not a record: only '{shorten(filled[0][1], 50)}' "
                                        f"in {column}")
                return
        if ref is None:
            title = val.read_text(self.cell(cells, "title"))
            what = f" ('{shorten(title, 40)}')" if title else ""
            self.skip(number, None, f"no reference{what}")
            return
        key = val.ref_key(ref)
        if key in self.seen:
            sheet, first = self.seen[key]
            place = where(sheet, first)
            if sheet != self.sp.name and not WORD_TABLE.fullmatch(sheet):
                place += f" of sheet '{sheet}'"
            self.skip(number, ref, f"duplicate reference: {ref} is also on {place}; "
                                   "only the first is imported")
            return
        self.refs_found += 1
        self.seen[key] = (self.sp.name, number)
        existing = self.k.by_ref.get(key)
        if existing and existing["archived"]:
            self.skip(number, ref, f"{existing['ref']} is archived in the board; restore it "
                                   "first to import changes to it")
            return
        try:
            planned = self.read_row(number, ref, cells, existing)
        except _Skip as exc:
            self.skip(number, ref, str(exc))
            return
        if existing is None:
            self.sp.adds.append(planned)
            return
        planned.record_id = existing["id"]
        planned.changes = self.diff(existing, planned)
        if planned.changes or planned.history:
            if planned.history and not planned.changes:
                noun = "progress update" if self.sp.kind == "actions" else "review"
                planned.changes = {f"New {noun}": ("", shorten(planned.history.get(
                    "narrative") or planned.history.get("note") or "", 60))}
            self.sp.updates.append(planned)
        else:
            self.sp.unchanged.append((number, existing["ref"]))

    # ---------------------------------------------------------------- values
    def read_row(self, number: int, ref: str, cells: list[Any], existing: dict | None
                 ) -> PlannedRow:
        out: dict[str, Any] = {"ref": ref if existing is None else existing["ref"]}
        kind = self.sp.kind
        title = val.read_text(self.cell(cells, "title"))
        if kind == "risks":
            title = title or None
        if title is None and existing is None:
            noun = "action" if kind == "actions" else "risk"
            raise _Skip(f"no {noun} text: the '{self.header_of('title')}' cell is blank")
        if title is not None:
            out["title"] = references.without_ref(title, ref)
        planned = PlannedRow(self.sp.name, number, ref, out)
        self.row_flags = planned.flags
        if kind == "actions":
            self.read_action(number, ref, cells, existing, planned)
        else:
            self.read_risk(number, ref, cells, existing, planned)
        # every value in its stored form; a value too long for its field skips the row
        for name in list(out):
            f = self.entity.field(name)
            try:
                out[name] = coerce(f, out[name])
            except ValueError as exc:
                raise _Skip(field_problem(f, exc)) from None
        planned.area = self.read_area(cells, number)
        if kind == "risks" and planned.area is None and not self.has("area") and (
                existing is None or existing["area_id"] is None):
            planned.area = references.linked_area(out.get("linked_actions"), self.k.action_areas)
        planned.area_label = self.area_label(planned.area)
        planned.owner = self.read_owner(cells, number, ref)
        if kind == "actions":
            planned.lead = self.read_owner(cells, number, ref, "lead")
        return planned

    def area_label(self, key: str | None) -> str:
        if key is None:
            return ""
        if key.startswith("id:"):
            return self.person_or_area("area_id", int(key[3:]))
        return self.result.new_areas[key].code

    def header_of(self, name: str) -> str:
        for i, f in self.sp.mapping.items():
            if (f == name or (name == "title" and f == "title_ref")) and i < len(self.sp.headers):
                return self.sp.headers[i].strip() or name
        return name

    def date(self, cells: list[Any], name: str, number: int, ref: str) -> dt.date | None:
        if not self.has(name):
            return None
        raw = self.cell(cells, name)
        try:
            d = val.read_date(raw)
        except ValueError as exc:
            # a month, quarter or week is read to its last day and flagged; anything else is
            # left blank and flagged, never guessed
            text = val.cell_text(raw).strip()
            period = periods.read_period(text)
            if period is None:
                why = str(exc).split(" (")[0].removeprefix(f"'{text}' ")
                why = "" if why == "is not a date" else f" (it {why})"
                self.warn(number, ref, f"'{self.header_of(name)}' is '{shorten(text, 40)}', "
                                       f"which cannot be read as a date{why}: no date recorded")
                self.row_flags.append(f"'{self.header_of(name)}' '{shorten(text, 30)}' not "
                                      "read")
                return None
            self.row_flags.append(f"'{self.header_of(name)}' '{text}' {period.note}")
            return period.date
        if d is None and not val.is_blank(raw):
            self.warn(number, ref, f"'{self.header_of(name)}' is "
                                   f"'{val.cell_text(raw).strip()}': no date recorded")
        return d

    def text(self, cells: list[Any], name: str) -> str | None:
        return val.read_text(self.cell(cells, name)) if self.has(name) else None

    def read_action(self, number: int, ref: str, cells: list[Any], existing: dict | None,
                    planned: PlannedRow) -> None:
        out = planned.values
        for name in ("description", "organisations", "success_measure", "target", "baseline",
                     "revision_reason"):
            text = self.text(cells, name)
            if text is not None:
                out[name] = text
        for name in ("start_date", "due_date", "revised_due_date"):
            d = self.date(cells, name, number, ref)
            if d is not None:
                out[name] = d
        rag = status = None
        if self.has("rag"):
            rag = self.rag(cells, "rag", number, ref)
        if self.has("status"):
            status = self.status(self.cell(cells, "status"), number, ref)
        if self.has("rag_or_status"):
            raw = self.cell(cells, "rag_or_status")
            if not val.is_missing(raw):
                try:
                    rag = val.read_rag(raw)
                except ValueError:
                    status = self.status(raw, number, ref)
        if self.has("kind"):
            raw = self.cell(cells, "kind")
            if not val.is_blank(raw):
                word = val.cell_text(raw).strip().casefold()
                k = ("board" if "board" in word or "minute" in word else
                     "plan" if word in ("plan", "pap", "priority action plan", "action plan")
                     else None)
                if k in ACTION_KINDS:
                    out["kind"] = k
                else:
                    self.warn(number, ref, f"kind '{val.cell_text(raw).strip()}' is not "
                                           "'plan' or 'board': read as a plan action")
        monthly = self.monthly_updates(cells, number, ref, rag, existing)
        if rag is None and monthly and monthly[-1]["rag"] != (existing or {}).get("rag"):
            rag = monthly[-1]["rag"]  # the RAG of the latest month is the action's RAG
        if rag is not None:
            out["rag"] = rag
        current_status = existing["status"] if existing else "not started"
        if status is None and rag == "blue" and current_status in ("not started", "in progress"):
            status = "complete"
        elif status is None and rag is not None and current_status == "not started":
            status = "in progress"
        if status is not None:
            out["status"] = status
        known = self.k.history_texts.get(existing["id"], set()) if existing else set()
        planned.earlier = [h for h in monthly if _squash(h["narrative"]) not in known]
        planned.history = self.latest_update(cells, number, ref, rag, existing, known)
        if planned.history is None and planned.earlier:
            # the latest month's update is the row's latest: the Evidence column is its own
            planned.history = planned.earlier.pop()
            evidence = self.text(cells, "evidence")
            if evidence:
                planned.history["evidence"] = evidence

    def latest_update(self, cells: list[Any], number: int, ref: str, rag: str | None,
                      existing: dict | None, known: set[str]) -> dict[str, Any] | None:
        """Return the progress update of the 'Latest update' column, if it is new."""
        update = self.text(cells, "update")
        if update is None or not update.strip() or _squash(update) in known:
            return None
        history_rag = rag or (existing or {}).get("rag")
        if history_rag is None:
            self.warn(number, ref, "the update is not recorded as a progress update: the "
                                   "row has no RAG (a progress update needs one)")
            return None
        when = self.date(cells, "update_date", number, ref) or self.today
        history: dict[str, Any] = {"update_date": when, "rag": history_rag,
                                   "narrative": update}
        evidence = self.text(cells, "evidence")
        if evidence:
            history["evidence"] = evidence
        return history

    def monthly_updates(self, cells: list[Any], number: int, ref: str, rag: str | None,
                        existing: dict | None) -> list[dict[str, Any]]:
        """Return the progress updates of the month-named columns, oldest first."""
        out = []
        for m in self.months:
            text = val.read_text(cells[m.index] if m.index < len(cells) else None)
            if text is None or not text.strip():
                continue
            month_rag = None
            if m.rag_index is not None and m.rag_index < len(cells):
                raw = cells[m.rag_index]
                try:
                    month_rag = val.read_rag(raw)
                except ValueError:
                    self.warn(number, ref, f"RAG '{val.cell_text(raw).strip()}' is not Red, "
                                           "Amber, Green or Blue: RAG not imported")
            month_rag = month_rag or rag or (existing or {}).get("rag")
            if month_rag is None:
                self.warn(number, ref, f"'{shorten(m.header, 40)}' is not recorded as a progress "
                                       "update: there is no RAG beside it (a progress update "
                                       "needs one)")
                continue
            out.append({"update_date": m.date, "rag": month_rag, "narrative": text})
        return sorted(out, key=lambda h: h["update_date"])

    def rag(self, cells: list[Any], name: str, number: int, ref: str) -> str | None:
        raw = self.cell(cells, name)
        try:
            return val.read_rag(raw)
        except ValueError:
            self.warn(number, ref, f"RAG '{val.cell_text(raw).strip()}' is not Red, Amber, "
                                   "Green or Blue: RAG not imported")
            return None

    def status(self, raw: Any, number: int, ref: str) -> str | None:
        if val.is_missing(raw):
            return None
        word = " ".join(val.cell_text(raw).replace("-", " ").split()).casefold()
        if word in _STATUS_WORDS:
            return _STATUS_WORDS[word]
        self.warn(number, ref, f"status '{val.cell_text(raw).strip()}' is not one of "
                               f"{', '.join(ACTION_STATUSES)}: status not imported")
        return None

    def read_risk(self, number: int, ref: str, cells: list[Any], existing: dict | None,
                  planned: PlannedRow) -> None:
        out = planned.values
        for name in ("category", "controls", "mitigation", "linked_actions"):
            text = self.text(cells, name)
            if text is not None:
                out[name] = text
        description = self.text(cells, "description")
        parts = [(label, self.text(cells, name)) for label, name in
                 (("Cause", "cause"), ("Event", "event"), ("Consequence", "consequence"))]
        parts = [(label, t) for label, t in parts if t]
        if parts:
            joined = "\n".join(f"{label}: {t}" for label, t in parts)
            description = f"{description}\n{joined}" if description else joined
        if description is not None:
            out["description"] = description
        scores: dict[str, int | None] = {}
        for prefix in ("inherent", "current", "target"):
            for part in ("likelihood", "impact"):
                name = f"{prefix}_{part}"
                if not self.has(name):
                    continue
                raw = self.cell(cells, name)
                try:
                    scores[name] = val.read_score(raw)
                except ValueError as exc:
                    raise _Skip(f"'{self.header_of(name)}': {exc}") from None
            lk, im = scores.get(f"{prefix}_likelihood"), scores.get(f"{prefix}_impact")
            if (lk is None) != (im is None) and self.has(f"{prefix}_likelihood") and \
                    self.has(f"{prefix}_impact"):
                self.warn(number, ref, f"{prefix} likelihood and impact: only one is given; "
                                       "neither is imported")
                scores[f"{prefix}_likelihood"] = scores[f"{prefix}_impact"] = None
                lk = im = None
            score_col = f"{prefix}_score"
            if self.has(score_col):
                raw = self.cell(cells, score_col)
                if not val.is_missing(raw):
                    try:
                        stated = val.read_number(raw)
                    except ValueError:
                        stated = None
                    if lk and im and stated is not None and stated != lk * im:
                        self.warn(number, ref, f"'{self.header_of(score_col)}' says "
                                               f"{val.cell_text(raw)} but likelihood {lk} x "
                                               f"impact {im} is {lk * im}; the likelihood and "
                                               "impact are imported")
        for name, score in scores.items():
            if score is not None:
                out[name] = score
        if existing is None and (out.get("current_likelihood") is None
                                 or out.get("current_impact") is None):
            raise _Skip("no current likelihood and impact (1-5 each): a risk needs both")
        target = self.date(cells, "target_date", number, ref)
        if target is not None:
            out["target_date"] = target
        if self.has("status"):
            raw = self.cell(cells, "status")
            if not val.is_missing(raw):
                word = " ".join(val.cell_text(raw).split()).casefold()
                if word in _RISK_STATUS_WORDS:
                    out["status"] = _RISK_STATUS_WORDS[word]
                else:
                    self.warn(number, ref, f"status '{val.cell_text(raw).strip()}' is not "
                                           f"{' or '.join(RISK_STATUSES)}: status not imported")
        note = self.text(cells, "review_note")
        lk, im = out.get("current_likelihood"), out.get("current_impact")
        scores_changed = existing is not None and lk is not None and im is not None and (
            (lk, im) != (existing["current_likelihood"], existing["current_impact"]))
        new_note = bool(note and note.strip()) and (
            existing is None
            or _squash(note) not in self.k.history_texts.get(existing["id"], set()))
        # a review at the register's own date (else today); a later date is a review too
        when = self.date(cells, "review_date", number, ref)
        reviews = self.k.history.get(existing["id"], [{}]) if existing else [{}]
        newer = when is not None and when.isoformat() > str(reviews[0].get("review_date", ""))
        if scores_changed or new_note or (existing is not None and newer):
            when = when or self.today
            held = existing or {}  # a new risk has both scores (checked above)
            planned.history = {
                "review_date": when,
                "likelihood": lk if lk is not None else held["current_likelihood"],
                "impact": im if im is not None else held["current_impact"],
                "note": note if note and (new_note or newer) else f"Scores updated from {self.filename}",
            }

    # ---------------------------------------------------------------- areas and people
    def area_heading(self, text: str, number: int) -> str | None:
        """Return the plan's key of the area a heading row names, or None if it is not one."""
        m = _AREA_HEADING.match(text) or _CODED_HEADING.match(text)
        if not m:
            return None
        kw = (m.groupdict().get("kw") or "").casefold()
        kw = " ".join(kw.split())
        return self.resolve_area(m["code"], (m["title"] or "").strip(" :-\u2013\u2014\n"),
                                 kw, text, number)

    def resolve_area(self, code: str | None, title: str, kw: str, raw: str, number: int
                     ) -> str:
        candidates = []
        if code:
            prefix = _KW_PREFIX.get(kw, "")
            candidates = [code, f"{prefix}{code}", f"{kw} {code}".strip()]
            if code.isdigit():
                candidates += [f"P{code}", f"PA{code}", f"AFI{code}"]
        for c in candidates:
            area = self.k.area_by_code.get(c.casefold())
            if area:
                return f"id:{area['id']}"
        if title:
            area = self.k.area_by_title.get(val.name_key(title))
            if area:
                return f"id:{area['id']}"
        new_code = (code if code and not code.isdigit() else
                    f"{_KW_PREFIX.get(kw, '')}{code}" if code else
                    title if len(title) <= 40 else shorten(title, 40))
        key = f"new:{new_code.casefold()}"
        if key not in self.result.new_areas:
            kind = ("area for improvement" if "improvement" in kw else
                    "DfE recommendation" if "recommendation" in kw else
                    "area for priority action")
            self.result.new_areas[key] = NewArea(key, new_code, title or raw.strip(), kind)
        self.result.new_areas[key].rows.append(number)
        return key

    def read_area(self, cells: list[Any], number: int) -> str | None:
        raw = self.cell(cells, "area") if self.has("area") else None
        if val.is_missing(raw):
            return self.area_key
        text = " ".join(val.cell_text(raw).split())
        area = self.k.area_by_code.get(text.casefold())
        if area:
            return f"id:{area['id']}"
        title = val.read_text(self.cell(cells, "area_title")) if self.has("area_title") else None
        m = _AREA_HEADING.match(text) or _CODED_HEADING.match(text)
        if m:
            kw = " ".join((m.groupdict().get("kw") or "").casefold().split())
            return self.resolve_area(m["code"], (m["title"] or title or "").strip(), kw, text,
                                     number)
        area = self.k.area_by_title.get(val.name_key(text))
        if area:
            return f"id:{area['id']}"
        if len(text) <= 12 and " " not in text:  # a code such as 'k' or 'PA7'
            return self.resolve_area(text, title or "", "", text, number)
        return self.resolve_area(None, text, "", text, number)

    def read_owner(self, cells: list[Any], number: int, ref: str, column: str = "owner"
                   ) -> str | None:
        """Return the plan's key of the person a column names (the accountable owner, or the
        action lead), or None."""
        if not self.has(column):
            return None
        raw = val.read_text(self.cell(cells, column))
        if raw is None or val.is_missing(raw):
            return None
        raw = " ".join(raw.split())
        names = val.several_owners(raw)
        if len(names) > 1:
            what = "the accountable owner" if column == "owner" else "the action lead"
            self.warn(number, ref, f"several people named in '{self.header_of(column)}' "
                                   f"('{shorten(raw, 60)}'): {names[0]} is recorded as {what}")
        first = names[0]
        whole = self.k.person_by_key.get(val.name_key(first)) or \
            self.k.person_by_key.get(first.casefold())
        if whole:
            return f"id:{whole}"
        name, org, title = val.split_owner(first)
        found = self.k.person_by_key.get(val.name_key(name))
        if found:
            return f"id:{found}"
        if len(name) > 500:
            raise _Skip("the owner's name is longer than 500 characters")
        key = f"new:{val.name_key(name)}"
        if key not in self.result.new_people:
            self.result.new_people[key] = NewPerson(
                key, name, title or None, self.k.orgs.get(val.name_key(org)) if org else None)
        self.result.new_people[key].rows.append(number)
        return key

    # ---------------------------------------------------------------- differences
    def diff(self, existing: dict, planned: PlannedRow) -> dict[str, tuple[str, str]]:
        changes: dict[str, tuple[str, str]] = {}
        for name, new in planned.values.items():
            if name == "ref" or new is None:
                continue
            old = existing.get(name)
            if isinstance(new, str) and len(new) == EXCEL_CELL_LIMIT and isinstance(old, str) \
                    and old.startswith(new):
                planned.values[name] = old  # Excel cut the board's longer text; keep it whole
                continue
            if old != new:
                f = self.entity.field(name)
                changes[f.label] = (_show(f.kind, old), _show(f.kind, new))
        people = [("owner_id", planned.owner, self.entity.field("owner_id").label),
                  ("area_id", planned.area, "Area")]
        if self.sp.kind == "actions":
            people.append(("lead_id", planned.lead, "Action lead"))
        for name, key, label in people:
            if key is None:
                continue
            if key.startswith("id:"):
                if int(key[3:]) == existing[name]:
                    continue
                new_label = self.person_or_area(name, int(key[3:]))
            else:
                person = self.result.new_people.get(key)
                area = self.result.new_areas.get(key)
                new_label = person.name if person else area.code if area else ""
            old_label = self.person_or_area(name, existing[name]) if existing[name] else ""
            changes[label] = (old_label, new_label)
        return changes

    def person_or_area(self, name: str, record_id: int) -> str:
        if name != "area_id":
            p = self.k.people.get(record_id)
            return p["name"] if p else f"#{record_id}"
        for a in self.k.areas:
            if a["id"] == record_id:
                return a["code"]
        return f"#{record_id}"


class _Skip(Exception):
    """The row cannot be imported; the message says why."""


def _show(kind: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if kind == "date":
        return short_date(value)
    return shorten(str(value), 60)

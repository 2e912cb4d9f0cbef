"""Finding the header row of a council spreadsheet and mapping its columns to fields.

Councils put title rows, notes and blank rows above the table and name the
same column many ways ('Lead officer', 'Accountable owner', 'Responsible');
here each importable field has its usual names, compared with case,
punctuation and spacing ignored, and the header row is the one among the
first rows that names most of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sendsec.domain.errors import SendsecError

HEADER_SEARCH_ROWS = 30
KINDS = ("actions", "risks")


@dataclass(frozen=True)
class Column:
    """A field a column can be read into: its name, the header export writes, and its synonyms."""

    field: str
    header: str
    synonyms: tuple[str, ...] = ()
    #: True for columns that say which kind of sheet this is (a risk sheet has Likelihood)
    telling: bool = False


_COMMON_REF = ("ref", "reference", "ref no", "ref number", "reference number", "no", "number",
               "id", "item", "item no", "action ref", "action reference", "action no",
               "action number", "action id", "pap ref", "risk ref", "risk reference", "risk no",
               "risk number", "risk id")
_COMMON_AREA = ("area", "priority", "theme", "workstream", "work stream", "area code",
                "priority area", "improvement area", "area of improvement", "area for improvement",
                "area for priority action", "priority action", "inspection area", "strand",
                "objective", "outcome area")
_COMMON_OWNER = ("owner", "lead", "lead officer", "responsible", "responsible officer",
                 "accountable owner", "accountable officer", "accountable lead", "action owner",
                 "lead person", "responsible person", "who", "action lead", "risk owner",
                 "senior responsible officer", "sro", "named lead", "lead name")
#: the accountable owner of an action (notice 5b): the senior responsible officer
_ACCOUNTABLE = ("owner", "lead", "accountable owner", "accountable officer", "accountable lead",
                "accountable", "action owner", "who", "senior responsible officer", "sro",
                "senior responsible owner", "accountable sro", "sro accountable", "named lead",
                "lead name", "executive lead", "strategic lead", "senior lead")
#: the officer who does the work; read as the accountable owner when the plan names no other
_ACTION_LEAD = ("action lead", "lead officer", "responsible officer", "responsible",
                "responsible person", "lead person", "delivery lead", "operational lead",
                "officer", "action lead officer", "lead responsible officer")

ACTION_COLUMNS: tuple[Column, ...] = (
    Column("ref", "Ref", _COMMON_REF),
    Column("area", "Area", _COMMON_AREA),
    Column("area_title", "Area title", ("area title", "area description", "priority title",
                                        "theme title", "area name")),
    Column("title", "Action", ("action", "actions", "action description", "what", "what we will do",
                               "action title", "activity", "task", "key action", "actions required",
                               "action required", "we will", "planned action",
                               "description of action"), telling=True),
    Column("title_ref", "Action, its reference at the start", ()),
    Column("description", "Description", ("description", "detail", "details", "further detail",
                                          "how", "key tasks", "sub actions", "milestones")),
    Column("owner", "Accountable owner (SRO)", _ACCOUNTABLE),
    Column("lead", "Action lead", _ACTION_LEAD),
    Column("organisations", "Contributing organisations", (
        "contributing organisations", "organisations", "partners", "partner", "organisation",
        "agency", "agencies", "contributors", "supporting partners", "partner agencies",
        "lead organisation", "lead agency", "service")),
    Column("success_measure", "Success measure or criteria", (
        "success measure", "success measures", "measure of success", "measures of success",
        "impact measure", "impact measures", "kpi", "kpis", "how will we know",
        "how we will know", "what will success look like", "success criteria",
        "measurable outcome", "outcome", "outcomes", "expected impact", "impact",
        "intended impact", "evidence of impact", "measure"), telling=True),
    Column("target", "Target", ("target", "measurable target", "targets", "target measure")),
    Column("baseline", "Baseline", ("baseline", "baseline position", "starting point")),
    Column("start_date", "Start date", ("start date", "start", "date started", "from")),
    Column("due_date", "Due date", (
        "due", "due date", "target date", "deadline", "completion date", "original due date",
        "date due", "timescale", "timescales", "by when", "when", "end date",
        "target completion date", "original target date", "completion by", "target completion",
        "original deadline", "date for completion", "timeframe"), telling=True),
    Column("revised_due_date", "Revised due date", (
        "revised date", "revised due date", "revised target date", "revised deadline",
        "new due date", "new target date", "revised completion date", "revised timescale",
        "forecast completion date", "revised end date"), telling=True),
    Column("revision_reason", "Reason for revised date", (
        "reason for revised date", "reason for revision", "revision reason", "reason for change",
        "reason for slippage", "slippage reason", "reason for delay")),
    Column("status", "Status", ("action status", "progress status", "delivery status",
                                "completion status", "state")),
    Column("rag", "RAG", ("rag", "rag status", "rag rating", "progress rag", "current rag",
                          "rag rating current", "overall rag", "rag status current",
                          "delivery rag", "rating", "bragg", "brag", "brag rating",
                          "brag status"), telling=True),
    Column("rag_or_status", "Status", ("status",)),
    Column("update", "Latest update", (
        "update", "progress update", "latest update", "commentary", "progress", "comments",
        "comment", "narrative", "progress narrative", "latest position", "current position",
        "position statement", "progress to date", "update on progress", "notes",
        "progress commentary", "latest progress", "highlight", "update narrative",
        "current update"), telling=True),
    Column("update_month", "Progress update of the month in the header", ()),
    Column("rag_month", "RAG of the month in the header", ()),
    Column("update_date", "Latest update date", ("latest update date", "update date",
                                                 "date of update", "date updated",
                                                 "last updated", "updated on")),
    Column("evidence", "Evidence", ("evidence", "evidence of progress", "supporting evidence",
                                    "evidence source")),
    Column("kind", "Kind", ("kind", "type", "action type", "action kind", "log")),
)

RISK_COLUMNS: tuple[Column, ...] = (
    Column("ref", "Ref", _COMMON_REF),
    Column("area", "Area", _COMMON_AREA),
    Column("area_title", "Area title", ("area title", "area description", "area name")),
    Column("title", "Risk", ("risk", "risk title", "risk name", "risk summary", "title",
                             "summary", "risk identified"), telling=True),
    Column("description", "Cause, event and consequence", (
        "risk description", "description", "cause event and consequence", "description of risk",
        "risk detail", "details", "cause event consequence"), telling=True),
    Column("cause", "Cause", ("cause", "causes", "risk cause", "trigger", "triggers"),
           telling=True),
    Column("event", "Event", ("event", "risk event")),
    Column("consequence", "Consequence", ("consequence", "consequences", "effect", "effects",
                                          "risk consequence", "potential impact"), telling=True),
    Column("owner", "Owner", _COMMON_OWNER),
    Column("category", "Category", ("category", "risk category", "type", "risk type",
                                    "strategic or operational")),
    Column("inherent_likelihood", "Inherent likelihood", (
        "inherent likelihood", "initial likelihood", "gross likelihood", "original likelihood",
        "untreated likelihood", "pre mitigation likelihood", "inherent l", "inherent probability",
        "likelihood inherent", "likelihood before controls"), telling=True),
    Column("inherent_impact", "Inherent impact", (
        "inherent impact", "initial impact", "gross impact", "original impact",
        "untreated impact", "pre mitigation impact", "inherent i", "inherent severity",
        "impact inherent", "impact before controls"), telling=True),
    Column("inherent_score", "Inherent score", (
        "inherent score", "initial score", "gross score", "inherent risk score",
        "inherent rating", "original score", "inherent risk", "pre mitigation score",
        "initial risk score", "gross risk score")),
    Column("controls", "Controls in place", (
        "controls", "controls in place", "existing controls", "current controls",
        "control measures", "mitigating controls", "key controls"), telling=True),
    Column("mitigation", "Mitigation plan", (
        "mitigation", "mitigations", "mitigation plan", "mitigating actions", "mitigation actions",
        "further actions", "further mitigation", "planned mitigation", "actions to mitigate",
        "additional controls", "further controls", "mitigating action", "actions planned",
        "treatment", "risk response", "further action required"), telling=True),
    Column("linked_actions", "Linked actions", ("linked actions", "linked action",
                                                "related actions", "pap actions",
                                                "action refs", "linked pap actions")),
    Column("current_likelihood", "Current likelihood", (
        "likelihood", "current likelihood", "residual likelihood", "net likelihood",
        "likelihood current", "likelihood residual", "probability", "current l", "residual l",
        "l", "likelihood score", "likelihood 1 5"), telling=True),
    Column("current_impact", "Current impact", (
        "impact", "current impact", "residual impact", "net impact", "impact current",
        "impact residual", "severity", "current i", "residual i", "i", "impact score",
        "impact 1 5"), telling=True),
    Column("current_score", "Current score", (
        "score", "current score", "residual score", "net score", "risk score",
        "current risk score", "residual risk score", "rating", "risk rating",
        "current rating", "residual rating", "net risk score", "l x i", "lxi",
        "current risk", "residual risk", "total score")),
    Column("target_likelihood", "Target likelihood", ("target likelihood",
                                                      "likelihood target")),
    Column("target_impact", "Target impact", ("target impact", "impact target")),
    Column("target_score", "Target score", ("target score", "target risk score",
                                            "target rating", "target risk")),
    Column("target_date", "Target date", ("target date", "date to reach target", "review by",
                                          "target date for score")),
    Column("status", "Status", ("status", "risk status", "open closed", "open or closed")),
    Column("review_note", "Latest review", (
        "latest review", "review note", "review notes", "update", "latest update",
        "commentary", "progress", "comments", "comment", "notes", "review comments",
        "progress update", "direction of travel comments")),
    Column("review_date", "Latest review date", ("latest review date", "review date",
                                                 "last reviewed", "date reviewed",
                                                 "date of review", "reviewed on")),
)

COLUMNS: dict[str, tuple[Column, ...]] = {"actions": ACTION_COLUMNS, "risks": RISK_COLUMNS}


def normalise(text: Any) -> str:
    """Return a header as compared: lower case, punctuation and extra spacing gone.

    'Lead Officer:' -> 'lead officer'; 'RAG\\nStatus' -> 'rag status'; 'No.' -> 'no'.
    """
    if text is None:
        return ""
    return _normalised(str(text))


@lru_cache(maxsize=4096)
def _normalised(text: str) -> str:
    # a plan names the same few areas and owners on thousands of rows: worked out once each
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    return " ".join(_NOT_WORD.sub(" ", text).replace("_", " ").split())


_NOT_WORD = re.compile(r"[^\w]+")


def _without_brackets(text: Any) -> str:
    return normalise(re.sub(r"[(\[].*?[)\]]", " ", str(text or "")))


def _lookup(kind: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for col in COLUMNS[kind]:
        for name in (col.header, *col.synonyms):
            table.setdefault(normalise(name), col.field)
    return table


_LOOKUPS = {kind: _lookup(kind) for kind in KINDS}


def match_field(header: Any, kind: str) -> str | None:
    """Return the field a header names for this kind of sheet, or None."""
    table = _LOOKUPS[kind]
    key = normalise(header)
    if not key:
        return None
    if key in table:
        return table[key]
    bare = _without_brackets(header)
    if bare in table:
        return table[bare]
    for prefix in ("action ", "risk ", "pap "):
        if bare.startswith(prefix) and bare[len(prefix):] in table:
            return table[bare[len(prefix):]]
    return None


def map_columns(headers: Sequence[Any], kind: str) -> dict[int, str]:
    """Return {column index: field} for a header row; the first column naming a field wins.

    'Description' is read as the action (or risk) itself when no column names it
    ('Action description' alone, say), so the text is never dropped.
    """
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for i, h in enumerate(headers):
        f = match_field(h, kind)
        if f is None and kind == "actions":
            f = _month_field(h)
            if f:
                mapping[i] = f  # one column per month: several may be read
                continue
        if f and f not in used:
            if f == "rag_or_status" and "status" in used:
                continue
            mapping[i] = f
            used.add(f)
    if "title" not in used and "description" in used:
        i = next(i for i, f in mapping.items() if f == "description")
        mapping[i] = "title"
    for i in [i for i, f in mapping.items() if f == "update_month"]:
        # 'November progress update' then 'RAG': that RAG is November's (the action's RAG is
        # then the latest month's, as its latest progress update gives it)
        if i + 1 < len(headers) and mapping.get(i + 1) in (None, "rag", "rag_or_status") and \
                match_field(headers[i + 1], kind) in ("rag", "rag_or_status"):
            mapping[i + 1] = "rag_month"
    if "lead" in used and "owner" not in used:
        # a plan naming only a lead officer: that officer is the accountable owner (notice 5b)
        i = next(i for i, f in mapping.items() if f == "lead")
        mapping[i] = "owner"
    if "rag" not in used and "rag_or_status" in used:
        pass  # read per value: a RAG word goes to RAG, 'In progress' to status
    elif "rag" in used and "rag_or_status" in used:
        i = next(i for i, f in mapping.items() if f == "rag_or_status")
        mapping[i] = "status"
    return mapping


_MONTH_WORDS = re.compile(r"\b(january|february|march|april|may|june|july|august|september|"
                          r"october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|"
                          r"nov|dec)\b")


def _month_field(header: Any) -> str | None:
    """Return 'update_month' for 'November progress update (from action lead)', 'rag_month' for
    'November RAG'; None for a header that names no month or no progress update or RAG."""
    key = normalise(header)
    months = set(_MONTH_WORDS.findall(key))
    if len(months) != 1:
        return None
    rest = " ".join(w for w in _MONTH_WORDS.sub(" ", _without_brackets(header)).split()
                    if not re.fullmatch(r"\d{2,4}", w))
    field = _LOOKUPS["actions"].get(rest)
    if field in ("update", "rag", "rag_or_status"):
        return "update_month" if field == "update" else "rag_month"
    return None


def layout_key(headers: Sequence[Any]) -> str:
    """Return the key a header row's column choices are remembered by: its normalised text."""
    return "|".join(normalise(h) for h in headers)


def field_labels(kind: str) -> dict[str, str]:
    """Return {field: header} for the fields a column can be mapped to, for the preview's pickers."""
    out: dict[str, str] = {}
    for col in COLUMNS[kind]:
        if col.field == "rag_or_status":
            out[col.field] = "RAG or status"
        else:
            out.setdefault(col.field, col.header)
    return out


@dataclass(frozen=True)
class HeaderFound:
    """The header row of a sheet: its index (0-based), kind and {column index: field}."""

    row: int
    kind: str
    mapping: dict[int, str]
    headers: tuple[str, ...]


def _score(headers: Sequence[Any], kind: str) -> tuple[int, int]:
    mapping = map_columns(headers, kind)
    telling = {c.field for c in COLUMNS[kind] if c.telling}
    return len(mapping), sum(1 for f in mapping.values() if f in telling)


def find_header(rows: Sequence[Sequence[Any]], kind: str = "auto",
                sheet_name: str = "") -> HeaderFound:
    """Return the header row among the first rows of a sheet, and whether it holds actions or risks.

    Raises SendsecError when no row names at least two known columns, one of
    them the action or risk itself or its reference.
    """
    kinds = KINDS if kind == "auto" else (kind,)
    best: tuple[tuple[int, int, int], int, str] | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [c for c in row if isinstance(c, str) and c.strip()]
        if len(texts) < 2:
            continue
        for k in kinds:
            matched, telling = _score(row, k)
            fields = set(map_columns(row, k).values())
            if matched < 2 or not fields & {"ref", "title"}:
                continue
            # more matched columns wins; then more columns that only one kind has
            key = (matched, telling, -index)
            if best is None or key > best[0]:
                best = (key, index, k)
    where = f" of sheet '{sheet_name}'" if sheet_name else ""
    if best is None:
        expected = ("Ref, Risk, Owner, Likelihood, Impact" if kind == "risks" else
                    "Ref, Action, Lead, Due date, RAG" if kind == "actions" else
                    "Ref, Action, Lead, Due date, RAG (or Ref, Risk, Likelihood, Impact)")
        raise SendsecError(f"No header row found in the first {HEADER_SEARCH_ROWS} rows{where}: "
                           f"expected column names such as {expected}.")
    _, index, k = best
    if kind == "auto":
        # a sheet of actions with an 'Impact' column also scores as risks: decide by the
        # columns only one kind has
        scores = {kk: _score(rows[index], kk) for kk in KINDS}
        risk_only = {"current_likelihood", "inherent_likelihood", "controls", "mitigation",
                     "cause", "consequence", "current_score", "inherent_score"}
        action_only = {"due_date", "success_measure", "rag", "update", "revised_due_date"}
        rf = set(map_columns(rows[index], "risks").values())
        af = set(map_columns(rows[index], "actions").values())
        r_votes, a_votes = len(rf & risk_only), len(af & action_only)
        if r_votes != a_votes:
            k = "risks" if r_votes > a_votes else "actions"
        else:
            k = max(KINDS, key=lambda kk: scores[kk])
    row = rows[index]
    return HeaderFound(index, k, map_columns(row, k),
                       tuple("" if c is None else str(c) for c in row))

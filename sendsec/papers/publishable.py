"""The publishability check: what must not appear in a document the council publishes.

Before a public paper (the chair's update, the public minutes) is written, its text is
scanned for what must not be published, and every hit is listed with where it is:

- Part B (exempt) business: the title, discussion or resolutions of a confidential item;
- e-mail addresses and phone numbers, except those of the office holders whose contact
  details councils publish (the independent chair and the board secretary);
- NHS numbers (ten digits whose last is the modulus 11 check digit of the first nine);
- dates of birth ("date of birth", "DOB", "born on" beside a date);
- unique pupil numbers (a check letter and twelve digits, the letter matching them).

`scan(texts, board)` returns the hits; `PublishabilityError` carries them when a paper is
refused. The check is deliberately literal: it finds what is there, it does not judge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sendsec.domain.errors import SendsecError
from sendsec.services.board import Board

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# UK numbers as people write them: 01604 123456, (01604) 123 456, 07700 900123, +44 7700 900123
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}"
                    r"(?!\w)")
_NHS = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?!\d)")
_UPN = re.compile(r"(?<![A-Za-z0-9])([A-HJ-NP-RT-Z])(\d{12})(?![A-Za-z0-9])")
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?\s+\d{4}|" \
        r"\d{4}-\d{2}-\d{2})"
_DOB = re.compile(r"(?i)\b(?:date\s+of\s+birth|d\.?\s?o\.?\s?b\.?|born(?:\s+on)?)\s*[:\-]?\s*"
                  + _DATE)
_WORDS = re.compile(r"[\w'’]+")


@dataclass(frozen=True)
class Hit:
    """One thing that must not be published: in which document, where, what kind, the text."""

    document: str
    where: str
    kind: str
    text: str

    def line(self) -> str:
        return f"{self.document}, {self.where}: {self.kind} '{self.text}'"


class PublishabilityError(SendsecError):
    """Public papers that hold what must not be published; `hits` lists each."""

    def __init__(self, hits: list[Hit]):
        self.hits = hits
        n = len(hits)
        super().__init__(
            f"{n} thing{'s' if n != 1 else ''} in the public papers must not be published; "
            "nothing was written. Change the records, or write them anyway "
            "(--publish-anyway):\n" + "\n".join(f"  {h.line()}" for h in hits))


def nhs_number_valid(digits: str) -> bool:
    """Return True if ten digits carry a valid NHS number check digit (modulus 11)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def upn_valid(upn: str) -> bool:
    """Return True if a 13-character unique pupil number's check letter matches its digits."""
    if len(upn) != 13 or upn[0] not in _UPN_LETTERS or not upn[1:].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(upn[1:], range(2, 14), strict=True))
    return _UPN_LETTERS[total % 23] == upn[0]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


class Rules:
    """What one board allows in public: its office holders' contacts and its Part B text."""

    def __init__(self, allowed_emails: Iterable[str] = (), allowed_phones: Iterable[str] = (),
                 part_b: Iterable[tuple[str, str]] = ()):
        self.allowed_emails = {e.strip().lower() for e in allowed_emails if e}
        self.allowed_phones = {_digits(p)[-10:] for p in allowed_phones if p and _digits(p)}
        self.part_b = [(where, text) for where, text in part_b if text and text.strip()]

    @classmethod
    def for_board(cls, board: Board) -> Rules:
        """Return the rules of a board: the chair's and secretary's contacts are allowed;
        every confidential agenda item's title, minutes and resolutions are Part B."""
        settings = board.settings()
        holders = [board.get("person", pid) for pid in (settings.get("chair_id"),
                                                         settings.get("secretary_id")) if pid]
        holders += [p for p in board.rows("person") if p["role"] in ("independent chair",
                                                                      "secretary")]
        part_b: list[tuple[str, str]] = []
        items = [i for i in board.rows("agenda_item") if i.get("confidential")]
        confidential_ids = {i["id"] for i in items}
        for item in items:
            part_b.append((f"Part B item '{item['title']}'", item["title"]))
            part_b.append((f"Part B item '{item['title']}'", item.get("description") or ""))
        minutes = [m for m in board.rows("minute") if m["agenda_item_id"] in confidential_ids]
        for m in minutes:
            part_b.append((f"Part B minute {m['number']}", m.get("discussion") or ""))
            for r in board.rows("resolution", parent_id=m["id"]):
                part_b.append((f"Part B minute {m['number']}", r["text"]))
        return cls([p.get("email") or "" for p in holders],
                   [p.get("phone") or "" for p in holders], part_b)


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = [w.casefold() for w in _WORDS.findall(text)]
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def scan(document: str, texts: Iterable[tuple[str, str]], rules: Rules) -> list[Hit]:
    """Return every hit in the (where, text) pieces of one public document."""
    hits: list[Hit] = []
    pieces = [(where, text) for where, text in texts if text]
    part_b_short = [(w, t.strip()) for w, t in rules.part_b if len(t.strip()) >= 12
                    and len(_WORDS.findall(t)) < 8]
    part_b_long = [(w, _shingles(t)) for w, t in rules.part_b if len(_WORDS.findall(t)) >= 8]
    for where, text in pieces:
        for match in _EMAIL.finditer(text):
            if match.group(0).lower() not in rules.allowed_emails:
                hits.append(Hit(document, where, "an e-mail address", match.group(0)))
        for match in _PHONE.finditer(text):
            digits = _digits(match.group(0))
            if len(digits) < 10 or digits[-10:] in rules.allowed_phones:
                continue
            hits.append(Hit(document, where, "a phone number", match.group(0).strip()))
        for match in _NHS.finditer(text):
            digits = "".join(match.groups())
            if nhs_number_valid(digits) and not digits.startswith("0"):
                hits.append(Hit(document, where, "an NHS number", match.group(0)))
        for match in _UPN.finditer(text):
            if upn_valid(match.group(0)):
                hits.append(Hit(document, where, "a unique pupil number", match.group(0)))
        for match in _DOB.finditer(text):
            hits.append(Hit(document, where, "a date of birth", match.group(0)))
        folded = text.casefold()
        for part_where, phrase in part_b_short:
            if phrase.casefold() in folded:
                hits.append(Hit(document, where, f"text of {part_where}", phrase))
        if part_b_long:
            mine = _shingles(text)
            for part_where, theirs in part_b_long:
                if mine & theirs:
                    sample = " ".join(next(iter(sorted(mine & theirs))))
                    hits.append(Hit(document, where, f"text of {part_where}", sample + "…"))
    return _unique(hits)


def _unique(hits: list[Hit]) -> list[Hit]:
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for h in hits:
        key = (h.document, h.where, h.kind, h.text)
        if key not in seen:
            seen.add(key)
            out.append(h)
    return out


def public_minutes_texts(board: Board, meeting_id: int) -> list[tuple[str, str]]:
    """Return the (where, text) pieces of a meeting's public minutes, from the records:
    every minute of an item that is not Part B, its resolutions and the actions arising."""
    items = {i["id"]: i for i in board.rows("agenda_item", parent_id=meeting_id)}
    out: list[tuple[str, str]] = []
    minutes = board.rows("minute", parent_id=meeting_id)
    public_ids = set()
    for m in minutes:
        item = items.get(m["agenda_item_id"])
        if item and item.get("confidential"):
            continue
        public_ids.add(m["id"])
        where = f"minute {m['number']}"
        out.append((where, m["heading"]))
        out.append((where, m.get("discussion") or ""))
        for r in board.rows("resolution", parent_id=m["id"]):
            out.append((where, r["text"]))
    for a in board.rows("action"):
        if a.get("minute_id") in public_ids:
            out.append((f"action {a['ref']}", a["title"]))
            out.append((f"action {a['ref']}", a.get("description") or ""))
    return out


def check(documents: dict[str, list[tuple[str, str]]], rules: Rules) -> list[Hit]:
    """Return the hits in every public document ({document name: [(where, text)]})."""
    hits: list[Hit] = []
    for name, texts in documents.items():
        hits += scan(name, texts, rules)
    return hits


def refuse_if_unpublishable(documents: dict[str, list[tuple[str, str]]], rules: Rules,
                            *, publish_anyway: bool = False,
                            warn: Any = None) -> list[Hit]:
    """Raise PublishabilityError listing the hits, unless `publish_anyway` (then each hit is
    passed to `warn` and the hits are returned)."""
    hits = check(documents, rules)
    if hits and not publish_anyway:
        raise PublishabilityError(hits)
    for h in hits:
        if warn:
            warn(f"published anyway: {h.line()}")
    return hits

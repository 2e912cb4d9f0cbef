"""The chair's loop: comments on a snapshot, sent back and read into the challenge log.

The chair comments on records of a snapshot (opened read-only). Comments are kept
beside the snapshot, in `<snapshot name>.sendsec-comments`, never in it, so the
snapshot stays byte-identical and its SHA-256 still checks. `export_comments` writes
the file the chair sends back, with an email draft to the secretary; `read_comments`
reads such a file into the board's challenge log: all of it or nothing, and a comment
read before is not read again.

The file is UTF-8 JSON:

    {"format": "sendsec-comments", "version": 1,
     "board_uid": ..., "board_name": ..., "snapshot_sequence": 3,
     "snapshot_sha256": ..., "author": "Jane Chair", "written_at": "2025-03-06T09:12:00",
     "comments": [{"uid": ..., "entity": "action", "key": "PA2.3", "record": "PA2.3 ...",
                   "kind": "challenge", "text": "Why has this slipped again?",
                   "at": "2025-03-06T09:10:41"}]}

`key` is how the record is known on every copy of the board: an action's or a risk's
reference, a measure's code, a meeting's calendar uid, a minute's number, an impact
entry's id and creation time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sendsec.domain.entities import CHALLENGE_KINDS, COMMENTABLE, Field
from sendsec.domain.errors import SendsecError
from sendsec.domain.labels import salutation
from sendsec.domain.validation import coerce
from sendsec.services.board import Board, Change, current_user
from sendsec.services.folders import replace_file
from sendsec.services.registers import challenge_rows

FORMAT = "sendsec-comments"
VERSION = 1
SUFFIX = ".sendsec-comments"
MAX_BYTES = 5 * 1024 * 1024
MAX_COMMENTS = 5000
MAX_TEXT = 20_000
_TEXT = Field("text", "Comment", "longtext")
_LINE = Field("author", "Author")
_UID = re.compile(r"^[0-9a-f]{32}$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
_MINUTE = re.compile(r"^(?:minute|min\.?|m)\s*(\d{1,7})$", re.IGNORECASE)
_ENTITY_WORDS = {"action": "action", "risk": "risk", "measure": "measure",
                 "impact_entry": "impact log entry", "meeting": "meeting", "minute": "minute"}


class CommentsRefused(SendsecError):
    """A comments file that cannot be read: not one, damaged, or for another board."""


@dataclass(frozen=True)
class Comment:
    """One comment of the chair's on one record of a snapshot."""

    uid: str
    entity: str
    key: str
    record: str
    kind: str
    text: str
    at: str

    def as_json(self) -> dict[str, str]:
        return {"uid": self.uid, "entity": self.entity, "key": self.key, "record": self.record,
                "kind": self.kind, "text": self.text, "at": self.at}


@dataclass(frozen=True)
class CommentsFile:
    """The chair's comments on one snapshot: whose board, which snapshot, by whom."""

    board_uid: str
    board_name: str
    snapshot_sequence: int
    snapshot_sha256: str
    author: str
    written_at: str
    comments: tuple[Comment, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "board_uid": self.board_uid,
                "board_name": self.board_name, "snapshot_sequence": self.snapshot_sequence,
                "snapshot_sha256": self.snapshot_sha256, "author": self.author,
                "written_at": self.written_at,
                "comments": [c.as_json() for c in self.comments]}

    def to_bytes(self) -> bytes:
        return (json.dumps(self.as_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@dataclass(frozen=True)
class ReadResult:
    """What reading a comments file did (or, for a dry run, would do)."""

    path: Path
    author: str
    sequence: int
    added: tuple[int, ...] = ()
    already: int = 0
    not_found: tuple[str, ...] = ()
    change: Change | None = None
    dry_run: bool = False
    #: How many of those added are comments for the record (kind 'comment'), not challenges.
    for_the_record: int = 0

    def lines(self) -> list[str]:
        n, kept = len(self.added), self.for_the_record
        verb = "would be added" if self.dry_run else "added"
        what = [f"{n - kept} challenge{'s' if n - kept != 1 else ''}"] if n - kept or not kept \
            else []
        if kept:  # asks no answer: not counted as a challenge
            what.append(f"{kept} comment{'s' if kept != 1 else ''} for the record")
        out = [f"{self.path.name}: {' and '.join(what)} from {self.author} "
               f"on snapshot {self.sequence} {verb}"
               + (f"; {self.already} read before, not added again" if self.already else "")
               + "."]
        out += [f"note: {what} is no longer in the board; the challenge keeps its name."
                for what in self.not_found]
        return out


# ------------------------------------------------------------------ records

def record_key(entity_name: str, row: dict[str, Any]) -> str:
    """Return how a record is known on every copy of the board (see the module's notes)."""
    if entity_name in ("action", "risk"):
        return str(row["ref"])
    if entity_name == "measure":
        return str(row["code"])
    if entity_name == "meeting":
        return str(row.get("uid") or f"id {row['id']}")
    if entity_name == "minute":
        return str(row["number"])
    if entity_name == "impact_entry":
        return f"{row['id']}|{row.get('created_at') or ''}"
    raise SendsecError(f"The chair cannot comment on a {entity_name}.")


def find_record(board: Board, entity_name: str, key: str) -> dict[str, Any] | None:
    """Return the live record of `entity_name` known by `key`, or None."""
    if entity_name in ("action", "risk"):
        return board.find(entity_name, ref=key, archived=0)
    if entity_name == "measure":
        return board.find(entity_name, code=key, archived=0)
    if entity_name == "meeting":
        if key.startswith("id "):
            return None
        return board.find("meeting", uid=key, archived=0)
    if entity_name == "minute":
        return board.find("minute", number=int(key), archived=0) if key.isdigit() else None
    if entity_name == "impact_entry":
        record_id, _, created = key.partition("|")
        row = board.find("impact_entry", id=int(record_id), archived=0) \
            if record_id.isdigit() else None
        return row if row and (row.get("created_at") or "") == created else None
    return None


def resolve(board: Board, ref: str) -> tuple[str, dict[str, Any]]:
    """Return (entity, record) for what a person types to name a record: an action or risk
    reference, a measure code, a meeting's date (YYYY-MM-DD) or 'minute 23'.

    Raises SendsecError saying what was looked for when nothing, or more than one record,
    is known by it."""
    text = " ".join((ref or "").split())
    if not text:
        raise SendsecError("Name the record to comment on (--record): an action or risk "
                           "reference, a measure code, a meeting's date or 'minute N'.")
    found: list[tuple[str, dict[str, Any]]] = []
    for name, column in (("action", "ref"), ("risk", "ref"), ("measure", "code")):
        row = board.find(name, **{column: text}, archived=0)
        if row:
            found.append((name, row))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise SendsecError(f"'{text}' is not a real date.") from None
        found += [("meeting", m) for m in board.rows("meeting") if m["meeting_date"] == text]
    match = _MINUTE.match(text)
    if match:
        row = board.find("minute", number=int(match.group(1)), archived=0)
        if row:
            found.append(("minute", row))
    if not found:
        raise SendsecError(f"No action, risk, measure, meeting or minute is known as '{text}' "
                           f"in '{board.path.name}'.")
    if len(found) > 1:
        names = ", ".join(f"{_ENTITY_WORDS[n]} {board.label(n, r['id'])}" for n, r in found)
        raise SendsecError(f"'{text}' names more than one record ({names}); the chair's "
                           "comments need exactly one.")
    return found[0]


def describe(board: Board, entity_name: str, row: dict[str, Any]) -> str:
    """Return a record as the chair and the secretary read it: 'Action PA2.3: <title>'."""
    word = _ENTITY_WORDS[entity_name]
    label = board.label(entity_name, row["id"])
    title = row.get("title") if entity_name in ("action", "risk", "measure", "impact_entry") \
        else row.get("heading") if entity_name == "minute" else None
    head = f"{word[0].upper()}{word[1:]} {label}" if entity_name != "meeting" else label
    if title and title != label:
        short = " ".join(str(title).split())
        head += f": {short if len(short) <= 120 else short[:119].rstrip() + '…'}"
    return head


# --------------------------------------------------------------- the chair's side

def comments_path(snapshot: Path) -> Path:
    """Return where the chair's comments on `snapshot` are kept: beside it."""
    snapshot = Path(snapshot)
    return snapshot.with_name(snapshot.stem + SUFFIX)


def _snapshot_facts(board: Board) -> dict[str, Any]:
    info = getattr(board, "snapshot_info", None)
    if not info:
        raise SendsecError(f"'{board.path.name}' is a board file, not a snapshot: the chair's "
                           "comments are made on a snapshot, so the records stay as sent.")
    return info


def _clean_text(value: str, field: Field, limit: int) -> str:
    """Return text fit to keep: a vertical tab pasted from Word becomes a line break, other
    control characters go; raise SendsecError naming the field if nothing is left or it
    is too long."""
    text = "".join(ch for ch in (value or "").replace("\x0b", "\n")
                   if ch in "\n\t" or ord(ch) >= 32)
    try:
        text = coerce(field, text)
    except ValueError as exc:
        raise SendsecError(f"{field.label}: {exc}.") from None
    if text is None:
        raise SendsecError(f"{field.label} is empty: write what you want to say.")
    if len(text) > limit:
        raise SendsecError(f"{field.label} is {len(text):,} characters; the limit is {limit:,}.")
    return text


def default_author(board: Board) -> str:
    """Return the name the chair's comments go under: the board's independent chair, else
    the computer login."""
    chair_id = board.settings().get("chair_id")
    if chair_id:
        try:
            return " ".join(str(board.get("person", chair_id)["name"]).split())
        except SendsecError:
            pass
    return current_user()


def load_own(board: Board) -> CommentsFile:
    """Return the comments kept beside an open snapshot (an empty set if none yet)."""
    info = _snapshot_facts(board)
    path = comments_path(board.path)
    if path.exists():
        kept = load(path)
        if kept.board_uid == info["board_uid"] and kept.snapshot_sequence == info["sequence"]:
            return kept
        raise CommentsRefused(f"'{path.name}' beside the snapshot holds comments on another "
                              "snapshot; move it away to comment on this one.")
    return CommentsFile(board_uid=str(info["board_uid"]), board_name=board.name,
                        snapshot_sequence=int(info["sequence"]),
                        snapshot_sha256=_sha256(board.path), author=default_author(board),
                        written_at=_now())


def add_comment(board: Board, entity_name: str, record_id: int, text: str, *,
                kind: str = "challenge", author: str | None = None,
                at: dt.datetime | None = None) -> tuple[Comment, Path]:
    """Add the chair's comment on one record of an open snapshot; return it and the file it
    is kept in (beside the snapshot; the snapshot itself is not touched)."""
    if entity_name not in COMMENTABLE:
        raise SendsecError(f"The chair cannot comment on a {entity_name}.")
    if kind not in CHALLENGE_KINDS:
        raise SendsecError(f"'{kind}' is not a kind of comment; use one of "
                           f"{', '.join(CHALLENGE_KINDS)}.")
    row = board.get(entity_name, record_id)
    kept = load_own(board)
    if len(kept.comments) >= MAX_COMMENTS:
        raise SendsecError(f"This snapshot already has {MAX_COMMENTS:,} comments.")
    comment = Comment(uid=uuid.uuid4().hex, entity=entity_name,
                      key=record_key(entity_name, row),
                      record=describe(board, entity_name, row),
                      kind=kind, text=_clean_text(text, _TEXT, MAX_TEXT),
                      at=(at or dt.datetime.now()).strftime("%Y-%m-%dT%H:%M:%S"))
    name = _clean_text(author, _LINE, 300) if author else kept.author
    updated = CommentsFile(kept.board_uid, kept.board_name, kept.snapshot_sequence,
                           kept.snapshot_sha256, name, _now(), (*kept.comments, comment))
    path = comments_path(board.path)
    _write(path, updated.to_bytes())
    return comment, path


def remove_comment(board: Board, uid: str) -> Path:
    """Take back one of the chair's comments (before they are sent); return the file."""
    kept = load_own(board)
    rest = tuple(c for c in kept.comments if c.uid != uid)
    if len(rest) == len(kept.comments):
        raise SendsecError("That comment is not among this snapshot's comments.")
    path = comments_path(board.path)
    _write(path, CommentsFile(kept.board_uid, kept.board_name, kept.snapshot_sequence,
                              kept.snapshot_sha256, kept.author, _now(), rest).to_bytes())
    return path


def export_name(kept: CommentsFile) -> str:
    """Return the file name the comments are sent under, named for people."""
    from sendsec.exchanges.snapshot_files import safe_name

    day = kept.written_at[:10]
    board = " ".join(kept.board_name.split())
    if len(board) > 60:  # keep the path short for Windows; cut at a word
        board = board[:60].rsplit(" ", 1)[0]
    return f"{safe_name(board, 60)} - chair's comments on snapshot " \
           f"{kept.snapshot_sequence} {day}{SUFFIX}"


def export_comments(board: Board, out_dir: str | os.PathLike) -> list[Path]:
    """Write the chair's comments on an open snapshot into `out_dir`, with an unsent email
    draft to the secretary that has them attached; return the files written."""
    kept = load_own(board)
    if not kept.comments:
        raise SendsecError(f"There are no comments on '{board.path.name}' to send yet.")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SendsecError(f"Cannot make the folder '{out}': {exc.strerror or exc}.") from None
    data = kept.to_bytes()
    target = out / export_name(kept)
    _write(target, data)
    eml = target.with_name(target.stem.replace(SUFFIX, "") + " - email to the secretary.eml")
    _write(eml, _email(board, kept, target.name, data))
    return [target, eml]


def _email(board: Board, kept: CommentsFile, filename: str, data: bytes) -> bytes:
    from sendsec.papers.eml import draft
    from sendsec.papers.safe_text import tidy_lines

    settings = board.settings()
    secretary = _person(board, settings.get("secretary_id"))
    chair = _person(board, settings.get("chair_id"))
    n = len(kept.comments)
    challenges = sum(1 for c in kept.comments if c.kind == "challenge")
    lines = [
        f"Dear {salutation(secretary['name']) if secretary else 'Secretary'},",
        "",
        f"Attached are my {n} comment{'s' if n != 1 else ''} on snapshot "
        f"{kept.snapshot_sequence} of the {kept.board_name}'s records"
        + (f", {challenges} of them challenges that need an answer" if challenges else "")
        + ".",
        "",
        "In sendsec, choose File > Read the chair's comments and pick the attached file; each "
        "comment becomes a challenge in the challenge log, to be answered before the next "
        "meeting. Reading the same file twice adds nothing.",
        "",
    ]
    for c in kept.comments:
        first, *more = tidy_lines(c.text).split("\n")  # the chair's lines kept, indented
        lines += [f"- {c.record}", f"  {c.kind.capitalize()}: {first}",
                  *(f"    {line}" for line in more), ""]
    lines += ["Kind regards,", kept.author]
    return draft(
        to=(secretary["name"], secretary.get("email") or "") if secretary
        else ("The board secretary", ""),
        sender=(chair["name"], chair.get("email") or "") if chair else None,
        subject=f"{kept.board_name}: the chair's comments on snapshot {kept.snapshot_sequence}",
        body="\n".join(lines),
        attachments=[(filename, data, ("application", "json"))],
    )


def _person(board: Board, person_id: int | None) -> dict[str, Any] | None:
    if not person_id:
        return None
    try:
        return board.get("person", person_id)
    except SendsecError:
        return None


# ---------------------------------------------------------- the secretary's side

def load(path: str | os.PathLike) -> CommentsFile:
    """Return the comments file at `path`, read strictly; raise CommentsRefused with one
    line saying why for anything that is not a sound comments file."""
    path = Path(path)

    def refuse(why: str) -> CommentsRefused:
        return CommentsRefused(f"'{path.name}' cannot be read as the chair's comments: {why}")

    try:
        st = os.stat(path)
    except OSError as exc:
        raise refuse(f"{exc.strerror or exc}.") from None
    if not stat.S_ISREG(st.st_mode):
        raise refuse("it is not a regular file.")
    if st.st_size > MAX_BYTES:
        raise refuse(f"it is {st.st_size:,} bytes, more than a comments file can be.")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise refuse(f"{exc.strerror or exc}.") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise refuse("it is not text (UTF-8).") from None
    except (ValueError, RecursionError):
        raise refuse("it is damaged (it is not JSON).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise refuse("it is not a sendsec comments file.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise refuse("it has no format version.")
    if version > VERSION:
        raise refuse(f"it was made by a newer version of sendsec (format {version}); "
                     "update sendsec to read it.")

    def text(obj: dict[str, Any], key: str, limit: int = 300, *, where: str = "") -> str:
        value = obj.get(key)
        if not isinstance(value, str) or not value.strip():
            raise refuse(f"{where}'{key}' is missing or not text.")
        if len(value) > limit:
            raise refuse(f"{where}'{key}' is longer than {limit:,} characters.")
        return value

    sequence = data.get("snapshot_sequence")
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1:
        raise refuse("'snapshot_sequence' is not a snapshot number.")
    items = data.get("comments")
    if not isinstance(items, list):
        raise refuse("'comments' is not a list.")
    if len(items) > MAX_COMMENTS:
        raise refuse(f"it holds more than {MAX_COMMENTS:,} comments.")
    comments = []
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        where = f"comment {n}: "
        if not isinstance(item, dict):
            raise refuse(f"comment {n} is not a comment.")
        uid = text(item, "uid", 64, where=where)
        if not _UID.match(uid) or uid in seen:
            raise refuse(f"{where}its id is not a comment id, or is used twice.")
        seen.add(uid)
        entity_name = text(item, "entity", 40, where=where)
        if entity_name not in COMMENTABLE:
            raise refuse(f"{where}'{entity_name}' is not a record the chair can comment on.")
        kind = text(item, "kind", 40, where=where)
        if kind not in CHALLENGE_KINDS:
            raise refuse(f"{where}'{kind}' is not a kind of comment.")
        at = text(item, "at", 40, where=where)
        if not _STAMP.match(at):
            raise refuse(f"{where}'{at}' is not a time.")
        try:
            dt.datetime.fromisoformat(at)
        except ValueError:
            raise refuse(f"{where}'{at}' is not a real time.") from None
        raw_text = text(item, "text", MAX_TEXT, where=where)
        try:
            body = _clean_text(raw_text, _TEXT, MAX_TEXT)
        except SendsecError as exc:
            raise refuse(f"{where}{exc}") from None
        comments.append(Comment(uid=uid, entity=entity_name,
                                key=text(item, "key", 300, where=where),
                                record=text(item, "record", 400, where=where),
                                kind=kind, text=body, at=at))
    return CommentsFile(
        board_uid=text(data, "board_uid", 100), board_name=text(data, "board_name"),
        snapshot_sequence=sequence, snapshot_sha256=text(data, "snapshot_sha256", 100),
        author=text(data, "author"), written_at=text(data, "written_at", 40),
        comments=tuple(comments))


def read_comments(board: Board, path: str | os.PathLike, *, dry_run: bool = False
                  ) -> ReadResult:
    """Read the chair's comments file at `path` into the board's challenge log, in one
    transaction; return what was done. A comment read before (by its id) is not added
    again; a file for another board, damaged, or not a comments file is refused whole."""
    path = Path(path)
    kept = load(path)
    uid = board.settings().get("board_uid")
    if kept.board_uid != uid and kept.board_name == board.name:
        raise CommentsRefused(
            f"'{path.name}' holds comments on another board file that has the same name "
            f"('{board.name}'), not on this one; nothing was read.")
    if kept.board_uid != uid:
        raise CommentsRefused(
            f"'{path.name}' holds comments on another board ('{kept.board_name}'), not on "
            f"'{board.name}'; nothing was read.")
    if getattr(board, "snapshot_info", None):
        raise SendsecError(f"'{board.path.name}' is a snapshot; read the chair's comments into "
                           "the board file itself.")
    known = {row["uid"] for row in board.rows("challenge", include_archived=True)}
    fresh = [c for c in kept.comments if c.uid not in known]
    records = sum(c.kind == "comment" for c in fresh)
    not_found = []
    for c in fresh:
        if find_record(board, c.entity, c.key) is None:
            not_found.append(c.record)
    if dry_run or not fresh:
        return ReadResult(path, kept.author, kept.snapshot_sequence,
                          added=tuple(range(len(fresh))) if dry_run else (),
                          already=len(kept.comments) - len(fresh),
                          not_found=tuple(not_found), dry_run=dry_run,
                          for_the_record=records if dry_run else 0)
    ids = []
    with board.batch("challenge") as batch:
        for c in fresh:
            row = find_record(board, c.entity, c.key)
            ids.append(board.create("challenge", {
                "uid": c.uid, "raised_by": kept.author, "raised_on": c.at[:10],
                "kind": c.kind, "entity": c.entity,
                "record_id": row["id"] if row else None,
                "record": describe(board, c.entity, row) if row else c.record,
                "text": c.text, "status": "open",
                "snapshot_sequence": kept.snapshot_sequence, "source_file": path.name[:300],
            }).id)
        change = batch.change(
            f"Read {len(ids)} challenge{'s' if len(ids) != 1 else ''} from {kept.author}",
            "challenge", ids)
    return ReadResult(path, kept.author, kept.snapshot_sequence, added=tuple(ids),
                      already=len(kept.comments) - len(fresh), not_found=tuple(not_found),
                      change=change, for_the_record=records)


# ------------------------------------------------------------------- helpers

def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%dT%H:%M:%S")


def _sha256(path: Path) -> str:
    from sendsec.exchanges.snapshot_files import file_sha256

    try:
        return file_sha256(path)
    except OSError:
        return ""


def _write(path: Path, data: bytes) -> None:
    try:
        replace_file(path, lambda tmp: tmp.write_bytes(data))
    except OSError as exc:
        raise SendsecError(f"Cannot write '{path}': {exc.strerror or exc}.") from None


__all__ = ["Comment", "CommentsFile", "CommentsRefused", "ReadResult", "add_comment",
           "challenge_rows", "comments_path", "describe", "export_comments", "find_record",
           "load", "read_comments", "record_key", "remove_comment", "resolve"]


"""Snapshots for the chair: taking one from the live board, and opening one defensively.

Taking (`take_snapshot`, or `prepare_snapshot` + `Board.record_snapshot` +
`PreparedSnapshot.publish` when the copy is made on another thread): `VACUUM
INTO` a temporary name beside the final one (`<name>.<pid>.part`), put the copy
in rollback-journal mode, write the record inside it (who, when, from which
file, sequence, note, app version, what changed), `quick_check` it, seal it
with its fingerprint (below). Its `.sha256` file (`sha256sum -c` format), a
"changes since the last snapshot" Word report and an `.eml` draft to the chair
are written under temporary names too. Then the snapshot is recorded in the
live board (one transaction), and only then is every file renamed into place.
A process killed before the record leaves the board as it was and only `.part`
files, which the next start removes; killed after it, the sequence number is
used and the next snapshot takes the next one. No file ever carries a final
name without being recorded.

The fingerprint: a copy travels without its `.sha256` file as often as with
it, and a byte damaged in free space or inside a text passes SQLite's own
checks. So each snapshot holds the SHA-256 of itself in its record
(`snapshot_info.content_sha256`): the digest of the whole file as it is, with
only those 64 characters read as '0' * 64. It is written in two steps: the
record is first written with the placeholder, the digest of the file is worked
out as it will be after one more write (the header's change counter and
version-valid-for number one higher), then the placeholder is overwritten in
place (same length, so no other byte moves) and the file is checked exactly as
a reader will check it. Every byte of the file counts, the header included.
It guards against damage in transit and on disk, not against someone set on
forging a snapshot (who could recompute it); the `.sha256` file sent with the
email is the check against the sender's record.

Opening (`open_snapshot`): the file is never trusted. It is copied to a
private temporary folder (removed when the Board is closed), its SHA-256 is
checked against `<file>.sha256` when that is beside it, it is opened
immutable and read-only with `trusted_schema=OFF`, `cell_size_check=ON` and
limits on value and SQL length, checked with `quick_check` before anything
else, its schema compared with a board built by the same migrations, checked
as a board of a version this app understands, and then against the
fingerprint inside it (snapshots from versions before the fingerprint, or whose
sealing failed, open with `snapshot_info['self_check'] == 'not available'`).
Anything wrong is refused with one `FileRefused` message.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from sendsec import __version__
from sendsec.domain.dates import clock, long_date
from sendsec.domain.errors import FileRefused, ReadOnlyError, SendsecError
from sendsec.services.board import Board, current_user
from sendsec.services.folders import output_folder
from sendsec.storage import incoming, leftovers, snapshot_store
from sendsec.storage.database import (
    SQLITE_HEADER,
    check_header,
    check_is_board,
    open_regular,
    schema_problem,
)
from sendsec.storage.schema import MIGRATION_NAMES

SUFFIX = ".sendsec"
PART = ".part"
MAX_NOTE = 2000
#: Attachments bigger than this are often refused by mail systems.
EMAIL_LIMIT = 20 * 1024 * 1024
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
_SHA_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+?)\s*$")
#: What the fingerprint in a snapshot record reads as while the file's digest is taken.
PLACEHOLDER = "0" * 64
_HEX64 = re.compile(r"[0-9a-f]{64}")
_BLOCK = 1024 * 1024
NO_FINGERPRINT = ("The snapshot could not be given its built-in fingerprint, so a copy without "
                  "its .sha256 file cannot be checked for damage; send the .sha256 file with it.")


@dataclass(frozen=True)
class SnapshotResult:
    """What taking a snapshot wrote.

    `path` the .sendsec file, `sha256_path` its checksum file, `report_path`
    the changes report (.docx), `eml_path` the draft to the chair, `sequence`
    its number, `sha256` the file's hex digest, `taken_at` 'YYYY-MM-DD HH:MM:SS',
    `compared_with` a sentence saying what the report compares against,
    `notes` anything the secretary should know (e.g. no chair email address),
    and `self_check` 'passed' when the file holds its own fingerprint (checked
    as a reader will check it) or 'not available' when sealing it failed.
    """

    path: Path
    sha256_path: Path
    report_path: Path
    eml_path: Path
    sequence: int
    sha256: str
    taken_at: str = ""
    note: str | None = None
    compared_with: str = ""
    notes: tuple[str, ...] = ()
    self_check: str = "passed"

    def lines(self) -> list[str]:
        """Return what the command prints: the files written, the SHA-256, then any notes."""
        return [str(self.path), str(self.sha256_path), str(self.report_path),
                str(self.eml_path), f"SHA-256 {self.sha256}", *self.notes]


# ------------------------------------------------------------------ file names

def safe_name(text: str, limit: int = 80) -> str:
    """Return `text` fit to be part of a file name on Windows (never empty)."""
    part = _FORBIDDEN.sub("-", " ".join(str(text).split()))
    part = part[:limit].rstrip(". ").lstrip()
    if not part:
        return "Board"
    if part.split(".")[0].upper() in _RESERVED:
        part = f"_{part}"
    return part


def snapshot_name(board_name: str, when: dt.datetime) -> str:
    """Return e.g. 'SEND Improvement Board snapshot 2025-03-05 1412.sendsec'."""
    return f"{safe_name(board_name)} snapshot {when:%Y-%m-%d %H%M}{SUFFIX}"


def sha256_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _find_all(path: Path, needle: bytes) -> list[int]:
    """Return the offset of every occurrence of `needle` in the file, read in blocks."""
    found: list[int] = []
    keep = len(needle) - 1
    tail = b""
    base = 0  # the file offset of buf[0]
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            buf = tail + block
            at = buf.find(needle)
            while at != -1:
                found.append(base + at)
                at = buf.find(needle, at + 1)
            tail = buf[-keep:] if keep else b""
            base += len(buf) - len(tail)
    return found


def _patched_sha256(path: Path, patches: list[tuple[int, bytes]]) -> str:
    """Return the hex SHA-256 of the file as it would be with each (offset, bytes) written in."""
    digest = hashlib.sha256()
    pos = 0
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            end = pos + len(block)
            hits = [(off, data) for off, data in patches if off < end and off + len(data) > pos]
            if hits:
                buf = bytearray(block)
                for off, data in hits:
                    for i, byte in enumerate(data):
                        if pos <= off + i < end:
                            buf[off + i - pos] = byte
                block = bytes(buf)
            digest.update(block)
            pos = end
    return digest.hexdigest()


def _digest_after_next_write(path: Path) -> str:
    """Return what the fingerprint of the copy at `path` (holding the placeholder) will be
    once the placeholder is overwritten: the file's digest with the header's file change
    counter (bytes 24-27) and version-valid-for number (92-95) one higher, as that one
    write in rollback-journal mode leaves them."""
    with Path(path).open("rb") as fh:
        header = fh.read(100)
    counter = ((int.from_bytes(header[24:28], "big") + 1) % 2**32).to_bytes(4, "big")
    return _patched_sha256(path, [(24, counter), (92, counter)])


def _stage(final: Path, data: bytes) -> Path:
    """Write `data` to the temporary name of `final` (beside it), flushed to disk; return it."""
    return leftovers.write_flushed(leftovers.part_path(final), lambda part: part.write_bytes(data))


def _free_name(folder: Path, name: str) -> Path:
    path = folder / name
    stem = name[: -len(SUFFIX)]
    n = 2
    while path.exists() or sha256_path_for(path).exists():
        path = folder / f"{stem} ({n}){SUFFIX}"
        n += 1
    return path


# ------------------------------------------------------------------- taking

def _clean_note(note: str | None) -> str | None:
    if note is None:
        return None
    note = note.replace("\x00", "").strip()
    if not note:
        return None
    if len(note) > MAX_NOTE:
        raise SendsecError(f"The note is {len(note):,} characters long; the most a snapshot "
                           f"note can hold is {MAX_NOTE:,}.")
    return note


@dataclass
class PreparedSnapshot:
    """A snapshot written in full under temporary names beside its final ones.

    `result` names the final files. Record it in the board, then `publish()`
    (which moves every file into place), or `discard()` it: until it is
    published nothing carries a final name, and a process killed before then
    leaves only `.part` files that the next start removes.
    """

    result: SnapshotResult
    staged: list[tuple[Path, Path]]  # (temporary file, final name), the snapshot first

    def publish(self) -> SnapshotResult:
        """Move every file into place; return the result. If one cannot be moved, none
        stays under its final name and SendsecError says why."""
        done: list[Path] = []
        final = self.result.path
        try:
            for part, final in self.staged:
                if final.exists():
                    raise FileExistsError(errno.EEXIST, "a file of that name appeared meanwhile",
                                          str(final))
                os.replace(part, final)
                done.append(final)
        except OSError as exc:
            for published in done:
                published.unlink(missing_ok=True)
            self.discard()
            raise SendsecError(f"The snapshot could not be put in place in '{final.parent}' "
                               f"({exc.strerror or exc}: '{final.name}'); no snapshot file was "
                               "left there.") from None
        return self.result

    def discard(self) -> None:
        """Remove the temporary files (nothing was published)."""
        for part, _final in self.staged:
            part.unlink(missing_ok=True)


def make_snapshot(source: Path, out_dir: Path, *, note: str | None = None,
                  now: dt.datetime | None = None, user: str | None = None,
                  record: Callable[[SnapshotResult], object] | None = None) -> SnapshotResult:
    """Write a snapshot of the board file `source` into `out_dir`, with its checksum,
    changes report and email draft; return what was written.

    `record(result)` (e.g. `Board.record_snapshot`) runs once every file is written
    under its temporary name and before any is moved into place: if it fails, nothing
    is left. Without it the snapshot is not recorded in the live file.
    """
    prepared = prepare_snapshot(source, out_dir, note=note, now=now, user=user)
    if record is not None:
        try:
            record(prepared.result)
        except BaseException:
            prepared.discard()
            raise
    return prepared.publish()


def prepare_snapshot(source: Path, out_dir: Path, *, note: str | None = None,
                     now: dt.datetime | None = None, user: str | None = None
                     ) -> PreparedSnapshot:
    """Write a snapshot of `source` and its checksum, report and email draft into `out_dir`
    under temporary names; return the PreparedSnapshot (not yet recorded nor published).

    Uses only its own connections, so it may run on a worker thread.
    """
    source, out_dir = Path(source), Path(out_dir)
    note = _clean_note(note)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    user = user or current_user()
    output_folder(out_dir)
    check_header(source)
    leftovers.cleanup_folder(out_dir)
    staged: list[tuple[Path, Path]] = []
    try:
        return _prepare(source, out_dir, note, now, user, staged)
    except OSError as exc:
        for part, _final in staged:
            part.unlink(missing_ok=True)
        raise SendsecError(f"The snapshot could not be written to '{out_dir}': "
                           f"{exc.strerror or exc}. Nothing was left there.") from None
    except BaseException:
        for part, _final in staged:
            part.unlink(missing_ok=True)
        raise


def _prepare(source: Path, out_dir: Path, note: str | None, now: dt.datetime, user: str,
             staged: list[tuple[Path, Path]]) -> PreparedSnapshot:
    # the name is chosen first, so that every temporary file is named after its target
    final = _free_name(out_dir, snapshot_name(_board_name(source), now))
    tmp = leftovers.part_path(final)
    staged.append((tmp, final))
    try:
        snapshot_store.vacuum_into(source, tmp)
    except sqlite3.DatabaseError as exc:
        if any(word in str(exc).lower() for word in ("full", "readonly", "i/o", "unable to open")):
            raise SendsecError(f"The snapshot could not be written to '{out_dir}' ({exc}). "
                               "Nothing was left there.") from None
        raise SendsecError(f"The snapshot could not be made from '{source.name}': {exc}."
                           ) from None
    conn = snapshot_store.connect_copy(tmp)
    try:
        settings = snapshot_store.board_settings(conn)
        if not settings.get("board_uid"):
            raise SendsecError(f"'{source.name}' has no board id; it cannot be snapshotted.")
        previous = snapshot_store.last_sent(conn)
        sequence = snapshot_store.max_sequence(conn) + 1
        info = {"board_uid": settings["board_uid"], "sequence": sequence,
                "taken_at": now.strftime("%Y-%m-%d %H:%M:%S"), "taken_by": user,
                "source_path": str(source.resolve()), "note": note,
                "app_version": __version__, "content_sha256": PLACEHOLDER}
        secretary = snapshot_store.person(conn, settings.get("secretary_id"))
        info["taken_by_name"] = _clean_name(secretary.get("name") if secretary else None)
        if snapshot_store.set_journal_delete(conn) != "delete":
            raise SendsecError("The snapshot copy could not be put in rollback-journal mode.")
        snapshot_store.write_snapshot_info(conn, info)
        problem = snapshot_store.check(conn, "quick_check")
        chair = snapshot_store.person(conn, settings.get("chair_id"))
    finally:
        conn.close()
    if problem != "ok":
        raise SendsecError(f"The snapshot copy failed its check ({problem}); nothing was sent.")
    from sendsec.papers import snapshot_report  # docx writing is heavy; loaded when needed

    # What changed is worked out from the copy itself and carried inside it, so the chair
    # sees it when the snapshot is opened on its own, without the report or the email.
    report = changes_since_last(tmp, out_dir, previous)
    snapshot_store.set_changes(tmp, carried_changes(report))
    self_check = _seal(tmp)
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    digest = file_sha256(tmp)
    sha_path = sha256_path_for(final)
    staged.append((_stage(sha_path, f"{digest}  {final.name}\n".encode()), sha_path))

    base = final.name[: -len(SUFFIX)]
    report_path = out_dir / f"{base} - changes since the last snapshot.docx"
    report = replace(report, details=(
        *((k, final.name if k == "File" else v) for k, v in report.details),
        ("SHA-256 of the file", digest)))
    staged.append((_stage(report_path, snapshot_report.report_bytes(report, now=now,
                                                                    author=user)), report_path))
    notes: list[str] = [] if self_check == "passed" else [NO_FINGERPRINT]
    eml_path = out_dir / f"{base} - email to the chair.eml"
    email = _email(settings, chair, secretary, {f: p for p, f in staged}, final, sha_path,
                   report_path, info, digest, report.basis, notes)
    staged.append((_stage(eml_path, email), eml_path))
    size = tmp.stat().st_size
    if size > EMAIL_LIMIT:
        notes.append(f"The snapshot is {size / 1024 / 1024:.0f} MB; many mail systems refuse "
                     "attachments this large, so it may need to go another way (e.g. a shared "
                     "folder), with its .sha256 file.")
    result = SnapshotResult(final, sha_path, report_path, eml_path, sequence, digest,
                            info["taken_at"], note, report.basis, tuple(notes), self_check)
    return PreparedSnapshot(result, list(staged))


def _board_name(source: Path) -> str:
    """Return the name of the board in the live file `source`, for the snapshot's file name."""
    conn = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True, timeout=10)
    try:
        return str(snapshot_store.board_settings(conn).get("name") or "Board")
    except sqlite3.DatabaseError as exc:
        raise SendsecError(f"The snapshot could not be made from '{source.name}': {exc}."
                           ) from None
    finally:
        conn.close()


def _clean_name(name: Any) -> str | None:
    text = " ".join(str(name).split()) if name else ""
    return text[:200] or None


#: How much of what changed a snapshot carries inside it (the report beside it has it all).
CARRIED_LINES = 2000
CARRIED_LINE = 300


def carried_changes(report: Any) -> str:
    """Return what a changes report says, as the JSON text a snapshot carries inside it:
    {"basis": sentence, "lines": [a heading per section, an indented line per change],
    "omitted": how many lines it leaves to the report}."""
    lines: list[str] = []
    if report.diff is not None:
        lines = [line for line in report.diff.lines()[2:] if not line.startswith("Note: ")]
    elif report.log is not None:
        for heading, rows in report.log:
            lines += ["", f"{heading} ({len(rows)})"]
            for when, who, record, what, old, new in rows:
                change = f"{_one_line(old)} -> {_one_line(new)}" if old else _one_line(new)
                lines.append(f"  {_one_line(record)}: {what}" + (f": {change}" if change else "")
                             + f" ({when}, {who})")
    while lines and not lines[0].strip():
        lines.pop(0)
    omitted = max(0, len(lines) - CARRIED_LINES) + int(getattr(report, "log_omitted", 0) or 0)
    lines = [_short(line.rstrip(), CARRIED_LINE, keep_indent=True) for line in lines[:CARRIED_LINES]]
    return json.dumps({"basis": report.basis, "lines": lines, "omitted": omitted},
                      ensure_ascii=False)


def _one_line(text: Any) -> str:
    return " ".join(str(text).split()) if text is not None else ""


def read_carried_changes(text: Any) -> dict[str, Any] | None:
    """Return the changes a snapshot carries ({'basis', 'lines', 'omitted'}), or None when
    it carries none or what it carries is not in that form (never an error: it is only shown)."""
    if not isinstance(text, str) or len(text) > 4 * CARRIED_LINES * CARRIED_LINE:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    basis, lines, omitted = data.get("basis"), data.get("lines"), data.get("omitted", 0)
    if not isinstance(basis, str) or not isinstance(lines, list) \
            or not all(isinstance(line, str) for line in lines) or not isinstance(omitted, int):
        return None
    return {"basis": basis[:1000], "lines": [line[:CARRIED_LINE] for line in
                                             lines[:CARRIED_LINES]], "omitted": max(0, omitted)}


def _seal(tmp: Path) -> str:
    """Write the fingerprint into the record of the copy `tmp` and check it as a reader will.

    Returns 'passed', or 'not available' (the placeholder put back) if the check
    fails, which would mean this SQLite moved other bytes when the record was
    rewritten; the snapshot is still sound and its .sha256 file still checks it.
    """
    try:
        snapshot_store.set_content_sha256(tmp, _digest_after_next_write(tmp))
        if _fingerprint_of(tmp, tmp) == "passed":
            return "passed"
        snapshot_store.set_content_sha256(tmp, PLACEHOLDER)
    except sqlite3.DatabaseError as exc:
        raise SendsecError(f"The snapshot copy could not be sealed with its fingerprint "
                           f"({exc}); nothing was sent.") from None
    return "not available"


def _fingerprint_of(path: Path, copy: Path) -> str:
    """Return 'passed' or 'not available' for the fingerprint of `copy`; 'failed' if it
    does not match (for the check made while taking a snapshot)."""
    conn = snapshot_store.open_private(copy)
    try:
        return check_fingerprint(path, copy, conn)
    except FileRefused:
        return "failed"
    finally:
        conn.close()


def take_snapshot(board: Board, out_dir: str | os.PathLike, note: str | None = None,
                  now: dt.datetime | None = None) -> SnapshotResult:
    """Write a snapshot of the open live `board` into `out_dir` and record it in the board.

    Returns the SnapshotResult. Refuses a snapshot (only a live board file can
    be snapshotted) and a board open read-only (the snapshot could not be recorded).
    """
    if board.snapshot_info is not None:
        raise SendsecError("This file is itself a snapshot; snapshots are taken from the "
                           "live board file.")
    if board.readonly:
        raise ReadOnlyError("This board is open read-only, so a snapshot could not be "
                            "recorded in it; open it for editing to send a snapshot.")
    return make_snapshot(board.path, Path(out_dir), note=note, now=now, user=board.user,
                         record=lambda r: board.record_snapshot(
                             sequence=r.sequence, taken_at=r.taken_at, file_name=r.path.name,
                             sha256=r.sha256, note=r.note))


def _email(settings: dict[str, Any], chair: dict[str, Any] | None,
           secretary: dict[str, Any] | None, staged: dict[Path, Path], snapshot: Path,
           sha_path: Path, report: Path, info: dict[str, Any], digest: str, basis: str,
           notes: list[str]) -> bytes:
    """Return an unsent .eml draft to the chair with the snapshot and report attached
    (each read from its temporary file in `staged`, final name -> temporary file)."""
    from sendsec.papers import eml

    board = " ".join(str(settings["name"]).split())
    to = None
    if chair and chair.get("email") and not chair.get("archived"):
        to = (chair["name"], chair["email"])
    else:
        notes.append("The board has no independent chair with an email address (Board "
                     "settings); the email draft has no recipient.")
    sender = (secretary["name"], secretary["email"]) \
        if secretary and secretary.get("email") else None
    taken = dt.datetime.fromisoformat(info["taken_at"])
    greeting = f"Dear {' '.join(chair['name'].split())}," if chair else "Dear Chair,"
    note = info.get("note")
    body = [
        greeting,
        "",
        f"Attached is snapshot {info['sequence']} of the records of the {board}, taken on "
        f"{long_date(taken.date())} at {clock(taken.strftime('%H:%M'))} by "
        f"{info.get('taken_by_name') or info['taken_by']}.",
        "",
        f"The Word document '{report.name}' sets out what has changed. {basis}",
    ]
    if note:
        body += ["", "Note from the secretary:", " ".join(note.split())]
    body += [
        "",
        "How to open the snapshot:",
        f"1. Save '{snapshot.name}' and '{sha_path.name}' together in one folder.",
        "2. In sendsec, choose File > Open and pick the .sendsec file. It opens read-only: "
        "nothing in it can be changed, and the papers can be produced from it.",
        "3. sendsec checks the file before showing anything. It refuses it if it is "
        "damaged or was changed after it was taken without its fingerprint being worked "
        "out again (it checks the fingerprint the file holds of itself, and the .sha256 "
        "file when that is saved beside it). Whatever the fingerprint says, it also refuses "
        "a file whose structure is not exactly what sendsec makes (tables, indexes, "
        "defaults and rules compared in full; no triggers or views), whose records point "
        "at records that are not there, or that holds values sendsec never writes.",
        "4. What sendsec cannot tell on its own is a file edited by someone who then "
        "worked out its fingerprint and .sha256 file again. The SHA-256 below proves "
        "which file I sent: if in doubt, check the file's SHA-256 against it.",
        "",
        f"SHA-256 of the snapshot: {digest}",
        "(To check it yourself on Windows: certutil -hashfile \"<file>\" SHA256)",
        "",
        "Kind regards,",
        " ".join(secretary["name"].split()) if secretary else "The board secretary",
    ]
    return eml.draft(
        to=to, sender=sender, now=taken, body="\n".join(body),
        subject=f"{board}: snapshot {info['sequence']} of the board's records "
                f"({long_date(taken.date())})",
        attachments=[(snapshot.name, staged[snapshot].read_bytes(), eml.FILE_TYPE),
                     (sha_path.name, staged[sha_path].read_bytes(), eml.TEXT_TYPE),
                     (report.name, staged[report].read_bytes(), eml.DOCX_TYPE)])


# ------------------------------------------------------------------- opening

class SnapshotBoard(Board):
    """A snapshot open read-only from a private copy, removed when the board is closed."""

    def __init__(self, db: Database, path: Path, private_dir: Path, info: dict[str, Any]):
        super().__init__(db, path, readonly=True)
        self.private_dir = private_dir
        self.snapshot_info = info
        self._cleanup = weakref.finalize(self, shutil.rmtree, str(private_dir), True)

    def reader(self) -> Board:
        """Return another read-only Board on the private copy, for work on another thread."""
        conn = snapshot_store.open_private(self.private_dir / "snapshot.sqlite")
        board = Board(Database(conn, execute_plugins=False), self.path, readonly=True,
                      user=self.user)
        board.snapshot_info = dict(self.snapshot_info or {})
        return board

    def close(self) -> None:
        """Close the copy and remove the private folder it lives in."""
        try:
            super().close()
        finally:
            self._cleanup()


def _refuse(path: Path, why: str) -> FileRefused:
    return FileRefused(f"'{path.name}' cannot be opened as a snapshot: {why}")


def verify_sha256(path: Path, copy: Path) -> bool | None:
    """Check the private `copy` of `path` against `<path>.sha256` if it is there.

    Returns True when it matches, None when there is no checksum file; raises
    FileRefused on a mismatch or an unreadable checksum file.
    """
    sha_file = sha256_path_for(path)
    if not sha_file.is_file():
        return None
    try:
        text = sha_file.read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError as exc:
        raise _refuse(path, f"its checksum file '{sha_file.name}' cannot be read "
                            f"({exc.strerror or exc}).") from None
    line = text.strip().splitlines()[0] if text.strip() else ""
    m = _SHA_LINE.match(line)
    if not m:
        raise _refuse(path, f"its checksum file '{sha_file.name}' is not in the expected form "
                            "('<SHA-256>  <file name>').")
    if m[1].lower() != file_sha256(copy):
        raise _refuse(path, "the file has changed since it was sent (its SHA-256 does not "
                            f"match '{sha_file.name}'). Ask the secretary to send it again.")
    return True


def _changed(path: Path) -> FileRefused:
    return FileRefused(f"'{path.name}' has been changed or damaged since it was taken (its "
                       "contents no longer match the fingerprint inside it). Ask for the "
                       "snapshot to be sent again.")


def check_fingerprint(path: Path, copy: Path, conn: sqlite3.Connection) -> str:
    """Check the private `copy` of `path` against the fingerprint in its snapshot record
    (read through `conn`, a defensive connection to `copy`).

    Returns 'passed', or 'not available' for a file made before snapshots held one
    (or whose sealing failed, leaving the placeholder). Raises FileRefused if the
    fingerprint is garbled, appears other than once in the file, or does not match.
    """
    if not snapshot_store.has_content_sha256(conn):
        return "not available"
    found, stored = snapshot_store.content_sha256(conn)
    if not found or stored == PLACEHOLDER:
        return "not available"
    if not isinstance(stored, str) or not _HEX64.fullmatch(stored):
        raise _changed(path)
    encoding = snapshot_store.text_encoding(conn)
    at = _find_all(copy, stored.encode(encoding))
    if len(at) != 1:
        raise _changed(path)
    if _patched_sha256(copy, [(at[0], PLACEHOLDER.encode(encoding))]) != stored:
        raise _changed(path)
    return "passed"


def _check_size(path: Path, copy: Path) -> None:
    with copy.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100:
        raise _refuse(path, "the file is cut short (truncated); it is not a complete snapshot.")
    page_size, pages = snapshot_store.page_layout(header)
    if page_size < 512 or page_size & (page_size - 1):
        raise _refuse(path, "its header is damaged (impossible page size).")
    size = copy.stat().st_size
    if size % page_size:
        raise _refuse(path, "the file is cut short or padded (its size is not a whole number "
                            "of pages); it is damaged.")
    if pages and size < pages * page_size:
        raise _refuse(path, f"the file is cut short (truncated): it holds {size:,} bytes of "
                            f"the {pages * page_size:,} its header promises.")


def _check_schema(path: Path, conn: sqlite3.Connection) -> list[str]:
    """Refuse a snapshot whose schema is not exactly what its version of sendsec makes,
    or whose records point at records that are not there; return the applied migrations."""
    applied = check_is_board(Database(conn, execute_plugins=False), path)
    problem = schema_problem(conn, len(applied))
    if problem:
        raise _refuse(path, f"it {problem}; it may have been tampered with.")
    broken = snapshot_store.broken_reference(conn)
    if broken:
        raise _refuse(path, f"{broken}; it may have been tampered with.")
    return applied


def open_snapshot(path: str | os.PathLike, *, board_uid: str | None = None) -> SnapshotBoard:
    """Open a snapshot file read-only and defensively; return the Board.

    The returned board has `readonly=True` and `snapshot_info` (board_name,
    taken_at, taken_by (the computer login), taken_by_name (the board's secretary, when
    set), sequence, note, source_path, board_uid, app_version, sha256_checked, self_check:
    'passed' or 'not available', changes: what changed since the previous snapshot as the
    snapshot carries it (see `read_carried_changes`), or None). Every write raises
    ReadOnlyError. Raises FileRefused, with one message saying why, for anything that is not
    a sound snapshot, or (when `board_uid` is given) for a snapshot of any other board.
    """
    path = Path(path)
    check_header(path)
    private = Path(tempfile.mkdtemp(prefix=leftovers.private_prefix(),
                                    dir=leftovers.temp_root()))
    conn: sqlite3.Connection | None = None
    try:
        copy = private / "snapshot.sqlite"
        try:
            with open_regular(path) as source, copy.open("wb") as target:
                shutil.copyfileobj(source, target)
        except OSError as exc:
            raise _refuse(path, f"it cannot be read ({exc.strerror or exc}).") from None
        with copy.open("rb") as fh:
            if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise _refuse(path, "it changed while it was being read.")
        checked = verify_sha256(path, copy)
        _check_size(path, copy)
        try:
            conn = snapshot_store.open_private(copy)
            problem = snapshot_store.check(conn, "quick_check")
            if problem != "ok":
                raise _refuse(path, f"it is damaged ({_short(problem)}).")
            applied = _check_schema(path, conn)
            problem = snapshot_store.check(conn, "integrity_check")
            if problem != "ok":
                raise _refuse(path, f"it is damaged ({_short(problem)}).")
            record = snapshot_store.snapshot_info(conn)
            settings = snapshot_store.board_settings(conn)
            if record is None:
                raise _refuse(path, "it is a board file, not a snapshot (it holds no snapshot "
                                    "record). Open it as a board file instead.")
            if not settings or record["board_uid"] != settings.get("board_uid"):
                raise _refuse(path, "its snapshot record does not belong to the board it "
                                    "holds; it may have been tampered with.")
            if board_uid is not None and record["board_uid"] != board_uid:
                raise _refuse(path, f"it belongs to another board ('{_short(str(settings['name']), 80)}'), "
                                    "not the one expected.")
            self_check = check_fingerprint(path, copy, conn)
            found = incoming.first_problem(conn)
            if found:
                raise _refuse(path, f"{found}.")
            if [n for n in MIGRATION_NAMES if n not in applied]:
                conn.close()
                conn = None
                snapshot_store.migrate_copy(copy)
                conn = snapshot_store.open_private(copy)
        except sqlite3.DatabaseError as exc:
            raise _refuse(path, f"it is damaged ({_short(str(exc))}).") from None
        except UnicodeDecodeError:
            raise _refuse(path, "it is damaged (it holds text that is not valid UTF-8).") from None
        info = {
            "board_name": settings["name"], "taken_at": record["taken_at"],
            "taken_by": record["taken_by"], "sequence": record["sequence"],
            "note": record["note"], "source_path": record["source_path"],
            "board_uid": record["board_uid"], "app_version": record["app_version"],
            "sha256_checked": bool(checked), "self_check": self_check,
            "taken_by_name": _clean_name(record.get("taken_by_name")),
            "changes": read_carried_changes(record.get("changes")),
        }
        board = SnapshotBoard(Database(conn, execute_plugins=False), path, private, info)
        conn = None
        return board
    except BaseException:
        if conn is not None:
            conn.close()
        shutil.rmtree(private, ignore_errors=True)
        raise


def _short(text: str, limit: int = 160, *, keep_indent: bool = False) -> str:
    indent = text[: len(text) - len(text.lstrip(" "))] if keep_indent else ""
    text = indent + " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def changes_since_last(snapshot: Path, out_dir: Path, previous: dict[str, Any] | None,
                       digest: str | None = None, *, on: dt.date | None = None) -> Any:
    """Return the `ChangesReport` for the new `snapshot`, compared with the previous one sent.

    `previous` is the previous snapshots_sent row (None for the first snapshot). The
    previous file is looked for in `out_dir`; when it is not there (or cannot be opened)
    the change log since it was taken is used.
    """
    from sendsec.papers.snapshot_report import snapshot_changes
    from sendsec.reports.diff import diff_boards

    new = open_snapshot(snapshot)
    try:
        if previous is None:
            return snapshot_changes(new, None, digest=digest, on=on)
        seq, uid = previous["sequence"], (new.snapshot_info or {})["board_uid"]
        found = find_snapshot(out_dir, uid, seq, previous.get("file_name"))
        why_not = f"snapshot {seq} ('{previous.get('file_name')}') is not in the folder " \
                  f"'{Path(out_dir).name}'"
        if found is not None:
            try:
                old = open_snapshot(found, board_uid=uid)
            except FileRefused as exc:
                why_not = f"snapshot {seq} could not be opened ({exc})"
            else:
                try:
                    diff = diff_boards(old, new, on=on)
                finally:
                    old.close()
                return snapshot_changes(new, previous, diff=diff, compared_with=found.name,
                                        digest=digest, on=on)
        return snapshot_changes(new, previous, why_not=why_not, digest=digest, on=on)
    finally:
        new.close()


def find_snapshot(folder: Path, board_uid: str, sequence: int,
                  file_name: str | None = None) -> Path | None:
    """Return the snapshot of this board with this sequence in `folder`, if it is there.

    Looks first at the recorded `file_name`, then at every .sendsec file in the folder.
    """
    folder = Path(folder)
    candidates = []
    if file_name:
        candidates.append(folder / file_name)
    try:
        candidates += sorted(p for p in folder.glob(f"*{SUFFIX}") if p.name != file_name)
    except OSError:
        return None
    for p in candidates:
        if not p.is_file():
            continue
        info = peek_info(p)
        if info and info.get("board_uid") == board_uid and info.get("sequence") == sequence:
            return p
    return None


def peek_info(path: Path) -> dict[str, Any] | None:
    """Return the snapshot record of a file (read in place, read-only), or None if it has none."""
    try:
        with Path(path).open("rb") as fh:
            if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
        conn = snapshot_store.open_private(Path(path))
    except (OSError, sqlite3.Error):
        return None
    try:
        return snapshot_store.snapshot_info(conn)
    except (sqlite3.Error, UnicodeDecodeError):
        return None
    finally:
        conn.close()

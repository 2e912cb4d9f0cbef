"""Taking a snapshot of the live board for the chair: the copy, its checksum file, the
"changes since the last snapshot" report and the email draft, recorded then published.

Taking (`take_snapshot`, or `prepare_snapshot` + `Board.record_snapshot` +
`PreparedSnapshot.publish` + `PreparedSnapshot.write_papers` when the copy is made on
another thread): `VACUUM INTO` a temporary name beside the final one
(`<name>.<pid>.part`), put the copy in rollback-journal mode, write the record inside
it (who, when, from which file, sequence, note, app version, what changed), `quick_check`
it, seal it with its fingerprint (`snapshot_files`). Its `.sha256` file (`sha256sum -c`
format) is written under a temporary name too. Then the snapshot is recorded in the
live board (one transaction), and only then are the two renamed into place: the
snapshot exists, sealed, as soon as it can. The "changes since the last snapshot" Word
report and the `.eml` draft to the chair (which attaches them) follow, each under a
temporary name, then renamed into place together; if they cannot be written, the
snapshot stays as it is, sent and recorded, and the person is told (PapersNotWritten).
A process killed before the record leaves the board as it was and only `.part`
files, which the next start removes; killed after it, the sequence number is
used and the next snapshot takes the next one. No file ever carries a final
name without being recorded.

The fingerprint each snapshot holds of itself and its file names are in
`snapshot_files`; opening one defensively is `snapshot_opening`; what its record
carries (what changed, who sent it) is `snapshot_record`.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sendsec import __version__
from sendsec.domain.dates import clock, long_date
from sendsec.domain.errors import FileRefused, ReadOnlyError, SendsecError
from sendsec.domain.labels import salutation
from sendsec.exchanges.snapshot_files import (
    PLACEHOLDER,
    SUFFIX,
    file_sha256,
    seal,
    sha256_path_for,
    snapshot_name,
)
from sendsec.exchanges.snapshot_opening import (
    SnapshotBoard,
    find_snapshot,
    open_being_taken,
    open_snapshot,
)
from sendsec.exchanges.snapshot_record import carried_changes, clean_name, shorten
from sendsec.services.board import Board, current_user
from sendsec.services.folders import output_folder
from sendsec.storage import leftovers, snapshot_compare, snapshot_store
from sendsec.storage.database import check_header

MAX_NOTE = 2000
#: Attachments bigger than this are often refused by mail systems.
EMAIL_LIMIT = 20 * 1024 * 1024
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
    """A snapshot sealed under a temporary name beside its final one, with its checksum.

    `result` names the final files. Record it in the board, then `publish()`
    (which moves the snapshot and its checksum into place), or `discard()` it: until it is
    published nothing carries a final name, and a process killed before then
    leaves only `.part` files that the next start removes. Once it is published,
    `write_papers()` writes the changes report and the email draft beside it.
    """

    result: SnapshotResult
    staged: list[tuple[Path, Path]]  # (temporary file, final name), the snapshot first
    papers: Callable[[], list[tuple[Path, Path]]] | None = None

    def publish(self) -> SnapshotResult:
        """Move the snapshot and its checksum into place; return the result. If one cannot be
        moved, none stays under its final name and SendsecError says why."""
        try:
            _move_into_place(self.staged)
        except OSError as exc:
            self.discard()
            raise SendsecError(f"The snapshot could not be put in place in "
                               f"'{self.result.path.parent}' ({exc.strerror or exc}: "
                               f"'{Path(exc.filename or self.result.path).name}'); no snapshot "
                               "file was left there.") from None
        return self.result

    def discard(self) -> None:
        """Remove the temporary files (nothing was published)."""
        for part, _final in self.staged:
            part.unlink(missing_ok=True)

    def write_papers(self) -> SnapshotResult:
        """Write the changes report and the email draft beside the published snapshot (under
        temporary names, then moved into place together); return the result. If they cannot
        be written, neither is left and PapersNotWritten says why: the snapshot stays as it
        is, sent and recorded."""
        r = self.result
        staged: list[tuple[Path, Path]] = []
        try:
            if self.papers is not None:
                staged = self.papers()
            _move_into_place(staged)
        except (OSError, SendsecError) as exc:
            for part, _final in staged:
                part.unlink(missing_ok=True)
            why = f"{exc.strerror or exc}" if isinstance(exc, OSError) else str(exc)
            raise PapersNotWritten(
                f"Snapshot {r.sequence} was written and recorded ('{r.path.name}', with its "
                f".sha256 file), but its changes report and email draft could not be written "
                f"({why.rstrip('.')}). Send the snapshot and its .sha256 file as they are; the "
                "next snapshot's report will compare with this one.", r) from None
        except BaseException:
            for part, _final in staged:
                part.unlink(missing_ok=True)
            raise
        return r


class PapersNotWritten(SendsecError):
    """The snapshot `result` was sealed, recorded and published, but its report and email
    draft could not be written."""

    def __init__(self, message: str, result: SnapshotResult):
        super().__init__(message)
        self.result = result


def _move_into_place(staged: list[tuple[Path, Path]]) -> None:
    """Rename each (temporary file, final name); if one cannot be, undo those already done
    and raise the OSError (a final name that appeared meanwhile is not overwritten)."""
    done: list[Path] = []
    for part, final in staged:
        try:
            if final.exists():
                raise FileExistsError(errno.EEXIST, "a file of that name appeared meanwhile")
            os.replace(part, final)
        except OSError as exc:
            for published in done:
                published.unlink(missing_ok=True)
            exc.filename = str(final)  # the name that could not be taken
            raise
        done.append(final)


def make_snapshot(source: Path, out_dir: Path, *, note: str | None = None,
                  now: dt.datetime | None = None, user: str | None = None,
                  record: Callable[[SnapshotResult], object] | None = None,
                  sealed: Callable[[SnapshotResult], object] | None = None,
                  source_checked: bool = False) -> SnapshotResult:
    """Write a snapshot of the board file `source` into `out_dir`, with its checksum,
    then its changes report and email draft; return what was written.

    `record(result)` (e.g. `Board.record_snapshot`) runs once the snapshot and its checksum
    are written under their temporary names and before they are moved into place: if it
    fails, nothing is left. Without it the snapshot is not recorded in the live file.
    `sealed(result)` is told as soon as the snapshot and its checksum are in place, before
    the report and email are written; if those cannot be, PapersNotWritten says so and the
    snapshot stays.
    """
    prepared = prepare_snapshot(source, out_dir, note=note, now=now, user=user,
                                source_checked=source_checked)
    if record is not None:
        try:
            record(prepared.result)
        except BaseException:
            prepared.discard()
            raise
    result = prepared.publish()
    if sealed is not None:
        sealed(result)
    return prepared.write_papers()


def prepare_snapshot(source: Path, out_dir: Path, *, note: str | None = None,
                     now: dt.datetime | None = None, user: str | None = None,
                     source_checked: bool = False) -> PreparedSnapshot:
    """Write a snapshot of `source` and its checksum into `out_dir` under temporary names;
    return the PreparedSnapshot (not yet recorded nor published, its report and email draft
    written by `write_papers` once it is). `source_checked`: see `_check_copy`.

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
        return _prepare(source, out_dir, note, now, user, staged, source_checked)
    except OSError as exc:
        for part, _final in staged:
            part.unlink(missing_ok=True)
        raise SendsecError(f"The snapshot could not be written to '{out_dir}': "
                           f"{exc.strerror or exc}. Nothing was left there.") from None
    except BaseException:
        for part, _final in staged:
            part.unlink(missing_ok=True)
        raise


def _check_copy(tmp: Path, source_checked: bool) -> None:
    """Check the copy as it will be sent (every byte but the fingerprint, which sealing checks
    byte for byte): `PRAGMA quick_check`, every page of it.

    Through a read-write connection SQLite's quick_check also tests every value against the
    schema's CHECK constraints; through a read-only one it does not (NOT NULL it does). The
    values are the board's, copied as stored by VACUUM INTO, plus the record written here. So
    when `source_checked` (the board file was opened and checked by this process moments ago,
    its pages by quick_check and every value by `sendsec.storage.incoming`, which refuses
    whatever the CHECK constraints would, and is held under the writer lock), testing them
    again would test the same values a second time: the copy's pages (its structure, the one
    thing here that is new) are checked read-only. Otherwise (the app, whose board was opened
    and checked long before) the copy is checked in full.
    """
    conn = snapshot_store.open_private(tmp) if source_checked \
        else snapshot_store.connect_copy(tmp)
    try:
        problem = snapshot_store.check(conn, "quick_check")
    finally:
        conn.close()
    if problem != "ok":
        raise SendsecError(f"The snapshot copy failed its check ({shorten(problem)}); nothing "
                           "was sent.")


def _prepare(source: Path, out_dir: Path, note: str | None, now: dt.datetime, user: str,
             staged: list[tuple[Path, Path]], source_checked: bool) -> PreparedSnapshot:
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
        info["taken_by_name"] = clean_name(secretary.get("name") if secretary else None)
        if snapshot_store.set_journal_delete(conn) != "delete":
            raise SendsecError("The snapshot copy could not be put in rollback-journal mode.")
        snapshot_store.write_snapshot_info(conn, info)
        chair = snapshot_store.person(conn, settings.get("chair_id"))
    finally:
        conn.close()
    # What changed is worked out from the copy itself and carried inside it, so the chair
    # sees it when the snapshot is opened on its own, without the report or the email.
    report = changes_since_last(tmp, out_dir, previous, glance=False)  # that, after sealing
    snapshot_store.set_changes(tmp, carried_changes(report))
    _check_copy(tmp, source_checked)
    sealed_sha256: list[str] = []
    self_check = seal(tmp, sealed_sha256)  # its digest read with the check, when it passes
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    digest = sealed_sha256[0] if sealed_sha256 else file_sha256(tmp)
    sha_path = sha256_path_for(final)
    staged.append((_stage(sha_path, f"{digest}  {final.name}\n".encode()), sha_path))

    base = final.name[: -len(SUFFIX)]
    report_path = out_dir / f"{base} - changes since the last snapshot.docx"
    eml_path = out_dir / f"{base} - email to the chair.eml"
    notes: list[str] = [] if self_check == "passed" else [NO_FINGERPRINT]
    if not _addressed(chair):
        notes.append("The board has no independent chair with an email address (Board "
                     "settings); the email draft has no recipient.")
    size = tmp.stat().st_size
    if size > EMAIL_LIMIT:
        notes.append(f"The snapshot is {size / 1024 / 1024:.0f} MB; many mail systems refuse "
                     "attachments this large, so it may need to go another way (e.g. a shared "
                     "folder), with its .sha256 file.")
    report = replace(report, details=(
        *((k, final.name if k == "File" else v) for k, v in report.details),
        ("SHA-256 of the file", digest)))

    def papers() -> list[tuple[Path, Path]]:
        """Write the report, then the email with the published files attached."""
        from sendsec.papers import snapshot_report  # docx writing is heavy; loaded when needed

        sealed = open_snapshot(final, made_here=digest)  # a private copy: it is published
        try:
            full = replace(report, glance=snapshot_report.at_a_glance(sealed))
        finally:
            sealed.close()
        written = [(_stage(report_path, snapshot_report.report_bytes(full, now=now,
                                                                     author=user)), report_path)]
        email = _email(settings, chair, secretary, {final: final, sha_path: sha_path,
                                                    report_path: written[0][0]},
                       final, sha_path, report_path, info, digest, report.basis)
        written.append((_stage(eml_path, email), eml_path))
        return written

    result = SnapshotResult(final, sha_path, report_path, eml_path, sequence, digest,
                            info["taken_at"], note, report.basis, tuple(notes), self_check)
    return PreparedSnapshot(result, list(staged), papers)


def _addressed(chair: dict[str, Any] | None) -> bool:
    """Return whether the email draft can be addressed to the chair."""
    return bool(chair and chair.get("email") and not chair.get("archived"))


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




def take_snapshot(board: Board, out_dir: str | os.PathLike, note: str | None = None,
                  now: dt.datetime | None = None,
                  sealed: Callable[[SnapshotResult], object] | None = None,
                  source_checked: bool = False) -> SnapshotResult:
    """Write a snapshot of the open live `board` into `out_dir` and record it in the board.

    Returns the SnapshotResult. Refuses a snapshot (only a live board file can
    be snapshotted) and a board open read-only (the snapshot could not be recorded).
    `source_checked`: the board was opened (`Board.open`, every check) by this process
    just before, under the writer lock (see `_check_copy`).
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
                             sha256=r.sha256, note=r.note), sealed=sealed,
                         source_checked=source_checked)


def _email(settings: dict[str, Any], chair: dict[str, Any] | None,
           secretary: dict[str, Any] | None, staged: dict[Path, Path], snapshot: Path,
           sha_path: Path, report: Path, info: dict[str, Any], digest: str, basis: str
           ) -> bytes:
    """Return an unsent .eml draft to the chair with the snapshot and report attached
    (each read from where `staged` says it is now, final name -> file)."""
    from sendsec.papers import eml

    board = " ".join(str(settings["name"]).split())
    to = (chair["name"], chair["email"]) if chair and _addressed(chair) else None
    sender = (secretary["name"], secretary["email"]) \
        if secretary and secretary.get("email") else None
    taken = dt.datetime.fromisoformat(info["taken_at"])
    greeting = f"Dear {salutation(chair['name'])}," if chair else "Dear Chair,"
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




def _differ(snapshot: Path, old: SnapshotBoard) -> dict[str, set[int]] | None:
    """Return which records may differ between the copy being taken and the previous snapshot
    (opened and checked, in its private folder), found by SQL over both files; None to
    compare everything (see `snapshot_compare.records_that_differ`)."""
    try:
        return snapshot_compare.records_that_differ(snapshot, old.private_dir / "snapshot.sqlite")
    except sqlite3.Error:
        return None


def changes_since_last(snapshot: Path, out_dir: Path, previous: dict[str, Any] | None,
                       digest: str | None = None, *, on: dt.date | None = None,
                       glance: bool = True) -> Any:
    """Return the `ChangesReport` for the new `snapshot`, compared with the previous one sent.

    `previous` is the previous snapshots_sent row (None for the first snapshot). The
    previous file is looked for in `out_dir`; when it is not there (or cannot be opened)
    the change log since it was taken is used. The new `snapshot` is the copy this process
    has just made and checked, so it is read in place and not checked again; nor is the
    previous file when it is byte for byte the one the board recorded sending (any other file
    is, in full).
    """
    from sendsec.reports.snapshot_changes import snapshot_changes

    new = open_being_taken(snapshot)
    try:
        if previous is None:
            return snapshot_changes(new, None, digest=digest, on=on, glance=glance)
        seq, uid = previous["sequence"], (new.snapshot_info or {})["board_uid"]
        found = find_snapshot(out_dir, uid, seq, previous.get("file_name"))
        why_not = f"snapshot {seq} ('{previous.get('file_name')}') is not in the folder " \
                  f"'{Path(out_dir).name}'"
        if found is not None:
            try:
                old = open_snapshot(found, board_uid=uid, made_here=previous.get("sha256"))
            except FileRefused as exc:
                why_not = f"snapshot {seq} could not be opened ({exc})"
            else:
                from sendsec.reports.diff import diff_boards  # only to compare with the previous

                try:
                    diff = diff_boards(old, new, on=on, differ=_differ(snapshot, old))
                finally:
                    old.close()
                return snapshot_changes(new, previous, diff=diff, compared_with=found.name,
                                        digest=digest, on=on, glance=glance)
        return snapshot_changes(new, previous, why_not=why_not, digest=digest, on=on,
                                glance=glance)
    finally:
        new.close()

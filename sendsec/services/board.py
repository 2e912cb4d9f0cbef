"""The one door for changes: what the app and the command line call.

`Board` wraps one open board file. Every public method that writes runs in
one transaction, validates its input against the entity specs (raising
`ValidationError` that names each wrong field and says what is wrong), records
every field it changes in the change log, and returns a `Change` saying what
changed, which the app routes to the tabs that show it and which can be
reverted (undo) with `Board.revert`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sendsec.domain import rules
from sendsec.domain.entities import (
    ENTITIES,
    STATUTORY_ROLES,
    Entity,
    entity,
    noun,
)
from sendsec.domain.errors import (
    ReadOnlyError,
    SendsecError,
    ValidationError,
    os_error_reason,
)
from sendsec.domain.labels import record_label
from sendsec.domain.validation import coerce, field_problem
from sendsec.services import bulk
from sendsec.services.change import CHANGE_KINDS, Change, Op, Undo
from sendsec.services.entity_rules import EntityRuleSteps
from sendsec.services.record_checks import RecordChecks
from sendsec.storage import backups, dump, incoming, queries, snapshot_store
from sendsec.storage.connection import Database
from sendsec.storage.database import create_database, open_database
from sendsec.storage.leftovers import cleanup_leftovers  # noqa: F401 - the ui and commands call it
from sendsec.storage.lock import login_name


def current_user() -> str:
    """Return the computer login of the person using sendsec ('unknown' when there is none)."""
    return login_name() or "unknown"


def now_stamp() -> str:
    """Return the current local time as 'YYYY-MM-DD HH:MM:SS'."""
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class _Tx:
    """The write under way: the kinds of record it touched and the steps that undo it (one
    for the outermost service call; the calls nested in it share it)."""

    entities: set[str] = field(default_factory=set)
    inverse: list[Op] = field(default_factory=list)
    #: (table, id) of records seen to exist in this transaction, so a batch that refers to
    #: the same area or owner 10,000 times reads it once (cleared when a savepoint rolls back)
    exists: set[tuple[str, int]] = field(default_factory=set)
    #: When the transaction began: every change it logs is stamped so, so a bulk load (an
    #: import, the demo) reads as one moment however long it takes
    stamp: str = field(default_factory=now_stamp)


class Board(RecordChecks, EntityRuleSteps):
    """One open board file and every change that can be made to it.

    What it reads is `BoardReading` (sendsec.services.board_reading); how it checks values
    before writing them is `RecordChecks` (sendsec.services.record_checks); what some kinds
    of record do beyond storing their fields is `EntityRuleSteps` (sendsec.services.entity_rules).
    """

    #: For a snapshot opened read-only (see sendsec.exchanges.snapshot_opening): who took it,
    #: when, from which file; None for a live board file.
    snapshot_info: dict[str, Any] | None = None

    def __init__(self, db: Database, path: Path, *, readonly: bool = False,
                 user: str | None = None):
        self.db = db
        self.path = Path(path)
        self.readonly = readonly
        self.user = user or current_user()
        self._tx: _Tx | None = None
        self._calendar: rules.WorkingCalendar | None = None
        #: the single-writer lock (sendsec.storage.lock) held for this board, released on close
        self.lock: Any = None
        #: why the backup taken on opening could not be made (one line to show), or None
        self.backup_problem: str | None = None
        #: the day's backup is still to be taken (`open` with backup_later)
        self.backup_due = False

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | os.PathLike, *, readonly: bool = False, backup: bool = True,
             user: str | None = None, check_values: bool = True,
             backup_later: bool = False) -> Board:
        """Open an existing board file; take the day's backup (and one before any migration).

        Every value is checked on the way in (`sendsec.storage.incoming`) unless `check_values`
        is False (another connection to a file this process has already checked). With
        `backup_later` (the app, so its first screen comes first) the day's backup is taken
        by `take_daily_backup`, or before the first write, or on closing, whichever is first:
        always of the file as it was opened.
        """
        path = Path(path)

        def before_migration(db: Database, p: Path) -> None:
            backups.make_backup(db.conn, backups.backup_folder(p, _uid_of(db)), "migration")

        db = open_database(path, readonly=readonly, before_migration=before_migration,
                           check_values=incoming.refuse_bad_values if check_values else None)
        board = cls(db, path, readonly=readonly, user=user)
        if backup and not readonly:
            board.backup_due = True
            if backup_later:
                db.before_write = board.take_daily_backup
            else:
                board.take_daily_backup()
        return board

    def take_daily_backup(self) -> None:
        """Take the day's backup if it is still due (see `open`); a backup that cannot be
        taken is said in `backup_problem` and does not stop the work."""
        if not self.backup_due:
            return
        self.backup_due = False
        self.db.before_write = None
        try:
            backups.daily_backup(self.db.conn, self.backup_folder())
        except backups.BackupNotTaken as exc:  # it must not stop the work: say it
            self.backup_problem = str(exc)
        except OSError as exc:  # the backups folder itself cannot be made
            self.backup_problem = f"No backup was taken: {os_error_reason(exc)} " \
                                  f"('{exc.filename or 'the data folder'}')."

    @classmethod
    def create_new(cls, path: str | os.PathLike, name: str, *, user: str | None = None,
                   **settings: Any) -> Board:
        """Create a new board file at `path` named `name`; return it open."""
        f = ENTITIES["board"].field("name")
        try:
            name = coerce(f, name)
        except ValueError as exc:
            raise ValidationError({"name": field_problem(f, exc)}, "board") from None
        if not name:
            raise ValidationError({"name": "Board name: is required"}, "board")
        if Path(path).suffix.lower() == ".sendsec":
            # every command and the app open a .sendsec file as a read-only snapshot
            raise SendsecError(f"'{Path(path).name}': '.sendsec' is the extension of snapshots "
                               "for the chair; name the board file .sqlite.")
        import uuid  # here: it loads more than the window needs to open a board

        db = create_database(path)
        board = cls(db, Path(path), user=user)
        with board._write("board"):
            queries.insert_row(db, "board", {"id": 1, "name": name,
                                             "board_uid": uuid.uuid4().hex,
                                             "created_at": now_stamp()})
            board._log("board", 1, name, "(created)", None, name)
        if settings:
            board.update("board", 1, settings)
        return board

    def copy_into(self, folder: str | os.PathLike) -> Path:
        """Write a complete, consistent copy of this board into `folder` (SQLite's backup
        API, so it is whole even while others write) under a name not yet taken there, and
        return its path. The board stays open as it was."""
        folder = Path(folder)
        target = folder / self.path.name
        n = 2
        while target.exists() or target.with_name(target.name + "-wal").exists():
            target = folder / f"{self.path.stem} ({n}){self.path.suffix}"
            n += 1
        try:
            backups.copy_database(self.db.conn, target)
        except OSError as exc:
            raise SendsecError(f"The board cannot be copied to '{folder}': "
                               f"{exc.strerror or exc}.") from None
        return target

    def reader(self) -> Board:
        """Return another read-only Board on the same file, for long work on another thread
        (a connection belongs to the thread that made it). The caller closes it."""
        return Board.open(self.path, readonly=True, backup=False, user=self.user,
                          check_values=False)

    def close(self) -> None:
        """Close the file (checkpointing the WAL); closing it again does nothing."""
        if getattr(self, "_closed", False):
            return
        self._closed = True
        try:
            self.take_daily_backup()
            if not self.readonly:
                queries.checkpoint(self.db)
        finally:
            try:
                self.db.close()
            finally:
                if self.lock is not None:
                    self.lock.release()

    def __enter__(self) -> Board:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def backup_folder(self) -> Path:
        return backups.backup_folder(self.path, self.settings().get("board_uid"))

    # ------------------------------------------------------------------ writing

    @contextmanager
    def _write(self, entity_name: str) -> Iterator[_Tx]:
        if self.readonly:
            raise ReadOnlyError("This board is open read-only; nothing can be changed.")
        if self._tx is not None:  # nested service call: same transaction, own savepoint
            tx, mark = self._tx, len(self._tx.inverse)
            try:
                with self.db.atomic():
                    yield tx
            except BaseException:
                del tx.inverse[mark:]  # a call that failed (and was caught) leaves nothing
                tx.exists.clear()
                raise
            return
        self._tx = _Tx({entity_name})
        try:
            with self.db.atomic():
                yield self._tx
        finally:
            self._tx = None

    @contextmanager
    def batch(self, entity_name: str = "board") -> Iterator[Batch]:
        """Run many service calls as one transaction: all of them land, or none.

        Used by the demo builder, import and the meeting cycle. Calls inside
        still validate and log each change; `batch.change(summary, entity, ids)`
        returns one Change that undoes everything done in the batch so far.
        """
        with self._write(entity_name):
            yield Batch(self)

    def _log(self, entity_name: str, record_id: int | None, record: str, field_name: str,
             old: Any, new: Any) -> None:
        queries.insert_row(self.db, "change_log", {
            "at": self._tx.stamp if self._tx is not None else now_stamp(), "user": self.user, "entity": entity_name,
            "entity_id": record_id, "record": record, "field": field_name,
            "old": None if old is None else str(old), "new": None if new is None else str(new),
        })

    def _exists(self, table: str, record_id: int) -> bool:
        """Return True if record `record_id` of `table` exists (read once per transaction)."""
        seen = self._tx.exists if self._tx is not None else None
        if seen is not None and (table, record_id) in seen:
            return True
        found = queries.get_row(self.db, table, record_id) is not None
        if found and seen is not None:
            seen.add((table, record_id))
        return found

    def _open_tx(self) -> _Tx:
        """Return the transaction a write is part of (every write runs inside one)."""
        assert self._tx is not None, "a write outside a transaction"
        return self._tx

    def _insert(self, e: Entity, clean: dict[str, Any]) -> int:
        stamp = now_stamp()
        record_id = queries.insert_row(self.db, e.table,
                                       {**clean, "created_at": stamp, "updated_at": stamp})
        tx = self._open_tx()
        tx.entities.add(e.name)
        tx.inverse.append(Op("archive", e.name, record_id, {"archived": 1}))
        self._log(e.name, record_id, record_label(e, {**clean, "id": record_id}), "(created)", None,
                  record_label(e, {**clean, "id": record_id}))
        return record_id

    def _update_row(self, e: Entity, record_id: int, clean: dict[str, Any]) -> dict[str, Any]:
        old = self.get(e.name, record_id)
        changed = {k: v for k, v in clean.items() if old.get(k) != v}
        if not changed:
            return {}
        queries.update_row(self.db, e.table, record_id, {**changed, "updated_at": now_stamp()})
        tx = self._open_tx()
        tx.entities.add(e.name)
        tx.inverse.append(Op("update", e.name, record_id, {k: old.get(k) for k in changed}))
        label = record_label(e, {**old, **changed})
        for k, v in changed.items():
            self._log(e.name, record_id, label, k, old.get(k), v)
        return {k: (old.get(k), v) for k, v in changed.items()}

    def _set_archived(self, e: Entity, record_id: int, archived: bool) -> bool:
        old = self.get(e.name, record_id)
        if bool(old["archived"]) == archived:
            return False
        queries.update_row(self.db, e.table, record_id,
                           {"archived": int(archived), "updated_at": now_stamp()})
        tx = self._open_tx()
        tx.entities.add(e.name)
        tx.inverse.append(Op("archive", e.name, record_id, {"archived": int(not archived)}))
        self._log(e.name, record_id, record_label(e, old), "archived", old["archived"], int(archived))
        return True

    def _change(self, summary: str, e: Entity, ids: Iterable[int], kind: str = "changed"
                ) -> Change:
        assert kind in CHANGE_KINDS, kind
        tx = self._open_tx()
        return Change(summary, e.name, tuple(ids), frozenset(tx.entities),
                      Undo(tx.inverse, len(tx.inverse)), kind)

    def create(self, entity_name: str, values: dict[str, Any]) -> Change:
        """Add a record; return the Change (its `id` is the new record's)."""
        e = entity(entity_name)
        if e.name == "board":
            raise SendsecError("A file holds one board; create a new file for another board.")
        special = ENTITY_RULES[e.name].create if e.name in ENTITY_RULES else None
        with self._write(e.name):
            clean = self._validate(e, values, creating=True)
            record_id = special(self, e, clean) if special else self._insert(e, clean)
            label = self.label(e.name, record_id) if special else \
                record_label(e, {**clean, "id": record_id})
            return self._change(f"Added {e.label.lower()} {label}", e, [record_id], "added")

    def create_many(self, entity_name: str, rows: Sequence[dict[str, Any]]) -> Change:
        """Add many records of one kind, each checked as `create` checks it, written in bulk in
        one savepoint; return one Change. Raises `bulk.RowRefused` (a ValidationError saying
        which row) for the first row refused, with nothing written."""
        e = entity(entity_name)
        special = e.name in ENTITY_RULES and ENTITY_RULES[e.name].create is not None
        return bulk.create_many(self, e, rows, now_stamp(), special=special)

    def update(self, entity_name: str, record_id: int, changes: dict[str, Any]) -> Change:
        """Change fields of a record; return the Change (empty `inverse` if nothing changed)."""
        e = entity(entity_name)
        for name in changes:
            if name in e.field_names and not e.field(name).editable:
                raise ValidationError({name: f"{e.field(name).label}: cannot be changed here"},
                                      e.name)
        with self._write(e.name):
            self.get(e.name, record_id)
            clean = self._validate(e, changes, creating=False, record_id=record_id)
            rules_of = ENTITY_RULES.get(e.name, _NO_RULES)
            if rules_of.before_update:
                rules_of.before_update(self, record_id, clean)
            diff = self._update_row(e, record_id, clean)
            if rules_of.after_update and diff:
                rules_of.after_update(self, record_id, diff)
            what = self.described(e.name, record_id)
            summary = (f"Changed the {_field_names(e, list(diff))} of {what}" if diff
                       else f"Nothing changed in {what}")
            return self._change(summary, e, [record_id])

    def update_settings(self, changes: dict[str, Any]) -> Change:
        """Change the board's settings (checked together: dates in order, bands in order...);
        return the Change, summarised as 'Changed the board settings: ...'."""
        change = self.update("board", 1, changes)
        if not change.inverse:
            return replace(change, summary="Nothing changed in the board settings")
        fields = change.summary.removeprefix("Changed the ").split(" of board settings ")[0]
        return replace(change, summary=f"Changed the board settings: {fields}")

    def set_links(self, entity_name: str, record_id: int, **values: Any) -> Change:
        """Set fields the app maintains itself (not editable by people), e.g. which
        meeting approved a meeting's minutes. Validated and logged like any change."""
        e = entity(entity_name)
        with self._write(e.name):
            self.get(e.name, record_id)
            clean = self._validate(e, values, creating=False, record_id=record_id)
            self._update_row(e, record_id, clean)
            return self._change(f"Linked {e.label.lower()} {self.label(e.name, record_id)}",
                                e, [record_id], "linked")

    def archive(self, entity_name: str, record_id: int, archived: bool = True) -> Change:
        """Archive (hide, keeping it and its history) or restore a record."""
        e = entity(entity_name)
        if e.name == "board":
            raise SendsecError("The board itself cannot be archived.")
        with self._write(e.name):
            if archived and e.name == "invitee":
                self._guard_statutory_invitee(record_id)
            after = ENTITY_RULES.get(e.name, _NO_RULES).after_archive
            if self._set_archived(e, record_id, archived) and after:
                after(self, record_id)
            verb = "Archived" if archived else "Restored"
            return self._change(f"{verb} {e.label.lower()} {self.label(e.name, record_id)}",
                                e, [record_id], "archived" if archived else "restored")

    def revert(self, change: Change) -> Change:
        """Undo `change` by applying its inverse; return a Change that redoes it."""
        e = entity(change.entity)
        with self._write(change.entity):
            for op in change.inverse:
                target = entity(op.entity)
                if op.kind == "archive":
                    self._set_archived(target, op.id, bool(op.values["archived"]))
                else:
                    values = dict(op.values)
                    if target.name == "meeting" and "ics_sequence" in values:
                        # calendars ignore an update whose SEQUENCE is not higher than the
                        # last one they saw: undoing a change is another change
                        current = self.get("meeting", op.id)["ics_sequence"] or 0
                        values["ics_sequence"] = current + 1
                    self._update_row(target, op.id, values)
            # undoing an undo is a redo: 'Redone: X', never 'Undone: Undone: X'
            if change.kind == "undone":
                summary, kind = "Redone: " + change.summary.removeprefix("Undone: "), "redone"
            else:
                summary, kind = "Undone: " + change.summary.removeprefix("Redone: "), "undone"
            return self._change(summary, e, change.ids, kind)

    def _guard_statutory_invitee(self, invitee_id: int) -> None:
        inv = self.get("invitee", invitee_id)
        person = self.get("person", inv["person_id"])
        if person["role"] in STATUTORY_ROLES and not getattr(self, "_allow_statutory", False):
            raise SendsecError(
                f"{person['name']} is the {person['role']}; the Improvement Notice (paragraph 6) "
                "requires them to be invited to every meeting. Use remove_invitee(..., "
                "force=True) to remove them anyway."
            )

    def remove_invitee(self, invitee_id: int, *, force: bool = False) -> Change:
        """Archive an invitee; a statutory invitee only with force=True."""
        self._allow_statutory = force
        try:
            return self.archive("invitee", invitee_id)
        finally:
            self._allow_statutory = False

    def move_agenda_item(self, item_id: int, step: int) -> Change:
        """Move an agenda item up (step=-1) or down (step=+1) among its meeting's items."""
        item = self.get("agenda_item", item_id)
        items = self.rows("agenda_item", parent_id=item["meeting_id"])
        ids = [i["id"] for i in items]
        index = ids.index(item_id)
        new_index = max(0, min(len(ids) - 1, index + step))
        ids.insert(new_index, ids.pop(index))
        e = ENTITIES["agenda_item"]
        with self._write("agenda_item"):
            for position, i in enumerate(ids, 1):
                self._update_row(e, i, {"position": position})
            return self._change(f"Moved agenda item {item['title']}", e, [item_id])

    def set_step_done(self, step_id: int, done: dt.date | str | None) -> Change:
        """Tick (or untick, with None) a timetable step."""
        return self.update("cycle_step", step_id, {"done_date": done})

    def restore(self, rows_by_table: dict[str, list[dict[str, Any]]], *, source: str) -> Change:
        """Write a complete export's records (`sendsec.spreadsheets.restoring`) into this
        board, each with its own key, in one transaction; return the Change.

        The board settings take the export's, the change log becomes the export's (and
        records the restore); every other table must be empty. A record that refers to one
        the export lacks is refused, with nothing written. A restore is not undone record
        by record: the board it was restored into was empty.
        """
        with self._write("board") as tx:
            try:
                broken = dump.restore_rows(self.db, rows_by_table, replace_whole=("change_log",))
            except dump.IntegrityError as exc:
                raise SendsecError(f"'{source}' cannot be restored: {exc}. "
                                   "Nothing was changed.") from None
            if broken:
                table, row_id, target = broken[0]
                names = {e.table: e.plural for e in ENTITIES.values()}
                raise SendsecError(f"'{source}' cannot be restored: {names.get(table, table)}, "
                                   f"key {row_id}, refers to one of the "
                                   f"{names.get(target, target)} that the export does not "
                                   "have. Nothing was changed.")
            self._log("board", 1, self.name, "(restored)", None, source)
            tx.entities.update(ENTITIES)
            total = sum(len(rows) for table, rows in rows_by_table.items()
                        if table != "change_log")
            return Change(f"Restored {total:,} records from {source}", "board", (1,),
                          frozenset(tx.entities), kind="imported")

    def change_log(self, *, since: str | None = None, limit: int | None = None
                   ) -> list[dict[str, Any]]:
        """Return change-log rows, newest first (since 'YYYY-MM-DD[ HH:MM:SS]' if given)."""
        return queries.change_log(self.db, since, limit)

    def snapshots_sent(self) -> list[dict[str, Any]]:
        """Return the snapshots recorded as sent from this file, oldest first."""
        return snapshot_store.snapshots_sent(self.db)

    def record_snapshot(self, *, sequence: int, taken_at: str, file_name: str,
                        sha256: str, note: str | None = None) -> Change:
        """Record that snapshot number `sequence` was written; return the Change.

        The Change has no inverse: the snapshot file exists once written, so
        its record is not undone.
        """
        with self._write("snapshot"):
            row_id = snapshot_store.insert_snapshot_sent(self.db, {
                "sequence": sequence, "taken_at": taken_at, "taken_by": self.user,
                "file_name": file_name, "sha256": sha256, "note": note})
            self._log("snapshot", row_id, file_name, "(created)", None, file_name)
            return Change(f"Recorded snapshot {sequence} ({file_name})", "snapshot",
                          (row_id,), frozenset({"snapshot"}), kind="added")


@dataclass(frozen=True)
class EntityRules:
    """What a kind of record does beyond storing its fields, called by `Board`'s one door:
    `create` makes the record (and what follows from it) and returns its id;
    `before_update` may adjust the checked values; `after_update` follows a change of
    fields (given the (old, new) of each); `after_archive` follows an archive or restore."""

    create: Callable[[Board, Entity, dict[str, Any]], int] | None = None
    before_update: Callable[[Board, int, dict[str, Any]], None] | None = None
    after_update: Callable[[Board, int, dict[str, tuple]], None] | None = None
    after_archive: Callable[[Board, int], None] | None = None


_NO_RULES = EntityRules()

#: Every entity rule, by kind of record (the others only store their fields).
ENTITY_RULES: dict[str, EntityRules] = {
    "action": EntityRules(before_update=Board._before_update_action),
    "action_update": EntityRules(create=Board._create_action_update,
                                 after_update=Board._after_update_action_update,
                                 after_archive=Board._after_archive_action_update),
    "risk_review": EntityRules(create=Board._create_risk_review,
                               after_update=Board._after_update_risk_review,
                               after_archive=Board._after_archive_risk_review),
    "meeting": EntityRules(create=Board._create_meeting,
                           before_update=Board._before_update_meeting,
                           after_update=Board._after_update_meeting),
    "board": EntityRules(after_update=Board._after_update_board),
}


class Batch:
    """The handle of a `Board.batch()`: makes one Change of everything done in it."""

    def __init__(self, board: Board):
        self._board = board

    def change(self, summary: str, entity_name: str, ids: Iterable[int],
               kind: str = "changed") -> Change:
        """Return a Change for everything done in the batch so far, summarised as given."""
        return self._board._change(summary, entity(entity_name), ids, kind)


def _uid_of(db: Database) -> str | None:
    try:
        row = queries.get_row(db, "board", 1)
    except Exception:  # noqa: BLE001 - a very old or odd file: the backup goes in a generic folder
        return None
    return row.get("board_uid") if row else None


def _field_names(e: Entity, names: list[str]) -> str:
    """Return the changed fields as a sentence names them: 'status and RAG', 'title'
    (a field called like its record, the action's 'Action', is its title)."""
    words = []
    for name in names:
        label = e.field(name).label
        words.append("title" if label.lower() == e.label.lower() else noun(label))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


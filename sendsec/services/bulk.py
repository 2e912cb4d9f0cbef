"""Adding many records of one kind at once (`Board.create_many`), for import: every record
checked by the same entity rules, with the same messages, as `Board.create` checks one; all
of them written with one statement per set of columns, and their change log in one batch,
inside one savepoint of the board's transaction (so they all land, or none; and one Undo
archives them all, as it would after as many `create` calls)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from sendsec.domain.entities import Entity
from sendsec.domain.errors import SendsecError, ValidationError
from sendsec.domain.labels import record_label
from sendsec.services.change import Change, Op
from sendsec.storage import queries
from sendsec.storage.connection import Database


class Door(Protocol):
    """What of `Board` (the one door) adding many records uses."""

    db: Database
    user: str

    def _write(self, entity_name: str) -> AbstractContextManager[Any]: ...

    def _validate(self, e: Entity, values: dict[str, Any], *, creating: bool,
                  record_id: int | None = None) -> dict[str, Any]: ...

    def _insert(self, e: Entity, clean: dict[str, Any]) -> int: ...

    def _change(self, summary: str, e: Entity, ids: Iterable[int], kind: str = "changed"
                ) -> Change: ...

    def create(self, entity_name: str, values: dict[str, Any]) -> Change: ...


class RowRefused(ValidationError):
    """Record number `index` (0-based) of a `create_many` was refused: `error` says why (its
    message is the error's, so it reads as `create` would have said it)."""

    def __init__(self, index: int, error: ValidationError):
        super().__init__(error.errors, error.entity)
        self.index = index
        self.error = error


def create_many(board: Door, e: Entity, rows: Sequence[dict[str, Any]], stamp: str, *,
                special: bool = False) -> Change:
    """Add `rows` (field values, as `Board.create` takes them) as records of `e` in one
    savepoint, created and updated at `stamp` (and logged at the transaction's time, as every
    change it makes); return one Change (its `ids` the new records', in order).

    Every row is checked before anything is written; the first refused raises RowRefused
    and nothing is written. Kinds of record whose creation does more than store the fields
    (`special`: an action update, a meeting) are made one by one through `Board.create`.
    """
    if e.name == "board":
        raise SendsecError("A file holds one board; create a new file for another board.")
    with board._write(e.name) as tx:
        if special:
            ids: list[int] = []
            for index, values in enumerate(rows):
                try:
                    ids.append(board.create(e.name, values).id)
                except ValidationError as exc:
                    raise RowRefused(index, exc) from None
            return board._change(_summary(e, len(ids)), e, ids, "added")
        cleans = _checked(board, e, rows)
        first = queries.max_id(board.db, e.table) + 1
        ids = list(range(first, first + len(cleans)))
        by_columns: dict[tuple[str, ...], list[list[Any]]] = {}
        for record_id, clean in zip(ids, cleans, strict=True):
            by_columns.setdefault(tuple(clean), []).append(
                [record_id, *clean.values(), stamp, stamp])
        for columns, group in by_columns.items():
            queries.insert_rows(board.db, e.table, ("id", *columns, "created_at", "updated_at"),
                                group)
        labels = [record_label(e, {**clean, "id": record_id})
                  for record_id, clean in zip(ids, cleans, strict=True)]
        queries.insert_rows(board.db, "change_log", (
            "at", "user", "entity", "entity_id", "record", "field", "old", "new"),
            [[tx.stamp, board.user, e.name, record_id, label, "(created)", None, label]
             for record_id, label in zip(ids, labels, strict=True)])
        if ids:
            tx.entities.add(e.name)
        tx.inverse.extend(Op("archive", e.name, record_id, {"archived": 1}) for record_id in ids)
        return board._change(_summary(e, len(ids)), e, ids, "added")


def _checked(board: Door, e: Entity, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return every row as `Board.create` would store it, or raise RowRefused for the first
    it would refuse. A row that repeats a unique value of an earlier row of the same call is
    refused with the message `create` gives when the earlier one is already in the file (the
    earlier rows are written to find it, within the savepoint that is then rolled back)."""
    cleans: list[dict[str, Any]] = []
    seen: list[set[tuple[Any, ...]]] = [set() for _ in e.unique]
    for index, values in enumerate(rows):
        try:
            clean = board._validate(e, values, creating=True)
        except ValidationError as exc:
            raise RowRefused(index, exc) from None
        for combo, keys in zip(e.unique, seen, strict=True):
            key = tuple(clean.get(c) for c in combo)
            if any(v is None for v in key):
                continue
            if key in keys:
                for earlier in cleans:
                    board._insert(e, earlier)
                try:
                    board._validate(e, values, creating=True)
                except ValidationError as exc:
                    raise RowRefused(index, exc) from None
                raise AssertionError(f"{e.name}: {key} repeated but not refused")
            keys.add(key)
        cleans.append(clean)
    return cleans


def _summary(e: Entity, n: int) -> str:
    return f"Added {n:,} {e.plural.lower() if n != 1 else e.label.lower()}"

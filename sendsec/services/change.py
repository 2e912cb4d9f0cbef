"""What one service call changed (`Change`), with the writes that undo it (`Undo` of `Op`s):
the value the app routes to its views and keeps for Undo/Redo."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Op:
    """One low-level write, enough to apply it again: an update or an archive flag."""

    kind: str  # 'update' | 'archive'
    entity: str
    id: int
    values: dict[str, Any]


class Undo(Sequence):
    """The writes that undo a Change, newest first: a read-only view of the first `count`
    writes of a transaction, made into a tuple only when read (so that the many Changes
    of one long batch share one list instead of copying it each time)."""

    __slots__ = ("_count", "_items", "_ops")

    def __init__(self, ops: list[Op], count: int):
        self._ops, self._count = ops, count
        self._items: tuple[Op, ...] | None = None

    def _all(self) -> tuple[Op, ...]:
        if self._items is None:
            self._items = tuple(reversed(self._ops[:self._count]))
        return self._items

    def __getitem__(self, index: Any) -> Any:  # an Op, or a tuple of them for a slice
        return self._all()[index]

    def __len__(self) -> int:
        return self._count

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, list, Undo)):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"Undo({list(self._all())!r})"


#: What a Change did to its main records: added, changed (fields, or several things in a
#: batch), archived, restored (from the archive), linked (fields the app keeps), undone,
#: redone, imported (a file read or restored into the board).
CHANGE_KINDS = ("added", "changed", "archived", "restored", "linked", "undone", "redone",
                "imported")


@dataclass(frozen=True)
class Change:
    """What one service call changed.

    `entities` names every kind of record touched (for refreshing views),
    `entity`/`ids` the main records, `summary` a sentence for the status bar,
    `inverse` the writes that undo it, and `kind` what happened to the main records
    (one of CHANGE_KINDS), so views need not read the summary's words.
    """

    summary: str
    entity: str
    ids: tuple[int, ...]
    entities: frozenset[str]
    inverse: Sequence[Op] = ()
    kind: str = "changed"

    @property
    def id(self) -> int:
        return self.ids[0]

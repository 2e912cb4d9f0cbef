"""The app's hold on the open board: every edit goes through `AppContext.apply`.

`apply` runs one service call, puts the returned Change on the undo stack and
announces it with the `changed` signal, which the main window routes to the
tabs that show the entities it names. Widgets never run SQL and never talk to
each other about data: they call services through here and listen to `changed`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from sendsec.domain.errors import ReadOnlyError
from sendsec.services import registers
from sendsec.services.board import Board, Change
from ui.widgets.guards import install_guards


class AppContext(QObject):
    """Holds the open Board, the undo/redo stacks and the 'what changed' signal."""

    changed = Signal(object)  # a sendsec.services.board.Change
    board_replaced = Signal()  # a different board (or none) is now open
    undo_state = Signal(bool, bool, str, str)  # can undo, can redo, undo text, redo text

    def __init__(self, board: Board | None = None, parent: QObject | None = None, *,
                 guards: bool = True):
        super().__init__(parent)
        self.board = board
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self.last_change: Change | None = None
        # every window and dialog that edits this board: the wheel edits no unfocused field,
        # Ctrl+Z in a field with nothing of its own to undo undoes the board's last change
        # (`guards=False`: the main window installs them once it is painted)
        if guards:
            install_guards()

    # --------------------------------------------------------------- the board
    @property
    def current_board(self) -> Board:
        """Return the open board (for views and dialogs, which only show one while it is
        open); raise RuntimeError if none is."""
        if self.board is None:
            raise RuntimeError("No board is open.")
        return self.board

    @property
    def readonly(self) -> bool:
        return self.board is None or self.board.readonly

    def set_board(self, board: Board | None) -> None:
        """Make `board` the open board (closing the previous one) and clear undo."""
        old, self.board = self.board, board
        if old is not None and old is not board:
            old.close()
        self._undo.clear()
        self._redo.clear()
        self.last_change = None
        self._announce_undo()
        self.board_replaced.emit()

    def today(self) -> dt.date:
        return registers.today()

    # --------------------------------------------------------------- changing
    def apply(self, call: Callable[[Board], Change]) -> Change:
        """Run `call(board)` (one service call), record it for undo and announce it.

        ValidationError and other SendsecErrors propagate to the caller, which
        shows them next to the field; nothing was written in that case.
        """
        if self.board is None or self.board.readonly:
            raise ReadOnlyError("This board is open read-only; nothing can be changed.")
        change = call(self.board)
        if change.inverse:
            self._undo.append(change)
            self._redo.clear()
        self._done(change)
        return change

    def undo(self) -> Change | None:
        if not self._undo or self.readonly:
            return None
        change = self._undo.pop()
        redo = self.current_board.revert(change)
        self._redo.append(redo)
        self._done(redo)
        return redo

    def redo(self) -> Change | None:
        if not self._redo or self.readonly:
            return None
        change = self._redo.pop()
        again = self.current_board.revert(change)
        self._undo.append(again)
        self._done(again)
        return again

    def _done(self, change: Change) -> None:
        self.last_change = change
        self._announce_undo()
        self.changed.emit(change)

    def _announce_undo(self) -> None:
        self.undo_state.emit(
            bool(self._undo), bool(self._redo),
            self._undo[-1].summary.removeprefix("Redone: ") if self._undo else "",
            self._redo[-1].summary.removeprefix("Undone: ") if self._redo else "",
        )

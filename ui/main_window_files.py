"""Opening and closing the board file: the main window's File side.

Opening takes the one-writer lock beside the file or opens it read-only and
says why; a snapshot opens read-only with who sent it; a board refused as
damaged is offered its backups; one on a network drive or in a synced folder
is offered a move into the data folder. Also the recent files, a new board and
restoring a backup. `BoardFiles` is a part of `ui.main_window.MainWindow`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QWidget

from sendsec.domain.errors import FileRefused, FileUntrusted, IsSnapshot, SendsecError
from sendsec.services import board_files, placement
from sendsec.services.board import Board
from sendsec.services.board_files import check_file
from ui.context import AppContext
from ui.settings import AppSettings
from ui.widgets.banner import Banner

if TYPE_CHECKING:  # to the type checker this part is the window it is mixed into
    from collections.abc import Callable

    from PySide6.QtWidgets import QMainWindow as _Window
else:
    _Window = object

# The dialogs, and the Qt classes they use, are imported when first used: the window's first
# screen does without them.


def read_only_reason(path: Path) -> str:
    """Return why this computer cannot write `path` ('' if it can)."""
    if not os.access(path, os.W_OK):
        return "you do not have permission to change this file"
    if not os.access(path.parent, os.W_OK):
        return f"the folder it is in ({path.parent}) cannot be written to"
    return ""


class BackupChooser:
    """Asks which backup to restore (a classmethod, so tests replace it)."""

    @classmethod
    def ask(cls, parent: QWidget | None, choices: list[board_files.Backup]) -> board_files.Backup | None:
        from PySide6.QtWidgets import QInputDialog

        labels = [b.label for b in choices]
        text, ok = QInputDialog.getItem(parent, "Restore a backup",
                                        "Restore the board to how it was at:", labels, 0, False)
        return choices[labels.index(text)] if ok and text in labels else None


class FileChooser:
    """File dialogs through classmethods, so tests replace them."""

    @classmethod
    def open_file(cls, parent: QWidget | None, title: str, filters: str | None = None
                  ) -> Path | None:
        """Ask for a file to open (`filters`: the boards' by default)."""
        from PySide6.QtWidgets import QFileDialog

        from ui.dialogs.first_run import BOARD_FILTER, default_folder

        chosen, _ = QFileDialog.getOpenFileName(parent, title, str(default_folder()),
                                                filters or BOARD_FILTER)
        return Path(chosen) if chosen else None


class BoardFiles(_Window):
    """The main window's opening, closing and restoring of board files."""

    ctx: AppContext
    settings: AppSettings
    banner: Banner
    recent_menu: QMenu
    path: Path | None
    lock: board_files.Lock | None
    read_only_why: str

    if TYPE_CHECKING:  # the rest of the window
        def _update_title(self) -> None: ...
        def _update_mode(self) -> None: ...
        def show_snapshot_changes(self) -> None: ...
        def after_paint(self, then: Callable[[], object]) -> None: ...

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        if not recent:
            empty = self.recent_menu.addAction("No recent files")
            empty.setEnabled(False)
            return
        for i, p in enumerate(recent, 1):
            action = self.recent_menu.addAction(f"&{i} {p.name}  ({p.parent})")
            action.triggered.connect(lambda _c=False, path=p: self.open_interactive(path))


    def open_path(self, path: str | os.PathLike) -> Board:
        """Open a board file (read-only if it cannot be written or another copy has it); a
        snapshot, whatever its name, opens read-only as a snapshot.

        Raises FileRefused (with a message to show) if it is not a board this
        version can open; the board open before stays open in that case.
        """
        path = Path(path)
        if path.suffix.lower() == ".sendsec":
            return self._open_snapshot_file(path)
        if path.suffix.lower() == ".sendsec-comments":
            # the chair's attachment, double-clicked or picked in File > Open (the suffix is
            # sendsec.exchanges.comments.SUFFIX, not imported: it is not needed to start up)
            raise FileRefused(f"'{path.name}' holds the chair's comments on a snapshot; it is "
                              "not a board file. Open the board, then choose File > Read the "
                              "chair's comments.")
        check_file(path)  # a named pipe, device, folder or link loop: refused at once
        why = read_only_reason(path)
        new_lock = None
        if not why:
            same_file = self.path is not None and self.lock is not None and \
                self.path.resolve() == path.resolve()
            if same_file:
                new_lock, self.lock = self.lock, None
            else:
                try:
                    new_lock = board_files.acquire_lock(path)
                except OSError as exc:
                    why = f"sendsec cannot write beside it ({exc.strerror or exc})"
                if new_lock is None and not why:
                    holder = board_files.lock_holder(path)
                    who = f" by {holder.describe()}" if holder else ""
                    why = (f"it is already open in another copy of sendsec{who}; "
                           "close that copy to make changes here")
        try:
            board = Board.open(path, readonly=bool(why), backup_later=True)
        except IsSnapshot:
            # a snapshot renamed to look like a board: open it as what it is
            if new_lock is not None:
                new_lock.release()
            return self._open_snapshot_file(path)
        except BaseException:
            if new_lock is not None:
                new_lock.release()
            raise
        self._install(board, path, new_lock, why)
        return board

    def _open_snapshot_file(self, path: Path) -> Board:
        from sendsec.exchanges.snapshot_opening import open_snapshot
        from ui.dialogs.snapshot_changes import sent_by

        board = open_snapshot(path)
        info = getattr(board, "snapshot_info", None)
        if isinstance(info, dict):
            name = info.get("board_name") or board.name
            why = f"{sent_by(info)}, of {name}. Snapshots are read-only."
            note = " ".join(str(info.get("note") or "").split())
            if note:
                why += f" Note from the secretary: {note}" + ("" if note[-1] in ".!?" else ".")
            if info.get("self_check") == "passed" or info.get("sha256_checked"):
                why += " Checked: unchanged since it was taken."
            else:
                why += (" It could not be checked for damage (it has no fingerprint and no "
                        ".sha256 file beside it).")
        else:
            why = f"This is a snapshot ({path.name}); snapshots are read-only."
        self._install(board, path, None, why, snapshot=True)
        return board

    def _install(self, board: Board, path: Path, new_lock: board_files.Lock | None, why: str,
                 snapshot: bool = False) -> None:
        old_lock = self.lock
        self.path, self.lock = path, new_lock
        self.read_only_why = why
        self.ctx.set_board(board)
        if old_lock is not None and old_lock is not new_lock:
            old_lock.release()
        if snapshot:
            self.banner.show_message("Read-only snapshot.", why, button="What &changed...",
                                     on_click=self.show_snapshot_changes)
        elif why:
            self.banner.show_message("Read-only.", f"This board is open read-only because "
                                     f"{why}. Nothing can be changed; papers can still be "
                                     "produced.")
        elif board.backup_problem:
            self._no_backup(board)
        else:
            self.banner.clear()
        if board.backup_due:  # taken once the window is painted (or before any change)
            self.after_paint(lambda: self._daily_backup(board))
        self.settings.add_recent(path)
        if not snapshot:
            self.settings.set_last_file(path)
        self.settings.sync()
        self._update_title()
        self._update_mode()
        self.statusBar().showMessage(f"Opened {path.name}", 5000)

    def _daily_backup(self, board: Board) -> None:
        board.take_daily_backup()
        if board.backup_problem and board is self.ctx.board:
            self._no_backup(board)

    def _no_backup(self, board: Board) -> None:
        self.banner.show_message("No backup today.", f"{board.backup_problem} Changes are "
                                 "still saved to the board; free some space for backups.")

    def open_interactive(self, path: Path) -> bool:
        """Open `path`, showing any problem in a message; return True if it opened."""
        from ui.dialogs.errors import ErrorDialog

        try:
            self.open_path(path)
        except FileUntrusted as exc:
            return self._offer_restore(Path(path), str(exc))
        except SendsecError as exc:
            ErrorDialog.show_message(self, str(exc), "The file cannot be opened")
            return False
        self._offer_to_move(path)
        return True

    def _offer_restore(self, path: Path, why: str) -> bool:
        """A board refused as changed outside sendsec or damaged: offer to put one of its
        backups in its place (the file as it is is kept as a backup first); return True if
        a backup was restored and opened."""
        from ui.dialogs.errors import ConfirmDialog, ErrorDialog

        found = [] if path.suffix.lower() == ".sendsec" else board_files.backups_by_name(path)
        if not found:
            ErrorDialog.show_message(self, why, "The file cannot be opened")
            return False
        if not ConfirmDialog.ask(self, f"{why}\n\nPut one of its backups in its place? The "
                                       "file as it is now is kept as a backup first.",
                                 "The file cannot be opened"):
            return False
        chosen = BackupChooser.ask(self, found)
        if chosen is None:
            return False
        try:
            board_files.restore_backup(chosen.path, path, safety_folder=chosen.path.parent)
            self.open_path(path)
        except SendsecError as exc:
            ErrorDialog.show_message(self, str(exc), "The backup was not restored")
            return False
        self.statusBar().showMessage(f"Restored the backup of {chosen.label}.", 10000)
        return True

    def _offer_to_move(self, path: Path) -> None:
        """Offer to move a board on a network drive or in a synced folder into the data
        folder: a consistent copy is made there and opened; the old file is left as it was."""
        from ui.dialogs.errors import ConfirmDialog, ErrorDialog

        board = self.ctx.board
        if board is None or board.snapshot_info is not None or board.readonly:
            return
        note = placement.warning(path)
        if not note:
            return
        folder = placement.boards_folder()
        if placement.warning(folder / Path(path).name):
            return  # the data folder is itself synced: moving would not help
        text = (f"{note}\n\nMove it into sendsec's data folder ({folder})? sendsec copies the "
                "board there and opens the copy from now on; the file where it is now is "
                "left as it was (keep it as an old copy, or delete it).")
        if not ConfirmDialog.ask(self, text, "The board is on a network drive or synced folder"):
            return
        try:
            copy = board.copy_into(folder)
        except SendsecError as exc:
            ErrorDialog.show_message(self, str(exc), "The board could not be moved")
            return
        try:
            self.open_path(copy)
        except SendsecError as exc:
            ErrorDialog.show_message(self, str(exc), "The board could not be moved")
            return
        self.statusBar().showMessage(f"The board is now kept at {copy}.", 10000)

    def open_dialog(self) -> None:
        chosen = FileChooser.open_file(self, "Open a board file")
        if chosen:
            self.open_interactive(chosen)

    def new_board(self) -> None:
        from ui.dialogs.first_run import NewBoardDialog

        path = NewBoardDialog.ask(self)
        if path is not None:
            self.open_interactive(path)

    def close_board(self) -> None:
        self.ctx.set_board(None)
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        self.path = None
        self.read_only_why = ""
        self.banner.clear()
        self._update_title()
        self._update_mode()


    def open_snapshot(self) -> None:
        """File > Open snapshot: choose a .sendsec file and open it read-only."""
        chosen = FileChooser.open_file(self, "Open a snapshot",
                                       "sendsec snapshots (*.sendsec);;All files (*)")
        if chosen:
            self.open_interactive(chosen)

    def restore_backup(self) -> None:
        """Close the board, put a backup in its place (keeping a safety copy), reopen it."""
        from ui.dialogs.errors import ConfirmDialog, ErrorDialog

        board, path = self.ctx.board, self.path
        if board is None or path is None or self.ctx.readonly:
            ErrorDialog.show_message(self, "Open the board you want to restore (not read-only) "
                                     "first.")
            return
        folder = board.backup_folder()
        found = board_files.list_backups(folder)
        if not found:
            ErrorDialog.show_message(self, f"There are no backups of this board yet (they are "
                                     f"kept in {folder}).")
            return
        chosen = BackupChooser.ask(self, found)
        if chosen is None:
            return
        if not ConfirmDialog.ask(self, f"Put the board back as it was at {chosen.label}?\n\n"
                                       "A copy of the board as it is now is kept as a backup "
                                       "first, so this can itself be undone by restoring that "
                                       "copy."):
            return
        # the lock stays held while the board is closed, so no other copy gets in meanwhile
        self.ctx.set_board(None)
        restored = False
        try:
            board_files.restore_backup(chosen.path, path, safety_folder=folder)
            restored = True
        except SendsecError as exc:
            ErrorDialog.show_message(self, str(exc), "The backup was not restored")
        try:
            self.open_path(path)
        except SendsecError as exc:
            ErrorDialog.show_message(self, str(exc), "The board cannot be reopened")
            return
        if restored:
            self.statusBar().showMessage(f"Restored the board as it was at {chosen.label}")

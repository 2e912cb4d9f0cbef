"""The main window: the tabs, the menus, the read-only banner and the status bar.

The window opens a board file (taking the one-writer lock beside it, or
opening it read-only and saying why), routes each `Change` from the
AppContext to the tabs that show the kinds of record it names, and keeps the
hooks (import, export, snapshots, papers) that colleagues' modules fill in.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAction,
    QCloseEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.errors import FileUntrusted, SendsecError
from sendsec.services import board_files, placement
from sendsec.services.board import Board, Change
from sendsec.services.board_files import check_file
from ui import navigation
from ui.columns import (
    ACTIONS,
    AREAS,
    CHALLENGES,
    FINDINGS,
    IMPACT,
    MEASURES,
    ORGANISATIONS,
    PEOPLE,
    RISKS,
)
from ui.context import AppContext
from ui.dialogs.about import AboutDialog
from ui.dialogs.errors import ConfirmDialog, ErrorDialog
from ui.dialogs.first_run import BOARD_FILTER, NewBoardDialog, default_folder
from ui.dialogs.snapshot_changes import SnapshotChangesDialog, sent_by
from ui.overview import OverviewTab
from ui.settings import AppSettings
from ui.tabs.meetings import MeetingsTab
from ui.tabs.register import RegisterTab
from ui.widgets.banner import Banner
from ui.widgets.info import InfoLabel
from ui.widgets.screen_fit import fit_window, install_screen_fit

log = logging.getLogger("sendsec.ui")


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
        labels = [b.label for b in choices]
        text, ok = QInputDialog.getItem(parent, "Restore a backup",
                                        "Restore the board to how it was at:", labels, 0, False)
        return choices[labels.index(text)] if ok and text in labels else None


class FileChooser:
    """File dialogs through classmethods, so tests replace them."""

    @classmethod
    def open_file(cls, parent: QWidget | None, title: str, filters: str = BOARD_FILTER
                  ) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, title, str(default_folder()), filters)
        return Path(chosen) if chosen else None


class MainWindow(QMainWindow):
    """The board's window. Open a file with `open_path`; everything else follows `ctx`."""

    def __init__(self, ctx: AppContext | None = None, settings: AppSettings | None = None):
        super().__init__()
        self.ctx = ctx or AppContext(parent=self)
        self.settings = settings or AppSettings()
        self.path: Path | None = None
        self.lock: board_files.Lock | None = None
        self.read_only_why = ""
        self._fitted = False
        install_screen_fit()  # dialogs open within the screen too
        self.setAccessibleName("sendsec")

        self.banner = Banner(self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Registers")
        self.tabs.tabBar().setAccessibleName("Registers")
        self.tabs.setDocumentMode(True)
        self.overview = OverviewTab(self.ctx, self)
        self.overview.open_record.connect(self.show_record)
        self.overview.open_finding.connect(self.go_to_finding)
        self.overview.open_step.connect(self.go_to_step)
        self.register_tabs: dict[str, RegisterTab] = {}
        self.tabs.addTab(self.overview, "&Overview")
        for spec in (ACTIONS, RISKS, IMPACT):
            self._add_register(RegisterTab(spec, self.ctx, self))
        self.meetings = MeetingsTab(self.ctx, self)
        self.meetings.papers_requested.connect(self.generate_papers)
        self._add_register(self.meetings)
        for spec in (MEASURES, PEOPLE, AREAS, ORGANISATIONS, CHALLENGES, FINDINGS):
            self._add_register(RegisterTab(spec, self.ctx, self))
        self.settings_dialog = None
        self.tabs.currentChanged.connect(self._tab_changed)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.mode_label = InfoLabel("Editing state", self)
        self.statusBar().addPermanentWidget(self.mode_label)
        self.statusBar().setAccessibleName("Status")
        self.last_announcement = ""
        # what the status bar says after an edit or an undo is read out, not only shown
        self.statusBar().messageChanged.connect(self.announce)

        self._build_menus()
        self.ctx.changed.connect(self._on_changed)
        self.ctx.board_replaced.connect(self._on_board_replaced)
        self.ctx.undo_state.connect(self._on_undo_state)
        self._on_undo_state(False, False, "", "")
        self._restore_layout()
        self._update_title()
        self._update_mode()

    def _add_register(self, tab: RegisterTab) -> None:
        self.register_tabs[tab.spec.name] = tab
        self.tabs.addTab(tab, tab.spec.title)

    # ------------------------------------------------------------------ menus
    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list | tuple):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("&File")
        self.new_board_action = self._action(m, "&New board...", self.new_board,
                                             tip="Start a new board in a new file")
        self.open_action = self._action(m, "&Open...", self.open_dialog, QKeySequence.StandardKey.Open,
                                        "Open a board file or a snapshot")
        self.recent_menu = m.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.addSeparator()
        self.import_action = self._action(m, "&Import from Excel...", self.import_from_excel,
                                          tip="Read actions or risks from a spreadsheet")
        self.export_action = self._action(m, "&Export to Excel...", self.export_to_excel,
                                          tip="Write every register to a spreadsheet")
        m.addSeparator()
        self.snapshot_action = self._action(m, "Send &snapshot to chair...",
                                            self.send_snapshot,
                                            tip="Write a read-only copy for the chair")
        self.open_snapshot_action = self._action(m, "Open sna&pshot...", self.open_snapshot,
                                                 tip="Open a snapshot read-only")
        self.compare_action = self._action(m, "&Compare with...", self.compare_with,
                                           tip="What changed between this board and another "
                                               "file")
        self.read_comments_action = self._action(
            m, "Read the c&hair's comments...", self.read_chairs_comments,
            tip="Read a .sendsec-comments file from the chair into the challenge log")
        m.addSeparator()
        self.restore_action = self._action(m, "Restore a &backup...", self.restore_backup,
                                           tip="Put the board back as it was at a backup")
        m.addSeparator()
        self._action(m, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        e = bar.addMenu("&Edit")
        self.undo_action = self._action(e, "&Undo", self.undo, "Ctrl+Z")
        self.redo_action = self._action(e, "&Redo", self.redo, ["Ctrl+Y", "Ctrl+Shift+Z"])
        e.addSeparator()
        self.new_record_action = self._action(e, "&New record", self.new_record, "Ctrl+N",
                                              "Add a record to the register shown")
        self.find_action = self._action(e, "&Find", self.find, "Ctrl+F",
                                        "Search the register shown")

        b = bar.addMenu("&Board")
        self.board_settings_action = self._action(
            b, "Board &settings\u2026", self.open_board_settings,
            tip="The board's name, notice dates, chair, secretary, timetable, risk bands and "
                "Word template")
        b.addSeparator()
        self.areas_action = self._action(b, "&Areas", lambda: self.go_to_tab("area"),
                                         tip="The areas for priority action and improvement")
        self.organisations_action = self._action(b, "&Organisations",
                                                 lambda: self.go_to_tab("organisation"),
                                                 tip="The partner organisations")
        self.people_action = self._action(b, "&People", lambda: self.go_to_tab("person"),
                                          tip="Everyone on the board's list")

        s = bar.addMenu("&Stocktake")
        self.evidence_action = self._action(
            s, "&Evidence against the notice...", self.show_evidence,
            tip="Each requirement of the Improvement Notice with the evidence held and the gaps")
        self._action(s, "DfE and NHS England &feedback",
                     lambda: self.tabs.setCurrentWidget(self.register_tabs["findings"]),
                     tip="Findings from stocktake letters, deep dives and the advisers")

        c = bar.addMenu("C&hair")
        self.chair_menu = c
        self.comment_action = self._action(
            c, "&Comment on the selected record...", self.comment_on_selected, "Ctrl+M",
            "The chair: comment on or challenge the selected record of the snapshot")
        self.my_comments_action = self._action(
            c, "&My comments on this snapshot...", self.my_comments,
            tip="Read or take back your comments on this snapshot")
        self.send_comments_action = self._action(
            c, "&Send my comments to the secretary...", self.send_chair_comments,
            tip="Write the comments file and an email draft to the secretary")
        self.snapshot_changes_action = self._action(
            c, "&What changed since the previous snapshot...", self.show_snapshot_changes,
            tip="What the secretary's snapshot says changed since the one before, and the note")

        h = bar.addMenu("&Help")
        self._action(h, "&About sendsec", lambda: AboutDialog.show(self))

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

    # ------------------------------------------------------------------ opening
    def open_path(self, path: str | os.PathLike) -> Board:
        """Open a board file (read-only if it cannot be written or another copy has it).

        Raises FileRefused (with a message to show) if it is not a board this
        version can open; the board open before stays open in that case.
        """
        path = Path(path)
        if path.suffix.lower() == ".sendsec":
            return self._open_snapshot_file(path)
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
            board = Board.open(path, readonly=bool(why))
        except BaseException:
            if new_lock is not None:
                new_lock.release()
            raise
        self._install(board, path, new_lock, why)
        return board

    def _open_snapshot_file(self, path: Path) -> Board:
        from sendsec.exchanges.snapshots import open_snapshot

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
            self.banner.show_message("No backup today.", f"{board.backup_problem} Changes are "
                                     "still saved to the board; free some space for backups.")
        else:
            self.banner.clear()
        self.settings.add_recent(path)
        if not snapshot:
            self.settings.set_last_file(path)
        self.settings.sync()
        self._update_title()
        self._update_mode()
        self.statusBar().showMessage(f"Opened {path.name}", 5000)

    def open_interactive(self, path: Path) -> bool:
        """Open `path`, showing any problem in a message; return True if it opened."""
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

    # ------------------------------------------------------------------ changes
    def _on_changed(self, change: Change) -> None:
        self.overview.on_changed(change)
        for tab in self.register_tabs.values():
            tab.on_changed(change)
        if "board" in change.entities:
            self._update_title()
        self.statusBar().showMessage(change.summary)

    def _on_board_replaced(self) -> None:
        self.overview.board_replaced()
        for tab in self.register_tabs.values():
            tab.board_replaced()
        self._update_mode()

    def _on_undo_state(self, can_undo: bool, can_redo: bool, undo_text: str,
                       redo_text: str) -> None:
        self.undo_action.setEnabled(can_undo and not self.ctx.readonly)
        self.redo_action.setEnabled(can_redo and not self.ctx.readonly)
        self.undo_action.setText(f"&Undo {_short(undo_text)}" if can_undo else "&Undo")
        self.redo_action.setText(f"&Redo {_short(redo_text)}" if can_redo else "&Redo")

    def undo(self) -> None:
        try:
            change = self.ctx.undo()
        except SendsecError as exc:
            ErrorDialog.show_message(self, str(exc))
            return
        if change is None:
            self.statusBar().showMessage("Nothing to undo", 3000)

    def redo(self) -> None:
        try:
            change = self.ctx.redo()
        except SendsecError as exc:
            ErrorDialog.show_message(self, str(exc))
            return
        if change is None:
            self.statusBar().showMessage("Nothing to redo", 3000)

    def current_register(self) -> RegisterTab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, RegisterTab) else None

    def new_record(self) -> None:
        tab = self.current_register()
        if tab is None:
            tab = self.register_tabs["actions"]
            self.tabs.setCurrentWidget(tab)
        tab.add_record()

    def find(self) -> None:
        tab = self.current_register()
        if tab is None:
            tab = self.register_tabs["actions"]
            self.tabs.setCurrentWidget(tab)
        tab.focus_search()

    def go_to_tab(self, entity_name: str) -> RegisterTab | None:
        """Bring forward the tab of `entity_name`'s register; return it (None if there is none)."""
        for tab in self.register_tabs.values():
            if tab.spec.entity == entity_name:
                self.tabs.setCurrentWidget(tab)
                tab.view.setFocus(Qt.FocusReason.OtherFocusReason)
                return tab
        return None

    def open_board_settings(self, focus: str | None = None):
        """Board > Board settings…: show the dialog (returning at once) with `focus` in its
        field; return it (None when no board is open)."""
        from ui.dialogs.board_settings import BoardSettingsDialog

        if self.ctx.board is None:
            return None
        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            dialog = self.settings_dialog
            dialog.focus_field(focus or "name")
        else:
            dialog = BoardSettingsDialog.open_for(self, self.ctx, focus)
            dialog.go_to.connect(self.go_to_tab)
            dialog.destroyed.connect(lambda: setattr(self, "settings_dialog", None))
            self.settings_dialog = dialog
        return dialog

    def go_to_finding(self, finding: dict[str, Any]) -> bool:
        """Go where a finding of the checks is put right; return False if there is nowhere."""
        if self.ctx.board is None:
            return False
        return self.go(navigation.place_for_finding(self.ctx.board, finding))

    def go_to_step(self, key: str) -> bool:
        """Go where a setting-up step of the Overview's checklist is done."""
        if self.ctx.board is None:
            return False
        return self.go(navigation.place_for_step(self.ctx.board, key))

    def go(self, place: navigation.Place | None) -> bool:
        """Show `place`: the board settings, a record (its field or section in view and
        focused) or a blank form for a new record. Changes nothing. Return False if the
        place cannot be shown (its record is gone)."""
        if place is None:
            return False
        if place.kind == navigation.SETTINGS:
            return self.open_board_settings(place.field) is not None
        tab = self.go_to_tab(place.entity)
        if tab is None:
            return False
        if tab.editor is None:
            tab.reload()
        editor = tab.editor
        if place.kind == navigation.NEW:
            if self.ctx.readonly:
                return True  # the register is shown; nothing can be added to it
            tab.add_record()
            for name, value in place.values.items():
                editor.form.field_widget(name).set_value(value)
        elif not tab.select_record(place.record_id):
            return False
        if place.field:
            control = editor.form.field_widget(place.field).control
            control.setFocus(Qt.FocusReason.OtherFocusReason)
            editor.scroll.ensureWidgetVisible(control)
        elif place.section:
            box = getattr(editor, place.section)
            editor.scroll.ensureWidgetVisible(box)
            target = box.findChild(QAbstractItemView) or box
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def show_record(self, entity_name: str, record_id: Any) -> bool:
        """Bring the tab showing `entity_name` forward and select `record_id` in it."""
        for tab in self.register_tabs.values():
            if tab.spec.entity == entity_name:
                self.tabs.setCurrentWidget(tab)
                return tab.select_record(record_id)
        parents = {"action_update": ("action", "action_id"), "risk_review": ("risk", "risk_id"),
                   "cycle_step": ("meeting", "meeting_id"), "invitee": ("meeting", "meeting_id"),
                   "agenda_item": ("meeting", "meeting_id"), "minute": ("meeting", "meeting_id"),
                   "measure_point": ("measure", "measure_id")}
        if entity_name in parents and self.ctx.board is not None:
            parent, key = parents[entity_name]
            try:
                row = self.ctx.board.get(entity_name, record_id)
            except SendsecError:
                return False
            return self.show_record(parent, row[key])
        return False

    # ------------------------------------------------------------------ state shown
    def announce(self, text: str) -> None:
        """Have screen readers say `text` (politely, after what they are reading)."""
        if not text:
            return
        self.last_announcement = text
        event = QAccessibleAnnouncementEvent(self.statusBar(), text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
        QAccessible.updateAccessibility(event)

    def _update_title(self) -> None:
        board = self.ctx.board
        if board is None or self.path is None:
            self.setWindowTitle("sendsec")
            self.setAccessibleName("sendsec")
            return
        try:
            name = board.name
        except SendsecError:
            name = "Board"
        self.setWindowTitle(f"{name} - {self.path.name} - sendsec")
        self.setAccessibleName(f"{name} - sendsec")

    def _update_mode(self) -> None:
        ro = self.ctx.readonly
        has_board = self.ctx.board is not None
        if not has_board:
            self.mode_label.setText("No board open")
        elif ro:
            self.mode_label.setText("Read-only")
        else:
            self.mode_label.setText("Changes are saved as you make them")
        self.mode_label.setStyleSheet("font-weight: bold; color: #7a5b00;" if ro and has_board
                                      else "")
        for action in (self.new_record_action, self.import_action, self.restore_action):
            action.setEnabled(has_board and not ro)
        for action in (self.export_action, self.snapshot_action, self.compare_action,
                       self.evidence_action, self.board_settings_action):
            action.setEnabled(has_board)
        is_snapshot = has_board and bool(getattr(self.ctx.board, "snapshot_info", None))
        for action in (self.comment_action, self.my_comments_action,
                       self.send_comments_action, self.snapshot_changes_action):
            action.setEnabled(is_snapshot)
        self.read_comments_action.setEnabled(has_board and not ro)
        if ro:
            self._on_undo_state(False, False, "", "")
        for tab in self.register_tabs.values():
            tab.set_read_only(ro)

    # ------------------------------------------------------------------ layout memory
    def _restore_layout(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        self.fit_to_screen()
        for name, tab in self.register_tabs.items():
            tab.restore_splitter(self.settings.splitter(name))
        wanted = self.settings.current_tab()
        for i in range(self.tabs.count()):
            if self._tab_name(i) == wanted:
                self.tabs.setCurrentIndex(i)

    def fit_to_screen(self) -> None:
        """Make the window no larger than the free part of the screen it opens on, and on it."""
        fit_window(self)

    def _tab_name(self, index: int) -> str:
        widget = self.tabs.widget(index)
        return widget.spec.name if isinstance(widget, RegisterTab) else "overview"

    def _tab_changed(self, index: int) -> None:
        self.settings.set_current_tab(self._tab_name(index))

    def save_layout(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_current_tab(self._tab_name(self.tabs.currentIndex()))
        for name, tab in self.register_tabs.items():
            state = tab.splitter_state()
            if state is not None:
                self.settings.set_splitter(name, state)
        self.settings.sync()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._fitted:  # the frame's size is known now
            self._fitted = True
            self.fit_to_screen()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.save_layout()
        self.close_board()
        super().closeEvent(event)

    # ------------------------------------------------------------------ backups
    def restore_backup(self) -> None:
        """Close the board, put a backup in its place (keeping a safety copy), reopen it."""
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

    # ------------------------------------------------------------------ long work, in dialogs
    # Each dialog runs its work off the GUI thread with its own connection and
    # answers its questions through classmethods (see each module).

    def import_from_excel(self) -> None:
        """File > Import from Excel: preview, map columns, then apply in one transaction."""
        from ui.dialogs.import_dialog import ImportDialog

        ImportDialog.run(self, self.ctx)

    def export_to_excel(self) -> None:
        """File > Export to Excel: one sheet per register."""
        from ui.dialogs.export_dialog import export_to_excel

        export_to_excel(self, self.ctx)

    def send_snapshot(self) -> None:
        """File > Send snapshot to chair: the .sendsec file, its checksum, report and draft."""
        from ui.dialogs.snapshot_dialog import send_snapshot

        send_snapshot(self, self.ctx)

    def open_snapshot(self) -> None:
        """File > Open snapshot: choose a .sendsec file and open it read-only."""
        chosen = FileChooser.open_file(self, "Open a snapshot",
                                       "sendsec snapshots (*.sendsec);;All files (*)")
        if chosen:
            self.open_interactive(chosen)

    def compare_with(self) -> None:
        """File > Compare with: what changed between this board and another file."""
        from ui.dialogs.compare_dialog import compare_with

        compare_with(self, self.ctx)

    def show_evidence(self) -> None:
        """Stocktake > Evidence against the notice: the matrix; a gap opens its record."""
        from ui.dialogs.evidence_dialog import EvidenceDialog

        dialog = EvidenceDialog(self, self.ctx, self.open_gap_record)
        dialog.setModal(False)
        dialog.show()
        self._evidence_dialog = dialog

    def open_gap_record(self, entity_name: str, record_id: Any) -> bool:
        """Show the place that fixes a gap: the record in its tab, or its register."""
        settings = getattr(self, "board_settings", None)
        if entity_name == "board" and callable(settings):
            settings()
            return True
        if record_id is not None and self.show_record(entity_name, record_id):
            return True
        for tab in self.register_tabs.values():
            if tab.spec.entity == entity_name:
                self.tabs.setCurrentWidget(tab)
                return True
        self.statusBar().showMessage("That is set in the board settings.", 5000)
        return False

    def show_snapshot_changes(self) -> None:
        """Chair > What changed since the previous snapshot (and the banner's button)."""
        info = getattr(self.ctx.board, "snapshot_info", None)
        if isinstance(info, dict):
            SnapshotChangesDialog(info, self).exec()

    def comment_on_selected(self) -> None:
        """Chair > Comment on the selected record (a snapshot is open)."""
        from ui.dialogs.chair_comments import comment_on

        tab = self.current_register()
        entity_name = tab.spec.entity if tab is not None else ""
        record_id = tab.selected_id() if tab is not None else None
        if comment_on(self, self.ctx, entity_name, record_id) is not None:
            self.statusBar().showMessage("Comment kept beside the snapshot", 5000)

    def my_comments(self) -> None:
        from ui.dialogs.chair_comments import MyCommentsDialog

        MyCommentsDialog(self, self.ctx).exec()

    def send_chair_comments(self) -> None:
        from ui.dialogs.chair_comments import send_comments

        send_comments(self, self.ctx)

    def read_chairs_comments(self) -> None:
        """File > Read the chair's comments: into the challenge log, then show it."""
        from ui.dialogs.chair_comments import read_chairs_comments

        added = read_chairs_comments(self, self.ctx)
        if added:
            self.show_record("challenge", added[0])

    def generate_papers(self, meeting_id: Any = None) -> None:
        """Meetings > Generate papers for the selected meeting (or the next one)."""
        from ui.dialogs.papers_dialog import PapersDialog

        PapersDialog.run(self, self.ctx, meeting_id)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def app_instance() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app

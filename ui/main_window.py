"""The main window: the tabs, the read-only banner, the status bar and the undo state.

The window routes each `Change` from the AppContext to the tabs that show the
kinds of record it names, says in the status bar (and to screen readers) what
was done, and remembers its size and tab. Its other parts live beside it:
opening and closing files (`main_window_files`), the menus and the dialogs
they open (`main_window_menus`) and going to a record (`main_window_places`).
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QCloseEvent, QShowEvent
from PySide6.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget

from sendsec.domain.errors import SendsecError
from sendsec.services.board import Change
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
from ui.main_window_files import BoardFiles
from ui.main_window_menus import WindowMenus
from ui.main_window_places import WindowPlaces
from ui.overview import OverviewTab
from ui.settings import AppSettings
from ui.tabs.meetings import MeetingsTab
from ui.tabs.register import AfterPaint, RegisterTab
from ui.widgets.banner import Banner
from ui.widgets.guards import install_guards
from ui.widgets.info import InfoLabel
from ui.widgets.screen_fit import fit_window

log = logging.getLogger("sendsec.ui")


class MainWindow(AfterPaint, BoardFiles, WindowMenus, WindowPlaces, QMainWindow):
    """The board's window. Open a file with `open_path`; everything else follows `ctx`."""

    def __init__(self, ctx: AppContext | None = None, settings: AppSettings | None = None):
        super().__init__()
        # the wheel guard, undo keys and dialogs' screen fit: once the window is painted
        self.ctx = ctx or AppContext(parent=self, guards=False)
        self.settings = settings or AppSettings()
        self.path = None
        self.lock = None
        self.read_only_why = ""
        self._fitted = False
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
        self.after_paint(install_guards)  # see ui.widgets.guards

    def _add_register(self, tab: RegisterTab) -> None:
        self.register_tabs[tab.spec.name] = tab
        self.tabs.addTab(tab, tab.spec.title)

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
        from ui.dialogs.errors import ErrorDialog

        try:
            change = self.ctx.undo()
        except SendsecError as exc:
            ErrorDialog.show_message(self, str(exc))
            return
        if change is None:
            self.statusBar().showMessage("Nothing to undo", 3000)

    def redo(self) -> None:
        from ui.dialogs.errors import ErrorDialog

        try:
            change = self.ctx.redo()
        except SendsecError as exc:
            ErrorDialog.show_message(self, str(exc))
            return
        if change is None:
            self.statusBar().showMessage("Nothing to redo", 3000)

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
        is_snapshot = has_board and bool(getattr(self.ctx.board, "snapshot_info", None))
        for action in (self.export_action, self.compare_action, self.evidence_action,
                       self.board_settings_action):
            action.setEnabled(has_board)
        # a snapshot is sent from the board it was taken of, never from a snapshot
        self.snapshot_action.setEnabled(has_board and not is_snapshot)
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



def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


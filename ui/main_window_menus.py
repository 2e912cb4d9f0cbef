"""The main window's menus, and the commands that open a dialog.

`_build_menus` makes the menu bar (File, Edit, Board, Stocktake, Chair, Help)
and keeps each action the window enables and disables as an attribute
(`undo_action`, `import_action`, ...). The long work (import, export,
snapshots, comparing, papers) runs in its dialog, off the GUI thread, through
`ui.ops`. `WindowMenus` is a part of `ui.main_window.MainWindow`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QTabWidget

from ui.context import AppContext
from ui.tabs.register import RegisterTab

if TYPE_CHECKING:
    from ui.dialogs.board_settings import BoardSettingsDialog

if TYPE_CHECKING:  # to the type checker this part is the window it is mixed into
    from PySide6.QtWidgets import QMainWindow as _Window
else:
    _Window = object

#: A key, a standard key, or several keys for one action.
Shortcut = str | QKeySequence.StandardKey | list[str]


class WindowMenus(_Window):
    """The main window's menu bar and the dialogs its commands open."""

    ctx: AppContext
    tabs: QTabWidget
    register_tabs: dict[str, RegisterTab]

    if TYPE_CHECKING:  # the rest of the window
        def new_board(self) -> None: ...
        def open_dialog(self) -> None: ...
        def _fill_recent(self) -> None: ...
        def open_snapshot(self) -> None: ...
        def restore_backup(self) -> None: ...
        def undo(self) -> None: ...
        def redo(self) -> None: ...
        def new_record(self) -> None: ...
        def search(self) -> None: ...
        def open_board_settings(self, focus: str | None = None) -> BoardSettingsDialog | None: ...
        def go_to_tab(self, entity_name: str) -> RegisterTab | None: ...
        def current_register(self) -> RegisterTab | None: ...
        def show_record(self, entity_name: str, record_id: Any) -> bool: ...
        def open_gap_record(self, entity_name: str, record_id: Any) -> bool: ...

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object],
                shortcut: Shortcut | None = None, tip: str = "") -> QAction:
        """Add an action running `slot` to `menu` and return it."""
        action = QAction(self)  # QAction(text, self) would make QIcon's class, to rule it out
        action.setText(text)
        # always setShortcuts: PySide6 weighs setShortcut's overload taking a Qt key, building
        # its Qt namespace (ui.qt_values); a standard key brings the platform's other keys too
        if isinstance(shortcut, list | tuple):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        elif isinstance(shortcut, str):
            action.setShortcuts([QKeySequence(shortcut)])
        elif shortcut is not None:
            action.setShortcuts(shortcut)
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
        self.find_action = self._action(e, "&Find", self.search, "Ctrl+F",
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
        self._action(h, "&About sendsec", self.show_about)

    # ------------------------------------------------------------------ the dialogs
    # Each is imported when first opened: the window's first screen does without them.

    def show_about(self) -> None:
        """Help > About sendsec."""
        from ui.dialogs.about import AboutDialog

        AboutDialog.show(self)

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

    def show_snapshot_changes(self) -> None:
        """Chair > What changed since the previous snapshot (and the banner's button)."""
        from ui.dialogs.snapshot_changes import SnapshotChangesDialog

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

"""Going to places in the main window: a register's tab, a record, a field.

The Overview's findings and setting-up steps, the evidence matrix's gaps and
the board settings' links all end here: the tab comes forward and the record
is selected, its field or section in view and focused, or a blank form opens
for a new record. Nothing is changed by going somewhere. `WindowPlaces` is a
part of `ui.main_window.MainWindow`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QAbstractItemView, QTabWidget

from sendsec.domain.errors import SendsecError
from ui.context import AppContext
from ui.tabs.register import RegisterTab

if TYPE_CHECKING:  # to the type checker this part is the window it is mixed into
    from PySide6.QtWidgets import QMainWindow as _Window

    from ui import navigation
    from ui.dialogs.board_settings import BoardSettingsDialog
else:
    _Window = object


class WindowPlaces(_Window):
    """The main window's ways of bringing a register, record or field forward."""

    ctx: AppContext
    tabs: QTabWidget
    register_tabs: dict[str, RegisterTab]
    settings_dialog: BoardSettingsDialog | None

    def current_register(self) -> RegisterTab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, RegisterTab) else None

    def new_record(self) -> None:
        tab = self.current_register()
        if tab is None:
            tab = self.register_tabs["actions"]
            self.tabs.setCurrentWidget(tab)
        tab.add_record()

    def search(self) -> None:
        """Edit > Find: the search box of the register shown (the Actions if none is)."""
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
                from PySide6.QtCore import Qt  # where first used (ui.qt_values)
                tab.view.setFocus(Qt.FocusReason.OtherFocusReason)
                return tab
        return None

    def open_board_settings(self, focus: str | None = None) -> BoardSettingsDialog | None:
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
        from ui import navigation  # with the Overview's findings, not before

        if self.ctx.board is None:
            return False
        return self.go(navigation.place_for_finding(self.ctx.board, finding))

    def go_to_step(self, key: str) -> bool:
        """Go where a setting-up step of the Overview's checklist is done."""
        from ui import navigation

        if self.ctx.board is None:
            return False
        return self.go(navigation.place_for_step(self.ctx.board, key))

    def go(self, place: navigation.Place | None) -> bool:
        """Show `place`: the board settings, a record (its field or section in view and
        focused) or a blank form for a new record. Changes nothing. Return False if the
        place cannot be shown (its record is gone)."""
        from ui import navigation

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
            from PySide6.QtCore import Qt  # where first used (ui.qt_values)
            control.setFocus(Qt.FocusReason.OtherFocusReason)
            editor.scroll_area.ensureWidgetVisible(control)
        elif place.section:
            box = getattr(editor, place.section)
            editor.scroll_area.ensureWidgetVisible(box)
            target = box.findChild(QAbstractItemView) or box
            from PySide6.QtCore import Qt  # where first used (ui.qt_values)
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

"""The Meetings tab: the register tab, "Generate papers" and the meeting cycle's actions."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QWidget

from ui.columns import MEETINGS
from ui.context import AppContext
from ui.tabs.register import RegisterTab


def _cycle_actions():
    """The meeting cycle's dialogs (imported when first used: the first screen has none)."""
    from ui.dialogs import cycle_actions

    return cycle_actions


class MeetingsTab(RegisterTab):
    """Meetings, with buttons for the selected meeting's papers and its cycle."""

    papers_requested = Signal(object)  # meeting id, or None for the next meeting

    INSIDE = RegisterTab.INSIDE | {"papers_button", "cycle_button"}

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(MEETINGS, ctx, parent)
        menu = QMenu(self)
        menu.setAccessibleName("Meeting cycle actions")
        self.take_action = menu.addAction("&Take the meeting...", self.take_meeting)
        self.proposals_action = menu.addAction("Review &proposed log entries...",
                                               self.review_proposals)
        menu.addSeparator()
        self.requests_action = menu.addAction("&Request updates from owners...",
                                              self.request_updates)
        self.return_action = menu.addAction("Read a filled-in &return...", self.read_return)
        menu.addSeparator()
        self.attendance_action = menu.addAction("&Attendance record...", self.attendance)
        self.cycle_menu = menu
        self.set_read_only(ctx.readonly)

    def build(self) -> None:
        if self.built:
            return
        super().build()
        self.papers_button = self.add_button_to_bar(
            "Generate papers...", "Generate papers for the selected meeting",
            self._papers_clicked,
            "Before a meeting: agenda, invitations, board pack and minutes template "
            "(and the self-assessment for a stocktake). After it: the minutes.")
        self.cycle_button = self.add_button_to_bar(
            "Meeting cycle", "Meeting cycle actions for the selected meeting",
            self._show_cycle_menu, "Take the meeting, request updates, review the log...")

    def _papers_clicked(self) -> None:
        self.papers_requested.emit(self.selected_id())

    def _show_cycle_menu(self) -> None:
        button = self.cycle_button
        self.cycle_menu.exec(button.mapToGlobal(button.rect().bottomLeft()))

    def take_meeting(self) -> None:
        _cycle_actions().take_meeting(self, self.ctx, self.selected_id())

    def review_proposals(self) -> None:
        _cycle_actions().review_proposals(self, self.ctx, self.selected_id())

    def request_updates(self) -> None:
        _cycle_actions().request_updates(self, self.ctx, self.selected_id())

    def read_return(self) -> None:
        _cycle_actions().read_return(self, self.ctx)

    def attendance(self) -> None:
        _cycle_actions().attendance_record(self, self.ctx)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        # papers, requests, the attendance record and (to read) the minutes stay on
        for name in ("proposals_action", "return_action"):
            action = getattr(self, name, None)  # set_read_only runs while the tab is built
            if action is not None:
                action.setEnabled(not read_only)

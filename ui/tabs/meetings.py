"""The Meetings tab: the register tab plus "Generate papers" for the selected meeting."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.columns import MEETINGS
from ui.context import AppContext
from ui.tabs.register import RegisterTab


class MeetingsTab(RegisterTab):
    """Meetings, with a button that asks the window to produce the selected meeting's papers."""

    papers_requested = Signal(object)  # meeting id, or None for the next meeting

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(MEETINGS, ctx, parent)
        self.papers_button = self.add_button_to_bar(
            "Generate papers...", "Generate papers for the selected meeting",
            self._papers_clicked,
            "Write the agenda, invitations, board pack and minutes template as Word files")

    def _papers_clicked(self) -> None:
        self.papers_requested.emit(self.selected_id())

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        # papers can be produced from a read-only file or snapshot: the button stays on

"""Review the action and impact log entries sendsec proposes before a meeting (notice 5e).

One row per proposal (actions slow to progress, organisations whose
contributions need strengthening). For each, the secretary can edit the
summary, what changed and the evidence, then confirm it (it goes into the log)
or dismiss it (recorded as dismissed, so it is not proposed again this cycle).
Both go through `AppContext.apply`, so they can be undone.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.errors import SendsecError
from sendsec.services import meeting_cycle as mc
from sendsec.services import registers
from ui.context import AppContext
from ui.widgets.buttons import no_default_buttons


class ProposalsDialog(QDialog):
    """Lists the proposals; confirm (with edits) or dismiss each."""

    def __init__(self, ctx: AppContext, meeting_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.proposals: list[mc.Proposal] = []
        self.setWindowTitle("Proposed action and impact log entries")
        self.setAccessibleName("Proposed action and impact log entries")
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Proposals")
        self.list.currentRowChanged.connect(self._show)
        layout.addWidget(self.list, 1)
        form = QFormLayout()
        self.kind = QLabel()
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Summary")
        self.changed_edit = QPlainTextEdit()
        self.changed_edit.setAccessibleName("What changed for children and families")
        self.changed_edit.setTabChangesFocus(True)
        self.evidence_edit = QPlainTextEdit()
        self.evidence_edit.setAccessibleName("Evidence")
        self.evidence_edit.setTabChangesFocus(True)
        for box in (self.changed_edit, self.evidence_edit):  # the list keeps its room
            box.setMaximumHeight(box.fontMetrics().lineSpacing() * 6 + 14)
        form.addRow("Kind:", self.kind)
        form.addRow("&Summary:", self.title_edit)
        form.addRow("&What changed:", self.changed_edit)
        form.addRow("&Evidence:", self.evidence_edit)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setAccessibleName("Message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #B00020;")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.confirm_button = QPushButton("&Confirm into the log")
        self.confirm_button.clicked.connect(self.confirm_current)
        self.dismiss_button = QPushButton("&Dismiss")
        self.dismiss_button.clicked.connect(self.dismiss_current)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        for b in (self.confirm_button, self.dismiss_button):
            b.setAccessibleName(b.text().replace("&", ""))
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        no_default_buttons(self)  # Enter in the summary does not confirm it into the log
        self.reload()

    def reload(self) -> None:
        """Propose again from the board as it stands (dealt-with proposals drop out)."""
        today = self.ctx.today()
        self.proposals = mc.propose_impact_entries(self.ctx.current_board, today)
        nxt = registers.cycle(self.ctx.current_board, today).next_meeting
        if self.meeting_id is None and nxt:
            self.meeting_id = nxt["id"]
        self.list.clear()
        for p in self.proposals:
            self.list.addItem(QListWidgetItem(f"[{p.kind}] {p.title}"))
        self.intro.setText(
            f"{len(self.proposals)} proposed entries for the action and impact log. Edit an "
            "entry if needed, then confirm it into the log or dismiss it."
            if self.proposals else "Nothing to propose: every action slow to progress and "
            "every contribution to strengthen is already in the log for this cycle.")
        readonly = self.ctx.readonly
        self.confirm_button.setEnabled(bool(self.proposals) and not readonly)
        self.dismiss_button.setEnabled(bool(self.proposals) and not readonly)
        self.list.setCurrentRow(0 if self.proposals else -1)
        if not self.proposals:
            self._show(-1)

    def _show(self, row: int) -> None:
        p = self.proposals[row] if 0 <= row < len(self.proposals) else None
        self.kind.setText(p.kind.capitalize() if p else "")
        self.title_edit.setText(p.title if p else "")
        self.changed_edit.setPlainText("")
        self.evidence_edit.setPlainText(p.evidence if p else "")
        self.message.clear()

    def current(self) -> mc.Proposal | None:
        row = self.list.currentRow()
        return self.proposals[row] if 0 <= row < len(self.proposals) else None

    def confirm_current(self) -> bool:
        """Confirm the selected proposal with the edits shown; return True if it was recorded."""
        p = self.current()
        if p is None:
            return False
        edits = {"title": self.title_edit.text(), "evidence": self.evidence_edit.toPlainText(),
                 "what_changed": self.changed_edit.toPlainText() or None}
        return self._do(lambda b: mc.confirm_proposal(b, p, self.meeting_id, self.ctx.today(),
                                                      edits))

    def dismiss_current(self) -> bool:
        p = self.current()
        if p is None:
            return False
        return self._do(lambda b: mc.dismiss_proposal(b, p, self.meeting_id, self.ctx.today()))

    def _do(self, call) -> bool:
        try:
            self.ctx.apply(call)
        except SendsecError as exc:
            self.message.setText(str(exc))
            return False
        row = self.list.currentRow()
        self.reload()
        if self.proposals:
            self.list.setCurrentRow(min(row, len(self.proposals) - 1))
        return True

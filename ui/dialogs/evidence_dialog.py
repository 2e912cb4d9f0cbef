"""Stocktake > Evidence against the notice: the matrix in the app; each gap opens its record.

A tree of the notice's requirements (code, status, requirement), each with the evidence
held and the gaps by name. Activating a gap (double-click or Enter) shows the record that
would close it in its tab. "Write the evidence files..." writes the .docx and .xlsx.
Questions go through `EvidenceQuestions` classmethods that tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.errors import SendsecError
from sendsec.reports.evidence import MET, NOT_MET, Evidence, build_evidence
from sendsec.reports.evidence_rows import Gap
from ui import output_folders
from ui.context import AppContext

TITLE = "Evidence against the Improvement Notice"
_STATUS_COLOURS = {MET: "#d9ead3", NOT_MET: "#f4cccc"}  # with the word, never colour alone
_GAP_ROLE = Qt.ItemDataRole.UserRole + 1


class EvidenceQuestions:
    @classmethod
    def choose_folder(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        suggested.mkdir(parents=True, exist_ok=True)
        chosen = QFileDialog.getExistingDirectory(parent, "Write the evidence into which "
                                                  "folder?", str(suggested))
        return Path(chosen) if chosen else None

    @classmethod
    def tell(cls, parent: QWidget | None, text: str) -> None:
        QMessageBox.information(parent, TITLE, text)

    @classmethod
    def show_error(cls, parent: QWidget | None, text: str) -> None:
        QMessageBox.warning(parent, TITLE, text)


class EvidenceDialog(QDialog):
    """The notice-to-evidence matrix of the open board."""

    def __init__(self, parent: QWidget | None, ctx: AppContext,
                 open_record: Callable[[str, Any], Any] | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.open_record = open_record
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Code", "Status", "Requirement, evidence and gaps"])
        self.tree.setAccessibleName("Requirements of the notice, with evidence and gaps")
        self.tree.setColumnWidth(0, 70)
        self.tree.setColumnWidth(1, 95)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.itemActivated.connect(self._activated)
        layout.addWidget(self.tree, 1)
        hint = QLabel("Double-click a gap, or press Enter on it, to open the record that "
                      "closes it.", self)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(self)
        self.write = QPushButton("&Write the evidence files...", self)
        self.write.setAccessibleName("Write the evidence as Word and Excel files")
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        for b in (self.write, close):
            b.setAutoDefault(False)
            b.setDefault(False)
        buttons.addButton(self.write, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.write.clicked.connect(self.write_files)
        layout.addWidget(buttons)
        self.evidence: Evidence | None = None
        self.fill()

    def fill(self) -> None:
        self.tree.clear()
        board = self.ctx.board
        if board is None:
            return
        ev = self.evidence = build_evidence(board, self.ctx.today())
        counts = ev.counts()
        text = (f"{counts[MET]} requirements met, {counts['Partly met']} partly met, "
                f"{counts[NOT_MET]} not met, as the records stand today. "
                + " ".join(ev.readiness.lines()[1:]))
        self.summary.setText(text)
        self.summary.setAccessibleName(text)
        for r in ev.requirements:
            top = QTreeWidgetItem([r.code, r.status, r.requirement])
            colour = _STATUS_COLOURS.get(r.status, "#fff2cc")
            top.setBackground(1, QBrush(QColor(colour)))
            top.setToolTip(2, r.requirement)
            for line in r.evidence:
                child = QTreeWidgetItem(["", "Evidence", line])
                child.setToolTip(2, line)
                top.addChild(child)
            for gap in r.gaps:
                child = QTreeWidgetItem(["", "Gap", gap.text])
                child.setToolTip(2, gap.text)
                child.setData(0, _GAP_ROLE, gap)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(bool(r.gaps))

    def gap_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            children = [top.child(j) for j in range(top.childCount())]
            out += [c for c in children if c is not None and c.data(0, _GAP_ROLE) is not None]
        return out

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        gap = item.data(0, _GAP_ROLE)
        if isinstance(gap, Gap):
            self.open_gap(gap)

    def open_gap(self, gap: Gap) -> bool:
        """Show the record a gap names; return True if it was shown."""
        if self.open_record is None:
            return False
        return bool(self.open_record(gap.entity, gap.record_id))

    def write_files(self) -> list[Path] | None:
        from sendsec.papers.evidence_paper import write_evidence
        from sendsec.papers.template import template_source

        board = self.ctx.board
        if board is None or self.evidence is None:
            return None
        folder = EvidenceQuestions.choose_folder(self, output_folders.propose(self.ctx,
                                                                              "evidence"))
        if folder is not None:
            output_folders.remember(self.ctx, "evidence", None, folder)
        if folder is None:
            return None
        try:
            template = template_source(board.settings().get("template_path"))
            paths = write_evidence(self.evidence, template, folder, author=board.user)
        except SendsecError as exc:
            EvidenceQuestions.show_error(self, str(exc))
            return None
        EvidenceQuestions.tell(self, f"Written to {folder}:\n" + "\n".join(p.name
                                                                           for p in paths))
        return paths

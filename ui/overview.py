"""The Overview tab: what is due next, what the checks found, and the registers in numbers.

Shows the next meeting and its cycle timetable (with the undone steps of the
last meeting held, e.g. draft minutes), overdue steps marked with colour AND
the word; the findings of `sendsec.reports.checks.run_checks` (double-click one to go
to its record); counts of actions by RAG and open risks by band.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain import rules
from sendsec.domain.dates import clock, day_date
from sendsec.domain.entities import RAGS
from sendsec.domain.labels import meeting_name
from sendsec.services import registers
from sendsec.services.board import Change
from ui.columns import FINDING_COLUMNS, FIRST_STEP_COLUMNS, STEP_COLUMNS
from ui.context import AppContext
from ui.table_model import RecordTableModel
from ui.tabs.register import AfterPaint, make_table_view, show_rows
from ui.widgets.info import InfoLabel
from ui.widgets.rag import ChipLabel, colour_for


def load_findings(board, today) -> tuple[list[dict[str, Any]] | None, str]:
    """Return (findings as dicts, '') or (None, why the checks could not run)."""
    from sendsec.reports.checks import run_checks

    found = run_checks(board, today)
    rows = []
    for i, f in enumerate(found):
        rows.append({
            "id": i,
            "severity": str(getattr(f, "severity", "") or ""),
            "rule": str(getattr(f, "rule", "") or ""),
            "entity": getattr(f, "entity", None),
            "record_id": getattr(f, "record_id", None),
            "record": str(getattr(f, "record", "") or ""),
            "reason": str(getattr(f, "reason", "") or ""),
        })
    return rows, ""


class OverviewTab(AfterPaint, QWidget):
    """What is due next and what needs attention; reloads when shown after any change.

    Its inside (the tables, counts and labels) is made with its first load, on the turn of
    the event loop before it is first painted, or when first read (`tab.heading`...): a
    window that opens on another tab makes none of it."""

    open_record = Signal(str, object)  # entity name, record id
    open_finding = Signal(object)  # a finding of the checks, as a dict
    open_step = Signal(str)  # the key of a setting-up step

    #: What `build` makes: reading any of these builds the inside first.
    INSIDE = frozenset({"heading", "subheading", "meeting_label", "steps_model", "steps_view",
                        "rag_chips", "band_chips", "flags_label", "steps_first_model",
                        "first_steps_view", "first_steps_note", "first_steps_box",
                        "findings_model", "findings_view", "findings_note"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.built = False
        self.stale = True
        self.loaded = False
        self.last_load_seconds = 0.0
        self._reload_posted = False
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)

    def __getattr__(self, name: str) -> Any:
        # Only reached when `name` is not set: the inside is built on first use.
        if name in type(self).INSIDE and not self.__dict__.get("built", True):
            self.build()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def build(self) -> None:
        """Make the tables, counts and labels (once)."""
        if self.built:
            return
        self.built = True
        self.heading = InfoLabel("Board", self)
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.subheading = InfoLabel("", self)  # "Today is ..." says what it is

        # next meeting
        self.meeting_label = InfoLabel("Next meeting", self)
        self.meeting_label.setWordWrap(True)
        self.steps_model = RecordTableModel(STEP_COLUMNS, self)
        self.steps_view = make_table_view(self, "Cycle timetable")
        self.steps_rows = show_rows(self.steps_view, self.steps_model)
        self.steps_view.setMinimumHeight(150)
        self.steps_view.doubleClicked.connect(self._step_opened)
        meeting_box = QGroupBox("Next meeting and its timetable", self)
        mb = QVBoxLayout(meeting_box)
        mb.addWidget(self.meeting_label)
        mb.addWidget(self.steps_view)

        # counts
        self.rag_chips: dict[str, ChipLabel] = {}
        self.band_chips: dict[str, ChipLabel] = {}
        counts_box = QGroupBox("At a glance", self)
        grid = QGridLayout(counts_box)
        grid.setHorizontalSpacing(24)
        grid.addWidget(_bold("Actions by RAG"), 0, 0)
        for i, rag in enumerate((*RAGS, "not rated")):
            chip = ChipLabel(colour_for("rag", None if rag == "not rated" else rag), "", self)
            self.rag_chips[rag] = chip
            grid.addWidget(chip, i + 1, 0)
        self.flags_label = InfoLabel("Actions needing attention", self)
        self.flags_label.setWordWrap(True)
        grid.addWidget(self.flags_label, 6, 0, 1, 2)
        grid.addWidget(_bold("Open risks by band"), 0, 1)
        for i, band in enumerate(("very high", "high", "medium", "low")):
            chip = ChipLabel(colour_for("band", band), "", self)
            self.band_chips[band] = chip
            grid.addWidget(chip, i + 1, 1)
        grid.setColumnStretch(2, 1)

        # setting up a new board: shown until every step is done
        self.steps_first_model = RecordTableModel(FIRST_STEP_COLUMNS, self)
        self.first_steps_view = make_table_view(self, "Setting up the board")
        self.first_steps_rows = show_rows(self.first_steps_view, self.steps_first_model)
        self.first_steps_view.doubleClicked.connect(self._first_step_opened)
        self.first_steps_view.activated.connect(self._first_step_opened)
        self.first_steps_view.horizontalScrollBar().rangeChanged.connect(
            lambda _low, _high: self._fit_first_steps())
        self.first_steps_note = InfoLabel("Setting up the board: how far", self)
        self.first_steps_note.setWordWrap(True)
        self.first_steps_box = QGroupBox("Setting up the board", self)
        self.first_steps_box.setAccessibleName("Setting up the board")
        fb = QVBoxLayout(self.first_steps_box)
        fb.addWidget(self.first_steps_note)
        fb.addWidget(self.first_steps_view)
        self.first_steps_box.hide()

        # checks
        self.findings_model = RecordTableModel(FINDING_COLUMNS, self)
        self.findings_view = make_table_view(self, "Findings of the checks")
        self.findings_rows = show_rows(self.findings_view, self.findings_model, sort=(0, False),
                                       later=self.after_paint)
        self.findings_view.setMinimumHeight(200)
        self.findings_view.doubleClicked.connect(self._finding_opened)
        self.findings_view.activated.connect(self._finding_opened)
        self.findings_note = InfoLabel("Checks", self)
        self.findings_note.setWordWrap(True)
        checks_box = QGroupBox("What the checks found", self)
        cb = QVBoxLayout(checks_box)
        cb.addWidget(self.findings_note)
        cb.addWidget(self.findings_view, 1)

        top = QHBoxLayout()
        top.addWidget(meeting_box, 3)
        top.addWidget(counts_box, 2)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.first_steps_box)
        layout.addLayout(top)
        layout.addWidget(checks_box, 1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setProperty("focusPolicy", "NoFocus")  # its tables are the tab stops (qt_values)
        scroll.setWidget(body)
        self._outer.addWidget(scroll)
        if self.isVisible():  # shown now, not on a later turn of the event loop
            scroll.show()

        QWidget.setTabOrder(self.first_steps_view, self.steps_view)
        QWidget.setTabOrder(self.steps_view, self.findings_view)

    # ------------------------------------------------------------ loading
    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.stale and not self._reload_posted:
            # on the turn of the event loop, which Qt takes before it paints what was just
            # shown: the Overview is complete when it is first seen, and a window that opens
            # and goes straight to another tab does not compute it for nothing (it loads
            # when it is next shown)
            self._reload_posted = True
            QTimer.singleShot(0, self, self._reload_if_shown)

    def _reload_if_shown(self) -> None:
        self._reload_posted = False
        if self.stale and self.isVisible():
            self.reload()

    def on_changed(self, change: Change) -> None:
        self.stale = True
        if not self.isVisible():
            return
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog) and not modal.isAncestorOf(self):
            # a window in front (Take the meeting) makes change after change: catch up once
            # it closes, not behind it after every click
            if modal.property("overview_waits") is not True:
                modal.setProperty("overview_waits", True)
                modal.finished.connect(self._modal_closed)
            return
        self.reload()

    def _modal_closed(self, _result: int = 0) -> None:
        if self.stale and self.isVisible():
            self.reload()

    def board_replaced(self) -> None:
        self.loaded = False
        self.stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        started = time.perf_counter()
        self.stale = False
        self.loaded = True
        board = self.ctx.board
        if board is None:
            self.heading.setText("No board is open")
            self.subheading.setText("Use File > New board or File > Open.")
            self.steps_model.set_rows([])
            self.findings_model.set_rows([])
            self.steps_first_model.set_rows([])
            self.first_steps_box.hide()
            return
        from sendsec.reports.summary import summary  # with the Overview, not before

        today = self.ctx.today()
        with registers.reusing(board):  # the actions, risks and meetings computed once
            data = summary(board, today)
            self.heading.setText(data["board"]["name"])
            self.subheading.setText(f"Today is {day_date(today)}")
            self._show_first_steps(board)
            self._show_meeting(board, today)
            self._show_counts(data)
            findings, why = load_findings(board, today)
        if findings is None:
            self.findings_note.setText(why)
            self.findings_model.set_rows([])
        else:
            self.findings_model.set_rows(findings)
            self.findings_note.setText(
                "Nothing to report: every check passed." if not findings else
                f"{len(findings)} finding{'s' if len(findings) != 1 else ''}. "
                "Double-click one (or press Enter) to go where it is put right.")
        self.last_load_seconds = time.perf_counter() - started

    def _show_first_steps(self, board) -> None:
        from sendsec.services.first_steps import first_steps

        steps = first_steps(board)
        rows = [{"id": s.key, "done": s.done, "text": s.text, "detail": s.detail}
                for s in steps]
        self.steps_first_model.set_rows(rows)
        done = sum(s.done for s in steps)
        self.first_steps_note.setText(
            f"{done} of {len(steps)} done. These are what the Improvement Notice needs first; "
            "double-click a step (or press Enter) to do it.")
        self.first_steps_box.setVisible(done < len(steps))
        self._fit_first_steps()

    def _fit_first_steps(self) -> None:
        """Make the checklist as tall as its steps, and its scroll bar when a narrow window
        needs one (else the bar would cover the last step)."""
        view = self.first_steps_view
        bar = view.horizontalScrollBar()
        height = view.horizontalHeader().sizeHint().height() + view.model().rowCount() * \
            view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth() \
            + (bar.sizeHint().height() if bar.maximum() > 0 else 0)
        if view.height() != height:
            view.setFixedHeight(height)

    def _show_meeting(self, board, today) -> None:
        c = registers.cycle(board, today)
        meetings = {m["id"]: m for m in registers.meeting_rows(board, today)}
        rows: list[dict[str, Any]] = []
        if c.last_held and c.last_held["id"] in meetings:
            held = board.label("meeting", c.last_held["id"])
            for s in meetings[c.last_held["id"]]["steps"]:
                if s["state"] != "done" and s["step"] in rules.AFTER_STEPS:
                    rows.append({**s, "label": f"{s['label']} ({held})"})
        nxt = c.next_meeting
        if nxt is None:
            self.meeting_label.setText("No meeting is planned. Add one on the Meetings tab.")
        else:
            m = meetings.get(nxt["id"], nxt)
            when = f"{day_date(m['meeting_date'])}, {clock(m['start_time'])}"
            if m.get("end_time"):
                when += f" to {clock(m['end_time'])}"
            where = f", {m['venue']}" if m.get("venue") else ""
            status = str(m.get("status") or "")
            self.meeting_label.setText(
                f"<b>{_escape(meeting_name(m))}</b>: {_escape(when + where)}"
                f" ({_escape(status)})")
            rows.extend(meetings[nxt["id"]]["steps"] if nxt["id"] in meetings else [])
        self.steps_model.set_rows(rows)

    def _show_counts(self, data: dict[str, Any]) -> None:
        for rag, chip in self.rag_chips.items():
            n = data["actions_by_rag"].get(rag, 0)
            word = "Not rated" if rag == "not rated" else rules.rag_label(rag)
            chip.set(colour_for("rag", None if rag == "not rated" else rag),
                     f"{word}: {n} action{'s' if n != 1 else ''}")
        for band, chip in self.band_chips.items():
            n = data["risks_by_band"].get(band, 0)
            chip.set(colour_for("band", band),
                     f"{rules.band_label(band)}: {n} risk{'s' if n != 1 else ''}")
        f = data["actions_flagged"]
        self.flags_label.setText(
            f"Overdue {f['overdue']}, slipped {f['slipped']}, slow to progress "
            f"{f['slow_to_progress']}, no update this cycle {f['no_update_this_cycle']}")

    # ------------------------------------------------------------ going to a record
    def _finding_opened(self, index) -> None:
        if not index.isValid():
            return
        self.open_finding.emit(dict(self.findings_model.record(
            self.findings_rows.source_row(index.row()))))

    def _first_step_opened(self, index) -> None:
        if index.isValid():
            row = self.first_steps_rows.source_row(index.row())
            self.open_step.emit(str(self.steps_first_model.record(row)["id"]))

    def _step_opened(self, index) -> None:
        if index.isValid():
            row = self.steps_rows.source_row(index.row())
            self.open_record.emit("meeting", self.steps_model.record(row)["meeting_id"])

    # ------------------------------------------------------------ for tests and screen readers
    def step_texts(self) -> list[str]:
        m = self.steps_model
        return [" | ".join(m.text(r, c) for c in range(m.columnCount()))
                for r in range(m.rowCount())]


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

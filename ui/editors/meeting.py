"""The meeting editor: the meeting's fields, its cycle timetable (tick each step
done), its agenda (add, edit, reorder, remove) and who is invited (with
attendance; removing a statutory invitee asks first)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from sendsec.domain import rules
from sendsec.domain.dates import clock, day_date, from_iso, long_date, short_date
from sendsec.domain.entities import STATUTORY_ROLES
from sendsec.domain.errors import SendsecError
from sendsec.domain.labels import meeting_name
from sendsec.services import registers
from sendsec.services.board import Change
from ui import output_folders
from ui.dialogs.errors import ConfirmDialog
from ui.editors.base import RecordEditor, fit_table_height, note_label, read_only_table, table_item
from ui.editors.children import ChildSection, Column
from ui.widgets.fields import ERROR_COLOUR, STATE_COLOURS, STATE_TEXT, choice_text

STEP_ROLE = Qt.ItemDataRole.UserRole


class StatutoryWarning:
    """Asks before a statutory invitee is taken off a meeting's invitation list."""

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, role: str) -> bool:
        """Return True if the person confirms removing `name`, the board's `role`."""
        return ConfirmDialog.ask(
            parent, f"{name} is the {role}.", "Remove a statutory invitee?",
            icon=QMessageBox.Icon.Warning,
            question="The Improvement Notice (paragraph 6) requires the DfE adviser, the NHS "
                     "England adviser and the DfE case lead to be invited to every meeting of "
                     f"the board. Remove {name} from this meeting anyway?")


class AttachQuestions:
    """What attaching a paper to an agenda item asks, as classmethods tests replace."""

    @classmethod
    def choose_file(cls, parent: QWidget | None, start: Path) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, "Attach which paper?", str(start),
                                                "Word documents (*.docx);;All files (*)")
        return Path(chosen) if chosen else None

    @classmethod
    def confirm_replace(cls, parent: QWidget | None, existing: str, new: str) -> bool:
        """Return True to put `new` in place of the paper attached already."""
        return ConfirmDialog.ask(parent, f"'{existing}' is attached already.",
                                 "Replace the attached paper?",
                                 question=f"Replace it with '{new}'?")


def agenda_start_times(start: str | None, items: list[dict[str, Any]]) -> dict[int, str]:
    """Return {item id: 'HH:MM'} for items in order, each starting when the one before ends."""
    if not start:
        return {}
    hour, minute = (int(x) for x in start.split(":"))
    at = dt.datetime(2000, 1, 1, hour, minute)
    out = {}
    for item in items:
        out[item["id"]] = f"{at:%H:%M}"
        at += dt.timedelta(minutes=item["duration"] or 0)
    return out


class MeetingEditor(RecordEditor):
    entity_name = "meeting"
    watch = frozenset({"cycle_step", "agenda_item", "invitee", "person", "organisation"})

    def form_rows(self):
        return ["kind", "number", "title", "meeting_date", "start_time", "end_time", "venue",
                "joining_details", "status", "closed_at"]

    def form_defaults(self) -> dict[str, Any]:
        return {"start_time": "10:00", "end_time": "12:00"}

    def title_text(self, record: dict[str, Any]) -> str:
        when = day_date(record["meeting_date"])
        at = f", {clock(record['start_time'])}" if record.get("start_time") else ""
        return f"{meeting_name(record)}: {when}{at}"

    # ---------------------------------------------------------------- sections
    def build_sections(self) -> None:
        self._people: dict[int, dict[str, Any]] = {}
        self._starts: dict[int, str] = {}
        self._agenda_rows: list[dict[str, Any]] = []

        self.timetable_box, layout = self.section("Cycle timetable")
        self.timetable = read_only_table(["Step", "Due", "State", "Done"], "Cycle timetable",
                                         self.timetable_box)
        self.timetable.itemChanged.connect(self._step_ticked)
        layout.addWidget(self.timetable)
        self.timetable_message = note_label(self.timetable_box)
        self.timetable_message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.timetable_message.hide()
        layout.addWidget(self.timetable_message)

        self.agenda_box, layout = self.section("Agenda")
        self.agenda = ChildSection(
            self.ctx, "agenda_item",
            [Column("No.", lambda r: self._number_of(r)),
             Column("Start", lambda r: clock(self._starts.get(r["id"]))),
             Column("Item", lambda r: ("Part B: " if r["confidential"] else "") + r["title"],
                    stretch=True),
             Column("Purpose", lambda r: choice_text(self._purpose_field, r["purpose"] or "")),
             Column("Presenter", lambda r: r["presenter"], hide_if_empty=True),
             Column("Paper", lambda r: r["paper_ref"], hide_if_empty=True),
             Column("Mins", lambda r: r["duration"], tooltip=lambda r: "Minutes allowed")],
            form_rows=["title", "purpose", "presenter", "paper_ref", "duration",
                       "confidential", "description"],
            noun="agenda item", new_text="New agenda item",
            add_text="Add agenda item", remove_text="Remove agenda item", movable=True,
            describe=lambda r: r["title"], parent=self.agenda_box)
        self.agenda.changed.connect(self.changed)
        layout.addWidget(self.agenda)
        attached_row = QWidget(self.agenda)
        row = QHBoxLayout(attached_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.attach_button = QPushButton("Attach paper...", attached_row)
        self.attach_button.setAutoDefault(False)
        self.attach_button.setAccessibleName("Attach the paper of the selected agenda item")
        self.attach_button.setToolTip("Put a paper written by others (a .docx) in the "
                                      "meeting's papers folder under the name the board pack "
                                      "merges; until then the pack shows it 'to follow'.")
        self.attach_button.clicked.connect(self.attach_paper)
        self.attached_label = note_label(attached_row, "Attached paper")
        row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.attached_label, 1)
        self.agenda.add_below_buttons(attached_row)
        self.agenda.table.itemSelectionChanged.connect(self._show_attached)

        self.invitees_box, layout = self.section("Invitees and attendance")
        self.invitees = ChildSection(
            self.ctx, "invitee",
            [Column("Name", lambda r: self._person(r["person_id"]).get("name", ""),
                    stretch=True),
             Column("Organisation", lambda r: self._person(r["person_id"]).get(
                 "organisation_short", "")),
             Column("Board role", self._role_text, self._role_colours, max_width=200),
             Column("Attendance", lambda r: choice_text(self._attendance_field,
                                                        r["attendance"] or "")),
             Column("Substitute for", lambda r: self._person(r["substitute_for_id"]).get(
                 "name", ""), hide_if_empty=True)],
            form_rows=["person_id", "attendance", "substitute_for_id"],
            noun="invitee", new_text="Invite someone else", add_text="Invite",
            remove_text="Remove invitee", remove=self._remove_invitee,
            describe=lambda r: self._person(r["person_id"]).get("name", ""),
            parent=self.invitees_box)
        self.invitees.changed.connect(self.changed)
        layout.addWidget(self.invitees)

    # ---------------------------------------------------------------- attached papers
    def _papers_folder(self) -> Path | None:
        record = self.record()
        return output_folders.propose(self.ctx, "papers", record["meeting_date"]) \
            if record else None

    def _show_attached(self) -> None:
        """Say which paper is attached for the selected item, and enable Attach paper..."""
        row = self.agenda.selected_row()
        folder = self._papers_folder()
        self.attach_button.setEnabled(False)
        if row is None or folder is None:
            self.attached_label.hide()
            return
        from sendsec.papers import attach, covering  # the papers load when first used

        letter = attach.letter_of(row["paper_ref"])
        merged = covering.merges_attached(row["title"], bool(row["confidential"]))
        self.attach_button.setEnabled(merged and not self.ctx.readonly)
        if not merged:
            text = ("The board pack makes this item's paper from the board's records; there is "
                    "no paper to attach.")
        elif letter is None:
            text = ("This item has no paper letter: give it one in Paper (e.g. 'Paper D') to "
                    "attach its paper.")
        else:
            found = attach.attached_file(folder, letter)
            text = (f"Paper {letter} attached: '{found.name}' in {folder}." if found else
                    f"No paper is attached for Paper {letter}: the pack shows it as to follow.")
        self.attached_label.setText(text)
        self.attached_label.show()

    def attach_paper(self) -> Path | None:
        """Attach a .docx written by others as the selected item's paper; return its path."""
        from sendsec.papers import attach

        row = self.agenda.selected_row()
        folder = self._papers_folder()
        if row is None or folder is None or self.ctx.readonly:
            return None
        letter = attach.letter_of(row["paper_ref"])
        if letter is None:
            self.agenda.say("Give the item its paper letter in Paper (e.g. 'Paper D') first: "
                            "the board pack merges the paper by its letter.")
            return None
        source = AttachQuestions.choose_file(self, Path.home())
        if source is None:
            return None
        try:
            try:
                path = attach.attach(source, folder, letter, row["title"])
            except attach.AlreadyAttached as exc:
                if not AttachQuestions.confirm_replace(self, exc.existing.name, source.name):
                    return None
                path = attach.attach(source, folder, letter, row["title"], replace=True)
        except SendsecError as exc:
            self.agenda.say(str(exc))
            return None
        self._show_attached()
        return path

    @property
    def _purpose_field(self):
        from sendsec.domain.entities import entity
        return entity("agenda_item").field("purpose")

    @property
    def _attendance_field(self):
        from sendsec.domain.entities import entity
        return entity("invitee").field("attendance")

    def _number_of(self, row: dict[str, Any]) -> str:
        ids = [r["id"] for r in self._agenda_rows]
        return str(ids.index(row["id"]) + 1) if row["id"] in ids else ""

    def _person(self, person_id: int | None) -> dict[str, Any]:
        return self._people.get(person_id, {}) if person_id else {}

    @property
    def _role_field(self):
        from sendsec.domain.entities import entity
        return entity("person").field("role")

    def _role_text(self, row: dict[str, Any]) -> str:
        """The role as the People tab reads it ('Independent chair'), statutory ones marked."""
        role = self._person(row["person_id"]).get("role") or ""
        text = choice_text(self._role_field, role)
        return f"{text} (statutory)" if role in STATUTORY_ROLES else text

    def _role_colours(self, row: dict[str, Any]) -> tuple[str, str] | None:
        role = self._person(row["person_id"]).get("role", "")
        return ("#e3f2fd", "#0d47a1") if role in STATUTORY_ROLES else None

    # ---------------------------------------------------------------- refreshing
    def refresh(self) -> None:
        record = self.record()
        for box in (self.timetable_box, self.agenda_box, self.invitees_box):
            box.setVisible(record is not None)
        if record is None:
            self.summary.hide()
            return
        board = self.ctx.current_board
        self._people = {p["id"]: p for p in registers.people_rows(board, include_archived=True)}
        self._agenda_rows = board.rows("agenda_item", parent_id=record["id"])
        self._starts = agenda_start_times(record["start_time"], self._agenda_rows)
        # a new item goes at the end; Move up puts it where it belongs
        self.agenda.form.fixed["position"] = max(
            [i["position"] or 0 for i in self._agenda_rows] + [0]) + 1
        self._fill_timetable(record)
        self.agenda.set_parent(record["id"])
        self._show_attached()
        self.invitees.set_parent(record["id"])
        invited = [self._person(i["person_id"]).get("role") for i in self.invitees.rows()]
        missing = [r for r in STATUTORY_ROLES if r not in invited]
        parts = []
        if missing:
            parts.append("Not invited: the " + ", the ".join(missing) + ". The Improvement "
                         "Notice (paragraph 6) requires them to be invited to every meeting.")
        end = self._agenda_end(record)
        if end:
            parts.append(f"The agenda runs to {clock(end)}"
                         + (f"; the meeting is set to end at {clock(record['end_time'])}."
                            if record.get("end_time") else "."))
        parts.append(f"Calendar version {record['ics_sequence'] or 0} (it goes up each time the "
                     "date, time or venue changes, so calendars update).")
        self.summary.setText(" ".join(parts))
        self.summary.setStyleSheet(f"color: {ERROR_COLOUR};" if missing else "")
        self.summary.show()
        self.agenda_box.setTitle(f"Agenda ({len(self._agenda_rows)} items)")
        self.invitees_box.setTitle(f"Invitees and attendance ({len(self.invitees.rows())})")

    def _agenda_end(self, record: dict[str, Any]) -> str | None:
        if not self._agenda_rows or not record.get("start_time"):
            return None
        last = self._agenda_rows[-1]
        start = self._starts[last["id"]]
        hour, minute = (int(x) for x in start.split(":"))
        at = dt.datetime(2000, 1, 1, hour, minute) + dt.timedelta(minutes=last["duration"] or 0)
        return f"{at:%H:%M}"

    def _fill_timetable(self, record: dict[str, Any]) -> None:
        today = self.ctx.today()
        steps = self.ctx.current_board.rows("cycle_step", parent_id=record["id"])
        table = self.timetable
        blocked = table.blockSignals(True)
        try:
            table.setRowCount(len(steps))
            for r, step in enumerate(steps):
                due, done = from_iso(step["due_date"]), from_iso(step["done_date"])
                state = rules.step_state(due, done, today)
                table.setItem(r, 0, table_item(rules.STEP_LABELS.get(step["step"], step["step"]),
                                               data=step["id"]))
                table.setItem(r, 1, table_item(short_date(due), tooltip=long_date(due)))
                table.setItem(r, 2, table_item(state[:1].upper() + state[1:],
                                               colours=(STATE_COLOURS[state], STATE_TEXT[state])))
                tick = QTableWidgetItem(short_date(done) if done else "Not done")
                tick.setData(STEP_ROLE, step["id"])
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if not self.is_read_only():
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                tick.setFlags(flags)
                tick.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
                tick.setToolTip(f"Tick when '{rules.STEP_LABELS.get(step['step'])}' is done")
                table.setItem(r, 3, tick)
            table.resizeColumnsToContents()
        finally:
            table.blockSignals(blocked)
        fit_table_height(table, 8)

    # ---------------------------------------------------------------- changing
    def tick_step(self, step_id: int, done: bool) -> Change | None:
        """Mark a timetable step done today (or not done)."""
        when = self.ctx.today() if done else None
        self.timetable_message.hide()
        try:
            change = self.ctx.apply(lambda b: b.set_step_done(step_id, when))
        except SendsecError as exc:
            self.timetable_message.setText(str(exc))
            self.timetable_message.show()
            self.refresh()
            return None
        self.changed.emit(change)
        return change

    def _step_ticked(self, item: QTableWidgetItem) -> None:
        if item.column() != 3 or self.is_read_only():
            return
        self.tick_step(item.data(STEP_ROLE), item.checkState() == Qt.CheckState.Checked)

    def _remove_invitee(self, row: dict[str, Any]) -> Change | None:
        person = self._person(row["person_id"])
        invitee = row["id"]
        if person.get("role") in STATUTORY_ROLES:
            if not StatutoryWarning.ask(self, person.get("name", ""), person["role"]):
                return None
            return self.ctx.apply(lambda b: b.remove_invitee(invitee, force=True))
        return self.ctx.apply(lambda b: b.remove_invitee(invitee))

    def sections_read_only(self, read_only: bool) -> None:
        self.agenda.set_read_only(read_only)
        self.invitees.set_read_only(read_only)
        for r in range(self.timetable.rowCount()):
            tick = self.timetable.item(r, 3)
            if tick is None:
                continue
            blocked = self.timetable.blockSignals(True)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if not read_only:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            tick.setFlags(flags)
            self.timetable.blockSignals(blocked)

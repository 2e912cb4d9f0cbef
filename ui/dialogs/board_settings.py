"""Board > Board settings…: the board's name, its notice dates, chair and secretary, the cycle
timetable, the risk bands and the council's Word template, in one dialog.

Each field is checked by the services as it is left (nothing is written then) and its
message shows next to it; Save writes every changed field in one change (one undo step,
logged field by field). A board open read-only shows its settings with every field
disabled. The template is checked for the styles the papers need before it is accepted.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.entities import entity
from sendsec.domain.errors import SendsecError, ValidationError
from ui.context import AppContext
from ui.widgets.fields import ERROR_COLOUR, FieldWidget, RefField, make_field, ref_options
from ui.widgets.guards import install_guards
from ui.widgets.record_form import FieldRow

BOARD = entity("board")

#: Timetable offsets are stored as signed working days (-20: 20 before the meeting); the
#: dialog shows days and says before or after.
BEFORE = ("off_request_updates", "off_updates_due", "off_papers_deadline",
          "off_papers_dispatched")
AFTER = ("off_draft_minutes_to_chair", "off_draft_minutes_circulated")
_OFFSET_LABELS = {
    "off_request_updates": "Request updates from owners",
    "off_updates_due": "Updates due back",
    "off_papers_deadline": "Papers deadline",
    "off_papers_dispatched": "Papers dispatched (clear days)",
    "off_draft_minutes_to_chair": "Draft minutes to the chair",
    "off_draft_minutes_circulated": "Draft minutes circulated",
}

#: (group title, fields) in the order they are shown; the first three groups on the left.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The board", ("name", "local_area", "lead_council", "chair_id", "secretary_id",
                   "quorum")),
    ("The inspection and the Improvement Notice", ("inspection_date", "report_date",
                                                   "notice_date", "target_date")),
    ("Papers", ("template_path",)),
    ("Meeting cycle timetable (working days)", BEFORE + AFTER),
    ("Risk scoring bands (likelihood x impact)", ("band_medium", "band_high",
                                                  "band_very_high")),
)
FIELDS = tuple(name for _, names in GROUPS for name in names)


class TemplateChooser:
    """Asks for the council's .docx template (a classmethod, so tests replace it)."""

    @classmethod
    def choose(cls, parent: QWidget | None, start: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, "Choose the council's Word template",
                                                start, "Word documents (*.docx);;All files (*)")
        return Path(chosen) if chosen else None


def _field(name: str):
    """Return the Field the dialog edits for `name` (offsets as days, 0 to 120)."""
    f = BOARD.field(name)
    if name in BEFORE or name in AFTER:
        when = "before" if name in BEFORE else "after"
        return dataclasses.replace(f, label=_OFFSET_LABELS[name], minimum=0, maximum=120,
                                   help=f"Working days {when} the meeting (weekends and bank "
                                        "holidays in England are skipped)")
    if name == "template_path":
        return dataclasses.replace(f, label="Council's Word template",
                                   help="A .docx with the styles the papers use; leave blank "
                                        "for the built-in house style")
    return f


class BoardSettingsDialog(QDialog):
    """The board's settings. Open it with `BoardSettingsDialog.open_for(parent, ctx, focus)`."""

    go_to = Signal(str)  # a tab the person asked for ('organisation', 'person')
    saved = Signal(object)  # the Change

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        install_guards()  # even before the main window is first painted (ui.widgets.guards)
        self.ctx = ctx
        self.setWindowTitle("Board settings")
        self.setAccessibleName("Board settings")
        self.rows: dict[str, FieldRow] = {}
        self._stored: dict[str, Any] = {}

        columns = QHBoxLayout()
        columns.setSpacing(12)
        left, right = QVBoxLayout(), QVBoxLayout()
        for i, (title, names) in enumerate(GROUPS):
            (left if i < 3 else right).addWidget(self._group(title, names))
        self.partners = QLabel(self)
        self.partners.setWordWrap(True)
        self.partners.setTextFormat(Qt.TextFormat.PlainText)
        self.partners.setAccessibleName("Partner organisations")
        self.partners_button = _button("Organisations...", "Go to the organisations", lambda: self._leave_for("organisation"), self)
        self.people_button = _button("People...", "Go to the people", lambda: self._leave_for("person"), self)
        partners_box = QGroupBox("Partner organisations and people", self)
        pb = QVBoxLayout(partners_box)
        pb.addWidget(self.partners)
        line = QHBoxLayout()
        line.addWidget(self.partners_button)
        line.addWidget(self.people_button)
        line.addStretch(1)
        pb.addLayout(line)
        right.addWidget(partners_box)
        left.addStretch(1)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        body = QWidget(self)
        body.setLayout(columns)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(body)
        self.scroll_area = scroll

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Board settings: message")
        self.message.hide()
        # neither button is a default button: Enter in a field finishes that field only
        self.save_button = _button("&Save", "Save the board settings", self.save, self)
        self.cancel_button = _button("Cancel", "Close without saving", self.reject, self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.message)
        outer.addLayout(buttons)
        self.load()
        self._fit_screen()

    # ------------------------------------------------------------------ building
    def _group(self, title: str, names: tuple[str, ...]) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setAccessibleName(title)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        for r, name in enumerate(names):
            f = _field(name)
            widget = make_field(f)
            row = FieldRow(widget, box)
            label = QLabel(f.label + (" *" if f.required else ""), box)
            label.setWordWrap(True)
            label.setBuddy(widget.control)
            grid.addWidget(label, r, 0, Qt.AlignmentFlag.AlignTop)
            if name == "template_path":
                holder = QWidget(box)
                line = QVBoxLayout(holder)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(row)
                buttons = QHBoxLayout()
                self.choose_button = _button("Choose...", "Choose the council's Word template", self.choose_template, holder)
                self.builtin_button = _button("Use the built-in style", "Use the built-in house style", self._use_builtin, holder)
                buttons.addWidget(self.choose_button)
                buttons.addWidget(self.builtin_button)
                buttons.addStretch(1)
                line.addLayout(buttons)
                grid.addWidget(holder, r, 1)
            else:
                grid.addWidget(row, r, 1)
            if name in BEFORE or name in AFTER:
                assert isinstance(widget.control, QSpinBox)  # a number of working days
                widget.control.setSuffix(" working days " + ("before" if name in BEFORE
                                                              else "after"))
                widget.control.setMaximumWidth(260)
                widget.control.setMinimumWidth(200)
            widget.edited.connect(lambda n=name: self.check(n))
            self.rows[name] = row
        return box

    def _fit_screen(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1040, 700
        if screen is not None:
            width = min(width, screen.width() - 40)
            height = min(height, screen.height() - 60)
        self.resize(width, height)

    # ------------------------------------------------------------------ reading
    def field_widget(self, name: str) -> FieldWidget:
        return self.rows[name].widget

    def error(self, name: str) -> str:
        """Return the message shown next to a field ('' when none)."""
        return self.rows[name].error_text

    def load(self) -> None:
        """Show the board's settings as stored; clear every message."""
        board = self.ctx.board
        if board is None:
            return
        self._stored = board.settings()
        people = ref_options(board, "person")
        for name, row in self.rows.items():
            widget = row.widget
            if isinstance(widget, RefField):
                widget.set_options(people)
            widget.set_value(self._shown(name, self._stored.get(name)))
            row.clear_error()
        organisations = [o["name"] for o in board.rows("organisation")]
        self.partners.setText(
            (("Partner organisations: " + ", ".join(organisations) + ".") if organisations else
             "No organisations yet: add the council, the health partners and the others the "
             "notice names on the Organisations tab.")
            + ("" if people else " No people yet: add the independent chair and the secretary "
               "on the People tab, then choose them here."))
        read_only = self.ctx.readonly
        for row in self.rows.values():
            row.widget.set_read_only(read_only)
        for button in (self.save_button, self.choose_button, self.builtin_button):
            button.setEnabled(not read_only)
        if read_only:
            self._say("This board is open read-only: its settings are shown but cannot be "
                      "changed.")
        else:
            self.message.hide()

    @staticmethod
    def _shown(name: str, stored: Any) -> Any:
        if name in BEFORE and stored is not None:
            return -int(stored)
        return stored

    @staticmethod
    def _stored_value(name: str, value: Any) -> Any:
        if name in BEFORE and isinstance(value, int):
            return -value
        return value

    def pending(self) -> dict[str, Any]:
        """Return {field: value as the services take it} for every field changed here."""
        out = {}
        for name, row in self.rows.items():
            if row.widget.is_dirty():
                out[name] = self._stored_value(name, row.widget.value())
        return out

    # ------------------------------------------------------------------ checking
    def check(self, name: str | None = None) -> bool:
        """Check the changed fields together (writing nothing); show each message next to its
        field. Return True if every change can be saved."""
        board = self.ctx.board
        if board is None or self.ctx.readonly:
            return False
        pending = self.pending()
        errors: dict[str, str] = {}
        if pending:
            try:
                board.validate("board", pending, record_id=1)
            except ValidationError as exc:
                errors = dict(exc.errors)
        if "template_path" in pending and "template_path" not in errors:
            why = template_problem(pending["template_path"])
            if why:
                errors["template_path"] = why
        for field_name, row in self.rows.items():
            if field_name in errors:
                row.show_error(errors[field_name])
            else:
                row.clear_error()
        if not errors:
            self.message.hide()
        return not errors

    # ------------------------------------------------------------------ the template
    def choose_template(self) -> None:
        current = self.rows["template_path"].widget.value() or ""
        start = str(Path(current).parent) if current else str(Path.home())
        chosen = TemplateChooser.choose(self, start)
        if chosen is None:
            return
        self._template_box().setText(str(chosen))
        self.check("template_path")

    def _template_box(self) -> QLineEdit:
        """Return the text box of the template's path."""
        control = self.rows["template_path"].widget.control
        assert isinstance(control, QLineEdit)  # a text field
        return control

    def _use_builtin(self) -> None:
        self._template_box().setText("")
        self.check("template_path")

    # ------------------------------------------------------------------ saving
    def save(self) -> bool:
        """Save every changed field in one change; return True if saved (or nothing changed).

        Anything refused stays on show with its message; nothing is written then.
        """
        if self.ctx.readonly:
            return False
        pending = self.pending()
        if not pending:
            self.accept()
            return True
        if not self.check():
            self._say("Nothing was saved: put right the fields marked in red, or Cancel.",
                      error=True)
            first = next(r for r in self.rows.values() if r.has_error)
            first.widget.control.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(first)
            return False
        try:
            change = self.ctx.apply(lambda b: b.update_settings(pending))
        except ValidationError as exc:
            for field_name, message in exc.errors.items():
                if field_name in self.rows:
                    self.rows[field_name].show_error(message)
            self._say("Nothing was saved: put right the fields marked in red, or Cancel.",
                      error=True)
            return False
        except SendsecError as exc:
            self._say(f"Nothing was saved: {exc}", error=True)
            return False
        self.saved.emit(change)
        self.accept()
        return True

    def _leave_for(self, tab: str) -> None:
        if self.pending() and not self.ctx.readonly:
            self._say("Save or cancel the changes here first.", error=True)
            return
        self.reject()
        self.go_to.emit(tab)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.message.show()

    def focus_field(self, name: str) -> None:
        """Put the keyboard focus in field `name` and scroll it into view."""
        control = self.rows[name].widget.control
        control.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll_area.ensureWidgetVisible(control)

    # ------------------------------------------------------------------ showing
    @classmethod
    def open_for(cls, parent: QWidget | None, ctx: AppContext,
                 focus: str | None = None) -> BoardSettingsDialog:
        """Show the dialog (window-modal, returning at once) with `focus` in its field."""
        dialog = cls(ctx, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.focus_field(focus or "name")
        return dialog


def _button(text: str, accessible: str, slot, parent: QWidget) -> QPushButton:
    """Return a push button that is never a default button (Enter stays in its field)."""
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible)
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    return button


def template_problem(path: str | None) -> str:
    """Return what is wrong with `path` as the board's Word template ('' if nothing is)."""
    if not path or not str(path).strip():
        return ""
    from sendsec.papers.template import load_council_template

    label = _field("template_path").label
    try:
        load_council_template(Path(str(path).strip()))
    except SendsecError as exc:
        text = str(exc).replace("The board's Word template", "The template", 1)
        text = text.replace("; choose another in the board settings or clear it to use the "
                            "built-in one", "")
        return f"{label}: {text}"
    return ""

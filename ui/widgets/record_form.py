"""A form for one record, built from its entity's Field specs.

Each field saves on its own when the person finishes editing it (no Save
button): the form calls `ctx.apply(lambda b: b.update(entity, id, {field: value}))`
so the change is validated, logged, undoable and announced. A refused value
shows the services' message in red under the field, writes nothing, and keeps
what the person typed. A blank form (`show_record(None)`) collects values and
adds the record with its Add button.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.entities import Entity, entity
from sendsec.domain.errors import NotFound, SendsecError, ValidationError
from sendsec.services.board import Change
from ui.context import AppContext
from ui.widgets.fields import ERROR_COLOUR, FieldWidget, RefField, make_field, ref_options
from ui.widgets.flow import FlowLayout, WrappingRow

#: A form row: a field name, or (row label, [field names]) shown side by side.
RowSpec = str | tuple[str, Sequence[str]]


class FieldRow(QWidget):
    """A field's input with the place for its error message under it."""

    def __init__(self, widget: FieldWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.widget = widget
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setAccessibleName(f"{widget.field.label}: problem")
        self.error.hide()
        layout.addWidget(self.error)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.widget.control.setAccessibleDescription(
            " ".join(filter(None, [message, "Required." if self.widget.field.required else ""])))
        self.widget.control.setToolTip(message)

    def clear_error(self) -> None:
        if self.error.isVisible() or self.error.text():
            self.error.clear()
            self.error.hide()
            self.widget.control.setAccessibleDescription(self.widget.description())
            self.widget.control.setToolTip(self.widget.field.help)

    @property
    def error_text(self) -> str:
        return self.error.text()

    @property
    def has_error(self) -> bool:
        return bool(self.error.text())


class RecordForm(QWidget):
    """Edits one record of `entity_name` field by field, or adds a new one.

    `rows` lists the rows (default: every editable field but the parent link);
    `fixed` holds values every new record gets (e.g. its parent's id);
    `defaults` the starting values of a blank form (values or callables);
    `after_add` is 'show' (go on editing the new record) or 'clear' (a fresh
    blank form, for adding one child record after another).
    """

    changed = Signal(object)  # the services Change after a successful edit or add
    created = Signal(int)  # the id of a record just added

    def __init__(self, ctx: AppContext, entity_name: str, parent: QWidget | None = None, *,
                 rows: Sequence[RowSpec] | None = None, fixed: dict[str, Any] | None = None,
                 defaults: dict[str, Any] | None = None, add_text: str | None = None,
                 after_add: str = "show", label_width: int = 170):
        super().__init__(parent)
        self.ctx = ctx
        self.entity: Entity = entity(entity_name)
        self.fixed = dict(fixed or {})
        self.defaults = dict(defaults or {})
        self.after_add = after_add
        self._record_id: int | None = None
        self._read_only = False
        self.rows: dict[str, FieldRow] = {}
        self.labels: dict[str, QLabel] = {}
        self.inline: dict[str, FlowLayout] = {}

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        self._grid = grid
        specs = list(rows) if rows is not None else self._default_rows()
        for r, spec in enumerate(specs):
            if isinstance(spec, str):
                f = self.entity.field(spec)
                label = self._label(f.label + (" *" if f.required else ""), label_width)
                row = self._field_row(spec)
                label.setBuddy(row.widget.control)
                self.labels[spec] = label
                grid.addWidget(label, r, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(row, r, 1)
            else:
                title, names = spec
                grid.addWidget(self._label(title, label_width), r, 0, Qt.AlignmentFlag.AlignTop)
                holder = WrappingRow(self, spacing=10)  # the fields wrap when the width runs out
                line = holder.flow
                for name in names:
                    f = self.entity.field(name)
                    pair = QWidget(holder)  # a field and its label stay together
                    pair_line = QHBoxLayout(pair)
                    pair_line.setContentsMargins(0, 0, 0, 0)
                    pair_line.setSpacing(6)
                    short = QLabel(_short_label(f.label, title) + (" *" if f.required else ""),
                                   pair)
                    row = self._field_row(name, pair)
                    short.setBuddy(row.widget.control)
                    self.labels[name] = short
                    pair_line.addWidget(short, 0, Qt.AlignmentFlag.AlignTop)
                    pair_line.addWidget(row, 0, Qt.AlignmentFlag.AlignTop)
                    line.addWidget(pair)
                self.inline[title] = line
                grid.addWidget(holder, r, 1)
        n = len(specs)
        self.form_error = QLabel(self)
        self.form_error.setWordWrap(True)
        self.form_error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.form_error.setAccessibleName("Problem with this form")
        self.form_error.hide()
        grid.addWidget(self.form_error, n, 0, 1, 2)
        bottom = QHBoxLayout()
        self.required_note = QLabel("* required", self)
        self.required_note.setStyleSheet("color: #505050;")
        self.required_note.setVisible(any(f.required for f in self._fields()))
        bottom.addWidget(self.required_note, 0, Qt.AlignmentFlag.AlignTop)
        bottom.addStretch(1)
        self.add_button = QPushButton(add_text or f"Add {self.entity.label.lower()}", self)
        self.add_button.setAccessibleName(self.add_button.text())
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        bottom.addWidget(self.add_button)
        grid.addLayout(bottom, n + 1, 0, 1, 2)

        self.refresh_options()
        ctx.changed.connect(self._on_changed)
        ctx.board_replaced.connect(self._on_board_replaced)
        self.show_record(None)

    # ------------------------------------------------------------------ building
    def _default_rows(self) -> list[str]:
        return [f.name for f in self.entity.fields
                if f.editable and f.name != self.entity.parent and f.name not in self.fixed]

    def _label(self, text: str, width: int) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setMaximumWidth(width)
        label.setMinimumWidth(min(width, 110))
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        return label

    def _field_row(self, name: str, parent: QWidget | None = None) -> FieldRow:
        f = self.entity.field(name)
        widget = make_field(f)
        row = FieldRow(widget, parent or self)
        widget.problem.connect(row.show_error)  # e.g. a typed name that matches no one
        widget.edited.connect(lambda n=name: self.commit(n))
        self.rows[name] = row
        return row

    def _fields(self):
        return [self.rows[n].widget.field for n in self.rows]

    # ------------------------------------------------------------------ reading
    @property
    def record_id(self) -> int | None:
        return self._record_id

    def field_widget(self, name: str) -> FieldWidget:
        return self.rows[name].widget

    def error(self, name: str) -> str:
        """Return the message shown under a field ('' when none)."""
        return self.rows[name].error_text

    def errors(self) -> dict[str, str]:
        return {n: r.error_text for n, r in self.rows.items() if r.has_error}

    def refused(self) -> dict[str, str]:
        """Return {field: message} for values typed and refused, still shown unsaved."""
        return {n: r.error_text for n, r in self.rows.items()
                if r.has_error and r.widget.is_dirty()}

    def typed_not_added(self) -> bool:
        """Return True when this is a blank form with something typed or chosen in it that
        its Add button has not yet added."""
        return self._record_id is None and not self._read_only \
            and any(row.widget.is_dirty() for row in self.rows.values())

    def focus_refused(self) -> None:
        """Put the focus in the first field whose typed value was refused."""
        for name in self.refused():
            self.rows[name].widget.control.setFocus()
            return

    def show_record(self, record_id: int | None) -> None:
        """Show the record with this id, or a blank form to add one (None)."""
        self._record_id = record_id
        self.form_error.hide()
        self.form_error.clear()
        for row in self.rows.values():
            row.clear_error()
        record = self._record() if record_id is not None else None
        if record_id is not None and record is None:
            self._record_id = None
        if record is None:
            for name, row in self.rows.items():
                row.widget.set_value(self._default(name))
        else:
            for name, row in self.rows.items():
                row.widget.set_value(record.get(name))
        had_focus = self.add_button.hasFocus()
        self.add_button.setVisible(self._record_id is None)
        self._apply_read_only()
        first = self.first_field()
        if had_focus and self._record_id is not None and first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)  # not the tabs Qt would pass it to

    def first_field(self) -> QWidget | None:
        """Return the control of the first field that can be edited, or None."""
        for row in self.rows.values():
            control = row.widget.control
            if control.isEnabled() and control.isVisibleTo(self):
                return control
        return None

    def _record(self) -> dict[str, Any] | None:
        if self.ctx.board is None or self._record_id is None:
            return None
        try:
            return self.ctx.board.get(self.entity.name, self._record_id)
        except NotFound:
            return None

    def _default(self, name: str) -> Any:
        if name in self.defaults:
            value = self.defaults[name]
            if not callable(value):
                return value
            if self.ctx.board is not None:  # computed defaults read the open board
                return value()
        return self.entity.field(name).default

    def refresh_options(self, entities: Iterable[str] | None = None) -> None:
        """Reload the choices of reference pickers (those pointing at `entities`, or all)."""
        if self.ctx.board is None:
            return
        wanted = set(entities) if entities is not None else None
        cache: dict[str, list[tuple[int, str]]] = {}
        for row in self.rows.values():
            w = row.widget
            if not isinstance(w, RefField) or w.field.ref is None:
                continue
            ref = w.field.ref
            if wanted is None or ref in wanted or (ref == "person" and "organisation" in wanted):
                if ref not in cache:
                    cache[ref] = ref_options(self.ctx.current_board, ref)
                w.set_options(cache[ref])

    # ------------------------------------------------------------------ writing
    def commit(self, name: str) -> Change | None:
        """Save one field if it changed; show the message under it if refused."""
        row = self.rows[name]
        widget = row.widget
        if self._read_only or widget.is_read_only():
            return None
        if self._record_id is None:  # a blank form saves with its Add button
            row.clear_error()
            return None
        if not widget.is_dirty():
            row.clear_error()
            return None
        value = widget.value()
        record_id, entity_name = self._record_id, self.entity.name
        return self._run(lambda b: b.update(entity_name, record_id, {name: value}), name)

    def commit_pending(self) -> None:
        """Save every field whose edit has not been saved yet (and is not refused)."""
        for name, row in self.rows.items():
            if row.widget.is_dirty() and not row.has_error:
                self.commit(name)

    def add(self) -> Change | None:
        """Add a record from the blank form; show what is wrong next to each field."""
        if self._read_only or self._record_id is not None:
            return None
        values = dict(self.fixed)
        for name, row in self.rows.items():
            value = row.widget.value()
            if value is not None and value != "":
                values[name] = value
        entity_name = self.entity.name
        change = self._run(lambda b: b.create(entity_name, values), None)
        if change is None:
            return None
        if self.after_add == "show":
            self.show_record(change.id)
        else:
            self.show_record(None)
        self.created.emit(change.id)
        return change

    def _run(self, call: Callable, name: str | None) -> Change | None:
        self.form_error.hide()
        try:
            change = self.ctx.apply(call)
        except ValidationError as exc:
            self._show_errors(exc, name)
            return None
        except SendsecError as exc:
            if name is not None:
                self.rows[name].show_error(str(exc))
            else:
                self._form_message(str(exc))
            return None
        if name is not None:
            self.rows[name].clear_error()
            record = self._record()
            if record is not None:  # show it as stored: '30 April 2026' reads '30/04/2026'
                self.rows[name].widget.set_value(record.get(name))
            else:
                self.rows[name].widget.mark_clean()
        else:
            for row in self.rows.values():
                row.clear_error()
        self.changed.emit(change)
        return change

    def _show_errors(self, exc: ValidationError, name: str | None) -> None:
        stray = []
        if name is None:  # adding: the fields now accepted lose what was said about them
            for field_name, row in self.rows.items():
                if field_name not in exc.errors:
                    row.clear_error()
        for field_name, message in exc.errors.items():
            if field_name in self.rows:
                self.rows[field_name].show_error(message)
            else:
                stray.append(message)
        if name is not None and name not in exc.errors:
            self.rows[name].show_error(str(exc))
        elif stray:
            self._form_message("; ".join(stray))
        if name is None:
            first = next((self.rows[n] for n in self.rows if n in exc.errors), None)
            if first is not None:
                first.widget.control.setFocus()

    def _form_message(self, text: str) -> None:
        self.form_error.setText(text)
        self.form_error.show()

    # ------------------------------------------------------------------ state
    def set_read_only(self, read_only: bool) -> None:
        """Disable (or enable) every edit control of the form."""
        self._read_only = read_only
        self._apply_read_only()

    def is_read_only(self) -> bool:
        return self._read_only or self.ctx.readonly

    def _apply_read_only(self) -> None:
        ro = self.is_read_only()
        for row in self.rows.values():
            row.widget.set_read_only(ro)
        self.add_button.setEnabled(not ro)

    def _on_changed(self, change: Change) -> None:
        refs = {row.widget.field.ref for row in self.rows.values()
                if isinstance(row.widget, RefField)}
        touched = set(change.entities)
        if touched & (refs | {"organisation"}):
            self.refresh_options(touched)
        if self._record_id is None or self.entity.name not in touched:
            return
        record = self._record()
        if record is None:
            return
        for name, row in self.rows.items():
            if row.has_error or row.widget.is_dirty():
                continue  # keep what the person typed and is still working on
            row.widget.set_value(record.get(name))

    def _on_board_replaced(self) -> None:
        self.refresh_options()
        self.show_record(None)


def _short_label(label: str, row_title: str) -> str:
    """'Inherent likelihood' in the row 'Inherent' reads 'Likelihood'."""
    first = row_title.split()[0].lower() if row_title else ""
    words = label.split()
    if words and words[0].lower() == first and len(words) > 1:
        rest = " ".join(words[1:])
        return rest[:1].upper() + rest[1:]
    return label

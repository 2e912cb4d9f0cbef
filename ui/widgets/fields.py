"""One input widget per field kind, driven by `sendsec.domain.entities.Field` specs.

Every widget shows a stored value (`set_value`), hands back what the person
typed (`value`, passed as it is to the services, which parse and validate it)
and emits `edited` when the person has finished an edit and it should be
saved. `is_dirty` says whether what is shown differs from what was stored, so
a field that was left without a change never writes, and a field whose value
was refused keeps what the person typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from sendsec.domain import rules
from sendsec.domain.dates import from_iso, short_date
from sendsec.domain.entities import LONG_TEXT, Field
from ui.widgets.guards import install_guards

#: Fill colours for RAG ratings (always shown with the word, never alone).
#: (The same palette as the tables' colour chips.)
RAG_COLOURS = {"red": "#c62828", "amber": "#f2a900", "green": "#2e7d32", "blue": "#1565c0"}
#: Text colour that reads on each RAG fill.
RAG_TEXT = {"red": "#ffffff", "amber": "#000000", "green": "#ffffff", "blue": "#ffffff"}
#: Fill colours for risk bands and timetable step states.
BAND_COLOURS = {"low": "#2e7d32", "medium": "#f2a900", "high": "#e65100", "very high": "#b71c1c"}
#: (Black on the orange of "high": white on it reads at 3.8:1, black at 5.5:1.)
BAND_TEXT = {"low": "#ffffff", "medium": "#000000", "high": "#000000", "very high": "#ffffff"}
STATE_COLOURS = {"overdue": "#c62828", "due soon": "#f2a900", "done": "#2e7d32",
                 "upcoming": "#9e9e9e"}
STATE_TEXT = {"overdue": "#ffffff", "due soon": "#000000", "done": "#ffffff",
              "upcoming": "#000000"}
ERROR_COLOUR = "#B00020"
NOT_SET = "not set"


class WrappingLabel(QLabel):
    """A word-wrapped label that asks its layout for the height its text needs at its
    width (a plain wrapped QLabel in a form is often given one line and clipped)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        needed = self.heightForWidth(max(self.width(), 120))
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

def swatch(colour: str, size: int = 12) -> QIcon:
    """Return a small square icon filled with `colour` (with a dark outline)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setPen(QColor("#404040"))
    painter.setBrush(QColor(colour))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    icon = QIcon(pix)
    icon.addPixmap(pix, QIcon.Mode.Disabled)  # a read-only field keeps its colour
    return icon


def readable_when_disabled(widget: QWidget) -> None:
    """Give `widget`'s disabled state the text colours of its normal state, so a read-only
    field (disabled so it cannot be changed) reads as clearly as an editable one."""
    palette = widget.palette()
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText, QPalette.ColorRole.PlaceholderText):
        palette.setColor(QPalette.ColorGroup.Disabled, role,
                         palette.color(QPalette.ColorGroup.Active, role))
    widget.setPalette(palette)


def choice_text(field: Field, value: str) -> str:
    """Return how a choice reads in a list: 'Green' for a RAG, 'Not started' for a status."""
    if field.name == "rag":
        return rules.rag_label(value)
    return value[:1].upper() + value[1:] if value[:1].islower() else value


def format_float(value: float | None) -> str:
    """Return a stored number as a person would type it: 45 not 45.0, 12.5 as 12.5."""
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


class FieldWidget(QWidget):
    """The input for one field. Subclasses set `self.control` (the focusable part)."""

    edited = Signal()  # the person finished an edit that should be saved
    shown = Signal()  # a stored value was put on show (set_value)
    problem = Signal(str)  # something the person typed was not taken (shown by the field)

    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        self.control: QWidget
        self._read_only = False
        self._shown: Any = None
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)

    def _name(self, control: QWidget) -> None:
        control.setAccessibleName(self.field.label)
        if self.field.help:
            control.setToolTip(self.field.help)
        control.setAccessibleDescription(self.description())

    def description(self) -> str:
        """What a screen reader says after the field's name: 'Required.' (the '*' next to
        the label, in words) and the field's help."""
        words = ["Required."] if self.field.required else []
        if self.field.help:
            words.append(self.field.help)
        return " ".join(words)

    # the interface used by RecordForm
    def set_value(self, stored: Any) -> None:
        """Show a stored value (as the services return it) without emitting `edited`."""
        self._shown = stored
        blocked = self.control.blockSignals(True)
        try:
            self._show(stored)
        finally:
            self.control.blockSignals(blocked)
        self.shown.emit()

    def _show(self, stored: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        """Return what the person entered, for the services to parse and check."""
        raise NotImplementedError

    def is_dirty(self) -> bool:
        """Return True when what is shown differs from the value last set."""
        return self._normal(self.value()) != self._normal(self._shown)

    @staticmethod
    def _normal(value: Any) -> Any:
        if value is None:
            return ""
        return value.strip() if isinstance(value, str) else value

    def mark_clean(self) -> None:
        """Treat what is shown now as the stored value."""
        self._shown = self.value()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only or not self.field.editable
        if self._read_only:
            readable_when_disabled(self.control)
        self.control.setEnabled(not self._read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    def controls(self) -> list[QWidget]:
        """Return every widget a person could edit with."""
        return [self.control]


class _LineField(FieldWidget):
    placeholder = ""

    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        self.control = self.edit = QLineEdit(self)
        # Qt would silently cut a paste at 32,767 characters; let the services say what is
        # too long instead, keeping every character the person pasted
        self.edit.setMaxLength(LONG_TEXT * 10)
        self.edit.setPlaceholderText(self.placeholder)
        self._name(self.edit)
        self._layout.addWidget(self.edit)
        self.edit.editingFinished.connect(self.edited)
        self.edit.returnPressed.connect(self.edited)

    def _display(self, stored: Any) -> str:
        return "" if stored is None else str(stored)

    def _show(self, stored: Any) -> None:
        self.edit.setText(self._display(stored))
        self.edit.setCursorPosition(0)

    def value(self) -> str:
        return self.edit.text()

    def is_dirty(self) -> bool:
        return self.edit.text().strip() != self._display(self._shown).strip()

    def mark_clean(self) -> None:
        self._shown = self.edit.text()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only or not self.field.editable
        self.edit.setReadOnly(self._read_only)  # still selectable, so it can be copied
        self.edit.setFrame(not self._read_only)  # and it no longer looks like an input
        self.edit.setPlaceholderText("" if self._read_only else self.placeholder)


class TextField(_LineField):
    """A short text: one line."""


class EmailField(_LineField):
    placeholder = "name@example.gov.uk"


class FloatField(_LineField):
    placeholder = "a number, e.g. 62.5"

    def _display(self, stored: Any) -> str:
        if isinstance(stored, (int, float)) and not isinstance(stored, bool):
            return format_float(stored)
        return "" if stored is None else str(stored)


class TimeField(_LineField):
    placeholder = "e.g. 10:00 or 2.30pm"

    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        # as wide as the hint in the laptop's font, with the frame and Qt's 2px inner margin
        # (an empty 'Meeting closed at' read 'e.g. 10:00 or 2.3...' at 140px)
        frame = self.edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
        hint = self.edit.fontMetrics().horizontalAdvance(self.placeholder)
        self.edit.setFixedWidth(max(140, hint + 2 * frame + 10))
        self._layout.addStretch(1)


class DateField(_LineField):
    """A date typed the UK way (31/01/2025, 31 Jan 2025) or picked from a calendar; may be empty."""

    placeholder = "dd/mm/yyyy"

    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        self.edit.setMaximumWidth(150)
        self.button = QToolButton(self)
        self.button.setText("Calendar")
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.setAccessibleName(f"Pick {field.label.lower()} from a calendar")
        self.button.setToolTip("Pick from a calendar (Alt+Down in the date box)")
        self.button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # the style draws the menu arrow over the word: the word says what it does
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.menu = QMenu(self.button)
        self.calendar = QCalendarWidget(self.menu)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setAccessibleName(f"{field.label}: calendar")
        holder = QWidgetAction(self.menu)
        holder.setDefaultWidget(self.calendar)
        self.menu.addAction(holder)
        self.clear_action = self.menu.addAction("No date")
        self.menu.aboutToShow.connect(self._prepare_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.clear_action.triggered.connect(self._cleared)
        self.button.setMenu(self.menu)
        self._layout.addWidget(self.button)
        self._layout.addStretch(1)
        self.edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (watched is self.edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier
                and not self._read_only):
            self.button.showMenu()
            return True
        return super().eventFilter(watched, event)

    def _display(self, stored: Any) -> str:
        if isinstance(stored, str) and len(stored) == 10 and stored[4] == "-":
            try:
                return short_date(stored)
            except ValueError:
                return stored
        return "" if stored is None else str(stored)

    def _prepare_calendar(self) -> None:
        try:
            current = from_iso(self._shown) if isinstance(self._shown, str) else None
        except ValueError:
            current = None
        day = current or dt.date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, qdate) -> None:
        day = dt.date(qdate.year(), qdate.month(), qdate.day())
        self.edit.setText(short_date(day))
        self.menu.hide()
        self.edited.emit()

    def _cleared(self) -> None:
        self.edit.clear()
        self.edited.emit()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.button.setEnabled(not self._read_only)

    def controls(self) -> list[QWidget]:
        return [self.edit, self.button]


class _GrowingPlainTextEdit(QPlainTextEdit):
    """A plain-text box that grows with its text (up to `max_lines`) and reports leaving it."""

    left = Signal()

    def __init__(self, parent: QWidget | None = None, min_lines: int = 2, max_lines: int = 14):
        super().__init__(parent)
        self.min_lines, self.max_lines = min_lines, max_lines
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().contentsChanged.connect(self._fit)
        self._fit()

    def _visual_lines(self) -> int:
        lines, block = 0, self.document().firstBlock()
        while block.isValid() and lines <= self.max_lines:
            layout = block.layout()
            lines += max(1, layout.lineCount() if layout is not None else 1)
            block = block.next()
        return lines

    def _fit(self) -> None:
        lines = min(self.max_lines, max(self.min_lines, self._visual_lines()))
        margins = self.contentsMargins()
        doc_margin = int(self.document().documentMargin() * 2)
        height = lines * self.fontMetrics().lineSpacing() + doc_margin + margins.top() \
            + margins.bottom() + 4
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.left.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.left.emit()  # Ctrl+Enter saves without leaving the box
            return
        super().keyPressEvent(event)


class LongTextField(FieldWidget):
    """A long text that grows as it fills; keeps pasted text (vertical tabs, emoji) exactly."""

    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        self.control = self.edit = _GrowingPlainTextEdit(self)
        self._name(self.edit)
        self._layout.addWidget(self.edit)
        self.edit.left.connect(self.edited)
        self._raw_shown = ""

    def _raw(self) -> str:
        # toRawText keeps no-break spaces, vertical tabs and line separators that
        # toPlainText would rewrite; paragraph breaks come back as U+2029.
        return self.edit.document().toRawText()

    def _show(self, stored: Any) -> None:
        self.edit.setPlainText("" if stored is None else str(stored))
        self._raw_shown = self._raw()

    def value(self) -> str:
        raw = self._raw()
        if raw == self._raw_shown and isinstance(self._shown, str):
            return self._shown  # untouched: exactly what is stored, \r\n and all
        return raw.replace("\u2029", "\n")

    def is_dirty(self) -> bool:
        return self._raw() != self._raw_shown

    def mark_clean(self) -> None:
        self._shown = self.value()
        self._raw_shown = self._raw()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only or not self.field.editable
        self.edit.setReadOnly(self._read_only)
        self.edit.setStyleSheet("QPlainTextEdit { background: transparent; }"
                                if self._read_only else "")


class IntField(FieldWidget):
    """A whole number within the field's limits, with a 'not set' state below the minimum."""

    STEP_DELAY_MS = 400

    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        self.control = self.spin = _SteppingSpinBox(self)
        low = int(field.minimum) if field.minimum is not None else -1_000_000
        high = int(field.maximum) if field.maximum is not None else 1_000_000
        self.spin.setRange(low - 1, high)
        self.spin.setSpecialValueText(NOT_SET)
        self.spin.setMinimumWidth(90)
        self.spin.setMaximumWidth(120)
        self.spin.setKeyboardTracking(False)
        self._name(self.spin)
        self._layout.addWidget(self.spin)
        self._layout.addStretch(1)
        # arrows and the mouse wheel change the value step by step: save once they pause
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.STEP_DELAY_MS)
        self._timer.timeout.connect(self.edited)
        self.spin.stepped.connect(self._timer.start)
        self.spin.editingFinished.connect(self._finished)

    def _finished(self) -> None:
        self._timer.stop()
        self.edited.emit()

    def _show(self, stored: Any) -> None:
        self.spin.setValue(self.spin.minimum() if stored is None else int(stored))

    def value(self) -> int | None:
        v = self.spin.value()
        return None if v == self.spin.minimum() else v

    @property
    def valueChanged(self):  # noqa: N802 - mirrors QSpinBox for listeners (live scores)
        return self.spin.valueChanged


class _SteppingSpinBox(QSpinBox):
    stepped = Signal()

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt API
        super().stepBy(steps)
        self.stepped.emit()


class BoolField(FieldWidget):
    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        self.control = self.box = QCheckBox(self)
        self._name(self.box)
        self._layout.addWidget(self.box)
        self._layout.addStretch(1)
        self.box.toggled.connect(self.edited)

    def _show(self, stored: Any) -> None:
        self.box.setChecked(bool(stored))

    def value(self) -> bool:
        return self.box.isChecked()

    def is_dirty(self) -> bool:
        return self.box.isChecked() != bool(self._shown)


#: A measure's direction as its field offers it: neither (stored empty: a count of demand,
#: whose trend reads rising or falling), higher or lower is better (1, 0).
DIRECTIONS = ((None, "Neither: a count of demand (rising or falling)"),
              (1, "Yes: higher is better"), (0, "No: lower is better"))


class ChoiceField(FieldWidget):
    """A closed list. Optional fields offer an empty entry; a RAG shows its colour and meaning."""

    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        self.control = self.combo = QComboBox(self)
        self._name(self.combo)
        self.is_rag = field.name == "rag"
        if field.kind == "direction":
            for stored, text in DIRECTIONS:
                self.combo.addItem(text, stored)
        elif not field.required:
            self.combo.addItem("Not rated" if self.is_rag else "", None)
        elif field.default is None:  # required with no default: the person must choose
            self.combo.addItem("Choose a rating" if self.is_rag else "Choose one", None)
        for choice in field.choices:
            if self.is_rag:
                self.combo.addItem(swatch(RAG_COLOURS[choice]), choice_text(field, choice), choice)
            else:
                self.combo.addItem(choice_text(field, choice), choice)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.meaning: QLabel | None = None
        if self.is_rag:
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignLeft)
            self.meaning = WrappingLabel(self)
            self.meaning.setStyleSheet("color: #404040;")
            column.addWidget(self.meaning)
            self._layout.addLayout(column, 1)
            self.combo.currentIndexChanged.connect(self._show_meaning)
        else:
            self._layout.addWidget(self.combo)
            self._layout.addStretch(1)
        self.combo.currentIndexChanged.connect(self.edited)

    def _show_meaning(self) -> None:
        if self.meaning is not None:
            rag = self.combo.currentData()
            self.meaning.setText(rules.RAG_MEANINGS[rag] if rag else
                                 ("No RAG rating yet" if not self.field.required else
                                  "Blue complete, Green on track, Amber at risk, Red off track"))
            self.combo.setAccessibleDescription(self.meaning.text())

    def _show(self, stored: Any) -> None:
        index = self.combo.findData(stored) if stored is not None else 0
        if index < 0 and stored is not None:  # a value from an older list: keep it visible
            self.combo.addItem(str(stored), stored)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))
        self._show_meaning()

    def value(self) -> str | None:
        return self.combo.currentData()

    def set_value(self, stored: Any) -> None:
        super().set_value(stored)
        self._show_meaning()


class RefField(FieldWidget):
    """A searchable picker of another record (people read 'Name (Organisation)')."""

    def __init__(self, field: Field, parent: QWidget | None = None):
        super().__init__(field, parent)
        self.control = self.combo = QComboBox(self)
        self.combo.setEditable(True)
        line = self.combo.lineEdit()
        if line is None:  # pragma: no cover - an editable combo box has its line edit
            raise RuntimeError("the picker has no text box")
        self._line: QLineEdit = line
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.setMinimumContentsLength(18)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        self._line.setPlaceholderText("type to search")
        self._name(self.combo)
        self._line.setAccessibleName(field.label)
        self._line.setAccessibleDescription(self.description())
        self._layout.addWidget(self.combo)
        self._options: list[tuple[int, str]] = []
        self.combo.currentIndexChanged.connect(self.edited)
        self._line.editingFinished.connect(self._typed)
        # then show the label's start (an area's code), not the end the typing left in view
        self._line.editingFinished.connect(lambda: self._line.setCursorPosition(0))

    def set_options(self, options: list[tuple[int, str]]) -> None:
        """Offer these (id, label) pairs, keeping the current choice."""
        current = self.combo.currentData()
        self._options = list(options)
        blocked = self.combo.blockSignals(True)
        try:
            self.combo.clear()
            self.combo.addItem("", None)
            for record_id, label in self._options:
                self.combo.addItem(label, record_id)
            self._select(current if current is not None else self._shown)
        finally:
            self.combo.blockSignals(blocked)

    def _select(self, record_id: Any) -> None:
        if record_id is None:
            self.combo.setCurrentIndex(0)
            return
        index = self.combo.findData(record_id)
        if index < 0:  # archived or otherwise not on offer: still show who it is
            self.combo.addItem(f"#{record_id} (archived)", record_id)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)
        self._line.setCursorPosition(0)  # show the start of a long label

    def _typed(self) -> None:
        """After typing: pick the entry that matches, clear for blank, else restore."""
        text = self._line.text().strip()
        if not text:
            if self.combo.currentIndex() != 0:
                self.combo.setCurrentIndex(0)
            return
        exact = [i for i in range(self.combo.count())
                 if self.combo.itemText(i).lower() == text.lower()]
        partial: list[int] = []
        if not exact:
            partial = [i for i in range(1, self.combo.count())
                       if text.lower() in self.combo.itemText(i).lower()]
            exact = partial if len(partial) == 1 else []
        if exact:
            if self.combo.currentIndex() != exact[0]:
                self.combo.setCurrentIndex(exact[0])
            else:
                self._line.setText(self.combo.itemText(exact[0]))
            return
        kept = self.combo.itemText(self.combo.currentIndex()) \
            if self.combo.currentIndex() >= 0 else ""
        self.combo.setEditText(kept)
        self.problem.emit(self._unmatched(text, partial, kept))

    def _unmatched(self, text: str, partial: list[int], kept: str) -> str:
        """Say why what was typed was not taken, and what the field still holds."""
        from sendsec.domain.entities import entity

        target = entity(self.field.ref) if self.field.ref else None
        one = target.label.lower() if target else "entry"
        still = f"{self.field.label} is still {kept}." if kept.strip() \
            else f"{self.field.label} is still empty."
        if partial:
            many = target.plural.lower() if target else "entries"
            return f"'{text}' matches {len(partial)} {many}: choose one from the list. {still}"
        return f"No {one} matches '{text}'. {still}"

    def _show(self, stored: Any) -> None:
        self._select(stored)

    def value(self) -> int | None:
        return self.combo.currentData()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.combo.sizeHint()


_KINDS: dict[str, type[FieldWidget]] = {
    "text": TextField,
    "email": EmailField,
    "longtext": LongTextField,
    "date": DateField,
    "time": TimeField,
    "int": IntField,
    "float": FloatField,
    "bool": BoolField,
    "direction": ChoiceField,
    "choice": ChoiceField,
    "ref": RefField,
}


def make_field(field: Field, parent: QWidget | None = None) -> FieldWidget:
    """Return the input widget for `field` (by its kind)."""
    try:
        cls = _KINDS[field.kind]
    except KeyError:
        raise ValueError(f"No widget for field kind {field.kind!r}") from None
    install_guards()  # the wheel changes no field without the focus (and the other guards)
    return cls(field, parent)


def ref_options(board, entity_name: str) -> list[tuple[int, str]]:
    """Return (id, label) pairs for a picker of `entity_name` (registers.picker_options)."""
    from sendsec.services import registers

    return registers.picker_options(board, entity_name)

"""The mouse wheel never changes a field the person has not put the focus in.

Qt lets the wheel change a combo box, spin box or date box under the pointer
even when the person is only scrolling past it, and every edit here is saved
at once. An application-wide guard (`install_wheel_guard`) fixes this for
every window and dialog:

- value fields (combo boxes, spin boxes and date boxes, sliders) take the
  focus by click or Tab only (`StrongFocus`), never by the wheel;
- a wheel over such a field without the focus scrolls the nearest scroll area
  around it that can scroll (the editor), and the field is left as it was;
- with the focus (clicked or tabbed into), the wheel changes it as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

from ui.widgets.app_events import listen, listening

_WHEEL = QEvent.Type.Wheel
_POLISH = QEvent.Type.Polish
_POLISHED = Qt.WidgetAttribute.WA_WState_Polished
_WHEEL_FOCUS = Qt.FocusPolicy.WheelFocus
_STRONG_FOCUS = Qt.FocusPolicy.StrongFocus
_VALUE_FIELDS = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def is_value_field(widget: QObject) -> bool:
    """Return True for a widget whose value the wheel would change (not a scroll bar)."""
    return isinstance(widget, _VALUE_FIELDS) and not isinstance(widget, QScrollBar)


def has_focus_within(widget: QWidget) -> bool:
    """Return True when `widget` or a part of it (an editable combo's text) has the focus."""
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


def scroll_area_for(widget: QWidget) -> QAbstractScrollArea | None:
    """Return the scroll area the wheel over `widget` should scroll: the innermost one
    around it that can scroll vertically, else the innermost one (None if there is none)."""
    innermost = None
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            innermost = innermost or parent
            bar = parent.verticalScrollBar()
            if bar.maximum() > bar.minimum():
                return parent
        parent = parent.parentWidget()
    return innermost


def _wheel(watched: QObject, event: QEvent) -> bool:
    if is_value_field(watched) and not has_focus_within(watched):  # type: ignore[arg-type]
        _scroll_instead(watched, event)  # type: ignore[arg-type]
        return True
    return False


def _polish(watched: QObject, _event: QEvent) -> bool:
    if is_value_field(watched) and watched.focusPolicy() == _WHEEL_FOCUS:  # type: ignore[attr-defined]
        watched.setFocusPolicy(_STRONG_FOCUS)  # type: ignore[attr-defined]
    return False


def _scroll_instead(field: QWidget, event: QWheelEvent) -> None:
    area = scroll_area_for(field)
    if area is None:
        return
    viewport = area.viewport()
    inside = viewport.mapFromGlobal(event.globalPosition().toPoint())
    forwarded = QWheelEvent(inside.toPointF(), event.globalPosition(), event.pixelDelta(),
                            event.angleDelta(), event.buttons(), event.modifiers(),
                            event.phase(), event.inverted(), event.source())
    QApplication.sendEvent(viewport, forwarded)


def install_wheel_guard() -> None:
    """Guard every field of the running QApplication (once; later calls do nothing).

    Fields made from now on are set up as Qt polishes them; those already polished (the
    main window installs the guard once it is painted) are set up now."""
    if listening(_POLISH, _polish):
        return
    listen(_WHEEL, _wheel)
    listen(_POLISH, _polish)
    app = QApplication.instance()
    if listening(_POLISH, _polish) and isinstance(app, QApplication):
        for widget in app.allWidgets():
            if widget.testAttribute(_POLISHED):
                _polish(widget, None)  # type: ignore[arg-type]

"""A record's child list (agenda items with their 'Attach paper...' row, invitees, action
updates, risk reviews, measure data points) keeps its wrapping New / Move / Remove
buttons between the table and the row below, in a narrow editor as well as a wide one,
even where a parent gives the list only its minimum height."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget

from ui import main_window as mw
from ui.settings import AppSettings

SECTIONS = {"meetings": ("agenda", "invitees"), "actions": ("updates",),
            "risks": ("reviews",), "measures": ("points",)}


def rect_in(widget: QWidget, root: QWidget) -> QRect:
    return QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())


def overlaps(section) -> list[str]:
    """Which of the table, the buttons and the widgets below them overlap each other."""
    parts = [section.table]
    parts += [section.new_button, section.up_button, section.down_button, section.remove_button]
    column = section._column
    below = [column.itemAt(i).widget() for i in range(column.count())]
    below = [w for w in below if w is not None and w is not section.table
             and not w.isAncestorOf(section.new_button)]
    parts += below
    shown = [(w, rect_in(w, section)) for w in parts
             if w is not None and w.isVisibleTo(section) and w.height() > 0]
    found = []
    for i, (a, ra) in enumerate(shown):
        for b, rb in shown[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            if ra.intersects(rb):
                found.append(f"{a.accessibleName() or type(a).__name__} {ra} overlaps "
                             f"{b.accessibleName() or type(b).__name__} {rb}")
    return found


def buttons_height(section) -> int:
    """From the top of the first row of buttons to the bottom of the last."""
    shown = [b for b in (section.new_button, section.up_button, section.down_button,
                         section.remove_button) if b is not None and b.isVisibleTo(section)]
    rects = [rect_in(b, section) for b in shown]
    return max(r.bottom() for r in rects) - min(r.top() for r in rects) + 1


def reserved_for_buttons(section) -> int:
    """The minimum height the list's layout keeps for its row of buttons."""
    column = section._column
    for i in range(column.count()):
        item = column.itemAt(i)
        holder = item.widget()
        if (holder is not None and holder.isAncestorOf(section.new_button)) or (
                item.layout() is not None and item.layout().indexOf(section.new_button) >= 0):
            return item.minimumSize().height()
    raise AssertionError("the buttons are not in the list's layout")


@pytest.mark.parametrize("width", [800, 1366])
def test_child_list_buttons_sit_between_the_table_and_the_row_below(
        qtbot, demo_copy, tmp_path, width):
    settings = AppSettings(tmp_path / "app.ini")
    settings.set_current_tab("actions")  # closed last on Actions: the other editors come later
    window = mw.MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.open_path(demo_copy)
    window.show()
    qtbot.waitExposed(window)
    window.resize(width, 600)
    problems = []
    for key, names in SECTIONS.items():
        tab = window.register_tabs[key]
        window.tabs.setCurrentWidget(tab)
        tab.view.selectRow(0)
        for _ in range(3):  # the rows ask for their wrapped height, the parents re-lay out
            QApplication.processEvents()
        for name in names:
            section = getattr(tab.editor, name)
            assert section.new_button.isVisibleTo(section)
            problems += [f"{key}.{name} as laid out: {p}" for p in overlaps(section)]
            # a parent that honours only minimum sizes (not height-for-width)
            span = buttons_height(section)
            if span > reserved_for_buttons(section):
                problems.append(f"{key}.{name}: the buttons take {span}px but a parent that "
                                f"honours only minimum sizes gives them "
                                f"{reserved_for_buttons(section)}px")
    assert not problems, "\n".join(problems)
    window.close()


def test_a_record_forms_wrapped_pair_of_fields_keeps_its_height(qtbot, demo_copy, tmp_path):
    """The risk's Likelihood / Impact pairs wrap onto two lines in a narrow editor; the
    form keeps both lines' height even where a parent honours only minimum sizes."""
    window = mw.MainWindow(settings=AppSettings(tmp_path / "app.ini"))
    qtbot.addWidget(window)
    window.open_path(demo_copy)
    window.show()
    qtbot.waitExposed(window)
    window.resize(800, 600)
    tab = window.register_tabs["risks"]
    window.tabs.setCurrentWidget(tab)
    tab.view.selectRow(0)
    for _ in range(3):
        QApplication.processEvents()
    form = tab.editor.form
    grid = form.layout()
    checked = 0
    for title, line in form.inline.items():
        holder = line.parentWidget()
        pairs = [line.itemAt(i).widget() for i in range(line.count())]
        span = max(p.geometry().bottom() for p in pairs) - min(p.y() for p in pairs) + 1
        if len({p.y() for p in pairs}) < 2:
            continue  # not wrapped at this width
        checked += 1
        reserved = grid.itemAt(grid.indexOf(holder)).minimumSize().height()
        assert span <= reserved, f"{title}: the fields take {span}px, the form keeps {reserved}px"
    assert checked >= 1
    window.close()

"""What the window says reads as English, and what it colours can be read: labels show
no stray '&', counts name what they count, coloured cells and read-only fields keep a
contrast of at least 4.5:1."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from sendsec.domain.entities import entity
from ui.dialogs.first_run import NewBoardForm
from ui.editors.base import read_only_table, table_item
from ui.widgets import fields, rag
from ui.widgets.contrast import contrast, readable_selection
from ui.widgets.fields import ChoiceField


def test_a_label_with_a_shortcut_letter_has_a_field_to_go_to(qtbot):
    form = NewBoardForm()
    qtbot.addWidget(form)
    with_shortcut = [lb for lb in form.findChildren(QLabel)
                     if "&" in lb.text().replace("&&", "")]
    assert {lb.text() for lb in with_shortcut} >= {"&Folder:"}
    for label in with_shortcut:  # without a buddy Qt shows the '&' itself
        assert label.buddy() is not None, label.text()
    folder = next(lb for lb in with_shortcut if lb.text() == "&Folder:")
    assert folder.buddy() is form.folder


def test_counts_under_the_tables_name_what_they_count(window, qtbot):
    impact = window.register_tabs["impact"]
    window.tabs.setCurrentWidget(impact)
    assert impact.count_label.text() == "2 impact log entries"
    assert impact.count_label.accessibleName() == "2 impact log entries"
    qtbot.keyClicks(impact.search, "strategy")
    assert impact.count_label.text() == "Showing 1 of 2 impact log entries"
    window.tabs.setCurrentWidget(window.register_tabs["measures"])
    assert window.register_tabs["measures"].count_label.text() == "1 measure"
    window.tabs.setCurrentWidget(window.register_tabs["people"])
    assert window.register_tabs["people"].count_label.text() == "7 people"


def test_the_status_bar_names_the_field_and_the_person(window):
    board = window.ctx.board
    meeting = board.rows("meeting")[-1]
    invitee = next(r for r in board.rows("invitee", parent_id=meeting["id"])
                   if board.label("person", r["person_id"]) == "Priya Health")
    window.ctx.apply(lambda b: b.update("invitee", invitee["id"], {"attendance": "apologies"}))
    message = window.statusBar().currentMessage()
    assert "Changed the attendance of invitee Priya Health (Meeting 3" in message
    assert "invitee 1" not in message.replace("Priya", "")


@pytest.mark.parametrize("fills,texts", [(fields.STATE_COLOURS, fields.STATE_TEXT),
                                         (fields.BAND_COLOURS, fields.BAND_TEXT),
                                         (fields.RAG_COLOURS, fields.RAG_TEXT)])
def test_every_coloured_cell_reads_at_4_5_to_1(fills, texts):
    for key, fill in fills.items():
        assert contrast(fill, texts[key]) >= 4.5, key
    assert fields.BAND_COLOURS == rag.BAND_COLOURS  # the tables' chips are the same colours


def test_a_selected_upcoming_cell_keeps_its_own_colours(qtbot):
    table = read_only_table(["Step", "State"], "Timetable")
    qtbot.addWidget(table)
    table.setRowCount(2)
    for r in range(2):
        table.setItem(r, 0, table_item("Papers deadline"))
        table.setItem(r, 1, table_item("Upcoming", colours=(fields.STATE_COLOURS["upcoming"],
                                                            fields.STATE_TEXT["upcoming"])))
    table.resize(400, 200)
    table.show()
    qtbot.waitExposed(table)
    table.selectRow(0)
    QApplication.processEvents()
    image = table.viewport().grab().toImage()
    for row in (0, 1):
        cell = table.visualItemRect(table.item(row, 1))
        fill = QColor(image.pixel(QPoint(cell.right() - 6, cell.top() + 5)))
        assert fill.name() == fields.STATE_COLOURS["upcoming"], row
    assert contrast(fields.STATE_COLOURS["upcoming"], table.item(0, 1).foreground().color()) \
        >= 4.5


def test_a_read_only_rag_keeps_its_colour_and_its_words_readable(qtbot):
    field = ChoiceField(entity("action_update").field("rag"))
    qtbot.addWidget(field)
    field.set_value("red")
    field.set_read_only(True)
    combo = field.combo
    assert not combo.isEnabled()  # it cannot be changed...
    palette = combo.palette()
    disabled, active = QPalette.ColorGroup.Disabled, QPalette.ColorGroup.Active
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text):
        assert palette.color(disabled, role) == palette.color(active, role)  # ...but reads
        assert contrast(palette.color(disabled, role),
                        palette.color(disabled, QPalette.ColorRole.Button)) >= 4.5
    icon = combo.itemIcon(combo.currentIndex())
    swatch = icon.pixmap(12, 12, QIcon.Mode.Disabled).toImage()
    assert QColor(swatch.pixel(6, 6)).name() == fields.RAG_COLOURS["red"]
    assert combo.currentText() == "Red"


def test_selected_rows_read_at_4_5_to_1_whatever_the_style(qtbot):
    app = QApplication.instance()
    saved = QPalette(app.palette())
    try:
        light = QPalette(saved)
        light.setColor(QPalette.ColorRole.Highlight, QColor("#308cc6"))  # Fusion's blue
        light.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        app.setPalette(light)
        readable_selection(app)
        palette = app.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            assert contrast(palette.color(group, QPalette.ColorRole.Highlight),
                            palette.color(group, QPalette.ColorRole.HighlightedText)) >= 4.5
    finally:
        app.setPalette(saved)

"""What a screen reader hears: information labels say what they show (not only a
caption), an edit or undo is announced, required fields say so, the window is named
after its board."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QApplication


def test_the_window_is_named_after_its_board(window):
    assert "Northshire SEND Improvement Board" in window.accessibleName()


def test_the_overview_labels_say_what_they_show(window):
    window.tabs.setCurrentIndex(0)
    o = window.overview
    assert o.heading.accessibleName() == "Board: Northshire SEND Improvement Board"
    assert o.subheading.accessibleName() == o.subheading.text()
    assert o.subheading.text().startswith("Today is ")
    name = o.meeting_label.accessibleName()
    assert name.startswith("Next meeting: Meeting 3") and "9 December 2026" in name
    assert "<b>" not in name
    assert o.flags_label.accessibleName() == f"Actions needing attention: {o.flags_label.text()}"
    assert o.flags_label.text().startswith("Overdue ")
    assert o.findings_note.accessibleName() == f"Checks: {o.findings_note.text()}"
    assert o.findings_note.text()
    assert window.mode_label.accessibleName() == \
        "Editing state: Changes are saved as you make them"


def test_the_count_and_the_editor_summary_are_read_with_their_text(window):
    tab = window.register_tabs["actions"]
    window.tabs.setCurrentWidget(tab)
    assert tab.count_label.accessibleName() == "4 actions"
    tab.view.selectRow(0)
    summary = tab.editor.summary
    assert summary.isVisibleTo(tab.editor) and summary.text()
    assert summary.accessibleName() == f"About this action: {summary.text()}"


def test_required_fields_say_they_are_required(window):
    tab = window.register_tabs["actions"]
    window.tabs.setCurrentWidget(tab)
    tab.view.selectRow(0)
    form = tab.editor.form
    assert form.field_widget("ref").control.accessibleDescription().startswith("Required.")
    assert form.field_widget("title").control.accessibleDescription().startswith("Required.")
    optional = next(n for n, r in form.rows.items() if not r.widget.field.required)
    assert "Required" not in form.field_widget(optional).control.accessibleDescription()
    area = form.field_widget("area_id")
    if area.field.required:  # a picker's typing box says it too
        assert area.combo.lineEdit().accessibleDescription().startswith("Required.")


def test_an_edit_and_its_undo_are_announced(window, monkeypatch):
    heard: list[str] = []
    real = QAccessible.updateAccessibility

    def listen(event):
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())
        real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(listen))
    board = window.ctx.board
    action = board.rows("action")[0]
    window.ctx.apply(lambda b: b.update("action", action["id"], {"status": "deferred"}))
    assert heard[-1] == f"Changed the status of action {action['ref']}"
    window.undo()
    QApplication.processEvents()
    assert heard[-1] == f"Undone: Changed the status of action {action['ref']}"
    assert window.last_announcement == heard[-1]

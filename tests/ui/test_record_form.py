"""RecordForm and its field widgets: the right input per field kind, saving field by
field through ctx.apply, refusals shown next to the field, blank forms that add."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QWidget

from sendsec.domain.entities import ENTITIES
from sendsec.services.board import Board
from ui.context import AppContext
from ui.widgets.fields import (
    NOT_SET,
    BoolField,
    ChoiceField,
    DateField,
    EmailField,
    FloatField,
    IntField,
    LongTextField,
    RefField,
    TextField,
    TimeField,
)
from ui.widgets.record_form import RecordForm


@pytest.fixture
def board(tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_TODAY", "2026-11-22")
    b = Board.create_new(tmp_path / "b.sqlite", "Form test board", user="tester")
    org = b.create("organisation", {"name": "Test Council", "short_name": "Council"}).id
    b.owner = b.create("person", {"name": "Sam Owner", "organisation_id": org,
                                  "role": "member"}).id
    b.measure = b.create("measure", {"code": "M1", "title": "EHC plans in 20 weeks",
                                     "unit": "%"}).id
    b.meeting = b.create("meeting", {"meeting_date": "2026-12-09"}).id
    b.risk = b.create("risk", {"ref": "R1", "title": "Capacity", "current_likelihood": 3,
                               "current_impact": 3}).id
    yield b
    b.close()


@pytest.fixture
def ctx(qtbot, board):
    return AppContext(board)


def form_for(qtbot, ctx, entity, record_id=None, **kw):
    form = RecordForm(ctx, entity, **kw)
    qtbot.addWidget(form)
    form.show_record(record_id)
    return form


def leave(widget, text):
    widget.control.setPlainText(text) if isinstance(widget, LongTextField) \
        else widget.control.setText(text)
    widget.edited.emit()


KINDS = {"text": TextField, "email": EmailField, "longtext": LongTextField, "date": DateField,
         "time": TimeField, "int": IntField, "float": FloatField, "bool": BoolField,
         "direction": ChoiceField,
         "choice": ChoiceField, "ref": RefField}


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_every_field_of_every_entity_gets_the_widget_for_its_kind(qtbot, ctx, entity):
    e = ENTITIES[entity]
    names = [f.name for f in e.fields if f.editable and f.name != e.parent]
    if not names:
        pytest.skip("nothing editable")
    form = form_for(qtbot, ctx, entity, rows=names)
    for name in names:
        widget = form.field_widget(name)
        assert type(widget) is KINDS[e.field(name).kind], name
        for control in widget.controls():
            assert control.accessibleName(), f"{entity}.{name} has a control with no name"
        label = form.labels[name]
        assert label.buddy() is widget.control
        assert label.text().rstrip(" *") == e.field(name).label
        assert label.text().endswith("*") == e.field(name).required


def test_help_text_is_the_tooltip(qtbot, ctx):
    form = form_for(qtbot, ctx, "action")
    assert "Notice 5b" in form.field_widget("owner_id").control.toolTip()


def test_tab_order_follows_the_form(qtbot, ctx):
    form = form_for(qtbot, ctx, "person")
    form.show()
    order = []
    w: QWidget = form.field_widget("name").control
    for _ in range(8):
        order.append(w)
        w = w.nextInFocusChain()
        while not (w.focusPolicy().value & 0x1) or not w.isVisibleTo(form) \
                or (w.parent() is not None and w.parent().inherits("QComboBox")):
            w = w.nextInFocusChain()
    wanted = [form.field_widget(n).control for n in
              ("name", "title", "organisation_id", "email", "phone", "role", "active_from",
               "active_to")]
    assert order == wanted


def test_a_date_can_be_emptied_and_picked_from_the_calendar(qtbot, ctx, board):
    form = form_for(qtbot, ctx, "measure", board.measure)
    date = form.field_widget("target_date")
    date.calendar.clicked.emit(QDate(2027, 3, 31))
    assert board.get("measure", board.measure)["target_date"] == "2027-03-31"
    assert date.value() == "31/03/2027"
    date.clear_action.trigger()  # 'No date'
    assert board.get("measure", board.measure)["target_date"] is None
    assert date.value() == ""


def test_an_optional_number_has_a_not_set_state(qtbot, ctx, board):
    form = form_for(qtbot, ctx, "risk", board.risk)
    target = form.field_widget("target_likelihood")
    assert target.spin.text() == NOT_SET and target.value() is None
    assert target.spin.maximum() == 5 and target.spin.minimum() == 0
    target.spin.setValue(2)
    target.spin.editingFinished.emit()
    assert board.get("risk", board.risk)["target_likelihood"] == 2
    target.spin.setValue(0)
    target.spin.editingFinished.emit()
    assert board.get("risk", board.risk)["target_likelihood"] is None


def test_a_float_is_checked_and_shown_as_typed(qtbot, ctx, board):
    form = form_for(qtbot, ctx, "measure", board.measure)
    target = form.field_widget("target")
    leave(target, "60%")
    assert board.get("measure", board.measure)["target"] == 60
    assert target.value() == "60"
    leave(target, "sixty")
    assert "not a number" in form.error("target")
    assert target.value() == "sixty"
    leave(target, "1,250.5")
    assert board.get("measure", board.measure)["target"] == 1250.5
    assert form.error("target") == ""


def test_a_time_accepts_council_style(qtbot, ctx, board):
    form = form_for(qtbot, ctx, "meeting", board.meeting)
    start = form.field_widget("start_time")
    leave(start, "2.30pm")
    assert board.get("meeting", board.meeting)["start_time"] == "14:30"
    assert start.value() == "14:30"
    leave(start, "25:00")
    assert "not a real time" in form.error("start_time")
    assert board.get("meeting", board.meeting)["start_time"] == "14:30"


def test_a_measures_direction_saves_higher_lower_or_neither(qtbot, ctx, board):
    """A count of demand (requests for assessment) is neither better higher nor lower: the
    measure's form says so, stored empty, and its trend then reads rising or falling."""
    form = form_for(qtbot, ctx, "measure", board.measure)
    combo = form.field_widget("higher_is_better").combo
    assert combo.currentText().startswith("Yes: higher is better")
    combo.setCurrentIndex(combo.findText("No: lower is better"))
    assert board.get("measure", board.measure)["higher_is_better"] == 0
    combo.setCurrentIndex(combo.findText("Neither: a count of demand (rising or falling)"))
    assert board.get("measure", board.measure)["higher_is_better"] is None
    form.field_widget("higher_is_better").set_value(None)  # shown again as stored
    assert combo.currentText().startswith("Neither")
    combo.setCurrentIndex(combo.findText("Yes: higher is better"))
    assert board.get("measure", board.measure)["higher_is_better"] == 1


def test_optional_choices_can_be_emptied_and_rag_shows_its_meaning(qtbot, ctx, board):
    form = form_for(qtbot, ctx, "action")
    rag = form.field_widget("rag")
    assert rag.combo.itemText(0) == "Not rated" and rag.value() is None
    assert [rag.combo.itemText(i) for i in range(1, 5)] == ["Red", "Amber", "Green", "Blue"]
    assert not rag.combo.itemIcon(1).isNull()  # the colour swatch beside the word
    rag.combo.setCurrentIndex(rag.combo.findData("amber"))
    assert rag.meaning.text().startswith("At risk")
    status = form.field_widget("status")  # required, with a default: no empty entry
    assert status.combo.itemData(0) == "not started"


def test_a_new_person_appears_in_the_pickers(qtbot, ctx, board):
    form = form_for(qtbot, ctx, "action")
    owner = form.field_widget("owner_id").combo
    count = owner.count()
    ctx.apply(lambda b: b.create("person", {"name": "New Starter", "role": "member"}))
    assert owner.count() == count + 1
    assert owner.findText("New Starter") > 0
    ctx.apply(lambda b: b.update("organisation", 1, {"short_name": "TC"}))
    assert owner.findText("Sam Owner (TC)") > 0


def test_someone_elses_change_shows_but_what_is_being_typed_stays(qtbot, ctx, board):
    form = form_for(qtbot, ctx, "measure", board.measure)
    form.field_widget("data_source").control.setText("half typed")
    ctx.apply(lambda b: b.update("measure", board.measure, {"code": "M1a",
                                                             "data_source": "SEN2"}))
    assert form.field_widget("code").value() == "M1a"
    assert form.field_widget("data_source").value() == "half typed"
    form.commit_pending()
    assert board.get("measure", board.measure)["data_source"] == "half typed"


def test_vertical_tab_nbsp_and_crlf_are_kept_when_untouched(qtbot, ctx, board):
    text = "Line one\x0bline two\r\nthree\u00a0four \u202bRTL\u202c 🙂"
    ctx.apply(lambda b: b.update("measure", board.measure, {"notes": text}))
    form = form_for(qtbot, ctx, "measure", board.measure)
    notes = form.field_widget("notes")
    assert notes.value() == text
    assert not notes.is_dirty()
    before = len(board.change_log())
    notes.edited.emit()
    assert len(board.change_log()) == before
    notes.control.appendPlainText("more")
    notes.edited.emit()
    saved = board.get("measure", board.measure)["notes"]
    assert saved == "Line one\x0bline two\nthree\u00a0four \u202bRTL\u202c 🙂\nmore"


def test_a_child_form_adds_one_after_another(qtbot, ctx, board):
    form = form_for(qtbot, ctx, "measure_point", rows=["period", "value", "note"],
                    fixed={"measure_id": board.measure}, after_add="clear")
    for period, value in (("31/01/2026", "20"), ("28/02/2026", "25")):
        leave(form.field_widget("period"), period)
        leave(form.field_widget("value"), value)
        assert form.add() is not None
        assert form.record_id is None and form.field_widget("value").value() == ""
    assert [p["value"] for p in board.rows("measure_point", parent_id=board.measure)] == [20, 25]


def test_a_refusal_of_a_field_not_on_the_form_is_shown_under_it(qtbot, ctx, board):
    form = form_for(qtbot, ctx, "measure_point", rows=["period", "value"],
                    fixed={"measure_id": 9999})
    leave(form.field_widget("period"), "31/01/2026")
    leave(form.field_widget("value"), "1")
    assert form.add() is None
    assert "no measure with id 9999" in form.form_error.text()


def test_read_only_form_cannot_add_or_save(qtbot, ctx, board):
    form = form_for(qtbot, ctx, "measure", board.measure)
    form.set_read_only(True)
    code = form.field_widget("code")
    assert code.control.isReadOnly()
    assert not form.field_widget("unit").control.isEnabled()
    code.control.setText("changed")
    code.edited.emit()
    assert board.get("measure", board.measure)["code"] == "M1"


def test_another_board_opened_leaves_a_blank_form(qtbot, ctx, board):
    form = form_for(qtbot, ctx, "measure", board.measure)
    ctx.board_replaced.emit()
    assert form.record_id is None
    assert QApplication.instance() is not None

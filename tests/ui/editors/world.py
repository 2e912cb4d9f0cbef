"""The editors' test board (one of everything an editor shows) and how a test drives an editor:
open one on a record, type into a field as a person would, count the change log."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from sendsec.services.board import Board
from ui.editors import EDITORS

TODAY = "2026-11-22"


def build_board(path) -> Board:
    """A small board with one of everything the editors show."""
    b = Board.create_new(path, "Test SEND Improvement Board", user="tester")
    council = b.create("organisation", {"name": "Test Council", "short_name": "Council",
                                        "kind": "council"}).id
    icb = b.create("organisation", {"name": "Test ICB", "short_name": "ICB",
                                    "kind": "health"}).id
    people = {}
    for name, role, org in [
        ("Alex Chair", "independent chair", None),
        ("Sam Owner", "member", council),
        ("Kim Health", "member", icb),
        ("Dana Adviser", "DfE adviser", None),
        ("Nia England", "NHS England adviser", None),
        ("Cas Lead", "DfE case lead", None),
        ("Obi Observer", "observer", council),
    ]:
        people[name] = b.create("person", {"name": name, "role": role, "organisation_id": org,
                                           "email": f"{name.split()[0].lower()}@example.gov.uk"}
                                ).id
    area = b.create("area", {"code": "a", "title": "Leadership and governance",
                             "kind": "area for priority action"}).id
    b.create("meeting", {"meeting_date": "2026-10-14", "status": "held"})
    meeting = b.create("meeting", {"meeting_date": "2026-12-09", "venue": "One Angel Square"}).id
    action = b.create("action", {
        "ref": "PA1.1", "area_id": area, "title": "Agree the SEND strategy",
        "owner_id": people["Sam Owner"], "target": "Strategy agreed by Cabinet",
        "start_date": "2026-01-05", "due_date": "2026-03-31", "status": "in progress",
    }).id
    b.create("action_update", {"action_id": action, "update_date": "2026-09-01", "rag": "amber",
                               "narrative": "Draft out to consultation"})
    b.update("action", action, {"revised_due_date": "2026-06-30",
                                "revision_reason": "Consultation extended"})
    risk = b.create("risk", {"ref": "R1", "title": "Capacity of the EHC team",
                             "current_likelihood": 3, "current_impact": 4,
                             "owner_id": people["Sam Owner"]}).id
    b.create("risk_review", {"risk_id": risk, "review_date": "2026-09-02", "likelihood": 3,
                             "impact": 4, "note": "No change"})
    measure = b.create("measure", {"code": "M1", "title": "EHC plans issued within 20 weeks (%)",
                                   "unit": "%", "target": 60, "target_date": "2027-03-31"}).id
    for period, value in [("2026-07-31", 20), ("2026-08-31", 25), ("2026-09-30", 41.5)]:
        b.create("measure_point", {"measure_id": measure, "period": period, "value": value})
    for period, value in [("2026-07-31", 20), ("2027-03-31", 60)]:
        b.create("trajectory_point", {"measure_id": measure, "period": period,
                                      "expected": value})
    b.create("impact_entry", {"entry_date": "2026-10-14", "title": "Parents report quicker "
                              "replies", "kind": "impact on lived experience",
                              "action_id": action})
    b._ids = {"action": action, "risk": risk, "measure": measure, "meeting": meeting,
              "area": area, "person": people["Sam Owner"], "organisation": council,
              "people": people}
    return b


def make(qtbot, ctx, name, record_id=None):
    editor = EDITORS[name](ctx)
    qtbot.addWidget(editor)
    editor.resize(600, 900)
    editor.show()
    editor.show_record(record_id)
    return editor


def log_count(board) -> int:
    return len(board.change_log())


def type_into(field_widget, text: str) -> None:
    """Type as a person would and leave the field."""
    edit = field_widget.control
    if isinstance(edit, QPlainTextEdit):
        edit.setPlainText(text)
    else:
        edit.setText(text)
    field_widget.edited.emit()



"""Adding many records at once (`Board.create_many`, used by import): the same checks and
messages as `create`, nothing written when a row is refused, the change log and one Undo."""

from __future__ import annotations

import datetime as dt

import pytest
from test_import_helpers import new_board, write_rows

from sendsec.domain.errors import SendsecError, ValidationError
from sendsec.services.bulk import RowRefused
from sendsec.spreadsheets import importer

TODAY = dt.date(2026, 11, 22)


def _stored(row):
    return {k: v for k, v in row.items() if k not in ("id", "created_at", "updated_at")}


def test_records_added_in_bulk_are_stored_and_logged_as_create_stores_them(tmp_path):
    board = new_board(tmp_path)
    area = board.find("area", code="a")["id"]
    one = board.create("action", {"ref": "PA1.1", "title": "Publish the local offer",
                                  "area_id": area, "due_date": "31/01/2027"})
    log_before = len(board.change_log())
    change = board.create_many("action", [
        {"ref": "PA1.2", "title": "Publish the local offer", "area_id": area,
         "due_date": "31/01/2027"},
        {"ref": "PA1.3", "title": "Agree the strategy"}])
    assert change.kind == "added" and len(change.ids) == 2 and change.ids[0] > one.id
    first, second = (board.get("action", i) for i in change.ids)
    assert _stored(first) == {**_stored(board.get("action", one.id)), "ref": "PA1.2"}
    assert second["ref"] == "PA1.3" and second["status"] == "not started"
    log = board.change_log()[: len(board.change_log()) - log_before]
    assert [(r["entity"], r["entity_id"], r["field"], r["new"]) for r in reversed(log)] == [
        ("action", change.ids[0], "(created)", "PA1.2"),
        ("action", change.ids[1], "(created)", "PA1.3")]
    assert all(r["user"] == "tester" for r in log)
    # one Undo archives them all; Redo brings them back
    undo = board.revert(change)
    assert [a["ref"] for a in board.rows("action")] == ["PA1.1"]
    board.revert(undo)
    assert [a["ref"] for a in board.rows("action")] == ["PA1.1", "PA1.2", "PA1.3"]


def test_a_refused_row_is_named_with_the_message_create_gives_and_nothing_is_written(tmp_path):
    board = new_board(tmp_path)
    log_before = len(board.change_log())
    bad = {"ref": "PA1.3", "title": "Agree the strategy", "due_date": "the 40th of never"}
    with pytest.raises(ValidationError) as single:
        board.validate("action", bad)
    with pytest.raises(RowRefused) as refused:
        board.create_many("action", [{"ref": "PA1.1", "title": "One"},
                                     {"ref": "PA1.2", "title": "Two"}, bad])
    assert refused.value.index == 2 and str(refused.value) == str(single.value)
    assert board.rows("action") == [] and len(board.change_log()) == log_before


def test_a_reference_repeated_within_the_rows_is_refused_as_one_already_in_the_file(tmp_path):
    board = new_board(tmp_path)
    board.create("action", {"ref": "PA9.9", "title": "Already there"})
    with pytest.raises(ValidationError) as single:
        board.create("action", {"ref": "PA9.9", "title": "Again"})
    with pytest.raises(RowRefused) as in_file:
        board.create_many("action", [{"ref": "PA1.1", "title": "One"},
                                     {"ref": "PA9.9", "title": "Again"}])
    assert in_file.value.index == 1 and str(in_file.value) == str(single.value)
    with pytest.raises(RowRefused) as repeated:
        board.create_many("action", [{"ref": "PA1.1", "title": "One"},
                                     {"ref": "PA1.2", "title": "Two"},
                                     {"ref": "PA1.1", "title": "One again"}])
    assert repeated.value.index == 2
    assert str(repeated.value) == str(single.value).replace("PA9.9", "PA1.1")
    assert [a["ref"] for a in board.rows("action")] == ["PA9.9"]


def test_an_import_the_board_refuses_names_the_row_and_writes_nothing(tmp_path):
    board = new_board(tmp_path)
    path = write_rows(tmp_path / "pap.xlsx", [["Ref", "Action", "Lead", "Due date"],
                                              ["PA1.1", "One", "Jane Smith", "31/01/2027"],
                                              ["PA1.2", "Two", "New Person", "31/01/2027"],
                                              ["PA1.3", "Three", "Jane Smith", "31/01/2027"]])
    plan = importer.plan(board, path, today=TODAY)
    plan.adds[1].values["status"] = "half done"  # a value the board refuses, planned anyway
    before = (len(board.rows("person")), len(board.change_log()))
    with pytest.raises(SendsecError, match=r"^Nothing was imported: sheet 'PAP' row 3 \(PA1\.2\) "
                                           r"was refused: Status: "):
        importer.apply(board, plan)
    assert board.rows("action") == []
    assert (len(board.rows("person")), len(board.change_log())) == before


def test_an_import_is_undone_in_one_step(tmp_path):
    board = new_board(tmp_path)
    rows = [["Ref", "Area", "Action", "Lead", "Due date"]]
    rows += [[f"PA{i % 3 + 1}.{i}", f"Area {i % 3 + 1}", f"Action {i}", f"Officer {i % 4}",
              "31/01/2027"] for i in range(30)]
    plan = importer.plan(board, write_rows(tmp_path / "pap.xlsx", rows), today=TODAY)
    people, areas = len(board.rows("person")), len(board.rows("area"))
    result = importer.apply(board, plan)
    assert len(board.rows("action")) == 30 and result.change is not None
    assert len(board.rows("person")) == people + 4
    assert result.change.summary.startswith("Imported pap.xlsx: 30 added")
    redo = board.revert(result.change)
    assert board.rows("action") == [] and len(board.rows("person")) == people
    assert len(board.rows("area")) == areas
    board.revert(redo)
    assert len(board.rows("action")) == 30

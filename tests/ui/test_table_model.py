"""The generic table model and its filter proxy, on plain rows and on real registers."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from sendsec.services.board import Board
from ui.columns import TABS, Column, display
from ui.table_model import RecordFilterProxy, RecordTableModel
from ui.widgets.rag import COLOUR_ROLE

COLUMNS = (
    Column("ref", "Ref"),
    Column("title", "Action", "longtext"),
    Column("rag", "RAG", "rag"),
    Column("due", "Due", "date"),
    Column("n", "Number", "number"),
)


def _rows():
    return [
        {"id": 1, "ref": "PA2", "title": "Second \x0b with a vertical tab", "rag": "red",
         "due": "2026-01-31", "n": 3},
        {"id": 2, "ref": "PA1", "title": "First \U0001F600 emoji", "rag": "green",
         "due": None, "n": 10.5},
        {"id": 3, "ref": "PA3", "title": "\u0645\u0631\u062d\u0628\u0627 right to left",
         "rag": None, "due": "2025-12-01", "n": None},
        {"id": 4, "ref": "PA4", "title": "x" * 40_000, "rag": "blue", "due": "2027-03-01",
         "n": 1},
    ]


@pytest.fixture
def model(qtbot):
    m = RecordTableModel(COLUMNS)
    m.set_rows(_rows())
    return m


def test_the_model_passes_qt_model_tester(qtmodeltester, model):
    qtmodeltester.check(model)
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_rag_shows_the_word_with_a_colour_and_its_meaning(model):
    rag = 2
    assert model.index(0, rag).data() == "Red"
    assert model.index(0, rag).data(COLOUR_ROLE).startswith("#")
    assert "Off track" in model.index(0, rag).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(2, rag).data() == "Not rated"  # blank: a word too, never a bare colour


def test_cells_show_people_friendly_text_without_losing_characters(model):
    assert model.index(0, 3).data() == "31/01/2026"
    assert model.index(1, 4).data() == "10.5"
    assert "\x0b" not in model.index(0, 1).data()
    assert "\U0001F600" in model.index(1, 1).data()
    assert model.index(2, 1).data().startswith("\u0645")
    long_cell = model.index(3, 1).data()
    assert len(long_cell) <= 160 and long_cell.endswith("\u2026")
    assert len(model.index(3, 1).data(Qt.ItemDataRole.ToolTipRole)) <= 1200


def test_sorting_orders_by_kind_and_puts_blanks_last(model):
    model.sort(3, Qt.SortOrder.AscendingOrder)  # dates
    assert [model.id_at(r) for r in range(4)] == [3, 1, 4, 2]
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert [model.id_at(r) for r in range(4)] == [4, 1, 3, 2]
    model.sort(2, Qt.SortOrder.AscendingOrder)  # worst RAG first
    assert [model.index(r, 2).data() for r in range(4)] == ["Red", "Green", "Blue", "Not rated"]
    model.sort(4, Qt.SortOrder.AscendingOrder)  # numbers, not text: 1 < 3 < 10.5
    assert [model.id_at(r) for r in range(4)] == [4, 1, 2, 3]
    assert model.row_of(2) == 2


def test_sorting_keeps_persistent_indexes_on_their_record(model):
    from PySide6.QtCore import QPersistentModelIndex

    kept = QPersistentModelIndex(model.index(model.row_of(3), 0))
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.id_at(kept.row()) == 3


def test_a_reload_keeps_the_sort(model):
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_rows(list(reversed(_rows())))
    assert [model.index(r, 0).data() for r in range(4)] == ["PA4", "PA3", "PA2", "PA1"]


def test_search_needs_every_word_and_reads_the_whole_long_text(model):
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("vertical SECOND")
    assert proxy.rowCount() == 1 and proxy.proxy_row_of(1) == 0
    proxy.set_search("\U0001F600")
    assert proxy.rowCount() == 1
    proxy.set_search("\u0645\u0631\u062d\u0628\u0627")
    assert proxy.rowCount() == 1
    model.set_rows([{**_rows()[3], "title": "x" * 30_000 + " needle"}])
    proxy.set_search("needle")
    assert proxy.rowCount() == 1
    proxy.set_search("   ")
    assert proxy.rowCount() == 1


def test_filters_match_the_shown_word_and_combine(model):
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter("rag", "Red")
    assert proxy.rowCount() == 1 and proxy.proxy_row_of(2) is None
    proxy.set_search("PA1")
    assert proxy.rowCount() == 0
    proxy.set_filter("rag", None)
    assert proxy.rowCount() == 1
    proxy.clear_filters()
    assert proxy.rowCount() == 4
    assert model.distinct("rag") == ["Red", "Green", "Blue", "Not rated"]


def test_display_of_odd_values():
    assert display("date", "not a date") == "not a date"
    assert display("number", 1234567.0) == "1,234,567"
    assert display("rag", "TBC") == "TBC"
    assert display("bool", 0) == "No"
    assert display("text", "line one\nline two") == "line one line two"


@pytest.mark.parametrize("spec", TABS, ids=lambda s: s.name)
def test_every_register_model_passes_the_model_tester_on_a_real_board(qtmodeltester, spec,
                                                                      small_board):
    with Board.open(small_board, readonly=True) as board:
        rows = spec.load(board, dt.date(2026, 11, 22))
    assert rows, f"{spec.name} has rows on the small board"
    m = RecordTableModel(spec.columns)
    m.set_rows(rows)
    qtmodeltester.check(m)
    for c in range(m.columnCount()):
        m.sort(c, Qt.SortOrder.AscendingOrder)
        m.sort(c, Qt.SortOrder.DescendingOrder)
    assert sorted(m.id_at(r) for r in range(m.rowCount())) == sorted(r["id"] for r in rows)


def test_references_sort_in_natural_order():
    from sendsec.domain.labels import natural_key

    refs = ["PA2.10", "BA10", "AI10.1", "PA2.9", "BA2", "AI6.1", "pa1.1"]
    assert sorted(refs, key=natural_key) == ["AI6.1", "AI10.1", "BA2", "BA10", "pa1.1",
                                             "PA2.9", "PA2.10"]
    # Unicode digits and odd text never break the sort
    assert sorted(["x\u00b2", "item \u0663", "item 2", ""], key=natural_key)[0] == ""

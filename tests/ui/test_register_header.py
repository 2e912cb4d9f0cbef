"""A register's header: each column named (with a tip) at its width, the rows sorted as the
register says with the arrow showing it, and a click on a column's name sorting by it, then
the other way. The header reads the names from a model of its own and the arrow comes once
the table is painted (`ui.qt_values`), so these check what a person sees and does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QHeaderView

from sendsec.services.board import Board
from ui.main_window import MainWindow
from ui.tabs.register import RegisterTab

HORIZONTAL = Qt.Orientation.Horizontal


def shown_register(qtbot, board, name: str) -> tuple[MainWindow, RegisterTab]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(board)
    window.show()
    qtbot.waitExposed(window)
    tab = window.register_tabs[name]
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.view.isSortingEnabled())  # painted, then the arrow
    return window, tab


def column_texts(tab: RegisterTab, key: str) -> list[str]:
    proxy = tab.view.model()
    column = tab.model.column_index(key)
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def click_header(qtbot, header: QHeaderView, section: int) -> None:
    at = QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2,
                header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)


@pytest.mark.parametrize(("name", "key", "order"), [
    ("actions", "ref", Qt.SortOrder.AscendingOrder),
    ("impact", "entry_date", Qt.SortOrder.DescendingOrder),
])
def test_the_rows_come_in_the_registers_order_with_the_arrow_showing_it(
        qtbot, small_board, name, key, order):
    board = Board.open(small_board)
    for day in ("2026-09-16", "2026-11-04"):  # the small board's two entries share a day
        board.create("impact_entry", {"entry_date": day, "kind": "slow progress",
                                      "title": f"Entry of {day}"})
    board.close()
    _window, tab = shown_register(qtbot, small_board, name)
    header = tab.view.horizontalHeader()
    column = tab.model.column_index(key)
    assert header.isSortIndicatorShown()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (column, order)
    keys = [tab.model.columns[column].sort_key(tab.model.record(tab.proxy.source_row(r)))
            for r in range(tab.proxy.rowCount())]
    assert len(keys) >= 3
    assert keys == sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder)


def test_clicking_a_columns_name_sorts_by_it_then_the_other_way(qtbot, small_board):
    _window, tab = shown_register(qtbot, small_board, "actions")
    header = tab.view.horizontalHeader()
    title = tab.model.column_index("title")
    tab.view.selectRow(0)
    chosen = tab.selected_id()

    click_header(qtbot, header, title)
    titles = column_texts(tab, "title")
    assert header.sortIndicatorSection() == title
    assert titles == sorted(titles, key=str.casefold)
    assert titles != sorted(titles, key=str.casefold, reverse=True)
    assert tab.selected_id() == chosen  # the record chosen stays chosen, wherever it went

    click_header(qtbot, header, title)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert column_texts(tab, "title") == list(reversed(titles))

    tab.reload()  # a change elsewhere: the rows come back in the order chosen
    assert column_texts(tab, "title") == list(reversed(titles))
    assert tab.selected_id() == chosen


def test_each_column_is_named_with_a_tip_at_its_width_and_to_screen_readers(
        qtbot, small_board):
    _window, tab = shown_register(qtbot, small_board, "risks")
    header = tab.view.horizontalHeader()
    names = header.model()
    columns = tab.model.columns
    assert header.count() == names.columnCount() == tab.proxy.columnCount() == len(columns)
    for i, column in enumerate(columns):
        assert names.headerData(i, HORIZONTAL) == column.header
        assert names.headerData(i, HORIZONTAL, Qt.ItemDataRole.ToolTipRole) == \
            f"Sort by {column.header.lower()}"
        # a screen reader asks the view's own model, as the table's accessibility does
        assert tab.view.model().headerData(i, HORIZONTAL) == column.header
        if i < len(columns) - 1:  # the last one stretches to the table's edge
            assert header.sectionSize(i) == column.width
    assert tab.view.model().headerData(0, Qt.Orientation.Vertical) is None


def test_a_columns_width_outlasts_the_rows_loaded_again(qtbot, small_board):
    _window, tab = shown_register(qtbot, small_board, "actions")
    header = tab.view.horizontalHeader()
    header.resizeSection(0, 211)
    tab.reload()
    assert header.sectionSize(0) == 211


def test_the_overviews_findings_are_sorted_by_severity_with_the_arrow(qtbot, small_board):
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(small_board)
    window.show()
    qtbot.waitExposed(window)
    overview = window.overview
    view = overview.findings_view
    qtbot.waitUntil(lambda: overview.loaded and view.isSortingEnabled())
    header = view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == \
        (0, Qt.SortOrder.AscendingOrder)
    model = overview.findings_model
    keys = [model.columns[0].sort_key(model.record(overview.findings_rows.source_row(r)))
            for r in range(view.model().rowCount())]
    assert keys and keys == sorted(keys)
    assert header.model().headerData(0, HORIZONTAL, Qt.ItemDataRole.ToolTipRole) == \
        f"Sort by {model.columns[0].header.lower()}"
    # the Overview's other tables are not sortable (their order is the timetable's), nor
    # say they are
    steps = overview.steps_view
    assert not steps.isSortingEnabled()
    assert steps.horizontalHeader().model().headerData(
        0, HORIZONTAL, Qt.ItemDataRole.ToolTipRole) is None
